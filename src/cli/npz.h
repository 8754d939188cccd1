/*
 * npz.h - NumPy .npz archives (np.savez, np.savez_compressed): a zip of
 * .npy members, read through the library's zip reader (inductor_archive,
 * the one packages go through, with all its checks).  Only the CLI uses
 * it.
 */
#ifndef INDUCTOR_CLI_NPZ_H
#define INDUCTOR_CLI_NPZ_H

#include <stddef.h>

/* One member: its array name (the member name without ".npy") and its raw
 * .npy bytes, for npy_to_tensor(). */
typedef struct npz_member {
    char *name;
    char *data;
    size_t len;
} npz_member;

typedef struct npz_file {
    size_t n;
    npz_member *members;
} npz_file;

/* Members bigger than this are refused rather than read (the library
 * also refuses a deflated member that expands more than 1000 times). */
#define NPZ_MAX_MEMBER ((size_t)8 << 30)

/* Reads every member of the .npz in buf[0..len) (not copied: it must
 * outlive the call only).  Members whose name does not end in ".npy" are
 * refused, and so is every archive inductor_archive_open_memory() refuses
 * (duplicate names among them).  Returns 0, or -1 with a one-line reason
 * in err (*out is then empty). */
int npz_read_buffer(const void *buf, size_t len, npz_file *out, char *err,
                    size_t errlen);
void npz_free(npz_file *f);

#endif /* INDUCTOR_CLI_NPZ_H */
