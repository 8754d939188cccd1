/*
 * test_pt2_archive.c - unit test of the .pt2 zip reader (TAP output).
 *
 * Fixtures are written at run time by the small zip writer below into a
 * fresh directory under $TMPDIR (or /tmp) and removed afterwards; nothing
 * binary is committed.  The writer can also produce the malformed and
 * hostile archives the reader must refuse.
 *
 * A real package is checked too when one is given, as the first argument
 * or in INDUCTOR_TEST_PT2; otherwise that part is skipped.
 */
/* pread, strdup, O_CLOEXEC, mkdtemp; 64-bit off_t even on 32-bit hosts. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "internal.h"
#include "pt2_archive.h"
#include "tap.h"

/* ------------------------------------------------------------------ */
/* A tiny zip writer                                                   */
/* ------------------------------------------------------------------ */

typedef struct bytes {
    unsigned char *p;
    size_t len, cap;
} bytes;

static void put(bytes *b, const void *d, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;

        while (cap < b->len + n)
            cap *= 2;
        if (!(b->p = realloc(b->p, cap)))
            bail_out("out of memory");
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, d, n);
    b->len += n;
}

static void put16(bytes *b, uint64_t v)
{
    unsigned char x[2] = {(unsigned char)v, (unsigned char)(v >> 8)};

    put(b, x, 2);
}

static void put32(bytes *b, uint64_t v)
{
    put16(b, v & 0xFFFF);
    put16(b, (v >> 16) & 0xFFFF);
}

static void put64(bytes *b, uint64_t v)
{
    put32(b, v & 0xFFFFFFFFu);
    put32(b, v >> 32);
}

/* One entry; zero fields mean "what a correct writer would record". */
typedef struct fx_entry {
    const char *name;
    size_t name_len;        /* 0: strlen(name) (set it to embed a NUL) */
    const char *data;
    size_t len;
    int deflate;            /* compress with zlib */
    uint16_t method;        /* recorded method, if non-zero */
    uint16_t made_by;       /* "version made by": host << 8 | version */
    uint32_t ext_attr;      /* external attributes (Unix mode << 16) */
    uint16_t flags;
    uint32_t crc_xor;       /* corrupts the recorded CRC-32 */
    uint64_t size;          /* recorded uncompressed size, if non-zero */
    uint64_t csize;         /* recorded compressed size, if non-zero */
    const char *local_name; /* name in the local header, if different */
    const void *raw;        /* data written as is (deflated already) ... */
    size_t raw_len;
    uint32_t raw_crc;       /* ... and its CRC-32; set .size too */
} fx_entry;

typedef struct fx_zip {
    const fx_entry *e;
    size_t n;
    int zip64;              /* 0xFFFFFFFF markers + Zip64 extra and records */
    uint64_t count;         /* recorded entry count, if non-zero */
    const char *comment;    /* archive comment */
    size_t comment_len;     /* 0: strlen(comment) (set it to embed a NUL) */
    int eocd_values;        /* Zip64: real values in the end record, as
                               miniz writes them, not 0xFFFF.. markers */
    uint64_t eocd_count;    /* entry count in the end record, if non-zero */
    size_t cd_gap;          /* zero bytes after the central directory */
    size_t z64_gap;         /* zero bytes after the Zip64 end record */
} fx_zip;

/* Where each entry went, for the central directory. */
typedef struct fx_written {
    uint64_t offset, csize, size;
    uint32_t crc;
    uint16_t method;
} fx_written;

static bytes deflate_raw(const char *data, size_t len)
{
    bytes out = {0};
    z_stream zs;

    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY))
        bail_out("deflateInit2 failed");
    out.cap = deflateBound(&zs, (uLong)len);
    if (!(out.p = malloc(out.cap)))
        bail_out("out of memory");
    zs.next_in = (unsigned char *)(uintptr_t)data;
    zs.avail_in = (uInt)len;
    zs.next_out = out.p;
    zs.avail_out = (uInt)out.cap;
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
        bail_out("deflate failed");
    out.len = zs.total_out;
    deflateEnd(&zs);
    return out;
}

static size_t name_len(const fx_entry *e)
{
    return e->name_len ? e->name_len : strlen(e->name);
}

/* Local header, padded (like PyTorch's writer) so the data starts on a
 * 64-byte boundary, then the data. */
static void write_local(bytes *b, const fx_zip *z, const fx_entry *e,
                        fx_written *w)
{
    const char *lname = e->local_name ? e->local_name : e->name;
    size_t lname_len = e->local_name ? strlen(lname) : name_len(e);
    bytes payload = {0};
    size_t z64 = z->zip64 ? 20 : 0, pad;

    if (e->raw)
        put(&payload, e->raw, e->raw_len);
    else if (e->deflate)
        payload = deflate_raw(e->data, e->len);
    else
        put(&payload, e->data, e->len);
    w->offset = b->len;
    w->method = e->method ? e->method : e->deflate || e->raw ? 8 : 0;
    w->size = e->size ? e->size : e->len;
    w->csize = e->csize ? e->csize : e->method ? w->size : payload.len;
    w->crc = e->raw ? e->raw_crc
                    : (uint32_t)crc32(0, (const unsigned char *)e->data,
                                      (uInt)e->len);
    w->crc ^= e->crc_xor;
    pad = (64 - (b->len + 30 + lname_len + z64 + 4) % 64) % 64;
    put32(b, 0x04034b50);
    put16(b, z->zip64 ? 45 : 20);
    put16(b, e->flags);
    put16(b, w->method);
    put16(b, 0);
    put16(b, 0x21);
    put32(b, w->crc);
    put32(b, z->zip64 ? 0xFFFFFFFFu : w->csize);
    put32(b, z->zip64 ? 0xFFFFFFFFu : w->size);
    put16(b, lname_len);
    put16(b, z64 + 4 + pad);
    put(b, lname, lname_len);
    if (z->zip64) {
        put16(b, 1);
        put16(b, 16);
        put64(b, w->size);
        put64(b, w->csize);
    }
    put16(b, 0xCAFE);
    put16(b, pad);
    for (size_t i = 0; i < pad; i++)
        put(b, "", 1);
    put(b, payload.p, payload.len);
    free(payload.p);
}

static void write_central(bytes *b, const fx_zip *z, const fx_entry *e,
                          const fx_written *w)
{
    put32(b, 0x02014b50);
    put16(b, e->made_by);
    put16(b, z->zip64 ? 45 : 20);
    put16(b, e->flags);
    put16(b, w->method);
    put16(b, 0);
    put16(b, 0x21);
    put32(b, w->crc);
    put32(b, z->zip64 ? 0xFFFFFFFFu : w->csize);
    put32(b, z->zip64 ? 0xFFFFFFFFu : w->size);
    put16(b, name_len(e));
    put16(b, z->zip64 ? 28 : 0);
    put16(b, 0);
    put16(b, 0);
    put16(b, 0);
    put32(b, e->ext_attr);
    put32(b, z->zip64 ? 0xFFFFFFFFu : w->offset);
    put(b, e->name, name_len(e));
    if (z->zip64) {
        put16(b, 1);
        put16(b, 24);
        put64(b, w->size);
        put64(b, w->csize);
        put64(b, w->offset);
    }
}

