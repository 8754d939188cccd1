/*
 * extract.c - the extraction cache: staging, extraction, publishing, and
 * temporary directories when the cache may not be used (see extract.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache_entry.h"
#include "cache_evict.h"
#include "cache_fs.h"
#include "cache_key.h"
#include "cache_root.h"
#include "extract.h"
#include "internal.h"

#define REFUSED_SUFFIX ": extracted into a temporary directory for this run"

/* ---------------------------------------------------------------- */
/* Extracting into a directory descriptor                            */
/* ---------------------------------------------------------------- */

static inductor_status extract_entry(const pt2_archive *a, const pt2_entry *e,
                                     int dirfd, const char *where)
{
    char parent[4096], *slash;
    size_t n = strlen(e->name);
    inductor_status s;
    int dst;

    /* Names were vetted by pt2_archive_open(): relative, no "..", no
     * links, none starting with ".inductor" (our own files). */
    if (n && e->name[n - 1] == '/') {
        snprintf(parent, sizeof parent, "%.*s", (int)(n - 1), e->name);
        return cache_mkdirs_at(dirfd, parent) == 0
                   ? INDUCTOR_OK
                   : inductor__fail(INDUCTOR_ERR_IO, "cache: %s/%s: %s", where,
                                    e->name, strerror(errno));
    }
    snprintf(parent, sizeof parent, "%s", e->name);
    if ((slash = strrchr(parent, '/')) != NULL) {
        *slash = '\0';
        if (cache_mkdirs_at(dirfd, parent) != 0)
            return inductor__fail(INDUCTOR_ERR_IO, "cache: %s/%s: %s", where,
                                  parent, strerror(errno));
    }
    dst = openat(dirfd, e->name,
                 O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0700);
    if (dst < 0)
        return inductor__fail(INDUCTOR_ERR_IO, "cache: %s/%s: %s", where,
                              e->name, strerror(errno));
    s = pt2_archive_extract_to_fd(a, e, dst);
    if (close(dst) != 0 && s == INDUCTOR_OK)
        s = inductor__fail(INDUCTOR_ERR_IO, "cache: %s/%s: %s", where, e->name,
                           strerror(errno));
    return s;
}

static inductor_status extract_all(const pt2_archive *a, int dirfd,
                                   const char *where)
{
    inductor_status s = INDUCTOR_OK;

    for (size_t i = 0; s == INDUCTOR_OK && i < pt2_archive_count(a); i++)
        s = extract_entry(a, pt2_archive_entry(a, i), dirfd, where);
    return s;
}

