/*
 * test_cpu_threads.c - reading the OpenMP thread counts that generated CPU
 * kernels assume (src/lib/cpu_threads.c), on source written as torch
 * 2.13's codegen writes it.
 */
#include "config.h"

#include "cpu_threads.h"
#include "tap.h"

/* A parallel reduction as codegen/cpp.py writes it for 4 threads. */
static const char reduction[] =
    "            float tmp_acc0_arr[4];\n"
    "            for (int i = 0; i < 4; i++)\n"
    "            #pragma omp parallel\n"
    "                int tid = omp_get_thread_num();\n"
    "                tmp_acc0_arr[tid] = tmp_acc0_local;\n"
    "            for (int tid = 0; tid < 4; tid++)\n";

int main(void)
{
    int limit = 0, pinned = 0;

    plan(7);
    cpu_threads_scan(reduction, &limit, &pinned);
    ok(limit == 4 && pinned == 0, "a reduction over 4 threads: limit 4, none pinned");

    limit = pinned = 0;
    cpu_threads_scan("    #pragma omp parallel num_threads(3)\n    {\n"
                     "    #pragma omp parallel num_threads(8)\n", &limit, &pinned);
    ok(limit == 0 && pinned == 8, "pinned teams: the largest, 8");

    limit = 2, pinned = 0;
    cpu_threads_scan(reduction, &limit, &pinned);
    ok(limit == 4, "a second source raises the limit to its larger count");
    cpu_threads_scan("for (int tid = 0; tid < 2; tid++)\n", &limit, &pinned);
    ok(limit == 4, "and a smaller count never lowers it");

    limit = pinned = 0;
    cpu_threads_scan("for (int tid = 0; tid < max_threads; tid++)\n"
                     "#pragma omp parallel\n", &limit, &pinned);
    ok(limit == 0 && pinned == 0,
       "cpp.dynamic_threads (omp_get_max_threads() at run time): no count");

    cpu_threads_scan("for (int tid = 0; tid < 99999999999; tid++)\n"
                     "#pragma omp parallel num_threads(12\n"
                     "for (int tid = 0; tid < 5 ; tid++)\n", &limit, &pinned);
    ok(limit == 0 && pinned == 0, "a count too large, unterminated or spaced otherwise is not taken");

    cpu_threads_scan("", &limit, &pinned);
    ok(limit == 0 && pinned == 0, "no source text: no count");
    return done_testing();
}
