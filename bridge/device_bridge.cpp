/*
 * device_bridge.cpp - device counts and the small per-dtype self-test
 * behind `inductor test-device`.
 */
#include <algorithm>
#include <cmath>
#include <string>

#include <ATen/ATen.h>
#include <ATen/detail/CUDAHooksInterface.h>

#include "bridge.h"
#include "dtype_map.hpp"
#include "guard.hpp"
#include "selftest_ops.h"

using inductor_bridge::to_scalar_type;

extern "C" inductor_status inductor_bridge_device_count(int *count)
{
    BRIDGE_TRY {
        /* The hooks answer 0 when libtorch_cuda is absent or no driver is
         * found, rather than throwing. */
        *count = static_cast<int>(at::detail::getCUDAHooks().deviceCount());
        return INDUCTOR_OK;
    }
    BRIDGE_CATCH("counting CUDA devices")
}

namespace {

const char *const op_names[OP_COUNT] = SELFTEST_OP_NAMES;

at::Tensor apply(selftest_op op, const at::Tensor &a, const at::Tensor &b)
{
    switch (op) {
    case OP_ADD: return a + b;
    case OP_MUL: return a * b;
    case OP_MATMUL: return at::matmul(a, b);
    case OP_SUM: return a.sum(1);
    case OP_SOFTMAX: return at::softmax(a, 1);
    default: break;
    }
    throw std::invalid_argument("unknown operation");
}

/* Absolute error allowed per unit of the reference's magnitude: the
 * machine epsilon of the dtype, times the few roundings of a 64-term dot. */
double tolerance(inductor_dtype dt)
{
    switch (dt) {
    case INDUCTOR_FLOAT32: return 1e-5;
    case INDUCTOR_FLOAT16: return 1e-2;
    case INDUCTOR_BFLOAT16: return 5e-2;
    default: return 0.0;
    }
}

} // namespace

extern "C" inductor_status inductor_bridge_selftest(const char *device,
                                                    inductor_dtype dt,
                                                    size_t op,
                                                    double *max_abs_err)
{
    if (op >= OP_COUNT)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "self-test operation %zu does not exist", op);
    BRIDGE_TRY {
        c10::Device dev(device);
        auto st = *to_scalar_type(dt);
        /* Deterministic operands in [-1, 1], exact in every tested dtype's
         * neighbourhood, so the reference is well defined. */
        at::Tensor a = at::linspace(-1.0, 1.0, 64 * 64, at::kDouble).reshape({64, 64});
        at::Tensor b = at::cos(a * 3.0);
        at::Tensor ref = apply(static_cast<selftest_op>(op), a, b);
        at::Tensor got = apply(static_cast<selftest_op>(op),
                               a.to(dev, st), b.to(dev, st));
        at::Tensor diff = (got.to(at::kCPU, at::kDouble) - ref).abs();
        double err = diff.max().item<double>();
        double scale = std::max(1.0, ref.abs().max().item<double>());
        *max_abs_err = err;
        if (!(err <= tolerance(dt) * scale))
            return inductor__fail(INDUCTOR_ERR_RUNTIME,
                                  "%s on %s in %s: max abs error %g exceeds %g",
                                  op_names[op], device, inductor_dtype_name(dt),
                                  err, tolerance(dt) * scale);
        return INDUCTOR_OK;
    }
    BRIDGE_CATCH(op < OP_COUNT ? op_names[op] : "self-test")
}
