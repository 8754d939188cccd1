/*
 * tensor_io.c - inputs from files into the model's input order (see
 * tensor_io.h).  Each file becomes tensors with an optional name; "slots"
 * then places each at its input index by name or by position.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errbuf.h"
#include "file_util.h"
#include "npy.h"
#include "npz.h"
#include "random_input.h"
#include "raw_input.h"
#include "tensor_io.h"
#include "tensor_json.h"

/* Every refusal is one printable line in the caller's err buffer, and
 * TENSOR_IO_BAD_INPUT (errbuf_set()'s -1) unless it says otherwise. */
#define fail errbuf_set

/* ---- slots: tensors by input index ------------------------------------ */

typedef struct slots {
    const inductor_signature *sig;
    size_t n_sig;    /* inputs the signature knows; 0: unknown */
    size_t next_pos; /* the next index for a tensor without a name */
    size_t extra;    /* positional tensors beyond n_sig */
    size_t cap;
    inductor_tensor **t;
} slots;

static void slots_free(slots *s)
{
    for (size_t i = 0; i < s->cap; i++)
        inductor_tensor_free(s->t[i]);
    free(s->t);
    s->t = NULL;
    s->cap = 0;
}

static int slots_grow(slots *s, size_t need, char *err, size_t errlen)
{
    size_t cap = s->cap ? s->cap : 4;
    inductor_tensor **g;

    if (need <= s->cap)
        return 0;
    while (cap < need)
        cap *= 2;
    if ((g = realloc(s->t, cap * sizeof *g)) == NULL)
        return fail(err, errlen, "out of memory");
    memset(g + s->cap, 0, (cap - s->cap) * sizeof *g);
    s->t = g;
    s->cap = cap;
    return 0;
}

static const char *input_label(const slots *s, size_t i, char *buf, size_t len)
{
    const char *name = inductor_signature_input_name(s->sig, i);

    if (name)
        snprintf(buf, len, "input %zu '%s'", i, name);
    else
        snprintf(buf, len, "input %zu", i);
    return buf;
}

static int unknown_name(const slots *s, const char *where, const char *name,
                        char *err, size_t errlen)
{
    char have[256] = "";
    size_t used = 0;

    if (s->n_sig == 0)
        return fail(err, errlen, "%s: input '%s': this package records no "
                                 "input names; give inputs by position",
                    where, name);
    for (size_t i = 0; i < s->n_sig && used < sizeof have; i++) {
        const char *n = inductor_signature_input_name(s->sig, i);
        used += (size_t)snprintf(have + used, sizeof have - used, "%s%s",
                                 i ? ", " : "", n ? n : "(unnamed)");
    }
    return fail(err, errlen, "%s: unknown input '%s' (the model's inputs: %s)",
                where, name, have);
}

/* The index for a tensor named `name` (NULL: the next position). */
static int slot_target(slots *s, const char *name, const char *where,
                       size_t *idx, char *err, size_t errlen)
{
    if (name == NULL) {
        *idx = s->next_pos++;
        return 0;
    }
    for (size_t i = 0; i < s->n_sig; i++) {
        const char *n = inductor_signature_input_name(s->sig, i);
        if (n && strcmp(n, name) == 0) {
            *idx = i;
            return 0;
        }
    }
    return unknown_name(s, where, name, err, errlen);
}

/* The dtype expected at idx, to resolve a bfloat16 .npy. */
static inductor_dtype slot_dtype(const slots *s, size_t idx)
{
    return inductor_signature_input_dtype(s->sig, idx);
}

/* Takes ownership of t. */
static int slot_put(slots *s, size_t idx, inductor_tensor *t,
                    const char *where, char *err, size_t errlen)
{
    char label[160];
    int rc;

    if (s->n_sig && idx >= s->n_sig) {
        s->extra++; /* reported with the total count at the end */
        inductor_tensor_free(t);
        return 0;
    }
    if ((rc = slots_grow(s, idx + 1, err, errlen)) != 0) {
        inductor_tensor_free(t);
        return rc;
    }
    if (s->t[idx] != NULL) {
        inductor_tensor_free(t);
        return fail(err, errlen, "%s: %s is given twice", where,
                    input_label(s, idx, label, sizeof label));
    }
    s->t[idx] = t;
    return 0;
}

