/*
 * test_tensor_json.c - unit test of the CLI's JSON input parsing and output
 * encoding (src/cli/tensor_json.c; TAP output).  Needs json-c, not libtorch.
 *
 * Expected element bytes are written out independently of the code under
 * test: IEEE bit patterns for the float types (cross-checked with NumPy and
 * PyTorch), two's complement for the integers.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "tensor_json.h"
#include "tensor_json_fast.h"

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

/* Parses `text`, which must succeed (one test line). */
static tensor_list parse_ok(const char *text, const char *name)
{
    tensor_list l;
    char err[256] = "";
    int rc = tensor_json_parse_inputs(text, strlen(text), &l, err, sizeof err);

    if (!ok(rc == 0, "%s: parses", name))
        diag("     error: %s", err);
    return l;
}

/* Parses `text`, which must fail with `msg` in the error and leave the list
 * empty (one test line). */
static void parse_fails(const char *text, const char *msg, const char *name)
{
    tensor_list l = {99, (inductor_tensor **)&l, NULL};
    char err[256] = "";
    int rc = tensor_json_parse_inputs(text, strlen(text), &l, err, sizeof err);
    int good = rc == -1 && l.n == 0 && l.items == NULL &&
               strstr(err, msg) != NULL;

    if (!ok(good, "%s: refused with \"%s\"", name, msg))
        diag("     rc %d, n %zu, error: %s", rc, l.n, err);
    if (rc == 0)
        tensor_list_free(&l);
}

/* The tensor has this dtype, shape and exactly these element bytes. */
static void tensor_is(const inductor_tensor *t, inductor_dtype dt,
                      const int64_t *sizes, size_t nd, const void *bytes,
                      size_t nbytes, const char *name)
{
    int good = t != NULL && inductor_tensor_dtype(t) == dt &&
               inductor_tensor_ndim(t) == nd &&
               (nd == 0 || memcmp(inductor_tensor_sizes(t), sizes,
                                  nd * sizeof *sizes) == 0) &&
               inductor_tensor_nbytes(t) == nbytes &&
               (nbytes == 0 || memcmp(inductor_tensor_data(t), bytes,
                                      nbytes) == 0);

    if (!ok(good, "%s", name) && t != NULL) {
        const unsigned char *p = inductor_tensor_data(t);
        char hex[200] = "";
        size_t used = 0;

        for (size_t i = 0; i < inductor_tensor_nbytes(t) && used + 4 < sizeof hex; i++)
            used += (size_t)snprintf(hex + used, sizeof hex - used, "%02x ",
                                     p[i]);
        diag("     dtype %d, ndim %zu, nbytes %zu, bytes %s",
             (int)inductor_tensor_dtype(t), inductor_tensor_ndim(t),
             inductor_tensor_nbytes(t), hex);
    }
}

/* Encodes the whole output document without spaces. */
static char *encode(inductor_tensor *const *outs, size_t n, double latency,
                    int with_data)
{
    json_object *doc = tensor_json_outputs(outs, n, latency, with_data);
    char *s = doc ? strdup(json_object_to_json_string_ext(
                        doc, JSON_C_TO_STRING_PLAIN))
                  : NULL;

    json_object_put(doc);
    return s;
}

static inductor_tensor *make(inductor_dtype dt, const int64_t *sizes,
                             size_t nd, const void *data, size_t nbytes)
{
    inductor_tensor *t = NULL;

    if (inductor_tensor_from_data(dt, sizes, nd, data, nbytes, 0, &t) !=
        INDUCTOR_OK)
        bail_out("cannot make a tensor: %s", inductor_last_error());
    return t;
}

/* ------------------------------------------------------------------ */
/* input: the two formats                                              */
/* ------------------------------------------------------------------ */

