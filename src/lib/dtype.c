/*
 * dtype.c - inductor's own dtype enum: names and element sizes.
 */
#include <string.h>

#include "internal.h"

static const struct {
    inductor_dtype dt;
    const char *name;
    size_t size;
} dtypes[] = {
    {INDUCTOR_FLOAT32, "float32", 4}, {INDUCTOR_FLOAT64, "float64", 8},
    {INDUCTOR_FLOAT16, "float16", 2}, {INDUCTOR_BFLOAT16, "bfloat16", 2},
    {INDUCTOR_INT64, "int64", 8},     {INDUCTOR_INT32, "int32", 4},
    {INDUCTOR_INT16, "int16", 2},     {INDUCTOR_INT8, "int8", 1},
    {INDUCTOR_UINT8, "uint8", 1},     {INDUCTOR_BOOL, "bool", 1},
};

/* PyTorch's and NumPy's other spellings, so users can write what they know. */
static const struct {
    const char *alias;
    inductor_dtype dt;
} aliases[] = {
    {"float", INDUCTOR_FLOAT32}, {"double", INDUCTOR_FLOAT64},
    {"half", INDUCTOR_FLOAT16},  {"long", INDUCTOR_INT64},
    {"int", INDUCTOR_INT32},     {"short", INDUCTOR_INT16},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *inductor_dtype_name(inductor_dtype dt)
{
    for (size_t i = 0; i < COUNT(dtypes); i++)
        if (dtypes[i].dt == dt)
            return dtypes[i].name;
    return NULL;
}

size_t inductor_dtype_size(inductor_dtype dt)
{
    for (size_t i = 0; i < COUNT(dtypes); i++)
        if (dtypes[i].dt == dt)
            return dtypes[i].size;
    return 0;
}

inductor_dtype inductor_dtype_from_name(const char *name)
{
    if (name == NULL)
        return INDUCTOR_DTYPE_INVALID;
    for (size_t i = 0; i < COUNT(dtypes); i++)
        if (strcmp(dtypes[i].name, name) == 0)
            return dtypes[i].dt;
    for (size_t i = 0; i < COUNT(aliases); i++)
        if (strcmp(aliases[i].alias, name) == 0)
            return aliases[i].dt;
    return INDUCTOR_DTYPE_INVALID;
}
