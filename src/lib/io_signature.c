/*
 * io_signature.c - inductor_signature: a model's inputs and outputs by
 * name, key, dtype and shape, from its pytree specs (in the generated
 * wrapper source) and inductor's recorded metadata, without libtorch.
 */
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "call_spec.h"
#include "inspect.h"
#include "io_signature.h"
#include "signature.h"
#include "wrapper_signature.h"

#define OUTPUTS_METADATA_KEY "inductor.outputs"

typedef struct sig_io {
    char *name;    /* keyword, recorded name, key; else "input<i>"... */
    char *key;     /* output: dict key path */
    int keyword;
    inductor_dtype dtype; /* INVALID: not known */
    int have_shape;
    size_t ndim;
    int64_t sizes[INDUCTOR_MAX_DIMS];
    int64_t min[INDUCTOR_MAX_DIMS], max[INDUCTOR_MAX_DIMS];
    char symbol[INDUCTOR_MAX_DIMS][SIGNATURE_MAX_SYMBOL + 1];
} sig_io;

struct inductor_signature {
    size_t n_in, n_out;
    sig_io *in, *out;
    int from_metadata, from_wrapper; /* which source gave dtypes/shapes */
    int inputs_recorded; /* inductor's metadata lists the inputs */
};

static void ios_free(sig_io *io, size_t n)
{
    for (size_t i = 0; io && i < n; i++) {
        free(io[i].name);
        free(io[i].key);
    }
    free(io);
}

void inductor_signature_free(inductor_signature *s)
{
    if (s == NULL)
        return;
    ios_free(s->in, s->n_in);
    ios_free(s->out, s->n_out);
    free(s);
}

/* The specs and the compiled checks from the wrapper source; empty when
 * the package has none. */
static inductor_status read_specs(const inductor_package *p, const char *model,
                                  call_keys *in, call_keys *out, int *have,
                                  wrapper_sig *ws)
{
    char *text = NULL, *in_spec, *out_spec;
    inductor_status s = inspect_read_wrapper(p, model, &text);

    *have = 0;
    if (s == INDUCTOR_ERR_UNSUPPORTED)
        return INDUCTOR_OK;
    if (s != INDUCTOR_OK)
        return s;
    in_spec = inspect_wrapper_string(text, "in_spec_");
    out_spec = inspect_wrapper_string(text, "out_spec_");
    s = wrapper_signature_parse(text, ws);
    free(text);
    if (s != INDUCTOR_OK) {
        free(in_spec);
        free(out_spec);
        return s;
    }
    if (in_spec && out_spec && (s = call_spec_input_keys(in_spec, in)) == INDUCTOR_OK &&
        (s = call_spec_output_keys(out_spec, out)) != INDUCTOR_OK)
        call_keys_free(in);
    *have = in_spec && out_spec && s == INDUCTOR_OK;
    free(in_spec);
    free(out_spec);
    return s == INDUCTOR_ERR_UNSUPPORTED ? INDUCTOR_OK : s;
}

static inductor_status read_recorded(const inductor_package *p,
                                     const char *model, recorded_inputs *in,
                                     recorded_inputs *out)
{
    inductor_status s = signature_parse(
        inductor_package_metadata(p, model, SIGNATURE_METADATA_KEY), in);

    if (s != INDUCTOR_OK)
        return s;
    s = signature_parse(inductor_package_metadata(p, model, OUTPUTS_METADATA_KEY),
                        out);
    if (s != INDUCTOR_OK) {
        signature_free(in);
        return inductor__fail(s, "metadata '%s' is not a valid output "
                                 "signature", OUTPUTS_METADATA_KEY);
    }
    return INDUCTOR_OK;
}

/* Counts agree, or the side without a count gives way. */
static inductor_status pick_count(size_t spec_n, int have_spec, size_t rec_n,
                                  const char *what, size_t *n)
{
    if (have_spec && rec_n && spec_n != rec_n)
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "metadata records %zu %s, the call spec %zu",
                              rec_n, what, spec_n);
    *n = have_spec ? spec_n : rec_n;
    return INDUCTOR_OK;
}

static void copy_recorded(sig_io *io, const sig_input *rec)
{
    io->dtype = rec->dtype;
    io->have_shape = 1;
    io->ndim = rec->ndim;
    memcpy(io->sizes, rec->sizes, sizeof io->sizes);
    memcpy(io->min, rec->min, sizeof io->min);
    memcpy(io->max, rec->max, sizeof io->max);
    memcpy(io->symbol, rec->symbol, sizeof io->symbol);
}

