/*
 * infer_batch.c - the streaming mode of `infer` (see infer_batch.h).
 * Requests are decoded by tensor_io.c exactly as --input files are, and
 * results rendered by tensor_json.c exactly as `infer` renders them.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "file_util.h"
#include "infer_batch.h"
#include "tensor_io.h"
#include "tensor_json.h"

typedef struct batch {
    inductor_model *m;
    const inductor_signature *sig;
    int with_data;
    provenance_run *prov; /* NULL: no --provenance */
    size_t n_out;
    inductor_tensor **outs;
    const char **keys;
    int bad_input, run_failed;
} batch;

/* One line on stdout, flushed so that a reader in a pipe sees it now. */
static int emit(json_object *doc)
{
    const char *s = doc ? json_object_to_json_string_ext(
                              doc, JSON_C_TO_STRING_PLAIN |
                                       JSON_C_TO_STRING_NOSLASHESCAPE)
                        : NULL;
    int rc = EXIT_OK;

    if (s == NULL)
        rc = cli_error(EXIT_RUN_FAILED, "out of memory formatting outputs");
    else if (printf("%s\n", s) < 0 || fflush(stdout) != 0)
        rc = cli_error(EXIT_OUTPUT_FAILED, "standard output: %s",
                       strerror(errno));
    json_object_put(doc);
    return rc;
}

static int emit_error(size_t line, const char *msg)
{
    json_object *o = json_object_new_object();

    json_object_object_add(o, "error", json_object_new_string(msg));
    json_object_object_add(o, "line", json_object_new_int64((int64_t)line));
    return emit(o);
}

static int run_request(batch *b, size_t line, const tensor_list *in)
{
    inductor_status s;
    double t0 = mono_now_ms(), ms;
    json_object *doc;

    s = inductor_model_run(b->m, in->items, in->n, b->outs, b->n_out);
    ms = mono_now_ms() - t0;
    if (s != INDUCTOR_OK) {
        *(s == INDUCTOR_ERR_INPUT_MISMATCH ? &b->bad_input : &b->run_failed) = 1;
        if (b->prov && provenance_add_request(b->prov, (long)line, in->items,
                                              in->n, NULL, 0, b->sig, -1,
                                              inductor_last_error()) != EXIT_OK)
            return EXIT_RUN_FAILED;
        return emit_error(line, inductor_last_error());
    }
    if (b->prov && provenance_add_request(b->prov, (long)line, in->items, in->n,
                                          b->outs, b->n_out, b->sig, ms,
                                          NULL) != EXIT_OK)
        return EXIT_RUN_FAILED;
    doc = tensor_json_outputs_ex(b->outs, b->keys, NULL, b->n_out, ms,
                                 b->with_data);
    for (size_t i = 0; i < b->n_out; i++) {
        inductor_tensor_free(b->outs[i]);
        b->outs[i] = NULL;
    }
    return emit(doc);
}

static int one_line(batch *b, size_t line, char *text, size_t len)
{
    tensor_list in = {0, NULL, NULL};
    char shown[64], err[1024];
    int rc;

    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        text[--len] = '\0';
    if (strspn(text, " \t") == len)
        return EXIT_OK; /* blank: not a request */
    snprintf(shown, sizeof shown, "line %zu", line);
    if (tensor_io_load_json(text, len, shown, b->sig, &in, err, sizeof err) !=
        TENSOR_IO_OK) {
        b->bad_input = 1;
        if (b->prov && provenance_add_request(b->prov, (long)line, NULL, 0, NULL,
                                              0, b->sig, -1, err) != EXIT_OK)
            return EXIT_RUN_FAILED;
        return emit_error(line, err);
    }
    rc = run_request(b, line, &in);
    tensor_list_free(&in);
    return rc;
}

static int batch_init(batch *b, inductor_model *m,
                      const inductor_signature *sig, int with_data)
{
    memset(b, 0, sizeof *b);
    b->m = m;
    b->sig = sig;
    b->with_data = with_data;
    b->n_out = inductor_model_num_outputs(m);
    b->outs = calloc(b->n_out ? b->n_out : 1, sizeof *b->outs);
    b->keys = calloc(b->n_out ? b->n_out : 1, sizeof *b->keys);
    if (b->outs == NULL || b->keys == NULL)
        return -1;
    for (size_t i = 0; i < b->n_out; i++)
        b->keys[i] = inductor_signature_num_outputs(sig) == b->n_out
                         ? inductor_signature_output_key(sig, i)
                         : NULL;
    return 0;
}

int infer_batch_run(const char *source, inductor_model *m,
                    const inductor_signature *sig, int with_data,
                    provenance_run *prov)
{
    int is_stdin = strcmp(source, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(source, "r");
    char *text = NULL;
    size_t cap = 0, line = 0;
    ssize_t got;
    batch b;
    int rc = EXIT_OK;

    if (f == NULL)
        return cli_error(EXIT_BAD_INPUT, "%s: cannot read: %s", source,
                         strerror(errno));
    if (batch_init(&b, m, sig, with_data) != 0)
        rc = cli_error(EXIT_RUN_FAILED, "out of memory");
    b.prov = prov;
    errno = 0;
    while (rc == EXIT_OK && (got = input_file_getline(&text, &cap, f)) >= 0)
        rc = one_line(&b, ++line, text, (size_t)got);
    if (rc == EXIT_OK && errno == EFBIG)
        rc = cli_error(EXIT_BAD_INPUT, "%s: line %zu: %s",
                       is_stdin ? "standard input" : source, line + 1,
                       input_file_error(EFBIG));
    else if (rc == EXIT_OK && ferror(f))
        rc = cli_error(EXIT_BAD_INPUT, "%s: read error after line %zu",
                       is_stdin ? "standard input" : source, line);
    if (rc == EXIT_OK && prov)
        prov->complete = 1;
    if (rc == EXIT_OK)
        rc = b.bad_input ? EXIT_BAD_INPUT
             : b.run_failed ? EXIT_RUN_FAILED : EXIT_OK;
    free(text);
    free(b.outs);
    free(b.keys);
    if (!is_stdin)
        fclose(f);
    return rc;
}
