/* emit_rust.c: the Rust backend's entry point, emit_rust. One module per
 * interface: #[repr(C)] types with the C layouts (one emitter per type
 * kind, here), what Go calls in a Rust implementation
 * (emit_rust_serve.c), what Rust calls in Go (emit_rust_call.c), and the
 * support code every module carries. The output is what rustfmt would
 * print (rs_format.c). emit_rust.h lists the backend's files. */
#include <string.h>

#include "emit_rust.h"
#include "ferry.h"

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

static const char *rs_field_type(rs_file *r, const ir_field *f) {
  if (f->optional)
    return arena_printf(r->a, "FerryOptional<%s>", rs_c_type(r, f->type));
  return rs_c_type(r, f->type);
}

void emit_rs_struct(rs_file *r, strbuf *out, const ir_decl *s) {
  const char *name = rs_name(r, s);
  rs_doc(out, "", s->doc);
  sb_puts(out, "#[repr(C)]\n");
  if (s->plain)
    sb_puts(out, "#[derive(Clone, Copy, Debug, Default, PartialEq)]\n");
  sb_printf(out, "pub struct %s {\n", name);
  for (int i = 0; i < s->nfields; i++) {
    rs_doc(out, "    ", s->fields[i].doc);
    sb_printf(out, "    pub %s: %s,\n", s->fields[i].name,
              rs_field_type(r, &s->fields[i]));
  }
  sb_puts(out, "}\n");
}

void emit_rs_slice(rs_file *r, strbuf *out, const ir_decl *s) {
  rs_doc(out, "", s->doc);
  sb_printf(out, "pub type %s = FerrySlice<%s>;\n", rs_name(r, s),
            rs_c_type(r, s->elem));
}

void emit_rs_handle(rs_file *r, strbuf *out, const ir_decl *h) {
  sb_printf(out, "type Handle%s = <%s as %s>::%s;\n", rs_name(r, h),
            r->impl, r->trait, rs_name(r, h));
}

/* ---- Support code and file assembly ---------------------------------- */

/* The ABI types and the shims' helpers, the same in every module. */
static const char rs_support[] =
    "/// A string borrowed from Go for the duration of one call "
    "(`ferry_str`).\n"
    "#[repr(C)]\n"
    "pub struct FerryStr {\n"
    "    ptr: *const u8,\n"
    "    len: usize,\n"
    "}\n"
    "\n"
    "impl FerryStr {\n"
    "    /// The bytes, which Go does not promise are UTF-8.\n"
    "    pub fn as_bytes(&self) -> &[u8] {\n"
    "        if self.len == 0 {\n"
    "            return &[];\n"
    "        }\n"
    "        // Go passed a pointer and a length that are valid for the "
    "call.\n"
    "        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }\n"
    "    }\n"
    "\n"
    "    /// The string, with invalid UTF-8 replaced by U+FFFD.\n"
    "    pub fn to_str_lossy(&self) -> Cow<'_, str> {\n"
    "        String::from_utf8_lossy(self.as_bytes())\n"
    "    }\n"
    "}\n"
    "\n"
    "/// A writable byte buffer borrowed from Go for one call "
    "(`ferry_bytes`).\n"
    "#[repr(C)]\n"
    "pub struct FerryBytes {\n"
    "    ptr: *mut u8,\n"
    "    len: usize,\n"
    "}\n"
    "\n"
    "impl FerryBytes {\n"
    "    pub fn as_slice(&self) -> &[u8] {\n"
    "        if self.len == 0 {\n"
    "            return &[];\n"
    "        }\n"
    "        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }\n"
    "    }\n"
    "\n"
    "    pub fn as_mut_slice(&mut self) -> &mut [u8] {\n"
    "        if self.len == 0 {\n"
    "            return &mut [];\n"
    "        }\n"
    "        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }\n"
    "    }\n"
    "}\n"
    "\n"
    "/// An array borrowed from Go for one call (`FERRY_SLICE_OF(T)`).\n"
    "#[repr(C)]\n"
    "pub struct FerrySlice<T> {\n"
    "    ptr: *mut T,\n"
    "    len: usize,\n"
    "}\n"
    "\n"
    "impl<T> FerrySlice<T> {\n"
    "    pub fn as_slice(&self) -> &[T] {\n"
    "        if self.len == 0 {\n"
    "            return &[];\n"
    "        }\n"
    "        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }\n"
    "    }\n"
    "\n"
    "    pub fn as_mut_slice(&mut self) -> &mut [T] {\n"
    "        if self.len == 0 {\n"
    "            return &mut [];\n"
    "        }\n"
    "        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }\n"
    "    }\n"
    "}\n"
    "\n"
    "/// An optional value borrowed from Go for one call (`const T * "
    "FERRY_OPTIONAL`).\n"
    "#[repr(transparent)]\n"
    "pub struct FerryOptional<T>(*const T);\n"
    "\n"
    "impl<T> FerryOptional<T> {\n"
    "    pub fn get(&self) -> Option<&T> {\n"
    "        unsafe { self.0.as_ref() }\n"
    "    }\n"
    "}\n"
    "\n"
    "/// A status code from ferry's one table (`include/ferry.h`).\n"
    "#[repr(transparent)]\n"
    "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\n"
    "pub struct Status(pub i32);\n";

