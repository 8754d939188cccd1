/*
 * npy.c - .npy header parsing (a pure function over a byte buffer, so it
 * can be fuzzed), conversion to tensors, and encoding.  See npy.h.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byteorder.h"
#include "errbuf.h"
#include "npy.h"
#include "text_cursor.h"

/* Every refusal is one printable line in the caller's err buffer. */
#define fail errbuf_set

/* ---- the header's Python dict literal -------------------------------- */

/* (A cursor over the header text never reads at or past `end`.) */

/* A quoted string without escapes (NumPy never needs them here). */
static int read_string(cursor *c, char *out, size_t outlen)
{
    char q;
    size_t n = 0;

    skip_ws(c);
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
        return -1;
    q = *c->p++;
    while (c->p < c->end && *c->p != q) {
        if (*c->p == '\\' || n + 1 >= outlen)
            return -1;
        out[n++] = *c->p++;
    }
    if (c->p >= c->end)
        return -1;
    c->p++;
    out[n] = '\0';
    return 0;
}

static int read_word(cursor *c, const char *w)
{
    size_t n = strlen(w);

    skip_ws(c);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0)
        return 0;
    c->p += n;
    return 1;
}

/* (d0, d1, ...) with an optional trailing comma; Python 2's "3L" too. */
static int read_shape(cursor *c, npy_header *h, char *err, size_t errlen)
{
    h->ndim = 0;
    if (!accept(c, '('))
        return fail(err, errlen, "'shape' is not a tuple");
    while (!accept(c, ')')) {
        int64_t v = 0;
        int digits = 0;

        if (h->ndim == INDUCTOR_MAX_DIMS)
            return fail(err, errlen, "more than %d dimensions",
                        INDUCTOR_MAX_DIMS);
        skip_ws(c);
        for (; c->p < c->end && *c->p >= '0' && *c->p <= '9'; c->p++, digits++) {
            if (v > (INT64_MAX - 9) / 10)
                return fail(err, errlen, "shape entry %zu is too large", h->ndim);
            v = v * 10 + (*c->p - '0');
        }
        if (digits == 0)
            return fail(err, errlen, "shape entry %zu is not a non-negative "
                                     "integer", h->ndim);
        if (c->p < c->end && *c->p == 'L')
            c->p++;
        h->shape[h->ndim++] = v;
        if (!accept(c, ',') && !(skip_ws(c), c->p < c->end && *c->p == ')'))
            return fail(err, errlen, "'shape' is not a tuple of integers");
    }
    return 0;
}

/* ---- descr ------------------------------------------------------------ */

static const struct npy_type {
    char kind;
    unsigned size;
    inductor_dtype dtype;
} npy_types[] = {
    {'f', 2, INDUCTOR_FLOAT16}, {'f', 4, INDUCTOR_FLOAT32},
    {'f', 8, INDUCTOR_FLOAT64}, {'i', 1, INDUCTOR_INT8},
    {'i', 2, INDUCTOR_INT16},   {'i', 4, INDUCTOR_INT32},
    {'i', 8, INDUCTOR_INT64},   {'u', 1, INDUCTOR_UINT8},
    {'b', 1, INDUCTOR_BOOL},    {'?', 1, INDUCTOR_BOOL},
};

static int parse_descr(const char *d, npy_header *h, char *err, size_t errlen)
{
    char order = '=', kind;
    unsigned size = 0;
    const char *p = d;

    if (*p == '<' || *p == '>' || *p == '|' || *p == '=')
        order = *p++;
    if (*p == '\0')
        return fail(err, errlen, "dtype '%s' is not supported", d);
    kind = *p++;
    if (kind == '?' && *p == '\0')
        size = 1;
    for (; kind != '\0' && *p >= '0' && *p <= '9' && size < 100; p++)
        size = size * 10 + (unsigned)(*p - '0');
    if (kind == 'V' && size == 2 && *p == '\0' && order != '>') {
        h->void2 = 1; /* bfloat16 bits from ml_dtypes, resolved by context */
        h->dtype = INDUCTOR_DTYPE_INVALID;
        h->swap = order == '<' ? !byteorder_host_is_little() : 0;
        return 0;
    }
    for (size_t i = 0; kind != '\0' && *p == '\0' &&
                       i < sizeof npy_types / sizeof npy_types[0]; i++)
        if (npy_types[i].kind == kind && npy_types[i].size == size) {
            int little = byteorder_host_is_little();
            h->dtype = npy_types[i].dtype;
            h->swap = size > 1 && ((order == '>' && little) ||
                                   (order == '<' && !little));
            return 0;
        }
    return fail(err, errlen, "dtype '%s' is not supported (float16/32/64, "
                             "int8/16/32/64, uint8, bool, bfloat16 as '<V2')",
                d);
}

/* ---- the whole header ------------------------------------------------- */

enum { KEY_DESCR = 1, KEY_FORTRAN = 2, KEY_SHAPE = 4 };

