/*
 * test_golden_compare.c - the comparison `inductor verify` makes for each
 * output (golden_compare()): torch.allclose's rule, NaN equal to NaN in
 * the same place, infinities equal to themselves, integers exact, and the
 * worst element reported where it is.
 */
#include <math.h>
#include <string.h>

#include "golden_check.h"
#include "tap.h"

static inductor_tensor *f32(const float *v, int64_t rows, int64_t cols)
{
    int64_t sizes[2] = {rows, cols};
    inductor_tensor *t = NULL;

    inductor_tensor_from_data(INDUCTOR_FLOAT32, sizes, 2, v,
                              (size_t)(rows * cols) * sizeof *v, 0, &t);
    return t;
}

static golden_result cmp(const float *got, const float *want, int64_t rows,
                         int64_t cols, double rtol, double atol)
{
    inductor_tensor *g = f32(got, rows, cols), *w = f32(want, rows, cols);
    golden_result r;

    memset(&r, 0, sizeof r);
    r.rtol = rtol;
    r.atol = atol;
    golden_compare(g, w, &r);
    inductor_tensor_free(g);
    inductor_tensor_free(w);
    return r;
}

int main(void)
{
    const float want[6] = {1, 2, 3, 4, NAN, INFINITY};
    float got[6] = {1, 2, 3, 4, NAN, INFINITY};
    golden_result r;

    r = cmp(got, want, 2, 3, 0, 0);
    ok(r.passed && r.same_layout && r.max_abs == 0 && r.n_bad == 0,
       "identical values pass with zero tolerance, NaN and inf included");

    got[4] = 1;
    r = cmp(got, want, 2, 3, 1, 1);
    ok(!r.passed && isinf(r.max_abs) && r.n_bad == 1 &&
           strcmp(r.where, "[1, 1]") == 0,
       "a number where golden has NaN fails at any tolerance, at [1, 1]");
    got[4] = NAN;

    got[5] = 1e30f;
    r = cmp(got, want, 2, 3, 1, 1);
    ok(!r.passed && isinf(r.max_abs) && strcmp(r.where, "[1, 2]") == 0,
       "a finite value where golden has inf fails, however loose the tolerance");
    got[5] = INFINITY;

    got[2] = 3.3f; /* |diff| 0.3 <= 0.01 + 0.1 * 3 */
    r = cmp(got, want, 2, 3, 0.1, 0.01);
    ok(r.passed && fabs(r.max_abs - 0.3) < 1e-6 && fabs(r.max_rel - 0.1) < 1e-6,
       "within atol + rtol * |golden| passes, max abs and rel reported");
    r = cmp(got, want, 2, 3, 0.09, 0.01);
    ok(!r.passed && r.n_bad == 1 && strcmp(r.where, "[0, 2]") == 0 &&
           fabs(r.got - 3.3) < 1e-6 && r.want == 3,
       "just outside fails, naming the element and both values");

    r = cmp(got, want, 3, 2, 1, 1);
    ok(r.same_layout && r.passed, "the same data as [3, 2] compares alike");
    {
        inductor_tensor *g = f32(want, 3, 2), *w = f32(want, 2, 3);

        memset(&r, 0, sizeof r);
        golden_compare(g, w, &r);
        ok(!r.passed && !r.same_layout &&
               strcmp(r.got_layout, "float32 [3, 2]") == 0 &&
               strcmp(r.want_layout, "float32 [2, 3]") == 0,
           "another shape fails, both layouts named");
        inductor_tensor_free(g);
        inductor_tensor_free(w);
    }
    {
        const int64_t a[2] = {5, 7}, b[2] = {5, 8};
        int64_t sizes[1] = {2};
        inductor_tensor *g = NULL, *w = NULL;

        inductor_tensor_from_data(INDUCTOR_INT64, sizes, 1, a, sizeof a, 0, &g);
        inductor_tensor_from_data(INDUCTOR_INT64, sizes, 1, b, sizeof b, 0, &w);
        memset(&r, 0, sizeof r);
        golden_compare(g, w, &r);
        ok(!r.passed && r.max_abs == 1 && strcmp(r.where, "[1]") == 0,
           "integers with zero tolerance: off by one fails");
        inductor_tensor_free(g);
        inductor_tensor_free(w);
    }
    return done_testing();
}
