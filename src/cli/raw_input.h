/*
 * raw_input.h - one tensor from a file of raw bytes (.bin, .raw):
 * little-endian, row-major, its dtype and shape given on the command line
 * or recorded in the package.
 */
#ifndef INDUCTOR_CLI_RAW_INPUT_H
#define INDUCTOR_CLI_RAW_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "inductor.h"

/* Reads `path` ("-": standard input) through the capped reader; the file
 * must hold exactly the element count times the dtype's size.  Returns 0,
 * or -1 with a one-line reason in err (*out NULL). */
int raw_input_read(const char *path, inductor_dtype dt, const int64_t *sizes,
                   size_t ndim, inductor_tensor **out, char *err,
                   size_t errlen);

#endif /* INDUCTOR_CLI_RAW_INPUT_H */
