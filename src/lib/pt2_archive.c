/*
 * pt2_archive.c - a minimal, defensive zip reader for .pt2 packages.
 *
 * Layout of a zip, as far as we care (APPNOTE.TXT 6.3):
 *
 *   [local header + name + extra][data] ...      one per entry
 *   [central directory header + name + extra + comment] ...
 *   [Zip64 end of central directory record]     optional
 *   [Zip64 end of central directory locator]    optional
 *   [end of central directory record + comment]
 *
 * The central directory is authoritative for names, sizes, CRCs and
 * attributes; local headers are read only to find where the data starts
 * (their extra field differs: PyTorch pads it to align data to 64 bytes)
 * and to check that they agree with the directory, so that no other zip
 * tool can be shown a different name than the one we validated.
 *
 * Every number read from the file is checked against the file size or a
 * fixed limit before it is used as an offset or an allocation size.
 */
/* pread, strdup, O_CLOEXEC, mkdtemp; 64-bit off_t even on 32-bit hosts. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif

#include "pt2_archive.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "internal.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define SIG_ZIP64_EOCD 0x06064b50u
#define SIG_ZIP64_LOCATOR 0x07064b50u

#define LOCAL_LEN 30u
#define CENTRAL_LEN 46u
#define EOCD_LEN 22u
#define ZIP64_EOCD_LEN 56u
#define ZIP64_LOCATOR_LEN 20u
#define MAX_COMMENT 65535u

#define FLAG_ENCRYPTED 0x0001u
#define FLAG_STRONG_ENCRYPTION 0x0040u
#define HOST_UNIX 3u
#define UNIX_S_IFMT 0170000u /* zip stores Unix modes in this encoding */
#define UNIX_S_IFLNK 0120000u

/* No .pt2 comes near this; it bounds the one allocation sized by the file. */
#define MAX_CENTRAL_DIR_SIZE (UINT64_C(64) << 20)
/* Entry data moves in chunks of at most these sizes (compressed input,
 * uncompressed output): what bounds the memory extraction takes. */
#define READ_CHUNK (64u * 1024u)
#define OUT_CHUNK (256u * 1024u)
/* The extraction cache keeps its own files (".inductor-cache", ...) at the
 * top of each extracted package: no entry may take such a name. */
#define RESERVED_PREFIX ".inductor"

struct pt2_archive {
    int fd;                   /* -1 for an archive in memory */
    const unsigned char *mem; /* the caller's bytes (pt2_archive_open_memory) */
    uint64_t file_size;
    uint64_t total_size;      /* sum of the entries' uncompressed sizes */
    char *path;
    size_t count;
    pt2_entry *entries;       /* central-directory order */
    char *names;              /* every name, NUL-terminated, one block */
    const pt2_entry **sorted; /* by cmp_paths: lookup, collision check */
    unsigned char *central_dir; /* raw, as read at open */
    size_t central_dir_len;
};

/* Where the central directory is, per the end records. */
typedef struct zip_dir {
    uint64_t count;
    uint64_t size;
    uint64_t offset;
    uint64_t end; /* the directory must end by here (first end record) */
} zip_dir;

/* One central directory header, fields as stored (then widened by Zip64). */
typedef struct cd_header {
    uint16_t made_by, flags, method, name_len, extra_len, comment_len;
    uint32_t crc, disk, ext_attr;
    uint64_t csize, size, local_offset;
    const unsigned char *name, *extra;
} cd_header;

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* ------------------------------------------------------------------ */
/* Error messages                                                      */
/* ------------------------------------------------------------------ */

/* Entry names come from the file: escape anything unprintable (and the
 * quote and backslash, so the result is unambiguous) so that a message
 * stays one line and cannot carry terminal escape sequences. */
static void quote_name(char *dst, size_t cap, const unsigned char *s,
                       size_t len)
{
    size_t o = 0, i = 0;

    /* Each step writes at most 4 bytes; keep room for "..." and the NUL. */
    for (; i < len && o + 8 < cap; i++) {
        if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\')
            dst[o++] = (char)s[i];
        else
            o += (size_t)snprintf(dst + o, cap - o, "\\x%02x", s[i]);
    }
    if (i < len)
        o += (size_t)snprintf(dst + o, cap - o, "...");
    dst[o] = '\0';
}

/* "<path>: <problem>" as INDUCTOR_ERR_BAD_PACKAGE. */
static inductor_status bad_archive(const pt2_archive *a, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static inductor_status bad_archive(const pt2_archive *a, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE, "%s: %s", a->path, msg);
}

