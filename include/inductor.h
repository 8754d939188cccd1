/*
 * inductor.h - run PyTorch AOTInductor (.pt2) packages from C.
 *
 * This header is the reference for libinductor: behaviour, ownership,
 * errors and thread-safety are written here.  It reads in the order a
 * program meets things: these conventions, errors, versions, dtypes,
 * tensors, packages (inspection, signatures), models (open, run, load
 * statistics), the extraction cache, devices.
 *
 * Ownership, one rule for the whole API:
 *   - A pointer passed *in* is borrowed for the duration of the call only,
 *     unless the prototype says otherwise.
 *   - A handle returned through `**out` belongs to the caller, who frees it
 *     with the matching destructor (inductor_model_close,
 *     inductor_tensor_free, inductor_package_close,
 *     inductor_signature_free, inductor_archive_close).  Destructors
 *     accept NULL.
 *   - A `const char *`, `const int64_t *` or handle *returned* by a getter
 *     is borrowed from the object it was read from and stays valid until
 *     that object is freed.
 *
 * NULL arguments: a getter given a NULL object (or an index out of range)
 * returns 0, NULL or INDUCTOR_DTYPE_INVALID, as its comment says, and
 * never crashes; a fallible call given a NULL it needs returns
 * INDUCTOR_ERR_INVALID_ARGUMENT (a NULL device string is
 * INDUCTOR_ERR_BAD_DEVICE, except where a comment gives it a meaning).
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
 *     inductor_selftest_* functions.  inductor_model_open(),
 *     inductor_model_open_memory() and inductor_package_open() may run in
 *     several threads at once, also on one path and with different
 *     options (each builds its own objects).
 *   - One model: inductor_model_run() and every function taking a
 *     `const inductor_model *` may be called concurrently.  Up to
 *     opts->num_runners runs proceed in parallel; further callers wait for
 *     a free runner (tests/stress: 4 threads, 4 runners, 2,000 runs with
 *     results identical to single-threaded ones).
 *   - Except a model opened with opts->run_single_threaded non-zero: its
 *     runs go through AOTInductor's single-threaded runner
 *     (AOTInductorModelContainerRunSingleThreaded), which always uses the
 *     first runner and takes no lock per call, saving that overhead for a
 *     program that runs one model from one thread.  The caller must then
 *     never call inductor_model_run() concurrently on that model (the
 *     library does not serialise it; concurrent runs race on one runner's
 *     buffers), and num_runners buys nothing.  The const getters stay
 *     safe.
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
    INDUCTOR_ERR_INTERNAL = 12,
    INDUCTOR_ERR_BACKEND_UNAVAILABLE = 13 /* backend module missing or
                                             failed to load (dlerror) */
} inductor_status;

/* A static English name for a status (INDUCTOR_ERR_IO -> "I/O error");
 * "unknown status" for a value not listed above.  Never NULL. */
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
/* The libtorch version the first backend was built against ("2.13.0");
 * each module's own is in inductor_backend_module_info(). */
INDUCTOR_API const char *inductor_libtorch_version(void);
/* The backends this library was built with: "cpu", "cuda", "rocm", or a
 * comma-separated list of them ("cpu,cuda"). */
INDUCTOR_API const char *inductor_backend(void);

/* ------------------------------------------------------------------ */
/* Backend modules                                                     */
/* ------------------------------------------------------------------ */
/* libinductor itself has no libtorch.  Running a model, and asking about a
 * GPU, goes through a backend module (inductor-backend-cpu.so, -cuda.so,
 * -rocm.so), each linking its libtorch, installed in
 * LIBDIR/inductor/backends/ beside libinductor (or in the directory that
 * $INDUCTOR_BACKEND_DIR names).  The first call that needs one loads it,
 * once per process, thread-safely; until then no libtorch code runs.  Two
 * libtorch builds cannot share a process, so one module is loaded at
 * most: the cpu module for cpu models when it is there, else a GPU module
 * (whose libtorch runs cpu models too).  Open GPU models first in a
 * process that also runs cpu ones.  A module that is missing or fails to
 * load is INDUCTOR_ERR_BACKEND_UNAVAILABLE, the message naming its path
 * and the loader's reason. */
