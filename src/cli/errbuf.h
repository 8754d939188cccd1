/*
 * errbuf.h - one-line error messages into a caller's buffer, for the
 * CLI's pure parsers (tensor JSON, .npy, .npz), which report through
 * (char *err, size_t errlen) rather than printing.
 */
#ifndef INDUCTOR_CLI_ERRBUF_H
#define INDUCTOR_CLI_ERRBUF_H

#include <stddef.h>

/* Formats into err[0..errlen) and returns -1, so a parser can write
 * `return errbuf_set(err, errlen, ...)`.  Control characters become '?':
 * messages quote names and keys from the user's files, and each must stay
 * one printable line. */
int errbuf_set(char *err, size_t errlen, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif /* INDUCTOR_CLI_ERRBUF_H */
