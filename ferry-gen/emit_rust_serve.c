/* emit_rust_serve.c: Go calling a Rust implementation, in the Rust module.
 *
 * A trait with one associated function per C function (Rust types:
 * &str, &mut [T], Option<&T>, Result<T, Error>, associated handle types),
 * and the #[no_mangle] extern "C" functions Go calls. Those shims convert
 * the C arguments, call the implementation named `<Name>Impl` in the
 * parent module, turn Err and panics into a status and a message, and box
 * handles (Drop runs in the destructor). A panic never unwinds into Go:
 * it becomes EPANIC where the function returns a status, and aborts the
 * process otherwise. Callbacks (FERRY_CALLBACK) are lent to the
 * implementation as &Name for the call. */
#include <string.h>

#include "emit_rust.h"
#include "support_text.h"

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
  case IR_PASS_ERRMSG: return "*mut ferry::Bytes<'_>";
  case IR_PASS_BUFFER: return p->is_const ? "*const c_void" : "*mut c_void";
  case IR_PASS_LENGTH: return "usize";
  case IR_PASS_ADDRESS:
  case IR_PASS_GO_CALLBACK:
  case IR_PASS_USER_DATA: break; /* refused by check_rust_module */
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
      return arena_printf(r->a, "let %s = unsafe { %s.as_mut_slice() };", n, n);
    case IR_SLICE:
      /* Go lends a slice of plain elements writable, others read-only. */
      if (t.decl->plain)
        return arena_printf(r->a, "let %s = unsafe { %s.as_mut_slice() };", n, n);
      return arena_printf(r->a, "let %s = %s.as_slice();", n, n);
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
      return arena_printf(r->a,
                          "let %s = unsafe { ferry::Str::optional_lossy(%s) };",
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
  const char *args[IR_MAX_ARG_SLOTS];
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
  const char *params[IR_MAX_ARG_SLOTS];
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
            "    let %s = unsafe { ferry::serve::unbox::<Handle%s>(%s) };\n"
            "    ferry::serve::guard(move || drop(%s));\n",
            n, rs_name(r, f->params[0].type.decl), n, n);
  /* A destructor returning a code returns the zero value (success). */
  if (f->ret.kind != IR_VOID) sb_puts(out, "    Default::default()\n");
  sb_puts(out, "}\n");
}

/* The statement that stores result index i (of count) through p. */
static const char *rs_store(rs_file *r, const ir_param *p, int i, int count) {
  const char *v = count == 1 ? "ferry_v" : arena_printf(r->a, "ferry_v.%d", i);
  if (p->type.kind == IR_HANDLE)
    return arena_printf(r->a, "unsafe { %s.write(ferry::serve::boxed(%s)) };",
                        p->name, v);
  return arena_printf(r->a, "unsafe { %s.write(%s) };", p->name, v);
}

static void emit_rs_shim(rs_file *r, strbuf *out, const ir_func *f) {
  if (f->destructor) {
    emit_rs_destructor(r, out, f);
    return;
  }
  emit_rs_shim_head(r, out, f);
  const char *args[IR_MAX_ARG_SLOTS];
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
              "    match ferry::serve::guard(ferry_call) {\n"
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
    sb_printf(out,
              "    unsafe { ferry::serve::status(%s, ferry_call, ferry_store) }\n}\n",
              msg);
    return;
  }
  int outs = results - (has_ret ? 1 : 0);
  const char *wrap = f->ret.kind == IR_HANDLE ? "ferry::serve::boxed" : NULL;
  if (outs == 0) {
    if (wrap) sb_printf(out, "    %s(ferry::serve::guard(ferry_call))\n}\n", wrap);
    else sb_puts(out, "    ferry::serve::guard(ferry_call)\n}\n");
    return;
  }
  sb_puts(out, "    let ferry_v = ferry::serve::guard(ferry_call);\n");
  int k = has_ret ? 1 : 0;
  for (int i = 0; i < f->nparams; i++)
    if (f->params[i].passing == IR_PASS_OUT)
      sb_printf(out, "    %s\n", rs_store(r, &f->params[i], k++, results));
  if (has_ret) {
    if (wrap) sb_puts(out, "    ferry::serve::boxed(ferry_v.0)\n");
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

void emit_rs_callback(rs_file *r, strbuf *out, const ir_decl *d) {
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
  const char *args[IR_MAX_ARG_SLOTS];
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
    sb_printf(out, "        let ferry_v%d = ferry::%s::%s(%s);\n", i,
              k == IR_STR ? "Str" : k == IR_BYTES ? "Bytes" : "Slice",
              k == IR_STR ? "new" : "from_mut", p->name);
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

/* The trait of the functions native code implements (none when every
 * function is FERRY_GO: no trait then) and their shims. */
void emit_rust_serve(rs_file *r, strbuf *out) {
  const ir_module *m = r->m;
  if (m->nfuncs - m->go_funcs == 0) return;
  sb_printf(out,
            "\n/// The functions of %s, implemented in Rust. Each takes "
            "what Go passed, borrowed\n/// for the call, and returns its "
            "results; a status becomes a Result.\npub trait %s {",
            m->path, r->trait);
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
    sb_printf(out, "    type %s: Send + Sync;\n", rs_name(r, d));
  }
  for (int i = 0; i < m->nfuncs; i++) {
    if (m->funcs[i]->destructor) continue;
    if (m->funcs[i]->direction == IR_GO_IMPL) continue;
    emit_rs_trait_fn(r, out, m->funcs[i], first);
    first = false;
  }
  if (!empty) sb_puts(out, "}\n");

  for (int i = 0; i < m->nfuncs; i++)
    if (m->funcs[i]->direction != IR_GO_IMPL) emit_rs_shim(r, out, m->funcs[i]);
}
