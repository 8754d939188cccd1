/*
 * fuzz_call_spec.c - libFuzzer target: the pytree call-spec parser
 * (src/lib/call_spec.c): leaf counting and the input/output key walks.
 *
 * Invariants: whenever the leaf count and a key walk both accept a spec,
 * they find the same number of leaves (the library sizes its input list
 * by the count and names inputs by the walk); a refusal leaves the
 * outputs empty.  Fuzzing found specs where they disagreed (a leaf with
 * children; a root that is a leaf or whose first child is not a tuple):
 * tests/fuzz/regressions/call_spec/.
 */
#include <string.h>

#include "call_spec.h"
#include "fuzz.h"

static void keys(const char *text, int inputs, size_t leaves, int counted)
{
    call_keys k;
    inductor_status s = inputs ? call_spec_input_keys(text, &k)
                               : call_spec_output_keys(text, &k);

    if (s == INDUCTOR_OK) {
        FUZZ_CHECK(!counted || k.n == leaves);
        for (size_t i = 0; i < k.n; i++)
            FUZZ_CHECK(k.key[i] == NULL ||
                       strlen(k.key[i]) <= CALL_SPEC_MAX_KEY);
    } else {
        FUZZ_CHECK(k.n == 0 && k.key == NULL && k.keyword == NULL);
    }
    call_keys_free(&k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    size_t n = 0;
    inductor_status s;

    if (text == NULL)
        return 0;
    s = call_spec_count_leaves(text, &n);
    FUZZ_CHECK(s == INDUCTOR_OK || n == 0);
    keys(text, 1, n, s == INDUCTOR_OK);
    keys(text, 0, n, s == INDUCTOR_OK);
    free(text);
    return 0;
}
