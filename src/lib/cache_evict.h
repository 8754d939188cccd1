/*
 * cache_evict.h - keeping the extraction cache bounded: removing stale
 * staging directories and least-recently-used entries, and the listing
 * behind inductor_cache_list().  Internal to libinductor.
 *
 * An entry in use is never removed: a process holds a shared flock() on
 * the entry directory from its check until the model is closed, and every
 * removal first takes LOCK_EX | LOCK_NB, skipping the entry when that
 * fails.  A removal renames the entry to .stale-* before emptying it, so
 * no process opens it half-deleted.
 */
#ifndef INDUCTOR_CACHE_EVICT_H
#define INDUCTOR_CACHE_EVICT_H

#include <stddef.h>
#include <stdint.h>

#include "inductor.h"

/* How old a .staging-* or .stale-* directory must be to be removed. */
#define CACHE_STALE_SECONDS 3600

/* Removes the .staging-* and .stale-* directories under the root that are
 * older than CACHE_STALE_SECONDS and not locked.  Adds to the counts. */
void cache_remove_stale(int rootfd, size_t *removed, uint64_t *freed);

/* Removes entries not in use, least recently used first, until the cache
 * takes at most max_bytes; never the entry named `keep` (may be NULL).
 * Adds to the counts.  INDUCTOR_ERR_IO / OUT_OF_MEMORY if the root cannot
 * be read. */
inductor_status cache_enforce_limit(int rootfd, uint64_t max_bytes,
                                    const char *keep, size_t *removed,
                                    uint64_t *freed);

/* Moves the entry `name` aside (to .stale-*) and removes it unless some
 * process holds it; one that does keeps it, and a later run removes it. */
void cache_discard(int rootfd, const char *name);

#endif /* INDUCTOR_CACHE_EVICT_H */
