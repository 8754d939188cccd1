/*
 * provenance_env.h - the facts about this process that a provenance record
 * holds (provenance.c): versions, the loaded backend module, the device,
 * the host and the thread settings, each as a JSON object.  They reuse
 * what `--version`, `info` and `test-device` ask the library.
 */
#ifndef INDUCTOR_CLI_PROVENANCE_ENV_H
#define INDUCTOR_CLI_PROVENANCE_ENV_H

#include <json-c/json.h>

/* {inductor, libtorch, backends} */
json_object *provenance_env_versions(void);
/* The module loaded in this process {name, path, libtorch, abi_version},
 * or NULL (JSON null) when none is. */
json_object *provenance_env_backend_module(void);
/* {name (as given), model_device, properties: {name, compute_capability,
 * arch, total_memory_bytes} or null when the library cannot say}. */
json_object *provenance_env_device(const char *device);
/* {platform, cpu_isa, online_cpus} */
json_object *provenance_env_host(void);
/* {runners, callers, affinity_cpus, env: {OMP_NUM_THREADS, ...}} */
json_object *provenance_env_threads(int runners, int callers);

#endif /* INDUCTOR_CLI_PROVENANCE_ENV_H */
