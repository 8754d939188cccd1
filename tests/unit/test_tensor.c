/*
 * test_tensor.c - unit test of host tensors, dtypes, status strings and the
 * thread-local last error (src/lib/tensor.c, dtype.c, error.c; TAP output).
 * Needs no libtorch.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inductor.h"
#include "tap.h"

/* The zeros test asks for 2^60 bytes on purpose; under AddressSanitizer let
 * that calloc() return NULL instead of aborting.  Unused otherwise. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

/* ------------------------------------------------------------------ */
/* inductor_tensor_from_data                                           */
/* ------------------------------------------------------------------ */

static void test_copy(void)
{
    float src[6] = {1, 2, 3, 4, 5, 6};
    const int64_t sizes[2] = {2, 3};
    inductor_tensor *t = NULL;
    inductor_status s;

    s = inductor_tensor_from_data(INDUCTOR_FLOAT32, sizes, 2, src, sizeof src,
                                  INDUCTOR_TENSOR_COPY, &t);
    is_int(s, INDUCTOR_OK, "copy: from_data succeeds");
    if (t == NULL) {
        skip(10, "no tensor");
        return;
    }
    is_str(inductor_last_error(), "", "copy: last error is empty on success");
    is_int(inductor_tensor_dtype(t), INDUCTOR_FLOAT32, "copy: dtype float32");
    is_int((long long)inductor_tensor_ndim(t), 2, "copy: ndim 2");
    ok(inductor_tensor_sizes(t)[0] == 2 && inductor_tensor_sizes(t)[1] == 3,
       "copy: sizes [2, 3]");
    ok(inductor_tensor_sizes(t) != sizes, "copy: sizes are the tensor's own");
    is_int((long long)inductor_tensor_numel(t), 6, "copy: numel 6");
    is_int((long long)inductor_tensor_nbytes(t), 24, "copy: nbytes 24");
    ok(inductor_tensor_data(t) != (const void *)src,
       "copy: data is not the caller's buffer");
    src[0] = 99;
    ok(memcmp(inductor_tensor_data(t), (float[6]){1, 2, 3, 4, 5, 6},
              sizeof src) == 0,
       "copy: contents are copied, later changes to the source do not show");
    ok(inductor_tensor_mutable_data(t) == inductor_tensor_data(t),
       "copy: mutable_data is the tensor's data");
    inductor_tensor_free(t);
}

static void test_borrow(void)
{
    int64_t *buf = malloc(4 * sizeof *buf);
    const int64_t sizes[1] = {4};
    inductor_tensor *t = NULL;
    inductor_status s;

    if (buf == NULL)
        bail_out("out of memory");
    for (int i = 0; i < 4; i++)
        buf[i] = i * 10;
    s = inductor_tensor_from_data(INDUCTOR_INT64, sizes, 1, buf,
                                  4 * sizeof *buf, INDUCTOR_TENSOR_BORROW, &t);
    is_int(s, INDUCTOR_OK, "borrow: from_data succeeds");
    if (t == NULL) {
        skip(4, "no tensor");
        free(buf);
        return;
    }
    ok(inductor_tensor_data(t) == (const void *)buf,
       "borrow: data is the caller's buffer");
    buf[2] = 77;
    is_int(((const int64_t *)inductor_tensor_data(t))[2], 77,
           "borrow: changes to the caller's buffer show through");
    ok(inductor_tensor_mutable_data(t) == NULL,
       "borrow: mutable_data is NULL for a borrowed tensor");
    inductor_tensor_free(t);
    /* The tensor must not have freed buf: valgrind reports a double free
     * or an invalid read here if it did. */
    buf[3] = 5;
    is_int(buf[3], 5, "borrow: freeing the tensor leaves the caller's buffer");
    free(buf);
}

