/*
 * package_file.c - one entry of a package's zip, read whole: what
 * inductor keeps beside the model in the package (its golden data) is
 * read through the same hardened reader as everything else, never by a
 * second zip parser in the CLI.
 */
#include <stdlib.h>

#include "package_internal.h"

inductor_status inductor_package_read_file(const inductor_package *p,
                                           const char *name, size_t max_bytes,
                                           void **buf, size_t *len)
{
    const pt2_entry *e;
    char *data = NULL;
    inductor_status s;

    if (buf)
        *buf = NULL;
    if (len)
        *len = 0;
    if (!p || !name || !buf)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "inductor_package_read_file: NULL argument");
    if ((e = pt2_archive_find(p->archive, name)) == NULL)
        return inductor__fail(INDUCTOR_ERR_MODEL_NOT_FOUND, "%s: no entry \"%s\"",
                              pt2_archive_path(p->archive), name);
    if (e->size > max_bytes)
        return inductor__fail(INDUCTOR_ERR_UNSUPPORTED,
                              "%s: entry \"%s\" is %llu bytes, more than the "
                              "%zu allowed", pt2_archive_path(p->archive), name,
                              (unsigned long long)e->size, max_bytes);
    s = pt2_archive_read(p->archive, e, max_bytes, &data, len);
    *buf = data;
    return s;
}
