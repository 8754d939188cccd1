/*
 * serve_decode.c - an infer request body into input tensors: the JSON
 * header (inputs by name, any order; "data" flat or nested), Triton's
 * binary tensor extension (inputs with parameters.binary_data_size take
 * their bytes, in order, from after the header), and which outputs to send
 * back, how.  Every problem is one line naming the tensor.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "errbuf.h"
#include "serve_codec.h"
#include "serve_json_data.h"
#include "tensor_elem.h"

typedef struct decoder {
    const serve_sig *sig;
    const char *bin;     /* binary section and its unread length */
    size_t bin_left;
    char *err;
    size_t errlen;
    /* The fast path (serve_json_data.h): the original text and, per index
     * of "inputs", the data array cut out of the skeleton json-c parsed. */
    const char *text;
    const serve_json_span *span;
    size_t n_span;
    unsigned char *span_used;
} decoder;

/* ---- JSON data ------------------------------------------------------- */

static int store(decoder *d, const char *name, inductor_dtype dt,
                 json_object *v, char *dst, size_t k)
{
    enum json_type t = json_object_get_type(v);
    size_t es = inductor_dtype_size(dt);

    if (dt == INDUCTOR_BOOL) {
        if (t == json_type_boolean || (t == json_type_int &&
            (json_object_get_int64(v) == 0 || json_object_get_int64(v) == 1))) {
            dst[k] = (char)(json_object_get_boolean(v) ? 1 : 0);
            return 0;
        }
        return errbuf_set(d->err, d->errlen, "input '%s': element %zu is not "
                          "a boolean", name, k);
    }
    if (tensor_elem_is_float(dt)) {
        if (t != json_type_double && t != json_type_int)
            return errbuf_set(d->err, d->errlen, "input '%s': element %zu is "
                              "not a number", name, k);
        tensor_elem_store_float(dt, dst + k * es, json_object_get_double(v));
        return 0;
    }
    {
        int64_t lo, hi, x;

        if (t != json_type_int)
            return errbuf_set(d->err, d->errlen, "input '%s': element %zu is "
                              "not an integer", name, k);
        errno = 0;
        x = json_object_get_int64(v);
        tensor_elem_int_range(dt, &lo, &hi);
        /* json-c clamps a number past INT64_MAX (kept as uint64) to it. */
        if (errno != 0 || x < lo || x > hi ||
            (x == INT64_MAX && json_object_get_uint64(v) > (uint64_t)INT64_MAX))
            return errbuf_set(d->err, d->errlen, "input '%s': element %zu is "
                              "out of range for %s", name, k,
                              serve_datatype_name(dt));
        tensor_elem_store_int(dt, dst + k * es, x);
        return 0;
    }
}

/* Flattens nested arrays in row-major order into dst[0..n). */
static int fill(decoder *d, const char *name, inductor_dtype dt, json_object *v,
                char *dst, size_t *k, size_t n, int depth)
{
    if (json_object_is_type(v, json_type_array)) {
        size_t len = json_object_array_length(v);

        if (depth > INDUCTOR_MAX_DIMS)
            return errbuf_set(d->err, d->errlen, "input '%s': data is nested "
                              "deeper than %d", name, INDUCTOR_MAX_DIMS);
        for (size_t i = 0; i < len; i++)
            if (fill(d, name, dt, json_object_array_get_idx(v, i), dst, k, n,
                     depth + 1) != 0)
                return -1;
        return 0;
    }
    if (*k >= n)
        return errbuf_set(d->err, d->errlen, "input '%s': data holds more "
                          "than the %zu elements of its shape", name, n);
    if (store(d, name, dt, v, dst, *k) != 0)
        return -1;
    (*k)++;
    return 0;
}

static size_t count_leaves(json_object *v)
{
    size_t n = 0, len;

    if (!json_object_is_type(v, json_type_array))
        return 1;
    len = json_object_array_length(v);
    for (size_t i = 0; i < len; i++)
        n += count_leaves(json_object_array_get_idx(v, i));
    return n;
}