static int slots_finish(slots *s, tensor_list *out, char *err, size_t errlen)
{
    size_t n = s->n_sig ? s->n_sig : s->next_pos, given = s->extra;
    char label[160];

    for (size_t i = 0; i < n && i < s->cap; i++)
        given += s->t[i] != NULL;
    if (s->extra)
        return fail(err, errlen, "expected %zu inputs, got %zu", s->n_sig,
                    given);
    for (size_t i = 0; i < n; i++)
        if (i >= s->cap || s->t[i] == NULL)
            return fail(err, errlen, "missing %s",
                        input_label(s, i, label, sizeof label));
    if ((out->items = calloc(n ? n : 1, sizeof *out->items)) == NULL)
        return fail(err, errlen, "out of memory");
    for (size_t i = 0; i < n; i++) {
        out->items[i] = s->t[i];
        s->t[i] = NULL;
    }
    out->n = n;
    return 0;
}

enum format { FMT_JSON, FMT_NPY, FMT_NPZ, FMT_RAW };

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static enum format format_of(const char *path, const char *head, size_t len)
{
    if (strcmp(path, "-") == 0 || has_suffix(path, ".json"))
        return FMT_JSON;
    if (has_suffix(path, ".npy"))
        return FMT_NPY;
    if (has_suffix(path, ".npz"))
        return FMT_NPZ;
    if (has_suffix(path, ".bin") || has_suffix(path, ".raw"))
        return FMT_RAW;
    if (len >= NPY_MAGIC_LEN && memcmp(head, NPY_MAGIC, NPY_MAGIC_LEN) == 0)
        return FMT_NPY;
    if (len >= 4 && memcmp(head, "PK\003\004", 4) == 0)
        return FMT_NPZ;
    return FMT_JSON;
}

/* Splits "NAME=FILE"; a NAME never holds '/' (so "./a=b.npy" is a file). */
static const char *split_name(const char *arg, char *name, size_t len)
{
    const char *eq = strchr(arg, '=');

    name[0] = '\0';
    if (eq == NULL || eq == arg || memchr(arg, '/', (size_t)(eq - arg)) ||
        (size_t)(eq - arg) >= len)
        return arg;
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    return eq + 1;
}

/* ---- one file at a time ----------------------------------------------- */

typedef struct loader {
    const tensor_io_request *req;
    slots s;
    size_t raw_seen; /* raw files so far: the k-th takes the k-th --dtype */
    char *err;
    size_t errlen;
} loader;

/* Checks the dtype where the signature records one, so that the message
 * names the file; then places the tensor (taking ownership). */
static int place(loader *l, size_t idx, inductor_tensor *t, const char *where)
{
    inductor_dtype want = slot_dtype(&l->s, idx);
    char label[160];

    if (want != INDUCTOR_DTYPE_INVALID && inductor_tensor_dtype(t) != want) {
        inductor_dtype got = inductor_tensor_dtype(t);
        inductor_tensor_free(t);
        return fail(l->err, l->errlen, "%s: %s: expected %s, got %s", where,
                    input_label(&l->s, idx, label, sizeof label),
                    inductor_dtype_name(want), inductor_dtype_name(got));
    }
    return slot_put(&l->s, idx, t, where, l->err, l->errlen);
}

static int load_json(loader *l, const char *text, size_t len, const char *shown)
{
    tensor_list list = {0, NULL, NULL};
    char why[480];
    int rc = 0;

    if (tensor_json_parse_named(text, len, &list, why, sizeof why) != 0)
        return fail(l->err, l->errlen, "%s: %s", shown, why);
    for (size_t i = 0; rc == 0 && i < list.n; i++) {
        const char *name = list.names ? list.names[i] : NULL;
        size_t idx;

        rc = slot_target(&l->s, name, shown, &idx, l->err, l->errlen);
        if (rc == 0) {
            rc = place(l, idx, list.items[i], shown);
            list.items[i] = NULL;
        }
    }
    tensor_list_free(&list);
    return rc;
}

