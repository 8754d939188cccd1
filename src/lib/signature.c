/*
 * signature.c - parse and check the recorded input signature.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "signature.h"

/* ------------------------------------------------------------------ */
/* Parsing (the metadata comes from the package: trust nothing)         */
/* ------------------------------------------------------------------ */

/* json-c saturates integers outside int64 to INT64_MIN/MAX; neither is a
 * plausible size, so refusing them also refuses out-of-range numbers. */
static int get_size(json_object *v, int64_t lowest, int64_t *out)
{
    int64_t x;

    if (!json_object_is_type(v, json_type_int))
        return -1;
    x = json_object_get_int64(v);
    if (x < lowest || x == INT64_MAX)
        return -1;
    *out = x;
    return 0;
}

static int parse_shape(json_object *shape, sig_input *in)
{
    size_t nd;

    if (!json_object_is_type(shape, json_type_array))
        return -1;
    nd = json_object_array_length(shape);
    if (nd > INDUCTOR_MAX_DIMS)
        return -1;
    for (size_t d = 0; d < nd; d++) {
        if (get_size(json_object_array_get_idx(shape, d), -1, &in->sizes[d]))
            return -1;
        /* Until "ranges" says otherwise: static exact, dynamic anything. */
        in->min[d] = in->sizes[d] < 0 ? 0 : in->sizes[d];
        in->max[d] = in->sizes[d] < 0 ? SIGNATURE_UNBOUNDED : in->sizes[d];
    }
    in->ndim = nd;
    return 0;
}

/* One "ranges" entry: null, or [min, max|null]; a static dimension's range
 * may only restate its size. */
static int parse_range(json_object *r, sig_input *in, size_t d)
{
    json_object *hi;
    int64_t lo, up = SIGNATURE_UNBOUNDED;

    if (r == NULL) /* json null */
        return 0;
    if (!json_object_is_type(r, json_type_array) ||
        json_object_array_length(r) != 2 ||
        get_size(json_object_array_get_idx(r, 0), 0, &lo) != 0)
        return -1;
    hi = json_object_array_get_idx(r, 1);
    if (hi != NULL && get_size(hi, lo, &up) != 0)
        return -1; /* also refuses max < min */
    if (in->sizes[d] >= 0 && (lo != in->sizes[d] || up != in->sizes[d]))
        return -1;
    in->min[d] = lo;
    in->max[d] = up;
    return 0;
}

static int parse_ranges(json_object *o, sig_input *in)
{
    json_object *ranges;

    if (!json_object_object_get_ex(o, "ranges", &ranges))
        return 0; /* older packages: dynamic dims unbounded */
    if (!json_object_is_type(ranges, json_type_array) ||
        json_object_array_length(ranges) != in->ndim)
        return -1;
    for (size_t d = 0; d < in->ndim; d++)
        if (parse_range(json_object_array_get_idx(ranges, d), in, d))
            return -1;
    return 0;
}

/* Names end up in one-line error messages: printable ASCII only. */
static int printable(const char *s, size_t len, size_t max)
{
    if (len == 0 || len > max)
        return 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return 0;
    return 1;
}

/* Copies a JSON string of 1..max printable bytes into dst (max + 1). */
static int copy_token(json_object *v, char *dst, size_t max)
{
    const char *s;

    if (!json_object_is_type(v, json_type_string))
        return -1;
    s = json_object_get_string(v);
    if (!printable(s, (size_t)json_object_get_string_len(v), max) ||
        strlen(s) != (size_t)json_object_get_string_len(v))
        return -1;
    memcpy(dst, s, strlen(s) + 1);
    return 0;
}

static int parse_device(json_object *o, sig_input *in)
{
    json_object *dev;

    in->device[0] = '\0';
    if (!json_object_object_get_ex(o, "device", &dev))
        return 0;
    return copy_token(dev, in->device, SIGNATURE_MAX_DEVICE);
}

/* "symbols": null for a static dimension, a short string for a dynamic
 * one (or null when not recorded). */
static int parse_symbols(json_object *o, sig_input *in)
{
    json_object *syms, *v;

    memset(in->symbol, 0, sizeof in->symbol);
    if (!json_object_object_get_ex(o, "symbols", &syms))
        return 0;
    if (!json_object_is_type(syms, json_type_array) ||
        json_object_array_length(syms) != in->ndim)
        return -1;
    for (size_t d = 0; d < in->ndim; d++) {
        if ((v = json_object_array_get_idx(syms, d)) == NULL)
            continue;
        if (in->sizes[d] >= 0 ||
            copy_token(v, in->symbol[d], SIGNATURE_MAX_SYMBOL) != 0)
            return -1;
    }
    return 0;
}

