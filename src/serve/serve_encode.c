/*
 * serve_encode.c - an infer response: the JSON object, and after it the
 * raw bytes of the outputs sent as binary (Triton's extension), in the
 * order they appear in "outputs".  Data is written as text here rather
 * than through json-c objects: outputs can hold millions of elements.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "half.h"
#include "serve_codec.h"

/* Non-finite values as Python's json writes them, which tritonclient and
 * most JSON readers of numeric data accept. */
static void put_double(serve_buf *b, double v, int digits)
{
    char text[40];
    int n;

    if (isnan(v))
        serve_buf_puts(b, "NaN");
    else if (isinf(v))
        serve_buf_puts(b, v > 0 ? "Infinity" : "-Infinity");
    else if ((n = snprintf(text, sizeof text, "%.*g", digits, v)) > 0)
        serve_buf_append(b, text, (size_t)n);
}

/* One formatting pass per element (serve_buf_printf makes two). */
static void put_int(serve_buf *b, long long v)
{
    char text[24];
    int n = snprintf(text, sizeof text, "%lld", v);

    serve_buf_append(b, text, (size_t)n);
}

static void put_element(serve_buf *b, inductor_dtype dt, const char *p)
{
    switch (dt) {
    case INDUCTOR_BOOL:
        serve_buf_puts(b, *p ? "true" : "false");
        break;
    case INDUCTOR_UINT8:
        put_int(b, *(const uint8_t *)p);
        break;
    case INDUCTOR_INT8:
        put_int(b, *(const int8_t *)p);
        break;
    case INDUCTOR_INT16: {
        int16_t v;
        memcpy(&v, p, sizeof v);
        put_int(b, v);
        break;
    }
    case INDUCTOR_INT32: {
        int32_t v;
        memcpy(&v, p, sizeof v);
        put_int(b, v);
        break;
    }
    case INDUCTOR_INT64: {
        int64_t v;
        memcpy(&v, p, sizeof v);
        put_int(b, (long long)v);
        break;
    }
    case INDUCTOR_FLOAT32: {
        float v;
        memcpy(&v, p, sizeof v);
        put_double(b, v, 9); /* 9 digits round-trip any float */
        break;
    }
    case INDUCTOR_FLOAT64: {
        double v;
        memcpy(&v, p, sizeof v);
        put_double(b, v, 17);
        break;
    }
    case INDUCTOR_FLOAT16: {
        uint16_t v;
        memcpy(&v, p, sizeof v);
        put_double(b, half_to_float(v), 9);
        break;
    }
    case INDUCTOR_BFLOAT16: {
        uint16_t v;
        memcpy(&v, p, sizeof v);
        put_double(b, bfloat16_to_float(v), 9);
        break;
    }
    default:
        serve_buf_puts(b, "null");
    }
}

static void put_output(serve_buf *b, const char *name, const inductor_tensor *t,
                       int binary)
{
    inductor_dtype dt = inductor_tensor_dtype(t);
    const int64_t *sizes = inductor_tensor_sizes(t);
    size_t nd = inductor_tensor_ndim(t), n = inductor_tensor_numel(t);
    size_t es = inductor_dtype_size(dt);
    const char *data = inductor_tensor_data(t);

    serve_buf_puts(b, "{\"name\":");
    serve_buf_json_string(b, name);
    serve_buf_printf(b, ",\"datatype\":\"%s\",\"shape\":[",
                     serve_datatype_name(dt) ? serve_datatype_name(dt) : "BYTES");
    for (size_t i = 0; i < nd; i++)
        serve_buf_printf(b, "%s%" PRId64, i ? "," : "", sizes[i]);
    serve_buf_puts(b, "]");
    if (binary) {
        serve_buf_printf(b, ",\"parameters\":{\"binary_data_size\":%zu}}",
                         inductor_tensor_nbytes(t));
        return;
    }
    serve_buf_puts(b, ",\"data\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            serve_buf_append(b, ",", 1);
        put_element(b, dt, data + i * es);
    }
    serve_buf_puts(b, "]}");
}

int serve_encode_response(const serve_sig *sig, const char *model,
                          const char *version, const serve_request *req,
                          inductor_tensor *const *outs, serve_buf *body,
                          long long *header_len)
{
    int first = 1, any_binary = 0;

    serve_buf_puts(body, "{\"model_name\":");
    serve_buf_json_string(body, model);
    if (version) {
        serve_buf_puts(body, ",\"model_version\":");
        serve_buf_json_string(body, version);
    }
    if (req->id) {
        serve_buf_puts(body, ",\"id\":");
        serve_buf_json_string(body, req->id);
    }
    serve_buf_puts(body, ",\"outputs\":[");
    for (size_t i = 0; i < sig->n_out; i++) {
        if (req->want[i] == SERVE_OUT_SKIP)
            continue;
        if (!first)
            serve_buf_append(body, ",", 1);
        first = 0;
        put_output(body, sig->out[i].name, outs[i],
                   req->want[i] == SERVE_OUT_BINARY);
        any_binary |= req->want[i] == SERVE_OUT_BINARY;
    }
    serve_buf_puts(body, "]}");
    *header_len = any_binary ? (long long)body->len : -1;
    for (size_t i = 0; any_binary && i < sig->n_out; i++)
        if (req->want[i] == SERVE_OUT_BINARY)
            serve_buf_append(body, inductor_tensor_data(outs[i]),
                             inductor_tensor_nbytes(outs[i]));
    return body->oom ? -1 : 0;
}

void serve_encode_error(serve_buf *body, const char *msg)
{
    serve_buf_puts(body, "{\"error\":");
    serve_buf_json_string(body, msg);
    serve_buf_puts(body, "}");
}
