/*
 * decode.c - how long inductor's input decoders take on one input, from
 * bytes already in memory (the file read is the same for every decoder):
 * the JSON decoder (tensor_json.c), the .npy decoder (npy.c), and a plain
 * memcpy of the tensor's bytes as the floor for .npy.
 *
 *   bench-decode IN.json IN.npy REPEATS
 * Prints one JSON line of medians in ms: {"json_ms", "npy_ms", "memcpy_ms"}.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "npy.h"
#include "tensor_json.h"

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
        perror(path);
        exit(1);
    }
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        perror(path);
        exit(1);
    }
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    size_t jlen, nlen;
    char err[512], *js, *np, *dst;
    int reps = argc > 3 ? atoi(argv[3]) : 0;
    double *tj, *tn, *tm;
    npy_header h;

    if (argc != 4 || reps < 1) {
        fprintf(stderr, "usage: bench-decode IN.json IN.npy REPEATS\n");
        return 2;
    }
    js = slurp(argv[1], &jlen);
    np = slurp(argv[2], &nlen);
    if (npy_parse(np, nlen, &h, err, sizeof err) != 0 ||
        (dst = malloc(h.nbytes)) == NULL) {
        fprintf(stderr, "bench-decode: %s\n", err);
        return 1;
    }
    tj = calloc((size_t)reps, sizeof *tj);
    tn = calloc((size_t)reps, sizeof *tn);
    tm = calloc((size_t)reps, sizeof *tm);
    for (int i = 0; i < reps; i++) {
        tensor_list l = {0, NULL, NULL};
        inductor_tensor *t = NULL;
        double t0 = now_ms();
        if (tensor_json_parse_inputs(js, jlen, &l, err, sizeof err) != 0) {
            fprintf(stderr, "bench-decode: %s\n", err);
            return 1;
        }
        tj[i] = now_ms() - t0;
        tensor_list_free(&l);
        t0 = now_ms();
        if (npy_to_tensor(np, nlen, INDUCTOR_FLOAT32, &t, err, sizeof err) != 0) {
            fprintf(stderr, "bench-decode: %s\n", err);
            return 1;
        }
        tn[i] = now_ms() - t0;
        inductor_tensor_free(t);
        t0 = now_ms();
        memcpy(dst, np + h.data_offset, h.nbytes);
        tm[i] = now_ms() - t0;
        if (dst[h.nbytes / 2] != np[h.data_offset + h.nbytes / 2])
            return 1; /* keeps the copy from being optimised away */
    }
    printf("{\"json_ms\": %.6f, \"npy_ms\": %.6f, \"memcpy_ms\": %.6f}\n",
           median(tj, reps), median(tn, reps), median(tm, reps));
    return 0;
}
