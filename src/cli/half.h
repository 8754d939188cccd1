/*
 * half.h - float16 and bfloat16 bit conversions (round to nearest even),
 * for reading and printing half-precision tensors without libtorch.
 */
#ifndef INDUCTOR_CLI_HALF_H
#define INDUCTOR_CLI_HALF_H

#include <stdint.h>

uint16_t half_from_float(float f);
float half_to_float(uint16_t h);
uint16_t bfloat16_from_float(float f);
float bfloat16_to_float(uint16_t b);

#endif /* INDUCTOR_CLI_HALF_H */
