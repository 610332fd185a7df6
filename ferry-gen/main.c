/* main.c: the ferry-gen program; everything is in cli.c. */
#include "cli.h"

int main(int argc, char **argv) { return ferry_gen_main(argc, argv); }
