/*
 * fuzz_npy.c - libFuzzer target: the CLI's NumPy readers (src/cli/npy.c
 * and src/cli/npz.c).  Every input is read both ways: as one .npy file
 * (npy_to_tensor, as bytes of unknown dtype and as a bfloat16 expected
 * where a 2-byte void may stand for it) and as an .npz archive
 * (npz_read_buffer, through the library's zip reader from memory, then
 * each member as a .npy).
 *
 * Invariants: an accepted array's byte size is its element count times
 * its dtype's size, and writing it back with npy_encode() and reading that
 * gives the same dtype, shape and bytes.  A refusal is one non-empty line
 * and leaves nothing allocated.
 */
#include <string.h>

#include "fuzz.h"
#include "npy.h"
#include "npz.h"

static void check_refusal(const char *err)
{
    FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
}

static void check_round_trip(const inductor_tensor *t)
{
    inductor_tensor *back = NULL;
    char *buf = NULL, err[256];
    size_t len = 0, ndim = inductor_tensor_ndim(t);

    FUZZ_CHECK(npy_encode(t, &buf, &len) == 0);
    FUZZ_CHECK(npy_to_tensor(buf, len, inductor_tensor_dtype(t), &back, err,
                             sizeof err) == 0);
    FUZZ_CHECK(inductor_tensor_dtype(back) == inductor_tensor_dtype(t));
    FUZZ_CHECK(inductor_tensor_ndim(back) == ndim);
    for (size_t d = 0; d < ndim; d++)
        FUZZ_CHECK(inductor_tensor_sizes(back)[d] ==
                   inductor_tensor_sizes(t)[d]);
    FUZZ_CHECK(inductor_tensor_nbytes(back) == inductor_tensor_nbytes(t));
    /* memcmp's pointers must be valid even for 0 bytes */
    FUZZ_CHECK(inductor_tensor_nbytes(t) == 0 ||
               memcmp(inductor_tensor_data(back), inductor_tensor_data(t),
                      inductor_tensor_nbytes(t)) == 0);
    inductor_tensor_free(back);
    free(buf);
}

static void read_npy(const void *data, size_t size, inductor_dtype expect)
{
    inductor_tensor *t = NULL;
    char err[256];

    err[0] = '\0';
    if (npy_to_tensor(data, size, expect, &t, err, sizeof err) != 0) {
        FUZZ_CHECK(t == NULL);
        check_refusal(err);
        return;
    }
    FUZZ_CHECK(t != NULL);
    FUZZ_CHECK(inductor_tensor_nbytes(t) ==
               inductor_tensor_numel(t) *
                   inductor_dtype_size(inductor_tensor_dtype(t)));
    check_round_trip(t);
    inductor_tensor_free(t);
}

static void read_npz(const void *data, size_t size)
{
    npz_file f;
    char err[256];

    err[0] = '\0';
    if (npz_read_buffer(data, size, &f, err, sizeof err) != 0) {
        FUZZ_CHECK(f.n == 0 && f.members == NULL);
        check_refusal(err);
        return;
    }
    for (size_t i = 0; i < f.n; i++) {
        FUZZ_CHECK(f.members[i].name != NULL && f.members[i].name[0] != '\0');
        read_npy(f.members[i].data, f.members[i].len, INDUCTOR_DTYPE_INVALID);
    }
    npz_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_npy(data, size, INDUCTOR_DTYPE_INVALID);
    read_npy(data, size, INDUCTOR_BFLOAT16);
    read_npz(data, size);
    return 0;
}