/* "<path>: entry "<name>": <problem>" as INDUCTOR_ERR_BAD_PACKAGE. */
static inductor_status bad_entry(const pt2_archive *a, const void *name,
                                 size_t name_len, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static inductor_status bad_entry(const pt2_archive *a, const void *name,
                                 size_t name_len, const char *fmt, ...)
{
    char msg[384], quoted[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    quote_name(quoted, sizeof quoted, name, name_len);
    return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE, "%s: entry \"%s\": %s",
                          a->path, quoted, msg);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/* Reads exactly len bytes at off.  A short read means the file shrank
 * after it was measured (everything is checked against its size first). */
static inductor_status read_exact(const pt2_archive *a, void *buf,
                                  size_t len, uint64_t off, const char *what)
{
    unsigned char *p = buf;

    if (a->mem) {
        if (off > a->file_size || len > a->file_size - off)
            return bad_archive(a, "truncated (%s ends past end of file)",
                               what);
        memcpy(p, a->mem + off, len);
        return INDUCTOR_OK;
    }
    while (len > 0) {
        ssize_t n = pread(a->fd, p, len, (off_t)off);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return inductor__fail(INDUCTOR_ERR_IO, "%s: reading %s: %s",
                                  a->path, what, strerror(errno));
        if (n == 0)
            return bad_archive(a, "truncated (%s ends past end of file)",
                               what);
        p += n;
        off += (uint64_t)n;
        len -= (size_t)n;
    }
    return INDUCTOR_OK;
}

/* ------------------------------------------------------------------ */
/* End records                                                         */
/* ------------------------------------------------------------------ */

/* Why there is no end record: an empty file, a zip cut short (it still
 * starts with a local header), or something else entirely. */
static inductor_status no_eocd(const pt2_archive *a)
{
    unsigned char head[4];

    if (a->file_size == 0)
        return bad_archive(a, "not a zip archive (empty file)");
    if (a->file_size >= 4 &&
        read_exact(a, head, 4, 0, "file header") == INDUCTOR_OK &&
        rd32(head) == SIG_LOCAL)
        return bad_archive(a, "truncated (no end of central directory "
                              "record, but the file starts like a zip)");
    return bad_archive(a, "not a zip archive (no end of central directory "
                          "record)");
}

/* What scan_eocd() found in the tail: positions are offsets into it. */
typedef struct eocd_scan {
    size_t found;      /* the last candidate record, or SIZE_MAX */
    size_t candidates; /* records whose comment reaches the end of file */
    size_t last_sig;   /* the last signature, candidate or not */
} eocd_scan;

/* The record is followed only by its comment, so a candidate counts only
 * if its comment length reaches exactly the end of the file. */
static void scan_eocd(const unsigned char *buf, size_t tail, eocd_scan *s)
{
    s->found = s->last_sig = SIZE_MAX;
    s->candidates = 0;
    for (size_t i = tail - 4 + 1; i-- > 0;) {
        if (rd32(buf + i) != SIG_EOCD)
            continue;
        if (s->last_sig == SIZE_MAX)
            s->last_sig = i;
        if (i + EOCD_LEN <= tail &&
            i + EOCD_LEN + rd16(buf + i + 20) == tail) {
            s->candidates++;
            if (s->found == SIZE_MAX)
                s->found = i;
        }
    }
}

/* Finds the one end record.  Zip readers differ in how they pick it:
 * miniz (libtorch's) and Python's zipfile take the last signature in the
 * file, comment length or not; streaming readers meet the first.  So an
 * archive where they could pick differently is refused: more than one
 * candidate record, or a signature after the record (in its comment). */
static inductor_status find_eocd(const pt2_archive *a, uint64_t *pos,
                                 unsigned char rec[EOCD_LEN])
{
    uint64_t tail = a->file_size < EOCD_LEN + MAX_COMMENT
                        ? a->file_size : EOCD_LEN + MAX_COMMENT;
    eocd_scan sc = {SIZE_MAX, 0, SIZE_MAX};
    unsigned char *buf;
    inductor_status st;

    if (tail < EOCD_LEN)
        return no_eocd(a);
    buf = malloc((size_t)tail);
    if (!buf)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "%s: out of memory",
                              a->path);
    st = read_exact(a, buf, (size_t)tail, a->file_size - tail, "end record");
    if (st == INDUCTOR_OK)
        scan_eocd(buf, (size_t)tail, &sc);
    if (sc.found != SIZE_MAX) {
        memcpy(rec, buf + sc.found, EOCD_LEN);
        *pos = a->file_size - tail + sc.found;
    }
    free(buf);
    if (st != INDUCTOR_OK)
        return st;
    if (sc.candidates > 1)
        return bad_archive(a, "ambiguous: %zu end of central directory "
                              "records", sc.candidates);
    if (sc.candidates == 1 && sc.last_sig != sc.found)
        return bad_archive(a, "ambiguous: an end of central directory "
                              "signature after the end record (in its "
                              "comment)");
    return sc.found != SIZE_MAX ? INDUCTOR_OK : no_eocd(a);
}

/* Follows the Zip64 locator (just before the end record) to the Zip64 end
 * record, whose 64-bit fields replace the end record's.  The record must
 * sit right before the locator, as every writer puts it: miniz follows the
 * locator's offset, Python's zipfile assumes the record is right there, so
 * a record elsewhere would show each another directory. */
static inductor_status read_zip64_eocd(const pt2_archive *a, uint64_t loc_pos,
                                       const unsigned char loc[20],
                                       zip_dir *d)
{
    unsigned char rec[ZIP64_EOCD_LEN];
    uint64_t off = rd64(loc + 8);
    inductor_status st;

    if (rd32(loc + 4) != 0 || rd32(loc + 16) > 1)
        return bad_archive(a, "multi-disk archives are not supported");
    if (loc_pos < ZIP64_EOCD_LEN || off != loc_pos - ZIP64_EOCD_LEN)
        return bad_archive(a, "Zip64 end record is not right before its "
                              "locator");
    st = read_exact(a, rec, sizeof rec, off, "Zip64 end record");
    if (st != INDUCTOR_OK)
        return st;
    if (rd32(rec) != SIG_ZIP64_EOCD || rd64(rec + 4) != ZIP64_EOCD_LEN - 12)
        return bad_archive(a, "bad Zip64 end of central directory record");
    if (rd32(rec + 16) != 0 || rd32(rec + 20) != 0 ||
        rd64(rec + 24) != rd64(rec + 32))
        return bad_archive(a, "multi-disk archives are not supported");
    d->count = rd64(rec + 32);
    d->size = rd64(rec + 40);
    d->offset = rd64(rec + 48);
    d->end = off;
    return INDUCTOR_OK;
}

/* A field of the end record agrees with the Zip64 value if it holds it or
 * the "see Zip64" marker (all ones). */
static int agrees(uint64_t field, uint64_t marker, uint64_t value)
{
    return field == marker || field == value;
}

/* Readers that use the Zip64 record only where the end record holds a
 * marker, or not at all, must find the same directory as we do. */
static inductor_status check_zip64_agrees(const pt2_archive *a,
                                          const unsigned char rec[EOCD_LEN],
                                          const zip_dir *d)
{
    if (!agrees(rd16(rec + 4), 0xFFFFu, 0) ||
        !agrees(rd16(rec + 6), 0xFFFFu, 0))
        return bad_archive(a, "multi-disk archives are not supported");
    if (!agrees(rd16(rec + 8), 0xFFFFu, d->count) ||
        !agrees(rd16(rec + 10), 0xFFFFu, d->count) ||
        !agrees(rd32(rec + 12), 0xFFFFFFFFu, d->size) ||
        !agrees(rd32(rec + 16), 0xFFFFFFFFu, d->offset))
        return bad_archive(a, "ambiguous: the Zip64 end record and the end "
                              "record describe different central "
                              "directories");
    return INDUCTOR_OK;
}

/* Fills *d from the end record, or from the Zip64 one when present. */
static inductor_status read_end_records(const pt2_archive *a, zip_dir *d)
{
    unsigned char rec[EOCD_LEN] = {0}, loc[ZIP64_LOCATOR_LEN];
    uint64_t pos = 0;
    inductor_status st = find_eocd(a, &pos, rec);

    if (st != INDUCTOR_OK)
        return st;
    if (pos >= ZIP64_LOCATOR_LEN) {
        st = read_exact(a, loc, sizeof loc, pos - ZIP64_LOCATOR_LEN,
                        "Zip64 locator");
        if (st != INDUCTOR_OK)
            return st;
        if (rd32(loc) == SIG_ZIP64_LOCATOR) {
            st = read_zip64_eocd(a, pos - ZIP64_LOCATOR_LEN, loc, d);
            return st == INDUCTOR_OK ? check_zip64_agrees(a, rec, d) : st;
        }
    }
    if (rd16(rec + 4) != 0 || rd16(rec + 6) != 0 ||
        rd16(rec + 8) != rd16(rec + 10))
        return bad_archive(a, "multi-disk archives are not supported");
    d->count = rd16(rec + 10);
    d->size = rd32(rec + 12);
    d->offset = rd32(rec + 16);
    d->end = pos;
    return INDUCTOR_OK;
}

/* Checks the directory's place and size before anything is allocated. */
static inductor_status check_dir(const pt2_archive *a, const zip_dir *d)
{
    if (d->count > PT2_MAX_ENTRIES)
        return bad_archive(a, "too many entries (%llu, limit %u)",
                           (unsigned long long)d->count, PT2_MAX_ENTRIES);
    if (d->offset > a->file_size || d->size > a->file_size - d->offset)
        return bad_archive(a, "truncated (central directory extends past "
                              "end of file)");
    if (d->offset + d->size > d->end)
        return bad_archive(a, "central directory overlaps its end record");
    /* Python's zipfile finds the directory by counting back from the end
     * records (taking any gap for data prepended to the zip), miniz by its
     * offset: with a gap they read different bytes. */
    if (d->offset + d->size < d->end)
        return bad_archive(a, "central directory does not end where the end "
                              "records begin (%llu bytes between)",
                           (unsigned long long)(d->end - d->offset -
                                                d->size));
    if (d->size > MAX_CENTRAL_DIR_SIZE)
        return bad_archive(a, "central directory too large (%llu bytes)",
                           (unsigned long long)d->size);
    if (d->size < d->count * CENTRAL_LEN)
        return bad_archive(a, "central directory too small for %llu entries",
                           (unsigned long long)d->count);
    return INDUCTOR_OK;
}

/* ------------------------------------------------------------------ */
/* Central directory entries                                           */
/* ------------------------------------------------------------------ */

/* Splits one central directory header at p (rem bytes left). */
static inductor_status parse_cd_header(const pt2_archive *a,
                                       const unsigned char *p, size_t rem,
                                       cd_header *h, size_t *used)
{
    if (rem < CENTRAL_LEN || rd32(p) != SIG_CENTRAL)
        return bad_archive(a, "corrupt central directory");
    h->made_by = rd16(p + 4);
    h->flags = rd16(p + 8);
    h->method = rd16(p + 10);
    h->crc = rd32(p + 16);
    h->csize = rd32(p + 20);
    h->size = rd32(p + 24);
    h->name_len = rd16(p + 28);
    h->extra_len = rd16(p + 30);
    h->comment_len = rd16(p + 32);
    h->disk = rd16(p + 34);
    h->ext_attr = rd32(p + 38);
    h->local_offset = rd32(p + 42);
    *used = CENTRAL_LEN + (size_t)h->name_len + h->extra_len + h->comment_len;
    if (*used > rem)
        return bad_archive(a, "corrupt central directory (entry overruns it)");
    h->name = p + CENTRAL_LEN;
    h->extra = h->name + h->name_len;
    return INDUCTOR_OK;
}

/* Takes the 64-bit value from the Zip64 extra field for each 32-bit field
 * that holds the 0xFFFFFFFF marker, in the order the format fixes. */
static inductor_status apply_zip64(const pt2_archive *a, cd_header *h,
                                   const unsigned char *x, size_t n)
{
    uint64_t *fields[3] = {&h->size, &h->csize, &h->local_offset};
    size_t at = 0;

    for (int i = 0; i < 3; i++) {
        if (*fields[i] != 0xFFFFFFFFu)
            continue;
        if (!x || at + 8 > n)
            return bad_entry(a, h->name, h->name_len,
                             "missing or short Zip64 extra field");
        *fields[i] = rd64(x + at);
        at += 8;
    }
    if (h->disk == 0xFFFFu) {
        if (!x || at + 4 > n)
            return bad_entry(a, h->name, h->name_len,
                             "missing or short Zip64 extra field");
        h->disk = rd32(x + at);
    }
    return INDUCTOR_OK;
}

/* Finds the Zip64 block (id 1) among the extra field's blocks. */
static inductor_status read_extra(const pt2_archive *a, cd_header *h)
{
    const unsigned char *x = h->extra, *z64 = NULL;
    size_t rem = h->extra_len, z64_len = 0;

    while (rem >= 4) {
        size_t len = rd16(x + 2);

        if (len > rem - 4)
            return bad_entry(a, h->name, h->name_len,
                             "malformed extra field");
        if (rd16(x) == 0x0001 && !z64) {
            z64 = x + 4;
            z64_len = len;
        }
        x += 4 + len;
        rem -= 4 + len;
    }
    return apply_zip64(a, h, z64, z64_len);
}

/* Checks each '/'-separated component.  A trailing '/' (a directory
 * entry) leaves no component after it.  Only canonical names pass: with
 * "a//b" or "a/./b" allowed, two different names could be one path once
 * extracted, past the collision check, which compares names as bytes. */
static inductor_status check_components(const pt2_archive *a, const char *s,
                                        size_t n)
{
    for (size_t i = 0; i < n;) {
        const char *slash = memchr(s + i, '/', n - i);
        size_t end = slash ? (size_t)(slash - s) : n, len = end - i;

        if (len == 0)
            return bad_entry(a, s, n, "path contains an empty component "
                                      "(\"//\")");
        if (len == 1 && s[i] == '.')
            return bad_entry(a, s, n, "path contains a \".\" component");
        if (len == 2 && s[i] == '.' && s[i + 1] == '.')
            return bad_entry(a, s, n, "path contains a \"..\" component");
        i = end + 1;
    }
    /* Case-insensitively: the cache may live on a filesystem that is. */
    if (n >= strlen(RESERVED_PREFIX) &&
        strncasecmp(s, RESERVED_PREFIX, strlen(RESERVED_PREFIX)) == 0)
        return bad_entry(a, s, n, "reserved name (a top-level name starting "
                                  "\"" RESERVED_PREFIX "\" is the "
                                  "extraction cache's)");
    return INDUCTOR_OK;
}

/* A name is safe if extracting it under a directory stays under it. */
static inductor_status check_name(const pt2_archive *a, const cd_header *h)
{
    const char *s = (const char *)h->name;
    size_t n = h->name_len;

    if (n == 0)
        return bad_archive(a, "entry with an empty name");
    if (memchr(s, '\0', n))
        return bad_entry(a, s, n, "name contains a NUL byte");
    if (memchr(s, '\\', n))
        return bad_entry(a, s, n, "name contains a backslash");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return bad_entry(a, s, n, "name contains a control character");
    /* "C:x" is a drive path on Windows, where the library may one day run. */
    if (s[0] == '/' || (n >= 2 && s[1] == ':'))
        return bad_entry(a, s, n, "absolute path");
    return check_components(a, s, n);
}

/* Kind, method and sizes, before the local header is looked at. */
static inductor_status check_fields(const pt2_archive *a, const cd_header *h)
{
    const void *nm = h->name;
    uint32_t mode = h->ext_attr >> 16;

    if ((h->made_by >> 8) == HOST_UNIX && (mode & UNIX_S_IFMT) == UNIX_S_IFLNK)
        return bad_entry(a, nm, h->name_len, "is a symbolic link");
    if (h->flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION))
        return bad_entry(a, nm, h->name_len, "is encrypted");
    if (h->method != 0 && h->method != 8)
        return bad_entry(a, nm, h->name_len,
                         "unsupported compression method %u", h->method);
    if (h->disk != 0)
        return bad_archive(a, "multi-disk archives are not supported");
    if (h->csize > a->file_size)
        return bad_entry(a, nm, h->name_len,
                         "data extends past end of file (truncated?)");
    if (h->method == 0 && h->csize != h->size)
        return bad_entry(a, nm, h->name_len,
                         "stored entry with different sizes");
    /* An extractor makes a directory of it and drops the data, which
     * then differs from what other readers see. */
    if (h->name[h->name_len - 1] == '/' && h->size != 0)
        return bad_entry(a, nm, h->name_len, "directory entry holds data");
    if (h->method == 8 && h->size > PT2_MAX_DEFLATE_SIZE)
        return bad_entry(a, nm, h->name_len,
                         "uncompressed size %llu exceeds the 16 GiB limit",
                         (unsigned long long)h->size);
    if (h->method == 8 && h->size / PT2_MAX_DEFLATE_RATIO > h->csize)
        return bad_entry(a, nm, h->name_len,
                         "compression ratio over %u:1 (%llu -> %llu bytes)",
                         PT2_MAX_DEFLATE_RATIO, (unsigned long long)h->csize,
                         (unsigned long long)h->size);
    return INDUCTOR_OK;
}

