/*
 * test_signature.c - unit test of the recorded input signature
 * (src/lib/signature.c) and of pytree call-spec leaf counting
 * (src/lib/call_spec.c); TAP output.  Needs json-c, not libtorch.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "call_spec.h"
#include "signature.h"
#include "tap.h"

#define BAD_SIG "metadata 'inductor.inputs' is not a valid input signature"
#define BAD_SPEC "the model's call spec is not a valid pytree spec"

/* ------------------------------------------------------------------ */
/* signature_parse                                                     */
/* ------------------------------------------------------------------ */

static const char two_inputs[] =
    "[{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [2, -1]},"
    " {\"name\": \"idx\", \"dtype\": \"int64\", \"shape\": [3]}]";

static void test_parse_valid(void)
{
    recorded_inputs sig = {99, NULL};
    inductor_status s;

    s = signature_parse(NULL, &sig);
    ok(s == INDUCTOR_OK && sig.n == 0,
       "parse: NULL metadata is an empty signature");
    signature_free(&sig);

    s = signature_parse("[]", &sig);
    ok(s == INDUCTOR_OK && sig.n == 0, "parse: [] is an empty signature");
    signature_free(&sig);

    s = signature_parse(two_inputs, &sig);
    is_int(s, INDUCTOR_OK, "parse: two inputs");
    is_int((long long)sig.n, 2, "parse: n is 2");
    if (sig.n != 2) {
        skip(4, "no signature");
        signature_free(&sig);
        return;
    }
    ok(strcmp(sig.inputs[0].name, "x") == 0 &&
           strcmp(sig.inputs[1].name, "idx") == 0,
       "parse: names x and idx");
    ok(sig.inputs[0].dtype == INDUCTOR_FLOAT32 &&
           sig.inputs[1].dtype == INDUCTOR_INT64,
       "parse: dtypes float32 and int64");
    ok(sig.inputs[0].ndim == 2 && sig.inputs[0].sizes[0] == 2 &&
           sig.inputs[0].sizes[1] == -1,
       "parse: x has shape [2, -1] (-1 dynamic)");
    ok(sig.inputs[1].ndim == 1 && sig.inputs[1].sizes[0] == 3,
       "parse: idx has shape [3]");
    signature_free(&sig);
    ok(sig.n == 0 && sig.inputs == NULL, "signature_free empties it");

    s = signature_parse("[{\"name\": \"s\", \"dtype\": \"half\", \"shape\": []}]",
                        &sig);
    ok(s == INDUCTOR_OK && sig.n == 1 && sig.inputs[0].ndim == 0 &&
           sig.inputs[0].dtype == INDUCTOR_FLOAT16,
       "parse: a scalar input with dtype alias half");
    signature_free(&sig);
}

static void parse_fails(const char *json, const char *name)
{
    recorded_inputs sig = {99, (sig_input *)&sig};
    inductor_status s = signature_parse(json, &sig);

    ok(s == INDUCTOR_ERR_BAD_PACKAGE && sig.n == 0 && sig.inputs == NULL &&
           strcmp(inductor_last_error(), BAD_SIG) == 0,
       "parse refuses %s (BAD_PACKAGE, empty, message)", name);
    signature_free(&sig);
}

static void test_parse_invalid(void)
{
    parse_fails("", "empty text");
    parse_fails("[{\"name\": \"x\"", "truncated JSON");
    parse_fails("not json", "text that is not JSON");
    parse_fails("{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [1]}",
                "an object instead of a list");
    parse_fails("[1]", "a list entry that is not an object");
    parse_fails("[{\"dtype\": \"float32\", \"shape\": [1]}]", "a missing name");
    parse_fails("[{\"name\": 3, \"dtype\": \"float32\", \"shape\": [1]}]",
                "a name that is not a string");
    parse_fails("[{\"name\": \"x\", \"shape\": [1]}]", "a missing dtype");
    parse_fails("[{\"name\": \"x\", \"dtype\": \"float8\", \"shape\": [1]}]",
                "an unknown dtype");
    parse_fails("[{\"name\": \"x\", \"dtype\": \"float32\"}]", "a missing shape");
    parse_fails("[{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": 4}]",
                "a shape that is not a list");
    parse_fails("[{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-2]}]",
                "a size below -1");
    parse_fails("[{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [1.5]}]",
                "a size that is not an integer");
    parse_fails("[{\"name\": \"x\", \"dtype\": \"float32\", \"shape\":"
                " [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}]",
                "17 dimensions");
    /* The first entry's name is already copied when the second fails:
     * valgrind checks that it is freed. */
    parse_fails("[{\"name\": \"ok\", \"dtype\": \"int64\", \"shape\": [1]},"
                " {\"name\": \"bad\", \"dtype\": \"int64\", \"shape\": [-5]}]",
                "a bad second entry after a good first");
}

/* ------------------------------------------------------------------ */
/* signature_check                                                     */
/* ------------------------------------------------------------------ */

