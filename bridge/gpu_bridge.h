/*
 * gpu_bridge.h - the C face of the CUDA/ROCm part of the bridge: what
 * module_entry.c puts in the module's ops.  Internal.  The C++ face
 * (helpers model_bridge.cpp calls) is gpu_bridge.hpp; C files never
 * include it.
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
#endif

#endif /* INDUCTOR_GPU_BRIDGE_H */
