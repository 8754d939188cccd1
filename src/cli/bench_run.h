/*
 * bench_run.h - the timed part of `inductor bench`: T threads calling one
 * model, every call's latency recorded, and the statistics over them.
 */
#ifndef INDUCTOR_CLI_BENCH_RUN_H
#define INDUCTOR_CLI_BENCH_RUN_H

#include <stddef.h>

#include "inductor.h"

typedef struct bench_plan {
    inductor_model *model;
    inductor_tensor *const *inputs;
    size_t n_inputs;
    int threads;       /* >= 1 */
    long iterations;   /* total timed runs when duration_s <= 0 */
    double duration_s; /* > 0: run until this much time has passed */
} bench_plan;

typedef struct bench_result {
    double *lat_ms;    /* every timed run, in completion order per thread */
    size_t n;
    double wall_s;     /* the timed phase, first start to last end */
    inductor_status status; /* first failure, INDUCTOR_OK if none */
    char error[512];
} bench_result;

typedef struct bench_stats {
    double min, mean, p50, p90, p95, p99, max;
} bench_stats;

/* Runs the model `n` times on this thread (warm-up); the first failure's
 * status, with inductor_last_error() describing it. */
inductor_status bench_run_plain(inductor_model *m, inductor_tensor *const *in,
                                size_t n_in, long n, double *last_ms);

/* Runs the timed phase.  r->lat_ms is malloc'd (caller frees). */
void bench_run_timed(const bench_plan *p, bench_result *r);

/* Statistics over n latencies (sorted in place); nearest-rank
 * percentiles. */
void bench_compute_stats(double *lat, size_t n, bench_stats *s);

#endif /* INDUCTOR_CLI_BENCH_RUN_H */