static int load_npy(loader *l, const char *name, const char *buf, size_t len,
                    const char *shown)
{
    inductor_tensor *t;
    char why[400];
    size_t idx;
    int rc = slot_target(&l->s, name, shown, &idx, l->err, l->errlen);

    if (rc != 0)
        return rc;
    if (npy_to_tensor(buf, len, slot_dtype(&l->s, idx), &t, why, sizeof why))
        return fail(l->err, l->errlen, "%s: %s", shown, why);
    return place(l, idx, t, shown);
}

/* np.savez(f, a, b) names its arrays arr_0, arr_1: positions, unless the
 * model has inputs of those names. */
static int npz_target(loader *l, const char *member, const char *where,
                      size_t *idx)
{
    char *end;
    unsigned long pos;

    for (size_t i = 0; i < l->s.n_sig; i++) {
        const char *n = inductor_signature_input_name(l->s.sig, i);
        if (n && strcmp(n, member) == 0)
            return *idx = i, 0;
    }
    if (strncmp(member, "arr_", 4) == 0 && member[4] >= '0' &&
        member[4] <= '9' && (pos = strtoul(member + 4, &end, 10)) < 65536 &&
        *end == '\0')
        return *idx = (size_t)pos, 0;
    return unknown_name(&l->s, where, member, l->err, l->errlen);
}

static int load_npz(loader *l, const char *path, const char *shown)
{
    npz_file z;
    char why[400], where[600];
    int rc = 0;

    char *buf = NULL;
    size_t len = 0;

    /* Read whole through the capped reader, then parsed from memory: the
     * cap holds for what is really read, and stdin works too. */
    if (input_file_read(path, &buf, &len) != 0)
        return fail(l->err, l->errlen, "%s: cannot read: %s", shown,
                    input_file_error(errno));
    rc = npz_read_buffer(buf, len, &z, why, sizeof why);
    free(buf);
    if (rc != 0)
        return fail(l->err, l->errlen, "%s: %s", shown, why);
    for (size_t i = 0; rc == 0 && i < z.n; i++) {
        inductor_tensor *t;
        size_t idx = 0;

        snprintf(where, sizeof where, "%s: array '%s'", shown, z.members[i].name);
        if ((rc = npz_target(l, z.members[i].name, shown, &idx)) != 0)
            break;
        if (npy_to_tensor(z.members[i].data, z.members[i].len,
                          slot_dtype(&l->s, idx), &t, why, sizeof why) != 0)
            rc = fail(l->err, l->errlen, "%s: %s", where, why);
        else
            rc = place(l, idx, t, where);
    }
    npz_free(&z);
    return rc;
}

int tensor_io_parse_shape(const char *text, int64_t *sizes, size_t *ndim,
                          char *err, size_t errlen)
{
    const char *p = text;
    char *end;

    *ndim = 0;
    while (*p == ' ' || *p == '[' || *p == '(')
        p++;
    while (*p != '\0' && *p != ']' && *p != ')') {
        long long v;

        if (*ndim == INDUCTOR_MAX_DIMS)
            return fail(err, errlen, "shape '%s' has more than %d dimensions",
                        text, INDUCTOR_MAX_DIMS);
        errno = 0;
        v = strtoll(p, &end, 10);
        if (end == p || errno != 0 || v < 0)
            return fail(err, errlen, "shape '%s' is not a list of "
                                     "non-negative integers", text);
        sizes[(*ndim)++] = v;
        for (p = end; *p == ' '; p++)
            ;
        if (*p == ',' || *p == 'x')
            p++;
        while (*p == ' ')
            p++;
    }
    if (*p == ']' || *p == ')')
        p++;
    if (*p != '\0')
        return fail(err, errlen, "shape '%s' is not a list of non-negative "
                                 "integers", text);
    return 0;
}

/* A dynamic dimension's size when none is given: 1, or the smallest the
 * package accepts where that is more (a batch exported with min=3). */
static int64_t smallest_size(const inductor_signature *sig, size_t i, size_t d)
{
    int64_t lo = 1, hi;

    if (!inductor_signature_input_range(sig, i, d, &lo, &hi) || lo < 1)
        lo = 1;
    return lo;
}