/* ---- one input ------------------------------------------------------- */

static int parse_shape(decoder *d, const char *name, json_object *js,
                       int64_t *sizes, size_t *ndim)
{
    size_t n;

    if (!js || !json_object_is_type(js, json_type_array))
        return errbuf_set(d->err, d->errlen, "input '%s': \"shape\" must be "
                          "an array of sizes", name);
    n = json_object_array_length(js);
    if (n > INDUCTOR_MAX_DIMS)
        return errbuf_set(d->err, d->errlen, "input '%s': %zu dimensions, at "
                          "most %d", name, n, INDUCTOR_MAX_DIMS);
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(js, i);

        errno = 0;
        if (!json_object_is_type(e, json_type_int) ||
            (sizes[i] = json_object_get_int64(e)) < 0 || errno != 0)
            return errbuf_set(d->err, d->errlen, "input '%s': shape[%zu] is "
                              "not a size (a non-negative integer)", name, i);
    }
    *ndim = n;
    return 0;
}

static int get_string(json_object *o, const char *key, const char **out)
{
    json_object *v;

    if (!json_object_object_get_ex(o, key, &v) ||
        !json_object_is_type(v, json_type_string))
        return -1;
    *out = json_object_get_string(v);
    return 0;
}

/* binary_data_size from an input's parameters: 1 with *size set, 0 if
 * absent, -1 if malformed. */
static int binary_size(json_object *in, long long *size)
{
    json_object *params, *v;

    if (!json_object_object_get_ex(in, "parameters", &params) ||
        !json_object_is_type(params, json_type_object) ||
        !json_object_object_get_ex(params, "binary_data_size", &v))
        return 0;
    if (!json_object_is_type(v, json_type_int) ||
        (*size = json_object_get_int64(v)) < 0)
        return -1;
    return 1;
}

/* Input i's data from its span when the skeleton holds "[]" in its place;
 * 1 when it has none, -1 when the fast path gives up. */
static int fill_from_span(decoder *d, size_t i, json_object *data,
                          inductor_tensor *t)
{
    if (i >= d->n_span || d->span[i].start == d->span[i].end ||
        !json_object_is_type(data, json_type_array) ||
        json_object_array_length(data) != 0)
        return 1;
    d->span_used[i] = 1;
    return serve_json_data_fill(d->text, d->span[i], inductor_tensor_dtype(t),
                                inductor_tensor_mutable_data(t),
                                inductor_tensor_numel(t));
}

