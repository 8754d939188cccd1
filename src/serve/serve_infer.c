/*
 * serve_infer.c - decode, run, encode: kept as three separate steps so
 * that a dynamic batcher could later run several decoded requests in one
 * execution and encode each answer apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_codec.h"
#include "serve_infer.h"

static void add_us(atomic_uint_least64_t *c, double ms)
{
    atomic_fetch_add(c, (uint_least64_t)(ms > 0 ? ms * 1e3 : 0));
}

/* Runs the model; 200, or an error status with the message in err. */
static int run_model(serve_model *m, serve_request *req,
                     inductor_tensor **outs, char *err, size_t errlen)
{
    inductor_status s = inductor_model_run(m->m, req->inputs, req->n_in, outs,
                                           req->n_out);

    if (s == INDUCTOR_OK)
        return 200;
    snprintf(err, errlen, "%s", inductor_last_error());
    return s == INDUCTOR_ERR_INPUT_MISMATCH || s == INDUCTOR_ERR_UNSUPPORTED ? 400 : 500;
}

void serve_infer_run(serve_job *base)
{
    serve_infer_job *job = (serve_infer_job *)base;
    serve_model *m = job->model;
    const serve_sig *sig = serve_model_sig(m);
    double start = serve_now_ms(), t0;
    inductor_tensor **outs = calloc(sig->n_out ? sig->n_out : 1, sizeof *outs);
    serve_request req;
    char err[1024] = "";
    int status;

    add_us(&m->metrics.queue_us, start - job->base.queued_ms);
    memset(&req, 0, sizeof req);
    job->response_header_len = -1;
    if (outs == NULL) {
        status = 500;
        snprintf(err, sizeof err, "out of memory");
    } else if (serve_decode_request(sig, job->body, job->len, job->header_len,
                                    &req, err, sizeof err) != 0) {
        status = 400;
    } else {
        t0 = serve_now_ms();
        status = run_model(m, &req, outs, err, sizeof err);
        add_us(&m->metrics.compute_us, serve_now_ms() - t0);
        atomic_fetch_add(&m->metrics.exec_count, 1);
        if (status == 200) {
            atomic_fetch_add(&m->metrics.count, req.batch);
            if (serve_encode_response(sig, m->name, m->version, &req, outs,
                                      &job->response,
                                      &job->response_header_len) != 0) {
                serve_buf_free(&job->response);
                status = 500;
                snprintf(err, sizeof err, "out of memory encoding the response");
            }
        }
    }
    if (status != 200) {
        job->response_header_len = -1;
        serve_buf_free(&job->response);
        serve_encode_error(&job->response, err);
        atomic_fetch_add(&m->metrics.failure, 1);
    } else {
        atomic_fetch_add(&m->metrics.success, 1);
    }
    add_us(&m->metrics.request_us, serve_now_ms() - job->received_ms);
    for (size_t i = 0; outs && i < sig->n_out; i++)
        inductor_tensor_free(outs[i]);
    free(outs);
    serve_request_free(&req);
    job->status = status;
    job->done(job);
}

void serve_infer_count_refused(serve_model *m)
{
    atomic_fetch_add(&m->metrics.failure, 1);
}
