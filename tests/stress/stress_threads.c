/*
 * stress_threads.c - one model opened with 4 runners, run from 4 threads:
 * 2,000 runs of mixed valid and invalid inputs (TAP output).
 *
 * Every valid result must be bitwise identical to the single-threaded
 * result for the same input, and every invalid input must get its own
 * status and message (the message is thread-local: another thread's error
 * must never show through).  Then 4 threads open the same package at
 * once.  Uses the two_input fixture ($FIXTURES).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "stress_inputs.h"
#include "tap.h"

#define THREADS 4
#define RUNS_PER_THREAD 500
#define VALID_CASES 12

typedef struct worker {
    inductor_model *m;
    stress_set *set;
    unsigned seed;
    size_t valid, invalid, wrong;
    char first_wrong[512];
} worker;

static atomic_int start_flag;

static void *work(void *arg)
{
    worker *w = arg;
    char why[512];

    while (!atomic_load(&start_flag))
        ; /* all threads start together, to overlap as much as possible */
    for (int i = 0; i < RUNS_PER_THREAD; i++) {
        stress_case *c;

        w->seed = w->seed * 1103515245u + 12345u;
        c = &w->set->cases[(w->seed >> 8) % w->set->n];
        if (c->want == INDUCTOR_OK)
            w->valid++;
        else
            w->invalid++;
        if (stress_run_case(w->m, c, why, sizeof why) != 0 &&
            w->wrong++ == 0)
            snprintf(w->first_wrong, sizeof w->first_wrong, "%s", why);
    }
    return NULL;
}

/* Opening is thread-safe too: each thread opens its own model of the same
 * package at the same time, runs the first valid input and closes it. */
typedef struct opener {
    const char *pkg;
    stress_case *c;
    int ok;
    char why[512];
} opener;

static void *open_run_close(void *arg)
{
    opener *o = arg;
    inductor_model *m = NULL;

    while (!atomic_load(&start_flag))
        ;
    if (inductor_model_open(o->pkg, "cpu", NULL, &m) != INDUCTOR_OK) {
        snprintf(o->why, sizeof o->why, "open: %s", inductor_last_error());
        return NULL;
    }
    o->ok = stress_run_case(m, o->c, o->why, sizeof o->why) == 0;
    inductor_model_close(m);
    return NULL;
}

static void open_concurrently(const char *pkg, stress_set *set)
{
    opener o[THREADS];
    pthread_t tid[THREADS];
    int started = 0, good = 0;

    atomic_store(&start_flag, 0);
    for (int t = 0; t < THREADS; t++) {
        memset(&o[t], 0, sizeof o[t]);
        o[t].pkg = pkg;
        o[t].c = &set->cases[0]; /* valid, its reference already set */
        started += pthread_create(&tid[t], NULL, open_run_close, &o[t]) == 0;
    }
    atomic_store(&start_flag, 1);
    for (int t = 0; t < started; t++) {
        pthread_join(tid[t], NULL);
        good += o[t].ok;
        if (!o[t].ok)
            diag("thread %d: %s", t, o[t].why);
    }
    is_int(good, THREADS, "%d threads open the package at once, each model "
           "gives the single-threaded result", THREADS);
}

/* The single-threaded pass: reference outputs, and each error once. */
static int reference_pass(inductor_model *m, stress_set *set)
{
    char why[512];
    int bad = 0;

    for (size_t i = 0; i < set->n; i++)
        if (stress_run_case(m, &set->cases[i], why, sizeof why) != 0) {
            diag("%s", why);
            bad++;
        }
    return bad;
}

static void run_threads(inductor_model *m, stress_set *set)
{
    worker w[THREADS];
    pthread_t tid[THREADS];
    size_t valid = 0, invalid = 0, wrong = 0;
    struct timespec t0, t1;
    int started = 0;

    atomic_store(&start_flag, 0);
    for (int t = 0; t < THREADS; t++) {
        memset(&w[t], 0, sizeof w[t]);
        w[t].m = m;
        w[t].set = set;
        w[t].seed = 7u + 31u * (unsigned)t;
        started += pthread_create(&tid[t], NULL, work, &w[t]) == 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    atomic_store(&start_flag, 1);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    is_int(started, THREADS, "%d threads started", THREADS);
    for (int t = 0; t < started; t++) {
        valid += w[t].valid, invalid += w[t].invalid, wrong += w[t].wrong;
        if (w[t].wrong)
            diag("thread %d: %zu wrong, first: %s", t, w[t].wrong,
                 w[t].first_wrong);
    }
    is_int((long long)(valid + invalid), THREADS * RUNS_PER_THREAD,
           "%d runs in all", THREADS * RUNS_PER_THREAD);
    ok(valid > 0 && invalid > 0, "the runs mix valid (%zu) and invalid (%zu) "
       "inputs", valid, invalid);
    is_int((long long)wrong, 0, "every valid result equals the "
           "single-threaded one and every invalid input got its error");
    diag("stress: %zu runs (%zu valid, %zu invalid) from %d threads in %.3f s",
         valid + invalid, valid, invalid, THREADS,
         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
}

int main(int argc, char **argv)
{
    inductor_open_options o = INDUCTOR_OPEN_OPTIONS_INIT;
    const char *pkg = stress_package(argc, argv);
    inductor_model *m = NULL;
    stress_set set = {0, NULL};

    plan(8);
    o.num_runners = THREADS;
    if (!ok(inductor_model_open(pkg, "cpu", &o, &m) == INDUCTOR_OK,
            "open %s with %d runners", pkg, THREADS))
        bail_out("%s", inductor_last_error());
    if (!ok(stress_make_cases(m, VALID_CASES, &set) == 0,
            "%d valid and %d invalid inputs made from the recorded range",
            VALID_CASES, STRESS_INVALID))
        bail_out("cannot make the inputs (does the package record ranges?)");
    is_int(reference_pass(m, &set), 0,
           "single-threaded: each valid input runs, each invalid one fails "
           "with its message");
    run_threads(m, &set);
    open_concurrently(pkg, &set);
    stress_free_cases(&set);
    inductor_model_close(m);
    return done_testing();
}
