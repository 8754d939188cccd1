/*
 * wrapper_signature.c - read inputs' and outputs' dtypes and shapes from
 * AOTInductor's generated wrapper source (see wrapper_signature.h).
 *
 * Every search is bounded by the text's end (or a function body's), every
 * number by INT64_MAX - 1 and every list by INDUCTOR_MAX_DIMS; what does
 * not fit is left unknown rather than refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrapper_index.h"
#include "wrapper_signature.h"

/* Longest identifier or size expression looked at. */
#define MAX_TOKEN WRAPPER_MAX_IDENT

static const char *skip_spaces(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* ---- size lists: "{s43, 6L}" ------------------------------------------ */

/* A printable size expression fits the symbol field, or is dropped. */
static void set_symbol(wrapper_tensor *t, size_t d, const char *s, size_t n)
{
    t->symbol[d][0] = '\0';
    if (n == 0 || n > SIGNATURE_MAX_SYMBOL)
        return;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return;
    memcpy(t->symbol[d], s, n);
    t->symbol[d][n] = '\0';
}

/* One list item up to ',' or '}' (no nesting in these lists). */
static int list_item(const char **pp, const char *end, wrapper_tensor *t,
                     size_t d)
{
    const char *p = skip_spaces(*pp, end), *q = p, *e;
    int64_t v;

    while (q < end && *q != ',' && *q != '}' && *q != '\n' &&
           *q != '{' && q - p <= MAX_TOKEN)
        q++;
    if (q >= end || (*q != ',' && *q != '}') || q == p)
        return -1;
    for (e = q; e > p && (e[-1] == ' ' || e[-1] == '\t'); e--)
        ;
    if (wrapper_parse_size(p, e, &v) == e) {
        t->sizes[d] = t->min[d] = t->max[d] = v;
    } else {
        t->sizes[d] = -1;
        t->min[d] = 0;
        t->max[d] = SIGNATURE_UNBOUNDED;
        set_symbol(t, d, p, (size_t)(e - p));
    }
    *pp = q;
    return 0;
}

/* Parses "{a, b, ...}" at p into t's shape; -1 (t untouched in effect:
 * have_shape stays 0) when it is not such a list. */
static int parse_size_list(const char *p, const char *end, wrapper_tensor *t)
{
    wrapper_tensor tmp;
    size_t d = 0;

    if (p >= end || *p != '{')
        return -1;
    memset(&tmp, 0, sizeof tmp);
    p = skip_spaces(p + 1, end);
    if (p < end && *p == '}') {
        d = 0; /* a 0-dim tensor */
    } else {
        for (;;) {
            if (d == INDUCTOR_MAX_DIMS || list_item(&p, end, &tmp, d) != 0)
                return -1;
            d++;
            if (*p == '}')
                break;
            p = skip_spaces(p + 1, end); /* ',' */
            if (p < end && *p == '}' && d == 1)
                break; /* "{4L, }": how a 1-tuple is written */
        }
    }
    memcpy(t->sizes, tmp.sizes, sizeof t->sizes);
    memcpy(t->min, tmp.min, sizeof t->min);
    memcpy(t->max, tmp.max, sizeof t->max);
    memcpy(t->symbol, tmp.symbol, sizeof t->symbol);
    t->ndim = d;
    t->have_shape = 1;
    return 0;
}

/* ---- inputs: check_input_<i>() ---------------------------------------- */

#define CHECK_FN "static void check_input_"

/* What one check function says, before it is reconciled with the
 * asserted size list. */
typedef struct checks {
    char var[MAX_TOKEN + 1]; /* the input's variable ("arg1_1") */
    int seen[INDUCTOR_MAX_DIMS];
    int64_t exact[INDUCTOR_MAX_DIMS]; /* -1: no static check */
    int64_t lo[INDUCTOR_MAX_DIMS], hi[INDUCTOR_MAX_DIMS]; /* -1: none */
    size_t rank_hint; /* 1 + the highest dimension any check names */
} checks;

/* "IDENT_size[D]" or "IDENT_stride[D]" at p: the dimension and whether it
 * is a size; returns the end, or NULL. */
static const char *dim_ref(const char *p, const char *end, size_t *d,
                           int *is_size)
{
    size_t n = wrapper_ident_len(p, end);
    int64_t v;
    const char *q;

    if (n >= 5 && memcmp(p + n - 5, "_size", 5) == 0)
        *is_size = 1;
    else if (n >= 7 && memcmp(p + n - 7, "_stride", 7) == 0)
        *is_size = 0;
    else
        return NULL;
    p += n;
    if (p >= end || *p != '[' || (q = wrapper_parse_size(p + 1, end, &v)) == NULL ||
        q >= end || *q != ']' || v >= INDUCTOR_MAX_DIMS)
        return NULL;
    *d = (size_t)v;
    return q + 1;
}

/* One "if (...)" condition: "N != X_size[D]", "X_size[D] < N" or
 * "X_size[D] > N" (and the stride forms, which only tell the rank). */
static void read_condition(const char *p, const char *end, checks *c)
{
    int64_t n;
    size_t d;
    int is_size;
    const char *q;
    char op;

    if ((q = wrapper_parse_size(p, end, &n)) != NULL) { /* N != X_size[D] */
        q = skip_spaces(q, end);
        if (end - q < 2 || memcmp(q, "!=", 2) != 0)
            return;
        q = dim_ref(skip_spaces(q + 2, end), end, &d, &is_size);
        if (q == NULL || *skip_spaces(q, end) != ')')
            return;
        if (is_size)
            c->exact[d] = n;
    } else {
        if ((q = dim_ref(p, end, &d, &is_size)) == NULL)
            return;
        q = skip_spaces(q, end);
        if (q >= end || (*q != '<' && *q != '>') || q + 1 >= end ||
            q[1] == '=')
            return;
        op = *q;
        q = wrapper_parse_size(skip_spaces(q + 1, end), end, &n);
        if (q == NULL || *skip_spaces(q, end) != ')')
            return;
        if (is_size && op == '<')
            c->lo[d] = n;
        else if (is_size)
            c->hi[d] = n;
    }
    c->seen[d] = 1;
    if (d + 1 > c->rank_hint)
        c->rank_hint = d + 1;
}

static void read_var(const char *body, const char *end, checks *c)
{
    static const char decl[] = "ConstantHandle ";
    const char *p = wrapper_find(body, end, decl);
    size_t n;

    c->var[0] = '\0';
    if (p == NULL)
        return;
    p += strlen(decl);
    if ((n = wrapper_ident_len(p, end)) == 0)
        return;
    memcpy(c->var, p, n);
    c->var[n] = '\0';
}

static void read_checks(const char *body, const char *end, checks *c,
                        inductor_dtype *dtype)
{
    static const char want[] = "_expected_dtype = aoti_torch_dtype_";
    const char *p;

    memset(c, 0, sizeof *c);
    for (size_t d = 0; d < INDUCTOR_MAX_DIMS; d++)
        c->exact[d] = c->lo[d] = c->hi[d] = -1;
    read_var(body, end, c);
    p = wrapper_find(body, end, want);
    *dtype = p ? wrapper_dtype_at(p + strlen(want), end) : INDUCTOR_DTYPE_INVALID;
    for (p = body; (p = wrapper_find(p, end, "if (")) != NULL; p += 4)
        read_condition(p + 4, end, c);
}

/* The input's asserted size list ("assert_size_stride(VAR, {...}"). */
static void read_asserted(const wrapper_index *ix, const char *end,
                          const checks *c, wrapper_tensor *t)
{
    const wrapper_entry *e;

    if (c->var[0] != '\0' &&
        (e = wrapper_index_find(&ix->asserts, c->var, strlen(c->var))) != NULL)
        parse_size_list(e->list, end, t);
}

/* A compiled lower bound of 2 is also what torch emits for the "0/1
 * specialization" of every backed dynamic size, whatever the export
 * allowed, and the kernels are generated size-obliviously; inductor's
 * export tool keeps the export's minimum there for the same reason (see
 * narrow_ranges() in python/inductor_tools/signature.py).  A wrapper
 * alone cannot tell the two apart, so a size of 1 is let through. */
static int64_t lower_bound(int64_t lo)
{
    return lo == 2 ? 1 : lo;
}

/* The asserted list and the checks, reconciled; a contradiction leaves
 * the shape unknown rather than guessing which one the kernels follow. */
static void reconcile(const checks *c, wrapper_tensor *t)
{
    if (!t->have_shape && c->rank_hint > 0) {
        t->have_shape = 1; /* no assertion: the checks name every dim */
        t->ndim = c->rank_hint;
        for (size_t d = 0; d < t->ndim; d++) {
            t->sizes[d] = -1;
            t->min[d] = 0;
            t->max[d] = SIGNATURE_UNBOUNDED;
        }
    }
    if (!t->have_shape)
        return;
    for (size_t d = 0; d < INDUCTOR_MAX_DIMS; d++) {
        if (c->seen[d] && d >= t->ndim)
            goto contradiction;
        if (d >= t->ndim)
            continue;
        if (c->exact[d] >= 0) {
            if (t->sizes[d] >= 0 && t->sizes[d] != c->exact[d])
                goto contradiction;
            t->sizes[d] = t->min[d] = t->max[d] = c->exact[d];
            t->symbol[d][0] = '\0';
        }
        if (t->sizes[d] >= 0)
            continue; /* a bound on a static size says nothing more */
        if (c->lo[d] >= 0)
            t->min[d] = lower_bound(c->lo[d]);
        if (c->hi[d] >= 0)
            t->max[d] = c->hi[d];
        if (t->min[d] > t->max[d]) { /* bounds that exclude every size */
            t->min[d] = 0;
            t->max[d] = SIGNATURE_UNBOUNDED;
        }
    }
    return;
contradiction:
    t->have_shape = 0;
    t->ndim = 0;
}

/* The index after "static void check_input_" and the body's start. */
static const char *check_fn(const char *p, const char *end, size_t *idx)
{
    int64_t v;
    const char *q = wrapper_parse_size(p, end, &v);

    if (q == NULL || q >= end || *q != '(' || v >= WRAPPER_MAX_TENSORS)
        return NULL;
    *idx = (size_t)v;
    return q;
}

static void read_inputs(const char *text, const char *end,
                        const wrapper_index *ix, wrapper_sig *w)
{
    const char *p = text, *next;

    while ((p = wrapper_find(p, end, CHECK_FN)) != NULL) {
        size_t idx;
        const char *body = check_fn(p + strlen(CHECK_FN), end, &idx);
        const char *stop;
        checks c;
        wrapper_tensor *t;

        next = wrapper_find(p + strlen(CHECK_FN), end, CHECK_FN);
        if (body == NULL || idx >= w->n_in) {
            p += strlen(CHECK_FN);
            continue;
        }
        /* A generated function ends with "}" at the start of a line. */
        stop = wrapper_find(body, next ? next : end, "\n}");
        stop = stop ? stop : next ? next : end;
        t = &w->in[idx];
        if (t->have_shape || t->dtype != INDUCTOR_DTYPE_INVALID) {
            p += strlen(CHECK_FN); /* two functions for one input: neither */
            memset(t, 0, sizeof *t);
            t->dtype = INDUCTOR_DTYPE_INVALID;
            continue;
        }
        read_checks(body, stop, &c, &t->dtype);
        read_asserted(ix, end, &c, t);
        reconcile(&c, t);
        p += strlen(CHECK_FN);
    }
}

/* ---- outputs: the buffers handed back --------------------------------- */

/* Every "output_handles[I] = NAME.release();", in one pass: the first
 * statement for each I names its buffer. */
static void output_names(const char *text, const char *end, size_t n_out,
                         const char **name, size_t *len)
{
    static const char lhs[] = "output_handles[";
    const char *p = text;

    while ((p = wrapper_find(p, end, lhs)) != NULL) {
        int64_t i;
        const char *q = wrapper_parse_size(p += strlen(lhs), end, &i);
        size_t n;

        if (q == NULL || i >= (int64_t)n_out || end - q < 4 ||
            memcmp(q, "] = ", 4) != 0 || name[i] != NULL)
            continue;
        q += 4;
        n = wrapper_ident_len(q, end);
        if (n > 0 && end - (q + n) >= 11 && memcmp(q + n, ".release();", 11) == 0) {
            name[i] = q;
            len[i] = n;
        }
    }
}

/* The size array named by an allocation or a view, as t's shape if it
 * has `rank` entries. */
static void read_array(const wrapper_index *ix, const char *end,
                       const char *arr, size_t n, int64_t rank,
                       wrapper_tensor *t)
{
    const wrapper_entry *e = wrapper_index_find(&ix->arrays, arr, n);

    if (e != NULL && parse_size_list(e->list, end, t) == 0 &&
        t->ndim != (size_t)rank) {
        t->have_shape = 0; /* the list is not the one the call says */
        t->ndim = 0;
    }
}

/* t's shape from `from` (its dtype stays). */
static void take_shape(wrapper_tensor *t, const wrapper_tensor *from)
{
    memcpy(t->sizes, from->sizes, sizeof t->sizes);
    memcpy(t->min, from->min, sizeof t->min);
    memcpy(t->max, from->max, sizeof t->max);
    memcpy(t->symbol, from->symbol, sizeof t->symbol);
    t->ndim = from->ndim;
    t->have_shape = 1;
}

/* Follows a buffer through reuses (std::move) and views back to its
 * allocation, a few hops at most: the dtype is the allocation's, the
 * shape the first view's or else the allocation's.  A buffer an extern
 * kernel made has no allocation here, but its asserted sizes (as for
 * inputs) still give the shape. */
static void read_output(const wrapper_index *ix, const char *end,
                        const char *name, size_t len, wrapper_tensor *t)
{
    const wrapper_entry *e;
    const char *cur = name;
    size_t cur_len = len;

    for (int hop = 0; hop < 16; hop++) {
        wrapper_tensor found;

        memset(&found, 0, sizeof found);
        if ((e = wrapper_index_find(&ix->allocs, cur, cur_len)) != NULL) {
            t->dtype = e->dtype;
            if (!t->have_shape) {
                read_array(ix, end, e->src, e->src_len, e->rank, &found);
                if (found.have_shape)
                    take_shape(t, &found);
            }
            break;
        }
        if ((e = wrapper_index_find(&ix->aliases, cur, cur_len)) == NULL)
            break;
        if (e->view != NULL && !t->have_shape) {
            read_array(ix, end, e->view, e->view_len, e->rank, &found);
            if (found.have_shape)
                take_shape(t, &found);
        }
        cur = e->src;
        cur_len = e->src_len;
    }
    if (!t->have_shape &&
        (e = wrapper_index_find(&ix->asserts, name, len)) != NULL)
        parse_size_list(e->list, end, t);
}

static inductor_status read_outputs(const char *text, const char *end,
                                    const wrapper_index *ix, wrapper_sig *w)
{
    const char **name = calloc(w->n_out ? w->n_out : 1, sizeof *name);
    size_t *len = calloc(w->n_out ? w->n_out : 1, sizeof *len);

    if (name == NULL || len == NULL) {
        free(name);
        free(len);
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    }
    output_names(text, end, w->n_out, name, len);
    for (size_t i = 0; i < w->n_out; i++)
        if (name[i] != NULL)
            read_output(ix, end, name[i], len[i], &w->out[i]);
    free(name);
    free(len);
    return INDUCTOR_OK;
}

/* ---- counts and entry point ------------------------------------------ */

/* The model class's constructor: ": AOTInductorModelBase(N_IN, N_OUT,". */
static int read_counts(const char *text, const char *end, size_t *n_in,
                       size_t *n_out)
{
    static const char ctor[] = "AOTInductorModelBase(";
    const char *p = text;
    int64_t a, b;

    while ((p = wrapper_find(p, end, ctor)) != NULL) {
        const char *q = p += strlen(ctor);

        while (q < end && (*q == ' ' || *q == '\n'))
            q++;
        if ((q = wrapper_parse_size(q, end, &a)) == NULL || q >= end || *q != ',')
            continue;
        q++;
        while (q < end && (*q == ' ' || *q == '\n'))
            q++;
        if ((q = wrapper_parse_size(q, end, &b)) == NULL || q >= end || *q != ',')
            continue;
        if (a > WRAPPER_MAX_TENSORS || b > WRAPPER_MAX_TENSORS)
            return -1;
        *n_in = (size_t)a;
        *n_out = (size_t)b;
        return 0;
    }
    return -1;
}

void wrapper_signature_free(wrapper_sig *w)
{
    free(w->in);
    free(w->out);
    memset(w, 0, sizeof *w);
}

static void init_unknown(wrapper_tensor *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        t[i].dtype = INDUCTOR_DTYPE_INVALID;
}

inductor_status wrapper_signature_parse(const char *text, wrapper_sig *out)
{
    const char *end;
    size_t n_in = 0, n_out = 0;
    wrapper_index ix;
    inductor_status s;

    memset(out, 0, sizeof *out);
    if (text == NULL)
        return INDUCTOR_OK;
    end = text + strlen(text);
    if (read_counts(text, end, &n_in, &n_out) != 0)
        return INDUCTOR_OK; /* without counts no index can be trusted */
    out->in = calloc(n_in ? n_in : 1, sizeof *out->in);
    out->out = calloc(n_out ? n_out : 1, sizeof *out->out);
    if (out->in == NULL || out->out == NULL) {
        wrapper_signature_free(out);
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    }
    out->n_in = n_in;
    out->n_out = n_out;
    init_unknown(out->in, n_in);
    init_unknown(out->out, n_out);
    if (wrapper_index_build(text, end, &ix) != INDUCTOR_OK) {
        wrapper_signature_free(out);
        return INDUCTOR_ERR_OUT_OF_MEMORY;
    }
    read_inputs(text, end, &ix, out);
    s = read_outputs(text, end, &ix, out);
    wrapper_index_free(&ix);
    if (s != INDUCTOR_OK)
        wrapper_signature_free(out);
    return s;
}
