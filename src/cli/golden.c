/*
 * golden.c - reading golden data: see golden.h.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "errbuf.h"
#include "golden.h"
#include "input_file.h"
#include "npy.h"
#include "npz.h"

#define SPEC_MEMBER "golden_spec"

void golden_default_tolerance(inductor_dtype dt, double *rtol, double *atol)
{
    /* Keep in step with DEFAULT_TOLERANCES in golden.py. */
    switch (dt) {
    case INDUCTOR_FLOAT64: *rtol = 1e-7, *atol = 1e-7; break;
    case INDUCTOR_FLOAT32: *rtol = 1e-4, *atol = 1e-5; break;
    case INDUCTOR_FLOAT16: *rtol = 2e-3, *atol = 1e-3; break;
    case INDUCTOR_BFLOAT16: *rtol = 1.6e-2, *atol = 1e-2; break;
    default: *rtol = 0, *atol = 0; break;
    }
}

/* The golden file's entry in the package: <root>/inductor/golden/
 * <model>.npz, the root being one component (PyTorch's archive layout). */
static const char *find_entry(const inductor_package *p, const char *model)
{
    size_t n = inductor_package_num_files(p);

    for (size_t i = 0; i < n; i++) {
        const char *name = inductor_package_file_name(p, i);
        const char *slash = strchr(name, '/');
        const char *rest = slash ? slash + 1 : NULL;
        size_t dl = strlen(GOLDEN_DIR), ml = strlen(model);

        if (rest && strncmp(rest, GOLDEN_DIR, dl) == 0 &&
            strncmp(rest + dl, model, ml) == 0 &&
            strcmp(rest + dl + ml, ".npz") == 0)
            return name;
    }
    return NULL;
}

static int read_from_package(const char *path, const char *model,
                             npz_file *z, char *err, size_t errlen)
{
    inductor_package *p = NULL;
    const char *entry;
    void *buf = NULL;
    size_t len = 0;
    int rc;

    if (inductor_package_open(path, &p) != INDUCTOR_OK)
        return errbuf_set(err, errlen, "%s", inductor_last_error());
    if ((entry = find_entry(p, model)) == NULL) {
        inductor_package_close(p);
        errbuf_set(err, errlen, "%s: no golden data for model '%s' (export "
                   "with --golden, or give --golden FILE.npz)", path, model);
        return 1;
    }
    if (inductor_package_read_file(p, entry, GOLDEN_MAX_BYTES, &buf, &len) !=
        INDUCTOR_OK) {
        rc = errbuf_set(err, errlen, "%s", inductor_last_error());
    } else if (npz_read_buffer(buf, len, z, err, errlen) != 0) {
        char why[512];

        snprintf(why, sizeof why, "%s", err);
        rc = errbuf_set(err, errlen, "%s: golden data \"%s\": %s", path, entry,
                        why);
    } else {
        rc = 0;
    }
    free(buf);
    inductor_package_close(p);
    return rc;
}

static int read_file(const char *file, npz_file *z, char *err, size_t errlen)
{
    char *buf = NULL, why[512];
    size_t len = 0;
    int rc = 0;

    if (input_file_read(file, &buf, &len) != 0)
        return errbuf_set(err, errlen, "%s: cannot read: %s", file,
                          input_file_error(errno));
    if (npz_read_buffer(buf, len, z, why, sizeof why) != 0)
        rc = errbuf_set(err, errlen, "%s: not a golden .npz: %s", file, why);
    free(buf);
    return rc;
}

static const npz_member *member(const npz_file *z, const char *name)
{
    for (size_t i = 0; i < z->n; i++)
        if (strcmp(z->members[i].name, name) == 0)
            return &z->members[i];
    return NULL;
}

/* Number of members called PREFIX0, PREFIX1, ... in a row. */
static size_t count_run(const npz_file *z, const char *prefix)
{
    char name[64];
    size_t n = 0;

    for (;; n++) {
        snprintf(name, sizeof name, "%s%zu", prefix, n);
        if (!member(z, name))
            return n;
    }
}

