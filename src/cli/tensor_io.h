/*
 * tensor_io.h - loading a model's inputs from files, in every format the
 * CLI takes, and putting them in the model's input order by name or
 * position.  Shared by `infer` and by commands that run models repeatedly.
 *
 * Each --input is "[NAME=]FILE".  FILE's format comes from its extension:
 *   .json (or "-", standard input)  classic, list or named form
 *   .npy                            one tensor
 *   .npz                            several tensors, matched by array name;
 *                                   np.savez's arr_0, arr_1, ... are
 *                                   positions 0, 1, ... unless the model
 *                                   has an input of that name
 *   .bin, .raw                      raw little-endian bytes of one tensor,
 *                                   with --dtype and --shape (or the
 *                                   model's recorded dtype and static shape)
 * and otherwise from its first bytes (.npy magic, zip magic, else JSON).
 * NAME= gives a one-tensor file's input by name ("./a=b.npy" keeps a file
 * whose name holds '=').  Tensors without a name take the positions in
 * order, as in a Python call; names are matched against the model's
 * signature (keyword names, or the names inductor's export tool recorded).
 *
 * --random instead makes every input: floats uniform in [-1, 1), integers
 * uniform in [0, 10), bools 0 or 1, from a seeded generator whose stream is
 * the same on every platform; shapes are the recorded ones with dynamic
 * dimensions 1, or --shape.
 */
#ifndef INDUCTOR_CLI_TENSOR_IO_H
#define INDUCTOR_CLI_TENSOR_IO_H

#include <stdint.h>

#include "inductor.h"
#include "repeat_opts.h"
#include "tensor_list.h"

/* What loading inputs returns: a status, not an exit code, so that code
 * outside the CLI's commands can load inputs too; each command maps it to
 * its exit code (cli_exit_for_tensor_io()). */
typedef enum tensor_io_status {
    TENSOR_IO_OK = 0,
    TENSOR_IO_BAD_INPUT = -1, /* a file is unreadable, malformed or does not
                                 fit the model's inputs */
    TENSOR_IO_BAD_OPTION = -2 /* a bad --shape or --dtype */
} tensor_io_status;

typedef struct tensor_io_request {
    char **inputs;  /* "[NAME=]FILE", in command-line order */
    size_t n_inputs;
    char **dtypes;  /* --dtype: for the k-th raw file or k-th random input;
                       a single one applies to all */
    size_t n_dtypes;
    char **shapes;  /* --shape "2,3" (or "[2, 3]", "" for a scalar), same */
    size_t n_shapes;
    int random;     /* make random inputs instead of reading files */
    uint64_t seed;
} tensor_io_request;

/* The repeatable options that name inputs, in the order `infer` and
 * `bench` take them out of argv with repeat_opts_take(). */
enum {
    TENSOR_IO_OPT_INPUT, /* --input / -i */
    TENSOR_IO_OPT_DTYPE, /* --dtype */
    TENSOR_IO_OPT_SHAPE, /* --shape */
    TENSOR_IO_N_OPTS
};

/* The request for those options' values (rep[TENSOR_IO_N_OPTS]) and
 * --random/--seed. */
tensor_io_request tensor_io_request_from(const repeat_opt *rep, int random,
                                         uint64_t seed);

/* Loads the request's inputs in the model's input order into *out.
 * `sig` may describe nothing (a package from elsewhere): then only
 * positional inputs are possible.  Inputs are not checked against the
 * model's dtypes and shapes here (inductor_model_run() does that), but
 * names, counts and missing inputs are.  Returns TENSOR_IO_OK, or another
 * status with a one-line reason in err that names the file and input;
 * *out is then empty. */
tensor_io_status tensor_io_load(const tensor_io_request *req,
                                const inductor_signature *sig,
                                tensor_list *out, char *err, size_t errlen);

/* Like tensor_io_load() for one JSON document already in memory (text
 * NUL-terminated at text[len]); `shown` names it in messages ("line 3").
 * Returns TENSOR_IO_OK or TENSOR_IO_BAD_INPUT with the reason in err. */
tensor_io_status tensor_io_load_json(const char *text, size_t len,
                                     const char *shown,
                                     const inductor_signature *sig,
                                     tensor_list *out, char *err,
                                     size_t errlen);

/* "2,3,4", "[2, 3, 4]", "()" or "" (a scalar) into sizes; -1 with a
 * reason if malformed or negative. */
int tensor_io_parse_shape(const char *text, int64_t *sizes, size_t *ndim,
                          char *err, size_t errlen);

#endif /* INDUCTOR_CLI_TENSOR_IO_H */
