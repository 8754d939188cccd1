/*
 * main.c - the inductor program: global options and subcommand dispatch.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cache_signals.h"
#include "cli_common.h"
#include "commands.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"bench", cmd_bench, "time a model: load stages, latency, throughput, memory"},
    {"cache", cmd_cache, "list, prune or clear the extraction cache"},
    {"infer", cmd_infer, "run a model on input tensors and print its outputs"},
    {"info", cmd_info, "describe a .pt2 package (works without its device)"},
    {"models", cmd_models, "list the models that --model NAME finds"},
    {"serve", cmd_serve, "serve models over HTTP (Open Inference Protocol, KServe v2)"},
    {"test-device", cmd_test_device, "check tensor operations on a device"},
    {"verify", cmd_verify, "check a package's outputs against its golden data"},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void print_help(void)
{
    printf("Usage: inductor [--help] [--version] COMMAND [OPTIONS]\n\n"
           "Run PyTorch models compiled ahead of time by AOTInductor (.pt2\n"
           "packages) with no Python at run time.\n\nCommands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        printf("  %-12s %s\n", commands[i].name, commands[i].summary);
    printf("\n'inductor COMMAND --help' describes a command's options.\n\n"
           "Exit status:\n"
           "  0  success\n"
           "  1  the model or a device operation failed\n"
           "  2  usage error (bad command line)\n"
           "  3  bad input file: unreadable, malformed, or not what the model takes\n"
           "  4  package or device unusable here\n"
           "  5  output could not be written\n"
           "  6  verify: an output differs from the golden data\n\n"
           "Environment: AOT_DEBUG=1 prints debug detail on standard error.\n");
}

/* The modules are described from their files: --version loads none. */
static void print_version(void)
{
    printf("inductor %s\nlibtorch %s\nbackend %s\n", inductor_version(),
           inductor_libtorch_version(), inductor_backend());
    for (size_t i = 0; i < inductor_backend_module_count(); i++) {
        inductor_backend_module bm = INDUCTOR_BACKEND_MODULE_INIT;

        if (inductor_backend_module_info(i, &bm) != INDUCTOR_OK)
            continue;
        if (bm.present)
            printf("module %s libtorch %s %s\n", bm.name,
                   bm.libtorch_version, bm.path);
        else if (bm.built)
            printf("module %s missing %s\n", bm.name, bm.path);
    }
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        cli_error(EXIT_USAGE, "no command given");
        return cli_usage_error(NULL);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        print_help();
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        print_version();
        return EXIT_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            /* gengetopt prefixes its messages with argv[0]. */
            argv[1] = "inductor";
            return commands[i].run(argc - 1, argv + 1);
        }
    cli_error(EXIT_USAGE, "unknown command '%s'", argv[1]);
    return cli_usage_error(NULL);
}

int main(int argc, char **argv)
{
    cache_signals_install();
    return cli_close_stdout(dispatch(argc, argv));
}
