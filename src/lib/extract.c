/*
 * extract.c - the extraction cache (see extract.h for the design).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>
#include <zlib.h>

#include "extract.h"
#include "internal.h"

#define MARKER ".inductor-cache"
#define MARKER_MAGIC "inductor-cache 1"
#define COPY_CHUNK (1u << 20)

/* ---------------------------------------------------------------- */
/* Staging directories in flight, for inductor_cache_cleanup_staging() */
/* ---------------------------------------------------------------- */

#define MAX_STAGING 16
static char staging_path[MAX_STAGING][4096];
static atomic_int staging_used[MAX_STAGING];
static pthread_mutex_t staging_lock = PTHREAD_MUTEX_INITIALIZER;

static int staging_register(const char *path)
{
    int slot = -1;

    pthread_mutex_lock(&staging_lock);
    for (int i = 0; i < MAX_STAGING && slot < 0; i++)
        if (atomic_load(&staging_used[i]) == 0) {
            snprintf(staging_path[i], sizeof staging_path[i], "%s", path);
            atomic_store(&staging_used[i], 1); /* path complete first */
            slot = i;
        }
    pthread_mutex_unlock(&staging_lock);
    return slot;
}

static void staging_unregister(int slot)
{
    if (slot >= 0)
        atomic_store(&staging_used[slot], 0);
}

/* getdents64 record, as the kernel writes it. */
struct dirent64_raw {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* Removes `name` under `dirfd` and everything below it using only system
 * calls (open, getdents64, unlinkat, close), so that a signal handler may
 * call it.  Depth is bounded: packages nest a handful of levels. */
static void rm_tree_at(int dirfd, const char *name, int depth)
{
    char buf[4096];
    long n;
    int fd;

    if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT || depth > 32)
        return;
    fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
        for (long off = 0; off < n;) {
            struct dirent64_raw *d = (struct dirent64_raw *)(buf + off);
            off += d->d_reclen;
            if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
                rm_tree_at(fd, d->d_name, depth + 1);
        }
    close(fd);
    unlinkat(dirfd, name, AT_REMOVEDIR);
}

static void rm_tree(const char *path)
{
    rm_tree_at(AT_FDCWD, path, 0);
}

void inductor_cache_cleanup_staging(void)
{
    for (int i = 0; i < MAX_STAGING; i++)
        if (atomic_load(&staging_used[i]))
            rm_tree(staging_path[i]);
}

/* ---------------------------------------------------------------- */
/* Where the cache lives, and the key                                */
/* ---------------------------------------------------------------- */

int extract_cache_disabled(void)
{
    const char *v = getenv("INDUCTOR_NO_CACHE");

    return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

int extract_cache_root(char *buf, size_t len)
{
    const char *v;
    int n;

    if ((v = getenv("INDUCTOR_CACHE_DIR")) && *v)
        n = snprintf(buf, len, "%s", v);
    else if ((v = getenv("XDG_CACHE_HOME")) && *v == '/')
        n = snprintf(buf, len, "%s/inductor", v);
    else if ((v = getenv("HOME")) && *v == '/')
        n = snprintf(buf, len, "%s/.cache/inductor", v);
    else
        n = snprintf(buf, len, "%s/inductor-cache-%lu",
                     (v = getenv("TMPDIR")) && *v ? v : "/tmp",
                     (unsigned long)getuid());
    return (n > 0 && (size_t)n < len) ? 0 : -1;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * UINT64_C(0x100000001b3);
    return h;
}

static uint64_t archive_key(const pt2_archive *a, off_t file_size)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    uint64_t fs = (uint64_t)file_size;

    h = fnv1a(h, &fs, sizeof fs);
    for (size_t i = 0; i < pt2_archive_count(a); i++) {
        const pt2_entry *e = pt2_archive_entry(a, i);
        h = fnv1a(h, e->name, strlen(e->name) + 1);
        h = fnv1a(h, &e->size, sizeof e->size);
        h = fnv1a(h, &e->csize, sizeof e->csize);
        h = fnv1a(h, &e->crc32, sizeof e->crc32);
        h = fnv1a(h, &e->method, sizeof e->method);
    }
    return h;
}

/* mkdir -p, each level 0700 (the cache is private to its user). */
static int mkdirs(const char *path)
{
    char tmp[4096];

    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
        return -1;
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return (mkdir(tmp, 0700) == 0 || errno == EEXIST) ? 0 : -1;
}

/* ---------------------------------------------------------------- */
/* Validating an entry                                               */
/* ---------------------------------------------------------------- */

/* The marker: the magic and key, then "<size> <name>" per entry. */
static char *marker_text(const pt2_archive *a, const char *key)
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
    fclose(f);
    return buf;
}

