/*
 * tensor_json_fast.c - see tensor_json_fast.h.
 *
 * One pass over the text with a cursor.  A tensor object's "data" array is
 * first only delimited (its "dtype" may come after it), then converted
 * straight into the tensor once the object is read.  Every function
 * returns 0, or -1 to give the document up to the json-c path.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_double.h"
#include "tensor_elem.h"
#include "tensor_json_fast.h"
#include "text_cursor.h"

/* A string of printable ASCII without escapes (others go the json-c way). */
static int read_string(cursor *c, const char **s, size_t *n)
{
    const char *start;

    if (!accept(c, '"'))
        return -1;
    for (start = c->p; c->p < c->end && *c->p != '"'; c->p++)
        if ((unsigned char)*c->p < 0x20 || (unsigned char)*c->p >= 0x7f ||
            *c->p == '\\')
            return -1;
    if (c->p >= c->end)
        return -1;
    *s = start;
    *n = (size_t)(c->p - start);
    c->p++;
    return 0;
}

static int string_is(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* ---- numbers --------------------------------------------------------- */

typedef enum { VAL_INT, VAL_DOUBLE, VAL_BOOL } value_kind;

typedef struct value {
    value_kind kind;
    int64_t i; /* VAL_INT, and VAL_BOOL as 0 or 1 */
    double d;  /* VAL_DOUBLE */
} value;

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

static int match(cursor *c, const char *lit)
{
    size_t n = strlen(lit);

    if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
        return 0;
    c->p += n;
    return 1;
}

/* An integer literal that fits int64, as json-c's int type.  "-0" and
 * leading zeros are left to json-c. */
static int read_int(const char *s, const char *e, int64_t *out)
{
    int neg = *s == '-';
    uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

    s += neg;
    if (e - s > 1 && *s == '0')
        return -1;
    for (; s < e; s++) {
        unsigned dgt = (unsigned)(*s - '0');
        if (v > (lim - dgt) / 10)
            return -1;
        v = v * 10 + dgt;
    }
    if (neg && v == 0)
        return -1;
    *out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v)
               : (int64_t)v;
    return 0;
}

/* An RFC 8259 number, NaN, Infinity, -Infinity, true or false. */
static int read_value(cursor *c, value *v)
{
    mantissa k = {0, 0, 0};
    const char *s;
    long frac = 0, e10 = 0;
    int is_double = 0, neg = 0;

    skip_ws(c);
    s = c->p;
    if (match(c, "true") || match(c, "false")) {
        v->kind = VAL_BOOL;
        v->i = *s == 't';
        return 0;
    }
    if (match(c, "NaN") || match(c, "Infinity") || match(c, "-Infinity")) {
        v->kind = VAL_DOUBLE;
        v->d = *s == 'N' ? NAN : *s == '-' ? -INFINITY : INFINITY;
        return 0;
    }
    if (c->p < c->end && *c->p == '-') {
        neg = 1;
        c->p++;
    }
    if (c->p >= c->end || !is_digit(*c->p))
        return -1;
    while (c->p < c->end && is_digit(*c->p))
        mantissa_add_digit(&k, *c->p++);
    if (c->p < c->end && *c->p == '.') {
        is_double = 1;
        if (++c->p >= c->end || !is_digit(*c->p))
            return -1;
        for (; c->p < c->end && is_digit(*c->p); frac++)
            mantissa_add_digit(&k, *c->p++);
    }
    if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
        int eneg = 0;

        is_double = 1;
        c->p++;
        if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
            eneg = *c->p++ == '-';
        if (c->p >= c->end || !is_digit(*c->p))
            return -1;
        for (; c->p < c->end && is_digit(*c->p); c->p++)
            if (e10 < 100000)
                e10 = e10 * 10 + (*c->p - '0');
        e10 = eneg ? -e10 : e10;
    }
    if (!is_double) {
        v->kind = VAL_INT;
        return read_int(s, c->p, &v->i);
    }
    v->kind = VAL_DOUBLE;
    if (json_exact_double(&k, e10 - frac, neg, &v->d) == 0)
        return 0;
    {
        char *end;

        /* The token is followed by a delimiter or the text's NUL, where
         * strtod stops too; an out-of-range literal is json-c's to judge. */
        errno = 0;
        v->d = strtod(s, &end);
        if (end != c->p || errno == ERANGE)
            return -1;
    }
    return 0;
}

/* Stores v as element `dst` of dtype dt, where the json-c path would
 * accept it (tensor_json.c, read_element). */
