/*
 * tensor_json.c - JSON input parsing with validation, and output encoding.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "half.h"
#include "tensor_elem.h"
#include "tensor_json.h"
#include "tensor_json_fast.h"

/* ---- errors ---------------------------------------------------------- */

/* Every refusal is one printable line in the caller's err buffer. */
#define fail errbuf_set

/* ---- reading one element --------------------------------------------- */

/* Integer ranges per dtype; a value outside is refused, never wrapped. */
/* Converts one JSON value into element storage; a message on failure. */
static int read_element(json_object *v, inductor_dtype dt, void *dst,
                        const char **why)
{
    int64_t lo = 0, hi = 0, iv;

    if (tensor_elem_is_float(dt)) {
        if (!json_object_is_type(v, json_type_double) &&
            !json_object_is_type(v, json_type_int))
            return *why = "expected a number", -1;
        tensor_elem_store_float(dt, dst, json_object_get_double(v));
        return 0;
    }
    if (dt == INDUCTOR_BOOL) {
        if (json_object_is_type(v, json_type_boolean))
            iv = json_object_get_boolean(v);
        else if (json_object_is_type(v, json_type_int) &&
                 ((iv = json_object_get_int64(v)) == 0 || iv == 1))
            ;
        else
            return *why = "expected true or false", -1;
        *(uint8_t *)dst = (uint8_t)iv;
        return 0;
    }
    if (!json_object_is_type(v, json_type_int))
        return *why = "expected an integer", -1;
    tensor_elem_int_range(dt, &lo, &hi);
    iv = json_object_get_int64(v);
    /* json-c keeps values above INT64_MAX as uint64 and saturates int64. */
    if ((iv == INT64_MAX && json_object_get_uint64(v) > (uint64_t)INT64_MAX) ||
        iv < lo || iv > hi)
        return *why = "integer out of range", -1;
    tensor_elem_store_int(dt, dst, iv);
    return 0;
}

/* ---- reading one tensor ---------------------------------------------- */

static void format_shape(char *buf, size_t len, const int64_t *sizes,
                         size_t nd)
{
    size_t used = (size_t)snprintf(buf, len, "[");
    for (size_t d = 0; d < nd && used < len; d++)
        used += (size_t)snprintf(buf + used, len - used, "%s%lld",
                                 d ? ", " : "", (long long)sizes[d]);
    if (used < len)
        snprintf(buf + used, len - used, "]");
}

static int read_shape(json_object *shape, int64_t *sizes, size_t *nd,
                      const char *who, char *err, size_t errlen)
{
    if (shape == NULL)
        return fail(err, errlen, "%s: missing \"shape\"", who);
    if (!json_object_is_type(shape, json_type_array))
        return fail(err, errlen, "%s: \"shape\" must be an array", who);
    *nd = json_object_array_length(shape);
    if (*nd > INDUCTOR_MAX_DIMS)
        return fail(err, errlen, "%s: %zu dimensions, at most %d", who, *nd,
                    INDUCTOR_MAX_DIMS);
    for (size_t d = 0; d < *nd; d++) {
        json_object *v = json_object_array_get_idx(shape, d);
        if (!json_object_is_type(v, json_type_int))
            return fail(err, errlen, "%s: shape entry %zu is not an integer",
                        who, d);
        sizes[d] = json_object_get_int64(v);
        if (sizes[d] < 0)
            return fail(err, errlen, "%s: shape entry %zu is negative (%lld)",
                        who, d, (long long)sizes[d]);
    }
    return 0;
}

/* Product of the shape, or -1 on overflow. */
static int shape_numel(const int64_t *sizes, size_t nd, size_t *numel)
{
    size_t n = 1;
    for (size_t d = 0; d < nd; d++) {
        if (sizes[d] != 0 && n > SIZE_MAX / 16 / (uint64_t)sizes[d])
            return -1;
        n *= (size_t)sizes[d];
    }
    *numel = n;
    return 0;
}

