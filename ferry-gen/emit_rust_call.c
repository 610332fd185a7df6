/* emit_rust_call.c: Rust calling Go (FERRY_GO), in the Rust module.
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
#include <string.h>

#include "emit_rust.h"

/* The owned Rust type of t. */
const char *rs_own_type(rs_file *r, ir_type t) {
  switch (t.kind) {
  case IR_STR: return "String";
  case IR_BYTES: return "Vec<u8>";
  case IR_SLICE:
    if (t.decl->map) return rs_name(r, t.decl);
    return arena_printf(r->a, "Vec<%s>", rs_own_type(r, t.decl->elem));
  case IR_ENUM:
  case IR_STRUCT:
  case IR_HANDLE: return rs_name(r, t.decl);
  default: return rs_scalar(t.kind);
  }
}

/* The C-layout view of t that borrows an owned value for 'a. */
const char *rs_in_type(rs_file *r, ir_type t) {
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
const char *rs_in_expr(rs_file *r, ir_type t, const char *ref,
                       int depth) {
  switch (t.kind) {
  case IR_STR: return arena_printf(r->a, "ferry::Str::new(%s)", ref);
  case IR_BYTES: return arena_printf(r->a, "ferry::Bytes::new(%s)", ref);
  case IR_SLICE: {
    if (t.decl->map)
      return arena_printf(r->a, "ferry_in_%s(%s)",
                          ir_strip_prefix(r->m, t.decl->name), ref);
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
const char *rs_out_type(rs_file *r, ir_type t) {
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
const char *rs_out_expr(rs_file *r, ir_type t, const char *ref,
                        int depth) {
  switch (t.kind) {
  case IR_STR:
    return arena_printf(r->a, "%s.to_string_lossy().into_owned()", ref);
  case IR_BYTES: return arena_printf(r->a, "%s.to_vec()", ref);
  case IR_SLICE: {
    if (t.decl->map) /* ref is a place: a field of a result struct */
      return arena_printf(r->a, "ferry_out_%s(&%s)",
                          ir_strip_prefix(r->m, t.decl->name), ref);
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
void rs_chain_field(strbuf *out, const char *indent, const char *key,
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

void emit_rs_go_struct(rs_file *r, strbuf *out, const ir_decl *s) {
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
    if (f->optional) t = arena_printf(r->a, "ferry::OwnedPtr<%s>", t);
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
    case IR_SLICE:
      if (t.decl->map) return arena_printf(r->a, "&%s", rs_own_type(r, t));
      return arena_printf(r->a, "&[%s]", rs_own_type(r, t.decl->elem));
    case IR_HANDLE: return arena_printf(r->a, "&%s", rs_own_type(r, t));
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
const char *rs_anon(rs_file *r, const char *in) {
  char *anon = arena_strdup(r->a, in);
  for (char *q = strstr(anon, "'a"); q; q = strstr(q, "'a")) q[1] = '_';
  return anon;
}

static const char *rs_go_extern_param(rs_file *r, const ir_param *p) {
  ir_type t = p->type;
  if (t.kind == IR_HANDLE) /* a handle to a Go value crosses as its id */
    return p->passing == IR_PASS_OUT ? "*mut u64" : "u64";
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
  case IR_PASS_ERRMSG: return "*mut ferry::Bytes<'_>";
  case IR_PASS_BUFFER:
  case IR_PASS_LENGTH:
  case IR_PASS_ADDRESS:
  case IR_PASS_GO_CALLBACK:
  case IR_PASS_USER_DATA: break; /* rejected by the checker for FERRY_GO */
  }
  return "?";
}

static void emit_rs_go_externs(rs_file *r, strbuf *out) {
  if (r->m->go_funcs == r->m->async_funcs) return;
  sb_puts(out, "\n// The cgo exports behind the FERRY_GO functions.\nextern \"C\" {\n");
  for (int i = 0; i < r->m->nfuncs; i++) {
    const ir_func *f = r->m->funcs[i];
    if (f->direction != IR_GO_IMPL || f->async) continue;
    const char *params[IR_MAX_ARG_SLOTS];
    for (int j = 0; j < f->nparams && j < IR_MAX_ARG_SLOTS; j++)
      params[j] = arena_printf(r->a, "%s: %s", f->params[j].name,
                               rs_go_extern_param(r, &f->params[j]));
    rs_list(out, "    ", arena_printf(r->a, "fn %s", ir_go_export_name(r->m, f)),
            params, f->nparams, ir_returns_status(f) ? " -> Status;" : ";", false);
  }
  sb_puts(out, "}\n");
}

/* A wrapper of a FERRY_GO function under construction. */
typedef struct rs_go_wrapper {
  strbuf pre;     /* statements that build the C views and result slots */
  strbuf results; /* the Ok value's parts */
  strbuf types;   /* their types */
  int nres;
} rs_go_wrapper;

/* The argument the wrapper passes the export for p, after what it adds
 * to w (views to build, results to read back). */
static const char *rs_go_arg(rs_file *r, rs_go_wrapper *w, const ir_param *p) {
  ir_type t = p->type;
  const char *n = p->name;
  const char *arg = n;
  switch (p->passing) {
  case IR_PASS_VALUE:
    if (t.kind == IR_HANDLE) {
      arg = arena_printf(r->a, "%s.id", n);
    } else if (t.kind == IR_SLICE && !t.decl->plain) {
      sb_printf(&w->pre, "    let %s: ferry::SliceBox<_> = %s;\n", n,
                rs_in_expr(r, t, n, 0));
      arg = arena_printf(r->a, "ferry::Slice::new(&%s)", n);
    } else if (!ir_is_scalar(t.kind)) {
      arg = rs_in_expr(r, t, n, 0);
    }
    break;
  case IR_PASS_IN:
    if (!t.decl->plain) {
      sb_printf(&w->pre, "    let %s = %s;\n", n, rs_in_expr(r, t, n, 0));
      arg = arena_printf(r->a, "&%s", n);
    }
    break;
  case IR_PASS_OPTIONAL:
    if (!ir_is_plain(t)) {
      sb_printf(&w->pre, "    let %s = %s.map(%s);\n", n, n,
                t.kind == IR_STR ? "ferry::Str::new"
                                 : arena_printf(r->a, "FerryIn%s::new",
                                                rs_name(r, t.decl)));
      arg = arena_printf(r->a, "%s.as_ref()", n);
    }
    break;
  case IR_PASS_INOUT: break;
  case IR_PASS_OUT: {
    const char *v = arena_printf(r->a, "ferry_out_%s", n);
    sb_printf(&w->pre, "    let mut %s = %s::default();\n", v,
              t.kind == IR_HANDLE ? "u64" : rs_out_type(r, t));
    arg = arena_printf(r->a, "&mut %s", v);
    sb_printf(&w->results, "%s%s", w->nres ? ", " : "",
              t.kind == IR_HANDLE
                  ? arena_printf(r->a, "%s { id: %s }", rs_name(r, t.decl), v)
              : ir_needs_free(t) ? arena_printf(r->a, "%s.to_rust()", v)
                                 : v);
    sb_printf(&w->types, "%s%s", w->nres ? ", " : "", rs_own_type(r, t));
    w->nres++;
    break;
  }
  case IR_PASS_ERRMSG:
    sb_printf(&w->pre,
              "    let mut ferry_buf = [0u8; 256];\n"
              "    let mut %s = ferry::Bytes::from_mut(&mut ferry_buf);\n",
              n);
    arg = arena_printf(r->a, "&mut %s", n);
    break;
  case IR_PASS_BUFFER:
  case IR_PASS_LENGTH:
  case IR_PASS_ADDRESS:
  case IR_PASS_GO_CALLBACK:
  case IR_PASS_USER_DATA: break; /* rejected by the checker for FERRY_GO */
  }
  return arg;
}

/* After the call: a failed status becomes Err with Go's message, else
 * Ok(results). */
static void emit_rs_go_result(rs_file *r, strbuf *out, const ir_func *f,
                              const rs_go_wrapper *w) {
  const char *msg = f->errmsg_param >= 0 ? f->params[f->errmsg_param].name : NULL;
  sb_puts(out, "    if ferry_status != Status::OK {\n");
  if (msg)
    sb_printf(out,
              "        let ferry_len = %s.len().min(ferry_buf.len());\n"
              "        let ferry_text = &ferry_buf[..ferry_len];\n"
              "        let ferry_text = String::from_utf8_lossy(ferry_text).into_owned();\n"
              "        return Err(Error::new(ferry_status, ferry_text));\n",
              msg);
  else
    sb_puts(out, "        return Err(Error::new(ferry_status, String::new()));\n");
  sb_puts(out, "    }\n");
  sb_printf(out, "    Ok(%s)\n",
            w->nres == 0   ? "()"
            : w->nres == 1 ? w->results.data
                           : arena_printf(r->a, "(%s)", w->results.data));
}

/* ---- Handles to Go values --------------------------------------------
 *
 * A handle type FERRY_GO functions take or return (ir_decl.go_handle) is
 * a Rust struct of the id Go's table gave (emit_go_serve.c): not Clone,
 * so safe code holds each handle once; dropping it releases the Go value
 * (the FERRY_DESTRUCTOR), close() does the same and returns its status.
 * Each function that takes it first is a method delegating to the
 * module-level function, which takes &Handle. An id that is no longer
 * live (from_raw of a stale id, or a handle passed to the destructor
 * function by reference and used after) is an Err(EINVAL), never
 * undefined behaviour: Go checks every id. */

/* The Ok type of FERRY_GO function f's wrapper. */
static const char *rs_go_ok_type(rs_file *r, const ir_func *f) {
  strbuf types = {0};
  int n = 0;
  for (int i = 0; i < f->nparams; i++)
    if (f->params[i].passing == IR_PASS_OUT)
      sb_printf(&types, "%s%s", n++ ? ", " : "",
                rs_own_type(r, f->params[i].type));
  const char *v = n == 0   ? "()"
                  : n == 1 ? arena_strdup(r->a, types.data)
                           : arena_printf(r->a, "(%s)", types.data);
  sb_free(&types);
  return v;
}

void emit_rs_go_handle(rs_file *r, strbuf *out, const ir_decl *h) {
  const char *name = rs_name(r, h);
  const ir_func *dtor = h->destructor;
  strbuf doc = {0};
  sb_printf(&doc,
            "A handle to a Go value (`%s`): Go keeps the value alive until "
            "the handle is\ndropped or closed (`%s`). It holds an id, not a "
            "pointer; a stale id is an\nerror of the call, never undefined "
            "behaviour.",
            h->name, dtor ? dtor->name : "");
  if (h->doc) sb_printf(&doc, "\n\n%s", h->doc);
  rs_doc(out, "", doc.data);
  sb_free(&doc);
  sb_printf(out,
            "#[derive(Debug, PartialEq, Eq)]\npub struct %s {\n    id: u64,\n}\n"
            "\nimpl %s {\n"
            "    /// The id Go gave, for passing the handle through C; the "
            "handle is not\n    /// released (`from_raw` takes it back).\n"
            "    pub fn into_raw(self) -> u64 {\n        let id = self.id;\n"
            "        std::mem::forget(self);\n        id\n    }\n\n"
            "    /// The handle of an id `into_raw` gave. Any id is safe: one "
            "that is not live\n    /// makes every call fail with EINVAL.\n"
            "    pub fn from_raw(id: u64) -> Self {\n        %s { id }\n    }\n",
            name, name, name);
  if (dtor)
    sb_printf(out,
              "\n    /// Releases the handle now and returns the status of "
              "`%s`,\n    /// which dropping it ignores.\n"
              "    pub fn close(self) -> Result<(), Error> {\n"
              "        let status = %s(&self);\n"
              "        std::mem::forget(self);\n        status\n    }\n",
              dtor->name, ir_strip_prefix(r->m, dtor->name));
  for (int i = 0; i < r->m->nfuncs; i++) {
    const ir_func *f = r->m->funcs[i];
    if (f->method_of != h || f->destructor || f->async ||
        f->direction != IR_GO_IMPL)
      continue;
    const char *params[IR_MAX_ARG_SLOTS], *args[IR_MAX_ARG_SLOTS];
    int np = 0, na = 0;
    params[np++] = "&self";
    args[na++] = "self";
    for (int j = 1; j < f->nparams && j < IR_MAX_ARG_SLOTS; j++) {
      const char *pt = rs_go_param(r, &f->params[j]);
      if (!pt) continue;
      params[np++] = arena_printf(r->a, "%s: %s", f->params[j].name, pt);
      args[na++] = f->params[j].name;
    }
    const char *fn = ir_strip_prefix(r->m, f->name);
    sb_printf(out, "\n    /// Calls `%s` ([`%s`]).\n", f->name, fn);
    rs_list(out, "    ",
            arena_printf(r->a, "pub fn %s", ir_func_short_name(r->m, f)),
            params, np,
            ir_returns_status(f)
                ? arena_printf(r->a, " -> Result<%s, Error> {",
                               rs_go_ok_type(r, f))
                : " {",
            false);
    rs_list(out, "        ", fn, args, na, "", true);
    sb_puts(out, "    }\n");
  }
  sb_puts(out, "}\n");
  if (dtor)
    sb_printf(out,
              "\nimpl Drop for %s {\n    fn drop(&mut self) {\n"
              "        // Released already (from_raw of a stale id) is "
              "EINVAL: nothing to undo.\n"
              "        let _ = %s(self);\n    }\n}\n",
              name, ir_strip_prefix(r->m, dtor->name));
}

/* The safe Rust function that calls FERRY_GO function f's export. */
static void emit_rs_go_fn(rs_file *r, strbuf *out, const ir_func *f) {
  bool status = ir_returns_status(f);
  const char *params[IR_MAX_ARG_SLOTS], *args[IR_MAX_ARG_SLOTS];
  int np = 0;
  rs_go_wrapper w = {0};
  for (int i = 0; i < f->nparams && i < IR_MAX_ARG_SLOTS; i++) {
    const ir_param *p = &f->params[i];
    const char *pt = rs_go_param(r, p);
    if (pt) params[np++] = arena_printf(r->a, "%s: %s", p->name, pt);
    args[i] = rs_go_arg(r, &w, p);
  }
  const char *ret = "";
  if (status) {
    const char *v = w.nres == 0   ? "()"
                    : w.nres == 1 ? w.types.data
                                  : arena_printf(r->a, "(%s)", w.types.data);
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
  /* Inlinable into the caller's crate: a call then costs what the cgo
   * export costs, plus the check (measured: 2.5 to 3 ns a call without). */
  sb_puts(out, "#[inline]\n");
  rs_list(out, "", arena_printf(r->a, "pub fn %s", ir_strip_prefix(r->m, f->name)),
          params, np, arena_printf(r->a, "%s {", ret), false);
  if (w.pre.data) sb_puts(out, w.pre.data);
  sb_printf(out,
            "    // SAFETY: the arguments view memory borrowed for the call, "
            "and Go keeps no\n    // pointer into it.\n"
            "    %sunsafe {\n"
            "        ferry::assert_can_call_go(c\"%s\");\n",
            status ? "let ferry_status = " : "", f->name);
  rs_list(out, "        ", ir_go_export_name(r->m, f), args, f->nparams,
          status ? "" : ";", true);
  sb_printf(out, "    }%s\n", status ? ";" : "");
  if (status) emit_rs_go_result(r, out, f, &w);
  sb_puts(out, "}\n");
  sb_free(&w.pre);
  sb_free(&w.results);
  sb_free(&w.types);
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
  if (p->type.kind == IR_HANDLE) return "u64"; /* a Go value's id */
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
                  f->params[i].type.kind == IR_HANDLE
                      ? "u64"
                      : rs_async_param(r, &f->params[i]));
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
    sb_printf(out, "    fn args(&self) -> FerryArgs%s%s {\n        FerryArgs%s",
              name, borrows ? "<'_>" : "", name);
    /* rustfmt keeps a struct literal of at most 18 characters on one
     * line (struct_lit_width). */
    strbuf one = {0};
    for (int i = 0; i < f->nparams; i++)
      if (rs_is_async_arg(&f->params[i]))
        sb_printf(&one, "%s%s: %s", one.len ? ", " : "", f->params[i].name,
                  rs_async_arg_expr(r, &f->params[i]));
    if (one.len <= 18) {
      sb_printf(out, " { %s }\n    }\n}\n", one.data);
    } else {
      sb_puts(out, " {\n");
      for (int i = 0; i < f->nparams; i++)
        if (rs_is_async_arg(&f->params[i]))
          rs_chain_field(out, "            ", f->params[i].name,
                         rs_async_arg_expr(r, &f->params[i]));
      sb_puts(out, "        }\n    }\n}\n");
    }
    sb_free(&one);
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
  if (ir_fire_and_forget(f)) {
    sb_puts(out, "    message: ferry::OwnedBytes,\n");
    nres++;
  }
  if (nres == 0) sb_puts(out, "    unused: u8,\n");
  sb_printf(out,
            "}\n\n// SAFETY: the layout of %s_result; all zeros is a valid "
            "value.\nunsafe impl ferry::Response for FerryResult%s {}\n",
            f->name, name);
}

/* "FerryCallX { a, b }" as rustfmt writes it at indent (the fields'
 * indent is indent + 4). */
static const char *rs_call_init(rs_file *r, const char *name,
                                const char **fields, int nf,
                                const char *indent) {
  strbuf body = {0}, init = {0};
  for (int i = 0; i < nf; i++) sb_printf(&body, "%s%s", i ? ", " : "", fields[i]);
  /* rustfmt keeps a struct literal on one line while its body is at
   * most 18 characters (struct_lit_width). */
  if (nf == 0) {
    sb_printf(&init, "FerryCall%s", name);
  } else if (body.len <= 18) {
    sb_printf(&init, "FerryCall%s { %s }", name, body.data);
  } else {
    sb_printf(&init, "FerryCall%s {\n", name);
    for (int i = 0; i < nf; i++)
      sb_printf(&init, "%s    %s,\n", indent, fields[i]);
    sb_printf(&init, "%s}", indent);
  }
  const char *res = arena_strdup(r->a, init.data);
  sb_free(&body);
  sb_free(&init);
  return res;
}

/* The doc comment (summary, then f's own documentation) and the
 * signature of f's Server method, up to tail ("-> T {"). */
static void emit_rs_server_fn_head(rs_file *r, strbuf *out, const ir_func *f,
                                   const char *summary, const char **params,
                                   int np, const char *tail) {
  strbuf doc = {0};
  sb_puts(&doc, summary);
  if (f->doc) sb_printf(&doc, "\n\n%s", f->doc);
  sb_putc(out, '\n');
  rs_doc(out, "    ", doc.data);
  sb_free(&doc);
  rs_list(out, "    ", arena_printf(r->a, "pub fn %s", ir_func_rust_name(r->m, f)),
          params, np, tail, false);
}

/* ---- Fire and forget, and batches --------------------------------------
 *
 * A fire-and-forget function (void FERRY_GO_ASYNC) is a Server method that
 * returns once the call is queued (ferry::Ring::send): the call owns its
 * arguments, and a failure goes to the hook set_async_failure_hook
 * installs. Every other async function also gets NAME_many, one
 * ferry::Ring::call_many batch of calls: the fast path without
 * hand-written ferry::Request types. */

/* The module's failure hook of fire-and-forget calls. */
static void emit_rs_async_failure_hook(rs_file *r, strbuf *out) {
  (void)r;
  sb_puts(out,
          "\n/// What hears of fire-and-forget calls that failed: the C "
          "function and the error.\npub type AsyncFailureHook = Box<dyn "
          "Fn(&'static str, &Error) + Send + Sync>;\n\n"
          "static FERRY_ASYNC_FAILURE: std::sync::RwLock<Option<AsyncFailureHook>> =\n"
          "    std::sync::RwLock::new(None);\n\n"
          "/// Sets the hook that hears of fire-and-forget calls (async "
          "functions returning\n/// nothing) that failed: an error or a "
          "panic in Go, or ECANCELED from a\n/// cancelling stop. It runs on "
          "the thread that completed the call (a Go\n/// worker's): keep it "
          "short. None prints failures on stderr.\n"
          "pub fn set_async_failure_hook(hook: Option<AsyncFailureHook>) {\n"
          "    *FERRY_ASYNC_FAILURE\n        .write()\n"
          "        .unwrap_or_else(|e| e.into_inner()) = hook;\n}\n\n"
          "fn ferry_async_failed(func: &'static str, err: Error) {\n"
          "    let hook = FERRY_ASYNC_FAILURE\n        .read()\n"
          "        .unwrap_or_else(|e| e.into_inner());\n"
          "    match hook.as_ref() {\n        Some(hook) => hook(func, &err),\n"
          "        None => eprintln!(\"{func} failed: {err:?}\"),\n    }\n}\n");
}

/* The failure function of fire-and-forget function f (ferry::Ring::send's
 * failed). */
static void emit_rs_send_failed(rs_file *r, strbuf *out, const ir_func *f) {
  const char *name = ir_camel(r->a, ir_func_rust_name(r->m, f), true);
  sb_printf(out,
            "\nfn ferry_failed_%s(status: i32, result: FerryResult%s) {\n"
            "    let text = String::from_utf8_lossy(result.message.as_slice());\n"
            "    let err = Error::new(Status(status), text.into_owned());\n"
            "    ferry_async_failed(\"%s\", err);\n}\n",
            ir_func_rust_name(r->m, f), name, f->name);
}

static void emit_rs_send_method(rs_file *r, strbuf *out, const ir_func *f,
                                const char **params, int np,
                                const char **fields, int nf) {
  const char *name = ir_camel(r->a, ir_func_rust_name(r->m, f), true);
  emit_rs_server_fn_head(
      r, out, f,
      arena_printf(r->a,
                   "Calls `%s`, which Go implements, and returns once the "
                   "call is queued\n(waiting only while the ring is full): "
                   "fire and forget. The call owns its\narguments. A failure "
                   "goes to the hook of [`set_async_failure_hook`]; Err\nonly "
                   "when the ring is closed.",
                   f->name),
      params, np, " -> Result<(), Error> {");
  const char *send =
      arena_printf(r->a, ".send::<_, FerryResult%s>(%s, args, ferry_failed_%s)",
                   name, rs_ring_const(r, f), ir_func_rust_name(r->m, f));
  if (12 + strlen(send) > 100) /* rustfmt's max_width: one argument a line */
    send = arena_printf(r->a,
                        ".send::<_, FerryResult%s>(\n                %s,\n"
                        "                args,\n                ferry_failed_%s,\n"
                        "            )",
                        name, rs_ring_const(r, f), ir_func_rust_name(r->m, f));
  sb_printf(out,
            "        let args = %s;\n"
            "        self.ring\n"
            "            %s\n"
            "            .map_err(|e| Error::new(Status(e.code()), String::new()))\n"
            "    }\n",
            rs_call_init(r, name, fields, nf, "        "), send);
}

/* NAME_many: the calls of an iterator as one ring batch. */
static void emit_rs_many_method(rs_file *r, strbuf *out, const ir_func *f,
                                const char **params, int np,
                                const char **fields, int nf, const char *ok,
                                const char *results) {
  const char *name = ir_camel(r->a, ir_func_rust_name(r->m, f), true);
  strbuf item = {0}, pat = {0};
  for (int i = 1; i < np; i++) {
    const char *colon = strchr(params[i], ':');
    sb_printf(&item, "%s%s", i > 1 ? ", " : "", colon + 2);
    sb_printf(&pat, "%s%.*s", i > 1 ? ", " : "", (int)(colon - params[i]),
              params[i]);
  }
  const char *item_t = np == 1   ? "()"
                       : np == 2 ? item.data
                                 : arena_printf(r->a, "(%s)", item.data);
  const char *pat_s = np == 1   ? "()"
                      : np == 2 ? pat.data
                                : arena_printf(r->a, "(%s)", pat.data);
  sb_printf(out,
            "\n    /// Calls `%s` once per item of `calls`, as one batch "
            "(`ferry::Ring::call_many`):\n"
            "    /// one submission and one wake for all of them. Resolves to "
            "the results in\n"
            "    /// order; a failed call gives its status%s.\n",
            f->name, f->errmsg_param >= 0 ? " and message" : "");
  const char *fn = ir_func_rust_name(r->m, f);
  /* A handle in the items is borrowed: the lifetime must be named. */
  bool borrows = strchr(item_t, '&') != NULL;
  if (borrows) {
    strbuf named = {0};
    for (const char *c = item_t; *c; c++) {
      sb_putc(&named, *c);
      if (*c == '&') sb_puts(&named, "'a ");
    }
    item_t = arena_strdup(r->a, named.data);
    sb_free(&named);
  }
  sb_printf(out, "    pub fn %s_many%s(\n        &self,\n        calls: impl "
                 "IntoIterator<Item = %s>,\n"
                 "    ) -> impl Future<Output = Vec<Result<%s, Error>>> + Send "
                 "+ 'static {\n",
            fn, borrows ? "<'a>" : "", item_t, ok);
  sb_printf(out,
            "        let calls = calls\n            .into_iter()\n"
            "            .map(|%s| %s)\n            .collect();\n"
            "        Self::ferry_%s_many(self.ring.call_many(%s, calls))\n    }\n",
            pat_s, rs_call_init(r, name, fields, nf, "            "), fn,
            rs_ring_const(r, f));
  /* Not generic over the iterator: the future does not borrow it. */
  sb_printf(out,
            "\n    async fn ferry_%s_many(\n"
            "        batch: ferry::CallMany<FerryCall%s, FerryResult%s>,\n"
            "    ) -> Vec<Result<%s, Error>> {\n"
            "        batch\n            .await\n"
            "            .into_iter()\n"
            "            .map(|ferry_result| match ferry_result {\n"
            "                Ok(%s) => Ok(%s),\n"
            "                Err(e) => Err(Error::new(Status(e.code()), "
            "String::new())),\n"
            "            })\n            .collect()\n    }\n",
            fn, name, name, ok, results ? "ferry_result" : "_",
            results ? results : "()");
  sb_free(&item);
  sb_free(&pat);
}

/* The Server method of async function f. */
static void emit_rs_async_method(rs_file *r, strbuf *out, const ir_func *f) {
  const char *name = ir_camel(r->a, ir_func_rust_name(r->m, f), true);
  const char *params[IR_MAX_ARG_SLOTS + 1], *fields[IR_MAX_ARG_SLOTS];
  int np = 0, nf = 0;
  params[np++] = "&self";
  strbuf results = {0}, types = {0};
  int nres = 0;
  for (int i = 0; i < f->nparams && np <= IR_MAX_ARG_SLOTS; i++) {
    const ir_param *p = &f->params[i];
    if (rs_is_async_arg(p) && p->type.kind == IR_HANDLE) {
      /* The id only: a handle dropped before Go runs the call makes it
       * fail with EINVAL. */
      params[np++] = arena_printf(r->a, "%s: &%s", p->name, rs_own_type(r, p->type));
      fields[nf++] = arena_printf(r->a, "%s: %s.id", p->name, p->name);
    } else if (rs_is_async_arg(p)) {
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
  if (ir_fire_and_forget(f)) {
    emit_rs_send_method(r, out, f, params, np, fields, nf);
    sb_free(&results);
    sb_free(&types);
    return;
  }
  emit_rs_server_fn_head(
      r, out, f,
      arena_printf(r->a,
                   "Calls `%s`, which Go implements, through the ring: the "
                   "future resolves once\na Go worker has run it. It owns the "
                   "arguments and is 'static, for spawning;\ndropped early, "
                   "the call still completes.",
                   f->name),
      params, np,
      arena_printf(r->a, " -> impl Future<Output = Result<%s, Error>> + "
                         "Send + 'static {", v));
  const char *fn = rs_ring_const(r, f);
  sb_printf(out,
            "        let args = %s;\n"
            "        let call = self\n            .ring\n"
            "            .call_async::<_, FerryResult%s>(%s, args)\n"
            "            .with_status();\n"
            "        async move {\n"
            "            let (ferry_status, %s) = call.await;\n"
            "            if ferry_status != 0 {\n",
            rs_call_init(r, name, fields, nf, "        "), name, fn,
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
  /* Several results are a tuple there too. */
  emit_rs_many_method(r, out, f, params, np, fields, nf, v,
                      nres > 1 ? arena_printf(r->a, "(%s)", results.data)
                               : results.data);
  sb_free(&results);
  sb_free(&types);
}

/* The FN_ constants: each async function's handler index in the ring. */
static void emit_rs_ring_consts(rs_file *r, strbuf *out) {
  const ir_module *m = r->m;
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (!f->async) continue;
    sb_printf(out, "/// The ring index of `%s`'s handler (`%s`).\n"
                   "pub const %s: u32 = %u;\n",
              f->name, ir_ring_fn_const(m, f), rs_ring_const(r, f),
              f->ring_index);
  }
}

/* The cgo exports of Go's NAME_ring_serve and NAME_ring_stop. */
static void emit_rs_ring_externs(rs_file *r, strbuf *out) {
  const ir_module *m = r->m;
  sb_printf(out,
            "\n// The cgo exports that start and stop Go's service of a "
            "ring.\nextern \"C\" {\n"
            "    fn %s(ring: *mut ferry::sys::ferry_ring, workers: u32) -> "
            "Status;\n"
            "    fn %s(ring: *mut ferry::sys::ferry_ring, cancel: bool) -> "
            "i64;\n}\n",
            ir_go_export_name_of(m, ir_ring_name(m, "ring_serve")),
            ir_go_export_name_of(m, ir_ring_name(m, "ring_stop")));
}

/* struct Server and Server::start, which makes the ring and has Go serve
 * it; the impl block stays open for the other methods. */
static void emit_rs_server_start(rs_file *r, strbuf *out) {
  const ir_module *m = r->m;
  const char *serve = ir_ring_name(m, "ring_serve");
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
            "        let ring = ferry::Ring::new(capacity)?;\n"
            "        // SAFETY: a live ring, kept until Go has stopped "
            "serving it (stop).\n"
            "        let status = unsafe {\n"
            "            ferry::assert_can_call_go(c\"%s\");\n"
            "            %s(ring.as_raw(), workers)\n"
            "        };\n"
            "        if status != Status::OK {\n"
            "            return Err(Error::new(status, String::new()));\n"
            "        }\n"
            "        Ok(Server { ring })\n    }\n\n",
            m->path, serve, ir_go_export_name_of(m, serve));
}

/* The methods every Server has besides start: ring, set_idle_spin and
 * stop, which has Go's workers leave the ring. */
static void emit_rs_server_methods(rs_file *r, strbuf *out) {
  const ir_module *m = r->m;
  const char *stop = ir_ring_name(m, "ring_stop");
  sb_printf(out,
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
            stop, ir_go_export_name_of(m, stop));
}

/* The end of Server's impl block, and its Drop. */
static void emit_rs_server_close(strbuf *out) {
  sb_puts(out,
          "}\n\nimpl Drop for Server {\n    fn drop(&mut self) {\n"
          "        self.stop(ferry::CloseMode::Drain);\n    }\n}\n");
}

/* Server: the async functions' types and ring constants, the ring
 * service's exports, and the Server that owns the ring with a method per
 * async function. */
static void emit_rs_server(rs_file *r, strbuf *out) {
  const ir_module *m = r->m;
  bool forget = false;
  for (int i = 0; i < m->nfuncs; i++) {
    if (m->funcs[i]->async) emit_rs_async_types(r, out, m->funcs[i]);
    if (ir_fire_and_forget(m->funcs[i])) forget = true;
  }
  if (forget) emit_rs_async_failure_hook(r, out);
  for (int i = 0; i < m->nfuncs; i++)
    if (ir_fire_and_forget(m->funcs[i])) emit_rs_send_failed(r, out, m->funcs[i]);
  sb_putc(out, '\n');
  emit_rs_ring_consts(r, out);
  emit_rs_ring_externs(r, out);
  emit_rs_server_start(r, out);
  emit_rs_server_methods(r, out);
  for (int i = 0; i < m->nfuncs; i++)
    if (m->funcs[i]->async) emit_rs_async_method(r, out, m->funcs[i]);
  emit_rs_server_close(out);
}

void emit_rust_call(rs_file *r, strbuf *out) {
  const ir_module *m = r->m;
  if (m->go_funcs == 0) return;
  emit_rs_go_externs(r, out);
  for (int i = 0; i < m->nfuncs; i++)
    if (m->funcs[i]->direction == IR_GO_IMPL && !m->funcs[i]->async)
      emit_rs_go_fn(r, out, m->funcs[i]);
  if (m->async_funcs > 0) emit_rs_server(r, out);
}