/* Checks that the local header at buf agrees with the directory. */
static int local_matches(const unsigned char *buf, const cd_header *h)
{
    return rd32(buf) == SIG_LOCAL && rd16(buf + 26) == h->name_len &&
           memcmp(buf + LOCAL_LEN, h->name, h->name_len) == 0 &&
           rd16(buf + 8) == h->method && !(rd16(buf + 6) & FLAG_ENCRYPTED);
}

/* Reads the local header to find the data, and checks that it agrees
 * with the directory and that the data lies before the directory. */
static inductor_status read_local(const pt2_archive *a, const zip_dir *d,
                                  const cd_header *h, pt2_entry *e)
{
    const void *nm = h->name;
    size_t len = LOCAL_LEN + (size_t)h->name_len;
    unsigned char *buf;
    uint64_t data;
    inductor_status st;

    if (h->local_offset > d->offset || d->offset - h->local_offset < len)
        return bad_entry(a, nm, h->name_len, "local header out of range");
    if (!(buf = malloc(len)))
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "%s: out of memory",
                              a->path);
    st = read_exact(a, buf, len, h->local_offset, "local header");
    if (st == INDUCTOR_OK && !local_matches(buf, h))
        st = bad_entry(a, nm, h->name_len,
                       "local header does not match central directory");
    data = h->local_offset + len + rd16(buf + 28);
    free(buf);
    if (st != INDUCTOR_OK)
        return st;
    if (data > d->offset || d->offset - data < h->csize)
        return bad_entry(a, nm, h->name_len,
                         data + h->csize > a->file_size
                             ? "data extends past end of file (truncated?)"
                             : "data overlaps the central directory");
    e->data_offset = data;
    e->local_offset = h->local_offset;
    return INDUCTOR_OK;
}

