/*
 * wrapper_signature.h - a model's signature as its generated wrapper
 * source states it, for packages that carry none of inductor's metadata
 * (plain torch.export + aoti_compile_and_package).  Internal.
 *
 * The wrapper (<root>/data/aotinductor/<model>/<hash>.wrapper.cpp, shipped
 * in every package) compiles in, for each input, a check_input_<i>()
 * function: its expected dtype (`aoti_torch_dtype_int64()`), each static
 * size (`6 != arg1_1_size[1]`) and each dynamic size's bounds
 * (`arg1_1_size[0] < 2`, `... > 16`).  run_impl() asserts every input's
 * full size list (`assert_size_stride(arg1_1, {s43, 6L}, ...)`, which
 * gives the rank and the symbol of each dynamic size) and allocates the
 * outputs it hands back (`aoti_torch_empty_strided(3, int_array_0, ...,
 * cached_torch_dtype_float32, ..., &buf0_handle)` ...
 * `output_handles[0] = buf0.release();`).  The pytree specs (in_spec_,
 * out_spec_) are read by call_spec.c.
 *
 * The source is the package's, so it is untrusted: this reader looks for
 * those patterns and takes what it finds.  Anything malformed, missing or
 * out of bounds is left unknown; parsing never fails on content (only on
 * memory), never reads past the text and never recurses.
 */
#ifndef INDUCTOR_WRAPPER_SIGNATURE_H
#define INDUCTOR_WRAPPER_SIGNATURE_H

#include "signature.h"

/* No wrapper states more inputs or outputs than this (it bounds the
 * allocation); a bigger count is treated as unknown. */
#define WRAPPER_MAX_TENSORS SIGNATURE_MAX_INPUTS

typedef struct wrapper_tensor {
    inductor_dtype dtype; /* INDUCTOR_DTYPE_INVALID: not stated */
    int have_shape;       /* rank and sizes known */
    size_t ndim;
    int64_t sizes[INDUCTOR_MAX_DIMS]; /* -1: dynamic */
    /* As in sig_input: min == max == size for a static dimension; for a
     * dynamic one the compiled bounds, [0, SIGNATURE_UNBOUNDED] if none. */
    int64_t min[INDUCTOR_MAX_DIMS];
    int64_t max[INDUCTOR_MAX_DIMS];
    /* A dynamic dimension's size expression ("s43", "2*s43"); "" if not
     * stated or too long. */
    char symbol[INDUCTOR_MAX_DIMS][SIGNATURE_MAX_SYMBOL + 1];
} wrapper_tensor;

typedef struct wrapper_sig {
    size_t n_in, n_out; /* 0: not stated */
    wrapper_tensor *in, *out;
} wrapper_sig;

/* Reads what text (NUL-terminated) states.  INDUCTOR_ERR_OUT_OF_MEMORY is
 * the only failure; on it *out is empty. */
inductor_status wrapper_signature_parse(const char *text, wrapper_sig *out);

void wrapper_signature_free(wrapper_sig *w);

#endif /* INDUCTOR_WRAPPER_SIGNATURE_H */
