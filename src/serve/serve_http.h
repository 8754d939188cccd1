/*
 * serve_http.h - the Open Inference Protocol's REST endpoints over
 * libmicrohttpd (HTTP/1.1, keep-alive).  A few polling threads (one per
 * core, up to 8) do all socket I/O and decode requests, so a slow or
 * stalled client holds no worker: a request reaches the worker pool only
 * once its whole body has arrived and decoded, and a connection idle for
 * the request timeout is closed.
 */
#ifndef INDUCTOR_SERVE_HTTP_H
#define INDUCTOR_SERVE_HTTP_H

#include <stddef.h>

#include "serve_models.h"
#include "serve_pool.h"

typedef struct serve_http_config {
    const char *host;          /* numeric address to listen on */
    unsigned port;             /* 0: any free port */
    size_t max_request_bytes;  /* larger bodies: 413 before reading them */
    unsigned request_timeout;  /* seconds a connection may sit idle */
    int log_requests;          /* one line on stderr per request */
    int allow_partial;         /* ready with only the models that loaded */
} serve_http_config;

typedef struct serve_http serve_http;

/* Listens and answers (health: live; ready once serve_http_set_loaded()
 * says loading is over).  NULL with a one-line reason in err. */
serve_http *serve_http_start(const serve_http_config *cfg, serve_registry *reg,
                             serve_pool *pool, char *err, size_t errlen);
/* The port actually bound. */
unsigned serve_http_port(const serve_http *h);
void serve_http_set_loaded(serve_http *h);
/* Stops accepting connections, waits up to grace_s seconds for the
 * requests in flight to be answered, then stops the pool (the jobs
 * running finish and are answered) and closes everything; frees the pool
 * given to serve_http_start().  Returns
 * the number of requests still in flight when it gave up (0: all
 * answered). */
size_t serve_http_stop(serve_http *h, double grace_s);

#endif /* INDUCTOR_SERVE_HTTP_H */