typedef struct inductor_backend_module {
    size_t struct_size;
    const char *name;             /* "cpu", "cuda" or "rocm" */
    const char *path;             /* where it is, or was looked for */
    const char *libtorch_version; /* read from its file; "" if not present */
    unsigned abi_version;         /* of its file; 0 if not present */
    int present;                  /* its file is there and is a module */
    int built;                    /* this build was configured with it */
    int loaded;                   /* it is loaded in this process */
} inductor_backend_module;

#define INDUCTOR_BACKEND_MODULE_INIT \
    { sizeof(inductor_backend_module), 0, 0, 0, 0, 0, 0, 0 }

/* How many backends a module can exist for (each index names one, present
 * or not).  Never loads a module: the facts are read from the files.
 * Strings are borrowed for the life of the process. */
INDUCTOR_API size_t inductor_backend_module_count(void);
INDUCTOR_API inductor_status inductor_backend_module_info(
    size_t i, inductor_backend_module *out);

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
 * unknown or NULL. */
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
 * overflow-checked.  `data` may be NULL only when nbytes is 0, `sizes`
 * only when ndim is 0.  Caller frees *out with inductor_tensor_free(). */
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

/* For a NULL tensor: INDUCTOR_DTYPE_INVALID, 0, NULL, 0, 0, NULL, NULL. */
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

/* Models inside the package (directories under data/aotinductor/); 0 for
 * a NULL package. */
INDUCTOR_API size_t inductor_package_num_models(const inductor_package *p);
/* Borrowed until the package is closed; NULL if `p` is NULL or i is out of
 * range. */
INDUCTOR_API const char *inductor_package_model_name(const inductor_package *p,
                                                     size_t i);

/* The model's metadata (its *.wrapper_metadata.json flat string map).
 * Counts are 0 and getters NULL for a NULL package, model or key, or an
 * unknown model or index.  Keys and values are borrowed until the package
 * is closed. */
INDUCTOR_API size_t inductor_package_metadata_count(const inductor_package *p,
                                                    const char *model);
INDUCTOR_API const char *inductor_package_metadata_key(
    const inductor_package *p, const char *model, size_t i);
INDUCTOR_API const char *inductor_package_metadata(const inductor_package *p,
                                                   const char *model,
                                                   const char *key);

/* ------------------------------------------------------------------ */
/* Package inspection: files, kernels, weights and compatibility, all  */
/* read from the zip without libtorch.                                 */
/* ------------------------------------------------------------------ */

/* The zip's entries, in central-directory order.  Names are borrowed until
 * the package is closed; NULL (and size 0) if `p` is NULL or i is out of
 * range (and a count of 0 for a NULL package).  Sizes are uncompressed
 * bytes. */
INDUCTOR_API size_t inductor_package_num_files(const inductor_package *p);
INDUCTOR_API const char *inductor_package_file_name(const inductor_package *p,
                                                    size_t i);
INDUCTOR_API uint64_t inductor_package_file_size(const inductor_package *p,
                                                 size_t i);

/* Reads the zip entry named exactly `name` (as inductor_package_file_name()
 * gives it) into a malloc'd buffer that the caller frees with free(); the
 * buffer holds *len bytes and one NUL after them.  The entry's size and
 * CRC-32 are checked.  For small entries (inductor's golden data, metadata):
 * an entry over `max_bytes` is refused.  INDUCTOR_ERR_INVALID_ARGUMENT for
 * a NULL argument; INDUCTOR_ERR_MODEL_NOT_FOUND when there is no such entry;
 * INDUCTOR_ERR_UNSUPPORTED when it is larger than `max_bytes`;
 * INDUCTOR_ERR_BAD_PACKAGE for corrupt data; INDUCTOR_ERR_IO or
 * INDUCTOR_ERR_OUT_OF_MEMORY.  On failure *buf is NULL.  `len` may be NULL.
 * Thread-safe on one package (reads with pread()). */
INDUCTOR_API inductor_status inductor_package_read_file(
    const inductor_package *p, const char *name, size_t max_bytes,
    void **buf, size_t *len);

