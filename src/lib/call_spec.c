/*
 * call_spec.c - reads torch.utils._pytree's serialized TreeSpec.
 */
#include <json-c/json.h>

#include "call_spec.h"

/* A pytree deeper than this is not a model signature: refuse rather than
 * recurse without bound on hostile input. */
#define MAX_DEPTH 64

static int count_node(json_object *node, int depth, size_t *n)
{
    json_object *type, *children;

    if (depth > MAX_DEPTH || !json_object_is_type(node, json_type_object) ||
        !json_object_object_get_ex(node, "type", &type) ||
        !json_object_object_get_ex(node, "children_spec", &children) ||
        !json_object_is_type(children, json_type_array))
        return -1;
    if (type == NULL || json_object_is_type(type, json_type_null)) {
        (*n)++; /* a leaf: one tensor */
        return 0;
    }
    for (size_t i = 0; i < json_object_array_length(children); i++)
        if (count_node(json_object_array_get_idx(children, i), depth + 1, n))
            return -1;
    return 0;
}

inductor_status call_spec_count_leaves(const char *spec_json, size_t *n)
{
    json_object *root;
    int bad;

    *n = 0;
    if (spec_json == NULL || *spec_json == '\0')
        return inductor__fail(INDUCTOR_ERR_UNSUPPORTED,
                              "the model has no call spec");
    root = json_tokener_parse(spec_json);
    bad = root == NULL || !json_object_is_type(root, json_type_array) ||
          json_object_array_length(root) != 2 ||
          count_node(json_object_array_get_idx(root, 1), 0, n) != 0;
    json_object_put(root);
    if (bad) {
        *n = 0;
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "the model's call spec is not a valid pytree spec");
    }
    return INDUCTOR_OK;
}
