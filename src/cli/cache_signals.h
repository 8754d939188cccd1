/*
 * cache_signals.h - SIGINT/SIGTERM while a package is being extracted into
 * the cache: remove the staging directory, then die of the signal.  The
 * library installs no handlers; the program does, here.
 */
#ifndef INDUCTOR_CLI_CACHE_SIGNALS_H
#define INDUCTOR_CLI_CACHE_SIGNALS_H

void cache_signals_install(void);

#endif /* INDUCTOR_CLI_CACHE_SIGNALS_H */
