/*
 * settings.h - the settings of `infer` (and of `bench` and `serve`, which
 * use the keys they have) and where they come from.
 *
 * Precedence, highest first: the command line, the environment, the
 * --config file (YAML), the defaults.  Keys (config file / environment):
 *   model          INDUCTOR_MODEL          package path or model name
 *   model_name     INDUCTOR_MODEL_NAME     model inside the package
 *   device         INDUCTOR_DEVICE         cpu, cuda, cuda:N
 *   runners        INDUCTOR_RUNNERS        positive integer
 *   output_format  INDUCTOR_OUTPUT_FORMAT  json or pretty
 *   output_dir     INDUCTOR_OUTPUT_DIR     directory for one .npy per output
 * INDUCTOR_CONFIG names a config file when --config is not given.  Every
 * bad key or value is a usage error (exit 2) naming where it came from:
 * "cfg.yaml:3: unknown key 'modle'", "INDUCTOR_RUNNERS: ...".
 */
#ifndef INDUCTOR_CLI_SETTINGS_H
#define INDUCTOR_CLI_SETTINGS_H

typedef struct infer_settings {
    char *model;         /* path or name; default "default" */
    char *model_name;    /* default "model" */
    char *device;        /* default "cpu" */
    long runners;        /* default 1 */
    int runners_set;     /* runners came from the config or environment */
    char *output_format; /* "json" (default) or "pretty" */
    char *output_dir;    /* NULL: none */
} infer_settings;

/* Fills in the defaults; returns 0, or -1 if out of memory. */
int settings_init(infer_settings *s);
void settings_free(infer_settings *s);

/* Sets one setting by its config key after checking the value.  `where`
 * names the source for messages ("cfg.yaml:3", "INDUCTOR_DEVICE",
 * "--runners").  Returns EXIT_OK, or prints the error and returns
 * EXIT_USAGE. */
int settings_set(infer_settings *s, const char *key, const char *value,
                 const char *where);

/* Applies a YAML config file: a mapping of the keys above to scalars.
 * Returns EXIT_OK, or prints an error naming the file, the line and the
 * key, and returns EXIT_USAGE. */
int config_load_file(const char *path, infer_settings *s);

/* Applies the INDUCTOR_* environment variables that are set and not
 * empty.  Returns EXIT_OK or EXIT_USAGE (after printing the error). */
int config_apply_env(infer_settings *s);

/* The command-line options every command that runs a model shares; NULL
 * where not given. */
typedef struct settings_options {
    const char *model;      /* --model */
    const char *model_name; /* --model-name */
    const char *device;     /* --device */
} settings_options;

/* The settings as every command takes them: the defaults, then the config
 * file (`config`: --config, else $INDUCTOR_CONFIG when set and not
 * empty), then the environment, then the options in `cli`.  The command
 * then applies its other options with settings_set().  Returns EXIT_OK,
 * or prints the error and returns its exit code; *s can be given to
 * settings_free() either way. */
int settings_settle(infer_settings *s, const char *config,
                    const settings_options *cli);

#endif /* INDUCTOR_CLI_SETTINGS_H */
