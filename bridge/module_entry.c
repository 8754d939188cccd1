/*
 * module_entry.c - a backend module's one exported function and the tag
 * that names it on disk.  The makefile compiles this once per module with
 * INDUCTOR_MODULE_NAME ("cpu", "cuda", "rocm"),
 * INDUCTOR_MODULE_LIBTORCH_VERSION and, for a GPU module,
 * INDUCTOR_MODULE_GPU.
 */
#include <stdio.h>

#include "bridge.h"
#ifdef INDUCTOR_MODULE_GPU
#include "gpu_bridge.h"
#endif

#define TAG_TEXT                                                            \
    INDUCTOR_BACKEND_TAG "abi=2;backend=" INDUCTOR_MODULE_NAME              \
                         ";libtorch=" INDUCTOR_MODULE_LIBTORCH_VERSION ";"

/* Read from the file by the core (backend.c) without loading it; "abi=2"
 * is spelled out above because the preprocessor cannot stringify
 * INDUCTOR_BACKEND_ABI_VERSION's 1u, and checked here. */
_Static_assert(INDUCTOR_BACKEND_ABI_VERSION == 2, "update TAG_TEXT's abi=");
__attribute__((used)) static const char module_tag[] = TAG_TEXT;

static const inductor_backend_ops ops = {
    .abi_version = INDUCTOR_BACKEND_ABI_VERSION,
    .struct_size = sizeof(inductor_backend_ops),
    .name = INDUCTOR_MODULE_NAME,
    .libtorch_version = INDUCTOR_MODULE_LIBTORCH_VERSION,
    .load = inductor_bridge_load,
    .free_model = inductor_bridge_free,
    .in_spec = inductor_bridge_in_spec,
    .out_spec = inductor_bridge_out_spec,
    .run = inductor_bridge_run,
    .device_count = inductor_bridge_device_count,
#ifdef INDUCTOR_MODULE_GPU
    .gpu_properties = inductor_bridge_gpu_properties,
    .gpu_peak_memory = inductor_bridge_gpu_peak_memory,
#endif
    .selftest = inductor_bridge_selftest,
};

__attribute__((visibility("default"))) const inductor_backend_ops *
inductor_backend_entry(const inductor_core_services *core, char *why,
                       size_t why_len);

const inductor_backend_ops *
inductor_backend_entry(const inductor_core_services *core, char *why,
                       size_t why_len)
{
    if (core == NULL || core->abi_version != INDUCTOR_BACKEND_ABI_VERSION ||
        core->struct_size < sizeof *core) {
        snprintf(why, why_len,
                 "the %s backend module speaks backend ABI %u but this "
                 "libinductor speaks %u: install the module that came "
                 "with this libinductor",
                 INDUCTOR_MODULE_NAME, INDUCTOR_BACKEND_ABI_VERSION,
                 core ? core->abi_version : 0);
        return NULL;
    }
    inductor_bridge_set_core(core);
    return &ops;
}