/* The k-th of a repeatable option, or its only value, or NULL. */
static const char *kth(char **values, size_t n, size_t k)
{
    return n == 1 ? values[0] : k < n ? values[k] : NULL;
}

/* The dtype and shape of input idx: from --dtype/--shape (the k-th), else
 * from the signature (static sizes only). */
static int pick_spec(loader *l, size_t k, size_t idx, int dynamic_as_one,
                     const char *who, inductor_dtype *dt, int64_t *sizes,
                     size_t *nd)
{
    const char *d = kth(l->req->dtypes, l->req->n_dtypes, k);
    const char *sh = kth(l->req->shapes, l->req->n_shapes, k);
    const int64_t *rec;
    char label[160];

    *dt = d ? inductor_dtype_from_name(d) : slot_dtype(&l->s, idx);
    if (d && *dt == INDUCTOR_DTYPE_INVALID) {
        fail(l->err, l->errlen, "unknown dtype '%s' for %s", d, who);
        return TENSOR_IO_BAD_OPTION;
    }
    if (*dt == INDUCTOR_DTYPE_INVALID)
        return fail(l->err, l->errlen, "%s: give --dtype (the package records "
                                       "no dtype for %s)", who,
                    input_label(&l->s, idx, label, sizeof label));
    if (sh)
        return tensor_io_parse_shape(sh, sizes, nd, l->err, l->errlen)
                   ? TENSOR_IO_BAD_OPTION : TENSOR_IO_OK;
    rec = inductor_signature_input_sizes(l->s.sig, idx, nd);
    for (size_t i = 0; rec && i < *nd; i++) {
        if (rec[i] < 0 && !dynamic_as_one)
            return fail(l->err, l->errlen, "%s: give --shape (%s has a "
                                           "dynamic dimension %zu)", who,
                        input_label(&l->s, idx, label, sizeof label), i);
        sizes[i] = rec[i] < 0 ? smallest_size(l->s.sig, idx, i) : rec[i];
    }
    if (rec == NULL)
        return fail(l->err, l->errlen, "%s: give --shape (the package records "
                                       "no shape for %s)", who,
                    input_label(&l->s, idx, label, sizeof label));
    return 0;
}

static int load_raw(loader *l, const char *name, const char *path,
                    const char *shown)
{
    int64_t sizes[INDUCTOR_MAX_DIMS];
    inductor_dtype dt;
    inductor_tensor *t;
    size_t idx, nd = 0;
    char why[400];
    int rc = slot_target(&l->s, name, shown, &idx, l->err, l->errlen);

    if (rc == 0)
        rc = pick_spec(l, l->raw_seen++, idx, 0, shown, &dt, sizes, &nd);
    if (rc != 0)
        return rc;
    if (raw_input_read(path, dt, sizes, nd, &t, why, sizeof why) != 0)
        return fail(l->err, l->errlen, "%s: %s", shown, why);
    return place(l, idx, t, shown);
}

static int load_random(loader *l)
{
    size_t n = l->s.n_sig;
    uint64_t state = l->req->seed;

    if (n == 0)
        n = l->req->n_dtypes > l->req->n_shapes ? l->req->n_dtypes
                                                : l->req->n_shapes;
    if (n == 0)
        return fail(l->err, l->errlen, "--random: the package records no "
                                       "inputs; give --dtype and --shape for "
                                       "each");
    for (size_t i = 0; i < n; i++) {
        int64_t sizes[INDUCTOR_MAX_DIMS];
        inductor_dtype dt;
        inductor_tensor *t;
        size_t nd = 0;
        char why[400], who[48];
        int rc;

        snprintf(who, sizeof who, "--random input %zu", i);
        if ((rc = pick_spec(l, i, i, 1, who, &dt, sizes, &nd)) != 0)
            return rc;
        if (random_input_make(dt, sizes, nd, &state, &t, why, sizeof why) != 0)
            return fail(l->err, l->errlen, "%s: %s", who, why);
        if ((rc = slot_put(&l->s, l->s.next_pos++, t, who, l->err, l->errlen)))
            return rc;
    }
    return 0;
}

