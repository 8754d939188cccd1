/*
 * tap.h - a tiny Test Anything Protocol (TAP 13) helper for unit tests.
 *
 * Header-only: include it in exactly one C file per test program.
 *
 *   plan(3);                      optional; else done_testing() prints it
 *   ok(x > 0, "x is positive");
 *   is_int(n, 3, "three entries");
 *   is_str(s, "abc", "name of entry %d", i);
 *   contains_str(msg, "foo", "message names foo");
 *   skip(2, "no GPU");            "ok N # SKIP no GPU", twice
 *   diag("got %s", s);            "# got ..." comment line
 *   return done_testing();        0 if everything passed as planned
 *
 * Output goes to stdout (diagnostics too, so they stay in order).  Test
 * names must not contain '#', which TAP reads as a directive.
 */
#ifndef INDUCTOR_TAP_H
#define INDUCTOR_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TAP_PRINTF(f, a)
#endif

static int tap_planned_ = -1; /* -1: no plan yet */
static int tap_run_ = 0;
static int tap_failed_ = 0;

/* Prints the plan "1..n" up front. */
static inline void plan(int n)
{
    tap_planned_ = n;
    printf("1..%d\n", n);
    fflush(stdout);
}

/* Prints "# ..." (a TAP comment). */
static inline void diag(const char *fmt, ...) TAP_PRINTF(1, 2);
static inline void diag(const char *fmt, ...)
{
    va_list ap;

    fputs("# ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
}

/* The core: one "ok N - name" or "not ok N - name" line. */
static inline int vok(int cond, const char *fmt, va_list ap)
    TAP_PRINTF(2, 0);
static inline int vok(int cond, const char *fmt, va_list ap)
{
    tap_run_++;
    if (!cond)
        tap_failed_++;
    printf("%sok %d - ", cond ? "" : "not ", tap_run_);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    fflush(stdout);
    return cond;
}

static inline int ok(int cond, const char *fmt, ...) TAP_PRINTF(2, 3);
static inline int ok(int cond, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vok(cond, fmt, ap);
    va_end(ap);
    return r;
}

/* Passes if got == want; on failure shows both. */
static inline int is_int(long long got, long long want, const char *fmt, ...)
    TAP_PRINTF(3, 4);
static inline int is_int(long long got, long long want, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vok(got == want, fmt, ap);
    va_end(ap);
    if (!r)
        diag("     got: %lld\n#     expected: %lld", got, want);
    return r;
}

/* Passes if both are NULL or both are equal strings. */
static inline int is_str(const char *got, const char *want, const char *fmt,
                         ...) TAP_PRINTF(3, 4);
static inline int is_str(const char *got, const char *want, const char *fmt,
                         ...)
{
    va_list ap;
    int r = (!got && !want) || (got && want && strcmp(got, want) == 0);

    va_start(ap, fmt);
    r = vok(r, fmt, ap);
    va_end(ap);
    if (!r)
        diag("     got: %s%s%s\n#     expected: %s%s%s", got ? "\"" : "",
             got ? got : "NULL", got ? "\"" : "", want ? "\"" : "",
             want ? want : "NULL", want ? "\"" : "");
    return r;
}

/* Passes if `needle` occurs in `got` (NULL never matches). */
static inline int contains_str(const char *got, const char *needle,
                               const char *fmt, ...) TAP_PRINTF(3, 4);
static inline int contains_str(const char *got, const char *needle,
                               const char *fmt, ...)
{
    va_list ap;
    int r = got && needle && strstr(got, needle) != NULL;

    va_start(ap, fmt);
    r = vok(r, fmt, ap);
    va_end(ap);
    if (!r)
        diag("     got: %s\n#     expected to contain: %s",
             got ? got : "NULL", needle ? needle : "NULL");
    return r;
}

/* Records n skipped tests: "ok N # SKIP reason". */
static inline void skip(int n, const char *fmt, ...) TAP_PRINTF(2, 3);
static inline void skip(int n, const char *fmt, ...)
{
    va_list ap;

    for (int i = 0; i < n; i++) {
        printf("ok %d # SKIP ", ++tap_run_);
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        fputc('\n', stdout);
    }
    fflush(stdout);
}

/* Stops the whole test program: for setup failures that make the rest
 * meaningless. */
static inline void bail_out(const char *fmt, ...) TAP_PRINTF(1, 2);
static inline void bail_out(const char *fmt, ...)
{
    va_list ap;

    fputs("Bail out! ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
    exit(255);
}

/* Prints the plan if none was given and returns the exit status: 0 only if
 * no test failed and the planned number ran. */
static inline int done_testing(void)
{
    if (tap_planned_ < 0)
        printf("1..%d\n", tap_run_);
    else if (tap_planned_ != tap_run_)
        diag("planned %d tests but ran %d", tap_planned_, tap_run_);
    if (tap_failed_)
        diag("failed %d of %d tests", tap_failed_, tap_run_);
    fflush(stdout);
    if (tap_failed_)
        return 1;
    return tap_planned_ >= 0 && tap_planned_ != tap_run_ ? 1 : 0;
}

#endif /* INDUCTOR_TAP_H */
