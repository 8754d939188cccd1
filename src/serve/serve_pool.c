/*
 * serve_pool.c - see serve_pool.h.
 */
#include <pthread.h>
#include <stdlib.h>

#include "file_util.h"
#include "serve_pool.h"

struct serve_pool {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    serve_job *head, *tail;
    size_t queued, max_queue, idle;
    int stopping;
    size_t n_threads;
    pthread_t *threads;
};

static void *worker(void *arg)
{
    serve_pool *p = arg;

    for (;;) {
        serve_job *job;

        pthread_mutex_lock(&p->lock);
        p->idle++;
        while (p->head == NULL && !p->stopping)
            pthread_cond_wait(&p->wake, &p->lock);
        p->idle--;
        if ((job = p->head) == NULL) { /* stopping, and nothing left */
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        p->head = job->next;
        if (p->head == NULL)
            p->tail = NULL;
        p->queued--;
        pthread_mutex_unlock(&p->lock);
        job->next = NULL;
        job->run(job);
    }
}

serve_pool *serve_pool_start(size_t threads, size_t max_queue)
{
    serve_pool *p = calloc(1, sizeof *p);

    if (p == NULL || (p->threads = calloc(threads, sizeof *p->threads)) == NULL) {
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    p->max_queue = max_queue;
    for (; p->n_threads < threads; p->n_threads++)
        if (pthread_create(&p->threads[p->n_threads], NULL, worker, p) != 0) {
            serve_pool_stop(p);
            return NULL;
        }
    return p;
}

int serve_pool_submit(serve_pool *p, serve_job *job)
{
    int rc = -1;

    pthread_mutex_lock(&p->lock);
    /* A job that an idle worker takes at once does not wait in the queue:
     * the bound counts only jobs beyond the workers. */
    if (!p->stopping && p->queued < p->max_queue + p->idle) {
        job->next = NULL;
        job->queued_ms = mono_now_ms();
        if (p->tail)
            p->tail->next = job;
        else
            p->head = job;
        p->tail = job;
        p->queued++;
        pthread_cond_signal(&p->wake);
        rc = 0;
    }
    pthread_mutex_unlock(&p->lock);
    return rc;
}

size_t serve_pool_queued(serve_pool *p)
{
    size_t n;

    pthread_mutex_lock(&p->lock);
    n = p->queued;
    pthread_mutex_unlock(&p->lock);
    return n;
}

void serve_pool_stop(serve_pool *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->lock);
    p->stopping = 1;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    for (size_t i = 0; i < p->n_threads; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->wake);
    free(p->threads);
    free(p);
}
