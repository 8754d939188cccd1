/*
 * test_serve_json_data.c - the fast path for infer requests' "data"
 * arrays (serve_json_data.c) must change nothing but speed: many requests,
 * good and bad, decoded with it and with json-c alone give the same tensor
 * bytes or the same error message.  Plus the scan and the fill on their
 * own, so that a fast path that always gave up could not pass.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_codec.h"
#include "serve_json_data.h"
#include "tap.h"

/* Inputs "x" and "data" (or only "x"), any datatype and shape; outputs
 * "y" and "z". */
static void make_sig(serve_sig *s, size_t n_in)
{
    static serve_io in[2], out[2];

    memset(in, 0, sizeof in);
    memset(out, 0, sizeof out);
    in[0].name = "x";
    in[0].dtype = INDUCTOR_DTYPE_INVALID;
    in[1].name = "data";
    in[1].dtype = INDUCTOR_DTYPE_INVALID;
    out[0].name = "y";
    out[1].name = "z";
    s->n_in = n_in;
    s->n_out = 2;
    s->in = in;
    s->out = out;
}

static const char *const dtypes[] = {
    "FP32", "FP64", "FP16", "BF16", "INT8", "INT16", "INT32", "INT64",
    "UINT8", "BOOL"};

/* {shape, data} */
static const char *const datas[][2] = {
    {"[2]", "[1,2]"},
    {"[2]", "[1.5,-2e3]"},
    {"[2,2]", "[[1,2],[3,4]]"},
    {"[2,2]", "[1,2,3,4]"},
    {"[4]", "[[1,2],[3,4]]"},
    {"[1,2,1]", "[[[1],[2]]]"},
    {"[3]", "[0,-0,-0.0]"},
    {"[2]", "[-0.0, 0e0]"},
    {"[3]", "[1e308,1e-320,4.9e-324]"},
    {"[3]", "[1E+2, 1e-2 ,\n\t3 ]"},
    {"[3]", " [ 1 ,\r\n 2 , 3 ] "},
    {"[1]", "[0.1]"},
    {"[1]", "[3.14159265358979323846264338327950288]"},
    {"[2]", "[65504.0001, 65520]"},
    {"[2]", "[1e-5, 5.960464477539063e-8]"},
    {"[2]", "[3.4028235e38, 3.5e38]"},
    {"[2]", "[1,,2]"},
    {"[2]", "[01,2]"},
    {"[2]", "[1.,2]"},
    {"[2]", "[.5,2]"},
    {"[2]", "[-,2]"},
    {"[2]", "[1e,2]"},
    {"[2]", "[1e+,2]"},
    {"[2]", "[+1,2]"},
    {"[2]", "[1,2,]"},
    {"[2]", "[,1,2]"},
    {"[2]", "[1 2]"},
    {"[2]", "[1,2]]"},
    {"[2]", "[[1,2]"},
    {"[2]", "[1-2,3]"},
    {"[2]", "[1e5e5,3]"},
    {"[3]", "[1,2]"},
    {"[1]", "[1,2]"},
    {"[2]", "[127,128]"},
    {"[2]", "[-128,-129]"},
    {"[2]", "[255,256]"},
    {"[2]", "[0,-1]"},
    {"[2]", "[32767,-32768]"},
    {"[2]", "[32768,-32769]"},
    {"[2]", "[2147483647,-2147483648]"},
    {"[2]", "[2147483648,-2147483649]"},
    {"[2]", "[9223372036854775807,-9223372036854775808]"},
    {"[1]", "[9223372036854775808]"},
    {"[1]", "[-9223372036854775809]"},
    {"[1]", "[123456789012345678]"},
    {"[1]", "[1234567890123456789]"},
    {"[1]", "[123456789012345678901234]"},
    {"[2]", "[1.0,2.0]"},
    {"[2]", "[1e0,2E2]"},
    {"[2]", "[0,1]"},
    {"[1]", "[1e400]"},
    {"[1]", "[-1e400]"},
    {"[0]", "[]"},
    {"[0]", "[[]]"},
    {"[0,2]", "[[],[]]"},
    {"[1]", "[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]"},
    {"[1]", "[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]"},
    {"[2]", "[true,false]"},
    {"[2]", "[1,\"2\"]"},
    {"[2]", "[1,null]"},
    {"[2]", "[NaN,Infinity]"},
    {"[2]", "5"},
    {"[2]", "{\"a\":[1,2]}"},
    {"[-1]", "[1]"},
    {"[2]", "[1,2"},
};

