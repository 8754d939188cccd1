/*
 * cli_common.h - what every subcommand shares: diagnostics on stderr,
 * AOT_DEBUG tracing, exit codes, and writing results safely.
 */
#ifndef INDUCTOR_CLI_COMMON_H
#define INDUCTOR_CLI_COMMON_H

#include <stdio.h>

#include "exit_codes.h"
#include "inductor.h"

#ifdef __GNUC__
#define CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CLI_PRINTF(a, b)
#endif

/* Prints "inductor: error: <message>" on stderr and returns `code`. */
int cli_error(int code, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Prints "inductor: debug: <message>" on stderr when AOT_DEBUG=1. */
void cli_debug(const char *fmt, ...) CLI_PRINTF(1, 2);
int cli_debug_enabled(void);

/* CPUs in this process's affinity mask (what OpenMP's default team uses);
 * 0 when the mask cannot be read. */
long cli_affinity_cpus(void);

/* Prints "inductor: warning: <why>" on stderr when the model could not
 * use the extraction cache (a cache directory that is not private, ...). */
void cli_warn_cache(const inductor_model *m);

/* Exit code for a failed inductor_model_open(). */
int cli_exit_for_open(inductor_status s);
/* The signature of `model` in the package at `path`, read without
 * libtorch, so that inputs can be named before the model loads.  *sig is
 * NULL when the package has no such model (opening it says so); any other
 * failure is reported (one line) and its exit code returned. */
int cli_read_signature(const char *path, const char *model,
                       inductor_signature **sig);
/* Exit code for a failed inductor_model_run(). */
int cli_exit_for_run(inductor_status s);
/* Exit code for a tensor_io_status (tensor_io.h): EXIT_BAD_INPUT for an
 * input that cannot be used, EXIT_USAGE for a bad --shape or --dtype. */
int cli_exit_for_tensor_io(int status);

/* Writes `len` bytes to `path` atomically: a temporary file beside it,
 * fsync, then rename (file_write_atomic()), so a failure never leaves a
 * partial file.  "-" or NULL writes to stdout.  Returns 0, or prints an
 * error and returns -1. */
int cli_write_output(const char *path, const char *data, size_t len);

/* Flushes stdout and reports a write error (full disk, closed pipe) as
 * EXIT_OUTPUT_FAILED; call last in main. */
int cli_close_stdout(int code);

#endif /* INDUCTOR_CLI_COMMON_H */

#ifndef INDUCTOR_CLI_COMMON_IO
#define INDUCTOR_CLI_COMMON_IO
/* Tells the user how to get help after a command-line error; returns
 * EXIT_USAGE. */
int cli_usage_error(const char *command);
#endif
