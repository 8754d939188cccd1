/*
 * model.c - open a model from a package and run it.  Everything that can
 * be checked without libtorch is checked here first, so that a wrong model
 * name, a package for another device or a malformed input gets a precise
 * error instead of whatever libtorch would throw (or not throw).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "call_spec.h"
#include "compat.h"
#include "device.h"
#include "extract.h"
#include "io_signature.h"
#include "memfd.h"
#include "package_internal.h"
#include "signature.h"

/* inductor_load_stats as first released: up to cache_hit. */
#define STATS_V1_SIZE (offsetof(inductor_load_stats, cache_hit) + sizeof(int))
/* inductor_open_options as first released: up to run_single_threaded. */
#define OPTIONS_V1_SIZE offsetof(inductor_open_options, cache_dir)

/* Where the package comes from: a path, or bytes in a sealed memfd. */
typedef struct model_source {
    const char *name; /* the path, or MEMFD_DISPLAY_NAME: for messages */
    int fd;           /* -1: open `name`; else the memfd, handed on once */
} model_source;

struct inductor_model {
    inductor_package *pkg;
    const package_model *pm; /* borrowed from pkg */
    char device[16];
    const inductor_backend_ops *backend; /* the module that loaded bm */
    inductor_bridge_model *bm;
    size_t n_in, n_out;
    recorded_inputs sig;    /* recorded inputs: checked before runs */
    recorded_inputs wsig;   /* else the wrapper's, until counts agree */
    inductor_signature *io; /* inductor_model_signature(); NULL if none */
    inductor_load_stats stats;
    extract_result *x; /* the directory libtorch loads from, held open */
};

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void inductor_model_close(inductor_model *m)
{
    if (m == NULL)
        return;
    if (m->bm != NULL)
        m->backend->free_model(m->bm);
    if (m->x != NULL) /* after libtorch let go of the directory */
        extract_release(m->x);
    free(m->x);
    signature_free(&m->sig);
    signature_free(&m->wsig);
    inductor_signature_free(m->io);
    inductor_package_close(m->pkg);
    free(m);
}

static inductor_status model_not_found(const inductor_package *p,
                                       const char *path, const char *name)
{
    char have[256] = "";
    size_t used = 0;

    for (size_t i = 0; i < p->n_models && used < sizeof have - 1; i++)
        used += (size_t)snprintf(have + used, sizeof have - used, "%s%s",
                                 i ? ", " : "", p->models[i].name);
    return inductor__fail(INDUCTOR_ERR_MODEL_NOT_FOUND,
                          "%s: no model '%s' in the package (it has: %s)", path,
                          name, have);
}

/* The package says which device it was compiled for (AOTI_DEVICE_KEY). */
static inductor_status check_device_key(const inductor_model *m,
                                        const char *path,
                                        const device_spec *d)
{
    const char *key = inductor_model_metadata(m, "AOTI_DEVICE_KEY");

    if (key == NULL || strcmp(key, d->type) == 0)
        return INDUCTOR_OK;
    return inductor__fail(INDUCTOR_ERR_INCOMPATIBLE,
                          "%s: model '%s' was compiled for %s, not %s", path,
                          m->pm->name, key, d->type);
}

/* The recorded inputs, checked against the device, and the public
 * signature, read once here so that callers need not open the package
 * again for it. */
static inductor_status read_signatures(inductor_model *m, const char *path,
                                       const device_spec *d)
{
    inductor_status s;

    s = signature_parse(inductor_model_metadata(m, SIGNATURE_METADATA_KEY),
                        &m->sig);
    /* Inputs are passed on the model's device: one recorded elsewhere
     * would reach its kernels on the wrong device. */
    if (s == INDUCTOR_OK)
        s = signature_check_device(&m->sig, d->type);
    if (s == INDUCTOR_OK)
        s = inductor_package_signature(m->pkg, m->pm->name, &m->io);
    /* Without inductor's metadata, the wrapper's compiled checks: run here
     * before the kernels, since AOTInductor runs them only on request. */
    if (s == INDUCTOR_OK && m->sig.n == 0)
        s = io_signature_input_checks(m->io, &m->wsig);
    if (s != INDUCTOR_OK) { /* the message is the buffer being written */
        char why[512];

        snprintf(why, sizeof why, "%s", inductor_last_error());
        return inductor__fail(s, "%s: %s", path, why);
    }
    if (inductor_signature_num_inputs(m->io) == 0 &&
        inductor_signature_num_outputs(m->io) == 0) {
        inductor_signature_free(m->io); /* the package records none */
        m->io = NULL;
    }
    return INDUCTOR_OK;
}

