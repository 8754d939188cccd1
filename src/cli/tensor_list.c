/*
 * tensor_list.c - see tensor_list.h.
 */
#include <stdlib.h>

#include "tensor_list.h"

void tensor_list_free(tensor_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        inductor_tensor_free(l->items[i]);
        if (l->names)
            free(l->names[i]);
    }
    free(l->items);
    free(l->names);
    l->items = NULL;
    l->names = NULL;
    l->n = 0;
}