static void put_zeros(bytes *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put(b, "", 1);
}

/* `base`: the file offset of b's first byte. */
static void write_end(bytes *b, const fx_zip *z, uint64_t cd_off,
                      uint64_t base)
{
    uint64_t cd_size = base + b->len - cd_off, z64_off;
    uint64_t count = z->count ? z->count : z->n;
    uint64_t eocd_count = z->eocd_count ? z->eocd_count : count;
    size_t clen = z->comment_len ? z->comment_len
                  : z->comment   ? strlen(z->comment)
                                 : 0;
    int markers = z->zip64 && !z->eocd_values;

    put_zeros(b, z->cd_gap);
    z64_off = base + b->len;
    if (z->zip64) {
        put32(b, 0x06064b50);
        put64(b, 44);
        put16(b, 45);
        put16(b, 45);
        put32(b, 0);
        put32(b, 0);
        put64(b, count);
        put64(b, count);
        put64(b, cd_size);
        put64(b, cd_off);
        put_zeros(b, z->z64_gap);
        put32(b, 0x07064b50);
        put32(b, 0);
        put64(b, z64_off);
        put32(b, 1);
    }
    put32(b, 0x06054b50);
    put16(b, 0);
    put16(b, 0);
    put16(b, markers ? 0xFFFF : eocd_count);
    put16(b, markers ? 0xFFFF : eocd_count);
    put32(b, markers ? 0xFFFFFFFFu : cd_size);
    put32(b, markers ? 0xFFFFFFFFu : cd_off);
    put16(b, clen);
    put(b, z->comment, clen);
}

static char fx_dir[256];

/* Writes raw bytes to <fx_dir>/<fname>; the full path goes to `path`. */
static void write_file(const char *fname, const void *d, size_t n,
                       char *path, size_t cap)
{
    FILE *f;

    snprintf(path, cap, "%s/%s", fx_dir, fname);
    f = fopen(path, "wb");
    if (!f || fwrite(d, 1, n, f) != n || fclose(f) != 0)
        bail_out("cannot write %s: %s", path, strerror(errno));
}

