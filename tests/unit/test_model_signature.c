/*
 * test_model_signature.c - inductor_model_signature(): the signature a
 * model read once when it was opened (the same as the package's, borrowed
 * from the model), NULL for a NULL model and for a package that records
 * none, and inductor_model_input_info() kept working on top of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inductor.h"
#include "tap.h"

/* Rewrites a package without its wrapper source and inductor's metadata:
 * neither a call spec nor a recorded signature is left to read. */
static const char strip_py[] =
    "import json, sys, zipfile\n"
    "with zipfile.ZipFile(sys.argv[1]) as zi, "
    "zipfile.ZipFile(sys.argv[2], 'w') as zo:\n"
    "    for info in zi.infolist():\n"
    "        if info.filename.endswith('.wrapper.cpp'):\n"
    "            continue\n"
    "        data = zi.read(info)\n"
    "        if info.filename.endswith('.wrapper_metadata.json'):\n"
    "            meta = json.loads(data)\n"
    "            data = json.dumps({k: v for k, v in meta.items()\n"
    "                               if not k.startswith('inductor.')})\n"
    "        zo.writestr(info.filename, data)\n";

static int same_as_package(const inductor_signature *s, const char *pt2)
{
    inductor_package *p = NULL;
    inductor_signature *ps = NULL;
    int same = 0;

    if (inductor_package_open(pt2, &p) == INDUCTOR_OK &&
        inductor_package_signature(p, "model", &ps) == INDUCTOR_OK) {
        size_t n = inductor_signature_num_inputs(ps);
        same = n == inductor_signature_num_inputs(s) &&
               inductor_signature_num_outputs(ps) ==
                   inductor_signature_num_outputs(s);
        for (size_t i = 0; same && i < n; i++)
            same = strcmp(inductor_signature_input_name(ps, i),
                          inductor_signature_input_name(s, i)) == 0 &&
                   inductor_signature_input_dtype(ps, i) ==
                       inductor_signature_input_dtype(s, i);
    }
    inductor_signature_free(ps);
    inductor_package_close(p);
    return same;
}

static void recorded(const char *pt2)
{
    inductor_model *m = NULL;
    const inductor_signature *s;
    inductor_input_info info;
    const int64_t *sz;
    size_t nd = 0;

    if (inductor_model_open(pt2, "cpu", NULL, &m) != INDUCTOR_OK)
        diag("open: %s", inductor_last_error());
    s = inductor_model_signature(m);
    ok(s != NULL && inductor_signature_num_inputs(s) == 2 &&
           inductor_signature_num_outputs(s) == 2,
       "two_input: a signature with 2 inputs and 2 outputs");
    sz = inductor_signature_input_sizes(s, 0, &nd);
    ok(s && strcmp(inductor_signature_input_name(s, 1), "idx") == 0 &&
           inductor_signature_input_dtype(s, 1) == INDUCTOR_INT64 &&
           inductor_signature_output_dtype(s, 0) == INDUCTOR_FLOAT32 &&
           nd == 2 && sz && sz[0] == -1 && sz[1] == 4,
       "names, dtypes and sizes (-1: dynamic) as recorded");
    ok(s != NULL && inductor_model_signature(m) == s,
       "read once: every call returns the same borrowed signature");
    ok(s && same_as_package(s, pt2),
       "the same as inductor_package_signature() gives");
    ok(inductor_model_input_info(m, 1, &info) == INDUCTOR_OK &&
           strcmp(info.name, "idx") == 0 && info.dtype == INDUCTOR_INT64 &&
           info.ndim == 2 && info.sizes[1] == 3,
       "the deprecated inductor_model_input_info() still fills its struct");
    is_int(inductor_model_input_info(m, 2, &info), INDUCTOR_ERR_INVALID_ARGUMENT,
           "inductor_model_input_info() refuses an index out of range");
    inductor_model_close(m);
}

/* A package from elsewhere: no call spec source, no recorded metadata. */
static void unrecorded(const char *pt2, const char *dir)
{
    const char *python = getenv("PYTHON");
    char script[512], bare[512], cmd[2048];
    inductor_model *m = NULL;
    inductor_input_info info;
    FILE *f;

    snprintf(script, sizeof script, "%s/strip.py", dir);
    snprintf(bare, sizeof bare, "%s/bare.pt2", dir);
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' '%s'", python ? python : "",
             script, pt2, bare);
    if (python == NULL || (f = fopen(script, "w")) == NULL ||
        fputs(strip_py, f) < 0 || fclose(f) != 0 || system(cmd) != 0) {
        skip(3, "no $PYTHON to rewrite the package with");
        return;
    }
    ok(inductor_model_open(bare, "cpu", NULL, &m) == INDUCTOR_OK,
       "a package with no signature opens");
    ok(m && inductor_model_signature(m) == NULL,
       "and its inductor_model_signature() is NULL");
    is_int(inductor_model_input_info(m, 0, &info), INDUCTOR_ERR_UNSUPPORTED,
           "inductor_model_input_info() says unsupported, as it always did");
    inductor_model_close(m);
}

int main(void)
{
    const char *fixtures = getenv("FIXTURES");
    char pt2[4096], dir[] = "/tmp/inductor-model-signature.XXXXXX", cmd[256];

    plan(10);
    snprintf(pt2, sizeof pt2, "%s/two_input.pt2", fixtures ? fixtures : ".");
    if (mkdtemp(dir) == NULL)
        bail_out("cannot make a temporary directory");
    setenv("INDUCTOR_CACHE_DIR", dir, 1);
    ok(inductor_model_signature(NULL) == NULL, "NULL for a NULL model");
    recorded(pt2);
    unrecorded(pt2, dir);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        diag("could not remove %s", dir);
    return done_testing();
}
