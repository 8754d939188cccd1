/*
 * fuzz.h - the libFuzzer entry point every target in tests/fuzz defines.
 *
 * Each fuzz_<target>.c is built twice: with clang -fsanitize=fuzzer (the
 * fuzzer, `make fuzz`) and with the project's compiler and replay_main.c
 * (a TAP test in `make check` that replays the seed corpus and every
 * committed crash under tests/fuzz/regressions/<target>/).  A target must
 * not keep state between calls and must free everything it allocates, so
 * that LeakSanitizer and valgrind see leaks in the code under test.
 *
 * FUZZ_CHECK(cond) aborts on a broken invariant: the fuzzer then saves the
 * input, and the replay test fails.
 */
#ifndef INDUCTOR_FUZZ_H
#define INDUCTOR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,       \
                    __LINE__, #cond);                                        \
            abort();                                                         \
        }                                                                    \
    } while (0)

/* A NUL-terminated copy of the input (the parsers take C strings or need a
 * NUL at text[len]); NULL if out of memory.  Caller frees. */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (s != NULL) {
        for (size_t i = 0; i < size; i++)
            s[i] = (char)data[i];
        s[size] = '\0';
    }
    return s;
}

#endif /* INDUCTOR_FUZZ_H */
