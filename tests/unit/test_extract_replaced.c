/*
 * test_extract_replaced.c - the cache extracts the package that was
 * validated: another file renamed over the package's path after
 * pt2_archive_open() and before extract_cached() is never what lands in
 * the cache (extraction reads through the archive's descriptor, not the
 * path).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract.h"
#include "pt2_archive.h"
#include "tap.h"

static int copy_file(const char *from, const char *to)
{
    char buf[65536];
    size_t n;
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    int good = in != NULL && out != NULL;

    while (good && (n = fread(buf, 1, sizeof buf, in)) > 0)
        good = fwrite(buf, 1, n, out) == n;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        good = 0;
    return good ? 0 : -1;
}

/* 1 when the file dir/name holds exactly len bytes equal to data. */
static int same_file(const char *dir, const char *name, const char *data,
                     size_t len)
{
    char path[8192];
    FILE *f;
    char *have;
    size_t n;
    int same;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if ((f = fopen(path, "rb")) == NULL || (have = malloc(len + 1)) == NULL) {
        if (f)
            fclose(f);
        return 0;
    }
    n = fread(have, 1, len + 1, f);
    same = n == len && memcmp(have, data, len) == 0;
    free(have);
    fclose(f);
    return same;
}

/* Every file entry of `orig` is in `dir` with the same bytes. */
static int holds_package(const char *dir, const pt2_archive *orig)
{
    size_t files = 0;

    for (size_t i = 0; i < pt2_archive_count(orig); i++) {
        const pt2_entry *e = pt2_archive_entry(orig, i);
        char *data = NULL;
        size_t len = 0;
        int same;

        if (e->name[strlen(e->name) - 1] == '/')
            continue;
        if (pt2_archive_read(orig, e, SIZE_MAX, &data, &len) != INDUCTOR_OK)
            return 0;
        same = same_file(dir, e->name, data, len);
        free(data);
        if (!same) {
            diag("%s differs from the original package", e->name);
            return 0;
        }
        files++;
    }
    return files > 0;
}

int main(void)
{
    const char *fixtures = getenv("FIXTURES");
    char dir[] = "/tmp/inductor-replaced.XXXXXX", orig[4096], other[4096];
    char pkg[4200], swap[4200], cache[4200], cmd[4300];
    pt2_archive *a = NULL, *o = NULL;
    extract_result x;
    inductor_status s;

    plan(4);
    snprintf(orig, sizeof orig, "%s/deterministic.pt2", fixtures ? fixtures : ".");
    snprintf(other, sizeof other, "%s/two_input.pt2", fixtures ? fixtures : ".");
    if (mkdtemp(dir) == NULL)
        return 1;
    snprintf(pkg, sizeof pkg, "%s/model.pt2", dir);
    snprintf(swap, sizeof swap, "%s/swap.pt2", dir);
    snprintf(cache, sizeof cache, "%s/cache", dir);
    setenv("INDUCTOR_CACHE_DIR", cache, 1);
    unsetenv("INDUCTOR_NO_CACHE");

    ok(copy_file(orig, pkg) == 0 && copy_file(other, swap) == 0 &&
           pt2_archive_open(pkg, &a) == INDUCTOR_OK,
       "the package is opened and validated");
    ok(rename(swap, pkg) == 0, "another package is renamed over its path");
    s = a ? extract_cached(a, NULL, &x) : INDUCTOR_ERR_INTERNAL;
    if (!ok(s == INDUCTOR_OK, "extraction still succeeds"))
        diag("%s", inductor_last_error());
    ok(s == INDUCTOR_OK && pt2_archive_open(orig, &o) == INDUCTOR_OK &&
           holds_package(x.dir, o),
       "the cache holds the package that was validated, byte for byte");
    if (s == INDUCTOR_OK)
        extract_release(&x);
    pt2_archive_close(o);
    pt2_archive_close(a);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        diag("could not remove %s", dir);
    return done_testing();
}
