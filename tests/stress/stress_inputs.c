/*
 * stress_inputs.c - valid and invalid inputs for the stress and leak
 * tests, and one checked run.
 */
#include "stress_inputs.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

const char *stress_package(int argc, char **argv)
{
    static char path[4096];
    const char *fixtures = getenv("FIXTURES");

    if (argc > 1)
        return argv[1];
    snprintf(path, sizeof path, "%s/two_input.pt2",
             fixtures && *fixtures ? fixtures : "tests/fixtures");
    return path;
}

/* A fixed LCG, so that every run of the test sees the same data. */
static uint32_t next(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static inductor_tensor *make(inductor_dtype dt, int64_t b, int64_t cols,
                             size_t ndim, uint32_t *seed)
{
    int64_t sizes[2] = {b, cols};
    inductor_tensor *t = NULL;
    size_t n;

    if (inductor_tensor_zeros(dt, sizes, ndim, &t) != INDUCTOR_OK)
        return NULL;
    n = inductor_tensor_numel(t);
    for (size_t i = 0; i < n; i++) {
        if (dt == INDUCTOR_FLOAT32)
            ((float *)inductor_tensor_mutable_data(t))[i] =
                (float)((int)(next(seed) % 2001) - 1000) / 250.0f;
        else if (dt == INDUCTOR_INT64)
            ((int64_t *)inductor_tensor_mutable_data(t))[i] =
                (int64_t)(next(seed) % 10);
    }
    return t;
}

static stress_case *add(stress_set *set, const char *what)
{
    stress_case *c = &set->cases[set->n++];

    memset(c, 0, sizeof *c);
    snprintf(c->what, sizeof c->what, "%s", what);
    return c;
}

/* The batch range and symbol the package records for input 0 dimension 0
 * ("inductor.inputs": [{"ranges": [[lo, hi], ...], "symbols": ["s77",
 * ...]}, ...]); the public API has no getter for them. */
static int batch_range(const inductor_model *m, int64_t *lo, int64_t *hi,
                       char sym[64])
{
    const char *meta = inductor_model_metadata(m, "inductor.inputs");
    json_object *root = meta ? json_tokener_parse(meta) : NULL, *in, *r, *s;
    int rc = -1;

    if (json_object_is_type(root, json_type_array) &&
        (in = json_object_array_get_idx(root, 0)) != NULL &&
        json_object_object_get_ex(in, "ranges", &r) &&
        (r = json_object_array_get_idx(r, 0)) != NULL &&
        json_object_array_length(r) == 2 &&
        json_object_object_get_ex(in, "symbols", &s) &&
        (s = json_object_array_get_idx(s, 0)) != NULL) {
        *lo = json_object_get_int64(json_object_array_get_idx(r, 0));
        *hi = json_object_get_int64(json_object_array_get_idx(r, 1));
        snprintf(sym, 64, "%s", json_object_get_string(s));
        rc = 0;
    }
    json_object_put(root);
    return rc;
}

static int add_invalid(stress_set *set, int64_t hi, const char *sym,
                       uint32_t *seed)
{
    stress_case *c;

    c = add(set, "idx given as float32");
    c->n_in = 2;
    c->in[0] = make(INDUCTOR_FLOAT32, 2, 4, 2, seed);
    c->in[1] = make(INDUCTOR_FLOAT32, 2, 3, 2, seed);
    c->want = INDUCTOR_ERR_INPUT_MISMATCH;
    snprintf(c->want_msg, sizeof c->want_msg,
             "input 1 'idx': expected int64, got float32");

    c = add(set, "x of rank 1");
    c->n_in = 2;
    c->in[0] = make(INDUCTOR_FLOAT32, 8, 0, 1, seed);
    c->in[1] = make(INDUCTOR_INT64, 2, 3, 2, seed);
    c->want = INDUCTOR_ERR_INPUT_MISMATCH;
    snprintf(c->want_msg, sizeof c->want_msg,
             "input 0 'x': expected 2 dimensions, got 1");

    c = add(set, "x with 5 columns");
    c->n_in = 2;
    c->in[0] = make(INDUCTOR_FLOAT32, 2, 5, 2, seed);
    c->in[1] = make(INDUCTOR_INT64, 2, 3, 2, seed);
    c->want = INDUCTOR_ERR_INPUT_MISMATCH;
    snprintf(c->want_msg, sizeof c->want_msg,
             "input 0 'x': dimension 1 is 5, expected 4");

    c = add(set, "one input of two");
    c->n_in = 1;
    c->in[0] = make(INDUCTOR_FLOAT32, 2, 4, 2, seed);
    c->want = INDUCTOR_ERR_INPUT_MISMATCH;
    snprintf(c->want_msg, sizeof c->want_msg, "expected 2 inputs, got 1");

    c = add(set, "batch 0, below the recorded range");
    c->n_in = 2;
    c->in[0] = make(INDUCTOR_FLOAT32, 0, 4, 2, seed);
    c->in[1] = make(INDUCTOR_INT64, 0, 3, 2, seed);
    c->want = INDUCTOR_ERR_INPUT_MISMATCH;
    snprintf(c->want_msg, sizeof c->want_msg,
             "input 0 'x': dimension 0 is 0, expected 1..%lld", (long long)hi);

    c = add(set, "batch one above the recorded range");
    c->n_in = 2;
    c->in[0] = make(INDUCTOR_FLOAT32, hi + 1, 4, 2, seed);
    c->in[1] = make(INDUCTOR_INT64, hi + 1, 3, 2, seed);
    c->want = INDUCTOR_ERR_INPUT_MISMATCH;
    snprintf(c->want_msg, sizeof c->want_msg,
             "input 0 'x': dimension 0 is %lld, expected 1..%lld",
             (long long)(hi + 1), (long long)hi);

    c = add(set, "x of batch 3 with idx of batch 2");
    c->n_in = 2;
    c->in[0] = make(INDUCTOR_FLOAT32, 3, 4, 2, seed);
    c->in[1] = make(INDUCTOR_INT64, 2, 3, 2, seed);
    c->want = INDUCTOR_ERR_INPUT_MISMATCH;
    snprintf(c->want_msg, sizeof c->want_msg,
             "input 1 'idx': dimension 0 is 2, expected 3 (the size of input "
             "0 'x' dimension 0: both are dynamic dimension %s)", sym);

    for (size_t i = set->n - STRESS_INVALID; i < set->n; i++)
        for (size_t k = 0; k < set->cases[i].n_in; k++)
            if (set->cases[i].in[k] == NULL)
                return -1;
    return 0;
}

static int add_valid(stress_set *set, size_t n_valid, int64_t lo, int64_t hi,
                     uint32_t *seed)
{
    for (size_t i = 0; i < n_valid; i++) {
        /* Batches cycle through the range's low end, plus its top. */
        int64_t b = i + 1 == n_valid ? hi : lo + (int64_t)(i % 7);
        char what[64];
        stress_case *c;

        snprintf(what, sizeof what, "valid, batch %lld, seed step %zu",
                 (long long)b, i);
        c = add(set, what);
        c->n_in = 2;
        c->in[0] = make(INDUCTOR_FLOAT32, b, 4, 2, seed);
        c->in[1] = make(INDUCTOR_INT64, b, 3, 2, seed);
        c->want = INDUCTOR_OK;
        if (c->in[0] == NULL || c->in[1] == NULL)
            return -1;
    }
    return 0;
}

int stress_make_cases(const inductor_model *m, size_t n_valid,
                      stress_set *set)
{
    uint32_t seed = 12345;
    int64_t lo, hi;
    char sym[64];

    set->n = 0;
    set->cases = calloc(n_valid + STRESS_INVALID, sizeof *set->cases);
    if (set->cases == NULL || batch_range(m, &lo, &hi, sym) != 0 ||
        lo != 1 || hi < lo || hi > 4096)
        return -1;
    if (add_valid(set, n_valid, lo, hi, &seed) != 0)
        return -1;
    return add_invalid(set, hi, sym, &seed);
}

void stress_free_cases(stress_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        for (size_t k = 0; k < STRESS_MAX_IN; k++)
            inductor_tensor_free(set->cases[i].in[k]);
        for (size_t k = 0; k < STRESS_OUTPUTS; k++)
            inductor_tensor_free(set->cases[i].ref[k]);
    }
    free(set->cases);
    set->cases = NULL;
    set->n = 0;
}

