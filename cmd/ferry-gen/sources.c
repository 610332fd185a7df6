/* sources.c: ferry-gen's C sources but main.c (which only calls
 * ferry_gen_main), compiled by cgo into the Go command. The list must be
 * every .c file of ferry-gen/ but main.c: sources_test.go checks it. */
#include "../../ferry-gen/check.c"
#include "../../ferry-gen/cli.c"
#include "../../ferry-gen/emit_c.c"
#include "../../ferry-gen/emit_go.c"
#include "../../ferry-gen/emit_rust.c"
#include "../../ferry-gen/ir.c"
#include "../../ferry-gen/lexer.c"
#include "../../ferry-gen/parser.c"
#include "../../ferry-gen/util.c"
