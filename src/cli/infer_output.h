/*
 * infer_output.h - how `infer` reports outputs: JSON or pretty text on
 * stdout or into a file, plus one .npy per output with --output-dir.
 */
#ifndef INDUCTOR_CLI_INFER_OUTPUT_H
#define INDUCTOR_CLI_INFER_OUTPUT_H

#include "inductor.h"

typedef struct infer_output_opts {
    const char *format;     /* "json" or "pretty" */
    const char *path;       /* NULL or "-": stdout */
    const char *output_dir; /* NULL: no .npy files */
    int with_data;          /* 0 for --summary */
    long long peak_device_bytes; /* -1: not a GPU model, not reported */
} infer_output_opts;

/* Writes the .npy files (if any), then the report.  keys[i] is output i's
 * dict key or NULL (keys may be NULL).  Returns EXIT_OK, or prints the
 * error and returns EXIT_OUTPUT_FAILED (or EXIT_RUN_FAILED when out of
 * memory). */
int infer_output_write(const infer_output_opts *o, inductor_tensor *const *outs,
                       const char *const *keys, size_t n, double latency_ms);

#endif /* INDUCTOR_CLI_INFER_OUTPUT_H */