static int read_small_file(const char *path, char **buf)
{
    FILE *f = fopen(path, "rb");
    char *b = NULL;
    size_t cap = 0, len = 0, n;

    if (f == NULL)
        return -1;
    do {
        if (len + 4096 + 1 > cap) {
            char *nb = realloc(b, cap = cap * 2 + 8192);
            if (nb == NULL) {
                free(b);
                fclose(f);
                return -1;
            }
            b = nb;
        }
        n = fread(b + len, 1, cap - len - 1, f);
        len += n;
    } while (n > 0);
    fclose(f);
    b[len] = '\0';
    *buf = b;
    return 0;
}

/* An entry is good when its marker is exactly what this archive would
 * write and every file still has its size (a truncated or deleted file, an
 * interrupted copy of the directory, a marker from another package). */
static int entry_valid(const char *dir, const pt2_archive *a, const char *want)
{
    char path[8192], *have = NULL;
    struct stat st;
    int ok;

    snprintf(path, sizeof path, "%s/%s", dir, MARKER);
    if (read_small_file(path, &have) != 0)
        return 0;
    ok = strcmp(have, want) == 0;
    free(have);
    for (size_t i = 0; ok && i < pt2_archive_count(a); i++) {
        const pt2_entry *e = pt2_archive_entry(a, i);
        size_t n = strlen(e->name);
        if (n && e->name[n - 1] == '/')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->name);
        ok = stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
             (uint64_t)st.st_size == e->size;
    }
    return ok;
}

/* ---------------------------------------------------------------- */
/* Extracting into a staging directory                               */
/* ---------------------------------------------------------------- */

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* A stored entry: straight from its data offset, CRC-32 checked as it
 * goes.  A deflated one (packages rewritten by other tools) goes through
 * pt2_archive_read(), which inflates and checks it in memory. */
static inductor_status copy_entry(const pt2_archive *a, const pt2_entry *e,
                                  int src, int dst, char *chunk)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    uint64_t off = e->data_offset, left = e->size;

    if (e->method != 0) {
        char *buf = NULL;
        size_t len = 0;
        inductor_status s = pt2_archive_read(a, e, (size_t)-1, &buf, &len);
        if (s == INDUCTOR_OK && write_all(dst, buf, len) != 0)
            s = inductor__fail(INDUCTOR_ERR_IO, "cache: writing %s: %s",
                               e->name, strerror(errno));
        free(buf);
        return s;
    }
    while (left > 0) {
        size_t want = left < COPY_CHUNK ? (size_t)left : COPY_CHUNK;
        ssize_t r = pread(src, chunk, want, (off_t)off);
        if (r <= 0)
            return inductor__fail(INDUCTOR_ERR_IO, "%s: reading entry %s: %s",
                                  pt2_archive_path(a), e->name,
                                  r < 0 ? strerror(errno) : "truncated");
        crc = crc32(crc, (const Bytef *)chunk, (uInt)r);
        if (write_all(dst, chunk, (size_t)r) != 0)
            return inductor__fail(INDUCTOR_ERR_IO, "cache: writing %s: %s",
                                  e->name, strerror(errno));
        off += (uint64_t)r;
        left -= (uint64_t)r;
    }
    if ((uint32_t)crc != e->crc32)
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "%s: entry %s: CRC-32 mismatch (corrupted "
                              "package)", pt2_archive_path(a), e->name);
    return INDUCTOR_OK;
}

static inductor_status extract_one(const pt2_archive *a, const pt2_entry *e,
                                   const char *stage, int src, char *chunk)
{
    char path[8192], *slash;
    size_t n = strlen(e->name);
    inductor_status s;
    int dst;

    snprintf(path, sizeof path, "%s/%s", stage, e->name);
    if (n && e->name[n - 1] == '/')
        return mkdirs(path) == 0 ? INDUCTOR_OK
                                 : inductor__fail(INDUCTOR_ERR_IO,
                                                  "cache: %s: %s", path,
                                                  strerror(errno));
    if ((slash = strrchr(path, '/')) != NULL) {
        *slash = '\0';
        if (mkdirs(path) != 0)
            return inductor__fail(INDUCTOR_ERR_IO, "cache: %s: %s", path,
                                  strerror(errno));
        *slash = '/';
    }
    /* Names were vetted by pt2_archive_open(): none escapes the stage. */
    dst = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
    if (dst < 0)
        return inductor__fail(INDUCTOR_ERR_IO, "cache: %s: %s", path,
                              strerror(errno));
    s = copy_entry(a, e, src, dst, chunk);
    if (close(dst) != 0 && s == INDUCTOR_OK)
        s = inductor__fail(INDUCTOR_ERR_IO, "cache: %s: %s", path,
                           strerror(errno));
    return s;
}

