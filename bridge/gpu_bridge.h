/*
 * gpu_bridge.h - the CUDA/ROCm part of the bridge.  Internal.
 *
 * Implemented in gpu_runtime.cpp, which is compiled only for the cuda and
 * rocm backends (automake conditional BACKEND_GPU); callers test
 * INDUCTOR_MODULE_GPU (set for the cuda and rocm modules only by the
 * makefile) before using anything here, so a cpu
 * build needs no GPU headers and has none of these symbols.
 *
 * Device indices are >= 0 and already known to exist (device_available()).
 * Like bridge.h, every C entry point catches every exception.
 */
#ifndef INDUCTOR_GPU_BRIDGE_H
#define INDUCTOR_GPU_BRIDGE_H

#include "internal.h"

#ifdef __cplusplus
#include <vector>

#include <ATen/Tensor.h>
#include <c10/core/Device.h>
#include <torch/csrc/inductor/aoti_package/model_package_loader.h>

extern "C" {
#endif

/* Name, compute capability (or gfx arch) and total memory of GPU `index`.
 * Fills every field of *out but struct_size. */
inductor_status inductor_bridge_gpu_properties(int index,
                                               inductor_device_properties *out);

/* Peak bytes allocated to tensors by the caching allocator on GPU `index`
 * since its peak was last reset. */
inductor_status inductor_bridge_gpu_peak_memory(int index, size_t *bytes);

#ifdef __cplusplus
}

namespace inductor_bridge {

/* After a model is loaded: if it runs on a GPU, reset that device's peak
 * memory counter to what is allocated now (the weights included).
 * device_index -1 means the current device, as for the loader.  Throws. */
void gpu_after_load(torch::inductor::AOTIModelPackageLoader &loader,
                    int device_index);

/* Runs the model on GPU `dev` on that device's current stream, with the
 * device made current for the call, and waits for the stream, so the
 * outputs are complete and a failed kernel is reported by this run rather
 * than by some later call.  Throws. */
std::vector<at::Tensor> gpu_run(torch::inductor::AOTIModelPackageLoader &loader,
                                const std::vector<at::Tensor> &inputs,
                                const c10::Device &dev);

} // namespace inductor_bridge
#endif

#endif /* INDUCTOR_GPU_BRIDGE_H */
