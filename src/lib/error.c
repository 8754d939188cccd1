/*
 * error.c - status names and the thread-local last-error message.
 */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

/* Thread-local, so concurrent callers never see each other's messages. */
static _Thread_local char last_error[1024];

inductor_status inductor__fail(inductor_status s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return s;
}

void inductor__clear_error(void)
{
    last_error[0] = '\0';
}

const char *inductor_last_error(void)
{
    return last_error;
}

const char *inductor_status_str(inductor_status s)
{
    switch (s) {
    case INDUCTOR_OK: return "ok";
    case INDUCTOR_ERR_INVALID_ARGUMENT: return "invalid argument";
    case INDUCTOR_ERR_OUT_OF_MEMORY: return "out of memory";
    case INDUCTOR_ERR_IO: return "I/O error";
    case INDUCTOR_ERR_BAD_PACKAGE: return "bad package";
    case INDUCTOR_ERR_MODEL_NOT_FOUND: return "model not found";
    case INDUCTOR_ERR_BAD_DEVICE: return "bad device";
    case INDUCTOR_ERR_DEVICE_UNAVAILABLE: return "device unavailable";
    case INDUCTOR_ERR_INCOMPATIBLE: return "incompatible package";
    case INDUCTOR_ERR_INPUT_MISMATCH: return "input mismatch";
    case INDUCTOR_ERR_RUNTIME: return "runtime error";
    case INDUCTOR_ERR_UNSUPPORTED: return "unsupported";
    case INDUCTOR_ERR_INTERNAL: return "internal error";
    case INDUCTOR_ERR_BACKEND_UNAVAILABLE: return "backend unavailable";
    }
    return "unknown status";
}
