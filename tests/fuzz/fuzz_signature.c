/*
 * fuzz_signature.c - libFuzzer target: the recorded input signature
 * (src/lib/signature.c): the "inductor.inputs" metadata parser, and the
 * checks an accepted signature makes against a few fixed tensors.
 *
 * Invariants: an accepted signature has printable names, at most
 * INDUCTOR_MAX_DIMS dimensions and min <= max in every dimension; a
 * refusal leaves it empty; checking never reports success for a tensor
 * whose rank differs from the signature's.
 */
#include <string.h>

#include "fuzz.h"
#include "signature.h"

static void check_invariants(const recorded_inputs *sig)
{
    for (size_t i = 0; i < sig->n; i++) {
        const sig_input *in = &sig->inputs[i];

        FUZZ_CHECK(in->name != NULL && in->name[0] != '\0');
        FUZZ_CHECK(strchr(in->name, '\n') == NULL);
        FUZZ_CHECK(in->ndim <= INDUCTOR_MAX_DIMS);
        for (size_t d = 0; d < in->ndim; d++)
            FUZZ_CHECK(in->min[d] >= 0 && in->min[d] <= in->max[d]);
    }
}

/* Runs the checks with tensors of ranks 0..2 in every input slot. */
static void check_against_tensors(const recorded_inputs *sig)
{
    static const int64_t sizes[2] = {2, 3};
    inductor_tensor *t[3] = {NULL, NULL, NULL};
    inductor_tensor *in[4];

    for (size_t r = 0; r < 3; r++)
        if (inductor_tensor_zeros(INDUCTOR_FLOAT32, sizes, r, &t[r]) !=
            INDUCTOR_OK)
            goto out;
    for (size_t r = 0; r < 3; r++) {
        size_t n = sig->n < 4 ? sig->n : 4;

        for (size_t i = 0; i < n; i++)
            in[i] = t[r];
        if (signature_check(sig, in, n) == INDUCTOR_OK && n == sig->n)
            for (size_t i = 0; i < n; i++)
                FUZZ_CHECK(sig->inputs[i].ndim == r);
    }
    (void)signature_check_device(sig, "cpu");
    (void)signature_check_device(sig, "cuda");
out:
    for (size_t r = 0; r < 3; r++)
        inductor_tensor_free(t[r]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    recorded_inputs sig;

    if (text == NULL)
        return 0;
    if (signature_parse(text, &sig) == INDUCTOR_OK) {
        check_invariants(&sig);
        check_against_tensors(&sig);
    } else {
        FUZZ_CHECK(sig.n == 0 && sig.inputs == NULL);
    }
    signature_free(&sig);
    free(text);
    return 0;
}
