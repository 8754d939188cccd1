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
 * For one object shared by several threads:
 *   - Always safe, from any thread: inductor_status_str(),
 *     inductor_last_error() (each thread has its own message), the version
 *     and dtype functions, inductor_device_check(), inductor_device_info(),
 *     inductor_host_platform(), inductor_host_cpu_isa() and the
 *     inductor_selftest_* functions.  inductor_model_open() and
 *     inductor_package_open() may run in several threads at once, also on
 *     one path (each builds its own objects).
 *   - One model: inductor_model_run() and every function taking a
 *     `const inductor_model *` may be called concurrently.  Up to
 *     opts->num_runners runs proceed in parallel; further callers wait for
 *     a free runner (tests/stress: 4 threads, 4 runners, 2,000 runs with
 *     results identical to single-threaded ones).
 *   - One package, signature or tensor: every function taking it as
 *     `const` may be called concurrently (packages are read with pread()).
 *     An input tensor may be given to several concurrent runs: runs only
 *     read their inputs.
 *   - Never concurrently with any other call on the same object:
 *     inductor_model_close(), inductor_package_close(),
 *     inductor_signature_free(), inductor_tensor_free(), and writes through
 *     inductor_tensor_mutable_data() (the caller's own memory for a
 *     borrowed tensor) while a run reads the tensor.
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
/* Package inspection: files, kernels, weights, compatibility, and the  */
/* call signature, all read from the zip without libtorch.             */
/* ------------------------------------------------------------------ */

/* The zip's entries, in central-directory order.  Names are borrowed until
 * the package is closed; NULL (and size 0) if i is out of range.  Sizes are
 * uncompressed bytes. */
INDUCTOR_API size_t inductor_package_num_files(const inductor_package *p);
INDUCTOR_API const char *inductor_package_file_name(const inductor_package *p,
                                                    size_t i);
INDUCTOR_API uint64_t inductor_package_file_size(const inductor_package *p,
                                                 size_t i);

/* Number of GPU kernel binaries in the model's directory whose name ends in
 * "." `kind`: "cubin", "fatbin", "ptx" (CUDA) or "hsaco" (ROCm).  0 for an
 * unknown model or kind. */
INDUCTOR_API size_t inductor_package_kernel_count(const inductor_package *p,
                                                  const char *model,
                                                  const char *kind);

/* Total size in bytes and count of the model's constants (weights and
 * buffers), from the constants table in its generated wrapper source,
 * wherever the weights are stored (in the .so or beside it).
 * INDUCTOR_ERR_MODEL_NOT_FOUND for an unknown model; INDUCTOR_ERR_UNSUPPORTED
 * when the package has no wrapper source to read them from (then *bytes and
 * *count are 0).  `count` may be NULL. */
INDUCTOR_API inductor_status inductor_package_weights(const inductor_package *p,
                                                      const char *model,
                                                      uint64_t *bytes,
                                                      size_t *count);

/* Whether `model` can run here on `device` ("cpu", "cuda", "cuda:N"; NULL:
 * the device the package was compiled for), judged from the package alone:
 * its device key and kernel binaries against this build's backend
 * (inductor_backend()), its platform and machine against the host's
 * (uname), and, for a CPU package, the CPU ISA it was compiled for against
 * the host CPU's flags (/proc/cpuinfo; not checked where those cannot be
 * read).  Whether a GPU is present is not part of the verdict.
 * INDUCTOR_OK if compatible; INDUCTOR_ERR_INCOMPATIBLE with the reason in
 * inductor_last_error() ("compiled for linux aarch64, this host is linux
 * x86_64"); INDUCTOR_ERR_MODEL_NOT_FOUND or INDUCTOR_ERR_BAD_DEVICE for
 * bad arguments.  inductor_model_open() makes the same check before it
 * loads anything. */
INDUCTOR_API inductor_status inductor_package_check_compat(
    const inductor_package *p, const char *model, const char *device);

/* This host as the verdict sees it: "linux x86_64", and the CPU ISA levels
 * it supports in PyTorch's spelling ("AVX2 AVX512 AVX512_VNNI"; "" when none
 * is known or /proc/cpuinfo cannot be read).  Static strings computed once;
 * thread-safe. */
INDUCTOR_API const char *inductor_host_platform(void);
INDUCTOR_API const char *inductor_host_cpu_isa(void);

/* A model's call signature: its flattened inputs and outputs as the
 * package's pytree specs (read from the generated wrapper source) and
 * inductor's recorded metadata ("inductor.inputs", "inductor.outputs")
 * describe them, without loading the model. */
typedef struct inductor_signature inductor_signature;