static void test_classic(void)
{
    static const int64_t s22[2] = {2, 2};
    static const uint32_t want[4] = {0x3f800000u, 0x40200000u, 0xc0400000u,
                                     0x3dcccccdu}; /* 1, 2.5, -3, 0.1f */
    tensor_list l = parse_ok("{\"data\": [1, 2.5, -3, 0.1], \"shape\": [2, 2]}",
                             "classic format");

    is_int((long long)l.n, 1, "classic format gives one tensor");
    tensor_is(l.n ? l.items[0] : NULL, INDUCTOR_FLOAT32, s22, 2, want,
              sizeof want, "classic format is float32 [2, 2], byte-exact");
    tensor_list_free(&l);
    ok(l.n == 0 && l.items == NULL, "tensor_list_free empties the list");
}

static void test_multi_all_dtypes(void)
{
    static const char doc[] =
        "{\"inputs\": ["
        " {\"dtype\": \"float32\", \"shape\": [5],"
        "  \"data\": [0.1, -0.0, 16777217, 1e39, -2]},"
        " {\"dtype\": \"float64\", \"shape\": [4],"
        "  \"data\": [0.1, -2, 1e308, 5e-324]},"
        " {\"dtype\": \"float16\", \"shape\": [6],"
        "  \"data\": [1, 0.1, 65504, -2.0, 65520, 1e-8]},"
        " {\"dtype\": \"bfloat16\", \"shape\": [4],"
        "  \"data\": [1, 0.1, -3.140625, 1.00390625]},"
        " {\"dtype\": \"int64\", \"shape\": [4],"
        "  \"data\": [0, -1, 9223372036854775807, -9223372036854775808]},"
        " {\"dtype\": \"int32\", \"shape\": [3],"
        "  \"data\": [2147483647, -2147483648, 7]},"
        " {\"dtype\": \"int16\", \"shape\": [2], \"data\": [32767, -32768]},"
        " {\"dtype\": \"int8\", \"shape\": [3], \"data\": [127, -128, 0]},"
        " {\"dtype\": \"uint8\", \"shape\": [3], \"data\": [255, 0, 1]},"
        " {\"dtype\": \"bool\", \"shape\": [2, 2],"
        "  \"data\": [true, false, 1, 0]}"
        "]}";
    /* 0.1f, -0, 2^24 (16777217 ties to even), inf (overflow), -2 */
    static const uint32_t f32[5] = {0x3dcccccdu, 0x80000000u, 0x4b800000u,
                                    0x7f800000u, 0xc0000000u};
    static const uint64_t f64[4] = {0x3fb999999999999aull,
                                    0xc000000000000000ull,
                                    0x7fe1ccf385ebc8a0ull, 0x1ull};
    /* 1, 0.1 -> 0x2e66, 65504, -2, 65520 -> inf, 1e-8 -> 0 */
    static const uint16_t f16[6] = {0x3c00, 0x2e66, 0x7bff,
                                    0xc000, 0x7c00, 0x0000};
    /* 1, 0.1 -> 0x3dcd, -3.140625, 1 + 2^-8 -> 1 (tie to even) */
    static const uint16_t bf16[4] = {0x3f80, 0x3dcd, 0xc049, 0x3f80};
    static const int64_t i64[4] = {0, -1, INT64_MAX, INT64_MIN};
    static const int32_t i32[3] = {INT32_MAX, INT32_MIN, 7};
    static const int16_t i16[2] = {32767, -32768};
    static const int8_t i8[3] = {127, -128, 0};
    static const uint8_t u8[3] = {255, 0, 1};
    static const uint8_t b8[4] = {1, 0, 1, 0};
    static const int64_t s2[1] = {2}, s3[1] = {3}, s4[1] = {4}, s5[1] = {5},
                         s6[1] = {6}, s22[2] = {2, 2};
    tensor_list l = parse_ok(doc, "multi format with every dtype");

    is_int((long long)l.n, 10, "multi format gives 10 tensors");
    if (l.n != 10) {
        skip(10, "wrong tensor count");
        tensor_list_free(&l);
        return;
    }
    tensor_is(l.items[0], INDUCTOR_FLOAT32, s5, 1, f32, sizeof f32,
              "float32 values byte-exact (0.1, -0, 2^24+1 ties to 2^24, "
              "1e39 to inf)");
    tensor_is(l.items[1], INDUCTOR_FLOAT64, s4, 1, f64, sizeof f64,
              "float64 values byte-exact (0.1, -2, 1e308, 5e-324)");
    tensor_is(l.items[2], INDUCTOR_FLOAT16, s6, 1, f16, sizeof f16,
              "float16 values byte-exact (65520 to inf, 1e-8 to 0)");
    tensor_is(l.items[3], INDUCTOR_BFLOAT16, s4, 1, bf16, sizeof bf16,
              "bfloat16 values byte-exact (1 + 2^-8 ties to 1)");
    tensor_is(l.items[4], INDUCTOR_INT64, s4, 1, i64, sizeof i64,
              "int64 values byte-exact, INT64_MAX and INT64_MIN accepted");
    tensor_is(l.items[5], INDUCTOR_INT32, s3, 1, i32, sizeof i32,
              "int32 values byte-exact, both limits accepted");
    tensor_is(l.items[6], INDUCTOR_INT16, s2, 1, i16, sizeof i16,
              "int16 values byte-exact, both limits accepted");
    tensor_is(l.items[7], INDUCTOR_INT8, s3, 1, i8, sizeof i8,
              "int8 values byte-exact, both limits accepted");
    tensor_is(l.items[8], INDUCTOR_UINT8, s3, 1, u8, sizeof u8,
              "uint8 values byte-exact, 0 and 255 accepted");
    tensor_is(l.items[9], INDUCTOR_BOOL, s22, 2, b8, sizeof b8,
              "bool from true/false/1/0 is bytes 1 0 1 0");
    tensor_list_free(&l);
}

