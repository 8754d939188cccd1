/*
 * cpu_threads.c - the OpenMP thread count a model's CPU kernels were
 * generated for, read from their C++ source in the package (see
 * cpu_threads.h and inductor_package_cpu_threads() in inductor.h).
 *
 * Why it matters (torch 2.13, torch/_inductor/codegen/cpp.py): a parallel
 * reduction keeps one partial result per thread in an array sized by the
 * exporting process's torch.get_num_threads(), N, written at
 * [omp_get_thread_num()] inside a plain `#pragma omp parallel` and summed
 * by `for (int tid = 0; tid < N; tid++)`.  Run with more than N threads,
 * the kernel writes past the array (a package exported on a 2-core laptop
 * crashes, or silently drops partial sums, on a 16-core server).  Where
 * the exporter's count differed from its cores, the kernels instead pin
 * `#pragma omp parallel num_threads(N)` and use N whatever the host has.
 */
#include <stdlib.h>
#include <string.h>

#include "cpu_threads.h"
#include "inspect.h"

/* The largest count AOTInductor could have written; more is not its. */
#define CPU_THREADS_MAX 1000000

/* The decimal number at *p, followed by `end`; -1 if not that. */
static long number_then(const char *p, const char *end)
{
    long v = 0;
    int digits = 0;

    for (; *p >= '0' && *p <= '9'; p++) {
        if (++digits > 7)
            return -1;
        v = v * 10 + (*p - '0');
    }
    if (digits == 0 || v > CPU_THREADS_MAX || strncmp(p, end, strlen(end)) != 0)
        return -1;
    return v;
}

/* The largest N over every `prefix N end` in text (0 if none). */
static int largest(const char *text, const char *prefix, const char *end)
{
    size_t n = strlen(prefix);
    const char *p = text;
    long best = 0;

    while ((p = strstr(p, prefix)) != NULL) {
        long v = number_then(p + n, end);
        if (v > best)
            best = v;
        p += n;
    }
    return (int)best;
}

void cpu_threads_scan(const char *text, int *limit, int *pinned)
{
    int l = largest(text, "for (int tid = 0; tid < ", "; tid++)");
    int q = largest(text, "#pragma omp parallel num_threads(", ")");

    if (l > *limit)
        *limit = l;
    if (q > *pinned)
        *pinned = q;
}

static int is_cpp_source(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".cpp") == 0;
}

inductor_status inductor_package_cpu_threads(const inductor_package *p,
                                             const char *model, int *limit,
                                             int *pinned)
{
    int l = 0, q = 0;
    inductor_status s;

    inductor__clear_error();
    if (p == NULL || model == NULL || limit == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "package, model or limit is NULL");
    *limit = 0;
    if (pinned)
        *pinned = 0;
    if ((s = package_require_model(p, model)) != INDUCTOR_OK)
        return s;
    for (size_t i = 0; i < pt2_archive_count(p->archive); i++) {
        const pt2_entry *e = pt2_archive_entry(p->archive, i);
        char *text = NULL;

        if (!inspect_in_model_dir(e->name, model) || !is_cpp_source(e->name))
            continue;
        s = pt2_archive_read(p->archive, e, INSPECT_MAX_WRAPPER_BYTES, &text,
                             NULL);
        if (s != INDUCTOR_OK)
            return s;
        cpu_threads_scan(text, &l, &q);
        free(text);
    }
    *limit = l;
    if (pinned)
        *pinned = q;
    return INDUCTOR_OK;
}
