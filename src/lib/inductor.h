/*
 * inductor.h - run PyTorch AOTInductor (.pt2) packages from C.
 *
 * This header is the reference for libinductor: behaviour, ownership,
 * errors and thread-safety are written here.
 *
 * Ownership, one rule for the whole API:
 *   - A pointer passed *in* is borrowed for the duration of the call only,
 *     unless the prototype says otherwise.
 *   - A handle returned through `**out` belongs to the caller, who frees it
 *     with the matching destructor (inductor_model_close,
 *     inductor_tensor_free, inductor_package_close).  Destructors accept NULL.
 *   - A `const char *` or `const int64_t *` *returned* by a getter is
 *     borrowed from the object it was read from and stays valid until that
 *     object is freed.
 *
 * Errors: every fallible call returns an inductor_status.  On failure, any
 * `**out` is set to NULL and inductor_last_error() describes the problem in
 * one line that names the operand ("input 1: expected int64, got float32").
 * The message is thread-local.  The library never prints and never exits.
 *
 * Thread-safety: distinct objects may be used from distinct threads freely.
 * inductor_model_run() may be called concurrently on one model (libtorch
 * serialises callers over the model's runners); every other call on a
 * given object must not race with inductor_model_close() or
 * inductor_tensor_free() of that object.
 */
#ifndef INDUCTOR_H
#define INDUCTOR_H

#include <stddef.h>
#include <stdint.h>

#include "inductor_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && defined(INDUCTOR_BUILDING_LIBRARY)
#define INDUCTOR_API __attribute__((visibility("default")))
#else
#define INDUCTOR_API
#endif

/* ------------------------------------------------------------------ */
/* Status codes.  The numbers are ABI: append only, never renumber.    */
/* ------------------------------------------------------------------ */
typedef enum inductor_status {
    INDUCTOR_OK = 0,
    INDUCTOR_ERR_INVALID_ARGUMENT = 1, /* NULL handle, bad flag, bad count */
    INDUCTOR_ERR_OUT_OF_MEMORY = 2,
    INDUCTOR_ERR_IO = 3,               /* a file could not be read        */
    INDUCTOR_ERR_BAD_PACKAGE = 4,      /* not a zip, truncated, malformed */
    INDUCTOR_ERR_MODEL_NOT_FOUND = 5,  /* model name not in the package   */
    INDUCTOR_ERR_BAD_DEVICE = 6,       /* device string not understood    */
    INDUCTOR_ERR_DEVICE_UNAVAILABLE = 7, /* e.g. cuda:0 with no CUDA      */
    INDUCTOR_ERR_INCOMPATIBLE = 8,     /* package built for another device */
    INDUCTOR_ERR_INPUT_MISMATCH = 9,   /* count, dtype or shape of inputs */
    INDUCTOR_ERR_RUNTIME = 10,         /* libtorch failed to load or run  */
    INDUCTOR_ERR_UNSUPPORTED = 11,     /* dtype or feature not available  */
    INDUCTOR_ERR_INTERNAL = 12
} inductor_status;

/* A static English name for a status ("INDUCTOR_ERR_IO" -> "I/O error").
 * Never NULL. */
INDUCTOR_API const char *inductor_status_str(inductor_status s);

/* The message of the last failed call on *this thread*.  Borrowed until the
 * next libinductor call on this thread.  Never NULL ("" if none). */
INDUCTOR_API const char *inductor_last_error(void);

/* ------------------------------------------------------------------ */
/* Versions                                                            */
/* ------------------------------------------------------------------ */
/* The library's version at run time ("0.1.0"); compare with
 * INDUCTOR_VERSION_STRING from inductor_version.h at compile time. */
INDUCTOR_API const char *inductor_version(void);
/* The libtorch version the library was built against ("2.13.0"). */
INDUCTOR_API const char *inductor_libtorch_version(void);
/* The backend the library was built for: "cpu", "cuda" or "rocm". */
INDUCTOR_API const char *inductor_backend(void);

/* ------------------------------------------------------------------ */
/* Data types.  inductor's own numbers, not c10's; ABI, append only.   */
/* ------------------------------------------------------------------ */
typedef enum inductor_dtype {
    INDUCTOR_DTYPE_INVALID = 0,
    INDUCTOR_FLOAT32 = 1,
    INDUCTOR_FLOAT64 = 2,
    INDUCTOR_FLOAT16 = 3,
    INDUCTOR_BFLOAT16 = 4,
    INDUCTOR_INT64 = 5,
    INDUCTOR_INT32 = 6,
    INDUCTOR_INT16 = 7,
    INDUCTOR_INT8 = 8,
    INDUCTOR_UINT8 = 9,
    INDUCTOR_BOOL = 10
} inductor_dtype;

