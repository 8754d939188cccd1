/*
 * cmd_infer.c - `inductor infer`: settle the settings, find the package,
 * load the inputs, run the model, report the outputs.  Each step lives in
 * its own file: settings.c, discovery.c, tensor_io.c, infer_output.c.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "commands.h"
#include "discovery.h"
#include "file_util.h"
#include "infer_batch.h"
#include "infer_cmdline.h"
#include "infer_output.h"
#include "provenance.h"
#include "repeat_opts.h"
#include "settings.h"
#include "tensor_io.h"
#include "tensor_json.h"

static void debug_inputs(const tensor_list *inputs)
{
    for (size_t i = 0; cli_debug_enabled() && i < inputs->n; i++) {
        const inductor_tensor *t = inputs->items[i];
        size_t n = inductor_tensor_numel(t);
        double lo = INFINITY, hi = -INFINITY, sum = 0;

        for (size_t k = 0; k < n; k++) {
            double v = tensor_element_as_double(t, k);
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
            sum += v;
        }
        cli_debug("input %zu: %s, %zu dims, %zu elements, min %g max %g "
                  "mean %g", i, inductor_dtype_name(inductor_tensor_dtype(t)),
                  inductor_tensor_ndim(t), n, n ? lo : 0.0, n ? hi : 0.0,
                  n ? sum / (double)n : 0.0);
    }
}

/* --input, --dtype and --shape repeat, and their values hold commas. */
enum {
    OPT_INPUT = TENSOR_IO_OPT_INPUT,
    OPT_DTYPE = TENSOR_IO_OPT_DTYPE,
    OPT_SHAPE = TENSOR_IO_OPT_SHAPE,
    N_REPEAT = TENSOR_IO_N_OPTS
};

/* Command line over environment over config file over defaults. */
static int settle(const struct infer_args *a, infer_settings *s)
{
    settings_options cli = {a->model_given ? a->model_arg : NULL,
                            a->model_name_given ? a->model_name_arg : NULL,
                            a->device_given ? a->device_arg : NULL};
    char runners[32];
    int rc = settings_settle(s, a->config_given ? a->config_arg : NULL, &cli);

    if (rc == EXIT_OK && a->runners_given) {
        /* gengetopt leaves runners_arg unset when --runners is absent */
        snprintf(runners, sizeof runners, "%d", a->runners_arg);
        rc = settings_set(s, "runners", runners, "--runners");
    }
    if (rc == EXIT_OK && a->format_given)
        rc = settings_set(s, "output_format", a->format_arg, "--format");
    if (rc == EXIT_OK && a->output_dir_given)
        rc = settings_set(s, "output_dir", a->output_dir_arg, "--output-dir");
    return rc;
}

static int load_inputs(const struct infer_args *a, const repeat_opt *rep,
                       const inductor_signature *sig, tensor_list *inputs)
{
    tensor_io_request req =
        tensor_io_request_from(rep, a->random_flag, (uint64_t)a->seed_arg);
    char err[1024];
    tensor_io_status st = tensor_io_load(&req, sig, inputs, err, sizeof err);

    if (st != TENSOR_IO_OK)
        return cli_error(cli_exit_for_tensor_io(st), "%s", err);
    debug_inputs(inputs);
    return EXIT_OK;
}

/* What a mismatch message names: the one input file, or "inputs". */
static const char *inputs_label(const repeat_opt *rep)
{
    if (rep[OPT_INPUT].n != 1)
        return "inputs";
    return strcmp(rep[OPT_INPUT].values[0], "-") == 0 ? "standard input"
                                                      : rep[OPT_INPUT].values[0];
}

static const char **output_keys(const inductor_signature *sig, size_t n)
{
    const char **keys = calloc(n ? n : 1, sizeof *keys);

    for (size_t i = 0; keys && i < n; i++)
        keys[i] = inductor_signature_num_outputs(sig) == n
                      ? inductor_signature_output_key(sig, i)
                      : NULL;
    return keys;
}

