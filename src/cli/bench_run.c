/*
 * bench_run.c - the timed loop of `inductor bench` (see bench_run.h).
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_run.h"
#include "cli_common.h"
#include "file_util.h"

/* One call as a user makes it: outputs allocated, then freed. */
static inductor_status run_once(inductor_model *m, inductor_tensor *const *in,
                                size_t n_in, inductor_tensor **outs,
                                size_t n_out)
{
    inductor_status s = inductor_model_run(m, in, n_in, outs, n_out);

    for (size_t i = 0; i < n_out; i++)
        inductor_tensor_free(outs[i]);
    return s;
}

inductor_status bench_run_plain(inductor_model *m, inductor_tensor *const *in,
                                size_t n_in, long n, double *last_ms)
{
    size_t n_out = inductor_model_num_outputs(m);
    inductor_tensor **outs = calloc(n_out ? n_out : 1, sizeof *outs);
    inductor_status s = INDUCTOR_OK;

    if (outs == NULL)
        return INDUCTOR_ERR_OUT_OF_MEMORY;
    for (long i = 0; i < n && s == INDUCTOR_OK; i++) {
        double t0 = mono_now_ms();
        s = run_once(m, in, n_in, outs, n_out);
        if (last_ms)
            *last_ms = mono_now_ms() - t0;
    }
    free(outs);
    return s;
}

typedef struct worker {
    const bench_plan *plan;
    atomic_long *next;      /* tickets for iteration mode */
    atomic_int *failed;
    double t_end;           /* duration mode: stop after this time */
    double *lat;
    size_t n, cap;
    inductor_status status;
    char error[512];
} worker;

static int worker_more(worker *w)
{
    if (atomic_load(w->failed))
        return 0;
    if (w->plan->duration_s > 0)
        return mono_now_ms() < w->t_end;
    return atomic_fetch_add(w->next, 1) < w->plan->iterations;
}

static int worker_record(worker *w, double ms)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 1024;
        double *l = realloc(w->lat, cap * sizeof *l);
        if (l == NULL)
            return -1;
        w->lat = l;
        w->cap = cap;
    }
    w->lat[w->n++] = ms;
    return 0;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    inductor_model *m = w->plan->model;
    size_t n_out = inductor_model_num_outputs(m);
    inductor_tensor **outs = calloc(n_out ? n_out : 1, sizeof *outs);

    w->status = outs ? INDUCTOR_OK : INDUCTOR_ERR_OUT_OF_MEMORY;
    while (w->status == INDUCTOR_OK && worker_more(w)) {
        double t0 = mono_now_ms();
        w->status = run_once(m, w->plan->inputs, w->plan->n_inputs, outs, n_out);
        if (w->status == INDUCTOR_OK && worker_record(w, mono_now_ms() - t0))
            w->status = INDUCTOR_ERR_OUT_OF_MEMORY;
    }
    if (w->status != INDUCTOR_OK) {
        snprintf(w->error, sizeof w->error, "%s", inductor_last_error());
        atomic_store(w->failed, 1);
    }
    free(outs);
    return NULL;
}

/* Gathers the threads' latencies and the first failure into r. */
static void collect(worker *w, int n, bench_result *r)
{
    size_t total = 0;

    for (int i = 0; i < n; i++)
        total += w[i].n;
    r->lat_ms = malloc((total ? total : 1) * sizeof *r->lat_ms);
    for (int i = 0; i < n; i++) {
        if (r->lat_ms && w[i].n)
            memcpy(r->lat_ms + r->n, w[i].lat, w[i].n * sizeof *w[i].lat);
        r->n += r->lat_ms ? w[i].n : 0;
        if (w[i].status != INDUCTOR_OK && r->status == INDUCTOR_OK) {
            r->status = w[i].status;
            snprintf(r->error, sizeof r->error, "%s", w[i].error);
        }
        free(w[i].lat);
    }
    if (r->lat_ms == NULL && r->status == INDUCTOR_OK)
        r->status = INDUCTOR_ERR_OUT_OF_MEMORY;
}

void bench_run_timed(const bench_plan *p, bench_result *r)
{
    worker *w = calloc((size_t)p->threads, sizeof *w);
    pthread_t *tid = calloc((size_t)p->threads, sizeof *tid);
    atomic_long next = 0;
    atomic_int failed = 0;
    int started = 0;
    double t0;

    memset(r, 0, sizeof *r);
    if (w == NULL || tid == NULL) {
        free(w);
        free(tid);
        r->status = INDUCTOR_ERR_OUT_OF_MEMORY;
        return;
    }
    t0 = mono_now_ms();
    for (int i = 0; i < p->threads; i++)
        w[i] = (worker){p, &next, &failed, t0 + p->duration_s * 1e3, NULL,
                        0, 0, INDUCTOR_OK, ""};
    /* One caller runs on this thread, as `infer` and most programs do:
     * OpenMP keeps its thread team per calling thread, and the one of the
     * thread that ran the first run and the warm-up is the warm one. */
    if (p->threads == 1) {
        worker_main(&w[0]);
        started = 1;
    }
    for (int i = 0; p->threads > 1 && i < p->threads; i++) {
        if (pthread_create(&tid[i], NULL, worker_main, &w[i]) != 0)
            break;
        started++;
    }
    for (int i = 0; p->threads > 1 && i < started; i++)
        pthread_join(tid[i], NULL);
    r->wall_s = (mono_now_ms() - t0) / 1e3;
    collect(w, started, r);
    if (started < p->threads && r->status == INDUCTOR_OK) {
        r->status = INDUCTOR_ERR_RUNTIME;
        snprintf(r->error, sizeof r->error, "could not start %d threads",
                 p->threads);
    }
    free(w);
    free(tid);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Nearest rank: the smallest value with at least q of the runs at or
 * below it. */
static double percentile(const double *sorted, size_t n, double q)
{
    size_t rank = (size_t)ceil(q * (double)n);

    return sorted[rank ? rank - 1 : 0];
}

void bench_compute_stats(double *lat, size_t n, bench_stats *s)
{
    double sum = 0;

    memset(s, 0, sizeof *s);
    if (n == 0)
        return;
    qsort(lat, n, sizeof *lat, cmp_double);
    for (size_t i = 0; i < n; i++)
        sum += lat[i];
    s->min = lat[0];
    s->max = lat[n - 1];
    s->mean = sum / (double)n;
    s->p50 = percentile(lat, n, 0.50);
    s->p90 = percentile(lat, n, 0.90);
    s->p95 = percentile(lat, n, 0.95);
    s->p99 = percentile(lat, n, 0.99);
}