/* One of our own small files (.inductor-source, the marker). */
static inductor_status write_small(int dirfd, const char *name,
                                   const char *text, const char *where)
{
    int fd = openat(dirfd, name,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    int err;

    if (fd >= 0 && cache_write_all(fd, text, strlen(text)) == 0 &&
        close(fd) == 0)
        return INDUCTOR_OK;
    err = errno;
    if (fd >= 0)
        close(fd);
    return inductor__fail(INDUCTOR_ERR_IO, "cache: %s/%s: %s", where, name,
                          strerror(err));
}

/* A new directory `prefix`XXXXXXXX (0700) under dirfd, name into buf. */
static int make_temp_dir_at(int dirfd, const char *prefix, char *buf,
                            size_t len)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    static atomic_uint counter;

    for (int tries = 0; tries < 100; tries++) {
        unsigned char r[8];
        char suffix[sizeof r + 1];
        if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
            unsigned v = (unsigned)time(NULL) ^ (unsigned)getpid() * 2654435761u ^
                         atomic_fetch_add(&counter, 1) * 40503u;
            for (size_t i = 0; i < sizeof r; i++)
                r[i] = (unsigned char)(v >> (i % 4 * 8)) + (unsigned char)i * 31;
        }
        for (size_t i = 0; i < sizeof r; i++)
            suffix[i] = chars[r[i] % (sizeof chars - 1)];
        suffix[sizeof r] = '\0';
        snprintf(buf, len, "%s%s", prefix, suffix);
        if (mkdirat(dirfd, buf, 0700) == 0)
            return 0;
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

/* libtorch loads the entry by its path.  Nobody else can rename anything
 * into its place: the cache root is ours and not writable by others, and a
 * temporary directory is ours (0700) inside a sticky or private parent.
 * (Handing libtorch /proc/self/fd/N instead would add nothing to that, and
 * breaks LeakSanitizer's tracer, gdb and perf, which cannot resolve the
 * libraries loaded through it.) */
static void set_load_dir(extract_result *x)
{
    snprintf(x->dir, sizeof x->dir, "%s", x->where);
}

/* ---------------------------------------------------------------- */
/* A temporary directory, for this model only                        */
/* ---------------------------------------------------------------- */

/* Our 0700 directory cannot be written by others, but in a parent they
 * may write to without the sticky bit they could rename it away and put
 * theirs in its place before libtorch loads it by path. */
static int temp_parent_safe(int fd)
{
    struct stat st;

    return fstat(fd, &st) == 0 &&
           (!(st.st_mode & (S_IWGRP | S_IWOTH)) || (st.st_mode & S_ISVTX));
}

static inductor_status extract_temporary(const pt2_archive *a,
                                         extract_result *out)
{
    const char *t = getenv("TMPDIR");
    const char *base = t && *t ? t : "/tmp";
    inductor_status s;

    out->parent_fd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (out->parent_fd >= 0 && !temp_parent_safe(out->parent_fd)) {
        out->tmp_name[0] = '\0';
        extract_release(out);
        return inductor__fail(INDUCTOR_ERR_IO, "temporary directory in %s: "
                              "others may write to %s and it is not sticky, "
                              "so they could rename a directory into place",
                              base, base);
    }
    if (out->parent_fd < 0 ||
        make_temp_dir_at(out->parent_fd, "inductor-", out->tmp_name,
                         sizeof out->tmp_name) != 0) {
        s = inductor__fail(INDUCTOR_ERR_IO, "temporary directory in %s: %s",
                           base, strerror(errno));
        out->tmp_name[0] = '\0'; /* not ours */
        extract_release(out);
        return s;
    }
    snprintf(out->where, sizeof out->where, "%s/%s", base, out->tmp_name);
    out->slot = cache_cleanup_register(out->parent_fd, out->tmp_name);
    out->dir_fd = openat(out->parent_fd, out->tmp_name,
                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    s = out->dir_fd >= 0 ? extract_all(a, out->dir_fd, out->where)
                         : inductor__fail(INDUCTOR_ERR_IO, "%s: %s", out->where,
                                          strerror(errno));
    if (s != INDUCTOR_OK) {
        extract_release(out);
        return s;
    }
    set_load_dir(out);
    return INDUCTOR_OK;
}

/* ---------------------------------------------------------------- */
/* The cache: staging and publishing                                 */
/* ---------------------------------------------------------------- */

static inductor_status fill_stage(const pt2_archive *a, int sfd,
                                  const char *where, const char *marker)
{
    char *source = NULL;
    inductor_status s = extract_all(a, sfd, where);

    if (s == INDUCTOR_OK) {
        if (asprintf(&source, "%s\n", pt2_archive_path(a)) < 0)
            return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
        s = write_small(sfd, CACHE_SOURCE, source, where);
        free(source);
    }
    if (s == INDUCTOR_OK) /* last: the marker says the entry is complete */
        s = write_small(sfd, CACHE_MARKER, marker, where);
    return s;
}

/* Extracts into a new .staging-* directory and renames it to `key`.
 * *fd: the published entry, shared-locked, or -1 when another process
 * published it first (ours is then dropped). */
static inductor_status publish(const pt2_archive *a, int rootfd,
                               const char *root, const char *key,
                               const char *marker, int *fd)
{
    char stage[64], where[4200];
    inductor_status s;
    int sfd, slot;

    *fd = -1;
    if (make_temp_dir_at(rootfd, ".staging-", stage, sizeof stage) != 0)
        return inductor__fail(INDUCTOR_ERR_IO, "cache: %s: %s", root,
                              strerror(errno));
    snprintf(where, sizeof where, "%s/%s", root, stage);
    slot = cache_cleanup_register(rootfd, stage);
    sfd = openat(rootfd, stage, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    /* Locked from the start: stale-staging removal skips it. */
    if (sfd < 0 || cache_lock_shared(sfd) != 0)
        s = inductor__fail(INDUCTOR_ERR_IO, "cache: %s: %s", where,
                           strerror(errno));
    else
        s = fill_stage(a, sfd, where, marker);
    if (s == INDUCTOR_OK) {
        if (renameat(rootfd, stage, rootfd, key) == 0) {
            *fd = sfd;
            sfd = -1;
        } else if (errno != EEXIST && errno != ENOTEMPTY) {
            s = inductor__fail(INDUCTOR_ERR_IO, "cache: %s/%s: %s", root, key,
                               strerror(errno));
        }
    }
    if (*fd < 0)
        cache_rm_tree_at(rootfd, stage);
    if (sfd >= 0)
        close(sfd);
    cache_cleanup_unregister(slot);
    return s;
}

/* The entry for `a` in the verified root: a hit, or a fresh extraction. */
static inductor_status use_cache(const pt2_archive *a, int rootfd,
                                 const char *root, extract_result *out)
{
    char key[CACHE_KEY_LEN + 1], *marker;
    inductor_status s;
    int fd = -1, present;

    cache_remove_stale(rootfd, NULL, NULL);
    if ((s = cache_key(a, key)) != INDUCTOR_OK)
        return s;
    if ((marker = cache_marker_text(a, key)) == NULL)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    /* A lost publishing race, or an entry evicted by another process
     * between our check and our lock, sends us round again. */
    for (int attempt = 0; s == INDUCTOR_OK && fd < 0 && attempt < 3; attempt++) {
        if ((fd = cache_entry_acquire(rootfd, key, a, marker, &present)) >= 0) {
            out->cache_hit = attempt == 0;
            break;
        }
        if (present)
            cache_discard(rootfd, key);
        s = publish(a, rootfd, root, key, marker, &fd);
        if (fd >= 0 && !cache_entry_valid(fd, a, marker, 0)) {
            close(fd);
            fd = -1;
        }
    }
    free(marker);
    if (s == INDUCTOR_OK && fd < 0)
        s = inductor__fail(INDUCTOR_ERR_IO, "cache: entry %s/%s is not valid "
                           "after extraction", root, key);
    if (s != INDUCTOR_OK)
        return s;
    out->dir_fd = fd;
    out->cached = 1;
    snprintf(out->where, sizeof out->where, "%.4000s/%s", root, key);
    set_load_dir(out);
    if (!out->cache_hit) /* never evicts `key`: it is locked, and kept */
        cache_enforce_limit(rootfd, cache_max_bytes(), key, NULL, NULL);
    inductor__clear_error();
    return INDUCTOR_OK;
}

static int given_dir(const extract_settings *set)
{
    return set != NULL && set->cache_dir != NULL && *set->cache_dir != '\0';
}

/* The caller's settings beat the environment: no_cache turns the cache
 * off, a cache_dir turns it on there, else INDUCTOR_NO_CACHE decides. */
static int cache_off(const extract_settings *set)
{
    if (set != NULL && set->no_cache)
        return 1;
    return given_dir(set) ? 0 : cache_disabled();
}

/* Why there is no root to try, into out->note. */
static void no_root_note(const extract_settings *set, extract_result *out)
{
    if (given_dir(set))
        snprintf(out->note, sizeof out->note, "cache directory option is "
                 "too long (%zu bytes)" REFUSED_SUFFIX,
                 strlen(set->cache_dir));
    else
        snprintf(out->note, sizeof out->note, "no cache directory "
                 "(INDUCTOR_CACHE_DIR, XDG_CACHE_HOME and HOME are unset and "
                 "the user has no home directory)" REFUSED_SUFFIX);
}

inductor_status extract_cached(const pt2_archive *a,
                               const extract_settings *set,
                               extract_result *out)
{
    char root[4096], why[4096 + 128];
    inductor_status s;
    int rootfd;

    memset(out, 0, sizeof *out);
    out->dir_fd = out->parent_fd = out->slot = -1;
    if (cache_off(set))
        return extract_temporary(a, out);
    if (cache_root_path(set ? set->cache_dir : NULL, root, sizeof root) != 0) {
        no_root_note(set, out);
        return extract_temporary(a, out);
    }
    if ((rootfd = cache_root_open(root, 1, why, sizeof why)) < 0) {
        /* Keep the suffix when a long path has to be cut. */
        int room = (int)(sizeof out->note - sizeof REFUSED_SUFFIX);
        snprintf(out->note, sizeof out->note, "%.*s%s", room, why,
                 REFUSED_SUFFIX);
        return extract_temporary(a, out);
    }
    out->is_private = 1;
    s = use_cache(a, rootfd, root, out);
    close(rootfd);
    return s;
}

void extract_release(extract_result *x)
{
    if (x->parent_fd >= 0) {
        /* Emptied through our descriptor; the rmdir by name removes only
         * an empty directory, so nothing else can be hit. */
        if (x->dir_fd >= 0)
            cache_rm_contents(x->dir_fd);
        if (x->tmp_name[0] != '\0')
            unlinkat(x->parent_fd, x->tmp_name, AT_REMOVEDIR);
        close(x->parent_fd);
        x->parent_fd = -1;
    }
    cache_cleanup_unregister(x->slot);
    x->slot = -1;
    if (x->dir_fd >= 0)
        close(x->dir_fd); /* and with it the entry's shared lock */
    x->dir_fd = -1;
}