static int store(inductor_dtype dt, void *dst, const value *v)
{
    int64_t lo, hi;

    if (tensor_elem_is_float(dt)) {
        if (v->kind == VAL_BOOL)
            return -1;
        tensor_elem_store_float(dt, dst,
                                v->kind == VAL_INT ? (double)v->i : v->d);
        return 0;
    }
    if (dt == INDUCTOR_BOOL) {
        if (v->kind == VAL_DOUBLE || v->i < 0 || v->i > 1)
            return -1;
        *(uint8_t *)dst = (uint8_t)v->i;
        return 0;
    }
    if (v->kind != VAL_INT || tensor_elem_int_range(dt, &lo, &hi) != 0 ||
        v->i < lo || v->i > hi)
        return -1;
    tensor_elem_store_int(dt, dst, v->i);
    return 0;
}

/* ---- one tensor ------------------------------------------------------ */

typedef struct tensor_fields {
    inductor_dtype dtype;
    int64_t sizes[INDUCTOR_MAX_DIMS];
    size_t ndim;
    const char *data, *data_end; /* the data array, brackets included */
    unsigned seen;               /* SEEN_* */
} tensor_fields;

enum { SEEN_DTYPE = 1, SEEN_SHAPE = 2, SEEN_DATA = 4 };

static int read_shape(cursor *c, tensor_fields *f)
{
    value v;

    if (!accept(c, '['))
        return -1;
    if (accept(c, ']'))
        return 0;
    do {
        if (f->ndim == INDUCTOR_MAX_DIMS || read_value(c, &v) != 0 ||
            v.kind != VAL_INT || v.i < 0)
            return -1;
        f->sizes[f->ndim++] = v.i;
    } while (accept(c, ','));
    return accept(c, ']') ? 0 : -1;
}

/* Delimits a flat array: no nested array, object or string inside. */
static int delimit_data(cursor *c, tensor_fields *f)
{
    const char *close;
    size_t n;

    if (!accept(c, '['))
        return -1;
    f->data = c->p - 1;
    /* memchr: the data is most of the text, and this pass should cost
     * next to nothing beside the conversion. */
    if ((close = memchr(c->p, ']', (size_t)(c->end - c->p))) == NULL)
        return -1;
    n = (size_t)(close - c->p);
    if (memchr(c->p, '[', n) || memchr(c->p, '{', n) || memchr(c->p, '"', n))
        return -1;
    c->p = close + 1;
    f->data_end = c->p;
    return 0;
}

static int read_dtype(cursor *c, tensor_fields *f)
{
    char name[16];
    const char *s;
    size_t n;

    if (read_string(c, &s, &n) != 0 || n >= sizeof name)
        return -1;
    memcpy(name, s, n);
    name[n] = '\0';
    f->dtype = inductor_dtype_from_name(name);
    return f->dtype == INDUCTOR_DTYPE_INVALID ? -1 : 0;
}

/* One of a tensor object's members; `key` is already read. */
static int read_field(cursor *c, const char *key, size_t n, tensor_fields *f)
{
    unsigned bit = string_is(key, n, "dtype")   ? SEEN_DTYPE
                   : string_is(key, n, "shape") ? SEEN_SHAPE
                   : string_is(key, n, "data")  ? SEEN_DATA
                                                : 0;

    if (bit == 0 || (f->seen & bit) || !accept(c, ':'))
        return -1;
    f->seen |= bit;
    return bit == SEEN_DTYPE ? read_dtype(c, f)
           : bit == SEEN_SHAPE ? read_shape(c, f)
                               : delimit_data(c, f);
}

/* The tensor of a complete set of fields, its data converted. */
static int make_tensor(const tensor_fields *f, inductor_tensor **out)
{
    size_t numel = 1, esize = inductor_dtype_size(f->dtype), i = 0;
    cursor d;
    char *dst;
    value v;

    if ((f->seen & (SEEN_SHAPE | SEEN_DATA)) != (SEEN_SHAPE | SEEN_DATA))
        return -1;
    d.p = f->data + 1; /* after '[', up to and with ']' */
    d.end = f->data_end;
    /* Each value takes at least one byte: a shape that asks for more
     * cannot match, and must not be allocated first. */
    for (size_t k = 0; k < f->ndim; k++) {
        if (f->sizes[k] != 0 &&
            numel > (size_t)(f->data_end - f->data) / (uint64_t)f->sizes[k])
            return -1;
        numel *= (size_t)f->sizes[k];
    }
    if (inductor_tensor_zeros(f->dtype, f->sizes, f->ndim, out) != INDUCTOR_OK)
        return -1;
    dst = inductor_tensor_mutable_data(*out);
    if (accept(&d, ']')) {
        if (numel != 0)
            goto give_up;
        return 0;
    }
    do {
        if (i == numel || read_value(&d, &v) != 0 ||
            store(f->dtype, dst + i * esize, &v) != 0)
            goto give_up;
        i++;
    } while (accept(&d, ','));
    if (i != numel || !accept(&d, ']') || d.p != d.end)
        goto give_up;
    return 0;
give_up:
    inductor_tensor_free(*out);
    *out = NULL;
    return -1;
}