static void test_scalar_and_empty(void)
{
    double one = 1.5;
    inductor_tensor *t = NULL;
    const int64_t zero[2] = {3, 0};
    inductor_status s;

    s = inductor_tensor_from_data(INDUCTOR_FLOAT64, NULL, 0, &one, sizeof one,
                                  0, &t);
    is_int(s, INDUCTOR_OK, "scalar: ndim 0 with sizes NULL is accepted");
    is_int((long long)inductor_tensor_numel(t), 1, "scalar: numel 1");
    is_int((long long)inductor_tensor_nbytes(t), 8, "scalar: nbytes 8");
    ok(t && *(const double *)inductor_tensor_data(t) == 1.5,
       "scalar: value copied");
    inductor_tensor_free(t);

    s = inductor_tensor_from_data(INDUCTOR_INT32, zero, 2, NULL, 0, 0, &t);
    is_int(s, INDUCTOR_OK, "empty: shape [3, 0] with data NULL, 0 bytes");
    is_int((long long)inductor_tensor_numel(t), 0, "empty: numel 0");
    is_int((long long)inductor_tensor_nbytes(t), 0, "empty: nbytes 0");
    inductor_tensor_free(t);

    s = inductor_tensor_from_data(INDUCTOR_INT32, zero, 2, NULL, 0,
                                  INDUCTOR_TENSOR_BORROW, &t);
    is_int(s, INDUCTOR_OK, "empty: borrowing NULL for 0 bytes is accepted");
    inductor_tensor_free(t);
}

/* Checks a failing from_data call: its status, *out NULL and message. */
static void from_data_fails(inductor_dtype dt, const int64_t *sizes,
                            size_t ndim, const void *data, size_t nbytes,
                            unsigned flags, inductor_status want,
                            const char *msg, const char *name)
{
    inductor_tensor *t = (inductor_tensor *)&t; /* not NULL */
    inductor_status s =
        inductor_tensor_from_data(dt, sizes, ndim, data, nbytes, flags, &t);

    ok(s == want && t == NULL, "%s: status %d and *out NULL", name, (int)want);
    if (s == INDUCTOR_OK)
        inductor_tensor_free(t);
    contains_str(inductor_last_error(), msg, "%s: message says '%s'", name,
                 msg);
}

static void test_from_data_errors(void)
{
    float buf[4] = {0};
    const int64_t s22[2] = {2, 2};
    const int64_t neg[2] = {2, -3};
    const int64_t huge[2] = {INT64_MAX, INT64_MAX};
    const int64_t big_bytes[1] = {(int64_t)1 << 62};
    int64_t dims17[17], dims16[16];
    inductor_tensor *t = NULL;

    for (int i = 0; i < 17; i++)
        dims17[i] = 1;
    for (int i = 0; i < 16; i++)
        dims16[i] = 1;

    from_data_fails(INDUCTOR_FLOAT32, s22, 2, buf, 12, 0,
                    INDUCTOR_ERR_INVALID_ARGUMENT,
                    "12 bytes of data for 4 float32 elements (16 bytes)",
                    "nbytes mismatch");
    from_data_fails(INDUCTOR_FLOAT32, s22, 2, NULL, 16, 0,
                    INDUCTOR_ERR_INVALID_ARGUMENT, "data is NULL",
                    "data NULL with nbytes > 0");
    from_data_fails(INDUCTOR_FLOAT32, neg, 2, buf, 0, 0,
                    INDUCTOR_ERR_INVALID_ARGUMENT,
                    "dimension 1 is negative (-3)", "negative size");
    from_data_fails(INDUCTOR_UINT8, huge, 2, buf, 0, 0,
                    INDUCTOR_ERR_INVALID_ARGUMENT,
                    "element count overflows", "element count overflow");
    from_data_fails(INDUCTOR_FLOAT32, big_bytes, 1, buf, 0, 0,
                    INDUCTOR_ERR_INVALID_ARGUMENT, "byte size overflows",
                    "byte size overflow (2^62 float32)");
    from_data_fails(INDUCTOR_FLOAT32, dims17, 17, buf, 4, 0,
                    INDUCTOR_ERR_INVALID_ARGUMENT,
                    "17 dimensions: at most 16 are supported", "17 dimensions");
    from_data_fails(INDUCTOR_FLOAT32, s22, 2, buf, 16, 2,
                    INDUCTOR_ERR_INVALID_ARGUMENT, "unknown tensor flags 0x2",
                    "unknown flags");
    from_data_fails(INDUCTOR_DTYPE_INVALID, s22, 2, buf, 16, 0,
                    INDUCTOR_ERR_INVALID_ARGUMENT, "unknown dtype 0",
                    "dtype INVALID");
    from_data_fails((inductor_dtype)99, s22, 2, buf, 16, 0,
                    INDUCTOR_ERR_INVALID_ARGUMENT, "unknown dtype 99",
                    "dtype 99");
    from_data_fails(INDUCTOR_FLOAT32, NULL, 2, buf, 16, 0,
                    INDUCTOR_ERR_INVALID_ARGUMENT, "sizes is NULL",
                    "sizes NULL with ndim 2");

    is_int(inductor_tensor_from_data(INDUCTOR_FLOAT32, s22, 2, buf, 16, 0,
                                     NULL),
           INDUCTOR_ERR_INVALID_ARGUMENT, "out NULL is refused");
    is_int(inductor_tensor_from_data(INDUCTOR_FLOAT32, dims16, 16, buf, 4, 0,
                                     &t),
           INDUCTOR_OK, "16 dimensions are accepted");
    inductor_tensor_free(t);
    is_str(inductor_last_error(), "",
           "a successful call clears the previous error");
}

