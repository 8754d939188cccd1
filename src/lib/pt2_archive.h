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
 * a name that is not canonical (empty components as in "a//b", "."
 * components as in "a/./b"), has a reserved name (a first component
 * starting ".inductor", where the extraction cache keeps its own files),
 * collides with another entry (the same name twice, a file and a
 * directory of one name, a file used as a directory by "file/x"), has a
 * name with control characters (names end up in messages and listings),
 * is encrypted, uses another method, has sizes that do not fit the file or
 * look like a decompression bomb, or overlaps another entry (overlapping
 * entries multiply one compressed block into many outputs: the
 * "non-recursive zip bomb").  It also refuses an archive that other zip
 * readers could see differently: more than one end of central directory
 * record, an end record signature inside the archive comment, a Zip64 end
 * record that is not right before its locator or disagrees with the end
 * record, a central directory that does not end where the end records
 * begin.  So a caller that got an archive may trust every entry's name and
 * sizes; only the data itself (CRC-32) is checked later, when it is read.
 *
 * Errors are reported through inductor__fail(): INDUCTOR_ERR_IO when the
 * file cannot be read or written, INDUCTOR_ERR_BAD_PACKAGE when it is not
 * an acceptable zip, INDUCTOR_ERR_INVALID_ARGUMENT for a bad argument or
 * INDUCTOR_MAX_PACKAGE_BYTES value, with a one-line message naming the
 * file (and the entry).
 *
 * Thread-safety: an open archive is read with pread() (or memcpy(), from
 * memory) only, so any number of threads may call the const functions on
 * one archive concurrently (pt2_archive_extract_to_fd() too, each thread
 * with its own dst_fd).
 */
#ifndef INDUCTOR_PT2_ARCHIVE_H
#define INDUCTOR_PT2_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "inductor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits enforced by pt2_archive_open(); an archive over any of them is
 * refused as INDUCTOR_ERR_BAD_PACKAGE with a line naming the limit (and
 * the entry), before any data is read, so a bomb meets a refusal, not the
 * OOM killer or a full disk.
 *
 * PT2_MAX_ENTRIES        entries in the central directory.
 * PT2_MAX_DEFLATE_SIZE   uncompressed size of one deflated entry.  Stored
 *                        entries are bounded by the file itself.
 * PT2_MAX_DEFLATE_RATIO  uncompressed : compressed size of one deflated
 *                        entry (deflate's best is about 1032:1, reached
 *                        only by degenerate data such as all zeros).
 * Total uncompressed size, the sum over all entries: at most the value of
 *                        the environment variable INDUCTOR_MAX_PACKAGE_BYTES
 *                        (a decimal byte count; unset or empty:
 *                        PT2_DEFAULT_MAX_PACKAGE_BYTES, room for a 20 GB
 *                        LLM).  Any other value makes pt2_archive_open()
 *                        fail with INDUCTOR_ERR_INVALID_ARGUMENT naming the
 *                        variable.  It is read at every open. */
#define PT2_MAX_ENTRIES 100000u
#define PT2_MAX_DEFLATE_SIZE (UINT64_C(16) << 30) /* uncompressed, deflate */
#define PT2_MAX_DEFLATE_RATIO 1000u               /* uncompressed : compressed */
#define PT2_DEFAULT_MAX_PACKAGE_BYTES (UINT64_C(64) << 30)
#define PT2_MAX_PACKAGE_BYTES_ENV "INDUCTOR_MAX_PACKAGE_BYTES"

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
 * The file stays open until pt2_archive_close().  Equivalent to open()
 * then pt2_archive_open_fd(fd, path, out). */
inductor_status pt2_archive_open(const char *path, pt2_archive **out);

/* The same for a zip already open as `fd` (a regular file, or a memfd:
 * anything pread() and fstat() work on), named `display_name` in messages
 * and by pt2_archive_path().  The archive takes ownership of `fd`: it is
 * closed by pt2_archive_close(), or before this returns on failure. */
inductor_status pt2_archive_open_fd(int fd, const char *display_name,
                                    pt2_archive **out);

