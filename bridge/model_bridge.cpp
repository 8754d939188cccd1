/*
 * model_bridge.cpp - AOTIModelPackageLoader behind the C face in bridge.h.
 * What differs on a GPU (stream, synchronisation, peak memory) lives in
 * gpu_runtime.cpp, which only GPU builds compile.
 */
#include "config.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <omp.h>

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <torch/csrc/inductor/aoti_package/model_package_loader.h>

#include "bridge.h"
#include "dtype_map.hpp"
#include "guard.hpp"
#ifdef INDUCTOR_MODULE_GPU
#include "gpu_bridge.hpp"
#endif

using inductor_bridge::from_scalar_type;
using inductor_bridge::to_scalar_type;

struct inductor_bridge_model {
    std::unique_ptr<torch::inductor::AOTIModelPackageLoader> loader;
    std::string in_spec;
    std::string out_spec;
    int cpu_thread_limit; /* 0: none; see inductor_package_cpu_threads() */
};

/* Caps the calling thread's OpenMP team at `limit` for one CPU run, and
 * restores it after: AOTInductor's parallel reductions index per-thread
 * arrays sized by the exporter's thread count with omp_get_thread_num(),
 * so a larger team writes past them.  omp_set_num_threads() changes only
 * this thread's setting, so other runners and models are unaffected. */
class omp_team_cap {
  public:
    explicit omp_team_cap(int limit) : before_(omp_get_max_threads())
    {
        capped_ = limit > 0 && before_ > limit;
        if (capped_)
            omp_set_num_threads(limit);
    }
    ~omp_team_cap()
    {
        if (capped_)
            omp_set_num_threads(before_);
    }
    omp_team_cap(const omp_team_cap &) = delete;
    omp_team_cap &operator=(const omp_team_cap &) = delete;

  private:
    int before_;
    bool capped_;
};

/* AOTIModelPackageLoader's constructor is not thread-safe: load_json_file()
 * parses into a function-static JSON object (fixed upstream in PyTorch PR
 * #194128), so two loaders built at once corrupt each other's metadata
 * (ASan: heap-use-after-free in load_metadata).  Construction is serialised
 * process-wide; running models is not affected. */
static std::mutex loader_construction;

extern "C" inductor_status
inductor_bridge_load(const char *pt2_path, const char *model_name,
                     int device_index, size_t num_runners, int single_threaded,
                     int cpu_thread_limit, inductor_bridge_model **out)
{
    BRIDGE_TRY {
        auto bm = std::make_unique<inductor_bridge_model>();
        bm->cpu_thread_limit = cpu_thread_limit;
        {
            std::lock_guard<std::mutex> lock(loader_construction);
            bm->loader =
                std::make_unique<torch::inductor::AOTIModelPackageLoader>(
                    pt2_path, model_name, single_threaded != 0, num_runners,
                    static_cast<c10::DeviceIndex>(device_index));
        }
#ifdef INDUCTOR_MODULE_GPU
        inductor_bridge::gpu_after_load(*bm->loader, device_index);
#endif
        std::vector<std::string> spec = bm->loader->get_call_spec();
        if (spec.size() >= 2) {
            bm->in_spec = spec[0];
            bm->out_spec = spec[1];
        }
        *out = bm.release();
        return INDUCTOR_OK;
    }
    BRIDGE_CATCH(pt2_path)
}

extern "C" void inductor_bridge_free(inductor_bridge_model *bm)
{
    /* The loader's destructor removes its extraction directory; it must
     * not throw into C, whatever it meets. */
    try {
        delete bm;
    } catch (...) {
    }
}

extern "C" const char *inductor_bridge_in_spec(const inductor_bridge_model *bm)
{
    return bm->in_spec.c_str();
}

extern "C" const char *
inductor_bridge_out_spec(const inductor_bridge_model *bm)
{
    return bm->out_spec.c_str();
}

/* Wraps the caller's host memory without copying; AOTInductor reads its
 * inputs and never writes them. */
static at::Tensor wrap_input(const inductor_tensor *t, const c10::Device &dev)
{
    const int64_t *sizes = inductor_tensor_sizes(t);
    std::vector<int64_t> shape(sizes, sizes + inductor_tensor_ndim(t));
    auto st = *to_scalar_type(inductor_tensor_dtype(t));
    at::Tensor host = at::from_blob(const_cast<void *>(inductor_tensor_data(t)),
                                    shape, at::TensorOptions().dtype(st));
    return dev.is_cpu() ? host : host.to(dev);
}

