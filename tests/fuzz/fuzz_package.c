/*
 * fuzz_package.c - libFuzzer target: the .pt2 zip reader and everything
 * read from a package without libtorch (src/lib/pt2_archive.c, package.c,
 * inspect.c, io_signature.c, signature.c, call_spec.c): open, list models
 * and metadata, read every entry, extract every entry with the streaming
 * extractor, and read each model's signature.
 *
 * The input is the package file's bytes.  The readers take a path, so the
 * bytes go into an anonymous memory file (memfd) opened through
 * /proc/self/fd: no disk traffic, nothing left behind.
 *
 * Invariants: every name the reader hands out is canonical (no control
 * characters, no "..", "." or empty components, not absolute, not
 * reserved), no two entries collide once extracted (same name, a file and
 * a directory of one name, a file used as a directory), an entry's data
 * lies inside the file, the total size is the sum of the entries', and
 * pt2_archive_read() and pt2_archive_extract_to_fd() agree on every entry
 * small enough for both (the status, and the bytes when they succeed).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "package_internal.h"
#include "pt2_archive.h"
#include "signature.h"

/* Entries bigger than this are not read (the reader's limit is the
 * caller's choice; the fuzzer needs speed, not 16 GiB buffers); they are
 * extracted to /dev/null instead (bounded: open refuses a ratio over
 * 1000:1, so an input of n bytes extracts to at most about 1000 n). */
#define FUZZ_MAX_READ ((size_t)1 << 20)

static int write_memfd(const uint8_t *data, size_t size, char *path,
                       size_t cap)
{
    int fd = memfd_create("fuzz.pt2", MFD_CLOEXEC);
    size_t done = 0;

    if (fd < 0)
        return -1;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);

        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    snprintf(path, cap, "/proc/self/fd/%d", fd);
    return fd;
}

static void check_name(const char *name)
{
    size_t n = strlen(name ? name : "");

    FUZZ_CHECK(name != NULL && name[0] != '\0' && name[0] != '/');
    for (const char *p = name; *p; p++)
        FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f && *p != '\\');
    /* Canonical: every component (but a directory's trailing one) is
     * non-empty and neither "." nor "..". */
    for (const char *c = name; *c;) {
        size_t len = strcspn(c, "/");

        FUZZ_CHECK(len > 0);
        FUZZ_CHECK(!(len == 1 && c[0] == '.'));
        FUZZ_CHECK(!(len == 2 && c[0] == '.' && c[1] == '.'));
        c += len + (c[len] == '/');
    }
    FUZZ_CHECK(n < 9 || strncasecmp(name, ".inductor", 9) != 0);
}

/* No entry is a file that another entry's path runs through, nor a file
 * beside a directory entry of its name. */
static void check_no_collision(const pt2_archive *a, const char *name)
{
    size_t n = strlen(name);
    char *path = malloc(n + 2);

    FUZZ_CHECK(path != NULL);
    memcpy(path, name, n + 1);
    if (n > 0 && name[n - 1] != '/') {
        memcpy(path + n, "/", 2);
        FUZZ_CHECK(pt2_archive_find(a, path) == NULL);
    }
    for (size_t i = 1; i < n; i++)
        if (name[i] == '/') {
            path[i] = '\0';
            FUZZ_CHECK(pt2_archive_find(a, path) == NULL);
            path[i] = '/';
        }
    free(path);
}

/* Extracts e into fd (emptied first), and checks that it agrees with what
 * pt2_archive_read() gave: status rd, and bytes buf. */
static void extract_entry(const pt2_archive *a, const pt2_entry *e, int fd,
                          inductor_status rd, const char *buf)
{
    inductor_status st;
    struct stat sb;
    char *got;

    FUZZ_CHECK(ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0);
    st = pt2_archive_extract_to_fd(a, e, fd);
    FUZZ_CHECK(st == rd);
    FUZZ_CHECK(fstat(fd, &sb) == 0 && (uint64_t)sb.st_size <= e->size);
    if (st != INDUCTOR_OK)
        return;
    FUZZ_CHECK((uint64_t)sb.st_size == e->size);
    got = malloc(e->size + 1);
    FUZZ_CHECK(got != NULL &&
               pread(fd, got, e->size, 0) == (ssize_t)e->size &&
               memcmp(got, buf, e->size) == 0);
    free(got);
}

