/*
 * compat.h - can a package run here?  The verdict compares what a model
 * was compiled for (its metadata and kernel binaries) with this build's
 * backend and this host's platform and CPU.  Internal.
 */
#ifndef INDUCTOR_COMPAT_H
#define INDUCTOR_COMPAT_H

#include <stddef.h>

#include "internal.h"

/* What the package says (metadata values may be NULL when absent). */
typedef struct compat_package {
    const char *device_key; /* AOTI_DEVICE_KEY: "cpu", "cuda" */
    const char *platform;   /* AOTI_PLATFORM: sys.platform, "linux" */
    const char *machine;    /* AOTI_MACHINE: "x86_64", "aarch64" */
    const char *cpu_isa;    /* AOTI_CPU_ISA: "AVX512 AVX512_VNNI" */
    size_t cuda_kernels;    /* .cubin, .fatbin, .ptx files */
    size_t rocm_kernels;    /* .hsaco files */
} compat_package;

/* What this process runs on. */
typedef struct compat_host {
    const char *system;    /* uname sysname, lower case: "linux" */
    const char *machine;   /* uname machine: "x86_64" */
    const char *cpu_flags; /* /proc/cpuinfo flags or Features; NULL: unknown */
} compat_host;

/* The verdict, a pure function of its arguments.  `backend` is the build's
 * ("cpu", "cuda", "rocm"); `device_type` the device asked for ("cpu",
 * "cuda") or NULL for the package's own.  Returns 0 if compatible, else -1
 * with a one-line reason in `why`. */
int compat_verdict(const compat_package *pkg, const compat_host *host,
                   const char *backend, const char *device_type, char *why,
                   size_t whylen);

/* The first CPU flag that ISA level `isa` (PyTorch's spelling, any case:
 * "AVX2", "AVX512", "AVX512_VNNI", "AMX_TILE", "ASIMD", "NEON") needs and
 * `flags` (space-separated) lacks; NULL if none is missing or the level is
 * unknown (unknown levels are not checked). */
const char *compat_isa_missing_flag(const char *isa, const char *flags);

/* The known ISA levels that `flags` satisfies, space-separated, into buf. */
void compat_isa_levels(const char *flags, char *buf, size_t len);

/* The host as seen by this process (computed once; thread-safe). */
const compat_host *compat_this_host(void);

/* The verdict for `model` of a package on device type `device_type` (NULL:
 * the package's own): INDUCTOR_ERR_INCOMPATIBLE naming the path and the
 * reason, or INDUCTOR_OK.  `path` names the package in the message. */
struct inductor_package;
inductor_status compat_check_model(const struct inductor_package *p,
                                   const char *path, const char *model,
                                   const char *device_type);

#endif /* INDUCTOR_COMPAT_H */
