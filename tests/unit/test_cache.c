/*
 * test_cache.c - the extraction cache's public API (inductor_cache_dir,
 * _list, _prune, _clear) and its rules, on the core sources (no libtorch):
 * entries in use are listed as such and never removed, eviction is least
 * recently used first, stale staging goes, a cache directory that is not
 * private (mode, symbolic link) is refused by every call and left as it
 * was, and the model then gets a temporary directory removed on release.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "extract.h"
#include "inductor.h"
#include "pt2_archive.h"
#include "tap.h"

static char top[] = "/tmp/inductor-cache-test.XXXXXX";
static char cache[4300];

static inductor_status extract(const char *pkg, extract_result *x)
{
    pt2_archive *a = NULL;
    inductor_status s = pt2_archive_open(pkg, &a);

    if (s == INDUCTOR_OK)
        s = extract_cached(a, NULL, x);
    if (s != INDUCTOR_OK)
        diag("%s: %s", pkg, inductor_last_error());
    pt2_archive_close(a);
    return s;
}

static int exists(const char *dir, const char *name)
{
    char path[8400];
    struct stat st;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return lstat(path, &st) == 0;
}

/* Sets the marker mtime of entry `key` to `ago` seconds in the past. */
static void age_entry(const char *key, int ago)
{
    char path[8600];
    struct timespec t[2];

    clock_gettime(CLOCK_REALTIME, &t[0]);
    t[0].tv_sec -= ago;
    t[1] = t[0];
    snprintf(path, sizeof path, "%s/%s/.inductor-cache", cache, key);
    utimensat(AT_FDCWD, path, t, 0);
}

static void test_list_and_clear(const char *pkg_a, const char *pkg_b)
{
    inductor_cache_entry *e = NULL;
    extract_result xa, xb;
    char dir[4300], key_a[65] = "";
    size_t n = 0, removed = 9;
    uint64_t freed = 9;
    int priv = -1;

    ok(inductor_cache_dir(dir, sizeof dir, &priv) == INDUCTOR_OK &&
           strcmp(dir, cache) == 0 && priv == 0,
       "inductor_cache_dir: INDUCTOR_CACHE_DIR, not private while missing");
    ok(extract(pkg_a, &xa) == INDUCTOR_OK && xa.cached && xa.is_private &&
           xa.note[0] == '\0',
       "a missing cache directory is created and used");
    ok(inductor_cache_dir(dir, sizeof dir, &priv) == INDUCTOR_OK && priv == 1,
       "then it is private (mode 0700, ours)");
    ok(inductor_cache_list(&e, &n) == INDUCTOR_OK && n == 1 && e[0].in_use &&
           strcmp(e[0].source, pkg_a) == 0 && e[0].bytes > 1000000 &&
           e[0].last_used > time(NULL) - 600 && strlen(e[0].key) == 64,
       "list: one entry, in use, with its source, size and last use");
    if (n == 1)
        snprintf(key_a, sizeof key_a, "%s", e[0].key);
    free(e);
    ok(inductor_cache_clear(&removed, &freed) == INDUCTOR_OK && removed == 0 &&
           freed == 0 && exists(cache, key_a),
       "clear leaves an entry in use alone");
    extract_release(&xa);
    ok(extract(pkg_b, &xb) == INDUCTOR_OK, "a second package is extracted");
    extract_release(&xb);
    age_entry(key_a, 3600);
    ok(inductor_cache_list(&e, &n) == INDUCTOR_OK && n == 2 && !e[0].in_use &&
           !e[1].in_use && strcmp(e[1].key, key_a) == 0 &&
           strcmp(e[0].source, pkg_b) == 0,
       "list: two entries, none in use, most recently used first");
    if (!ok(n == 2 &&
                inductor_cache_prune(e[0].bytes + 1, &removed, &freed) ==
                    INDUCTOR_OK &&
                removed == 1 && freed == e[1].bytes && !exists(cache, key_a) &&
                exists(cache, e[0].key),
            "prune evicts the least recently used entry to fit the limit"))
        diag("removed %zu, freed %llu of %llu and %llu", removed,
             (unsigned long long)freed,
             (unsigned long long)(n == 2 ? e[0].bytes : 0),
             (unsigned long long)(n == 2 ? e[1].bytes : 0));
    free(e);
    ok(inductor_cache_clear(&removed, &freed) == INDUCTOR_OK && removed == 1 &&
           inductor_cache_list(&e, &n) == INDUCTOR_OK && n == 0 && e == NULL,
       "clear removes the rest");
}

