/*
 * serve_infer.h - one inference in four layers, front end agnostic:
 * decode (the front end's thread, serve_infer_decode()), queue (the
 * pool, serve_pool.h), run and encode (a worker, serve_infer_run()).  A
 * request that does not decode is answered at once and never takes a
 * queue slot; a dynamic batcher would take several decoded jobs of one
 * model from the queue and run them as one, encoding each answer apart.
 */
#ifndef INDUCTOR_SERVE_INFER_H
#define INDUCTOR_SERVE_INFER_H

#include "serve_buf.h"
#include "serve_codec.h"
#include "serve_models.h"
#include "serve_pool.h"

typedef struct serve_infer_job {
    serve_job base;         /* first: the pool hands this back */
    serve_model *model;
    serve_request req;      /* decoded; binary inputs borrow the body */
    double received_ms;     /* when the request arrived */
    void (*done)(struct serve_infer_job *job);
    void *ctx;              /* the front end's */
    /* Results, set before done(): */
    int status;             /* HTTP status: 200, 400, 500 */
    serve_buf response;     /* the body */
    long long response_header_len; /* JSON part when outputs are binary, else -1 */
} serve_infer_job;

/* Decodes `len` bytes of `body` (which must outlive the job) into
 * job->req for job->model.  Returns 0, or -1 with job->status 400 and
 * the error body in job->response, counted as a failure. */
int serve_infer_decode(serve_infer_job *job, const char *body, size_t len,
                       long long header_len);

/* The pool's run function for a serve_infer_job: run, encode, done(). */
void serve_infer_run(serve_job *job);

/* Frees what the job holds (its request and any response left). */
void serve_infer_job_clear(serve_infer_job *job);

/* Counts a request refused before it reached a worker (queue full, not
 * ready): a failure in the model's metrics. */
void serve_infer_count_refused(serve_model *m);

#endif /* INDUCTOR_SERVE_INFER_H */
