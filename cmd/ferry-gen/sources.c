/* sources.c: ferry-gen's C sources but main.c (which only calls
 * ferry_gen_main), compiled by cgo into the Go command. The list must be
 * every .c file of ferry-gen/ but main.c, and its last line a hash of
 * ferry-gen/ and include/ (Go's build cache sees only this directory):
 * sources_test.go checks both. */
#include "../../ferry-gen/check.c"
#include "../../ferry-gen/cli.c"
#include "../../ferry-gen/emit_c.c"
#include "../../ferry-gen/emit_common.c"
#include "../../ferry-gen/emit_go.c"
#include "../../ferry-gen/emit_go_call.c"
#include "../../ferry-gen/emit_go_serve.c"
#include "../../ferry-gen/emit_rust.c"
#include "../../ferry-gen/emit_rust_call.c"
#include "../../ferry-gen/emit_rust_serve.c"
#include "../../ferry-gen/go_format.c"
#include "../../ferry-gen/go_types.c"
#include "../../ferry-gen/ir.c"
#include "../../ferry-gen/lexer.c"
#include "../../ferry-gen/maps.c"
#include "../../ferry-gen/maps_go.c"
#include "../../ferry-gen/maps_rust.c"
#include "../../ferry-gen/parser.c"
#include "../../ferry-gen/rs_format.c"
#include "../../ferry-gen/rs_types.c"
#include "../../ferry-gen/support_text.c"
#include "../../ferry-gen/util.c"
/* ferry-gen sources hash: bd631a11a4b60350e5f4736fb99eea200bd58b740a3ba8a3a8863706d3cb40dd */