/* Reads the package, checks model, device and signature: no libtorch.
 * src->fd, if any, is handed on here, whatever happens. */
static inductor_status open_package(inductor_model *m, const model_source *src,
                                    const char *name, const device_spec *d)
{
    const char *path = src->name;
    inductor_status s = src->fd >= 0 ? package_open_fd(src->fd, path, &m->pkg)
                                     : inductor_package_open(path, &m->pkg);

    if (s != INDUCTOR_OK)
        return s;
    m->pm = package_find_model(m->pkg, name);
    if (m->pm == NULL)
        return model_not_found(m->pkg, path, name);
    if ((s = check_device_key(m, path, d)) != INDUCTOR_OK)
        return s;
    if ((s = compat_check_model(m->pkg, path, name, d->type)) != INDUCTOR_OK)
        return s; /* platform, CPU ISA, kernels vs build: before loading */
    if ((s = device_available(d)) != INDUCTOR_OK)
        return s;
    return read_signatures(m, path, d);
}

/* The directory libtorch loads from: the cache entry, extracted once, or
 * (cache off, refused or missing) a temporary directory for this model.
 * Never the zip itself: libtorch's own unzip would bypass the checks of
 * the extraction (CRC-32, the descriptor the package was validated
 * through), so a package that fails to extract fails to open. */
static inductor_status runner_source(inductor_model *m,
                                     const inductor_open_options *o)
{
    const extract_settings set = {o->cache_dir, o->no_cache};
    double t0 = now_ms();
    inductor_status s;

    if ((m->x = malloc(sizeof *m->x)) == NULL)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    s = extract_cached(m->pkg->archive, &set, m->x);
    m->stats.extract_ms = now_ms() - t0;
    if (s != INDUCTOR_OK) {
        free(m->x);
        m->x = NULL;
        return s;
    }
    m->stats.cache_used = m->x->cached;
    m->stats.cache_hit = m->x->cache_hit;
    m->stats.cache_private = m->x->is_private;
    snprintf(m->stats.cache_note, sizeof m->stats.cache_note, "%s",
             m->x->note);
    return INDUCTOR_OK;
}

/* libtorch names the directory it was given (a cache entry): name the
 * package instead, which is what the user knows. */
static inductor_status load_failed(inductor_status s, const char *path,
                                   const char *src)
{
    const char *msg = inductor_last_error();
    size_t n = strlen(src);
    char why[1024];

    if (strncmp(msg, src, n) != 0 || strncmp(msg + n, ": ", 2) != 0)
        return s;
    snprintf(why, sizeof why, "%s", msg + n + 2);
    return inductor__fail(s, "%s: %s", path, why);
}

static inductor_status load_runner(inductor_model *m, const char *path,
                                   const device_spec *d,
                                   const inductor_open_options *o)
{
    double t0 = now_ms();
    /* The first model of a process loads the backend module (and so
     * libtorch): counted as loading, as it was when libtorch loaded with
     * the program. */
    inductor_status s = backend_for_device(d->type, &m->backend);
    double backend_ms = now_ms() - t0;
    int limit = 0;

    if (s == INDUCTOR_OK)
        s = runner_source(m, o);
    if (s != INDUCTOR_OK)
        return s;
    /* The kernels' thread assumptions bind CPU runs only. */
    if (strcmp(d->type, "cpu") == 0 &&
        (s = inductor_package_cpu_threads(m->pkg, m->pm->name, &limit,
                                          NULL)) != INDUCTOR_OK)
        return s;
    t0 = now_ms() - backend_ms;
    s = m->backend->load(m->x->dir, m->pm->name, d->index,
                         o->num_runners ? o->num_runners : 1,
                         o->run_single_threaded, limit, &m->bm);
    m->stats.load_ms = now_ms() - t0;
    if (s != INDUCTOR_OK)
        return load_failed(s, path, m->x->dir);
    s = call_spec_count_leaves(m->backend->in_spec(m->bm), &m->n_in);
    if (s == INDUCTOR_OK)
        s = call_spec_count_leaves(m->backend->out_spec(m->bm), &m->n_out);
    if (s != INDUCTOR_OK)
        return s;
    if (m->sig.n != 0 && m->sig.n != m->n_in)
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "%s: metadata records %zu inputs, the call spec "
                              "%zu", path, m->sig.n, m->n_in);
    /* The wrapper's checks only for the inputs the runner really takes:
     * a source read wrong must cost information, never a working model. */
    if (m->sig.n == 0 && m->wsig.n == m->n_in) {
        m->sig = m->wsig;
        m->wsig.n = 0;
        m->wsig.inputs = NULL;
    }
    signature_free(&m->wsig);
    return INDUCTOR_OK;
}

