/*
 * provenance.c - collecting and writing a run's provenance record (see
 * provenance.h); the facts about this process are provenance_env.c's.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_common.h"
#include "provenance.h"
#include "provenance_env.h"
#include "digest.h"

/* RFC 3339 in UTC, to the millisecond: "2026-12-04T14:01:09.123Z". */
static void utc_now(char *buf, size_t len)
{
    struct timespec ts;
    struct tm tm;
    size_t n;

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, len - n, ".%03dZ", (int)(ts.tv_nsec / 1000000L) % 1000);
}

void provenance_init(provenance_run *r, const char *command)
{
    memset(r, 0, sizeof *r);
    r->command = command;
    utc_now(r->started_utc, sizeof r->started_utc);
}

static void free_tensors(provenance_tensor *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++) {
        free(t[i].name);
        free(t[i].shape);
    }
    free(t);
}

void provenance_free(provenance_run *r)
{
    for (size_t i = 0; i < r->n_requests; i++) {
        free_tensors(r->requests[i].inputs, r->requests[i].n_inputs);
        free_tensors(r->requests[i].outputs, r->requests[i].n_outputs);
        free(r->requests[i].error);
    }
    free(r->requests);
    json_object_put(r->extra);
    memset(r, 0, sizeof *r);
}

int provenance_check_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    struct stat st;
    char *dir;
    int bad;

    if (*path == '\0' || strcmp(path, "-") == 0)
        return cli_error(EXIT_USAGE, "--provenance needs a file name (standard "
                         "output carries the results)");
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return cli_error(EXIT_OUTPUT_FAILED, "%s: cannot write the provenance "
                         "record: is a directory", path);
    if (slash == NULL)
        return EXIT_OK; /* the working directory */
    if ((dir = strndup(path, slash == path ? 1 : (size_t)(slash - path))) == NULL)
        return cli_error(EXIT_RUN_FAILED, "out of memory");
    bad = stat(dir, &st) != 0 ? errno : !S_ISDIR(st.st_mode) ? ENOTDIR : 0;
    if (bad)
        cli_error(EXIT_OUTPUT_FAILED, "%s: cannot write the provenance record: "
                  "%s: %s", path, dir, strerror(bad));
    free(dir);
    return bad ? EXIT_OUTPUT_FAILED : EXIT_OK;
}

int provenance_hash_package(provenance_run *r)
{
    if (digest_sha256_file(r->package_path, r->package_sha256,
                           &r->package_bytes) != 0)
        return cli_error(EXIT_UNUSABLE, "%s: cannot hash the package: %s",
                         r->package_path, strerror(errno));
    return EXIT_OK;
}

static int hash_tensors(provenance_tensor **out, inductor_tensor *const *t,
                        size_t n, const char *(*name)(const inductor_signature *,
                                                      size_t),
                        const inductor_signature *sig, size_t sig_n)
{
    provenance_tensor *p = calloc(n ? n : 1, sizeof *p);

    *out = p;
    for (size_t i = 0; p && i < n; i++) {
        const char *nm = sig_n == n ? name(sig, i) : NULL;

        p[i].dtype = inductor_tensor_dtype(t[i]);
        p[i].ndim = inductor_tensor_ndim(t[i]);
        p[i].bytes = inductor_tensor_nbytes(t[i]);
        p[i].shape = malloc((p[i].ndim ? p[i].ndim : 1) * sizeof *p[i].shape);
        if (p[i].shape == NULL || (nm && (p[i].name = strdup(nm)) == NULL))
            return -1;
        if (p[i].ndim) /* a scalar's sizes may be NULL */
            memcpy(p[i].shape, inductor_tensor_sizes(t[i]),
                   p[i].ndim * sizeof *p[i].shape);
        /* Library tensors are dense host memory in C order: the bytes as
         * numpy's tobytes() gives them. */
        if (digest_sha256_hex(inductor_tensor_data(t[i]), (size_t)p[i].bytes,
                              p[i].sha256) != 0)
            return -1;
    }
    return p ? 0 : -1;
}

int provenance_add_request(provenance_run *r, long line,
                           inductor_tensor *const *in, size_t n_in,
                           inductor_tensor *const *outs, size_t n_out,
                           const inductor_signature *sig, double run_ms,
                           const char *error)
{
    provenance_request *q;

    if (r->n_requests == r->cap_requests) {
        size_t cap = r->cap_requests ? 2 * r->cap_requests : 4;
        provenance_request *grown = realloc(r->requests, cap * sizeof *grown);

        if (grown == NULL)
            return cli_error(EXIT_RUN_FAILED, "out of memory");
        r->requests = grown;
        r->cap_requests = cap;
    }
    q = &r->requests[r->n_requests++];
    memset(q, 0, sizeof *q);
    q->line = line;
    q->run_ms = run_ms;
    q->n_inputs = n_in;
    q->n_outputs = outs ? n_out : 0;
    if ((error && (q->error = strdup(error)) == NULL) ||
        hash_tensors(&q->inputs, in, n_in, inductor_signature_input_name, sig,
                     inductor_signature_num_inputs(sig)) != 0 ||
        hash_tensors(&q->outputs, outs, q->n_outputs,
                     inductor_signature_output_name, sig,
                     inductor_signature_num_outputs(sig)) != 0)
        return cli_error(EXIT_RUN_FAILED, "out of memory hashing tensors for "
                         "the provenance record");
    return EXIT_OK;
}

