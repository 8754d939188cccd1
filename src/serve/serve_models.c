/*
 * serve_models.c - see serve_models.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "errbuf.h"
#include "golden_check.h"
#include "serve_models.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The signature from the package alone (no libtorch): metadata is
 * answerable while models load.  A package that cannot be read is left
 * without one; loading it then reports why. */
static void read_sig(serve_model *m)
{
    inductor_package *p = NULL;
    inductor_signature *s = NULL;

    if (inductor_package_open(m->path, &p) == INDUCTOR_OK &&
        inductor_package_signature(p, "model", &s) == INDUCTOR_OK)
        serve_sig_build(s, inductor_signature_num_inputs(s),
                        inductor_signature_num_outputs(s), &m->pkg_sig);
    inductor_signature_free(s);
    inductor_package_close(p);
}

static int add(serve_registry *reg, const char *name, long version,
               const char *path, char *err, size_t errlen)
{
    serve_model **grown, *m;
    char v[32];

    if (*name == '\0' || strchr(name, '/'))
        return errbuf_set(err, errlen, "%s: '%s' is not a model name", path, name);
    grown = realloc(reg->models, (reg->n + 1) * sizeof *grown);
    if (grown == NULL)
        return errbuf_set(err, errlen, "out of memory");
    reg->models = grown;
    if ((m = calloc(1, sizeof *m)) == NULL)
        return errbuf_set(err, errlen, "out of memory");
    snprintf(v, sizeof v, "%ld", version);
    m->name = strdup(name);
    m->version = strdup(v);
    m->path = strdup(path);
    m->version_num = version;
    atomic_init(&m->ready, 0);
    if (!m->name || !m->version || !m->path) {
        free(m->name);
        free(m->version);
        free(m->path);
        free(m);
        return errbuf_set(err, errlen, "out of memory");
    }
    read_sig(m);
    reg->models[reg->n++] = m;
    return 0;
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a directory, sorted, without dot files. */
static char **list_dir(const char *dir, size_t *n, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;

    *n = 0;
    if (d == NULL) {
        errbuf_set(err, errlen, "%s: cannot read model repository: %s", dir,
                   strerror(errno));
        return NULL;
    }
    while ((e = readdir(d)) != NULL) {
        char **grown;

        if (e->d_name[0] == '.')
            continue;
        if ((grown = realloc(names, (*n + 1) * sizeof *names)) == NULL ||
            (grown[*n] = strdup(e->d_name)) == NULL) {
            names = grown ? grown : names;
            break;
        }
        names = grown;
        (*n)++;
    }
    closedir(d);
    if (names)
        qsort(names, *n, sizeof *names, cmp_names);
    else if (*n == 0)
        names = calloc(1, sizeof *names);
    return names;
}

static void free_list(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

static int numeric(const char *s, long *v)
{
    char *end;

    if (*s < '0' || *s > '9')
        return 0;
    errno = 0;
    *v = strtol(s, &end, 10);
    return *end == '\0' && errno == 0 && *v > 0;
}

/* DIR/NAME: Triton's NAME/V/model.pt2 versions, or NAME/model.pt2.
 * Returns 0, 1 when NAME holds neither (not a model: lost+found on a
 * volume, a README directory), or -1 with err. */
static int add_model_dir(serve_registry *reg, const char *dir, const char *name,
                         char *err, size_t errlen)
{
    size_t n, found = 0;
    char **names = list_dir(dir, &n, err, errlen);
    int rc = 0;

    if (names == NULL)
        return -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *vdir = join(dir, names[i]), *pkg = vdir ? join(vdir, "model.pt2") : NULL;
        long v;

        if (!pkg)
            rc = errbuf_set(err, errlen, "out of memory");
        else if (numeric(names[i], &v) && is_file(pkg)) {
            rc = add(reg, name, v, pkg, err, errlen);
            found++;
        }
        free(pkg);
        free(vdir);
    }
    free_list(names, n);
    if (rc == 0 && found == 0) {
        char *pkg = join(dir, "model.pt2");

        if (pkg == NULL)
            rc = errbuf_set(err, errlen, "out of memory");
        else if (is_file(pkg))
            rc = add(reg, name, 1, pkg, err, errlen);
        else
            rc = 1;
        free(pkg);
    }
    return rc;
}

static char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    char *name = strdup(b ? b + 1 : path);

    if (name && ends_with(name, ".pt2"))
        name[strlen(name) - 4] = '\0';
    return name;
}