/* With --provenance (`prov` not NULL), the run is recorded once its
 * results are out. */
static int run_model(const struct infer_args *a, const repeat_opt *rep,
                     const infer_settings *st, inductor_model *m, const inductor_signature *sig,
                     const tensor_list *inputs, provenance_run *prov)
{
    size_t n_out = inductor_model_num_outputs(m);
    inductor_tensor **outs = calloc(n_out ? n_out : 1, sizeof *outs);
    const char **keys = output_keys(sig, n_out);
    infer_output_opts o = {st->output_format, a->output_arg, st->output_dir,
                           !a->summary_flag, -1};
    inductor_status s = INDUCTOR_ERR_OUT_OF_MEMORY;
    double t0 = mono_now_ms(), latency;
    int rc;

    if (outs && keys)
        s = inductor_model_run(m, inputs->items, inputs->n, outs, n_out);
    latency = mono_now_ms() - t0;
    if (s != INDUCTOR_OK) {
        rc = cli_error(cli_exit_for_run(s), "%s: %s",
                       s == INDUCTOR_ERR_INPUT_MISMATCH ? inputs_label(rep)
                                                        : st->model,
                       inductor_last_error());
    } else {
        size_t peak = 0;

        cli_debug("run: %.3f ms", latency);
        if (inductor_model_peak_device_memory(m, &peak) == INDUCTOR_OK)
            o.peak_device_bytes = (long long)peak;
        rc = infer_output_write(&o, outs, keys, n_out, latency);
        if (rc == EXIT_OK && prov &&
            (rc = provenance_add_request(prov, 0, inputs->items, inputs->n,
                                         outs, n_out, sig, latency, NULL)) == EXIT_OK)
            prov->complete = 1;
    }
    for (size_t i = 0; outs && i < n_out; i++)
        inductor_tensor_free(outs[i]);
    free(outs);
    free(keys);
    return rc;
}

/* The record covers the whole command: one request for a plain run, one
 * per non-blank line for --batch (written when the stream was read to its
 * end, failed requests listed with their error). */
static int write_provenance(const struct infer_args *a, provenance_run *prov,
                            int rc)
{
    int wrc;

    if (!prov->complete ||
        !(rc == EXIT_OK || (a->batch_given && (rc == EXIT_BAD_INPUT ||
                                               rc == EXIT_RUN_FAILED))))
        return rc;
    wrc = provenance_write(a->provenance_arg, prov);
    return wrc == EXIT_OK ? rc : wrc;
}

/* What the record says of the load, taken while the model is open. */
static int start_provenance(provenance_run *prov, const char *path,
                            const infer_settings *st, inductor_model *m,
                            double open_ms)
{
    prov->package_path = path;
    prov->model_name = st->model_name;
    prov->device = inductor_model_device(m);
    prov->runners = st->runners;
    prov->callers = 1;
    prov->load = (inductor_load_stats)INDUCTOR_LOAD_STATS_INIT;
    prov->have_load = inductor_model_load_stats(m, &prov->load) == INDUCTOR_OK;
    prov->open_ms = open_ms;
    return provenance_hash_package(prov);
}

