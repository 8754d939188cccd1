/*
 * serve_buf.h - a growable byte buffer for building HTTP response bodies.
 * Appends never fail loudly: the first allocation failure sets `oom`,
 * later appends do nothing, and the caller checks `oom` once at the end.
 */
#ifndef INDUCTOR_SERVE_BUF_H
#define INDUCTOR_SERVE_BUF_H

#include <stddef.h>

typedef struct serve_buf {
    char *data;
    size_t len, cap;
    int oom;
} serve_buf;

void serve_buf_append(serve_buf *b, const void *p, size_t n);
void serve_buf_puts(serve_buf *b, const char *s);
void serve_buf_printf(serve_buf *b, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends `s` as a JSON string literal, quotes included. */
void serve_buf_json_string(serve_buf *b, const char *s);
/* Hands the bytes to the caller (NULL on oom) and empties the buffer. */
char *serve_buf_take(serve_buf *b, size_t *len);
void serve_buf_free(serve_buf *b);

#endif /* INDUCTOR_SERVE_BUF_H */
