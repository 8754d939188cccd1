/*
 * signature.h - the input signature that inductor's export tool records in
 * a package's metadata (key "inductor.inputs": a JSON list of
 * {"name", "dtype", "shape"} with -1 for a dynamic dimension).  It lets
 * inputs be checked before any kernel runs: AOTInductor itself does not.
 */
#ifndef INDUCTOR_SIGNATURE_H
#define INDUCTOR_SIGNATURE_H

#include "internal.h"

#define SIGNATURE_METADATA_KEY "inductor.inputs"

typedef struct sig_input {
    char *name;
    inductor_dtype dtype;
    size_t ndim;
    int64_t sizes[INDUCTOR_MAX_DIMS]; /* -1: dynamic */
} sig_input;

typedef struct signature {
    size_t n; /* 0: the package records none */
    sig_input *inputs;
} signature;

/* Parses the metadata value; NULL json gives an empty signature. */
inductor_status signature_parse(const char *json, signature *sig);
void signature_free(signature *sig);

/* INDUCTOR_ERR_INPUT_MISMATCH naming the first input that does not fit. */
inductor_status signature_check(const signature *sig,
                                inductor_tensor *const *inputs, size_t n);

#endif /* INDUCTOR_SIGNATURE_H */
