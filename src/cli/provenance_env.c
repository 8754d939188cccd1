/*
 * provenance_env.c - this process's facts for a provenance record (see
 * provenance_env.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli_common.h"
#include "inductor.h"
#include "provenance_env.h"

static json_object *str_or_null(const char *s)
{
    return s && *s ? json_object_new_string(s) : NULL;
}

json_object *provenance_env_versions(void)
{
    json_object *o = json_object_new_object();

    json_object_object_add(o, "inductor", json_object_new_string(inductor_version()));
    json_object_object_add(o, "libtorch", str_or_null(inductor_libtorch_version()));
    json_object_object_add(o, "backends", json_object_new_string(inductor_backend()));
    return o;
}

/* At most one module is loaded per process (inductor.h): the one that ran
 * the model, and whose libtorch did. */
json_object *provenance_env_backend_module(void)
{
    for (size_t i = 0; i < inductor_backend_module_count(); i++) {
        inductor_backend_module bm = INDUCTOR_BACKEND_MODULE_INIT;
        json_object *o;

        if (inductor_backend_module_info(i, &bm) != INDUCTOR_OK || !bm.loaded)
            continue;
        o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(bm.name));
        json_object_object_add(o, "path", json_object_new_string(bm.path));
        json_object_object_add(o, "libtorch", str_or_null(bm.libtorch_version));
        json_object_object_add(o, "abi_version",
                               json_object_new_int64((int64_t)bm.abi_version));
        return o;
    }
    return NULL;
}

/* As `test-device --json` describes it: a GPU has a compute capability
 * (or a ROCm gfx arch), the CPU neither, and its memory is the host's. */
json_object *provenance_env_device(const char *device)
{
    inductor_device_properties p = INDUCTOR_DEVICE_PROPERTIES_INIT;
    json_object *o = json_object_new_object(), *props = NULL;

    json_object_object_add(o, "name", json_object_new_string(device));
    if (inductor_device_info(device, &p) == INDUCTOR_OK) {
        int gpu = p.arch[0] != '\0';
        char cc[32];

        snprintf(cc, sizeof cc, "%d.%d", p.capability_major, p.capability_minor);
        props = json_object_new_object();
        json_object_object_add(props, "name", json_object_new_string(p.name));
        json_object_object_add(props, "compute_capability",
                               gpu ? json_object_new_string(cc) : NULL);
        json_object_object_add(props, "arch", gpu ? json_object_new_string(p.arch)
                                                  : NULL);
        json_object_object_add(props, "total_memory_bytes",
                               json_object_new_int64((int64_t)p.total_memory));
    }
    json_object_object_add(o, "properties", props);
    return o;
}

json_object *provenance_env_host(void)
{
    json_object *o = json_object_new_object();
    long online = sysconf(_SC_NPROCESSORS_ONLN);

    json_object_object_add(o, "platform", json_object_new_string(inductor_host_platform()));
    json_object_object_add(o, "cpu_isa", str_or_null(inductor_host_cpu_isa()));
    json_object_object_add(o, "online_cpus",
                           online > 0 ? json_object_new_int64(online) : NULL);
    return o;
}

/* The variables that set libtorch's and its BLAS's thread pools, as this
 * process sees them (unset: null).  libtorch's intra-op pool is
 * OMP_NUM_THREADS when set, else one thread per CPU in the affinity mask. */
static const char *const thread_vars[] = {
    "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
    "OMP_PROC_BIND", "OMP_PLACES"};

json_object *provenance_env_threads(int runners, int callers)
{
    json_object *o = json_object_new_object(), *env = json_object_new_object();
    long cpus = cli_affinity_cpus();

    json_object_object_add(o, "runners", json_object_new_int(runners));
    json_object_object_add(o, "callers", json_object_new_int(callers));
    json_object_object_add(o, "affinity_cpus",
                           cpus > 0 ? json_object_new_int((int)cpus) : NULL);
    for (size_t i = 0; i < sizeof thread_vars / sizeof thread_vars[0]; i++)
        json_object_object_add(env, thread_vars[i], str_or_null(getenv(thread_vars[i])));
    json_object_object_add(o, "env", env);
    return o;
}