int serve_registry_add_repository(serve_registry *reg, const char *dir,
                                  char *err, size_t errlen)
{
    size_t n, before = reg->n;
    char **names;
    int rc = 0;

    if (is_file(dir)) { /* KServe's single model given as a file */
        char *name = base_name(dir);

        rc = name ? add(reg, name, 1, dir, err, errlen)
                  : errbuf_set(err, errlen, "out of memory");
        free(name);
        return rc;
    }
    if ((names = list_dir(dir, &n, err, errlen)) == NULL)
        return -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *path = join(dir, names[i]);

        if (path == NULL)
            rc = errbuf_set(err, errlen, "out of memory");
        else if (ends_with(names[i], ".pt2") && is_file(path)) {
            names[i][strlen(names[i]) - 4] = '\0';
            rc = add(reg, names[i], 1, path, err, errlen);
        } else if (is_dir(path) &&
                   (rc = add_model_dir(reg, path, names[i], err, errlen)) > 0) {
            rc = 0; /* not a model directory: skipped */
        }
        free(path);
    }
    free_list(names, n);
    if (rc == 0 && reg->n == before)
        rc = errbuf_set(err, errlen, "%s: no models (NAME.pt2, NAME/model.pt2 "
                        "or NAME/VERSION/model.pt2)", dir);
    return rc;
}

/* KServe's single model: the one .pt2 in a directory (its storage
 * initializer downloads the model into /mnt/models).  Malloc'd, or NULL
 * with err. */
static char *single_package(const char *dir, char *err, size_t errlen)
{
    size_t n, found = 0;
    char **names = list_dir(dir, &n, err, errlen), *pkg = NULL;

    if (names == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char *path = join(dir, names[i]);

        if (path && ends_with(names[i], ".pt2") && is_file(path) && found++ == 0)
            pkg = path;
        else
            free(path);
    }
    free_list(names, n);
    if (found == 1)
        return pkg;
    free(pkg);
    errbuf_set(err, errlen, "%s: expected one .pt2 package in the directory, "
               "found %zu", dir, found);
    return NULL;
}

int serve_registry_add_model(serve_registry *reg, const char *spec, char *err,
                             size_t errlen)
{
    const char *eq = strchr(spec, '='), *slash = strchr(spec, '/');
    char *name, *pkg;
    int rc;

    /* NAME=PATH, unless the '=' is inside the path. */
    if (eq && (!slash || eq < slash)) {
        name = strndup(spec, (size_t)(eq - spec));
        spec = eq + 1;
    } else {
        name = base_name(spec);
    }
    if (name == NULL)
        return errbuf_set(err, errlen, "out of memory");
    if (is_dir(spec))
        pkg = single_package(spec, err, errlen);
    else if (is_file(spec))
        pkg = strdup(spec);
    else {
        free(name);
        return errbuf_set(err, errlen, "%s: no such package file", spec);
    }
    rc = pkg ? add(reg, name, 1, pkg, err, errlen) : -1;
    free(pkg);
    free(name);
    return rc;
}

