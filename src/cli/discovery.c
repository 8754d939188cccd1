/*
 * discovery.c - resolve model names to packages (see discovery.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_common.h"
#include "discovery.h"

#ifndef INDUCTOR_MODELS_DIR
#define INDUCTOR_MODELS_DIR "/usr/local/share/inductor/models"
#endif

int discovery_is_name(const char *spec)
{
    size_t n = strlen(spec);

    return n > 0 && strchr(spec, '/') == NULL && strcmp(spec, ".") != 0 &&
           strcmp(spec, "..") != 0 &&
           !(n >= 4 && strcmp(spec + n - 4, ".pt2") == 0);
}

/* Another user must not be able to choose what a bare `inductor infer`
 * runs.  A directory is trusted when it is a real directory (not a link)
 * owned by us or root and not writable by group or others, unless sticky
 * (in /tmp nobody can rename our entries away). */
static int dir_trusted(const char *path, int allow_sticky, char *why,
                       size_t len)
{
    struct stat st;

    if (lstat(path, &st) != 0)
        return snprintf(why, len, "%s: %s", path, strerror(errno)), 0;
    if (!S_ISDIR(st.st_mode))
        return snprintf(why, len, "%s is not a directory", path), 0;
    if (st.st_uid != geteuid() && st.st_uid != 0)
        return snprintf(why, len, "%s is owned by uid %lu", path,
                        (unsigned long)st.st_uid), 0;
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) &&
        !(allow_sticky && (st.st_mode & S_ISVTX)))
        return snprintf(why, len, "%s is writable by others", path), 0;
    return 1;
}

/* A missing ./models is searched (it finds nothing) when "." is trusted:
 * nobody else can create it there. */
int discovery_cwd_models_trusted(char *why, size_t len)
{
    struct stat st;

    if (!dir_trusted(".", 1, why, len))
        return 0;
    if (lstat("./models", &st) != 0 && errno == ENOENT)
        return 1;
    return dir_trusted("./models", 0, why, len);
}

size_t discovery_dirs(const char *dirs[DISCOVERY_MAX_DIRS])
{
    const char *env = getenv("MODELS_DIR");
    char why[256];
    size_t n = 0;

    if (env != NULL && *env != '\0')
        dirs[n++] = env;
    if (discovery_cwd_models_trusted(why, sizeof why))
        dirs[n++] = "./models";
    dirs[n++] = INDUCTOR_MODELS_DIR;
    return n;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *discovery_find_in(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + sizeof "/model.pt2" + 1;
    char *p = malloc(len);

    if (p == NULL)
        return NULL;
    snprintf(p, len, "%s/%s/model.pt2", dir, name);
    if (is_file(p))
        return p;
    snprintf(p, len, "%s/%s.pt2", dir, name);
    if (is_file(p))
        return p;
    free(p);
    return NULL;
}

int discovery_resolve(const char *spec, char **path)
{
    const char *dirs[DISCOVERY_MAX_DIRS];
    size_t n = discovery_dirs(dirs), used = 0;
    char looked[1024] = "", why[256];

    if (!discovery_is_name(spec)) {
        *path = strdup(spec);
        return *path ? EXIT_OK : cli_error(EXIT_RUN_FAILED, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        if ((*path = discovery_find_in(dirs[i], spec)) != NULL)
            return EXIT_OK;
        if (used < sizeof looked)
            used += (size_t)snprintf(looked + used, sizeof looked - used,
                                     "%s%s", i ? ", " : "", dirs[i]);
    }
    if (!discovery_cwd_models_trusted(why, sizeof why))
        return cli_error(EXIT_UNUSABLE, "model '%s' not found (looked for "
                                        "%s/model.pt2 and %s.pt2 in %s; "
                                        "./models ignored: %s)",
                         spec, spec, spec, looked, why);
    return cli_error(EXIT_UNUSABLE, "model '%s' not found (looked for "
                                    "%s/model.pt2 and %s.pt2 in %s)",
                     spec, spec, spec, looked);
}
