/*
 * tensor_json.h - tensors to and from inductor's JSON formats.
 *
 * Input, classic:  {"data": [1, 2, ...], "shape": [1, 4]}   (float32)
 * Input, multi:    {"inputs": [{"dtype": "int64", "shape": [2, 3],
 *                               "data": [...]}, ...]}
 * Input, named:    {"inputs": {"input_ids": {"dtype": "int64", ...},
 *                              "attention_mask": {...}}}
 * Output:          {"latency_ms": 0.1, "num_outputs": 1, "outputs":
 *                   [{"index": 0, "key": "logits", "dtype": "float32",
 *                     "shape": [1, 3], "data": [...]}]}
 *                  ("key" only for outputs returned inside a dict; "file"
 *                  instead of "data" when written with --output-dir)
 * Data is flat, row-major; its length must equal the product of the shape.
 * Integers are JSON integers, bool is true/false, non-finite floats are
 * NaN, Infinity and -Infinity (as Python's json writes them).
 */
#ifndef INDUCTOR_CLI_TENSOR_JSON_H
#define INDUCTOR_CLI_TENSOR_JSON_H

#include <json-c/json.h>

#include "inductor.h"
#include "tensor_list.h"

/* Parses the classic or multi (list) format from `text`, which must have a
 * NUL at text[len] (input_file_read() provides one).  The named form is
 * refused here (it needs the model's input names).  On failure returns -1
 * and puts a one-line reason in err ("input 1: data has 3 values, shape
 * [2, 2] needs 4"); *out is then empty. */
int tensor_json_parse_inputs(const char *text, size_t len, tensor_list *out,
                             char *err, size_t errlen);

/* Like tensor_json_parse_inputs(), and also accepts the named form, whose
 * keys land in out->names in document order.  A key that appears twice in
 * any JSON object is refused ("duplicate key \"x\"").  */
int tensor_json_parse_named(const char *text, size_t len, tensor_list *out,
                            char *err, size_t errlen);

/* Either of the above (named: the latter), with fast = 0 forcing the
 * general json-c reader instead of trying tensor_json_fast.c first: for
 * tests and benchmarks that compare the two. */
int tensor_json_parse_with(const char *text, size_t len, int named,
                           int fast, tensor_list *out, char *err,
                           size_t errlen);

/* One output as {"index", "dtype", "shape"[, "data"]}; NULL if out of
 * memory. */
json_object *tensor_json_from_tensor(const inductor_tensor *t, size_t index,
                                     int with_data);

/* The whole output document.  Caller releases with json_object_put(). */
json_object *tensor_json_outputs(inductor_tensor *const *outs, size_t n,
                                 double latency_ms, int with_data);

/* The same with each output's dict key (keys NULL, or keys[i] NULL: no
 * "key") and the file it was written to (files NULL, or files[i] NULL: no
 * "file"; with a file, no "data" is included). */
json_object *tensor_json_outputs_ex(inductor_tensor *const *outs,
                                    const char *const *keys,
                                    const char *const *files, size_t n,
                                    double latency_ms, int with_data);

/* Element i of a tensor as a double (for statistics and pretty output). */
double tensor_element_as_double(const inductor_tensor *t, size_t i);

#endif /* INDUCTOR_CLI_TENSOR_JSON_H */
