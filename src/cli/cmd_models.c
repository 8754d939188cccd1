/*
 * cmd_models.c - `inductor models`: what --model NAME would find, in
 * discovery order, with each package's device keys.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli_common.h"
#include "commands.h"
#include "discovery.h"
#include "models_cmdline.h"

typedef struct found {
    char *name, *path;
    const char *dir;
    int shadowed; /* an earlier directory has the same name */
} found;

typedef struct found_list {
    size_t n, cap;
    found *items;
} found_list;

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names a directory offers: NAME/model.pt2 and NAME.pt2, sorted. */
static size_t dir_names(const char *dir, char ***names)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0, cap = 0;

    *names = NULL;
    while (d && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        char *name, **g;

        if (e->d_name[0] == '.')
            continue;
        name = len > 4 && strcmp(e->d_name + len - 4, ".pt2") == 0
                   ? strndup(e->d_name, len - 4) : strdup(e->d_name);
        if (name == NULL)
            break;
        if (n == cap && (g = realloc(*names, (cap = cap ? cap * 2 : 16) * sizeof *g)))
            *names = g;
        if (n < cap && *names)
            (*names)[n++] = name;
        else
            free(name);
    }
    if (d)
        closedir(d);
    if (n)
        qsort(*names, n, sizeof **names, cmp_name);
    return n;
}

static int seen(const found_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return 1;
    return 0;
}

static void collect_dir(const char *dir, found_list *l)
{
    char **names;
    size_t n = dir_names(dir, &names);

    for (size_t i = 0; i < n; i++) {
        /* NAME/ and NAME.pt2 sort together and are one entry. */
        int dup = i > 0 && strcmp(names[i], names[i - 1]) == 0;
        char *path = dup ? NULL : discovery_find_in(dir, names[i]);
        found *g;

        if (path && l->n == l->cap &&
            (g = realloc(l->items, (l->cap ? l->cap * 2 : 16) * sizeof *g))) {
            l->items = g;
            l->cap = l->cap ? l->cap * 2 : 16;
        }
        if (path && l->n < l->cap) {
            char *name = strdup(names[i]);
            if (name) {
                l->items[l->n] = (found){name, path, dir, seen(l, name)};
                l->n++;
                continue;
            }
        }
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* "cpu", or "model=cpu, other=cuda" for packages with several models. */
static void device_keys(const char *path, char *buf, size_t len, json_object *arr)
{
    inductor_package *p = NULL;
    size_t used = 0;

    buf[0] = '\0';
    if (inductor_package_open(path, &p) != INDUCTOR_OK) {
        snprintf(buf, len, "unreadable (%s)", inductor_last_error());
        return;
    }
    for (size_t i = 0; i < inductor_package_num_models(p) && used < len; i++) {
        const char *m = inductor_package_model_name(p, i);
        const char *k = inductor_package_metadata(p, m, "AOTI_DEVICE_KEY");
        json_object *o = json_object_new_object();

        json_object_object_add(o, "model", json_object_new_string(m));
        json_object_object_add(o, "device_key", k ? json_object_new_string(k) : NULL);
        json_object_array_add(arr, o);
        if (inductor_package_num_models(p) == 1)
            used += (size_t)snprintf(buf + used, len - used, "%s", k ? k : "?");
        else
            used += (size_t)snprintf(buf + used, len - used, "%s%s=%s",
                                     i ? "," : "", m, k ? k : "?");
    }
    inductor_package_close(p);
}

static void print_list(const found_list *l, int as_json, const char **dirs,
                       size_t n_dirs)
{
    json_object *doc = json_object_new_object(), *arr = json_object_new_array();
    json_object *jd = json_object_new_array();

    for (size_t i = 0; i < n_dirs; i++)
        json_object_array_add(jd, json_object_new_string(dirs[i]));
    for (size_t i = 0; i < l->n; i++) {
        const found *f = &l->items[i];
        json_object *o = json_object_new_object(), *devs = json_object_new_array();
        char keys[256];

        device_keys(f->path, keys, sizeof keys, devs);
        json_object_object_add(o, "name", json_object_new_string(f->name));
        json_object_object_add(o, "path", json_object_new_string(f->path));
        json_object_object_add(o, "dir", json_object_new_string(f->dir));
        json_object_object_add(o, "shadowed", json_object_new_boolean(f->shadowed));
        json_object_object_add(o, "devices", devs);
        json_object_array_add(arr, o);
        if (!as_json)
            printf("%-20s %-10s %s%s\n", f->name, keys, f->path,
                   f->shadowed ? " (shadowed)" : "");
    }
    json_object_object_add(doc, "dirs", jd);
    json_object_object_add(doc, "models", arr);
    if (as_json)
        printf("%s\n", json_object_to_json_string_ext(
                           doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(doc);
}

int cmd_models(int argc, char **argv)
{
    struct models_args a;
    const char *dirs[DISCOVERY_MAX_DIRS];
    found_list l = {0, 0, NULL};
    size_t n;

    if (models_cmdline_parser(argc, argv, &a) != 0)
        return cli_usage_error("models");
    n = discovery_dirs(dirs);
    for (size_t i = 0; i < n; i++)
        collect_dir(dirs[i], &l);
    if (!a.json_flag && l.n == 0)
        printf("no models found in %s%s%s%s%s\n", dirs[0], n > 1 ? ", " : "",
               n > 1 ? dirs[1] : "", n > 2 ? ", " : "", n > 2 ? dirs[2] : "");
    print_list(&l, a.json_flag, dirs, n);
    for (size_t i = 0; i < l.n; i++) {
        free(l.items[i].name);
        free(l.items[i].path);
    }
    free(l.items);
    models_cmdline_parser_free(&a);
    return EXIT_OK;
}
