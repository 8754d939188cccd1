/*
 * signature.c - parse and check the recorded input signature.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "signature.h"

static int parse_shape(json_object *shape, sig_input *in)
{
    size_t nd;

    if (!json_object_is_type(shape, json_type_array))
        return -1;
    nd = json_object_array_length(shape);
    if (nd > INDUCTOR_MAX_DIMS)
        return -1;
    for (size_t d = 0; d < nd; d++) {
        json_object *v = json_object_array_get_idx(shape, d);
        if (!json_object_is_type(v, json_type_int) ||
            json_object_get_int64(v) < -1)
            return -1;
        in->sizes[d] = json_object_get_int64(v);
    }
    in->ndim = nd;
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
        !json_object_is_type(dtype, json_type_string))
        return -1;
    in->dtype = inductor_dtype_from_name(json_object_get_string(dtype));
    if (in->dtype == INDUCTOR_DTYPE_INVALID || parse_shape(shape, in) != 0)
        return -1;
    in->name = strdup(json_object_get_string(name));
    return in->name ? 0 : -1;
}

void signature_free(signature *sig)
{
    for (size_t i = 0; i < sig->n; i++)
        free(sig->inputs[i].name);
    free(sig->inputs);
    sig->inputs = NULL;
    sig->n = 0;
}

inductor_status signature_parse(const char *json, signature *sig)
{
    json_object *root;
    size_t n;

    sig->n = 0;
    sig->inputs = NULL;
    if (json == NULL)
        return INDUCTOR_OK;
    root = json_tokener_parse(json);
    if (root == NULL || !json_object_is_type(root, json_type_array))
        goto bad;
    n = json_object_array_length(root);
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

static inductor_status check_one(const sig_input *want, size_t i,
                                 const inductor_tensor *t)
{
    inductor_dtype dt = inductor_tensor_dtype(t);
    size_t nd = inductor_tensor_ndim(t);
    const int64_t *sizes = inductor_tensor_sizes(t);

    if (dt != want->dtype)
        return inductor__fail(INDUCTOR_ERR_INPUT_MISMATCH,
                              "input %zu '%s': expected %s, got %s", i,
                              want->name, inductor_dtype_name(want->dtype),
                              inductor_dtype_name(dt));
    if (nd != want->ndim)
        return inductor__fail(INDUCTOR_ERR_INPUT_MISMATCH,
                              "input %zu '%s': expected %zu dimensions, got %zu",
                              i, want->name, want->ndim, nd);
    for (size_t d = 0; d < nd; d++)
        if (want->sizes[d] >= 0 && sizes[d] != want->sizes[d])
            return inductor__fail(INDUCTOR_ERR_INPUT_MISMATCH,
                                  "input %zu '%s': dimension %zu is %lld, "
                                  "expected %lld", i, want->name, d,
                                  (long long)sizes[d],
                                  (long long)want->sizes[d]);
    return INDUCTOR_OK;
}

inductor_status signature_check(const signature *sig,
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
    return INDUCTOR_OK;
}