/* The caller's options with defaults for what it did not set: fields
 * appended after the first release are missing from an older caller's
 * struct (its struct_size says so) and take their defaults. */
static inductor_status read_options(const inductor_open_options *opts,
                                    inductor_open_options *o)
{
    static const inductor_open_options defaults = INDUCTOR_OPEN_OPTIONS_INIT;

    *o = defaults;
    if (opts == NULL)
        return INDUCTOR_OK;
    if (opts->struct_size < OPTIONS_V1_SIZE)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "options.struct_size is %zu: start from "
                              "INDUCTOR_OPEN_OPTIONS_INIT", opts->struct_size);
    memcpy(o, opts, opts->struct_size < sizeof *o ? opts->struct_size
                                                  : sizeof *o);
    o->struct_size = sizeof *o;
    return INDUCTOR_OK;
}

/* Everything after the arguments are checked; src->fd is handed on (or
 * closed) whatever happens. */
static inductor_status model_open(const model_source *src,
                                  const device_spec *d,
                                  const inductor_open_options *o,
                                  inductor_model **out)
{
    const char *name = o->model_name ? o->model_name : "model";
    inductor_model *m = calloc(1, sizeof *m);
    inductor_status s;

    if (m == NULL) {
        if (src->fd >= 0)
            close(src->fd);
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    }
    device_format(d, m->device, sizeof m->device);
    m->stats = (inductor_load_stats)INDUCTOR_LOAD_STATS_INIT;
    m->stats.read_ms = now_ms();
    s = open_package(m, src, name, d);
    m->stats.read_ms = now_ms() - m->stats.read_ms;
    if (s == INDUCTOR_OK)
        s = load_runner(m, src->name, d, o);
    if (s != INDUCTOR_OK) {
        inductor_model_close(m);
        return s;
    }
    *out = m;
    return INDUCTOR_OK;
}

inductor_status inductor_model_open(const char *pt2_path, const char *device,
                                    const inductor_open_options *opts,
                                    inductor_model **out)
{
    const model_source src = {pt2_path, -1};
    inductor_open_options o;
    device_spec d;
    inductor_status s;

    inductor__clear_error();
    if (out == NULL || pt2_path == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "package path or out is NULL");
    *out = NULL;
    if ((s = read_options(opts, &o)) != INDUCTOR_OK ||
        (s = device_parse(device ? device : "cpu", &d)) != INDUCTOR_OK)
        return s;
    return model_open(&src, &d, &o, out);
}

inductor_status inductor_model_open_memory(const void *data, size_t size,
                                           const char *device,
                                           const inductor_open_options *opts,
                                           inductor_model **out)
{
    model_source src = {MEMFD_DISPLAY_NAME, -1};
    inductor_open_options o;
    device_spec d;
    inductor_status s;

    inductor__clear_error();
    if (out == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT, "out is NULL");
    *out = NULL;
    if (data == NULL || size == 0)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              MEMFD_DISPLAY_NAME ": package data is %s",
                              data == NULL ? "NULL" : "empty (size 0)");
    /* The cheap checks first: no copy for a call that cannot succeed. */
    if ((s = read_options(opts, &o)) != INDUCTOR_OK ||
        (s = device_parse(device ? device : "cpu", &d)) != INDUCTOR_OK ||
        (s = memfd_sealed_copy(data, size, &src.fd)) != INDUCTOR_OK)
        return s;
    return model_open(&src, &d, &o, out);
}

