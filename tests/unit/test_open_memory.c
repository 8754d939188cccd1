/*
 * test_open_memory.c - inductor_model_open_memory(): a package given as
 * bytes runs like the same package opened from its path (the caller's
 * buffer freed before the run), takes the same cache entry (a hit after a
 * path open), and is refused like a file would be: garbage and truncated
 * bytes are INDUCTOR_ERR_BAD_PACKAGE naming "(memory)", NULL data or a
 * size of 0 an invalid argument.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inductor.h"
#include "tap.h"

/* The whole file in a malloc'd buffer, as a caller holding a package in
 * memory would have it; NULL on failure. */
static unsigned char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    unsigned char *buf = NULL;
    struct stat st;
    size_t got = 0;

    if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0 &&
        (buf = malloc((size_t)st.st_size)) != NULL)
        while (got < (size_t)st.st_size) {
            ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
            if (n <= 0)
                break;
            got += (size_t)n;
        }
    if (fd >= 0)
        close(fd);
    if (buf != NULL && got != (size_t)st.st_size) {
        free(buf);
        buf = NULL;
    }
    *len = buf ? got : 0;
    return buf;
}

/* Runs two_input on a batch of 2 into out[2]; 0 on success. */
static int run_two_input(inductor_model *m, inductor_tensor **out)
{
    const float x[8] = {0.5f, -1, 1.5f, 2, -0.25f, 0.75f, 1, -2};
    const int64_t idx[6] = {0, 1, 2, 3, 4, 5};
    const int64_t sx[2] = {2, 4}, si[2] = {2, 3};
    inductor_tensor *in[2] = {NULL, NULL};
    int rc = -1;

    if (inductor_tensor_from_data(INDUCTOR_FLOAT32, sx, 2, x, sizeof x, 0,
                                  &in[0]) == INDUCTOR_OK &&
        inductor_tensor_from_data(INDUCTOR_INT64, si, 2, idx, sizeof idx, 0,
                                  &in[1]) == INDUCTOR_OK &&
        inductor_model_run(m, in, 2, out, 2) == INDUCTOR_OK)
        rc = 0;
    else
        diag("run: %s", inductor_last_error());
    inductor_tensor_free(in[0]);
    inductor_tensor_free(in[1]);
    return rc;
}

static int same_tensor(const inductor_tensor *a, const inductor_tensor *b)
{
    return a && b && inductor_tensor_dtype(a) == inductor_tensor_dtype(b) &&
           inductor_tensor_nbytes(a) == inductor_tensor_nbytes(b) &&
           memcmp(inductor_tensor_data(a), inductor_tensor_data(b),
                  inductor_tensor_nbytes(a)) == 0;
}

static inductor_load_stats stats_of(const inductor_model *m)
{
    inductor_load_stats st = INDUCTOR_LOAD_STATS_INIT;

    if (inductor_model_load_stats(m, &st) != INDUCTOR_OK)
        st.struct_size = 0;
    return st;
}

/* Refusals: nothing to open, or bytes that are not a package. */
static void refusals(const unsigned char *pkg, size_t len)
{
    static const char garbage[] = "this is not a zip file, only text\n";
    inductor_model *m = (inductor_model *)&m;

    is_int(inductor_model_open_memory(NULL, 10, "cpu", NULL, &m),
           INDUCTOR_ERR_INVALID_ARGUMENT, "NULL data is an invalid argument");
    ok(m == NULL, "*out is NULL after a failure");
    is_int(inductor_model_open_memory(garbage, 0, "cpu", NULL, &m),
           INDUCTOR_ERR_INVALID_ARGUMENT, "a size of 0 is an invalid argument");
    is_int(inductor_model_open_memory(garbage, sizeof garbage, "cpu", NULL,
                                      NULL),
           INDUCTOR_ERR_INVALID_ARGUMENT, "a NULL out is an invalid argument");
    is_int(inductor_model_open_memory(garbage, sizeof garbage, "cpu", NULL, &m),
           INDUCTOR_ERR_BAD_PACKAGE, "garbage bytes are a bad package");
    contains_str(inductor_last_error(), "(memory): ",
                 "the message names the package \"(memory)\"");
    is_int(inductor_model_open_memory(pkg, len / 2, "cpu", NULL, &m),
           INDUCTOR_ERR_BAD_PACKAGE,
           "the first half of a package is a bad package, as from a file");
    is_int(inductor_model_open_memory(pkg, len, "tpu", NULL, &m),
           INDUCTOR_ERR_BAD_DEVICE, "a bad device is refused before the copy");
}

int main(void)
{
    const char *fixtures = getenv("FIXTURES");
    char pt2[4096], dir[] = "/tmp/inductor-open-memory.XXXXXX", cmd[4200];
    inductor_tensor *want[2] = {NULL, NULL}, *got[2] = {NULL, NULL};
    inductor_model *from_path = NULL, *from_mem = NULL;
    inductor_load_stats st;
    unsigned char *bytes;
    size_t len;

    plan(17);
    snprintf(pt2, sizeof pt2, "%s/two_input.pt2", fixtures ? fixtures : ".");
    if (mkdtemp(dir) == NULL || (bytes = slurp(pt2, &len)) == NULL)
        bail_out("cannot read %s or make a cache directory", pt2);
    setenv("INDUCTOR_CACHE_DIR", dir, 1); /* empty: the first open misses */
    unsetenv("INDUCTOR_NO_CACHE");

    refusals(bytes, len);
    ok(inductor_model_open(pt2, "cpu", NULL, &from_path) == INDUCTOR_OK &&
           run_two_input(from_path, want) == 0,
       "the package opened from its path runs");
    st = stats_of(from_path);
    ok(st.cache_used && !st.cache_hit, "the path open extracted into the cache");
    ok(inductor_model_open_memory(bytes, len, "cpu", NULL, &from_mem) ==
           INDUCTOR_OK,
       "the same bytes open from memory");
    if (from_mem == NULL)
        diag("open_memory: %s", inductor_last_error());
    /* The copy is the library's: the caller's buffer may go at once. */
    memset(bytes, 0, len);
    free(bytes);
    st = stats_of(from_mem);
    ok(st.cache_used && st.cache_hit,
       "the memory open is a cache hit on the entry the path open made");
    ok(from_mem && run_two_input(from_mem, got) == 0,
       "the model opened from memory runs after the buffer was freed");
    ok(same_tensor(want[0], got[0]) && same_tensor(want[1], got[1]),
       "its outputs equal those of the model opened from the path");
    is_int(inductor_model_num_inputs(from_mem), 2,
           "the model from memory has the package's 2 inputs");
    ok(inductor_model_signature(from_mem) != NULL,
       "and its signature, read from the sealed copy");
    is_str(inductor_model_metadata(from_mem, "AOTI_DEVICE_KEY"), "cpu",
           "and its metadata");
    for (int i = 0; i < 2; i++) {
        inductor_tensor_free(want[i]);
        inductor_tensor_free(got[i]);
    }
    inductor_model_close(from_mem);
    inductor_model_close(from_path);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        diag("could not remove %s", dir);
    return done_testing();
}
