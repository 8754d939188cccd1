/*
 * tensor_elem.h - storing one JSON number into a tensor element of a given
 * dtype, shared by the two JSON readers (tensor_json.c, json-c's tree, and
 * tensor_json_fast.c, straight from the text) so that both convert every
 * value the same way.
 */
#ifndef INDUCTOR_CLI_TENSOR_ELEM_H
#define INDUCTOR_CLI_TENSOR_ELEM_H

#include <stdint.h>

#include "inductor.h"

/* The range of an integer dtype; -1 for any other dtype. */
int tensor_elem_int_range(inductor_dtype dt, int64_t *lo, int64_t *hi);

/* Stores v (already range-checked) as an integer dtype's element. */
void tensor_elem_store_int(inductor_dtype dt, void *dst, int64_t v);

/* Stores v as a floating dtype's element (float16 and bfloat16 rounded
 * through float, as torch does). */
void tensor_elem_store_float(inductor_dtype dt, void *dst, double v);

/* float32, float64, float16 or bfloat16. */
int tensor_elem_is_float(inductor_dtype dt);

#endif /* INDUCTOR_CLI_TENSOR_ELEM_H */
