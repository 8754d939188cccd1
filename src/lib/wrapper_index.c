/*
 * wrapper_index.c - one pass per statement pattern over a wrapper source,
 * into sorted tables (see wrapper_index.h).
 */
#include <stdlib.h>
#include <string.h>

#include "wrapper_index.h"

/* How far an allocation call may run on its line. */
#define MAX_LINE 4096

/* ---- scanning helpers ------------------------------------------------ */

const char *wrapper_find(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);

    while (p != NULL && p < end && (size_t)(end - p) >= n) {
        p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
        if (p == NULL)
            return NULL;
        if (memcmp(p, needle, n) == 0)
            return p;
        p++;
    }
    return NULL;
}

int wrapper_ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

size_t wrapper_ident_len(const char *p, const char *end)
{
    size_t n = 0;

    if (p >= end || (*p >= '0' && *p <= '9'))
        return 0;
    while (p + n < end && wrapper_ident_char(p[n]))
        if (++n > WRAPPER_MAX_IDENT)
            return 0;
    return n;
}

const char *wrapper_parse_size(const char *p, const char *end, int64_t *v)
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
    if (p < end && wrapper_ident_char(*p))
        return NULL; /* "6u", "6x2": not a plain size */
    *v = x;
    return p;
}

inductor_dtype wrapper_dtype_at(const char *p, const char *end)
{
    char name[32];
    size_t n = wrapper_ident_len(p, end);

    if (n == 0 || n >= sizeof name)
        return INDUCTOR_DTYPE_INVALID;
    memcpy(name, p, n);
    name[n] = '\0';
    return inductor_dtype_from_name(name);
}

/* Matches `lit` at p; returns the end or NULL. */
static const char *expect(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);

    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0 ? p + n : NULL;
}

/* ---- tables ---------------------------------------------------------- */

static int add(wrapper_table *t, const wrapper_entry *e)
{
    if (t->n == WRAPPER_INDEX_MAX)
        return 0; /* full: the rest stays unknown */
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        wrapper_entry *v = realloc(t->v, cap * sizeof *v);

        if (v == NULL)
            return -1;
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = *e;
    return 0;
}

/* By name, then by position in the text, so that the first of equal
 * names is the first defined. */
static int cmp_name(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);

    if (c != 0)
        return c;
    return (alen > blen) - (alen < blen);
}

static int cmp_entry(const void *x, const void *y)
{
    const wrapper_entry *a = x, *b = y;
    int c = cmp_name(a->name, a->len, b->name, b->len);

    if (c != 0)
        return c;
    return (a->name > b->name) - (a->name < b->name);
}