static int fill_data(json_object *data, inductor_tensor *t, const char *who,
                     char *err, size_t errlen)
{
    inductor_dtype dt = inductor_tensor_dtype(t);
    size_t esize = inductor_dtype_size(dt);
    char *dst = inductor_tensor_mutable_data(t);
    const char *why = NULL;

    for (size_t i = 0; i < inductor_tensor_numel(t); i++)
        if (read_element(json_object_array_get_idx(data, i), dt,
                         dst + i * esize, &why) != 0)
            return fail(err, errlen, "%s: data[%zu]: %s for %s", who, i, why,
                        inductor_dtype_name(dt));
    return 0;
}

static int read_tensor(json_object *obj, inductor_dtype dt, const char *who,
                       inductor_tensor **out, char *err, size_t errlen)
{
    json_object *shape = NULL, *data = NULL;
    int64_t sizes[INDUCTOR_MAX_DIMS];
    size_t nd = 0, numel, have;
    char shape_str[128];

    json_object_object_get_ex(obj, "shape", &shape);
    json_object_object_get_ex(obj, "data", &data);
    if (read_shape(shape, sizes, &nd, who, err, errlen) != 0)
        return -1;
    if (data == NULL || !json_object_is_type(data, json_type_array))
        return fail(err, errlen, "%s: \"data\" must be a flat array", who);
    if (shape_numel(sizes, nd, &numel) != 0)
        return fail(err, errlen, "%s: shape is too large", who);
    have = json_object_array_length(data);
    if (have != numel) {
        format_shape(shape_str, sizeof shape_str, sizes, nd);
        return fail(err, errlen, "%s: data has %zu values, shape %s needs %zu",
                    who, have, shape_str, numel);
    }
    if (inductor_tensor_zeros(dt, sizes, nd, out) != INDUCTOR_OK)
        return fail(err, errlen, "%s: %s", who, inductor_last_error());
    if (fill_data(data, *out, who, err, errlen) != 0) {
        inductor_tensor_free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

static int read_dtype(json_object *obj, inductor_dtype *dt, const char *who,
                      char *err, size_t errlen)
{
    json_object *v;

    *dt = INDUCTOR_FLOAT32; /* the classic format's only dtype */
    if (!json_object_object_get_ex(obj, "dtype", &v))
        return 0;
    if (!json_object_is_type(v, json_type_string) ||
        (*dt = inductor_dtype_from_name(json_object_get_string(v))) ==
            INDUCTOR_DTYPE_INVALID)
        return fail(err, errlen, "%s: unknown dtype %s", who,
                    json_object_to_json_string(v));
    return 0;
}

/* ---- duplicate keys -------------------------------------------------- */

/* json-c keeps the last of two equal keys silently, so an input named twice
 * would pass unnoticed.  This scan over the (already valid) JSON text finds
 * an object that holds a key twice; keys compare as written. */
#define MAX_SCAN_DEPTH 64

typedef struct key_span {
    size_t start, len;
} key_span;

static int span_cmp(const void *a, const void *b, void *text)
{
    const key_span *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp((const char *)text + x->start, (const char *)text + y->start, n);

    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Sorts one object's keys and reports the first pair of equals. */
static int check_object(const char *text, key_span *keys, size_t n, char *err,
                        size_t errlen)
{
    if (n < 2) /* nothing to compare; keys may be NULL for {} */
        return 0;
    qsort_r(keys, n, sizeof *keys, span_cmp, (void *)text);
    for (size_t i = 1; i < n; i++)
        if (span_cmp(&keys[i - 1], &keys[i], (void *)text) == 0)
            return fail(err, errlen, "duplicate key \"%.*s\" in a JSON object",
                        (int)(keys[i].len > 80 ? 80 : keys[i].len),
                        text + keys[i].start);
    return 0;
}

/* Length of the string token starting at text[i] (the opening quote). */
static size_t string_len(const char *text, size_t len, size_t i)
{
    size_t j = i + 1;

    while (j < len && text[j] != '"')
        j += text[j] == '\\' ? 2 : 1;
    return (j < len ? j + 1 : len) - i;
}

typedef struct scan_frame {
    int is_object, want_key;
    size_t base;
} scan_frame;

static int push_key(key_span **keys, size_t *n, size_t *cap, size_t start,
                    size_t len)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        key_span *g = realloc(*keys, ncap * sizeof *g);
        if (g == NULL)
            return -1;
        *keys = g;
        *cap = ncap;
    }
    (*keys)[(*n)++] = (key_span){start, len};
    return 0;
}

static int find_duplicate_key(const char *text, size_t len, char *err,
                              size_t errlen)
{
    scan_frame st[MAX_SCAN_DEPTH];
    key_span *keys = NULL;
    size_t depth = 0, n = 0, cap = 0;
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < len; i++) {
        scan_frame *top = depth ? &st[depth - 1] : NULL;
        char ch = text[i];

        if (ch == '"') {
            size_t sl = string_len(text, len, i);
            if (top && top->is_object && top->want_key) {
                top->want_key = 0;
                if (push_key(&keys, &n, &cap, i + 1, sl >= 2 ? sl - 2 : 0))
                    rc = fail(err, errlen, "out of memory");
            }
            i += sl - 1;
        } else if ((ch == '{' || ch == '[') && depth < MAX_SCAN_DEPTH) {
            st[depth++] = (scan_frame){ch == '{', ch == '{', n};
        } else if ((ch == '}' || ch == ']') && depth > 0) {
            /* An empty object has no keys (and `keys` may still be NULL,
             * where even a zero offset is undefined). */
            if (top->is_object && n > top->base)
                rc = check_object(text, keys + top->base, n - top->base, err,
                                  errlen);
            n = top->base;
            depth--;
        } else if (ch == ',' && top && top->is_object) {
            top->want_key = 1;
        }
    }
    free(keys);
    return rc;
}

