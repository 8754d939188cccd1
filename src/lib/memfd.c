/*
 * memfd.c - a sealed, in-memory copy of a package (see memfd.h).
 *
 * Why a memfd rather than reading the zip from the caller's buffer: the
 * archive reader, the cache key and the extraction all work on a file
 * descriptor with pread(), so one code path validates packages from disk
 * and from memory alike.  Why sealed: the validated bytes must be the
 * extracted bytes, and a sealed memfd cannot change under us (nor could a
 * file descriptor passed on by mistake be written through).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "memfd.h"

#define WHAT MEMFD_DISPLAY_NAME ": cannot hold the package in memory"

#if defined(MFD_CLOEXEC) && defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)

static inductor_status write_failed(int err)
{
    if (err == ENOMEM)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, WHAT ": %s",
                              strerror(err));
    return inductor__fail(INDUCTOR_ERR_IO, WHAT ": %s", strerror(err));
}

static inductor_status fill(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return write_failed(w < 0 ? errno : ENOSPC);
        p += w;
        n -= (size_t)w;
    }
    return INDUCTOR_OK;
}

inductor_status memfd_sealed_copy(const void *data, size_t size, int *fd)
{
    const int seals = F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL;
    inductor_status s;
    int err;

    *fd = memfd_create("inductor-package", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (*fd < 0) {
        err = errno;
        return err == ENOSYS || err == EINVAL
                   ? inductor__fail(INDUCTOR_ERR_UNSUPPORTED, WHAT ": "
                                    "memfd_create: %s", strerror(err))
                   : write_failed(err);
    }
    if ((s = fill(*fd, data, size)) == INDUCTOR_OK &&
        fcntl(*fd, F_ADD_SEALS, seals) != 0)
        s = inductor__fail(errno == EINVAL ? INDUCTOR_ERR_UNSUPPORTED
                                           : INDUCTOR_ERR_IO,
                           WHAT ": sealing: %s", strerror(errno));
    if (s != INDUCTOR_OK) {
        close(*fd);
        *fd = -1;
    }
    return s;
}

#else /* no memfd_create() or sealing: not Linux, or a very old one */

inductor_status memfd_sealed_copy(const void *data, size_t size, int *fd)
{
    (void)data;
    (void)size;
    *fd = -1;
    return inductor__fail(INDUCTOR_ERR_UNSUPPORTED, WHAT ": this system has "
                          "no memfd_create() with sealing (Linux only)");
}

#endif
