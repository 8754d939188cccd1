/*
 * test_half.c - unit test of the float16 and bfloat16 conversions in
 * src/cli/half.c (TAP output).
 *
 * Every expected bit pattern below was worked out from the IEEE 754 rules
 * (binary16: 1 sign, 5 exponent bits biased by 15, 10 fraction bits;
 * bfloat16: the top 16 bits of a binary32; round to nearest, ties to even)
 * and cross-checked with NumPy's float32 -> float16 cast and PyTorch's
 * float32 -> bfloat16 cast.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "half.h"
#include "tap.h"

static float from_bits(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint32_t to_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* float -> float16 must give exactly `want`. */
static void half_is(float f, unsigned want, const char *name)
{
    is_int(half_from_float(f), want, "float16 from %s is 0x%04x", name, want);
}

static void bf16_is(float f, unsigned want, const char *name)
{
    is_int(bfloat16_from_float(f), want, "bfloat16 from %s is 0x%04x", name,
           want);
}

/* float16 bits -> float must be exactly `want` (bit for bit: keeps -0). */
static void half_value_is(unsigned h, float want, const char *name)
{
    float got = half_to_float((uint16_t)h);
    if (!ok(to_bits(got) == to_bits(want), "float16 0x%04x is %s", h, name))
        diag("     got %.9g (0x%08x)", got, (unsigned)to_bits(got));
}

static int half_is_nan(unsigned h)
{
    return (h & 0x7c00u) == 0x7c00u && (h & 0x03ffu) != 0;
}

static int bf16_is_nan(unsigned b)
{
    return (b & 0x7f80u) == 0x7f80u && (b & 0x007fu) != 0;
}

static void test_half_exact(void)
{
    half_is(0.0f, 0x0000, "0");
    half_is(-0.0f, 0x8000, "-0 (sign kept)");
    half_is(1.0f, 0x3c00, "1");
    half_is(-2.0f, 0xc000, "-2");
    half_is(65504.0f, 0x7bff, "65504 (largest finite)");
    half_is(-65504.0f, 0xfbff, "-65504");
    half_is(ldexpf(1.0f, -14), 0x0400, "2^-14 (smallest normal)");
    half_is(ldexpf(1.0f, -24), 0x0001, "2^-24 (smallest subnormal)");
    half_is(ldexpf(1023.0f, -24), 0x03ff, "1023 * 2^-24 (largest subnormal)");
    half_is(-ldexpf(1.0f, -24), 0x8001, "-2^-24");
}

static void test_half_rounding(void)
{
    half_is(1.0f / 3.0f, 0x3555, "1/3 (rounds down)");
    half_is(0.1f, 0x2e66, "0.1 (rounds up)");
    /* Normal range: the ulp of [1, 2) is 2^-10. */
    half_is(1.0f + ldexpf(1.0f, -11), 0x3c00,
            "1 + 2^-11 (tie, to even 1)");
    half_is(1.0f + ldexpf(3.0f, -11), 0x3c02,
            "1 + 3 * 2^-11 (tie, to even 0x3c02)");
    half_is(1.0f + ldexpf(1.0f, -11) + ldexpf(1.0f, -23), 0x3c01,
            "1 + 2^-11 + 2^-23 (just above the tie, up)");
    half_is(2049.0f, 0x6800, "2049 (tie between 2048 and 2050, to 2048)");
    half_is(2051.0f, 0x6802, "2051 (tie between 2050 and 2052, to 2052)");
    half_is(1.0f - ldexpf(1.0f, -12), 0x3c00,
            "1 - 2^-12 (tie, carries into the exponent)");
    half_is(1.0f - ldexpf(1.0f, -12) - ldexpf(1.0f, -24), 0x3bff,
            "1 - 2^-12 - 2^-24 (below the tie, stays 0x3bff)");
    /* Subnormal range: the unit is 2^-24. */
    half_is(ldexpf(1.0f, -25), 0x0000, "2^-25 (tie, to even 0)");
    half_is(ldexpf(1.0f, -25) * (1.0f + ldexpf(1.0f, -23)), 0x0001,
            "2^-25 * (1 + 2^-23) (above the tie, up to 2^-24)");
    half_is(ldexpf(3.0f, -26), 0x0001, "3 * 2^-26 (0.75 ulp, up)");
    half_is(ldexpf(3.0f, -25), 0x0002, "3 * 2^-25 (tie 1.5 ulp, to even 2)");
    half_is(ldexpf(5.0f, -25), 0x0002, "5 * 2^-25 (tie 2.5 ulp, to even 2)");
    half_is(-ldexpf(3.0f, -25), 0x8002, "-3 * 2^-25 (tie, to even, sign kept)");
    half_is(ldexpf(1.0f, -14) - ldexpf(1.0f, -25), 0x0400,
            "2^-14 - 2^-25 (tie, rounds up to the smallest normal)");
    half_is(from_bits(0x00000001u), 0x0000,
            "float32 subnormal 2^-149 (underflows to 0)");
    half_is(-from_bits(0x00000001u), 0x8000,
            "-2^-149 (underflows to -0)");
}

