/*
 * fuzz_wrapper_signature.c - libFuzzer target: the wrapper source reader
 * (src/lib/wrapper_signature.c) that gives packages without inductor's
 * metadata their signature.
 *
 * Invariants: it never fails except for memory; counts stay within
 * WRAPPER_MAX_TENSORS; every tensor's rank is within INDUCTOR_MAX_DIMS
 * (0 when its shape is unknown); a static size has min == max == size and
 * a dynamic one min <= max; symbols are NUL-terminated within their field.
 */
#include <string.h>

#include "fuzz.h"
#include "wrapper_signature.h"

static void check_tensor(const wrapper_tensor *t)
{
    FUZZ_CHECK(t->ndim <= INDUCTOR_MAX_DIMS);
    FUZZ_CHECK(t->have_shape || t->ndim == 0);
    for (size_t d = 0; d < t->ndim; d++) {
        FUZZ_CHECK(t->sizes[d] >= -1);
        if (t->sizes[d] >= 0)
            FUZZ_CHECK(t->min[d] == t->sizes[d] && t->max[d] == t->sizes[d]);
        else
            FUZZ_CHECK(t->min[d] >= 0 && t->min[d] <= t->max[d]);
        FUZZ_CHECK(memchr(t->symbol[d], '\0', sizeof t->symbol[d]) != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    wrapper_sig w;

    if (text == NULL)
        return 0;
    if (wrapper_signature_parse(text, &w) == INDUCTOR_OK) {
        FUZZ_CHECK(w.n_in <= WRAPPER_MAX_TENSORS && w.n_out <= WRAPPER_MAX_TENSORS);
        for (size_t i = 0; i < w.n_in; i++)
            check_tensor(&w.in[i]);
        for (size_t i = 0; i < w.n_out; i++)
            check_tensor(&w.out[i]);
    }
    wrapper_signature_free(&w);
    free(text);
    return 0;
}
