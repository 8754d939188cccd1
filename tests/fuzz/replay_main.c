/*
 * replay_main.c - runs a fuzz target over files, without libFuzzer: the
 * `make check` side of tests/fuzz (TAP output).  Built once per target
 * with -DFUZZ_TARGET=\"<target>\" and the target's fuzz_<target>.c.
 *
 *   replay_<target>               every file in the target's seed corpus
 *                                 and regression directories under
 *                                 $INDUCTOR_SRCDIR/tests/fuzz
 *   replay_<target> PATH...       those files (or directories' files)
 *
 * One TAP line per input.  Each input runs in a child process, so that a
 * crash or a failed invariant fails that input's line (with the child's
 * report as a diagnostic) and the other inputs still run; under
 * --enable-asan, --enable-ubsan or valgrind the replay also checks memory.
 * An empty seed corpus fails: a replay of nothing cannot find anything.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"
#include "tap.h"

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET must name the target"
#endif

#define REPLAY_MAX_INPUT (16u << 20)

static int read_whole(const char *path, uint8_t **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    size_t n;

    *data = NULL;
    if (f == NULL || fstat(fileno(f), &sb) != 0 || sb.st_size < 0 ||
        (uint64_t)sb.st_size > REPLAY_MAX_INPUT) {
        if (f)
            fclose(f);
        return -1;
    }
    *size = (size_t)sb.st_size;
    *data = malloc(*size ? *size : 1);
    n = *data ? fread(*data, 1, *size, f) : 0;
    fclose(f);
    if (*data == NULL || n != *size) {
        free(*data);
        *data = NULL;
        return -1;
    }
    return 0;
}

static void replay_file(const char *path)
{
    uint8_t *data;
    size_t size = 0;
    pid_t pid;
    int status = 0;

    if (read_whole(path, &data, &size) != 0) {
        ok(0, "%s: read %s", FUZZ_TARGET, path);
        diag("%s", strerror(errno));
        return;
    }
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        /* The copy is exactly `size` bytes: ASan sees any overread.  The
         * child's reports go to stderr, which the TAP driver keeps; exit()
         * (stdout is already flushed) runs LeakSanitizer's check. */
        LLVMFuzzerTestOneInput(data, size);
        free(data);
        exit(0);
    }
    free(data);
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        status = -1;
    if (!ok(status == 0, "%s: replays %s (%zu bytes)", FUZZ_TARGET, path,
            size))
        diag("the target %s (status %d): see its report above",
             WIFSIGNALED(status) ? "died of a signal" : "failed", status);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_hidden(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

/* Replays every file of a directory in name order; returns how many. */
static int replay_dir(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, not_hidden, by_name), done = 0;

    for (int i = 0; i < n; i++) {
        char path[4096];

        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        replay_file(path);
        done++;
        free(names[i]);
    }
    if (n >= 0)
        free(names);
    return done;
}

static void replay_path(const char *path)
{
    struct stat sb;

    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        replay_dir(path);
    else
        replay_file(path);
}

int main(int argc, char **argv)
{
    const char *src = getenv("INDUCTOR_SRCDIR");
    char corpus[4096], regressions[4096];
    int seeds;

    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            replay_path(argv[i]);
        return done_testing();
    }
    src = src && *src ? src : ".";
    snprintf(corpus, sizeof corpus, "%s/tests/fuzz/corpus/%s", src,
             FUZZ_TARGET);
    snprintf(regressions, sizeof regressions, "%s/tests/fuzz/regressions/%s",
             src, FUZZ_TARGET);
    seeds = replay_dir(corpus);
    if (!ok(seeds > 0, "%s: the seed corpus %s is not empty", FUZZ_TARGET,
            corpus))
        diag("no seeds: the replay would check nothing");
    diag("%d regression inputs", replay_dir(regressions));
    return done_testing();
}