/* Parses, validates and records one directory entry; `names` receives the
 * NUL-terminated name. */
static inductor_status parse_entry(pt2_archive *a, const zip_dir *d,
                                   const unsigned char *p, size_t rem,
                                   size_t *used, pt2_entry *e, char *names)
{
    cd_header h = {0};
    inductor_status st = parse_cd_header(a, p, rem, &h, used);

    if (st == INDUCTOR_OK)
        st = check_name(a, &h);
    if (st == INDUCTOR_OK)
        st = read_extra(a, &h);
    if (st == INDUCTOR_OK)
        st = check_fields(a, &h);
    if (st == INDUCTOR_OK)
        st = read_local(a, d, &h, e);
    if (st != INDUCTOR_OK)
        return st;
    memcpy(names, h.name, h.name_len);
    names[h.name_len] = '\0';
    e->name = names;
    e->size = h.size;
    e->csize = h.csize;
    e->crc32 = h.crc;
    e->method = h.method;
    return INDUCTOR_OK;
}

/* A byte's rank in cmp_paths order: '/' right after the terminating NUL. */
static int path_rank(char c)
{
    return c == '\0' ? 0 : c == '/' ? 1 : (unsigned char)c + 1;
}

/* strcmp, except that '/' sorts before every other byte.  Then "a/..."
 * names follow "a" at once, before siblings such as "a-b" or "a.txt", so a
 * file used as a directory is always next to one of its would-be
 * children. */
