/*
 * exit_codes.h - the inductor program's documented exit statuses.
 * Keep in step with README.md and the text at the end of each .ggo.
 */
#ifndef INDUCTOR_CLI_EXIT_CODES_H
#define INDUCTOR_CLI_EXIT_CODES_H

enum {
    EXIT_OK = 0,            /* success                                     */
    EXIT_RUN_FAILED = 1,    /* the model or a device operation failed      */
    EXIT_USAGE = 2,         /* bad command line                            */
    EXIT_BAD_INPUT = 3,     /* input file unreadable, malformed, or not
                               what the model takes                        */
    EXIT_UNUSABLE = 4,      /* package or device unusable here             */
    EXIT_OUTPUT_FAILED = 5, /* output could not be written                 */
    EXIT_VERIFY_FAILED = 6  /* `verify`: an output differs from the golden
                               data beyond its tolerance                   */
};

#endif /* INDUCTOR_CLI_EXIT_CODES_H */
