/*
 * serve_http.c - see serve_http.h.  Routes, answers health, metadata and
 * metrics at once, and hands an infer request, once its body is whole,
 * to the worker pool with its connection suspended; the worker resumes
 * it when the answer is ready.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "errbuf.h"
#include "file_util.h"
#include "inductor.h"
#include "serve_http.h"
#include "serve_infer.h"
#include "serve_mhd.h"  /* after <microhttpd.h>: MHD_* calls go through it */

struct serve_http {
    struct MHD_Daemon *d;
    serve_http_config cfg;
    serve_registry *reg;
    serve_pool *pool;
    unsigned port;
    atomic_int loaded, stopping;
    atomic_size_t in_flight;
};

enum route {
    R_NONE, R_LIVE, R_READY, R_SERVER, R_METRICS, R_MODEL, R_MODEL_READY,
    R_INFER
};

enum { PH_RECEIVING, PH_QUEUED, PH_DONE };

typedef struct request {
    serve_http *h;
    struct MHD_Connection *conn;
    enum route route;
    serve_model *model;
    int versioned;
    char *body;
    size_t len, cap;
    long long header_len;
    atomic_int phase;
    serve_infer_job job;
    double start_ms;
    unsigned status;
    int answered;            /* a response is queued: ignore the rest */
    size_t discarded;        /* bytes past the limit of a body without a
                                Content-Length (chunked), thrown away */
    size_t response_bytes;
    char method[8];
    char url[256];
} request;

/* ---- responses ------------------------------------------------------- */

