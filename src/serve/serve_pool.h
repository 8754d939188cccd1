/*
 * serve_pool.h - a fixed pool of worker threads fed by one bounded FIFO
 * queue.  The queue is the seam between the protocol front end (HTTP
 * today, gRPC later) and model execution: a dynamic batcher would sit
 * here, taking several queued jobs for one model at once.
 */
#ifndef INDUCTOR_SERVE_POOL_H
#define INDUCTOR_SERVE_POOL_H

#include <stddef.h>

typedef struct serve_job serve_job;
struct serve_job {
    serve_job *next;
    void (*run)(serve_job *job); /* called on a worker thread */
    double queued_ms;            /* set by serve_pool_submit() */
};

typedef struct serve_pool serve_pool;

/* Starts `threads` workers; at most `max_queue` jobs wait beyond those
 * being run.  NULL if threads cannot be started. */
serve_pool *serve_pool_start(size_t threads, size_t max_queue);
/* Queues a job; 0, or -1 when the queue is full (the caller answers 503
 * at once rather than letting work pile up). */
int serve_pool_submit(serve_pool *p, serve_job *job);
/* Jobs waiting now (for /metrics and logs). */
size_t serve_pool_queued(serve_pool *p);
/* Runs what is queued, then stops and joins the workers, frees the pool. */
void serve_pool_stop(serve_pool *p);

#endif /* INDUCTOR_SERVE_POOL_H */