static void test_half_overflow(void)
{
    half_is(65505.0f, 0x7bff, "65505 (rounds down to 65504)");
    half_is(65519.0f, 0x7bff, "65519 (below the 65520 midpoint, 65504)");
    half_is(65520.0f, 0x7c00, "65520 (midpoint, the even neighbour is inf)");
    half_is(-65520.0f, 0xfc00, "-65520 (-inf)");
    half_is(1e10f, 0x7c00, "1e10 (inf)");
    half_is(from_bits(0x7f7fffffu), 0x7c00, "FLT_MAX (inf)");
    half_is(INFINITY, 0x7c00, "inf");
    half_is(-INFINITY, 0xfc00, "-inf");
}

static void test_half_nan(void)
{
    unsigned h;

    h = half_from_float(NAN);
    ok(half_is_nan(h), "float16 from NaN is a NaN (0x%04x)", h);
    ok((h & 0x0200u) != 0, "float16 from NaN is a quiet NaN");
    h = half_from_float(from_bits(0x7f800001u));
    ok(half_is_nan(h),
       "float16 from a NaN with only a low payload bit is still a NaN");
    h = half_from_float(from_bits(0xffc00000u));
    ok(half_is_nan(h) && (h & 0x8000u), "float16 from -NaN is a negative NaN");
}

static void test_half_to_float(void)
{
    half_value_is(0x0000, 0.0f, "+0");
    half_value_is(0x8000, -0.0f, "-0");
    half_value_is(0x3c00, 1.0f, "1");
    half_value_is(0xc000, -2.0f, "-2");
    half_value_is(0x3555, 0.333251953125f, "0.333251953125");
    half_value_is(0x7bff, 65504.0f, "65504");
    half_value_is(0xfbff, -65504.0f, "-65504");
    half_value_is(0x0001, ldexpf(1.0f, -24), "2^-24");
    half_value_is(0x8001, -ldexpf(1.0f, -24), "-2^-24");
    half_value_is(0x03ff, ldexpf(1023.0f, -24), "1023 * 2^-24");
    half_value_is(0x0400, ldexpf(1.0f, -14), "2^-14");
    half_value_is(0x7c00, INFINITY, "inf");
    half_value_is(0xfc00, -INFINITY, "-inf");
    ok(isnan(half_to_float(0x7e00)), "float16 0x7e00 is NaN");
    ok(isnan(half_to_float(0x7c01)), "float16 0x7c01 (signalling) is NaN");
    ok(isnan(half_to_float(0xfe00)) && signbit(half_to_float(0xfe00)),
       "float16 0xfe00 is a negative NaN");
}

static void test_half_exhaustive(void)
{
    unsigned bad = 0, first = 0;
    unsigned notmono = 0;

    for (unsigned h = 0; h <= 0xffffu; h++) {
        uint16_t back = half_from_float(half_to_float((uint16_t)h));
        int good = half_is_nan(h) ? half_is_nan(back) : back == h;
        if (!good && bad++ == 0)
            first = h;
    }
    if (!ok(bad == 0, "every float16 round-trips through float (NaN stays NaN)"))
        diag("     %u failures, first 0x%04x", bad, first);
    for (unsigned h = 0; h < 0x7c00u; h++)
        if (!(half_to_float((uint16_t)(h + 1)) > half_to_float((uint16_t)h)))
            notmono++;
    is_int(notmono, 0, "positive float16 values increase with their bits");
}