static int cmp_paths(const char *l, const char *r)
{
    while (*l && *l == *r) {
        l++;
        r++;
    }
    return path_rank(*l) - path_rank(*r);
}

static int cmp_entries(const void *x, const void *y)
{
    const pt2_entry *const *l = x, *const *r = y;

    return cmp_paths((*l)->name, (*r)->name);
}

/* Two neighbours in cmp_paths order that would be one path, or a file and
 * a path through it, once extracted.  NULL if they are fine. */
static const char *collision(const char *prev, const char *name)
{
    size_t n = strlen(prev);

    if (strcmp(prev, name) == 0)
        return "duplicate entry name";
    if (n == 0 || prev[n - 1] == '/' || strncmp(prev, name, n) != 0 ||
        name[n] != '/')
        return NULL;
    return name[n + 1] == '\0' ? "a directory and a file of one name"
                               : "a file used as a directory";
}

/* Sorts the index by name.  Two entries with one name would let different
 * readers pick different data, and a file and a directory of one name (or
 * a file and a name below it) cannot both be extracted, so which one wins
 * would depend on the extractor: all are refused.  O(n log n). */
static inductor_status index_names(pt2_archive *a)
{
    a->sorted = malloc((a->count ? a->count : 1) * sizeof *a->sorted);
    if (!a->sorted)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "%s: out of memory",
                              a->path);
    for (size_t i = 0; i < a->count; i++)
        a->sorted[i] = &a->entries[i];
    qsort(a->sorted, a->count, sizeof *a->sorted, cmp_entries);
    for (size_t i = 1; i < a->count; i++) {
        const char *prev = a->sorted[i - 1]->name, *n = a->sorted[i]->name;
        const char *why = collision(prev, n);
        char other[200];

        if (!why)
            continue;
        if (strcmp(prev, n) == 0)
            return bad_entry(a, n, strlen(n), "%s", why);
        quote_name(other, sizeof other, (const unsigned char *)prev,
                   strlen(prev));
        return bad_entry(a, n, strlen(n), "collides with entry \"%s\" (%s)",
                         other, why);
    }
    return INDUCTOR_OK;
}

static int cmp_offsets(const void *x, const void *y)
{
    const pt2_entry *const *l = x, *const *r = y;

    return (*l)->local_offset < (*r)->local_offset   ? -1
           : (*l)->local_offset > (*r)->local_offset ? 1
                                                     : 0;
}

/* Each entry's bytes (local header through data) must be its own: entries
 * that share bytes let a small file inflate to many times its size, one
 * compressed block counted once per entry, past the per-entry ratio
 * check.  Sorted by offset, each entry must end before the next begins. */
static inductor_status check_overlap(pt2_archive *a)
{
    const pt2_entry **by_off;
    inductor_status st = INDUCTOR_OK;

    if (a->count < 2)
        return INDUCTOR_OK;
    if (!(by_off = malloc(a->count * sizeof *by_off)))
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "%s: out of memory",
                              a->path);
    for (size_t i = 0; i < a->count; i++)
        by_off[i] = &a->entries[i];
    qsort(by_off, a->count, sizeof *by_off, cmp_offsets);
    for (size_t i = 1; st == INDUCTOR_OK && i < a->count; i++) {
        const pt2_entry *prev = by_off[i - 1], *e = by_off[i];
        char other[200];

        if (prev->data_offset + prev->csize <= e->local_offset)
            continue;
        quote_name(other, sizeof other, (const unsigned char *)prev->name,
                   strlen(prev->name));
        st = bad_entry(a, e->name, strlen(e->name),
                       "overlaps entry \"%s\" (overlapping entries are a "
                       "zip bomb)", other);
    }
    free(by_off);
    return st;
}

/* Reads the whole directory (its size is checked) and every entry; keeps
 * the directory's bytes (pt2_archive_central_dir()). */