static void write_zip(const char *fname, const fx_zip *z, char *path,
                      size_t cap)
{
    bytes b = {0};
    fx_written *w = calloc(z->n ? z->n : 1, sizeof *w);
    uint64_t cd_off;

    if (!w)
        bail_out("out of memory");
    for (size_t i = 0; i < z->n; i++)
        write_local(&b, z, &z->e[i], &w[i]);
    cd_off = b.len;
    for (size_t i = 0; i < z->n; i++)
        write_central(&b, z, &z->e[i], &w[i]);
    write_end(&b, z, cd_off, 0);
    write_file(fname, b.p, b.len, path, cap);
    free(b.p);
    free(w);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

/* Writes and opens a fixture that must open.  The archive keeps its file
 * descriptor, so the file is removed at once and no failed check later
 * leaves it behind. */
static pt2_archive *open_fixture(const char *fname, const fx_zip *z,
                                 char *path, size_t cap)
{
    pt2_archive *a = NULL;

    write_zip(fname, z, path, cap);
    if (!is_int(pt2_archive_open(path, &a), INDUCTOR_OK, "%s: opens", fname))
        diag("%s", inductor_last_error());
    unlink(path);
    return a;
}

static const char JSON[] = "{\"AOTI_DEVICE_KEY\": \"cpu\"}";

/* A well-formed stored archive: listing, lookup, reading, data_offset. */
static void test_stored(void)
{
    const fx_entry e[] = {
        {.name = "m/archive_format", .data = "pt2", .len = 3},
        {.name = "m/data/aotinductor/model/x.wrapper_metadata.json",
         .data = JSON, .len = sizeof JSON - 1},
        {.name = "m/empty", .data = "", .len = 0},
    };
    const fx_zip z = {.e = e, .n = 3, .comment = "a comment"};
    char path[512], *buf = NULL;
    size_t len = 0;
    pt2_archive *a = NULL;
    const pt2_entry *x;

    a = open_fixture("stored.zip", &z, path, sizeof path);
    if (!a)
        return;
    is_str(pt2_archive_path(a), path, "stored: path kept");
    is_int((long long)pt2_archive_count(a), 3, "stored: 3 entries");
    is_str(pt2_archive_entry(a, 0)->name, "m/archive_format",
           "stored: entry 0 in directory order");
    ok(pt2_archive_entry(a, 3) == NULL, "stored: entry out of range is NULL");
    x = pt2_archive_find(a, e[1].name);
    ok(x == pt2_archive_entry(a, 1), "stored: find by exact name");
    ok(pt2_archive_find(a, "m/archive") == NULL, "stored: no prefix match");
    ok(pt2_archive_find(a, "nope") == NULL, "stored: missing name is NULL");
    is_int(x->method, 0, "stored: method 0");
    is_int((long long)x->size, (long long)e[1].len, "stored: size");
    is_int((long long)x->csize, (long long)e[1].len, "stored: csize");
    is_int((long long)(x->data_offset % 64), 0,
           "stored: data_offset follows the local header's own extra field");
    is_int(pt2_archive_read(a, x, 1024, &buf, &len), INDUCTOR_OK,
           "stored: read");
    is_int((long long)len, (long long)e[1].len, "stored: read length");
    is_str(buf, JSON, "stored: read content, NUL-terminated");
    free(buf);
    is_int(pt2_archive_read(a, pt2_archive_find(a, "m/empty"), 0, &buf, NULL),
           INDUCTOR_OK, "stored: read empty entry with max_size 0");
    is_str(buf, "", "stored: empty entry is an empty string");
    free(buf);
    is_int(pt2_archive_read(a, x, 10, &buf, &len), INDUCTOR_ERR_BAD_PACKAGE,
           "stored: entry over max_size refused");
    ok(buf == NULL && len == 0, "stored: outputs cleared on failure");
    contains_str(inductor_last_error(), "too large", "stored: says too large");
    pt2_archive_close(a);
}

static void test_crc(void)
{
    const fx_entry e[] = {
        {.name = "m/a", .data = "hello", .len = 5, .crc_xor = 1}};
    const fx_zip z = {.e = e, .n = 1};
    char path[512], *buf = NULL;
    pt2_archive *a = NULL;

    a = open_fixture("crc.zip", &z, path, sizeof path);
    if (!a)
        return;
    is_int(pt2_archive_read(a, pt2_archive_entry(a, 0), 100, &buf, NULL),
           INDUCTOR_ERR_BAD_PACKAGE, "crc: mismatch detected on read");
    ok(buf == NULL, "crc: no buffer returned");
    contains_str(inductor_last_error(), "CRC-32 mismatch", "crc: says CRC");
    contains_str(inductor_last_error(), "\"m/a\"", "crc: names the entry");
    pt2_archive_close(a);
}

static void test_deflate(void)
{
    static char text[20000];
    fx_entry e[] = {{.name = "m/text", .data = text, .deflate = 1},
                    {.name = "m/small", .data = "x", .len = 1, .deflate = 1}};
    const fx_zip z = {.e = e, .n = 2};
    char path[512], *buf = NULL;
    size_t len = 0;
    pt2_archive *a = NULL;

    for (size_t i = 0; i + 1 < sizeof text; i++)
        text[i] = "0123456789abcdef\n"[(i * 7 + i / 100) % 17];
    e[0].len = sizeof text - 1;
    a = open_fixture("deflate.zip", &z, path, sizeof path);
    if (!a)
        return;
    is_int(pt2_archive_entry(a, 0)->method, 8, "deflate: method 8");
    ok(pt2_archive_entry(a, 0)->csize < e[0].len, "deflate: compressed");
    is_int(pt2_archive_read(a, pt2_archive_entry(a, 0), sizeof text, &buf,
                            &len),
           INDUCTOR_OK, "deflate: read");
    ok(buf && len == e[0].len && memcmp(buf, text, len) == 0 &&
           buf[len] == '\0',
       "deflate: content matches");
    free(buf);
    is_int(pt2_archive_read(a, pt2_archive_entry(a, 1), 1, &buf, &len),
           INDUCTOR_OK, "deflate: read 1-byte entry");
    is_str(buf, "x", "deflate: 1-byte content");
    free(buf);
    pt2_archive_close(a);
}

/* Deflate data that does not inflate to the recorded size. */
static void test_deflate_corrupt(void)
{
    const fx_entry e[] = {{.name = "m/long", .data = "abcdefgh", .len = 8,
                           .deflate = 1, .size = 4}};
    const fx_zip z = {.e = e, .n = 1};
    char path[512], *buf = NULL;
    pt2_archive *a = NULL;

    a = open_fixture("deflate-bad.zip", &z, path, sizeof path);
    if (!a)
        return;
    is_int(pt2_archive_read(a, pt2_archive_entry(a, 0), 100, &buf, NULL),
           INDUCTOR_ERR_BAD_PACKAGE, "deflate-bad: longer stream refused");
    contains_str(inductor_last_error(), "more than its recorded size",
                 "deflate-bad: says so");
    pt2_archive_close(a);
}

static void test_zip64(void)
{
    const fx_entry e[] = {
        {.name = "m/archive_format", .data = "pt2", .len = 3},
        {.name = "m/data/z.json", .data = JSON, .len = sizeof JSON - 1,
         .deflate = 1},
    };
    const fx_zip z = {.e = e, .n = 2, .zip64 = 1};
    char path[512], *buf = NULL;
    size_t len = 0;
    pt2_archive *a = NULL;
    const pt2_entry *x;

    a = open_fixture("zip64.zip", &z, path, sizeof path);
    if (!a)
        return;
    is_int((long long)pt2_archive_count(a), 2, "zip64: count from record");
    x = pt2_archive_find(a, "m/archive_format");
    ok(x && x->size == 3 && x->csize == 3, "zip64: sizes from extra field");
    is_int(pt2_archive_read(a, x, 3, &buf, &len), INDUCTOR_OK, "zip64: read");
    is_str(buf, "pt2", "zip64: content");
    free(buf);
    x = pt2_archive_find(a, "m/data/z.json");
    ok(x && x->data_offset > 64, "zip64: offset of 2nd entry from extra");
    is_int(pt2_archive_read(a, x, 1000, &buf, &len), INDUCTOR_OK,
           "zip64: read deflated");
    is_str(buf, JSON, "zip64: deflated content");
    free(buf);
    pt2_archive_close(a);
}

/* Opens `path`, expecting `want`, no archive, and a message with both
 * needles (the second may be NULL). */
static void expect_fail(const char *path, inductor_status want,
                        const char *what, const char *n1, const char *n2)
{
    pt2_archive *const sentinel = (pt2_archive *)(uintptr_t)&want;
    pt2_archive *a = sentinel; /* open must reset it to NULL */

    is_int(pt2_archive_open(path, &a), want, "%s: refused with %s", what,
           inductor_status_str(want));
    ok(a == NULL, "%s: *out is NULL", what);
    diag("%s", inductor_last_error());
    if (a != sentinel)
        pt2_archive_close(a);
    contains_str(inductor_last_error(), path, "%s: message names the file",
                 what);
    contains_str(inductor_last_error(), n1, "%s: message says %s", what, n1);
    if (n2)
        contains_str(inductor_last_error(), n2, "%s: message says %s", what,
                     n2);
}

static void expect_zip_refused(const char *fname, const fx_zip *z,
                               const char *n1, const char *n2)
{
    char path[512];

    write_zip(fname, z, path, sizeof path);
    expect_fail(path, INDUCTOR_ERR_BAD_PACKAGE, fname, n1, n2);
    unlink(path);
}

static void test_not_zips(void)
{
    static const char junk[] = "this is not a zip file, just some text\n";
    const fx_entry e[] = {{.name = "m/a", .data = "hello", .len = 5}};
    const fx_zip z = {.e = e, .n = 1};
    char path[512];
    FILE *f;

    write_file("junk.pt2", junk, sizeof junk - 1, path, sizeof path);
    expect_fail(path, INDUCTOR_ERR_BAD_PACKAGE, "junk", "not a zip archive",
                "no end of central directory record");
    unlink(path);
    write_file("empty.pt2", "", 0, path, sizeof path);
    expect_fail(path, INDUCTOR_ERR_BAD_PACKAGE, "empty", "empty file", NULL);
    unlink(path);
    write_zip("cut.pt2", &z, path, sizeof path);
    if (truncate(path, 40) != 0)
        bail_out("truncate: %s", strerror(errno));
    expect_fail(path, INDUCTOR_ERR_BAD_PACKAGE, "truncated", "truncated",
                NULL);
    unlink(path);
    snprintf(path, sizeof path, "%s/missing.pt2", fx_dir);
    expect_fail(path, INDUCTOR_ERR_IO, "missing", strerror(ENOENT), NULL);
    expect_fail(fx_dir, INDUCTOR_ERR_IO, "directory", strerror(EISDIR), NULL);
    if ((f = fopen("/dev/null", "rb")) != NULL) {
        fclose(f);
        expect_fail("/dev/null", INDUCTOR_ERR_IO, "device",
                    "not a regular file", NULL);
    }
}

/* Entries that could escape an extraction directory, or that we cannot
 * read: each refuses the whole archive, naming the entry. */
static void test_hostile_names(void)
{
    static const struct {
        const char *file, *name, *n2;
        size_t name_len;
    } cases[] = {
        {"abs.zip", "/etc/passwd", "absolute path", 0},
        {"drive.zip", "C:/evil.so", "absolute path", 0},
        {"dotdot.zip", "m/../../evil.so", "\"..\" component", 0},
        {"dotdot-end.zip", "m/data/..", "\"..\" component", 0},
        {"backslash.zip", "m\\..\\evil", "backslash", 0},
        {"nul.zip", "m/ok\0/../evil", "NUL byte", 13},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx_entry e[] = {{.name = "m/fine", .data = "ok", .len = 2},
                        {.name = cases[i].name,
                         .name_len = cases[i].name_len,
                         .data = "x",
                         .len = 1}};
        fx_zip z = {.e = e, .n = 2};
        const char *quoted = strchr(cases[i].name, '\\') ? "m\\x5c..\\x5cevil"
                                                         : cases[i].name;

        expect_zip_refused(cases[i].file, &z, quoted, cases[i].n2);
    }
}

static void test_hostile_entries(void)
{
    const fx_entry link[] = {{.name = "m/link", .data = "/etc/passwd",
                              .len = 11, .made_by = 3 << 8 | 30,
                              .ext_attr = 0120777u << 16}};
    const fx_entry reg[] = {{.name = "m/file", .data = "x", .len = 1,
                             .made_by = 3 << 8 | 30,
                             .ext_attr = 0100644u << 16}};
    const fx_entry enc[] = {{.name = "m/secret", .data = "x", .len = 1,
                             .flags = 1}};
    const fx_entry bz2[] = {{.name = "m/bz", .data = "x", .len = 1,
                             .method = 12}};
    const fx_entry dup[] = {{.name = "m/a", .data = "1", .len = 1},
                            {.name = "m/a", .data = "2", .len = 1}};
    const fx_entry lh[] = {{.name = "m/a", .data = "1", .len = 1,
                            .local_name = "m/b"}};
    char path[512];

    expect_zip_refused("link.zip", &(fx_zip){.e = link, .n = 1}, "m/link",
                       "symbolic link");
    /* A Unix mode that is a regular file is fine. */
    pt2_archive_close(open_fixture("regular.zip", &(fx_zip){.e = reg, .n = 1},
                                   path, sizeof path));
    expect_zip_refused("enc.zip", &(fx_zip){.e = enc, .n = 1}, "m/secret",
                       "encrypted");
    expect_zip_refused("bz2.zip", &(fx_zip){.e = bz2, .n = 1}, "m/bz",
                       "method 12");
    expect_zip_refused("dup.zip", &(fx_zip){.e = dup, .n = 2}, "\"m/a\"",
                       "duplicate");
    expect_zip_refused("local.zip", &(fx_zip){.e = lh, .n = 1}, "\"m/a\"",
                       "local header");
}

static void test_absurd_sizes(void)
{
    const fx_entry ratio[] = {{.name = "m/bomb", .data = "x", .len = 1,
                               .deflate = 1, .size = 1000000}};
    const fx_entry huge[] = {{.name = "m/huge", .data = "x", .len = 1,
                              .deflate = 1, .size = UINT64_C(17) << 30}};
    const fx_entry past[] = {{.name = "m/past", .data = "x", .len = 1,
                              .size = 1000000, .csize = 1000000,
                              .method = 0}};
    const fx_entry one[] = {{.name = "m/a", .data = "x", .len = 1}};

    expect_zip_refused("ratio.zip", &(fx_zip){.e = ratio, .n = 1},
                       "m/bomb", "ratio over 1000:1");
    expect_zip_refused("huge.zip", &(fx_zip){.e = huge, .n = 1, .zip64 = 1},
                       "m/huge", "16 GiB");
    expect_zip_refused("past.zip", &(fx_zip){.e = past, .n = 1}, "m/past",
                       "past end of file");
    expect_zip_refused("many.zip",
                       &(fx_zip){.e = one, .n = 1, .zip64 = 1,
                                 .count = 100001},
                       "too many entries", NULL);
    expect_zip_refused("count.zip", &(fx_zip){.e = one, .n = 1, .count = 2},
                       "central directory", NULL);
}

/* ------------------------------------------------------------------ */
/* Canonical names and collisions                                      */
/* ------------------------------------------------------------------ */

/* Names that are not canonical, or reserved: each refuses the archive,
 * naming the entry and the rule. */
static void test_noncanonical_names(void)
{
    static const struct {
        const char *file, *name, *rule;
    } cases[] = {
        {"dslash.zip", "m//evil.so", "empty component"},
        {"dslash-end.zip", "m/data//", "empty component"},
        {"lead-dslash.zip", "//m/x", "absolute path"},
        {"dot.zip", "m/./x.so", "\".\" component"},
        {"dot-lead.zip", "./m/x.so", "\".\" component"},
        {"dot-end.zip", "m/data/.", "\".\" component"},
        {"dot-only.zip", ".", "\".\" component"},
        {"dot-dir.zip", "m/./", "\".\" component"},
        {"reserved.zip", ".inductor-cache", "reserved name"},
        {"reserved-dir.zip", ".inductor/x", "reserved name"},
        {"reserved-case.zip", ".INDUCTOR-cache", "reserved name"},
        {"reserved-prefix.zip", ".inductorx", "reserved name"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i].name);
        int dir = cases[i].name[len - 1] == '/';
        fx_entry e[] = {{.name = "m/fine", .data = "ok", .len = 2},
                        {.name = cases[i].name, .data = "x", .len = !dir}};
        fx_zip z = {.e = e, .n = 2};
        char quoted[64];

        snprintf(quoted, sizeof quoted, "entry \"%s\"", cases[i].name);
        expect_zip_refused(cases[i].file, &z, quoted, cases[i].rule);
    }
}

