/*
 * golden_check.c - see golden_check.h.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "errbuf.h"
#include "file_util.h"
#include "golden_check.h"
#include "tensor_json.h"

/* Inputs and outputs the model takes and gives, against the golden data's. */
static int check_fit(inductor_model *m, const golden_data *g, char *err,
                     size_t errlen)
{
    const inductor_signature *sig = inductor_model_signature(m);

    if (inductor_model_num_inputs(m) != g->n_in)
        return errbuf_set(err, errlen, "golden data (%s) has %zu inputs, the "
                          "model takes %zu", g->source, g->n_in,
                          inductor_model_num_inputs(m));
    if (inductor_model_num_outputs(m) != g->n_out)
        return errbuf_set(err, errlen, "golden data (%s) has %zu outputs, the "
                          "model gives %zu", g->source, g->n_out,
                          inductor_model_num_outputs(m));
    for (size_t i = 0; sig && i < g->n_out; i++) {
        inductor_dtype dt = inductor_signature_output_dtype(sig, i);
        inductor_dtype want = inductor_tensor_dtype(g->out[i].want);

        if (dt != INDUCTOR_DTYPE_INVALID && dt != want)
            return errbuf_set(err, errlen, "golden output %zu '%s' (%s) is %s, "
                              "the model gives %s", i, g->out[i].name,
                              g->source, inductor_dtype_name(want),
                              inductor_dtype_name(dt));
    }
    return 0;
}

int golden_check(inductor_model *m, const golden_data *g, double rtol,
                 double atol, golden_report *rep, char *err, size_t errlen)
{
    return golden_check_hooked(m, g, rtol, atol, rep, err, errlen, NULL, NULL);
}

int golden_check_hooked(inductor_model *m, const golden_data *g, double rtol,
                        double atol, golden_report *rep, char *err,
                        size_t errlen, golden_run_hook hook, void *ctx)
{
    inductor_tensor **outs;
    inductor_status s;
    double t0;
    int rc = EXIT_OK;

    memset(rep, 0, sizeof *rep);
    if (check_fit(m, g, err, errlen) != 0)
        return EXIT_BAD_INPUT;
    outs = calloc(g->n_out, sizeof *outs);
    rep->r = calloc(g->n_out, sizeof *rep->r);
    if (!outs || !rep->r) {
        free(outs);
        golden_report_free(rep);
        errbuf_set(err, errlen, "out of memory");
        return EXIT_RUN_FAILED;
    }
    t0 = mono_now_ms();
    s = inductor_model_run(m, g->in, g->n_in, outs, g->n_out);
    if (s == INDUCTOR_OK && hook != NULL)
        rc = hook(ctx, g->in, g->n_in, outs, g->n_out, mono_now_ms() - t0);
    if (s != INDUCTOR_OK) {
        free(outs);
        golden_report_free(rep);
        errbuf_set(err, errlen, "golden inputs (%s): %s", g->source,
                   inductor_last_error());
        return cli_exit_for_run(s);
    }
    for (size_t i = 0; i < g->n_out; i++, rep->n++) {
        golden_result *r = &rep->r[i];

        r->index = i;
        r->name = g->out[i].name;
        r->key = g->out[i].key;
        r->rtol = rtol >= 0 ? rtol : g->out[i].rtol;
        r->atol = atol >= 0 ? atol : g->out[i].atol;
        golden_compare(outs[i], g->out[i].want, r);
        rep->failed += !r->passed;
        inductor_tensor_free(outs[i]);
    }
    free(outs);
    if (rc != EXIT_OK) {
        golden_report_free(rep);
        errbuf_set(err, errlen, "%s", ""); /* the hook said why */
    }
    return rc;
}

void golden_report_free(golden_report *rep)
{
    free(rep->r);
    memset(rep, 0, sizeof *rep);
}

void golden_result_line(const golden_result *r, char *buf, size_t len)
{
    char label[300];

    if (r->key)
        snprintf(label, sizeof label, "output %zu '%s' (key %s)", r->index,
                 r->name, r->key);
    else
        snprintf(label, sizeof label, "output %zu '%s'", r->index, r->name);
    if (!r->same_layout)
        snprintf(buf, len, "%s: got %s, golden %s", label, r->got_layout,
                 r->want_layout);
    else if (r->numel == 0)
        snprintf(buf, len, "%s: empty, as golden", label);
    else
        snprintf(buf, len, "%s: max abs diff %.6g at %s (got %.9g, golden "
                 "%.9g), max rel diff %.6g, %zu of %zu elements out of "
                 "tolerance (rtol %g, atol %g)", label, r->max_abs, r->where,
                 r->got, r->want, r->max_rel, r->n_bad, r->numel, r->rtol,
                 r->atol);
}

static json_object *num(double v)
{
    return isfinite(v) ? json_object_new_double(v) : NULL;
}

json_object *golden_report_json(const golden_report *rep)
{
    json_object *doc = json_object_new_object(), *outs = json_object_new_array();

    json_object_object_add(doc, "passed", json_object_new_boolean(rep->failed == 0));
    json_object_object_add(doc, "failed", json_object_new_int64((int64_t)rep->failed));
    for (size_t i = 0; i < rep->n; i++) {
        const golden_result *r = &rep->r[i];
        json_object *o = json_object_new_object();

        json_object_object_add(o, "index", json_object_new_int64((int64_t)i));
        json_object_object_add(o, "name", json_object_new_string(r->name));
        json_object_object_add(o, "key", r->key ? json_object_new_string(r->key) : NULL);
        json_object_object_add(o, "passed", json_object_new_boolean(r->passed));
        json_object_object_add(o, "got", json_object_new_string(r->got_layout));
        json_object_object_add(o, "golden", json_object_new_string(r->want_layout));
        json_object_object_add(o, "max_abs_diff", r->same_layout ? num(r->max_abs) : NULL);
        json_object_object_add(o, "max_rel_diff", r->same_layout ? num(r->max_rel) : NULL);
        json_object_object_add(o, "where", r->same_layout && r->numel
                                               ? json_object_new_string(r->where) : NULL);
        json_object_object_add(o, "got_value", r->same_layout && r->numel ? num(r->got) : NULL);
        json_object_object_add(o, "golden_value", r->same_layout && r->numel ? num(r->want) : NULL);
        json_object_object_add(o, "mismatched", json_object_new_int64((int64_t)r->n_bad));
        json_object_object_add(o, "elements", json_object_new_int64((int64_t)r->numel));
        json_object_object_add(o, "rtol", json_object_new_double(r->rtol));
        json_object_object_add(o, "atol", json_object_new_double(r->atol));
        json_object_array_add(outs, o);
    }
    json_object_object_add(doc, "outputs", outs);
    return doc;
}
