/*
 * cpu_threads.h - what a model's generated CPU kernels assume about the
 * number of OpenMP threads (cpu_threads.c says why it matters).  Internal;
 * the public face is inductor_package_cpu_threads().
 */
#ifndef INDUCTOR_CPU_THREADS_H
#define INDUCTOR_CPU_THREADS_H

#include "package_internal.h"

/* Raises *limit to the largest per-thread reduction count in kernel source
 * `text` (`for (int tid = 0; tid < N; tid++)`) and *pinned to the largest
 * `#pragma omp parallel num_threads(N)`.  Pure: a function of `text`. */
void cpu_threads_scan(const char *text, int *limit, int *pinned);

#endif /* INDUCTOR_CPU_THREADS_H */
