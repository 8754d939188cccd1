/*
 * test_signature_ranges.c - unit test of what issue 8 added to the
 * recorded input signature (src/lib/signature.c): dynamic dimension
 * ranges, shared symbols, devices, and the parser's refusals of hostile
 * metadata (TAP output).  Needs json-c, not libtorch.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "signature.h"
#include "tap.h"

#define BAD_SIG "metadata 'inductor.inputs' is not a valid input signature"

/* x float32 [B, 4] with B in 1..15; idx int64 [B, 3] sharing B; n int64
 * [N] with N at least 2 and unbounded. */
static const char sig_json[] =
    "[{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-1, 4],"
    "  \"device\": \"cpu\", \"ranges\": [[1, 15], null],"
    "  \"symbols\": [\"s0\", null]},"
    " {\"name\": \"idx\", \"dtype\": \"int64\", \"shape\": [-1, 3],"
    "  \"device\": \"cpu\", \"ranges\": [[1, 15], null],"
    "  \"symbols\": [\"s0\", null]},"
    " {\"name\": \"n\", \"dtype\": \"int64\", \"shape\": [-1],"
    "  \"ranges\": [[2, null]], \"symbols\": [\"s1\"]}]\n";

static inductor_tensor *zeros(inductor_dtype dt, int64_t a, int64_t b,
                              size_t nd)
{
    int64_t sizes[2] = {a, b};
    inductor_tensor *t = NULL;

    if (inductor_tensor_zeros(dt, sizes, nd, &t) != INDUCTOR_OK)
        bail_out("cannot make a tensor: %s", inductor_last_error());
    return t;
}

static void test_parse(void)
{
    recorded_inputs sig;

    if (signature_parse(sig_json, &sig) != INDUCTOR_OK)
        bail_out("cannot parse: %s", inductor_last_error());
    is_int((long long)sig.n, 3, "three inputs parsed (trailing newline ok)");
    ok(sig.inputs[0].min[0] == 1 && sig.inputs[0].max[0] == 15,
       "x: dimension 0 is 1..15");
    ok(sig.inputs[0].min[1] == 4 && sig.inputs[0].max[1] == 4,
       "x: static dimension 1 is exactly 4");
    ok(sig.inputs[2].min[0] == 2 &&
           sig.inputs[2].max[0] == SIGNATURE_UNBOUNDED,
       "n: [2, null] is at least 2, unbounded");
    is_str(sig.inputs[0].device, "cpu", "x: device cpu");
    is_str(sig.inputs[2].device, "", "n: no device recorded");
    is_str(sig.inputs[1].symbol[0], "s0", "idx: dimension 0 is s0");
    is_str(sig.inputs[1].symbol[1], "", "idx: static dimension 1 has none");
    signature_free(&sig);

    if (signature_parse("[{\"name\": \"x\", \"dtype\": \"float32\", "
                        "\"shape\": [-1, 2]}]", &sig) != INDUCTOR_OK)
        bail_out("cannot parse: %s", inductor_last_error());
    ok(sig.inputs[0].min[0] == 0 &&
           sig.inputs[0].max[0] == SIGNATURE_UNBOUNDED,
       "without ranges, a dynamic dimension accepts any size");
    signature_free(&sig);
}

static void refused(const char *json, const char *what)
{
    recorded_inputs sig = {7, NULL};
    inductor_status s = signature_parse(json, &sig);

    if (!ok(s == INDUCTOR_ERR_BAD_PACKAGE && sig.n == 0 &&
                sig.inputs == NULL &&
                strcmp(inductor_last_error(), BAD_SIG) == 0,
            "parse refuses %s", what))
        diag("status %d: %s", (int)s, inductor_last_error());
    signature_free(&sig);
}

#define ENTRY(extra) \
    "[{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-1, 4]" extra "}]"

static void test_refusals(void)
{
    char big[600];

    refused(ENTRY(", \"ranges\": [[5, 2], null]"), "min above max");
    refused(ENTRY(", \"ranges\": [[-1, 2], null]"), "a negative min");
    refused(ENTRY(", \"ranges\": [[1, 2]]"), "ranges shorter than shape");
    refused(ENTRY(", \"ranges\": [[1, 2], [4, 5]]"),
            "a static dimension given another range");
    refused(ENTRY(", \"ranges\": [[1.5, 2], null]"), "a fractional bound");
    refused(ENTRY(", \"ranges\": [[1, 99999999999999999999], null]"),
            "a bound beyond int64");
    refused(ENTRY(", \"ranges\": [[1], null]"), "a range of one number");
    refused(ENTRY(", \"ranges\": {\"0\": [1, 2]}"), "ranges as an object");
    refused(ENTRY(", \"symbols\": [\"s0\", \"s1\"]"),
            "a symbol on a static dimension");
    refused(ENTRY(", \"symbols\": [\"s\\u001b0\", null]"),
            "a symbol with a control character");
    refused(ENTRY(", \"symbols\": [\"s0\"]"), "symbols shorter than shape");
    refused(ENTRY(", \"device\": \"\""), "an empty device");
    refused(ENTRY(", \"device\": 1"), "a device that is not a string");
    refused(ENTRY(", \"device\": \"a-very-long-device-name\""),
            "a device name over 15 characters");
    refused("[{\"name\": \"x\\ny\", \"dtype\": \"float32\", \"shape\": [1]}]",
            "a name with a newline (messages are one line)");
    refused("[{\"name\": \"\", \"dtype\": \"float32\", \"shape\": [1]}]",
            "an empty name");
    refused("[{\"name\": \"x\\u0000y\", \"dtype\": \"float32\", "
            "\"shape\": [1]}]", "a name with a NUL");
    snprintf(big, sizeof big, "[{\"name\": \"%0300d\", \"dtype\": "
             "\"float32\", \"shape\": [1]}]", 7);
    refused(big, "a name over 256 characters");
    refused("[] []", "trailing data after the list");
    refused("[] x", "trailing garbage after the list");
}

