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

#ifdef __cplusplus
}
#endif

#endif /* INDUCTOR_INTERNAL_H */
