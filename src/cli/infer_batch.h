/*
 * infer_batch.h - `inductor infer --batch FILE|-`: JSON Lines in, one
 * result line out per request, one model load for the whole stream.
 */
#ifndef INDUCTOR_CLI_INFER_BATCH_H
#define INDUCTOR_CLI_INFER_BATCH_H

#include "inductor.h"
#include "provenance.h"

/* Reads requests from `source` ("-": standard input), one JSON document
 * per line in any of infer's JSON input forms; blank lines are skipped.
 * For each, writes one line on stdout and flushes it: the same output JSON
 * as `infer` (without data when with_data is 0), or {"error": "...",
 * "line": N} for a request that could not be decoded or run; the stream
 * goes on.  Returns EXIT_OK when every request succeeded, EXIT_BAD_INPUT
 * if any request was malformed or did not fit the model (or the source
 * cannot be read), else EXIT_RUN_FAILED if any run failed, and
 * EXIT_OUTPUT_FAILED (stopping at once) when stdout cannot be written.
 * With `prov` (else NULL), each request is recorded, a malformed one with
 * its line and error only, and prov->complete set when the stream was read
 * to its end. */
int infer_batch_run(const char *source, inductor_model *m,
                    const inductor_signature *sig, int with_data,
                    provenance_run *prov);

#endif /* INDUCTOR_CLI_INFER_BATCH_H */
