/*
 * cache_evict.c - LRU eviction, stale staging, and the public listing,
 * pruning and clearing of the extraction cache (see cache_evict.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache_entry.h"
#include "cache_evict.h"
#include "cache_fs.h"
#include "cache_key.h"
#include "cache_root.h"
#include "internal.h"

/* A unique .stale-* name in the root: pid and a process-wide counter; a
 * name already taken (a non-empty directory) makes renameat() fail. */
static int rename_aside(int rootfd, const char *name, char *aside, size_t n)
{
    static atomic_uint counter;

    for (int tries = 0; tries < 100; tries++) {
        snprintf(aside, n, ".stale-%ld-%u", (long)getpid(),
                 atomic_fetch_add(&counter, 1));
        if (renameat(rootfd, name, rootfd, aside) == 0)
            return 0;
        if (errno != EEXIST && errno != ENOTEMPTY)
            return -1;
    }
    return -1;
}

/* Removes <rootfd>/<name> if nobody holds it.  Returns 1 if removed. */
static int remove_unless_busy(int rootfd, const char *name, int move_aside)
{
    char aside[64];
    struct stat a, b;
    int fd = openat(rootfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int done = 0;

    if (fd < 0)
        return 0;
    /* Locked, and still the directory under that name (not one that
     * replaced it since it was opened). */
    if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &a) == 0 &&
        fstatat(rootfd, name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
        a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
        const char *gone = name;
        if (move_aside && rename_aside(rootfd, name, aside, sizeof aside) == 0)
            gone = aside;
        if (!move_aside || gone == aside) {
            /* Emptied through the locked descriptor; the final rmdir
             * fails harmlessly if the name no longer holds it. */
            cache_rm_contents(fd);
            done = unlinkat(rootfd, gone, AT_REMOVEDIR) == 0;
        }
    }
    close(fd);
    return done;
}

void cache_discard(int rootfd, const char *name)
{
    char aside[64];

    if (rename_aside(rootfd, name, aside, sizeof aside) == 0)
        remove_unless_busy(rootfd, aside, 0);
}

static int is_temporary(const char *name)
{
    return strncmp(name, ".staging-", 9) == 0 || strncmp(name, ".stale-", 7) == 0;
}

/* A directory stream over the root, leaving rootfd itself open. */
static DIR *open_root_dir(int rootfd)
{
    int fd = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
    DIR *dir;

    if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    rewinddir(dir); /* a dup shares the root descriptor's offset */
    return dir;
}

