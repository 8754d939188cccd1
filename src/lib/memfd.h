/*
 * memfd.h - a package given as bytes, held in a sealed memfd so that the
 * zip reader, the cache key and the extraction see one immutable file, as
 * they do for a package on disk.  Internal to libinductor.
 */
#ifndef INDUCTOR_MEMFD_H
#define INDUCTOR_MEMFD_H

#include <stddef.h>

#include "internal.h"

/* How packages opened from memory are named in messages. */
#define MEMFD_DISPLAY_NAME "(memory)"

/* Copies data[0..size) into a new memfd (close-on-exec), seals it against
 * writing, growing and shrinking, and returns it in *fd for the caller to
 * own.  INDUCTOR_ERR_UNSUPPORTED where the kernel or C library has no
 * memfd_create() or sealing; INDUCTOR_ERR_OUT_OF_MEMORY or
 * INDUCTOR_ERR_IO when the copy cannot be made.  *fd is -1 on failure. */
inductor_status memfd_sealed_copy(const void *data, size_t size, int *fd);

#endif /* INDUCTOR_MEMFD_H */