static int same_tensor(const inductor_tensor *a, const inductor_tensor *b)
{
    size_t nd = inductor_tensor_ndim(a);

    return inductor_tensor_dtype(a) == inductor_tensor_dtype(b) &&
           nd == inductor_tensor_ndim(b) &&
           memcmp(inductor_tensor_sizes(a), inductor_tensor_sizes(b),
                  nd * sizeof(int64_t)) == 0 &&
           inductor_tensor_nbytes(a) == inductor_tensor_nbytes(b) &&
           memcmp(inductor_tensor_data(a), inductor_tensor_data(b),
                  inductor_tensor_nbytes(a)) == 0;
}

/* A valid run: its outputs become the reference, or must equal it. */
static int check_valid(stress_case *c, inductor_tensor **out, char *why,
                       size_t whylen)
{
    int rc = 0;

    for (size_t k = 0; k < STRESS_OUTPUTS; k++) {
        if (c->ref[k] == NULL) {
            c->ref[k] = out[k]; /* single-threaded pass: keep it */
            out[k] = NULL;
        } else if (!same_tensor(c->ref[k], out[k])) {
            snprintf(why, whylen, "%s: output %zu differs from the "
                     "single-threaded result", c->what, k);
            rc = -1;
        }
    }
    return rc;
}

int stress_run_case(inductor_model *m, stress_case *c, char *why,
                    size_t whylen)
{
    inductor_tensor *out[STRESS_OUTPUTS] = {NULL, NULL};
    inductor_status s = inductor_model_run(m, c->in, c->n_in, out,
                                           STRESS_OUTPUTS);
    int rc = 0;

    if (s != c->want) {
        snprintf(why, whylen, "%s: status %d (%s), expected %d", c->what,
                 (int)s, inductor_last_error(), (int)c->want);
        rc = -1;
    } else if (s == INDUCTOR_OK) {
        rc = check_valid(c, out, why, whylen);
    } else if (strcmp(inductor_last_error(), c->want_msg) != 0 ||
               out[0] != NULL || out[1] != NULL) {
        snprintf(why, whylen, "%s: message \"%s\", expected \"%s\"",
                 c->what, inductor_last_error(), c->want_msg);
        rc = -1;
    }
    for (size_t k = 0; k < STRESS_OUTPUTS; k++)
        inductor_tensor_free(out[k]);
    return rc;
}

size_t stress_rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long size = 0, resident = 0;

    if (f == NULL)
        return 0;
    if (fscanf(f, "%lu %lu", &size, &resident) != 2)
        resident = 0;
    fclose(f);
    return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}
