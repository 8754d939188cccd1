/*
 * fuzz_tensor_json.c - libFuzzer target: the CLI's JSON tensor reader
 * (src/cli/tensor_json.c, tensor_json_parse_inputs and _named), and, for
 * what it accepts, the JSON writer that prints tensors back.
 *
 * Invariants checked on every accepted document: each tensor's byte size
 * is its element count times its dtype's size, and the writer can print
 * it.  On refusal the reason is one non-empty line and the list is empty.
 * Differential: the general json-c reader alone (tensor_json_parse_with,
 * fast = 0) gives the same verdict, and the same names, dtypes, shapes
 * and bytes, as the fast path tried first (tensor_json_fast.c).
 */
#include <string.h>

#include "fuzz.h"
#include "tensor_json.h"

static void check_list(const tensor_list *l)
{
    json_object *doc;

    for (size_t i = 0; i < l->n; i++) {
        const inductor_tensor *t = l->items[i];

        FUZZ_CHECK(t != NULL);
        FUZZ_CHECK(inductor_tensor_nbytes(t) ==
                   inductor_tensor_numel(t) *
                       inductor_dtype_size(inductor_tensor_dtype(t)));
    }
    doc = tensor_json_outputs(l->items, l->n, 0.0, 1);
    FUZZ_CHECK(doc != NULL);
    FUZZ_CHECK(json_object_to_json_string(doc) != NULL);
    json_object_put(doc);
}

/* What the fast path accepts, the json-c path reads the same. */
static void check_same(const tensor_list *fast, const tensor_list *slow)
{
    FUZZ_CHECK(fast->n == slow->n);
    FUZZ_CHECK((fast->names == NULL) == (slow->names == NULL));
    for (size_t i = 0; i < fast->n; i++) {
        const inductor_tensor *a = fast->items[i], *b = slow->items[i];
        size_t nd = inductor_tensor_ndim(a);

        FUZZ_CHECK(inductor_tensor_dtype(a) == inductor_tensor_dtype(b));
        FUZZ_CHECK(nd == inductor_tensor_ndim(b));
        for (size_t d = 0; d < nd; d++)
            FUZZ_CHECK(inductor_tensor_sizes(a)[d] == inductor_tensor_sizes(b)[d]);
        FUZZ_CHECK(inductor_tensor_nbytes(a) == inductor_tensor_nbytes(b));
        FUZZ_CHECK(inductor_tensor_nbytes(a) == 0 ||
                   memcmp(inductor_tensor_data(a), inductor_tensor_data(b),
                          inductor_tensor_nbytes(a)) == 0);
        if (fast->names)
            FUZZ_CHECK(strcmp(fast->names[i], slow->names[i]) == 0);
    }
}

static void parse_one(const char *text, size_t len, int named)
{
    tensor_list l, slow;
    char err[256];
    int rc;

    memset(&l, 0, sizeof l);
    memset(&slow, 0, sizeof slow);
    err[0] = '\0';
    rc = named ? tensor_json_parse_named(text, len, &l, err, sizeof err)
               : tensor_json_parse_inputs(text, len, &l, err, sizeof err);
    if (rc == 0) {
        check_list(&l);
    } else {
        FUZZ_CHECK(l.n == 0 && l.items == NULL);
        FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
    }
    /* The general path alone must agree: the same verdict, and where the
     * fast path accepted, the same tensors. */
    FUZZ_CHECK(tensor_json_parse_with(text, len, named, 0, &slow, err,
                                      sizeof err) == rc);
    if (rc == 0)
        check_same(&l, &slow);
    tensor_list_free(&slow);
    tensor_list_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);

    if (text == NULL)
        return 0;
    parse_one(text, size, 0);
    parse_one(text, size, 1);
    free(text);
    return 0;
}
