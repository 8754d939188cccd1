/*
 * serve_json_data.c - see serve_json_data.h.
 *
 * The scan is deliberately conservative: it follows the text's structure
 * only as far as it needs to find root.inputs[i].data, and gives the whole
 * request up to json-c whenever the structure is not plain RFC 8259 JSON
 * (json-c also takes single quotes and comments, which a scan that does not
 * understand them could misread).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_double.h"
#include "serve_json_data.h"
#include "tensor_elem.h"

/* json-c's own limit (json_tokener_new_ex(64) in serve_decode.c). */
#define SCAN_MAX_DEPTH 64

enum role { R_OTHER, R_ROOT, R_INPUTS, R_INPUT, R_DATA };

typedef struct scan {
    const char *p, *end;
    serve_json_span *span;
    size_t n_span, cap;
    int found;
} scan;

static int is_ws(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static void skip_ws(scan *s)
{
    while (s->p < s->end && is_ws(*s->p))
        s->p++;
}

/* A double-quoted string; *esc set when it holds a backslash.  A NUL is
 * given up (json-c's handling of one is not worth copying). */
static int skip_string(scan *s, int *esc)
{
    *esc = 0;
    for (s->p++; s->p < s->end; s->p++) {
        if (*s->p == '"') {
            s->p++;
            return 0;
        }
        if (*s->p == '\0')
            return -1;
        if (*s->p == '\\') {
            *esc = 1;
            if (++s->p >= s->end)
                return -1;
        }
    }
    return -1;
}

/* The end of an array of only numbers, commas, whitespace and brackets
 * starting at p, or NULL when it holds anything else. */
static const char *numeric_array_end(const char *p, const char *end)
{
    int depth = 0;

    for (; p < end; p++) {
        char ch = *p;

        if (ch == '[')
            depth++;
        else if (ch == ']') {
            if (--depth == 0)
                return p + 1;
        } else if (!((ch >= '0' && ch <= '9') || ch == '-' || ch == '+' ||
                     ch == '.' || ch == 'e' || ch == 'E' || ch == ',' ||
                     is_ws(ch)))
            return NULL;
    }
    return NULL;
}

static int record(scan *s, size_t idx, const char *start, const char *stop,
                  const char *text)
{
    if (idx >= s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        serve_json_span *n;

        while (cap <= idx)
            cap *= 2;
        if ((n = realloc(s->span, cap * sizeof *n)) == NULL)
            return -1;
        memset(n + s->cap, 0, (cap - s->cap) * sizeof *n);
        s->span = n;
        s->cap = cap;
    }
    s->span[idx].start = (size_t)(start - text);
    s->span[idx].end = (size_t)(stop - text);
    if (idx >= s->n_span)
        s->n_span = idx + 1;
    s->found = 1;
    return 0;
}

static int scan_value(scan *s, enum role role, size_t idx, int depth,
                      const char *text);

static int scan_object(scan *s, enum role role, size_t idx, int depth,
                       const char *text)
{
    int seen_key = 0; /* "inputs" at the root, "data" in an input */

    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == '}') {
        s->p++;
        return 0;
    }
    for (;;) {
        const char *k;
        enum role child = R_OTHER;
        int esc;

        skip_ws(s);
        if (s->p >= s->end || *s->p != '"')
            return -1;
        k = s->p + 1;
        if (skip_string(s, &esc) != 0)
            return -1;
        /* An escaped key could spell "inputs" or "data" unseen; and json-c
         * keeps the last of duplicate keys, so one of ours must be alone. */
        if (esc && (role == R_ROOT || role == R_INPUT))
            return -1;
        if ((role == R_ROOT && s->p - k == 7 && memcmp(k, "inputs", 6) == 0) ||
            (role == R_INPUT && s->p - k == 5 && memcmp(k, "data", 4) == 0)) {
            if (seen_key++)
                return -1;
            child = role == R_ROOT ? R_INPUTS : R_DATA;
        }
        skip_ws(s);
        if (s->p >= s->end || *s->p != ':')
            return -1;
        s->p++;
        if (scan_value(s, child, idx, depth + 1, text) != 0)
            return -1;
        skip_ws(s);
        if (s->p < s->end && *s->p == ',') {
            s->p++;
            continue;
        }
        if (s->p < s->end && *s->p == '}') {
            s->p++;
            return 0;
        }
        return -1;
    }
}

