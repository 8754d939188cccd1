/*
 * file_util.h - the CLI's file and clock utilities, one of each: reading
 * input whole with a size cap, writing all of a buffer, writing a file
 * atomically (temporary, fsync, rename), and a monotonic clock.
 *
 * Reading.  Every file the CLI reads as input (tensors in JSON, .npy, .npz
 * and raw form, JSON-Lines batches, the config file) goes through here, so
 * that a huge or endless input (a 100 GB file, /dev/zero, a pipe that never ends)
 * is refused with one line instead of meeting the OOM killer.  The cap is
 * INDUCTOR_MAX_INPUT_BYTES (decimal bytes), default 2 GiB.
 */
#ifndef INDUCTOR_CLI_FILE_UTIL_H
#define INDUCTOR_CLI_FILE_UTIL_H

#include <stdio.h>
#include <sys/types.h>

#define INPUT_FILE_DEFAULT_MAX ((size_t)2 << 30)

/* The cap in bytes; 0 with *why set when INDUCTOR_MAX_INPUT_BYTES is not a
 * positive decimal number. */
size_t input_file_limit(const char **why);

/* Reads `path` ("-": standard input) into a malloc'd, NUL-terminated
 * buffer.  -1 with errno on failure; EFBIG when it passes the cap (say so
 * with input_file_error()). */
int input_file_read(const char *path, char **buf, size_t *len);

/* Reads one line (with its '\n') into *buf, growing it up to the cap; the
 * getline() contract otherwise.  -1 at end of file or on error; errno is
 * EFBIG for a line longer than the cap. */
ssize_t input_file_getline(char **buf, size_t *cap, FILE *f);

/* strerror(err), except that EFBIG names the cap and its variable. */
const char *input_file_error(int err);

/* Writes all `len` bytes to fd, through short writes and EINTR.  0, or -1
 * with errno. */
int file_write_all(int fd, const void *data, size_t len);

/* Writes `len` bytes into a fresh temporary beside `final`
 * (FINAL.tmp.XXXXXX, made by mkstemp so never a file someone planted),
 * fsyncs it and gives it the mode fopen() would (0666 & ~umask), through
 * the descriptor: a chmod() by path after close could follow a link
 * swapped in for the file.  *tmp gets the temporary's malloc'd name, for
 * the caller to rename into place (several files can then be staged
 * before any is renamed) or unlink.  Returns 0; FILE_STAGE_CREATE with
 * errno (ENOMEM: no memory for the name) when no temporary was made;
 * FILE_STAGE_WRITE with errno when it could not be written (it is
 * removed).  On failure *tmp is NULL. */
enum { FILE_STAGE_CREATE = -1, FILE_STAGE_WRITE = -2 };
int file_stage(const char *final, const void *data, size_t len, char **tmp);

/* file_stage(), then rename over `path`: a failure never leaves a partial
 * file.  Returns 0 or file_stage()'s codes (a failed rename is
 * FILE_STAGE_WRITE), with errno. */
int file_write_atomic(const char *path, const void *data, size_t len);

/* Monotonic clock in milliseconds: for durations, never for dates. */
double mono_now_ms(void);

#endif /* INDUCTOR_CLI_FILE_UTIL_H */
