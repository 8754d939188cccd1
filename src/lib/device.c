/*
 * device.c - device strings, whether this build and machine have them, and
 * what a device is (name, capability, memory, peak use).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
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
    const inductor_backend_ops *ops;
    int count = 0;
    inductor_status s;

    if (strcmp(d->type, "cpu") == 0)
        return INDUCTOR_OK;
    if (!backend_gpu_module_present())
        return inductor__fail(INDUCTOR_ERR_DEVICE_UNAVAILABLE,
                              strcmp(backend_built(), "cpu") == 0
                                  ? "no CUDA device: this inductor was built "
                                    "for the cpu backend"
                                  : "no CUDA device: this installation has no "
                                    "GPU backend module");
    if ((s = backend_for_device(d->type, &ops)) != INDUCTOR_OK)
        return s;
    s = ops->device_count(&count);
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

/* The host's physical memory: what a CPU has in place of device memory. */
static size_t host_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES);
    long page_size = sysconf(_SC_PAGESIZE);

    return pages > 0 && page_size > 0 ? (size_t)pages * (size_t)page_size : 0;
}

/* Zeroes everything the caller did not set, so a failure leaves no stale
 * fields behind. */
static void clear_properties(inductor_device_properties *out)
{
    size_t size = out->struct_size;

    memset(out, 0, sizeof *out);
    out->struct_size = size;
}

/* The index a device string means: "cuda" is cuda:0, as device_format()
 * prints it. */
static int gpu_index(const device_spec *d)
{
    return d->index < 0 ? 0 : d->index;
}

inductor_status inductor_device_info(const char *device,
                                     inductor_device_properties *out)
{
    device_spec d;
    inductor_status s;

    inductor__clear_error();
    if (out == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "device properties: out is NULL");
    if (out->struct_size < sizeof *out)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "device properties: struct_size is %zu: start "
                              "from INDUCTOR_DEVICE_PROPERTIES_INIT",
                              out->struct_size);
    clear_properties(out);
    if ((s = device_parse(device, &d)) != INDUCTOR_OK ||
        (s = device_available(&d)) != INDUCTOR_OK)
        return s;
    if (strcmp(d.type, "cpu") == 0) {
        snprintf(out->name, sizeof out->name, "cpu");
        out->total_memory = host_memory();
        return INDUCTOR_OK;
    }
    {
        const inductor_backend_ops *ops;

        if ((s = backend_for_device(d.type, &ops)) != INDUCTOR_OK)
            return s;
        if (ops->gpu_properties == NULL)
            return inductor__fail(INDUCTOR_ERR_DEVICE_UNAVAILABLE,
                                  "no CUDA device: the %s backend module "
                                  "drives no GPU", ops->name);
        s = ops->gpu_properties(gpu_index(&d), out);
    }
    if (s != INDUCTOR_OK)
        clear_properties(out);
    return s;
}

inductor_status inductor_model_peak_device_memory(const inductor_model *m,
                                                  size_t *bytes)
{
    device_spec d;
    inductor_status s;

    inductor__clear_error();
    if (bytes != NULL)
        *bytes = 0;
    if (m == NULL || bytes == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "peak device memory: model or bytes is NULL");
    if ((s = device_parse(inductor_model_device(m), &d)) != INDUCTOR_OK)
        return s;
    if (strcmp(d.type, "cpu") == 0)
        return inductor__fail(INDUCTOR_ERR_UNSUPPORTED,
                              "peak device memory: the model runs on the cpu, "
                              "whose allocator keeps no peak");
    {
        const inductor_backend_ops *ops;

        if ((s = backend_for_device(d.type, &ops)) != INDUCTOR_OK)
            return s;
        if (ops->gpu_peak_memory == NULL)
            return inductor__fail(INDUCTOR_ERR_UNSUPPORTED,
                                  "peak device memory: the %s backend module "
                                  "drives no GPU", ops->name);
        return ops->gpu_peak_memory(gpu_index(&d), bytes);
    }
}