/* Number of GPU kernel binaries in the model's directory whose name ends in
 * "." `kind`: "cubin", "fatbin", "ptx" (CUDA) or "hsaco" (ROCm).  0 for an
 * unknown model or kind, or any NULL argument. */
INDUCTOR_API size_t inductor_package_kernel_count(const inductor_package *p,
                                                  const char *model,
                                                  const char *kind);

/* Total size in bytes and count of the model's constants (weights and
 * buffers), from the constants table in its generated wrapper source,
 * wherever the weights are stored (in the .so or beside it).
 * INDUCTOR_ERR_MODEL_NOT_FOUND for an unknown model; INDUCTOR_ERR_UNSUPPORTED
 * when the package has no wrapper source to read them from (then *bytes and
 * *count are 0); INDUCTOR_ERR_INVALID_ARGUMENT if `p`, `model` or `bytes`
 * is NULL.  `count` may be NULL. */
INDUCTOR_API inductor_status inductor_package_weights(const inductor_package *p,
                                                      const char *model,
                                                      uint64_t *bytes,
                                                      size_t *count);

/* The OpenMP thread counts the model's CPU kernels were generated for (the
 * exporting process's torch.get_num_threads()), read from the kernel source
 * in the package.  *limit: AOTInductor sized the per-thread partial results
 * of parallel reductions by it, so more threads than that would write past
 * them; inductor_model_run() therefore runs a CPU model with at most *limit
 * OpenMP threads on the calling thread, whatever OMP_NUM_THREADS says.
 * *pinned: kernels that use exactly that many threads whatever the host
 * has (`num_threads(N)`, written where the exporter's count differed from
 * its cores).  Each is 0 when no kernel depends on it, or when the package
 * has no kernel source.  `pinned` may be NULL.  INDUCTOR_ERR_MODEL_NOT_FOUND
 * for an unknown model; INDUCTOR_ERR_INVALID_ARGUMENT if `p`, `model` or
 * `limit` is NULL; INDUCTOR_ERR_BAD_PACKAGE for a corrupt source entry. */
INDUCTOR_API inductor_status inductor_package_cpu_threads(
    const inductor_package *p, const char *model, int *limit, int *pinned);

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
 * bad arguments, INDUCTOR_ERR_INVALID_ARGUMENT if `p` or `model` is NULL.
 * inductor_model_open() makes the same check before it loads anything. */
INDUCTOR_API inductor_status inductor_package_check_compat(
    const inductor_package *p, const char *model, const char *device);

/* This host as the verdict sees it: "linux x86_64", and the CPU ISA levels
 * it supports in PyTorch's spelling ("AVX2 AVX512 AVX512_VNNI"; "" when none
 * is known or /proc/cpuinfo cannot be read).  Static strings computed once;
 * thread-safe. */
INDUCTOR_API const char *inductor_host_platform(void);
INDUCTOR_API const char *inductor_host_cpu_isa(void);

/* ------------------------------------------------------------------ */
/* Zip archives: any zip through the reader packages go through        */
/* ------------------------------------------------------------------ */
/* The hardened zip reader behind inductor_package_open(), for any zip
 * (NumPy's .npz from numpy.savez, stored, and numpy.savez_compressed,
 * deflated; the golden data read out of a package with
 * inductor_package_read_file()), so that a program reads every zip with
 * the same checks.  Opening refuses, as INDUCTOR_ERR_BAD_PACKAGE with one
 * line naming the entry, an archive that is not a zip, is truncated, has
 * sizes or offsets outside the file, overlapping entries, inconsistent
 * Zip64 or end records, encrypted entries or methods other than stored
 * and deflate, a deflated entry over 16 GiB or 1000:1, more than 100,000
 * entries, more than INDUCTOR_MAX_PACKAGE_BYTES (default 64 GiB) in all,
 * or entry names that could not be extracted safely (absolute, "..",
 * "a//b", backslashes, control characters, symlinks, the same name twice,
 * a file used as a directory, a first component starting ".inductor").
 * Each entry's data is checked (size, CRC-32) when it is read.  Messages
 * begin with the path, or for a zip in memory with the name given to
 * inductor_archive_open_memory(), then ": ".  Every const function may be
 * called concurrently on one archive. */
typedef struct inductor_archive inductor_archive;

