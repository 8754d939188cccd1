/*
 * extract.h - the extraction cache: unpack a .pt2 once into a private,
 * content-keyed directory and let libtorch load the runner from there,
 * instead of letting AOTIModelPackageLoader unzip the whole package into a
 * fresh /tmp/XXXXXX on every load.  Internal to libinductor.
 *
 * The cache holds shared libraries that get dlopen()ed, so whoever can
 * write into it can run code as every user of it.  Hence these rules:
 *
 * Where (first match wins; an environment variable always beats a
 * default): the caller's cache_dir option (extract_settings), else
 * $INDUCTOR_CACHE_DIR, else $XDG_CACHE_HOME/inductor, else
 * $HOME/.cache/inductor, else <home directory in the user database
 * (getpwuid_r(geteuid()))>/.cache/inductor, else no cache.  Never a shared
 * world-writable place such as /tmp (cache_root.c).
 *
 * Private, or not used: a missing root is created 0700 (parents too); an
 * existing one is opened with O_NOFOLLOW | O_DIRECTORY and used only if
 * fstat() shows it owned by the effective user and not writable by group
 * or others (ssh's rule for ~/.ssh).  Everything below it is reached with
 * openat(..., O_NOFOLLOW) from that descriptor; libtorch loads the entry
 * by its path, which nobody else can replace in a private root.  When the
 * root is refused (or missing and
 * not creatable, or turned off by INDUCTOR_NO_CACHE=1 or the no_cache
 * option, or there is none), the package is
 * extracted into a fresh mkdtemp-style directory under $TMPDIR (or /tmp),
 * private to this model and removed when it is closed (or by
 * inductor_cache_cleanup_staging() on a signal); extract_result.note says
 * why in one line, for the caller to show.
 *
 * Bound to the package: the key is the SHA-256 of the zip's raw central
 * directory and the file's size (cache_key.h); the data is read only
 * through the descriptor pt2_archive_open() validated, never the path
 * again, so a file renamed over the package meanwhile is not what gets
 * extracted, and each entry's size and CRC-32 are checked as it streams
 * to disk.  Libtorch never unzips anything: a package that fails to
 * extract fails to open.
 *
 * Concurrency: each extraction goes into a .staging-* directory (0700)
 * beside the entries and is published with one renameat(); a process that
 * loses the race discards its copy and uses the winner's.  An entry is used
 * only if its marker (written last) matches the key and every listed file
 * has its recorded size; otherwise it is moved aside and extracted again.
 * A process holds a shared flock() on the entry it loaded until the model
 * is closed; eviction and clearing skip such entries (cache_evict.h).
 *
 * Bounded: after each extraction, least-recently-used entries are evicted
 * until the cache takes at most $INDUCTOR_CACHE_MAX_BYTES (decimal bytes;
 * default 32 GiB), never the one just used; .staging-* and .stale-*
 * directories older than an hour are removed whenever the root is opened.
 */
#ifndef INDUCTOR_EXTRACT_H
#define INDUCTOR_EXTRACT_H

#include <stddef.h>

#include "pt2_archive.h"

typedef struct extract_result {
    char dir[4096];   /* what libtorch loads from */
    char where[4096]; /* the same directory by name, for messages */
    int cache_hit;    /* 1: a valid cache entry was already there */
    int cached;       /* 1: a cache entry; 0: a temporary directory */
    int is_private;   /* 1: the cache root passed the ownership rule */
    char note[256];   /* why the cache was not used; "" if it was, or if
                         INDUCTOR_NO_CACHE=1 or no_cache turned it off */
    /* Held until extract_release(): */
    int dir_fd;       /* the entry (shared flock held) or temporary dir */
    int parent_fd;    /* the temporary directory's parent, else -1 */
    char tmp_name[64];
    int slot;         /* signal-cleanup registration, else -1 */
} extract_result;

/* What the caller (inductor_open_options) chose; they beat the
 * environment.  A zeroed struct, or NULL, leaves everything to it. */
typedef struct extract_settings {
    const char *cache_dir; /* the root, under the same rules; NULL or "":
                              from the environment, as above */
    int no_cache;          /* non-zero: a temporary directory, whatever the
                              environment and cache_dir say */
} extract_settings;

/* Finds or makes the directory to load `a` from: its cache entry, or a
 * temporary directory when the cache may not be used (see above).  A
 * cache_dir in `set` is used even when INDUCTOR_NO_CACHE=1.  On
 * failure returns the status with inductor_last_error() set:
 * INDUCTOR_ERR_BAD_PACKAGE for a corrupted package (size or CRC-32),
 * INDUCTOR_ERR_IO when the disk fails; *out then holds nothing to release.
 * On success the caller calls extract_release(out) once libtorch is done
 * with the directory. */
inductor_status extract_cached(const pt2_archive *a,
                               const extract_settings *set,
                               extract_result *out);

/* Drops the entry's lock, or removes the temporary directory.  Safe on a
 * zeroed or failed result, and twice. */
void extract_release(extract_result *x);

#endif /* INDUCTOR_EXTRACT_H */
