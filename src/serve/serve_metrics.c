/*
 * serve_metrics.c - Prometheus text exposition (version 0.0.4) of the
 * counters, named and labelled as Triton names them.
 */
#include <stddef.h>

#include "serve_metrics.h"
#include "serve_models.h"

static const struct {
    const char *name, *help;
    size_t offset;
} series[] = {
    {"nv_inference_request_success", "Number of successful inference requests, all batch sizes",
     offsetof(serve_metrics, success)},
    {"nv_inference_request_failure", "Number of failed inference requests, all batch sizes",
     offsetof(serve_metrics, failure)},
    {"nv_inference_count", "Number of inferences performed (batch elements)",
     offsetof(serve_metrics, count)},
    {"nv_inference_exec_count", "Number of model executions performed",
     offsetof(serve_metrics, exec_count)},
    {"nv_inference_request_duration_us", "Cumulative inference request duration in microseconds",
     offsetof(serve_metrics, request_us)},
    {"nv_inference_queue_duration_us", "Cumulative inference queuing duration in microseconds",
     offsetof(serve_metrics, queue_us)},
    {"nv_inference_compute_infer_duration_us", "Cumulative compute inference duration in microseconds",
     offsetof(serve_metrics, compute_us)},
};

/* A label value: file names may hold '"', '\\' or a newline. */
static void put_label(serve_buf *out, const char *v)
{
    for (; *v; v++) {
        if (*v == '"' || *v == '\\')
            serve_buf_printf(out, "\\%c", *v);
        else if (*v == '\n')
            serve_buf_puts(out, "\\n");
        else
            serve_buf_append(out, v, 1);
    }
}

void serve_metrics_render(const struct serve_registry *reg, serve_buf *out)
{
    for (size_t s = 0; s < sizeof series / sizeof series[0]; s++) {
        serve_buf_printf(out, "# HELP %s %s\n# TYPE %s counter\n",
                         series[s].name, series[s].help, series[s].name);
        for (size_t i = 0; i < reg->n; i++) {
            const serve_model *m = reg->models[i];
            const atomic_uint_least64_t *c =
                (const atomic_uint_least64_t *)((const char *)&m->metrics +
                                                series[s].offset);

            serve_buf_printf(out, "%s{model=\"", series[s].name);
            put_label(out, m->name);
            serve_buf_printf(out, "\",version=\"%s\"} %llu\n", m->version,
                             (unsigned long long)atomic_load(c));
        }
    }
}
