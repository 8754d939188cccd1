/*
 * cache_root.h - where the extraction cache lives and whether it may be
 * used.  Internal to libinductor; the rules are in extract.h.
 */
#ifndef INDUCTOR_CACHE_ROOT_H
#define INDUCTOR_CACHE_ROOT_H

#include <stddef.h>
#include <stdint.h>

#include "inductor.h"

/* INDUCTOR_CACHE_MAX_BYTES when unset or not a decimal number: 32 GiB. */
#define CACHE_DEFAULT_MAX_BYTES (UINT64_C(32) << 30)

/* Non-zero when INDUCTOR_NO_CACHE is set to anything but "" or "0". */
int cache_disabled(void);

/* The cache root into buf: `dir` when it is neither NULL nor "" (a
 * caller's inductor_open_options.cache_dir), else chosen from the
 * environment (or the user database); -1 when there is none or it does
 * not fit.  Trailing slashes are dropped. */
int cache_root_path(const char *dir, char *buf, size_t len);

/* Opens the root `path` (creating it 0700, parents as needed, when
 * `create` and it is missing) with O_NOFOLLOW | O_DIRECTORY and returns
 * the descriptor if it is owned by the effective user and not writable by
 * group or others.  Otherwise returns -1 with one line in `why` ("cache
 * directory /x is owned by uid 65534, not 0"); errno is ENOENT when the
 * root just does not exist (and `create` was 0). */
int cache_root_open(const char *path, int create, char *why, size_t whylen);

/* INDUCTOR_CACHE_MAX_BYTES, or CACHE_DEFAULT_MAX_BYTES. */
uint64_t cache_max_bytes(void);

/* For inductor_cache_list/prune/clear: the verified root in *rootfd, or -1
 * (with INDUCTOR_OK) when it does not exist yet.  A root that is not
 * private is INDUCTOR_ERR_IO, with inductor_last_error() set. */
inductor_status cache_root_for_api(int *rootfd);

#endif /* INDUCTOR_CACHE_ROOT_H */