/* Reads the signature of `model`.  A package with neither a call spec nor
 * recorded metadata gives a signature with 0 inputs and 0 outputs (unknown).
 * Errors: INDUCTOR_ERR_MODEL_NOT_FOUND, INDUCTOR_ERR_BAD_PACKAGE (a malformed
 * spec or signature), INDUCTOR_ERR_IO, INDUCTOR_ERR_OUT_OF_MEMORY.  The
 * signature does not borrow from `p`.  Caller frees *out with
 * inductor_signature_free(). */
INDUCTOR_API inductor_status inductor_package_signature(
    const inductor_package *p, const char *model, inductor_signature **out);
INDUCTOR_API void inductor_signature_free(inductor_signature *s);

/* Counts of flattened inputs (args, then kwargs) and outputs; 0 = unknown. */
INDUCTOR_API size_t inductor_signature_num_inputs(const inductor_signature *s);
INDUCTOR_API size_t inductor_signature_num_outputs(const inductor_signature *s);

/* Input i's name: its keyword ("attention_mask", or "opts.scale" inside a
 * dict) for a keyword argument, else the name inductor's export tool
 * recorded; NULL if unknown.  Borrowed until the signature is freed. */
INDUCTOR_API const char *inductor_signature_input_name(
    const inductor_signature *s, size_t i);
/* 1 if input i is passed as a keyword argument, else 0. */
INDUCTOR_API int inductor_signature_input_is_keyword(
    const inductor_signature *s, size_t i);
/* Output i's key: the path of dict keys (and sequence indices) that leads
 * to it in the model's returned structure ("logits", "1.scores"); NULL when
 * no dict lies on its path (a plain tuple).  Borrowed until freed. */
INDUCTOR_API const char *inductor_signature_output_key(
    const inductor_signature *s, size_t i);
/* Output i's name as recorded by inductor's export tool; NULL if none. */
INDUCTOR_API const char *inductor_signature_output_name(
    const inductor_signature *s, size_t i);

/* Recorded dtype and sizes (-1: dynamic) of input or output i, from
 * inductor's metadata.  The dtype is INDUCTOR_DTYPE_INVALID and the sizes
 * NULL (with *ndim 0) when the package records none.  `ndim` must not be
 * NULL.  Sizes are borrowed until the signature is freed. */
INDUCTOR_API inductor_dtype inductor_signature_input_dtype(
    const inductor_signature *s, size_t i);
INDUCTOR_API const int64_t *inductor_signature_input_sizes(
    const inductor_signature *s, size_t i, size_t *ndim);
INDUCTOR_API inductor_dtype inductor_signature_output_dtype(
    const inductor_signature *s, size_t i);
INDUCTOR_API const int64_t *inductor_signature_output_sizes(
    const inductor_signature *s, size_t i, size_t *ndim);

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

/* What inductor_device_info() reports.  Caller-owned memory; start from
 * INDUCTOR_DEVICE_PROPERTIES_INIT so that fields appended later are left
 * alone by older libraries and filled by newer ones. */
typedef struct inductor_device_properties {
    size_t struct_size;   /* sizeof(inductor_device_properties)           */
    char name[256];       /* "NVIDIA H100 80GB HBM3"; "cpu" for the CPU   */
    int capability_major; /* CUDA compute capability (9 for sm_90); on    */
    int capability_minor; /* ROCm the HIP device's major.minor; 0 for cpu */
    char arch[64];        /* "sm_90", "gfx90a:sramecc+:xnack-"; "" for cpu */
    size_t total_memory;  /* bytes of device memory; for cpu the host's
                             physical memory                               */
} inductor_device_properties;

#define INDUCTOR_DEVICE_PROPERTIES_INIT \
    { sizeof(inductor_device_properties), "", 0, 0, "", 0 }

/* Fills *out for `device` ("cpu", "cuda", "cuda:N"; "cuda" is cuda:0).
 * `out` is borrowed for the call.  INDUCTOR_ERR_INVALID_ARGUMENT, with
 * *out untouched, if `out` is NULL or its struct_size is less than
 * sizeof(inductor_device_properties).  Otherwise errors are those of
 * inductor_device_check(): INDUCTOR_ERR_BAD_DEVICE for a device string not
 * understood, INDUCTOR_ERR_DEVICE_UNAVAILABLE ("no CUDA device") when this
 * build or machine lacks it; and INDUCTOR_ERR_RUNTIME if the driver cannot
 * be queried.  On failure *out keeps its struct_size and is otherwise
 * zeroed.  Thread-safe. */
INDUCTOR_API inductor_status inductor_device_info(
    const char *device, inductor_device_properties *out);

struct inductor_model; /* typedef'd as inductor_model under "Models" */

