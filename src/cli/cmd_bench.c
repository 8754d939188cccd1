/*
 * cmd_bench.c - `inductor bench`: load a model once, time its load by
 * stage and its first run, then time many runs from one or more threads
 * and report latency percentiles, throughput and peak memory.  The timed
 * loop is bench_run.c; inputs come from tensor_io.c as for `infer`.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench_cmdline.h"
#include "bench_run.h"
#include "cli_common.h"
#include "commands.h"
#include "discovery.h"
#include "file_util.h"
#include "provenance.h"
#include "repeat_opts.h"
#include "settings.h"
#include "tensor_io.h"

/* --input, --dtype and --shape repeat, and their values hold commas. */
enum {
    OPT_INPUT = TENSOR_IO_OPT_INPUT,
    OPT_DTYPE = TENSOR_IO_OPT_DTYPE,
    OPT_SHAPE = TENSOR_IO_OPT_SHAPE,
    N_REPEAT = TENSOR_IO_N_OPTS
};

typedef struct bench_report {
    const char *path;
    const char *device;
    int threads, runners;
    long warmup;
    inductor_load_stats load;
    double open_ms, first_run_ms;
    bench_result res;
    bench_stats st;
    long peak_rss_bytes;
    int have_dev_mem;
    size_t dev_mem;
    provenance_run *prov; /* NULL: no --provenance */
} bench_report;

static int check_usage(const struct bench_args *a, const repeat_opt *rep)
{
    if (a->random_flag && rep[OPT_INPUT].n)
        return cli_error(EXIT_USAGE, "--random and --input exclude each other");
    if (!a->random_flag && !rep[OPT_INPUT].n)
        return cli_error(EXIT_USAGE, "no input: give --input FILE or --random");
    if (a->warmup_arg < 0)
        return cli_error(EXIT_USAGE, "--warmup must be 0 or more, not %d",
                         a->warmup_arg);
    if (a->iterations_arg < 1)
        return cli_error(EXIT_USAGE, "--iterations must be at least 1, not %d",
                         a->iterations_arg);
    if (a->duration_given && !(a->duration_arg > 0 && a->duration_arg < 1e6))
        return cli_error(EXIT_USAGE, "--duration must be a positive number of "
                         "seconds, not %g", a->duration_arg);
    if (a->duration_given && a->iterations_given)
        return cli_error(EXIT_USAGE, "--iterations and --duration exclude each "
                         "other");
    if (a->threads_arg < 1 || a->threads_arg > 1024)
        return cli_error(EXIT_USAGE, "--threads must be 1..1024, not %d",
                         a->threads_arg);
    if (a->runners_given && (a->runners_arg < 1 || a->runners_arg > 1024))
        return cli_error(EXIT_USAGE, "--runners must be 1..1024, not %d",
                         a->runners_arg);
    return EXIT_OK;
}

static int load_inputs(const struct bench_args *a, const repeat_opt *rep,
                       const char *path, const char *model, tensor_list *in)
{
    tensor_io_request req =
        tensor_io_request_from(rep, a->random_flag, (uint64_t)a->seed_arg);
    inductor_signature *sig = NULL;
    tensor_io_status st;
    char err[1024];
    int rc;

    if ((rc = cli_read_signature(path, model, &sig)) != EXIT_OK)
        return rc;
    st = tensor_io_load(&req, sig, in, err, sizeof err);
    inductor_signature_free(sig);
    return st == TENSOR_IO_OK ? EXIT_OK
                              : cli_error(cli_exit_for_tensor_io(st), "%s", err);
}

static long peak_rss_bytes(void)
{
    struct rusage ru;

    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss * 1024L : -1;
}

/* The latencies in run order, one per line, before they are sorted. */
static int export_times(const char *file, const bench_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc;

    if (f == NULL)
        return cli_error(EXIT_RUN_FAILED, "out of memory");
    for (size_t i = 0; i < r->n; i++)
        fprintf(f, "%.6f\n", r->lat_ms[i]);
    fclose(f);
    rc = cli_write_output(file, buf, len) == 0 ? EXIT_OK : EXIT_OUTPUT_FAILED;
    free(buf);
    return rc;
}

