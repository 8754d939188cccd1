/*
 * backend.h - finding, describing and loading backend modules (backend.c).
 * Internal.
 *
 * libinductor has no libtorch; a backend module (backend_abi.h) is
 * dlopen()ed the first time a model or device call needs one, once per
 * process, thread-safely.  Two libtorch builds cannot share a process, so
 * one module is loaded at most: a GPU module also serves the cpu.
 */
#ifndef INDUCTOR_BACKEND_H
#define INDUCTOR_BACKEND_H

#include "backend_abi.h"

/* The module to run on device type `type` ("cpu" or "cuda"), loading it if
 * needed.  INDUCTOR_ERR_BACKEND_UNAVAILABLE with one line naming the
 * module's path (and dlerror()'s text) when none can be loaded. */
inductor_status backend_for_device(const char *type,
                                   const inductor_backend_ops **out);

/* Whether this build or this installation has a module that drives GPUs
 * (a cuda or rocm module file is present), without loading anything. */
int backend_gpu_module_present(void);

/* The backend names this build was configured with ("cpu,cuda"). */
const char *backend_built(void);

#endif /* INDUCTOR_BACKEND_H */
