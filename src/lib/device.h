/*
 * device.h - device strings ("cpu", "cuda", "cuda:N") parsed once.
 */
#ifndef INDUCTOR_DEVICE_H
#define INDUCTOR_DEVICE_H

#include "internal.h"

typedef struct device_spec {
    char type[8]; /* "cpu" or "cuda" (ROCm builds also say "cuda") */
    int index;    /* -1: the default device of that type */
} device_spec;

/* Parses `s`; INDUCTOR_ERR_BAD_DEVICE naming it when not understood. */
inductor_status device_parse(const char *s, device_spec *d);

/* Checks that this build and this machine can use the device. */
inductor_status device_available(const device_spec *d);

/* "cpu", "cuda:0", ... into buf. */
void device_format(const device_spec *d, char *buf, size_t len);

#endif /* INDUCTOR_DEVICE_H */
