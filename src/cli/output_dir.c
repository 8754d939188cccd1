/*
 * output_dir.c - outputs as .npy files, staged then renamed (see
 * output_dir.h).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_common.h"
#include "file_util.h"
#include "npy.h"
#include "output_dir.h"

static void base_name(const char *key, size_t i, char *buf, size_t len)
{
    size_t n = 0;

    if (key == NULL || *key == '\0') {
        snprintf(buf, len, "output%zu", i);
        return;
    }
    for (const char *c = key; *c && n + 1 < len && n < 200; c++, n++) {
        int okc = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
                  *c == '-';
        buf[n] = (okc && !(n == 0 && *c == '.')) ? *c : '_';
    }
    buf[n] = '\0';
}

void output_dir_file_name(const char *const *keys, size_t n, size_t i,
                          char *buf, size_t len)
{
    char mine[256], other[256];

    base_name(keys ? keys[i] : NULL, i, mine, sizeof mine);
    for (size_t k = 0; k < n; k++) {
        base_name(keys ? keys[k] : NULL, k, other, sizeof other);
        if (k != i && strcmp(mine, other) == 0) {
            snprintf(buf, len, "%s_%zu.npy", mine, i);
            return;
        }
    }
    snprintf(buf, len, "%s.npy", mine);
}

void output_dir_free_paths(char **paths, size_t n)
{
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
}

/* One output into a fresh temporary beside its final path. */
static int stage(const char *final, const inductor_tensor *t, char **tmp)
{
    char *buf = NULL;
    size_t len = 0;
    int rc, saved;

    *tmp = NULL;
    if (npy_encode(t, &buf, &len) != 0)
        return cli_error(-1, "%s: cannot encode the output", final);
    rc = file_stage(final, buf, len, tmp);
    saved = errno;
    free(buf);
    errno = saved;
    if (rc == FILE_STAGE_CREATE && errno == ENOMEM)
        return cli_error(-1, "%s: out of memory", final);
    if (rc != 0)
        return cli_error(-1, "%s: cannot %s: %s", final,
                         rc == FILE_STAGE_CREATE ? "create" : "write",
                         strerror(errno));
    return 0;
}

/* An existing directory must be ours (or root's, like /tmp) and not
 * writable by others unless sticky: in a directory another user may write
 * to, that user could rename our results away or put theirs in place. */
static int make_dir(const char *dir, int *created)
{
    struct stat st;

    *created = 0;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return cli_error(-1, "%s: not a directory", dir);
        if (st.st_uid != geteuid() && st.st_uid != 0)
            return cli_error(-1, "%s: refusing an output directory owned "
                             "by another user (uid %lu)", dir,
                             (unsigned long)st.st_uid);
        if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
            return cli_error(-1, "%s: refusing an output directory that "
                             "others may write to (mode %03o, not sticky)",
                             dir, (unsigned)(st.st_mode & 0777));
        return 0;
    }
    if (mkdir(dir, 0777) != 0)
        return cli_error(-1, "%s: cannot create directory: %s", dir,
                         strerror(errno));
    *created = 1;
    return 0;
}

typedef struct named_output {
    const char *file;
    size_t index;
} named_output;

static int cmp_named(const void *a, const void *b)
{
    const named_output *x = a, *y = b;
    int c = strcmp(x->file, y->file);

    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Keys are the model's; after sanitising and disambiguating two can still
 * name one file ("a/b" and "a_b" become a_b_0 and a_b_1, which a third key
 * "a_b_1" also names): that is an error, not a silent overwrite.  Sorting
 * keeps it O(n log n). */
static int check_distinct(const char *dir, const char *const *keys,
                          char *const *files, size_t n)
{
    named_output *v = malloc((n ? n : 1) * sizeof *v);
    int rc = 0;

    if (v == NULL)
        return cli_error(-1, "%s: out of memory", dir);
    for (size_t i = 0; i < n; i++)
        v[i] = (named_output){files[i], i};
    qsort(v, n, sizeof *v, cmp_named);
    for (size_t i = 1; i < n && rc == 0; i++)
        if (strcmp(v[i - 1].file, v[i].file) == 0)
            rc = cli_error(-1, "outputs %zu%s%s%s and %zu%s%s%s would both "
                           "be written to %s/%s", v[i - 1].index,
                           keys ? " ('" : "", keys ? keys[v[i - 1].index] : "",
                           keys ? "')" : "", v[i].index, keys ? " ('" : "",
                           keys ? keys[v[i].index] : "", keys ? "')" : "",
                           dir, v[i].file);
    free(v);
    return rc;
}

static int stage_all(const char *dir, inductor_tensor *const *outs,
                     const char *const *keys, size_t n, char **paths,
                     char **tmps)
{
    char **files = calloc(n ? n : 1, sizeof *files);
    int rc = files ? 0 : cli_error(-1, "%s: out of memory", dir);

    for (size_t i = 0; rc == 0 && i < n; i++) {
        char name[300];

        output_dir_file_name(keys, n, i, name, sizeof name);
        if ((files[i] = strdup(name)) == NULL)
            rc = cli_error(-1, "%s: out of memory", dir);
    }
    if (rc == 0)
        rc = check_distinct(dir, keys, files, n);
    for (size_t i = 0; files && i < n; i++)
        free(files[i]);
    free(files);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        char name[300];

        output_dir_file_name(keys, n, i, name, sizeof name);
        if ((paths[i] = malloc(strlen(dir) + strlen(name) + 2)) == NULL)
            return cli_error(-1, "%s: out of memory", dir);
        sprintf(paths[i], "%s/%s", dir, name);
        if (stage(paths[i], outs[i], &tmps[i]) != 0)
            return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (rename(tmps[i], paths[i]) != 0)
            return cli_error(-1, "%s: cannot write: %s", paths[i],
                             strerror(errno));
        else
            tmps[i][0] = '\0';
    return 0;
}

int output_dir_write(const char *dir, inductor_tensor *const *outs,
                     const char *const *keys, size_t n, char ***paths)
{
    char **p = calloc(n ? n : 1, sizeof *p), **tmps = calloc(n ? n : 1, sizeof *tmps);
    int created = 0, rc = -1;

    *paths = NULL;
    if (p == NULL || tmps == NULL)
        cli_error(-1, "%s: out of memory", dir);
    else if (make_dir(dir, &created) == 0)
        rc = stage_all(dir, outs, keys, n, p, tmps);
    for (size_t i = 0; tmps && i < n; i++) {
        if (tmps[i] && tmps[i][0])
            unlink(tmps[i]);
        free(tmps[i]);
    }
    free(tmps);
    if (rc != 0) {
        if (created)
            rmdir(dir);
        output_dir_free_paths(p, n);
        return -1;
    }
    *paths = p;
    return 0;
}
