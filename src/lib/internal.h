/*
 * internal.h - shared by libinductor's C files and the C++ bridge.
 * Not installed.
 */
#ifndef INDUCTOR_INTERNAL_H
#define INDUCTOR_INTERNAL_H

#include "inductor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Records a printf-style message as this thread's last error and returns
 * `s`, so that a failure is one line: `return inductor__fail(...)`. */
inductor_status inductor__fail(inductor_status s, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Clears this thread's last error (called on entry to public functions). */
void inductor__clear_error(void);

/* A tensor over memory that something else keeps alive, for outputs handed
 * over without a copy: release(ctx) is called exactly once, when the tensor
 * is freed.  The data is the tensor's owner's to write.  On failure the
 * caller still owns data and ctx (release is not called). */
inductor_status inductor__tensor_adopt(inductor_dtype dt, const int64_t *sizes,
                                      size_t ndim, void *data, size_t nbytes,
                                      void (*release)(void *), void *ctx,
                                      inductor_tensor **out);

#ifdef __cplusplus
}
#endif

#endif /* INDUCTOR_INTERNAL_H */
