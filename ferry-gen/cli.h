/* cli.h: the ferry-gen command as a function, for main.c and for the Go
 * command that builds ferry-gen through cgo. */
#ifndef FERRY_GEN_CLI_H
#define FERRY_GEN_CLI_H

/* Runs ferry-gen with argv (argv[0] is the program name): the exit
 * status, 0 success, 1 errors in the interface file or its outputs, 2 a
 * wrong command line. */
int ferry_gen_main(int argc, char **argv);

#endif /* FERRY_GEN_CLI_H */