static void test_multi_details(void)
{
    static const int64_t s203[3] = {2, 0, 3}, s1[1] = {1};
    static const double two_and_half = 2.5;
    static const float one = 1.0f;
    static const int64_t seven = 7;
    static const float nonfinite[3] = {NAN, INFINITY, -INFINITY};
    static const double big[3] = {1e20, 18446744073709551615.0, -9.3e18};
    tensor_list l;

    l = parse_ok("{\"inputs\": [{\"dtype\": \"float64\", \"shape\": [],"
                 " \"data\": [2.5]}]}", "shape [] scalar");
    tensor_is(l.n ? l.items[0] : NULL, INDUCTOR_FLOAT64, NULL, 0,
              &two_and_half, sizeof two_and_half,
              "shape [] is a 0-dimensional tensor with one value");
    tensor_list_free(&l);

    l = parse_ok("{\"inputs\": [{\"dtype\": \"int32\", \"shape\": [2, 0, 3],"
                 " \"data\": []}]}", "shape with a 0");
    tensor_is(l.n ? l.items[0] : NULL, INDUCTOR_INT32, s203, 3, NULL, 0,
              "shape [2, 0, 3] with data [] is an empty tensor");
    tensor_list_free(&l);

    l = parse_ok("{\"inputs\": [{\"shape\": [1], \"data\": [1]}]}",
                 "multi input without dtype");
    tensor_is(l.n ? l.items[0] : NULL, INDUCTOR_FLOAT32, s1, 1, &one,
              sizeof one, "a missing dtype means float32");
    tensor_list_free(&l);

    l = parse_ok("{\"inputs\": [{\"dtype\": \"long\", \"shape\": [1],"
                 " \"data\": [7]}]}", "dtype alias long");
    tensor_is(l.n ? l.items[0] : NULL, INDUCTOR_INT64, s1, 1, &seven,
              sizeof seven, "dtype alias \"long\" is int64");
    tensor_list_free(&l);

    l = parse_ok("{\"inputs\": [{\"dtype\": \"float64\", \"shape\": [3],"
                 " \"data\": [1e20, 18446744073709551615, -9.3e18]}]}",
                 "large numbers in float64 data");
    ok(l.n == 1 && memcmp(inductor_tensor_data(l.items[0]), big,
                          sizeof big) == 0,
       "1e20, 2^64 - 1 and -9.3e18 read exactly as float64");
    tensor_list_free(&l);

    l = parse_ok("{\"inputs\": []}", "empty inputs list");
    is_int((long long)l.n, 0, "an empty inputs list gives no tensors");
    tensor_list_free(&l);

    l = parse_ok("  {\"data\": [1], \"shape\": [1]} \n\t\r\n",
                 "surrounding whitespace");
    tensor_list_free(&l);

    l = parse_ok("{\"data\": [NaN, Infinity, -Infinity], \"shape\": [3]}",
                 "NaN and Infinity literals");
    ok(l.n == 1 &&
           isnan(((const float *)inductor_tensor_data(l.items[0]))[0]) &&
           memcmp((const float *)inductor_tensor_data(l.items[0]) + 1,
                  nonfinite + 1, 2 * sizeof(float)) == 0,
       "NaN, Infinity and -Infinity read as float32 NaN, inf, -inf");
    tensor_list_free(&l);
}

