/*
 * test_zero_copy.c - outputs handed over without a copy stay correct
 * (TAP output).
 *
 * libinductor gives the caller the backend's result tensor itself when
 * nothing else holds its memory, and copies otherwise.  The aliasing
 * fixture returns (x, x * 2, (x + 1).t(), table): its input unchanged, a
 * fresh result, a non-contiguous view, and a constant.  Whatever was or was
 * not copied, every output must be the caller's own: unaffected by the
 * caller's input buffer changing, by later runs, by writes to other
 * outputs, and by the model being closed; and writing into the constant's
 * output must not change the model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inductor.h"
#include "tap.h"

#define B 2
#define N_OUT 4

static float x_data[B * 4];

static int run(inductor_model *m, inductor_tensor *out[N_OUT])
{
    int64_t sizes[2] = {B, 4};
    inductor_tensor *x = NULL;
    int rc;

    /* Borrowed: the backend wraps the caller's own memory. */
    if (inductor_tensor_from_data(INDUCTOR_FLOAT32, sizes, 2, x_data,
                                  sizeof x_data, INDUCTOR_TENSOR_BORROW,
                                  &x) != INDUCTOR_OK)
        return -1;
    rc = inductor_model_run(m, &x, 1, out, N_OUT) == INDUCTOR_OK ? 0 : -1;
    if (rc != 0)
        diag("run: %s", inductor_last_error());
    inductor_tensor_free(x);
    return rc;
}

/* Output k for the input values `x` (the fixture's arithmetic). */
static int outputs_match(inductor_tensor *out[N_OUT], const float *x)
{
    const float *o[N_OUT];

    for (int k = 0; k < N_OUT; k++)
        o[k] = inductor_tensor_data(out[k]);
    for (int i = 0; i < B; i++)
        for (int j = 0; j < 4; j++) {
            float v = x[i * 4 + j];
            if (o[0][i * 4 + j] != v || o[1][i * 4 + j] != v * 2 ||
                o[2][j * B + i] != v + 1)
                return 0;
        }
    for (int k = 0; k < 12; k++)
        if (o[3][k] != (float)k)
            return 0;
    return 1;
}

static void free_all(inductor_tensor *out[N_OUT])
{
    for (int k = 0; k < N_OUT; k++)
        inductor_tensor_free(out[k]);
}

int main(void)
{
    const char *fixtures = getenv("FIXTURES");
    float first[B * 4], second[B * 4];
    inductor_tensor *a[N_OUT] = {0}, *b[N_OUT] = {0};
    inductor_model *m = NULL;
    char path[4096];

    plan(8);
    snprintf(path, sizeof path, "%s/aliasing.pt2",
             fixtures && *fixtures ? fixtures : "tests/fixtures");
    if (!ok(inductor_model_open(path, "cpu", NULL, &m) == INDUCTOR_OK,
            "open the aliasing fixture"))
        bail_out("%s", inductor_last_error());
    for (int i = 0; i < B * 4; i++)
        x_data[i] = first[i] = (float)i * 0.5f - 1.0f;
    ok(run(m, a) == 0 && outputs_match(a, first),
       "x, x * 2, (x + 1).t() and the constant come out right");

    for (int i = 0; i < B * 4; i++)
        x_data[i] = 999.0f;
    ok(outputs_match(a, first), "changing the caller's input buffer leaves "
       "every output alone (the returned input was copied)");

    memset(inductor_tensor_mutable_data(a[3]), 0, 12 * sizeof(float));
    memset(inductor_tensor_mutable_data(a[1]), 0, B * 4 * sizeof(float));
    for (int i = 0; i < B * 4; i++)
        x_data[i] = second[i] = (float)i + 3.0f;
    ok(run(m, b) == 0 && outputs_match(b, second),
       "after writing into the first run's outputs, the next run is right "
       "(the constant's output was a copy, not the model's own)");
    ok(((const float *)inductor_tensor_data(a[0]))[1] == first[1] &&
           ((const float *)inductor_tensor_data(a[2]))[0] == first[0] + 1,
       "the first run's other outputs are untouched by the second run");
    ok(inductor_tensor_data(a[1]) != inductor_tensor_data(b[1]) &&
           ((const float *)inductor_tensor_data(a[1]))[3] == 0.0f,
       "each run's fresh output is its own memory");

    free_all(a);
    inductor_model_close(m);
    ok(outputs_match(b, second), "outputs outlive the model that made them");
    free_all(b);
    ok(1, "outputs freed after the model was closed");
    return done_testing();
}
