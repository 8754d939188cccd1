/*
 * repeat_opts.c - take repeatable, comma-keeping options out of argv (see
 * repeat_opts.h).
 */
#include <stdlib.h>
#include <string.h>

#include "repeat_opts.h"

static int push(repeat_opt *o, char *value)
{
    char **g = realloc(o->values, (o->n + 1) * sizeof *g);

    if (g == NULL)
        return -1;
    o->values = g;
    o->values[o->n++] = value;
    return 0;
}

/* How many argv slots argv[k] (and maybe argv[k+1]) use for option o, with
 * the value in *value; 0 if argv[k] is not o. */
static int match(const repeat_opt *o, int argc, char **argv, int k,
                 char **value)
{
    const char *a = argv[k];
    size_t n = strlen(o->long_name);

    if (a[0] == '-' && a[1] == '-' && strncmp(a + 2, o->long_name, n) == 0) {
        if (a[2 + n] == '=')
            return *value = (char *)a + 3 + n, 1;
        if (a[2 + n] == '\0' && k + 1 < argc)
            return *value = argv[k + 1], 2;
        return 0;
    }
    if (o->short_name && a[0] == '-' && a[1] == o->short_name) {
        if (a[2] != '\0')
            return *value = (char *)a + 2, 1;
        if (k + 1 < argc)
            return *value = argv[k + 1], 2;
    }
    return 0;
}

int repeat_opts_take(int argc, char **argv, repeat_opt *opts, size_t n_opts,
                     int *rest_argc, char ***rest)
{
    char **r = calloc((size_t)argc + 1, sizeof *r);
    int n = 0, done = 0;

    if (r == NULL)
        return -1;
    for (int k = 0; k < argc; k++) {
        int used = 0;
        char *value = NULL;

        if (k > 0 && !done && strcmp(argv[k], "--") == 0)
            done = 1;
        for (size_t i = 0; k > 0 && !done && !used && i < n_opts; i++)
            if ((used = match(&opts[i], argc, argv, k, &value)) > 0 &&
                push(&opts[i], value) != 0) {
                free(r);
                return -1;
            }
        if (used == 0)
            r[n++] = argv[k];
        else
            k += used - 1;
    }
    *rest_argc = n;
    *rest = r;
    return 0;
}

void repeat_opts_free(repeat_opt *opts, size_t n_opts, char **rest)
{
    for (size_t i = 0; i < n_opts; i++) {
        free(opts[i].values);
        opts[i].values = NULL;
        opts[i].n = 0;
    }
    free(rest);
}