/* "float32", "int64", ...; NULL for an unknown value. */
INDUCTOR_API const char *inductor_dtype_name(inductor_dtype dt);
/* Parses a name as printed by inductor_dtype_name(), plus the aliases
 * "float", "double", "half", "long", "int".  INDUCTOR_DTYPE_INVALID if
 * unknown. */
INDUCTOR_API inductor_dtype inductor_dtype_from_name(const char *name);
/* Bytes per element (bool is 1 byte); 0 for an unknown value. */
INDUCTOR_API size_t inductor_dtype_size(inductor_dtype dt);

/* ------------------------------------------------------------------ */
/* Tensors: dense, contiguous, row-major, always in host memory.       */
/* ------------------------------------------------------------------ */
typedef struct inductor_tensor inductor_tensor;

#define INDUCTOR_MAX_DIMS 16

/* Flags for inductor_tensor_from_data(). */
enum {
    INDUCTOR_TENSOR_COPY = 0,  /* copy the caller's data (default)        */
    INDUCTOR_TENSOR_BORROW = 1 /* use the caller's memory in place: it must
                                  stay valid and unchanged until the tensor
                                  is freed; the tensor never frees it     */
};

/* Makes a tensor of `ndim` dimensions (0..INDUCTOR_MAX_DIMS) with sizes
 * `sizes` (each >= 0) from `nbytes` bytes at `data`.  `nbytes` must equal
 * the element count times inductor_dtype_size(dt); the count is
 * overflow-checked.  `data` may be NULL only when nbytes is 0.
 * Caller frees *out with inductor_tensor_free(). */
INDUCTOR_API inductor_status inductor_tensor_from_data(
    inductor_dtype dt, const int64_t *sizes, size_t ndim, const void *data,
    size_t nbytes, unsigned flags, inductor_tensor **out);

/* Makes a zero-filled tensor that owns its memory.
 * Caller frees *out with inductor_tensor_free(). */
INDUCTOR_API inductor_status inductor_tensor_zeros(inductor_dtype dt,
                                                   const int64_t *sizes,
                                                   size_t ndim,
                                                   inductor_tensor **out);

/* Frees a tensor (and its memory, unless it was borrowed).  NULL is a no-op. */
INDUCTOR_API void inductor_tensor_free(inductor_tensor *t);

INDUCTOR_API inductor_dtype inductor_tensor_dtype(const inductor_tensor *t);
INDUCTOR_API size_t inductor_tensor_ndim(const inductor_tensor *t);
/* Borrowed: `ndim` sizes, valid until the tensor is freed. */
INDUCTOR_API const int64_t *inductor_tensor_sizes(const inductor_tensor *t);
INDUCTOR_API size_t inductor_tensor_numel(const inductor_tensor *t);
INDUCTOR_API size_t inductor_tensor_nbytes(const inductor_tensor *t);
/* Borrowed: the tensor's elements, valid until the tensor is freed. */
INDUCTOR_API const void *inductor_tensor_data(const inductor_tensor *t);
/* Writable elements; NULL for a borrowed tensor (its memory is the
 * caller's). */
INDUCTOR_API void *inductor_tensor_mutable_data(inductor_tensor *t);

/* ------------------------------------------------------------------ */
/* Packages: read a .pt2 zip without libtorch (no device needed).      */
/* ------------------------------------------------------------------ */
typedef struct inductor_package inductor_package;

/* Opens and indexes the zip at `path`.  Fails with INDUCTOR_ERR_IO if it
 * cannot be read and INDUCTOR_ERR_BAD_PACKAGE if it is not a usable
 * AOTInductor package.  Caller frees *out with inductor_package_close(). */
INDUCTOR_API inductor_status inductor_package_open(const char *path,
                                                   inductor_package **out);
INDUCTOR_API void inductor_package_close(inductor_package *p);

/* Models inside the package (directories under data/aotinductor/). */
INDUCTOR_API size_t inductor_package_num_models(const inductor_package *p);
/* Borrowed until the package is closed; NULL if i is out of range. */
INDUCTOR_API const char *inductor_package_model_name(const inductor_package *p,
                                                     size_t i);

/* The model's metadata (its *.wrapper_metadata.json flat string map).
 * Counts are 0 and getters NULL for an unknown model or index.  Keys and
 * values are borrowed until the package is closed. */
INDUCTOR_API size_t inductor_package_metadata_count(const inductor_package *p,
                                                    const char *model);
INDUCTOR_API const char *inductor_package_metadata_key(
    const inductor_package *p, const char *model, size_t i);
INDUCTOR_API const char *inductor_package_metadata(const inductor_package *p,
                                                   const char *model,
                                                   const char *key);

/* ------------------------------------------------------------------ */
/* Devices                                                             */
/* ------------------------------------------------------------------ */
/* Checks a device string: "cpu", "cuda", "cuda:N" (and on ROCm builds the
 * same "cuda" names, as PyTorch spells them).  INDUCTOR_ERR_BAD_DEVICE if it
 * is not understood, INDUCTOR_ERR_DEVICE_UNAVAILABLE if this build or this
 * machine cannot use it ("no CUDA device"). */