static void mismatch(const recorded_inputs *sig, inductor_tensor **in,
                     size_t n, const char *msg, const char *what)
{
    inductor_status s = signature_check(sig, in, n);

    if (!ok(s == INDUCTOR_ERR_INPUT_MISMATCH &&
                strcmp(inductor_last_error(), msg) == 0,
            "check: %s", what))
        diag("status %d: %s", (int)s, inductor_last_error());
}

static void test_check(void)
{
    recorded_inputs sig;
    inductor_tensor *x15 = zeros(INDUCTOR_FLOAT32, 15, 4, 2),
                    *x16 = zeros(INDUCTOR_FLOAT32, 16, 4, 2),
                    *x0 = zeros(INDUCTOR_FLOAT32, 0, 4, 2),
                    *x3 = zeros(INDUCTOR_FLOAT32, 3, 4, 2),
                    *i15 = zeros(INDUCTOR_INT64, 15, 3, 2),
                    *i2 = zeros(INDUCTOR_INT64, 2, 3, 2),
                    *i3 = zeros(INDUCTOR_INT64, 3, 3, 2),
                    *n1 = zeros(INDUCTOR_INT64, 1, 0, 1),
                    *n9 = zeros(INDUCTOR_INT64, 900000, 0, 1);
    inductor_tensor *in[3];

    if (signature_parse(sig_json, &sig) != INDUCTOR_OK)
        bail_out("cannot parse: %s", inductor_last_error());
    in[0] = x15, in[1] = i15, in[2] = n9;
    is_int(signature_check(&sig, in, 3), INDUCTOR_OK,
           "check: the top of a range and an unbounded size pass");
    in[0] = x16, in[1] = i15;
    mismatch(&sig, in, 3, "input 0 'x': dimension 0 is 16, expected 1..15",
             "one above the range names both bounds");
    in[0] = x0;
    mismatch(&sig, in, 3, "input 0 'x': dimension 0 is 0, expected 1..15",
             "below the range");
    in[0] = x15, in[2] = n1;
    mismatch(&sig, in, 3, "input 2 'n': dimension 0 is 1, expected at least 2",
             "below an unbounded range");
    in[0] = x3, in[1] = i2, in[2] = n9;
    mismatch(&sig, in, 3,
             "input 1 'idx': dimension 0 is 2, expected 3 (the size of input 0 "
             "'x' dimension 0: both are dynamic dimension s0)",
             "two dimensions of one symbol with different sizes");
    in[1] = i3;
    is_int(signature_check(&sig, in, 3), INDUCTOR_OK,
           "check: dimensions of one symbol with one size pass");
    in[1] = NULL;
    is_int(signature_check(&sig, in, 3), INDUCTOR_ERR_INVALID_ARGUMENT,
           "check: a NULL input is an invalid argument");
    is_int(signature_check_device(&sig, "cpu"), INDUCTOR_OK,
           "device: inputs recorded on cpu fit a cpu model");
    is_int(signature_check_device(&sig, "cuda"), INDUCTOR_ERR_INCOMPATIBLE,
           "device: inputs recorded on cpu do not fit a cuda model");
    is_str(inductor_last_error(),
           "input 0 'x': the model takes it on cpu, but inductor passes every "
           "input on the model's device (cuda)", "device: the message names it");
    signature_free(&sig);
    inductor_tensor_free(x15), inductor_tensor_free(x16);
    inductor_tensor_free(x0), inductor_tensor_free(x3);
    inductor_tensor_free(i15), inductor_tensor_free(i2);
    inductor_tensor_free(i3), inductor_tensor_free(n1);
    inductor_tensor_free(n9);
}

static void test_parse_exact(void)
{
    static const char nul[] = "{\"a\": \"b\"}\0 junk";
    json_object *o;

    o = signature_json_parse_exact(" {\"a\": 1}\r\n", 11);
    ok(o != NULL, "exact parse: surrounding whitespace is fine");
    json_object_put(o);
    ok(signature_json_parse_exact("{\"a\": 1} {}", 11) == NULL,
       "exact parse: a second value is refused");
    ok(signature_json_parse_exact(nul, sizeof nul - 1) == NULL,
       "exact parse: an embedded NUL is refused");
    ok(signature_json_parse_exact("{\"a\": ", 6) == NULL,
       "exact parse: truncated JSON is refused");
    ok(signature_json_parse_exact("", 0) == NULL,
       "exact parse: empty text is refused");
}

int main(void)
{
    test_parse();
    test_refusals();
    test_check();
    test_parse_exact();
    return done_testing();
}
