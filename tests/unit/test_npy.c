/*
 * test_npy.c - the .npy reader and writer on hand-made files: every dtype,
 * byte orders, Fortran order, the bfloat16 void, and malformed headers.
 */
#include <stdlib.h>
#include <string.h>

#include "npy.h"
#include "tap.h"

/* A .npy (version 1.0 or 2.0) with header dict `dict` and `n` data bytes. */
static size_t make(char *buf, int version, const char *dict, const void *data,
                   size_t n)
{
    size_t pre = version == 1 ? 10 : 12, hlen = strlen(dict) + 1;

    memcpy(buf, NPY_MAGIC, NPY_MAGIC_LEN);
    buf[6] = (char)version;
    buf[7] = 0;
    buf[8] = (char)(hlen & 0xff);
    buf[9] = (char)(hlen >> 8);
    if (version != 1)
        buf[10] = buf[11] = 0;
    memcpy(buf + pre, dict, hlen - 1);
    buf[pre + hlen - 1] = '\n';
    if (n)
        memcpy(buf + pre + hlen, data, n);
    return pre + hlen + n;
}

static void parses_as(const char *descr, inductor_dtype want)
{
    char buf[256], dict[128], err[256] = "";
    unsigned char data[8] = {0};
    npy_header h;
    size_t len;

    snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (1,), }",
             descr);
    len = make(buf, 1, dict, data, inductor_dtype_size(want));
    ok(npy_parse(buf, len, &h, err, sizeof err) == 0 && h.dtype == want &&
           h.numel == 1,
       "descr '%s' reads as %s", descr, inductor_dtype_name(want));
}

static void refused(const char *what, const char *buf, size_t len, const char *msg)
{
    npy_header h;
    char err[256] = "";
    int rc = npy_parse(buf, len, &h, err, sizeof err);

    if (!ok(rc == -1 && strstr(err, msg) != NULL, "%s is refused (%s)", what, msg))
        diag("rc %d, error: %s", rc, err);
}

static void test_dtypes(void)
{
    parses_as("<f4", INDUCTOR_FLOAT32);
    parses_as("<f8", INDUCTOR_FLOAT64);
    parses_as("<f2", INDUCTOR_FLOAT16);
    parses_as("<i8", INDUCTOR_INT64);
    parses_as("<i4", INDUCTOR_INT32);
    parses_as("<i2", INDUCTOR_INT16);
    parses_as("|i1", INDUCTOR_INT8);
    parses_as("|u1", INDUCTOR_UINT8);
    parses_as("|b1", INDUCTOR_BOOL);
    parses_as(">f4", INDUCTOR_FLOAT32);
}

static void test_conversions(void)
{
    char buf[512], err[256] = "";
    /* int32 big-endian 1, 2 */
    const unsigned char be[] = {0, 0, 0, 1, 0, 0, 0, 2};
    /* Fortran order [[1, 2, 3], [4, 5, 6]] is stored column by column. */
    const int16_t f[] = {1, 4, 2, 5, 3, 6};
    const uint16_t bf[] = {0x3f80, 0xc000}; /* bfloat16 1.0, -2.0 */
    inductor_tensor *t = NULL;
    size_t len;

    len = make(buf, 1, "{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }", be, 8);
    ok(npy_to_tensor(buf, len, INDUCTOR_DTYPE_INVALID, &t, err, sizeof err) == 0 &&
           ((const int32_t *)inductor_tensor_data(t))[0] == 1 &&
           ((const int32_t *)inductor_tensor_data(t))[1] == 2,
       "big-endian int32 is byte-swapped on read");
    inductor_tensor_free(t);

    len = make(buf, 2, "{'descr': '<i2', 'fortran_order': True, 'shape': (2, 3), }", f, 12);
    ok(npy_to_tensor(buf, len, INDUCTOR_DTYPE_INVALID, &t, err, sizeof err) == 0 &&
           memcmp(inductor_tensor_data(t), (const int16_t[]){1, 2, 3, 4, 5, 6}, 12) == 0,
       "fortran_order True is transposed into row-major order (format 2.0)");
    inductor_tensor_free(t);

    len = make(buf, 1, "{'descr': '<V2', 'fortran_order': False, 'shape': (2,), }", bf, 4);
    ok(npy_to_tensor(buf, len, INDUCTOR_BFLOAT16, &t, err, sizeof err) == 0 &&
           inductor_tensor_dtype(t) == INDUCTOR_BFLOAT16 &&
           memcmp(inductor_tensor_data(t), bf, 4) == 0,
       "'<V2' reads as bfloat16 where bfloat16 is expected");
    inductor_tensor_free(t);
    ok(npy_to_tensor(buf, len, INDUCTOR_FLOAT16, &t, err, sizeof err) == -1 &&
           t == NULL && strstr(err, "only as bfloat16") != NULL,
       "'<V2' is refused where float16 is expected");

    len = make(buf, 1, "{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }", "\x02", 1);
    ok(npy_to_tensor(buf, len, INDUCTOR_BOOL, &t, err, sizeof err) == -1 &&
           strstr(err, "not 0 or 1") != NULL,
       "a bool byte other than 0 or 1 is refused");
}