static json_object *json_tensors(const provenance_tensor *t, size_t n)
{
    json_object *a = json_object_new_array();

    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_new_object(), *shape = json_object_new_array();

        for (size_t d = 0; d < t[i].ndim; d++)
            json_object_array_add(shape, json_object_new_int64(t[i].shape[d]));
        json_object_object_add(o, "index", json_object_new_int64((int64_t)i));
        json_object_object_add(o, "name", t[i].name ? json_object_new_string(t[i].name)
                                                    : NULL);
        json_object_object_add(o, "dtype", json_object_new_string(
                                               inductor_dtype_name(t[i].dtype)));
        json_object_object_add(o, "shape", shape);
        json_object_object_add(o, "bytes", json_object_new_int64((int64_t)t[i].bytes));
        json_object_object_add(o, "sha256", json_object_new_string(t[i].sha256));
        json_object_array_add(a, o);
    }
    return a;
}

static json_object *json_request(const provenance_request *q)
{
    json_object *o = json_object_new_object();

    json_object_object_add(o, "line", q->line > 0 ? json_object_new_int64(q->line)
                                                  : NULL);
    json_object_object_add(o, "run_ms", q->run_ms >= 0
                                            ? json_object_new_double(q->run_ms)
                                            : NULL);
    json_object_object_add(o, "error", q->error ? json_object_new_string(q->error)
                                                : NULL);
    json_object_object_add(o, "inputs", json_tensors(q->inputs, q->n_inputs));
    json_object_object_add(o, "outputs", json_tensors(q->outputs, q->n_outputs));
    return o;
}

static json_object *json_package(const provenance_run *r)
{
    json_object *o = json_object_new_object();

    json_object_object_add(o, "path", json_object_new_string(r->package_path));
    json_object_object_add(o, "sha256", json_object_new_string(r->package_sha256));
    json_object_object_add(o, "bytes", json_object_new_int64((int64_t)r->package_bytes));
    json_object_object_add(o, "model", json_object_new_string(r->model_name));
    return o;
}

static json_object *json_load(const provenance_run *r)
{
    json_object *o = json_object_new_object();

    if (!r->have_load) {
        json_object_put(o);
        return NULL;
    }
    json_object_object_add(o, "open_ms", json_object_new_double(r->open_ms));
    json_object_object_add(o, "read_ms", json_object_new_double(r->load.read_ms));
    json_object_object_add(o, "extract_ms", json_object_new_double(r->load.extract_ms));
    json_object_object_add(o, "library_ms", json_object_new_double(r->load.load_ms));
    json_object_object_add(o, "cache_used", json_object_new_boolean(r->load.cache_used));
    json_object_object_add(o, "cache_hit", json_object_new_boolean(r->load.cache_hit));
    return o;
}

json_object *provenance_json(const provenance_run *r)
{
    json_object *o = json_object_new_object(), *reqs = json_object_new_array();
    char finished[40];

    utc_now(finished, sizeof finished);
    for (size_t i = 0; i < r->n_requests; i++)
        json_object_array_add(reqs, json_request(&r->requests[i]));
    json_object_object_add(o, "schema", json_object_new_string(PROVENANCE_SCHEMA));
    json_object_object_add(o, "command", json_object_new_string(r->command));
    json_object_object_add(o, "started_utc", json_object_new_string(r->started_utc));
    json_object_object_add(o, "finished_utc", json_object_new_string(finished));
    json_object_object_add(o, "package", json_package(r));
    json_object_object_add(o, "versions", provenance_env_versions());
    json_object_object_add(o, "backend_module", provenance_env_backend_module());
    json_object_object_add(o, "device", provenance_env_device(r->device));
    json_object_object_add(o, "host", provenance_env_host());
    json_object_object_add(o, "threads", provenance_env_threads(r->runners,
                                                                r->callers));
    json_object_object_add(o, "load", json_load(r));
    json_object_object_add(o, "requests", reqs);
    if (r->extra_key && r->extra)
        json_object_object_add(o, r->extra_key, json_object_get(r->extra));
    return o;
}

int provenance_write(const char *path, provenance_run *r)
{
    json_object *doc;
    const char *text;
    char *buf = NULL;
    int rc;

    if (r->package_sha256[0] == '\0' &&
        (rc = provenance_hash_package(r)) != EXIT_OK)
        return rc;
    doc = provenance_json(r);
    text = doc ? json_object_to_json_string_ext(
                     doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                              JSON_C_TO_STRING_NOSLASHESCAPE)
               : NULL;
    if (text == NULL || (buf = malloc(strlen(text) + 2)) == NULL) {
        json_object_put(doc);
        return cli_error(EXIT_RUN_FAILED, "out of memory formatting the "
                         "provenance record");
    }
    sprintf(buf, "%s\n", text);
    json_object_put(doc);
    /* Prints its own one-line error. */
    rc = cli_write_output(path, buf, strlen(buf)) == 0 ? EXIT_OK
                                                       : EXIT_OUTPUT_FAILED;
    free(buf);
    return rc;
}
