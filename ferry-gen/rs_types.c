/* rs_types.c: the Rust names and types of the interface's C names and
 * types, for both directions of the Rust backend. */
#include "emit_rust.h"

const char *rs_name(rs_file *r, const ir_decl *d) {
  return ir_camel(r->a, ir_decl_short_name(r->m, d), true);
}

const char *rs_scalar(ir_kind k) {
  switch (k) {
  case IR_BOOL: return "bool";
  case IR_I8: return "i8";
  case IR_I16: return "i16";
  case IR_I32: return "i32";
  case IR_I64: return "i64";
  case IR_ISIZE: return "isize";
  case IR_U8: return "u8";
  case IR_U16: return "u16";
  case IR_U32: return "u32";
  case IR_U64: return "u64";
  case IR_USIZE: return "usize";
  case IR_F32: return "f32";
  case IR_F64: return "f64";
  default: return "?";
  }
}

bool rs_has_lifetime(const rs_file *r, ir_type t) {
  switch (t.kind) {
  case IR_STR:
  case IR_BYTES:
  case IR_SLICE: return true;
  /* With FERRY_GO functions a struct that holds views is the owned Rust
   * value (emit_rs_go_struct), borrowing nothing. */
  case IR_STRUCT: return !t.decl->plain && r->m->go_funcs == 0;
  default: return false;
  }
}

const char *rs_c_type_in(rs_file *r, ir_type t, const char *lt) {
  switch (t.kind) {
  case IR_STR: return arena_printf(r->a, "ferry::Str<%s>", lt);
  case IR_BYTES: return arena_printf(r->a, "ferry::Bytes<%s>", lt);
  case IR_STATUS: return "Status";
  case IR_HANDLE: return "*mut c_void";
  case IR_STRUCT:
  case IR_SLICE:
    if (rs_has_lifetime(r, t))
      return arena_printf(r->a, "%s<%s>", rs_name(r, t.decl), lt);
    return rs_name(r, t.decl);
  case IR_ENUM:
  case IR_CALLBACK: return rs_name(r, t.decl);
  default: return rs_scalar(t.kind);
  }
}

const char *rs_c_type(rs_file *r, ir_type t) {
  return rs_c_type_in(r, t, "'_");
}
