/*
 * settings.c - infer's settings from defaults, a YAML file (libyaml) and
 * the environment (see settings.h).  Not named config.c: "config.h" is
 * autoconf's.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cli_common.h"
#include "file_util.h"
#include "settings.h"

#define MAX_RUNNERS 1024

static const struct key {
    const char *name;
    const char *env;
} keys[] = {
    {"model", "INDUCTOR_MODEL"},
    {"model_name", "INDUCTOR_MODEL_NAME"},
    {"device", "INDUCTOR_DEVICE"},
    {"runners", "INDUCTOR_RUNNERS"},
    {"output_format", "INDUCTOR_OUTPUT_FORMAT"},
    {"output_dir", "INDUCTOR_OUTPUT_DIR"},
};

#define N_KEYS (sizeof keys / sizeof keys[0])
#define KNOWN_KEYS "model, model_name, device, runners, output_format, output_dir"

int settings_init(infer_settings *s)
{
    memset(s, 0, sizeof *s);
    s->model = strdup("default");
    s->model_name = strdup("model");
    s->device = strdup("cpu");
    s->output_format = strdup("json");
    s->runners = 1;
    return s->model && s->model_name && s->device && s->output_format ? 0 : -1;
}

void settings_free(infer_settings *s)
{
    free(s->model);
    free(s->model_name);
    free(s->device);
    free(s->output_format);
    free(s->output_dir);
    memset(s, 0, sizeof *s);
}

static int replace(char **slot, const char *value)
{
    char *copy = strdup(value);

    if (copy == NULL)
        return cli_error(EXIT_RUN_FAILED, "out of memory");
    free(*slot);
    *slot = copy;
    return EXIT_OK;
}

static int set_runners(infer_settings *s, const char *value, const char *where)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(value, &end, 10);
    if (end == value || *end != '\0' || errno != 0 || v < 1 || v > MAX_RUNNERS)
        return cli_error(EXIT_USAGE, "%s: runners: expected an integer from 1 "
                                     "to %d, got '%s'", where, MAX_RUNNERS,
                         value);
    s->runners = v;
    s->runners_set = 1;
    return EXIT_OK;
}

int settings_set(infer_settings *s, const char *key, const char *value,
                 const char *where)
{
    if (value == NULL || *value == '\0')
        return cli_error(EXIT_USAGE, "%s: %s: empty value", where, key);
    if (strcmp(key, "runners") == 0)
        return set_runners(s, value, where);
    if (strcmp(key, "output_format") == 0) {
        if (strcmp(value, "json") != 0 && strcmp(value, "pretty") != 0)
            return cli_error(EXIT_USAGE, "%s: output_format: expected json or "
                                         "pretty, got '%s'", where, value);
        return replace(&s->output_format, value);
    }
    if (strcmp(key, "model") == 0)
        return replace(&s->model, value);
    if (strcmp(key, "model_name") == 0)
        return replace(&s->model_name, value);
    if (strcmp(key, "device") == 0)
        return replace(&s->device, value);
    if (strcmp(key, "output_dir") == 0)
        return replace(&s->output_dir, value);
    return cli_error(EXIT_USAGE, "%s: unknown key '%s' (known: " KNOWN_KEYS ")",
                     where, key);
}

int config_apply_env(infer_settings *s)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        const char *v = getenv(keys[i].env);
        int rc;

        if (v != NULL && *v != '\0' &&
            (rc = settings_set(s, keys[i].name, v, keys[i].env)) != EXIT_OK)
            return rc;
    }
    return EXIT_OK;
}

/* ---- YAML ---------------------------------------------------------------- */

typedef struct yaml_state {
    const char *path;
    yaml_parser_t parser;
    unsigned seen; /* bit per key */
} yaml_state;

static int next_event(yaml_state *y, yaml_event_t *ev)
{
    if (yaml_parser_parse(&y->parser, ev))
        return EXIT_OK;
    return cli_error(EXIT_USAGE, "%s:%zu: not valid YAML: %s", y->path,
                     y->parser.problem_mark.line + 1,
                     y->parser.problem ? y->parser.problem : "parse error");
}

