/*
 * test_serve_codec.c - the server's wire format without a server or a
 * model: JSON data flat and nested, Triton's binary inputs and outputs,
 * the outputs a client asks for, and a one-line reason for each bad
 * request.
 */
#include <json-c/json.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "half.h"
#include "serve_codec.h"
#include "tap.h"

/* A model taking x FP32 [-1,2] and idx INT64 [-1], giving y FP32 and
 * flags BOOL. */
static void make_sig(serve_sig *s)
{
    static serve_io in[2], out[2];

    memset(in, 0, sizeof in);
    memset(out, 0, sizeof out);
    in[0].name = "x";
    in[0].dtype = INDUCTOR_FLOAT32;
    in[0].ndim = 2;
    in[0].sizes[0] = -1;
    in[0].sizes[1] = 2;
    in[0].shape_known = 1;
    in[1].name = "idx";
    in[1].dtype = INDUCTOR_INT64;
    out[0].name = "y";
    out[1].name = "flags";
    s->n_in = 2;
    s->n_out = 2;
    s->in = in;
    s->out = out;
}

static int decode(const serve_sig *s, const char *body, serve_request *r,
                  char *err, size_t n)
{
    return serve_decode_request(s, body, strlen(body), -1, r, err, n);
}

static void expect_error(const serve_sig *s, const char *body, const char *want,
                         const char *what)
{
    serve_request r;
    char err[512] = "";
    int rc = decode(s, body, &r, err, sizeof err);

    ok(rc == -1 && strstr(err, want) != NULL && strchr(err, '\n') == NULL,
       "%s: one line naming it", what);
    if (rc != -1 || !strstr(err, want))
        diag("got rc %d, '%s'", rc, err);
    serve_request_free(&r);
}

static void test_json_inputs(const serve_sig *s)
{
    serve_request r;
    char err[512] = "";
    const float *x;
    const int64_t *idx;

    ok(decode(s, "{\"id\":\"r1\",\"inputs\":[{\"name\":\"idx\",\"datatype\":"
                 "\"INT64\",\"shape\":[2],\"data\":[7,-9000000000]},"
                 "{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,2],"
                 "\"data\":[[1.5,2],[3,-4.25]]}]}", &r, err, sizeof err) == 0,
       "nested data, inputs out of order: decoded");
    x = inductor_tensor_data(r.inputs[0]);
    idx = inductor_tensor_data(r.inputs[1]);
    ok(x && x[0] == 1.5f && x[3] == -4.25f, "x lands in input 0, row-major");
    ok(idx && idx[0] == 7 && idx[1] == -9000000000LL, "int64 exact");
    is_str(r.id, "r1", "id kept");
    ok(r.batch == 2 && r.want[0] == SERVE_OUT_JSON && r.want[1] == SERVE_OUT_JSON,
       "batch 2, every output as JSON by default");
    serve_request_free(&r);
}

static void test_binary_inputs(const serve_sig *s)
{
    const char *hdr = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\","
                      "\"shape\":[1,2],\"parameters\":{\"binary_data_size\":8}},"
                      "{\"name\":\"idx\",\"datatype\":\"INT64\",\"shape\":[1],"
                      "\"data\":[3]}],\"parameters\":{\"binary_data_output\":true}}";
    char body[1024], err[512] = "";
    float xs[2] = {0.25f, -8.0f};
    size_t hl = strlen(hdr);
    serve_request r;

    memcpy(body, hdr, hl);
    memcpy(body + hl, xs, sizeof xs);
    ok(serve_decode_request(s, body, hl + 8, (long long)hl, &r, err, sizeof err) == 0,
       "binary input after the header: decoded");
    ok(inductor_tensor_data(r.inputs[0]) == (const void *)(body + hl),
       "binary input borrowed, not copied");
    ok(r.want[0] == SERVE_OUT_BINARY && r.want[1] == SERVE_OUT_BINARY,
       "binary_data_output: every output binary");
    serve_request_free(&r);

    ok(serve_decode_request(s, body, hl + 7, (long long)hl, &r, err, sizeof err) == -1 &&
       strstr(err, "binary_data_size 8 is more than"), "a short binary section is refused");
    serve_request_free(&r);
    ok(serve_decode_request(s, body, hl + 8, (long long)hl + 100, &r, err, sizeof err) == -1 &&
       strstr(err, "Inference-Header-Content-Length"), "a header length beyond the body is refused");
    serve_request_free(&r);
    memcpy(body + hl + 8, "xx", 2);
    ok(serve_decode_request(s, body, hl + 10, (long long)hl, &r, err, sizeof err) == -1 &&
       strstr(err, "2 bytes of binary data"), "unclaimed binary bytes are refused");
    serve_request_free(&r);
}

