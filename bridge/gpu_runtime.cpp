/*
 * gpu_runtime.cpp - what only a GPU build does: device properties, the
 * caching allocator's peak, and model runs on a device's current stream.
 * Compiled only for --with-backend=cuda or rocm (mk/gpu.am, BACKEND_GPU).
 *
 * ROCm builds of PyTorch keep the "cuda" device type and the at::cuda
 * names of ATen, but hipify c10::cuda into c10::hip; the few spellings that
 * differ are chosen in the block below.  The ROCm side follows PyTorch's
 * hipified headers but has not been compiled against a ROCm torch nor run
 * on AMD hardware (docs/gpu.md).
 *
 * Nothing here calls the CUDA or HIP runtime directly: everything goes
 * through libtorch_cuda/libc10_cuda (or _hip), so libinductor needs no
 * libcudart of its own and uses whichever one torch loaded.
 */
#include "config.h"

#include <cstdio>
#include <string>
#include <unordered_map>

#if defined(INDUCTOR_MODULE_ROCM)
#include <ATen/hip/HIPContext.h>
#include <c10/hip/HIPCachingAllocator.h>
#include <c10/hip/HIPFunctions.h>
#include <c10/hip/HIPStream.h>
#elif defined(INDUCTOR_MODULE_CUDA)
#include <ATen/cuda/CUDAContextLight.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAStream.h>
#else
#error "gpu_runtime.cpp is built for the cuda and rocm backends only"
#endif
#include <c10/core/DeviceGuard.h>

#include "gpu_bridge.hpp"
#include "guard.hpp"

namespace {

#if defined(INDUCTOR_MODULE_ROCM)
namespace gpu_allocator = c10::hip::HIPCachingAllocator;
using gpu_stream = c10::hip::HIPStream;

gpu_stream current_stream(c10::DeviceIndex i)
{
    return c10::hip::getCurrentHIPStream(i);
}

c10::DeviceIndex current_device()
{
    return c10::hip::current_device();
}

/* AMD names its ISA ("gfx90a:sramecc+:xnack-"), not major.minor. */
void format_arch(const hipDeviceProp_t *p, char *buf, size_t len)
{
    std::snprintf(buf, len, "%s", p->gcnArchName);
}
#else
namespace gpu_allocator = c10::cuda::CUDACachingAllocator;
using gpu_stream = c10::cuda::CUDAStream;

gpu_stream current_stream(c10::DeviceIndex i)
{
    return c10::cuda::getCurrentCUDAStream(i);
}

c10::DeviceIndex current_device()
{
    return c10::cuda::current_device();
}

void format_arch(const cudaDeviceProp *p, char *buf, size_t len)
{
    std::snprintf(buf, len, "sm_%d%d", p->major, p->minor);
}
#endif

c10::DeviceIndex resolve(int index)
{
    return index < 0 ? current_device() : static_cast<c10::DeviceIndex>(index);
}

/* The caching allocator sets itself up on the first device allocation;
 * before that it has no per-device state to read or reset (and would
 * throw), but then nothing has been allocated either. */
bool allocator_ready()
{
    return gpu_allocator::get() != nullptr && gpu_allocator::get()->initialized();
}

} // namespace

extern "C" inductor_status
inductor_bridge_gpu_properties(int index, inductor_device_properties *out)
{
    BRIDGE_TRY {
        auto *p = at::cuda::getDeviceProperties(resolve(index));
        std::snprintf(out->name, sizeof out->name, "%s", p->name);
        out->capability_major = p->major;
        out->capability_minor = p->minor;
        format_arch(p, out->arch, sizeof out->arch);
        out->total_memory = static_cast<size_t>(p->totalGlobalMem);
        return INDUCTOR_OK;
    }
    BRIDGE_CATCH("querying the GPU's properties")
}

extern "C" inductor_status inductor_bridge_gpu_peak_memory(int index,
                                                           size_t *bytes)
{
    BRIDGE_TRY {
        *bytes = 0;
        if (!allocator_ready())
            return INDUCTOR_OK;
        auto stats = gpu_allocator::getDeviceStats(resolve(index));
        const auto aggregate =
            static_cast<size_t>(c10::CachingAllocator::StatType::AGGREGATE);
        int64_t peak = stats.allocated_bytes[aggregate].peak;
        *bytes = peak > 0 ? static_cast<size_t>(peak) : 0;
        return INDUCTOR_OK;
    }
    BRIDGE_CATCH("reading the GPU's peak memory")
}

void inductor_bridge::gpu_after_load(
    torch::inductor::AOTIModelPackageLoader &loader, int device_index)
{
    std::unordered_map<std::string, std::string> md = loader.get_metadata();
    auto key = md.find("AOTI_DEVICE_KEY");

    if (key == md.end() || key->second != "cuda" || !allocator_ready())
        return;
    gpu_allocator::resetPeakStats(resolve(device_index));
}

std::vector<at::Tensor>
inductor_bridge::gpu_run(torch::inductor::AOTIModelPackageLoader &loader,
                         const std::vector<at::Tensor> &inputs,
                         const c10::Device &dev)
{
    c10::DeviceIndex index = dev.has_index() ? dev.index() : current_device();
    /* AOTInductor launches on the stream it is given, or else on the
     * current stream of the *current* device, which is the wrong device
     * for cuda:1 unless that is made current too. */
    c10::DeviceGuard device_guard(c10::Device(dev.type(), index));
    gpu_stream stream = current_stream(index);
    std::vector<at::Tensor> out =
        loader.run(inputs, reinterpret_cast<void *>(stream.stream()));
    stream.synchronize();
    return out;
}