/* ------------------------------------------------------------------ */
/* input: errors                                                       */
/* ------------------------------------------------------------------ */

static void test_errors(void)
{
    parse_fails("{\"data\": [1, 2,", "not valid JSON: unexpected end of input",
                "truncated JSON");
    parse_fails("{\"data\": [1 2], \"shape\": [2]}", "not valid JSON",
                "malformed JSON (missing comma)");
    parse_fails("", "not valid JSON", "empty text");
    parse_fails("{\"data\": [1], \"shape\": [1]} x",
                "not valid JSON: trailing data at byte 28", "trailing garbage");
    parse_fails("{\"data\": [1], \"shape\": [1]}{}", "trailing data",
                "a second JSON document after the first");
    parse_fails("{\"data\": [1, 2, 3], \"shape\": [2, 2]}",
                "input 0: data has 3 values, shape [2, 2] needs 4",
                "data/shape length mismatch");
    parse_fails("{\"data\": [], \"shape\": []}",
                "input 0: data has 0 values, shape [] needs 1",
                "shape [] without a value");
    parse_fails("{\"data\": [[1, 2], [3, 4]], \"shape\": [2, 2]}",
                "input 0: data has 2 values, shape [2, 2] needs 4",
                "nested data is not flattened");
    parse_fails("{\"data\": [1, 2], \"shape\": [2, -1]}",
                "input 0: shape entry 1 is negative (-1)", "negative dimension");
    parse_fails("{\"data\": [1, 2], \"shape\": [2.0]}",
                "input 0: shape entry 0 is not an integer",
                "float shape entry");
    parse_fails("{\"data\": [1, 2], \"shape\": [\"2\"]}",
                "input 0: shape entry 0 is not an integer",
                "string shape entry");
    parse_fails("{\"data\": [1], \"shape\": 1}",
                "input 0: \"shape\" must be an array", "shape not an array");
    parse_fails("{\"data\": [1], \"shape\": "
                "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}",
                "input 0: 17 dimensions, at most 16", "17 dimensions");
    parse_fails("{\"data\": [], \"shape\": [1099511627776, 1099511627776]}",
                "input 0: shape is too large", "shape [2^40, 2^40] overflows");
    parse_fails("{\"data\": [], \"shape\": [18446744073709551615]}",
                "input 0: shape is too large", "shape [2^64 - 1]");
    parse_fails("{\"inputs\": [{\"dtype\": \"int64\", \"shape\": [2],"
                " \"data\": [1, 2.5]}]}",
                "input 0: data[1]: expected an integer for int64",
                "float in int64 data");
    parse_fails("{\"inputs\": [{\"dtype\": \"int32\", \"shape\": [1],"
                " \"data\": [true]}]}",
                "input 0: data[0]: expected an integer for int32",
                "bool in int32 data");
    parse_fails("{\"inputs\": [{\"dtype\": \"int8\", \"shape\": [1],"
                " \"data\": [128]}]}",
                "input 0: data[0]: integer out of range for int8",
                "128 for int8");
    parse_fails("{\"inputs\": [{\"dtype\": \"int8\", \"shape\": [2],"
                " \"data\": [0, -129]}]}",
                "input 0: data[1]: integer out of range", "-129 for int8");
    parse_fails("{\"inputs\": [{\"dtype\": \"uint8\", \"shape\": [1],"
                " \"data\": [256]}]}",
                "input 0: data[0]: integer out of range for uint8",
                "256 for uint8");
    parse_fails("{\"inputs\": [{\"dtype\": \"uint8\", \"shape\": [1],"
                " \"data\": [-1]}]}",
                "input 0: data[0]: integer out of range", "-1 for uint8");
    parse_fails("{\"inputs\": [{\"dtype\": \"int16\", \"shape\": [1],"
                " \"data\": [32768]}]}",
                "integer out of range for int16",
                "32768 for int16");
    parse_fails("{\"inputs\": [{\"dtype\": \"int32\", \"shape\": [1],"
                " \"data\": [-2147483649]}]}",
                "integer out of range for int32",
                "-2^31 - 1 for int32");
    parse_fails("{\"inputs\": [{\"dtype\": \"int64\", \"shape\": [1],"
                " \"data\": [9223372036854775808]}]}",
                "input 0: data[0]: integer out of range", "2^63 for int64");
    parse_fails("{\"inputs\": [{\"dtype\": \"int64\", \"shape\": [1],"
                " \"data\": [18446744073709551616]}]}",
                "out of range", "2^64 for int64");
    parse_fails("{\"inputs\": [{\"dtype\": \"int64\", \"shape\": [1],"
                " \"data\": [-9223372036854775809]}]}",
                "integer at byte 54 is out of range of a 64-bit integer",
                "-2^63 - 1 for int64");
    parse_fails("{\"inputs\": [{\"dtype\": \"int64\", \"shape\": [1],"
                " \"data\": [-000099999999999999999999]}]}",
                "integer at byte 54 is out of range of a 64-bit integer",
                "-10^20 with leading zeros for int64");
    parse_fails("{\"inputs\": [{\"dtype\": \"float32\", \"shape\": [1],"
                " \"data\": [100000000000000000000]}]}",
                "integer at byte 56 is out of range of a 64-bit integer",
                "integer literal 10^20 (beyond 64 bits) in float32 data");
    parse_fails("{\"inputs\": [{\"dtype\": \"-99999999999999999999\","
                " \"shape\": [1], \"data\": [1]}]}",
                "input 0: unknown dtype \"-99999999999999999999\"",
                "digits inside a string are not taken for an integer");
    parse_fails("{\"inputs\": [{\"dtype\": \"a\\\" 99999999999999999999\","
                " \"shape\": [1], \"data\": [1]}]}",
                "input 0: unknown dtype",
                "an escaped quote does not end the string");
    parse_fails("{\"inputs\": [{\"dtype\": \"bool\", \"shape\": [1],"
                " \"data\": [2]}]}",
                "input 0: data[0]: expected true or false for bool",
                "2 for bool");
    parse_fails("{\"inputs\": [{\"dtype\": \"float32\", \"shape\": [1],"
                " \"data\": [\"1\"]}]}",
                "input 0: data[0]: expected a number for float32",
                "string in float32 data");
    parse_fails("{\"inputs\": [{\"dtype\": \"float16\", \"shape\": [1],"
                " \"data\": [null]}]}",
                "input 0: data[0]: expected a number for float16",
                "null in float16 data");
    parse_fails("{\"inputs\": [{\"dtype\": \"float8\", \"shape\": [1],"
                " \"data\": [1]}]}",
                "input 0: unknown dtype \"float8\"", "unknown dtype");
    parse_fails("{\"inputs\": [{\"dtype\": 5, \"shape\": [1],"
                " \"data\": [1]}]}",
                "input 0: unknown dtype 5", "non-string dtype");
    parse_fails("{\"inputs\": [{\"dtype\": \"int64\", \"shape\": [1],"
                " \"data\": 5}]}",
                "input 0: \"data\" must be a flat array", "non-array data");
    parse_fails("{\"inputs\": [{\"dtype\": \"int64\", \"shape\": [1]}]}",
                "input 0: \"data\" must be a flat array", "missing data");
    parse_fails("{\"data\": [1]}", "input 0: missing \"shape\"",
                "missing shape");
    parse_fails("{\"inputs\": {\"dtype\": \"int64\"}}",
                "\"inputs\" must be an array", "\"inputs\" not an array");
    parse_fails("{\"inputs\": [1]}", "input 0: must be an object",
                "input that is not an object");
    parse_fails("[1, 2]",
                "expected a JSON object with \"inputs\" or \"data\" and "
                "\"shape\"",
                "top-level array");
    parse_fails("42\n", "expected a JSON object", "top-level number");
    parse_fails("{\"shape\": [1]}",
                "expected \"inputs\", or \"data\" and \"shape\"",
                "object with neither inputs nor data");
    /* The first input is valid and already built when the second fails:
     * it must be freed (valgrind checks) and the message names input 1. */
    parse_fails("{\"inputs\": [{\"dtype\": \"int64\", \"shape\": [1],"
                " \"data\": [1]}, {\"dtype\": \"int64\", \"shape\": [2],"
                " \"data\": [1]}]}",
                "input 1: data has 1 values, shape [2] needs 2",
                "second input wrong");
    parse_fails("{\"inputs\": [{\"shape\": [1], \"data\": [1]},"
                " {\"shape\": [2], \"data\": [1, \"x\"]}]}",
                "input 1: data[1]: expected a number",
                "bad element in the second input");
}