static inductor_tensor *zeros(inductor_dtype dt, const int64_t *sizes,
                              size_t nd)
{
    inductor_tensor *t = NULL;

    if (inductor_tensor_zeros(dt, sizes, nd, &t) != INDUCTOR_OK)
        bail_out("cannot make a tensor: %s", inductor_last_error());
    return t;
}

static void check_fails(const recorded_inputs *sig, inductor_tensor *const *in,
                        size_t n, const char *msg, const char *name)
{
    inductor_status s = signature_check(sig, in, n);

    if (!ok(s == INDUCTOR_ERR_INPUT_MISMATCH &&
                strcmp(inductor_last_error(), msg) == 0,
            "check: %s gives \"%s\"", name, msg))
        diag("     status %d, message: %s", (int)s, inductor_last_error());
}

static void test_check(void)
{
    static const int64_t s2x5[2] = {2, 5}, s2x0[2] = {2, 0}, s3x5[2] = {3, 5},
                         s2[1] = {2}, s3[1] = {3}, s4[1] = {4},
                         s2x5x1[3] = {2, 5, 1};
    recorded_inputs sig, none = {0, NULL};
    inductor_tensor *x = zeros(INDUCTOR_FLOAT32, s2x5, 2);
    inductor_tensor *x_empty = zeros(INDUCTOR_FLOAT32, s2x0, 2);
    inductor_tensor *x_bad_static = zeros(INDUCTOR_FLOAT32, s3x5, 2);
    inductor_tensor *x_rank1 = zeros(INDUCTOR_FLOAT32, s2, 1);
    inductor_tensor *x_rank3 = zeros(INDUCTOR_FLOAT32, s2x5x1, 3);
    inductor_tensor *idx = zeros(INDUCTOR_INT64, s3, 1);
    inductor_tensor *idx_f = zeros(INDUCTOR_FLOAT32, s3, 1);
    inductor_tensor *idx_4 = zeros(INDUCTOR_INT64, s4, 1);
    inductor_tensor *in[2];

    if (signature_parse(two_inputs, &sig) != INDUCTOR_OK)
        bail_out("cannot parse the signature: %s", inductor_last_error());

    in[0] = x, in[1] = idx;
    is_int(signature_check(&sig, in, 2), INDUCTOR_OK,
           "check: matching inputs pass");
    in[0] = x_empty;
    is_int(signature_check(&sig, in, 2), INDUCTOR_OK,
           "check: a dynamic -1 dimension accepts size 0");
    in[0] = x, in[1] = idx_f;
    check_fails(&sig, in, 2, "input 1 'idx': expected int64, got float32",
                "a float32 for an int64 input");
    in[0] = x_rank1, in[1] = idx;
    check_fails(&sig, in, 2, "input 0 'x': expected 2 dimensions, got 1",
                "rank 1 for rank 2");
    in[0] = x_rank3;
    check_fails(&sig, in, 2, "input 0 'x': expected 2 dimensions, got 3",
                "rank 3 for rank 2");
    in[0] = x_bad_static;
    check_fails(&sig, in, 2, "input 0 'x': dimension 0 is 3, expected 2",
                "a static dimension that differs");
    in[0] = x, in[1] = idx_4;
    check_fails(&sig, in, 2, "input 1 'idx': dimension 0 is 4, expected 3",
                "a static dimension of the second input");
    in[0] = x, in[1] = idx;
    check_fails(&sig, in, 1, "expected 2 inputs, got 1", "one input of two");
    check_fails(&sig, in, 3, "expected 2 inputs, got 3", "three inputs of two");
    in[0] = idx_f, in[1] = x_rank1;
    check_fails(&sig, in, 2, "input 0 'x': expected 2 dimensions, got 1",
                "the first mismatching input is named");
    is_int(signature_check(&none, in, 2), INDUCTOR_OK,
           "check: an empty signature accepts anything");
    is_int(signature_check(&none, NULL, 0), INDUCTOR_OK,
           "check: an empty signature accepts no inputs");

    signature_free(&sig);
    inductor_tensor_free(x);
    inductor_tensor_free(x_empty);
    inductor_tensor_free(x_bad_static);
    inductor_tensor_free(x_rank1);
    inductor_tensor_free(x_rank3);
    inductor_tensor_free(idx);
    inductor_tensor_free(idx_f);
    inductor_tensor_free(idx_4);
}

/* ------------------------------------------------------------------ */
/* call_spec_count_leaves                                              */
/* ------------------------------------------------------------------ */

#define LEAF "{\"type\": null, \"context\": null, \"children_spec\": []}"

/* [1, tuple(tuple(...tuple(leaf)...))] with `depth` tuples. */
static char *nested_spec(int depth)
{
    static const char open[] = "{\"type\": \"builtins.tuple\", \"context\": "
                               "\"null\", \"children_spec\": [";
    size_t len = 4 + depth * (sizeof open - 1 + 2) + sizeof LEAF + 2;
    char *s = malloc(len), *p;

    if (s == NULL)
        bail_out("out of memory");
    p = s + sprintf(s, "[1, ");
    for (int i = 0; i < depth; i++)
        p += sprintf(p, "%s", open);
    p += sprintf(p, "%s", LEAF);
    for (int i = 0; i < depth; i++)
        p += sprintf(p, "]}");
    sprintf(p, "]");
    return s;
}