static inductor_status read_central_dir(pt2_archive *a, const zip_dir *d)
{
    unsigned char *cd = malloc(d->size ? (size_t)d->size : 1);
    size_t at = 0, used = 0;
    inductor_status st;

    /* Names fit in the directory, so its size (+ one NUL each) bounds them. */
    a->names = malloc((size_t)d->size + (size_t)d->count + 1);
    a->entries = calloc(d->count ? (size_t)d->count : 1, sizeof *a->entries);
    a->central_dir = cd;
    if (!cd || !a->names || !a->entries)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "%s: out of memory",
                              a->path);
    a->central_dir_len = (size_t)d->size;
    st = read_exact(a, cd, (size_t)d->size, d->offset, "central directory");
    for (size_t i = 0; st == INDUCTOR_OK && i < d->count; i++) {
        st = parse_entry(a, d, cd + at, (size_t)d->size - at, &used,
                         &a->entries[i], a->names + at + i);
        at += used;
        a->count = i + 1;
        /* Saturates: 100,000 sizes near a huge sparse file's could wrap. */
        a->total_size = a->entries[i].size > UINT64_MAX - a->total_size
                            ? UINT64_MAX
                            : a->total_size + a->entries[i].size;
    }
    if (st == INDUCTOR_OK && at != d->size)
        st = bad_archive(a, "central directory size does not match its "
                            "entries");
    if (st == INDUCTOR_OK)
        st = index_names(a);
    return st == INDUCTOR_OK ? check_overlap(a) : st;
}

/* The total size limit: INDUCTOR_MAX_PACKAGE_BYTES, strictly a decimal
 * byte count (a typo must not quietly lift or lower the limit). */
static inductor_status package_limit(const char *path, uint64_t *limit)
{
    const char *v = getenv(PT2_MAX_PACKAGE_BYTES_ENV);
    uint64_t x = 0;
    char quoted[100];

    *limit = PT2_DEFAULT_MAX_PACKAGE_BYTES;
    if (!v || !*v)
        return INDUCTOR_OK;
    for (const char *p = v; *p; p++) {
        unsigned digit = (unsigned)(*p - '0');

        if (digit > 9 || x > (UINT64_MAX - digit) / 10) {
            quote_name(quoted, sizeof quoted, (const unsigned char *)v,
                       strlen(v));
            return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                                  "%s: " PT2_MAX_PACKAGE_BYTES_ENV " is "
                                  "\"%s\", not a decimal byte count",
                                  path, quoted);
        }
        x = x * 10 + digit;
    }
    *limit = x;
    return INDUCTOR_OK;
}

/* Refuses an archive that unpacks to more than the limit: each entry may
 * pass the per-entry checks while all of them fill the disk. */
static inductor_status check_total(const pt2_archive *a, uint64_t limit)
{
    if (a->total_size <= limit)
        return INDUCTOR_OK;
    return bad_archive(a, "unpacks to %llu bytes, more than "
                          PT2_MAX_PACKAGE_BYTES_ENV " (%llu)",
                       (unsigned long long)a->total_size,
                       (unsigned long long)limit);
}

/* ------------------------------------------------------------------ */
/* Public functions                                                    */
/* ------------------------------------------------------------------ */

/* The descriptor must be a regular file: pread() needs one, and a pipe or
 * device has no usable size. */
static inductor_status check_file(pt2_archive *a)
{
    struct stat sb;

    if (fstat(a->fd, &sb) != 0)
        return inductor__fail(INDUCTOR_ERR_IO, "%s: %s", a->path,
                              strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return inductor__fail(INDUCTOR_ERR_IO, "%s: %s", a->path,
                              strerror(EISDIR));
    if (!S_ISREG(sb.st_mode) || sb.st_size < 0)
        return inductor__fail(INDUCTOR_ERR_IO, "%s: not a regular file",
                              a->path);
    a->file_size = (uint64_t)sb.st_size;
    return INDUCTOR_OK;
}

inductor_status pt2_archive_open(const char *path, pt2_archive **out)
{
    uint64_t limit = 0;
    inductor_status st;
    int fd;

    if (out)
        *out = NULL;
    if (!path || !out)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "pt2_archive_open: NULL argument");
    /* A bad limit is reported before the file is touched, as ever. */
    if ((st = package_limit(path, &limit)) != INDUCTOR_OK)
        return st;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return inductor__fail(INDUCTOR_ERR_IO, "%s: %s", path,
                              strerror(errno));
    return pt2_archive_open_fd(fd, path, out);
}

/* Validates the archive `a` reads (a file or memory, already measured),
 * and hands it out, or closes it on failure. */
static inductor_status validate(pt2_archive *a, pt2_archive **out)
{
    zip_dir d = {0};
    uint64_t limit = 0;
    inductor_status st;

    st = package_limit(a->path, &limit);
    if (st == INDUCTOR_OK && !a->mem)
        st = check_file(a);
    if (st == INDUCTOR_OK)
        st = read_end_records(a, &d);
    if (st == INDUCTOR_OK)
        st = check_dir(a, &d);
    if (st == INDUCTOR_OK)
        st = read_central_dir(a, &d);
    if (st == INDUCTOR_OK)
        st = check_total(a, limit);
    if (st != INDUCTOR_OK) {
        pt2_archive_close(a);
        return st;
    }
    *out = a;
    return INDUCTOR_OK;
}

/* A new archive named `display_name` reading `fd` (taken: closed on
 * failure) or, for fd -1, `mem`; NULL when out of memory. */
static pt2_archive *new_archive(int fd, const void *mem, uint64_t size,
                                const char *display_name)
{
    pt2_archive *a = calloc(1, sizeof *a);

    if (!a || !(a->path = strdup(display_name))) {
        free(a);
        if (fd >= 0)
            close(fd);
        inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "%s: out of memory",
                       display_name);
        return NULL;
    }
    a->fd = fd;
    a->mem = mem;
    a->file_size = size;
    return a;
}

inductor_status pt2_archive_open_fd(int fd, const char *display_name,
                                    pt2_archive **out)
{
    pt2_archive *a;

    if (out)
        *out = NULL;
    if (fd < 0 || !display_name || !out) {
        if (fd >= 0)
            close(fd); /* ours whatever happens */
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "pt2_archive_open_fd: bad argument");
    }
    if (!(a = new_archive(fd, NULL, 0, display_name)))
        return INDUCTOR_ERR_OUT_OF_MEMORY;
    return validate(a, out);
}

