/*
 * serve_sig.c - a model's inputs and outputs as the protocol names them,
 * and KServe's datatype names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "serve_codec.h"

static const struct {
    const char *name;
    inductor_dtype dt;
} datatypes[] = {
    {"BOOL", INDUCTOR_BOOL},     {"UINT8", INDUCTOR_UINT8},
    {"INT8", INDUCTOR_INT8},     {"INT16", INDUCTOR_INT16},
    {"INT32", INDUCTOR_INT32},   {"INT64", INDUCTOR_INT64},
    {"FP16", INDUCTOR_FLOAT16},  {"FP32", INDUCTOR_FLOAT32},
    {"FP64", INDUCTOR_FLOAT64},  {"BF16", INDUCTOR_BFLOAT16},
};

#define N_DATATYPES (sizeof datatypes / sizeof datatypes[0])

const char *serve_datatype_name(inductor_dtype dt)
{
    for (size_t i = 0; i < N_DATATYPES; i++)
        if (datatypes[i].dt == dt)
            return datatypes[i].name;
    return NULL;
}

inductor_dtype serve_datatype_parse(const char *name, char *err, size_t errlen)
{
    for (size_t i = 0; i < N_DATATYPES; i++)
        if (strcmp(datatypes[i].name, name) == 0)
            return datatypes[i].dt;
    if (strcmp(name, "BYTES") == 0)
        errbuf_set(err, errlen, "datatype BYTES is not supported: inductor "
                   "models take numeric tensors only");
    else if (strcmp(name, "UINT16") == 0 || strcmp(name, "UINT32") == 0 ||
             strcmp(name, "UINT64") == 0)
        errbuf_set(err, errlen, "datatype %s is not supported: PyTorch "
                   "models take no %s tensors", name, name);
    else
        errbuf_set(err, errlen, "unknown datatype '%s' (known: BOOL, UINT8, "
                   "INT8, INT16, INT32, INT64, FP16, FP32, FP64, BF16)", name);
    return INDUCTOR_DTYPE_INVALID;
}

static char *name_or(const char *name, const char *kind, size_t i)
{
    char fallback[32];

    if (name && *name)
        return strdup(name);
    snprintf(fallback, sizeof fallback, "%s_%zu", kind, i);
    return strdup(fallback);
}

static void fill_io(serve_io *io, inductor_dtype dt, const int64_t *sizes,
                    size_t ndim)
{
    io->dtype = dt;
    if (sizes && ndim <= INDUCTOR_MAX_DIMS) {
        io->shape_known = 1;
        io->ndim = ndim;
        memcpy(io->sizes, sizes, ndim * sizeof *sizes);
    }
}

/* Names must be unique to address tensors by name: a clash gets "_N". */
static int make_unique(serve_io *ios, size_t n, const char *kind)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(ios[i].name, ios[j].name) == 0) {
                free(ios[i].name);
                if ((ios[i].name = name_or(NULL, kind, i)) == NULL)
                    return -1;
                break;
            }
    return 0;
}

int serve_sig_build(const inductor_signature *s, size_t n_in, size_t n_out,
                    serve_sig *out)
{
    int have = s && inductor_signature_num_inputs(s) == n_in &&
               inductor_signature_num_outputs(s) == n_out;

    memset(out, 0, sizeof *out);
    out->in = calloc(n_in ? n_in : 1, sizeof *out->in);
    out->out = calloc(n_out ? n_out : 1, sizeof *out->out);
    if (!out->in || !out->out)
        goto oom;
    out->n_in = n_in;
    out->n_out = n_out;
    for (size_t i = 0; i < n_in; i++) {
        size_t nd = 0;
        const int64_t *sz = have ? inductor_signature_input_sizes(s, i, &nd) : NULL;

        out->in[i].name = name_or(have ? inductor_signature_input_name(s, i)
                                       : NULL, "input", i);
        if (!out->in[i].name)
            goto oom;
        if (have)
            fill_io(&out->in[i], inductor_signature_input_dtype(s, i), sz, nd);
    }
    for (size_t i = 0; i < n_out; i++) {
        size_t nd = 0;
        const int64_t *sz = have ? inductor_signature_output_sizes(s, i, &nd) : NULL;
        const char *key = have ? inductor_signature_output_key(s, i) : NULL;

        out->out[i].name = name_or(key ? key : have ? inductor_signature_output_name(s, i)
                                                    : NULL, "output", i);
        if (!out->out[i].name)
            goto oom;
        if (have)
            fill_io(&out->out[i], inductor_signature_output_dtype(s, i), sz, nd);
    }
    if (make_unique(out->in, n_in, "input") == 0 &&
        make_unique(out->out, n_out, "output") == 0)
        return 0;
oom:
    serve_sig_free(out);
    return -1;
}

void serve_sig_free(serve_sig *s)
{
    for (size_t i = 0; s->in && i < s->n_in; i++)
        free(s->in[i].name);
    for (size_t i = 0; s->out && i < s->n_out; i++)
        free(s->out[i].name);
    free(s->in);
    free(s->out);
    memset(s, 0, sizeof *s);
}
