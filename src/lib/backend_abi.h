/*
 * backend_abi.h - the only contract between libinductor (the core, which
 * has no libtorch) and a backend module (inductor-backend-cpu.so, -cuda.so,
 * -rocm.so, which each link one libtorch).  Internal; not installed: the
 * core and its modules are built and shipped together.
 *
 * The core dlopen()s a module and calls its one exported function,
 * inductor_backend_entry(), with the services it offers; the module checks
 * the core's ABI version and answers its operations, or NULL with a reason.
 * Change anything below (a field, a signature, a meaning) and bump
 * INDUCTOR_BACKEND_ABI_VERSION: a module and a core of different versions
 * then refuse each other with a message instead of crashing.
 */
#ifndef INDUCTOR_BACKEND_ABI_H
#define INDUCTOR_BACKEND_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "inductor.h"

#ifdef __cplusplus
extern "C" {
#endif

#define INDUCTOR_BACKEND_ABI_VERSION 2u
#define INDUCTOR_BACKEND_ENTRY "inductor_backend_entry"

/* Marks the module's file so that `inductor --version` can say what it is
 * without loading it (loading means libtorch's start-up): the module holds
 * the string INDUCTOR_BACKEND_TAG "abi=2;backend=cpu;libtorch=2.13.0;". */
#define INDUCTOR_BACKEND_TAG "@(#)inductor-backend:"

/* What the core lends a module: its error recording and its tensors. */
typedef struct inductor_core_services {
    uint32_t abi_version; /* INDUCTOR_BACKEND_ABI_VERSION of the core */
    uint32_t struct_size;
    /* Records `msg` (one line) as this thread's error and returns s. */
    inductor_status (*fail)(inductor_status s, const char *msg);
    inductor_status (*tensor_adopt)(inductor_dtype dt, const int64_t *sizes,
                                    size_t ndim, void *data, size_t nbytes,
                                    void (*release)(void *), void *ctx,
                                    inductor_tensor **out);
    inductor_status (*tensor_from_data)(inductor_dtype dt,
                                        const int64_t *sizes, size_t ndim,
                                        const void *data, size_t nbytes,
                                        unsigned flags, inductor_tensor **out);
    inductor_dtype (*tensor_dtype)(const inductor_tensor *t);
    size_t (*tensor_ndim)(const inductor_tensor *t);
    const int64_t *(*tensor_sizes)(const inductor_tensor *t);
    size_t (*tensor_nbytes)(const inductor_tensor *t);
    const void *(*tensor_data)(const inductor_tensor *t);
    const char *(*dtype_name)(inductor_dtype dt);
} inductor_core_services;

/* A model loaded by a module: opaque to the core. */
typedef struct inductor_bridge_model inductor_bridge_model;

/* What a module does.  Every function catches every C++ exception and
 * reports through services->fail.  Device strings are normalised ("cpu",
 * "cuda:0"); GPU indices are >= 0 and known to exist. */
typedef struct inductor_backend_ops {
    uint32_t abi_version; /* INDUCTOR_BACKEND_ABI_VERSION of the module */
    uint32_t struct_size;
    const char *name;             /* "cpu", "cuda" or "rocm" */
    const char *libtorch_version; /* the headers it was built with */

    /* Loads `model_name` from the extracted package in `dir` with
     * AOTIModelPackageLoader; device_index -1 is the default device.
     * cpu_thread_limit > 0: each CPU run uses at most that many OpenMP
     * threads (inductor_package_cpu_threads()'s limit); 0: no limit. */
    inductor_status (*load)(const char *dir, const char *model_name,
                            int device_index, size_t num_runners,
                            int single_threaded, int cpu_thread_limit,
                            inductor_bridge_model **out);
    void (*free_model)(inductor_bridge_model *bm);
    /* The pytree input and output specs (JSON), borrowed until freed. */
    const char *(*in_spec)(const inductor_bridge_model *bm);
    const char *(*out_spec)(const inductor_bridge_model *bm);
    /* Runs on host tensors; the outputs are new host tensors. */
    inductor_status (*run)(inductor_bridge_model *bm, const char *device,
                           inductor_tensor *const *inputs, size_t n_in,
                           inductor_tensor **outputs, size_t n_out);

    /* GPUs visible to this process (0 for the cpu module). */
    inductor_status (*device_count)(int *count);
    /* NULL in the cpu module. */
    inductor_status (*gpu_properties)(int index,
                                      inductor_device_properties *out);
    inductor_status (*gpu_peak_memory)(int index, size_t *bytes);

    /* Self-test operation `op` (selftest_ops.h) on `device` in `dt`. */
    inductor_status (*selftest)(const char *device, inductor_dtype dt,
                                size_t op, double *max_abs_err);
} inductor_backend_ops;

/* The module's one exported function.  Returns NULL, with a one-line
 * reason in why[why_len], when the core speaks another ABI version. */
typedef const inductor_backend_ops *(*inductor_backend_entry_fn)(
    const inductor_core_services *core, char *why, size_t why_len);

#ifdef __cplusplus
}
#endif

#endif /* INDUCTOR_BACKEND_ABI_H */
