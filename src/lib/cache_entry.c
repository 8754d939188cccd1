/*
 * cache_entry.c - the marker of a cache entry and checking an entry before
 * its library is loaded (see cache_entry.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache_entry.h"

#define MARKER_MAGIC "inductor-cache 2"
#define MAX_MARKER (64u << 20) /* 100,000 names of at most a few hundred bytes */

char *cache_marker_text(const pt2_archive *a, const char *key)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (f == NULL)
        return NULL;
    fprintf(f, "%s %s\n", MARKER_MAGIC, key);
    for (size_t i = 0; i < pt2_archive_count(a); i++) {
        const pt2_entry *e = pt2_archive_entry(a, i);
        fprintf(f, "%llu %s\n", (unsigned long long)e->size, e->name);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The marker holds exactly `want`; the check reads no more than that. */
static int marker_matches(int dirfd, const char *want, int touch)
{
    size_t n = strlen(want), got = 0;
    struct stat st;
    char *have;
    int fd = openat(dirfd, CACHE_MARKER, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    int ok = 0;

    if (fd < 0)
        return 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == n &&
        n <= MAX_MARKER && (have = malloc(n + 1)) != NULL) {
        while (got < n) {
            ssize_t r = read(fd, have + got, n - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        ok = got == n && memcmp(have, want, n) == 0;
        free(have);
    }
    if (ok && touch)
        futimens(fd, NULL); /* last use, for LRU eviction */
    close(fd);
    return ok;
}

/* Every file is a regular file (not a link) of its recorded size. */
static int files_match(int dirfd, const pt2_archive *a)
{
    for (size_t i = 0; i < pt2_archive_count(a); i++) {
        const pt2_entry *e = pt2_archive_entry(a, i);
        size_t n = strlen(e->name);
        struct stat st;
        int fd, ok;

        if (n && e->name[n - 1] == '/')
            continue;
        fd = openat(dirfd, e->name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            return 0;
        ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
             (uint64_t)st.st_size == e->size;
        close(fd);
        if (!ok)
            return 0;
    }
    return 1;
}

int cache_entry_valid(int dirfd, const pt2_archive *a, const char *marker,
                      int touch)
{
    /* Files first: the marker's mtime is touched only for a good entry. */
    return files_match(dirfd, a) && marker_matches(dirfd, marker, touch);
}

int cache_lock_shared(int fd)
{
    int r;

    while ((r = flock(fd, LOCK_SH)) != 0 && errno == EINTR)
        ;
    /* A file system without flock() (some FUSE ones): the entry is used
     * unlocked; removals, which need LOCK_EX, then never take it. */
    return r == 0 || errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS
               ? 0
               : -1;
}

int cache_entry_acquire(int rootfd, const char *key, const pt2_archive *a,
                        const char *marker, int *present)
{
    int fd = openat(rootfd, key,
                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

    *present = fd >= 0 || errno != ENOENT;
    if (fd < 0)
        return -1;
    /* Waits while an eviction holds it; the evicted entry is then empty
     * and fails the check below. */
    if (cache_lock_shared(fd) != 0 || !cache_entry_valid(fd, a, marker, 1)) {
        close(fd);
        return -1;
    }
    return fd;
}