/* Names close to the refused ones that are fine: dot files below the top,
 * directory entries, components that only start with dots. */
static void test_canonical_names_ok(void)
{
    const fx_entry e[] = {
        {.name = "m/.data/version", .data = "1", .len = 1},
        {.name = "m/.inductor-cache", .data = "x", .len = 1},
        {.name = "m/..a/.b", .data = "x", .len = 1},
        {.name = "m/dir/", .data = "", .len = 0},
        {.name = "inductor", .data = "x", .len = 1},
        {.name = ".git/x", .data = "x", .len = 1},
    };
    const fx_zip z = {.e = e, .n = 6};
    char path[512];
    pt2_archive *a = open_fixture("names-ok.zip", &z, path, sizeof path);

    if (a)
        ok(pt2_archive_find(a, "m/dir/") != NULL &&
               pt2_archive_find(a, "m/dir") == NULL,
           "names-ok: a directory entry is found by its own name only");
    pt2_archive_close(a);
}

/* Entries that would be one path once extracted, or a file and a path
 * through it.  Siblings that sort between them in strcmp order ("a-b",
 * "a.txt") must not hide the conflict. */
static void test_collisions(void)
{
    const fx_entry dir_file[] = {{.name = "m/a/b/", .data = "", .len = 0},
                                 {.name = "m/a/b", .data = "1", .len = 1}};
    const fx_entry file_dir[] = {{.name = "m/a", .data = "1", .len = 1},
                                 {.name = "m/a-b", .data = "2", .len = 1},
                                 {.name = "m/a.txt", .data = "3", .len = 1},
                                 {.name = "m/a/b", .data = "4", .len = 1}};
    const fx_entry deep[] = {{.name = "m/a/b/c/d", .data = "1", .len = 1},
                             {.name = "m/a/b", .data = "2", .len = 1},
                             {.name = "m/a/b!", .data = "3", .len = 1}};
    const fx_entry dup_dir[] = {{.name = "m/d/", .data = "", .len = 0},
                                {.name = "m/d/", .data = "", .len = 0}};
    const fx_entry dir_data[] = {{.name = "m/d/", .data = "x", .len = 1}};

    expect_zip_refused("dir-file.zip", &(fx_zip){.e = dir_file, .n = 2},
                       "entry \"m/a/b/\": collides with entry \"m/a/b\"",
                       "a directory and a file of one name");
    expect_zip_refused("file-dir.zip", &(fx_zip){.e = file_dir, .n = 4},
                       "entry \"m/a/b\": collides with entry \"m/a\"",
                       "a file used as a directory");
    expect_zip_refused("file-deep.zip", &(fx_zip){.e = deep, .n = 3},
                       "entry \"m/a/b/c/d\": collides with entry \"m/a/b\"",
                       "a file used as a directory");
    expect_zip_refused("dup-dir.zip", &(fx_zip){.e = dup_dir, .n = 2},
                       "entry \"m/d/\"", "duplicate entry name");
    expect_zip_refused("dir-data.zip", &(fx_zip){.e = dir_data, .n = 1},
                       "entry \"m/d/\"", "directory entry holds data");
}

