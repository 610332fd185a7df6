/* emit_rust.c: the Rust side of the Go -> native direction, for a library
 * implemented in Rust.
 *
 * One module per interface. It holds #[repr(C)] types with the C layouts,
 * a trait with one associated function per C function (Rust types:
 * &str, &mut [T], Option<&T>, Result<T, Error>, associated handle types),
 * and the #[no_mangle] extern "C" functions Go calls. Those shims convert
 * the C arguments, call the implementation named `<Name>Impl` in the
 * parent module, turn Err and panics into a status and a message, and box
 * handles (Drop runs in the destructor). A panic never unwinds into Go:
 * it becomes EPANIC where the function returns a status, and aborts the
 * process otherwise.
 *
 * The output is what rustfmt would print (see rust_call below for the
 * line-breaking rules it follows); one emitter per type kind. */
#include <string.h>

#include "emit.h"
#include "ferry.h"

#define MAX_WIDTH 100
#define CALL_WIDTH 60 /* rustfmt's fn_call_width */
#define MAX_SLOTS_RS 16

typedef struct rs_file {
  const ir_module *m;
  arena *a;
  const char *trait; /* e.g. "Records" */
  const char *impl;  /* e.g. "RecordsImpl" */
} rs_file;

/* A type's Rust name: from its FERRY_NAME or its C name. */
static const char *rs_name(rs_file *r, const ir_decl *d) {
  return ir_camel(r->a, ir_decl_short_name(r->m, d), true);
}