/* Opens and validates the zip at `path`; the file stays open until
 * inductor_archive_close().  INDUCTOR_ERR_IO when it cannot be read,
 * INDUCTOR_ERR_BAD_PACKAGE as above. */
INDUCTOR_API inductor_status inductor_archive_open(const char *path,
                                                   inductor_archive **out);
/* The same for a zip in memory, data[0..size).  Unlike other calls, the
 * bytes are borrowed until inductor_archive_close(): they must stay valid
 * and unchanged until then (nothing is copied).  `name` (NULL: "(memory)")
 * stands for the archive in messages. */
INDUCTOR_API inductor_status inductor_archive_open_memory(
    const void *data, size_t size, const char *name, inductor_archive **out);
INDUCTOR_API void inductor_archive_close(inductor_archive *a);

/* The number of entries (0 for NULL); entry i, in central-directory
 * order, is its name (unique, borrowed until close) and, into *size when
 * `size` is not NULL, its uncompressed size in bytes.  NULL (and a size
 * of 0) for a NULL archive or an index out of range. */
INDUCTOR_API size_t inductor_archive_count(const inductor_archive *a);
INDUCTOR_API const char *inductor_archive_entry(const inductor_archive *a,
                                                size_t i, uint64_t *size);

/* Reads the entry named exactly `name` into a malloc'd buffer, as
 * inductor_package_read_file() does (and with its errors): *len bytes and
 * one NUL after them, the caller frees with free().  The size and CRC-32
 * are checked.  INDUCTOR_ERR_MODEL_NOT_FOUND when there is no such entry;
 * INDUCTOR_ERR_UNSUPPORTED when it is larger than `max_bytes`;
 * INDUCTOR_ERR_BAD_PACKAGE for corrupt data ("CRC-32 mismatch", "corrupt
 * deflate data"); INDUCTOR_ERR_INVALID_ARGUMENT for a NULL argument;
 * INDUCTOR_ERR_IO or INDUCTOR_ERR_OUT_OF_MEMORY.  On failure *buf is NULL.
 * `len` may be NULL. */
INDUCTOR_API inductor_status inductor_archive_read(const inductor_archive *a,
                                                   const char *name,
                                                   size_t max_bytes,
                                                   void **buf, size_t *len);

/* ------------------------------------------------------------------ */
/* Signatures: a model's inputs and outputs, without loading it        */
/* ------------------------------------------------------------------ */

/* A model's call signature: its flattened inputs and outputs as the
 * package's pytree specs (read from the generated wrapper source) and
 * inductor's recorded metadata ("inductor.inputs", "inductor.outputs")
 * describe them.  Where a package has no such metadata (exported with
 * plain torch.export and aoti_compile_and_package), the wrapper source's
 * compiled input checks and output allocations give the dtypes, shapes
 * and dynamic ranges; recorded metadata wins where both exist.  Read from
 * a package (inductor_package_signature()) or from an open model
 * (inductor_model_signature()). */
typedef struct inductor_signature inductor_signature;

/* Reads the signature of `model`.  A package with neither a call spec nor
 * recorded metadata gives a signature with 0 inputs and 0 outputs (unknown).
 * Errors: INDUCTOR_ERR_MODEL_NOT_FOUND, INDUCTOR_ERR_BAD_PACKAGE (a malformed
 * spec or signature), INDUCTOR_ERR_IO, INDUCTOR_ERR_OUT_OF_MEMORY,
 * INDUCTOR_ERR_INVALID_ARGUMENT for a NULL argument.  The signature does
 * not borrow from `p`.  Caller frees *out with inductor_signature_free(). */
INDUCTOR_API inductor_status inductor_package_signature(
    const inductor_package *p, const char *model, inductor_signature **out);
INDUCTOR_API void inductor_signature_free(inductor_signature *s);

/* The getters below return 0, NULL or INDUCTOR_DTYPE_INVALID for a NULL
 * signature or an index out of range. */

/* Counts of flattened inputs (args, then kwargs) and outputs; 0 = unknown. */
INDUCTOR_API size_t inductor_signature_num_inputs(const inductor_signature *s);
INDUCTOR_API size_t inductor_signature_num_outputs(const inductor_signature *s);

