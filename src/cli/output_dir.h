/*
 * output_dir.h - `--output-dir DIR`: one .npy per output.
 */
#ifndef INDUCTOR_CLI_OUTPUT_DIR_H
#define INDUCTOR_CLI_OUTPUT_DIR_H

#include <stddef.h>

#include "inductor.h"

/* The file name for output i: its key with characters other than
 * [A-Za-z0-9._-] replaced by '_' (a leading '.' too) plus ".npy", or
 * "output<i>.npy" without a key; "<name>_<i>.npy" when two outputs would
 * share a name.  Writes into buf (len bytes). */
void output_dir_file_name(const char *const *keys, size_t n, size_t i,
                          char *buf, size_t len);

/* Writes every output to DIR/<file name> atomically, all or nothing: each
 * goes to a temporary file in DIR first, and only when all are written
 * and synced are they renamed into place.  DIR is created (one level) if
 * missing, and removed again if this call created it and then failed.
 * On success *paths holds n malloc'd paths (free with
 * output_dir_free_paths).  Returns 0, or prints "inductor: error: ..." and
 * returns -1. */
int output_dir_write(const char *dir, inductor_tensor *const *outs,
                     const char *const *keys, size_t n, char ***paths);
void output_dir_free_paths(char **paths, size_t n);

#endif /* INDUCTOR_CLI_OUTPUT_DIR_H */