/* Directories with files below them are fine, and lookup works in the
 * order the collision check sorts by. */
static void test_tree_lookup(void)
{
    static const char *const names[] = {
        "m/a/", "m/a/b", "m/a-b", "m/a.txt", "m/ab", "m/a/b2/", "m/a/b2/c",
        "m/", "m/a!", "m/a/b/"};
    fx_entry e[10];
    char path[512];
    pt2_archive *a;
    size_t found = 0;

    memset(e, 0, sizeof e);
    for (size_t i = 0; i < 10; i++) {
        e[i].name = names[i];
        e[i].data = "";
    }
    /* "m/a/b" and "m/a/b/" collide: drop the last one here. */
    a = open_fixture("tree.zip", &(fx_zip){.e = e, .n = 9}, path,
                     sizeof path);
    if (!a)
        return;
    for (size_t i = 0; i < 9; i++)
        found += pt2_archive_find(a, names[i]) == pt2_archive_entry(a, i);
    is_int((long long)found, 9, "tree: every entry found by its name");
    ok(pt2_archive_find(a, "m/a") == NULL && pt2_archive_find(a, "m") == NULL,
       "tree: no entry found without its trailing slash");
    ok(pt2_archive_find(a, "m/a\x01") == NULL,
       "tree: a byte below '/' is not taken for one");
    pt2_archive_close(a);
}

/* ------------------------------------------------------------------ */
/* End records                                                         */
/* ------------------------------------------------------------------ */

/* A fake end record hidden in the comment, where miniz (libtorch's
 * reader) would take it, or a second complete one. */
static void test_two_eocd(void)
{
    static const unsigned char fake[22] = {'P', 'K', 5, 6};
    static const unsigned char sig_only[40] = {'P', 'K', 5, 6, 'x', 'x'};
    const fx_entry e[] = {{.name = "m/a", .data = "hello", .len = 5}};

    expect_zip_refused("two-eocd.zip",
                       &(fx_zip){.e = e, .n = 1, .comment = (const char *)fake,
                                 .comment_len = sizeof fake},
                       "ambiguous: 2 end of central directory records",
                       NULL);
    expect_zip_refused("eocd-in-comment.zip",
                       &(fx_zip){.e = e, .n = 1,
                                 .comment = (const char *)sig_only,
                                 .comment_len = sizeof sig_only},
                       "ambiguous: an end of central directory signature",
                       "in its comment");
    expect_zip_refused("eocd-sig-end.zip",
                       &(fx_zip){.e = e, .n = 1, .comment = "..PK\x05\x06"},
                       "ambiguous: an end of central directory signature",
                       NULL);
}

/* Zip64 end records that other readers would read differently, and a gap
 * before the end records (Python's zipfile takes it for a prefix). */
static void test_zip64_records(void)
{
    const fx_entry e[] = {{.name = "m/a", .data = "hello", .len = 5},
                          {.name = "m/b", .data = "world", .len = 5}};
    char path[512];
    fx_zip z = {.e = e, .n = 2, .zip64 = 1};

    z.eocd_values = 1;
    pt2_archive_close(open_fixture("z64-values.zip", &z, path, sizeof path));
    z.eocd_count = 1;
    expect_zip_refused("z64-disagree.zip", &z,
                       "ambiguous: the Zip64 end record and the end record",
                       "different central directories");
    z = (fx_zip){.e = e, .n = 2, .zip64 = 1};
    z.z64_gap = 8;
    expect_zip_refused("z64-gap.zip", &z,
                       "Zip64 end record is not right before its locator",
                       NULL);
    z = (fx_zip){.e = e, .n = 2, .zip64 = 1};
    z.cd_gap = 30;
    expect_zip_refused("z64-cd-gap.zip", &z,
                       "central directory does not end where the end "
                       "records begin (30 bytes between)", NULL);
    z = (fx_zip){.e = e, .n = 2};
    z.cd_gap = 5;
    expect_zip_refused("cd-gap.zip", &z, "(5 bytes between)", NULL);
}

/* ------------------------------------------------------------------ */
/* Total size                                                          */
/* ------------------------------------------------------------------ */

static void expect_limit(const char *value, const char *what,
                         const char *needle)
{
    const fx_entry e[] = {{.name = "m/a", .data = "hello", .len = 5}};
    char path[512];

    write_zip("limit.zip", &(fx_zip){.e = e, .n = 1}, path, sizeof path);
    setenv(PT2_MAX_PACKAGE_BYTES_ENV, value, 1);
    expect_fail(path, INDUCTOR_ERR_INVALID_ARGUMENT, what,
                PT2_MAX_PACKAGE_BYTES_ENV, needle);
    unsetenv(PT2_MAX_PACKAGE_BYTES_ENV);
    unlink(path);
}