static void test_bad_requests(const serve_sig *s)
{
    const char *idx = "{\"name\":\"idx\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[1]}";
    char body[1024];

    expect_error(s, "{\"inputs\": [", "invalid JSON", "truncated JSON");
    expect_error(s, "[1,2]", "JSON object", "not an object");
    expect_error(s, "{\"inputs\":[{\"name\":\"z\",\"datatype\":\"FP32\",\"shape\":[1],"
                    "\"data\":[1]}]}", "unknown input 'z'", "unknown input");
    snprintf(body, sizeof body, "{\"inputs\":[%s,{\"name\":\"x\",\"datatype\":"
             "\"FP64\",\"shape\":[1,2],\"data\":[1,2]}]}", idx);
    expect_error(s, body, "expected datatype FP32, got FP64", "wrong datatype");
    snprintf(body, sizeof body, "{\"inputs\":[%s,{\"name\":\"x\",\"datatype\":"
             "\"FP32\",\"shape\":[2,2],\"data\":[1,2,3]}]}", idx);
    expect_error(s, body, "shape holds 4 elements, data has 3", "shape/data mismatch");
    snprintf(body, sizeof body, "{\"inputs\":[%s,{\"name\":\"x\",\"datatype\":"
             "\"BYTES\",\"shape\":[1],\"data\":[\"a\"]}]}", idx);
    expect_error(s, body, "BYTES is not supported", "BYTES refused");
    expect_error(s, "{\"inputs\":[{\"name\":\"idx\",\"datatype\":\"INT64\",\"shape\""
                    ":[1],\"data\":[1.5]}]}", "not an integer", "a float for an int");
    expect_error(s, "{\"inputs\":[{\"name\":\"idx\",\"datatype\":\"INT64\",\"shape\""
                    ":[1],\"data\":[1]}]}", "input 'x' is missing", "missing input");
    expect_error(s, "{\"inputs\":[{\"name\":\"idx\",\"datatype\":\"INT64\",\"shape\""
                    ":[1],\"data\":[9223372036854775808]}]}", "out of range for INT64",
                 "a number past INT64_MAX");
    expect_error(s, "{\"inputs\":[{\"name\":\"idx\",\"datatype\":\"INT64\",\"shape\""
                    ":[-1],\"data\":[1]}]}", "shape[0] is not a size", "negative size");
    snprintf(body, sizeof body, "{\"inputs\":[%s,%s]}", idx, idx);
    expect_error(s, body, "given twice", "an input twice");
    snprintf(body, sizeof body, "{\"inputs\":[%s,{\"name\":\"x\",\"datatype\":"
             "\"FP32\",\"shape\":[1,2],\"data\":[1,2]}],\"outputs\":"
             "[{\"name\":\"nope\"}]}", idx);
    expect_error(s, body, "unknown output 'nope'", "unknown output");
}

