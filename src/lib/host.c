/*
 * host.c - this host and build as the compatibility verdict sees them,
 * and the verdict for a model of an open package.
 */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "compat.h"
#include "inspect.h"

/* /proc/cpuinfo's flags line runs to ~1.5 KB on current x86 parts. */
#define FLAGS_MAX 8192

static struct host_facts {
    char system[80];
    char machine[80];
    char flags[FLAGS_MAX];
    int have_flags;
    char platform[170];
    char isa[256];
    compat_host view;
} host;

static pthread_once_t host_once = PTHREAD_ONCE_INIT;

/* The first "flags" (x86) or "Features" (Arm, s390x: "features") line. */
static int read_cpu_flags(char *buf, size_t len)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[FLAGS_MAX];
    int found = 0;

    if (f == NULL)
        return 0;
    while (!found && fgets(line, sizeof line, f) != NULL) {
        char *colon = strchr(line, ':');
        size_t klen = strcspn(line, "\t :");

        if (colon == NULL ||
            !((klen == 5 && strncmp(line, "flags", 5) == 0) ||
              (klen == 8 && strncasecmp(line, "features", 8) == 0)))
            continue;
        snprintf(buf, len, "%s", colon + 1);
        buf[strcspn(buf, "\n")] = '\0';
        found = 1;
    }
    fclose(f);
    return found;
}

static void detect_host(void)
{
    struct utsname u;

    if (uname(&u) == 0) {
        snprintf(host.system, sizeof host.system, "%s", u.sysname);
        snprintf(host.machine, sizeof host.machine, "%s", u.machine);
    }
    /* Python's sys.platform is the lower-cased kernel name ("linux"). */
    for (char *c = host.system; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    host.have_flags = read_cpu_flags(host.flags, sizeof host.flags);
    snprintf(host.platform, sizeof host.platform, "%s %s", host.system,
             host.machine);
    if (host.have_flags)
        compat_isa_levels(host.flags, host.isa, sizeof host.isa);
    host.view.system = host.system[0] ? host.system : NULL;
    host.view.machine = host.machine[0] ? host.machine : NULL;
    host.view.cpu_flags = host.have_flags ? host.flags : NULL;
}

const compat_host *compat_this_host(void)
{
    pthread_once(&host_once, detect_host);
    return &host.view;
}

const char *inductor_host_platform(void)
{
    compat_this_host();
    return host.platform;
}

const char *inductor_host_cpu_isa(void)
{
    compat_this_host();
    return host.isa;
}

/* The backend a GPU package would run on: this build's GPU module if it
 * was configured with one ("cpu,cuda" gives "cuda"), else "cpu". */
static const char *gpu_backend_built(void)
{
    const char *b = INDUCTOR_BACKEND_NAME;

    if (strstr(b, "rocm") != NULL)
        return "rocm";
    if (strstr(b, "cuda") != NULL)
        return "cuda";
    return "cpu";
}

inductor_status compat_check_model(const inductor_package *p, const char *path,
                                   const char *model, const char *device_type)
{
    compat_package pkg;
    char why[512];

    pkg.device_key = inductor_package_metadata(p, model, "AOTI_DEVICE_KEY");
    pkg.platform = inductor_package_metadata(p, model, "AOTI_PLATFORM");
    pkg.machine = inductor_package_metadata(p, model, "AOTI_MACHINE");
    pkg.cpu_isa = inductor_package_metadata(p, model, "AOTI_CPU_ISA");
    inspect_kernel_counts(p, model, &pkg.cuda_kernels, &pkg.rocm_kernels);
    if (compat_verdict(&pkg, compat_this_host(), gpu_backend_built(),
                       device_type, why, sizeof why) == 0)
        return INDUCTOR_OK;
    return inductor__fail(INDUCTOR_ERR_INCOMPATIBLE, "%s: model '%s' %s",
                          path, model, why);
}
