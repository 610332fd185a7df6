/* emit_rust.c: the Rust backend's entry point, emit_rust. One module per
 * interface: #[repr(C)] types with the C layouts (one emitter per type
 * kind, here), what Go calls in a Rust implementation
 * (emit_rust_serve.c), what Rust calls in Go (emit_rust_call.c), and the
 * support code a module with callbacks carries; the views, Status, Error
 * and the shims' helpers are the ferry crate's (rust/ferry). The output is
 * what rustfmt would print (rs_format.c). emit_rust.h lists the backend's
 * files. */
#include <string.h>

#include "emit_rust.h"
#include "support_text.h"

/* ---- Declarations: one emitter per kind ------------------------------ */

void emit_rs_enum(rs_file *r, strbuf *out, const ir_decl *e) {
  const char *name = rs_name(r, e);
  rs_doc(out, "", e->doc);
  sb_printf(out,
            "#[repr(transparent)]\n#[derive(Clone, Copy, Debug, Default, "
            "PartialEq, Eq, Hash)]\npub struct %s(pub i32);\n\nimpl %s {\n",
            name, name);
  for (int i = 0; i < e->nitems; i++) {
    const char *upper = ir_enumerator_short(r->m, e, e->items[i].name);
    rs_doc(out, "    ", e->items[i].doc);
    sb_printf(out, "    pub const %s: %s = %s(%lld);\n", upper, name, name,
              (long long)e->items[i].value);
  }
  sb_puts(out, "}\n");
}

/* A field borrows what Go lent for the call ('a); an optional one is
 * Option<&T>, null when absent. */
static const char *rs_field_type(rs_file *r, const ir_field *f) {
  if (f->optional)
    return arena_printf(r->a, "Option<&'a %s>", rs_c_type_in(r, f->type, "'a"));
  return rs_c_type_in(r, f->type, "'a");
}

void emit_rs_struct(rs_file *r, strbuf *out, const ir_decl *s) {
  const char *name = rs_name(r, s);
  rs_doc(out, "", s->doc);
  sb_puts(out, "#[repr(C)]\n");
  if (s->plain)
    sb_puts(out, "#[derive(Clone, Copy, Debug, Default, PartialEq)]\n");
  /* Only for Go calling Rust (emit_rust): its views borrow Go's memory. */
  sb_printf(out, "pub struct %s%s {\n", name, s->plain ? "" : "<'a>");
  for (int i = 0; i < s->nfields; i++) {
    rs_doc(out, "    ", s->fields[i].doc);
    sb_printf(out, "    pub %s: %s,\n", s->fields[i].name,
              rs_field_type(r, &s->fields[i]));
  }
  sb_puts(out, "}\n");
}

void emit_rs_slice(rs_file *r, strbuf *out, const ir_decl *s) {
  rs_doc(out, "", s->doc);
  sb_printf(out, "pub type %s<'a> = ferry::Slice<'a, %s>;\n", rs_name(r, s),
            rs_c_type_in(r, s->elem, "'a"));
}

void emit_rs_handle(rs_file *r, strbuf *out, const ir_decl *h) {
  sb_printf(out, "type Handle%s = <%s as %s>::%s;\n", rs_name(r, h),
            r->impl, r->trait, rs_name(r, h));
}

/* ---- Support code and file assembly ---------------------------------- */

/* Whether the module's text names c_void: native handles are void
 * pointers (handles to Go values are ids), and callbacks and pointer +
 * length buffers pass them. */
static bool rs_uses_c_void(const ir_module *m) {
  for (int i = 0; i < m->ndecls; i++)
    if ((m->decls[i]->kind == IR_HANDLE && !m->decls[i]->go_handle) ||
        m->decls[i]->kind == IR_CALLBACK)
      return true;
  for (int i = 0; i < m->nfuncs; i++)
    for (int j = 0; j < m->funcs[i]->nparams; j++)
      if (m->funcs[i]->params[j].passing == IR_PASS_BUFFER) return true;
  return false;
}

/* The std names the module uses, and the ferry crate's Error and Status
 * (re-exported: an implementation names them through the module). */
