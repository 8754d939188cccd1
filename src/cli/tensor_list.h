/*
 * tensor_list.h - a list of tensors, each optionally named: what the input
 * readers (tensor_json.c, tensor_json_fast.c, tensor_io.c) produce and the
 * commands pass to inductor_model_run().
 */
#ifndef INDUCTOR_CLI_TENSOR_LIST_H
#define INDUCTOR_CLI_TENSOR_LIST_H

#include <stddef.h>

#include "inductor.h"

typedef struct tensor_list {
    size_t n;
    inductor_tensor **items;
    char **names; /* NULL, or n names (each NULL when given by position) */
} tensor_list;

/* Frees the tensors and names and empties the list. */
void tensor_list_free(tensor_list *l);

#endif /* INDUCTOR_CLI_TENSOR_LIST_H */
