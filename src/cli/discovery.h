/*
 * discovery.h - models by name.  `--model NAME` (no '/', no ".pt2" at the
 * end) is looked up, first match wins, in:
 *   1. $MODELS_DIR            (when set and not empty)
 *   2. ./models               (relative to the current directory, and only
 *                             when both it and "." are owned by this user
 *                             or root and not writable by others: a
 *                             directory someone else controls must not
 *                             choose the code a bare `inductor infer` runs)
 *   3. $(pkgdatadir)/models   (the installed models, e.g. `default`)
 * as NAME/model.pt2, then NAME.pt2.  Anything else is a path.
 */
#ifndef INDUCTOR_CLI_DISCOVERY_H
#define INDUCTOR_CLI_DISCOVERY_H

#include <stddef.h>

/* The model used when none is given. */
#define DISCOVERY_DEFAULT_MODEL "default"

#define DISCOVERY_MAX_DIRS 3

/* 1 if `spec` is a model name rather than a path. */
int discovery_is_name(const char *spec);

/* 1 if ./models may be searched; otherwise 0 with the reason in why. */
int discovery_cwd_models_trusted(char *why, size_t len);

/* The search directories, in order, into dirs[] (borrowed: from the
 * environment or static); returns how many. */
size_t discovery_dirs(const char *dirs[DISCOVERY_MAX_DIRS]);

/* The package for `spec`: a path is returned as is, a name is resolved.
 * On success *path is malloc'd.  Returns EXIT_OK, or prints
 * "inductor: error: model 'NAME' not found (looked in ...)" and returns
 * EXIT_UNUSABLE. */
int discovery_resolve(const char *spec, char **path);

/* The package a name has in one directory, malloc'd, or NULL. */
char *discovery_find_in(const char *dir, const char *name);

#endif /* INDUCTOR_CLI_DISCOVERY_H */