/* Input i's name: its keyword ("attention_mask", or "opts.scale" inside a
 * dict) for a keyword argument, else the name inductor's export tool
 * recorded, else its key path, else "input<i>" ("input0"); NULL only for
 * a NULL signature or an index out of range.  Borrowed until the
 * signature is freed. */
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
/* Output i's name: as recorded by inductor's export tool, else its key
 * (a dict key or a dataclass-like output's field name, such as
 * transformers' "last_hidden_state"), else "output<i>" ("output0"); NULL
 * only for a NULL signature or an index out of range.  Borrowed until
 * the signature is freed. */
INDUCTOR_API const char *inductor_signature_output_name(
    const inductor_signature *s, size_t i);

/* Dtype and sizes (-1: dynamic) of input or output i, from inductor's
 * metadata or else the wrapper source.  The dtype is
 * INDUCTOR_DTYPE_INVALID when unknown; the sizes are NULL (with *ndim 0)
 * when the rank is unknown (a known dtype does not imply known sizes, nor
 * the reverse).  `ndim` may be NULL when only the sizes are wanted.
 * Sizes are borrowed until the signature is freed. */
INDUCTOR_API inductor_dtype inductor_signature_input_dtype(
    const inductor_signature *s, size_t i);
INDUCTOR_API const int64_t *inductor_signature_input_sizes(
    const inductor_signature *s, size_t i, size_t *ndim);
INDUCTOR_API inductor_dtype inductor_signature_output_dtype(
    const inductor_signature *s, size_t i);
INDUCTOR_API const int64_t *inductor_signature_output_sizes(
    const inductor_signature *s, size_t i, size_t *ndim);

/* The sizes the package accepts in dynamic dimension `dim` of input i:
 * returns 1 and sets *min and *max (-1: no upper bound), or returns 0,
 * writing nothing, for a static dimension, an unknown shape, a NULL
 * signature or an index out of range.  A dynamic dimension whose range
 * the package does not state gives [0, -1].  `min` or `max` may be NULL. */
INDUCTOR_API int inductor_signature_input_range(const inductor_signature *s,
                                                size_t i, size_t dim,
                                                int64_t *min, int64_t *max);

/* Where the dtypes and shapes came from: "metadata" (inductor's export
 * tool recorded them), "wrapper" (read from the generated wrapper source),
 * "metadata+wrapper" (each filled what the other lacked) or "none".  A
 * static string; "none" for a NULL signature. */
INDUCTOR_API const char *inductor_signature_source(const inductor_signature *s);

/* ------------------------------------------------------------------ */
/* Models                                                              */
/* ------------------------------------------------------------------ */
typedef struct inductor_model inductor_model;

/* Options for inductor_model_open() and inductor_model_open_memory().
 * Start from INDUCTOR_OPEN_OPTIONS_INIT so that fields added later get
 * defaults.  A struct from an older header (whose struct_size ends at
 * run_single_threaded) is accepted, and the fields it lacks take their
 * defaults; a smaller struct_size is INDUCTOR_ERR_INVALID_ARGUMENT.
 *
 * The cache fields beat the environment: a cache_dir is used even when
 * INDUCTOR_CACHE_DIR, XDG_CACHE_HOME or HOME say otherwise, or
 * INDUCTOR_NO_CACHE=1; no_cache = 1 beats cache_dir and the environment.
 * With neither set, the environment decides, as described under "The
 * extraction cache".  A cache_dir must pass the same privacy rule as any
 * cache directory (created 0700 if missing; else owned by the user, not
 * writable by group or others, not a symbolic link); when it does not,
 * the model is extracted into a temporary directory and
 * inductor_load_stats.cache_note says why.  Options apply to this model
 * only: threads may open models with different options at once. */
typedef struct inductor_open_options {
    size_t struct_size;      /* sizeof(inductor_open_options)            */
    const char *model_name;  /* model inside the package; NULL = "model" */
    size_t num_runners;      /* concurrent runners; 0 = 1                */
    int run_single_threaded; /* non-zero: AOTInductor's single-threaded
                                runner; see thread-safety at the top     */
    const char *cache_dir;   /* extraction cache directory; NULL or "":
                                from the environment                     */
    int no_cache;            /* 1: extract into a private temporary
                                directory for this model, removed when it
                                is closed (as INDUCTOR_NO_CACHE=1 does)   */
} inductor_open_options;

