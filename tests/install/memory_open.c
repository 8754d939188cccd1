/*
 * memory_open.c - built by tests/install/install_uninstall.sh against the
 * installed header and library (pkg-config inductor): reads a package into
 * memory, opens it with inductor_model_open_memory(), sizes zero inputs
 * from inductor_model_signature() (dynamic dimensions 1), runs the model
 * and frees everything, so that valgrind can check the whole path.
 *
 * Usage: memory_open PACKAGE.pt2.  Prints "ok N inputs M outputs" and exits
 * 0, or prints one line on stderr and exits 1.
 */
#include <stdio.h>
#include <stdlib.h>

#include <inductor.h>

static int fail(const char *what)
{
    fprintf(stderr, "memory_open: %s: %s\n", what, inductor_last_error());
    return 1;
}

/* The whole file in a malloc'd buffer; NULL on failure. */
static void *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    void *buf = NULL;
    long n = -1;

    if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n)) != NULL &&
        fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (f != NULL)
        fclose(f);
    *len = buf ? (size_t)n : 0;
    return buf;
}

/* Zeros of input i's recorded shape, dynamic dimensions 1. */
static inductor_status zeros_for(const inductor_signature *sig, size_t i,
                                 inductor_tensor **out)
{
    int64_t shape[INDUCTOR_MAX_DIMS];
    size_t ndim = 0;
    const int64_t *sizes = inductor_signature_input_sizes(sig, i, &ndim);

    for (size_t d = 0; d < ndim && d < INDUCTOR_MAX_DIMS; d++)
        shape[d] = sizes[d] < 0 ? 1 : sizes[d];
    return inductor_tensor_zeros(inductor_signature_input_dtype(sig, i), shape,
                                 ndim, out);
}

static int run(inductor_model *m, const inductor_signature *sig)
{
    size_t n_in = inductor_signature_num_inputs(sig);
    size_t n_out = inductor_model_num_outputs(m);
    inductor_tensor **in = calloc(n_in + 1, sizeof *in);
    inductor_tensor **out = calloc(n_out + 1, sizeof *out);
    int rc = in && out ? 0 : fail("out of memory");

    for (size_t i = 0; rc == 0 && i < n_in; i++)
        if (zeros_for(sig, i, &in[i]) != INDUCTOR_OK)
            rc = fail("input");
    if (rc == 0 && inductor_model_run(m, in, n_in, out, n_out) != INDUCTOR_OK)
        rc = fail("run");
    if (rc == 0)
        printf("ok %zu inputs %zu outputs\n", n_in, n_out);
    for (size_t i = 0; in && i < n_in; i++)
        inductor_tensor_free(in[i]);
    for (size_t i = 0; out && i < n_out; i++)
        inductor_tensor_free(out[i]);
    free(in);
    free(out);
    return rc;
}

int main(int argc, char **argv)
{
    inductor_model *m = NULL;
    const inductor_signature *sig = NULL;
    size_t len = 0;
    void *bytes;
    int rc;

    if (argc != 2) {
        fprintf(stderr, "usage: memory_open PACKAGE.pt2\n");
        return 2;
    }
    if ((bytes = slurp(argv[1], &len)) == NULL) {
        fprintf(stderr, "memory_open: %s: cannot read\n", argv[1]);
        return 1;
    }
    rc = inductor_model_open_memory(bytes, len, "cpu", NULL, &m) == INDUCTOR_OK
             ? 0 : fail("open");
    free(bytes); /* the library keeps its own copy */
    if (rc == 0 && (sig = inductor_model_signature(m)) == NULL) {
        fprintf(stderr, "memory_open: the package records no signature\n");
        rc = 1;
    }
    if (rc == 0)
        rc = run(m, sig);
    inductor_model_close(m);
    return rc;
}