static const char *jstr(json_object *o, const char *key)
{
    json_object *v;

    return json_object_object_get_ex(o, key, &v) &&
                   json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

static int jnum(json_object *o, const char *key, double *out)
{
    json_object *v;

    if (!json_object_object_get_ex(o, key, &v) ||
        !(json_object_is_type(v, json_type_double) ||
          json_object_is_type(v, json_type_int)))
        return -1;
    *out = json_object_get_double(v);
    return *out >= 0 ? 0 : -1; /* also refuses NaN */
}

/* The member `prefix``i` as a tensor of the spec's dtype (if any). */
static int load_tensor(const npz_file *z, const char *src, const char *prefix,
                       size_t i, json_object *e, inductor_tensor **t,
                       char *err, size_t errlen)
{
    const char *dname = e ? jstr(e, "dtype") : NULL;
    inductor_dtype dt = dname ? inductor_dtype_from_name(dname)
                              : INDUCTOR_DTYPE_INVALID;
    char name[64], why[512];
    const npz_member *m;

    snprintf(name, sizeof name, "%s%zu", prefix, i);
    if (e && dt == INDUCTOR_DTYPE_INVALID)
        return errbuf_set(err, errlen, "%s: golden_spec: %s has no known "
                          "dtype", src, name);
    if ((m = member(z, name)) == NULL)
        return errbuf_set(err, errlen, "%s: golden data has no member '%s'",
                          src, name);
    if (npy_to_tensor(m->data, m->len, dt, t, why, sizeof why) != 0)
        return errbuf_set(err, errlen, "%s: golden member '%s': %s", src,
                          name, why);
    if (dt != INDUCTOR_DTYPE_INVALID && inductor_tensor_dtype(*t) != dt) {
        inductor_dtype got = inductor_tensor_dtype(*t);

        inductor_tensor_free(*t);
        *t = NULL;
        return errbuf_set(err, errlen, "%s: golden member '%s' is %s, "
                          "golden_spec says %s", src, name,
                          inductor_dtype_name(got), dname);
    }
    return 0;
}

static json_object *spec_list(json_object *spec, const char *key)
{
    json_object *v;

    return spec && json_object_object_get_ex(spec, key, &v) &&
                   json_object_is_type(v, json_type_array)
               ? v
               : NULL;
}

static char *name_or(json_object *e, const char *key, const char *prefix,
                     size_t i)
{
    const char *s = e ? jstr(e, key) : NULL;
    char buf[64];

    if (s)
        return strdup(s);
    if (!prefix)
        return NULL;
    snprintf(buf, sizeof buf, "%s%zu", prefix, i);
    return strdup(buf);
}

static int fill(const npz_file *z, const char *src, json_object *spec,
                golden_data *g, char *err, size_t errlen)
{
    json_object *ins = spec_list(spec, "inputs"), *outs = spec_list(spec, "outputs");
    size_t n_in = count_run(z, "input_"), n_out = count_run(z, "output_");

    if (spec && (!ins || !outs))
        return errbuf_set(err, errlen, "%s: golden_spec has no \"inputs\" or "
                          "\"outputs\" list", src);
    if (spec && (json_object_array_length(ins) != n_in ||
                 json_object_array_length(outs) != n_out))
        return errbuf_set(err, errlen, "%s: golden_spec lists %zu inputs and "
                          "%zu outputs, the file has %zu and %zu", src,
                          json_object_array_length(ins),
                          json_object_array_length(outs), n_in, n_out);
    if (n_in + n_out + (spec ? 1 : 0) != z->n)
        return errbuf_set(err, errlen, "%s: golden data has members other "
                          "than input_<i>, output_<i> and golden_spec", src);
    if (n_out == 0)
        return errbuf_set(err, errlen, "%s: golden data has no outputs", src);
    g->in = calloc(n_in ? n_in : 1, sizeof *g->in);
    g->in_names = calloc(n_in ? n_in : 1, sizeof *g->in_names);
    g->out = calloc(n_out, sizeof *g->out);
    if (!g->in || !g->in_names || !g->out)
        return errbuf_set(err, errlen, "out of memory");
    for (size_t i = 0; i < n_in; i++, g->n_in++) {
        json_object *e = ins ? json_object_array_get_idx(ins, i) : NULL;

        if (load_tensor(z, src, "input_", i, e, &g->in[i], err, errlen) != 0)
            return -1;
        g->in_names[i] = name_or(e, "name", "input", i);
    }
    for (size_t i = 0; i < n_out; i++) {
        json_object *e = outs ? json_object_array_get_idx(outs, i) : NULL;
        golden_output *o = &g->out[i];

        if (load_tensor(z, src, "output_", i, e, &o->want, err, errlen) != 0)
            return -1;
        g->n_out = i + 1; /* golden_free() frees it from here on */
        o->name = name_or(e, "name", "output", i);
        o->key = name_or(e, "key", NULL, i);
        golden_default_tolerance(inductor_tensor_dtype(o->want), &o->rtol,
                                 &o->atol);
        if (e && (jnum(e, "rtol", &o->rtol) != 0 || jnum(e, "atol", &o->atol) != 0))
            return errbuf_set(err, errlen, "%s: golden_spec: output %zu has no "
                              "valid rtol and atol (numbers >= 0)", src, i);
    }
    return 0;
}

static int parse_spec(const npz_file *z, const char *src, json_object **spec,
                      char *err, size_t errlen)
{
    const npz_member *m = member(z, SPEC_MEMBER);
    inductor_tensor *t = NULL;
    json_tokener *tok;
    char why[512];

    *spec = NULL;
    if (m == NULL)
        return 0;
    if (npy_to_tensor(m->data, m->len, INDUCTOR_UINT8, &t, why, sizeof why) != 0)
        return errbuf_set(err, errlen, "%s: golden_spec: %s", src, why);
    if (inductor_tensor_dtype(t) == INDUCTOR_UINT8 &&
        inductor_tensor_ndim(t) == 1 && (tok = json_tokener_new()) != NULL) {
        *spec = json_tokener_parse_ex(tok, inductor_tensor_data(t),
                                      (int)inductor_tensor_nbytes(t));
        if (*spec && tok->char_offset != (int)inductor_tensor_nbytes(t)) {
            json_object_put(*spec);
            *spec = NULL;
        }
        json_tokener_free(tok);
    }
    inductor_tensor_free(t);
    if (*spec == NULL || !json_object_is_type(*spec, json_type_object) ||
        !jstr(*spec, "format") || strcmp(jstr(*spec, "format"), "inductor-golden")) {
        json_object_put(*spec);
        *spec = NULL;
        return errbuf_set(err, errlen, "%s: golden_spec is not inductor-golden "
                          "JSON (a uint8 array of UTF-8 JSON)", src);
    }
    return 0;
}

int golden_load(const char *pkg_path, const char *model, const char *file,
                golden_data *g, char *err, size_t errlen)
{
    npz_file z = {0, NULL};
    json_object *spec = NULL;
    int rc;

    memset(g, 0, sizeof *g);
    rc = file ? read_file(file, &z, err, errlen)
              : read_from_package(pkg_path, model, &z, err, errlen);
    if (rc != 0)
        return rc;
    g->source = strdup(file ? file : "package");
    if (!g->source)
        rc = errbuf_set(err, errlen, "out of memory");
    else if ((rc = parse_spec(&z, file ? file : pkg_path, &spec, err, errlen)) == 0)
        rc = fill(&z, file ? file : pkg_path, spec, g, err, errlen);
    json_object_put(spec);
    npz_free(&z);
    if (rc != 0)
        golden_free(g);
    return rc;
}

void golden_free(golden_data *g)
{
    for (size_t i = 0; i < g->n_in; i++) {
        inductor_tensor_free(g->in[i]);
        free(g->in_names[i]);
    }
    for (size_t i = 0; i < g->n_out; i++) {
        inductor_tensor_free(g->out[i].want);
        free(g->out[i].name);
        free(g->out[i].key);
    }
    free(g->in);
    free(g->in_names);
    free(g->out);
    free(g->source);
    memset(g, 0, sizeof *g);
}
