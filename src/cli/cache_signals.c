/*
 * cache_signals.c - see cache_signals.h.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "cache_signals.h"
#include "inductor.h"

/* Removes the cache staging directory of an extraction in progress and
 * the temporary directories of open models (a cache directory that is not
 * private, INDUCTOR_NO_CACHE=1): nothing extracted outlives the process.
 * Async-signal-safe: the library's cleanup uses system calls only; then
 * the default action runs, so the exit status still says "killed by
 * SIGINT" to the shell. */
static void on_signal(int sig)
{
    inductor_cache_cleanup_staging();
    signal(sig, SIG_DFL);
    raise(sig);
}

void cache_signals_install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* A signal ignored by whoever started us stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}