inductor_status pt2_archive_open_memory(const void *data, size_t size,
                                        const char *display_name,
                                        pt2_archive **out)
{
    pt2_archive *a;

    if (out)
        *out = NULL;
    if ((!data && size > 0) || !display_name || !out)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "pt2_archive_open_memory: NULL argument");
    /* An empty buffer still needs a non-NULL address: reads never touch it. */
    if (!(a = new_archive(-1, data ? data : "", size, display_name)))
        return INDUCTOR_ERR_OUT_OF_MEMORY;
    return validate(a, out);
}

void pt2_archive_close(pt2_archive *a)
{
    if (!a)
        return;
    if (a->fd >= 0)
        close(a->fd);
    free(a->sorted);
    free(a->central_dir);
    free(a->entries);
    free(a->names);
    free(a->path);
    free(a);
}

const char *pt2_archive_path(const pt2_archive *a)
{
    return a ? a->path : NULL;
}

size_t pt2_archive_count(const pt2_archive *a)
{
    return a ? a->count : 0;
}

const pt2_entry *pt2_archive_entry(const pt2_archive *a, size_t i)
{
    return a && i < a->count ? &a->entries[i] : NULL;
}

static int cmp_name_entry(const void *key, const void *elem)
{
    const pt2_entry *const *e = elem;

    return cmp_paths(key, (*e)->name);
}

const char *pt2_archive_entry_name(const pt2_archive *a, size_t i)
{
    return a && i < a->count ? a->entries[i].name : NULL;
}

uint64_t pt2_archive_entry_size(const pt2_archive *a, size_t i)
{
    return a && i < a->count ? a->entries[i].size : 0;
}

const pt2_entry *pt2_archive_find(const pt2_archive *a, const char *name)
{
    const pt2_entry *const *hit;

    if (!a || !name || a->count == 0)
        return NULL;
    hit = bsearch(name, a->sorted, a->count, sizeof *a->sorted,
                  cmp_name_entry);
    return hit ? *hit : NULL;
}

int pt2_archive_fd(const pt2_archive *a)
{
    return a ? a->fd : -1;
}

uint64_t pt2_archive_file_size(const pt2_archive *a)
{
    return a ? a->file_size : 0;
}

const unsigned char *pt2_archive_central_dir(const pt2_archive *a,
                                             size_t *len)
{
    if (len)
        *len = a ? a->central_dir_len : 0;
    return a ? a->central_dir : NULL;
}

uint64_t pt2_archive_total_size(const pt2_archive *a)
{
    return a ? a->total_size : 0;
}

/* ------------------------------------------------------------------ */
/* Entry data                                                          */
/* ------------------------------------------------------------------ */

static uint64_t min_u64(uint64_t x, uint64_t y)
{
    return x < y ? x : y;
}

/* Where an entry's bytes go, a chunk at a time, and what came so far. */
typedef struct sink sink;
struct sink {
    inductor_status (*put)(sink *s, const unsigned char *p, size_t n);
    const pt2_archive *a;
    const pt2_entry *e;
    char what[240];     /* "entry \"<name>\"", for messages */
    unsigned char *buf; /* put_buffer: e->size bytes */
    int fd;             /* put_fd */
    uint64_t done;      /* bytes put so far */
    uLong crc;          /* their CRC-32 */
};

static inductor_status put_buffer(sink *s, const unsigned char *p, size_t n)
{
    memcpy(s->buf + s->done, p, n);
    return INDUCTOR_OK;
}

static inductor_status put_fd(sink *s, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(s->fd, p, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return inductor__fail(INDUCTOR_ERR_IO, "%s: %s: writing: %s",
                                  s->a->path, s->what,
                                  strerror(w < 0 ? errno : EIO));
        p += w;
        n -= (size_t)w;
    }
    return INDUCTOR_OK;
}

/* Hands n more bytes (never past e->size: the callers stop there) on. */
static inductor_status emit(sink *s, const unsigned char *p, size_t n)
{
    inductor_status st = s->put(s, p, n);

    s->crc = crc32(s->crc, p, (uInt)n);
    s->done += n;
    return st;
}

/* Refills zlib's input from the entry's data once it has used it all. */
static inductor_status refill(sink *s, z_stream *zs, unsigned char *in,
                              size_t in_cap, uint64_t *in_off)
{
    uInt n;
    inductor_status st;

    if (zs->avail_in > 0 || *in_off >= s->e->csize)
        return INDUCTOR_OK;
    n = (uInt)min_u64(in_cap, s->e->csize - *in_off);
    st = read_exact(s->a, in, n, s->e->data_offset + *in_off, s->what);
    zs->next_in = in;
    zs->avail_in = st == INDUCTOR_OK ? n : 0;
    *in_off += n;
    return st;
}

/* Inflates one step into out (or, once e->size bytes came, into a
 * one-byte spare, so that a stream longer than recorded is caught) and
 * hands what came on. */
static int inflate_step(sink *s, z_stream *zs, unsigned char *out,
                        size_t out_cap, inductor_status *st)
{
    unsigned char spare;
    uInt in_len = zs->avail_in, out_len = 1;
    int full = s->done >= s->e->size, zr;

    if (!full)
        out_len = (uInt)min_u64(out_cap, s->e->size - s->done);
    zs->next_out = full ? &spare : out;
    zs->avail_out = out_len;
    zr = inflate(zs, Z_NO_FLUSH);
    if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR)
        *st = bad_entry(s->a, s->e->name, strlen(s->e->name),
                        "corrupt deflate data (%s)",
                        zs->msg ? zs->msg : "zlib error");
    else if (full && zs->avail_out == 0)
        *st = bad_entry(s->a, s->e->name, strlen(s->e->name),
                        "inflates to more than its recorded size");
    /* No progress with all input given: the stream stops short. */
    else if (zr == Z_BUF_ERROR && zs->avail_in == in_len &&
             zs->avail_out == out_len)
        *st = bad_entry(s->a, s->e->name, strlen(s->e->name),
                        "truncated deflate data");
    else if (!full && zs->avail_out < out_len)
        *st = emit(s, out, out_len - zs->avail_out);
    return zr;
}