const wrapper_entry *wrapper_index_find(const wrapper_table *t,
                                        const char *name, size_t len)
{
    size_t lo = 0, hi = t->n;

    while (lo < hi) { /* the first entry not below name */
        size_t mid = lo + (hi - lo) / 2;

        if (cmp_name(t->v[mid].name, t->v[mid].len, name, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < t->n && cmp_name(t->v[lo].name, t->v[lo].len, name, len) == 0)
        return &t->v[lo];
    return NULL;
}

/* ---- patterns -------------------------------------------------------- */

/* "NAME[] = {": NAME ends right before the bracket. */
static int index_arrays(const char *text, const char *end, wrapper_table *t)
{
    const char *p = text;

    while ((p = wrapper_find(p, end, "[] = {")) != NULL) {
        const char *s = p;
        wrapper_entry e = {0};

        while (s > text && wrapper_ident_char(s[-1]) && p - s <= WRAPPER_MAX_IDENT)
            s--;
        e.name = s;
        e.len = (size_t)(p - s);
        e.list = p + 5;
        p += 6;
        if (e.len > 0 && e.len <= WRAPPER_MAX_IDENT && add(t, &e) != 0)
            return -1;
    }
    return 0;
}

/* ", RANK, SIZES" at p: the rank and the size array's name. */
static const char *rank_and_array(const char *p, const char *end,
                                  wrapper_entry *e)
{
    const char *q;

    if ((q = wrapper_parse_size(p, end, &e->rank)) == NULL ||
        (q = expect(q, end, ", ")) == NULL ||
        (e->src_len = wrapper_ident_len(q, end)) == 0)
        return NULL;
    e->src = q;
    return q + e->src_len;
}

/* On one line, "aoti_torch_empty_strided(RANK, SIZES, STRIDES,
 * cached_torch_dtype_X, ..., &NAME_handle)" or, with memory planning,
 * "aoti_torch__alloc_from_pool(POOL, OFFSET, cached_torch_dtype_X, RANK,
 * SIZES, STRIDES, &NAME_handle)"; p is after the parenthesis. */
static void parse_alloc(const char *p, const char *end, int pool,
                        wrapper_entry *e)
{
    static const char dt[] = "cached_torch_dtype_";
    const char *line_end = memchr(p, '\n', (size_t)(end - p));
    const char *q, *h;

    if (line_end == NULL || line_end - p > MAX_LINE)
        line_end = end - p > MAX_LINE ? p + MAX_LINE : end;
    if ((q = wrapper_find(p, line_end, dt)) == NULL)
        return;
    e->dtype = wrapper_dtype_at(q + strlen(dt), line_end);
    if (pool) {
        q += strlen(dt) + wrapper_ident_len(q + strlen(dt), line_end);
        if ((q = expect(q, line_end, ", ")) == NULL ||
            rank_and_array(q, line_end, e) == NULL)
            return;
    } else if (rank_and_array(p, line_end, e) == NULL) {
        return;
    }
    if ((h = wrapper_find(q, line_end, "_handle)")) == NULL)
        return;
    for (q = h; q > p && wrapper_ident_char(q[-1]) && h - q <= WRAPPER_MAX_IDENT; q--)
        ;
    if (q > p && q[-1] == '&' && q < h) {
        e->name = q;
        e->len = (size_t)(h - q);
    }
}

static int index_allocs(const char *text, const char *end, const char *call,
                        int pool, wrapper_table *t)
{
    const char *p = text;

    while ((p = wrapper_find(p, end, call)) != NULL) {
        wrapper_entry e = {0};

        p += strlen(call);
        e.dtype = INDUCTOR_DTYPE_INVALID;
        parse_alloc(p, end, pool, &e);
        if (e.name != NULL && add(t, &e) != 0)
            return -1;
    }
    return 0;
}

/* "auto NAME = std::move(SRC);" and "auto NAME =
 * wrap_with_raii_handle_if_needed(reinterpret_tensor_wrapper(SRC, RANK,
 * SIZES, ...": NAME is SRC, or a view of it with its own sizes. */
static void parse_alias(const char *p, const char *end, wrapper_entry *e)
{
    static const char view[] =
        "wrap_with_raii_handle_if_needed(reinterpret_tensor_wrapper(";
    size_t n = wrapper_ident_len(p, end);
    const char *q, *r;

    if (n == 0 || (q = expect(p + n, end, " = ")) == NULL)
        return;
    if ((r = expect(q, end, "std::move(")) != NULL) {
        if ((e->src_len = wrapper_ident_len(r, end)) == 0 ||
            !expect(r + e->src_len, end, ")"))
            return;
        e->src = r;
    } else if ((r = expect(q, end, view)) != NULL) {
        if ((e->src_len = wrapper_ident_len(r, end)) == 0 ||
            (q = expect(r + e->src_len, end, ", ")) == NULL ||
            (q = wrapper_parse_size(q, end, &e->rank)) == NULL ||
            (q = expect(q, end, ", ")) == NULL ||
            (e->view_len = wrapper_ident_len(q, end)) == 0)
            return;
        e->src = r;
        e->view = q;
    } else {
        return;
    }
    e->name = p;
    e->len = n;
}

static int index_aliases(const char *text, const char *end, wrapper_table *t)
{
    const char *p = text;

    while ((p = wrapper_find(p, end, "auto ")) != NULL) {
        wrapper_entry e = {0};

        p += 5;
        parse_alias(p, end, &e);
        if (e.name != NULL && add(t, &e) != 0)
            return -1;
    }
    return 0;
}

/* "assert_size_stride(NAME, {...}, ...)". */
static int index_asserts(const char *text, const char *end, wrapper_table *t)
{
    static const char call[] = "assert_size_stride(";
    const char *p = text;

    while ((p = wrapper_find(p, end, call)) != NULL) {
        wrapper_entry e = {0};
        size_t n;
        const char *q;

        p += strlen(call);
        if ((n = wrapper_ident_len(p, end)) == 0 ||
            (q = expect(p + n, end, ", ")) == NULL || q >= end || *q != '{')
            continue;
        e.name = p;
        e.len = n;
        e.list = q;
        if (add(t, &e) != 0)
            return -1;
    }
    return 0;
}

void wrapper_index_free(wrapper_index *ix)
{
    free(ix->arrays.v);
    free(ix->allocs.v);
    free(ix->aliases.v);
    free(ix->asserts.v);
    memset(ix, 0, sizeof *ix);
}

inductor_status wrapper_index_build(const char *text, const char *end,
                                    wrapper_index *ix)
{
    wrapper_table *all[4];

    memset(ix, 0, sizeof *ix);
    if (index_arrays(text, end, &ix->arrays) != 0 ||
        index_allocs(text, end, "aoti_torch_empty_strided(", 0, &ix->allocs) != 0 ||
        index_allocs(text, end, "aoti_torch__alloc_from_pool(", 1, &ix->allocs) != 0 ||
        index_aliases(text, end, &ix->aliases) != 0 ||
        index_asserts(text, end, &ix->asserts) != 0) {
        wrapper_index_free(ix);
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    }
    all[0] = &ix->arrays;
    all[1] = &ix->allocs;
    all[2] = &ix->aliases;
    all[3] = &ix->asserts;
    for (size_t i = 0; i < 4; i++)
        if (all[i]->n > 1)
            qsort(all[i]->v, all[i]->n, sizeof *all[i]->v, cmp_entry);
    return INDUCTOR_OK;
}
