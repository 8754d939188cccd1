/*
 * compat.c - the compatibility verdict, a pure function of what the
 * package says and what the host and build are (see compat.h), so that it
 * can be tested with any host.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "compat.h"

/* PyTorch's CPU ISA levels (torch/_inductor/cpu_vec_isa.py, upper-cased
 * into AOTI_CPU_ISA) and the CPU flags their compiler flags assume. */
static const struct isa_level {
    const char *name;
    const char *flags;
} isa_levels[] = {
    {"AVX2", "avx2 fma f16c"},
    {"AVX512", "avx512f avx512dq avx512vl avx512bw fma"},
    {"AVX512_VNNI", "avx512_vnni"},
    {"AMX_TILE", "amx_tile amx_bf16 amx_int8"},
    {"ASIMD", "asimd"},
    {"NEON", "asimd"},
    {"ZVECTOR", "vx"},
};

#define N_LEVELS (sizeof isa_levels / sizeof isa_levels[0])

/* 1 if the space-separated list `list` holds the word w[0..n). */
static int has_word(const char *list, const char *w, size_t n)
{
    for (const char *p = list; p && *p;) {
        size_t len;

        while (*p == ' ' || *p == '\t')
            p++;
        len = strcspn(p, " \t\n");
        if (len == n && strncmp(p, w, n) == 0)
            return 1;
        p += len;
    }
    return 0;
}

static const struct isa_level *find_level(const char *isa, size_t n)
{
    for (size_t i = 0; i < N_LEVELS; i++)
        if (strlen(isa_levels[i].name) == n &&
            strncasecmp(isa_levels[i].name, isa, n) == 0)
            return &isa_levels[i];
    return NULL;
}

/* First flag of `need` missing from `flags`, in a static table (never
 * freed), or NULL. */
static const char *first_missing(const char *need, const char *flags)
{
    static const char *const words[] = {
        "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512vl", "avx512bw",
        "avx512_vnni", "amx_tile", "amx_bf16", "amx_int8", "asimd", "vx"};

    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (has_word(need, words[i], strlen(words[i])) &&
            !has_word(flags, words[i], strlen(words[i])))
            return words[i];
    return NULL;
}

const char *compat_isa_missing_flag(const char *isa, const char *flags)
{
    const struct isa_level *l = isa ? find_level(isa, strlen(isa)) : NULL;
    return l && flags ? first_missing(l->flags, flags) : NULL;
}

void compat_isa_levels(const char *flags, char *buf, size_t len)
{
    size_t used = 0;

    if (len)
        buf[0] = '\0';
    for (size_t i = 0; flags && i < N_LEVELS && used < len; i++)
        if (first_missing(isa_levels[i].flags, flags) == NULL &&
            !(i > 0 && strcmp(isa_levels[i].flags, isa_levels[i - 1].flags) == 0))
            used += (size_t)snprintf(buf + used, len - used, "%s%s",
                                     used ? " " : "", isa_levels[i].name);
}

/* uname says aarch64 where macOS and Python say arm64; amd64 likewise. */
static const char *canonical_machine(const char *m)
{
    if (strcmp(m, "arm64") == 0)
        return "aarch64";
    if (strcmp(m, "amd64") == 0 || strcmp(m, "AMD64") == 0)
        return "x86_64";
    return m;
}

static int check_platform(const compat_package *pkg, const compat_host *h,
                          char *why, size_t len)
{
    int os_differs = pkg->platform && *pkg->platform && h->system &&
                     strcmp(pkg->platform, h->system) != 0;
    int cpu_differs = pkg->machine && *pkg->machine && h->machine &&
                      strcmp(canonical_machine(pkg->machine),
                             canonical_machine(h->machine)) != 0;

    if (!os_differs && !cpu_differs)
        return 0;
    snprintf(why, len, "compiled for %s %s, this host is %s %s",
             pkg->platform && *pkg->platform ? pkg->platform : "?",
             pkg->machine && *pkg->machine ? pkg->machine : "?",
             h->system ? h->system : "?", h->machine ? h->machine : "?");
    return -1;
}

static int check_backend(const compat_package *pkg, const char *backend,
                         const char *dev, char *why, size_t len)
{
    if (pkg->device_key && *pkg->device_key && strcmp(pkg->device_key, dev) != 0) {
        snprintf(why, len, "compiled for %s, not %s", pkg->device_key, dev);
        return -1;
    }
    if (strcmp(dev, "cpu") != 0 && strcmp(backend, "cpu") == 0) {
        snprintf(why, len, "compiled for %s, but this inductor is built for "
                           "cpu only", dev);
        return -1;
    }
    if (strcmp(dev, "cpu") == 0)
        return 0;
    if (pkg->rocm_kernels > 0 && strcmp(backend, "rocm") != 0) {
        snprintf(why, len, "has %zu ROCm (hsaco) kernels, but this inductor "
                           "is built for %s", pkg->rocm_kernels, backend);
        return -1;
    }
    if (pkg->cuda_kernels > 0 && strcmp(backend, "rocm") == 0) {
        snprintf(why, len, "has %zu CUDA (cubin) kernels, but this inductor "
                           "is built for rocm", pkg->cuda_kernels);
        return -1;
    }
    return 0;
}

/* Only a CPU model's kernels are compiled for the CPU ISA it records. */
static int check_isa(const compat_package *pkg, const compat_host *h,
                     char *why, size_t len)
{
    const char *p = pkg->cpu_isa;

    while (p && *p && h->cpu_flags) {
        size_t n;
        const struct isa_level *l;
        const char *miss;

        while (*p == ' ')
            p++;
        n = strcspn(p, " ");
        l = n ? find_level(p, n) : NULL;
        if (l && (miss = first_missing(l->flags, h->cpu_flags)) != NULL) {
            snprintf(why, len, "compiled for CPU ISA %s, but this CPU lacks "
                               "%s", pkg->cpu_isa, miss);
            return -1;
        }
        p += n;
    }
    return 0;
}

int compat_verdict(const compat_package *pkg, const compat_host *host,
                   const char *backend, const char *device_type, char *why,
                   size_t whylen)
{
    const char *dev = device_type ? device_type
                      : (pkg->device_key && *pkg->device_key) ? pkg->device_key
                                                              : "cpu";

    if (whylen)
        why[0] = '\0';
    if (check_platform(pkg, host, why, whylen) != 0 ||
        check_backend(pkg, backend, dev, why, whylen) != 0)
        return -1;
    if (strcmp(dev, "cpu") == 0 && check_isa(pkg, host, why, whylen) != 0)
        return -1;
    return 0;
}