static const char *rs_scalar(ir_kind k) {
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

/* The Rust type with the C layout of t. */
static const char *rs_c_type(rs_file *r, ir_type t) {
  switch (t.kind) {
  case IR_STR: return "FerryStr";
  case IR_BYTES: return "FerryBytes";
  case IR_STATUS: return "Status";
  case IR_HANDLE: return "*mut c_void";
  case IR_ENUM:
  case IR_STRUCT:
  case IR_SLICE:
  case IR_CALLBACK: return rs_name(r, t.decl);
  default: return rs_scalar(t.kind);
  }
}

/* ---- Formatting the way rustfmt does ---------------------------------- */

/* head(args)tail on one line when it fits, else one argument per line. */
static void rs_list(strbuf *out, const char *indent, const char *head,
                    const char **args, int n, const char *tail,
                    bool call) {
  strbuf joined = {0};
  for (int i = 0; i < n; i++) sb_printf(&joined, "%s%s", i ? ", " : "", args[i]);
  size_t one = strlen(indent) + strlen(head) + 1 + joined.len + 1 + strlen(tail);
  bool fits = one <= MAX_WIDTH && (!call || joined.len <= CALL_WIDTH);
  if (fits || n == 0) {
    sb_printf(out, "%s%s(%s)%s\n", indent, head, joined.data ? joined.data : "",
              tail);
  } else {
    sb_printf(out, "%s%s(\n", indent, head);
    for (int i = 0; i < n; i++) sb_printf(out, "%s    %s,\n", indent, args[i]);
    sb_printf(out, "%s)%s\n", indent, tail);
  }
  sb_free(&joined);
}

/* ---- Declarations: one emitter per kind ------------------------------ */

static void rs_doc(strbuf *out, const char *indent, const char *doc) {
  emit_doc(out, indent, "/// ", doc);
}

static void emit_rs_enum(rs_file *r, strbuf *out, const ir_decl *e) {
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

static void emit_rs_struct(rs_file *r, strbuf *out, const ir_decl *s) {
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

static void emit_rs_slice(rs_file *r, strbuf *out, const ir_decl *s) {
  rs_doc(out, "", s->doc);
  sb_printf(out, "pub type %s = FerrySlice<%s>;\n", rs_name(r, s),
            rs_c_type(r, s->elem));
}

static void emit_rs_handle(rs_file *r, strbuf *out, const ir_decl *h) {
  sb_printf(out, "type Handle%s = <%s as %s>::%s;\n", rs_name(r, h),
            r->impl, r->trait, rs_name(r, h));
}

/* ---- Functions ------------------------------------------------------- */

/* The type a parameter has in the trait. */
static const char *rs_trait_param(rs_file *r, const ir_param *p) {
  ir_type t = p->type;
  switch (p->passing) {
  case IR_PASS_VALUE:
    switch (t.kind) {
    case IR_STR: return p->raw ? "&[u8]" : "&str";
    case IR_BYTES: return "&mut [u8]";
    case IR_SLICE:
      return arena_printf(r->a, t.decl->plain ? "&mut [%s]" : "&[%s]",
                          rs_c_type(r, t.decl->elem));
    case IR_HANDLE: return arena_printf(r->a, "&Self::%s", rs_name(r, t.decl));
    case IR_CALLBACK: return arena_printf(r->a, "&%s", rs_name(r, t.decl));
    default: return rs_c_type(r, t);
    }
  case IR_PASS_BUFFER: return p->is_const ? "&[u8]" : "&mut [u8]";
  case IR_PASS_IN: return arena_printf(r->a, "&%s", rs_c_type(r, t));
  case IR_PASS_OPTIONAL:
    if (t.kind == IR_STR) return "Option<&str>";
    return arena_printf(r->a, "Option<&%s>", rs_c_type(r, t));
  case IR_PASS_INOUT: return arena_printf(r->a, "&mut %s", rs_c_type(r, t));
  default: return NULL; /* results and the message are not parameters */
  }
}

/* The type a parameter has in the extern "C" shim. */
static const char *rs_shim_param(rs_file *r, const ir_param *p) {
  ir_type t = p->type;
  switch (p->passing) {
  case IR_PASS_VALUE: return rs_c_type(r, t);
  case IR_PASS_IN:
  case IR_PASS_OPTIONAL: return arena_printf(r->a, "*const %s", rs_c_type(r, t));
  case IR_PASS_OUT:
    if (t.kind == IR_HANDLE) return "*mut *mut c_void";
    return arena_printf(r->a, "*mut %s", rs_c_type(r, t));
  case IR_PASS_INOUT: return arena_printf(r->a, "*mut %s", rs_c_type(r, t));
  case IR_PASS_ERRMSG: return "*mut FerryBytes";
  case IR_PASS_BUFFER: return p->is_const ? "*const c_void" : "*mut c_void";
  case IR_PASS_LENGTH: return "usize";
  }
  return "?";
}

/* The statement that turns the C argument into the trait's, or NULL, and
 * the expression the call passes. */
static const char *rs_convert(rs_file *r, const ir_func *f, const ir_param *p,
                              const char **arg) {
  const char *n = p->name;
  ir_type t = p->type;
  *arg = n;
  switch (p->passing) {
  case IR_PASS_VALUE:
    switch (t.kind) {
    case IR_STR:
      if (p->raw) return arena_printf(r->a, "let %s = %s.as_bytes();", n, n);
      *arg = arena_printf(r->a, "&%s", n);
      return arena_printf(r->a, "let %s = %s.to_str_lossy();", n, n);
    case IR_BYTES:
      return arena_printf(r->a, "let %s = %s.as_mut_slice();", n, n);
    case IR_SLICE:
      return arena_printf(r->a, "let %s = %s.%s();", n, n,
                          t.decl->plain ? "as_mut_slice" : "as_slice");
    case IR_HANDLE:
      return arena_printf(r->a, "let %s = unsafe { &*%s.cast::<Handle%s>() };",
                          n, n, rs_name(r, t.decl));
    case IR_CALLBACK: *arg = arena_printf(r->a, "&%s", n); return NULL;
    default: return NULL;
    }
  case IR_PASS_IN: return arena_printf(r->a, "let %s = unsafe { &*%s };", n, n);
  case IR_PASS_OPTIONAL:
    if (t.kind == IR_STR) {
      *arg = arena_printf(r->a, "%s.as_deref()", n);
      return arena_printf(r->a, "let %s = unsafe { ferry_optional_str(%s) };",
                          n, n);
    }
    return arena_printf(r->a, "let %s = unsafe { %s.as_ref() };", n, n);
  case IR_PASS_INOUT:
    return arena_printf(r->a, "let %s = unsafe { &mut *%s };", n, n);
  case IR_PASS_BUFFER: {
    /* Go passes NULL for an empty slice; from_raw_parts wants non-null. */
    const char *len = f->params[p->partner].name;
    bool w = !p->is_const;
    return arena_printf(r->a,
                        "let %s = if %s == 0 {\n        &%s[][..]\n    } else {"
                        "\n        unsafe { std::slice::from_raw_parts%s(%s."
                        "cast::<u8>(), %s) }\n    };",
                        n, len, w ? "mut " : "", w ? "_mut" : "", n, len);
  }
  default: return NULL;
  }
}

static bool rs_mut_binding(const ir_param *p) {
  return p->passing == IR_PASS_VALUE &&
         (p->type.kind == IR_BYTES ||
          (p->type.kind == IR_SLICE && p->type.decl->plain));
}

/* The Rust type of a returned value or result: Self::X for a handle in
 * the trait, the alias HandleX in the shims. */
static const char *rs_result_type(rs_file *r, ir_type t, bool in_trait) {
  if (t.kind == IR_HANDLE)
    return arena_printf(r->a, "%s%s", in_trait ? "Self::" : "Handle",
                        rs_name(r, t.decl));
  return rs_c_type(r, t);
}

/* What the implementation produces: the C return value (unless void or a
 * status) and the FERRY_OUT results, as one type or a tuple. */
static const char *rs_results(rs_file *r, const ir_func *f, bool in_trait,
                              int *count) {
  int n = 0;
  strbuf sb = {0};
  if (f->ret.kind != IR_VOID && f->ret.kind != IR_STATUS) {
    sb_puts(&sb, rs_result_type(r, f->ret, in_trait));
    n++;
  }
  for (int i = 0; i < f->nparams; i++) {
    if (f->params[i].passing != IR_PASS_OUT) continue;
    sb_printf(&sb, "%s%s", n ? ", " : "",
              rs_result_type(r, f->params[i].type, in_trait));
    n++;
  }
  const char *v = n == 0   ? "()"
                  : n == 1 ? arena_strdup(r->a, sb.data)
                           : arena_printf(r->a, "(%s)", sb.data);
  sb_free(&sb);
  *count = n;
  return v;
}

/* The trait function's return type: the results, in a Result for a
 * function that returns a status. */
static const char *rs_trait_return(rs_file *r, const ir_func *f, int *count) {
  if (f->found_param >= 0) {
    *count = 1;
    return arena_printf(r->a, "Option<%s>",
                        rs_result_type(r, f->params[f->found_param].type, true));
  }
  const char *v = rs_results(r, f, true, count);
  if (ir_returns_status(f)) return arena_printf(r->a, "Result<%s, Error>", v);
  return v;
}

static void emit_rs_trait_fn(rs_file *r, strbuf *out, const ir_func *f,
                             bool first) {
  const char *args[MAX_SLOTS_RS];
  int n = 0;
  for (int i = 0; i < f->nparams; i++) {
    const char *t = rs_trait_param(r, &f->params[i]);
    if (t != NULL) args[n++] = arena_printf(r->a, "%s: %s", f->params[i].name, t);
  }
  int results;
  const char *ret = rs_trait_return(r, f, &results);
  const char *tail = strcmp(ret, "()") == 0 ? ";" : arena_printf(r->a, " -> %s;", ret);
  if (!first) sb_putc(out, '\n');
  rs_doc(out, "    ", f->doc);
  rs_list(out, "    ", arena_printf(r->a, "fn %s", ir_func_rust_name(r->m, f)),
          args, n, tail, false);
}

/* let ferry_call = || <Impl as Trait>::name(args); in rustfmt's layout. */
static void emit_rs_call(rs_file *r, strbuf *out, const ir_func *f,
                         const char **args, int n) {
  const char *callee = arena_printf(r->a, "<%s as %s>::%s", r->impl, r->trait,
                                    ir_func_rust_name(r->m, f));
  strbuf joined = {0};
  for (int i = 0; i < n; i++) sb_printf(&joined, "%s%s", i ? ", " : "", args[i]);
  size_t width = strlen("    let ferry_call = || ") + strlen(callee) + 2 +
                 joined.len + 1;
  if (width <= MAX_WIDTH && joined.len <= CALL_WIDTH) {
    sb_printf(out, "    let ferry_call = || %s(%s);\n", callee,
              joined.data ? joined.data : "");
  } else {
    sb_puts(out, "    let ferry_call = || {\n");
    rs_list(out, "        ", callee, args, n, "", true);
    sb_puts(out, "    };\n");
  }
  sb_free(&joined);
}

static void emit_rs_shim_head(rs_file *r, strbuf *out, const ir_func *f) {
  const char *params[MAX_SLOTS_RS];
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    params[i] = arena_printf(r->a, "%s%s: %s", rs_mut_binding(p) ? "mut " : "",
                             p->name, rs_shim_param(r, p));
  }
  const char *tail = f->ret.kind == IR_VOID
                         ? " {"
                         : arena_printf(r->a, " -> %s {", rs_c_type(r, f->ret));
  sb_printf(out,
            "\n/// # Safety\n///\n/// Go calls it through ferry with "
            "arguments as %s describes.\n#[no_mangle]\n",
            r->m->path);
  /* A library's own C names (XXH64) are not Rust's snake case. */
  for (const char *c = f->name; *c; c++)
    if (*c >= 'A' && *c <= 'Z') {
      sb_puts(out, "#[allow(non_snake_case)]\n");
      break;
    }
  rs_list(out, "", arena_printf(r->a, "pub unsafe extern \"C\" fn %s", f->name),
          params, f->nparams, tail, false);
}

static void emit_rs_destructor(rs_file *r, strbuf *out, const ir_func *f) {
  emit_rs_shim_head(r, out, f);
  const char *n = f->params[0].name;
  sb_printf(out,
            "    let %s = unsafe { ferry_unbox::<Handle%s>(%s) };\n"
            "    ferry_guard(move || drop(%s));\n",
            n, rs_name(r, f->params[0].type.decl), n, n);
  /* A destructor returning a code returns the zero value (success). */
  if (f->ret.kind != IR_VOID) sb_puts(out, "    Default::default()\n");
  sb_puts(out, "}\n");
}

/* The statement that stores result index i (of count) through p. */
static const char *rs_store(rs_file *r, const ir_param *p, int i, int count) {
  const char *v = count == 1 ? "ferry_v" : arena_printf(r->a, "ferry_v.%d", i);
  if (p->type.kind == IR_HANDLE)
    return arena_printf(r->a, "unsafe { %s.write(ferry_box(%s)) };", p->name, v);
  return arena_printf(r->a, "unsafe { %s.write(%s) };", p->name, v);
}

static void emit_rs_shim(rs_file *r, strbuf *out, const ir_func *f) {
  if (f->destructor) {
    emit_rs_destructor(r, out, f);
    return;
  }
  emit_rs_shim_head(r, out, f);
  const char *args[MAX_SLOTS_RS];
  int n = 0;
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    const char *arg;
    const char *conv = rs_convert(r, f, p, &arg);
    if (conv) sb_printf(out, "    %s\n", conv);
    if (rs_trait_param(r, p) != NULL) args[n++] = arg;
  }
  emit_rs_call(r, out, f, args, n);

  if (f->found_param >= 0) {
    /* Option<T>: stored and true, or false. */
    sb_printf(out,
              "    match ferry_guard(ferry_call) {\n"
              "        Some(ferry_v) => {\n"
              "            %s\n"
              "            true\n"
              "        }\n"
              "        None => false,\n"
              "    }\n}\n",
              rs_store(r, &f->params[f->found_param], 0, 1));
    return;
  }
  int results;
  rs_results(r, f, false, &results);
  bool has_ret = f->ret.kind != IR_VOID && f->ret.kind != IR_STATUS;
  if (ir_returns_status(f)) {
    /* The results are written through the out pointers on success. */
    if (results == 0) {
      sb_puts(out, "    let ferry_store = |_: ()| {};\n");
    } else {
      int unused;
      sb_printf(out, "    let ferry_store = |ferry_v: %s| {\n",
                rs_results(r, f, false, &unused));
      int k = 0;
      for (int i = 0; i < f->nparams; i++)
        if (f->params[i].passing == IR_PASS_OUT)
          sb_printf(out, "        %s\n", rs_store(r, &f->params[i], k++, results));
      sb_puts(out, "    };\n");
    }
    const char *msg = f->errmsg_param >= 0 ? f->params[f->errmsg_param].name
                                           : "std::ptr::null_mut()";
    sb_printf(out, "    unsafe { ferry_status(%s, ferry_call, ferry_store) }\n}\n",
              msg);
    return;
  }
  int outs = results - (has_ret ? 1 : 0);
  const char *wrap = f->ret.kind == IR_HANDLE ? "ferry_box" : NULL;
  if (outs == 0) {
    if (wrap) sb_printf(out, "    %s(ferry_guard(ferry_call))\n}\n", wrap);
    else sb_puts(out, "    ferry_guard(ferry_call)\n}\n");
    return;
  }
  sb_puts(out, "    let ferry_v = ferry_guard(ferry_call);\n");
  int k = has_ret ? 1 : 0;
  for (int i = 0; i < f->nparams; i++)
    if (f->params[i].passing == IR_PASS_OUT)
      sb_printf(out, "    %s\n", rs_store(r, &f->params[i], k++, results));
  if (has_ret) {
    if (wrap) sb_puts(out, "    ferry_box(ferry_v.0)\n");
    else sb_puts(out, "    ferry_v.0\n");
  }
  sb_puts(out, "}\n");
}

/* ---- Callbacks (FERRY_CALLBACK) ----------------------------------------
 *
 * The implementation receives &Name, a wrapper of the call's
 * ferry_callback handle that it cannot keep (only the shim makes one, and
 * only lends it), and calls name.call(...). call packs the arguments into
 * ferry_callback_call's four words as the C header's NAME_call does
 * (emit_c.c): scalars as themselves, floats as their bits, views by the
 * address of a ferry_str, ferry_bytes or slice on this stack. */

static const char rs_callback_support[] =
    "\n"
    "extern \"C\" {\n"
    "    fn ferry_callback_call(\n"
    "        cb: *mut c_void,\n"
    "        a0: usize,\n"
    "        a1: usize,\n"
    "        a2: usize,\n"
    "        a3: usize,\n"
    "        result: *mut usize,\n"
    "    ) -> i32;\n"
    "}\n"
    "\n"
    "/// Calls the Go function behind cb with four words: its result word, "
    "or the\n"
    "/// status of the failure.\n"
    "///\n"
    "/// # Safety\n"
    "///\n"
    "/// cb is the handle of a call in progress on this thread.\n"
    "unsafe fn ferry_callback(cb: *mut c_void, w: [usize; 4]) -> "
    "Result<usize, Error> {\n"
    "    let mut result = 0;\n"
    "    match unsafe { ferry_callback_call(cb, w[0], w[1], w[2], w[3], "
    "&mut result) } {\n"
    "        0 => Ok(result),\n"
    "        status => Err(Error::new(Status(status), \"\")),\n"
    "    }\n"
    "}\n";

/* The Rust type of a callback parameter in call(). */
static const char *rs_callback_param(rs_file *r, ir_type t) {
  switch (t.kind) {
  case IR_STR: return "&str";
  case IR_BYTES: return "&mut [u8]";
  case IR_SLICE:
    return arena_printf(r->a, "&mut [%s]", rs_c_type(r, t.decl->elem));
  default: return rs_c_type(r, t);
  }
}

/* The word of a scalar n, or of the view ferry_v<i> made of it. */
static const char *rs_callback_word(rs_file *r, ir_type t, const char *n,
                                    int i) {
  switch (t.kind) {
  case IR_STR:
  case IR_BYTES:
  case IR_SLICE:
    return arena_printf(r->a, "&ferry_v%d as *const %s as usize", i,
                        rs_c_type(r, t));
  case IR_USIZE: return n;
  case IR_F32:
  case IR_F64: return arena_printf(r->a, "%s.to_bits() as usize", n);
  case IR_ENUM: return arena_printf(r->a, "%s.0 as usize", n);
  default: return arena_printf(r->a, "%s as usize", n);
  }
}

/* The Ok value of result word ferry_r. */
static const char *rs_callback_result(rs_file *r, ir_type t) {
  switch (t.kind) {
  case IR_VOID: return "()";
  case IR_USIZE: return "ferry_r";
  case IR_BOOL: return "ferry_r != 0";
  case IR_F32: return "f32::from_bits(ferry_r as u32)";
  case IR_F64: return "f64::from_bits(ferry_r as u64)";
  case IR_ENUM:
    return arena_printf(r->a, "%s(ferry_r as i32)", rs_name(r, t.decl));
  default: return arena_printf(r->a, "ferry_r as %s", rs_scalar(t.kind));
  }
}

static void emit_rs_callback(rs_file *r, strbuf *out, const ir_decl *d) {
  const ir_func *s = d->signature;
  const char *name = rs_name(r, d);
  bool status = ir_returns_status(s);
  rs_doc(out, "", d->doc);
  if (d->doc) sb_puts(out, "///\n");
  sb_printf(out,
            "/// A Go function (`%s`, FERRY_CALLBACK) lent to the call that "
            "receives it: call\n/// it during that call only. After an "
            "`Err`, return promptly.\n#[repr(transparent)]\npub struct "
            "%s(*mut c_void);\n\nimpl %s {\n",
            d->name, name, name);
  sb_printf(out, "    /// Calls the Go function on the Go caller's goroutine. "
                 "Err: EPANIC when it\n    /// panicked, ECANCELED when an "
                 "earlier callback of the call failed%s.\n",
            status ? ",\n    /// or the status of the error it returned" : "");
  const char *args[MAX_SLOTS_RS];
  args[0] = "&self";
  for (int i = 0; i < s->nparams; i++)
    args[i + 1] = arena_printf(r->a, "%s: %s", s->params[i].name,
                               rs_callback_param(r, s->params[i].type));
  const char *ok = status || s->ret.kind == IR_VOID
                       ? "()"
                       : rs_c_type(r, s->ret);
  rs_list(out, "    ", "pub fn call", args, s->nparams + 1,
          arena_printf(r->a, " -> Result<%s, Error> {", ok), false);
  for (int i = 0; i < s->nparams; i++) {
    const ir_param *p = &s->params[i];
    ir_kind k = p->type.kind;
    if (k != IR_STR && k != IR_BYTES && k != IR_SLICE) continue;
    sb_printf(out, "        let ferry_v%d = %s {\n            ptr: %s.%s(),\n"
                   "            len: %s.len(),\n        };\n",
              i, rs_c_type(r, p->type), p->name,
              k == IR_STR ? "as_ptr" : "as_mut_ptr", p->name);
  }
  sb_printf(out, "        let %sferry_w = [0usize; 4];\n",
            s->nparams ? "mut " : "");
  for (int i = 0; i < s->nparams; i++)
    sb_printf(out, "        ferry_w[%d] = %s;\n", i,
              rs_callback_word(r, s->params[i].type, s->params[i].name, i));
  const char *get = "unsafe { ferry_callback(self.0, ferry_w) }?";
  if (status)
    sb_printf(out, "        match %s as i32 {\n            0 => Ok(()),\n"
                   "            status => Err(Error::new(Status(status), "
                   "\"\")),\n        }\n",
              get);
  else if (s->ret.kind == IR_VOID)
    sb_printf(out, "        %s;\n        Ok(())\n", get);
  else
    sb_printf(out, "        let ferry_r = %s;\n        Ok(%s)\n", get,
              rs_callback_result(r, s->ret));
  sb_puts(out, "    }\n}\n");
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

/* ---- The caller's side of FERRY_GO functions ---------------------------
 *
 * Rust calls Go: each FERRY_GO function becomes a safe Rust function that
 * takes borrowed Rust data (&str, &[u8], &[T], &Struct, Option<&T>),
 * builds the C views of it without copying the data (only the arrays of
 * element views a slice of view-holding structs needs), checks that it
 * may call Go (ferry::assert_can_call_go, the inline form of C's
 * ferry_assert_can_call_go), calls the cgo export and turns
 * the results into owned Rust values. A struct that holds views has three
 * Rust types: the owned one the caller uses (String, Vec, Option), its
 * view FerryInX<'a> (the C layout, borrowing the owned one) and its result
 * FerryOutX (the C layout, owning what Go allocated and freeing it on
 * drop). Results are converted into owned values at once and the C
 * memory freed: one type per struct for arguments and results, no
 * lifetimes or C types in the caller's code, for one extra copy of the
 * result's strings and arrays. */

/* The owned Rust type of t. */
static const char *rs_own_type(rs_file *r, ir_type t) {
  switch (t.kind) {
  case IR_STR: return "String";
  case IR_BYTES: return "Vec<u8>";
  case IR_SLICE:
    return arena_printf(r->a, "Vec<%s>", rs_own_type(r, t.decl->elem));
  case IR_ENUM:
  case IR_STRUCT: return rs_name(r, t.decl);
  default: return rs_scalar(t.kind);
  }
}

/* The C-layout view of t that borrows an owned value for 'a. */
static const char *rs_in_type(rs_file *r, ir_type t) {
  switch (t.kind) {
  case IR_STR: return "ferry::Str<'a>";
  case IR_BYTES: return "ferry::Bytes<'a>";
  case IR_SLICE:
    if (t.decl->plain)
      return arena_printf(r->a, "ferry::Slice<'a, %s>", rs_c_type(r, t.decl->elem));
    return arena_printf(r->a, "ferry::SliceBox<%s>", rs_in_type(r, t.decl->elem));
  case IR_STRUCT:
    if (!t.decl->plain)
      return arena_printf(r->a, "FerryIn%s<'a>", rs_name(r, t.decl));
    return rs_name(r, t.decl);
  default: return rs_c_type(r, t);
  }
}

/* The view of the owned value that reference ref (a &T) points to. */
static const char *rs_in_expr(rs_file *r, ir_type t, const char *ref,
                              int depth) {
  switch (t.kind) {
  case IR_STR: return arena_printf(r->a, "ferry::Str::new(%s)", ref);
  case IR_BYTES: return arena_printf(r->a, "ferry::Bytes::new(%s)", ref);
  case IR_SLICE: {
    if (t.decl->plain) return arena_printf(r->a, "ferry::Slice::new(%s)", ref);
    ir_type el = t.decl->elem;
    if (ref[0] == '&') ref++; /* a method call borrows by itself */
    if (el.kind == IR_STRUCT && !el.decl->plain)
      return arena_printf(r->a, "%s.iter().map(FerryIn%s::new).collect()", ref,
                          rs_name(r, el.decl));
    const char *e = arena_printf(r->a, "e%d", depth);
    return arena_printf(r->a, "%s.iter().map(|%s| %s).collect()", ref, e,
                        rs_in_expr(r, el, e, depth + 1));
  }
  case IR_STRUCT:
    if (!t.decl->plain)
      return arena_printf(r->a, "FerryIn%s::new(%s)", rs_name(r, t.decl), ref);
    return arena_printf(r->a, "*%s", ref);
  default: return arena_printf(r->a, "*%s", ref);
  }
}

/* The C-layout type of a result that owns what Go allocated. */
static const char *rs_out_type(rs_file *r, ir_type t) {
  switch (t.kind) {
  case IR_STR: return "ferry::OwnedStr";
  case IR_BYTES: return "ferry::OwnedBytes";
  case IR_SLICE:
    return arena_printf(r->a, "ferry::OwnedSlice<%s>", rs_out_type(r, t.decl->elem));
  case IR_STRUCT:
    if (!t.decl->plain) return arena_printf(r->a, "FerryOut%s", rs_name(r, t.decl));
    return rs_name(r, t.decl);
  default: return rs_c_type(r, t);
  }
}

/* The owned value of the result reference ref points to. */
static const char *rs_out_expr(rs_file *r, ir_type t, const char *ref,
                               int depth) {
  switch (t.kind) {
  case IR_STR:
    return arena_printf(r->a, "%s.to_string_lossy().into_owned()", ref);
  case IR_BYTES: return arena_printf(r->a, "%s.to_vec()", ref);
  case IR_SLICE: {
    if (t.decl->plain) return arena_printf(r->a, "%s.to_vec()", ref);
    const char *e = arena_printf(r->a, "e%d", depth);
    return arena_printf(r->a, "%s.iter().map(|%s| %s).collect()", ref, e,
                        rs_out_expr(r, t.decl->elem, e, depth + 1));
  }
  case IR_STRUCT:
    if (!t.decl->plain) return arena_printf(r->a, "%s.to_rust()", ref);
    return arena_printf(r->a, "*%s", ref);
  default: return arena_printf(r->a, "*%s", ref);
  }
}

/* "indent key: expr," with expr's method chain broken one call a line,
 * as rustfmt does when the chain is longer than its chain_width (60). */
static void rs_chain_field(strbuf *out, const char *indent, const char *key,
                           const char *expr) {
  size_t n = strlen(expr);
  if (n <= 60) {
    sb_printf(out, "%s%s: %s,\n", indent, key, expr);
    return;
  }
  sb_printf(out, "%s%s: ", indent, key);
  int depth = 0;
  for (size_t i = 0; i < n; i++) {
    char c = expr[i];
    if (c == '(' || c == '[' || c == '{' || c == '<') depth++;
    if (c == ')' || c == ']' || c == '}' || (c == '>' && expr[i - 1] != '-')) depth--;
    if (c == '.' && depth == 0) sb_printf(out, "\n%s    ", indent);
    sb_putc(out, c);
  }
  sb_puts(out, ",\n");
}

static void emit_rs_go_struct(rs_file *r, strbuf *out, const ir_decl *s) {
  const char *name = rs_name(r, s);
  rs_doc(out, "", s->doc);
  sb_printf(out, "#[derive(Clone, Debug, Default, PartialEq)]\npub struct %s {\n",
            name);
  for (int i = 0; i < s->nfields; i++) {
    const ir_field *f = &s->fields[i];
    rs_doc(out, "    ", f->doc);
    const char *t = rs_own_type(r, f->type);
    if (f->optional) t = arena_printf(r->a, "Option<%s>", t);
    sb_printf(out, "    pub %s: %s,\n", f->name, t);
  }
  sb_puts(out, "}\n");

  sb_printf(out, "\n/// `%s` viewing a [`%s`] for one call.\n#[repr(C)]\n"
                 "struct FerryIn%s<'a> {\n", s->name, name, name);
  for (int i = 0; i < s->nfields; i++) {
    const ir_field *f = &s->fields[i];
    const char *t = rs_in_type(r, f->type);
    if (f->optional)
      t = ir_is_plain(f->type) ? arena_printf(r->a, "Option<&'a %s>", t)
                               : arena_printf(r->a, "Option<Box<%s>>", t);
    sb_printf(out, "    %s: %s,\n", f->name, t);
  }
  sb_printf(out, "}\n\nimpl<'a> FerryIn%s<'a> {\n    fn new(v: &'a %s) -> Self {\n"
                 "        FerryIn%s {\n",
            name, name, name);
  for (int i = 0; i < s->nfields; i++) {
    const ir_field *f = &s->fields[i];
    const char *ref = arena_printf(r->a, "&v.%s", f->name);
    const char *e;
    if (!f->optional)
      e = rs_in_expr(r, f->type, ref, 0);
    else if (ir_is_plain(f->type))
      e = arena_printf(r->a, "v.%s.as_ref()", f->name);
    else
      e = arena_printf(r->a, "v.%s.as_ref().map(|e| Box::new(%s))", f->name,
                       rs_in_expr(r, f->type, "e", 1));
    if (strcmp(e, arena_printf(r->a, "*&v.%s", f->name)) == 0)
      e = arena_printf(r->a, "v.%s", f->name);
    rs_chain_field(out, "            ", f->name, e);
  }
  sb_puts(out, "        }\n    }\n}\n");

  sb_printf(out, "\n/// `%s` as a result: owns what Go allocated, freed on drop.\n"
                 "#[repr(C)]\n#[derive(Default)]\nstruct FerryOut%s {\n",
            s->name, name);
  for (int i = 0; i < s->nfields; i++) {
    const ir_field *f = &s->fields[i];
    const char *t = rs_out_type(r, f->type);
    if (f->optional) t = arena_printf(r->a, "FerryOwnedPtr<%s>", t);
    sb_printf(out, "    %s: %s,\n", f->name, t);
  }
  sb_printf(out, "}\n\nimpl FerryOut%s {\n    fn to_rust(&self) -> %s {\n"
                 "        %s {\n", name, name, name);
  for (int i = 0; i < s->nfields; i++) {
    const ir_field *f = &s->fields[i];
    const char *e;
    if (!f->optional) {
      e = rs_out_expr(r, f->type, arena_printf(r->a, "self.%s", f->name), 0);
      if (e[0] == '*') e++; /* a place, not a reference */
    } else if (ir_is_plain(f->type)) {
      e = arena_printf(r->a, "self.%s.get().copied()", f->name);
    } else {
      e = arena_printf(r->a, "self.%s.get().map(|e| %s)", f->name,
                       rs_out_expr(r, f->type, "e", 1));
    }
    rs_chain_field(out, "            ", f->name, e);
  }
  sb_puts(out, "        }\n    }\n}\n");
}

/* The wrapper's parameter type, the extern's, and the argument. */
static const char *rs_go_param(rs_file *r, const ir_param *p) {
  ir_type t = p->type;
  switch (p->passing) {
  case IR_PASS_VALUE:
    switch (t.kind) {
    case IR_STR: return "&str";
    case IR_BYTES: return "&[u8]";
    case IR_SLICE: return arena_printf(r->a, "&[%s]", rs_own_type(r, t.decl->elem));
    default: return rs_own_type(r, t);
    }
  case IR_PASS_IN: return arena_printf(r->a, "&%s", rs_own_type(r, t));
  case IR_PASS_OPTIONAL:
    if (t.kind == IR_STR) return "Option<&str>";
    return arena_printf(r->a, "Option<&%s>", rs_own_type(r, t));
  case IR_PASS_INOUT: return arena_printf(r->a, "&mut %s", rs_own_type(r, t));
  default: return NULL;
  }
}

/* The extern block has no 'a: views there borrow for the call. */
static const char *rs_anon(rs_file *r, const char *in) {
  char *anon = arena_strdup(r->a, in);
  for (char *q = strstr(anon, "'a"); q; q = strstr(q, "'a")) q[1] = '_';
  return anon;
}

static const char *rs_go_extern_param(rs_file *r, const ir_param *p) {
  ir_type t = p->type;
  const char *anon = rs_anon(r, rs_in_type(r, t));
  switch (p->passing) {
  case IR_PASS_VALUE:
    if (t.kind == IR_SLICE && !t.decl->plain)
      return arena_printf(r->a, "ferry::Slice<'_, %s>",
                          rs_anon(r, rs_in_type(r, t.decl->elem)));
    return anon;
  case IR_PASS_IN: return arena_printf(r->a, "*const %s", anon);
  case IR_PASS_OPTIONAL: return arena_printf(r->a, "Option<&%s>", anon);
  case IR_PASS_INOUT: return arena_printf(r->a, "*mut %s", anon);
  case IR_PASS_OUT: return arena_printf(r->a, "*mut %s", rs_out_type(r, t));
  case IR_PASS_ERRMSG: return "*mut FerryBytes";
  case IR_PASS_BUFFER:
  case IR_PASS_LENGTH: break; /* rejected by the checker for FERRY_GO */
  }
  return "?";
}

static void emit_rs_go_externs(rs_file *r, strbuf *out) {
  if (r->m->go_funcs == r->m->async_funcs) return;
  sb_puts(out, "\n// The cgo exports behind the FERRY_GO functions.\nextern \"C\" {\n");
  for (int i = 0; i < r->m->nfuncs; i++) {
    const ir_func *f = r->m->funcs[i];
    if (f->direction != IR_GO_IMPL || f->async) continue;
    const char *params[MAX_SLOTS_RS];
    for (int j = 0; j < f->nparams && j < MAX_SLOTS_RS; j++)
      params[j] = arena_printf(r->a, "%s: %s", f->params[j].name,
                               rs_go_extern_param(r, &f->params[j]));
    rs_list(out, "    ", arena_printf(r->a, "fn %s", ir_go_export_name(r->m, f)),
            params, f->nparams, ir_returns_status(f) ? " -> Status;" : ";", false);
  }
  sb_puts(out, "}\n");
}

static void emit_rs_go_fn(rs_file *r, strbuf *out, const ir_func *f) {
  bool status = ir_returns_status(f);
  const char *params[MAX_SLOTS_RS], *args[MAX_SLOTS_RS];
  int np = 0;
  strbuf pre = {0}, results = {0}, types = {0};
  int nres = 0;
  for (int i = 0; i < f->nparams && i < MAX_SLOTS_RS; i++) {
    const ir_param *p = &f->params[i];
    ir_type t = p->type;
    const char *n = p->name;
    const char *pt = rs_go_param(r, p);
    if (pt) params[np++] = arena_printf(r->a, "%s: %s", n, pt);
    args[i] = n;
    switch (p->passing) {
    case IR_PASS_VALUE:
      if (t.kind == IR_SLICE && !t.decl->plain) {
        sb_printf(&pre, "    let %s: ferry::SliceBox<_> = %s;\n", n,
                  rs_in_expr(r, t, n, 0));
        args[i] = arena_printf(r->a, "ferry::Slice::new(&%s)", n);
      } else if (!ir_is_scalar(t.kind)) {
        args[i] = rs_in_expr(r, t, n, 0);
      }
      break;
    case IR_PASS_IN:
      if (!t.decl->plain) {
        sb_printf(&pre, "    let %s = %s;\n", n, rs_in_expr(r, t, n, 0));
        args[i] = arena_printf(r->a, "&%s", n);
      }
      break;
    case IR_PASS_OPTIONAL:
      if (!ir_is_plain(t)) {
        sb_printf(&pre, "    let %s = %s.map(%s);\n", n, n,
                  t.kind == IR_STR ? "ferry::Str::new"
                                   : arena_printf(r->a, "FerryIn%s::new",
                                                  rs_name(r, t.decl)));
        args[i] = arena_printf(r->a, "%s.as_ref()", n);
      }
      break;
    case IR_PASS_INOUT: break;
    case IR_PASS_OUT: {
      const char *v = arena_printf(r->a, "ferry_out_%s", n);
      sb_printf(&pre, "    let mut %s = %s::default();\n", v, rs_out_type(r, t));
      args[i] = arena_printf(r->a, "&mut %s", v);
      sb_printf(&results, "%s%s", nres ? ", " : "",
                ir_needs_free(t) ? arena_printf(r->a, "%s.to_rust()", v) : v);
      sb_printf(&types, "%s%s", nres ? ", " : "", rs_own_type(r, t));
      nres++;
      break;
    }
    case IR_PASS_ERRMSG:
      sb_printf(&pre,
                "    let mut ferry_buf = [0u8; 256];\n"
                "    let mut %s = FerryBytes {\n"
                "        ptr: ferry_buf.as_mut_ptr(),\n"
                "        len: ferry_buf.len(),\n    };\n",
                n);
      args[i] = arena_printf(r->a, "&mut %s", n);
      break;
    case IR_PASS_BUFFER:
    case IR_PASS_LENGTH: break; /* rejected by the checker for FERRY_GO */
    }
  }
  const char *ret = "";
  if (status) {
    const char *v = nres == 0 ? "()" : nres == 1 ? types.data
                                     : arena_printf(r->a, "(%s)", types.data);
    ret = arena_printf(r->a, " -> Result<%s, Error>", v);
  }
  strbuf doc = {0};
  sb_printf(&doc, "Calls `%s`, which Go implements%s.", f->name,
            status ? "" : " (oneway: it returns when Go has run it, and "
                          "nothing comes back)");
  if (f->doc) sb_printf(&doc, "\n\n%s", f->doc);
  sb_putc(out, '\n');
  rs_doc(out, "", doc.data);
  sb_free(&doc);
  rs_list(out, "", arena_printf(r->a, "pub fn %s", ir_strip_prefix(r->m, f->name)),
          params, np, arena_printf(r->a, "%s {", ret), false);
  if (pre.data) sb_puts(out, pre.data);
  sb_printf(out,
            "    // SAFETY: the arguments view memory borrowed for the call, "
            "and Go keeps no\n    // pointer into it.\n"
            "    %sunsafe {\n"
            "        ferry::assert_can_call_go(c\"%s\");\n",
            status ? "let ferry_status = " : "", f->name);
  rs_list(out, "        ", ir_go_export_name(r->m, f), args, f->nparams,
          status ? "" : ";", true);
  sb_printf(out, "    }%s\n", status ? ";" : "");
  if (status) {
    const char *msg = f->errmsg_param >= 0 ? f->params[f->errmsg_param].name : NULL;
    sb_puts(out, "    if ferry_status != Status::OK {\n");
    if (msg)
      sb_printf(out,
                "        let ferry_text = &ferry_buf[..%s.len.min(ferry_buf.len())];\n"
                "        let ferry_text = String::from_utf8_lossy(ferry_text).into_owned();\n"
                "        return Err(Error::new(ferry_status, ferry_text));\n",
                msg);
    else
      sb_puts(out, "        return Err(Error::new(ferry_status, String::new()));\n");
    sb_puts(out, "    }\n");
    sb_printf(out, "    Ok(%s)\n",
              nres == 0 ? "()" : nres == 1 ? results.data
                                           : arena_printf(r->a, "(%s)", results.data));
  }
  sb_puts(out, "}\n");
  sb_free(&pre);
  sb_free(&results);
  sb_free(&types);
}

/* ---- Async FERRY_GO functions: a Server of futures --------------------
 *
 * A module with async functions gets a Server: a ferry::Ring this side
 * owns, which Go serves (the PREFIX_ring_serve export) until stop or
 * drop. Each async function is a method of it returning a 'static future
 * (ferry::Ring::call_async). The call owns its arguments (FerryCallX:
 * String, Vec, owned structs), from which the argument struct FerryArgsX
 * with the C layout of NAME_args is made once the call has its final
 * place; the result FerryResultX has the layout of NAME_result and owns
 * what Go allocated. */

/* The Rust name of an async function's ring index: FN_NAME (the C header's
 * PREFIX_FN_NAME without the prefix). */
static const char *rs_ring_const(rs_file *r, const ir_func *f) {
  return ir_ring_fn_const(r->m, f) + strlen(r->m->prefix);
}

/* The owned type a Server method takes for an async parameter. */
static const char *rs_async_param(rs_file *r, const ir_param *p) {
  const char *own = rs_own_type(r, p->type);
  return p->passing == IR_PASS_OPTIONAL ? arena_printf(r->a, "Option<%s>", own)
                                        : own;
}

/* The C-layout field of an async argument, viewing the call's own value. */
static const char *rs_async_arg_type(rs_file *r, const ir_param *p) {
  const char *t = rs_in_type(r, p->type);
  if (p->passing != IR_PASS_OPTIONAL) return t;
  return ir_is_plain(p->type) ? arena_printf(r->a, "Option<&'a %s>", t)
                              : arena_printf(r->a, "Option<Box<%s>>", t);
}

static const char *rs_async_arg_expr(rs_file *r, const ir_param *p) {
  const char *e;
  if (p->passing != IR_PASS_OPTIONAL)
    e = rs_in_expr(r, p->type, arena_printf(r->a, "&self.%s", p->name), 0);
  else if (ir_is_plain(p->type))
    e = arena_printf(r->a, "self.%s.as_ref()", p->name);
  else
    e = arena_printf(r->a, "self.%s.as_ref().map(|e| Box::new(%s))", p->name,
                     rs_in_expr(r, p->type, "e", 1));
  if (strcmp(e, arena_printf(r->a, "*&self.%s", p->name)) == 0)
    e = arena_printf(r->a, "self.%s", p->name);
  return e;
}

static bool rs_is_async_arg(const ir_param *p) {
  return p->passing == IR_PASS_VALUE || p->passing == IR_PASS_IN ||
         p->passing == IR_PASS_OPTIONAL;
}

/* FerryCallX, FerryArgsX and FerryResultX of async function f. */
static void emit_rs_async_types(rs_file *r, strbuf *out, const ir_func *f) {
  const char *name = ir_camel(r->a, ir_func_rust_name(r->m, f), true);
  bool borrows = false;
  int nargs = 0;
  for (int i = 0; i < f->nparams; i++) {
    if (!rs_is_async_arg(&f->params[i])) continue;
    nargs++;
    if (strstr(rs_async_arg_type(r, &f->params[i]), "'a")) borrows = true;
  }
  const char *lt = borrows ? "<'a>" : "";
  sb_printf(out, "\n/// The arguments of a `%s` call, owned by the call.\n",
            f->name);
  if (nargs == 0) {
    sb_printf(out, "struct FerryCall%s;\n", name);
  } else {
    sb_printf(out, "struct FerryCall%s {\n", name);
    for (int i = 0; i < f->nparams; i++)
      if (rs_is_async_arg(&f->params[i]))
        sb_printf(out, "    %s: %s,\n", f->params[i].name,
                  rs_async_param(r, &f->params[i]));
    sb_puts(out, "}\n");
  }
  sb_printf(out, "\n/// `%s_args`, viewing a [`FerryCall%s`].\n#[repr(C)]\n"
                 "struct FerryArgs%s%s {\n",
            f->name, name, name, lt);
  for (int i = 0; i < f->nparams; i++)
    if (rs_is_async_arg(&f->params[i]))
      sb_printf(out, "    %s: %s,\n", f->params[i].name,
                rs_async_arg_type(r, &f->params[i]));
  if (nargs == 0) sb_puts(out, "    unused: u8,\n");
  sb_printf(out,
            "}\n\n// SAFETY: FerryArgs%s has the layout of %s_args and "
            "borrows only from\n// the call.\nunsafe impl ferry::Request for "
            "FerryCall%s {\n    type Args<'a> = FerryArgs%s%s;\n",
            name, f->name, name, name, lt);
  if (nargs == 0) {
    sb_printf(out, "    fn args(&self) -> FerryArgs%s {\n        FerryArgs%s { "
                   "unused: 0 }\n    }\n}\n",
              name, name);
  } else {
    sb_printf(out, "    fn args(&self) -> FerryArgs%s%s {\n        FerryArgs%s {\n",
              name, borrows ? "<'_>" : "", name);
    for (int i = 0; i < f->nparams; i++)
      if (rs_is_async_arg(&f->params[i]))
        rs_chain_field(out, "            ", f->params[i].name,
                       rs_async_arg_expr(r, &f->params[i]));
    sb_puts(out, "        }\n    }\n}\n");
  }
  sb_printf(out, "\n/// `%s_result`: owns what Go allocated, freed on drop.\n"
                 "#[repr(C)]\nstruct FerryResult%s {\n",
            f->name, name);
  int nres = 0;
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (p->passing == IR_PASS_OUT)
      sb_printf(out, "    %s: %s,\n", p->name, rs_out_type(r, p->type));
    else if (p->passing == IR_PASS_ERRMSG)
      sb_printf(out, "    %s: ferry::OwnedBytes,\n", p->name);
    else
      continue;
    nres++;
  }
  if (nres == 0) sb_puts(out, "    unused: u8,\n");
  sb_printf(out,
            "}\n\n// SAFETY: the layout of %s_result; all zeros is a valid "
            "value.\nunsafe impl ferry::Response for FerryResult%s {}\n",
            f->name, name);
}

/* The Server method of async function f. */
static void emit_rs_async_method(rs_file *r, strbuf *out, const ir_func *f) {
  const char *name = ir_camel(r->a, ir_func_rust_name(r->m, f), true);
  const char *params[MAX_SLOTS_RS + 1], *fields[MAX_SLOTS_RS];
  int np = 0, nf = 0;
  params[np++] = "&self";
  strbuf results = {0}, types = {0};
  int nres = 0;
  for (int i = 0; i < f->nparams && np <= MAX_SLOTS_RS; i++) {
    const ir_param *p = &f->params[i];
    if (rs_is_async_arg(p)) {
      params[np++] = arena_printf(r->a, "%s: %s", p->name, rs_async_param(r, p));
      fields[nf++] = p->name;
    } else if (p->passing == IR_PASS_OUT) {
      const char *e = rs_out_expr(r, p->type,
                                  arena_printf(r->a, "ferry_result.%s", p->name), 0);
      if (e[0] == '*') e++; /* a place, not a reference */
      sb_printf(&results, "%s%s", nres ? ", " : "", e);
      sb_printf(&types, "%s%s", nres ? ", " : "", rs_own_type(r, p->type));
      nres++;
    }
  }
  const char *v = nres == 0 ? "()" : nres == 1 ? types.data
                                   : arena_printf(r->a, "(%s)", types.data);
  strbuf doc = {0};
  sb_printf(&doc,
            "Calls `%s`, which Go implements, through the ring: the future "
            "resolves once\na Go worker has run it. It owns the arguments "
            "and is 'static, for spawning;\ndropped early, the call still "
            "completes.",
            f->name);
  if (f->doc) sb_printf(&doc, "\n\n%s", f->doc);
  sb_putc(out, '\n');
  rs_doc(out, "    ", doc.data);
  sb_free(&doc);
  rs_list(out, "    ", arena_printf(r->a, "pub fn %s", ir_func_rust_name(r->m, f)),
          params, np,
          arena_printf(r->a, " -> impl Future<Output = Result<%s, Error>> + "
                             "Send + 'static {", v),
          false);
  /* rustfmt keeps a struct literal on one line while its body is at
   * most 18 characters (struct_lit_width). */
  strbuf body = {0}, init = {0};
  for (int i = 0; i < nf; i++) sb_printf(&body, "%s%s", i ? ", " : "", fields[i]);
  if (nf == 0) {
    sb_printf(&init, "FerryCall%s", name);
  } else if (body.len <= 18) {
    sb_printf(&init, "FerryCall%s { %s }", name, body.data);
  } else {
    sb_printf(&init, "FerryCall%s {\n", name);
    for (int i = 0; i < nf; i++) sb_printf(&init, "            %s,\n", fields[i]);
    sb_puts(&init, "        }");
  }
  sb_free(&body);
  const char *fn = rs_ring_const(r, f);
  sb_printf(out,
            "        let args = %s;\n"
            "        let call = self\n            .ring\n"
            "            .call_async::<_, FerryResult%s>(%s, args)\n"
            "            .with_status();\n"
            "        async move {\n"
            "            let (ferry_status, %s) = call.await;\n"
            "            if ferry_status != 0 {\n",
            init.data, name, fn,
            nres == 0 && f->errmsg_param < 0 ? "_" : "ferry_result");
  if (f->errmsg_param >= 0)
    sb_printf(out,
              "                let ferry_text = "
              "String::from_utf8_lossy(ferry_result.%s.as_slice());\n"
              "                return Err(Error::new(Status(ferry_status), "
              "ferry_text.into_owned()));\n",
              f->params[f->errmsg_param].name);
  else
    sb_puts(out,
            "                return Err(Error::new(Status(ferry_status), "
            "String::new()));\n");
  sb_printf(out, "            }\n            Ok(%s)\n        }\n    }\n",
            nres == 0 ? "()" : nres == 1 ? results.data
                                         : arena_printf(r->a, "(%s)", results.data));
  sb_free(&init);
  sb_free(&results);
  sb_free(&types);
}

static void emit_rs_server(rs_file *r, strbuf *out) {
  const ir_module *m = r->m;
  for (int i = 0; i < m->nfuncs; i++)
    if (m->funcs[i]->async) emit_rs_async_types(r, out, m->funcs[i]);
  sb_putc(out, '\n');
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (!f->async) continue;
    sb_printf(out, "/// The ring index of `%s`'s handler (`%s`).\n"
                   "pub const %s: u32 = %u;\n",
              f->name, ir_ring_fn_const(m, f), rs_ring_const(r, f),
              f->ring_index);
  }
  const char *serve = ir_ring_name(m, "ring_serve");
  const char *stop = ir_ring_name(m, "ring_stop");
  sb_printf(out,
            "\n// The cgo exports that start and stop Go's service of a "
            "ring.\nextern \"C\" {\n"
            "    fn %s(ring: *mut ferry::sys::ferry_ring, workers: u32) -> "
            "Status;\n"
            "    fn %s(ring: *mut ferry::sys::ferry_ring, cancel: bool) -> "
            "i64;\n}\n",
            ir_go_export_name_of(m, serve), ir_go_export_name_of(m, stop));
  sb_printf(out,
            "\n/// Go serving the async functions of %s (FERRY_GO_ASYNC) on "
            "a ring this\n/// side owns. Its methods return futures that "
            "work under any executor. Dropping\n/// it stops Go's workers "
            "after the calls already queued have run.\n"
            "pub struct Server {\n    ring: ferry::Ring,\n}\n\n"
            "impl Server {\n"
            "    /// Makes a ring of `capacity` calls (rounded up to a power "
            "of two) and has Go\n    /// serve it with `workers` "
            "goroutines.\n"
            "    pub fn start(capacity: usize, workers: u32) -> "
            "Result<Server, Error> {\n"
            "        let ring =\n"
            "            ferry::Ring::new(capacity).map_err(|e| "
            "Error::new(Status(e.code()), String::new()))?;\n"
            "        // SAFETY: a live ring, kept until Go has stopped "
            "serving it (stop).\n"
            "        let status = unsafe {\n"
            "            ferry::assert_can_call_go(c\"%s\");\n"
            "            %s(ring.as_raw(), workers)\n"
            "        };\n"
            "        if status != Status::OK {\n"
            "            return Err(Error::new(status, String::new()));\n"
            "        }\n"
            "        Ok(Server { ring })\n    }\n\n"
            "    /// The ring, for ferry::Ring's own calls (call_many, say) "
            "with the FN_\n    /// constants.\n"
            "    pub fn ring(&self) -> &ferry::Ring {\n        &self.ring\n    }\n\n"
            "    /// Makes idle Go workers poll the empty ring for `spin` "
            "before they sleep:\n    /// CPU while idle for fewer wakeups "
            "when calls come one at a time.\n"
            "    pub fn set_idle_spin(&self, spin: std::time::Duration) {\n"
            "        let us = spin.as_micros().min(u32::MAX as u128) as u32;\n"
            "        // SAFETY: a live ring.\n"
            "        unsafe { ferry::sys::ferry_ring_set_idle_spin(self.ring.as_raw(), us) }\n"
            "    }\n\n"
            "    /// Closes the ring and waits until Go's workers have left "
            "it. Calls still queued\n    /// run first (Drain) or complete "
            "with ECANCELED (Cancel); returns how many\n    /// this "
            "cancelled. Later calls fail with ECLOSED. Stopping again only "
            "closes.\n"
            "    pub fn stop(&self, mode: ferry::CloseMode) -> usize {\n"
            "        let cancel = mode == ferry::CloseMode::Cancel;\n"
            "        // SAFETY: a live ring.\n"
            "        let n = unsafe {\n"
            "            ferry::assert_can_call_go(c\"%s\");\n"
            "            %s(self.ring.as_raw(), cancel)\n"
            "        };\n"
            "        if n < 0 {\n"
            "            return self.ring.close(mode); // not served any more\n"
            "        }\n"
            "        n as usize\n    }\n",
            m->path, serve, ir_go_export_name_of(m, serve), stop,
            ir_go_export_name_of(m, stop));
  for (int i = 0; i < m->nfuncs; i++)
    if (m->funcs[i]->async) emit_rs_async_method(r, out, m->funcs[i]);
  sb_puts(out,
          "}\n\nimpl Drop for Server {\n    fn drop(&mut self) {\n"
          "        self.stop(ferry::CloseMode::Drain);\n    }\n}\n"
          "\n// SAFETY: the result types that hold one own it, and Go does "
          "not touch it after\n// the call completed.\n"
          "unsafe impl<T: Send> Send for FerryOwnedPtr<T> {}\n");
}