/* ---- documents ------------------------------------------------------- */

static int list_alloc(tensor_list *out, size_t n, char *err, size_t errlen)
{
    out->items = calloc(n ? n : 1, sizeof *out->items);
    if (out->items == NULL)
        return fail(err, errlen, "out of memory");
    return 0;
}

static int parse_multi(json_object *inputs, tensor_list *out, char *err,
                       size_t errlen)
{
    size_t n;

    if (!json_object_is_type(inputs, json_type_array))
        return fail(err, errlen, "\"inputs\" must be an array or an object");
    n = json_object_array_length(inputs);
    if (list_alloc(out, n, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        json_object *obj = json_object_array_get_idx(inputs, i);
        inductor_dtype dt;
        char who[32];

        snprintf(who, sizeof who, "input %zu", i);
        if (!json_object_is_type(obj, json_type_object))
            return fail(err, errlen, "%s: must be an object", who);
        if (read_dtype(obj, &dt, who, err, errlen) != 0 ||
            read_tensor(obj, dt, who, &out->items[i], err, errlen) != 0)
            return -1;
        out->n = i + 1;
    }
    return 0;
}

/* {"inputs": {"name": {...}, ...}}: names kept in document order. */
static int parse_named(json_object *inputs, tensor_list *out, char *err,
                       size_t errlen)
{
    size_t n = (size_t)json_object_object_length(inputs), i = 0;

    if (list_alloc(out, n, err, errlen) != 0)
        return -1;
    if ((out->names = calloc(n ? n : 1, sizeof *out->names)) == NULL)
        return fail(err, errlen, "out of memory");
    json_object_object_foreach(inputs, key, obj) {
        inductor_dtype dt;
        char who[96];

        snprintf(who, sizeof who, "input '%.80s'", key);
        if (!json_object_is_type(obj, json_type_object))
            return fail(err, errlen, "%s: must be an object", who);
        if (read_dtype(obj, &dt, who, err, errlen) != 0 ||
            read_tensor(obj, dt, who, &out->items[i], err, errlen) != 0)
            return -1;
        out->n = ++i;
        if ((out->names[i - 1] = strdup(key)) == NULL)
            return fail(err, errlen, "out of memory");
    }
    return 0;
}

static int parse_document(json_object *root, tensor_list *out, int named,
                          char *err, size_t errlen)
{
    json_object *inputs = NULL;
    int has_inputs;

    if (!json_object_is_type(root, json_type_object))
        return fail(err, errlen, "expected a JSON object with \"inputs\" or "
                                 "\"data\" and \"shape\"");
    has_inputs = json_object_object_get_ex(root, "inputs", &inputs);
    if (has_inputs && json_object_is_type(inputs, json_type_object)) {
        if (!named)
            return fail(err, errlen, "\"inputs\" must be an array (inputs "
                                     "given by name need the model's input "
                                     "names)");
        return parse_named(inputs, out, err, errlen);
    }
    if (has_inputs)
        return parse_multi(inputs, out, err, errlen);
    if (!json_object_object_get_ex(root, "data", NULL))
        return fail(err, errlen, "expected \"inputs\", or \"data\" and "
                                 "\"shape\"");
    if (list_alloc(out, 1, err, errlen) != 0 ||
        read_tensor(root, INDUCTOR_FLOAT32, "input 0", &out->items[0], err,
                    errlen) != 0)
        return -1;
    out->n = 1;
    return 0;
}

/* json-c turns an integer literal outside [INT64_MIN, UINT64_MAX] into the
 * nearest end of that range without an error, so -9223372036854775809
 * would read as a valid int64 and 1 followed by 20 zeros as 2^64 - 1 in a
 * float tensor.  Returns the byte offset of the first such literal outside
 * strings, or SIZE_MAX if there is none. */
static size_t find_huge_integer(const char *s, size_t len)
{
    static const char min64[] = "9223372036854775808";  /* -INT64_MIN */
    static const char max64[] = "18446744073709551615"; /* UINT64_MAX */
    int in_string = 0;

    for (size_t i = 0; i < len; i++) {
        size_t j = i, first, digits;
        const char *lim;

        if (in_string) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                in_string = 0;
            continue;
        }
        if (s[i] == '"') {
            in_string = 1;
            continue;
        }
        if (s[i] != '-' && (s[i] < '0' || s[i] > '9'))
            continue;
        lim = s[i] == '-' ? min64 : max64;
        if (s[j] == '-')
            j++;
        while (j < len && s[j] == '0')
            j++;
        for (first = j; j < len && s[j] >= '0' && s[j] <= '9'; j++)
            ;
        digits = j - first;
        if ((j >= len || (s[j] != '.' && s[j] != 'e' && s[j] != 'E')) &&
            (digits > strlen(lim) ||
             (digits == strlen(lim) && memcmp(s + first, lim, digits) > 0)))
            return i;
        while (j < len && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.' ||
                           s[j] == 'e' || s[j] == 'E' || s[j] == '+' ||
                           s[j] == '-'))
            j++; /* the rest of a float literal */
        i = j - 1;
    }
    return SIZE_MAX;
}