static void test_total_size(void)
{
    const fx_entry e[] = {{.name = "m/a", .data = "hello", .len = 5},
                          {.name = "m/b", .data = JSON, .len = sizeof JSON - 1,
                           .deflate = 1}};
    const long long total = 5 + (long long)sizeof JSON - 1;
    char path[512], limit[32];
    pt2_archive *a;

    snprintf(limit, sizeof limit, "%lld", total);
    setenv(PT2_MAX_PACKAGE_BYTES_ENV, limit, 1);
    a = open_fixture("total.zip", &(fx_zip){.e = e, .n = 2}, path,
                     sizeof path);
    is_int(a ? (long long)pt2_archive_total_size(a) : -1, total,
           "total: total_size sums the uncompressed sizes");
    pt2_archive_close(a);
    snprintf(limit, sizeof limit, "%lld", total - 1);
    setenv(PT2_MAX_PACKAGE_BYTES_ENV, limit, 1);
    snprintf(limit, sizeof limit, "unpacks to %lld bytes", total);
    expect_zip_refused("total-over.zip", &(fx_zip){.e = e, .n = 2}, limit,
                       "more than " PT2_MAX_PACKAGE_BYTES_ENV " (30)");
    setenv(PT2_MAX_PACKAGE_BYTES_ENV, "", 1);
    pt2_archive_close(open_fixture("total-empty-var.zip",
                                   &(fx_zip){.e = e, .n = 2}, path,
                                   sizeof path));
    unsetenv(PT2_MAX_PACKAGE_BYTES_ENV);
    expect_limit("abc", "limit-abc", "\"abc\", not a decimal byte count");
    expect_limit("-1", "limit-negative", "not a decimal byte count");
    expect_limit("1e9", "limit-exponent", "not a decimal byte count");
    expect_limit(" 100", "limit-space", "not a decimal byte count");
    expect_limit("18446744073709551616", "limit-overflow",
                 "not a decimal byte count");
}

/* A sparse file whose one stored entry claims `size` bytes: the reader
 * reads only the ends of the file, so the hole costs nothing.  Zip64,
 * written with pwrite.  Returns 0 if the filesystem will not hold it. */
static int write_sparse(const char *fname, uint64_t size, char *path,
                        size_t cap)
{
    static const char name[] = "m/weights.bin";
    bytes h = {0}, t = {0};
    uint64_t cd_off = 30 + sizeof name - 1 + 20 + size;
    fx_written w = {0, size, size, 0, 0};
    fx_entry e = {.name = name};
    fx_zip z = {.e = &e, .n = 1, .zip64 = 1};
    int fd, okay;

    snprintf(path, cap, "%s/%s", fx_dir, fname);
    put32(&h, 0x04034b50);
    put16(&h, 45);
    put16(&h, 0);
    put16(&h, 0);
    put16(&h, 0);
    put16(&h, 0x21);
    put32(&h, 0);
    put32(&h, 0xFFFFFFFFu);
    put32(&h, 0xFFFFFFFFu);
    put16(&h, sizeof name - 1);
    put16(&h, 20);
    put(&h, name, sizeof name - 1);
    put16(&h, 1);
    put16(&h, 16);
    put64(&h, size);
    put64(&h, size);
    write_central(&t, &z, &e, &w);
    write_end(&t, &z, cd_off, cd_off);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    okay = fd >= 0 &&
           pwrite(fd, h.p, h.len, 0) == (ssize_t)h.len &&
           pwrite(fd, t.p, t.len, (off_t)cd_off) == (ssize_t)t.len;
    if (fd >= 0)
        close(fd);
    free(h.p);
    free(t.p);
    return okay;
}

/* The default limit: a 20 GB package opens, one of more than 64 GiB is
 * refused, both without the variable set. */
static void test_default_limit(void)
{
    char path[512];
    pt2_archive *a = NULL;

    if (!write_sparse("llm.pt2", UINT64_C(20000000000), path, sizeof path)) {
        unlink(path);
        skip(3, "default limit: no sparse 20 GB file on this filesystem");
        return;
    }
    if (!is_int(pt2_archive_open(path, &a), INDUCTOR_OK,
                "default limit: a 20 GB package opens"))
        diag("%s", inductor_last_error());
    pt2_archive_close(a);
    unlink(path);
    if (!write_sparse("llm-big.pt2", PT2_DEFAULT_MAX_PACKAGE_BYTES + 1, path,
                      sizeof path))
        bail_out("cannot write a sparse %s", path);
    is_int(pt2_archive_open(path, &a), INDUCTOR_ERR_BAD_PACKAGE,
           "default limit: a package of 64 GiB + 1 byte is refused");
    contains_str(inductor_last_error(),
                 "unpacks to 68719476737 bytes, more than "
                 PT2_MAX_PACKAGE_BYTES_ENV " (68719476736)",
                 "default limit: says so");
    unlink(path);
}

/* ------------------------------------------------------------------ */
/* Streaming extraction                                                */
/* ------------------------------------------------------------------ */

/* A file for extracted bytes, removed at once (the descriptor keeps it). */
static int scratch_fd(void)
{
    char path[512];
    int fd;

    snprintf(path, sizeof path, "%s/out.XXXXXX", fx_dir);
    if ((fd = mkstemp(path)) < 0)
        bail_out("mkstemp %s: %s", path, strerror(errno));
    unlink(path);
    return fd;
}

/* Extracts e into a scratch file; *got gets its bytes (malloc'd). */
static inductor_status extract(const pt2_archive *a, const pt2_entry *e,
                               unsigned char **got, size_t *len)
{
    int fd = scratch_fd();
    inductor_status st = pt2_archive_extract_to_fd(a, e, fd);
    struct stat sb;

    if (fstat(fd, &sb) != 0 || !(*got = malloc((size_t)sb.st_size + 1)) ||
        pread(fd, *got, (size_t)sb.st_size, 0) != sb.st_size)
        bail_out("cannot read back the extracted bytes");
    *len = (size_t)sb.st_size;
    close(fd);
    return st;
}

static void check_extracts(const pt2_archive *a, const char *name,
                           const char *want, size_t want_len)
{
    unsigned char *got = NULL;
    size_t len = 0;
    inductor_status st = extract(a, pt2_archive_find(a, name), &got, &len);

    if (!is_int(st, INDUCTOR_OK, "extract: %s extracts", name))
        diag("%s", inductor_last_error());
    ok(len == want_len && memcmp(got, want, len) == 0,
       "extract: %s: the bytes written are the entry's (%zu)", name, len);
    free(got);
}

/* The accessors: the descriptor, size and directory the archive was
 * validated through. */
static void check_accessors(const pt2_archive *a, long long total)
{
    const unsigned char *cd;
    unsigned char sig[4] = {0}, *copy;
    size_t cd_len = 0;
    struct stat sb;
    int fd = pt2_archive_fd(a);

    ok(fd >= 0 && pread(fd, sig, 4, 0) == 4 && memcmp(sig, "PK\3\4", 4) == 0,
       "extract: pt2_archive_fd reads the zip");
    ok(fstat(fd, &sb) == 0 &&
           (uint64_t)sb.st_size == pt2_archive_file_size(a),
       "extract: pt2_archive_file_size is the file's size");
    cd = pt2_archive_central_dir(a, &cd_len);
    copy = malloc(cd_len ? cd_len : 1);
    ok(cd && cd_len > 46 && memcmp(cd, "PK\1\2", 4) == 0 && copy &&
           pread(fd, copy, cd_len, sb.st_size - 22 - (off_t)cd_len) ==
               (ssize_t)cd_len &&
           memcmp(copy, cd, cd_len) == 0,
       "extract: pt2_archive_central_dir is the directory's bytes");
    free(copy);
    is_int((long long)pt2_archive_total_size(a), total,
           "extract: pt2_archive_total_size");
    ok(pt2_archive_fd(NULL) == -1 && pt2_archive_file_size(NULL) == 0 &&
           pt2_archive_central_dir(NULL, &cd_len) == NULL && cd_len == 0 &&
           pt2_archive_total_size(NULL) == 0,
       "extract: accessors take NULL");
}

