/*
 * bridge.h - the C face of the C++ bridge to libtorch, inside a backend
 * module.  Internal to bridge/.
 *
 * Every function here is implemented in C++ and catches every exception:
 * a failure comes back as an inductor_status with the message recorded by
 * inductor__fail(), which core_services.c hands to the core.  module_entry.c
 * puts these functions in the module's inductor_backend_ops
 * (src/lib/backend_abi.h, where each is described).
 */
#ifndef INDUCTOR_BRIDGE_H
#define INDUCTOR_BRIDGE_H

#include "backend_abi.h"
#include "internal.h"

#ifdef __cplusplus
extern "C" {
#endif

inductor_status inductor_bridge_load(const char *pt2_path,
                                     const char *model_name, int device_index,
                                     size_t num_runners, int single_threaded,
                                     int cpu_thread_limit,
                                     inductor_bridge_model **out);
void inductor_bridge_free(inductor_bridge_model *bm);
const char *inductor_bridge_in_spec(const inductor_bridge_model *bm);
const char *inductor_bridge_out_spec(const inductor_bridge_model *bm);
inductor_status inductor_bridge_run(inductor_bridge_model *bm,
                                    const char *device,
                                    inductor_tensor *const *inputs, size_t n_in,
                                    inductor_tensor **outputs, size_t n_out);
inductor_status inductor_bridge_device_count(int *count);
inductor_status inductor_bridge_selftest(const char *device, inductor_dtype dt,
                                         size_t op, double *max_abs_err);

/* core_services.c: the core's services, set once by the entry point. */
void inductor_bridge_set_core(const inductor_core_services *core);

#ifdef __cplusplus
}
#endif

#endif /* INDUCTOR_BRIDGE_H */
