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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
} fx_entry;

typedef struct fx_zip {
    const fx_entry *e;
    size_t n;
    int zip64;              /* 0xFFFFFFFF markers + Zip64 extra and records */
    uint64_t count;         /* recorded entry count, if non-zero */
    const char *comment;    /* archive comment */
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

    if (e->deflate)
        payload = deflate_raw(e->data, e->len);
    else
        put(&payload, e->data, e->len);
    w->offset = b->len;
    w->method = e->method ? e->method : e->deflate ? 8 : 0;
    w->size = e->size ? e->size : e->len;
    w->csize = e->csize ? e->csize : e->method ? w->size : payload.len;
    w->crc = (uint32_t)crc32(0, (const unsigned char *)e->data, (uInt)e->len) ^
             e->crc_xor;
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

static void write_end(bytes *b, const fx_zip *z, uint64_t cd_off)
{
    uint64_t cd_size = b->len - cd_off, z64_off = b->len;
    uint64_t count = z->count ? z->count : z->n;
    size_t clen = z->comment ? strlen(z->comment) : 0;

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
        put32(b, 0x07064b50);
        put32(b, 0);
        put64(b, z64_off);
        put32(b, 1);
    }
    put32(b, 0x06054b50);
    put16(b, 0);
    put16(b, 0);
    put16(b, z->zip64 ? 0xFFFF : count);
    put16(b, z->zip64 ? 0xFFFF : count);
    put32(b, z->zip64 ? 0xFFFFFFFFu : cd_size);
    put32(b, z->zip64 ? 0xFFFFFFFFu : cd_off);
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
    write_end(&b, z, cd_off);
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
    const fx_zip z = {e, 3, 0, 0, "a comment with PK\x05\x06 inside"};
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
    const fx_zip z = {e, 1, 0, 0, NULL};
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
    const fx_zip z = {e, 2, 0, 0, NULL};
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
    const fx_zip z = {e, 1, 0, 0, NULL};
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
    const fx_zip z = {e, 2, 1, 0, NULL};
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
    const fx_zip z = {e, 1, 0, 0, NULL};
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
        fx_zip z = {e, 2, 0, 0, NULL};
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

    expect_zip_refused("link.zip", &(fx_zip){link, 1, 0, 0, NULL}, "m/link",
                       "symbolic link");
    /* A Unix mode that is a regular file is fine. */
    pt2_archive_close(open_fixture("regular.zip", &(fx_zip){reg, 1, 0, 0, NULL},
                                   path, sizeof path));
    expect_zip_refused("enc.zip", &(fx_zip){enc, 1, 0, 0, NULL}, "m/secret",
                       "encrypted");
    expect_zip_refused("bz2.zip", &(fx_zip){bz2, 1, 0, 0, NULL}, "m/bz",
                       "method 12");
    expect_zip_refused("dup.zip", &(fx_zip){dup, 2, 0, 0, NULL}, "\"m/a\"",
                       "duplicate");
    expect_zip_refused("local.zip", &(fx_zip){lh, 1, 0, 0, NULL}, "\"m/a\"",
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

    expect_zip_refused("ratio.zip", &(fx_zip){ratio, 1, 0, 0, NULL},
                       "m/bomb", "ratio over 1000:1");
    expect_zip_refused("huge.zip", &(fx_zip){huge, 1, 1, 0, NULL}, "m/huge",
                       "16 GiB");
    expect_zip_refused("past.zip", &(fx_zip){past, 1, 0, 0, NULL}, "m/past",
                       "past end of file");
    expect_zip_refused("many.zip", &(fx_zip){one, 1, 1, 100001, NULL},
                       "too many entries", NULL);
    expect_zip_refused("count.zip", &(fx_zip){one, 1, 0, 2, NULL},
                       "central directory", NULL);
}

/* ------------------------------------------------------------------ */
/* A real package                                                      */
/* ------------------------------------------------------------------ */

/* Every entry under one root, all readable with a valid CRC, and data
 * aligned as PyTorch writes it. */
static void check_real_entries(const pt2_archive *a, const char *root,
                               size_t root_len)
{
    size_t n = pt2_archive_count(a), bad_root = 0, bad_read = 0, bad_find = 0;
    size_t unaligned = 0;

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
        free(buf);
    }
    is_int((long long)bad_root, 0, "real: all entries under %.*s",
           (int)root_len, root);
    is_int((long long)bad_find, 0, "real: every entry found by name");
    is_int((long long)bad_read, 0, "real: every entry read, CRC-32 ok");
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
    test_stored();
    test_crc();
    test_deflate();
    test_deflate_corrupt();
    test_zip64();
    test_not_zips();
    test_hostile_names();
    test_hostile_entries();
    test_absurd_sizes();
    test_real(real);
    if (rmdir(fx_dir) != 0)
        diag("rmdir %s: %s", fx_dir, strerror(errno));
    return done_testing();
}