static json_object *json_load(const bench_report *b)
{
    json_object *o = json_object_new_object();

    json_object_object_add(o, "read_ms", json_object_new_double(b->load.read_ms));
    json_object_object_add(o, "extract_ms",
                           json_object_new_double(b->load.extract_ms));
    json_object_object_add(o, "load_ms", json_object_new_double(b->load.load_ms));
    json_object_object_add(o, "first_run_ms",
                           json_object_new_double(b->first_run_ms));
    json_object_object_add(o, "total_ms",
                           json_object_new_double(b->open_ms + b->first_run_ms));
    json_object_object_add(o, "cache_used",
                           json_object_new_boolean(b->load.cache_used));
    json_object_object_add(o, "cache_hit",
                           json_object_new_boolean(b->load.cache_hit));
    return o;
}

static json_object *json_latency(const bench_stats *s)
{
    json_object *o = json_object_new_object();
    const struct { const char *k; double v; } f[] = {
        {"min", s->min}, {"mean", s->mean}, {"p50", s->p50}, {"p90", s->p90},
        {"p95", s->p95}, {"p99", s->p99}, {"max", s->max}};

    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        json_object_object_add(o, f[i].k, json_object_new_double(f[i].v));
    return o;
}

/* The run's settings and size, and its results: `bench --json` and a
 * provenance record's "bench" object both hold them, in this order. */
static void add_run(json_object *o, const bench_report *b)
{
    json_object_object_add(o, "threads", json_object_new_int(b->threads));
    json_object_object_add(o, "runners", json_object_new_int(b->runners));
    json_object_object_add(o, "warmup", json_object_new_int64(b->warmup));
    json_object_object_add(o, "iterations", json_object_new_int64((int64_t)b->res.n));
    json_object_object_add(o, "wall_s", json_object_new_double(b->res.wall_s));
}

static void add_results(json_object *o, const bench_report *b)
{
    json_object_object_add(o, "latency_ms", json_latency(&b->st));
    json_object_object_add(o, "throughput_per_s", json_object_new_double(
        b->res.wall_s > 0 ? (double)b->res.n / b->res.wall_s : 0.0));
    json_object_object_add(o, "peak_rss_bytes",
                           json_object_new_int64(b->peak_rss_bytes));
    json_object_object_add(o, "peak_device_memory_bytes",
                           b->have_dev_mem ? json_object_new_int64((int64_t)b->dev_mem)
                                           : NULL);
}

/* The statistics a provenance record keeps (its "bench" object). */
static json_object *json_summary(const bench_report *b)
{
    json_object *o = json_object_new_object();

    add_run(o, b);
    json_object_object_add(o, "first_run_ms", json_object_new_double(b->first_run_ms));
    add_results(o, b);
    return o;
}

