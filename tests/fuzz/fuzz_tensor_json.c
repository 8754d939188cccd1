/*
 * fuzz_tensor_json.c - libFuzzer target: the CLI's JSON tensor reader
 * (src/cli/tensor_json.c, tensor_json_parse_inputs and _named), and, for
 * what it accepts, the JSON writer that prints tensors back.
 *
 * Invariants checked on every accepted document: each tensor's byte size
 * is its element count times its dtype's size, and the writer can print
 * it.  On refusal the reason is one non-empty line and the list is empty.
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

static void parse_one(const char *text, size_t len, int named)
{
    tensor_list l;
    char err[256];
    int rc;

    memset(&l, 0, sizeof l);
    err[0] = '\0';
    rc = named ? tensor_json_parse_named(text, len, &l, err, sizeof err)
               : tensor_json_parse_inputs(text, len, &l, err, sizeof err);
    if (rc == 0) {
        check_list(&l);
    } else {
        FUZZ_CHECK(l.n == 0 && l.items == NULL);
        FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
    }
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