static int decode_input(decoder *d, size_t i, json_object *in,
                        serve_request *req)
{
    const char *name, *dtname;
    int64_t sizes[INDUCTOR_MAX_DIMS];
    size_t ndim = 0, idx;
    inductor_dtype dt;
    inductor_tensor *t = NULL;
    json_object *data;
    long long bsize = 0;
    int has_bin, rc;
    const serve_io *io;

    if (!json_object_is_type(in, json_type_object) ||
        get_string(in, "name", &name) != 0)
        return errbuf_set(d->err, d->errlen, "each input must be an object "
                          "with a \"name\"");
    for (idx = 0; idx < d->sig->n_in; idx++)
        if (strcmp(d->sig->in[idx].name, name) == 0)
            break;
    if (idx == d->sig->n_in)
        return errbuf_set(d->err, d->errlen, "unknown input '%s'", name);
    if (req->inputs[idx])
        return errbuf_set(d->err, d->errlen, "input '%s' is given twice", name);
    io = &d->sig->in[idx];
    if (get_string(in, "datatype", &dtname) != 0)
        return errbuf_set(d->err, d->errlen, "input '%s': no \"datatype\"", name);
    if ((dt = serve_datatype_parse(dtname, d->err, d->errlen)) ==
        INDUCTOR_DTYPE_INVALID) {
        char why[512];

        memcpy(why, d->err, sizeof why < d->errlen ? sizeof why : d->errlen);
        why[sizeof why - 1] = '\0';
        return errbuf_set(d->err, d->errlen, "input '%s': %s", name, why);
    }
    if (io->dtype != INDUCTOR_DTYPE_INVALID && io->dtype != dt)
        return errbuf_set(d->err, d->errlen, "input '%s': expected datatype "
                          "%s, got %s", name, serve_datatype_name(io->dtype),
                          dtname);
    if (parse_shape(d, name, json_object_object_get(in, "shape"), sizes,
                    &ndim) != 0)
        return -1;
    if ((has_bin = binary_size(in, &bsize)) < 0)
        return errbuf_set(d->err, d->errlen, "input '%s': binary_data_size "
                          "must be a non-negative integer", name);
    if (has_bin) {
        if ((unsigned long long)bsize > d->bin_left)
            return errbuf_set(d->err, d->errlen, "input '%s': binary_data_size "
                              "%lld is more than the %zu bytes left in the "
                              "body", name, bsize, d->bin_left);
        if (inductor_tensor_from_data(dt, sizes, ndim, bsize ? d->bin : NULL,
                                      (size_t)bsize, INDUCTOR_TENSOR_BORROW,
                                      &t) != INDUCTOR_OK)
            return errbuf_set(d->err, d->errlen, "input '%s': binary_data_size "
                              "%lld does not match its shape and datatype: %s",
                              name, bsize, inductor_last_error());
        d->bin += bsize;
        d->bin_left -= (size_t)bsize;
    } else {
        size_t k = 0, n;

        if (!json_object_object_get_ex(in, "data", &data))
            return errbuf_set(d->err, d->errlen, "input '%s': no \"data\" and "
                              "no binary_data_size", name);
        if (inductor_tensor_zeros(dt, sizes, ndim, &t) != INDUCTOR_OK)
            return errbuf_set(d->err, d->errlen, "input '%s': %s", name,
                              inductor_last_error());
        n = inductor_tensor_numel(t);
        rc = d->span ? fill_from_span(d, i, data, t) : 1;
        if (rc < 0) {
            inductor_tensor_free(t);
            /* Never shown: the caller decodes again with json-c alone. */
            return errbuf_set(d->err, d->errlen, "fast path gave up");
        }
        if (rc > 0 && count_leaves(data) != n) {
            size_t have = count_leaves(data);

            inductor_tensor_free(t);
            return errbuf_set(d->err, d->errlen, "input '%s': shape holds %zu "
                              "elements, data has %zu", name, n, have);
        }
        if (rc > 0 &&
            fill(d, name, dt, data, inductor_tensor_mutable_data(t), &k, n, 0) != 0) {
            inductor_tensor_free(t);
            return -1;
        }
    }
    req->inputs[idx] = t;
    return 0;
}

/* ---- outputs wanted -------------------------------------------------- */

static int bool_param(json_object *o, const char *key, int *val)
{
    json_object *params, *v;

    if (!json_object_object_get_ex(o, "parameters", &params) ||
        !json_object_is_type(params, json_type_object) ||
        !json_object_object_get_ex(params, key, &v))
        return 0;
    if (!json_object_is_type(v, json_type_boolean))
        return -1;
    *val = json_object_get_boolean(v);
    return 1;
}

