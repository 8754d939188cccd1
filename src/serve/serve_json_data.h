/*
 * serve_json_data.h - a fast path for the "data" arrays of an infer
 * request.  json-c makes one heap object per number, which dominated the
 * server's CPU on image-sized JSON inputs; here the arrays of
 * root.inputs[i].data are cut out of the text (the rest, small, still goes
 * to json-c) and later converted straight into the tensor's buffer.
 *
 * Nothing here reports errors: on anything unusual it gives up and the
 * caller decodes the original text with json-c, which says what is wrong.
 */
#ifndef INDUCTOR_SERVE_JSON_DATA_H
#define INDUCTOR_SERVE_JSON_DATA_H

#include <stddef.h>

#include "inductor.h"

/* The bytes [start, end) of the original text holding one data array,
 * brackets included; start == end when that input has none cut out. */
typedef struct serve_json_span {
    size_t start, end;
} serve_json_span;

typedef struct serve_json_skel {
    char *text;            /* the text, each cut-out array now "[]"; NUL-ended */
    size_t len;
    serve_json_span *span; /* span[i] for root.inputs[i] */
    size_t n_span;
} serve_json_skel;

/* Finds the data arrays of only numbers, commas, whitespace and brackets
 * and builds the skeleton.  0 when at least one was cut out; -1 (nothing
 * to free) when there is none, memory ran out, or the text is anything a
 * simple scan could misread (single quotes, comments, escaped or
 * duplicate keys on the path, ...). */
int serve_json_data_scan(const char *text, size_t len, serve_json_skel *out);

void serve_json_skel_free(serve_json_skel *s);

/* Reads the array text[sp.start, sp.end) (strict JSON: nested arrays at
 * most INDUCTOR_MAX_DIMS deep, RFC 8259 numbers) into dst[0..n) of dtype
 * dt, row-major, converting as the json-c path does.  With dst NULL it only
 * checks that json-c would read the array the same (dt, n ignored).
 * 0, or -1 to give up: a BOOL dtype, a count other than n, a token the
 * dtype does not take, or any doubt. */
int serve_json_data_fill(const char *text, serve_json_span sp,
                         inductor_dtype dt, void *dst, size_t n);

#endif /* INDUCTOR_SERVE_JSON_DATA_H */
