/*
 * golden_check.h - running a model on its golden inputs and comparing
 * every output with the golden one, as torch.allclose does: an element
 * passes when |got - golden| <= atol + rtol * |golden|, NaN equals NaN in
 * the same place, infinities equal themselves; integers and bool compare
 * exactly unless a tolerance says otherwise.  Used by `inductor verify`
 * and `inductor serve --verify`; the report is plain data, so that other
 * commands (provenance records) can embed it (golden_report_json()).
 */
#ifndef INDUCTOR_CLI_GOLDEN_CHECK_H
#define INDUCTOR_CLI_GOLDEN_CHECK_H

#include <stddef.h>

#include <json-c/json.h>

#include "golden.h"

typedef struct golden_result {
    size_t index;
    const char *name, *key; /* borrowed from the golden data */
    int passed;
    int same_layout;        /* dtype and shape as the golden output's */
    char got_layout[128];   /* "float32 [2, 3]" when they differ */
    char want_layout[128];
    double max_abs, max_rel; /* INFINITY for a NaN where golden has none */
    size_t worst;           /* flat index of the largest abs difference */
    char where[128];        /* that index as "[1, 2]" */
    double got, want;       /* the values there */
    size_t n_bad, numel;    /* elements out of tolerance, of all */
    double rtol, atol;
} golden_result;

typedef struct golden_report {
    size_t n;
    golden_result *r;
    size_t failed;
} golden_report;

/* Runs `m` once on g's inputs and compares its outputs.  rtol and atol,
 * when >= 0, replace every output's own.  Returns EXIT_OK with the report
 * filled (rep->failed outputs differ); EXIT_BAD_INPUT when the golden data
 * does not fit the model (counts, dtypes, shapes of inputs); or
 * EXIT_RUN_FAILED when the run fails; a one-line reason in err. */
int golden_check(inductor_model *m, const golden_data *g, double rtol,
                 double atol, golden_report *rep, char *err, size_t errlen);

/* golden_check() that also hands the run to `hook` (when not NULL) before
 * the outputs are freed: verify's --provenance hashes them there.  A hook
 * returning other than EXIT_OK ends the check with that code (it printed
 * its own error). */
typedef int (*golden_run_hook)(void *ctx, inductor_tensor *const *in,
                               size_t n_in, inductor_tensor *const *outs,
                               size_t n_out, double run_ms);
int golden_check_hooked(inductor_model *m, const golden_data *g, double rtol,
                        double atol, golden_report *rep, char *err,
                        size_t errlen, golden_run_hook hook, void *ctx);

void golden_report_free(golden_report *rep);

/* Compares `got` with `want` under r->rtol and r->atol (set them first)
 * and fills the rest of *r (golden_compare.c).  Another dtype or shape
 * fails with same_layout 0 and infinite differences. */
void golden_compare(const inductor_tensor *got, const inductor_tensor *want,
                    golden_result *r);

/* One line for a result: "output 1 'probs': max abs diff 0.0123 at [1, 2]
 * (got 0.5, golden 0.4877), max rel diff 0.0252, 3 of 6 elements out of
 * tolerance (rtol 1e-06, atol 0)". */
void golden_result_line(const golden_result *r, char *buf, size_t len);

/* The report as JSON: {"passed", "failed", "outputs": [{"index", "name",
 * "key", "passed", "got" and "golden" (layouts, "float32 [2, 3]"),
 * "max_abs_diff", "max_rel_diff", "where" ("[1, 2]"), "got_value",
 * "golden_value", "mismatched", "elements", "rtol", "atol"}]}; a
 * non-finite number (or one that does not apply) is null.  Caller frees with json_object_put(). */
json_object *golden_report_json(const golden_report *rep);

#endif /* INDUCTOR_CLI_GOLDEN_CHECK_H */
