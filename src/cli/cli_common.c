/*
 * cli_common.c - diagnostics, exit-code mapping and safe output writing.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "file_util.h"
#include "tensor_io.h"

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

int cli_exit_for_tensor_io(int status)
{
    switch (status) {
    case TENSOR_IO_OK:
        return EXIT_OK;
    case TENSOR_IO_BAD_OPTION:
        return EXIT_USAGE;
    default:
        return EXIT_BAD_INPUT;
    }
}

int cli_write_output(const char *path, const char *data, size_t len)
{
    int rc;

    if (path == NULL || strcmp(path, "-") == 0)
        return fwrite(data, 1, len, stdout) == len ? 0 : -1;
    if ((rc = file_write_atomic(path, data, len)) == 0)
        return 0;
    if (errno == ENOMEM && rc == FILE_STAGE_CREATE)
        return cli_error(-1, "%s: out of memory", path);
    return cli_error(-1, "%s: cannot %s: %s", path,
                     rc == FILE_STAGE_CREATE ? "create" : "write",
                     strerror(errno));
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

long cli_affinity_cpus(void)
{
    cpu_set_t set;

    return sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 0;
}