/* {"dtype": ..., "shape": [...], "data": [...]} in any order. */
static int read_tensor(cursor *c, inductor_tensor **out)
{
    tensor_fields f;
    const char *key;
    size_t n;

    memset(&f, 0, sizeof f);
    f.dtype = INDUCTOR_FLOAT32;
    if (!accept(c, '{'))
        return -1;
    do {
        if (read_string(c, &key, &n) != 0 || read_field(c, key, n, &f) != 0)
            return -1;
    } while (accept(c, ','));
    if (!accept(c, '}'))
        return -1;
    return make_tensor(&f, out);
}

/* ---- the document ---------------------------------------------------- */

static int list_push(tensor_list *l, size_t *cap, inductor_tensor *t,
                     char *name)
{
    if (l->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        inductor_tensor **items = realloc(l->items, ncap * sizeof *items);
        char **names;

        if (items == NULL)
            return -1;
        l->items = items;
        names = realloc(l->names, ncap * sizeof *names);
        if (names == NULL)
            return -1;
        l->names = names;
        *cap = ncap;
    }
    l->items[l->n] = t;
    l->names[l->n++] = name;
    return 0;
}

/* [{...}, ...] */
static int read_multi(cursor *c, tensor_list *out, size_t *cap)
{
    inductor_tensor *t = NULL;

    if (accept(c, ']'))
        return 0;
    do {
        if (read_tensor(c, &t) != 0)
            return -1;
        if (list_push(out, cap, t, NULL) != 0) {
            inductor_tensor_free(t);
            return -1;
        }
    } while (accept(c, ','));
    return accept(c, ']') ? 0 : -1;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 if two inputs share a name.  Sorted, so O(n log n) however many. */
static int has_duplicate(const tensor_list *l)
{
    char **v = malloc((l->n ? l->n : 1) * sizeof *v);
    int dup = 0;

    if (v == NULL)
        return 1; /* the json-c way reports it, or runs out of memory */
    memcpy(v, l->names, l->n * sizeof *v);
    qsort(v, l->n, sizeof *v, cmp_names);
    for (size_t i = 1; i < l->n && !dup; i++)
        dup = strcmp(v[i - 1], v[i]) == 0;
    free(v);
    return dup;
}

/* {"name": {...}, ...}; a name given twice, and {}, go the json-c way. */
static int read_named(cursor *c, tensor_list *out, size_t *cap)
{
    inductor_tensor *t = NULL;
    const char *key;
    char *name;
    size_t n;

    do {
        if (read_string(c, &key, &n) != 0 || !accept(c, ':'))
            return -1;
        if ((name = strndup(key, n)) == NULL)
            return -1;
        if (read_tensor(c, &t) != 0 || list_push(out, cap, t, name) != 0) {
            inductor_tensor_free(t);
            free(name);
            return -1;
        }
        t = NULL;
    } while (accept(c, ','));
    return accept(c, '}') && !has_duplicate(out) ? 0 : -1;
}

/* The root object: "inputs" alone, or the classic "data" and "shape". */
static int read_root(cursor *c, int named, tensor_list *out)
{
    tensor_fields classic;
    const char *key;
    size_t n, cap = 0;
    int have_inputs = 0;
    inductor_tensor *t = NULL;

    memset(&classic, 0, sizeof classic);
    classic.dtype = INDUCTOR_FLOAT32;
    if (!accept(c, '{'))
        return -1;
    do {
        if (read_string(c, &key, &n) != 0)
            return -1;
        if (string_is(key, n, "inputs")) {
            if (have_inputs || !accept(c, ':'))
                return -1;
            have_inputs = 1;
            if (accept(c, '[') ? read_multi(c, out, &cap) != 0
                : !named || !accept(c, '{') || read_named(c, out, &cap) != 0)
                return -1;
        } else if (string_is(key, n, "dtype") ||
                   read_field(c, key, n, &classic) != 0) {
            return -1; /* the classic form has no dtype: json-c ignores it */
        }
    } while (accept(c, ','));
    if (!accept(c, '}'))
        return -1;
    if (have_inputs)
        return classic.seen ? -1 : 0;
    if (make_tensor(&classic, &t) != 0 || list_push(out, &cap, t, NULL) != 0) {
        inductor_tensor_free(t);
        return -1;
    }
    return 0;
}

int tensor_json_fast_parse(const char *text, size_t len, int named,
                           tensor_list *out)
{
    cursor c = {text, text + len};
    int has_name = 0;

    memset(out, 0, sizeof *out);
    if (read_root(&c, named, out) == 0) {
        skip_ws(&c);
        if (c.p == c.end) {
            for (size_t i = 0; i < out->n; i++)
                has_name |= out->names[i] != NULL;
            if (!has_name) { /* positional: the json-c path gives no names */
                free(out->names);
                out->names = NULL;
            }
            return 0;
        }
    }
    tensor_list_free(out);
    return -1;
}