#define INDUCTOR_OPEN_OPTIONS_INIT \
    { sizeof(inductor_open_options), NULL, 1, 0, NULL, 0 }

/* Opens the package at `pt2_path` and loads model `opts->model_name` for
 * `device` ("cpu", "cuda", "cuda:N"; NULL: "cpu").  `opts` may be NULL for
 * defaults.  Before libtorch is involved, the package is read and checked:
 * the model must exist (INDUCTOR_ERR_MODEL_NOT_FOUND), its device key must
 * match the device's type (INDUCTOR_ERR_INCOMPATIBLE), and its signature
 * must be well-formed (INDUCTOR_ERR_BAD_PACKAGE).  The package is then
 * extracted into the cache (see "The extraction cache") and loaded from
 * there.  INDUCTOR_ERR_INVALID_ARGUMENT if `pt2_path` or `out` is NULL.
 * Caller frees *out with inductor_model_close(). */
INDUCTOR_API inductor_status inductor_model_open(
    const char *pt2_path, const char *device,
    const inductor_open_options *opts, inductor_model **out);

/* inductor_model_open() for a package held in memory: `size` bytes at
 * `data`, the whole .pt2 file.  The bytes are copied before this returns,
 * so the caller may free or reuse them as soon as it does; the copy (a
 * sealed memfd, which nothing can change) is kept for the model's
 * lifetime, so memory use is one extra copy of the package until
 * inductor_model_close().  Validation, errors and the cache are those of
 * a path: the same bytes have the same cache entry whether opened from a
 * file or from memory, and messages name the package "(memory)".
 * INDUCTOR_ERR_INVALID_ARGUMENT for NULL `data` or `out` or a `size` of 0;
 * INDUCTOR_ERR_BAD_PACKAGE for bytes that are not a usable package.
 * Linux only (memfd_create()): elsewhere, or on a kernel without it,
 * INDUCTOR_ERR_UNSUPPORTED; INDUCTOR_ERR_IO or INDUCTOR_ERR_OUT_OF_MEMORY
 * if the copy cannot be made.  Caller frees *out with
 * inductor_model_close(). */
INDUCTOR_API inductor_status inductor_model_open_memory(
    const void *data, size_t size, const char *device,
    const inductor_open_options *opts, inductor_model **out);
INDUCTOR_API void inductor_model_close(inductor_model *m);

/* Flattened input and output counts, from the package's call spec; 0 for
 * a NULL model. */
INDUCTOR_API size_t inductor_model_num_inputs(const inductor_model *m);
INDUCTOR_API size_t inductor_model_num_outputs(const inductor_model *m);

/* The model's metadata, as in inductor_package_metadata(); borrowed until
 * the model is closed.  NULL (or a count of 0) for a NULL model or key, a
 * key that is absent or an index out of range. */
INDUCTOR_API const char *inductor_model_metadata(const inductor_model *m,
                                                 const char *key);
INDUCTOR_API size_t inductor_model_metadata_count(const inductor_model *m);
INDUCTOR_API const char *inductor_model_metadata_key(const inductor_model *m,
                                                     size_t i);
/* The device the model was opened on, normalised ("cpu", "cuda:0"); NULL
 * for a NULL model. */
INDUCTOR_API const char *inductor_model_device(const inductor_model *m);

/* The model's signature, as inductor_package_signature() gives it, read
 * once when the model was opened.  Borrowed: valid until the model is
 * closed; never free it.  NULL for a NULL model, and when the package
 * records no signature (neither a call spec nor inductor's metadata: what
 * inductor_package_signature() gives as 0 inputs and 0 outputs).  Use the
 * inductor_signature_* getters on it.  Thread-safe. */
INDUCTOR_API const inductor_signature *inductor_model_signature(
    const inductor_model *m);

/* Deprecated: use inductor_model_signature() and its getters, which also
 * describe outputs and keyword arguments.  Kept for existing callers.
 *
 * What a package made by inductor's export tool records about an input
 * (metadata key "inductor.inputs").  Sizes of -1 are dynamic. */
