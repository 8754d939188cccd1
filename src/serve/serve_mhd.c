/* serve_mhd.c - loads libmicrohttpd for `inductor serve` (see serve_mhd.h
 * for why it is not linked). */
#include "config.h"

#define SERVE_MHD_IMPLEMENTATION
#include "serve_mhd.h"

#include <dlfcn.h>
#include <pthread.h>

#include "errbuf.h"

struct serve_mhd_api serve_mhd;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[512];

/* By SONAME first, so that the search of the program's own RUNPATH finds
 * the copy a relocatable bundle carries in lib/, then ld.so.cache; then
 * where configure found it, for systems with no loader cache (Nix). */
static void *open_library(void)
{
    void *h = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL);

    if (h == NULL && MHD_LIBDIR[0] != '\0')
        h = dlopen(MHD_LIBDIR "/" MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
    return h;
}

static void load(void)
{
    void *h = open_library();
    const char *missing = NULL;

    if (h == NULL) {
        errbuf_set(load_error, sizeof load_error,
                   "cannot load libmicrohttpd (%s, the HTTP server of "
                   "`inductor serve`): %s", MHD_SONAME, dlerror());
        return;
    }
#define SERVE_MHD_RESOLVE(name)                                              \
    if (missing == NULL &&                                                   \
        (*(void **)&serve_mhd.name = dlsym(h, #name)) == NULL)               \
        missing = #name;
    SERVE_MHD_FUNCTIONS(SERVE_MHD_RESOLVE)
#undef SERVE_MHD_RESOLVE
    if (missing != NULL)
        errbuf_set(load_error, sizeof load_error,
                   "libmicrohttpd (%s) has no %s: it is older than the "
                   "0.9.71 inductor was built for", MHD_SONAME, missing);
    /* Never dlclose()d: the server's threads run its code until exit. */
}

int serve_mhd_load(char *err, size_t errlen)
{
    pthread_once(&once, load);
    if (load_error[0] != '\0') {
        errbuf_set(err, errlen, "%s", load_error);
        return -1;
    }
    return 0;
}
