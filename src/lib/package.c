/*
 * package.c - what a .pt2 holds, read from the zip without libtorch:
 * the models under <root>/data/aotinductor/<name>/ and each model's
 * flat metadata map (<hash>.wrapper_metadata.json).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "internal.h"
#include "package_internal.h"
#include "pt2_archive.h"
#include "signature.h"

/* Metadata is a handful of short strings; anything bigger is not ours. */
#define MAX_METADATA_BYTES (1u << 20)
#define MAX_METADATA_KEYS 4096u
#define MAX_METADATA_KEY_LEN 256u
#define MODELS_DIR "/data/aotinductor/"

static void model_entry_free(package_model *pm)
{
    free(pm->name);
    for (size_t i = 0; i < pm->n_meta; i++) {
        free(pm->keys[i]);
        free(pm->values[i]);
    }
    free(pm->keys);
    free(pm->values);
}

void inductor_package_close(inductor_package *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n_models; i++)
        model_entry_free(&p->models[i]);
    free(p->models);
    pt2_archive_close(p->archive);
    free(p);
}

/* The model name of an entry "<root>/data/aotinductor/<name>/<file>",
 * as a pointer into `entry` and a length; 0 if the entry is not a model's. */
static size_t model_name_of(const char *entry, const char **name)
{
    const char *slash = strchr(entry, '/');
    const char *end;

    if (slash == NULL || strncmp(slash, MODELS_DIR, strlen(MODELS_DIR)) != 0)
        return 0;
    *name = slash + strlen(MODELS_DIR);
    end = strchr(*name, '/');
    if (end == NULL || end == *name || end[1] == '\0')
        return 0;
    return (size_t)(end - *name);
}

static package_model *find_model(const inductor_package *p, const char *name,
                                 size_t len)
{
    for (size_t i = 0; i < p->n_models; i++)
        if (strlen(p->models[i].name) == len &&
            memcmp(p->models[i].name, name, len) == 0)
            return &p->models[i];
    return NULL;
}

static inductor_status add_model(inductor_package *p, const char *name,
                                 size_t len)
{
    package_model *grown;

    if (find_model(p, name, len) != NULL)
        return INDUCTOR_OK;
    grown = realloc(p->models, (p->n_models + 1) * sizeof *grown);
    if (grown == NULL)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    p->models = grown;
    memset(&grown[p->n_models], 0, sizeof *grown);
    grown[p->n_models].name = strndup(name, len);
    if (grown[p->n_models].name == NULL)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    p->n_models++;
    return INDUCTOR_OK;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Keys are identifiers ("AOTI_DEVICE_KEY", "inductor.inputs") and the
 * values of AOTI_* keys short tokens that end up in one-line messages:
 * printable ASCII only.  Other values are the user's and may hold
 * anything but NUL. */
static int printable(const char *s, size_t max)
{
    size_t n = strlen(s);

    if (n == 0 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return 0;
    return 1;
}

static inductor_status check_pair(const char *key, json_object *val,
                                  const char *where)
{
    const char *v;

    if (!printable(key, MAX_METADATA_KEY_LEN))
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "%s: metadata has a key that is empty, too long "
                              "or not printable", where);
    if (!json_object_is_type(val, json_type_string))
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "%s: metadata value of '%s' is not a string",
                              where, key);
    v = json_object_get_string(val);
    if (strlen(v) != (size_t)json_object_get_string_len(val) ||
        (strncmp(key, "AOTI_", 5) == 0 && *v != '\0' &&
         !printable(v, MAX_METADATA_KEY_LEN)))
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "%s: metadata value of '%s' is not printable",
                              where, key);
    return INDUCTOR_OK;
}

/* Copies a flat {"key": "value"} JSON object into the model's arrays. */
static inductor_status copy_pairs(package_model *pm, json_object *root,
                                  const char *where)
{
    size_t n = (size_t)json_object_object_length(root), i = 0;
    inductor_status s;

    if (n > MAX_METADATA_KEYS)
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "%s: metadata has %zu keys (limit %u)", where, n,
                              MAX_METADATA_KEYS);
    pm->keys = calloc(n ? n : 1, sizeof *pm->keys);
    pm->values = calloc(n ? n : 1, sizeof *pm->values);
    if (pm->keys == NULL || pm->values == NULL)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    json_object_object_foreach(root, key, val) {
        if ((s = check_pair(key, val, where)) != INDUCTOR_OK)
            return s;
        pm->keys[i] = strdup(key);
        pm->values[i] = strdup(json_object_get_string(val));
        pm->n_meta = ++i;
        if (pm->keys[i - 1] == NULL || pm->values[i - 1] == NULL)
            return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    }
    return INDUCTOR_OK;
}