void cache_remove_stale(int rootfd, size_t *removed, uint64_t *freed)
{
    time_t limit = time(NULL) - CACHE_STALE_SECONDS;
    struct dirent *d;
    DIR *dir;

    if ((dir = open_root_dir(rootfd)) == NULL)
        return;
    while ((d = readdir(dir)) != NULL) {
        struct stat st;
        uint64_t bytes;
        if (!is_temporary(d->d_name) ||
            fstatat(rootfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISDIR(st.st_mode) || st.st_mtime >= limit)
            continue;
        bytes = cache_tree_bytes(rootfd, d->d_name);
        if (remove_unless_busy(rootfd, d->d_name, 0)) {
            if (removed)
                (*removed)++;
            if (freed)
                *freed += bytes;
        }
    }
    closedir(dir);
}

/* ---------------------------------------------------------------- */
/* Scanning the entries                                              */
/* ---------------------------------------------------------------- */

static void read_source(int efd, char *buf, size_t len)
{
    int fd = openat(efd, CACHE_SOURCE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, buf, len - 1) : -1;

    buf[n > 0 ? n : 0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    if (fd >= 0)
        close(fd);
}

/* An entry as scanned: last use to the nanosecond, so that loads within
 * one second are still evicted in order. */
typedef struct scanned {
    inductor_cache_entry e;
    int64_t used_ns;
} scanned;

/* Fills *s for the entry directory `name`; -1 if it is not one. */
static int describe(int rootfd, const char *name, int with_source, scanned *s)
{
    inductor_cache_entry *e = &s->e;
    struct stat st;
    int fd = openat(rootfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

    if (fd < 0)
        return -1;
    memset(s, 0, sizeof *s);
    snprintf(e->key, sizeof e->key, "%.64s", name);
    e->bytes = cache_tree_bytes(rootfd, name);
    if (fstatat(fd, CACHE_MARKER, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        e->last_used = (int64_t)st.st_mtim.tv_sec;
        s->used_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) == 0)
        flock(fd, LOCK_UN);
    else
        e->in_use = 1;
    if (with_source)
        read_source(fd, e->source, sizeof e->source);
    close(fd);
    return 0;
}

static int newest_first(const void *pa, const void *pb)
{
    const scanned *a = pa, *b = pb;

    if (a->used_ns != b->used_ns)
        return a->used_ns > b->used_ns ? -1 : 1;
    return strcmp(a->e.key, b->e.key);
}

/* Every entry under the root, most recently used first. */
static inductor_status scan(int rootfd, int with_source, scanned **out,
                            size_t *n)
{
    size_t cap = 0;
    struct dirent *d;
    DIR *dir;

    *out = NULL;
    *n = 0;
    if ((dir = open_root_dir(rootfd)) == NULL)
        return inductor__fail(INDUCTOR_ERR_IO, "cache directory: %s",
                              strerror(errno));
    while ((d = readdir(dir)) != NULL) {
        if (!cache_is_key(d->d_name))
            continue;
        if (*n == cap) {
            scanned *g = realloc(*out, (cap = cap * 2 + 16) * sizeof *g);
            if (g == NULL) {
                closedir(dir);
                free(*out);
                *out = NULL;
                *n = 0;
                return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
            }
            *out = g;
        }
        if (describe(rootfd, d->d_name, with_source, &(*out)[*n]) == 0)
            (*n)++;
    }
    closedir(dir);
    if (*n > 1)
        qsort(*out, *n, sizeof **out, newest_first);
    return INDUCTOR_OK;
}

inductor_status cache_enforce_limit(int rootfd, uint64_t max_bytes,
                                    const char *keep, size_t *removed,
                                    uint64_t *freed)
{
    scanned *all;
    uint64_t total = 0;
    size_t n;
    inductor_status s = scan(rootfd, 0, &all, &n);

    if (s != INDUCTOR_OK)
        return s;
    for (size_t i = 0; i < n; i++)
        total += all[i].e.bytes;
    for (size_t i = n; i-- > 0 && total > max_bytes;) {
        const inductor_cache_entry *e = &all[i].e;
        if (e->in_use || (keep && strcmp(e->key, keep) == 0))
            continue;
        if (remove_unless_busy(rootfd, e->key, 1)) {
            total -= e->bytes;
            if (removed)
                (*removed)++;
            if (freed)
                *freed += e->bytes;
        }
    }
    free(all);
    return INDUCTOR_OK;
}

/* ---------------------------------------------------------------- */
/* Public API                                                        */
/* ---------------------------------------------------------------- */

inductor_status inductor_cache_list(inductor_cache_entry **entries, size_t *n)
{
    scanned *all = NULL;
    inductor_status s;
    int rootfd;

    inductor__clear_error();
    if (entries == NULL || n == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "entries or n is NULL");
    *entries = NULL;
    *n = 0;
    if ((s = cache_root_for_api(&rootfd)) != INDUCTOR_OK || rootfd < 0)
        return s;
    s = scan(rootfd, 1, &all, n);
    close(rootfd);
    if (s != INDUCTOR_OK || *n == 0) {
        free(all);
        *n = 0;
        return s;
    }
    /* The public array is packed: entries only, in the same order. */
    *entries = malloc(*n * sizeof **entries);
    if (*entries == NULL) {
        free(all);
        *n = 0;
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    }
    for (size_t i = 0; i < *n; i++)
        (*entries)[i] = all[i].e;
    free(all);
    return INDUCTOR_OK;
}

/* Stale staging, then entries down to max_bytes. */
static inductor_status prune(uint64_t max_bytes, size_t *removed,
                             uint64_t *freed)
{
    inductor_status s;
    int rootfd;

    if (removed)
        *removed = 0;
    if (freed)
        *freed = 0;
    if ((s = cache_root_for_api(&rootfd)) != INDUCTOR_OK || rootfd < 0)
        return s;
    cache_remove_stale(rootfd, removed, freed);
    s = cache_enforce_limit(rootfd, max_bytes, NULL, removed, freed);
    close(rootfd);
    return s;
}

inductor_status inductor_cache_prune(uint64_t max_bytes, size_t *removed,
                                     uint64_t *freed)
{
    inductor__clear_error();
    return prune(max_bytes ? max_bytes : cache_max_bytes(), removed, freed);
}

inductor_status inductor_cache_clear(size_t *removed, uint64_t *freed)
{
    inductor__clear_error();
    return prune(0, removed, freed);
}