static void emit_rs_imports(rs_file *r, strbuf *out) {
  const ir_module *m = r->m;
  bool c_void = rs_uses_c_void(m), future = m->async_funcs > 0;
  bool maps = rs_uses_maps(m, false);
  bool cow = m->go_funcs == 0 && rs_uses_maps(m, true);
  if (cow) sb_puts(out, "use std::borrow::Cow;\n");
  if (maps) sb_puts(out, "use std::collections::HashMap;\n");
  if (c_void) sb_puts(out, "use std::ffi::c_void;\n");
  if (future) sb_puts(out, "use std::future::Future;\n");
  if (c_void || future || maps) sb_putc(out, '\n');
  sb_puts(out, "pub use ferry::{Error, Status};\n");
}

/* What the module holds, by direction: a FERRY_GO-only module has no
 * trait and names no implementation. */
static void emit_rs_header_comment(rs_file *r, strbuf *out) {
  const ir_module *m = r->m;
  if (m->nfuncs - m->go_funcs > 0) {
    sb_printf(out,
              "// The Rust side of %s, for an implementation in Rust: the C "
              "types with their\n// layouts, the trait `%s` to implement and "
              "the C functions Go calls. The\n// parent module names the "
              "implementing type `%s` and declares this module\n// with "
              "#[allow(dead_code, clippy::too_many_arguments)].\n",
              m->name, r->trait, r->impl);
    if (m->go_funcs > 0)
      sb_puts(out, "// The functions Go implements are safe Rust functions "
                   "that call Go.\n");
    sb_putc(out, '\n');
    return;
  }
  sb_printf(out,
            "// The Rust side of %s, whose functions Go implements: the C "
            "types with\n// their layouts and a safe Rust function per Go "
            "function%s",
            m->name,
            m->async_funcs > 0 ? " (the async ones are\n// methods of "
                                 "Server). The parent module declares this "
                                 "module with\n"
                               : ". The parent module\n// declares this "
                                 "module with ");
  sb_puts(out, m->async_funcs > 0 ? "// " : "");
  sb_puts(out, "#[allow(dead_code, clippy::too_many_arguments)].\n\n");
}

void emit_rust(const ir_module *m, const emit_opts *o, strbuf *out) {
  rs_file r = {.m = m, .a = m->arena};
  r.trait = ir_camel(m->arena, m->name, true);
  r.impl = arena_printf(m->arena, "%sImpl", r.trait);

  sb_printf(out, "// %s\n// Code generated by ferry-gen from %s; DO NOT "
                 "EDIT.\n\n",
            o->command, m->path);
  /* Plain comments and no inner attributes: the file may be pulled in
   * with include! (from a build script's OUT_DIR) as well as with
   * #[path]. The including module carries the allow attributes. */
  emit_rs_header_comment(&r, out);
  emit_rs_imports(&r, out);
  /* The implementation is named only by shims and handle types. */
  bool uses_impl = m->nfuncs - m->go_funcs > 0;
  for (int i = 0; i < m->ndecls; i++)
    if (m->decls[i]->kind == IR_HANDLE && !m->decls[i]->go_handle)
      uses_impl = true;
  if (uses_impl) sb_printf(out, "\nuse super::%s;\n", r.impl);
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *d = m->decls[i];
    sb_putc(out, '\n');
    switch (d->kind) {
    case IR_ENUM: emit_rs_enum(&r, out, d); break;
    case IR_STRUCT:
      if (m->go_funcs > 0 && !d->plain) emit_rs_go_struct(&r, out, d);
      else emit_rs_struct(&r, out, d);
      break;
    case IR_SLICE:
      if (d->map && m->go_funcs > 0) emit_rs_go_map(&r, out, d);
      else if (d->map) emit_rs_map(&r, out, d);
      else emit_rs_slice(&r, out, d);
      break;
    case IR_HANDLE:
      if (d->go_handle) emit_rs_go_handle(&r, out, d);
      else emit_rs_handle(&r, out, d);
      break;
    case IR_CALLBACK: emit_rs_callback(&r, out, d); break;
    default: break;
    }
  }

  emit_rust_serve(&r, out);
  emit_rust_call(&r, out);
  /* The support code: Rust in ferry-gen/support/rust/src/, embedded as
   * support_text.c. */
  for (int i = 0; i < m->ndecls; i++)
    if (m->decls[i]->kind == IR_CALLBACK) {
      sb_puts(out, rs_callback_support);
      break;
    }
}