static void test_round_trip(void)
{
    const int64_t sizes[] = {2, 2};
    const double v[] = {1.5, -2.25, 3e300, 0};
    inductor_tensor *t = NULL, *back = NULL;
    char *buf = NULL, err[256] = "";
    size_t len = 0;
    npy_header h;

    inductor_tensor_from_data(INDUCTOR_FLOAT64, sizes, 2, v, sizeof v,
                              INDUCTOR_TENSOR_COPY, &t);
    ok(npy_encode(t, &buf, &len) == 0 && npy_parse(buf, len, &h, err, sizeof err) == 0 &&
           h.data_offset % 64 == 0 && h.ndim == 2 && h.shape[1] == 2,
       "npy_encode writes a header NumPy pads to 64 bytes");
    ok(npy_to_tensor(buf, len, INDUCTOR_DTYPE_INVALID, &back, err, sizeof err) == 0 &&
           memcmp(inductor_tensor_data(back), v, sizeof v) == 0,
       "an encoded tensor reads back bit for bit");
    ok(strstr(buf + 10, "'shape': (2, 2)") != NULL, "the shape is written as a tuple");
    inductor_tensor_free(back);
    inductor_tensor_free(t);
    free(buf);
}

static void test_malformed(void)
{
    char buf[512];
    const char d4[4] = {0};
    size_t len;

    refused("bad magic", "\x93NUMPX\x01\x00\x10\x00", 10, "bad magic");
    refused("a file shorter than the magic", "\x93NU", 3, "bad magic");
    refused("format version 9", "\x93NUMPY\x09\x00\x10\x00", 10, "version");
    len = make(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", d4, 4);
    refused("data shorter than the shape needs", buf, len, "truncated");
    refused("a header cut short", buf, 30, "truncated .npy header");
    len = make(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", d4, 4);
    buf[len++] = 'x';
    refused("trailing bytes after the data", buf, len, "trailing data");
    len = make(buf, 1, "{'descr': '<u4', 'fortran_order': False, 'shape': (1,), }", d4, 4);
    refused("an unsupported dtype", buf, len, "'<u4' is not supported");
    len = make(buf, 1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", d4, 4);
    refused("a structured dtype", buf, len, "structured");
    len = make(buf, 1, "{'descr': '<f4', 'shape': (1,), }", d4, 4);
    refused("a header without fortran_order", buf, len, "lacks 'fortran_order'");
    len = make(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", d4, 4);
    refused("an unknown header key", buf, len, "unknown header key 'x'");
    len = make(buf, 1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", d4, 4);
    refused("a key given twice", buf, len, "appears twice");
    len = make(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }", d4, 0);
    refused("a shape whose size overflows", buf, len, "too large");
    len = make(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1), }", d4, 4);
    refused("17 dimensions", buf, len, "more than 16");
    len = make(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", d4, 4);
    refused("a negative dimension", buf, len, "not a non-negative integer");
    len = make(buf, 1, "{'descr': '', 'fortran_order': False, 'shape': (1,), }", d4, 4);
    refused("an empty descr", buf, len, "not supported");
    len = make(buf, 1, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }", d4, 4);
    refused("fortran_order neither True nor False", buf, len, "True or False");
}

int main(void)
{
    test_dtypes();
    test_conversions();
    test_round_trip();
    test_malformed();
    return done_testing();
}