/* Stored and deflated entries, each bigger than one chunk, and empty
 * ones, through the descriptor alone: the path is gone by then. */
static void test_extract(void)
{
    static char text[600000];
    const fx_entry e[] = {
        {.name = "m/stored", .data = text, .len = sizeof text},
        {.name = "m/deflated", .data = text, .len = sizeof text, .deflate = 1},
        {.name = "m/empty", .data = "", .len = 0},
        {.name = "m/empty-deflated", .data = "", .len = 0, .deflate = 1},
    };
    char path[512];
    pt2_archive *a;

    for (size_t i = 0; i < sizeof text; i++)
        text[i] = "0123456789abcdef\n"[(i * 7 + i / 100 + i / 9973) % 17];
    a = open_fixture("extract.zip", &(fx_zip){.e = e, .n = 4}, path,
                     sizeof path);
    if (!a)
        return;
    check_extracts(a, "m/stored", text, sizeof text);
    check_extracts(a, "m/deflated", text, sizeof text);
    check_extracts(a, "m/empty", "", 0);
    check_extracts(a, "m/empty-deflated", "", 0);
    check_accessors(a, 2 * (long long)sizeof text);
    is_int(pt2_archive_extract_to_fd(a, pt2_archive_entry(a, 0), -1),
           INDUCTOR_ERR_INVALID_ARGUMENT, "extract: a bad descriptor");
    is_int(pt2_archive_extract_to_fd(NULL, pt2_archive_entry(a, 0), 1),
           INDUCTOR_ERR_INVALID_ARGUMENT, "extract: a NULL archive");
    pt2_archive_close(a);
}

static void expect_extract_fails(const char *what, const pt2_archive *a,
                                 const char *name, int fd,
                                 inductor_status want, const char *needle)
{
    is_int(pt2_archive_extract_to_fd(a, pt2_archive_find(a, name), fd), want,
           "%s: refused with %s", what, inductor_status_str(want));
    contains_str(inductor_last_error(), name, "%s: names the entry", what);
    contains_str(inductor_last_error(), needle, "%s: says %s", what, needle);
}

