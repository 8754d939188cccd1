/*
 * cmd_verify.c - `inductor verify`: run a package on its golden inputs and
 * say whether every output is what the model computed at export (issue
 * #16).  Reading the golden data is golden.c's job, running and comparing
 * golden_check.c's; this file settles the options and reports.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli_common.h"
#include "commands.h"
#include "discovery.h"
#include "file_util.h"
#include "golden_check.h"
#include "provenance.h"
#include "settings.h"
#include "verify_cmdline.h"

/* Command line over environment over config file over defaults, as for
 * infer (settings.h). */
static int settle(const struct verify_args *a, infer_settings *s)
{
    settings_options cli = {a->model_given ? a->model_arg : NULL,
                            a->model_name_given ? a->model_name_arg : NULL,
                            a->device_given ? a->device_arg : NULL};

    return settings_settle(s, a->config_given ? a->config_arg : NULL, &cli);
}

static int report_text(const char *path, const golden_report *rep)
{
    char line[1024];

    for (size_t i = 0; i < rep->n; i++) {
        golden_result_line(&rep->r[i], line, sizeof line);
        printf("%s %s\n", rep->r[i].passed ? "ok" : "DIFFERS", line);
    }
    if (rep->failed)
        return cli_error(EXIT_VERIFY_FAILED, "%s: %zu of %zu outputs differ "
                         "from the golden data", path, rep->failed, rep->n);
    return EXIT_OK;
}

static int report_json(const char *path, const infer_settings *st,
                       const inductor_model *m, const golden_data *g,
                       const golden_report *rep)
{
    json_object *doc = golden_report_json(rep);
    const char *text;

    json_object_object_add(doc, "model", json_object_new_string(path));
    json_object_object_add(doc, "model_name", json_object_new_string(st->model_name));
    json_object_object_add(doc, "device", json_object_new_string(inductor_model_device(m)));
    json_object_object_add(doc, "golden", json_object_new_string(g->source));
    text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN |
                                                   JSON_C_TO_STRING_NOSLASHESCAPE);
    printf("%s\n", text);
    json_object_put(doc);
    return rep->failed ? EXIT_VERIFY_FAILED : EXIT_OK;
}

/* --provenance: the golden run, hashed before its outputs are freed. */
typedef struct run_record {
    provenance_run *prov;
    const inductor_signature *sig; /* names the tensors in the record */
} run_record;

static int record_run(void *ctx, inductor_tensor *const *in, size_t n_in,
                      inductor_tensor *const *outs, size_t n_out, double run_ms)
{
    run_record *rr = ctx;

    rr->prov->complete = 1;
    return provenance_add_request(rr->prov, 0, in, n_in, outs, n_out, rr->sig,
                                  run_ms, NULL);
}

/* The record is written whether or not the outputs matched: a failed
 * verification is when it matters most. */
static int write_provenance(const char *file, provenance_run *prov,
                            const golden_report *rep, int rc)
{
    int wrc;

    if (!prov->complete || !(rc == EXIT_OK || rc == EXIT_VERIFY_FAILED))
        return rc;
    prov->extra_key = "verify";
    prov->extra = golden_report_json(rep);
    wrc = provenance_write(file, prov);
    return wrc == EXIT_OK ? rc : wrc;
}

static int verify(const struct verify_args *a, const infer_settings *st)
{
    inductor_open_options opts = INDUCTOR_OPEN_OPTIONS_INIT;
    golden_report rep = {0, NULL, 0};
    golden_data g;
    inductor_model *m = NULL;
    char *path = NULL, err[1024];
    inductor_signature *sig = NULL;
    provenance_run prov;
    inductor_status s;
    double t0;
    int rc;

    if ((rc = discovery_resolve(st->model, &path)) != EXIT_OK)
        return rc;
    /* A package that cannot be read is unusable (exit 4), as for infer,
     * not a golden-data problem. */
    rc = cli_read_signature(path, st->model_name, &sig);
    inductor_signature_free(sig);
    if (rc != EXIT_OK) {
        free(path);
        return rc;
    }
    /* Golden data first: a package without any is refused before it loads. */
    rc = golden_load(path, st->model_name, a->golden_given ? a->golden_arg : NULL,
                     &g, err, sizeof err);
    if (rc != 0) {
        free(path);
        return cli_error(EXIT_BAD_INPUT, "%s", err);
    }
    opts.model_name = st->model_name;
    provenance_init(&prov, "verify");
    t0 = mono_now_ms();
    if ((s = inductor_model_open(path, st->device, &opts, &m)) != INDUCTOR_OK) {
        rc = cli_error(cli_exit_for_open(s), "%s", inductor_last_error());
    } else {
        cli_warn_cache(m);
        if (a->provenance_given) {
            prov.package_path = path;
            prov.model_name = st->model_name;
            prov.device = inductor_model_device(m);
            prov.runners = 1;
            prov.callers = 1;
            prov.load = (inductor_load_stats)INDUCTOR_LOAD_STATS_INIT;
            prov.have_load = inductor_model_load_stats(m, &prov.load) == INDUCTOR_OK;
            prov.open_ms = mono_now_ms() - t0;
            rc = provenance_hash_package(&prov);
        }
        if (rc == EXIT_OK)
            rc = golden_check_hooked(m, &g, a->rtol_given ? a->rtol_arg : -1,
                                     a->atol_given ? a->atol_arg : -1, &rep, err,
                                     sizeof err, a->provenance_given ? record_run : NULL,
                                     &(run_record){&prov, inductor_model_signature(m)});
        if (rc != EXIT_OK)
            rc = err[0] ? cli_error(rc, "%s: %s", path, err) : rc;
        else if (a->json_flag)
            rc = report_json(path, st, m, &g, &rep);
        else
            rc = report_text(path, &rep);
        if (a->provenance_given)
            rc = write_provenance(a->provenance_arg, &prov, &rep, rc);
    }
    provenance_free(&prov);
    golden_report_free(&rep);
    inductor_model_close(m);
    golden_free(&g);
    free(path);
    return rc;
}

int cmd_verify(int argc, char **argv)
{
    struct verify_args a;
    infer_settings st;
    int rc;

    memset(&st, 0, sizeof st); /* settings_free() is safe before settle() */
    if (verify_cmdline_parser(argc, argv, &a) != 0)
        return cli_usage_error("verify");
    if ((a.rtol_given && !(a.rtol_arg >= 0)) || (a.atol_given && !(a.atol_arg >= 0))) {
        cli_error(EXIT_USAGE, "--rtol and --atol must be numbers >= 0");
        rc = cli_usage_error("verify");
    } else if (a.provenance_given &&
               (rc = provenance_check_path(a.provenance_arg)) != EXIT_OK) {
        /* said why */
    } else if ((rc = settle(&a, &st)) == EXIT_OK) {
        rc = verify(&a, &st);
    }
    settings_free(&st);
    verify_cmdline_parser_free(&a);
    return rc;
}
