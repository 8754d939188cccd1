/*
 * compat_check.c - inductor_package_check_compat(): the verdict of
 * compat.c for a device string.  Apart from host.c because parsing a
 * device string belongs to device.c, which needs libtorch.
 */
#include "compat.h"
#include "device.h"
#include "package_internal.h"

inductor_status inductor_package_check_compat(const inductor_package *p,
                                              const char *model,
                                              const char *device)
{
    device_spec d;
    inductor_status s;

    inductor__clear_error();
    if (p == NULL || model == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "package or model is NULL");
    if ((s = package_require_model(p, model)) != INDUCTOR_OK)
        return s;
    if (device != NULL && (s = device_parse(device, &d)) != INDUCTOR_OK)
        return s;
    return compat_check_model(p, pt2_archive_path(p->archive), model,
                              device ? d.type : NULL);
}
