/*
 * random_input.c - reproducible random tensors for --random: SplitMix64,
 * whose stream depends only on the seed, so a seed names the same inputs
 * on every platform.
 */
#include <stdio.h>
#include <string.h>

#include "errbuf.h"
#include "half.h"
#include "random_input.h"

/* Integers come from [0, RANDOM_INT_MAX): small enough to index any
 * embedding table a test model has. */
#define RANDOM_INT_MAX 10

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));

    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void store(inductor_dtype dt, void *dst, uint64_t r)
{
    double u = (double)(r >> 11) * 0x1.0p-53 * 2.0 - 1.0; /* [-1, 1) */
    int64_t k = (int64_t)(r % RANDOM_INT_MAX);

    switch (dt) {
    case INDUCTOR_FLOAT32: { float f = (float)u; memcpy(dst, &f, 4); break; }
    case INDUCTOR_FLOAT64: memcpy(dst, &u, 8); break;
    case INDUCTOR_FLOAT16: { uint16_t h = half_from_float((float)u); memcpy(dst, &h, 2); break; }
    case INDUCTOR_BFLOAT16: { uint16_t h = bfloat16_from_float((float)u); memcpy(dst, &h, 2); break; }
    case INDUCTOR_INT64: memcpy(dst, &k, 8); break;
    case INDUCTOR_INT32: { int32_t v = (int32_t)k; memcpy(dst, &v, 4); break; }
    case INDUCTOR_INT16: { int16_t v = (int16_t)k; memcpy(dst, &v, 2); break; }
    case INDUCTOR_BOOL: *(uint8_t *)dst = (uint8_t)(r >> 63); break;
    default: *(uint8_t *)dst = (uint8_t)k; break; /* int8, uint8 */
    }
}

int random_input_make(inductor_dtype dt, const int64_t *sizes, size_t ndim,
                      uint64_t *state, inductor_tensor **out, char *err,
                      size_t errlen)
{
    size_t esize = inductor_dtype_size(dt);
    inductor_tensor *t;
    char *data;

    *out = NULL;
    if (inductor_tensor_zeros(dt, sizes, ndim, &t) != INDUCTOR_OK) {
        errbuf_set(err, errlen, "%s", inductor_last_error());
        return -1;
    }
    data = inductor_tensor_mutable_data(t);
    for (size_t i = 0; i < inductor_tensor_numel(t); i++)
        store(dt, data + i * esize, splitmix64(state));
    *out = t;
    return 0;
}
