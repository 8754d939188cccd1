/*
 * package_internal.h - the package index, shared by package.c and model.c.
 */
#ifndef INDUCTOR_PACKAGE_INTERNAL_H
#define INDUCTOR_PACKAGE_INTERNAL_H

#include "internal.h"
#include "pt2_archive.h"

typedef struct package_model {
    char *name;
    size_t n_meta;
    char **keys;
    char **values;
} package_model;

struct inductor_package {
    pt2_archive *archive;
    size_t n_models;
    package_model *models;
};

/* The model called `model`, or NULL. */
const package_model *package_find_model(const inductor_package *p,
                                        const char *model);

#endif /* INDUCTOR_PACKAGE_INTERNAL_H */
