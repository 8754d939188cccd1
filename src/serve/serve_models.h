/*
 * serve_models.h - the models a server serves: found in model
 * repositories and --model options, each version a separate entry, loaded
 * before the server says it is ready.
 *
 * Repository layouts (a --model-repository DIR):
 *   DIR/NAME.pt2                inductor's: version 1
 *   DIR/NAME/model.pt2          inductor's discovery layout: version 1
 *   DIR/NAME/V/model.pt2        Triton's: every numeric V is a version;
 *                               the highest is served without /versions/V
 *   FILE.pt2                    KServe's single model given as a file
 * KServe's single model in a directory (DIR/model.pt2) is the first
 * layout.  A --model [NAME=]M.pt2 is version 1 of NAME (default: the file
 * name without .pt2); M may also be a directory holding exactly one .pt2
 * (KServe's storage initializer's /mnt/models).
 */
#ifndef INDUCTOR_SERVE_MODELS_H
#define INDUCTOR_SERVE_MODELS_H

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>

#include "inductor.h"
#include "serve_codec.h"
#include "serve_metrics.h"

typedef struct serve_model {
    char *name;
    char *version;    /* "1", "2", ... */
    long version_num;
    char *path;
    int latest;       /* the highest version of its name */
    inductor_model *m;
    serve_sig pkg_sig; /* from the package, before it loads */
    serve_sig run_sig; /* from the loaded model, once ready */
    atomic_int ready;
    char error[512];  /* why it is not ready, "" while loading */
    serve_metrics metrics;
} serve_model;

typedef struct serve_registry {
    serve_model **models;
    size_t n;
    int verify; /* serve --verify */
} serve_registry;

/* Adds every model in a repository (directory or file).  Returns 0, or -1
 * with a one-line reason in err. */
int serve_registry_add_repository(serve_registry *reg, const char *dir,
                                  char *err, size_t errlen);
/* Adds a --model [NAME=]M.pt2.  Returns 0 or -1 with err. */
int serve_registry_add_model(serve_registry *reg, const char *spec, char *err,
                             size_t errlen);
/* Marks each name's highest version as its latest, and checks that no
 * name and version appears twice.  Returns 0 or -1 with err. */
int serve_registry_finish(serve_registry *reg, char *err, size_t errlen);

/* Loads every model: `runners` each on `device`.  A failure is stored in
 * the model's error and counted; returns the number that failed.  Stops
 * early, between two models, once *stop is non-zero (a signal handler's
 * flag; may be NULL). */
size_t serve_registry_load(serve_registry *reg, const char *device,
                           size_t runners, void (*log)(const serve_model *),
                           const volatile sig_atomic_t *stop);

/* With verify set (serve --verify), serve_registry_load() makes a model
 * ready only after its golden check passes (golden_check.h): a package
 * without golden data, or one whose outputs differ, is not ready and its
 * error says why.  Set before loading. */
void serve_registry_set_verify(serve_registry *reg, int verify);

/* The model NAME at version `version` (NULL: its latest), or NULL. */
serve_model *serve_registry_find(const serve_registry *reg, const char *name,
                                 const char *version);
/* The signature to answer with: the loaded model's once ready. */
const serve_sig *serve_model_sig(const serve_model *m);

/* 1 when every model is ready. */
int serve_registry_ready(const serve_registry *reg);
void serve_registry_free(serve_registry *reg);

#endif /* INDUCTOR_SERVE_MODELS_H */
