/*
 * inspect.h - what a model's files say beyond its metadata, read from the
 * package zip without libtorch: its directory's entries and its generated
 * wrapper source (<root>/data/aotinductor/<model>/<hash>.wrapper.cpp),
 * which holds the pytree call specs and the constants table.  Internal.
 */
#ifndef INDUCTOR_INSPECT_H
#define INDUCTOR_INSPECT_H

#include "package_internal.h"

/* The wrapper source is text; one bigger than this is not AOTInductor's. */
#define INSPECT_MAX_WRAPPER_BYTES ((size_t)128 << 20)

/* 1 if zip entry `name` lies in `model`'s directory. */
int inspect_in_model_dir(const char *name, const char *model);

/* Reads the model's wrapper source into a malloc'd NUL-terminated buffer.
 * INDUCTOR_ERR_UNSUPPORTED (*text NULL) when the package has none. */
inductor_status inspect_read_wrapper(const inductor_package *p,
                                     const char *model, char **text);

/* The raw string assigned to `var` ("in_spec_", "out_spec_") in wrapper
 * source: `var = R"(...)";`.  A malloc'd copy, or NULL if absent. */
char *inspect_wrapper_string(const char *text, const char *var);

/* Sums `constants_info_[N].data_size = BYTES;` over the constants table.
 * Pure: a function of `text` only. */
void inspect_wrapper_weights(const char *text, uint64_t *bytes, size_t *count);

/* Kernel binaries of the model by backend: .cubin/.fatbin/.ptx count as
 * CUDA, .hsaco as ROCm. */
void inspect_kernel_counts(const inductor_package *p, const char *model,
                           size_t *cuda, size_t *rocm);

#endif /* INDUCTOR_INSPECT_H */
