/*
 * pt2_archive.h - a minimal, defensive zip reader for AOTInductor .pt2
 * packages.  Internal to libinductor; not installed.
 *
 * A .pt2 is a zip (Zip64 when PyTorch writes it) whose entries are stored
 * uncompressed; archives rewritten by other tools may also use deflate.
 * Only what inductor needs is supported: one disk, methods 0 and 8, no
 * encryption.
 *
 * This reader is a security boundary: pt2_archive_open() refuses the whole
 * archive if any entry could escape a directory it is extracted into
 * (absolute names, ".." components, backslashes, NUL bytes, symlinks), has
 * a name with control characters (names end up in messages and listings),
 * is encrypted, uses another method, has duplicate names, has sizes that
 * do not fit the file or look like a decompression bomb, or overlaps
 * another entry (overlapping entries multiply one compressed block into
 * many outputs: the "non-recursive zip bomb").  So a caller that
 * got an archive may trust every entry's name and sizes; only the data
 * itself (CRC-32) is checked later, by pt2_archive_read().
 *
 * Errors are reported through inductor__fail(): INDUCTOR_ERR_IO when the
 * file cannot be read, INDUCTOR_ERR_BAD_PACKAGE when it is not an
 * acceptable zip, with a one-line message naming the file (and the entry).
 *
 * Thread-safety: an open archive is read with pread() only, so any number
 * of threads may call the const functions on one archive concurrently.
 */
#ifndef INDUCTOR_PT2_ARCHIVE_H
#define INDUCTOR_PT2_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "inductor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits enforced by pt2_archive_open(). */
#define PT2_MAX_ENTRIES 100000u
#define PT2_MAX_DEFLATE_SIZE (UINT64_C(16) << 30) /* uncompressed, deflate */
#define PT2_MAX_DEFLATE_RATIO 1000u               /* uncompressed : compressed */

typedef struct pt2_entry {
    const char *name;      /* as stored, NUL-terminated */
    uint64_t size;         /* uncompressed */
    uint64_t csize;        /* compressed */
    uint64_t data_offset;  /* absolute file offset of the entry's data
                              (after the local header) */
    uint64_t local_offset; /* absolute file offset of its local header */
    uint32_t crc32;
    uint16_t method;       /* 0 stored, 8 deflate */
} pt2_entry;

typedef struct pt2_archive pt2_archive;

/* Opens, indexes and validates the zip at `path`.  On failure *out is NULL.
 * The file stays open until pt2_archive_close(). */
inductor_status pt2_archive_open(const char *path, pt2_archive **out);

/* Closes the file and frees everything, entries included.  NULL is ok. */
void pt2_archive_close(pt2_archive *a);

/* The path the archive was opened with (borrowed). */
const char *pt2_archive_path(const pt2_archive *a);

/* Number of entries, in central-directory order. */
size_t pt2_archive_count(const pt2_archive *a);

/* Entry i (borrowed until close); NULL if i is out of range. */
const pt2_entry *pt2_archive_entry(const pt2_archive *a, size_t i);

/* The entry named exactly `name`; NULL if none.  Names are unique (open
 * refuses duplicates).  O(log n). */
const pt2_entry *pt2_archive_find(const pt2_archive *a, const char *name);

/* Reads a whole entry into a malloc'd, NUL-terminated buffer (caller
 * frees); refuses entries larger than max_size; verifies CRC-32.  `e` must
 * come from `a`.  `len` may be NULL.  On failure *buf is NULL. */
inductor_status pt2_archive_read(const pt2_archive *a, const pt2_entry *e,
                                 size_t max_size, char **buf, size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* INDUCTOR_PT2_ARCHIVE_H */