size_t inductor_model_num_inputs(const inductor_model *m)
{
    return m ? m->n_in : 0;
}

size_t inductor_model_num_outputs(const inductor_model *m)
{
    return m ? m->n_out : 0;
}

const char *inductor_model_device(const inductor_model *m)
{
    return m ? m->device : NULL;
}

const char *inductor_model_metadata(const inductor_model *m, const char *key)
{
    return m ? inductor_package_metadata(m->pkg, m->pm->name, key) : NULL;
}

size_t inductor_model_metadata_count(const inductor_model *m)
{
    return m ? m->pm->n_meta : 0;
}

const char *inductor_model_metadata_key(const inductor_model *m, size_t i)
{
    return (m && i < m->pm->n_meta) ? m->pm->keys[i] : NULL;
}

const inductor_signature *inductor_model_signature(const inductor_model *m)
{
    return m ? m->io : NULL;
}

/* Deprecated: inductor_model_signature() says all this and more. */
inductor_status inductor_model_input_info(const inductor_model *m, size_t i,
                                          inductor_input_info *info)
{
    const inductor_signature *sig = inductor_model_signature(m);
    size_t n = inductor_signature_num_inputs(sig);

    inductor__clear_error();
    if (m == NULL || info == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "model or info is NULL");
    /* Recorded metadata gives every input a dtype, and so, mostly, does
     * the wrapper source; a call spec alone gives none. */
    if (n == 0 || inductor_signature_input_dtype(sig, 0) ==
                      INDUCTOR_DTYPE_INVALID)
        return inductor__fail(INDUCTOR_ERR_UNSUPPORTED,
                              "the package records no input signature");
    if (i >= n)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "input %zu: the model has %zu inputs", i, n);
    info->name = inductor_signature_input_name(sig, i);
    info->dtype = inductor_signature_input_dtype(sig, i);
    info->sizes = inductor_signature_input_sizes(sig, i, &info->ndim);
    return INDUCTOR_OK;
}

static inductor_status check_run_args(const inductor_model *m,
                                      inductor_tensor *const *inputs,
                                      size_t n_in, inductor_tensor **outputs,
                                      size_t n_out)
{
    if (m == NULL || (n_in && inputs == NULL) || (n_out && outputs == NULL))
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "model, inputs or outputs is NULL");
    if (n_out != m->n_out)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "room for %zu outputs, the model has %zu", n_out,
                              m->n_out);
    if (n_in != m->n_in)
        return inductor__fail(INDUCTOR_ERR_INPUT_MISMATCH,
                              "expected %zu inputs, got %zu", m->n_in, n_in);
    for (size_t i = 0; i < n_in; i++)
        if (inputs[i] == NULL)
            return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                                  "input %zu is NULL", i);
    return signature_check(&m->sig, inputs, n_in);
}

inductor_status inductor_model_run(inductor_model *m,
                                   inductor_tensor *const *inputs, size_t n_in,
                                   inductor_tensor **outputs, size_t n_out)
{
    inductor_status s;

    inductor__clear_error();
    for (size_t i = 0; outputs && i < n_out; i++)
        outputs[i] = NULL;
    s = check_run_args(m, inputs, n_in, outputs, n_out);
    if (s != INDUCTOR_OK)
        return s;
    s = m->backend->run(m->bm, m->device, inputs, n_in, outputs, n_out);
    if (s != INDUCTOR_OK)
        for (size_t i = 0; i < n_out; i++) {
            inductor_tensor_free(outputs[i]);
            outputs[i] = NULL;
        }
    return s;
}

inductor_status inductor_model_load_stats(const inductor_model *m,
                                          inductor_load_stats *out)
{
    inductor__clear_error();
    if (m == NULL || out == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "model or stats is NULL");
    /* A caller built against an older header (before cache_private) gets
     * the fields it knows; newer fields are appended, never reordered. */
    if (out->struct_size < STATS_V1_SIZE)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "stats.struct_size is %zu: start from "
                              "INDUCTOR_LOAD_STATS_INIT", out->struct_size);
    {
        size_t n = out->struct_size < sizeof(inductor_load_stats)
                       ? out->struct_size : sizeof(inductor_load_stats);

        memcpy(out, &m->stats, n);
        out->struct_size = n;
    }
    return INDUCTOR_OK;
}
