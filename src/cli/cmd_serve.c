/*
 * cmd_serve.c - `inductor serve`: settle the settings, find the models,
 * listen, load the models, answer until SIGTERM or SIGINT, then drain.
 * The server itself is src/serve/: models (serve_models.c), the wire
 * format (serve_codec.h), the worker pool (serve_pool.c) and HTTP
 * (serve_http.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_common.h"
#include "commands.h"
#include "file_util.h"
#include "serve_cmdline.h"
#include "serve_http.h"
#include "serve_models.h"
#include "serve_pool.h"
#include "settings.h"

#define DEFAULT_MAX_REQUEST_BYTES (64LL << 20)
#define DEFAULT_TIMEOUT_S 60
#define DEFAULT_MAX_QUEUE 64
#define DEFAULT_GRACE_S 30

/* The first SIGTERM or SIGINT asks for a graceful stop: the handler
 * sets the flag (checked between model loads) and wakes the main thread
 * (self-pipe).  A second one while stopping is the impatient kind: the
 * cache's staging is cleaned up and the signal's default action runs, as
 * for the other commands (cache_signals.c). */
static int stop_pipe[2] = {-1, -1};
static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
    char c = (char)sig;
    ssize_t n;

    if (stop_requested) {
        inductor_cache_cleanup_staging();
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_requested = sig;
    n = write(stop_pipe[1], &c, 1);
    (void)n;
}

