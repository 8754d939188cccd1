/*
 * serve_codec.h - the Open Inference Protocol's tensors on the wire: an
 * infer request body (JSON, or a JSON header followed by Triton's binary
 * tensor data) decoded into input tensors in the model's order, and the
 * outputs encoded back.  Pure: no HTTP, no model runs, so that unit tests
 * and a later gRPC front end can use it as is.
 */
#ifndef INDUCTOR_SERVE_CODEC_H
#define INDUCTOR_SERVE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "inductor.h"
#include "serve_buf.h"

/* One input or output as the server describes it. */
typedef struct serve_io {
    char *name;
    inductor_dtype dtype; /* INDUCTOR_DTYPE_INVALID: not recorded */
    size_t ndim;
    int64_t sizes[INDUCTOR_MAX_DIMS]; /* -1: dynamic */
    int shape_known;
} serve_io;

/* A model's inputs and outputs, names unique, in the model's order. */
typedef struct serve_sig {
    size_t n_in, n_out;
    serve_io *in, *out;
} serve_sig;

/* Builds the description from a signature (may be NULL: names
 * "input_N"/"output_N", nothing else known).  Inputs are named by their
 * keyword or recorded name, outputs by their dict key, else recorded
 * name.  Returns 0, or -1 when out of memory. */
int serve_sig_build(const inductor_signature *s, size_t n_in, size_t n_out,
                    serve_sig *out);
void serve_sig_free(serve_sig *s);

/* KServe datatype names: "FP32" for INDUCTOR_FLOAT32; NULL if none. */
const char *serve_datatype_name(inductor_dtype dt);
/* The dtype of a KServe datatype name; INDUCTOR_DTYPE_INVALID with the
 * reason in err when inductor cannot take it (BYTES, UINT16, unknown). */
inductor_dtype serve_datatype_parse(const char *name, char *err, size_t errlen);

/* What the client wants back for each output. */
enum { SERVE_OUT_SKIP = 0, SERVE_OUT_JSON = 1, SERVE_OUT_BINARY = 2 };

typedef struct serve_request {
    char *id;                 /* the request's "id", NULL if none */
    size_t n_in;
    inductor_tensor **inputs; /* in the model's order */
    size_t n_out;
    int *want;                /* SERVE_OUT_* per model output */
    size_t batch;             /* first input's dim 0 (1 for a scalar) */
} serve_request;

/* 1 (the default): serve_decode_request reads numeric "data" arrays
 * straight into the tensors (serve_json_data.h), with the same results and
 * errors as json-c alone; 0: json-c alone, for tests that compare both. */
extern int serve_decode_fast_json;

/* Decodes `len` bytes of `body`.  header_len < 0: the whole body is JSON;
 * else the first header_len bytes are (Inference-Header-Content-Length)
 * and the rest is the binary data of the inputs that declare
 * parameters.binary_data_size, in order.  Binary inputs borrow from
 * `body`, which must outlive the request.  Returns 0, or -1 with a
 * one-line reason in err (a bad request: HTTP 400). */
int serve_decode_request(const serve_sig *sig, const char *body, size_t len,
                         long long header_len, serve_request *req,
                         char *err, size_t errlen);
void serve_request_free(serve_request *req);

/* Encodes the response to `req` from the model's outputs (n_out of them,
 * as in sig).  *header_len is the JSON header's length when some output
 * is binary, else -1 (the whole body is JSON).  Returns 0, or -1 when out
 * of memory. */
int serve_encode_response(const serve_sig *sig, const char *model,
                          const char *version, const serve_request *req,
                          inductor_tensor *const *outs, serve_buf *body,
                          long long *header_len);

/* `{"error": "<msg>"}` */
void serve_encode_error(serve_buf *body, const char *msg);

#endif /* INDUCTOR_SERVE_CODEC_H */
