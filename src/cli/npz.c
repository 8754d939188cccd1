/*
 * npz.c - read the members of a .npz through the library's zip reader
 * (inductor_archive_*: stored members of np.savez, deflated ones of
 * np.savez_compressed; sizes, CRC-32, names and overlaps checked there).
 */
#include <stdlib.h>
#include <string.h>

#include "inductor.h"

#include "errbuf.h"
#include "npz.h"

/* Every refusal is one printable line in the caller's err buffer. */
#define fail errbuf_set

/* What the archive is called in the library's messages; they begin with
 * it, and the caller names the file itself, so it is left out. */
#define ZIP_NAME "npz"

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

/* The library's last message without its leading "npz: ". */
static const char *reason(void)
{
    const char *m = inductor_last_error();
    size_t n = strlen(ZIP_NAME);

    return strncmp(m, ZIP_NAME ": ", n + 2) == 0 ? m + n + 2 : m;
}

static int read_member(const inductor_archive *z, size_t i, npz_member *m,
                       char *err, size_t errlen)
{
    const char *name = inductor_archive_entry(z, i, NULL);
    size_t nlen = strlen(name);
    void *data = NULL;

    if (nlen <= 4 || strcmp(name + nlen - 4, ".npy") != 0)
        return fail(err, errlen, "member '%s' is not a .npy array", name);
    if (inductor_archive_read(z, name, NPZ_MAX_MEMBER, &data, &m->len) !=
        INDUCTOR_OK)
        return fail(err, errlen, "%s", reason());
    m->data = data;
    if ((m->name = strndup(name, nlen - 4)) == NULL)
        return fail(err, errlen, "out of memory reading '%s'", name);
    return 0;
}

int npz_read_buffer(const void *buf, size_t len, npz_file *out, char *err,
                    size_t errlen)
{
    inductor_archive *z = NULL;
    size_t n;
    int rc = 0;

    out->n = 0;
    out->members = NULL;
    if (inductor_archive_open_memory(buf, len, ZIP_NAME, &z) != INDUCTOR_OK)
        return fail(err, errlen, "not a readable .npz: %s", reason());
    n = inductor_archive_count(z);
    out->members = calloc(n ? n : 1, sizeof *out->members);
    if (out->members == NULL)
        rc = fail(err, errlen, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        out->n = i + 1;
        rc = read_member(z, i, &out->members[i], err, errlen);
    }
    inductor_archive_close(z);
    if (rc != 0)
        npz_free(out);
    return rc;
}
