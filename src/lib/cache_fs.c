/*
 * cache_fs.c - see cache_fs.h.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cache_fs.h"
#include "inductor.h"

/* Packages nest a handful of levels; deeper trees are not ours. */
#define MAX_DEPTH 32

/* getdents64 record, as the kernel writes it. */
struct dirent64_raw {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int dot_or_dotdot(const char *n)
{
    return n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'));
}

static void rm_tree_depth(int at, const char *name, int depth)
{
    char buf[4096];
    long n;
    int fd;

    if (unlinkat(at, name, 0) == 0 || errno == ENOENT || depth > MAX_DEPTH)
        return;
    fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
        for (long off = 0; off < n;) {
            struct dirent64_raw *d = (struct dirent64_raw *)(buf + off);
            off += d->d_reclen;
            if (!dot_or_dotdot(d->d_name))
                rm_tree_depth(fd, d->d_name, depth + 1);
        }
    close(fd);
    unlinkat(at, name, AT_REMOVEDIR);
}

void cache_rm_tree_at(int at, const char *name)
{
    rm_tree_depth(at, name, 0);
}

static uint64_t tree_bytes_depth(int at, const char *name, int depth)
{
    struct stat st;
    struct dirent *d;
    uint64_t total;
    DIR *dir;
    int fd;

    if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return 0;
    total = (uint64_t)st.st_blocks * 512u;
    if (!S_ISDIR(st.st_mode) || depth > MAX_DEPTH)
        return total;
    fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
        if (fd >= 0)
            close(fd);
        return total;
    }
    while ((d = readdir(dir)) != NULL)
        if (!dot_or_dotdot(d->d_name))
            total += tree_bytes_depth(dirfd(dir), d->d_name, depth + 1);
    closedir(dir);
    return total;
}

void cache_rm_contents(int fd)
{
    char buf[4096];

    /* Removing entries while reading the directory may hide some from
     * getdents64: read it again until a pass finds nothing. */
    for (int pass = 0; pass < 4; pass++) {
        long n;
        int any = 0;

        if (lseek(fd, 0, SEEK_SET) != 0)
            return;
        while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
            for (long off = 0; off < n;) {
                struct dirent64_raw *d = (struct dirent64_raw *)(buf + off);
                off += d->d_reclen;
                if (!dot_or_dotdot(d->d_name)) {
                    rm_tree_depth(fd, d->d_name, 1);
                    any = 1;
                }
            }
        if (!any)
            return;
    }
}

uint64_t cache_tree_bytes(int at, const char *name)
{
    return tree_bytes_depth(at, name, 0);
}

/* mkdir -p of `rel` under dirfd, each level 0700. */
int cache_mkdirs_at(int dirfd, const char *rel)
{
    char tmp[4096];

    if (snprintf(tmp, sizeof tmp, "%s", rel) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdirat(dirfd, tmp, 0700) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return (mkdirat(dirfd, tmp, 0700) == 0 || errno == EEXIST) ? 0 : -1;
}

int cache_write_all(int fd, const void *p, size_t n)
{
    const char *c = p;

    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

/* ---------------------------------------------------------------- */
/* Directories to remove on a signal                                 */
/* ---------------------------------------------------------------- */

/* Enough for every model a process keeps open in temporary directories;
 * one more gets no signal cleanup, nothing worse. */
#define MAX_SLOTS 64

static struct {
    int parent_fd;
    char name[256];
} slots[MAX_SLOTS];
static atomic_int slot_used[MAX_SLOTS];
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;

int cache_cleanup_register(int parent_fd, const char *name)
{
    int slot = -1;

    if (strlen(name) >= sizeof slots[0].name)
        return -1;
    pthread_mutex_lock(&slot_lock);
    for (int i = 0; i < MAX_SLOTS && slot < 0; i++)
        if (atomic_load(&slot_used[i]) == 0) {
            slots[i].parent_fd = fcntl(parent_fd, F_DUPFD_CLOEXEC, 0);
            if (slots[i].parent_fd < 0)
                break;
            snprintf(slots[i].name, sizeof slots[i].name, "%s", name);
            atomic_store(&slot_used[i], 1); /* slot complete first */
            slot = i;
        }
    pthread_mutex_unlock(&slot_lock);
    return slot;
}

void cache_cleanup_unregister(int slot)
{
    if (slot < 0 || slot >= MAX_SLOTS)
        return;
    pthread_mutex_lock(&slot_lock);
    atomic_store(&slot_used[slot], 0);
    close(slots[slot].parent_fd);
    pthread_mutex_unlock(&slot_lock);
}

void inductor_cache_cleanup_staging(void)
{
    for (int i = 0; i < MAX_SLOTS; i++)
        if (atomic_load(&slot_used[i]))
            cache_rm_tree_at(slots[i].parent_fd, slots[i].name);
}
