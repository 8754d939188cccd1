/*
 * leak_rss.c - the resident set size after 10,000 runs stays within 5% of
 * the size after 1,000 (TAP output).  The runs mix valid and invalid
 * inputs, so that error paths are covered too.  Uses the two_input
 * fixture ($FIXTURES).
 *
 * Measured from /proc/self/statm after malloc_trim(), which returns free
 * heap pages to the system (a leak stays allocated, so it still counts),
 * making the figure less noisy without hiding leaks.
 */
#include <malloc.h>
#include <stdio.h>

#include "stress_inputs.h"
#include "tap.h"

#define WARMUP_RUNS 1000
#define TOTAL_RUNS 10000
#define TOLERANCE 0.05

static int run_many(inductor_model *m, stress_set *set, int from, int to)
{
    char why[512];
    int wrong = 0;

    for (int i = from; i < to; i++)
        if (stress_run_case(m, &set->cases[(size_t)i % set->n], why,
                            sizeof why) != 0 &&
            wrong++ == 0)
            diag("run %d: %s", i, why);
    return wrong;
}

static size_t settled_rss(void)
{
    malloc_trim(0);
    return stress_rss_bytes();
}

int main(int argc, char **argv)
{
    const char *pkg = stress_package(argc, argv);
    inductor_model *m = NULL;
    stress_set set = {0, NULL};
    size_t rss_warm, rss_end;
    double growth;

    plan(5);
    if (!ok(inductor_model_open(pkg, "cpu", NULL, &m) == INDUCTOR_OK,
            "open %s", pkg))
        bail_out("%s", inductor_last_error());
    if (!ok(stress_make_cases(m, 6, &set) == 0, "inputs made"))
        bail_out("cannot make the inputs");
    is_int(run_many(m, &set, 0, WARMUP_RUNS), 0,
           "%d runs, each with its expected result", WARMUP_RUNS);
    rss_warm = settled_rss();
    is_int(run_many(m, &set, WARMUP_RUNS, TOTAL_RUNS), 0,
           "%d more runs, each with its expected result",
           TOTAL_RUNS - WARMUP_RUNS);
    rss_end = settled_rss();
    growth = rss_warm ? ((double)rss_end - (double)rss_warm) / (double)rss_warm
                      : 1.0;
    ok(rss_warm > 0 && growth <= TOLERANCE,
       "RSS after %d runs (%zu KiB) is within %.0f%% of RSS after %d "
       "(%zu KiB): %+.2f%%", TOTAL_RUNS, rss_end / 1024, TOLERANCE * 100,
       WARMUP_RUNS, rss_warm / 1024, growth * 100);
    stress_free_cases(&set);
    inductor_model_close(m);
    return done_testing();
}