static int infer(const struct infer_args *a, const repeat_opt *rep,
                 const infer_settings *st)
{
    provenance_run prov;
    inductor_open_options opts = INDUCTOR_OPEN_OPTIONS_INIT;
    tensor_list inputs = {0, NULL, NULL};
    inductor_signature *sig = NULL;
    inductor_model *m = NULL;
    char *path = NULL;
    double t0;
    int rc;

    provenance_init(&prov, "infer");
    if ((rc = discovery_resolve(st->model, &path)) != EXIT_OK)
        return rc;
    if ((rc = cli_read_signature(path, st->model_name, &sig)) == EXIT_OK &&
        (a->batch_given ||
         (rc = load_inputs(a, rep, sig, &inputs)) == EXIT_OK)) {
        opts.model_name = st->model_name;
        opts.num_runners = (size_t)st->runners;
        t0 = mono_now_ms();
        inductor_status s = inductor_model_open(path, st->device, &opts, &m);
        double open_ms = mono_now_ms() - t0;

        if (s != INDUCTOR_OK) {
            rc = cli_error(cli_exit_for_open(s), "%s", inductor_last_error());
        } else {
            inductor_load_stats ls = INDUCTOR_LOAD_STATS_INIT;
            cli_warn_cache(m);
            cli_debug("load: %.3f ms (%s on %s)", open_ms, path,
                      inductor_model_device(m));
            if (inductor_model_load_stats(m, &ls) == INDUCTOR_OK)
                cli_debug("load stages: read %.3f ms, extract %.3f ms, "
                          "library %.3f ms, cache_used=%d cache_hit=%d",
                          ls.read_ms, ls.extract_ms, ls.load_ms,
                          ls.cache_used, ls.cache_hit);
            if (a->provenance_given)
                rc = start_provenance(&prov, path, st, m, open_ms);
            if (rc == EXIT_OK)
                rc = a->batch_given
                         ? infer_batch_run(a->batch_arg, m, sig, !a->summary_flag,
                                           a->provenance_given ? &prov : NULL)
                         : run_model(a, rep, st, m, sig, &inputs,
                                     a->provenance_given ? &prov : NULL);
            if (a->provenance_given)
                rc = write_provenance(a, &prov, rc);
        }
    }
    provenance_free(&prov);
    inductor_model_close(m);
    inductor_signature_free(sig);
    tensor_list_free(&inputs);
    free(path);
    return rc;
}

static int check_usage(const struct infer_args *a, const repeat_opt *rep)
{
    if (a->batch_given && (a->random_flag || rep[OPT_INPUT].n))
        return cli_error(EXIT_USAGE, "--batch takes the inputs from its "
                         "requests: no --input or --random");
    if (a->batch_given && (a->output_given || a->output_dir_given))
        return cli_error(EXIT_USAGE, "--batch writes result lines to standard "
                         "output: no --output or --output-dir");
    if (a->batch_given)
        return EXIT_OK;
    if (a->random_flag && rep[OPT_INPUT].n)
        return cli_error(EXIT_USAGE, "--random and --input exclude each other");
    if (!a->random_flag && !rep[OPT_INPUT].n)
        return cli_error(EXIT_USAGE, "no input: give --input FILE or --random");
    if (a->runners_given && a->runners_arg < 1)
        return cli_error(EXIT_USAGE, "--runners must be at least 1, not %d",
                         a->runners_arg);
    return EXIT_OK;
}

int cmd_infer(int argc, char **argv)
{
    repeat_opt rep[N_REPEAT] = {{"input", 'i', NULL, 0},
                                {"dtype", 0, NULL, 0},
                                {"shape", 0, NULL, 0}};
    struct infer_args a;
    infer_settings st;
    char **rest = NULL;
    int rest_argc, rc;

    memset(&st, 0, sizeof st); /* settings_free() is safe before settle() */
    if (repeat_opts_take(argc, argv, rep, N_REPEAT, &rest_argc, &rest) != 0)
        return cli_error(EXIT_RUN_FAILED, "out of memory");
    if (infer_cmdline_parser(rest_argc, rest, &a) != 0) {
        repeat_opts_free(rep, N_REPEAT, rest);
        return cli_usage_error("infer");
    }
    if ((rc = check_usage(&a, rep)) != EXIT_OK) {
        rc = cli_usage_error("infer");
    } else if (a.provenance_given &&
               (rc = provenance_check_path(a.provenance_arg)) != EXIT_OK) {
        /* said in one line, before any work */
    } else if ((rc = settle(&a, &st)) == EXIT_OK) {
        rc = infer(&a, rep, &st);
    }
    settings_free(&st);
    infer_cmdline_parser_free(&a);
    repeat_opts_free(rep, N_REPEAT, rest);
    return rc;
}