/* Corrupt data is refused, and so is a destination that takes no data. */
static void test_extract_refusals(void)
{
    static const char text[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    const fx_entry e[] = {
        {.name = "m/crc", .data = text, .len = 36, .crc_xor = 4},
        {.name = "m/crc-deflated", .data = text, .len = 36, .deflate = 1,
         .crc_xor = 4},
        {.name = "m/cut", .data = text, .len = 36, .deflate = 1, .csize = 3},
        {.name = "m/long", .data = text, .len = 36, .deflate = 1, .size = 30},
        {.name = "m/ok", .data = text, .len = 36},
    };
    char path[512];
    pt2_archive *a;
    int fd = scratch_fd(), ro, full;

    a = open_fixture("extract-bad.zip", &(fx_zip){.e = e, .n = 5}, path,
                     sizeof path);
    if (!a)
        return;
    expect_extract_fails("crc", a, "m/crc", fd, INDUCTOR_ERR_BAD_PACKAGE,
                         "CRC-32 mismatch");
    expect_extract_fails("crc-deflated", a, "m/crc-deflated", fd,
                         INDUCTOR_ERR_BAD_PACKAGE, "CRC-32 mismatch");
    expect_extract_fails("cut", a, "m/cut", fd, INDUCTOR_ERR_BAD_PACKAGE,
                         "truncated deflate data");
    expect_extract_fails("long", a, "m/long", fd, INDUCTOR_ERR_BAD_PACKAGE,
                         "more than its recorded size");
    snprintf(path, sizeof path, "%s/ro", fx_dir);
    ro = open(path, O_RDONLY | O_CREAT, 0600);
    unlink(path);
    expect_extract_fails("read-only fd", a, "m/ok", ro, INDUCTOR_ERR_IO,
                         "writing: ");
    close(ro);
    if ((full = open("/dev/full", O_WRONLY)) >= 0) {
        expect_extract_fails("disk full", a, "m/ok", full, INDUCTOR_ERR_IO,
                             strerror(ENOSPC));
        close(full);
    } else {
        skip(3, "disk full: no /dev/full");
    }
    close(fd);
    pt2_archive_close(a);
}

/* A file that shrinks after open: the data is no longer there. */
static void test_extract_shrunk(void)
{
    static char text[5000];
    const fx_entry e[] = {{.name = "m/big", .data = text, .len = sizeof text}};
    char path[512];
    pt2_archive *a = NULL;
    int fd = scratch_fd();

    write_zip("shrunk.zip", &(fx_zip){.e = e, .n = 1}, path, sizeof path);
    if (pt2_archive_open(path, &a) != INDUCTOR_OK)
        bail_out("%s", inductor_last_error());
    if (truncate(path, 1000) != 0)
        bail_out("truncate: %s", strerror(errno));
    unlink(path);
    expect_extract_fails("shrunk", a, "m/big", fd, INDUCTOR_ERR_BAD_PACKAGE,
                         "truncated");
    close(fd);
    pt2_archive_close(a);
}

#define BIG_BLOCK ((size_t)1 << 20)
#define BIG_NOISE 2048

/* ~300 MB that deflates about 340:1 (under the ratio limit), built fast:
 * a 1 MiB block (2 KiB of noise, then zeros) deflated once with a full
 * flush, which makes its deflate data independent of what came before,
 * so that it can be repeated; then an empty final block. */
static bytes big_payload(size_t blocks, uint32_t *crc)
{
    unsigned char *block = calloc(1, BIG_BLOCK), *out;
    bytes payload = {0};
    uint32_t x = 12345;
    size_t chunk_len, cap;
    z_stream zs;
    uLong c;

    memset(&zs, 0, sizeof zs);
    if (!block || deflateInit2(&zs, 6, Z_DEFLATED, -MAX_WBITS, 8,
                               Z_DEFAULT_STRATEGY) != Z_OK)
        bail_out("deflateInit2 failed");
    for (size_t i = 0; i < BIG_NOISE; i++)
        block[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 24);
    cap = deflateBound(&zs, BIG_BLOCK) + 64;
    if (!(out = malloc(cap)))
        bail_out("out of memory");
    zs.next_in = block;
    zs.avail_in = (uInt)BIG_BLOCK;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    if (deflate(&zs, Z_FULL_FLUSH) != Z_OK || zs.avail_in != 0)
        bail_out("deflate failed");
    chunk_len = cap - zs.avail_out;
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
        bail_out("deflate failed");
    for (size_t i = 0; i < blocks; i++)
        put(&payload, out, chunk_len);
    put(&payload, out + chunk_len, cap - zs.avail_out - chunk_len);
    c = crc32(0, block, (uInt)BIG_BLOCK);
    *crc = (uint32_t)c;
    for (size_t i = 1; i < blocks; i++)
        *crc = (uint32_t)crc32_combine(*crc, c, (z_off_t)BIG_BLOCK);
    deflateEnd(&zs);
    free(block);
    free(out);
    return payload;
}

static long max_rss_kib(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A 300 MiB entry extracts with memory bounded by the chunk size: the
 * process's peak RSS grows by a few MB at most (the whole entry in memory
 * would add 300). */
static void test_extract_bounded_memory(void)
{
    const size_t blocks = 300;
    uint32_t crc = 0;
    bytes payload = big_payload(blocks, &crc);
    fx_entry e[] = {{.name = "m/zeros.bin", .raw = payload.p,
                     .raw_len = payload.len, .raw_crc = crc,
                     .size = blocks * BIG_BLOCK}};
    char path[512];
    pt2_archive *a;
    struct stat sb;
    long before, after;
    int fd;

    a = open_fixture("big.zip", &(fx_zip){.e = e, .n = 1}, path,
                     sizeof path);
    free(payload.p);
    if (!a)
        return;
    diag("big: %zu bytes deflated to %llu (%.0f:1)", blocks * BIG_BLOCK,
         (unsigned long long)pt2_archive_entry(a, 0)->csize,
         (double)(blocks * BIG_BLOCK) /
             (double)pt2_archive_entry(a, 0)->csize);
    fd = scratch_fd();
    before = max_rss_kib();
    if (!is_int(pt2_archive_extract_to_fd(a, pt2_archive_entry(a, 0), fd),
                INDUCTOR_OK, "big: 300 MiB entry extracts (CRC-32 checked)"))
        diag("%s", inductor_last_error());
    after = max_rss_kib();
    ok(fstat(fd, &sb) == 0 && (uint64_t)sb.st_size == blocks * BIG_BLOCK,
       "big: the file holds all of it");
    diag("big: peak RSS %ld KiB before, %ld KiB after", before, after);
    ok(after - before < 4096, "big: peak RSS grew by %ld KiB (< 4 MiB)",
       after - before);
    close(fd);
    pt2_archive_close(a);
}

/* ------------------------------------------------------------------ */
/* A real package                                                      */
/* ------------------------------------------------------------------ */

/* Extracting e gives the bytes pt2_archive_read() gave. */
static int same_extracted(const pt2_archive *a, const pt2_entry *e,
                          const char *want, size_t want_len)
{
    unsigned char *got = NULL;
    size_t len = 0;
    int same = extract(a, e, &got, &len) == INDUCTOR_OK && want &&
               len == want_len && memcmp(got, want, len) == 0;

    free(got);
    return same;
}

/* Every entry under one root, all readable with a valid CRC, and data
 * aligned as PyTorch writes it. */
static void check_real_entries(const pt2_archive *a, const char *root,
                               size_t root_len)
{
    size_t n = pt2_archive_count(a), bad_root = 0, bad_read = 0, bad_find = 0;
    size_t unaligned = 0, bad_extract = 0;

    for (size_t i = 0; i < n; i++) {
        const pt2_entry *e = pt2_archive_entry(a, i);
        char *buf = NULL;
        size_t len = 0;

        bad_root += strncmp(e->name, root, root_len) != 0;
        bad_find += pt2_archive_find(a, e->name) != e;
        unaligned += e->method == 0 && e->data_offset % 64 != 0;
        if (pt2_archive_read(a, e, (size_t)1 << 30, &buf, &len) !=
                INDUCTOR_OK ||
            len != e->size) {
            diag("%s", inductor_last_error());
            bad_read++;
        }
        bad_extract += !same_extracted(a, e, buf, len);
        free(buf);
    }
    is_int((long long)bad_root, 0, "real: all entries under %.*s",
           (int)root_len, root);
    is_int((long long)bad_find, 0, "real: every entry found by name");
    is_int((long long)bad_read, 0, "real: every entry read, CRC-32 ok");
    is_int((long long)bad_extract, 0,
           "real: every entry extracts to the bytes read");
    is_int((long long)unaligned, 0, "real: stored data 64-byte aligned");
}

static void test_real(const char *path)
{
    pt2_archive *a = NULL;
    const char *slash;
    char name[512];
    char *buf = NULL;
    size_t root_len;

    if (!path || !*path) {
        skip(1, "real package: set INDUCTOR_TEST_PT2 to a .pt2 to check one");
        return;
    }
    if (!is_int(pt2_archive_open(path, &a), INDUCTOR_OK, "real: opens %s",
                path)) {
        diag("%s", inductor_last_error());
        return;
    }
    ok(pt2_archive_count(a) > 0, "real: %zu entries", pt2_archive_count(a));
    slash = strchr(pt2_archive_entry(a, 0)->name, '/');
    root_len = slash ? (size_t)(slash - pt2_archive_entry(a, 0)->name) + 1 : 0;
    check_real_entries(a, pt2_archive_entry(a, 0)->name, root_len);
    snprintf(name, sizeof name, "%.*sarchive_format", (int)root_len,
             pt2_archive_entry(a, 0)->name);
    ok(pt2_archive_find(a, name) != NULL, "real: has %s", name);
    if (pt2_archive_find(a, name) &&
        pt2_archive_read(a, pt2_archive_find(a, name), 64, &buf, NULL) == 0)
        diag("archive_format: %s", buf);
    free(buf);
    pt2_archive_close(a);
}

int main(int argc, char **argv)
{
    const char *tmp = getenv("TMPDIR");
    const char *real = argc > 1 ? argv[1] : getenv("INDUCTOR_TEST_PT2");

    snprintf(fx_dir, sizeof fx_dir, "%s/test_pt2_archive.XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fx_dir))
        bail_out("mkdtemp %s: %s", fx_dir, strerror(errno));
    test_extract_bounded_memory();
    test_stored();
    test_crc();
    test_deflate();
    test_deflate_corrupt();
    test_zip64();
    test_not_zips();
    test_hostile_names();
    test_hostile_entries();
    test_absurd_sizes();
    test_noncanonical_names();
    test_canonical_names_ok();
    test_collisions();
    test_tree_lookup();
    test_two_eocd();
    test_zip64_records();
    test_total_size();
    test_default_limit();
    test_extract();
    test_extract_refusals();
    test_extract_shrunk();
    test_real(real);
    if (rmdir(fx_dir) != 0)
        diag("rmdir %s: %s", fx_dir, strerror(errno));
    return done_testing();
}