static void test_small_error_buffer(void)
{
    tensor_list l;
    char err[9];
    int rc;

    memset(err, 'X', sizeof err);
    rc = tensor_json_parse_inputs("[]", 2, &l, err, sizeof err);
    ok(rc == -1 && memchr(err, '\0', sizeof err) != NULL &&
           strcmp(err, "expected") == 0,
       "a short error buffer gets a truncated, terminated message");
}

/* ------------------------------------------------------------------ */
/* output                                                              */
/* ------------------------------------------------------------------ */

static void test_output(void)
{
    static const int64_t s3[1] = {3}, s2[1] = {2}, s4[1] = {4}, s12[2] = {1, 2};
    static const int64_t i64[3] = {1, -2, INT64_MAX};
    static const int32_t i32[2] = {-7, 2147483647};
    static const int8_t i8[2] = {-128, 5};
    static const uint8_t u8[2] = {255, 0};
    static const uint8_t b8[2] = {1, 0};
    static const float f32[4] = {2.5f, NAN, INFINITY, -INFINITY};
    static const float f32b[2] = {0.1f, 3.0f};
    static const double f64[2] = {0.1, -0.5};
    static const uint16_t f16[2] = {0x3555, 0xfc00}; /* 0.333251953125, -inf */
    static const uint16_t bf16[2] = {0x3f80, 0x7fc0}; /* 1, NaN */
    inductor_tensor *outs[10];
    char *s;

    outs[0] = make(INDUCTOR_INT64, s3, 1, i64, sizeof i64);
    outs[1] = make(INDUCTOR_INT32, s2, 1, i32, sizeof i32);
    outs[2] = make(INDUCTOR_INT8, s2, 1, i8, sizeof i8);
    outs[3] = make(INDUCTOR_UINT8, s2, 1, u8, sizeof u8);
    outs[4] = make(INDUCTOR_BOOL, s12, 2, b8, sizeof b8);
    outs[5] = make(INDUCTOR_FLOAT32, s4, 1, f32, sizeof f32);
    outs[6] = make(INDUCTOR_FLOAT32, s2, 1, f32b, sizeof f32b);
    outs[7] = make(INDUCTOR_FLOAT64, s2, 1, f64, sizeof f64);
    outs[8] = make(INDUCTOR_FLOAT16, s2, 1, f16, sizeof f16);
    outs[9] = make(INDUCTOR_BFLOAT16, s2, 1, bf16, sizeof bf16);

    s = encode(outs, 1, 0.5, 1);
    is_str(s,
           "{\"latency_ms\":0.5000,\"num_outputs\":1,\"outputs\":[{\"index\":0,"
           "\"dtype\":\"int64\",\"shape\":[3],\"data\":[1,-2,"
           "9223372036854775807]}]}",
           "document: keys latency_ms, num_outputs, outputs in that order; "
           "int64 as exact JSON integers");
    free(s);

#define ELEMENT(i, want, name)                                            \
    do {                                                                  \
        json_object *o = tensor_json_from_tensor(outs[i], i, 1);          \
        is_str(o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN) \
                 : NULL,                                                  \
               want, name);                                               \
        json_object_put(o);                                               \
    } while (0)

    ELEMENT(1, "{\"index\":1,\"dtype\":\"int32\",\"shape\":[2],"
               "\"data\":[-7,2147483647]}",
            "int32 as JSON integers");
    ELEMENT(2, "{\"index\":2,\"dtype\":\"int8\",\"shape\":[2],"
               "\"data\":[-128,5]}",
            "int8 as JSON integers");
    ELEMENT(3, "{\"index\":3,\"dtype\":\"uint8\",\"shape\":[2],"
               "\"data\":[255,0]}",
            "uint8 as JSON integers");
    ELEMENT(4, "{\"index\":4,\"dtype\":\"bool\",\"shape\":[1,2],"
               "\"data\":[true,false]}",
            "bool as true/false, shape [1, 2]");
    ELEMENT(5, "{\"index\":5,\"dtype\":\"float32\",\"shape\":[4],"
               "\"data\":[2.5,NaN,Infinity,-Infinity]}",
            "float32 2.5 as 2.5; NaN, Infinity, -Infinity literals");
    ELEMENT(6, "{\"index\":6,\"dtype\":\"float32\",\"shape\":[2],"
               "\"data\":[0.100000001,3]}",
            "float32 with 9 significant digits (0.1f, 3)");
    ELEMENT(7, "{\"index\":7,\"dtype\":\"float64\",\"shape\":[2],"
               "\"data\":[0.10000000000000001,-0.5]}",
            "float64 with 17 significant digits");
    ELEMENT(8, "{\"index\":8,\"dtype\":\"float16\",\"shape\":[2],"
               "\"data\":[0.333251953,-Infinity]}",
            "float16 decoded (0x3555, -inf)");
    ELEMENT(9, "{\"index\":9,\"dtype\":\"bfloat16\",\"shape\":[2],"
               "\"data\":[1,NaN]}",
            "bfloat16 decoded (1, NaN)");