static int decode_outputs(decoder *d, json_object *root, serve_request *req)
{
    json_object *outs;
    int all_binary = 0;

    if (bool_param(root, "binary_data_output", &all_binary) < 0)
        return errbuf_set(d->err, d->errlen, "parameters.binary_data_output "
                          "must be true or false");
    if (!json_object_object_get_ex(root, "outputs", &outs)) {
        for (size_t i = 0; i < req->n_out; i++)
            req->want[i] = all_binary ? SERVE_OUT_BINARY : SERVE_OUT_JSON;
        return 0;
    }
    if (!json_object_is_type(outs, json_type_array))
        return errbuf_set(d->err, d->errlen, "\"outputs\" must be an array");
    for (size_t i = 0; i < json_object_array_length(outs); i++) {
        json_object *o = json_object_array_get_idx(outs, i);
        const char *name;
        int bin = all_binary, r;
        size_t k;

        if (!json_object_is_type(o, json_type_object) ||
            get_string(o, "name", &name) != 0)
            return errbuf_set(d->err, d->errlen, "each requested output must "
                              "be an object with a \"name\"");
        for (k = 0; k < req->n_out; k++)
            if (strcmp(d->sig->out[k].name, name) == 0)
                break;
        if (k == req->n_out)
            return errbuf_set(d->err, d->errlen, "unknown output '%s'", name);
        if ((r = bool_param(o, "binary_data", &bin)) < 0)
            return errbuf_set(d->err, d->errlen, "output '%s': binary_data "
                              "must be true or false", name);
        req->want[k] = bin ? SERVE_OUT_BINARY : SERVE_OUT_JSON;
    }
    return 0;
}

/* ---- the request ----------------------------------------------------- */

static int decode_root(decoder *d, json_object *root, serve_request *req)
{
    json_object *inputs, *id;

    if (!json_object_is_type(root, json_type_object))
        return errbuf_set(d->err, d->errlen, "the request must be a JSON object");
    if (json_object_object_get_ex(root, "id", &id)) {
        if (!json_object_is_type(id, json_type_string))
            return errbuf_set(d->err, d->errlen, "\"id\" must be a string");
        if ((req->id = strdup(json_object_get_string(id))) == NULL)
            return errbuf_set(d->err, d->errlen, "out of memory");
    }
    if (!json_object_object_get_ex(root, "inputs", &inputs) ||
        !json_object_is_type(inputs, json_type_array))
        return errbuf_set(d->err, d->errlen, "\"inputs\" must be an array of "
                          "tensors");
    for (size_t i = 0; i < json_object_array_length(inputs); i++)
        if (decode_input(d, i, json_object_array_get_idx(inputs, i), req) != 0)
            return -1;
    for (size_t i = 0; i < req->n_in; i++)
        if (!req->inputs[i])
            return errbuf_set(d->err, d->errlen, "input '%s' is missing (the "
                              "model takes %zu input%s)", d->sig->in[i].name,
                              req->n_in, req->n_in == 1 ? "" : "s");
    if (d->bin_left != 0)
        return errbuf_set(d->err, d->errlen, "%zu bytes of binary data follow "
                          "the header that no input's binary_data_size "
                          "accounts for", d->bin_left);
    if (req->n_in > 0) {
        const inductor_tensor *t = req->inputs[0];
        req->batch = inductor_tensor_ndim(t) ? (size_t)inductor_tensor_sizes(t)[0] : 1;
    } else {
        req->batch = 1;
    }
    return decode_outputs(d, root, req);
}

static int only_space(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            return 0;
    return 1;
}

int serve_decode_fast_json = 1;

/* Parses text[0..jlen) with json-c and decodes it into req. */
static int parse_and_decode(decoder *d, const char *text, size_t jlen,
                            serve_request *req)
{
    json_tokener *tok;
    json_object *root;
    char *err = d->err;
    size_t errlen = d->errlen;
    int rc;

    if ((tok = json_tokener_new_ex(64)) == NULL)
        return errbuf_set(err, errlen, "out of memory");
    root = json_tokener_parse_ex(tok, text, (int)jlen);
    if (root == NULL || !only_space(text + json_tokener_get_parse_end(tok),
                                    jlen - json_tokener_get_parse_end(tok))) {
        enum json_tokener_error e = json_tokener_get_error(tok);
        size_t at = json_tokener_get_parse_end(tok);

        json_object_put(root);
        json_tokener_free(tok);
        if (root != NULL || e == json_tokener_success)
            return errbuf_set(err, errlen, "invalid JSON: trailing bytes "
                              "after the request at offset %zu", at);
        return errbuf_set(err, errlen, "invalid JSON at offset %zu: %s", at,
                          e == json_tokener_continue ? "unexpected end of input"
                                                     : json_tokener_error_desc(e));
    }
    json_tokener_free(tok);
    rc = decode_root(d, root, req);
    json_object_put(root);
    return rc;
}

