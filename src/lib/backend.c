/*
 * backend.c - backend modules: where they are (beside libinductor itself,
 * found with dladdr, so the same lookup works in the build tree, an
 * install, the relocatable bundle, the distro packages and Nix), what they
 * are (read from the file, without loading it), and loading one.
 */
#include "config.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "internal.h"

/* Every backend a module can exist for, in the order `--version` lists. */
static const char *const known[] = {"cpu", "cuda", "rocm"};
#define N_KNOWN (sizeof known / sizeof known[0])

/* A module's file is small (the bridge, not libtorch); its tag is read by
 * mapping at most this much. */
#define MAX_MODULE_BYTES ((off_t)256 << 20)

typedef struct module_facts {
    char path[PATH_MAX];
    char libtorch[32];
    unsigned abi;
    int found; /* the file exists and carries a tag for its name */
} module_facts;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const inductor_backend_ops *loaded_ops; /* under lock */
static module_facts facts[N_KNOWN];            /* under lock, once */
static int facts_read;

static inductor_status core_fail(inductor_status s, const char *msg)
{
    return inductor__fail(s, "%s", msg);
}

static const inductor_core_services services = {
    .abi_version = INDUCTOR_BACKEND_ABI_VERSION,
    .struct_size = sizeof(inductor_core_services),
    .fail = core_fail,
    .tensor_adopt = inductor__tensor_adopt,
    .tensor_from_data = inductor_tensor_from_data,
    .tensor_dtype = inductor_tensor_dtype,
    .tensor_ndim = inductor_tensor_ndim,
    .tensor_sizes = inductor_tensor_sizes,
    .tensor_nbytes = inductor_tensor_nbytes,
    .tensor_data = inductor_tensor_data,
    .dtype_name = inductor_dtype_name,
};

const char *backend_built(void)
{
    return INDUCTOR_BACKEND_NAME;
}

/* The directory libinductor was loaded from ("." if unknown). */
static void library_dir(char *buf, size_t len)
{
    Dl_info info;
    const char *slash;

    if (dladdr((void *)library_dir, &info) == 0 || info.dli_fname == NULL ||
        (slash = strrchr(info.dli_fname, '/')) == NULL) {
        snprintf(buf, len, ".");
        return;
    }
    snprintf(buf, len, "%.*s", (int)(slash - info.dli_fname), info.dli_fname);
}

/* Where module `name` is: $INDUCTOR_BACKEND_DIR when set (and only
 * there); else LIBDIR/inductor/backends (installed), then LIBDIR itself
 * (the build tree's .libs).  With no file anywhere, the first place. */
static void module_path(const char *name, char *buf, size_t len)
{
    const char *env = getenv("INDUCTOR_BACKEND_DIR");
    char dir[PATH_MAX];
    char alt[PATH_MAX];

    if (env != NULL && *env != '\0') {
        snprintf(buf, len, "%s/inductor-backend-%s.so", env, name);
        return;
    }
    library_dir(dir, sizeof dir);
    snprintf(buf, len, "%s/" INDUCTOR_BACKEND_SUBDIR "/inductor-backend-%s.so",
             dir, name);
    snprintf(alt, sizeof alt, "%s/inductor-backend-%s.so", dir, name);
    if (access(buf, F_OK) != 0 && access(alt, F_OK) == 0)
        snprintf(buf, len, "%s", alt);
}

/* Reads "abi=N;backend=NAME;libtorch=V;" after the tag in the file. */
static void read_tag(module_facts *f, const char *name)
{
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    const char *map, *hit;
    char want[64], version[32];
    unsigned abi;

    if (fd < 0)
        return;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        st.st_size > MAX_MODULE_BYTES) {
        close(fd);
        return;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return;
    hit = memmem(map, (size_t)st.st_size, INDUCTOR_BACKEND_TAG,
                 sizeof INDUCTOR_BACKEND_TAG - 1);
    if (hit != NULL) {
        size_t off = (size_t)(hit - map) + sizeof INDUCTOR_BACKEND_TAG - 1;
        size_t n = (size_t)st.st_size - off;
        char text[128];

        n = n < sizeof text - 1 ? n : sizeof text - 1;
        memcpy(text, map + off, n);
        text[n] = '\0';
        snprintf(want, sizeof want, ";backend=%s;libtorch=", name);
        if (sscanf(text, "abi=%u", &abi) == 1 && strstr(text, want) &&
            sscanf(strstr(text, want) + strlen(want), "%31[^;]", version) == 1) {
            f->abi = abi;
            snprintf(f->libtorch, sizeof f->libtorch, "%s", version);
            f->found = 1;
        }
    }
    munmap((void *)map, (size_t)st.st_size);
}

/* Under lock: what is on disk, read once per process. */
static void read_facts(void)
{
    if (facts_read)
        return;
    for (size_t i = 0; i < N_KNOWN; i++) {
        module_path(known[i], facts[i].path, sizeof facts[i].path);
        read_tag(&facts[i], known[i]);
    }
    facts_read = 1;
}

static size_t known_index(const char *name)
{
    for (size_t i = 0; i < N_KNOWN; i++)
        if (strcmp(known[i], name) == 0)
            return i;
    return N_KNOWN;
}

int backend_gpu_module_present(void)
{
    int present;

    pthread_mutex_lock(&lock);
    read_facts();
    present = (loaded_ops != NULL && strcmp(loaded_ops->name, "cpu") != 0) ||
              access(facts[known_index("cuda")].path, F_OK) == 0 ||
              access(facts[known_index("rocm")].path, F_OK) == 0;
    pthread_mutex_unlock(&lock);
    return present;
}