/* The whole entry must be one JSON object: no trailing data, no NUL. */
static inductor_status parse_metadata(package_model *pm, const char *json,
                                      size_t len, const char *where)
{
    json_object *root = signature_json_parse_exact(json, len);
    inductor_status s;

    if (root == NULL || !json_object_is_type(root, json_type_object)) {
        json_object_put(root);
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "%s: metadata is not a JSON object", where);
    }
    s = copy_pairs(pm, root, where);
    json_object_put(root);
    return s;
}

static inductor_status load_metadata(inductor_package *p, package_model *pm,
                                     const pt2_entry *e)
{
    char *buf = NULL, where[1024];
    size_t len = 0;
    inductor_status s;

    /* libtorch reads the one beside the wrapper it loads; with two, the
     * device checked here could differ from the one libtorch uses. */
    if (pm->keys != NULL)
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "%s: model '%s' has more than one "
                              "wrapper_metadata.json", pt2_archive_path(p->archive),
                              pm->name);
    s = pt2_archive_read(p->archive, e, MAX_METADATA_BYTES, &buf, &len);
    if (s != INDUCTOR_OK)
        return s;
    /* Entry names are printable here: the archive refuses the others. */
    snprintf(where, sizeof where, "%s: entry \"%s\"",
             pt2_archive_path(p->archive), e->name);
    s = parse_metadata(pm, buf, len, where);
    free(buf);
    return s;
}

/* One pass over the entries: collect models, then their metadata. */
static inductor_status index_models(inductor_package *p)
{
    size_t n = pt2_archive_count(p->archive);
    inductor_status s;

    for (size_t i = 0; i < n; i++) {
        const char *name;
        size_t len = model_name_of(pt2_archive_entry(p->archive, i)->name, &name);
        if (len > 0 && (s = add_model(p, name, len)) != INDUCTOR_OK)
            return s;
    }
    if (p->n_models == 0)
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "%s: not an AOTInductor package (no model under "
                              "data/aotinductor/)", pt2_archive_path(p->archive));
    for (size_t i = 0; i < n; i++) {
        const pt2_entry *e = pt2_archive_entry(p->archive, i);
        const char *name;
        size_t len = model_name_of(e->name, &name);
        if (len > 0 && ends_with(e->name, ".wrapper_metadata.json") &&
            (s = load_metadata(p, find_model(p, name, len), e)) != INDUCTOR_OK)
            return s;
    }
    return INDUCTOR_OK;
}

/* Indexes the archive that `s` says was opened into p->archive. */
static inductor_status finish_open(inductor_package *p, inductor_status s,
                                   inductor_package **out)
{
    if (s == INDUCTOR_OK)
        s = index_models(p);
    if (s != INDUCTOR_OK) {
        inductor_package_close(p);
        return s;
    }
    *out = p;
    return INDUCTOR_OK;
}

inductor_status inductor_package_open(const char *path, inductor_package **out)
{
    inductor_package *p;

    inductor__clear_error();
    if (out == NULL || path == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "package path or out is NULL");
    *out = NULL;
    p = calloc(1, sizeof *p);
    if (p == NULL)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    return finish_open(p, pt2_archive_open(path, &p->archive), out);
}

inductor_status package_open_fd(int fd, const char *display_name,
                                inductor_package **out)
{
    inductor_package *p = calloc(1, sizeof *p);

    *out = NULL;
    if (p == NULL) {
        close(fd); /* ours, as in pt2_archive_open_fd() */
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    }
    return finish_open(p, pt2_archive_open_fd(fd, display_name, &p->archive),
                       out);
}

size_t inductor_package_num_models(const inductor_package *p)
{
    return p ? p->n_models : 0;
}

const char *inductor_package_model_name(const inductor_package *p, size_t i)
{
    return (p && i < p->n_models) ? p->models[i].name : NULL;
}

const package_model *package_find_model(const inductor_package *p,
                                        const char *model)
{
    if (p == NULL || model == NULL)
        return NULL;
    return find_model(p, model, strlen(model));
}

inductor_status package_require_model(const inductor_package *p,
                                      const char *model)
{
    if (package_find_model(p, model) == NULL)
        return inductor__fail(INDUCTOR_ERR_MODEL_NOT_FOUND,
                              "no model '%s' in the package", model);
    return INDUCTOR_OK;
}

size_t inductor_package_metadata_count(const inductor_package *p,
                                       const char *model)
{
    const package_model *pm = package_find_model(p, model);
    return pm ? pm->n_meta : 0;
}

const char *inductor_package_metadata_key(const inductor_package *p,
                                          const char *model, size_t i)
{
    const package_model *pm = package_find_model(p, model);
    return (pm && i < pm->n_meta) ? pm->keys[i] : NULL;
}

const char *inductor_package_metadata(const inductor_package *p,
                                      const char *model, const char *key)
{
    const package_model *pm = package_find_model(p, model);

    if (pm == NULL || key == NULL)
        return NULL;
    for (size_t i = 0; i < pm->n_meta; i++)
        if (strcmp(pm->keys[i], key) == 0)
            return pm->values[i];
    return NULL;
}
