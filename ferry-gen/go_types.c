/* go_types.c: the Go names and types of the interface's C names and
 * types, for both directions of the Go backend. Names never clash with
 * what the generated code declares: locals are checked against the
 * predeclared identifiers and the packages it imports. */
#include <string.h>

#include "emit_go.h"

static const char *const predeclared[] = {
    "append", "bool", "byte", "cap", "clear", "close", "complex", "copy",
    "delete", "error", "false", "float32", "float64", "imag", "int", "int8",
    "int16", "int32", "int64", "iota", "len", "make", "max", "min", "new",
    "nil", "panic", "print", "println", "real", "recover", "rune", "string",
    "true", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "any",
    "runtime", "unsafe", "ferry", "errors"};

const char *go_local(go_file *g, const char *c_name) {
  char *n = ir_camel(g->a, c_name, false);
  for (size_t i = 0; i < sizeof(predeclared) / sizeof(predeclared[0]); i++)
    if (strcmp(n, predeclared[i]) == 0) return arena_printf(g->a, "%s_", n);
  return n;
}

const char *go_name(go_file *g, const char *c_name) {
  return ir_camel(g->a, ir_strip_prefix(g->m, c_name), true);
}

const char *go_decl_name(go_file *g, const ir_decl *d) {
  return ir_camel(g->a, ir_decl_short_name(g->m, d), true);
}


const char *go_scalar_type(ir_kind k) {
  switch (k) {
  case IR_BOOL: return "bool";
  case IR_I8: return "int8";
  case IR_I16: return "int16";
  case IR_I32: return "int32";
  case IR_I64: return "int64";
  case IR_ISIZE: return "int";
  case IR_U8: return "uint8";
  case IR_U16: return "uint16";
  case IR_U32: return "uint32";
  case IR_U64: return "uint64";
  case IR_USIZE: return "uint";
  case IR_F32: return "float32";
  case IR_F64: return "float64";
  default: return "?";
  }
}

const char *go_type(go_file *g, ir_type t) {
  switch (t.kind) {
  case IR_STR:
  case IR_CSTR: return "string";
  case IR_BYTES: return "[]byte";
  case IR_ENUM:
  case IR_STRUCT: return go_decl_name(g, t.decl);
  case IR_HANDLE: return arena_printf(g->a, "*%s", go_decl_name(g, t.decl));
  case IR_SLICE:
    if (t.decl->map) return go_map_type(g, t.decl);
    return arena_printf(g->a, "[]%s", go_type(g, t.decl->elem));
  case IR_CALLBACK:
  case IR_FNPTR: return go_decl_name(g, t.decl);
  default: return go_scalar_type(t.kind);
  }
}

const char *go_c_type(go_file *g, ir_type t) {
  switch (t.kind) {
  case IR_STR:
  case IR_BYTES:
  case IR_SLICE: g->uses_view = true; return "ferry.View";
  case IR_STRUCT:
    if (t.decl->plain) return go_decl_name(g, t.decl);
    return arena_printf(g->a, "c%s", go_decl_name(g, t.decl));
  default: return go_type(g, t);
  }
}

const char *go_zero(go_file *g, ir_type t) {
  switch (t.kind) {
  case IR_BOOL: return "false";
  case IR_STR:
  case IR_CSTR: return "\"\"";
  case IR_HANDLE:
  case IR_BYTES:
  case IR_SLICE: return "nil";
  case IR_STRUCT: return arena_printf(g->a, "%s{}", go_decl_name(g, t.decl));
  default: return "0";
  }
}