static int init_request(const serve_sig *sig, serve_request *req)
{
    memset(req, 0, sizeof *req);
    req->n_in = sig->n_in;
    req->n_out = sig->n_out;
    req->inputs = calloc(sig->n_in ? sig->n_in : 1, sizeof *req->inputs);
    req->want = calloc(sig->n_out ? sig->n_out : 1, sizeof *req->want);
    return req->inputs && req->want ? 0 : -1;
}

/* The fast path: json-c parses a skeleton without the numeric data arrays,
 * which are read straight into the tensors.  0 only when the result is
 * exactly what parse_and_decode(text) gives; -1 (req to be freed) on
 * anything else, errors included, whose messages the json-c path gives. */
static int fast_decode(decoder d, const char *text, size_t jlen,
                       serve_request *req)
{
    serve_json_skel sk;
    int rc = -1;

    if (serve_json_data_scan(text, jlen, &sk) != 0)
        return -1;
    d.text = text;
    d.span = sk.span;
    d.n_span = sk.n_span;
    if ((d.span_used = calloc(sk.n_span, 1)) != NULL &&
        parse_and_decode(&d, sk.text, sk.len, req) == 0) {
        rc = 0;
        /* A data array not used (an input with binary_data_size, one json-c
         * discarded) must still be one json-c would have parsed. */
        for (size_t i = 0; i < sk.n_span && rc == 0; i++)
            if (!d.span_used[i] && sk.span[i].start != sk.span[i].end &&
                serve_json_data_fill(text, sk.span[i], INDUCTOR_FLOAT64,
                                     NULL, 0) != 0)
                rc = -1;
    }
    free(d.span_used);
    serve_json_skel_free(&sk);
    return rc;
}

int serve_decode_request(const serve_sig *sig, const char *body, size_t len,
                         long long header_len, serve_request *req,
                         char *err, size_t errlen)
{
    decoder d = {sig, NULL, 0, err, errlen, NULL, NULL, 0, NULL};
    size_t jlen = len;

    if (init_request(sig, req) != 0)
        return errbuf_set(err, errlen, "out of memory");
    if (header_len >= 0) {
        if ((unsigned long long)header_len > len)
            return errbuf_set(err, errlen, "Inference-Header-Content-Length "
                              "%lld is more than the body's %zu bytes",
                              header_len, len);
        jlen = (size_t)header_len;
        d.bin = body + jlen;
        d.bin_left = len - jlen;
    }
    if (jlen == 0)
        return errbuf_set(err, errlen, "empty request: expected a JSON "
                          "inference request");
    if (jlen > INT_MAX)
        return errbuf_set(err, errlen, "the JSON header is too large");
    if (serve_decode_fast_json && fast_decode(d, body, jlen, req) == 0)
        return 0;
    /* Start over with json-c alone: it says what is wrong, if anything. */
    serve_request_free(req);
    if (init_request(sig, req) != 0)
        return errbuf_set(err, errlen, "out of memory");
    return parse_and_decode(&d, body, jlen, req);
}

void serve_request_free(serve_request *req)
{
    for (size_t i = 0; req->inputs && i < req->n_in; i++)
        inductor_tensor_free(req->inputs[i]);
    free(req->inputs);
    free(req->want);
    free(req->id);
    memset(req, 0, sizeof *req);
}