/* The same for a zip held in memory, data[0..size): borrowed, it must
 * stay valid and unchanged until pt2_archive_close().  Every check is the
 * same as for a file, and reads (pt2_archive_read(), ..._extract_to_fd())
 * copy from the buffer; pt2_archive_fd() is -1 and
 * pt2_archive_file_size() is `size`.  (inductor_archive_open_memory();
 * packages given as bytes go through a sealed memfd instead, memfd.h, as
 * the cache needs a descriptor.) */
inductor_status pt2_archive_open_memory(const void *data, size_t size,
                                        const char *display_name,
                                        pt2_archive **out);

/* Closes the file and frees everything, entries included.  NULL is ok. */
void pt2_archive_close(pt2_archive *a);

/* The path (or display name) the archive was opened with (borrowed). */
const char *pt2_archive_path(const pt2_archive *a);

/* Number of entries, in central-directory order. */
size_t pt2_archive_count(const pt2_archive *a);

/* Entry i (borrowed until close); NULL if i is out of range. */
const pt2_entry *pt2_archive_entry(const pt2_archive *a, size_t i);

/* Entry i's name (borrowed until close) and uncompressed size; NULL and 0
 * if i is out of range. */
const char *pt2_archive_entry_name(const pt2_archive *a, size_t i);
uint64_t pt2_archive_entry_size(const pt2_archive *a, size_t i);

/* The entry named exactly `name`; NULL if none.  Names are unique (open
 * refuses duplicates).  O(log n). */
const pt2_entry *pt2_archive_find(const pt2_archive *a, const char *name);

/* Reads a whole entry into a malloc'd, NUL-terminated buffer (caller
 * frees); refuses entries larger than max_size; verifies the size and
 * CRC-32.  For small entries (metadata, sources): large ones go through
 * pt2_archive_extract_to_fd().  `e` must come from `a`.  `len` may be
 * NULL.  On failure *buf is NULL. */
inductor_status pt2_archive_read(const pt2_archive *a, const pt2_entry *e,
                                 size_t max_size, char **buf, size_t *len);

/* pt2_archive_read() of the entry named exactly `name`, with the errors
 * of inductor_package_read_file() (which it is):
 * INDUCTOR_ERR_MODEL_NOT_FOUND for no such entry, INDUCTOR_ERR_UNSUPPORTED
 * for one over max_size. */
inductor_status pt2_archive_read_named(const pt2_archive *a, const char *name,
                                       size_t max_size, void **buf,
                                       size_t *len);

/* Writes entry e's uncompressed bytes to dst_fd (at its current offset,
 * with write()) in bounded chunks: stored entries by pread() from
 * pt2_archive_fd(), deflated ones inflated chunk by chunk straight to
 * dst_fd (never the whole entry in memory); checks the recorded size and
 * CRC-32.  Memory use is O(chunk), whatever the entry.  On failure some
 * bytes may have been written already: the caller discards dst_fd's file.
 * INDUCTOR_ERR_BAD_PACKAGE for corrupt data, INDUCTOR_ERR_IO for a write
 * or read failure (message names the entry), INDUCTOR_ERR_INVALID_ARGUMENT
 * for NULL or a negative dst_fd. */
inductor_status pt2_archive_extract_to_fd(const pt2_archive *a,
                                          const pt2_entry *e, int dst_fd);

/* The descriptor the archive was opened and validated through (borrowed
 * until close).  Extraction must read through it, never re-open the path:
 * the path may name another file by then.  -1 for NULL. */
int pt2_archive_fd(const pt2_archive *a);

/* The file's size as fstat() gave it at open. */
uint64_t pt2_archive_file_size(const pt2_archive *a);

/* The central directory's raw bytes as read at open (borrowed until
 * close), for hashing the package's identity; *len gets their count (0,
 * and NULL returned, for a NULL archive).  `len` may be NULL. */
const unsigned char *pt2_archive_central_dir(const pt2_archive *a,
                                             size_t *len);

/* Sum of every entry's uncompressed size (at most the limit above). */
uint64_t pt2_archive_total_size(const pt2_archive *a);

#ifdef __cplusplus
}
#endif

#endif /* INDUCTOR_PT2_ARCHIVE_H */