/* Requests with $T (datatype), $S (shape) and $D (data) to fill in. */
static const char *const templates[] = {
    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,\"data\":$D}]}",
    /* the word data in strings, escaped quotes, "data" in parameters */
    "{\"id\":\"a\\\"data\\\":[1,2]\\\\\",\"inputs\":[{\"name\":\"x\","
    "\"shape\":$S,\"datatype\":\"$T\",\"data\":$D,"
    "\"parameters\":{\"data\":[9,9,9]}}],\"outputs\":[{\"name\":\"z\"}]}",
    " {\n \"inputs\" : [ { \"data\" : $D , \"name\" : \"x\" , \"datatype\""
    " :\t\"$T\" , \"shape\" : $S } ] ,\r\n \"outputs\":[{\"name\":\"y\","
    "\"parameters\":{\"binary_data\":true}}] } \n",
    /* two inputs, one named data; the second's data first */
    "{\"inputs\":[{\"name\":\"data\",\"datatype\":\"$T\",\"shape\":[2],"
    "\"data\":[[1],[0]]},{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":$D}]}",
    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":$D},{\"name\":\"data\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":$D}]}",
    /* json-c keeps the last of duplicate keys */
    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":[1,0],\"data\":$D}]}",
    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":$D,\"data\":[1,0]}]}",
    "{\"inputs\":[{\"name\":\"data\",\"datatype\":\"$T\",\"shape\":[1],"
    "\"data\":[1]}],\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\","
    "\"shape\":$S,\"data\":$D}]}",
    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"d\\u0061ta\":$D}]}",
    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":[0,1],\"d\\u0061ta\":$D}]}",
    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"d\\u0061ta\":[0,1],\"data\":$D}]}",
    /* what json-c takes beyond RFC 8259 */
    "{\"inputs\":[{'name':'x','datatype':'$T','shape':$S,'data':$D}]}",
    "{\"inputs\":[/* \"data\":[1] */{\"name\":\"x\",\"datatype\":\"$T\","
    "\"shape\":$S,\"data\":$D}]}",
    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":$D}]} trailing",
    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":$D}]",
    "{\"data\":$D,\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\","
    "\"shape\":$S,\"data\":$D}]}",
    "{\"inputs\":{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":$D}}",
    "[{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":$D}]}]",
    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"parameters\":{\"binary_data_size\":0},\"data\":$D}]}",
    "{\"inputs\":[{\"name\":\"q\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":$D}]}",
    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":$D}],\"outputs\":[{\"name\":\"w\"}]}",
    "{\"inputs\":[[1,2],{\"name\":\"x\",\"datatype\":\"$T\",\"shape\":$S,"
    "\"data\":$D}]}",
};

static char *fill_template(const char *t, const char *dt, const char *shape,
                           const char *data)
{
    size_t cap = strlen(t) + 4 * (strlen(dt) + strlen(shape) + strlen(data)) + 1;
    char *out = malloc(cap), *w = out;

    for (; *t; t++) {
        const char *v = NULL;

        if (t[0] == '$' && t[1] == 'T')
            v = dt;
        else if (t[0] == '$' && t[1] == 'S')
            v = shape;
        else if (t[0] == '$' && t[1] == 'D')
            v = data;
        if (v) {
            w += sprintf(w, "%s", v);
            t++;
        } else {
            *w++ = *t;
        }
    }
    *w = '\0';
    return out;
}

/* memcmp with a null pointer is undefined even for 0 bytes (UBSan says so),
 * and empty tensors and requests without "outputs" carry null pointers. */
static int same_bytes(const void *a, const void *b, size_t n)
{
    return n == 0 || memcmp(a, b, n) == 0;
}

static int same_tensor(const inductor_tensor *a, const inductor_tensor *b)
{
    if (!a || !b)
        return a == b;
    return inductor_tensor_dtype(a) == inductor_tensor_dtype(b) &&
           inductor_tensor_ndim(a) == inductor_tensor_ndim(b) &&
           same_bytes(inductor_tensor_sizes(a), inductor_tensor_sizes(b),
                      inductor_tensor_ndim(a) * sizeof(int64_t)) &&
           inductor_tensor_nbytes(a) == inductor_tensor_nbytes(b) &&
           same_bytes(inductor_tensor_data(a), inductor_tensor_data(b),
                      inductor_tensor_nbytes(a));
}

