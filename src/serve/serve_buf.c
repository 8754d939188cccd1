/*
 * serve_buf.c - see serve_buf.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_buf.h"

static int reserve(serve_buf *b, size_t n)
{
    size_t cap;
    char *p;

    if (b->oom)
        return -1;
    if (b->len + n + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->oom = 1;
            return -1;
        }
        cap *= 2;
    }
    if ((p = realloc(b->data, cap)) == NULL) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void serve_buf_append(serve_buf *b, const void *p, size_t n)
{
    if (n == 0 || reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void serve_buf_puts(serve_buf *b, const char *s)
{
    serve_buf_append(b, s, strlen(s));
}

void serve_buf_printf(serve_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void serve_buf_json_string(serve_buf *b, const char *s)
{
    serve_buf_append(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char esc[2] = {'\\', (char)*p};
            serve_buf_append(b, esc, 2);
        } else if (*p < 0x20) {
            serve_buf_printf(b, "\\u%04x", *p);
        } else {
            serve_buf_append(b, p, 1);
        }
    }
    serve_buf_append(b, "\"", 1);
}

char *serve_buf_take(serve_buf *b, size_t *len)
{
    char *p = b->oom ? NULL : b->data;

    if (p == NULL && !b->oom)
        p = calloc(1, 1); /* an empty body is still a body */
    if (b->oom)
        free(b->data);
    *len = p ? b->len : 0;
    memset(b, 0, sizeof *b);
    return p;
}

void serve_buf_free(serve_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}
