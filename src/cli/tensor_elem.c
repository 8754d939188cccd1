/*
 * tensor_elem.c - see tensor_elem.h.
 */
#include <string.h>

#include "half.h"
#include "tensor_elem.h"

int tensor_elem_int_range(inductor_dtype dt, int64_t *lo, int64_t *hi)
{
    switch (dt) {
    case INDUCTOR_INT64: *lo = INT64_MIN; *hi = INT64_MAX; return 0;
    case INDUCTOR_INT32: *lo = INT32_MIN; *hi = INT32_MAX; return 0;
    case INDUCTOR_INT16: *lo = INT16_MIN; *hi = INT16_MAX; return 0;
    case INDUCTOR_INT8: *lo = INT8_MIN; *hi = INT8_MAX; return 0;
    case INDUCTOR_UINT8: *lo = 0; *hi = UINT8_MAX; return 0;
    default: return -1;
    }
}

void tensor_elem_store_int(inductor_dtype dt, void *dst, int64_t v)
{
    switch (dt) {
    case INDUCTOR_INT64: { int64_t x = v; memcpy(dst, &x, sizeof x); break; }
    case INDUCTOR_INT32: { int32_t x = (int32_t)v; memcpy(dst, &x, sizeof x); break; }
    case INDUCTOR_INT16: { int16_t x = (int16_t)v; memcpy(dst, &x, sizeof x); break; }
    case INDUCTOR_INT8: { int8_t x = (int8_t)v; memcpy(dst, &x, sizeof x); break; }
    default: { uint8_t x = (uint8_t)v; memcpy(dst, &x, sizeof x); break; }
    }
}

void tensor_elem_store_float(inductor_dtype dt, void *dst, double v)
{
    switch (dt) {
    case INDUCTOR_FLOAT64: memcpy(dst, &v, sizeof v); break;
    case INDUCTOR_FLOAT32: { float x = (float)v; memcpy(dst, &x, sizeof x); break; }
    case INDUCTOR_FLOAT16: { uint16_t x = half_from_float((float)v); memcpy(dst, &x, sizeof x); break; }
    default: { uint16_t x = bfloat16_from_float((float)v); memcpy(dst, &x, sizeof x); break; }
    }
}

int tensor_elem_is_float(inductor_dtype dt)
{
    return dt == INDUCTOR_FLOAT32 || dt == INDUCTOR_FLOAT64 ||
           dt == INDUCTOR_FLOAT16 || dt == INDUCTOR_BFLOAT16;
}