static void test_stale_staging(void)
{
    char old[4400], fresh[4400];
    struct timespec t[2] = {{0, 0}, {0, 0}};
    size_t removed = 0;

    snprintf(old, sizeof old, "%s/.staging-old", cache);
    snprintf(fresh, sizeof fresh, "%s/.staging-new", cache);
    mkdir(old, 0700);
    mkdir(fresh, 0700);
    t[0].tv_sec = t[1].tv_sec = time(NULL) - 7200;
    utimensat(AT_FDCWD, old, t, 0);
    ok(inductor_cache_prune(0, &removed, NULL) == INDUCTOR_OK && removed == 1 &&
           !exists(cache, ".staging-old") && exists(cache, ".staging-new"),
       "prune removes staging older than an hour, keeps a fresh one");
    rmdir(fresh);
}

/* Every call refuses the directory and changes nothing in it. */
static void test_refused(const char *pkg, const char *what, const char *why)
{
    inductor_cache_entry *e = NULL;
    extract_result x;
    char planted[4400], where[4096] = "";
    size_t n = 0, removed = 0;
    int priv = -1, refused;

    snprintf(planted, sizeof planted, "%s/%064d", cache, 0);
    mkdir(planted, 0700);
    refused = inductor_cache_list(&e, &n) == INDUCTOR_ERR_IO &&
              strstr(inductor_last_error(), why) != NULL && e == NULL;
    refused = refused &&
              inductor_cache_prune(1, &removed, NULL) == INDUCTOR_ERR_IO &&
              inductor_cache_clear(&removed, NULL) == INDUCTOR_ERR_IO &&
              removed == 0 && exists(cache, planted + strlen(cache) + 1);
    if (!ok(refused, "%s: list, prune and clear refuse it, touching nothing", what))
        diag("%s", inductor_last_error());
    ok(inductor_cache_dir(where, sizeof where, &priv) == INDUCTOR_OK &&
           priv == 0,
       "%s: inductor_cache_dir says it is not private", what);
    ok(extract(pkg, &x) == INDUCTOR_OK && !x.cached && !x.is_private &&
           strstr(x.note, why) && strstr(x.note, "temporary directory") &&
           exists(x.where, ".") && strncmp(x.where, cache, strlen(cache)) != 0,
       "%s: a model gets a temporary directory, and the reason", what);
    snprintf(where, sizeof where, "%s", x.where);
    extract_release(&x);
    ok(!exists(where, "."), "%s: the temporary directory goes on release", what);
    rmdir(planted);
}

int main(void)
{
    const char *fixtures = getenv("FIXTURES");
    char pkg_a[4096], pkg_b[4096], link[4300], tmp[4300];

    plan(18);
    snprintf(pkg_a, sizeof pkg_a, "%s/deterministic.pt2", fixtures ? fixtures : ".");
    snprintf(pkg_b, sizeof pkg_b, "%s/two_input.pt2", fixtures ? fixtures : ".");
    if (mkdtemp(top) == NULL)
        return 1;
    snprintf(cache, sizeof cache, "%s/cache", top);
    snprintf(tmp, sizeof tmp, "%s/tmp", top);
    mkdir(tmp, 0700);
    setenv("INDUCTOR_CACHE_DIR", cache, 1);
    setenv("TMPDIR", tmp, 1);
    unsetenv("INDUCTOR_NO_CACHE");
    unsetenv("INDUCTOR_CACHE_MAX_BYTES");

    test_list_and_clear(pkg_a, pkg_b);
    test_stale_staging();

    chmod(cache, 0777);
    test_refused(pkg_a, "mode 0777", "writable by group or others");
    chmod(cache, 0700);
    snprintf(link, sizeof link, "%s/link", top);
    if (symlink(cache, link) != 0)
        diag("symlink: %s", strerror(errno));
    setenv("INDUCTOR_CACHE_DIR", link, 1);
    snprintf(cache, sizeof cache, "%s", link);
    test_refused(pkg_a, "a symbolic link", "symbolic link");

    {
        char cmd[4400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
        if (system(cmd) != 0)
            diag("could not remove %s", top);
    }
    return done_testing();
}
