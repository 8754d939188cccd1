/*
 * test_plain_signature.c - the public signature API on packages exported
 * with plain torch.export + aoti_compile_and_package (no inductor
 * metadata; $FIXTURES/plain_*.pt2 from generate_plain_export.py), and on
 * one from inductor's own export tool, through libinductor and libtorch:
 * names, dtypes, sizes, ranges and source from the wrapper; the run
 * refusing mismatched inputs before any kernel; a good run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inductor.h"
#include "tap.h"

static char *fixture(const char *name)
{
    const char *dir = getenv("FIXTURES");
    char *path;

    if (dir == NULL || (path = malloc(strlen(dir) + strlen(name) + 2)) == NULL)
        return NULL;
    sprintf(path, "%s/%s", dir, name);
    return path;
}

static inductor_signature *package_sig(const char *name)
{
    char *path = fixture(name);
    inductor_package *p = NULL;
    inductor_signature *s = NULL;

    if (path && inductor_package_open(path, &p) == INDUCTOR_OK)
        inductor_package_signature(p, "model", &s);
    inductor_package_close(p); /* the signature does not borrow from it */
    free(path);
    return s;
}

/* Input (or output) i's sizes are [a, b]. */
static int sizes_are(const inductor_signature *s, int output, size_t i,
                     int64_t a, int64_t b)
{
    size_t nd = 0;
    const int64_t *sz = output ? inductor_signature_output_sizes(s, i, &nd)
                               : inductor_signature_input_sizes(s, i, &nd);

    return sz && nd == 2 && sz[0] == a && sz[1] == b;
}

static void encoder_package(void)
{
    inductor_signature *s = package_sig("plain_output.pt2");
    int64_t lo = 0, hi = 0;

    ok(s != NULL && inductor_signature_num_inputs(s) == 2 &&
       inductor_signature_num_outputs(s) == 2, "2 inputs, 2 outputs");
    is_str(inductor_signature_source(s), "wrapper", "source: the wrapper");
    is_str(inductor_signature_input_name(s, 0), "input0",
           "a positional input without a name is input0");
    is_str(inductor_signature_input_name(s, 1), "attention_mask", "the keyword");
    ok(inductor_signature_input_dtype(s, 1) == INDUCTOR_BOOL &&
       sizes_are(s, 0, 1, -1, 6),
       "input 1: bool [-1, 6]");
    ok(inductor_signature_input_range(s, 0, 0, &lo, &hi) == 1 && lo == 1 &&
       hi == 16, "dynamic dimension 0 accepts 1..16");
    ok(inductor_signature_input_range(s, 0, 1, &lo, &hi) == 0,
       "a static dimension has no range");
    ok(inductor_signature_input_range(s, 0, 2, NULL, NULL) == 0 &&
       inductor_signature_input_range(s, 9, 0, NULL, NULL) == 0 &&
       inductor_signature_input_range(NULL, 0, 0, NULL, NULL) == 0,
       "out of range and NULL give 0");
    is_str(inductor_signature_output_name(s, 0), "last_hidden_state",
           "output 0 is named by its field");
    ok(inductor_signature_output_dtype(s, 1) == INDUCTOR_FLOAT32 &&
       sizes_are(s, 1, 1, -1, 4),
       "output 1: float32 [-1, 4]");
    is_str(inductor_signature_source(NULL), "none", "a NULL signature's source");
    inductor_signature_free(s);
}

static void tooling_package(void)
{
    inductor_signature *s = package_sig("two_input.pt2");
    int64_t lo = 0, hi = 0;

    is_str(inductor_signature_source(s), "metadata",
           "inductor's export tool: source metadata");
    ok(inductor_signature_input_range(s, 0, 0, &lo, &hi) == 1 && lo == 1 &&
       hi == 1024, "its recorded range");
    is_str(inductor_signature_output_name(s, 1), "output1", "its recorded output name");
    inductor_signature_free(s);
}

static inductor_tensor *tensor(inductor_dtype dt, int64_t b, int64_t n,
                               size_t elem)
{
    int64_t sizes[2] = {b, n};
    size_t bytes = (size_t)(b * n) * elem;
    void *zero = calloc(1, bytes ? bytes : 1);
    inductor_tensor *t = NULL;

    inductor_tensor_from_data(dt, sizes, 2, zero, bytes, INDUCTOR_TENSOR_COPY, &t);
    free(zero);
    return t;
}

static void dict_model(void)
{
    char *path = fixture("plain_dict.pt2");
    inductor_model *m = NULL;
    inductor_tensor *in[2] = {NULL, NULL}, *out[2] = {NULL, NULL};
    inductor_status st;

    st = inductor_model_open(path, "cpu", NULL, &m);
    ok(st == INDUCTOR_OK, "open the plain dict model");
    if (st != INDUCTOR_OK) {
        diag("%s", inductor_last_error());
        free(path);
        return;
    }
    is_str(inductor_signature_source(inductor_model_signature(m)), "wrapper",
           "the open model's signature is the wrapper's");
    in[0] = tensor(INDUCTOR_FLOAT32, 2, 4, 4);
    in[1] = tensor(INDUCTOR_FLOAT32, 2, 1, 4);
    st = inductor_model_run(m, in, 2, out, 2);
    ok(st == INDUCTOR_ERR_INPUT_MISMATCH &&
       strstr(inductor_last_error(), "dimension 0 is 2, expected 3..32") != NULL,
       "a batch below the compiled bound is refused before the run");
    diag("%s", inductor_last_error());
    inductor_tensor_free(in[0]);
    inductor_tensor_free(in[1]);
    in[0] = tensor(INDUCTOR_FLOAT32, 5, 4, 4);
    in[1] = tensor(INDUCTOR_INT64, 5, 1, 8);
    st = inductor_model_run(m, in, 2, out, 2);
    ok(st == INDUCTOR_ERR_INPUT_MISMATCH &&
       strstr(inductor_last_error(), "input 1 'scale': expected float32, got int64") != NULL,
       "a wrong dtype is refused, naming the keyword");
    inductor_tensor_free(in[1]);
    in[1] = tensor(INDUCTOR_FLOAT32, 5, 1, 4);
    st = inductor_model_run(m, in, 2, out, 2);
    ok(st == INDUCTOR_OK && out[1] && inductor_tensor_dtype(out[1]) == INDUCTOR_INT64 &&
       inductor_tensor_sizes(out[1])[0] == 5, "a good batch of 5 runs");
    for (size_t i = 0; i < 2; i++) {
        inductor_tensor_free(in[i]);
        inductor_tensor_free(out[i]);
    }
    inductor_model_close(m);
    free(path);
}

int main(void)
{
    encoder_package();
    tooling_package();
    dict_model();
    return done_testing();
}