typedef struct inductor_input_info {
    const char *name;     /* borrowed until the model is closed */
    inductor_dtype dtype;
    size_t ndim;
    const int64_t *sizes; /* borrowed until the model is closed */
} inductor_input_info;

/* Deprecated (see above).  Fills *info for input i from
 * inductor_model_signature(): name, dtype and sizes as its
 * inductor_signature_input_* getters give them.  INDUCTOR_ERR_UNSUPPORTED
 * when the package records no input dtypes and shapes (packages from
 * elsewhere); INDUCTOR_ERR_INVALID_ARGUMENT for NULL arguments or i out of
 * range. */
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
 * owns, may write, and frees with inductor_tensor_free(), before or after
 * the model is closed; n_out must equal inductor_model_num_outputs().  A
 * dense host result that nothing else holds is handed over without a copy
 * (the tensor keeps the backend's buffer alive); one that shares memory
 * with an input, a constant or another output, or is not contiguous or not
 * in host memory, is copied.  On failure every outputs[i] is NULL.
 * INDUCTOR_ERR_INVALID_ARGUMENT for a NULL model, or NULL inputs, input or
 * outputs where some are due.  Thread-safe on one model unless it was
 * opened with run_single_threaded (see the top of this header). */
INDUCTOR_API inductor_status inductor_model_run(inductor_model *m,
                                                inductor_tensor *const *inputs,
                                                size_t n_in,
                                                inductor_tensor **outputs,
                                                size_t n_out);

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
    const inductor_model *m, size_t *bytes);

/* Where inductor_model_open() spent its time, and whether it used the
 * extraction cache (below).  Caller-owned; start from
 * INDUCTOR_LOAD_STATS_INIT so that fields appended later are left alone by
 * older libraries and filled by newer ones. */
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
                           or INDUCTOR_NO_CACHE=1 or the no_cache option
                           turned it off                                  */
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

/* ------------------------------------------------------------------ */
/* The extraction cache                                                */
/* ------------------------------------------------------------------ */

/* Libtorch's loader would unzip the whole package into a new /tmp
 * directory on every load.  Instead, inductor_model_open() extracts a
 * package once into a cache entry keyed by the package (the SHA-256 of its
 * zip central directory, which lists every entry's name, sizes and
 * CRC-32, and of the file's size) and loads the model from there.
 * Libtorch never unzips a package itself: one that fails to extract (a
 * CRC-32 mismatch: INDUCTOR_ERR_BAD_PACKAGE) fails to open.
 *
 * Where the cache is: the model's cache_dir option if set (see
 * inductor_open_options), else the first of $INDUCTOR_CACHE_DIR,
 * $XDG_CACHE_HOME/inductor, $HOME/.cache/inductor, and the user
 * database's home directory + /.cache/inductor (environment variables win
 * over the defaults).  Never a shared place such as /tmp.
 *
 * Private, or not used: the cache holds libraries that get loaded, so a
 * missing directory is created with mode 0700, and an existing one is used
 * only if it is not a symbolic link, is owned by the effective user and is
 * not writable by group or others (ssh's rule for ~/.ssh).  When it is not
 * (or it cannot be created, or there is none, or INDUCTOR_NO_CACHE=1 or the
 * no_cache option), the package is extracted into a new private directory
 * under $TMPDIR (or /tmp) for this model only, removed by
 * inductor_model_close(); the model works as before, only the next load
 * extracts again.  inductor_load_stats' cache_private and cache_note then
 * tell the caller why, so that it can warn the user (the library never
 * prints).
 *
 * Entries are published atomically (staging directory, then rename), so
 * concurrent processes are safe; an entry whose marker or file sizes do
 * not match is removed and extracted again.  The cache is bounded by
 * $INDUCTOR_CACHE_MAX_BYTES (decimal bytes; default 32 GiB): after each
 * extraction the least recently used entries are removed until it fits,
 * never the one just loaded nor one that a process has loaded (an open
 * model holds a shared lock on its entry). */

/* Removes the staging directories of extractions in progress in this
 * process, and the temporary directories of its open models.
 * Async-signal-safe (system calls only): meant for a program's
 * SIGINT/SIGTERM handler, which should then re-raise the signal.  The
 * library installs no signal handlers itself.  A load interrupted this
 * way fails; the cache itself never holds a partial entry. */