static enum MHD_Result send_body(request *r, unsigned status, char *data,
                                 size_t len, const char *type,
                                 long long header_len)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer_with_free_callback(len, data, free);
    enum MHD_Result ret;
    char hl[32];

    if (resp == NULL) {
        free(data);
        return MHD_NO;
    }
    if (type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (header_len >= 0) {
        snprintf(hl, sizeof hl, "%lld", header_len);
        MHD_add_response_header(resp, "Inference-Header-Content-Length", hl);
    }
    /* While draining, clients reconnect elsewhere rather than reuse. */
    if (atomic_load(&r->h->stopping))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    r->status = status;
    r->answered = 1;
    r->response_bytes = len;
    ret = MHD_queue_response(r->conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result send_buf(request *r, unsigned status, serve_buf *b,
                                const char *type)
{
    size_t len;
    char *data = serve_buf_take(b, &len);

    if (data == NULL)
        return MHD_NO;
    return send_body(r, status, data, len, type, -1);
}

static enum MHD_Result send_error(request *r, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum MHD_Result send_error(request *r, unsigned status, const char *fmt, ...)
{
    serve_buf b = {0};
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    serve_encode_error(&b, msg);
    return send_buf(r, status, &b, "application/json");
}

static enum MHD_Result send_empty(request *r, unsigned status)
{
    return send_body(r, status, calloc(1, 1), 0, NULL, -1);
}

/* ---- routing ----------------------------------------------------------- */

/* /v2/models/NAME[/versions/V][/ready|/infer] */
static enum route route_model(serve_http *h, request *r, const char *rest)
{
    char name[256], version[64] = "", tail[32] = "";
    const char *p = strchr(rest, '/');
    size_t n = p ? (size_t)(p - rest) : strlen(rest);

    if (n == 0 || n >= sizeof name)
        return R_NONE;
    memcpy(name, rest, n);
    name[n] = '\0';
    if (p && strncmp(p, "/versions/", 10) == 0) {
        const char *v = p + 10, *q = strchr(v, '/');
        size_t vn = q ? (size_t)(q - v) : strlen(v);

        if (vn == 0 || vn >= sizeof version)
            return R_NONE;
        memcpy(version, v, vn);
        version[vn] = '\0';
        p = q;
        r->versioned = 1;
    }
    if (p && strlen(p) < sizeof tail)
        strcpy(tail, p);
    else if (p)
        return R_NONE;
    r->model = serve_registry_find(h->reg, name, *version ? version : NULL);
    if (*tail == '\0')
        return R_MODEL;
    if (strcmp(tail, "/ready") == 0)
        return R_MODEL_READY;
    if (strcmp(tail, "/infer") == 0)
        return R_INFER;
    return R_NONE;
}

static enum route route(serve_http *h, request *r, const char *url)
{
    if (strcmp(url, "/v2/health/live") == 0)
        return R_LIVE;
    if (strcmp(url, "/v2/health/ready") == 0)
        return R_READY;
    if (strcmp(url, "/v2") == 0 || strcmp(url, "/v2/") == 0)
        return R_SERVER;
    if (strcmp(url, "/metrics") == 0)
        return R_METRICS;
    if (strncmp(url, "/v2/models/", 11) == 0)
        return route_model(h, r, url + 11);
    return R_NONE;
}

/* ---- GET endpoints ----------------------------------------------------- */

static int server_ready(serve_http *h)
{
    int any = 0;

    if (!atomic_load(&h->loaded) || atomic_load(&h->stopping))
        return 0;
    for (size_t i = 0; i < h->reg->n; i++) {
        if (atomic_load(&h->reg->models[i]->ready))
            any = 1;
        else if (!h->cfg.allow_partial)
            return 0;
    }
    return any;
}

static void put_tensors(serve_buf *b, const serve_io *ios, size_t n)
{
    serve_buf_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        const char *dt = serve_datatype_name(ios[i].dtype);

        serve_buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
        serve_buf_json_string(b, ios[i].name);
        /* A package from elsewhere records no dtype: say so, not guess. */
        serve_buf_printf(b, ",\"datatype\":\"%s\",\"shape\":[",
                         dt ? dt : "UNKNOWN");
        for (size_t k = 0; ios[i].shape_known && k < ios[i].ndim; k++)
            serve_buf_printf(b, "%s%lld", k ? "," : "", (long long)ios[i].sizes[k]);
        serve_buf_puts(b, "]}");
    }
    serve_buf_puts(b, "]");
}

static enum MHD_Result model_metadata(request *r)
{
    const serve_model *m = r->model;
    const serve_sig *sig = serve_model_sig(m);
    serve_buf b = {0};
    int first = 1;

    serve_buf_puts(&b, "{\"name\":");
    serve_buf_json_string(&b, m->name);
    serve_buf_puts(&b, ",\"versions\":[");
    for (size_t i = 0; i < r->h->reg->n; i++) {
        const serve_model *o = r->h->reg->models[i];

        if (strcmp(o->name, m->name) != 0 || (r->versioned && o != m))
            continue;
        serve_buf_puts(&b, first ? "" : ",");
        serve_buf_json_string(&b, o->version);
        first = 0;
    }
    serve_buf_puts(&b, "],\"platform\":\"pytorch_aotinductor\",\"inputs\":");
    put_tensors(&b, sig->in, sig->n_in);
    serve_buf_puts(&b, ",\"outputs\":");
    put_tensors(&b, sig->out, sig->n_out);
    /* Why a model is not ready (a failed load or serve --verify's golden
     * check): the protocol has no field for it, so an extra one. */
    if (!atomic_load(&m->ready) && *m->error) {
        serve_buf_puts(&b, ",\"error\":");
        serve_buf_json_string(&b, m->error);
    }
    serve_buf_puts(&b, "}");
    return send_buf(r, MHD_HTTP_OK, &b, "application/json");
}

static enum MHD_Result answer_get(request *r)
{
    serve_http *h = r->h;
    serve_buf b = {0};

    switch (r->route) {
    case R_LIVE:
        return send_empty(r, MHD_HTTP_OK);
    case R_READY:
        return send_empty(r, server_ready(h) ? MHD_HTTP_OK
                                             : MHD_HTTP_SERVICE_UNAVAILABLE);
    case R_SERVER:
        serve_buf_printf(&b, "{\"name\":\"inductor\",\"version\":\"%s\","
                         "\"extensions\":[\"binary_tensor_data\"]}",
                         inductor_version());
        return send_buf(r, MHD_HTTP_OK, &b, "application/json");
    case R_METRICS:
        serve_metrics_render(h->reg, &b);
        return send_buf(r, MHD_HTTP_OK, &b, "text/plain; version=0.0.4");
    case R_MODEL:
        return model_metadata(r);
    case R_MODEL_READY:
        return send_empty(r, atomic_load(&r->model->ready) &&
                                     !atomic_load(&h->stopping)
                                 ? MHD_HTTP_OK
                                 : MHD_HTTP_SERVICE_UNAVAILABLE);
    default:
        return send_error(r, MHD_HTTP_NOT_FOUND, "not found");
    }
}

/* ---- infer ------------------------------------------------------------- */

static void job_done(serve_infer_job *job)
{
    request *r = job->ctx;

    atomic_store(&r->phase, PH_DONE);
    MHD_resume_connection(r->conn);
}

/* Checks made before any of the body is read. */
static enum MHD_Result infer_begin(request *r)
{
    const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *hl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                 "Inference-Header-Content-Length");
    char *end;

    if (!atomic_load(&r->model->ready))
        return send_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "model '%s' version "
                          "%s is not ready%s%s", r->model->name,
                          r->model->version, *r->model->error ? ": " : "",
                          r->model->error);
    if (cl) {
        unsigned long long n;

        errno = 0;
        n = strtoull(cl, &end, 10);
        if (errno == 0 && end != cl && n > r->h->cfg.max_request_bytes)
            return send_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "request body of "
                              "%llu bytes is over the limit of %zu bytes", n,
                              r->h->cfg.max_request_bytes);
    }
    r->header_len = -1;
    if (hl) {
        errno = 0;
        r->header_len = strtoll(hl, &end, 10);
        if (errno != 0 || end == hl || *end != '\0' || r->header_len < 0)
            return send_error(r, MHD_HTTP_BAD_REQUEST, "Inference-Header-"
                              "Content-Length '%s' is not a byte count", hl);
    }
    return MHD_YES;
}

