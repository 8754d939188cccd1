/*
 * core_services.c - inside a backend module, the few libinductor functions
 * the bridge calls (error recording and tensors), forwarded to the core
 * that loaded the module.  The module does not link libinductor: the core
 * lends these through inductor_core_services (backend_abi.h), so that the
 * module always talks to the very core that loaded it.  The module is
 * built with hidden visibility, so these definitions are its own and
 * never interpose on libinductor's exported ones.
 */
#include <stdarg.h>
#include <stdio.h>

#include "bridge.h"

static const inductor_core_services *core;

void inductor_bridge_set_core(const inductor_core_services *c)
{
    core = c;
}

inductor_status inductor__fail(inductor_status s, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return core->fail(s, msg);
}

inductor_status inductor__tensor_adopt(inductor_dtype dt, const int64_t *sizes,
                                      size_t ndim, void *data, size_t nbytes,
                                      void (*release)(void *), void *ctx,
                                      inductor_tensor **out)
{
    return core->tensor_adopt(dt, sizes, ndim, data, nbytes, release, ctx,
                              out);
}

inductor_status inductor_tensor_from_data(inductor_dtype dt,
                                          const int64_t *sizes, size_t ndim,
                                          const void *data, size_t nbytes,
                                          unsigned flags, inductor_tensor **out)
{
    return core->tensor_from_data(dt, sizes, ndim, data, nbytes, flags, out);
}

inductor_dtype inductor_tensor_dtype(const inductor_tensor *t)
{
    return core->tensor_dtype(t);
}

size_t inductor_tensor_ndim(const inductor_tensor *t)
{
    return core->tensor_ndim(t);
}

const int64_t *inductor_tensor_sizes(const inductor_tensor *t)
{
    return core->tensor_sizes(t);
}

size_t inductor_tensor_nbytes(const inductor_tensor *t)
{
    return core->tensor_nbytes(t);
}

const void *inductor_tensor_data(const inductor_tensor *t)
{
    return core->tensor_data(t);
}

const char *inductor_dtype_name(inductor_dtype dt)
{
    return core->dtype_name(dt);
}
