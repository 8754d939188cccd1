/*
 * test_archive.c - the public zip reader, inductor_archive_* (TAP
 * output), through libinductor.so and include/inductor.h alone, as a
 * program using the installed library sees it.
 *
 * The archives are NumPy's own: the configured $PYTHON writes them with
 * numpy.savez (stored members) and numpy.savez_compressed (deflated), the
 * .npy bytes each member must read back as, and the broken ones made from
 * them (cut short, one data byte flipped, not a zip).  Without numpy the
 * tests that need its files are skipped, saying so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inductor.h"
#include "tap.h"

static char dir[256];

/* Writes the fixtures into dir with numpy; 0 when it did. */
static int write_fixtures(void)
{
    static const char script[] =
        "import sys, io, zipfile\n"
        "import numpy as np\n"
        "d = sys.argv[1]\n"
        "a = np.arange(1000, dtype=np.int64).reshape(10, 100)\n"
        "b = np.linspace(0, 1, 7, dtype=np.float32)\n"
        "np.savez(d + '/stored.npz', a=a, b=b)\n"
        "np.savez_compressed(d + '/deflated.npz', a=a, b=b)\n"
        "np.save(d + '/a.npy', a)\n"
        "np.save(d + '/b.npy', b)\n"
        "raw = open(d + '/stored.npz', 'rb').read()\n"
        "open(d + '/truncated.npz', 'wb').write(raw[:len(raw) // 2])\n"
        "info = zipfile.ZipFile(d + '/stored.npz').getinfo('a.npy')\n"
        "off = info.header_offset\n"
        "data = off + 30 + int.from_bytes(raw[off + 26:off + 28], 'little')"
        " + int.from_bytes(raw[off + 28:off + 30], 'little')\n"
        "bad = bytearray(raw)\n"
        "bad[data + info.file_size - 1] ^= 0xFF\n"
        "open(d + '/crc.npz', 'wb').write(bytes(bad))\n"
        "open(d + '/text.npz', 'w').write('not a zip, just text\\n')\n";
    const char *py = getenv("PYTHON");
    char cmd[600], path[300];
    FILE *f;

    snprintf(path, sizeof path, "%s/make.py", dir);
    if (!py || !*py || !(f = fopen(path, "w")))
        return -1;
    fputs(script, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s'", py, path, dir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *fixture(const char *name)
{
    static char path[300];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* The whole file, malloc'd; NULL if it cannot be read. */
static char *slurp(const char *name, size_t *len)
{
    FILE *f = fopen(fixture(name), "rb");
    char *buf = NULL;
    long n;

    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
        fread(buf, 1, (size_t)n, f) == (size_t)n)
        *len = (size_t)n;
    else {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    return buf;
}

/* Both members of an archive of savez's a and b, read back byte for byte
 * as np.save wrote them. */
static void check_members(const inductor_archive *z, const char *what)
{
    static const char *const names[] = {"a.npy", "b.npy"};
    uint64_t past_end = 7;

    is_int((long long)inductor_archive_count(z), 2, "%s: two entries", what);
    for (size_t i = 0; i < 2; i++) {
        size_t want_len = 0, len = 0;
        char *want = slurp(names[i], &want_len);
        void *got = NULL;
        inductor_status st;
        uint64_t size = 0;

        is_str(inductor_archive_entry(z, i, &size), names[i],
               "%s: entry %zu's name", what, i);
        is_int((long long)size, (long long)want_len, "%s: %s's size", what,
               names[i]);
        st = inductor_archive_read(z, names[i], 1 << 20, &got, &len);
        ok(st == INDUCTOR_OK && want && len == want_len &&
               memcmp(got, want, len) == 0 && ((char *)got)[len] == '\0',
           "%s: %s reads as np.save wrote it", what, names[i]);
        if (st != INDUCTOR_OK)
            diag("%s", inductor_last_error());
        free(got);
        free(want);
    }
    ok(inductor_archive_entry(z, 2, &past_end) == NULL && past_end == 0,
       "%s: no entry 2 (NULL, size 0)", what);
}

static void test_reads(void)
{
    inductor_archive *z = NULL;
    size_t len = 0;
    char *mem;

    is_int(inductor_archive_open(fixture("stored.npz"), &z), INDUCTOR_OK,
           "numpy.savez's .npz opens from its path");
    check_members(z, "savez, from a file");
    inductor_archive_close(z);

    mem = slurp("deflated.npz", &len);
    z = NULL;
    is_int(inductor_archive_open_memory(mem, len, "golden", &z), INDUCTOR_OK,
           "numpy.savez_compressed's .npz opens from memory");
    check_members(z, "savez_compressed, from memory");
    inductor_archive_close(z);
    free(mem);
}

/* Opening `name` (from its path and from memory) fails with `want`, one
 * line saying `why`. */
static void expect_open_fails(const char *name, inductor_status want,
                              const char *why)
{
    inductor_archive *z = (inductor_archive *)1;
    size_t len = 0;
    char *mem = slurp(name, &len);
    const char *msg;

    is_int(inductor_archive_open(fixture(name), &z), want, "%s refused", name);
    ok(z == NULL, "%s: no archive handed out", name);
    msg = inductor_last_error();
    contains_str(msg, why, "%s: the message says why", name);
    ok(strchr(msg, '\n') == NULL && strstr(msg, name) != NULL,
       "%s: one line naming the file", name);
    z = (inductor_archive *)1;
    is_int(inductor_archive_open_memory(mem, len, "golden", &z), want,
           "%s refused from memory too", name);
    ok(z == NULL && strncmp(inductor_last_error(), "golden: ", 8) == 0,
       "%s: from memory, the message begins with the name given", name);
    free(mem);
}

static void test_refusals(void)
{
    inductor_archive *z = NULL;
    void *buf = (void *)1;
    size_t len = 7;

    expect_open_fails("truncated.npz", INDUCTOR_ERR_BAD_PACKAGE, "truncated");
    expect_open_fails("text.npz", INDUCTOR_ERR_BAD_PACKAGE, "not a zip");
    is_int(inductor_archive_open(fixture("missing.npz"), &z), INDUCTOR_ERR_IO,
           "a file that is not there is an I/O error");
    contains_str(inductor_last_error(), "No such file", "naming the reason");

    /* The central directory is intact: the flipped byte shows when the
     * data is read. */
    is_int(inductor_archive_open(fixture("crc.npz"), &z), INDUCTOR_OK,
           "an .npz with a corrupted member opens");
    is_int(inductor_archive_read(z, "a.npy", 1 << 20, &buf, &len),
           INDUCTOR_ERR_BAD_PACKAGE, "reading the corrupted member fails");
    contains_str(inductor_last_error(), "entry \"a.npy\": CRC-32 mismatch",
                 "a CRC mismatch, naming the entry");
    ok(buf == NULL && len == 0, "and hands nothing out");
    buf = NULL;
    is_int(inductor_archive_read(z, "b.npy", 1 << 20, &buf, &len), INDUCTOR_OK,
           "the other member still reads");
    free(buf);
    inductor_archive_close(z);

    z = NULL;
    inductor_archive_open(fixture("stored.npz"), &z);
    buf = (void *)1;
    is_int(inductor_archive_read(z, "c.npy", 1 << 20, &buf, &len),
           INDUCTOR_ERR_MODEL_NOT_FOUND, "an entry that is not there");
    contains_str(inductor_last_error(), "no entry \"c.npy\"", "naming it");
    ok(buf == NULL, "and hands nothing out");
    is_int(inductor_archive_read(z, "a.npy", 100, &buf, &len),
           INDUCTOR_ERR_UNSUPPORTED, "an entry over max_bytes is refused");
    contains_str(inductor_last_error(), "more than the 100 allowed",
                 "saying the limit");
    inductor_archive_close(z);
}

static void test_null(void)
{
    inductor_archive *z = (inductor_archive *)1;
    void *buf = (void *)1;
    uint64_t size = 7;

    is_int(inductor_archive_open(NULL, &z), INDUCTOR_ERR_INVALID_ARGUMENT,
           "open: NULL path");
    ok(z == NULL, "open: *out is NULL on failure");
    is_int(inductor_archive_open_memory(NULL, 10, NULL, &z),
           INDUCTOR_ERR_INVALID_ARGUMENT, "open_memory: NULL data");
    is_int(inductor_archive_open_memory("", 0, NULL, &z),
           INDUCTOR_ERR_BAD_PACKAGE, "open_memory: no bytes is not a zip");
    contains_str(inductor_last_error(), "(memory): not a zip archive",
                 "named (memory) when no name is given");
    is_int(inductor_archive_read(NULL, "a.npy", 1, &buf, NULL),
           INDUCTOR_ERR_INVALID_ARGUMENT, "read: NULL archive");
    ok(buf == NULL, "read: *buf is NULL on failure");
    ok(inductor_archive_count(NULL) == 0 &&
           inductor_archive_entry(NULL, 0, &size) == NULL && size == 0,
       "getters on NULL: 0 and NULL");
    inductor_archive_close(NULL);
    ok(1, "close(NULL) is a no-op");
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    char cmd[300];

    snprintf(dir, sizeof dir, "%s/test_archive.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        bail_out("cannot make a temporary directory");
    test_null();
    if (write_fixtures() == 0) {
        test_reads();
        test_refusals();
    } else {
        skip(1, "PYTHON with numpy is needed to write the .npz files");
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        diag("could not remove %s", dir);
    return done_testing();
}
