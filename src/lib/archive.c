/*
 * archive.c - inductor_archive (include/inductor.h): the hardened zip
 * reader of packages (pt2_archive.c), for any zip, so that the CLI reads
 * .npz files with the same checks as packages and no second zip parser.
 */
#include <stdlib.h>

#include "internal.h"
#include "pt2_archive.h"

struct inductor_archive {
    pt2_archive *zip;
};

/* Wraps what pt2_archive_open*() gave (closing it when out of memory). */
static inductor_status wrap(pt2_archive *zip, inductor_archive **out)
{
    inductor_archive *a;

    if (!(a = malloc(sizeof *a))) {
        pt2_archive_close(zip);
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    }
    a->zip = zip;
    *out = a;
    return INDUCTOR_OK;
}

inductor_status inductor_archive_open(const char *path, inductor_archive **out)
{
    pt2_archive *zip = NULL;
    inductor_status st;

    if (out)
        *out = NULL;
    if (!path || !out)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "inductor_archive_open: NULL argument");
    st = pt2_archive_open(path, &zip);
    return st == INDUCTOR_OK ? wrap(zip, out) : st;
}

inductor_status inductor_archive_open_memory(const void *data, size_t size,
                                             const char *name,
                                             inductor_archive **out)
{
    pt2_archive *zip = NULL;
    inductor_status st;

    if (out)
        *out = NULL;
    if ((!data && size > 0) || !out)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "inductor_archive_open_memory: NULL argument");
    st = pt2_archive_open_memory(data, size, name ? name : "(memory)", &zip);
    return st == INDUCTOR_OK ? wrap(zip, out) : st;
}

void inductor_archive_close(inductor_archive *a)
{
    if (!a)
        return;
    pt2_archive_close(a->zip);
    free(a);
}

size_t inductor_archive_count(const inductor_archive *a)
{
    return a ? pt2_archive_count(a->zip) : 0;
}

const char *inductor_archive_entry(const inductor_archive *a, size_t i,
                                   uint64_t *size)
{
    const pt2_archive *zip = a ? a->zip : NULL;

    if (size)
        *size = pt2_archive_entry_size(zip, i);
    return pt2_archive_entry_name(zip, i);
}

inductor_status inductor_archive_read(const inductor_archive *a,
                                      const char *name, size_t max_bytes,
                                      void **buf, size_t *len)
{
    return pt2_archive_read_named(a ? a->zip : NULL, name, max_bytes, buf,
                                  len);
}
