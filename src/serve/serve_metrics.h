/*
 * serve_metrics.h - per model version counters, exported at GET /metrics
 * in Prometheus text under Triton's names, so dashboards made for Triton
 * work unchanged.  Counters are atomics: workers update them concurrently.
 */
#ifndef INDUCTOR_SERVE_METRICS_H
#define INDUCTOR_SERVE_METRICS_H

#include <stdatomic.h>
#include <stdint.h>

#include "serve_buf.h"

typedef struct serve_metrics {
    atomic_uint_least64_t success;      /* requests answered 200 */
    atomic_uint_least64_t failure;      /* requests answered with an error */
    atomic_uint_least64_t count;        /* inferences (batch elements) */
    atomic_uint_least64_t exec_count;   /* model executions */
    atomic_uint_least64_t request_us;   /* receipt to response, cumulative */
    atomic_uint_least64_t queue_us;     /* waiting for a worker */
    atomic_uint_least64_t compute_us;   /* in inductor_model_run() */
} serve_metrics;

struct serve_registry;

/* The Prometheus text for every model version. */
void serve_metrics_render(const struct serve_registry *reg, serve_buf *out);

#endif /* INDUCTOR_SERVE_METRICS_H */