static int parse_input(json_object *o, sig_input *in)
{
    json_object *name, *dtype, *shape;

    if (!json_object_is_type(o, json_type_object) ||
        !json_object_object_get_ex(o, "name", &name) ||
        !json_object_object_get_ex(o, "dtype", &dtype) ||
        !json_object_object_get_ex(o, "shape", &shape) ||
        !json_object_is_type(name, json_type_string) ||
        !json_object_is_type(dtype, json_type_string) ||
        !printable(json_object_get_string(name),
                   (size_t)json_object_get_string_len(name),
                   SIGNATURE_MAX_NAME))
        return -1;
    in->dtype = inductor_dtype_from_name(json_object_get_string(dtype));
    if (in->dtype == INDUCTOR_DTYPE_INVALID || parse_shape(shape, in) != 0 ||
        parse_ranges(o, in) != 0 || parse_device(o, in) != 0 ||
        parse_symbols(o, in) != 0)
        return -1;
    in->name = strdup(json_object_get_string(name));
    return in->name ? 0 : -1;
}

void signature_free(recorded_inputs *sig)
{
    for (size_t i = 0; i < sig->n; i++)
        free(sig->inputs[i].name);
    free(sig->inputs);
    sig->inputs = NULL;
    sig->n = 0;
}

/* Parses text[0..len) as exactly one JSON value: json_tokener_parse()
 * would accept trailing garbage ("{} xyz") and stop at an embedded NUL,
 * so that a file could mean different things to different readers. */
json_object *signature_json_parse_exact(const char *text, size_t len)
{
    json_tokener *tok;
    json_object *root;
    size_t end;

    if (len > INT32_MAX || memchr(text, '\0', len) != NULL ||
        (tok = json_tokener_new()) == NULL)
        return NULL;
    root = json_tokener_parse_ex(tok, text, (int)len);
    end = root ? json_tokener_get_parse_end(tok) : len;
    while (end < len && strchr(" \t\r\n", text[end]) != NULL)
        end++;
    if (root != NULL && (json_tokener_get_error(tok) != json_tokener_success ||
                         end != len)) {
        json_object_put(root);
        root = NULL;
    }
    json_tokener_free(tok);
    return root;
}

inductor_status signature_parse(const char *json, recorded_inputs *sig)
{
    json_object *root = NULL;
    size_t n;

    sig->n = 0;
    sig->inputs = NULL;
    if (json == NULL)
        return INDUCTOR_OK;
    root = signature_json_parse_exact(json, strlen(json));
    if (root == NULL || !json_object_is_type(root, json_type_array) ||
        (n = json_object_array_length(root)) > SIGNATURE_MAX_INPUTS)
        goto bad;
    sig->inputs = calloc(n ? n : 1, sizeof *sig->inputs);
    if (sig->inputs == NULL)
        goto bad;
    for (size_t i = 0; i < n; i++) {
        if (parse_input(json_object_array_get_idx(root, i), &sig->inputs[i]))
            goto bad;
        sig->n = i + 1;
    }
    json_object_put(root);
    return INDUCTOR_OK;
bad:
    json_object_put(root);
    signature_free(sig);
    return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                          "metadata '%s' is not a valid input signature",
                          SIGNATURE_METADATA_KEY);
}

/* ------------------------------------------------------------------ */
/* Checking                                                            */
/* ------------------------------------------------------------------ */

/* A dynamic dimension outside its range: name the range as it reads. */
static inductor_status out_of_range(const sig_input *want, size_t i, size_t d,
                                    int64_t got)
{
    if (want->max[d] == SIGNATURE_UNBOUNDED)
        return inductor__fail(INDUCTOR_ERR_INPUT_MISMATCH,
                              "input %zu '%s': dimension %zu is %lld, "
                              "expected at least %lld", i, want->name, d,
                              (long long)got, (long long)want->min[d]);
    return inductor__fail(INDUCTOR_ERR_INPUT_MISMATCH,
                          "input %zu '%s': dimension %zu is %lld, expected "
                          "%lld..%lld", i, want->name, d, (long long)got,
                          (long long)want->min[d], (long long)want->max[d]);
}