static void copy_wrapper(sig_io *io, const wrapper_tensor *t)
{
    io->dtype = t->dtype;
    io->have_shape = t->have_shape;
    io->ndim = t->have_shape ? t->ndim : 0;
    memcpy(io->sizes, t->sizes, sizeof io->sizes);
    memcpy(io->min, t->min, sizeof io->min);
    memcpy(io->max, t->max, sizeof io->max);
    memcpy(io->symbol, t->symbol, sizeof io->symbol);
}

/* Inductor's recorded entry wins; the wrapper's fills what it lacks.  The
 * name: a keyword (what the caller uses, whatever was recorded), the
 * recorded name, the key path, and only then "input<i>"/"output<i>". */
static int fill_io(sig_io *io, size_t i, const sig_input *rec,
                   const wrapper_tensor *wt, const char *key, int keyword,
                   int is_input)
{
    const char *name = rec ? rec->name : NULL;
    char fallback[32];

    io->keyword = keyword;
    io->dtype = INDUCTOR_DTYPE_INVALID;
    if (rec)
        copy_recorded(io, rec);
    else if (wt)
        copy_wrapper(io, wt);
    if ((is_input && key) || (name == NULL && key))
        name = key;
    if (name == NULL) {
        snprintf(fallback, sizeof fallback, "%s%zu",
                 is_input ? "input" : "output", i);
        name = fallback;
    }
    if ((io->name = strdup(name)) == NULL)
        return -1;
    if (!is_input && key && (io->key = strdup(key)) == NULL)
        return -1;
    return 0;
}

/* The wrapper's entry i, when it describes as many tensors as the
 * signature has and says something about this one. */
static const wrapper_tensor *wrapper_at(const wrapper_tensor *t, size_t n,
                                        size_t want, size_t i)
{
    if (n != want || t == NULL ||
        (t[i].dtype == INDUCTOR_DTYPE_INVALID && !t[i].have_shape))
        return NULL;
    return &t[i];
}

static inductor_status build(inductor_signature *s, const call_keys *ki,
                             const call_keys *ko, const recorded_inputs *ri,
                             const recorded_inputs *ro, const wrapper_sig *ws)
{
    s->in = calloc(s->n_in ? s->n_in : 1, sizeof *s->in);
    s->out = calloc(s->n_out ? s->n_out : 1, sizeof *s->out);
    if (s->in == NULL || s->out == NULL)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    for (size_t i = 0; i < s->n_in; i++) {
        const wrapper_tensor *wt = wrapper_at(ws->in, ws->n_in, s->n_in, i);

        if (fill_io(&s->in[i], i, ri->n ? &ri->inputs[i] : NULL, wt,
                    ki->n ? ki->key[i] : NULL, ki->n ? ki->keyword[i] : 0, 1))
            return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
        s->from_metadata |= ri->n != 0;
        s->from_wrapper |= ri->n == 0 && wt != NULL;
        s->inputs_recorded = ri->n != 0;
    }
    for (size_t i = 0; i < s->n_out; i++) {
        const wrapper_tensor *wt = wrapper_at(ws->out, ws->n_out, s->n_out, i);

        if (fill_io(&s->out[i], i, ro->n ? &ro->inputs[i] : NULL, wt,
                    ko->n ? ko->key[i] : NULL, 0, 0))
            return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
        s->from_metadata |= ro->n != 0;
        s->from_wrapper |= ro->n == 0 && wt != NULL;
    }
    return INDUCTOR_OK;
}

static inductor_status assemble(const inductor_package *p, const char *model,
                                inductor_signature *s)
{
    call_keys ki = {0, NULL, NULL}, ko = {0, NULL, NULL};
    recorded_inputs ri = {0, NULL}, ro = {0, NULL};
    wrapper_sig ws = {0, 0, NULL, NULL};
    int have_spec = 0;
    inductor_status st = read_specs(p, model, &ki, &ko, &have_spec, &ws);

    if (st == INDUCTOR_OK)
        st = read_recorded(p, model, &ri, &ro);
    if (st == INDUCTOR_OK)
        st = pick_count(ki.n, have_spec, ri.n, "inputs", &s->n_in);
    if (st == INDUCTOR_OK)
        st = pick_count(ko.n, have_spec, ro.n, "outputs", &s->n_out);
    /* A recorded list that disagrees with the spec is not used. */
    if (st == INDUCTOR_OK && ro.n != s->n_out)
        signature_free(&ro);
    if (st == INDUCTOR_OK)
        st = build(s, &ki, &ko, &ri, &ro, &ws);
    wrapper_signature_free(&ws);
    call_keys_free(&ki);
    call_keys_free(&ko);
    signature_free(&ri);
    signature_free(&ro);
    return st;
}