static int load_one(loader *l, const char *arg)
{
    char name[128], *buf = NULL;
    const char *path = split_name(arg, name, sizeof name);
    const char *shown = strcmp(path, "-") == 0 ? "standard input" : path;
    const char *nm = name[0] ? name : NULL;
    enum format f = format_of(path, "", 0);
    size_t len = 0;
    int rc;

    if (f == FMT_RAW)
        return load_raw(l, nm, path, shown);
    if (f != FMT_NPZ) {
        if (input_file_read(path, &buf, &len) != 0)
            return fail(l->err, l->errlen, "%s: cannot read: %s", shown,
                        input_file_error(errno));
        if (strcmp(path, "-") != 0 && f == FMT_JSON && !has_suffix(path, ".json"))
            f = format_of(path, buf, len); /* no known extension: sniff */
    }
    if (nm && (f == FMT_JSON || f == FMT_NPZ))
        rc = fail(l->err, l->errlen, "%s: NAME= is for one-tensor files (.npy, "
                                     "raw); %s names its inputs itself", arg,
                  f == FMT_JSON ? "JSON" : ".npz");
    else if (f == FMT_NPZ)
        rc = load_npz(l, path, shown);
    else if (f == FMT_NPY)
        rc = load_npy(l, nm, buf, len, shown);
    else
        rc = load_json(l, buf, len, shown);
    free(buf);
    return rc;
}

tensor_io_request tensor_io_request_from(const repeat_opt *rep, int random,
                                         uint64_t seed)
{
    tensor_io_request req;

    memset(&req, 0, sizeof req);
    req.inputs = rep[TENSOR_IO_OPT_INPUT].values;
    req.n_inputs = rep[TENSOR_IO_OPT_INPUT].n;
    req.dtypes = rep[TENSOR_IO_OPT_DTYPE].values;
    req.n_dtypes = rep[TENSOR_IO_OPT_DTYPE].n;
    req.shapes = rep[TENSOR_IO_OPT_SHAPE].values;
    req.n_shapes = rep[TENSOR_IO_OPT_SHAPE].n;
    req.random = random;
    req.seed = seed;
    return req;
}

/* A loader for `req` (whose inputs and options it reads) with *out empty. */
static void loader_init(loader *l, const tensor_io_request *req,
                        const inductor_signature *sig, tensor_list *out,
                        char *err, size_t errlen)
{
    memset(l, 0, sizeof *l);
    l->req = req;
    l->s.sig = sig;
    l->s.n_sig = inductor_signature_num_inputs(sig);
    l->err = err;
    l->errlen = errlen;
    out->n = 0;
    out->items = NULL;
    out->names = NULL;
}

/* Places what the loader holds into *out, or reports what is missing. */
static tensor_io_status loader_finish(loader *l, int rc, tensor_list *out)
{
    if (rc == 0)
        rc = slots_finish(&l->s, out, l->err, l->errlen);
    slots_free(&l->s);
    return rc == 0 ? TENSOR_IO_OK
                   : rc == TENSOR_IO_BAD_OPTION ? TENSOR_IO_BAD_OPTION
                                                : TENSOR_IO_BAD_INPUT;
}

tensor_io_status tensor_io_load(const tensor_io_request *req,
                                const inductor_signature *sig,
                                tensor_list *out, char *err, size_t errlen)
{
    loader l;
    int rc = 0;

    loader_init(&l, req, sig, out, err, errlen);
    if (req->random)
        rc = load_random(&l);
    for (size_t i = 0; rc == 0 && i < req->n_inputs; i++)
        rc = load_one(&l, req->inputs[i]);
    return loader_finish(&l, rc, out);
}

/* Used by `infer --batch`: one JSON request already in memory. */
tensor_io_status tensor_io_load_json(const char *text, size_t len,
                                     const char *shown,
                                     const inductor_signature *sig,
                                     tensor_list *out, char *err,
                                     size_t errlen)
{
    tensor_io_request req;
    loader l;

    memset(&req, 0, sizeof req);
    loader_init(&l, &req, sig, out, err, errlen);
    return loader_finish(&l, load_json(&l, text, len, shown), out);
}
