/*
 * provenance.h - `--provenance FILE.json`: a record of one command's run
 * (package hash, versions, backend module, device, host, threads, every
 * input and output buffer's hash, timings, UTC time), written atomically
 * in the "inductor-provenance/1" schema (docs/provenance.md,
 * docs/provenance.schema.json).
 *
 * A command fills a provenance_run as it goes: provenance_init() at its
 * start, the package and load facts after it opens the model,
 * provenance_add_request() after each run (tensors are hashed then, so
 * they may be freed at once), and provenance_write() at its end.  Nothing
 * here knows which command is running: infer, bench and verify differ
 * only in what they put in `command`, `requests` and `extra`.
 */
#ifndef INDUCTOR_CLI_PROVENANCE_H
#define INDUCTOR_CLI_PROVENANCE_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "inductor.h"

#define PROVENANCE_SCHEMA "inductor-provenance/1"

/* One tensor as it crossed the model boundary. */
typedef struct provenance_tensor {
    char *name;       /* input name or output key; NULL: none known */
    inductor_dtype dtype;
    int64_t *shape;
    size_t ndim;
    uint64_t bytes;   /* numel * dtype size: exactly what was hashed */
    char sha256[65];  /* of the raw bytes: host, C-contiguous, its dtype */
} provenance_tensor;

/* One call of the model (or one request that never became a call). */
typedef struct provenance_request {
    long line;        /* --batch: the request's line number; 0 otherwise */
    provenance_tensor *inputs, *outputs;
    size_t n_inputs, n_outputs;
    double run_ms;    /* < 0: the model was not run */
    char *error;      /* NULL: the run succeeded */
} provenance_request;

typedef struct provenance_run {
    /* Filled by the command. */
    const char *command;      /* "infer", "bench", "verify" */
    const char *package_path; /* the resolved path of the .pt2 */
    const char *model_name;   /* model inside the package */
    const char *device;       /* the model's device ("cpu", "cuda:0") */
    int runners;              /* model runners */
    int callers;              /* threads calling the model (bench --threads) */
    int have_load;            /* load and open_ms below are set */
    inductor_load_stats load;
    double open_ms;           /* inductor_model_open() as the command timed it */
    const char *extra_key;    /* "bench", "verify": where `extra` goes */
    json_object *extra;       /* owned; command-specific results or NULL */
    int complete;             /* the command's runs all took place */
    /* Filled by the functions below. */
    char started_utc[40];
    char package_sha256[65];
    uint64_t package_bytes;
    provenance_request *requests;
    size_t n_requests, cap_requests;
} provenance_run;

/* Zeroes *r, names the command and notes the UTC start time. */
void provenance_init(provenance_run *r, const char *command);
void provenance_free(provenance_run *r);

/* Checks, before any work, that `path` can take a record: not "-" (the
 * results own standard output; EXIT_USAGE), not a directory, in a
 * directory that exists (EXIT_OUTPUT_FAILED).
 *
 * Like the rest of the CLI's writers, the functions here print their one
 * line ("inductor: error: ...") themselves and return the exit code. */
int provenance_check_path(const char *path);

/* Hashes the package file as it is on disk now (streamed), into
 * r->package_sha256 and r->package_bytes.  Call it right after the model is
 * opened, so the hash is of the file that was loaded.  EXIT_OK or
 * EXIT_UNUSABLE. */
int provenance_hash_package(provenance_run *r);

/* Records one request: hashes each input and output now.  Names come from
 * `sig` (input names, output keys) when it describes as many as given;
 * `outs` may be NULL (n_out 0) and `error` non-NULL for a failed request.
 * EXIT_OK, or EXIT_RUN_FAILED (out of memory, libcrypto failure). */
int provenance_add_request(provenance_run *r, long line,
                           inductor_tensor *const *in, size_t n_in,
                           inductor_tensor *const *outs, size_t n_out,
                           const inductor_signature *sig, double run_ms,
                           const char *error);

/* Collects the facts of this process (versions, backend module, device
 * properties, host, threads), stamps the finish time and writes the record
 * to `path` atomically (temporary file, fsync, rename: never a partial
 * file).  Hashes the package first if provenance_hash_package() was not
 * called.  EXIT_OK, or EXIT_OUTPUT_FAILED (EXIT_UNUSABLE for an
 * unreadable package, EXIT_RUN_FAILED when out of memory). */
int provenance_write(const char *path, provenance_run *r);

/* The record as JSON (what provenance_write() writes); caller puts it. */
json_object *provenance_json(const provenance_run *r);

#endif /* INDUCTOR_CLI_PROVENANCE_H */