static const char rs_support_after_status[] =
    "\n"
    "/// A failure to report to Go: a status and a message (Go's `*Error`).\n"
    "#[derive(Clone, Debug, PartialEq, Eq)]\n"
    "pub struct Error {\n"
    "    pub status: Status,\n"
    "    pub message: String,\n"
    "}\n"
    "\n"
    "impl Error {\n"
    "    pub fn new(status: Status, message: impl Into<String>) -> Error {\n"
    "        Error {\n"
    "            status,\n"
    "            message: message.into(),\n"
    "        }\n"
    "    }\n"
    "\n"
    "    fn from_panic(payload: std::boxed::Box<dyn Any + Send>) -> Error {\n"
    "        let what = if let Some(s) = payload.downcast_ref::<&str>() {\n"
    "            s.to_string()\n"
    "        } else if let Some(s) = payload.downcast_ref::<String>() {\n"
    "            s.clone()\n"
    "        } else {\n"
    "            String::from(\"panic\")\n"
    "        };\n"
    "        Error::new(Status::EPANIC, format!(\"panic: {what}\"))\n"
    "    }\n"
    "\n"
    "    /// Copies the message into Go's buffer, cut to its size, and "
    "returns the\n"
    "    /// status (never OK: that would make Go read results that were "
    "not written).\n"
    "    unsafe fn report(self, buf: *mut FerryBytes) -> Status {\n"
    "        if let Some(buf) = unsafe { buf.as_mut() } {\n"
    "            let n = self.message.len().min(buf.len);\n"
    "            buf.as_mut_slice()[..n].copy_from_slice(&self.message."
    "as_bytes()[..n]);\n"
    "            buf.len = n;\n"
    "        }\n"
    "        if self.status == Status::OK {\n"
    "            Status::EINTERNAL\n"
    "        } else {\n"
    "            self.status\n"
    "        }\n"
    "    }\n"
    "}\n"
    "\n"
    "/// Runs f. A panic must not unwind into Go, and this function has no "
    "status to\n"
    "/// report it with, so it aborts the process.\n"
    "fn ferry_guard<R>(f: impl FnOnce() -> R) -> R {\n"
    "    match catch_unwind(AssertUnwindSafe(f)) {\n"
    "        Ok(r) => r,\n"
    "        Err(_) => std::process::abort(),\n"
    "    }\n"
    "}\n"
    "\n"
    "/// Runs f: stores its results on success, reports an Err or a panic "
    "as a status\n"
    "/// and a message in buf (which may be null).\n"
    "unsafe fn ferry_status<T>(\n"
    "    buf: *mut FerryBytes,\n"
    "    f: impl FnOnce() -> Result<T, Error>,\n"
    "    store: impl FnOnce(T),\n"
    ") -> Status {\n"
    "    match catch_unwind(AssertUnwindSafe(f)) {\n"
    "        Ok(Ok(v)) => {\n"
    "            store(v);\n"
    "            Status::OK\n"
    "        }\n"
    "        Ok(Err(e)) => unsafe { e.report(buf) },\n"
    "        Err(p) => unsafe { Error::from_panic(p).report(buf) },\n"
    "    }\n"
    "}\n"
    "\n"
    "/// A handle for Go: the boxed value, freed by ferry_unbox in the "
    "destructor.\n"
    "fn ferry_box<T>(v: T) -> *mut c_void {\n"
    "    std::boxed::Box::into_raw(std::boxed::Box::new(v)).cast()\n"
    "}\n"
    "\n"
    "unsafe fn ferry_unbox<T>(p: *mut c_void) -> std::boxed::Box<T> {\n"
    "    unsafe { std::boxed::Box::from_raw(p.cast()) }\n"
    "}\n"
    "\n"
    "unsafe fn ferry_optional_str<'a>(p: *const FerryStr) -> "
    "Option<Cow<'a, str>> {\n"
    "    unsafe { p.as_ref() }.map(FerryStr::to_str_lossy)\n"
    "}\n";

static void emit_rs_status(strbuf *out) {
  sb_puts(out, "\nimpl Status {\n");
#define RS_STATUS(name, value, msg) \
  sb_printf(out, "    /// %s\n    pub const %s: Status = Status(%d);\n", msg, #name, value);
  FERRY_STATUS_MAP(RS_STATUS)
#undef RS_STATUS
  sb_puts(out, "}\n");
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
  sb_printf(out,
            "// The Rust side of %s, for an implementation in Rust: the C "
            "types with their\n// layouts, the trait `%s` to implement and "
            "the C functions Go calls. The\n// parent module names the "
            "implementing type `%s` and declares this module\n// with "
            "#[allow(dead_code, clippy::too_many_arguments)].\n\n",
            m->name, r.trait, r.impl);
  sb_puts(out,
          "use std::any::Any;\nuse std::borrow::Cow;\nuse "
          "std::ffi::c_void;\n");
  if (m->async_funcs > 0) sb_puts(out, "use std::future::Future;\n");
  sb_puts(out, "use std::panic::{catch_unwind, AssertUnwindSafe};\n");
  /* The implementation is named only by shims and handle types. */
  bool uses_impl = m->nfuncs - m->go_funcs > 0;
  for (int i = 0; i < m->ndecls; i++)
    if (m->decls[i]->kind == IR_HANDLE) uses_impl = true;
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
    case IR_SLICE: emit_rs_slice(&r, out, d); break;
    case IR_HANDLE: emit_rs_handle(&r, out, d); break;
    case IR_CALLBACK: emit_rs_callback(&r, out, d); break;
    default: break;
    }
  }

  emit_rust_serve(&r, out);
  emit_rust_call(&r, out);
  for (int i = 0; i < m->ndecls; i++)
    if (m->decls[i]->kind == IR_CALLBACK) {
      sb_puts(out, rs_callback_support);
      break;
    }
  sb_putc(out, '\n');
  sb_puts(out, rs_support);
  emit_rs_status(out);
  sb_puts(out, rs_support_after_status);
}

