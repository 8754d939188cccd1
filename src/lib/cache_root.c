/*
 * cache_root.c - where the extraction cache lives, and whether it is
 * private enough to load code from (see cache_root.h and extract.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache_fs.h"
#include "cache_root.h"
#include "internal.h"

int cache_disabled(void)
{
    const char *v = getenv("INDUCTOR_NO_CACHE");

    return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

/* The effective user's home directory from the user database, for a
 * process started without HOME (cron, env -i, some services). */
static int passwd_home(char *buf, size_t len)
{
    struct passwd pw, *res = NULL;
    char tmp[16384];

    if (getpwuid_r(geteuid(), &pw, tmp, sizeof tmp, &res) != 0 || res == NULL ||
        pw.pw_dir == NULL || pw.pw_dir[0] != '/')
        return -1;
    return snprintf(buf, len, "%s", pw.pw_dir) < (int)len ? 0 : -1;
}

int cache_root_path(const char *dir, char *buf, size_t len)
{
    const char *v;
    char home[4096];
    int n;

    if (dir != NULL && *dir) /* the caller's choice beats the environment */
        n = snprintf(buf, len, "%s", dir);
    else if ((v = getenv("INDUCTOR_CACHE_DIR")) && *v)
        n = snprintf(buf, len, "%s", v);
    else if ((v = getenv("XDG_CACHE_HOME")) && *v == '/')
        n = snprintf(buf, len, "%s/inductor", v);
    else if ((v = getenv("HOME")) && *v == '/')
        n = snprintf(buf, len, "%s/.cache/inductor", v);
    else if (passwd_home(home, sizeof home) == 0)
        n = snprintf(buf, len, "%s/.cache/inductor", home);
    else
        return -1; /* never a shared, world-writable place such as /tmp */
    if (n <= 0 || (size_t)n >= len)
        return -1;
    /* "link/" would resolve the link in spite of O_NOFOLLOW. */
    while (n > 1 && buf[n - 1] == '/')
        buf[--n] = '\0';
    return 0;
}

/* Why opening the root failed, in words; lstat() only words the message. */
static void open_failure(const char *path, int err, char *why, size_t n)
{
    struct stat st;
    int there = (err == ELOOP || err == ENOTDIR) && lstat(path, &st) == 0;

    if (there && S_ISLNK(st.st_mode))
        snprintf(why, n, "cache directory %s is a symbolic link", path);
    else if (there && !S_ISDIR(st.st_mode))
        snprintf(why, n, "cache directory %s is not a directory", path);
    else
        snprintf(why, n, "cache directory %s: %s", path, strerror(err));
    errno = err;
}

/* ssh's rule for ~/.ssh: ours, and nobody else may write to it. */
static int private_enough(int fd, const char *path, char *why, size_t n)
{
    struct stat st;

    if (fstat(fd, &st) != 0) {
        snprintf(why, n, "cache directory %s: %s", path, strerror(errno));
        return 0;
    }
    if (st.st_uid != geteuid()) {
        snprintf(why, n, "cache directory %s is owned by uid %lu, not %lu",
                 path, (unsigned long)st.st_uid, (unsigned long)geteuid());
        return 0;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        snprintf(why, n, "cache directory %s is writable by group or others "
                 "(mode %04o)", path, (unsigned)(st.st_mode & 07777));
        return 0;
    }
    return 1;
}

int cache_root_open(const char *path, int create, char *why, size_t whylen)
{
    const int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    int fd = open(path, flags);

    if (fd < 0 && errno == ENOENT && create) {
        if (cache_mkdirs_at(AT_FDCWD, path) != 0) {
            open_failure(path, errno, why, whylen);
            return -1;
        }
        fd = open(path, flags);
    }
    if (fd < 0) {
        open_failure(path, errno, why, whylen);
        return -1;
    }
    if (!private_enough(fd, path, why, whylen)) {
        close(fd);
        errno = EPERM;
        return -1;
    }
    return fd;
}

uint64_t cache_max_bytes(void)
{
    const char *v = getenv("INDUCTOR_CACHE_MAX_BYTES");
    char *end;
    unsigned long long n;

    if (v == NULL || *v < '0' || *v > '9')
        return CACHE_DEFAULT_MAX_BYTES;
    errno = 0;
    n = strtoull(v, &end, 10);
    if (errno != 0 || *end != '\0')
        return CACHE_DEFAULT_MAX_BYTES;
    return (uint64_t)n;
}

inductor_status cache_root_for_api(int *rootfd)
{
    char root[4096], why[4096 + 128];

    *rootfd = -1;
    if (cache_root_path(NULL, root, sizeof root) != 0)
        return inductor__fail(INDUCTOR_ERR_IO, "no cache directory: "
                              "INDUCTOR_CACHE_DIR, XDG_CACHE_HOME and HOME "
                              "are unset and the user has no home directory");
    *rootfd = cache_root_open(root, 0, why, sizeof why);
    if (*rootfd < 0 && errno != ENOENT)
        return inductor__fail(INDUCTOR_ERR_IO, "%s", why);
    return INDUCTOR_OK;
}

inductor_status inductor_cache_dir(char *buf, size_t len, int *is_private)
{
    char why[4096 + 128];
    int fd;

    inductor__clear_error();
    if (is_private != NULL)
        *is_private = 0;
    if (buf == NULL || len == 0)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "buf is NULL or len is 0");
    buf[0] = '\0';
    if (cache_root_path(NULL, buf, len) != 0) {
        buf[0] = '\0';
        return inductor__fail(INDUCTOR_ERR_IO, "no cache directory: "
                              "INDUCTOR_CACHE_DIR, XDG_CACHE_HOME and HOME "
                              "are unset and the user has no home directory "
                              "(or the path does not fit in %zu bytes)", len);
    }
    if ((fd = cache_root_open(buf, 0, why, sizeof why)) >= 0) {
        close(fd);
        if (is_private != NULL)
            *is_private = 1;
    }
    return INDUCTOR_OK;
}
