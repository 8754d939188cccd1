/*
 * device.c - device strings and whether this build and machine have them.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "device.h"

/* Largest device index accepted; PyTorch's DeviceIndex is an int8. */
#define MAX_DEVICE_INDEX 127

static inductor_status parse_index(const char *s, const char *digits,
                                   device_spec *d)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(digits, &end, 10);
    if (*digits < '0' || *digits > '9' || *end != '\0' || errno != 0 ||
        v > MAX_DEVICE_INDEX)
        return inductor__fail(INDUCTOR_ERR_BAD_DEVICE,
                              "unknown device '%s': the index must be a number "
                              "from 0 to %d", s, MAX_DEVICE_INDEX);
    d->index = (int)v;
    return INDUCTOR_OK;
}

inductor_status device_parse(const char *s, device_spec *d)
{
    if (s == NULL || *s == '\0')
        return inductor__fail(INDUCTOR_ERR_BAD_DEVICE, "empty device name");
    d->index = -1;
    if (strcmp(s, "cpu") == 0) {
        strcpy(d->type, "cpu");
        return INDUCTOR_OK;
    }
    if (strncmp(s, "cuda", 4) == 0 && (s[4] == '\0' || s[4] == ':')) {
        strcpy(d->type, "cuda");
        return s[4] == ':' ? parse_index(s, s + 5, d) : INDUCTOR_OK;
    }
    return inductor__fail(INDUCTOR_ERR_BAD_DEVICE,
                          "unknown device '%s': expected cpu, cuda or cuda:N",
                          s);
}

void device_format(const device_spec *d, char *buf, size_t len)
{
    if (strcmp(d->type, "cpu") == 0)
        snprintf(buf, len, "cpu");
    else
        snprintf(buf, len, "%s:%d", d->type, d->index < 0 ? 0 : d->index);
}

inductor_status device_available(const device_spec *d)
{
    int count = 0;
    inductor_status s;

    if (strcmp(d->type, "cpu") == 0)
        return INDUCTOR_OK;
    if (strcmp(INDUCTOR_BACKEND_NAME, "cpu") == 0)
        return inductor__fail(INDUCTOR_ERR_DEVICE_UNAVAILABLE,
                              "no CUDA device: this inductor was built for the "
                              "cpu backend");
    s = inductor_bridge_device_count(&count);
    if (s != INDUCTOR_OK)
        return s;
    if (count == 0)
        return inductor__fail(INDUCTOR_ERR_DEVICE_UNAVAILABLE,
                              "no CUDA device: none is visible to this process");
    if (d->index >= count)
        return inductor__fail(INDUCTOR_ERR_DEVICE_UNAVAILABLE,
                              "no CUDA device %d: this machine has %d", d->index,
                              count);
    return INDUCTOR_OK;
}

inductor_status inductor_device_check(const char *device)
{
    device_spec d;
    inductor_status s;

    inductor__clear_error();
    s = device_parse(device, &d);
    return s != INDUCTOR_OK ? s : device_available(&d);
}
