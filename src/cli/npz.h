/*
 * npz.h - NumPy .npz archives (np.savez, np.savez_compressed): a zip of
 * .npy members, read with libzip.  Only the CLI uses it.
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

/* Members bigger than this, or that expand more than NPZ_MAX_RATIO times
 * their compressed size, are refused rather than inflated. */
#define NPZ_MAX_MEMBER ((size_t)8 << 30)
#define NPZ_MAX_RATIO 1000u

/* Reads every member of the .npz at `path` into memory.  Members whose
 * name does not end in ".npy" and duplicate names are refused.  Returns 0,
 * or -1 with a one-line reason in err (*out is then empty). */
int npz_read(const char *path, npz_file *out, char *err, size_t errlen);
/* The same for an .npz already in memory (buf[0..len), not copied: it must
 * outlive the call only). */
int npz_read_buffer(const void *buf, size_t len, npz_file *out, char *err,
                    size_t errlen);
void npz_free(npz_file *f);

#endif /* INDUCTOR_CLI_NPZ_H */
