/*
 * infer_output.c - render and write `infer`'s outputs (see infer_output.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "infer_output.h"
#include "output_dir.h"
#include "tensor_json.h"

/* How many values `--format pretty` shows per output before eliding. */
#define PRETTY_MAX_VALUES 64

static void pretty_one(FILE *f, const inductor_tensor *t, size_t i,
                       const char *key, const char *file, int with_data)
{
    size_t numel = inductor_tensor_numel(t);

    fprintf(f, "output %zu", i);
    if (key)
        fprintf(f, " (%s)", key);
    fprintf(f, ": %s [", inductor_dtype_name(inductor_tensor_dtype(t)));
    for (size_t d = 0; d < inductor_tensor_ndim(t); d++)
        fprintf(f, "%s%lld", d ? ", " : "", (long long)inductor_tensor_sizes(t)[d]);
    fputs("]\n", f);
    if (file)
        fprintf(f, "  written to %s\n", file);
    for (size_t k = 0; with_data && !file && k < numel && k < PRETTY_MAX_VALUES; k++)
        fprintf(f, "%s%.6g%s", k % 8 ? " " : "  ", tensor_element_as_double(t, k),
                (k % 8 == 7 || k + 1 == numel) ? "\n" : "");
    if (with_data && !file && numel > PRETTY_MAX_VALUES)
        fprintf(f, "\n  ... (%zu more)\n", numel - PRETTY_MAX_VALUES);
}

static char *render_pretty(inductor_tensor *const *outs, const char *const *keys,
                           const char *const *files, size_t n,
                           double latency_ms, int with_data)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (f == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        pretty_one(f, outs[i], i, keys ? keys[i] : NULL, files ? files[i] : NULL,
                   with_data);
    fprintf(f, "latency: %.3f ms\n", latency_ms);
    fclose(f);
    return buf;
}

static char *render_json(inductor_tensor *const *outs, const char *const *keys,
                         const char *const *files, size_t n, double latency_ms,
                         int with_data, long long peak_device_bytes)
{
    json_object *doc = tensor_json_outputs_ex(outs, keys, files, n, latency_ms,
                                              with_data);

    /* Only GPU models have an allocator that keeps a per-process peak. */
    if (doc && peak_device_bytes >= 0)
        json_object_object_add(doc, "peak_device_memory_bytes",
                               json_object_new_int64(peak_device_bytes));
    const char *s = doc ? json_object_to_json_string_ext(
                              doc, JSON_C_TO_STRING_PLAIN |
                                       JSON_C_TO_STRING_NOSLASHESCAPE)
                        : NULL;
    char *text = s ? malloc(strlen(s) + 2) : NULL;

    if (text)
        sprintf(text, "%s\n", s);
    json_object_put(doc);
    return text;
}

int infer_output_write(const infer_output_opts *o, inductor_tensor *const *outs,
                       const char *const *keys, size_t n, double latency_ms)
{
    char **files = NULL, *text;
    int rc;

    if (o->output_dir && output_dir_write(o->output_dir, outs, keys, n, &files) != 0)
        return EXIT_OUTPUT_FAILED;
    if (strcmp(o->format, "pretty") == 0)
        text = render_pretty(outs, keys, (const char *const *)files, n,
                             latency_ms, o->with_data);
    else
        text = render_json(outs, keys, (const char *const *)files, n,
                           latency_ms, o->with_data, o->peak_device_bytes);
    output_dir_free_paths(files, n);
    if (text == NULL)
        return cli_error(EXIT_RUN_FAILED, "out of memory formatting outputs");
    rc = cli_write_output(o->path, text, strlen(text));
    free(text);
    return rc == 0 ? EXIT_OK : EXIT_OUTPUT_FAILED;
}