static int parse_entry(cursor *c, npy_header *h, unsigned *seen, char *err,
                       size_t errlen)
{
    char key[32], descr[32];
    unsigned bit;

    if (read_string(c, key, sizeof key) != 0 || !accept(c, ':'))
        return fail(err, errlen, "header is not a dict of 'descr', "
                                 "'fortran_order' and 'shape'");
    bit = strcmp(key, "descr") == 0           ? KEY_DESCR
          : strcmp(key, "fortran_order") == 0 ? KEY_FORTRAN
          : strcmp(key, "shape") == 0         ? KEY_SHAPE
                                              : 0;
    if (bit == 0)
        return fail(err, errlen, "unknown header key '%s'", key);
    if (*seen & bit)
        return fail(err, errlen, "header key '%s' appears twice", key);
    *seen |= bit;
    if (bit == KEY_SHAPE)
        return read_shape(c, h, err, errlen);
    if (bit == KEY_FORTRAN) {
        if (read_word(c, "True"))
            h->fortran = 1;
        else if (!read_word(c, "False"))
            return fail(err, errlen, "'fortran_order' is not True or False");
        return 0;
    }
    skip_ws(c);
    if (c->p < c->end && *c->p == '[')
        return fail(err, errlen, "structured dtypes are not supported");
    if (read_string(c, descr, sizeof descr) != 0)
        return fail(err, errlen, "'descr' is not a string");
    return parse_descr(descr, h, err, errlen);
}

static int parse_dict(cursor *c, npy_header *h, char *err, size_t errlen)
{
    unsigned seen = 0;

    if (!accept(c, '{'))
        return fail(err, errlen, "header is not a dict");
    while (!accept(c, '}')) {
        if (parse_entry(c, h, &seen, err, errlen) != 0)
            return -1;
        if (!accept(c, ',') && !(skip_ws(c), c->p < c->end && *c->p == '}'))
            return fail(err, errlen, "header dict is malformed");
    }
    skip_ws(c);
    if (c->p != c->end)
        return fail(err, errlen, "trailing characters after the header dict");
    if (seen != (KEY_DESCR | KEY_FORTRAN | KEY_SHAPE))
        return fail(err, errlen, "header lacks '%s'",
                    !(seen & KEY_DESCR) ? "descr"
                    : !(seen & KEY_SHAPE) ? "shape" : "fortran_order");
    return 0;
}

/* Element count and byte size, overflow-checked. */
static int sizes(npy_header *h, char *err, size_t errlen)
{
    size_t esize = h->void2 ? 2 : inductor_dtype_size(h->dtype), n = 1;

    for (size_t d = 0; d < h->ndim; d++) {
        if (h->shape[d] != 0 && n > SIZE_MAX / esize / (uint64_t)h->shape[d])
            return fail(err, errlen, "shape is too large");
        n *= (size_t)h->shape[d];
    }
    h->numel = n;
    h->nbytes = n * esize;
    return 0;
}

