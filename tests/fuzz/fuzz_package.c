/*
 * fuzz_package.c - libFuzzer target: the .pt2 zip reader and everything
 * read from a package without libtorch (src/lib/pt2_archive.c, package.c,
 * inspect.c, io_signature.c, signature.c, call_spec.c): open, list models
 * and metadata, read every entry, and read each model's signature.
 *
 * The input is the package file's bytes.  The readers take a path, so the
 * bytes go into an anonymous memory file (memfd) opened through
 * /proc/self/fd: no disk traffic, nothing left behind.
 *
 * Invariants: every name the reader hands out is free of control
 * characters and ".." components, and an entry's data lies inside the file.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "package_internal.h"
#include "pt2_archive.h"
#include "signature.h"

/* Entries bigger than this are not read (the reader's limit is the
 * caller's choice; the fuzzer needs speed, not 16 GiB buffers). */
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
    FUZZ_CHECK(name != NULL && name[0] != '\0' && name[0] != '/');
    for (const char *p = name; *p; p++)
        FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f && *p != '\\');
    FUZZ_CHECK(strncmp(name, "../", 3) != 0 && strstr(name, "/../") == NULL);
}

static void read_entries(const pt2_archive *a, size_t file_size)
{
    for (size_t i = 0; i < pt2_archive_count(a); i++) {
        const pt2_entry *e = pt2_archive_entry(a, i);
        char *buf = NULL;
        size_t len = 0;

        check_name(e->name);
        FUZZ_CHECK(pt2_archive_find(a, e->name) == e);
        FUZZ_CHECK(e->data_offset <= file_size &&
                   e->csize <= file_size - e->data_offset);
        if (pt2_archive_read(a, e, FUZZ_MAX_READ, &buf, &len) == INDUCTOR_OK)
            FUZZ_CHECK(buf != NULL && len == e->size && buf[len] == '\0');
        else
            FUZZ_CHECK(buf == NULL);
        free(buf);
    }
}

static void read_model(const inductor_package *p, const char *model)
{
    inductor_signature *sig = NULL;
    signature recorded;
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
