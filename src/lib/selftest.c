/*
 * selftest.c - the public face of the device self-test: the core names the
 * operations (selftest_ops.h), the backend module runs them.
 */
#include "backend.h"
#include "device.h"
#include "selftest_ops.h"

static const char *const op_names[OP_COUNT] = SELFTEST_OP_NAMES;

size_t inductor_selftest_num_ops(void)
{
    return OP_COUNT;
}

const char *inductor_selftest_op_name(size_t i)
{
    return i < OP_COUNT ? op_names[i] : NULL;
}

inductor_status inductor_device_selftest(const char *device, inductor_dtype dt,
                                         size_t op, double *max_abs_err)
{
    const inductor_backend_ops *ops;
    device_spec d;
    char norm[16];
    inductor_status s;

    inductor__clear_error();
    if (max_abs_err == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "max_abs_err is NULL");
    *max_abs_err = 0.0;
    if (dt != INDUCTOR_FLOAT32 && dt != INDUCTOR_FLOAT16 &&
        dt != INDUCTOR_BFLOAT16)
        return inductor__fail(INDUCTOR_ERR_UNSUPPORTED,
                              "the self-test runs in float32, float16 or "
                              "bfloat16, not %s",
                              inductor_dtype_name(dt) ? inductor_dtype_name(dt)
                                                      : "an unknown dtype");
    if (op >= OP_COUNT)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "self-test operation %zu does not exist", op);
    if ((s = device_parse(device, &d)) != INDUCTOR_OK ||
        (s = device_available(&d)) != INDUCTOR_OK ||
        (s = backend_for_device(d.type, &ops)) != INDUCTOR_OK)
        return s;
    device_format(&d, norm, sizeof norm);
    return ops->selftest(norm, dt, op, max_abs_err);
}
