/*
 * repeat_opts.h - options that may be given several times and whose values
 * may hold commas (--input a,b.npy, --shape 2,3).  gengetopt's "multiple"
 * options split every value at commas, so these are taken out of argv
 * before gengetopt parses the rest.
 */
#ifndef INDUCTOR_CLI_REPEAT_OPTS_H
#define INDUCTOR_CLI_REPEAT_OPTS_H

#include <stddef.h>

typedef struct repeat_opt {
    const char *long_name; /* "input" for --input VALUE / --input=VALUE */
    char short_name;       /* 'i' for -i VALUE / -iVALUE; 0: none */
    char **values;         /* borrowed from argv, in order (malloc'd array) */
    size_t n;
} repeat_opt;

/* Moves every occurrence of the options in opts[0..n_opts) out of argv
 * (up to a "--") into their value lists, and writes the remaining
 * arguments to *rest (malloc'd, NULL-terminated, borrowing argv's strings;
 * *rest_argc its count).  An option without its value is left in place
 * for the parser to report.  Returns 0, or -1 if out of memory. */
int repeat_opts_take(int argc, char **argv, repeat_opt *opts, size_t n_opts,
                     int *rest_argc, char ***rest);

void repeat_opts_free(repeat_opt *opts, size_t n_opts, char **rest);

#endif /* INDUCTOR_CLI_REPEAT_OPTS_H */