#undef ELEMENT

    s = encode(outs, 2, 1.25, 0);
    is_str(s,
           "{\"latency_ms\":1.2500,\"num_outputs\":2,\"outputs\":["
           "{\"index\":0,\"dtype\":\"int64\",\"shape\":[3]},"
           "{\"index\":1,\"dtype\":\"int32\",\"shape\":[2]}]}",
           "summary mode omits \"data\"");
    free(s);

    s = encode(NULL, 0, 0.0, 1);
    is_str(s, "{\"latency_ms\":0.0000,\"num_outputs\":0,\"outputs\":[]}",
           "no outputs: an empty outputs list");
    free(s);

    ok(tensor_element_as_double(outs[0], 2) == 9223372036854775807.0 &&
           tensor_element_as_double(outs[2], 0) == -128.0 &&
           tensor_element_as_double(outs[3], 0) == 255.0 &&
           tensor_element_as_double(outs[8], 0) == 0.333251953125,
       "tensor_element_as_double reads int64, int8, uint8, float16");

    for (int i = 0; i < 10; i++)
        inductor_tensor_free(outs[i]);
}

/* Output of scalars and empty tensors. */
static void test_output_shapes(void)
{
    static const double pi = 3.25;
    static const int64_t s0[2] = {0, 3};
    inductor_tensor *t;
    json_object *o;

    t = make(INDUCTOR_FLOAT64, NULL, 0, &pi, sizeof pi);
    o = tensor_json_from_tensor(t, 0, 1);
    is_str(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
           "{\"index\":0,\"dtype\":\"float64\",\"shape\":[],\"data\":[3.25]}",
           "a scalar has shape [] and one value");
    json_object_put(o);
    inductor_tensor_free(t);

    t = make(INDUCTOR_INT16, s0, 2, NULL, 0);
    o = tensor_json_from_tensor(t, 4, 1);
    is_str(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
           "{\"index\":4,\"dtype\":\"int16\",\"shape\":[0,3],\"data\":[]}",
           "an empty tensor has data []");
    json_object_put(o);
    inductor_tensor_free(t);
}