int serve_registry_finish(serve_registry *reg, char *err, size_t errlen)
{
    if (reg->n == 0)
        return errbuf_set(err, errlen, "no models: give --model-repository "
                          "DIR or --model [NAME=]M.pt2");
    for (size_t i = 0; i < reg->n; i++) {
        serve_model *m = reg->models[i];

        m->latest = 1;
        for (size_t j = 0; j < reg->n; j++) {
            serve_model *o = reg->models[j];

            if (i == j || strcmp(m->name, o->name) != 0)
                continue;
            if (o->version_num == m->version_num)
                return errbuf_set(err, errlen, "model '%s' version %s is "
                                  "given twice: %s and %s", m->name,
                                  m->version, m->path, o->path);
            if (o->version_num > m->version_num)
                m->latest = 0;
        }
    }
    return 0;
}

void serve_registry_set_verify(serve_registry *reg, int verify)
{
    reg->verify = verify;
}

/* serve --verify: 0 when the loaded model reproduces its golden data,
 * else -1 with the reason in m->error (the first differing output). */
static int verify_model(serve_model *m)
{
    golden_report rep = {0, NULL, 0};
    golden_data g;
    char err[400], line[400];
    int rc = -1;

    if (golden_load(m->path, "model", NULL, &g, err, sizeof err) != 0) {
        snprintf(m->error, sizeof m->error, "golden check: %s", err);
        return -1;
    }
    if (golden_check(m->m, &g, -1, -1, &rep, err, sizeof err) != 0) {
        snprintf(m->error, sizeof m->error, "golden check: %s", err);
    } else if (rep.failed) {
        for (size_t i = 0; i < rep.n; i++)
            if (!rep.r[i].passed) {
                golden_result_line(&rep.r[i], line, sizeof line);
                break;
            }
        snprintf(m->error, sizeof m->error, "golden check failed: %zu of %zu "
                 "outputs differ; %s", rep.failed, rep.n, line);
    } else {
        rc = 0;
    }
    golden_report_free(&rep);
    golden_free(&g);
    return rc;
}

size_t serve_registry_load(serve_registry *reg, const char *device,
                           size_t runners, void (*log)(const serve_model *),
                           const volatile sig_atomic_t *stop)
{
    size_t failed = 0;

    for (size_t i = 0; i < reg->n && !(stop && *stop); i++) {
        serve_model *m = reg->models[i];
        inductor_open_options o = INDUCTOR_OPEN_OPTIONS_INIT;

        o.num_runners = runners;
        if (inductor_model_open(m->path, device, &o, &m->m) != INDUCTOR_OK) {
            snprintf(m->error, sizeof m->error, "%s", inductor_last_error());
            failed++;
        } else if (serve_sig_build(inductor_model_signature(m->m),
                                   inductor_model_num_inputs(m->m),
                                   inductor_model_num_outputs(m->m),
                                   &m->run_sig) != 0) {
            snprintf(m->error, sizeof m->error, "out of memory");
            failed++;
        } else if (reg->verify && verify_model(m) != 0) {
            failed++;
        } else {
            atomic_store(&m->ready, 1);
        }
        if (log)
            log(m);
    }
    return failed;
}

serve_model *serve_registry_find(const serve_registry *reg, const char *name,
                                 const char *version)
{
    for (size_t i = 0; i < reg->n; i++) {
        serve_model *m = reg->models[i];

        if (strcmp(m->name, name) == 0 &&
            (version ? strcmp(m->version, version) == 0 : m->latest))
            return m;
    }
    return NULL;
}

const serve_sig *serve_model_sig(const serve_model *m)
{
    return atomic_load(&m->ready) ? &m->run_sig : &m->pkg_sig;
}

int serve_registry_ready(const serve_registry *reg)
{
    for (size_t i = 0; i < reg->n; i++)
        if (!atomic_load(&reg->models[i]->ready))
            return 0;
    return 1;
}

void serve_registry_free(serve_registry *reg)
{
    for (size_t i = 0; i < reg->n; i++) {
        serve_model *m = reg->models[i];

        inductor_model_close(m->m);
        serve_sig_free(&m->pkg_sig);
        serve_sig_free(&m->run_sig);
        free(m->name);
        free(m->version);
        free(m->path);
        free(m);
    }
    free(reg->models);
    memset(reg, 0, sizeof *reg);
}
