/*
 * version.c - run-time version and build facts.
 */
#include "config.h"

#include "internal.h"

const char *inductor_version(void)
{
    return INDUCTOR_VERSION_STRING;
}

const char *inductor_libtorch_version(void)
{
    return INDUCTOR_LIBTORCH_VERSION;
}

const char *inductor_backend(void)
{
    return INDUCTOR_BACKEND_NAME;
}
