/*
 * bridge.h - the C face of the C++ bridge to libtorch.  Internal.
 *
 * Every function here is implemented in C++ and catches every exception:
 * a failure comes back as an inductor_status with the message recorded by
 * inductor__fail().  Nothing else in libinductor includes torch headers.
 */
#ifndef INDUCTOR_BRIDGE_H
#define INDUCTOR_BRIDGE_H

#include "internal.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct inductor_bridge_model inductor_bridge_model;

/* Loads `model_name` from the package with AOTIModelPackageLoader.
 * device_index -1 means the default device. */
inductor_status inductor_bridge_load(const char *pt2_path,
                                     const char *model_name, int device_index,
                                     size_t num_runners, int single_threaded,
                                     inductor_bridge_model **out);
void inductor_bridge_free(inductor_bridge_model *bm);

/* The pytree input and output specs (JSON), borrowed until freed. */
const char *inductor_bridge_in_spec(const inductor_bridge_model *bm);
const char *inductor_bridge_out_spec(const inductor_bridge_model *bm);

/* Runs on host tensors; the outputs are new host tensors.  `device` is the
 * model's device ("cpu", "cuda:0"): inputs are copied there first. */
inductor_status inductor_bridge_run(inductor_bridge_model *bm,
                                    const char *device,
                                    inductor_tensor *const *inputs, size_t n_in,
                                    inductor_tensor **outputs, size_t n_out);

/* CUDA (or ROCm) devices visible to this process. */
inductor_status inductor_bridge_device_count(int *count);

/* See inductor_device_selftest() in inductor.h. */
size_t inductor_bridge_selftest_num_ops(void);
const char *inductor_bridge_selftest_op_name(size_t i);
inductor_status inductor_bridge_selftest(const char *device, inductor_dtype dt,
                                         size_t op, double *max_abs_err);

#ifdef __cplusplus
}
#endif

#endif /* INDUCTOR_BRIDGE_H */
