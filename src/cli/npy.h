/*
 * npy.h - NumPy .npy files (format versions 1.0, 2.0 and 3.0).
 *
 * Read: descr '<' or '>' or '|' or '=' with f2 f4 f8 i1 i2 i4 i8 u1 b1
 * (float16/32/64, int8..64, uint8, bool; '?' is bool too).  Big-endian
 * data is byte-swapped, fortran_order True is transposed into row-major
 * order.  bfloat16, which NumPy lacks, is read from the 2-byte void descr
 * that ml_dtypes writes ('<V2', also '|V2'): since a void says nothing about
 * its contents, such a file is accepted only where a bfloat16 is expected.
 * Structured dtypes, other types and sizes, object arrays, and files whose
 * data is shorter or longer than the header says are refused.
 *
 * Write: version 1.0, little-endian, C order; bfloat16 as '<V2' (read it in
 * NumPy with np.load(f).view(ml_dtypes.bfloat16)).
 */
#ifndef INDUCTOR_CLI_NPY_H
#define INDUCTOR_CLI_NPY_H

#include <stddef.h>
#include <stdint.h>

#include "inductor.h"

#define NPY_MAGIC "\x93NUMPY"
#define NPY_MAGIC_LEN 6
/* Headers longer than this are not written by NumPy for our dtypes. */
#define NPY_MAX_HEADER (1u << 20)

typedef struct npy_header {
    inductor_dtype dtype; /* INDUCTOR_DTYPE_INVALID for a 2-byte void  */
    int void2;            /* descr was '<V2' or '|V2' (bfloat16 bits)   */
    int swap;             /* big-endian data: swap bytes when reading  */
    int fortran;          /* fortran_order True                         */
    size_t ndim;
    int64_t shape[INDUCTOR_MAX_DIMS];
    size_t data_offset;   /* where the data starts in the buffer        */
    size_t numel;
    size_t nbytes;        /* numel * element size                       */
} npy_header;

/* Parses and validates the header of the .npy in buf[0..len), including
 * that exactly nbytes of data follow it.  A pure function of its input:
 * no allocation, no I/O.  Returns 0, or -1 with a one-line reason in err. */
int npy_parse(const void *buf, size_t len, npy_header *h, char *err,
              size_t errlen);

/* A row-major tensor with the .npy's data.  `expect` is the dtype the
 * caller needs (INDUCTOR_DTYPE_INVALID if unknown); it resolves a 2-byte
 * void to bfloat16 and is otherwise not enforced here.  Returns 0, or -1
 * with a reason in err.  Caller frees *out with inductor_tensor_free(). */
int npy_to_tensor(const void *buf, size_t len, inductor_dtype expect,
                  inductor_tensor **out, char *err, size_t errlen);

/* The .npy encoding of a tensor in a malloc'd buffer; -1 if out of memory
 * or the dtype is unknown. */
int npy_encode(const inductor_tensor *t, char **buf, size_t *len);

#endif /* INDUCTOR_CLI_NPY_H */
