/*
 * test_serve_pool.c - the server's worker pool: jobs run on the workers
 * in order, the queue refuses a job beyond its bound at once (the server
 * answers 503), and stopping runs what was queued.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "serve_pool.h"
#include "tap.h"

typedef struct test_job {
    serve_job base;
    int id;
} test_job;

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static atomic_int ran, order_ok = 1, last = -1;

/* Blocks while the test holds `gate`, so that jobs pile up. */
static void run(serve_job *j)
{
    test_job *t = (test_job *)j;

    pthread_mutex_lock(&gate);
    pthread_mutex_unlock(&gate);
    if (t->id <= atomic_load(&last))
        atomic_store(&order_ok, 0);
    atomic_store(&last, t->id);
    atomic_fetch_add(&ran, 1);
}

int main(void)
{
    test_job jobs[8];
    serve_pool *p;
    int accepted = 0, refused = 0;

    plan(5);
    pthread_mutex_lock(&gate);
    p = serve_pool_start(1, 3);
    ok(p != NULL, "a pool of 1 worker and a queue of 3 starts");
    for (int i = 0; i < 8; i++) {
        jobs[i].base.run = run;
        jobs[i].id = i;
        if (serve_pool_submit(p, &jobs[i].base) == 0)
            accepted++;
        else
            refused++;
        usleep(20000); /* let the worker take the first job */
    }
    /* 1 running (blocked) + 3 queued; the rest refused at once. */
    is_int(accepted, 4, "one job running and 3 queued are accepted");
    is_int(refused, 4, "jobs beyond the queue are refused, not waited for");
    pthread_mutex_unlock(&gate);
    serve_pool_stop(p);
    is_int(atomic_load(&ran), 4, "stopping runs every accepted job");
    ok(atomic_load(&order_ok), "jobs run in the order they were queued");
    return done_testing();
}