static int key_index(const char *name)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(keys[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* One "key: value" pair; the key event is already read. */
static int read_pair(yaml_state *y, infer_settings *s, const yaml_event_t *k)
{
    const char *key = (const char *)k->data.scalar.value;
    size_t line = k->start_mark.line + 1;
    char where[600];
    yaml_event_t v;
    int idx = key_index(key), rc;

    snprintf(where, sizeof where, "%s:%zu", y->path, line);
    if (idx < 0)
        return cli_error(EXIT_USAGE, "%s: unknown key '%s' (known: " KNOWN_KEYS
                                     ")", where, key);
    if (y->seen & (1u << idx))
        return cli_error(EXIT_USAGE, "%s: key '%s' appears twice", where, key);
    y->seen |= 1u << idx;
    if ((rc = next_event(y, &v)) != EXIT_OK)
        return rc;
    if (v.type != YAML_SCALAR_EVENT) {
        yaml_event_delete(&v);
        return cli_error(EXIT_USAGE, "%s: %s: expected a single value, not a "
                                     "list or mapping", where, key);
    }
    rc = settings_set(s, key, (const char *)v.data.scalar.value, where);
    yaml_event_delete(&v);
    return rc;
}

static int read_mapping(yaml_state *y, infer_settings *s)
{
    for (;;) {
        yaml_event_t k;
        int rc = next_event(y, &k);

        if (rc != EXIT_OK)
            return rc;
        if (k.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&k);
            return EXIT_OK;
        }
        if (k.type != YAML_SCALAR_EVENT) {
            rc = cli_error(EXIT_USAGE, "%s:%zu: expected a key", y->path,
                           k.start_mark.line + 1);
            yaml_event_delete(&k);
            return rc;
        }
        rc = read_pair(y, s, &k);
        yaml_event_delete(&k);
        if (rc != EXIT_OK)
            return rc;
    }
}

/* Stream start, then an empty stream or one document holding a mapping. */
static int read_document(yaml_state *y, infer_settings *s)
{
    yaml_event_t ev;
    int rc = EXIT_OK, done = 0;

    while (rc == EXIT_OK && !done && (rc = next_event(y, &ev)) == EXIT_OK) {
        switch (ev.type) {
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
            break;
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_MAPPING_START_EVENT:
            rc = read_mapping(y, s);
            break;
        case YAML_SCALAR_EVENT:
            if (ev.data.scalar.length == 0)
                break; /* an empty document */
            /* fall through */
        default:
            rc = cli_error(EXIT_USAGE, "%s:%zu: expected a mapping of keys "
                                       "(" KNOWN_KEYS ")", y->path,
                           ev.start_mark.line + 1);
        }
        yaml_event_delete(&ev);
    }
    return rc;
}

int config_load_file(const char *path, infer_settings *s)
{
    yaml_state y;
    char *text = NULL;
    size_t len = 0;
    int rc;

    if (input_file_read(path, &text, &len) != 0)
        return cli_error(EXIT_USAGE, "%s: cannot read config: %s", path,
                         input_file_error(errno));
    memset(&y, 0, sizeof y);
    y.path = path;
    if (!yaml_parser_initialize(&y.parser)) {
        free(text);
        return cli_error(EXIT_RUN_FAILED, "out of memory");
    }
    yaml_parser_set_input_string(&y.parser, (const unsigned char *)text, len);
    rc = read_document(&y, s);
    yaml_parser_delete(&y.parser);
    free(text);
    return rc;
}

int settings_settle(infer_settings *s, const char *config,
                    const settings_options *cli)
{
    const char *cfg = config ? config : getenv("INDUCTOR_CONFIG");
    int rc;

    if (settings_init(s) != 0)
        return cli_error(EXIT_RUN_FAILED, "out of memory");
    if (cfg && *cfg && (rc = config_load_file(cfg, s)) != EXIT_OK)
        return rc;
    if ((rc = config_apply_env(s)) != EXIT_OK)
        return rc;
    if (cli->model && (rc = settings_set(s, "model", cli->model, "--model")))
        return rc;
    if (cli->model_name &&
        (rc = settings_set(s, "model_name", cli->model_name, "--model-name")))
        return rc;
    if (cli->device && (rc = settings_set(s, "device", cli->device, "--device")))
        return rc;
    return EXIT_OK;
}