static enum MHD_Result infer_data(request *r, const char *data, size_t *size)
{
    size_t n = *size, limit = r->h->cfg.max_request_bytes;

    *size = 0;
    /* Only a body without a Content-Length (chunked) gets here over the
     * limit.  MHD cannot answer in the middle of a body, so the rest is
     * read and dropped, and 413 sent at its end; a client that goes on
     * far past the limit is disconnected instead. */
    if (r->discarded || r->len + n > limit) {
        r->discarded += n;
        return r->discarded > 16 * limit ? MHD_NO : MHD_YES;
    }
    if (r->len + n > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        char *p;

        while (cap < r->len + n)
            cap *= 2;
        if ((p = realloc(r->body, cap)) == NULL)
            return MHD_NO;
        r->body = p;
        r->cap = cap;
    }
    memcpy(r->body + r->len, data, n);
    r->len += n;
    return MHD_YES;
}

static enum MHD_Result infer_answer(request *r)
{
    serve_infer_job *job = &r->job;
    size_t len;
    char *data = serve_buf_take(&job->response, &len);

    if (data == NULL)
        return send_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    return send_body(r, (unsigned)job->status, data, len,
                     job->response_header_len >= 0 ? "application/octet-stream"
                                                   : "application/json",
                     job->response_header_len);
}

/* Decode here, on the I/O thread, so that a bad request is answered at
 * once; queue the decoded one for a worker. */
static enum MHD_Result infer_submit(request *r)
{
    serve_infer_job *job = &r->job;