/* Peak bytes of device memory that libtorch's caching allocator has handed
 * out to tensors on the model's device in this process (what PyTorch calls
 * torch.cuda.max_memory_allocated): a run's inputs copied to the device,
 * its intermediate buffers and its outputs.  The model's weights count
 * only if the package was compiled to allocate them through that allocator
 * (AOTInductor's weight_use_caching_allocator); by default AOTInductor
 * allocates them with cudaMalloc, outside the count.  Never device-wide
 * figures from the driver: other processes and the CUDA context are not
 * counted.  inductor_model_open() resets the device's peak, after loading,
 * to the bytes then allocated.  The counter belongs to the device, not the
 * model: opening another model on the same device resets it, and several
 * models running on one device share it.  `m` and `bytes` are borrowed for
 * the call.  Errors: INDUCTOR_ERR_INVALID_ARGUMENT for NULL arguments,
 * INDUCTOR_ERR_UNSUPPORTED for a model opened on the cpu (the CPU allocator
 * keeps no such statistics), INDUCTOR_ERR_RUNTIME if libtorch fails;
 * *bytes is 0 on failure.  Thread-safe. */
INDUCTOR_API inductor_status inductor_model_peak_device_memory(
    const struct inductor_model *m, size_t *bytes);

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
 * inductor_model_num_inputs().  Where the package records a signature
 * (packages from inductor's export tool), each input is checked before any
 * kernel runs: its dtype, its rank, each static size, each dynamic size
 * within the range the compiled package accepts, and dynamic sizes that
 * the model shares between inputs (a batch) equal; a mismatch is
 * INDUCTOR_ERR_INPUT_MISMATCH naming the input with the expected and the
 * actual value ("input 0 'x': dimension 0 is 16, expected 1..15").  The
 * device the package records for its inputs was checked when the model
 * was opened.  Packages from elsewhere are checked by count only; setting
 * AOTI_RUNTIME_CHECK_INPUTS=1 in the environment before the first run
 * turns on AOTInductor's own checks compiled into the model (a failure is
 * then INDUCTOR_ERR_RUNTIME; they also refuse sizes 0 and 1 in a dynamic
 * dimension, which a recorded range may allow).  Nothing is cast.
 * On success outputs[0..n_out) receive new host tensors that the caller
 * frees with inductor_tensor_free(); n_out must equal
 * inductor_model_num_outputs().  On failure every outputs[i] is NULL.
 * Thread-safe on one model (see the top of this header). */
INDUCTOR_API inductor_status inductor_model_run(inductor_model *m,
                                                inductor_tensor *const *inputs,
                                                size_t n_in,
                                                inductor_tensor **outputs,
                                                size_t n_out);

/* ------------------------------------------------------------------ */
/* Load statistics and the extraction cache                            */
/* ------------------------------------------------------------------ */

/* Where inductor_model_open() spent its time.  Caller-owned; start from
 * INDUCTOR_LOAD_STATS_INIT so that fields appended later are left alone by
 * older libraries and filled by newer ones.
 *
 * The extraction cache: libtorch's loader would unzip the whole package
 * into a new /tmp directory on every load.  Instead, inductor_model_open()
 * extracts a package once into a cache entry keyed by the package (the
 * SHA-256 of its zip central directory, which lists every entry's name,
 * sizes and CRC-32, and of the file's size) and loads the model from
 * there.  Libtorch never unzips a package itself: one that fails to
 * extract (a CRC-32 mismatch: INDUCTOR_ERR_BAD_PACKAGE) fails to open.
 *
 * Where the cache is: the first of $INDUCTOR_CACHE_DIR,
 * $XDG_CACHE_HOME/inductor, $HOME/.cache/inductor, and the user database's
 * home directory + /.cache/inductor (environment variables win over the
 * defaults).  Never a shared place such as /tmp.
 *
 * Private, or not used: the cache holds libraries that get loaded, so a
 * missing directory is created with mode 0700, and an existing one is used
 * only if it is not a symbolic link, is owned by the effective user and is
 * not writable by group or others (ssh's rule for ~/.ssh).  When it is not
 * (or it cannot be created, or there is none, or INDUCTOR_NO_CACHE=1),
 * the package is extracted into a new private directory under $TMPDIR (or
 * /tmp) for this model only, removed by inductor_model_close(); the model
 * works as before, only the next load extracts again.  cache_private and
 * cache_note then tell the caller why, so that it can warn the user (the
 * library never prints).
 *
 * Entries are published atomically (staging directory, then rename), so
 * concurrent processes are safe; an entry whose marker or file sizes do
 * not match is removed and extracted again.  The cache is bounded by
 * $INDUCTOR_CACHE_MAX_BYTES (decimal bytes; default 32 GiB): after each
 * extraction the least recently used entries are removed until it fits,
 * never the one just loaded nor one that a process has loaded (an open
 * model holds a shared lock on its entry). */
