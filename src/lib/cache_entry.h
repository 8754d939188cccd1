/*
 * cache_entry.h - one entry of the extraction cache: the marker that says
 * it is complete, and checking it before use.  Internal to libinductor.
 *
 * An entry is the directory <root>/<key> holding the package's files as
 * the zip names them, plus two files of ours (pt2_archive_open() refuses
 * packages with names starting with ".inductor", so they cannot clash):
 *   .inductor-source  the package path it was extracted from (information
 *                     for `inductor cache list`, never trusted);
 *   .inductor-cache   the marker, written last: the magic and key, then
 *                     "<size> <name>" per zip entry.  Its mtime is the
 *                     entry's last use (updated with futimens() on a hit).
 */
#ifndef INDUCTOR_CACHE_ENTRY_H
#define INDUCTOR_CACHE_ENTRY_H

#include "pt2_archive.h"

#define CACHE_MARKER ".inductor-cache"
#define CACHE_SOURCE ".inductor-source"

/* The marker `a` gets under `key` (malloc'd, caller frees); NULL when out
 * of memory. */
char *cache_marker_text(const pt2_archive *a, const char *key);

/* Opens the entry <rootfd>/<key> (no symbolic link), takes a shared
 * flock() on it, which keeps eviction away until the descriptor is
 * closed, and checks it: the marker is exactly `marker` and every file has
 * its recorded size (one openat() and fstat() each; no data is read).
 * Returns the locked descriptor of a good entry and marks it used now;
 * else -1, with *present 1 when something is there (a damaged entry). */
int cache_entry_acquire(int rootfd, const char *key, const pt2_archive *a,
                        const char *marker, int *present);

/* flock(fd, LOCK_SH), waiting; 0 also where the file system has no
 * flock() (the entry is then used unlocked, and never evicted). */
int cache_lock_shared(int fd);

/* Checks an open entry (or a staging directory) as above, without
 * locking; 1 if good. */
int cache_entry_valid(int dirfd, const pt2_archive *a, const char *marker,
                      int touch);

#endif /* INDUCTOR_CACHE_ENTRY_H */