static void release_output(void *ctx)
{
    delete static_cast<at::Tensor *>(ctx);
}

/* An output may be handed over without a copy only when it is a dense host
 * tensor that nothing else holds: not the caller's input (from_blob over
 * their memory, still referenced by `in` while this runs), not a view of a
 * constant or of another output, not one that AOTInductor keeps for reuse.
 * Then the inductor tensor keeps the at::Tensor alive instead. */
/* Belt and braces for the caller's memory: even a tensor that shares no
 * storage object with an input must not point into an input's bytes. */
static bool inside_an_input(const at::Tensor &t,
                            inductor_tensor *const *inputs, size_t n_in)
{
    auto lo = reinterpret_cast<uintptr_t>(t.data_ptr());
    uintptr_t hi = lo + t.nbytes();

    for (size_t i = 0; i < n_in; i++) {
        auto a = reinterpret_cast<uintptr_t>(inductor_tensor_data(inputs[i]));
        uintptr_t b = a + inductor_tensor_nbytes(inputs[i]);
        if (lo < b && a < hi)
            return true;
    }
    return false;
}

static bool exclusive_host(const at::Tensor &t,
                           inductor_tensor *const *inputs, size_t n_in)
{
    return t.device().is_cpu() && t.layout() == at::kStrided &&
           t.is_contiguous() && t.use_count() == 1 &&
           t.storage().use_count() == 1 && !inside_an_input(t, inputs, n_in);
}

static inductor_status hand_over(at::Tensor &&out, size_t i,
                                 inductor_tensor *const *inputs, size_t n_in,
                                 inductor_tensor **dst)
{
    bool adopt = exclusive_host(out, inputs, n_in);
    at::Tensor host = adopt ? std::move(out) : out.to(at::kCPU).contiguous();
    inductor_dtype dt = from_scalar_type(host.scalar_type());
    if (dt == INDUCTOR_DTYPE_INVALID)
        return inductor__fail(INDUCTOR_ERR_UNSUPPORTED,
                              "output %zu has unsupported dtype %s", i,
                              c10::toString(host.scalar_type()));
    std::vector<int64_t> shape(host.sizes().begin(), host.sizes().end());
    if (!adopt) /* shared memory: a copy the caller may own and write */
        return inductor_tensor_from_data(dt, shape.data(), shape.size(),
                                         host.data_ptr(), host.nbytes(),
                                         INDUCTOR_TENSOR_COPY, dst);
    auto *keep = new at::Tensor(std::move(host));
    inductor_status s = inductor__tensor_adopt(
        dt, shape.data(), shape.size(), keep->data_ptr(), keep->nbytes(),
        release_output, keep, dst);
    if (s != INDUCTOR_OK)
        delete keep;
    return s;
}

extern "C" inductor_status
inductor_bridge_run(inductor_bridge_model *bm, const char *device,
                    inductor_tensor *const *inputs, size_t n_in,
                    inductor_tensor **outputs, size_t n_out)
{
    BRIDGE_TRY {
        /* Nothing here is ever differentiated: without autograd's view
         * metadata and version counters each call does less work (the
         * model's reinterpret_tensor views were ~3% of the MLP's time). */
        c10::InferenceMode no_autograd;
        c10::Device dev(device);
        std::vector<at::Tensor> in;
        in.reserve(n_in);
        for (size_t i = 0; i < n_in; i++)
            in.push_back(wrap_input(inputs[i], dev));
        omp_team_cap cap(dev.is_cpu() ? bm->cpu_thread_limit : 0);
#ifdef INDUCTOR_MODULE_GPU
        std::vector<at::Tensor> out =
            dev.is_cpu() ? bm->loader->run(in)
                         : inductor_bridge::gpu_run(*bm->loader, in, dev);
#else
        std::vector<at::Tensor> out = bm->loader->run(in);
#endif
        if (out.size() != n_out)
            return inductor__fail(INDUCTOR_ERR_RUNTIME,
                                  "the model returned %zu outputs, its call "
                                  "spec says %zu", out.size(), n_out);
        for (size_t i = 0; i < n_out; i++) {
            inductor_status s =
                hand_over(std::move(out[i]), i, inputs, n_in, &outputs[i]);
            if (s != INDUCTOR_OK)
                return s;
        }
        return INDUCTOR_OK;
    }
    BRIDGE_CATCH("run")
}
