/*
 * test_load_stats.c - inductor_model_load_stats() and the extraction cache
 * as the public API shows them: argument checks, a miss then a hit in a
 * fresh cache directory, no cache with INDUCTOR_NO_CACHE=1, two models
 * from one cache entry in one process, and a cache directory that is not
 * private: refused, with the reason in cache_note.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inductor.h"
#include "tap.h"

static inductor_load_stats open_and_stats(const char *pt2, inductor_model **m)
{
    inductor_load_stats st = INDUCTOR_LOAD_STATS_INIT;

    if (inductor_model_open(pt2, "cpu", NULL, m) != INDUCTOR_OK) {
        diag("open: %s", inductor_last_error());
        st.struct_size = 0;
        return st;
    }
    if (inductor_model_load_stats(*m, &st) != INDUCTOR_OK)
        st.struct_size = 0;
    return st;
}

static int run_ok(inductor_model *m)
{
    int64_t sz[2] = {1, 4};
    float x[4] = {1, 2, 3, 4};
    inductor_tensor *in = NULL, *out = NULL;
    int good;

    inductor_tensor_from_data(INDUCTOR_FLOAT32, sz, 2, x, sizeof x, 0, &in);
    good = inductor_model_run(m, &in, 1, &out, 1) == INDUCTOR_OK &&
           ((const float *)inductor_tensor_data(out))[2] == 11.0f;
    inductor_tensor_free(in);
    inductor_tensor_free(out);
    return good;
}

int main(void)
{
    const char *fixtures = getenv("FIXTURES");
    char pt2[4096], dir[] = "/tmp/inductor-load-stats.XXXXXX";
    inductor_load_stats st = INDUCTOR_LOAD_STATS_INIT, small;
    inductor_model *a = NULL, *b = NULL, *c = NULL, *d = NULL;

    plan(12);
    snprintf(pt2, sizeof pt2, "%s/deterministic.pt2", fixtures ? fixtures : ".");
    if (mkdtemp(dir) == NULL)
        return 1;
    setenv("INDUCTOR_CACHE_DIR", dir, 1);
    unsetenv("INDUCTOR_NO_CACHE");

    is_int(inductor_model_load_stats(NULL, &st), INDUCTOR_ERR_INVALID_ARGUMENT,
           "a NULL model is an invalid argument");
    st = open_and_stats(pt2, &a);
    ok(st.struct_size == sizeof st && st.cache_used && !st.cache_hit &&
           st.cache_private && st.cache_note[0] == '\0',
       "the first open in an empty cache extracts (cache_used 1, cache_hit 0, "
       "cache_private 1, no note)");
    ok(st.read_ms >= 0 && st.extract_ms > 0 && st.load_ms > 0,
       "read, extract and load stages are timed");
    memset(&small, 0x5a, sizeof small);
    small.struct_size = offsetof(inductor_load_stats, cache_hit);
    ok(inductor_model_load_stats(a, &small) == INDUCTOR_ERR_INVALID_ARGUMENT &&
           small.cache_hit == 0x5a5a5a5a,
       "a struct_size smaller than the first version's is refused and the "
       "struct left untouched");
    /* A caller built before cache_private: only its fields are written. */
    memset(&small, 0x5a, sizeof small);
    small.struct_size = offsetof(inductor_load_stats, cache_private);
    ok(inductor_model_load_stats(a, &small) == INDUCTOR_OK &&
           small.struct_size == offsetof(inductor_load_stats, cache_private) &&
           small.cache_used == 1 && small.cache_private == 0x5a5a5a5a,
       "an older, shorter struct gets the fields it has and nothing beyond");
    st = open_and_stats(pt2, &b);
    ok(st.struct_size && st.cache_used && st.cache_hit,
       "a second open of the same package is a cache hit");
    inductor_model_close(a);
    ok(run_ok(b), "a model still runs after another one from the same entry closed");
    setenv("INDUCTOR_NO_CACHE", "1", 1);
    st = open_and_stats(pt2, &c);
    ok(st.struct_size && !st.cache_used && !st.cache_hit && st.extract_ms > 0 &&
           !st.cache_private && st.cache_note[0] == '\0',
       "INDUCTOR_NO_CACHE=1: loaded from a temporary directory, no note");
    ok(c && run_ok(c), "the model loaded without the cache runs");
    inductor_cache_cleanup_staging(); /* nothing in flight: a no-op */
    ok(run_ok(b), "inductor_cache_cleanup_staging() leaves published entries alone");
    unsetenv("INDUCTOR_NO_CACHE");
    chmod(dir, 0777);
    st = open_and_stats(pt2, &d);
    ok(st.struct_size && !st.cache_used && !st.cache_private &&
           strstr(st.cache_note, "writable by group or others") &&
           strstr(st.cache_note, "temporary directory for this run"),
       "a cache directory of mode 0777 is refused, and cache_note says why");
    if (st.struct_size)
        diag("cache_note: %s", st.cache_note);
    ok(d && run_ok(d), "the model loaded beside the refused cache runs");
    inductor_model_close(b);
    inductor_model_close(c);
    inductor_model_close(d);
    {
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            diag("could not remove %s", dir);
    }
    return done_testing();
}