static inductor_status write_marker(const char *stage, const char *text)
{
    char path[8192];
    int fd;

    snprintf(path, sizeof path, "%s/%s", stage, MARKER);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || write_all(fd, text, strlen(text)) != 0) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        return inductor__fail(INDUCTOR_ERR_IO, "cache: %s: %s", path,
                              strerror(err));
    }
    return close(fd) == 0 ? INDUCTOR_OK
                          : inductor__fail(INDUCTOR_ERR_IO, "cache: %s: %s",
                                           path, strerror(errno));
}

static inductor_status extract_all(const pt2_archive *a, const char *stage,
                                   const char *marker)
{
    char *chunk = malloc(COPY_CHUNK);
    int src = open(pt2_archive_path(a), O_RDONLY | O_CLOEXEC);
    inductor_status s = INDUCTOR_OK;

    if (chunk == NULL || src < 0)
        s = chunk ? inductor__fail(INDUCTOR_ERR_IO, "%s: %s",
                                   pt2_archive_path(a), strerror(errno))
                  : inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    for (size_t i = 0; s == INDUCTOR_OK && i < pt2_archive_count(a); i++)
        s = extract_one(a, pt2_archive_entry(a, i), stage, src, chunk);
    if (s == INDUCTOR_OK)
        s = write_marker(stage, marker);
    if (src >= 0)
        close(src);
    free(chunk);
    return s;
}

/* ---------------------------------------------------------------- */
/* Publishing                                                        */
/* ---------------------------------------------------------------- */

/* Moves a bad entry out of the way atomically, then removes it: a process
 * that is using it keeps its open files; nobody else picks it up. */
static void discard_entry(const char *root, const char *dir)
{
    char trash[4096];

    if (snprintf(trash, sizeof trash, "%s/.stale-XXXXXX", root) >=
            (int)sizeof trash || mkdtemp(trash) == NULL)
        return;
    if (rename(dir, trash) == 0 || rmdir(trash) != 0)
        rm_tree(trash);
}

/* Extracts into a fresh staging directory and renames it into place.  A
 * rename that finds the entry already there lost a race: drop ours. */
static inductor_status publish(const pt2_archive *a, const char *root,
                               const char *dir, const char *marker)
{
    char stage[4096];
    inductor_status s;
    int slot;

    if (snprintf(stage, sizeof stage, "%s/.staging-XXXXXX", root) >=
        (int)sizeof stage)
        return inductor__fail(INDUCTOR_ERR_IO, "cache: path too long");
    if (mkdtemp(stage) == NULL)
        return inductor__fail(INDUCTOR_ERR_IO, "cache: %s: %s", root,
                              strerror(errno));
    slot = staging_register(stage);
    s = extract_all(a, stage, marker);
    if (s == INDUCTOR_OK && rename(stage, dir) != 0 && errno != EEXIST &&
        errno != ENOTEMPTY)
        s = inductor__fail(INDUCTOR_ERR_IO, "cache: %s: %s", dir,
                           strerror(errno));
    rm_tree(stage); /* gone already when the rename won */
    staging_unregister(slot);
    return s;
}

inductor_status extract_cached(const pt2_archive *a, extract_result *out)
{
    char root[4096], key[40], *marker;
    struct stat st;
    inductor_status s = INDUCTOR_OK;

    memset(out, 0, sizeof *out);
    if (stat(pt2_archive_path(a), &st) != 0)
        return inductor__fail(INDUCTOR_ERR_IO, "%s: %s", pt2_archive_path(a),
                              strerror(errno));
    if (extract_cache_root(root, sizeof root) != 0 || mkdirs(root) != 0)
        return inductor__fail(INDUCTOR_ERR_IO, "cache directory %s: %s", root,
                              strerror(errno));
    snprintf(key, sizeof key, "%016llx",
             (unsigned long long)archive_key(a, st.st_size));
    if (snprintf(out->dir, sizeof out->dir, "%s/%s", root, key) >=
        (int)sizeof out->dir)
        return inductor__fail(INDUCTOR_ERR_IO, "cache: path too long");
    if ((marker = marker_text(a, key)) == NULL)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    if (entry_valid(out->dir, a, marker)) {
        out->cache_hit = 1;
    } else {
        if (lstat(out->dir, &st) == 0)
            discard_entry(root, out->dir);
        s = publish(a, root, out->dir, marker);
        if (s == INDUCTOR_OK && !entry_valid(out->dir, a, marker))
            s = inductor__fail(INDUCTOR_ERR_IO, "cache: entry %s is not "
                               "valid after extraction", out->dir);
    }
    free(marker);
    return s;
}
