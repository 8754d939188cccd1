/*
 * half.c - IEEE binary16 and bfloat16 conversions.
 */
#include <math.h>
#include <string.h>

#include "half.h"

static uint32_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float bits_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

uint16_t half_from_float(float f)
{
    uint32_t u = float_bits(f);
    uint16_t sign = (uint16_t)((u >> 16) & 0x8000u);
    float a = fabsf(f);

    if (isnan(f))
        return sign | 0x7e00u;
    if (a >= 65520.0f) /* rounds to infinity in binary16 */
        return sign | 0x7c00u;
    if (a < 6.103515625e-05f) {
        /* Subnormal: scale so the unit is 2^-24 and round to nearest even. */
        float scaled = a * 16777216.0f;
        return sign | (uint16_t)lrintf(scaled);
    }
    {
        uint32_t exp = ((u >> 23) & 0xffu) - 127 + 15;
        uint32_t mant = u & 0x7fffffu;
        uint32_t h = (exp << 10) | (mant >> 13);
        uint32_t rest = mant & 0x1fffu;
        /* Round to nearest, ties to even; a carry into the exponent is
         * exactly the right result. */
        if (rest > 0x1000u || (rest == 0x1000u && (h & 1u)))
            h++;
        return sign | (uint16_t)h;
    }
}

float half_to_float(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1fu;
    uint32_t mant = h & 0x3ffu;
    float mag;

    if (exp == 0)
        mag = ldexpf((float)mant, -24);
    else if (exp == 31)
        return bits_float(sign | 0x7f800000u | (mant << 13));
    else
        mag = ldexpf((float)(mant | 0x400u), (int)exp - 25);
    return sign ? -mag : mag;
}

uint16_t bfloat16_from_float(float f)
{
    uint32_t u = float_bits(f);

    if (isnan(f))
        return (uint16_t)((u >> 16) | 0x0040u); /* keep it a quiet NaN */
    u += 0x7fffu + ((u >> 16) & 1u);          /* nearest, ties to even */
    return (uint16_t)(u >> 16);
}

float bfloat16_to_float(uint16_t b)
{
    return bits_float((uint32_t)b << 16);
}