INDUCTOR_API void inductor_cache_cleanup_staging(void);

/* Managing the cache.  Every function below works on the directory that
 * inductor_model_open() uses without a cache_dir option (from the
 * environment, as above), and refuses, with INDUCTOR_ERR_IO and one line
 * naming the reason, a directory that is not private, touching nothing in
 * it.  A cache directory that does not exist yet is an empty cache.  An
 * entry that some process has loaded (it holds a shared flock() on the
 * entry) is never removed.  Thread-safe; safe against concurrent
 * processes. */
typedef struct inductor_cache_entry {
    char key[65];      /* the entry's directory name: SHA-256, hex */
    uint64_t bytes;    /* disk space it takes */
    int64_t last_used; /* Unix time of its last load */
    int in_use;        /* 1: some process has it loaded now */
    char source[512];  /* the package path it was last extracted from
                          ("(memory)" for inductor_model_open_memory(), ""
                          if unknown); information only, never trusted */
} inductor_cache_entry;

/* The cache directory that model opens use by default (from the
 * environment) into `buf` of `len` bytes; *is_private (may be NULL) = 1
 * when it exists and passes the ownership and mode rule, else 0.
 * INDUCTOR_ERR_IO when there is none (no INDUCTOR_CACHE_DIR,
 * XDG_CACHE_HOME, HOME nor home directory) or it does not fit in `len`;
 * INDUCTOR_ERR_INVALID_ARGUMENT for a NULL `buf` or a `len` of 0.
 * INDUCTOR_NO_CACHE is not looked at. */
INDUCTOR_API inductor_status inductor_cache_dir(char *buf, size_t len,
                                                int *is_private);

/* Every entry, most recently used first, into *entries (*n of them; NULL
 * and 0 for an empty cache).  Caller frees *entries with free().
 * INDUCTOR_ERR_INVALID_ARGUMENT if `entries` or `n` is NULL. */
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

/* ------------------------------------------------------------------ */
/* Devices                                                             */
/* ------------------------------------------------------------------ */
/* Checks a device string: "cpu", "cuda", "cuda:N" (and on ROCm builds the
 * same "cuda" names, as PyTorch spells them).  INDUCTOR_ERR_BAD_DEVICE if it
 * is not understood (or NULL), INDUCTOR_ERR_DEVICE_UNAVAILABLE if this
 * build or this machine cannot use it ("no CUDA device"). */
INDUCTOR_API inductor_status inductor_device_check(const char *device);

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
 * understood (or NULL), INDUCTOR_ERR_DEVICE_UNAVAILABLE ("no CUDA device")
 * when this build or machine lacks it; and INDUCTOR_ERR_RUNTIME if the
 * driver cannot be queried.  On failure *out keeps its struct_size and is
 * otherwise zeroed.  Thread-safe. */
INDUCTOR_API inductor_status inductor_device_info(
    const char *device, inductor_device_properties *out);

/* Number of small tensor operations inductor_device_selftest() knows. */
INDUCTOR_API size_t inductor_selftest_num_ops(void);
/* Static name of operation i ("add", "matmul", ...); NULL if out of range. */
INDUCTOR_API const char *inductor_selftest_op_name(size_t i);
/* Runs operation `op` on `device` in dtype `dt` (float32, float16 or
 * bfloat16), compares with a float64 reference computed on the CPU and
 * stores the largest absolute difference in *max_abs_err.  Returns
 * INDUCTOR_ERR_RUNTIME if the result is outside the dtype's tolerance or the
 * operation failed; INDUCTOR_ERR_INVALID_ARGUMENT for a NULL max_abs_err
 * or an unknown op, INDUCTOR_ERR_UNSUPPORTED for another dtype, and the
 * errors of inductor_device_check() for the device.  Needs libtorch (it is
 * not a model run). */
INDUCTOR_API inductor_status inductor_device_selftest(const char *device,
                                                      inductor_dtype dt,
                                                      size_t op,
                                                      double *max_abs_err);

#ifdef __cplusplus
}
#endif

#endif /* INDUCTOR_H */