static void count_is(const char *spec, size_t want, const char *name)
{
    size_t n = 12345;
    inductor_status s = call_spec_count_leaves(spec, &n);

    if (!ok(s == INDUCTOR_OK && n == want, "call spec: %s has %zu leaves",
            name, want))
        diag("     status %d, n %zu, message: %s", (int)s, n,
             inductor_last_error());
}

static void count_fails(const char *spec, inductor_status want,
                        const char *msg, const char *name)
{
    size_t n = 12345;
    inductor_status s = call_spec_count_leaves(spec, &n);

    if (!ok(s == want && n == 0 && strcmp(inductor_last_error(), msg) == 0,
            "call spec: %s gives status %d, n 0, \"%s\"", name, (int)want,
            msg))
        diag("     status %d, n %zu, message: %s", (int)s, n,
             inductor_last_error());
}

static void test_call_spec(void)
{
    char *deep;

    count_is("[1, {\"type\": \"builtins.tuple\", \"context\": \"null\", "
             "\"children_spec\": [{\"type\": \"builtins.tuple\", \"context\": "
             "\"null\", \"children_spec\": [{\"type\": null, \"context\": null, "
             "\"children_spec\": []}, {\"type\": null, \"context\": null, "
             "\"children_spec\": []}]}, {\"type\": \"builtins.dict\", "
             "\"context\": \"[]\", \"children_spec\": []}]}]",
             2, "tuple(args of 2 leaves, empty kwargs dict)");
    count_is("[1, {\"type\": \"builtins.tuple\", \"context\": \"null\", "
             "\"children_spec\": [{\"type\": \"builtins.tuple\", \"context\": "
             "\"null\", \"children_spec\": [" LEAF "]}, {\"type\": "
             "\"builtins.dict\", \"context\": \"[\\\"scale\\\", \\\"bias\\\"]\", "
             "\"children_spec\": [" LEAF ", " LEAF "]}]}]",
             3, "tuple(args of 1 leaf, kwargs dict of 2 leaves)");
    count_is("[1, " LEAF "]", 1, "a single leaf");
    count_is("[1, {\"type\": \"builtins.list\", \"context\": \"null\", "
             "\"children_spec\": [" LEAF ", " LEAF ", " LEAF "]}]",
             3, "a list of 3 leaves");
    count_is("[1, {\"type\": \"builtins.tuple\", \"context\": \"null\", "
             "\"children_spec\": []}]",
             0, "an empty tuple");
    deep = nested_spec(10);
    count_is(deep, 1, "10 nested tuples around one leaf");
    free(deep);

    count_fails("", INDUCTOR_ERR_UNSUPPORTED, "the model has no call spec",
                "an empty spec");
    count_fails(NULL, INDUCTOR_ERR_UNSUPPORTED, "the model has no call spec",
                "a NULL spec");
    count_fails("garbage", INDUCTOR_ERR_BAD_PACKAGE, BAD_SPEC, "garbage");
    count_fails("[1, {\"type\": null", INDUCTOR_ERR_BAD_PACKAGE, BAD_SPEC,
                "truncated JSON");
    count_fails("{\"type\": null, \"children_spec\": []}",
                INDUCTOR_ERR_BAD_PACKAGE, BAD_SPEC, "a node without version");
    count_fails("[1]", INDUCTOR_ERR_BAD_PACKAGE, BAD_SPEC,
                "a one-element list");
    count_fails("[1, " LEAF ", 2]", INDUCTOR_ERR_BAD_PACKAGE, BAD_SPEC,
                "a three-element list");
    count_fails("[1, 2]", INDUCTOR_ERR_BAD_PACKAGE, BAD_SPEC,
                "a node that is not an object");
    count_fails("[1, {\"type\": null, \"context\": null}]",
                INDUCTOR_ERR_BAD_PACKAGE, BAD_SPEC,
                "a node without children_spec");
    count_fails("[1, {\"context\": null, \"children_spec\": []}]",
                INDUCTOR_ERR_BAD_PACKAGE, BAD_SPEC, "a node without type");
    count_fails("[1, {\"type\": \"builtins.tuple\", \"context\": null, "
                "\"children_spec\": {}}]",
                INDUCTOR_ERR_BAD_PACKAGE, BAD_SPEC,
                "children_spec that is not a list");
    count_fails("[1, {\"type\": \"builtins.tuple\", \"context\": null, "
                "\"children_spec\": [" LEAF ", 5]}]",
                INDUCTOR_ERR_BAD_PACKAGE, BAD_SPEC,
                "a bad child after a counted leaf (n reset to 0)");
    deep = nested_spec(100);
    count_fails(deep, INDUCTOR_ERR_BAD_PACKAGE, BAD_SPEC,
                "100 nested tuples");
    free(deep);
}

int main(void)
{
    test_parse_valid();
    test_parse_invalid();
    test_check();
    test_call_spec();
    return done_testing();
}
