/*
 * serve_infer.h - one inference, front end agnostic: decode the body,
 * run the model, encode the response, count it.  The HTTP layer fills a
 * job and queues it (serve_pool.h); a worker runs it and calls done().
 */
#ifndef INDUCTOR_SERVE_INFER_H
#define INDUCTOR_SERVE_INFER_H

#include "serve_buf.h"
#include "serve_models.h"
#include "serve_pool.h"

typedef struct serve_infer_job {
    serve_job base;         /* first: the pool hands this back */
    serve_model *model;
    const char *body;       /* the request, borrowed until done() */
    size_t len;
    long long header_len;   /* Inference-Header-Content-Length, or -1 */
    double received_ms;     /* when the request was complete */
    void (*done)(struct serve_infer_job *job);
    void *ctx;              /* the front end's */
    /* Results, set before done(): */
    int status;             /* HTTP status: 200, 400, 500 */
    serve_buf response;     /* the body */
    long long response_header_len; /* JSON part when outputs are binary, else -1 */
} serve_infer_job;

/* The pool's run function for a serve_infer_job. */
void serve_infer_run(serve_job *job);

/* Counts a request refused before it reached a worker (queue full, not
 * ready): a failure in the model's metrics. */
void serve_infer_count_refused(serve_model *m);

#endif /* INDUCTOR_SERVE_INFER_H */
