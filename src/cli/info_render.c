/*
 * info_render.c - `inductor info` as text and as JSON with stable keys.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "info_facts.h"

static const char *meta_or(const inductor_package *p, const char *model,
                           const char *key, const char *dflt)
{
    const char *v = inductor_package_metadata(p, model, key);
    return (v && *v) ? v : dflt;
}

static uint64_t package_size(const inductor_package *p)
{
    uint64_t total = 0;

    for (size_t i = 0; i < inductor_package_num_files(p); i++)
        total += inductor_package_file_size(p, i);
    return total;
}

/* Counts known from loading, else from the signature; -1 when unknown. */
static long long count_of(const model_facts *f, int outputs)
{
    size_t n = outputs ? inductor_signature_num_outputs(f->sig)
                       : inductor_signature_num_inputs(f->sig);

    if (f->loaded)
        return (long long)(outputs ? f->n_out : f->n_in);
    return n ? (long long)n : -1;
}

/* ---- text --------------------------------------------------------------- */

static void print_dims(const int64_t *sizes, size_t nd)
{
    printf("[");
    for (size_t d = 0; d < nd; d++) {
        if (sizes[d] < 0)
            printf("%s?", d ? ", " : "");
        else
            printf("%s%lld", d ? ", " : "", (long long)sizes[d]);
    }
    printf("]");
}

/* The sizes each dynamic dimension accepts, on a line of their own below
 * the input's ("      ranges: dim 0 2..16"; "2.." when unbounded). */
static void print_ranges(const inductor_signature *sig, size_t i, size_t nd)
{
    int any = 0;

    for (size_t d = 0; d < nd; d++) {
        int64_t lo, hi;

        if (!inductor_signature_input_range(sig, i, d, &lo, &hi))
            continue;
        printf("%sdim %zu %lld..", any ? ", " : "      ranges: ", d,
               (long long)lo);
        if (hi >= 0)
            printf("%lld", (long long)hi);
        any = 1;
    }
    if (any)
        printf("\n");
}

static void print_io(const model_facts *f, int outputs)
{
    size_t n = outputs ? inductor_signature_num_outputs(f->sig)
                       : inductor_signature_num_inputs(f->sig);

    for (size_t i = 0; i < n; i++) {
        /* Outputs by key (a dict key or a dataclass field), as always:
         * a tuple's outputs have only the generic names "output<i>". */
        const char *label = outputs ? inductor_signature_output_key(f->sig, i)
                                    : inductor_signature_input_name(f->sig, i);
        inductor_dtype dt = outputs ? inductor_signature_output_dtype(f->sig, i)
                                    : inductor_signature_input_dtype(f->sig, i);
        size_t nd = 0;
        const int64_t *sz = outputs ? inductor_signature_output_sizes(f->sig, i, &nd)
                                    : inductor_signature_input_sizes(f->sig, i, &nd);

        printf("    %zu%s%s:", i, label ? " " : "", label ? label : "");
        if (dt != INDUCTOR_DTYPE_INVALID)
            printf(" %s", inductor_dtype_name(dt));
        if (sz != NULL) {
            printf(" ");
            print_dims(sz, nd);
        }
        if (!outputs && inductor_signature_input_is_keyword(f->sig, i))
            printf(" (keyword)");
        printf("\n");
        if (!outputs && sz != NULL)
            print_ranges(f->sig, i, nd);
    }
}

static void print_counts(const model_facts *f)
{
    long long in = count_of(f, 0), out = count_of(f, 1);

    if (in >= 0)
        printf("  inputs: %lld\n", in);
    else
        printf("  inputs: unknown\n");
    print_io(f, 0);
    if (out >= 0)
        printf("  outputs: %lld\n", out);
    else
        printf("  outputs: unknown\n");
    print_io(f, 1);
    if (f->sig == NULL)
        printf("  signature: unreadable: %s\n", f->sig_error);
    else
        printf("  signature source: %s\n", inductor_signature_source(f->sig));
}

static void print_kernels_weights(const model_facts *f)
{
    int any = 0;

    printf("  kernels:");
    for (size_t k = 0; k < 4; k++)
        if (f->kernels[k]) {
            printf("%s %zu %s", any ? "," : "", f->kernels[k], info_kernel_kinds[k]);
            any = 1;
        }
    printf("%s\n", any ? "" : " none");
    if (f->have_weights)
        printf("  weights: %llu bytes in %zu constants\n",
               (unsigned long long)f->weights_bytes, f->n_constants);
    else
        printf("  weights: unknown\n");
}

