/*
 * golden.h - golden data (issue #16): example inputs and the outputs the
 * model computed at export, with per-output tolerances, read from the
 * package (<root>/inductor/golden/<model>.npz) or from a .npz file
 * beside it, and checked against a run of the package.  The format is
 * python/inductor_tools/golden.py's: members input_<i> and output_<i>
 * (flattened, in the package's order) and golden_spec, a uint8 array of
 * UTF-8 JSON naming them and giving each output's rtol and atol.  An .npz
 * without golden_spec is accepted too (np.savez(input_0=..., output_0=...)
 * by hand): names are then "input<i>"/"output<i>" and the tolerances are
 * the dtype's defaults.
 *
 * Used by `inductor verify` and by `inductor serve --verify`.
 */
#ifndef INDUCTOR_CLI_GOLDEN_H
#define INDUCTOR_CLI_GOLDEN_H

#include <stddef.h>

#include "inductor.h"

/* Where the golden file lives below a package's root directory; the model
 * name and ".npz" follow.  Why not PyTorch's extra/: see golden.py. */
#define GOLDEN_DIR "inductor/golden/"
/* The largest golden file read from a package. */
#define GOLDEN_MAX_BYTES ((size_t)1 << 30)

typedef struct golden_output {
    char *name;
    char *key;            /* dict key path, or NULL */
    inductor_tensor *want;
    double rtol, atol;
} golden_output;

typedef struct golden_data {
    char *source;         /* "package" or the file's path */
    size_t n_in;
    inductor_tensor **in;
    char **in_names;
    size_t n_out;
    golden_output *out;
} golden_data;

/* Default (rtol, atol) of a dtype: floats as golden.py's
 * DEFAULT_TOLERANCES, integers and bool exact (0, 0). */
void golden_default_tolerance(inductor_dtype dt, double *rtol, double *atol);

/* Reads the golden data of `model` in the package at `pkg_path`, or, when
 * `file` is not NULL, from that .npz.  Returns 0; 1 when the package has
 * none (err says so); -1 with a one-line reason in err for an unreadable
 * or malformed golden file or package. */
int golden_load(const char *pkg_path, const char *model, const char *file,
                golden_data *g, char *err, size_t errlen);

void golden_free(golden_data *g);

#endif /* INDUCTOR_CLI_GOLDEN_H */