inductor_status inductor_package_signature(const inductor_package *p,
                                           const char *model,
                                           inductor_signature **out)
{
    inductor_signature *s;
    inductor_status st;

    inductor__clear_error();
    if (out == NULL || p == NULL || model == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "package, model or out is NULL");
    *out = NULL;
    if ((st = package_require_model(p, model)) != INDUCTOR_OK)
        return st;
    if ((s = calloc(1, sizeof *s)) == NULL)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    if ((st = assemble(p, model, s)) != INDUCTOR_OK) {
        inductor_signature_free(s);
        return st;
    }
    *out = s;
    return INDUCTOR_OK;
}

/* ---- getters ---------------------------------------------------------- */

size_t inductor_signature_num_inputs(const inductor_signature *s)
{
    return s ? s->n_in : 0;
}

size_t inductor_signature_num_outputs(const inductor_signature *s)
{
    return s ? s->n_out : 0;
}

static const sig_io *input_at(const inductor_signature *s, size_t i)
{
    return s && i < s->n_in ? &s->in[i] : NULL;
}

static const sig_io *output_at(const inductor_signature *s, size_t i)
{
    return s && i < s->n_out ? &s->out[i] : NULL;
}

const char *inductor_signature_input_name(const inductor_signature *s, size_t i)
{
    return input_at(s, i) ? input_at(s, i)->name : NULL;
}

int inductor_signature_input_is_keyword(const inductor_signature *s, size_t i)
{
    return input_at(s, i) ? input_at(s, i)->keyword : 0;
}

const char *inductor_signature_output_key(const inductor_signature *s, size_t i)
{
    return output_at(s, i) ? output_at(s, i)->key : NULL;
}

const char *inductor_signature_output_name(const inductor_signature *s,
                                           size_t i)
{
    return output_at(s, i) ? output_at(s, i)->name : NULL;
}

static inductor_dtype io_dtype(const sig_io *io)
{
    return io ? io->dtype : INDUCTOR_DTYPE_INVALID;
}

static const int64_t *io_sizes(const sig_io *io, size_t *ndim)
{
    int known = io && io->have_shape;

    if (ndim)
        *ndim = known ? io->ndim : 0;
    return known ? io->sizes : NULL;
}

inductor_dtype inductor_signature_input_dtype(const inductor_signature *s,
                                              size_t i)
{
    return io_dtype(input_at(s, i));
}

const int64_t *inductor_signature_input_sizes(const inductor_signature *s,
                                              size_t i, size_t *ndim)
{
    return io_sizes(input_at(s, i), ndim);
}

inductor_dtype inductor_signature_output_dtype(const inductor_signature *s,
                                               size_t i)
{
    return io_dtype(output_at(s, i));
}

const int64_t *inductor_signature_output_sizes(const inductor_signature *s,
                                               size_t i, size_t *ndim)
{
    return io_sizes(output_at(s, i), ndim);
}

int inductor_signature_input_range(const inductor_signature *s, size_t i,
                                   size_t dim, int64_t *min, int64_t *max)
{
    const sig_io *io = input_at(s, i);

    if (io == NULL || !io->have_shape || dim >= io->ndim ||
        io->sizes[dim] >= 0)
        return 0;
    if (min)
        *min = io->min[dim];
    if (max)
        *max = io->max[dim] == SIGNATURE_UNBOUNDED ? -1 : io->max[dim];
    return 1;
}

const char *inductor_signature_source(const inductor_signature *s)
{
    if (s == NULL || (!s->from_metadata && !s->from_wrapper))
        return "none";
    if (s->from_metadata && s->from_wrapper)
        return "metadata+wrapper";
    return s->from_metadata ? "metadata" : "wrapper";
}

/* ---- internal: the checks run before a model runs ---------------------- */

inductor_status io_signature_input_checks(const inductor_signature *s,
                                          recorded_inputs *out)
{
    out->n = 0;
    out->inputs = NULL;
    if (s == NULL || s->n_in == 0 || s->inputs_recorded)
        return INDUCTOR_OK; /* metadata's own list is checked instead */
    if ((out->inputs = calloc(s->n_in, sizeof *out->inputs)) == NULL)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    for (size_t i = 0; i < s->n_in; i++) {
        const sig_io *io = &s->in[i];
        sig_input *in = &out->inputs[i];

        out->n = i + 1;
        if ((in->name = strdup(io->name)) == NULL) {
            signature_free(out);
            return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
        }
        in->dtype = io->dtype;
        in->shape_unknown = !io->have_shape;
        in->ndim = io->ndim;
        memcpy(in->sizes, io->sizes, sizeof in->sizes);
        memcpy(in->min, io->min, sizeof in->min);
        memcpy(in->max, io->max, sizeof in->max);
        memcpy(in->symbol, io->symbol, sizeof in->symbol);
    }
    return INDUCTOR_OK;
}