static void print_model(const inductor_package *p, const model_facts *f)
{
    const char *cc = meta_or(p, f->name, "AOTI_COMPUTE_CAPABILITY", NULL);

    printf("model: %s\n", f->name);
    printf("  device: %s\n", meta_or(p, f->name, "AOTI_DEVICE_KEY", "unknown"));
    printf("  platform: %s %s\n", meta_or(p, f->name, "AOTI_PLATFORM", "unknown"),
           meta_or(p, f->name, "AOTI_MACHINE", ""));
    printf("  cpu isa: %s\n", meta_or(p, f->name, "AOTI_CPU_ISA", "none"));
    if (cc)
        printf("  compute capability: %s\n", cc);
    print_kernels_weights(f);
    print_counts(f);
    if (f->load_tried && !f->loaded)
        printf("  not loadable here: %s\n", f->load_error);
    if (f->thread_limit > 0 || f->threads_pinned > 0)
        printf("  cpu threads: generated for %d%s\n",
               f->thread_limit > f->threads_pinned ? f->thread_limit
                                                   : f->threads_pinned,
               f->threads_pinned > 0 ? " (pinned)" : " (the most a run uses)");
    if (f->compatible && f->warning[0])
        printf("  compatible: yes (warning: %s)\n", f->warning);
    else if (f->compatible)
        printf("  compatible: yes\n");
    else
        printf("  compatible: no (%s)\n", f->why);
    printf("  metadata:\n");
    for (size_t k = 0; k < inductor_package_metadata_count(p, f->name); k++) {
        const char *key = inductor_package_metadata_key(p, f->name, k);
        printf("    %s: %s\n", key, inductor_package_metadata(p, f->name, key));
    }
}

void info_print_text(const char *path, const inductor_package *p,
                     const model_facts *f, size_t n)
{
    printf("package: %s\nsize: %llu bytes in %zu files\nmodels: %zu\n", path,
           (unsigned long long)package_size(p), inductor_package_num_files(p), n);
    for (size_t i = 0; i < n; i++)
        print_model(p, &f[i]);
    printf("files:\n");
    for (size_t i = 0; i < inductor_package_num_files(p); i++)
        printf("  %12llu  %s\n", (unsigned long long)inductor_package_file_size(p, i),
               inductor_package_file_name(p, i));
    printf("host: %s, cpu isa: %s\nbuild: %s, libtorch %s\n",
           inductor_host_platform(),
           *inductor_host_cpu_isa() ? inductor_host_cpu_isa() : "unknown",
           inductor_backend(), inductor_libtorch_version());
}

/* ---- JSON --------------------------------------------------------------- */

static json_object *str_or_null(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

static json_object *dims_json(const int64_t *sizes, size_t nd)
{
    json_object *a;

    if (sizes == NULL)
        return NULL;
    a = json_object_new_array();
    for (size_t d = 0; d < nd; d++)
        json_object_array_add(a, json_object_new_int64(sizes[d]));
    return a;
}

/* Per dimension: null for a static one, [min, max|null] for a dynamic one. */
static json_object *ranges_json(const inductor_signature *sig, size_t i,
                                size_t nd)
{
    json_object *a = json_object_new_array();

    for (size_t d = 0; d < nd; d++) {
        int64_t lo, hi;
        json_object *r = NULL;

        if (inductor_signature_input_range(sig, i, d, &lo, &hi)) {
            r = json_object_new_array();
            json_object_array_add(r, json_object_new_int64(lo));
            json_object_array_add(r, hi >= 0 ? json_object_new_int64(hi) : NULL);
        }
        json_object_array_add(a, r);
    }
    return a;
}

static json_object *io_json(const inductor_signature *sig, int outputs)
{
    size_t n = outputs ? inductor_signature_num_outputs(sig)
                       : inductor_signature_num_inputs(sig);
    json_object *arr = json_object_new_array();

    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_new_object();
        inductor_dtype dt = outputs ? inductor_signature_output_dtype(sig, i)
                                    : inductor_signature_input_dtype(sig, i);
        size_t nd = 0;
        const int64_t *sz = outputs ? inductor_signature_output_sizes(sig, i, &nd)
                                    : inductor_signature_input_sizes(sig, i, &nd);

        json_object_object_add(o, "index", json_object_new_int64((int64_t)i));
        if (outputs) {
            json_object_object_add(o, "key", str_or_null(inductor_signature_output_key(sig, i)));
            json_object_object_add(o, "name", str_or_null(inductor_signature_output_name(sig, i)));
        } else {
            json_object_object_add(o, "name", str_or_null(inductor_signature_input_name(sig, i)));
            json_object_object_add(o, "keyword", json_object_new_boolean(
                                                     inductor_signature_input_is_keyword(sig, i)));
        }
        json_object_object_add(o, "dtype", str_or_null(inductor_dtype_name(dt)));
        json_object_object_add(o, "shape", dims_json(sz, nd));
        if (!outputs)
            json_object_object_add(o, "ranges", sz ? ranges_json(sig, i, nd) : NULL);
        json_object_array_add(arr, o);
    }
    return arr;
}

static json_object *count_json(const model_facts *f, int outputs)
{
    long long n = count_of(f, outputs);
    return n >= 0 ? json_object_new_int64(n) : NULL;
}