static int scan_array(scan *s, enum role role, size_t idx, int depth,
                      const char *text)
{
    size_t i = 0;

    if (role == R_DATA) {
        const char *stop = numeric_array_end(s->p, s->end);

        if (stop) {
            if (record(s, idx, s->p, stop, text) != 0)
                return -1;
            s->p = stop;
            return 0;
        }
    }
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == ']') {
        s->p++;
        return 0;
    }
    for (;; i++) {
        if (scan_value(s, role == R_INPUTS ? R_INPUT : R_OTHER, i, depth + 1,
                       text) != 0)
            return -1;
        skip_ws(s);
        if (s->p < s->end && *s->p == ',') {
            s->p++;
            continue;
        }
        if (s->p < s->end && *s->p == ']') {
            s->p++;
            return 0;
        }
        return -1;
    }
}

static int scan_value(scan *s, enum role role, size_t idx, int depth,
                      const char *text)
{
    int esc;

    if (depth > SCAN_MAX_DEPTH)
        return -1;
    skip_ws(s);
    if (s->p >= s->end)
        return -1;
    if (*s->p == '{')
        return scan_object(s, role == R_ROOT || role == R_INPUT ? role : R_OTHER,
                           idx, depth, text);
    if (*s->p == '[')
        return scan_array(s, role, idx, depth, text);
    if (*s->p == '"')
        return skip_string(s, &esc);
    /* A number or a bare word; quotes, slashes and the rest go to json-c. */
    if (!((*s->p >= '0' && *s->p <= '9') || (*s->p >= 'a' && *s->p <= 'z') ||
          (*s->p >= 'A' && *s->p <= 'Z') || *s->p == '-'))
        return -1;
    while (s->p < s->end &&
           ((*s->p >= '0' && *s->p <= '9') || (*s->p >= 'a' && *s->p <= 'z') ||
            (*s->p >= 'A' && *s->p <= 'Z') || *s->p == '-' || *s->p == '+' ||
            *s->p == '.'))
        s->p++;
    return 0;
}

void serve_json_skel_free(serve_json_skel *sk)
{
    free(sk->text);
    free(sk->span);
    memset(sk, 0, sizeof *sk);
}

int serve_json_data_scan(const char *text, size_t len, serve_json_skel *out)
{
    scan s = {text, text + len, NULL, 0, 0, 0};
    char *w;
    size_t from = 0;

    memset(out, 0, sizeof *out);
    if (scan_value(&s, R_ROOT, 0, 1, text) != 0 || !s.found) {
        free(s.span);
        return -1;
    }
    if ((out->text = malloc(len + 1)) == NULL) {
        free(s.span);
        return -1;
    }
    /* Spans were found in text order, by input index. */
    w = out->text;
    for (size_t i = 0; i < s.n_span; i++) {
        if (s.span[i].start == s.span[i].end)
            continue;
        memcpy(w, text + from, s.span[i].start - from);
        w += s.span[i].start - from;
        memcpy(w, "[]", 2);
        w += 2;
        from = s.span[i].end;
    }
    memcpy(w, text + from, len - from);
    w += len - from;
    *w = '\0';
    out->len = (size_t)(w - out->text);
    out->span = s.span;
    out->n_span = s.n_span;
    return 0;
}

/* ---- fill ------------------------------------------------------------ */

typedef struct filler {
    const char *p, *end;
    inductor_dtype dt;
    char *dst;
    size_t es, k, n;
} filler;

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* One number token, stored as the json-c path would store it: json-c types
 * a token without '.', 'e' or 'E' as an integer, others as doubles. */