static int install_stop_handler(void)
{
    struct sigaction sa;

    if (pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return -1;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

static int wait_for_stop(void)
{
    struct pollfd p = {stop_pipe[0], POLLIN, 0};
    char c = 0;

    while (poll(&p, 1, -1) < 0 && errno == EINTR)
        ;
    if (read(stop_pipe[0], &c, 1) != 1)
        c = 0;
    return c;
}

/* Command line over environment over config file over defaults (the
 * keys infer has that serve uses: model, device, runners). */
static int settle(const struct serve_args *a, infer_settings *s)
{
    settings_options cli = {NULL, NULL, a->device_given ? a->device_arg : NULL};
    char runners[32];
    int rc = settings_settle(s, a->config_given ? a->config_arg : NULL, &cli);

    if (rc != EXIT_OK)
        return rc;
    if (a->runners_given) {
        snprintf(runners, sizeof runners, "%d", a->runners_arg);
        if ((rc = settings_set(s, "runners", runners, "--runners")) != EXIT_OK)
            return rc;
    }
    return EXIT_OK;
}

static int check_usage(const struct serve_args *a)
{
    if (a->port_given && (a->port_arg < 0 || a->port_arg > 65535))
        return cli_error(EXIT_USAGE, "--port must be from 0 to 65535, not %d",
                         a->port_arg);
    if (a->threads_given && (a->threads_arg < 1 || a->threads_arg > 4096))
        return cli_error(EXIT_USAGE, "--threads must be from 1 to 4096, not %d",
                         a->threads_arg);
    if (a->max_request_bytes_given && a->max_request_bytes_arg < 1)
        return cli_error(EXIT_USAGE, "--max-request-bytes must be at least 1");
    if (a->request_timeout_given && a->request_timeout_arg < 1)
        return cli_error(EXIT_USAGE, "--request-timeout must be at least 1 second");
    if (a->max_queue_given && a->max_queue_arg < 0)
        return cli_error(EXIT_USAGE, "--max-queue must be 0 or more");
    if (a->grace_given && a->grace_arg < 0)
        return cli_error(EXIT_USAGE, "--grace must be 0 or more seconds");
    return EXIT_OK;
}

static int find_models(const struct serve_args *a, const infer_settings *st,
                       serve_registry *reg)
{
    char err[1024];

    for (unsigned i = 0; i < a->model_repository_given; i++)
        if (serve_registry_add_repository(reg, a->model_repository_arg[i], err,
                                          sizeof err) != 0)
            return cli_error(EXIT_UNUSABLE, "%s", err);
    for (unsigned i = 0; i < a->model_given; i++)
        if (serve_registry_add_model(reg, a->model_arg[i], err, sizeof err) != 0)
            return cli_error(EXIT_UNUSABLE, "%s", err);
    /* Neither given: the model infer would run (INDUCTOR_MODEL, config). */
    if (reg->n == 0 && strcmp(st->model, "default") != 0 &&
        serve_registry_add_model(reg, st->model, err, sizeof err) != 0)
        return cli_error(EXIT_UNUSABLE, "%s", err);
    if (serve_registry_finish(reg, err, sizeof err) != 0)
        return cli_error(reg->n ? EXIT_UNUSABLE : EXIT_USAGE, "%s", err);
    return EXIT_OK;
}

static void log_load(const serve_model *m)
{
    if (*m->error)
        cli_error(EXIT_UNUSABLE, "model '%s' version %s (%s) failed to load: %s",
                  m->name, m->version, m->path, m->error);
    else
        fprintf(stderr, "inductor: serve: loaded model '%s' version %s from %s "
                "on %s\n", m->name, m->version, m->path,
                inductor_model_device(m->m));
}

static int serve(const struct serve_args *a, const infer_settings *st)
{
    serve_registry reg = {NULL, 0, 0};
    serve_http_config hc;
    serve_http *h = NULL;
    serve_pool *pool = NULL;
    size_t threads, failed, left;
    char err[1024], where[300];
    double t0 = mono_now_ms();
    int rc, sig;

    if ((rc = find_models(a, st, &reg)) != EXIT_OK)
        goto out;
    threads = a->threads_given ? (size_t)a->threads_arg : (size_t)st->runners * reg.n;
    pool = serve_pool_start(threads, a->max_queue_given ? (size_t)a->max_queue_arg
                                                        : DEFAULT_MAX_QUEUE);
    if (pool == NULL) {
        rc = cli_error(EXIT_RUN_FAILED, "cannot start %zu worker threads", threads);
        goto out;
    }
    memset(&hc, 0, sizeof hc);
    hc.host = a->host_given ? a->host_arg : "127.0.0.1";
    hc.port = a->port_given ? (unsigned)a->port_arg : 8080;
    hc.max_request_bytes = (size_t)(a->max_request_bytes_given
                                        ? a->max_request_bytes_arg
                                        : DEFAULT_MAX_REQUEST_BYTES);
    hc.request_timeout = a->request_timeout_given ? (unsigned)a->request_timeout_arg
                                                  : DEFAULT_TIMEOUT_S;
    hc.log_requests = a->log_requests_flag;
    hc.allow_partial = a->allow_partial_flag;
    /* Listen before loading: live answers at once, ready once loaded. */
    if ((h = serve_http_start(&hc, &reg, pool, err, sizeof err)) == NULL) {
        serve_pool_stop(pool);
        rc = cli_error(EXIT_RUN_FAILED, "%s", err);
        goto out;
    }
    /* An IPv6 address goes in brackets in a URL. */
    snprintf(where, sizeof where, strchr(hc.host, ':') ? "[%s]:%u" : "%s:%u",
             hc.host, serve_http_port(h));
    fprintf(stderr, "inductor: serve: listening on http://%s\n", where);
    if (install_stop_handler() != 0) {
        serve_http_stop(h, 0);
        rc = cli_error(EXIT_RUN_FAILED, "cannot install signal handlers");
        goto out;
    }
    serve_registry_set_verify(&reg, a->verify_flag);
    failed = serve_registry_load(&reg, st->device, (size_t)st->runners,
                                 log_load, &stop_requested);
    if (stop_requested) {
        fprintf(stderr, "inductor: serve: %s while loading: stopped\n",
                stop_requested == SIGINT ? "SIGINT" : "SIGTERM");
        serve_http_stop(h, 0);
        rc = EXIT_OK;
        goto out;
    }
    if (failed && (!a->allow_partial_flag || failed == reg.n)) {
        serve_http_stop(h, 0);
        rc = cli_error(EXIT_UNUSABLE, "%zu of %zu models failed to load%s",
                       failed, reg.n, failed == reg.n ? "" :
                       " (--allow-partial serves the rest)");
        goto out;
    }
    serve_http_set_loaded(h);
    fprintf(stderr, "inductor: serve: ready on http://%s (%zu models, %zu "
            "workers, %.0f ms)\n", where, reg.n - failed, threads,
            mono_now_ms() - t0);
    sig = wait_for_stop();
    fprintf(stderr, "inductor: serve: %s: finishing the requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    left = serve_http_stop(h, a->grace_given ? a->grace_arg : DEFAULT_GRACE_S);
    if (left)
        fprintf(stderr, "inductor: serve: %zu requests were still in flight "
                "after the grace period\n", left);
    fprintf(stderr, "inductor: serve: stopped\n");
    rc = EXIT_OK;
out:
    serve_registry_free(&reg);
    return rc;
}

int cmd_serve(int argc, char **argv)
{
    struct serve_args a;
    infer_settings st;
    int rc;

    memset(&st, 0, sizeof st);
    if (serve_cmdline_parser(argc, argv, &a) != 0)
        return cli_usage_error("serve");
    if ((rc = check_usage(&a)) != EXIT_OK)
        rc = cli_usage_error("serve");
    else if ((rc = settle(&a, &st)) == EXIT_OK)
        rc = serve(&a, &st);
    settings_free(&st);
    serve_cmdline_parser_free(&a);
    return rc;
}