int npy_parse(const void *buf, size_t len, npy_header *h, char *err,
              size_t errlen)
{
    const unsigned char *b = buf;
    size_t hlen, pre;
    cursor c;

    memset(h, 0, sizeof *h);
    if (len < NPY_MAGIC_LEN + 2 || memcmp(b, NPY_MAGIC, NPY_MAGIC_LEN) != 0)
        return fail(err, errlen, "not a .npy file (bad magic)");
    if (b[6] < 1 || b[6] > 3)
        return fail(err, errlen, "unsupported .npy format version %u.%u",
                    b[6], b[7]);
    pre = b[6] == 1 ? 10 : 12;
    if (len < pre)
        return fail(err, errlen, "truncated .npy header");
    hlen = b[6] == 1 ? (size_t)b[8] | (size_t)b[9] << 8
                     : (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 |
                           (size_t)b[11] << 24;
    if (hlen > NPY_MAX_HEADER)
        return fail(err, errlen, "header of %zu bytes is too long", hlen);
    if (hlen > len - pre)
        return fail(err, errlen, "truncated .npy header (%zu of %zu bytes)",
                    len - pre, hlen);
    c.p = (const char *)b + pre;
    c.end = c.p + hlen;
    if (parse_dict(&c, h, err, errlen) != 0 || sizes(h, err, errlen) != 0)
        return -1;
    h->data_offset = pre + hlen;
    if (len - h->data_offset < h->nbytes)
        return fail(err, errlen, "truncated: the header needs %zu data bytes, "
                                 "the file has %zu", h->nbytes,
                    len - h->data_offset);
    if (len - h->data_offset > h->nbytes)
        return fail(err, errlen, "%zu bytes of trailing data after the array",
                    len - h->data_offset - h->nbytes);
    return 0;
}

/* ---- to a tensor ------------------------------------------------------ */

/* Copies column-major `src` into row-major `dst`: walks dst's indices in
 * order, keeping src's offset (first index fastest) in step. */
static void fortran_to_c(char *dst, const char *src, const npy_header *h,
                         size_t esize)
{
    size_t idx[INDUCTOR_MAX_DIMS] = {0}, fstride[INDUCTOR_MAX_DIMS];
    size_t off = 0;

    for (size_t d = 0, s = 1; d < h->ndim; d++) {
        fstride[d] = s;
        s *= (size_t)h->shape[d];
    }
    for (size_t i = 0; i < h->numel; i++) {
        memcpy(dst + i * esize, src + off * esize, esize);
        for (size_t d = h->ndim; d-- > 0;) {
            off += fstride[d];
            if (++idx[d] < (size_t)h->shape[d])
                break;
            off -= fstride[d] * idx[d];
            idx[d] = 0;
        }
    }
}

int npy_to_tensor(const void *buf, size_t len, inductor_dtype expect,
                  inductor_tensor **out, char *err, size_t errlen)
{
    npy_header h;
    inductor_dtype dt;
    const char *src;
    char *dst;
    size_t esize;

    *out = NULL;
    if (npy_parse(buf, len, &h, err, errlen) != 0)
        return -1;
    dt = h.dtype;
    if (h.void2) {
        if (expect != INDUCTOR_BFLOAT16)
            return fail(err, errlen, "2-byte void dtype ('V2') is read only as "
                                     "bfloat16, and %s is expected here",
                        expect == INDUCTOR_DTYPE_INVALID
                            ? "no dtype"
                            : inductor_dtype_name(expect));
        dt = INDUCTOR_BFLOAT16;
    }
    esize = inductor_dtype_size(dt);
    if (inductor_tensor_zeros(dt, h.shape, h.ndim, out) != INDUCTOR_OK)
        return fail(err, errlen, "%s", inductor_last_error());
    src = (const char *)buf + h.data_offset;
    dst = inductor_tensor_mutable_data(*out);
    if (h.fortran && h.ndim > 1)
        fortran_to_c(dst, src, &h, esize);
    else if (h.nbytes)
        memcpy(dst, src, h.nbytes);
    if (h.swap)
        byteorder_swap(dst, h.numel, esize);
    if (dt == INDUCTOR_BOOL)
        for (size_t i = 0; i < h.numel; i++)
            if ((unsigned char)dst[i] > 1) {
                unsigned bad = (unsigned char)dst[i]; /* dst dies with *out */

                inductor_tensor_free(*out);
                *out = NULL;
                return fail(err, errlen, "bool element %zu is %u, not 0 or 1",
                            i, bad);
            }
    return 0;
}

/* ---- encoding --------------------------------------------------------- */

static const char *descr_of(inductor_dtype dt)
{
    switch (dt) {
    case INDUCTOR_FLOAT32: return "<f4";
    case INDUCTOR_FLOAT64: return "<f8";
    case INDUCTOR_FLOAT16: return "<f2";
    case INDUCTOR_BFLOAT16: return "<V2";
    case INDUCTOR_INT64: return "<i8";
    case INDUCTOR_INT32: return "<i4";
    case INDUCTOR_INT16: return "<i2";
    case INDUCTOR_INT8: return "|i1";
    case INDUCTOR_UINT8: return "|u1";
    case INDUCTOR_BOOL: return "|b1";
    default: return NULL;
    }
}

static void format_header(char *hdr, size_t len, const inductor_tensor *t,
                          const char *descr)
{
    size_t used = (size_t)snprintf(hdr, len, "{'descr': '%s', 'fortran_order': "
                                             "False, 'shape': (", descr);
    size_t nd = inductor_tensor_ndim(t);

    for (size_t d = 0; d < nd && used < len; d++)
        used += (size_t)snprintf(hdr + used, len - used, "%lld%s",
                                 (long long)inductor_tensor_sizes(t)[d],
                                 nd == 1 ? "," : d + 1 < nd ? ", " : "");
    if (used < len)
        snprintf(hdr + used, len - used, "), }");
}

int npy_encode(const inductor_tensor *t, char **buf, size_t *len)
{
    const char *descr = descr_of(inductor_tensor_dtype(t));
    char hdr[512];
    size_t hlen, total, nbytes = inductor_tensor_nbytes(t);
    char *b;

    if (descr == NULL)
        return -1;
    format_header(hdr, sizeof hdr, t, descr);
    /* NumPy pads the header with spaces and a newline so the data starts
     * on a 64-byte boundary. */
    hlen = strlen(hdr) + 1;
    hlen += (64 - (10 + hlen) % 64) % 64;
    total = 10 + hlen + nbytes;
    if ((b = malloc(total)) == NULL)
        return -1;
    memcpy(b, NPY_MAGIC, NPY_MAGIC_LEN);
    b[6] = 1;
    b[7] = 0;
    b[8] = (char)(hlen & 0xff);
    b[9] = (char)(hlen >> 8);
    memset(b + 10, ' ', hlen);
    memcpy(b + 10, hdr, strlen(hdr));
    b[10 + hlen - 1] = '\n';
    if (nbytes)
        memcpy(b + 10 + hlen, inductor_tensor_data(t), nbytes);
    byteorder_le_to_host(b + 10 + hlen, inductor_tensor_numel(t),
                         inductor_dtype_size(inductor_tensor_dtype(t)));
    *buf = b;
    *len = total;
    return 0;
}