/* ------------------------------------------------------------------ */
/* inductor_tensor_zeros                                               */
/* ------------------------------------------------------------------ */

static void test_zeros(void)
{
    const int64_t sizes[3] = {2, 3, 4};
    const int64_t empty[1] = {0};
    /* 2^58 float32 elements: 2^60 bytes, more than any address space. */
    const int64_t too_big[1] = {(int64_t)1 << 58};
    const int64_t neg[1] = {-1};
    inductor_tensor *t = NULL;
    inductor_status s;
    size_t nonzero = 0;

    s = inductor_tensor_zeros(INDUCTOR_INT16, sizes, 3, &t);
    is_int(s, INDUCTOR_OK, "zeros: [2, 3, 4] int16 succeeds");
    if (t) {
        const unsigned char *p = inductor_tensor_data(t);
        for (size_t i = 0; i < inductor_tensor_nbytes(t); i++)
            nonzero += p[i] != 0;
    }
    is_int((long long)inductor_tensor_nbytes(t), 48, "zeros: nbytes 48");
    is_int((long long)nonzero, 0, "zeros: every byte is zero");
    ok(t && inductor_tensor_mutable_data(t) != NULL,
       "zeros: the tensor owns writable memory");
    inductor_tensor_free(t);

    s = inductor_tensor_zeros(INDUCTOR_BOOL, empty, 1, &t);
    is_int(s, INDUCTOR_OK, "zeros: shape [0] succeeds");
    is_int((long long)inductor_tensor_numel(t), 0, "zeros: shape [0] numel 0");
    inductor_tensor_free(t);

    s = inductor_tensor_zeros(INDUCTOR_FLOAT32, NULL, 0, &t);
    is_int(s, INDUCTOR_OK, "zeros: scalar succeeds");
    ok(t && *(const float *)inductor_tensor_data(t) == 0.0f,
       "zeros: scalar is 0");
    inductor_tensor_free(t);

    t = (inductor_tensor *)&t;
    s = inductor_tensor_zeros(INDUCTOR_FLOAT32, neg, 1, &t);
    ok(s == INDUCTOR_ERR_INVALID_ARGUMENT && t == NULL,
       "zeros: negative size refused, *out NULL");

    t = (inductor_tensor *)&t;
    s = inductor_tensor_zeros(INDUCTOR_FLOAT32, too_big, 1, &t);
    ok(s == INDUCTOR_ERR_OUT_OF_MEMORY && t == NULL,
       "zeros: 2^60 bytes fails with OUT_OF_MEMORY, *out NULL");
    contains_str(inductor_last_error(),
                 "out of memory for 1152921504606846976 bytes",
                 "zeros: out-of-memory message names the byte count");
    is_int(inductor_tensor_zeros(INDUCTOR_FLOAT32, sizes, 3, NULL),
           INDUCTOR_ERR_INVALID_ARGUMENT, "zeros: out NULL is refused");
}

