/*
 * cmd_info.c - `inductor info`: what a package holds and whether it can
 * run here.  The zip is read by libinductor itself, so this works for
 * packages this machine cannot run (a CUDA package on a CPU-only host).
 * A package is code: loading it dlopen()s its model .so.  So info reads
 * the zip only, and loads the model (to confirm its call spec) only when
 * asked with --load: inspecting an untrusted package runs none of it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_common.h"
#include "commands.h"
#include "discovery.h"
#include "info_cmdline.h"
#include "info_facts.h"

const char *const info_kernel_kinds[4] = {"cubin", "fatbin", "ptx", "hsaco"};

/* Loads the model on the device its package names, to read its call spec. */
static void try_load(const char *path, const inductor_package *p, int load,
                     model_facts *f)
{
    inductor_open_options o = INDUCTOR_OPEN_OPTIONS_INIT;
    const char *key = inductor_package_metadata(p, f->name, "AOTI_DEVICE_KEY");
    inductor_model *m = NULL;

    if (!load) {
        snprintf(f->load_error, sizeof f->load_error,
                 "not loaded (info runs no package code without --load)");
        return;
    }
    f->load_tried = 1;
    o.model_name = f->name;
    if (inductor_model_open(path, key ? key : "cpu", &o, &m) != INDUCTOR_OK) {
        snprintf(f->load_error, sizeof f->load_error, "%s", inductor_last_error());
        return;
    }
    f->loaded = 1;
    f->n_in = inductor_model_num_inputs(m);
    f->n_out = inductor_model_num_outputs(m);
    inductor_model_close(m);
}

/* The CPUs OpenMP's default team would use: the affinity mask's. */
static long host_cpus(void)
{
    long n = cli_affinity_cpus();

    return n > 0 ? n : sysconf(_SC_NPROCESSORS_ONLN);
}

/* The kernels' OpenMP thread assumptions against this host's CPUs: a
 * warning, not a verdict, since the model still runs correctly (capped
 * at the limit, or with its pinned team), only not as fast as it could. */
static void thread_facts(const inductor_package *p, model_facts *f)
{
    f->host_cpus = host_cpus();
    f->threads_known = inductor_package_cpu_threads(
        p, f->name, &f->thread_limit, &f->threads_pinned) == INDUCTOR_OK;
    if (!f->threads_known)
        return;
    if (f->thread_limit > 0 && f->host_cpus > f->thread_limit)
        snprintf(f->warning, sizeof f->warning,
                 "kernels generated for %d OpenMP threads, this host has %ld "
                 "CPUs: runs use at most %d (export on a machine like this "
                 "one)", f->thread_limit, f->host_cpus, f->thread_limit);
    else if (f->threads_pinned > 0 && f->host_cpus != f->threads_pinned)
        snprintf(f->warning, sizeof f->warning,
                 "kernels pinned to %d OpenMP threads, this host has %ld CPUs "
                 "(export on a machine like this one)", f->threads_pinned,
                 f->host_cpus);
}

static void gather(const char *path, const inductor_package *p, int load,
                   model_facts *f)
{
    if (inductor_package_signature(p, f->name, &f->sig) != INDUCTOR_OK)
        snprintf(f->sig_error, sizeof f->sig_error, "%s", inductor_last_error());
    f->have_weights = inductor_package_weights(p, f->name, &f->weights_bytes,
                                               &f->n_constants) == INDUCTOR_OK;
    for (size_t k = 0; k < 4; k++)
        f->kernels[k] = inductor_package_kernel_count(p, f->name,
                                                      info_kernel_kinds[k]);
    f->compatible = inductor_package_check_compat(p, f->name, NULL) == INDUCTOR_OK;
    if (!f->compatible)
        snprintf(f->why, sizeof f->why, "%s", inductor_last_error());
    thread_facts(p, f);
    try_load(path, p, load, f);
}

static int info(const struct info_args *a, const char *path)
{
    inductor_package *p = NULL;
    model_facts *facts;
    size_t n;

    if (inductor_package_open(path, &p) != INDUCTOR_OK)
        return cli_error(EXIT_UNUSABLE, "%s", inductor_last_error());
    n = inductor_package_num_models(p);
    if ((facts = calloc(n ? n : 1, sizeof *facts)) == NULL) {
        inductor_package_close(p);
        return cli_error(EXIT_RUN_FAILED, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        facts[i].name = inductor_package_model_name(p, i);
        gather(path, p, a->load_flag, &facts[i]);
    }
    if (a->json_flag) {
        json_object *doc = info_json(path, p, facts, n);
        printf("%s\n", json_object_to_json_string_ext(
                           doc, JSON_C_TO_STRING_PRETTY |
                                    JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(doc);
    } else {
        info_print_text(path, p, facts, n);
    }
    for (size_t i = 0; i < n; i++)
        inductor_signature_free(facts[i].sig);
    free(facts);
    inductor_package_close(p);
    return EXIT_OK;
}

int cmd_info(int argc, char **argv)
{
    struct info_args a;
    char *path = NULL;
    int rc;

    if (info_cmdline_parser(argc, argv, &a) != 0)
        return cli_usage_error("info");
    rc = discovery_resolve(a.model_given ? a.model_arg : DISCOVERY_DEFAULT_MODEL,
                           &path);
    if (rc == EXIT_OK)
        rc = info(&a, path);
    free(path);
    info_cmdline_parser_free(&a);
    return rc;
}
