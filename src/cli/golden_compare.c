/*
 * golden_compare.c - comparing one output with its golden tensor (see
 * golden_compare() in golden_check.h); apart from running models, so that
 * unit tests check the rules (NaN, infinities, tolerances) directly.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "golden_check.h"
#include "tensor_json.h"

static void layout(const inductor_tensor *t, char *buf, size_t len)
{
    size_t n = inductor_tensor_ndim(t), at;
    const int64_t *s = inductor_tensor_sizes(t);

    at = (size_t)snprintf(buf, len, "%s [",
                          inductor_dtype_name(inductor_tensor_dtype(t)));
    for (size_t i = 0; i < n && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, "%s%lld", i ? ", " : "",
                               (long long)s[i]);
    if (at < len)
        snprintf(buf + at, len - at, "]");
}

/* Flat index k of a row-major tensor as "[i, j, ...]". */
static void index_text(const inductor_tensor *t, size_t k, char *buf, size_t len)
{
    size_t n = inductor_tensor_ndim(t), idx[INDUCTOR_MAX_DIMS], at = 0;
    const int64_t *s = inductor_tensor_sizes(t);

    for (size_t d = n; d-- > 0;) {
        idx[d] = s[d] ? k % (size_t)s[d] : 0;
        k = s[d] ? k / (size_t)s[d] : 0;
    }
    at = (size_t)snprintf(buf, len, "[");
    for (size_t d = 0; d < n && at < len; d++)
        at += (size_t)snprintf(buf + at, len - at, "%s%zu", d ? ", " : "", idx[d]);
    if (at < len)
        snprintf(buf + at, len - at, "]");
}

/* |a - b| with NaN == NaN and inf == inf; INFINITY for a lone NaN or an
 * infinity against anything else (torch.isclose: inf is close only to
 * itself). */
static double abs_diff(double a, double b)
{
    if (a == b || (isnan(a) && isnan(b)))
        return 0.0;
    if (!isfinite(a) || !isfinite(b))
        return INFINITY;
    return fabs(a - b);
}

/* Written so that equal values pass whatever the tolerance (0 * inf is
 * NaN) and an infinite difference never does. */
static int within(double d, double b, double rtol, double atol)
{
    return d == 0 || (isfinite(d) && d <= atol + rtol * fabs(b));
}

void golden_compare(const inductor_tensor *got, const inductor_tensor *want,
                    golden_result *r)
{
    size_t n = inductor_tensor_numel(want);

    layout(got, r->got_layout, sizeof r->got_layout);
    layout(want, r->want_layout, sizeof r->want_layout);
    r->same_layout = strcmp(r->got_layout, r->want_layout) == 0;
    r->numel = n;
    if (!r->same_layout) {
        r->max_abs = r->max_rel = INFINITY;
        r->n_bad = n;
        return;
    }
    for (size_t k = 0; k < n; k++) {
        double a = tensor_element_as_double(got, k);
        double b = tensor_element_as_double(want, k);
        double d = abs_diff(a, b), rel = d == 0 ? 0 : d / fabs(b);

        if (!within(d, b, r->rtol, r->atol))
            r->n_bad++;
        if (k == 0 || d > r->max_abs) {
            r->max_abs = d;
            r->worst = k;
            r->got = a;
            r->want = b;
        }
        if (rel > r->max_rel || isnan(rel))
            r->max_rel = isnan(rel) ? INFINITY : rel;
    }
    if (n)
        index_text(want, r->worst, r->where, sizeof r->where);
    r->passed = r->n_bad == 0;
}