/* Whether the fast reader takes a document or leaves it to json-c (which
 * must then accept or refuse it as before: the other tests). */
static void fast_path(const char *text, int named, int taken, const char *name)
{
    tensor_list l;
    int rc = tensor_json_fast_parse(text, strlen(text), named, &l);

    ok((rc == 0) == taken, "fast path %s %s", taken ? "takes" : "leaves", name);
    if (rc == 0)
        tensor_list_free(&l);
    else
        ok(l.n == 0 && l.items == NULL && l.names == NULL,
           "  and leaves the list empty");
}

/* The common documents are read without json-c: a slow fallback would
 * pass every other test and only show in `make bench`. */
static void test_fast_path_coverage(void)
{
    fast_path("{\"data\": [1, 2.5, -3e-2, NaN], \"shape\": [2, 2]}", 0, 1,
              "the classic form");
    fast_path("{\"shape\": [2], \"data\": [1, 2]}", 0, 1,
              "the classic form, shape first");
    fast_path("{\"inputs\": [{\"data\": [1, 0], \"shape\": [2], "
              "\"dtype\": \"int64\"}, {\"dtype\": \"bool\", \"shape\": [], "
              "\"data\": [true]}]}", 0, 1, "the multi form, dtype after data");
    fast_path("{\"inputs\": {\"ids\": {\"dtype\": \"int32\", \"shape\": [1], "
              "\"data\": [7]}}}", 1, 1, "the named form");
    fast_path("{\"inputs\": {\"ids\": {\"shape\": [1], \"data\": [7]}}}", 0, 0,
              "the named form where it is not allowed");
    fast_path("{\"inputs\": [{\"shape\": [1], \"data\": [1], \"note\": 1}]}", 0,
              0, "an unknown key");
    fast_path("{\"data\": [1, 2], \"shape\": [3]}", 0, 0, "a wrong count");
    fast_path("{\"inputs\": {\"a\\u0062\": {\"shape\": [1], \"data\": [1]}}}",
              1, 0, "an escape in a name");
    fast_path("{\"inputs\": [{\"dtype\": \"int8\", \"shape\": [1], "
              "\"data\": [128]}]}", 0, 0, "a value out of range");
}

int main(void)
{
    test_classic();
    test_multi_all_dtypes();
    test_multi_details();
    test_errors();
    test_small_error_buffer();
    test_output();
    test_output_shapes();
    test_fast_path_coverage();
    return done_testing();
}
