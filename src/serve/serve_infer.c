/*
 * serve_infer.c - decode, run, encode: separate steps (see serve_infer.h)
 * with the model's metrics counted on the way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "file_util.h"
#include "serve_codec.h"
#include "serve_infer.h"

static void add_us(atomic_uint_least64_t *c, double ms)
{
    atomic_fetch_add(c, (uint_least64_t)(ms > 0 ? ms * 1e3 : 0));
}

static void fail(serve_infer_job *job, int status, const char *msg)
{
    serve_model *m = job->model;

    job->status = status;
    job->response_header_len = -1;
    serve_buf_free(&job->response);
    serve_encode_error(&job->response, msg);
    atomic_fetch_add(&m->metrics.failure, 1);
    add_us(&m->metrics.request_us, mono_now_ms() - job->received_ms);
}

int serve_infer_decode(serve_infer_job *job, const char *body, size_t len,
                       long long header_len)
{
    char err[1024] = "";

    job->response_header_len = -1;
    if (serve_decode_request(serve_model_sig(job->model), body, len,
                             header_len, &job->req, err, sizeof err) == 0)
        return 0;
    fail(job, 400, err);
    return -1;
}

/* Runs the model; 200, or an error status with the message in err. */
static int run_model(serve_model *m, serve_request *req,
                     inductor_tensor **outs, char *err, size_t errlen)
{
    inductor_status s = inductor_model_run(m->m, req->inputs, req->n_in, outs,
                                           req->n_out);

    if (s == INDUCTOR_OK)
        return 200;
    errbuf_set(err, errlen, "%s", inductor_last_error());
    return s == INDUCTOR_ERR_INPUT_MISMATCH || s == INDUCTOR_ERR_UNSUPPORTED ? 400 : 500;
}

void serve_infer_run(serve_job *base)
{
    serve_infer_job *job = (serve_infer_job *)base;
    serve_model *m = job->model;
    const serve_sig *sig = serve_model_sig(m);
    inductor_tensor **outs = calloc(sig->n_out ? sig->n_out : 1, sizeof *outs);
    double t0 = mono_now_ms();
    char err[1024] = "";
    int status = 500;

    add_us(&m->metrics.queue_us, t0 - job->base.queued_ms);
    if (outs == NULL) {
        snprintf(err, sizeof err, "out of memory");
    } else {
        status = run_model(m, &job->req, outs, err, sizeof err);
        add_us(&m->metrics.compute_us, mono_now_ms() - t0);
        atomic_fetch_add(&m->metrics.exec_count, 1);
    }
    if (status == 200 &&
        serve_encode_response(sig, m->name, m->version, &job->req, outs,
                              &job->response, &job->response_header_len) != 0) {
        status = 500;
        snprintf(err, sizeof err, "out of memory encoding the response");
    }
    if (status == 200) {
        job->status = 200;
        atomic_fetch_add(&m->metrics.count, job->req.batch);
        atomic_fetch_add(&m->metrics.success, 1);
        add_us(&m->metrics.request_us, mono_now_ms() - job->received_ms);
    } else {
        fail(job, status, err);
    }
    for (size_t i = 0; outs && i < sig->n_out; i++)
        inductor_tensor_free(outs[i]);
    free(outs);
    /* The inputs are done with: free them on this thread, now. */
    serve_request_free(&job->req);
    job->done(job);
}

void serve_infer_job_clear(serve_infer_job *job)
{
    serve_request_free(&job->req);
    serve_buf_free(&job->response);
}

void serve_infer_count_refused(serve_model *m)
{
    atomic_fetch_add(&m->metrics.failure, 1);
}
