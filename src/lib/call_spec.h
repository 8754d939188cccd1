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

#endif /* INDUCTOR_CALL_SPEC_H */
