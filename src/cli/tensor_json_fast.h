/*
 * tensor_json_fast.h - the fast path of the JSON tensor reader.
 *
 * json-c builds one heap object per array element, which made decoding a
 * 1x3x224x224 input slower than Python's json module.  This reader parses
 * the common, well-formed documents (classic, multi and named forms with
 * only the keys "inputs", "data", "shape" and "dtype") in one pass,
 * converting numbers straight into the tensor's memory.
 *
 * It never reports an error: anything it does not handle, or any input
 * that would be refused (a wrong count, a value out of range, a duplicate
 * key, an escape in a string, NaN spelt otherwise than Python writes it),
 * makes it give up, and tensor_json.c then parses the text again with
 * json-c, which gives the one-line error.  What it accepts, it reads
 * exactly as the json-c path does: tests/fuzz/fuzz_tensor_json.c checks
 * that on every input it accepts.
 */
#ifndef INDUCTOR_CLI_TENSOR_JSON_FAST_H
#define INDUCTOR_CLI_TENSOR_JSON_FAST_H

#include <stddef.h>

#include "tensor_list.h"

/* Parses text[0..len) (named: the named form is allowed too, as in
 * tensor_json_parse_named).  Returns 0 with *out filled, or -1 with *out
 * empty when the document must go the general way. */
int tensor_json_fast_parse(const char *text, size_t len, int named,
                           tensor_list *out);

#endif /* INDUCTOR_CLI_TENSOR_JSON_FAST_H */