static char *render_json(const bench_report *b)
{
    json_object *o = json_object_new_object();
    char *text;

    json_object_object_add(o, "model", json_object_new_string(b->path));
    json_object_object_add(o, "device", json_object_new_string(b->device));
    add_run(o, b);
    json_object_object_add(o, "load", json_load(b));
    add_results(o, b);
    text = strdup(json_object_to_json_string_ext(
        o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return text;
}

static char *render_text(const bench_report *b)
{
    const bench_stats *s = &b->st;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (f == NULL)
        return NULL;
    fprintf(f, "model: %s on %s, %d thread%s, %d runner%s\n", b->path,
            b->device, b->threads, b->threads == 1 ? "" : "s", b->runners,
            b->runners == 1 ? "" : "s");
    fprintf(f, "load: %.3f ms total\n", b->open_ms + b->first_run_ms);
    fprintf(f, "  archive read:  %.3f ms\n", b->load.read_ms);
    fprintf(f, "  extraction:    %.3f ms (%s)\n", b->load.extract_ms,
            !b->load.cache_used ? "cache not used"
            : b->load.cache_hit ? "cache hit" : "cache miss");
    fprintf(f, "  library load:  %.3f ms\n", b->load.load_ms);
    fprintf(f, "  first run:     %.3f ms\n", b->first_run_ms);
    fprintf(f, "runs: %zu timed after %ld warm-up, %.3f s\n", b->res.n,
            b->warmup, b->res.wall_s);
    fprintf(f, "latency (ms): min %.4f  mean %.4f  p50 %.4f  p90 %.4f  "
            "p95 %.4f  p99 %.4f  max %.4f\n", s->min, s->mean, s->p50, s->p90,
            s->p95, s->p99, s->max);
    fprintf(f, "throughput: %.1f runs/s\n",
            b->res.wall_s > 0 ? (double)b->res.n / b->res.wall_s : 0.0);
    fprintf(f, "peak RSS: %.1f MiB\n", (double)b->peak_rss_bytes / 1048576.0);
    if (b->have_dev_mem)
        fprintf(f, "peak device memory: %.1f MiB\n",
                (double)b->dev_mem / 1048576.0);
    fclose(f);
    return buf;
}

static int report(const struct bench_args *a, bench_report *b)
{
    char *text;
    int rc = EXIT_OK;

    if (a->export_times_given)
        rc = export_times(a->export_times_arg, &b->res);
    if (rc != EXIT_OK)
        return rc;
    bench_compute_stats(b->res.lat_ms, b->res.n, &b->st);
    b->peak_rss_bytes = peak_rss_bytes();
    text = a->json_flag ? render_json(b) : render_text(b);
    if (text == NULL)
        return cli_error(EXIT_RUN_FAILED, "out of memory");
    if (a->json_flag) {
        fputs(text, stdout);
        fputc('\n', stdout);
    } else {
        fputs(text, stdout);
    }
    free(text);
    if (b->prov) {
        b->prov->extra_key = "bench";
        b->prov->extra = json_summary(b);
        b->prov->complete = 1;
        return provenance_write(a->provenance_arg, b->prov);
    }
    return EXIT_OK;
}

static int run_fail(const char *path, inductor_status s, const char *msg)
{
    return cli_error(cli_exit_for_run(s), "%s: %s", path, msg);
}

/* The first run, as bench_run_plain() times it, keeping its outputs long
 * enough for the provenance record to hash them. */
static inductor_status first_run_recorded(inductor_model *m,
                                          const tensor_list *in,
                                          bench_report *b, int *rc)
{
    size_t n_out = inductor_model_num_outputs(m);
    inductor_tensor **outs = calloc(n_out ? n_out : 1, sizeof *outs);
    const inductor_signature *sig = inductor_model_signature(m);
    inductor_status s;
    double t0;

    if (outs == NULL)
        return INDUCTOR_ERR_OUT_OF_MEMORY;
    t0 = mono_now_ms();
    s = inductor_model_run(m, in->items, in->n, outs, n_out);
    b->first_run_ms = mono_now_ms() - t0;
    if (s == INDUCTOR_OK)
        *rc = provenance_add_request(b->prov, 0, in->items, in->n, outs, n_out,
                                     sig, b->first_run_ms, NULL);
    for (size_t i = 0; i < n_out; i++)
        inductor_tensor_free(outs[i]);
    free(outs);
    return s;
}

/* First run, warm-up, timed phase; peak device memory while the model is
 * still open. */
static int measure(const struct bench_args *a, inductor_model *m,
                   const tensor_list *in, bench_report *b)
{
    bench_plan plan = {m, in->items, in->n, a->threads_arg,
                       a->iterations_arg,
                       a->duration_given ? a->duration_arg : 0.0};
    inductor_status s;
    int rc = EXIT_OK;

    s = b->prov ? first_run_recorded(m, in, b, &rc)
                : bench_run_plain(m, in->items, in->n, 1, &b->first_run_ms);
    if (rc != EXIT_OK)
        return rc;
    if (s == INDUCTOR_OK)
        s = bench_run_plain(m, in->items, in->n, a->warmup_arg, NULL);
    if (s != INDUCTOR_OK)
        return run_fail(b->path, s, inductor_last_error());
    bench_run_timed(&plan, &b->res);
    if (b->res.status != INDUCTOR_OK)
        return run_fail(b->path, b->res.status, b->res.error);
    if (strcmp(b->device, "cpu") != 0)
        b->have_dev_mem =
            inductor_model_peak_device_memory(m, &b->dev_mem) == INDUCTOR_OK;
    return EXIT_OK;
}

/* What the record says of the package and the load. */
static int start_provenance(provenance_run *prov, const struct bench_args *a,
                            const char *model_name, const bench_report *b,
                            inductor_model *m)
{
    provenance_init(prov, "bench");
    prov->package_path = b->path;
    prov->model_name = model_name;
    prov->device = inductor_model_device(m);
    prov->runners = b->runners;
    prov->callers = a->threads_arg;
    prov->load = b->load;
    prov->have_load = 1;
    prov->open_ms = b->open_ms;
    return provenance_hash_package(prov);
}

/* Command line over environment over config file over defaults, as for
 * infer (settings.h).  Runners not given anywhere: one per thread. */
static int settle(const struct bench_args *a, infer_settings *s)
{
    settings_options cli = {a->model_given ? a->model_arg : NULL,
                            a->model_name_given ? a->model_name_arg : NULL,
                            a->device_given ? a->device_arg : NULL};
    int rc = settings_settle(s, a->config_given ? a->config_arg : NULL, &cli);

    if (a->runners_given) /* its range is checked with the other options */
        s->runners = a->runners_arg;
    else if (!s->runners_set)
        s->runners = a->threads_arg;
    return rc;
}

static int bench(const struct bench_args *a, const infer_settings *st,
                 const repeat_opt *rep)
{
    provenance_run prov;
    inductor_open_options opts = INDUCTOR_OPEN_OPTIONS_INIT;
    tensor_list in = {0, NULL, NULL};
    inductor_model *m = NULL;
    bench_report b;
    char *path = NULL;
    inductor_status s;
    int rc;

    memset(&b, 0, sizeof b);
    memset(&prov, 0, sizeof prov); /* provenance_free() is safe on it */
    if ((rc = discovery_resolve(st->model, &path)) != EXIT_OK)
        return rc;
    opts.model_name = st->model_name;
    b.threads = a->threads_arg;
    b.runners = (int)st->runners;
    opts.num_runners = (size_t)b.runners;
    b.path = path;
    b.warmup = a->warmup_arg;
    b.load = (inductor_load_stats)INDUCTOR_LOAD_STATS_INIT;
    rc = load_inputs(a, rep, path, opts.model_name, &in);
    if (rc == EXIT_OK) {
        double t0 = mono_now_ms();
        s = inductor_model_open(path, st->device, &opts, &m);
        b.open_ms = mono_now_ms() - t0;
        if (s != INDUCTOR_OK)
            rc = cli_error(cli_exit_for_open(s), "%s", inductor_last_error());
    }
    if (rc == EXIT_OK) {
        b.device = inductor_model_device(m);
        cli_warn_cache(m);
        inductor_model_load_stats(m, &b.load);
        if (a->provenance_given &&
            (rc = start_provenance(&prov, a, opts.model_name, &b, m)) == EXIT_OK)
            b.prov = &prov;
        if (rc == EXIT_OK && (rc = measure(a, m, &in, &b)) == EXIT_OK)
            rc = report(a, &b);
    }
    provenance_free(&prov);
    free(b.res.lat_ms);
    inductor_model_close(m);
    tensor_list_free(&in);
    free(path);
    return rc;
}

int cmd_bench(int argc, char **argv)
{
    repeat_opt rep[N_REPEAT] = {{"input", 'i', NULL, 0},
                                {"dtype", 0, NULL, 0},
                                {"shape", 0, NULL, 0}};
    struct bench_args a;
    infer_settings st;
    char **rest = NULL;
    int rest_argc, rc;

    memset(&st, 0, sizeof st); /* settings_free() is safe before settle() */
    if (repeat_opts_take(argc, argv, rep, N_REPEAT, &rest_argc, &rest) != 0)
        return cli_error(EXIT_RUN_FAILED, "out of memory");
    if (bench_cmdline_parser(rest_argc, rest, &a) != 0) {
        repeat_opts_free(rep, N_REPEAT, rest);
        return cli_usage_error("bench");
    }
    if (check_usage(&a, rep) != EXIT_OK)
        rc = cli_usage_error("bench");
    else if (a.provenance_given &&
             (rc = provenance_check_path(a.provenance_arg)) != EXIT_OK)
        ; /* said in one line, before any work */
    else if ((rc = settle(&a, &st)) == EXIT_OK)
        rc = bench(&a, &st, rep);
    settings_free(&st);
    bench_cmdline_parser_free(&a);
    repeat_opts_free(rep, N_REPEAT, rest);
    return rc;
}