typedef struct inductor_load_stats {
    size_t struct_size; /* sizeof(inductor_load_stats)                    */
    double read_ms;     /* reading and checking the package: zip index,
                           metadata, signature, device                    */
    double extract_ms;  /* finding (hit) or making (miss) the cache entry,
                           or extracting into a temporary directory       */
    double load_ms;     /* libtorch: the model library, constants, runners */
    int cache_used;     /* 1: the model was loaded from the cache; 0: from
                           a temporary directory                          */
    int cache_hit;      /* 1: the cache entry already existed and was valid */
    int cache_private;  /* 1: the cache directory exists and passed the
                           ownership and mode rule                        */
    char cache_note[256]; /* why the cache was not used, one line with no
                           newline ("cache directory /x is owned by uid
                           65534, not 0: extracted into a temporary
                           directory for this run"); "" when it was used
                           or INDUCTOR_NO_CACHE=1 turned it off           */
} inductor_load_stats;

#define INDUCTOR_LOAD_STATS_INIT \
    { sizeof(inductor_load_stats), 0.0, 0.0, 0.0, 0, 0, 0, "" }

/* Copies the model's load statistics into *out, as many fields as its
 * struct_size holds (a caller built against an older header, whose struct
 * ends at cache_hit, gets those fields), and sets struct_size to the
 * number of bytes written.  `m` and `out` are borrowed for the call.
 * INDUCTOR_ERR_INVALID_ARGUMENT, with *out untouched, for NULL arguments
 * or a struct_size smaller than the first version's.  Thread-safe. */
INDUCTOR_API inductor_status inductor_model_load_stats(
    const inductor_model *m, inductor_load_stats *out);

/* Removes the staging directories of extractions in progress in this
 * process, and the temporary directories of its open models.
 * Async-signal-safe (system calls only): meant for a program's
 * SIGINT/SIGTERM handler, which should then re-raise the signal.  The
 * library installs no signal handlers itself.  A load interrupted this
 * way fails; the cache itself never holds a partial entry. */
INDUCTOR_API void inductor_cache_cleanup_staging(void);

/* Managing the cache.  Every function below works on the directory that
 * inductor_model_open() would use (from the environment, as above), and
 * refuses, with INDUCTOR_ERR_IO and one line naming the reason, a
 * directory that is not private, touching nothing in it.  A cache
 * directory that does not exist yet is an empty cache.  An entry that
 * some process has loaded (it holds a shared flock() on the entry) is
 * never removed.  Thread-safe; safe against concurrent processes. */
typedef struct inductor_cache_entry {
    char key[65];      /* the entry's directory name: SHA-256, hex */
    uint64_t bytes;    /* disk space it takes */
    int64_t last_used; /* Unix time of its last load */
    int in_use;        /* 1: some process has it loaded now */
    char source[512];  /* the package path it was last extracted from ("" if
                          unknown); information only, never trusted */
} inductor_cache_entry;

/* The cache directory that model opens use (from the environment) into
 * `buf` of `len` bytes; *is_private (may be NULL) = 1 when it exists and
 * passes the ownership and mode rule, else 0.  INDUCTOR_ERR_IO when there
 * is none (no INDUCTOR_CACHE_DIR, XDG_CACHE_HOME, HOME nor home directory)
 * or it does not fit in `len`; INDUCTOR_ERR_INVALID_ARGUMENT for a NULL
 * `buf` or a `len` of 0.  INDUCTOR_NO_CACHE is not looked at. */
INDUCTOR_API inductor_status inductor_cache_dir(char *buf, size_t len,
                                                int *is_private);

/* Every entry, most recently used first, into *entries (*n of them; NULL
 * and 0 for an empty cache).  Caller frees *entries with free(). */
INDUCTOR_API inductor_status inductor_cache_list(inductor_cache_entry **entries,
                                                 size_t *n);

/* Removes stale staging directories (interrupted extractions older than an
 * hour), then least-recently-used entries not in use until the cache takes
 * at most `max_bytes` (0: $INDUCTOR_CACHE_MAX_BYTES or its default, 32
 * GiB).  *removed and *freed (each may be NULL) receive the number of
 * directories removed and the bytes freed. */
INDUCTOR_API inductor_status inductor_cache_prune(uint64_t max_bytes,
                                                  size_t *removed,
                                                  uint64_t *freed);

/* Removes every entry not in use (and stale staging directories); counts
 * as for inductor_cache_prune(). */
INDUCTOR_API inductor_status inductor_cache_clear(size_t *removed,
                                                  uint64_t *freed);

#ifdef __cplusplus
}
#endif

#endif /* INDUCTOR_H */
