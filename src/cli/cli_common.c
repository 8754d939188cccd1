/*
 * cli_common.c - diagnostics, exit-code mapping and safe output writing.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_common.h"

int cli_error(int code, const char *fmt, ...)
{
    va_list ap;

    fputs("inductor: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

int cli_debug_enabled(void)
{
    const char *v = getenv("AOT_DEBUG");
    return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

void cli_debug(const char *fmt, ...)
{
    va_list ap;

    if (!cli_debug_enabled())
        return;
    fputs("inductor: debug: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_warn_cache(const inductor_model *m)
{
    inductor_load_stats ls = INDUCTOR_LOAD_STATS_INIT;

    if (inductor_model_load_stats(m, &ls) == INDUCTOR_OK &&
        ls.cache_note[0] != '\0')
        fprintf(stderr, "inductor: warning: %s\n", ls.cache_note);
}

int cli_exit_for_open(inductor_status s)
{
    switch (s) {
    case INDUCTOR_ERR_OUT_OF_MEMORY:
    case INDUCTOR_ERR_INTERNAL:
        return EXIT_RUN_FAILED;
    case INDUCTOR_ERR_INVALID_ARGUMENT:
        return EXIT_USAGE;
    default:
        return EXIT_UNUSABLE; /* the package or device cannot be used */
    }
}

int cli_read_signature(const char *path, const char *model,
                       inductor_signature **sig)
{
    inductor_package *p = NULL;
    inductor_status s = inductor_package_open(path, &p);

    *sig = NULL;
    if (s == INDUCTOR_OK)
        s = inductor_package_signature(p, model, sig);
    inductor_package_close(p);
    /* An unknown model is inductor_model_open()'s to report: it lists the
     * models the package has. */
    if (s != INDUCTOR_OK && s != INDUCTOR_ERR_MODEL_NOT_FOUND)
        return cli_error(cli_exit_for_open(s), "%s", inductor_last_error());
    return EXIT_OK;
}

int cli_exit_for_run(inductor_status s)
{
    switch (s) {
    case INDUCTOR_ERR_INPUT_MISMATCH:
    case INDUCTOR_ERR_INVALID_ARGUMENT:
        return EXIT_BAD_INPUT;
    default:
        return EXIT_RUN_FAILED;
    }
}

double cli_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* mkstemp makes 0600 files; results should get the usual 0666 & ~umask.
 * Through the descriptor, before close: a chmod() by path after close
 * could follow a link that someone swapped in for the temporary file. */
static int fchmod_like_fopen(int fd)
{
    mode_t mask = umask(0);

    umask(mask);
    return fchmod(fd, 0666 & ~mask);
}

static int write_temp(int fd, const char *data, size_t len)
{
    int failed = write_all(fd, data, len) != 0 || fsync(fd) != 0 ||
                 fchmod_like_fopen(fd) != 0;

    failed |= close(fd) != 0;
    return failed ? -1 : 0;
}

int cli_write_output(const char *path, const char *data, size_t len)
{
    char *tmp;
    int fd, saved;

    if (path == NULL || strcmp(path, "-") == 0)
        return fwrite(data, 1, len, stdout) == len ? 0 : -1;
    if ((tmp = malloc(strlen(path) + sizeof ".tmp.XXXXXX")) == NULL)
        return cli_error(-1, "%s: out of memory", path);
    sprintf(tmp, "%s.tmp.XXXXXX", path);
    if ((fd = mkstemp(tmp)) < 0) {
        saved = errno;
        free(tmp);
        return cli_error(-1, "%s: cannot create: %s", path, strerror(saved));
    }
    if (write_temp(fd, data, len) != 0 || rename(tmp, path) != 0) {
        saved = errno;
        unlink(tmp);
        free(tmp);
        return cli_error(-1, "%s: cannot write: %s", path, strerror(saved));
    }
    free(tmp);
    return 0;
}

int cli_close_stdout(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        cli_error(0, "cannot write standard output: %s", strerror(errno));
        return code == EXIT_OK ? EXIT_OUTPUT_FAILED : code;
    }
    return code;
}

int cli_usage_error(const char *command)
{
    fprintf(stderr, "Try 'inductor %s%s--help' for more information.\n",
            command ? command : "", command ? " " : "");
    return EXIT_USAGE;
}
