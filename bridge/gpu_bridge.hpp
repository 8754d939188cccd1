/*
 * gpu_bridge.hpp - the C++ face of the CUDA/ROCm part of the bridge: what
 * model_bridge.cpp calls around loading and running on a GPU.  Internal;
 * C++ only.  Implemented in gpu_runtime.cpp (GPU builds only); the C face
 * is gpu_bridge.h.
 */
#ifndef INDUCTOR_GPU_BRIDGE_HPP
#define INDUCTOR_GPU_BRIDGE_HPP

#include <vector>

#include <ATen/Tensor.h>
#include <c10/core/Device.h>
#include <torch/csrc/inductor/aoti_package/model_package_loader.h>

#include "gpu_bridge.h"

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

#endif /* INDUCTOR_GPU_BRIDGE_HPP */
