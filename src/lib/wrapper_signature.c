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

#include "wrapper_signature.h"

/* Longest identifier or size expression looked at. */
#define MAX_TOKEN 128
/* How far back from a buffer's name its allocation call may start. */
#define MAX_LINE 4096

/* ---- scanning helpers ------------------------------------------------ */

/* The first `needle` in [p, end), or NULL. */
static const char *find(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);

    while (p != NULL && (size_t)(end - p) >= n) {
        p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
        if (p == NULL)
            return NULL;
        if (memcmp(p, needle, n) == 0)
            return p;
        p++;
    }
    return NULL;
}

static int ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* Length of the identifier at p (at most MAX_TOKEN; 0 if none or longer). */
static size_t ident_len(const char *p, const char *end)
{
    size_t n = 0;

    if (p >= end || (*p >= '0' && *p <= '9'))
        return 0;
    while (p + n < end && ident_char(p[n]))
        if (++n > MAX_TOKEN)
            return 0;
    return n;
}

static const char *skip_spaces(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* A non-negative decimal integer with an optional L/LL suffix (C++ int64
 * literals: "6L"); returns the end, or NULL if there is none or it is too
 * big to be a size. */
static const char *parse_size(const char *p, const char *end, int64_t *v)
{
    int64_t x = 0;
    const char *start = p;

    while (p < end && *p >= '0' && *p <= '9') {
        if (x > (INT64_MAX - 1 - (*p - '0')) / 10)
            return NULL;
        x = x * 10 + (*p++ - '0');
    }
    if (p == start)
        return NULL;
    while (p < end && (*p == 'L' || *p == 'l'))
        p++;
    if (p < end && ident_char(*p))
        return NULL; /* "6u", "6x2": not a plain size */
    *v = x;
    return p;
}

/* A dtype name after `prefix` ("aoti_torch_dtype_int64"). */
static inductor_dtype dtype_after(const char *p, const char *end)
{
    char name[32];
    size_t n = ident_len(p, end);

    if (n == 0 || n >= sizeof name)
        return INDUCTOR_DTYPE_INVALID;
    memcpy(name, p, n);
    name[n] = '\0';
    return inductor_dtype_from_name(name);
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
    if (parse_size(p, e, &v) == e) {
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
            p++; /* ',' */
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
    size_t n = ident_len(p, end);
    int64_t v;
    const char *q;

    if (n >= 5 && memcmp(p + n - 5, "_size", 5) == 0)
        *is_size = 1;
    else if (n >= 7 && memcmp(p + n - 7, "_stride", 7) == 0)
        *is_size = 0;
    else
        return NULL;
    p += n;
    if (p >= end || *p != '[' || (q = parse_size(p + 1, end, &v)) == NULL ||
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

    if ((q = parse_size(p, end, &n)) != NULL) { /* N != X_size[D] */
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
        q = parse_size(skip_spaces(q + 1, end), end, &n);
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
    const char *p = find(body, end, decl);
    size_t n;

    c->var[0] = '\0';
    if (p == NULL)
        return;
    p += strlen(decl);
    if ((n = ident_len(p, end)) == 0)
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
    p = find(body, end, want);
    *dtype = p ? dtype_after(p + strlen(want), end) : INDUCTOR_DTYPE_INVALID;
    for (p = body; (p = find(p, end, "if (")) != NULL; p += 4)
        read_condition(p + 4, end, c);
}

/* "assert_size_stride(VAR, {" anywhere in the source: the full size list. */
static void read_asserted(const char *text, const char *end, const checks *c,
                          wrapper_tensor *t)
{
    char needle[MAX_TOKEN + 32];
    const char *p;

    if (c->var[0] == '\0')
        return;
    snprintf(needle, sizeof needle, "assert_size_stride(%s, ", c->var);
    if ((p = find(text, end, needle)) != NULL)
        parse_size_list(p + strlen(needle), end, t);
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
    const char *q = parse_size(p, end, &v);

    if (q == NULL || q >= end || *q != '(' || v >= WRAPPER_MAX_TENSORS)
        return NULL;
    *idx = (size_t)v;
    return q;
}

static void read_inputs(const char *text, const char *end, wrapper_sig *w)
{
    const char *p = text, *next;

    while ((p = find(p, end, CHECK_FN)) != NULL) {
        size_t idx;
        const char *body = check_fn(p + strlen(CHECK_FN), end, &idx);
        const char *stop;
        checks c;
        wrapper_tensor *t;

        next = find(p + strlen(CHECK_FN), end, CHECK_FN);
        if (body == NULL || idx >= w->n_in) {
            p += strlen(CHECK_FN);
            continue;
        }
        /* A generated function ends with "}" at the start of a line. */
        stop = find(body, next ? next : end, "\n}");
        stop = stop ? stop : next ? next : end;
        t = &w->in[idx];
        if (t->have_shape || t->dtype != INDUCTOR_DTYPE_INVALID) {
            p += strlen(CHECK_FN); /* two functions for one input: neither */
            memset(t, 0, sizeof *t);
            t->dtype = INDUCTOR_DTYPE_INVALID;
            continue;
        }
        read_checks(body, stop, &c, &t->dtype);
        read_asserted(text, end, &c, t);
        reconcile(&c, t);
        p += strlen(CHECK_FN);
    }
}

/* ---- outputs: the buffers handed back --------------------------------- */

/* "output_handles[I] = NAME.release();": NAME, or 0 if not so. */
static size_t output_buffer(const char *text, const char *end, size_t i,
                            char *name)
{
    char needle[64];
    const char *p = text;
    size_t n;

    snprintf(needle, sizeof needle, "output_handles[%zu] = ", i);
    while ((p = find(p, end, needle)) != NULL) {
        p += strlen(needle);
        n = ident_len(p, end);
        if (n > 0 && end - (p + n) >= 11 && memcmp(p + n, ".release();", 11) == 0) {
            memcpy(name, p, n);
            name[n] = '\0';
            return n;
        }
    }
    return 0;
}

/* The "aoti_torch_empty_strided(R, SIZES, STRIDES, cached_torch_dtype_X,
 * ..., &NAME_handle)" call that allocates NAME: fills dtype and shape. */
/* The definition "ARR[] = {...}" before `at` (the array named at p, n
 * bytes) as t's shape, if it has `rank` entries. */
static void read_size_array(const char *text, const char *at, const char *p,
                            size_t n, int64_t rank, wrapper_tensor *t)
{
    char arr[MAX_TOKEN + 8];

    snprintf(arr, sizeof arr, "%.*s[] = ", (int)n, p);
    for (p = text; (p = find(p, at, arr)) != NULL; p++)
        if (p == text || !ident_char(p[-1]))
            break; /* "int_array_1", not "xint_array_1" */
    if (p != NULL &&
        parse_size_list(p + strlen(arr), at, t) == 0 &&
        t->ndim != (size_t)rank) {
        t->have_shape = 0; /* the list is not the one the call says */
        t->ndim = 0;
    }
}

static void read_allocation(const char *text, const char *end,
                            const char *name, wrapper_tensor *t)
{
    static const char call[] = "aoti_torch_empty_strided(";
    static const char dt[] = "cached_torch_dtype_";
    char needle[MAX_TOKEN + 16];
    const char *at, *line, *p, *q;
    int64_t rank;
    size_t n;

    snprintf(needle, sizeof needle, "&%s_handle)", name);
    if ((at = find(text, end, needle)) == NULL)
        return;
    line = at - (at - text > MAX_LINE ? MAX_LINE : at - text);
    for (p = at; p > line && p[-1] != '\n'; p--)
        ;
    if ((p = find(p, at, call)) == NULL ||
        (p = parse_size(p + strlen(call), at, &rank)) == NULL ||
        at - p < 2 || memcmp(p, ", ", 2) != 0 ||
        (n = ident_len(p + 2, at)) == 0)
        return;
    if ((q = find(p + 2 + n, at, dt)) == NULL)
        return;
    t->dtype = dtype_after(q + strlen(dt), at);
    read_size_array(text, at, p + 2, n, rank, t);
}

/* "auto NAME = wrap_with_raii_handle_if_needed(reinterpret_tensor_wrapper(
 * SRC, RANK, SIZES, STRIDES, OFFSET))": a view of SRC.  Its shape into
 * t, SRC into name (its dtype is SRC's); 0 if NAME is not such a view. */
static int reinterpreted(const char *text, const char *end, char *name,
                         wrapper_tensor *t)
{
    char needle[MAX_TOKEN + 96];
    const char *at, *p;
    size_t src_n, arr_n;
    int64_t rank;

    snprintf(needle, sizeof needle, "auto %s = wrap_with_raii_handle_if_needed("
             "reinterpret_tensor_wrapper(", name);
    if ((at = find(text, end, needle)) == NULL)
        return 0;
    p = at + strlen(needle);
    if ((src_n = ident_len(p, end)) == 0 || end - (p + src_n) < 2 ||
        memcmp(p + src_n, ", ", 2) != 0 ||
        (p = parse_size(p + src_n + 2, end, &rank)) == NULL ||
        end - p < 2 || memcmp(p, ", ", 2) != 0 ||
        (arr_n = ident_len(p + 2, end)) == 0)
        return 0;
    read_size_array(text, at, p + 2, arr_n, rank, t);
    p = at + strlen(needle);
    memmove(name, p, src_n);
    name[src_n] = '\0';
    return 1;
}
/* "auto NAME = std::move(OTHER);" (a buffer reused under a new name):
 * OTHER into name, or 0. */
static int reused_from(const char *text, const char *end, char *name)
{
    char needle[MAX_TOKEN + 32];
    const char *p;
    size_t n;

    snprintf(needle, sizeof needle, "auto %s = std::move(", name);
    if ((p = find(text, end, needle)) == NULL)
        return 0;
    p += strlen(needle);
    if ((n = ident_len(p, end)) == 0 || p + n >= end || p[n] != ')')
        return 0;
    memcpy(name, p, n);
    name[n] = '\0';
    return 1;
}

/* Follows reuses back to the allocation (a few hops at most); a buffer an
 * extern kernel made has no allocation here, but its asserted sizes (as
 * for inputs) still give the shape. */
static void read_output(const char *text, const char *end, char *name,
                        wrapper_tensor *t)
{
    char first[MAX_TOKEN + 1];
    char needle[MAX_TOKEN + 32];
    const char *p;
    wrapper_tensor found;

    memcpy(first, name, strlen(name) + 1);
    for (int hop = 0; hop < 16; hop++) {
        memset(&found, 0, sizeof found);
        found.dtype = INDUCTOR_DTYPE_INVALID;
        read_allocation(text, end, name, &found);
        if (found.dtype != INDUCTOR_DTYPE_INVALID || found.have_shape) {
            t->dtype = found.dtype;
            if (!t->have_shape) /* a view's own shape wins */
                memcpy(t, &found, sizeof *t);
            t->dtype = found.dtype;
            break;
        }
        memset(&found, 0, sizeof found);
        if (reinterpreted(text, end, name, &found)) {
            if (!t->have_shape && found.have_shape)
                memcpy(t, &found, sizeof *t);
            t->dtype = INDUCTOR_DTYPE_INVALID;
            continue;
        }
        if (!reused_from(text, end, name))
            break;
    }
    if (t->have_shape)
        return;
    snprintf(needle, sizeof needle, "assert_size_stride(%s, ", first);
    if ((p = find(text, end, needle)) != NULL)
        parse_size_list(p + strlen(needle), end, t);
}
static void read_outputs(const char *text, const char *end, wrapper_sig *w)
{
    char name[MAX_TOKEN + 1];

    for (size_t i = 0; i < w->n_out; i++)
        if (output_buffer(text, end, i, name) > 0)
            read_output(text, end, name, &w->out[i]);
}

/* ---- counts and entry point ------------------------------------------ */

/* The model class's constructor: ": AOTInductorModelBase(N_IN, N_OUT,". */
static int read_counts(const char *text, const char *end, size_t *n_in,
                       size_t *n_out)
{
    static const char ctor[] = "AOTInductorModelBase(";
    const char *p = text;
    int64_t a, b;

    while ((p = find(p, end, ctor)) != NULL) {
        const char *q = p += strlen(ctor);

        while (q < end && (*q == ' ' || *q == '\n'))
            q++;
        if ((q = parse_size(q, end, &a)) == NULL || q >= end || *q != ',')
            continue;
        q++;
        while (q < end && (*q == ' ' || *q == '\n'))
            q++;
        if ((q = parse_size(q, end, &b)) == NULL || q >= end || *q != ',')
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
    read_inputs(text, end, out);
    read_outputs(text, end, out);
    return INDUCTOR_OK;
}