INDUCTOR_API inductor_status inductor_device_check(const char *device);

/* Number of small tensor operations inductor_device_selftest() knows. */
INDUCTOR_API size_t inductor_selftest_num_ops(void);
/* Static name of operation i ("add", "matmul", ...); NULL if out of range. */
INDUCTOR_API const char *inductor_selftest_op_name(size_t i);
/* Runs operation `op` on `device` in dtype `dt` (float32, float16 or
 * bfloat16), compares with a float64 reference computed on the CPU and
 * stores the largest absolute difference in *max_abs_err.  Returns
 * INDUCTOR_ERR_RUNTIME if the result is outside the dtype's tolerance or the
 * operation failed.  Needs libtorch (it is not a model run). */
INDUCTOR_API inductor_status inductor_device_selftest(const char *device,
                                                      inductor_dtype dt,
                                                      size_t op,
                                                      double *max_abs_err);

/* ------------------------------------------------------------------ */
/* Models                                                              */
/* ------------------------------------------------------------------ */
typedef struct inductor_model inductor_model;

/* Options for inductor_model_open().  Start from
 * INDUCTOR_OPEN_OPTIONS_INIT so that fields added later get defaults. */
typedef struct inductor_open_options {
    size_t struct_size;      /* sizeof(inductor_open_options)            */
    const char *model_name;  /* model inside the package; NULL = "model" */
    size_t num_runners;      /* concurrent runners; 0 = 1                */
    int run_single_threaded; /* non-zero: runner is not thread-safe     */
} inductor_open_options;

#define INDUCTOR_OPEN_OPTIONS_INIT \
    { sizeof(inductor_open_options), NULL, 1, 0 }

/* Opens the package at `pt2_path` and loads model `opts->model_name` for
 * `device` ("cpu", "cuda", "cuda:N").  `opts` may be NULL for defaults.
 * Before libtorch is involved, the package is read and checked: the model
 * must exist (INDUCTOR_ERR_MODEL_NOT_FOUND) and its device key must match
 * the device's type (INDUCTOR_ERR_INCOMPATIBLE).
 * Caller frees *out with inductor_model_close(). */
INDUCTOR_API inductor_status inductor_model_open(
    const char *pt2_path, const char *device,
    const inductor_open_options *opts, inductor_model **out);
INDUCTOR_API void inductor_model_close(inductor_model *m);

/* Flattened input and output counts, from the package's call spec. */
INDUCTOR_API size_t inductor_model_num_inputs(const inductor_model *m);
INDUCTOR_API size_t inductor_model_num_outputs(const inductor_model *m);

/* The model's metadata, as in inductor_package_metadata(); borrowed until
 * the model is closed; NULL if absent. */
INDUCTOR_API const char *inductor_model_metadata(const inductor_model *m,
                                                 const char *key);
INDUCTOR_API size_t inductor_model_metadata_count(const inductor_model *m);
INDUCTOR_API const char *inductor_model_metadata_key(const inductor_model *m,
                                                     size_t i);
/* The device the model was opened on, normalised ("cpu", "cuda:0"). */
INDUCTOR_API const char *inductor_model_device(const inductor_model *m);

/* What a package made by inductor's export tool records about an input
 * (metadata key "inductor.inputs").  Sizes of -1 are dynamic. */
typedef struct inductor_input_info {
    const char *name;     /* borrowed until the model is closed */
    inductor_dtype dtype;
    size_t ndim;
    const int64_t *sizes; /* borrowed until the model is closed */
} inductor_input_info;

/* Fills *info for input i.  INDUCTOR_ERR_UNSUPPORTED when the package
 * records no signature (packages from elsewhere); then inputs are only
 * checked by count before the run. */
INDUCTOR_API inductor_status inductor_model_input_info(
    const inductor_model *m, size_t i, inductor_input_info *info);

/* Runs the model.  `inputs` are borrowed for the call; n_in must equal
 * inductor_model_num_inputs() and, where the package records a signature,
 * each input's dtype, rank and static sizes must match it
 * (INDUCTOR_ERR_INPUT_MISMATCH, naming the input).  Nothing is cast.
 * On success outputs[0..n_out) receive new host tensors that the caller
 * frees with inductor_tensor_free(); n_out must equal
 * inductor_model_num_outputs().  On failure every outputs[i] is NULL. */
INDUCTOR_API inductor_status inductor_model_run(inductor_model *m,
                                                inductor_tensor *const *inputs,
                                                size_t n_in,
                                                inductor_tensor **outputs,
                                                size_t n_out);

#ifdef __cplusplus
}
#endif

#endif /* INDUCTOR_H */