    job->base.run = serve_infer_run;
    job->model = r->model;
    job->received_ms = r->start_ms;
    job->done = job_done;
    job->ctx = r;
    if (serve_infer_decode(job, r->body ? r->body : "", r->len,
                           r->header_len) != 0)
        return infer_answer(r);
    atomic_store(&r->phase, PH_QUEUED);
    /* Suspend before queueing: a fast worker may resume at once. */
    MHD_suspend_connection(r->conn);
    if (serve_pool_submit(r->h->pool, &job->base) != 0) {
        serve_request_free(&job->req);
        serve_infer_count_refused(r->model);
        job->status = MHD_HTTP_SERVICE_UNAVAILABLE;
        job->response_header_len = -1;
        serve_encode_error(&job->response, "server busy: the request queue is "
                           "full, try again later");
        atomic_store(&r->phase, PH_DONE);
        MHD_resume_connection(r->conn);
    }
    return MHD_YES;
}

/* ---- the access handler ----------------------------------------------- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *data,
                                  size_t *size, void **con_cls)
{
    serve_http *h = cls;
    request *r = *con_cls;

    if (r == NULL) {
        if ((r = calloc(1, sizeof *r)) == NULL)
            return MHD_NO;
        r->h = h;
        r->conn = conn;
        r->start_ms = mono_now_ms();
        snprintf(r->method, sizeof r->method, "%s", method);
        snprintf(r->url, sizeof r->url, "%s", url);
        for (char *c = r->url; *c; c++) /* one log line per request */
            if ((unsigned char)*c < 0x20 || *c == 0x7f)
                *c = '?';
        atomic_init(&r->phase, PH_RECEIVING);
        atomic_fetch_add(&h->in_flight, 1);
        *con_cls = r;
        r->route = route(h, r, url);
        if (r->route == R_NONE)
            return send_error(r, MHD_HTTP_NOT_FOUND, "no such endpoint: %s", url);
        if ((r->route == R_MODEL || r->route == R_MODEL_READY ||
             r->route == R_INFER) && r->model == NULL)
            return send_error(r, MHD_HTTP_NOT_FOUND, "unknown model: %s", url);
        if (r->route == R_INFER) {
            if (strcmp(method, MHD_HTTP_METHOD_POST) != 0)
                return send_error(r, MHD_HTTP_METHOD_NOT_ALLOWED,
                                  "%s takes POST, not %s", url, method);
            return infer_begin(r);
        }
        if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
            strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
            return send_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "%s takes GET, "
                              "not %s", url, method);
        return answer_get(r);
    }
    if (r->route != R_INFER || r->answered) {
        *size = 0; /* a body on a GET is ignored */
        return MHD_YES;
    }
    switch (atomic_load(&r->phase)) {
    case PH_RECEIVING:
        if (*size)
            return infer_data(r, data, size);
        if (r->discarded)
            return send_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "request body is "
                              "over the limit of %zu bytes",
                              r->h->cfg.max_request_bytes);
        return infer_submit(r);
    case PH_DONE:
        return infer_answer(r);
    default:
        return MHD_YES;
    }
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls, enum MHD_RequestTerminationCode why)
{
    serve_http *h = cls;
    request *r = *con_cls;

    if (r == NULL)
        return;
    if (h->cfg.log_requests) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        char addr[INET6_ADDRSTRLEN] = "-";

        if (ci && ci->client_addr) {
            const struct sockaddr *sa = ci->client_addr;
            if (sa->sa_family == AF_INET)
                inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
                          addr, sizeof addr);
            else if (sa->sa_family == AF_INET6)
                inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                          addr, sizeof addr);
        }
        fprintf(stderr, "inductor: serve: %s %s %s %u %zu bytes %.3f ms%s\n",
                addr, r->method, r->url, r->status, r->response_bytes,
                mono_now_ms() - r->start_ms,
                why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" :
                why == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? " (timed out)" :
                " (connection closed)");
    }
    serve_infer_job_clear(&r->job);
    free(r->body);
    free(r);
    *con_cls = NULL;
    atomic_fetch_sub(&h->in_flight, 1);
}