static int fill_number(filler *f)
{
    const char *s = f->p;
    int is_double = 0;
    mantissa k = {0, 0, 0};
    long frac = 0, e10 = 0;

    if (f->p < f->end && *f->p == '-')
        f->p++;
    if (f->p >= f->end || !is_digit(*f->p))
        return -1;
    if (*f->p == '0')
        f->p++;
    else
        while (f->p < f->end && is_digit(*f->p))
            mantissa_add_digit(&k, *f->p++);
    if (f->p < f->end && *f->p == '.') {
        is_double = 1;
        if (++f->p >= f->end || !is_digit(*f->p))
            return -1;
        for (; f->p < f->end && is_digit(*f->p); frac++)
            mantissa_add_digit(&k, *f->p++);
    }
    if (f->p < f->end && (*f->p == 'e' || *f->p == 'E')) {
        int eneg = 0;

        is_double = 1;
        f->p++;
        if (f->p < f->end && (*f->p == '+' || *f->p == '-'))
            eneg = *f->p++ == '-';
        if (f->p >= f->end || !is_digit(*f->p))
            return -1;
        for (; f->p < f->end && is_digit(*f->p); f->p++)
            if (e10 < 100000)
                e10 = e10 * 10 + (*f->p - '0');
        e10 = eneg ? -e10 : e10;
    }
    if (f->dst && f->k >= f->n)
        return -1;
    if (is_double) {
        char *e;
        double v;

        if (f->dst && !tensor_elem_is_float(f->dt))
            return -1;
        /* Most literals need no strtod (json-c's own conversion, which
         * rounds the same).  Else: the token is followed by ',', ']' or
         * whitespace, where strtod stops too; out-of-range literals are
         * json-c's to judge. */
        if (json_exact_double(&k, e10 - frac, *s == '-', &v) != 0) {
            errno = 0;
            v = strtod(s, &e);
            if (e != f->p || errno != 0)
                return -1;
        }
        if (f->dst)
            tensor_elem_store_float(f->dt, f->dst + f->k * f->es, v);
    } else {
        int neg = *s == '-';
        uint64_t v = 0;
        int64_t x, lo, hi;

        /* Past int64 json-c clamps or goes to uint64, and "-0" is left
         * to it too: rare, not worth copying. */
        if (f->p - s - neg > 18 || (neg && f->p - s == 2 && s[1] == '0'))
            return -1;
        for (const char *q = s + neg; q < f->p; q++)
            v = v * 10 + (uint64_t)(*q - '0');
        x = neg ? -(int64_t)v : (int64_t)v;
        if (f->dst) {
            if (tensor_elem_is_float(f->dt))
                tensor_elem_store_float(f->dt, f->dst + f->k * f->es, (double)x);
            else if (tensor_elem_int_range(f->dt, &lo, &hi) != 0 || x < lo ||
                     x > hi)
                return -1;
            else
                tensor_elem_store_int(f->dt, f->dst + f->k * f->es, x);
        }
    }
    f->k++;
    return 0;
}

static void fill_ws(filler *f)
{
    while (f->p < f->end && is_ws(*f->p))
        f->p++;
}

/* An array at nesting level depth (the json-c path takes 0..MAX_DIMS). */
static int fill_array(filler *f, int depth)
{
    if (depth > INDUCTOR_MAX_DIMS || f->p >= f->end || *f->p != '[')
        return -1;
    f->p++;
    fill_ws(f);
    if (f->p < f->end && *f->p == ']') {
        f->p++;
        return 0;
    }
    for (;;) {
        fill_ws(f);
        if (f->p < f->end && *f->p == '[') {
            if (fill_array(f, depth + 1) != 0)
                return -1;
        } else if (fill_number(f) != 0) {
            return -1;
        }
        fill_ws(f);
        if (f->p < f->end && *f->p == ',') {
            f->p++;
            continue;
        }
        if (f->p < f->end && *f->p == ']') {
            f->p++;
            return 0;
        }
        return -1;
    }
}

int serve_json_data_fill(const char *text, serve_json_span sp,
                         inductor_dtype dt, void *dst, size_t n)
{
    filler f = {text + sp.start, text + sp.end, dt, dst, 0, 0, n};

    if (sp.start == sp.end || (dst && dt == INDUCTOR_BOOL))
        return -1;
    if (dst)
        f.es = inductor_dtype_size(dt);
    if (fill_array(&f, 0) != 0 || f.p != f.end || (dst && f.k != n))
        return -1;
    return 0;
}
