/*
 * json_double.h - the exact fast path for JSON number literals into
 * doubles, shared by the two readers that skip json-c for bulk data
 * (src/cli/tensor_json_fast.c, src/serve/serve_json_data.c): most
 * literals are converted by one IEEE operation, correctly rounded as strtod
 * would, and strtod (the profile's hot spot) is left to the rest.
 */
#ifndef INDUCTOR_CLI_JSON_DOUBLE_H
#define INDUCTOR_CLI_JSON_DOUBLE_H

#include <stdint.h>

/* The digits of a number's mantissa, as far as they matter to
 * json_exact_double(): up to 19 significant ones, and whether more
 * followed.  Start from {0, 0, 0}. */
typedef struct mantissa {
    uint64_t m;
    int sig, more;
} mantissa;

static inline void mantissa_add_digit(mantissa *k, char ch)
{
    unsigned dgt = (unsigned)(ch - '0');

    if (k->m == 0 && dgt == 0)
        return; /* a leading zero is not significant */
    if (k->sig < 19) {
        k->m = k->m * 10 + dgt;
        k->sig++;
    } else {
        k->more = 1;
    }
}

/* m * 10^e10 when both are exact doubles (m <= 2^53, |e10| <= 22): then one
 * IEEE multiplication or division rounds it correctly, as strtod does
 * (Clinger's fast path).  -1 when the literal needs strtod. */
static inline int json_exact_double(const mantissa *k, long e10, int neg,
                                    double *out)
{
    static const double pow10[] = {
        1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double d;

    if (k->more || k->m > ((uint64_t)1 << 53) || e10 < -22 || e10 > 22)
        return -1;
    d = (double)k->m;
    d = e10 < 0 ? d / pow10[-e10] : d * pow10[e10];
    *out = neg ? -d : d;
    return 0;
}

#endif /* INDUCTOR_CLI_JSON_DOUBLE_H */