static const char rs_go_support[] =
    "\n/// An optional value in C's heap that Go allocated for a result; "
    "freed on drop.\n"
    "#[repr(transparent)]\n"
    "struct FerryOwnedPtr<T>(*mut T);\n"
    "\n"
    "impl<T> FerryOwnedPtr<T> {\n"
    "    fn get(&self) -> Option<&T> {\n"
    "        // SAFETY: null, or one value from malloc that this owns.\n"
    "        unsafe { self.0.as_ref() }\n"
    "    }\n"
    "}\n"
    "\n"
    "impl<T> Default for FerryOwnedPtr<T> {\n"
    "    fn default() -> Self {\n"
    "        FerryOwnedPtr(std::ptr::null_mut())\n"
    "    }\n"
    "}\n"
    "\n"
    "impl<T> Drop for FerryOwnedPtr<T> {\n"
    "    fn drop(&mut self) {\n"
    "        if self.0.is_null() {\n"
    "            return;\n"
    "        }\n"
    "        // SAFETY: owned, initialized, from malloc.\n"
    "        unsafe {\n"
    "            std::ptr::drop_in_place(self.0);\n"
    "            ferry::sys::free(self.0.cast());\n"
    "        }\n"
    "    }\n"
    "}\n";

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
  int native = m->nfuncs - m->go_funcs;
  bool uses_impl = native > 0;
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

  if (m->go_funcs > 0 && native == 0) goto go_side; /* no trait */
  sb_printf(out,
            "\n/// The functions of %s, implemented in Rust. Each takes "
            "what Go passed, borrowed\n/// for the call, and returns its "
            "results; a status becomes a Result.\npub trait %s {",
            m->path, r.trait);
  bool empty = true;
  for (int i = 0; i < m->ndecls; i++)
    if (m->decls[i]->kind == IR_HANDLE) empty = false;
  for (int i = 0; i < m->nfuncs; i++)
    if (!m->funcs[i]->destructor && m->funcs[i]->direction != IR_GO_IMPL) empty = false;
  sb_puts(out, empty ? "}\n" : "\n");
  bool first = true;
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *d = m->decls[i];
    if (d->kind != IR_HANDLE) continue;
    if (!first) sb_putc(out, '\n');
    first = false;
    rs_doc(out, "    ", d->doc);
    if (d->destructor)
      sb_printf(out, "    /// Go frees it with %s: the value is dropped.\n",
                d->destructor->name);
    sb_printf(out, "    type %s: Send + Sync;\n", rs_name(&r, d));
  }
  for (int i = 0; i < m->nfuncs; i++) {
    if (m->funcs[i]->destructor) continue;
    if (m->funcs[i]->direction == IR_GO_IMPL) continue;
    emit_rs_trait_fn(&r, out, m->funcs[i], first);
    first = false;
  }
  if (!empty) sb_puts(out, "}\n");

  for (int i = 0; i < m->nfuncs; i++)
    if (m->funcs[i]->direction != IR_GO_IMPL) emit_rs_shim(&r, out, m->funcs[i]);
go_side:
  if (m->go_funcs > 0) {
    emit_rs_go_externs(&r, out);
    for (int i = 0; i < m->nfuncs; i++)
      if (m->funcs[i]->direction == IR_GO_IMPL && !m->funcs[i]->async)
        emit_rs_go_fn(&r, out, m->funcs[i]);
    if (m->async_funcs > 0) emit_rs_server(&r, out);
    sb_puts(out, rs_go_support);
  }

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