static void add_meta(json_object *o, const inductor_package *p, const char *m,
                     const char *name, const char *key)
{
    json_object_object_add(o, name, json_object_new_string(meta_or(p, m, key, "")));
}

static json_object *model_json(const inductor_package *p, const model_facts *f)
{
    json_object *o = json_object_new_object(), *meta = json_object_new_object();
    json_object *kern = json_object_new_object();

    json_object_object_add(o, "name", json_object_new_string(f->name));
    add_meta(o, p, f->name, "device_key", "AOTI_DEVICE_KEY");
    add_meta(o, p, f->name, "platform", "AOTI_PLATFORM");
    add_meta(o, p, f->name, "machine", "AOTI_MACHINE");
    add_meta(o, p, f->name, "cpu_isa", "AOTI_CPU_ISA");
    add_meta(o, p, f->name, "compute_capability", "AOTI_COMPUTE_CAPABILITY");
    json_object_object_add(o, "loaded", json_object_new_boolean(f->loaded));
    json_object_object_add(o, "num_inputs", count_json(f, 0));
    json_object_object_add(o, "num_outputs", count_json(f, 1));
    json_object_object_add(o, "load_error", f->loaded ? NULL : json_object_new_string(f->load_error));
    json_object_object_add(o, "compatible", json_object_new_boolean(f->compatible));
    json_object_object_add(o, "incompatible_reason", f->compatible ? NULL : json_object_new_string(f->why));
    json_object_object_add(o, "compat_warning", f->compatible && f->warning[0] ? json_object_new_string(f->warning) : NULL);
    json_object_object_add(o, "cpu_thread_limit", f->threads_known ? json_object_new_int(f->thread_limit) : NULL);
    json_object_object_add(o, "cpu_threads_pinned", f->threads_known ? json_object_new_int(f->threads_pinned) : NULL);
    json_object_object_add(o, "host_cpus", json_object_new_int64(f->host_cpus));
    for (size_t k = 0; k < 4; k++)
        json_object_object_add(kern, info_kernel_kinds[k],
                               json_object_new_int64((int64_t)f->kernels[k]));
    json_object_object_add(o, "kernels", kern);
    json_object_object_add(o, "weights_bytes", f->have_weights ? json_object_new_int64((int64_t)f->weights_bytes) : NULL);
    json_object_object_add(o, "num_constants", f->have_weights ? json_object_new_int64((int64_t)f->n_constants) : NULL);
    json_object_object_add(o, "inputs", f->sig ? io_json(f->sig, 0) : NULL);
    json_object_object_add(o, "outputs", f->sig ? io_json(f->sig, 1) : NULL);
    json_object_object_add(o, "signature_error", f->sig ? NULL : json_object_new_string(f->sig_error));
    json_object_object_add(o, "signature_source", f->sig ? json_object_new_string(inductor_signature_source(f->sig)) : NULL);
    for (size_t k = 0; k < inductor_package_metadata_count(p, f->name); k++) {
        const char *key = inductor_package_metadata_key(p, f->name, k);
        json_object_object_add(meta, key, json_object_new_string(
                                              inductor_package_metadata(p, f->name, key)));
    }
    json_object_object_add(o, "metadata", meta);
    return o;
}

json_object *info_json(const char *path, const inductor_package *p,
                       const model_facts *f, size_t n)
{
    json_object *doc = json_object_new_object(), *models = json_object_new_array();
    json_object *files = json_object_new_array(), *host = json_object_new_object();
    json_object *build = json_object_new_object();

    json_object_object_add(doc, "package", json_object_new_string(path));
    json_object_object_add(doc, "size_bytes", json_object_new_int64((int64_t)package_size(p)));
    json_object_object_add(doc, "num_models", json_object_new_int64((int64_t)n));
    for (size_t i = 0; i < n; i++)
        json_object_array_add(models, model_json(p, &f[i]));
    json_object_object_add(doc, "models", models);
    for (size_t i = 0; i < inductor_package_num_files(p); i++) {
        json_object *e = json_object_new_object();
        json_object_object_add(e, "name", json_object_new_string(inductor_package_file_name(p, i)));
        json_object_object_add(e, "size", json_object_new_int64((int64_t)inductor_package_file_size(p, i)));
        json_object_array_add(files, e);
    }
    json_object_object_add(doc, "files", files);
    json_object_object_add(host, "platform", json_object_new_string(inductor_host_platform()));
    json_object_object_add(host, "cpu_isa", json_object_new_string(inductor_host_cpu_isa()));
    json_object_object_add(doc, "host", host);
    json_object_object_add(build, "backend", json_object_new_string(inductor_backend()));
    json_object_object_add(build, "libtorch", json_object_new_string(inductor_libtorch_version()));
    json_object_object_add(doc, "build", build);
    return doc;
}
