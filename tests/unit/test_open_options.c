/*
 * test_open_options.c - the cache fields of inductor_open_options and its
 * struct_size: a cache_dir beats INDUCTOR_CACHE_DIR (and
 * INDUCTOR_NO_CACHE=1), no_cache beats both, a cache_dir that is not
 * private is refused like any cache directory, two threads opening with
 * different cache_dirs each get their own, and a struct from an older
 * header (before the cache fields) works while a smaller one is refused.
 */
#include <dirent.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inductor.h"
#include "tap.h"

static char pt2[4096];

/* Entries in `dir` (not . or ..); -1 if it cannot be read. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* Opens the fixture with `o` and returns its load stats (struct_size 0 if
 * the open failed); the model is closed again. */
static inductor_load_stats open_with(const inductor_open_options *o)
{
    inductor_load_stats st = INDUCTOR_LOAD_STATS_INIT;
    inductor_model *m = NULL;

    if (inductor_model_open(pt2, "cpu", o, &m) != INDUCTOR_OK ||
        inductor_model_load_stats(m, &st) != INDUCTOR_OK) {
        diag("open: %s", inductor_last_error());
        st.struct_size = 0;
    }
    inductor_model_close(m);
    return st;
}

typedef struct job {
    char dir[256];
    inductor_load_stats st;
} job;

static void *open_in_thread(void *arg)
{
    inductor_open_options o = INDUCTOR_OPEN_OPTIONS_INIT;
    job *j = arg;

    o.cache_dir = j->dir;
    j->st = open_with(&o);
    return NULL;
}

/* Two threads at once, each with its own cache_dir: no global state. */
static void threads(const char *base)
{
    job j[2];
    pthread_t t[2];

    for (int i = 0; i < 2; i++) {
        snprintf(j[i].dir, sizeof j[i].dir, "%s/thread%d", base, i);
        pthread_create(&t[i], NULL, open_in_thread, &j[i]);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    ok(j[0].st.struct_size && j[0].st.cache_used && j[1].st.struct_size &&
           j[1].st.cache_used && count_entries(j[0].dir) == 1 &&
           count_entries(j[1].dir) == 1,
       "two threads opening with different cache_dirs each fill their own");
}

/* A cache_dir is held to the privacy rule of any cache directory. */
static void refused_dirs(const char *base)
{
    inductor_open_options o = INDUCTOR_OPEN_OPTIONS_INIT;
    inductor_load_stats st;
    char open_dir[256], link[256];

    snprintf(open_dir, sizeof open_dir, "%s/shared", base);
    mkdir(open_dir, 0700);
    chmod(open_dir, 0777);
    o.cache_dir = open_dir;
    st = open_with(&o);
    ok(st.struct_size && !st.cache_used && !st.cache_private &&
           strstr(st.cache_note, open_dir) &&
           strstr(st.cache_note, "writable by group or others"),
       "a cache_dir of mode 0777 is refused; cache_note names it and says why");
    snprintf(link, sizeof link, "%s/link", base);
    if (symlink("opt", link) != 0)
        diag("symlink %s failed", link);
    o.cache_dir = link;
    st = open_with(&o);
    ok(st.struct_size && !st.cache_used && strstr(st.cache_note, "symbolic link"),
       "a cache_dir that is a symbolic link is refused");
}

/* struct_size: a caller built against the header before the cache fields
 * passes a shorter struct; whatever lies beyond it must not be read. */
static void sizes(const char *env_dir)
{
    inductor_open_options o = INDUCTOR_OPEN_OPTIONS_INIT;
    inductor_model *m = NULL;
    inductor_load_stats st;

    o.struct_size = offsetof(inductor_open_options, cache_dir);
    o.cache_dir = "/nonexistent/must-not-be-read";
    o.no_cache = 1;
    st = open_with(&o);
    ok(st.struct_size && st.cache_used && count_entries(env_dir) == 1,
       "an older struct (up to run_single_threaded) opens; the fields past "
       "its struct_size are not read (the environment's cache is used)");
    o.struct_size = offsetof(inductor_open_options, run_single_threaded);
    is_int(inductor_model_open(pt2, "cpu", &o, &m),
           INDUCTOR_ERR_INVALID_ARGUMENT,
           "a struct_size smaller than the first version's is refused");
    contains_str(inductor_last_error(), "struct_size",
                 "and the message names struct_size");
    ok(m == NULL, "*out is NULL after the refusal");
}

int main(void)
{
    const char *fixtures = getenv("FIXTURES");
    char base[] = "/tmp/inductor-open-options.XXXXXX", env_dir[256],
         opt_dir[256], cmd[512];
    inductor_open_options o = INDUCTOR_OPEN_OPTIONS_INIT;
    inductor_load_stats st;

    plan(11);
    snprintf(pt2, sizeof pt2, "%s/deterministic.pt2", fixtures ? fixtures : ".");
    if (mkdtemp(base) == NULL)
        bail_out("cannot make a temporary directory");
    snprintf(env_dir, sizeof env_dir, "%s/env", base);
    snprintf(opt_dir, sizeof opt_dir, "%s/opt", base);
    setenv("INDUCTOR_CACHE_DIR", env_dir, 1);
    unsetenv("INDUCTOR_NO_CACHE");

    o.cache_dir = opt_dir;
    st = open_with(&o);
    ok(st.struct_size && st.cache_used && !st.cache_hit && st.cache_private &&
           count_entries(opt_dir) == 1 && count_entries(env_dir) == -1,
       "cache_dir beats INDUCTOR_CACHE_DIR: the entry is made there, and the "
       "environment's directory is not even created");
    setenv("INDUCTOR_NO_CACHE", "1", 1);
    st = open_with(&o);
    ok(st.struct_size && st.cache_used && st.cache_hit,
       "cache_dir beats INDUCTOR_NO_CACHE=1: a hit in cache_dir");
    unsetenv("INDUCTOR_NO_CACHE");
    o.no_cache = 1;
    st = open_with(&o);
    ok(st.struct_size && !st.cache_used && !st.cache_hit &&
           st.cache_note[0] == '\0' && count_entries(opt_dir) == 1,
       "no_cache = 1 beats cache_dir and INDUCTOR_CACHE_DIR: a temporary "
       "directory, no note");
    o.cache_dir = NULL;
    st = open_with(&o);
    ok(st.struct_size && !st.cache_used && count_entries(env_dir) == -1,
       "no_cache = 1 alone: the environment's cache is not touched");
    refused_dirs(base);
    threads(base);
    sizes(env_dir);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    if (system(cmd) != 0)
        diag("could not remove %s", base);
    return done_testing();
}
