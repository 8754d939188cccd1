/*
 * cmd_info.c - `inductor info`: what a package holds.  The zip is read by
 * libinductor itself, so this works for packages this machine cannot run
 * (a CUDA package on a CPU-only host); inputs and outputs are counted only
 * when the model can be loaded here.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cli_common.h"
#include "commands.h"
#include "info_cmdline.h"

typedef struct model_counts {
    int loaded;
    size_t n_in, n_out;
    char why[512]; /* when not loaded */
} model_counts;

/* Loads the model on the device its package names, to read its call spec. */
static void count_io(const char *path, const inductor_package *p,
                     const char *model, int no_load, model_counts *c)
{
    inductor_open_options o = INDUCTOR_OPEN_OPTIONS_INIT;
    const char *key = inductor_package_metadata(p, model, "AOTI_DEVICE_KEY");
    inductor_model *m = NULL;

    memset(c, 0, sizeof *c);
    if (no_load) {
        snprintf(c->why, sizeof c->why, "not loaded (--no-load)");
        return;
    }
    o.model_name = model;
    if (inductor_model_open(path, key ? key : "cpu", &o, &m) != INDUCTOR_OK) {
        snprintf(c->why, sizeof c->why, "%s", inductor_last_error());
        return;
    }
    c->loaded = 1;
    c->n_in = inductor_model_num_inputs(m);
    c->n_out = inductor_model_num_outputs(m);
    inductor_model_close(m);
}

static const char *meta_or(const inductor_package *p, const char *model,
                           const char *key, const char *dflt)
{
    const char *v = inductor_package_metadata(p, model, key);
    return (v && *v) ? v : dflt;
}

static void print_text_model(const inductor_package *p, const char *model,
                             const model_counts *c)
{
    printf("model: %s\n", model);
    printf("  device: %s\n", meta_or(p, model, "AOTI_DEVICE_KEY", "unknown"));
    printf("  platform: %s %s\n", meta_or(p, model, "AOTI_PLATFORM", "unknown"),
           meta_or(p, model, "AOTI_MACHINE", ""));
    printf("  cpu isa: %s\n", meta_or(p, model, "AOTI_CPU_ISA", "none"));
    if (c->loaded)
        printf("  inputs: %zu\n  outputs: %zu\n", c->n_in, c->n_out);
    else
        printf("  inputs: unknown\n  outputs: unknown\n  not loadable here: %s\n",
               c->why);
    printf("  metadata:\n");
    for (size_t k = 0; k < inductor_package_metadata_count(p, model); k++) {
        const char *key = inductor_package_metadata_key(p, model, k);
        printf("    %s: %s\n", key, inductor_package_metadata(p, model, key));
    }
}

static json_object *json_model(const inductor_package *p, const char *model,
                               const model_counts *c)
{
    json_object *o = json_object_new_object(), *meta = json_object_new_object();

    json_object_object_add(o, "name", json_object_new_string(model));
    json_object_object_add(o, "device_key",
                           json_object_new_string(meta_or(p, model, "AOTI_DEVICE_KEY", "")));
    json_object_object_add(o, "platform",
                           json_object_new_string(meta_or(p, model, "AOTI_PLATFORM", "")));
    json_object_object_add(o, "machine",
                           json_object_new_string(meta_or(p, model, "AOTI_MACHINE", "")));
    json_object_object_add(o, "cpu_isa",
                           json_object_new_string(meta_or(p, model, "AOTI_CPU_ISA", "")));
    json_object_object_add(o, "loaded", json_object_new_boolean(c->loaded));
    json_object_object_add(o, "num_inputs",
                           c->loaded ? json_object_new_int64((int64_t)c->n_in) : NULL);
    json_object_object_add(o, "num_outputs",
                           c->loaded ? json_object_new_int64((int64_t)c->n_out) : NULL);
    json_object_object_add(o, "load_error",
                           c->loaded ? NULL : json_object_new_string(c->why));
    for (size_t k = 0; k < inductor_package_metadata_count(p, model); k++) {
        const char *key = inductor_package_metadata_key(p, model, k);
        json_object_object_add(meta, key,
                               json_object_new_string(inductor_package_metadata(p, model, key)));
    }
    json_object_object_add(o, "metadata", meta);
    return o;
}

static int info(const struct info_args *a)
{
    inductor_package *p = NULL;
    json_object *doc = NULL, *models = NULL;
    size_t n;

    if (inductor_package_open(a->model_arg, &p) != INDUCTOR_OK)
        return cli_error(EXIT_UNUSABLE, "%s", inductor_last_error());
    n = inductor_package_num_models(p);
    if (a->json_flag) {
        doc = json_object_new_object();
        models = json_object_new_array();
        json_object_object_add(doc, "package", json_object_new_string(a->model_arg));
        json_object_object_add(doc, "num_models", json_object_new_int64((int64_t)n));
    } else {
        printf("package: %s\nmodels: %zu\n", a->model_arg, n);
    }
    for (size_t i = 0; i < n; i++) {
        const char *model = inductor_package_model_name(p, i);
        model_counts c;

        count_io(a->model_arg, p, model, a->no_load_flag, &c);
        if (a->json_flag)
            json_object_array_add(models, json_model(p, model, &c));
        else
            print_text_model(p, model, &c);
    }
    if (a->json_flag) {
        json_object_object_add(doc, "models", models);
        printf("%s\n", json_object_to_json_string_ext(
                           doc, JSON_C_TO_STRING_PRETTY |
                                    JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(doc);
    }
    inductor_package_close(p);
    return EXIT_OK;
}

int cmd_info(int argc, char **argv)
{
    struct info_args a;
    int rc;

    if (info_cmdline_parser(argc, argv, &a) != 0)
        return cli_usage_error("info");
    rc = info(&a);
    info_cmdline_parser_free(&a);
    return rc;
}