/* Decodes body both ways; 1 when the results agree. */
static int agree(const serve_sig *s, const char *body, long long hlen,
                 size_t len, int *decoded)
{
    serve_request r[2];
    char err[2][512];
    int rc[2], same;

    for (int i = 0; i < 2; i++) {
        serve_decode_fast_json = i == 0;
        strcpy(err[i], "(untouched)");
        rc[i] = serve_decode_request(s, body, len, hlen, &r[i], err[i],
                                     sizeof err[i]);
    }
    serve_decode_fast_json = 1;
    same = rc[0] == rc[1];
    if (same && rc[0] != 0)
        same = strcmp(err[0], err[1]) == 0;
    if (same && rc[0] == 0) {
        *decoded += 1;
        same = r[0].batch == r[1].batch &&
               !r[0].id == !r[1].id && (!r[0].id || !strcmp(r[0].id, r[1].id)) &&
               r[0].n_out == r[1].n_out &&
               same_bytes(r[0].want, r[1].want, r[0].n_out * sizeof *r[0].want);
        for (size_t i = 0; same && i < r[0].n_in; i++)
            same = same_tensor(r[0].inputs[i], r[1].inputs[i]);
    }
    if (!same)
        diag("differ on %s: rc %d '%s' vs json-c rc %d '%s'", body, rc[0],
             rc[0] ? err[0] : "", rc[1], rc[1] ? err[1] : "");
    serve_request_free(&r[0]);
    serve_request_free(&r[1]);
    return same;
}

static void test_differential(const serve_sig *one, const serve_sig *two)
{
    size_t nt = sizeof templates / sizeof *templates;
    size_t nd = sizeof datas / sizeof *datas;
    size_t nk = sizeof dtypes / sizeof *dtypes;

    for (size_t t = 0; t < nt; t++) {
        int bad = 0, decoded = 0, tried = 0;
        const serve_sig *s = strstr(templates[t], "\"name\":\"data\"") ? two : one;

        for (size_t d = 0; d < nd; d++)
            for (size_t k = 0; k < nk; k++) {
                char *body = fill_template(templates[t], dtypes[k],
                                           datas[d][0], datas[d][1]);

                bad += !agree(s, body, -1, strlen(body), &decoded);
                tried++;
                free(body);
            }
        ok(bad == 0, "template %zu: %d requests (%d decoded) agree with "
           "json-c alone", t, tried, decoded);
    }
}

static size_t print_number(char *at, size_t how, double v)
{
    switch (how) {
    case 0: return (size_t)sprintf(at, "%.9g", v);
    case 1: return (size_t)sprintf(at, "%.17g", v);
    case 2: return (size_t)sprintf(at, "%.3f", v);
    case 3: return (size_t)sprintf(at, "%.6e", v);
    default: return (size_t)sprintf(at, "%g", v);
    }
}

/* Many numbers of every magnitude, as clients print them (shortest
 * float round-trip, 17 digits, few digits, exponents): the exact fast
 * conversion and strtod must agree with json-c's double to the bit. */
static void test_many_numbers(const serve_sig *s)
{
    static const char *const fmts[] = {"%.9g", "%.17g", "%.3f", "%.6e", "%g"};
    static const char *const fl[] = {"FP32", "FP64", "FP16", "BF16"};
    size_t n = 3000, cap = n * 40 + 256;
    char *body = malloc(cap);
    uint64_t x = 88172645463325252ULL;

    for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++)
        for (size_t t = 0; t < sizeof fl / sizeof *fl; t++) {
            int decoded = 0;
            size_t w = (size_t)sprintf(body, "{\"inputs\":[{\"name\":\"x\","
                                       "\"datatype\":\"%s\",\"shape\":[%zu],"
                                       "\"data\":[", fl[t], n);

            for (size_t i = 0; i < n; i++) {
                double v;

                x ^= x << 13; /* xorshift64 */
                x ^= x >> 7;
                x ^= x << 17;
                v = (double)(x >> 11) / 9007199254740992.0; /* [0,1) */
                v = (x & 1 ? -v : v) * pow(10.0, (double)((int)(x % 61) - 30));
                if (i)
                    body[w++] = ',';
                w += print_number(body + w, f, v);
            }
            w += (size_t)sprintf(body + w, "]}]}");
            ok(agree(s, body, -1, w, &decoded) && decoded == 1,
               "%zu numbers as %s into %s agree with json-c alone", n, fmts[f],
               fl[t]);
        }
    free(body);
}