static int parse_text(const char *text, size_t len, tensor_list *out,
                      int named, char *err, size_t errlen)
{
    json_tokener *tok = json_tokener_new();
    json_object *root;
    enum json_tokener_error jerr;
    size_t consumed;
    int rc;

    out->n = 0;
    out->items = NULL;
    out->names = NULL;
    if (tok == NULL)
        return fail(err, errlen, "out of memory");
    if (len >= INT_MAX) {
        json_tokener_free(tok);
        return fail(err, errlen, "input is too large for JSON (use .npy)");
    }
    /* Include the terminating NUL so a bare trailing number is complete. */
    root = json_tokener_parse_ex(tok, text, (int)len + 1);
    jerr = json_tokener_get_error(tok);
    consumed = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (root == NULL || jerr != json_tokener_success) {
        json_object_put(root);
        return fail(err, errlen, "not valid JSON: %s at byte %zu",
                    (jerr == json_tokener_continue || jerr == json_tokener_error_parse_eof)
                        ? "unexpected end of input"
                        : json_tokener_error_desc(jerr), consumed);
    }
    for (; consumed < len; consumed++)
        if (text[consumed] != ' ' && text[consumed] != '\t' &&
            text[consumed] != '\r' && text[consumed] != '\n') {
            json_object_put(root);
            return fail(err, errlen, "not valid JSON: trailing data at byte "
                                     "%zu", consumed);
        }
    if ((consumed = find_huge_integer(text, len)) != SIZE_MAX) {
        json_object_put(root);
        return fail(err, errlen, "integer at byte %zu is out of range of a "
                                 "64-bit integer", consumed);
    }
    if (named && (rc = find_duplicate_key(text, len, err, errlen)) != 0) {
        json_object_put(root);
        return rc;
    }
    rc = parse_document(root, out, named, err, errlen);
    json_object_put(root);
    if (rc != 0)
        tensor_list_free(out);
    return rc;
}

