/*
 * test_output_dir.c - `--output-dir` writes only where another user cannot
 * interfere, never two outputs to one file, and gives results their mode
 * through the descriptor (TAP output).
 *
 * "Another user" is nobody: the ownership cases need root (as in CI) and
 * are skipped, saying so, otherwise.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inductor.h"
#include "output_dir.h"
#include "tap.h"

static char root[] = "/tmp/inductor-outdir-XXXXXX";

static inductor_tensor *scalar(float v)
{
    int64_t sizes[1] = {1};
    inductor_tensor *t = NULL;

    inductor_tensor_from_data(INDUCTOR_FLOAT32, sizes, 1, &v, sizeof v,
                              INDUCTOR_TENSOR_COPY, &t);
    return t;
}

static int write_into(const char *dir, const char *const *keys, size_t n)
{
    inductor_tensor *outs[3];
    char **paths = NULL;
    int rc;

    for (size_t i = 0; i < n; i++)
        outs[i] = scalar((float)i);
    rc = output_dir_write(dir, outs, keys, n, &paths);
    if (rc == 0)
        output_dir_free_paths(paths, n);
    for (size_t i = 0; i < n; i++)
        inductor_tensor_free(outs[i]);
    return rc;
}

static int count_entries(const char *dir)
{
    char cmd[512];
    FILE *p;
    int n = -1;

    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    if ((p = popen(cmd, "r")) != NULL) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

static void collisions(void)
{
    static const char *const clash[3] = {"a/b", "a_b", "a_b_1"};
    static const char *const fine[3] = {"a/b", "a_b", "c"};
    char dir[256];

    snprintf(dir, sizeof dir, "%s/clash", root);
    ok(write_into(dir, clash, 3) != 0, "keys 'a/b', 'a_b' and 'a_b_1' (two of "
       "them land on a_b_1.npy) are refused");
    ok(access(dir, F_OK) != 0, "... and nothing is left behind");
    snprintf(dir, sizeof dir, "%s/fine", root);
    ok(write_into(dir, fine, 3) == 0 && count_entries(dir) == 3,
       "keys 'a/b', 'a_b' and 'c' give three files");
}

static void modes(void)
{
    char dir[256], file[300];
    struct stat st;
    mode_t old = umask(027);

    snprintf(dir, sizeof dir, "%s/modes", root);
    ok(write_into(dir, NULL, 1) == 0, "one output written with umask 027");
    snprintf(file, sizeof file, "%s/output0.npy", dir);
    ok(stat(file, &st) == 0 && (st.st_mode & 0777) == 0640,
       "it has mode 0640 (0666 & ~umask), like a file made by fopen");
    umask(old);

    snprintf(dir, sizeof dir, "%s/open", root);
    mkdir(dir, 0777);
    chmod(dir, 0777);
    ok(write_into(dir, NULL, 1) != 0 && count_entries(dir) == 0,
       "an existing directory that others may write to is refused");
    chmod(dir, 01777);
    ok(write_into(dir, NULL, 1) == 0,
       "... but one with the sticky bit (like /tmp) is used");
}

static void ownership(void)
{
    struct passwd *nobody = getpwnam("nobody");
    char dir[256];

    if (geteuid() != 0 || nobody == NULL) {
        skip(1, "needs root and a 'nobody' user to make another user's "
             "directory");
        return;
    }
    snprintf(dir, sizeof dir, "%s/theirs", root);
    mkdir(dir, 0755);
    ok(chown(dir, nobody->pw_uid, nobody->pw_gid) == 0 &&
           write_into(dir, NULL, 1) != 0 && count_entries(dir) == 0,
       "an existing directory owned by another user is refused");
}

int main(void)
{
    char cmd[300];

    plan(8);
    if (mkdtemp(root) == NULL)
        bail_out("mkdtemp: cannot make a scratch directory");
    collisions();
    modes();
    ownership();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        diag("could not remove %s", root);
    return done_testing();
}