static inductor_status check_dims(const sig_input *want, size_t i,
                                  const int64_t *sizes)
{
    for (size_t d = 0; d < want->ndim; d++) {
        if (want->sizes[d] >= 0 && sizes[d] != want->sizes[d])
            return inductor__fail(INDUCTOR_ERR_INPUT_MISMATCH,
                                  "input %zu '%s': dimension %zu is %lld, "
                                  "expected %lld", i, want->name, d,
                                  (long long)sizes[d],
                                  (long long)want->sizes[d]);
        if (sizes[d] < want->min[d] || sizes[d] > want->max[d])
            return out_of_range(want, i, d, sizes[d]);
    }
    return INDUCTOR_OK;
}

static inductor_status check_one(const sig_input *want, size_t i,
                                 const inductor_tensor *t)
{
    inductor_dtype dt;
    size_t nd;

    if (t == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "input %zu is NULL", i);
    dt = inductor_tensor_dtype(t);
    nd = inductor_tensor_ndim(t);
    if (want->dtype != INDUCTOR_DTYPE_INVALID && dt != want->dtype)
        return inductor__fail(INDUCTOR_ERR_INPUT_MISMATCH,
                              "input %zu '%s': expected %s, got %s", i,
                              want->name, inductor_dtype_name(want->dtype),
                              inductor_dtype_name(dt));
    if (want->shape_unknown)
        return INDUCTOR_OK;
    if (nd != want->ndim)
        return inductor__fail(INDUCTOR_ERR_INPUT_MISMATCH,
                              "input %zu '%s': expected %zu dimensions, got %zu",
                              i, want->name, want->ndim, nd);
    return check_dims(want, i, inductor_tensor_sizes(t));
}

/* The first dimension before (i, d) with the same symbol, if any. */
static int first_with_symbol(const recorded_inputs *sig, size_t i, size_t d,
                             size_t *fi, size_t *fd)
{
    const char *sym = sig->inputs[i].symbol[d];

    for (size_t j = 0; j <= i; j++)
        for (size_t e = 0; e < (j < i ? sig->inputs[j].ndim : d); e++)
            if (strcmp(sig->inputs[j].symbol[e], sym) == 0) {
                *fi = j;
                *fd = e;
                return 1;
            }
    return 0;
}

/* Dimensions that share a symbol share a size (ranks already match). */
static inductor_status check_symbols(const recorded_inputs *sig,
                                     inductor_tensor *const *inputs)
{
    for (size_t i = 0; i < sig->n; i++) {
        const sig_input *in = &sig->inputs[i];

        for (size_t d = 0; d < in->ndim; d++) {
            size_t j, e;
            int64_t got = inductor_tensor_sizes(inputs[i])[d], want;

            if (in->symbol[d][0] == '\0' ||
                !first_with_symbol(sig, i, d, &j, &e))
                continue;
            want = inductor_tensor_sizes(inputs[j])[e];
            if (got != want)
                return inductor__fail(
                    INDUCTOR_ERR_INPUT_MISMATCH,
                    "input %zu '%s': dimension %zu is %lld, expected %lld "
                    "(the size of input %zu '%s' dimension %zu: both are "
                    "dynamic dimension %s)", i, in->name, d, (long long)got,
                    (long long)want, j, sig->inputs[j].name, e,
                    in->symbol[d]);
        }
    }
    return INDUCTOR_OK;
}

inductor_status signature_check(const recorded_inputs *sig,
                                inductor_tensor *const *inputs, size_t n)
{
    if (sig->n == 0)
        return INDUCTOR_OK;
    if (n != sig->n)
        return inductor__fail(INDUCTOR_ERR_INPUT_MISMATCH,
                              "expected %zu inputs, got %zu", sig->n, n);
    for (size_t i = 0; i < n; i++) {
        inductor_status s = check_one(&sig->inputs[i], i, inputs[i]);
        if (s != INDUCTOR_OK)
            return s;
    }
    return check_symbols(sig, inputs);
}

inductor_status signature_check_device(const recorded_inputs *sig,
                                       const char *device_type)
{
    for (size_t i = 0; i < sig->n; i++) {
        const sig_input *in = &sig->inputs[i];

        if (in->device[0] != '\0' && strcmp(in->device, device_type) != 0)
            return inductor__fail(INDUCTOR_ERR_INCOMPATIBLE,
                                  "input %zu '%s': the model takes it on %s, "
                                  "but inductor passes every input on the "
                                  "model's device (%s)", i, in->name,
                                  in->device, device_type);
    }
    return INDUCTOR_OK;
}