static void read_entries(const pt2_archive *a, size_t file_size)
{
    int mem = memfd_create("fuzz.out", MFD_CLOEXEC);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    uint64_t total = 0;

    FUZZ_CHECK(mem >= 0 && null >= 0);
    for (size_t i = 0; i < pt2_archive_count(a); i++) {
        const pt2_entry *e = pt2_archive_entry(a, i);
        char *buf = NULL;
        size_t len = 0;
        inductor_status rd;

        check_name(e->name);
        check_no_collision(a, e->name);
        FUZZ_CHECK(pt2_archive_find(a, e->name) == e);
        FUZZ_CHECK(e->data_offset <= file_size &&
                   e->csize <= file_size - e->data_offset);
        total += e->size;
        rd = pt2_archive_read(a, e, FUZZ_MAX_READ, &buf, &len);
        if (rd == INDUCTOR_OK)
            FUZZ_CHECK(buf != NULL && len == e->size && buf[len] == '\0');
        else
            FUZZ_CHECK(buf == NULL);
        if (e->size <= FUZZ_MAX_READ)
            extract_entry(a, e, mem, rd, buf);
        else
            (void)pt2_archive_extract_to_fd(a, e, null);
        free(buf);
    }
    FUZZ_CHECK(total == pt2_archive_total_size(a));
    close(mem);
    close(null);
}

/* What the archive keeps of the file it validated. */
static void check_archive(const pt2_archive *a, int fd, size_t size)
{
    size_t cd_len = 0;
    const unsigned char *cd = pt2_archive_central_dir(a, &cd_len);

    FUZZ_CHECK(pt2_archive_fd(a) >= 0 && pt2_archive_fd(a) != fd);
    FUZZ_CHECK(pt2_archive_file_size(a) == size);
    FUZZ_CHECK(cd != NULL && cd_len <= size);
    FUZZ_CHECK(cd_len >= 46 * pt2_archive_count(a));
    FUZZ_CHECK(pt2_archive_total_size(a) <= PT2_DEFAULT_MAX_PACKAGE_BYTES);
}

static void read_model(const inductor_package *p, const char *model)
{
    inductor_signature *sig = NULL;
    recorded_inputs recorded;
    uint64_t bytes = 0;
    size_t count = 0, nd = 0;

    check_name(model);
    for (size_t i = 0; i < inductor_package_metadata_count(p, model); i++)
        FUZZ_CHECK(inductor_package_metadata(
                       p, model, inductor_package_metadata_key(p, model, i)) !=
                   NULL);
    (void)inductor_package_kernel_count(p, model, "cubin");
    (void)inductor_package_weights(p, model, &bytes, &count);
    if (inductor_package_signature(p, model, &sig) == INDUCTOR_OK) {
        for (size_t i = 0; i < inductor_signature_num_inputs(sig); i++) {
            (void)inductor_signature_input_name(sig, i);
            (void)inductor_signature_input_sizes(sig, i, &nd);
            FUZZ_CHECK(nd <= INDUCTOR_MAX_DIMS);
        }
        for (size_t i = 0; i < inductor_signature_num_outputs(sig); i++)
            (void)inductor_signature_output_key(sig, i);
    }
    inductor_signature_free(sig);
    if (signature_parse(inductor_package_metadata(p, model,
                                                  SIGNATURE_METADATA_KEY),
                        &recorded) == INDUCTOR_OK)
        signature_free(&recorded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = write_memfd(data, size, path, sizeof path);
    pt2_archive *a = NULL;
    inductor_package *p = NULL;

    if (fd < 0)
        return 0;
    if (pt2_archive_open(path, &a) == INDUCTOR_OK) {
        check_archive(a, fd, size);
        read_entries(a, size);
        pt2_archive_close(a);
    } else {
        FUZZ_CHECK(a == NULL);
    }
    if (inductor_package_open(path, &p) == INDUCTOR_OK) {
        FUZZ_CHECK(inductor_package_num_models(p) > 0);
        for (size_t i = 0; i < inductor_package_num_models(p); i++)
            read_model(p, inductor_package_model_name(p, i));
        inductor_package_close(p);
    } else {
        FUZZ_CHECK(p == NULL);
    }
    close(fd);
    return 0;
}