static void test_bf16(void)
{
    bf16_is(0.0f, 0x0000, "0");
    bf16_is(-0.0f, 0x8000, "-0");
    bf16_is(1.0f, 0x3f80, "1");
    bf16_is(1.0f / 3.0f, 0x3eab, "1/3 (rounds up)");
    bf16_is(-1.0f / 3.0f, 0xbeab, "-1/3");
    bf16_is(from_bits(0x40490fdbu), 0x4049, "pi (rounds down)");
    /* The ulp of [1, 2) is 2^-7. */
    bf16_is(1.0f + ldexpf(1.0f, -8), 0x3f80, "1 + 2^-8 (tie, to even 1)");
    bf16_is(1.0f + ldexpf(3.0f, -8), 0x3f82,
            "1 + 3 * 2^-8 (tie, to even 0x3f82)");
    bf16_is(1.0f + ldexpf(1.0f, -8) + ldexpf(1.0f, -23), 0x3f81,
            "1 + 2^-8 + 2^-23 (above the tie, up)");
    bf16_is(from_bits(0x7f7f7fffu), 0x7f7f,
            "0x7f7f7fff (below the tie, largest finite)");
    bf16_is(from_bits(0x7f7f8000u), 0x7f80,
            "0x7f7f8000 (tie above the largest finite, to inf)");
    bf16_is(from_bits(0x7f7fffffu), 0x7f80, "FLT_MAX (inf)");
    bf16_is(INFINITY, 0x7f80, "inf");
    bf16_is(-INFINITY, 0xff80, "-inf");
    bf16_is(from_bits(0x00000001u), 0x0000, "2^-149 (to 0)");
    bf16_is(from_bits(0x00008000u), 0x0000,
            "0x00008000 (subnormal tie, to even 0)");
    bf16_is(from_bits(0x00018000u), 0x0002,
            "0x00018000 (subnormal tie, to even 0x0002)");
}

static void test_bf16_nan(void)
{
    unsigned b;

    b = bfloat16_from_float(NAN);
    ok(bf16_is_nan(b), "bfloat16 from NaN is a NaN (0x%04x)", b);
    b = bfloat16_from_float(from_bits(0x7f800001u));
    ok(bf16_is_nan(b),
       "bfloat16 from a NaN with only a low payload bit is still a NaN");
    b = bfloat16_from_float(from_bits(0x7fffffffu));
    ok(bf16_is_nan(b), "bfloat16 from NaN 0x7fffffff does not carry into "
                       "the sign (0x%04x)", b);
    ok(bf16_is_nan(b) && !(b & 0x8000u),
       "bfloat16 from NaN 0x7fffffff stays positive");
    b = bfloat16_from_float(from_bits(0xffc00000u));
    ok(bf16_is_nan(b) && (b & 0x8000u), "bfloat16 from -NaN is a negative NaN");
}

static void test_bf16_to_float(void)
{
    unsigned bad = 0, first = 0;

    ok(bfloat16_to_float(0x3f80) == 1.0f, "bfloat16 0x3f80 is 1");
    ok(bfloat16_to_float(0x3eab) == from_bits(0x3eab0000u),
       "bfloat16 0x3eab is 0.333984375");
    ok(bfloat16_to_float(0x8000) == 0.0f && signbit(bfloat16_to_float(0x8000)),
       "bfloat16 0x8000 is -0");
    ok(bfloat16_to_float(0x0001) == ldexpf(1.0f, -133),
       "bfloat16 0x0001 is 2^-133 (subnormal)");
    ok(bfloat16_to_float(0x7f80) == INFINITY, "bfloat16 0x7f80 is inf");
    ok(bfloat16_to_float(0xff80) == -INFINITY, "bfloat16 0xff80 is -inf");
    ok(isnan(bfloat16_to_float(0x7fc0)), "bfloat16 0x7fc0 is NaN");
    for (unsigned b = 0; b <= 0xffffu; b++) {
        uint16_t back = bfloat16_from_float(bfloat16_to_float((uint16_t)b));
        int good = bf16_is_nan(b) ? bf16_is_nan(back) : back == b;
        if (!good && bad++ == 0)
            first = b;
    }
    if (!ok(bad == 0, "every bfloat16 round-trips through float (NaN stays NaN)"))
        diag("     %u failures, first 0x%04x", bad, first);
}

int main(void)
{
    test_half_exact();
    test_half_rounding();
    test_half_overflow();
    test_half_nan();
    test_half_to_float();
    test_half_exhaustive();
    test_bf16();
    test_bf16_nan();
    test_bf16_to_float();
    return done_testing();
}
