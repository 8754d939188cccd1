/*
 * file_util.c - capped reading, atomic writing and the monotonic clock
 * (file_util.h).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "file_util.h"

size_t input_file_limit(const char **why)
{
    const char *v = getenv("INDUCTOR_MAX_INPUT_BYTES");
    char *end;
    unsigned long long n;

    if (why)
        *why = NULL;
    if (v == NULL || *v == '\0')
        return INPUT_FILE_DEFAULT_MAX;
    errno = 0;
    n = strtoull(v, &end, 10);
    if (errno || *end != '\0' || n == 0 || *v == '-' || n > SIZE_MAX - 1) {
        if (why)
            *why = "INDUCTOR_MAX_INPUT_BYTES must be a positive number of "
                   "bytes";
        return 0;
    }
    return (size_t)n;
}

/* The cap, or 0 (an invalid setting refuses every read: the commands check
 * it up front and report it as a usage error). */
static size_t cap_now(void)
{
    return input_file_limit(NULL);
}

static int grow(char **data, size_t *cap, size_t need, size_t max)
{
    size_t ncap = *cap ? *cap : (size_t)1 << 16;
    char *g;

    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? SIZE_MAX : ncap * 2;
    if (ncap > max + 1)
        ncap = max + 1; /* one byte over: enough to see the cap passed */
    if (need > ncap)
        return errno = EFBIG, -1;
    if ((g = realloc(*data, ncap + 1)) == NULL)
        return errno = ENOMEM, -1;
    *data = g;
    *cap = ncap;
    return 0;
}

/* A regular file's size is known: refuse it before reading a byte. */
static int too_big(FILE *f, size_t max)
{
    struct stat st;

    return fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
           (uint64_t)st.st_size > (uint64_t)max;
}

int input_file_read(const char *path, char **buf, size_t *len)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    size_t cap = 0, n = 0, got = 0, max = cap_now();
    char *data = NULL;
    int saved = 0;

    if (f == NULL)
        return -1;
    if (max == 0 || too_big(f, max))
        saved = EFBIG;
    while (saved == 0) {
        if (n >= cap && grow(&data, &cap, n + 1, max) != 0) {
            saved = errno;
            break;
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
        if (n > max)
            saved = EFBIG;
        else if (got == 0) {
            if (ferror(f))
                saved = errno ? errno : EIO;
            break;
        }
    }
    if (!is_stdin)
        fclose(f);
    if (saved != 0 || data == NULL) {
        free(data);
        errno = saved ? saved : ENOMEM;
        return -1;
    }
    data[n] = '\0';
    *buf = data;
    *len = n;
    return 0;
}

ssize_t input_file_getline(char **buf, size_t *cap, FILE *f)
{
    size_t n = 0, max = cap_now();
    int c;

    if (max == 0)
        return errno = EFBIG, -1;
    while ((c = getc(f)) != EOF) {
        if (n >= max)
            return errno = EFBIG, -1;
        /* *cap + 1 bytes are allocated: room for this byte and the NUL. */
        if (n + 1 > *cap && grow(buf, cap, n + 1, max) != 0)
            return -1;
        (*buf)[n++] = (char)c;
        if (c == '\n')
            break;
    }
    if (n == 0)
        return -1;
    (*buf)[n] = '\0';
    return (ssize_t)n;
}

const char *input_file_error(int err)
{
    static char msg[160];
    const char *why;
    size_t max = input_file_limit(&why);

    if (err != EFBIG)
        return strerror(err);
    if (why)
        return why;
    snprintf(msg, sizeof msg, "larger than INDUCTOR_MAX_INPUT_BYTES (%zu "
             "bytes)", max);
    return msg;
}

int file_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int file_stage(const char *final, const void *data, size_t len, char **tmp)
{
    mode_t mask;
    int fd, failed, saved;

    if ((*tmp = malloc(strlen(final) + sizeof ".tmp.XXXXXX")) == NULL)
        return errno = ENOMEM, FILE_STAGE_CREATE;
    sprintf(*tmp, "%s.tmp.XXXXXX", final);
    if ((fd = mkstemp(*tmp)) < 0) {
        saved = errno;
        free(*tmp);
        *tmp = NULL;
        return errno = saved, FILE_STAGE_CREATE;
    }
    mask = umask(0);
    umask(mask);
    failed = file_write_all(fd, data, len) != 0 || fsync(fd) != 0 ||
             fchmod(fd, 0666 & ~mask) != 0;
    saved = errno;
    if (close(fd) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        unlink(*tmp);
        free(*tmp);
        *tmp = NULL;
        return errno = saved, FILE_STAGE_WRITE;
    }
    return 0;
}

int file_write_atomic(const char *path, const void *data, size_t len)
{
    char *tmp;
    int rc = file_stage(path, data, len, &tmp), saved;

    if (rc != 0)
        return rc;
    if (rename(tmp, path) != 0) {
        saved = errno;
        unlink(tmp);
        free(tmp);
        return errno = saved, FILE_STAGE_WRITE;
    }
    free(tmp);
    return 0;
}

double mono_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
