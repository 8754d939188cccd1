/*
 * commands.h - one entry point per subcommand; argv[0] is the subcommand.
 */
#ifndef INDUCTOR_CLI_COMMANDS_H
#define INDUCTOR_CLI_COMMANDS_H

int cmd_bench(int argc, char **argv);
int cmd_cache(int argc, char **argv);
int cmd_infer(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_models(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_test_device(int argc, char **argv);
int cmd_verify(int argc, char **argv);

#endif /* INDUCTOR_CLI_COMMANDS_H */
