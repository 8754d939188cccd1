/*
 * cmd_infer.c - `inductor infer`: run a model on JSON inputs.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "commands.h"
#include "infer_cmdline.h"
#include "tensor_json.h"

/* How many values `--format pretty` shows per output before eliding. */
#define PRETTY_MAX_VALUES 64

static int load_inputs(const char *path, tensor_list *inputs)
{
    const char *shown = strcmp(path, "-") == 0 ? "standard input" : path;
    char *text = NULL, err[512];
    size_t len = 0;
    int rc;

    if (cli_read_file(path, &text, &len) != 0)
        return cli_error(EXIT_BAD_INPUT, "%s: cannot read: %s", shown,
                         strerror(errno));
    rc = tensor_json_parse_inputs(text, len, inputs, err, sizeof err);
    free(text);
    if (rc != 0)
        return cli_error(EXIT_BAD_INPUT, "%s: %s", shown, err);
    return EXIT_OK;
}

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

static char *render_pretty(inductor_tensor *const *outs, size_t n,
                           double latency_ms, int with_data)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (f == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const inductor_tensor *t = outs[i];
        size_t numel = inductor_tensor_numel(t);

        fprintf(f, "output %zu: %s [", i,
                inductor_dtype_name(inductor_tensor_dtype(t)));
        for (size_t d = 0; d < inductor_tensor_ndim(t); d++)
            fprintf(f, "%s%lld", d ? ", " : "",
                    (long long)inductor_tensor_sizes(t)[d]);
        fputs("]\n", f);
        for (size_t k = 0; with_data && k < numel && k < PRETTY_MAX_VALUES; k++)
            fprintf(f, "%s%.6g%s", k % 8 ? " " : "  ",
                    tensor_element_as_double(t, k),
                    (k % 8 == 7 || k + 1 == numel) ? "\n" : "");
        if (with_data && numel > PRETTY_MAX_VALUES)
            fprintf(f, "\n  ... (%zu more)\n", numel - PRETTY_MAX_VALUES);
    }
    fprintf(f, "latency: %.3f ms\n", latency_ms);
    fclose(f);
    return buf;
}

static int write_result(const struct infer_args *a, inductor_tensor *const *outs,
                        size_t n, double latency_ms)
{
    int with_data = !a->summary_flag;
    char *text;
    int rc;

    if (strcmp(a->format_arg, "pretty") == 0) {
        text = render_pretty(outs, n, latency_ms, with_data);
    } else {
        json_object *doc = tensor_json_outputs(outs, n, latency_ms, with_data);
        const char *s = doc ? json_object_to_json_string_ext(
                                  doc, JSON_C_TO_STRING_PLAIN |
                                           JSON_C_TO_STRING_NOSLASHESCAPE)
                            : NULL;
        text = s ? malloc(strlen(s) + 2) : NULL;
        if (text)
            sprintf(text, "%s\n", s);
        json_object_put(doc);
    }
    if (text == NULL)
        return cli_error(EXIT_RUN_FAILED, "out of memory formatting outputs");
    rc = cli_write_output(a->output_arg, text, strlen(text));
    free(text);
    return rc == 0 ? EXIT_OK : EXIT_OUTPUT_FAILED;
}

static int run_model(const struct infer_args *a, inductor_model *m,
                     const tensor_list *inputs)
{
    size_t n_out = inductor_model_num_outputs(m);
    inductor_tensor **outs = calloc(n_out ? n_out : 1, sizeof *outs);
    double t0, latency;
    inductor_status s;
    int rc;

    if (outs == NULL)
        return cli_error(EXIT_RUN_FAILED, "out of memory");
    t0 = cli_now_ms();
    s = inductor_model_run(m, inputs->items, inputs->n, outs, n_out);
    latency = cli_now_ms() - t0;
    if (s != INDUCTOR_OK) {
        rc = cli_error(cli_exit_for_run(s), "%s: %s",
                       s == INDUCTOR_ERR_INPUT_MISMATCH ? a->input_arg
                                                        : a->model_arg,
                       inductor_last_error());
    } else {
        cli_debug("run: %.3f ms", latency);
        rc = write_result(a, outs, n_out, latency);
    }
    for (size_t i = 0; i < n_out; i++)
        inductor_tensor_free(outs[i]);
    free(outs);
    return rc;
}

static int infer(const struct infer_args *a)
{
    inductor_open_options opts = INDUCTOR_OPEN_OPTIONS_INIT;
    tensor_list inputs = {0, NULL};
    inductor_model *m = NULL;
    inductor_status s;
    double t0;
    int rc;

    if ((rc = load_inputs(a->input_arg, &inputs)) != EXIT_OK)
        return rc;
    debug_inputs(&inputs);
    opts.model_name = a->model_name_arg;
    opts.num_runners = (size_t)a->runners_arg;
    t0 = cli_now_ms();
    s = inductor_model_open(a->model_arg, a->device_arg, &opts, &m);
    if (s != INDUCTOR_OK) {
        rc = cli_error(cli_exit_for_open(s), "%s", inductor_last_error());
    } else {
        cli_debug("load: %.3f ms (%s on %s)", cli_now_ms() - t0, a->model_arg,
                  inductor_model_device(m));
        rc = run_model(a, m, &inputs);
    }
    inductor_model_close(m);
    tensor_list_free(&inputs);
    return rc;
}

int cmd_infer(int argc, char **argv)
{
    struct infer_args a;
    int rc;

    if (infer_cmdline_parser(argc, argv, &a) != 0)
        return cli_usage_error("infer");
    if (a.runners_arg < 1) {
        infer_cmdline_parser_free(&a);
        cli_error(EXIT_USAGE, "--runners must be at least 1, not %d",
                  a.runners_arg);
        return cli_usage_error("infer");
    }
    rc = infer(&a);
    infer_cmdline_parser_free(&a);
    return rc;
}