int tensor_json_parse_with(const char *text, size_t len, int named,
                           int fast, tensor_list *out, char *err,
                           size_t errlen)
{
    /* Well-formed documents take the fast path; anything it gives up on
     * (every refusal among them) is parsed again here, for the error. */
    if (fast && tensor_json_fast_parse(text, len, named, out) == 0)
        return 0;
    return parse_text(text, len, out, named, err, errlen);
}

int tensor_json_parse_inputs(const char *text, size_t len, tensor_list *out,
                             char *err, size_t errlen)
{
    return tensor_json_parse_with(text, len, 0, 1, out, err, errlen);
}

int tensor_json_parse_named(const char *text, size_t len, tensor_list *out,
                            char *err, size_t errlen)
{
    return tensor_json_parse_with(text, len, 1, 1, out, err, errlen);
}

/* ---- writing --------------------------------------------------------- */

double tensor_element_as_double(const inductor_tensor *t, size_t i)
{
    const char *p = (const char *)inductor_tensor_data(t) +
                    i * inductor_dtype_size(inductor_tensor_dtype(t));
    union { float f; double d; int64_t i64; int32_t i32; int16_t i16;
            uint16_t u16; int8_t i8; uint8_t u8; } v;

    memcpy(&v, p, inductor_dtype_size(inductor_tensor_dtype(t)));
    switch (inductor_tensor_dtype(t)) {
    case INDUCTOR_FLOAT32: return v.f;
    case INDUCTOR_FLOAT64: return v.d;
    case INDUCTOR_FLOAT16: return half_to_float(v.u16);
    case INDUCTOR_BFLOAT16: return bfloat16_to_float(v.u16);
    case INDUCTOR_INT64: return (double)v.i64;
    case INDUCTOR_INT32: return v.i32;
    case INDUCTOR_INT16: return v.i16;
    case INDUCTOR_INT8: return v.i8;
    case INDUCTOR_UINT8: return v.u8;
    case INDUCTOR_BOOL: return v.u8 != 0;
    default: return NAN;
    }
}

/* Floats print with the digits that round-trip their own precision. */
static json_object *float_json(double v, inductor_dtype dt)
{
    char buf[40];

    if (isnan(v))
        return json_object_new_double_s(v, "NaN");
    if (isinf(v))
        return json_object_new_double_s(v, v > 0 ? "Infinity" : "-Infinity");
    snprintf(buf, sizeof buf, dt == INDUCTOR_FLOAT64 ? "%.17g" : "%.9g", v);
    return json_object_new_double_s(v, buf);
}