static void test_null_tensor(void)
{
    inductor_tensor_free(NULL);
    ok(1, "inductor_tensor_free(NULL) is a no-op");
    is_int(inductor_tensor_dtype(NULL), INDUCTOR_DTYPE_INVALID,
           "dtype of NULL is INVALID");
    is_int((long long)inductor_tensor_ndim(NULL), 0, "ndim of NULL is 0");
    ok(inductor_tensor_sizes(NULL) == NULL, "sizes of NULL is NULL");
    is_int((long long)inductor_tensor_numel(NULL), 0, "numel of NULL is 0");
    is_int((long long)inductor_tensor_nbytes(NULL), 0, "nbytes of NULL is 0");
    ok(inductor_tensor_data(NULL) == NULL, "data of NULL is NULL");
    ok(inductor_tensor_mutable_data(NULL) == NULL,
       "mutable_data of NULL is NULL");
}

/* ------------------------------------------------------------------ */
/* dtypes                                                              */
/* ------------------------------------------------------------------ */

static void test_dtypes(void)
{
    static const struct {
        inductor_dtype dt;
        const char *name;
        size_t size;
    } all[] = {
        {INDUCTOR_FLOAT32, "float32", 4}, {INDUCTOR_FLOAT64, "float64", 8},
        {INDUCTOR_FLOAT16, "float16", 2}, {INDUCTOR_BFLOAT16, "bfloat16", 2},
        {INDUCTOR_INT64, "int64", 8},     {INDUCTOR_INT32, "int32", 4},
        {INDUCTOR_INT16, "int16", 2},     {INDUCTOR_INT8, "int8", 1},
        {INDUCTOR_UINT8, "uint8", 1},     {INDUCTOR_BOOL, "bool", 1},
    };
    static const struct {
        const char *alias;
        inductor_dtype dt;
    } aliases[] = {
        {"float", INDUCTOR_FLOAT32}, {"double", INDUCTOR_FLOAT64},
        {"half", INDUCTOR_FLOAT16},  {"long", INDUCTOR_INT64},
        {"int", INDUCTOR_INT32},     {"short", INDUCTOR_INT16},
    };

    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        is_str(inductor_dtype_name(all[i].dt), all[i].name,
               "dtype %d is named %s", (int)all[i].dt, all[i].name);
        is_int((long long)inductor_dtype_size(all[i].dt),
               (long long)all[i].size, "%s is %zu bytes", all[i].name,
               all[i].size);
        is_int(inductor_dtype_from_name(all[i].name), all[i].dt,
               "name %s parses back", all[i].name);
    }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        is_int(inductor_dtype_from_name(aliases[i].alias), aliases[i].dt,
               "alias %s is %s", aliases[i].alias,
               inductor_dtype_name(aliases[i].dt));
    ok(inductor_dtype_name(INDUCTOR_DTYPE_INVALID) == NULL,
       "dtype INVALID has no name");
    ok(inductor_dtype_name((inductor_dtype)11) == NULL,
       "dtype 11 has no name");
    is_int((long long)inductor_dtype_size(INDUCTOR_DTYPE_INVALID), 0,
           "dtype INVALID has size 0");
    is_int((long long)inductor_dtype_size((inductor_dtype)-1), 0,
           "dtype -1 has size 0");
    is_int(inductor_dtype_from_name("float8"), INDUCTOR_DTYPE_INVALID,
           "name float8 is unknown");
    is_int(inductor_dtype_from_name("Float32"), INDUCTOR_DTYPE_INVALID,
           "names are case-sensitive");
    is_int(inductor_dtype_from_name(""), INDUCTOR_DTYPE_INVALID,
           "empty name is unknown");
    is_int(inductor_dtype_from_name(NULL), INDUCTOR_DTYPE_INVALID,
           "NULL name is unknown");
}

