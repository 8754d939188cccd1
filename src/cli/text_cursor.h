/*
 * text_cursor.h - a cursor over a byte range, for the CLI's small
 * hand-written parsers (the .npy header's dict, the fast JSON reader):
 * JSON whitespace and single-character tokens.
 */
#ifndef INDUCTOR_CLI_TEXT_CURSOR_H
#define INDUCTOR_CLI_TEXT_CURSOR_H

typedef struct cursor {
    const char *p, *end;
} cursor;

static inline void skip_ws(cursor *c)
{
    while (c->p < c->end &&
           (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

/* Consumes `ch` after optional whitespace; 1 if it was there. */
static inline int accept(cursor *c, char ch)
{
    skip_ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

#endif /* INDUCTOR_CLI_TEXT_CURSOR_H */
