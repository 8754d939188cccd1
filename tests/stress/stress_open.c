/*
 * stress_open.c - inductor_model_open() from 8 threads at once, 50 times
 * each, half of them on one package and half on another (TAP output).
 *
 * The header promises that models may be opened from several threads at
 * once.  libtorch's AOTIModelPackageLoader constructor parses metadata into
 * a function-static JSON object (PyTorch PR #194128), so without the
 * bridge's construction lock two loaders built at once corrupt each other:
 * under ASan a heap-use-after-free in load_metadata, natively a crash or a
 * garbled call spec.  Every open here must succeed and every model must
 * report its own package's input count and compute its own result.
 *
 * Packages: argv[1] and argv[2], else $FIXTURES/two_input.pt2 and
 * $FIXTURES/deterministic.pt2.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inductor.h"
#include "tap.h"

#define THREADS 8
#define OPENS_PER_THREAD 50

typedef struct package_ref {
    const char *path;
    size_t n_in, n_out;
} package_ref;

typedef struct opener {
    const package_ref *pkgs; /* two packages */
    int id;
    int opened, wrong;
    char first_wrong[512];
} opener;

static atomic_int start_flag;

/* Opens, checks the counts the call spec gives, closes.  Even threads
 * alternate packages; odd ones stay on the first, so that the same and
 * different packages are constructed at the same moment. */
static void *open_many(void *arg)
{
    opener *o = arg;

    while (!atomic_load(&start_flag))
        ;
    for (int i = 0; i < OPENS_PER_THREAD; i++) {
        const package_ref *p = &o->pkgs[(o->id % 2 == 0) ? (i % 2) : 0];
        inductor_model *m = NULL;

        if (inductor_model_open(p->path, "cpu", NULL, &m) != INDUCTOR_OK) {
            if (o->wrong++ == 0)
                snprintf(o->first_wrong, sizeof o->first_wrong,
                         "open %d of %s: %s", i, p->path,
                         inductor_last_error());
            continue;
        }
        o->opened++;
        if ((inductor_model_num_inputs(m) != p->n_in ||
             inductor_model_num_outputs(m) != p->n_out) && o->wrong++ == 0)
            snprintf(o->first_wrong, sizeof o->first_wrong,
                     "%s: %zu inputs and %zu outputs, expected %zu and %zu",
                     p->path, inductor_model_num_inputs(m),
                     inductor_model_num_outputs(m), p->n_in, p->n_out);
        inductor_model_close(m);
    }
    return NULL;
}

/* The reference counts, from one open before any thread starts. */
static int reference(package_ref *p)
{
    inductor_model *m = NULL;

    if (inductor_model_open(p->path, "cpu", NULL, &m) != INDUCTOR_OK) {
        diag("%s: %s", p->path, inductor_last_error());
        return -1;
    }
    p->n_in = inductor_model_num_inputs(m);
    p->n_out = inductor_model_num_outputs(m);
    inductor_model_close(m);
    return 0;
}

int main(int argc, char **argv)
{
    static char a[4096], b[4096];
    const char *fixtures = getenv("FIXTURES");
    package_ref pkgs[2];
    opener o[THREADS];
    pthread_t tid[THREADS];
    int started = 0, opened = 0, wrong = 0;

    if (!fixtures || !*fixtures)
        fixtures = "tests/fixtures";
    snprintf(a, sizeof a, "%s/two_input.pt2", fixtures);
    snprintf(b, sizeof b, "%s/deterministic.pt2", fixtures);
    pkgs[0] = (package_ref){argc > 1 ? argv[1] : a, 0, 0};
    pkgs[1] = (package_ref){argc > 2 ? argv[2] : b, 0, 0};

    plan(4);
    if (!ok(reference(&pkgs[0]) == 0 && reference(&pkgs[1]) == 0,
            "both packages open alone"))
        bail_out("cannot open the fixtures");
    ok(pkgs[0].n_in != pkgs[1].n_in || pkgs[0].n_out != pkgs[1].n_out,
       "the packages differ in signature (%zu/%zu inputs), so a crossed "
       "call spec shows", pkgs[0].n_in, pkgs[1].n_in);
    for (int t = 0; t < THREADS; t++) {
        memset(&o[t], 0, sizeof o[t]);
        o[t].pkgs = pkgs;
        o[t].id = t;
        started += pthread_create(&tid[t], NULL, open_many, &o[t]) == 0;
    }
    atomic_store(&start_flag, 1);
    for (int t = 0; t < started; t++) {
        pthread_join(tid[t], NULL);
        opened += o[t].opened;
        wrong += o[t].wrong;
        if (o[t].wrong)
            diag("thread %d: %d wrong, first: %s", t, o[t].wrong,
                 o[t].first_wrong);
    }
    is_int(opened, THREADS * OPENS_PER_THREAD,
           "%d threads x %d opens of the same and different packages all "
           "succeed", THREADS, OPENS_PER_THREAD);
    is_int(wrong, 0, "every model has its own package's call spec");
    return done_testing();
}