/* ------------------------------------------------------------------ */
/* status strings and the last error                                   */
/* ------------------------------------------------------------------ */

static void test_status_strings(void)
{
    int all_set = 1, distinct = 1;

    for (int s = INDUCTOR_OK; s <= INDUCTOR_ERR_BACKEND_UNAVAILABLE; s++) {
        const char *a = inductor_status_str((inductor_status)s);
        if (a == NULL || *a == '\0')
            all_set = 0;
        for (int r = INDUCTOR_OK; a && r < s; r++)
            if (strcmp(a, inductor_status_str((inductor_status)r)) == 0)
                distinct = 0;
    }
    ok(all_set, "every status 0..12 has a non-empty string");
    ok(distinct, "the status strings are distinct");
    is_str(inductor_status_str(INDUCTOR_OK), "ok", "INDUCTOR_OK is \"ok\"");
    is_str(inductor_status_str(INDUCTOR_ERR_IO), "I/O error",
           "INDUCTOR_ERR_IO is \"I/O error\"");
    is_str(inductor_status_str(INDUCTOR_ERR_INPUT_MISMATCH), "input mismatch",
           "INDUCTOR_ERR_INPUT_MISMATCH is \"input mismatch\"");
    ok(inductor_status_str((inductor_status)13) != NULL,
       "an unknown status (13) still has a string");
    ok(inductor_status_str((inductor_status)-1) != NULL,
       "an unknown status (-1) still has a string");
}

/* Two threads fail with different messages while both are alive; each must
 * read back only its own. */
static pthread_barrier_t barrier;

struct thread_result {
    int64_t bad_size;   /* the negative size this thread passes */
    char fresh[64];     /* last error before the thread's first call */
    char mine[128];     /* its own message, read after both failed */
    int status;
};

static void *fail_in_thread(void *arg)
{
    struct thread_result *r = arg;
    inductor_tensor *t = NULL;

    snprintf(r->fresh, sizeof r->fresh, "%s", inductor_last_error());
    r->status = inductor_tensor_zeros(INDUCTOR_FLOAT32, &r->bad_size, 1, &t);
    pthread_barrier_wait(&barrier); /* both have failed */
    snprintf(r->mine, sizeof r->mine, "%s", inductor_last_error());
    pthread_barrier_wait(&barrier); /* both have read */
    return NULL;
}

static void test_last_error_thread_local(void)
{
    struct thread_result r[2] = {{.bad_size = -5}, {.bad_size = -7}};
    pthread_t th[2];
    const int64_t neg[1] = {-1};
    inductor_tensor *t = NULL;
    int started = 1;

    ok(inductor_last_error() != NULL, "last error is never NULL");
    inductor_tensor_zeros(INDUCTOR_FLOAT32, neg, 1, &t);
    contains_str(inductor_last_error(), "(-1)",
                 "main thread: its failure is recorded");

    pthread_barrier_init(&barrier, NULL, 2);
    for (int i = 0; i < 2; i++)
        if (pthread_create(&th[i], NULL, fail_in_thread, &r[i]) != 0)
            started = 0;
    if (!started)
        bail_out("pthread_create failed");
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&barrier);

    is_str(r[0].fresh, "", "a new thread starts with an empty last error");
    is_str(r[1].fresh, "",
           "a new thread does not see the main thread's error");
    is_int(r[0].status, INDUCTOR_ERR_INVALID_ARGUMENT, "thread 1 failed");
    contains_str(r[0].mine, "(-5)",
                 "thread 1 reads its own message after thread 2 failed");
    contains_str(r[1].mine, "(-7)",
                 "thread 2 reads its own message after thread 1 failed");
    contains_str(inductor_last_error(), "(-1)",
                 "main thread's message is unchanged by the other threads");
}

int main(void)
{
    test_copy();
    test_borrow();
    test_scalar_and_empty();
    test_from_data_errors();
    test_zeros();
    test_null_tensor();
    test_dtypes();
    test_status_strings();
    test_last_error_thread_local();
    return done_testing();
}
