/*
 * cmd_cache.c - `inductor cache list|prune|clear`: the extraction cache
 * seen and managed through libinductor's cache API (inductor.h).  Runs no
 * package code.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "cache_cmdline.h"
#include "cli_common.h"
#include "commands.h"

/* A private cache that cannot be used is the cache being unusable (4);
 * anything else failing is an operation that failed (1). */
static int cache_failed(inductor_status s)
{
    return cli_error(s == INDUCTOR_ERR_IO ? EXIT_UNUSABLE : EXIT_RUN_FAILED,
                     "%s", inductor_last_error());
}

static void when(int64_t t, char *buf, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
        strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, len, "unknown");
}

static void list_text(const char *dir, const inductor_cache_entry *e,
                      size_t n)
{
    uint64_t total = 0;
    char t[32];

    for (size_t i = 0; i < n; i++)
        total += e[i].bytes;
    printf("cache: %s\nentries: %zu\nbytes: %" PRIu64 "\n", dir, n, total);
    for (size_t i = 0; i < n; i++) {
        when(e[i].last_used, t, sizeof t);
        printf("%.16s  %12" PRIu64 "  %s  %-6s  %s\n", e[i].key, e[i].bytes,
               t, e[i].in_use ? "in-use" : "-",
               e[i].source[0] ? e[i].source : "(unknown)");
    }
}

static json_object *list_json(const char *dir, const inductor_cache_entry *e,
                              size_t n)
{
    json_object *doc = json_object_new_object(), *arr = json_object_new_array();
    uint64_t total = 0;
    char t[32];

    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_new_object();

        when(e[i].last_used, t, sizeof t);
        total += e[i].bytes;
        json_object_object_add(o, "key", json_object_new_string(e[i].key));
        json_object_object_add(o, "bytes", json_object_new_int64((int64_t)e[i].bytes));
        json_object_object_add(o, "last_used", json_object_new_string(t));
        json_object_object_add(o, "in_use", json_object_new_boolean(e[i].in_use));
        json_object_object_add(o, "source", e[i].source[0] ? json_object_new_string(e[i].source) : NULL);
        json_object_array_add(arr, o);
    }
    json_object_object_add(doc, "dir", json_object_new_string(dir));
    json_object_object_add(doc, "num_entries", json_object_new_int64((int64_t)n));
    json_object_object_add(doc, "bytes", json_object_new_int64((int64_t)total));
    json_object_object_add(doc, "entries", arr);
    return doc;
}

static void print_json(json_object *doc)
{
    printf("%s\n", json_object_to_json_string_ext(
                       doc, JSON_C_TO_STRING_PRETTY |
                                JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(doc);
}

static int list(const struct cache_args *a, const char *dir)
{
    inductor_cache_entry *e = NULL;
    size_t n = 0;
    inductor_status s = inductor_cache_list(&e, &n);

    if (s != INDUCTOR_OK)
        return cache_failed(s);
    if (a->json_flag)
        print_json(list_json(dir, e, n));
    else
        list_text(dir, e, n);
    free(e);
    return EXIT_OK;
}

/* prune and clear: what was removed, as text or JSON. */
static int removal(const struct cache_args *a, const char *action,
                   uint64_t max_bytes)
{
    size_t removed = 0;
    uint64_t freed = 0;
    inductor_status s = strcmp(action, "clear") == 0
                            ? inductor_cache_clear(&removed, &freed)
                            : inductor_cache_prune(max_bytes, &removed, &freed);

    if (s != INDUCTOR_OK)
        return cache_failed(s);
    if (a->json_flag) {
        json_object *doc = json_object_new_object();

        json_object_object_add(doc, "removed", json_object_new_int64((int64_t)removed));
        json_object_object_add(doc, "freed_bytes", json_object_new_int64((int64_t)freed));
        print_json(doc);
    } else {
        printf("removed %zu entries, freed %" PRIu64 " bytes\n", removed, freed);
    }
    return EXIT_OK;
}

static int parse_bytes(const char *text, uint64_t *out)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(text, &end, 10);
    if (errno || end == text || *end != '\0' || *text == '-' || v == 0)
        return cli_error(EXIT_USAGE, "--max-bytes: '%s' is not a positive "
                                     "number of bytes", text);
    *out = (uint64_t)v;
    return EXIT_OK;
}

static int run(const struct cache_args *a)
{
    const char *action = a->inputs_num == 1 ? a->inputs[0] : NULL;
    uint64_t max_bytes = 0;
    char dir[4096];
    inductor_status s;

    if (action == NULL || (strcmp(action, "list") != 0 &&
                           strcmp(action, "prune") != 0 &&
                           strcmp(action, "clear") != 0)) {
        cli_error(EXIT_USAGE, "cache: expected one action, list, prune or "
                              "clear");
        return cli_usage_error("cache");
    }
    if (a->max_bytes_given && strcmp(action, "prune") != 0) {
        cli_error(EXIT_USAGE, "--max-bytes is for 'prune' only");
        return cli_usage_error("cache");
    }
    if (a->max_bytes_given && parse_bytes(a->max_bytes_arg, &max_bytes) != 0)
        return cli_usage_error("cache");
    if ((s = inductor_cache_dir(dir, sizeof dir, NULL)) != INDUCTOR_OK)
        return cache_failed(s);
    return strcmp(action, "list") == 0 ? list(a, dir)
                                       : removal(a, action, max_bytes);
}

int cmd_cache(int argc, char **argv)
{
    struct cache_args a;
    int rc;

    if (cache_cmdline_parser(argc, argv, &a) != 0)
        return cli_usage_error("cache");
    rc = run(&a);
    cache_cmdline_parser_free(&a);
    return rc;
}