/* Runs inflate until the stream ends, every byte through the sink. */
static inductor_status inflate_loop(sink *s, z_stream *zs, unsigned char *in,
                                    size_t in_cap, unsigned char *out,
                                    size_t out_cap)
{
    uint64_t in_off = 0;
    int zr = Z_OK;
    inductor_status st = INDUCTOR_OK;

    while (st == INDUCTOR_OK && zr != Z_STREAM_END) {
        st = refill(s, zs, in, in_cap, &in_off);
        if (st == INDUCTOR_OK)
            zr = inflate_step(s, zs, out, out_cap, &st);
    }
    if (st == INDUCTOR_OK &&
        (s->done != s->e->size || zs->avail_in != 0 || in_off != s->e->csize))
        st = bad_entry(s->a, s->e->name, strlen(s->e->name),
                       "deflate data does not match its recorded sizes");
    return st;
}

static inductor_status copy_deflated(sink *s, unsigned char *out,
                                     size_t out_cap)
{
    size_t in_cap = (size_t)min_u64(READ_CHUNK, s->e->csize ? s->e->csize : 1);
    unsigned char *in = malloc(in_cap);
    z_stream zs;
    inductor_status st;

    memset(&zs, 0, sizeof zs);
    /* Negative window bits: zip holds raw deflate, no zlib header. */
    if (!in || inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
        free(in);
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "%s: out of memory",
                              s->a->path);
    }
    st = inflate_loop(s, &zs, in, in_cap, out, out_cap);
    inflateEnd(&zs);
    free(in);
    return st;
}

static inductor_status copy_stored(sink *s, unsigned char *out,
                                   size_t out_cap)
{
    inductor_status st = INDUCTOR_OK;

    while (st == INDUCTOR_OK && s->done < s->e->size) {
        size_t n = (size_t)min_u64(out_cap, s->e->size - s->done);

        st = read_exact(s->a, out, n, s->e->data_offset + s->done, s->what);
        if (st == INDUCTOR_OK)
            st = emit(s, out, n);
    }
    return st;
}

/* Puts entry s->e's bytes through the sink, chunk by chunk, then checks
 * the CRC-32.  Memory: one chunk of each kind, whatever the entry. */
static inductor_status copy_entry(sink *s)
{
    size_t out_cap = (size_t)min_u64(OUT_CHUNK, s->e->size ? s->e->size : 1);
    unsigned char *out = malloc(out_cap);
    char quoted[200];
    inductor_status st;

    if (!out)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY,
                              "%s: out of memory", s->a->path);
    quote_name(quoted, sizeof quoted, (const unsigned char *)s->e->name,
               strlen(s->e->name));
    snprintf(s->what, sizeof s->what, "entry \"%s\"", quoted);
    s->crc = crc32(0L, Z_NULL, 0);
    s->done = 0;
    if (s->e->method == 0)
        st = copy_stored(s, out, out_cap);
    else
        st = copy_deflated(s, out, out_cap);
    free(out);
    if (st == INDUCTOR_OK && (uint32_t)s->crc != s->e->crc32)
        st = bad_entry(s->a, s->e->name, strlen(s->e->name),
                       "CRC-32 mismatch");
    return st;
}

inductor_status pt2_archive_read(const pt2_archive *a, const pt2_entry *e,
                                 size_t max_size, char **buf, size_t *len)
{
    sink s = {.put = put_buffer, .a = a, .e = e, .fd = -1};
    inductor_status st;

    if (buf)
        *buf = NULL;
    if (len)
        *len = 0;
    if (!a || !e || !buf)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "reading an entry: NULL argument");
    if (e->size > max_size || e->size >= SIZE_MAX)
        return bad_entry(a, e->name, strlen(e->name),
                         "too large to read (%llu bytes, limit %zu)",
                         (unsigned long long)e->size, max_size);
    s.buf = malloc((size_t)e->size + 1);
    if (!s.buf)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY,
                              "%s: entry \"%s\": out of memory", a->path,
                              e->name);
    st = copy_entry(&s);
    if (st != INDUCTOR_OK) {
        free(s.buf);
        return st;
    }
    s.buf[e->size] = '\0';
    *buf = (char *)s.buf;
    if (len)
        *len = (size_t)e->size;
    return INDUCTOR_OK;
}

inductor_status pt2_archive_read_named(const pt2_archive *a, const char *name,
                                       size_t max_size, void **buf,
                                       size_t *len)
{
    const pt2_entry *e = a && name ? pt2_archive_find(a, name) : NULL;
    char *data = NULL;
    inductor_status st;

    /* NULL arguments are pt2_archive_read()'s to refuse. */
    if (a && name && buf && !e)
        st = inductor__fail(INDUCTOR_ERR_MODEL_NOT_FOUND, "%s: no entry \"%s\"",
                            a->path, name);
    else if (e && e->size > max_size)
        st = inductor__fail(INDUCTOR_ERR_UNSUPPORTED,
                            "%s: entry \"%s\" is %llu bytes, more than the "
                            "%zu allowed", a->path, name,
                            (unsigned long long)e->size, max_size);
    else
        st = pt2_archive_read(a, e, max_size, &data, len);
    if (buf)
        *buf = data;
    if (len && st != INDUCTOR_OK)
        *len = 0;
    return st;
}

inductor_status pt2_archive_extract_to_fd(const pt2_archive *a,
                                          const pt2_entry *e, int dst_fd)
{
    sink s = {.put = put_fd, .a = a, .e = e, .fd = dst_fd};

    if (!a || !e || dst_fd < 0)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "pt2_archive_extract_to_fd: %s",
                              dst_fd < 0 ? "bad descriptor" : "NULL argument");
    return copy_entry(&s);
}
