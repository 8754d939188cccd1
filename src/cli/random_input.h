/*
 * random_input.h - reproducible random tensors for --random: floats
 * uniform in [-1, 1), integers uniform in [0, 10), bools 0 or 1, from
 * SplitMix64, whose stream depends only on the seed.
 */
#ifndef INDUCTOR_CLI_RANDOM_INPUT_H
#define INDUCTOR_CLI_RANDOM_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "inductor.h"

/* One random tensor; *state is the generator's state, seeded with the
 * --seed value and advanced by each call.  Returns 0, or -1 with a
 * one-line reason in err (*out NULL). */
int random_input_make(inductor_dtype dt, const int64_t *sizes, size_t ndim,
                      uint64_t *state, inductor_tensor **out, char *err,
                      size_t errlen);

#endif /* INDUCTOR_CLI_RANDOM_INPUT_H */
