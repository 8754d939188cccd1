/*
 * signature.h - the input signature that inductor's export tool records in
 * a package's metadata (key "inductor.inputs": a JSON list of
 * {"name", "dtype", "shape"} with -1 for a dynamic dimension, and, from
 * inductor-tools 0.1 on, "device" and "ranges").  It lets inputs be checked
 * before any kernel runs: AOTInductor itself does not (its own checks are
 * compiled in but run only when AOTI_RUNTIME_CHECK_INPUTS is set).
 *
 * "ranges" is a list as long as "shape": null for a static dimension, and
 * [min, max] for a dynamic one, with max null when unbounded.  They are the
 * sizes the *compiled* package accepts, which the export tool reads back
 * from the package's compiled input checks.  Entries without "ranges"
 * accept any size in a dynamic dimension (packages from older tools).
 *
 * "symbols", also as long as "shape", names each dynamic dimension's
 * symbolic size ("s77"; null for a static one).  Dimensions with the same
 * symbol must have the same size: the compiled code takes the size from
 * one input and reads the others with it, so a shorter one would be read
 * out of bounds.  (Derived sizes such as "2*s77" are only compared with
 * equal expressions.)
 *
 * The parser is a trust boundary: the metadata comes from the package
 * file.  Names are bounded and printable (they appear in error messages),
 * counts and numbers are checked, and anything else is refused as
 * INDUCTOR_ERR_BAD_PACKAGE.
 */
#ifndef INDUCTOR_SIGNATURE_H
#define INDUCTOR_SIGNATURE_H

#include "internal.h"

struct json_object;

#define SIGNATURE_METADATA_KEY "inductor.inputs"

/* Longest input name, device type and symbol accepted from a package. */
#define SIGNATURE_MAX_NAME 256
#define SIGNATURE_MAX_DEVICE 15
#define SIGNATURE_MAX_SYMBOL 63
/* No model has more inputs than this; it bounds the allocation. */
#define SIGNATURE_MAX_INPUTS 4096

/* "No upper bound" in sig_input.max. */
#define SIGNATURE_UNBOUNDED INT64_MAX

typedef struct sig_input {
    char *name;
    inductor_dtype dtype;
    size_t ndim;
    int64_t sizes[INDUCTOR_MAX_DIMS]; /* -1: dynamic */
    /* Accepted sizes per dimension: min == max == size for a static one;
     * [0, SIGNATURE_UNBOUNDED] for a dynamic one without a recorded range. */
    int64_t min[INDUCTOR_MAX_DIMS];
    int64_t max[INDUCTOR_MAX_DIMS];
    char device[SIGNATURE_MAX_DEVICE + 1]; /* "cpu", "cuda"; "": unrecorded */
    /* Symbol of each dynamic dimension; "" for static or unrecorded. */
    char symbol[INDUCTOR_MAX_DIMS][SIGNATURE_MAX_SYMBOL + 1];
    /* Set only for inputs read from a wrapper source that does not state
     * the rank: then neither rank nor sizes are checked.  A dtype of
     * INDUCTOR_DTYPE_INVALID is likewise not checked. */
    int shape_unknown;
} sig_input;

/* The inputs a package records (not the public inductor_signature, which
 * io_signature.c builds from this and the call spec for callers). */
typedef struct recorded_inputs {
    size_t n; /* 0: the package records none */
    sig_input *inputs;
} recorded_inputs;

/* Parses the metadata value; NULL json gives an empty signature.  On
 * failure sig is empty and the status is INDUCTOR_ERR_BAD_PACKAGE (or
 * INDUCTOR_ERR_OUT_OF_MEMORY). */
inductor_status signature_parse(const char *json, recorded_inputs *sig);
void signature_free(recorded_inputs *sig);

/* INDUCTOR_ERR_INPUT_MISMATCH naming the first input that does not fit:
 * count, dtype, rank, each static size, each dynamic size within its
 * range and equal to the other dimensions of its symbol; the message gives
 * the expected and the actual value.  A NULL input is
 * INDUCTOR_ERR_INVALID_ARGUMENT. */
inductor_status signature_check(const recorded_inputs *sig,
                                inductor_tensor *const *inputs, size_t n);

/* INDUCTOR_ERR_INCOMPATIBLE naming the first input recorded on a device
 * type other than `device_type` ("cpu", "cuda"): every input is passed on
 * the model's device, so such a package cannot be run correctly. */
inductor_status signature_check_device(const recorded_inputs *sig,
                                       const char *device_type);

/* Parses text[0..len) as exactly one JSON value, whitespace around it
 * allowed; NULL for anything else: invalid JSON, trailing data, an embedded
 * NUL.  Caller releases the result with json_object_put().  Shared with the
 * package metadata reader, which has the same trust problem. */
struct json_object *signature_json_parse_exact(const char *text, size_t len);

#endif /* INDUCTOR_SIGNATURE_H */