/* Under lock: dlopen()s module `i` and checks it speaks our ABI.  Global,
 * so that the model libraries AOTInductor compiled, which libtorch
 * dlopen()s later, find libtorch's symbols.  Lazy, as libtorch was bound
 * when it was linked into the program: RTLD_NOW resolves every function
 * libtorch calls (43,000 PLT entries in libtorch_cpu alone) up front,
 * which made `infer`'s cold start ~10 ms (5%) slower.  The module itself
 * links with -no-undefined against the libtorch it names. */
static inductor_status load_module(size_t i)
{
    const char *path = facts[i].path;
    char why[256] = "";
    inductor_backend_entry_fn entry;
    const inductor_backend_ops *ops;
    void *h = dlopen(path, RTLD_LAZY | RTLD_GLOBAL);

    if (h == NULL)
        return inductor__fail(INDUCTOR_ERR_BACKEND_UNAVAILABLE,
                              "cannot load the %s backend module %s: %s",
                              known[i], path, dlerror());
    *(void **)&entry = dlsym(h, INDUCTOR_BACKEND_ENTRY);
    if (entry == NULL) {
        dlclose(h);
        return inductor__fail(INDUCTOR_ERR_BACKEND_UNAVAILABLE,
                              "%s is not an inductor backend module (no %s)",
                              path, INDUCTOR_BACKEND_ENTRY);
    }
    ops = entry(&services, why, sizeof why);
    if (ops == NULL || ops->abi_version != INDUCTOR_BACKEND_ABI_VERSION ||
        ops->struct_size < sizeof *ops || strcmp(ops->name, known[i]) != 0) {
        /* Not dlclose()d: a half-initialised libtorch must not unload. */
        return inductor__fail(
            INDUCTOR_ERR_BACKEND_UNAVAILABLE, "%s: %s", path,
            why[0] ? why
                   : "the module does not match this libinductor (backend "
                     "ABI or name): install the module that came with it");
    }
    loaded_ops = ops; /* kept loaded for the life of the process */
    return INDUCTOR_OK;
}

/* Which modules can run on `type`, best first: the cpu module for the
 * cpu (it loads no GPU libraries), a GPU module's libtorch also runs the
 * cpu; ROCm's torch calls its GPUs "cuda" too. */
static int serves(const char *module, const char *type)
{
    return strcmp(type, "cpu") == 0 || strcmp(module, "cpu") != 0;
}

inductor_status backend_for_device(const char *type,
                                   const inductor_backend_ops **out)
{
    inductor_status s = INDUCTOR_ERR_BACKEND_UNAVAILABLE;
    size_t first = N_KNOWN;
    int tried = 0;

    *out = NULL;
    pthread_mutex_lock(&lock);
    read_facts();
    if (loaded_ops != NULL) {
        if (serves(loaded_ops->name, type)) {
            *out = loaded_ops;
            s = INDUCTOR_OK;
        } else {
            s = inductor__fail(
                INDUCTOR_ERR_BACKEND_UNAVAILABLE,
                "a %s model needs a GPU backend module, but this process has "
                "loaded the %s module already and two libtorch builds cannot "
                "share a process: open GPU models first",
                type, loaded_ops->name);
        }
        pthread_mutex_unlock(&lock);
        return s;
    }
    for (size_t i = 0; i < N_KNOWN && s != INDUCTOR_OK; i++) {
        if (!serves(known[i], type))
            continue;
        if (first == N_KNOWN)
            first = i;
        if (access(facts[i].path, F_OK) != 0)
            continue;
        tried = 1;
        s = load_module(i); /* a module present but broken is the answer */
        if (s != INDUCTOR_OK)
            break;
        *out = loaded_ops;
    }
    if (!tried && first < N_KNOWN)
        s = inductor__fail(INDUCTOR_ERR_BACKEND_UNAVAILABLE,
                           "no backend module for %s models: %s is missing "
                           "(this inductor was built with: %s)",
                           type, facts[first].path, INDUCTOR_BACKEND_NAME);
    pthread_mutex_unlock(&lock);
    return s;
}

size_t inductor_backend_module_count(void)
{
    return N_KNOWN;
}

inductor_status inductor_backend_module_info(size_t i,
                                             inductor_backend_module *out)
{
    inductor__clear_error();
    if (out == NULL || out->struct_size < sizeof *out)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "backend module info: out is NULL or its "
                              "struct_size is too small: start from "
                              "INDUCTOR_BACKEND_MODULE_INIT");
    if (i >= N_KNOWN)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "backend module %zu does not exist (there are "
                              "%zu)", i, N_KNOWN);
    pthread_mutex_lock(&lock);
    read_facts();
    out->name = known[i];
    out->path = facts[i].path;
    out->libtorch_version = facts[i].found ? facts[i].libtorch : "";
    out->abi_version = facts[i].found ? facts[i].abi : 0;
    out->present = facts[i].found;
    out->built = 0;
    {
        const char *b = INDUCTOR_BACKEND_NAME;
        size_t n = strlen(known[i]);

        for (const char *p = b; (p = strstr(p, known[i])) != NULL; p += n)
            if ((p == b || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
                out->built = 1;
    }
    out->loaded = loaded_ops != NULL && strcmp(loaded_ops->name, known[i]) == 0;
    pthread_mutex_unlock(&lock);
    return INDUCTOR_OK;
}