/* ---- start and stop --------------------------------------------------- */

static int resolve(const char *host, unsigned port, struct sockaddr_storage *ss,
                   char *err, size_t errlen)
{
    struct addrinfo hints, *ai = NULL;
    int rc;

    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if ((rc = getaddrinfo(host, NULL, &hints, &ai)) != 0 || ai == NULL)
        return errbuf_set(err, errlen, "--host %s: %s", host, gai_strerror(rc));
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    freeaddrinfo(ai);
    if (ss->ss_family == AF_INET)
        ((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
    else
        ((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
    return 0;
}

serve_http *serve_http_start(const serve_http_config *cfg, serve_registry *reg,
                             serve_pool *pool, char *err, size_t errlen)
{
    serve_http *h = calloc(1, sizeof *h);
    struct sockaddr_storage ss;
    const union MHD_DaemonInfo *info;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME;
    long io_threads;

    if (h == NULL) {
        errbuf_set(err, errlen, "out of memory");
        return NULL;
    }
    if (serve_mhd_load(err, errlen) != 0 ||
        resolve(cfg->host, cfg->port, &ss, err, errlen) != 0) {
        free(h);
        return NULL;
    }
    h->cfg = *cfg;
    h->reg = reg;
    h->pool = pool;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    /* I/O threads read bodies and decode requests: one per core, up to 8
     * (a request's decode never waits on a model, so more would not help). */
    io_threads = sysconf(_SC_NPROCESSORS_ONLN);
    io_threads = io_threads < 1 ? 1 : io_threads > 8 ? 8 : io_threads;
    errno = 0;
    h->d = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, on_request, h,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                            MHD_OPTION_CONNECTION_TIMEOUT,
                            (unsigned int)cfg->request_timeout,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned int)8192,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)io_threads,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
                            MHD_OPTION_END);
    if (h->d == NULL) {
        errbuf_set(err, errlen, "cannot listen on %s port %u: %s", cfg->host,
                   cfg->port, errno ? strerror(errno) : "libmicrohttpd failed");
        free(h);
        return NULL;
    }
    info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port : cfg->port;
    return h;
}

unsigned serve_http_port(const serve_http *h)
{
    return h->port;
}

void serve_http_set_loaded(serve_http *h)
{
    atomic_store(&h->loaded, 1);
}

/* Idle long enough that a client which had its answer and sent the next
 * request on the same connection would have been seen. */
#define SETTLE_MS 200.0

size_t serve_http_stop(serve_http *h, double grace_s)
{
    double until = mono_now_ms() + grace_s * 1e3, idle_since = -1;
    struct timespec nap = {0, 10 * 1000 * 1000};
    MHD_socket listener;
    size_t left;

    atomic_store(&h->stopping, 1);
    /* No new connections: the listening socket is ours to close now, and
     * must be, or the kernel would go on completing handshakes into its
     * backlog that nobody will answer. */
    listener = MHD_quiesce_daemon(h->d);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    /* Answers now carry "Connection: close"; wait until nothing is in
     * flight and has not been for SETTLE_MS, or the grace period ends. */
    while (mono_now_ms() < until) {
        left = atomic_load(&h->in_flight);
        if (left > 0)
            idle_since = -1;
        else if (idle_since < 0)
            idle_since = mono_now_ms();
        else if (mono_now_ms() - idle_since >= SETTLE_MS)
            break;
        nanosleep(&nap, NULL);
    }
    left = atomic_load(&h->in_flight);
    /* Jobs already running finish (a model run cannot be cut short) and
     * resume their connections before the daemon goes. */
    serve_pool_stop(h->pool);
    h->pool = NULL;
    MHD_stop_daemon(h->d);
    free(h);
    return left;
}
