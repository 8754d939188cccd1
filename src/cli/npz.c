/*
 * npz.c - read the members of a .npz with libzip (which also inflates
 * np.savez_compressed's deflated members).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "errbuf.h"
#include "npz.h"

/* Every refusal is one printable line in the caller's err buffer. */
#define fail errbuf_set

void npz_free(npz_file *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->members[i].name);
        free(f->members[i].data);
    }
    free(f->members);
    f->members = NULL;
    f->n = 0;
}

static int check_member(zip_t *z, zip_uint64_t i, zip_stat_t *st, char *err,
                        size_t errlen)
{
    size_t nlen;

    if (zip_stat_index(z, i, 0, st) != 0 ||
        (st->valid & (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) !=
            (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE))
        return fail(err, errlen, "member %llu: %s", (unsigned long long)i,
                    zip_strerror(z));
    nlen = strlen(st->name);
    if (nlen <= 4 || strcmp(st->name + nlen - 4, ".npy") != 0)
        return fail(err, errlen, "member '%s' is not a .npy array", st->name);
    if (st->size > NPZ_MAX_MEMBER ||
        (st->size > (1u << 20) && st->size / NPZ_MAX_RATIO > st->comp_size))
        return fail(err, errlen, "member '%s' is too large (%llu bytes)",
                    st->name, (unsigned long long)st->size);
    return 0;
}

static int read_member(zip_t *z, zip_uint64_t i, npz_member *m, char *err,
                       size_t errlen)
{
    zip_stat_t st;
    zip_file_t *f;
    zip_int64_t got;

    if (check_member(z, i, &st, err, errlen) != 0)
        return -1;
    m->name = strndup(st.name, strlen(st.name) - 4);
    m->data = malloc(st.size ? st.size : 1);
    if (m->name == NULL || m->data == NULL)
        return fail(err, errlen, "out of memory reading '%s'", st.name);
    if ((f = zip_fopen_index(z, i, 0)) == NULL)
        return fail(err, errlen, "member '%s': %s", st.name, zip_strerror(z));
    got = zip_fread(f, m->data, st.size);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        fail(err, errlen, "member '%s': %s", st.name,
             got < 0 ? zip_file_strerror(f) : "shorter than its size");
        zip_fclose(f);
        return -1;
    }
    /* zip_fclose reports a CRC mismatch found while reading. */
    if (zip_fclose(f) != 0)
        return fail(err, errlen, "member '%s': CRC error", st.name);
    m->len = (size_t)st.size;
    return 0;
}

static int cmp_member_names(const void *a, const void *b)
{
    return strcmp((*(const npz_member *const *)a)->name,
                  (*(const npz_member *const *)b)->name);
}

/* An array named twice would silently shadow the other: refused.  Sorted,
 * so an archive of many members costs O(n log n), not O(n^2). */
static int check_unique(const npz_file *f, char *err, size_t errlen)
{
    const npz_member **v = malloc((f->n ? f->n : 1) * sizeof *v);
    int rc = 0;

    if (v == NULL)
        return fail(err, errlen, "out of memory");
    for (size_t i = 0; i < f->n; i++)
        v[i] = &f->members[i];
    qsort(v, f->n, sizeof *v, cmp_member_names);
    for (size_t i = 1; i < f->n && rc == 0; i++)
        if (strcmp(v[i - 1]->name, v[i]->name) == 0)
            rc = fail(err, errlen, "array '%s' appears twice", v[i]->name);
    free(v);
    return rc;
}

static int read_all(zip_t *z, npz_file *out, char *err, size_t errlen)
{
    zip_int64_t n = zip_get_num_entries(z, 0);

    if (n < 0)
        return fail(err, errlen, "%s", zip_strerror(z));
    out->members = calloc(n ? (size_t)n : 1, sizeof *out->members);
    if (out->members == NULL)
        return fail(err, errlen, "out of memory");
    for (zip_int64_t i = 0; i < n; i++) {
        out->n = (size_t)i + 1;
        if (read_member(z, (zip_uint64_t)i, &out->members[i], err, errlen) != 0)
            return -1;
    }
    return check_unique(out, err, errlen);
}

/* Reads the archive and always closes it: the shared end of npz_read() and
 * npz_read_buffer(). */
static int read_and_close(zip_t *z, npz_file *out, char *err, size_t errlen)
{
    int rc = read_all(z, out, err, errlen);

    zip_discard(z);
    if (rc != 0)
        npz_free(out);
    return rc;
}

static int open_failed(zip_error_t *e, char *err, size_t errlen)
{
    /* libzip's own words for a duplicate name ("File already exists")
     * would send the user looking for a file system problem. */
    if (zip_error_code_zip(e) == ZIP_ER_EXISTS)
        fail(err, errlen, "not a readable .npz: two members have the same "
             "name");
    else
        fail(err, errlen, "not a readable .npz: %s", zip_error_strerror(e));
    zip_error_fini(e);
    return -1;
}

int npz_read(const char *path, npz_file *out, char *err, size_t errlen)
{
    int zerr = 0;
    zip_t *z;

    out->n = 0;
    out->members = NULL;
    if ((z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == NULL) {
        zip_error_t e;

        zip_error_init_with_code(&e, zerr);
        return open_failed(&e, err, errlen);
    }
    return read_and_close(z, out, err, errlen);
}

int npz_read_buffer(const void *buf, size_t len, npz_file *out, char *err,
                    size_t errlen)
{
    zip_error_t e;
    zip_source_t *src;
    zip_t *z;

    out->n = 0;
    out->members = NULL;
    zip_error_init(&e);
    /* freep 0: the caller keeps the buffer; the source only reads it. */
    if ((src = zip_source_buffer_create(buf, len, 0, &e)) == NULL)
        return open_failed(&e, err, errlen);
    if ((z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &e)) == NULL) {
        zip_source_free(src);
        return open_failed(&e, err, errlen);
    }
    zip_error_fini(&e);
    return read_and_close(z, out, err, errlen);
}
