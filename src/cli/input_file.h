/*
 * input_file.h - reading input files whole, with a size cap.
 *
 * Every file the CLI reads as input (tensors in JSON, .npy, .npz and raw
 * form, JSON-Lines batches, the config file) goes through here, so that a
 * huge or endless input (a 100 GB file, /dev/zero, a pipe that never ends)
 * is refused with one line instead of meeting the OOM killer.  The cap is
 * INDUCTOR_MAX_INPUT_BYTES (decimal bytes), default 2 GiB.
 */
#ifndef INDUCTOR_CLI_INPUT_FILE_H
#define INDUCTOR_CLI_INPUT_FILE_H

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

#endif /* INDUCTOR_CLI_INPUT_FILE_H */
