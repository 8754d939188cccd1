/*
 * test_backend_abi.c - a backend module checks the core's ABI version: a
 * core that speaks another one gets NULL and one line saying so, never a
 * crash; the right one gets the module's operations, named as its file.
 * Loads $INDUCTOR_BUILDDIR/.libs/inductor-backend-B.so for the first B of
 * $INDUCTOR_BACKEND, as libinductor would (RTLD_GLOBAL).
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "backend_abi.h"
#include "tap.h"

static inductor_status fake_fail(inductor_status s, const char *msg)
{
    (void)msg;
    return s;
}

int main(void)
{
    const char *builddir = getenv("INDUCTOR_BUILDDIR");
    const char *backends = getenv("INDUCTOR_BACKEND");
    char name[16], path[PATH_MAX], why[256] = "", want[128];
    inductor_core_services core;
    inductor_backend_entry_fn entry;
    const inductor_backend_ops *ops;
    void *h;

    plan(7);
    if (builddir == NULL || backends == NULL) {
        ok(0, "INDUCTOR_BUILDDIR and INDUCTOR_BACKEND are set");
        return done_testing();
    }
    snprintf(name, sizeof name, "%.*s", (int)strcspn(backends, ","), backends);
    snprintf(path, sizeof path, "%s/.libs/inductor-backend-%s.so", builddir,
             name);
    h = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    ok(h != NULL, "the %s module loads", name);
    if (h == NULL) {
        diag("%s", dlerror());
        return done_testing();
    }
    *(void **)&entry = dlsym(h, INDUCTOR_BACKEND_ENTRY);
    ok(entry != NULL, "it exports " INDUCTOR_BACKEND_ENTRY);
    if (entry == NULL)
        return done_testing();

    memset(&core, 0, sizeof core);
    core.abi_version = INDUCTOR_BACKEND_ABI_VERSION + 1;
    core.struct_size = sizeof core;
    core.fail = fake_fail;
    ops = entry(&core, why, sizeof why);
    ok(ops == NULL, "a core of ABI version %u is refused",
       INDUCTOR_BACKEND_ABI_VERSION + 1);
    snprintf(want, sizeof want, "backend ABI %u but this libinductor speaks %u",
             INDUCTOR_BACKEND_ABI_VERSION, INDUCTOR_BACKEND_ABI_VERSION + 1);
    contains_str(why, want, "the reason names both versions");
    ok(strchr(why, '\n') == NULL && why[0] != '\0', "in one line: %s", why);

    core.abi_version = INDUCTOR_BACKEND_ABI_VERSION;
    ops = entry(&core, why, sizeof why);
    ok(ops != NULL && ops->abi_version == INDUCTOR_BACKEND_ABI_VERSION &&
           ops->struct_size >= sizeof *ops,
       "the core's own version gets the operations");
    ok(ops != NULL && strcmp(ops->name, name) == 0 &&
           ops->libtorch_version[0] >= '0' && ops->libtorch_version[0] <= '9',
       "they name the module's backend and its libtorch (%s)",
       ops ? ops->libtorch_version : "-");
    return done_testing();
}
