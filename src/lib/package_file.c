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
    return pt2_archive_read_named(p ? p->archive : NULL, name, max_bytes, buf,
                                  len);
}
