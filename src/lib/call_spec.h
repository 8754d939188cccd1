/*
 * call_spec.h - the pytree specs AOTInductor stores with a model
 * (torch.utils._pytree's JSON: [version, {"type", "context",
 * "children_spec"}]).  Inputs are flattened args then kwargs.
 */
#ifndef INDUCTOR_CALL_SPEC_H
#define INDUCTOR_CALL_SPEC_H

#include "internal.h"

/* Counts the leaves (tensors) of a serialized pytree spec.  An empty spec
 * (packages without one) counts as *n = 0 and INDUCTOR_ERR_UNSUPPORTED. */
inductor_status call_spec_count_leaves(const char *spec_json, size_t *n);

/* What the dict contexts of a spec say about each leaf, in flattening
 * order.  key[i] is a '.'-joined path of dict keys and sequence indices
 * ("logits", "1.scores") or NULL when no dict lies on the leaf's path.
 * The field names of a dataclass-like node (a context that is a list of
 * as many strings as the node has children, as transformers' ModelOutput
 * records) count as dict keys ("last_hidden_state").
 * keyword[i] is 1 for an input passed as a keyword argument. */
typedef struct call_keys {
    size_t n;
    char **key;
    unsigned char *keyword;
} call_keys;

/* Longest key path kept; a longer one makes the spec invalid. */
#define CALL_SPEC_MAX_KEY 512

/* For an input spec ((args...), {kwargs}): a kwarg leaf's key is its path
 * from the kwargs dict ("attention_mask"); a positional leaf has a key only
 * when it sits inside a dict argument (the path below the argument).
 * INDUCTOR_ERR_UNSUPPORTED for an empty spec, INDUCTOR_ERR_BAD_PACKAGE for a
 * malformed one.  On failure *out is empty. */
inductor_status call_spec_input_keys(const char *spec_json, call_keys *out);

/* For an output spec: the path from the root, for leaves under a dict. */
inductor_status call_spec_output_keys(const char *spec_json, call_keys *out);

void call_keys_free(call_keys *k);

#endif /* INDUCTOR_CALL_SPEC_H */