static json_object *element_json(const inductor_tensor *t, size_t i)
{
    inductor_dtype dt = inductor_tensor_dtype(t);

    if (tensor_elem_is_float(dt))
        return float_json(tensor_element_as_double(t, i), dt);
    if (dt == INDUCTOR_BOOL)
        return json_object_new_boolean(tensor_element_as_double(t, i) != 0);
    if (dt == INDUCTOR_INT64) {
        int64_t v;
        memcpy(&v, (const char *)inductor_tensor_data(t) + i * 8, sizeof v);
        return json_object_new_int64(v);
    }
    return json_object_new_int64((int64_t)tensor_element_as_double(t, i));
}

static json_object *shape_json(const inductor_tensor *t)
{
    json_object *a = json_object_new_array();
    for (size_t d = 0; a && d < inductor_tensor_ndim(t); d++)
        json_object_array_add(a, json_object_new_int64(inductor_tensor_sizes(t)[d]));
    return a;
}

json_object *tensor_json_from_tensor(const inductor_tensor *t, size_t index,
                                     int with_data)
{
    json_object *o = json_object_new_object();
    json_object *data;

    if (o == NULL)
        return NULL;
    json_object_object_add(o, "index", json_object_new_int64((int64_t)index));
    json_object_object_add(
        o, "dtype", json_object_new_string(inductor_dtype_name(inductor_tensor_dtype(t))));
    json_object_object_add(o, "shape", shape_json(t));
    if (!with_data)
        return o;
    data = json_object_new_array_ext((int)inductor_tensor_numel(t));
    for (size_t i = 0; data && i < inductor_tensor_numel(t); i++)
        json_object_array_add(data, element_json(t, i));
    json_object_object_add(o, "data", data);
    return o;
}

json_object *tensor_json_outputs(inductor_tensor *const *outs, size_t n,
                                 double latency_ms, int with_data)
{
    return tensor_json_outputs_ex(outs, NULL, NULL, n, latency_ms, with_data);
}

/* One output, with "key" right after "index" so the old keys keep their
 * order, and "file" in place of "data". */
static json_object *output_json(const inductor_tensor *t, size_t i,
                                const char *key, const char *file,
                                int with_data)
{
    json_object *o = tensor_json_from_tensor(t, i, with_data && !file);
    json_object *tail = json_object_new_object();

    if (o == NULL || tail == NULL || key == NULL) {
        json_object_put(tail);
        if (o && file)
            json_object_object_add(o, "file", json_object_new_string(file));
        return o;
    }
    /* json-c keeps insertion order: rebuild as index, key, then the rest. */
    json_object_object_add(tail, "index", json_object_get(json_object_object_get(o, "index")));
    json_object_object_add(tail, "key", json_object_new_string(key));
    json_object_object_foreach(o, k, v) {
        if (strcmp(k, "index") != 0)
            json_object_object_add(tail, k, json_object_get(v));
    }
    if (file)
        json_object_object_add(tail, "file", json_object_new_string(file));
    json_object_put(o);
    return tail;
}

json_object *tensor_json_outputs_ex(inductor_tensor *const *outs,
                                    const char *const *keys,
                                    const char *const *files, size_t n,
                                    double latency_ms, int with_data)
{
    json_object *doc = json_object_new_object();
    json_object *list = json_object_new_array();
    char latency[32];

    if (doc == NULL || list == NULL) {
        json_object_put(doc);
        json_object_put(list);
        return NULL;
    }
    snprintf(latency, sizeof latency, "%.4f", latency_ms);
    json_object_object_add(doc, "latency_ms",
                           json_object_new_double_s(latency_ms, latency));
    json_object_object_add(doc, "num_outputs", json_object_new_int64((int64_t)n));
    for (size_t i = 0; i < n; i++)
        json_object_array_add(list, output_json(outs[i], i, keys ? keys[i] : NULL,
                                                files ? files[i] : NULL,
                                                with_data));
    json_object_object_add(doc, "outputs", list);
    return doc;
}
