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

/* inductor_package_open() for a zip already open as `fd`, named
 * `display_name` in messages; the package takes ownership of `fd` (closed
 * by inductor_package_close(), or before this returns on failure). */
inductor_status package_open_fd(int fd, const char *display_name,
                                inductor_package **out);

/* The model called `model`, or NULL. */
const package_model *package_find_model(const inductor_package *p,
                                        const char *model);

/* INDUCTOR_OK if the package has `model`, else INDUCTOR_ERR_MODEL_NOT_FOUND
 * ("no model 'NAME' in the package") recorded as this thread's error: the
 * check every per-model inspection function starts with. */
inductor_status package_require_model(const inductor_package *p,
                                      const char *model);

#endif /* INDUCTOR_PACKAGE_INTERNAL_H */