/* A binary input next to a JSON one whose data is cut out. */
static void test_with_binary(const serve_sig *s)
{
    static const char hdr[] =
        "{\"inputs\":[{\"name\":\"data\",\"datatype\":\"FP32\",\"shape\":[2],"
        "\"data\":[1,2,3],\"parameters\":{\"binary_data_size\":8}},"
        "{\"name\":\"x\",\"datatype\":\"INT16\",\"shape\":[3],"
        "\"data\":[1,-2,3]}]}";
    char body[sizeof hdr + 8];
    int decoded = 0;

    memcpy(body, hdr, sizeof hdr - 1);
    memset(body + sizeof hdr - 1, 0x3f, 8);
    ok(agree(s, body, (long long)sizeof hdr - 1, sizeof hdr - 1 + 8, &decoded) &&
       decoded == 1, "binary and JSON inputs together agree");
    memcpy(strstr(body, "[1,2,3]"), "[1,,2,]", 7);
    ok(agree(s, body, (long long)sizeof hdr - 1, sizeof hdr - 1 + 8, &decoded),
       "an ignored data array is still parsed");
}

/* The pieces alone: the fast path is really taken on plain requests. */
static void test_pieces(void)
{
    static const char body[] =
        "{\"id\":\"\\\"data\\\":[5]\",\"inputs\":[{\"name\":\"x\","
        "\"data\":[[1, 2.5],[-3e1,4]],\"parameters\":{\"data\":[7]}},"
        "{\"data\":\"s\"},{\"data\":[8,9]}]}";
    serve_json_skel sk;
    float f[4];
    int16_t i16[2];

    ok(serve_json_data_scan(body, strlen(body), &sk) == 0, "scan finds arrays");
    is_str(sk.text, "{\"id\":\"\\\"data\\\":[5]\",\"inputs\":[{\"name\":\"x\","
           "\"data\":[],\"parameters\":{\"data\":[7]}},{\"data\":\"s\"},"
           "{\"data\":[]}]}", "the skeleton has [] in their place");
    ok(sk.n_span == 3 && sk.span[1].start == sk.span[1].end &&
       body[sk.span[0].start] == '[' && body[sk.span[0].end - 1] == ']' &&
       sk.span[2].end - sk.span[2].start == 5, "spans by input index");
    ok(serve_json_data_fill(body, sk.span[0], INDUCTOR_FLOAT32, f, 4) == 0 &&
       f[0] == 1 && f[1] == 2.5f && f[2] == -30 && f[3] == 4,
       "fill nested floats row-major");
    ok(serve_json_data_fill(body, sk.span[0], INDUCTOR_INT16, i16, 4) != 0,
       "a non-integer for an int dtype gives up");
    ok(serve_json_data_fill(body, sk.span[0], INDUCTOR_FLOAT32, f, 3) != 0,
       "a count other than n gives up");
    ok(serve_json_data_fill(body, sk.span[2], INDUCTOR_INT16, i16, 2) == 0 &&
       i16[0] == 8 && i16[1] == 9, "fill integers");
    ok(serve_json_data_fill(body, sk.span[2], INDUCTOR_BOOL, i16, 2) != 0,
       "BOOL gives up");
    serve_json_skel_free(&sk);
    ok(serve_json_data_scan("{\"inputs\":[{'data':[1]}]}", 24, &sk) != 0,
       "single quotes give up");
    ok(serve_json_data_scan("{\"inputs\":[{\"data\":[1,true]}]}", 29, &sk) != 0,
       "nothing to cut out: no fast path");
}

int main(void)
{
    serve_sig one, two;

    make_sig(&one, 1);
    make_sig(&two, 2);
    test_pieces();
    test_differential(&one, &two);
    test_many_numbers(&one);
    test_with_binary(&two);
    return done_testing();
}