/* int8 range, and the outputs a client asks for. */
static void test_ranges_and_outputs(void)
{
    serve_io in = {"q", INDUCTOR_INT8, 0, {0}, 0}, out[2] = {{"a", 0, 0, {0}, 0},
                                                          {"b", 0, 0, {0}, 0}};
    serve_sig s = {1, 2, &in, out};
    serve_request r;
    char err[512];

    expect_error(&s, "{\"inputs\":[{\"name\":\"q\",\"datatype\":\"INT8\",\"shape\":[1],"
                     "\"data\":[128]}]}", "out of range for INT8", "int8 overflow");
    ok(decode(&s, "{\"inputs\":[{\"name\":\"q\",\"datatype\":\"INT8\",\"shape\":[],"
                  "\"data\":-128}],\"outputs\":[{\"name\":\"b\",\"parameters\":"
                  "{\"binary_data\":true}}]}", &r, err, sizeof err) == 0 &&
       *(const int8_t *)inductor_tensor_data(r.inputs[0]) == -128,
       "a scalar given as a bare number");
    ok(r.want[0] == SERVE_OUT_SKIP && r.want[1] == SERVE_OUT_BINARY,
       "outputs: only the one asked for, binary");
    serve_request_free(&r);
}

static void test_encode(void)
{
    serve_io out[3] = {{"y", 0, 0, {0}, 0}, {"flags", 0, 0, {0}, 0},
                       {"h", 0, 0, {0}, 0}};
    serve_sig s = {0, 3, NULL, out};
    int want[3] = {SERVE_OUT_JSON, SERVE_OUT_JSON, SERVE_OUT_BINARY};
    serve_request req = {"abc", 0, NULL, 3, want, 1};
    int64_t sz[2] = {1, 2};
    float y[2] = {0.1f, -3.0f};
    char flags[2] = {1, 0};
    uint16_t h[2] = {half_from_float(1.5f), half_from_float(-2.0f)};
    inductor_tensor *t[3] = {NULL, NULL, NULL};
    serve_buf b = {0};
    long long hl = -2;
    json_object *root, *o;
    char *header;

    inductor_tensor_from_data(INDUCTOR_FLOAT32, sz, 2, y, sizeof y, 0, &t[0]);
    inductor_tensor_from_data(INDUCTOR_BOOL, sz, 2, flags, sizeof flags, 0, &t[1]);
    inductor_tensor_from_data(INDUCTOR_FLOAT16, sz, 2, h, sizeof h, 0, &t[2]);
    ok(serve_encode_response(&s, "m", "3", &req, t, &b, &hl) == 0 && hl > 0 &&
       (size_t)hl + 4 == b.len, "a binary output follows the JSON header");
    header = strndup(b.data, (size_t)hl);
    root = json_tokener_parse(header);
    free(header);
    ok(root != NULL, "the header is JSON");
    is_str(json_object_get_string(json_object_object_get(root, "id")), "abc", "id echoed");
    is_str(json_object_get_string(json_object_object_get(root, "model_version")), "3",
           "model_version");
    o = json_object_array_get_idx(json_object_object_get(root, "outputs"), 0);
    ok((float)json_object_get_double(json_object_array_get_idx(
           json_object_object_get(o, "data"), 0)) == 0.1f,
       "FP32 text round-trips exactly");
    o = json_object_array_get_idx(json_object_object_get(root, "outputs"), 1);
    is_str(json_object_get_string(json_object_object_get(o, "datatype")), "BOOL", "BOOL datatype");
    ok(json_object_get_boolean(json_object_array_get_idx(json_object_object_get(o, "data"), 0)),
       "BOOL as true/false");
    ok(memcmp(b.data + hl, h, 4) == 0, "FP16 binary bytes as they are");
    json_object_put(root);
    serve_buf_free(&b);
    for (int i = 0; i < 3; i++)
        inductor_tensor_free(t[i]);
    serve_encode_error(&b, "bad \"x\"\n");
    is_str(b.data, "{\"error\":\"bad \\\"x\\\"\\u000a\"}", "errors are escaped JSON");
    serve_buf_free(&b);
}

int main(void)
{
    serve_sig s;
    char err[256];

    make_sig(&s);
    test_json_inputs(&s);
    test_binary_inputs(&s);
    test_bad_requests(&s);
    test_ranges_and_outputs();
    test_encode();
    ok(serve_datatype_parse("BF16", err, sizeof err) == INDUCTOR_BFLOAT16 &&
       serve_datatype_parse("UINT32", err, sizeof err) == INDUCTOR_DTYPE_INVALID,
       "datatype names");
    return done_testing();
}
