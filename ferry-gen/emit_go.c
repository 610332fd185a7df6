/* emit_go.c: the Go side of the Go -> native direction.
 *
 * Two files per interface. NAME_ferry.go holds Go types for the C types
 * and one typed wrapper per function; it does not use cgo, so every call
 * is a ferry fast call (or a cgo-mode call where the interface says so).
 * NAME_ferry_cgo.go takes the native functions' addresses and checks at
 * compile time that every Go type meant to have a C layout has it.
 *
 * How values cross (the invariants the wrappers keep):
 * - Scalars, enums and handles go in registers; strings, buffers and
 *   slices as two registers (pointer, length), like ferry_str by value.
 *   A FERRY_LEN pair is one []byte (or string, in the FERRY_STRINGS
 *   variant) whose pointer and length fill the two C parameters' own
 *   slots, wherever they are in the list.
 * - Plain structs (ir_decl.plain) have the same layout in Go and C and are
 *   passed by address, slices of them without copying. Other structs are
 *   copied into a mirror type (cName) whose pointer fields the GC sees.
 * - Go pointers are converted to uintptr in the call expression and kept
 *   alive after it (runtime.KeepAlive), as the ferry package requires.
 * - Cgo-mode calls go through helpers marked //go:uintptrescapes: the
 *   cgo path runs Go code (with stack checks) before the C call, so data
 *   they point to must be on the heap, not on a goroutine stack that may
 *   move.
 * One emitter per type kind: see go_kinds below. */
#include <string.h>

#include "emit.h"

#define MAX_SLOTS 16
#define MAX_RESULTS 12

typedef struct go_slot {
  const char *expr;
  bool is_float;
  bool is_f32;
  bool is_ptr; /* uintptr(unsafe.Pointer(...)) of Go memory */
} go_slot;

/* One wrapper under construction. */
typedef struct go_call {
  arena *a;
  strbuf pre;  /* statements before the call */
  go_slot slots[MAX_SLOTS];
  int nslots;
  strbuf keep; /* runtime.KeepAlive after the call */
  const char *results[MAX_RESULTS]; /* Go result expressions */
  const char *zeros[MAX_RESULTS];   /* their zero values, for errors */
  const char *types[MAX_RESULTS];
  int nresults;
  bool strings; /* the FERRY_STRINGS variant: const buffers are strings */
  bool pair;    /* CallPair: a struct result in two registers, no frame */
} go_call;

/* What the generated file needs, decided while emitting its body. */
typedef struct go_file {
  const ir_module *m;
  arena *a;
  bool uses_runtime, uses_unsafe, uses_view, uses_bool;
  bool uses_math, uses_callbacks; /* FERRY_CALLBACK */
  bool cgo_arity[7];
  bool cgo_frame, cgo_pair;
  /* --go-impl: the variable that implements the FERRY_GO functions, or
   * NULL (Register's implementation, through the interface). */
  const char *impl;
} go_file;

static const char *const predeclared[] = {
    "append", "bool", "byte", "cap", "clear", "close", "complex", "copy",
    "delete", "error", "false", "float32", "float64", "imag", "int", "int8",
    "int16", "int32", "int64", "iota", "len", "make", "max", "min", "new",
    "nil", "panic", "print", "println", "real", "recover", "rune", "string",
    "true", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "any",
    "runtime", "unsafe", "ferry", "errors"};

/* A C parameter name as a Go local: camelCase, never shadowing what the
 * generated code uses. */
static const char *go_local(go_file *g, const char *c_name) {
  char *n = ir_camel(g->a, c_name, false);
  for (size_t i = 0; i < sizeof(predeclared) / sizeof(predeclared[0]); i++)
    if (strcmp(n, predeclared[i]) == 0) return arena_printf(g->a, "%s_", n);
  return n;
}

static const char *go_name(go_file *g, const char *c_name) {
  return ir_camel(g->a, ir_strip_prefix(g->m, c_name), true);
}

/* A type's Go name: from its FERRY_NAME or its C name. */
static const char *go_decl_name(go_file *g, const ir_decl *d) {
  return ir_camel(g->a, ir_decl_short_name(g->m, d), true);
}

/* ---- Types ----------------------------------------------------------- */

static const char *go_type(go_file *g, ir_type t);

static const char *go_scalar_type(ir_kind k) {
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

static const char *go_type(go_file *g, ir_type t) {
  switch (t.kind) {
  case IR_STR: return "string";
  case IR_BYTES: return "[]byte";
  case IR_ENUM:
  case IR_STRUCT: return go_decl_name(g, t.decl);
  case IR_HANDLE: return arena_printf(g->a, "*%s", go_decl_name(g, t.decl));
  case IR_SLICE: return arena_printf(g->a, "[]%s", go_type(g, t.decl->elem));
  case IR_CALLBACK: return go_decl_name(g, t.decl);
  default: return go_scalar_type(t.kind);
  }
}

/* The Go type with the C layout of t (for mirrors and sizes). */
static const char *go_c_type(go_file *g, ir_type t) {
  switch (t.kind) {
  case IR_STR:
  case IR_BYTES:
  case IR_SLICE: g->uses_view = true; return "ferryView";
  case IR_STRUCT:
    if (t.decl->plain) return go_decl_name(g, t.decl);
    return arena_printf(g->a, "c%s", go_decl_name(g, t.decl));
  default: return go_type(g, t);
  }
}

static const char *go_zero(go_file *g, ir_type t) {
  switch (t.kind) {
  case IR_BOOL: return "false";
  case IR_STR: return "\"\"";
  case IR_HANDLE:
  case IR_BYTES:
  case IR_SLICE: return "nil";
  case IR_STRUCT: return arena_printf(g->a, "%s{}", go_decl_name(g, t.decl));
  default: return "0";
  }
}

/* ---- Aligned blocks (gofmt aligns runs of lines not broken by
 * comments) ------------------------------------------------------------ */

typedef struct go_row {
  const char *doc;
  const char *left;
  const char *right;
} go_row;

static void emit_rows(strbuf *out, const go_row *rows, int n) {
  int start = 0;
  while (start < n) {
    int end = start + 1;
    while (end < n && rows[end].doc == NULL) end++;
    int width = 0;
    for (int i = start; i < end; i++) {
      int w = (int)strlen(rows[i].left);
      if (w > width) width = w;
    }
    for (int i = start; i < end; i++) {
      emit_doc(out, "\t", "// ", rows[i].doc);
      sb_printf(out, "\t%s", rows[i].left);
      sb_pad(out, width - (int)strlen(rows[i].left) + 1);
      sb_printf(out, "%s\n", rows[i].right);
    }
    start = end;
  }
}

static void emit_type_doc_note(strbuf *out, const char *go, const char *what,
                               const char *c, const char *note,
                               const char *doc) {
  sb_printf(out, "\n// %s is %s %s%s.\n", go, what, c, note);
  if (doc) {
    sb_puts(out, "//\n");
    emit_doc(out, "", "// ", doc);
  }
}

static void emit_type_doc(strbuf *out, const char *go, const char *what,
                          const char *c, const char *doc) {
  emit_type_doc_note(out, go, what, c, "", doc);
}

/* ---- Declarations: one emitter per kind ------------------------------ */

static void emit_go_enum(go_file *g, strbuf *out, const ir_decl *e) {
  const char *name = go_decl_name(g, e);
  emit_type_doc(out, name, "the C enum", e->name, e->doc);
  sb_printf(out, "type %s int32\n\nconst (\n", name);
  go_row *rows = arena_alloc(g->a, sizeof(go_row) * (size_t)e->nitems);
  for (int i = 0; i < e->nitems; i++) {
    rows[i].doc = e->items[i].doc;
    rows[i].left = go_name(g, e->items[i].name);
    rows[i].right = arena_printf(g->a, "%s = %lld", name,
                                 (long long)e->items[i].value);
  }
  emit_rows(out, rows, e->nitems);
  sb_puts(out, ")\n");
}

static const char *go_field_type(go_file *g, const ir_field *f) {
  if (f->optional) return arena_printf(g->a, "*%s", go_type(g, f->type));
  return go_type(g, f->type);
}

/* The statement that stores Go field v.F into mirror field c.f. */
static const char *go_field_to_c(go_file *g, const ir_field *f) {
  const char *gf = arena_printf(g->a, "v.%s", ir_camel(g->a, f->name, true));
  const char *cf = arena_printf(g->a, "c.%s", f->name);
  ir_type t = f->type;
  if (f->optional) {
    if (ir_is_plain(t)) {
      g->uses_unsafe = true;
      return arena_printf(g->a, "%s = unsafe.Pointer(%s)", cf, gf);
    }
    if (t.kind == IR_STR) {
      g->uses_unsafe = true;
      return arena_printf(g->a,
                          "if %s != nil {\n\t\tview := ferryStr(*%s)\n\t\t%s "
                          "= unsafe.Pointer(&view)\n\t}",
                          gf, gf, cf);
    }
    return arena_printf(g->a,
                        "if %s != nil {\n\t\tm := new(%s)\n\t\t%s.ferryToC(m)"
                        "\n\t\t%s = unsafe.Pointer(m)\n\t}",
                        gf, go_c_type(g, t), gf, cf);
  }
  switch (t.kind) {
  case IR_STR: g->uses_view = true; return arena_printf(g->a, "%s = ferryStr(%s)", cf, gf);
  case IR_BYTES:
    g->uses_view = true;
    return arena_printf(g->a, "%s = ferrySlice(%s)", cf, gf);
  case IR_SLICE:
    g->uses_view = true;
    if (t.decl->plain) return arena_printf(g->a, "%s = ferrySlice(%s)", cf, gf);
    return arena_printf(g->a, "%s = ferryC%s(%s)", cf,
                        go_decl_name(g, t.decl), gf);
  case IR_STRUCT:
    if (!t.decl->plain) return arena_printf(g->a, "%s.ferryToC(&%s)", gf, cf);
    return arena_printf(g->a, "%s = %s", cf, gf);
  default: return arena_printf(g->a, "%s = %s", cf, gf);
  }
}

static void emit_go_struct(go_file *g, strbuf *out, const ir_decl *s) {
  const char *name = go_decl_name(g, s);
  /* Plain: Go's layout is C's, so values cross without a copy. */
  emit_type_doc_note(out, name, "the C struct", s->name,
                     s->plain ? ", with the same layout" : "", s->doc);
  sb_printf(out, "type %s struct {\n", name);
  go_row *rows = arena_alloc(g->a, sizeof(go_row) * (size_t)s->nfields);
  for (int i = 0; i < s->nfields; i++) {
    rows[i].doc = s->fields[i].doc;
    rows[i].left = ir_camel(g->a, s->fields[i].name, true);
    rows[i].right = go_field_type(g, &s->fields[i]);
  }
  emit_rows(out, rows, s->nfields);
  sb_puts(out, "}\n");
  if (s->plain) return;

  /* The mirror with the C layout, and the copy into it. */
  g->uses_unsafe = true;
  sb_printf(out, "\n// c%s has the C layout of %s.\ntype c%s struct {\n", name,
            s->name, name);
  for (int i = 0; i < s->nfields; i++) {
    rows[i].doc = NULL;
    rows[i].left = s->fields[i].name;
    rows[i].right = s->fields[i].optional ? "unsafe.Pointer"
                                          : go_c_type(g, s->fields[i].type);
  }
  emit_rows(out, rows, s->nfields);
  sb_puts(out, "}\n");
  sb_printf(out,
            "\n// ferryToC fills c with views of v's memory: v must stay "
            "alive and unchanged\n// while native code uses c.\n"
            "func (v *%s) ferryToC(c *c%s) {\n",
            name, name);
  for (int i = 0; i < s->nfields; i++)
    sb_printf(out, "\t%s\n", go_field_to_c(g, &s->fields[i]));
  sb_puts(out, "}\n");
}

static void emit_go_slice(go_file *g, strbuf *out, const ir_decl *s) {
  if (s->plain) return; /* []T crosses as it is: ferrySlice */
  const char *name = go_decl_name(g, s);
  ir_type elem = s->elem;
  g->uses_view = true;
  g->uses_unsafe = true;
  sb_printf(out,
            "\n// ferryC%s copies s into C layout (%s): views of s's "
            "memory, so s must stay\n// alive while native code uses the "
            "result.\nfunc ferryC%s(s %s) ferryView {\n",
            name, s->name, name, go_type(g, (ir_type){IR_SLICE, (ir_decl *)s}));
  sb_printf(out, "\tm := make([]%s, len(s))\n\tfor i := range s {\n",
            go_c_type(g, elem));
  switch (elem.kind) {
  case IR_STR: sb_puts(out, "\t\tm[i] = ferryStr(s[i])\n"); break;
  case IR_BYTES: sb_puts(out, "\t\tm[i] = ferrySlice(s[i])\n"); break;
  case IR_SLICE:
    if (elem.decl->plain) sb_puts(out, "\t\tm[i] = ferrySlice(s[i])\n");
    else
      sb_printf(out, "\t\tm[i] = ferryC%s(s[i])\n",
                go_decl_name(g, elem.decl));
    break;
  default: sb_puts(out, "\t\ts[i].ferryToC(&m[i])\n"); break;
  }
  sb_puts(out, "\t}\n\treturn ferrySlice(m)\n}\n");
}

static const char *mode_call(go_file *g, ir_mode mode, int nslots, bool frame);

static void emit_go_handle(go_file *g, strbuf *out, const ir_decl *h) {
  const char *name = go_decl_name(g, h);
  const ir_func *d = h->destructor;
  if (d != NULL) g->uses_runtime = true;
  emit_type_doc(out, name, "a handle to the C", h->name, h->doc);
  if (d) {
    sb_printf(out,
              "//\n// Close frees it (%s); so does the garbage collector "
              "when it becomes\n// unreachable. Close must not run "
              "concurrently with other calls on it.\n",
              d->name);
    sb_printf(out,
              "type %s struct {\n\tptr     uintptr\n\tcleanup "
              "runtime.Cleanup\n}\n",
              name);
  } else {
    sb_printf(out, "//\n// It is never freed by these bindings.\ntype %s "
                   "struct {\n\tptr uintptr\n}\n", name);
  }
  sb_printf(out, "\nfunc ferryNew%s(ptr uintptr) *%s {\n\tif ptr == 0 {\n\t\t"
                 "return nil\n\t}\n\th := &%s{ptr: ptr}\n", name, name, name);
  if (d)
    sb_printf(out, "\th.cleanup = runtime.AddCleanup(h, ferryFree%s, ptr)\n",
              name);
  sb_puts(out, "\treturn h\n}\n");
  sb_printf(out,
            "\n// ferryPtr is the C pointer; using a nil or closed handle is "
            "a bug, reported\n// here rather than as a crash in native "
            "code.\nfunc (h *%s) ferryPtr() uintptr {\n\tif h == nil || "
            "h.ptr == 0 {\n\t\tpanic(\"%s: use of a nil or closed %s\")\n\t}"
            "\n\treturn h.ptr\n}\n",
            name, g->m->name, name);
  if (!d) return;
  const char *fn = arena_printf(g->a, "ferryFn%s", ir_camel(g->a, d->name, true));
  sb_printf(out, "\nfunc ferryFree%s(ptr uintptr) {\n", name);
  ir_mode mode = d->mode == IR_MODE_DEDICATED || d->mode == IR_MODE_CGO_ABOVE
                     ? IR_MODE_FAST
                     : d->mode;
  sb_printf(out, "\t%s(%s, ptr)\n}\n", mode_call(g, mode, 1, false), fn);
  sb_printf(out,
            "\n// Close frees the handle now. Later calls of Close do "
            "nothing.\nfunc (h *%s) Close() {\n\tif h == nil || h.ptr == 0 "
            "{\n\t\treturn\n\t}\n\th.cleanup.Stop()\n\tptr := h.ptr\n\t"
            "h.ptr = 0\n\tferryFree%s(ptr)\n}\n",
            name, name);
}

/* ---- Calls ----------------------------------------------------------- */

static void add_slot(go_call *c, const char *expr, bool is_ptr) {
  go_slot *s = &c->slots[c->nslots++];
  s->expr = expr;
  s->is_ptr = is_ptr;
}

static void add_float_slot(go_call *c, const char *expr, bool f32) {
  go_slot *s = &c->slots[c->nslots++];
  s->expr = expr;
  s->is_float = true;
  s->is_f32 = f32;
}

static void keep_alive(go_file *g, go_call *c, const char *what) {
  g->uses_runtime = true;
  sb_printf(&c->keep, "\truntime.KeepAlive(%s)\n", what);
}

static void add_result(go_call *c, const char *type, const char *expr,
                       const char *zero) {
  c->types[c->nresults] = type;
  c->results[c->nresults] = expr;
  c->zeros[c->nresults] = zero;
  c->nresults++;
}

static const char *ptr_expr(go_file *g, const char *p) {
  g->uses_unsafe = true;
  return arena_printf(g->a, "uintptr(unsafe.Pointer(%s))", p);
}

/* Lowering of a parameter passed by value, per kind. */

static void lower_integer(go_file *g, go_call *c, const ir_param *p,
                          const char *v) {
  (void)g;
  (void)p;
  add_slot(c, arena_printf(c->a, "uintptr(%s)", v), false);
}

static void lower_bool(go_file *g, go_call *c, const ir_param *p,
                       const char *v) {
  (void)p;
  g->uses_bool = true;
  add_slot(c, arena_printf(c->a, "ferryBool(%s)", v), false);
}

static void lower_float(go_file *g, go_call *c, const ir_param *p,
                        const char *v) {
  (void)g;
  add_float_slot(c, v, p->type.kind == IR_F32);
}

static void lower_str(go_file *g, go_call *c, const ir_param *p,
                      const char *v) {
  (void)p;
  add_slot(c, ptr_expr(g, arena_printf(c->a, "unsafe.StringData(%s)", v)),
           true);
  add_slot(c, arena_printf(c->a, "uintptr(len(%s))", v), false);
  keep_alive(g, c, v);
}

static void lower_bytes(go_file *g, go_call *c, const ir_param *p,
                        const char *v) {
  (void)p;
  add_slot(c, ptr_expr(g, arena_printf(c->a, "unsafe.SliceData(%s)", v)),
           true);
  add_slot(c, arena_printf(c->a, "uintptr(len(%s))", v), false);
  keep_alive(g, c, v);
}

static void lower_slice(go_file *g, go_call *c, const ir_param *p,
                        const char *v) {
  if (p->type.decl->plain) {
    lower_bytes(g, c, p, v);
    return;
  }
  const char *m = arena_printf(c->a, "ferryC_%s", v);
  sb_printf(&c->pre, "\t%s := ferryC%s(%s)\n", m,
            go_decl_name(g, p->type.decl), v);
  add_slot(c, arena_printf(c->a, "uintptr(%s.Ptr)", m), true);
  add_slot(c, arena_printf(c->a, "%s.Len", m), false);
  keep_alive(g, c, v);
  keep_alive(g, c, arena_printf(c->a, "%s.Ptr", m));
}

static void lower_handle(go_file *g, go_call *c, const ir_param *p,
                         const char *v) {
  (void)p;
  add_slot(c, arena_printf(c->a, "%s.ferryPtr()", v), false);
  keep_alive(g, c, v);
}

/* A callback takes no slot: the wrapper passes its ferryCall method to
 * ferry.CallWithCallback (see emit_go_wrapper). */
static void lower_callback(go_file *g, go_call *c, const ir_param *p,
                           const char *v) {
  sb_printf(&c->pre, "\tif %s == nil {\n\t\tpanic(\"%s: %s must not be "
                     "nil\")\n\t}\n",
            v, g->m->name, p->name);
}

typedef void (*lower_fn)(go_file *, go_call *, const ir_param *,
                         const char *);

static lower_fn lower_for(ir_kind k) {
  switch (k) {
  case IR_BOOL: return lower_bool;
  case IR_F32:
  case IR_F64: return lower_float;
  case IR_STR: return lower_str;
  case IR_BYTES: return lower_bytes;
  case IR_SLICE: return lower_slice;
  case IR_HANDLE: return lower_handle;
  case IR_CALLBACK: return lower_callback;
  default: return lower_integer; /* integers and enums */
  }
}

/* Lifting of a returned register, per kind. */
static const char *lift_ret(go_file *g, ir_type t, const char *r) {
  switch (t.kind) {
  case IR_BOOL: return arena_printf(g->a, "uint8(%s) != 0", r);
  case IR_ENUM:
    return arena_printf(g->a, "%s(int32(%s))", go_decl_name(g, t.decl), r);
  case IR_HANDLE:
    return arena_printf(g->a, "ferryNew%s(%s)", go_decl_name(g, t.decl), r);
  default:
    return arena_printf(g->a, "%s(%s)", go_scalar_type(t.kind), r);
  }
}

/* A struct returned in registers (check.c allows up to 16 bytes of
 * integers): its bytes are the registers' in memory order, both targets
 * being little-endian. */
static const char *lift_struct(go_file *g, ir_type t, bool frame, bool pair) {
  g->uses_unsafe = true;
  const char *r = frame ? "ferryFrame.Ret" : "ferryRet";
  if (!pair)
    return arena_printf(g->a, "*(*%s)(unsafe.Pointer(&%s))", go_type(g, t), r);
  return arena_printf(g->a, "*(*%s)(unsafe.Pointer(&[2]uintptr{%s, %s}))",
                      go_type(g, t), r, frame ? "ferryFrame.Ret2" : "ferryRet2");
}

/* One parameter: its Go parameter (appended to params) and its slots. */
static void lower_param(go_file *g, go_call *c, strbuf *params,
                        const ir_func *f, int index, bool receiver) {
  const ir_param *p = &f->params[index];
  const char *v = go_local(g, p->name);
  ir_type t = p->type;
  const char *sep = params->len ? ", " : "";
  switch (p->passing) {
  case IR_PASS_VALUE:
    if (!receiver) sb_printf(params, "%s%s %s", sep, v, go_type(g, t));
    lower_for(t.kind)(g, c, p, v);
    break;
  case IR_PASS_IN:
    sb_printf(params, "%s%s %s", sep, v, go_type(g, t));
    if (t.decl->plain) {
      add_slot(c, ptr_expr(g, arena_printf(c->a, "&%s", v)), true);
    } else {
      const char *m = arena_printf(c->a, "ferryC_%s", v);
      sb_printf(&c->pre, "\tvar %s %s\n\t%s.ferryToC(&%s)\n", m,
                go_c_type(g, t), v, m);
      add_slot(c, ptr_expr(g, arena_printf(c->a, "&%s", m)), true);
      keep_alive(g, c, arena_printf(c->a, "&%s", m));
    }
    keep_alive(g, c, arena_printf(c->a, "&%s", v));
    break;
  case IR_PASS_OPTIONAL:
    sb_printf(params, "%s%s *%s", sep, v, go_type(g, t));
    if (ir_is_plain(t)) {
      add_slot(c, ptr_expr(g, v), true);
      keep_alive(g, c, v);
      break;
    }
    {
      const char *m = arena_printf(c->a, "ferryC_%s", v);
      if (t.kind == IR_STR) {
        g->uses_view = true;
        sb_printf(&c->pre,
                  "\tvar %s *ferryView\n\tif %s != nil {\n\t\tview := "
                  "ferryStr(*%s)\n\t\t%s = &view\n\t}\n",
                  m, v, v, m);
      } else {
        sb_printf(&c->pre,
                  "\tvar %s *%s\n\tif %s != nil {\n\t\t%s = new(%s)\n\t\t"
                  "%s.ferryToC(%s)\n\t}\n",
                  m, go_c_type(g, t), v, m, go_c_type(g, t), v, m);
      }
      add_slot(c, ptr_expr(g, m), true);
      keep_alive(g, c, m);
      keep_alive(g, c, v);
    }
    break;
  case IR_PASS_INOUT:
    sb_printf(params, "%s%s *%s", sep, v, go_type(g, t));
    sb_printf(&c->pre,
              "\tif %s == nil {\n\t\tpanic(\"%s: %s: %s must not be nil\")\n"
              "\t}\n",
              v, g->m->name, f->name, v);
    add_slot(c, ptr_expr(g, v), true);
    keep_alive(g, c, v);
    break;
  case IR_PASS_OUT: {
    const char *o = arena_printf(c->a, "ferryOut_%s", v);
    if (t.kind == IR_HANDLE) {
      sb_printf(&c->pre, "\tvar %s uintptr\n", o);
      add_result(c, go_type(g, t),
                 arena_printf(c->a, "ferryNew%s(%s)",
                              go_decl_name(g, t.decl), o),
                 "nil");
    } else {
      sb_printf(&c->pre, "\tvar %s %s\n", o, go_type(g, t));
      add_result(c, go_type(g, t), o, go_zero(g, t));
    }
    add_slot(c, ptr_expr(g, arena_printf(c->a, "&%s", o)), true);
    break;
  }
  case IR_PASS_BUFFER: {
    /* The pointer half of a pointer + length pair; the length slot is
     * the other parameter's (IR_PASS_LENGTH). A string only where C
     * promises not to write (const). */
    bool str = c->strings && p->is_const;
    sb_printf(params, "%s%s %s", sep, v, str ? "string" : "[]byte");
    add_slot(c, ptr_expr(g, arena_printf(c->a, "unsafe.%sData(%s)",
                                         str ? "String" : "Slice", v)),
             true);
    keep_alive(g, c, v);
    break;
  }
  case IR_PASS_LENGTH:
    add_slot(c, arena_printf(c->a, "uintptr(len(%s))",
                             go_local(g, f->params[p->partner].name)),
             false);
    break;
  case IR_PASS_ERRMSG:
    g->uses_view = true;
    sb_puts(&c->pre,
            "\tvar ferryMsgBuf [256]byte\n\tferryMsg := "
            "ferryView{unsafe.Pointer(&ferryMsgBuf[0]), "
            "uintptr(len(ferryMsgBuf))}\n");
    add_slot(c, ptr_expr(g, "&ferryMsg"), true);
    break;
  }
}

static int count_ints(const go_call *c) {
  int n = 0;
  for (int i = 0; i < c->nslots; i++) n += !c->slots[i].is_float;
  return n;
}

/* The function that makes a call in mode: "ferry.Call2", ... */
static const char *mode_call(go_file *g, ir_mode mode, int nslots,
                             bool frame) {
  switch (mode) {
  case IR_MODE_CGO:
    if (frame) {
      g->cgo_frame = true;
      return "ferryCgoCallFrame";
    }
    g->cgo_arity[nslots] = true;
    return arena_printf(g->a, "ferryCgoCall%d", nslots);
  case IR_MODE_DEDICATED:
    return frame ? "ferryStack.CallFrame"
                 : arena_printf(g->a, "ferryStack.Call%d", nslots);
  case IR_MODE_CALLBACK: return "ferry.CallWithCallback";
  default:
    return frame ? "ferry.CallFrame"
                 : arena_printf(g->a, "ferry.Call%d", nslots);
  }
}

/* The function that makes a two-register call in mode. */
static const char *pair_call(go_file *g, ir_mode mode) {
  switch (mode) {
  case IR_MODE_CGO: g->cgo_pair = true; return "ferryCgoCallPair";
  case IR_MODE_DEDICATED: return "ferryStack.CallPair";
  default: return "ferry.CallPair";
  }
}

/* The call statement(s) in one mode, indented by tabs. */
static void emit_call_in_mode(go_file *g, strbuf *out, const go_call *c,
                              const char *fn, ir_mode mode, bool frame,
                              const char *assign, const char *tabs) {
  if (frame) {
    sb_printf(out, "%s%s(%s, &ferryFrame", tabs, mode_call(g, mode, 0, true),
              fn);
    if (mode == IR_MODE_CGO)
      for (int i = 0; i < c->nslots; i++)
        if (c->slots[i].is_ptr) sb_printf(out, ", %s", c->slots[i].expr);
    sb_puts(out, ")\n");
    return;
  }
  if (c->pair) {
    /* One trampoline per mode takes six arguments; C ignores the rest. */
    sb_printf(out, "%s%s%s(%s", tabs, assign, pair_call(g, mode), fn);
    for (int i = 0; i < 6; i++)
      sb_printf(out, ", %s", i < c->nslots ? c->slots[i].expr : "0");
    sb_puts(out, ")\n");
    return;
  }
  sb_printf(out, "%s%s%s(%s", tabs, assign,
            mode_call(g, mode, c->nslots, false), fn);
  for (int i = 0; i < c->nslots; i++) sb_printf(out, ", %s", c->slots[i].expr);
  sb_puts(out, ")\n");
}

/* The size test of FERRY_CGO_ABOVE. */
static const char *threshold_test(go_file *g, const ir_func *f) {
  const ir_param *p = &f->params[f->threshold_param];
  const char *v = go_local(g, p->name);
  unsigned long long n = (unsigned long long)f->threshold_bytes;
  if (p->type.kind != IR_SLICE)
    return arena_printf(g->a, "uint64(len(%s)) > %llu", v, n);
  g->uses_unsafe = true;
  return arena_printf(g->a, "uint64(len(%s))*uint64(unsafe.Sizeof(%s{})) > %llu",
                      v, go_c_type(g, p->type.decl->elem), n);
}

/* The statements of a wrapper in one mode: set-up, the call, keeping
 * arguments alive, the status check and the return. */
static void emit_go_body(go_file *g, strbuf *out, const go_call *c,
                         const ir_func *f, const char *fn, ir_mode mode,
                         bool frame) {
  bool status = ir_returns_status(f);
  bool has_ret = f->ret.kind != IR_VOID && !status;
  if (c->pre.data) sb_puts(out, c->pre.data);
  bool need_ret = !frame && (has_ret || status);
  if (frame) {
    sb_puts(out, "\tvar ferryFrame ferry.Frame\n");
    int ni = 0, nf = 0;
    for (int i = 0; i < c->nslots; i++) {
      const go_slot *s = &c->slots[i];
      if (s->is_float)
        sb_printf(out, "\tferryFrame.SetFloat%s(%d, %s)\n",
                  s->is_f32 ? "32" : "64", nf++, s->expr);
      else
        sb_printf(out, "\tferryFrame.Int[%d] = %s\n", ni++, s->expr);
    }
  }
  const char *assign = !need_ret ? ""
                       : c->pair ? "ferryRet, ferryRet2 := "
                                 : "ferryRet := ";
  emit_call_in_mode(g, out, c, fn, mode, frame, assign, "\t");
  if (c->keep.data) sb_puts(out, c->keep.data);
  if (status) {
    const char *reg = frame ? "ferryFrame.Ret" : "ferryRet";
    sb_printf(out, "\tif ferryStatus := ferry.Status(int32(%s)); ferryStatus "
                   "!= ferry.OK {\n",
              reg);
    const char *msg = f->errmsg_param >= 0
                          ? "string(ferryMsgBuf[:min(ferryMsg.Len, "
                            "uintptr(len(ferryMsgBuf)))])"
                          : "\"\"";
    sb_puts(out, "\t\treturn ");
    for (int i = 0; i < c->nresults - 1; i++)
      sb_printf(out, "%s, ", c->zeros[i]);
    sb_printf(out, "&Error{Func: \"%s\", Status: ferryStatus, Message: %s}\n\t}\n",
              f->name, msg);
  }
  if (f->found_param >= 0) {
    /* Comma-ok: zero values when nothing was stored, whatever the memory
     * holds. */
    sb_printf(out, "\tif uint8(%s) == 0 {\n\t\treturn ",
              frame ? "ferryFrame.Ret" : "ferryRet");
    for (int i = 0; i < c->nresults - 1; i++)
      sb_printf(out, "%s, ", c->zeros[i]);
    sb_puts(out, "false\n\t}\n\treturn ");
    for (int i = 0; i < c->nresults - 1; i++)
      sb_printf(out, "%s, ", c->results[i]);
    sb_puts(out, "true\n");
    return;
  }
  if (c->nresults > 0) {
    sb_puts(out, "\treturn ");
    for (int i = 0; i < c->nresults; i++)
      sb_printf(out, "%s%s", i ? ", " : "", c->results[i]);
    sb_putc(out, '\n');
  }
}

/* ---- Callbacks (FERRY_CALLBACK) ----------------------------------------
 *
 * A callback type is a Go func type with a ferryCall method, which turns
 * the four words of a ferry_callback_call into its parameters (scalars as
 * themselves, floats as their bits, views through the address of a
 * ferry_str, ferry_bytes or slice on the native stack) and its result
 * into one word. A wrapper passes the method value to
 * ferry.CallWithCallback, where it does not escape: it lives on the
 * wrapper's stack and a call allocates nothing. The wrapper's arguments go
 * in CallWithCallback's three words to the C shim ferry__cb_NAME in
 * NAME_ferry_cgo.go, which rebuilds the C arguments and calls NAME. */

static const char *callback_float(go_file *g, ir_kind k, const char *word) {
  g->uses_math = true;
  return k == IR_F32
             ? arena_printf(g->a, "math.Float32frombits(uint32(%s))", word)
             : arena_printf(g->a, "math.Float64frombits(uint64(%s))", word);
}

/* The slots of a CallWithCallback call: floats as their bits (the shim
 * takes words), padded to three; fn gets the callback's method value. */
static void callback_slots(go_file *g, go_call *c, const ir_func *f,
                           const char **fn) {
  for (int i = 0; i < c->nslots; i++) {
    go_slot *s = &c->slots[i];
    if (!s->is_float) continue;
    g->uses_math = true;
    s->expr = arena_printf(g->a, "uintptr(math.Float%sbits(%s))",
                           s->is_f32 ? "32" : "64", s->expr);
    s->is_float = false;
  }
  while (c->nslots < 3) add_slot(c, "0", false);
  *fn = arena_printf(g->a, "%s, %s.ferryCall", *fn,
                     go_local(g, f->params[f->callback_param].name));
}

/* The Go value of callback parameter word w. */
static const char *callback_arg(go_file *g, ir_type t, const char *w) {
  switch (t.kind) {
  case IR_BOOL: return arena_printf(g->a, "%s != 0", w);
  case IR_F32:
  case IR_F64: return callback_float(g, t.kind, w);
  case IR_ENUM:
    return arena_printf(g->a, "%s(int32(%s))", go_decl_name(g, t.decl), w);
  case IR_STR: return arena_printf(g->a, "ferryCallbackStr(%s)", w);
  case IR_BYTES: return arena_printf(g->a, "ferryCallbackSlice[byte](%s)", w);
  case IR_SLICE:
    return arena_printf(g->a, "ferryCallbackSlice[%s](%s)",
                        go_type(g, t.decl->elem), w);
  default: return arena_printf(g->a, "%s(%s)", go_scalar_type(t.kind), w);
  }
}

static void emit_go_callback(go_file *g, strbuf *out, const ir_decl *d) {
  const ir_func *s = d->signature;
  const char *name = go_decl_name(g, d);
  g->uses_callbacks = true;
  g->uses_view = true;
  strbuf params = {0}, args = {0}, doc = {0};
  for (int i = 0; i < s->nparams; i++) {
    const ir_param *p = &s->params[i];
    const char *sep = i ? ", " : "";
    sb_printf(&params, "%s%s %s", sep, go_local(g, p->name),
              go_type(g, p->type));
    sb_printf(&args, "%s%s", sep,
              callback_arg(g, p->type, arena_printf(g->a, "a%d", i)));
  }
  const char *result = "";
  if (ir_returns_status(s)) result = " error";
  else if (s->ret.kind != IR_VOID)
    result = arena_printf(g->a, " %s", go_type(g, s->ret));
  sb_printf(&doc, "%s is the callback type %s: a Go function native\n"
                  "code calls during the call it is passed to, on the "
                  "calling goroutine.\nStrings and slices it receives view "
                  "native memory: valid until it returns.",
            name, d->name);
  if (ir_returns_status(s))
    sb_puts(&doc, "\nAn error becomes the status native code sees: its "
                  "ferry.Status (an *Error\nunwraps to one), EINTERNAL for "
                  "any other.");
  if (d->doc) sb_printf(&doc, "\n\n%s", d->doc);
  sb_putc(out, '\n');
  emit_doc(out, "", "// ", doc.data);
  sb_printf(out, "type %s func(%s)%s\n", name, params.data ? params.data : "",
            result);
  sb_printf(out, "\n// ferryCall runs fn with the words of a "
                 "ferry_callback_call.\nfunc (fn %s) ferryCall(a0, a1, a2, "
                 "a3 uintptr) uintptr {\n",
            name);
  const char *call = arena_printf(g->a, "fn(%s)", args.data ? args.data : "");
  switch (s->ret.kind) {
  case IR_VOID: sb_printf(out, "\t%s\n\treturn 0\n", call); break;
  case IR_STATUS:
    sb_printf(out, "\treturn ferryCallbackStatus(%s)\n", call);
    break;
  case IR_BOOL:
    g->uses_bool = true;
    sb_printf(out, "\treturn ferryBool(%s)\n", call);
    break;
  case IR_F32:
  case IR_F64:
    g->uses_math = true;
    sb_printf(out, "\treturn uintptr(math.Float%sbits(%s))\n",
              s->ret.kind == IR_F32 ? "32" : "64", call);
    break;
  default: sb_printf(out, "\treturn uintptr(%s)\n", call); break;
  }
  sb_puts(out, "}\n");
  sb_free(&params);
  sb_free(&args);
  sb_free(&doc);
}

static void emit_go_callback_helpers(go_file *g, strbuf *out) {
  (void)g;
  sb_puts(out,
          "\n// ferryCallbackView is the ferry_str, ferry_bytes or slice at "
          "address a, which\n// native code passed to a callback.\n"
          "func ferryCallbackView(a uintptr) *ferryView {\n\treturn "
          "(*ferryView)(*(*unsafe.Pointer)(unsafe.Pointer(&a)))\n}\n"
          "\nfunc ferryCallbackStr(a uintptr) string {\n\tv := "
          "ferryCallbackView(a)\n\tif v.Len == 0 {\n\t\treturn \"\"\n\t}\n"
          "\treturn unsafe.String((*byte)(v.Ptr), v.Len)\n}\n"
          "\nfunc ferryCallbackSlice[T any](a uintptr) []T {\n\tv := "
          "ferryCallbackView(a)\n\tif v.Len == 0 {\n\t\treturn nil\n\t}\n"
          "\treturn unsafe.Slice((*T)(v.Ptr), v.Len)\n}\n"
          "\n// ferryCallbackStatus is the status native code sees for a "
          "callback's error.\nfunc ferryCallbackStatus(err error) uintptr "
          "{\n\tif err == nil {\n\t\treturn 0\n\t}\n\tvar status "
          "ferry.Status\n\tif !errors.As(err, &status) || status == "
          "ferry.OK {\n\t\tstatus = ferry.EINTERNAL\n\t}\n\treturn "
          "uintptr(status)\n}\n");
}

/* One Go wrapper of f, calling it in mode; strings: its FERRY_STRINGS
 * variant (NameString). */
static void emit_go_wrapper(go_file *g, strbuf *out, const ir_func *f,
                            ir_mode mode, bool strings) {
  go_call c = {.a = g->a, .strings = strings};
  strbuf params = {0};
  const char *fn = arena_printf(g->a, "ferryFn%s", ir_camel(g->a, f->name, true));
  bool method = f->method_of != NULL;
  if (mode == IR_MODE_DEDICATED)
    sb_puts(&params, "ferryStack *ferry.Stack");
  for (int i = 0; i < f->nparams; i++)
    lower_param(g, &c, &params, f, i, method && i == 0);

  bool status = ir_returns_status(f);
  bool has_ret = f->ret.kind != IR_VOID && !status;
  if (mode == IR_MODE_CALLBACK) callback_slots(g, &c, f, &fn);
  bool frame = ir_is_float(f->ret.kind) || count_ints(&c) > 6;
  for (int i = 0; i < c.nslots; i++)
    if (c.slots[i].is_float) frame = true;
  if (mode == IR_MODE_CALLBACK) frame = false;
  c.pair = !frame && ir_returns_pair(f);
  /* The returned value comes first among the results. */
  if (has_ret) {
    const char *reg = frame ? "ferryFrame.Ret" : "ferryRet";
    const char *lifted;
    if (mode == IR_MODE_CALLBACK && ir_is_float(f->ret.kind))
      lifted = callback_float(g, f->ret.kind, reg);
    else if (f->ret.kind == IR_F64) lifted = "ferryFrame.Float64()";
    else if (f->ret.kind == IR_F32) lifted = "ferryFrame.Float32()";
    else if (f->ret.kind == IR_STRUCT)
      lifted = lift_struct(g, f->ret, frame, ir_returns_pair(f));
    else lifted = lift_ret(g, f->ret, reg);
    if (f->found_param >= 0) {
      /* Go's comma-ok: the optional result, then whether it is there. */
      add_result(&c, "bool", lifted, "false");
    } else {
      memmove(&c.results[1], &c.results[0],
              sizeof(c.results[0]) * (size_t)c.nresults);
      memmove(&c.types[1], &c.types[0], sizeof(c.types[0]) * (size_t)c.nresults);
      memmove(&c.zeros[1], &c.zeros[0], sizeof(c.zeros[0]) * (size_t)c.nresults);
      c.results[0] = lifted;
      c.types[0] = go_type(g, f->ret);
      c.zeros[0] = go_zero(g, f->ret);
      c.nresults++;
    }
  }
  if (status) add_result(&c, "error", "nil", "nil");

  /* Signature. */
  const char *name = ir_go_func_name(g->m, f);
  if (mode != f->mode)
    name = arena_printf(g->a, "%s%s", name, ir_go_mode_suffix(mode));
  strbuf doc = {0};
  if (strings) {
    const char *plain = name;
    name = arena_printf(g->a, "%sString", plain);
    strbuf which = {0};
    for (int i = 0; i < f->nparams; i++)
      if (f->params[i].passing == IR_PASS_BUFFER && f->params[i].is_const)
        sb_printf(&which, "%s%s", which.len ? " and " : "",
                  go_local(g, f->params[i].name));
    sb_printf(&doc, "%s is %s with %s as a string, not copied.", name, plain,
              which.data);
    sb_free(&which);
  } else {
    sb_printf(&doc, "%s calls %s.", name, f->name);
  }
  if (f->doc && !strings) sb_printf(&doc, "\n\n%s", f->doc);
  if (mode == IR_MODE_CGO_ABOVE)
    sb_printf(&doc, "\n\nIt is a cgo call when %s holds more than %llu bytes, "
                    "a fast call otherwise.",
              go_local(g, f->params[f->threshold_param].name),
              (unsigned long long)f->threshold_bytes);
  if (mode == IR_MODE_FAST && f->also)
    sb_puts(&doc, "\n\nIt is a fast call.");
  if (mode == IR_MODE_CGO) sb_puts(&doc, "\n\nIt is a cgo call.");
  if (mode == IR_MODE_CALLBACK)
    sb_printf(&doc, "\n\nNative code calls %s on this goroutine during "
                    "the call\n(ferry.CallWithCallback); a panic in it "
                    "continues here once the native\nside has returned.",
              go_local(g, f->params[f->callback_param].name));
  if (mode == IR_MODE_DEDICATED)
    sb_puts(&doc, "\n\nIt runs on ferryStack, which only one goroutine may "
                  "use at a time.");
  sb_putc(out, '\n');
  emit_doc(out, "", "// ", doc.data);
  sb_free(&doc);
  sb_puts(out, "func ");
  if (method)
    sb_printf(out, "(%s %s) ", go_local(g, f->params[0].name),
              go_type(g, f->params[0].type));
  sb_printf(out, "%s(%s)", name, params.data ? params.data : "");
  if (c.nresults == 1) sb_printf(out, " %s", c.types[0]);
  if (c.nresults > 1) {
    sb_puts(out, " (");
    for (int i = 0; i < c.nresults; i++)
      sb_printf(out, "%s%s", i ? ", " : "", c.types[i]);
    sb_puts(out, ")");
  }
  sb_puts(out, " {\n");
  sb_free(&params);

  /* Body. FERRY_CGO_ABOVE gets the whole body twice, each branch with its
   * own locals: what the cgo branch passes moves to the heap, and the fast
   * branch must not pay for that with allocations. */
  if (mode == IR_MODE_CGO_ABOVE) {
    strbuf big = {0};
    emit_go_body(g, &big, &c, f, fn, IR_MODE_CGO, frame);
    sb_printf(out, "\tif %s {\n", threshold_test(g, f));
    for (size_t i = 0; i < big.len; i++) {
      if (i == 0 || big.data[i - 1] == '\n') sb_putc(out, '\t');
      sb_putc(out, big.data[i]);
    }
    if (c.nresults == 0) sb_puts(out, "\t\treturn\n");
    sb_puts(out, "\t}\n");
    sb_free(&big);
    emit_go_body(g, out, &c, f, fn, IR_MODE_FAST, frame);
  } else {
    emit_go_body(g, out, &c, f, fn, mode, frame);
  }
  sb_free(&c.keep);
  sb_free(&c.pre);
  sb_puts(out, "}\n");
}

/* The wrappers of f: one in its mode, one more per further mode, each
 * with its String variant under FERRY_STRINGS. */
static void emit_go_func(go_file *g, strbuf *out, const ir_func *f) {
  for (int m = -1; m <= IR_MODE_DEDICATED; m++) {
    if (m >= 0 && !(f->also & (1u << m))) continue;
    ir_mode mode = m < 0 ? f->mode : (ir_mode)m;
    emit_go_wrapper(g, out, f, mode, false);
    if (f->string_variant) emit_go_wrapper(g, out, f, mode, true);
  }
}

/* ---- Helpers and file assembly --------------------------------------- */

static void emit_go_helpers(go_file *g, strbuf *out, bool errors) {
  if (g->uses_view) {
    g->uses_unsafe = true;
    sb_puts(out,
            "\n// ferryView has the layout of ferry_str, ferry_bytes and "
            "FERRY_SLICE_OF(T):\n// a pointer the garbage collector sees and "
            "a length.\ntype ferryView struct {\n\tPtr unsafe.Pointer\n\t"
            "Len uintptr\n}\n"
            "\nfunc ferryStr(s string) ferryView {\n\treturn "
            "ferryView{unsafe.Pointer(unsafe.StringData(s)), "
            "uintptr(len(s))}\n}\n"
            "\nfunc ferrySlice[T any](s []T) ferryView {\n\treturn "
            "ferryView{unsafe.Pointer(unsafe.SliceData(s)), "
            "uintptr(len(s))}\n}\n");
  }
  if (g->uses_bool)
    sb_puts(out, "\nfunc ferryBool(b bool) uintptr {\n\tif b {\n\t\treturn "
                 "1\n\t}\n\treturn 0\n}\n");
  for (int n = 0; n <= 6; n++) {
    if (!g->cgo_arity[n]) continue;
    sb_printf(out, "\n// ferryCgoCall%d is ferry.CgoCall%d; the directive "
                   "moves what its arguments point to\n// to the heap and "
                   "keeps it alive: the cgo path may move the goroutine "
                   "stack.\n//\n//go:uintptrescapes\nfunc ferryCgoCall%d(fn "
                   "ferry.Func",
              n, n, n);
    for (int i = 0; i < n; i++) sb_printf(out, ", a%d", i);
    if (n > 0) sb_puts(out, " uintptr");
    sb_printf(out, ") uintptr {\n\treturn ferry.CgoCall%d(fn", n);
    for (int i = 0; i < n; i++) sb_printf(out, ", a%d", i);
    sb_puts(out, ")\n}\n");
  }
  if (g->cgo_pair)
    sb_puts(out, "\n// ferryCgoCallPair is ferry.CgoCallPair; the directive "
                 "moves what its arguments\n// point to to the heap and keeps "
                 "it alive: the cgo path may move the goroutine\n// stack.\n"
                 "//\n//go:uintptrescapes\nfunc ferryCgoCallPair(fn "
                 "ferry.Func, a0, a1, a2, a3, a4, a5 uintptr) (uintptr, "
                 "uintptr) {\n\treturn ferry.CgoCallPair(fn, a0, a1, a2, a3, "
                 "a4, a5)\n}\n");
  if (g->cgo_frame)
    sb_puts(out, "\n// ferryCgoCallFrame is ferry.CgoCallFrame; pointers "
                 "repeats the frame's pointer\n// arguments so that the "
                 "directive moves what they point to to the heap.\n//\n"
                 "//go:uintptrescapes\nfunc ferryCgoCallFrame(fn ferry.Func, "
                 "f *ferry.Frame, pointers ...uintptr) {\n\t"
                 "ferry.CgoCallFrame(fn, f)\n}\n");
  if (errors)
    sb_printf(out,
              "\n// Error is a failure reported by a %s function: the status "
              "it returned and\n// its message, if it gave one. "
              "errors.Is(err, ferry.EINVAL) and the like work.\n"
              "type Error struct {\n\tFunc    string // the C function\n\t"
              "Status  ferry.Status\n\tMessage string\n}\n"
              "\nfunc (e *Error) Error() string {\n\tif e.Message == \"\" {\n"
              "\t\treturn e.Func + \": \" + e.Status.Error()\n\t}\n\treturn "
              "e.Func + \": \" + e.Message\n}\n"
              "\n// Unwrap returns the status.\nfunc (e *Error) Unwrap() error "
              "{ return e.Status }\n",
              g->m->name);
}

static void emit_header(strbuf *out, const ir_module *m, const emit_opts *o) {
  sb_printf(out, "// %s\n// Code generated by ferry-gen from %s; DO NOT "
                 "EDIT.\n\n",
            o->command, m->path);
}

/* The import block, gofmt's way: standard packages, a blank line, ferry.
 * Unused imports do not compile, so each is there only when used. std is
 * a NULL-terminated list of optional standard packages, NULL for none. */
static void emit_imports(strbuf *out, const char *const *std, bool ferry) {
  bool any = false;
  for (int i = 0; std[i] != NULL || i == 0; i++)
    if (std[i] != NULL && std[i][0]) any = true;
  if (!any && !ferry) return;
  sb_puts(out, "\nimport (\n");
  for (int i = 0; std[i] != NULL; i++)
    if (std[i][0]) sb_printf(out, "\t\"%s\"\n", std[i]);
  if (any && ferry) sb_putc(out, '\n');
  if (ferry) sb_puts(out, "\t\"github.com/ferry-ffi/ferry\"\n");
  sb_puts(out, ")\n");
}

static void emit_go_exports(go_file *g, strbuf *out);
static void emit_go_ring_service(go_file *g, strbuf *out);

/* The C shim of each function with a callback, static inline in the cgo
 * preamble (allowed in a file with exports too):
 * ferry.CallWithCallback calls it with the ferry_callback handle and three
 * words (src/coro.c); it rebuilds the C arguments, the callback from the
 * handle, and returns the result as a word (floats as their bits). The
 * interface file declares the callback as a function pointer, the same
 * size and ABI as the handle (the generated C header's struct of one
 * pointer is too). */
static void emit_go_callback_shims(go_file *g, strbuf *out) {
  bool any = false;
  for (int i = 0; i < g->m->nfuncs; i++) {
    const ir_func *f = g->m->funcs[i];
    if (f->callback_param < 0 || f->direction != IR_NATIVE_IMPL) continue;
    if (!any) sb_puts(out, "#include <string.h>\n");
    any = true;
    sb_printf(out, "\nstatic inline uintptr_t ferry__cb_%s(ferry_callback *ferry_cb, "
                   "uintptr_t ferry_a0,\n\t\tuintptr_t ferry_a1, uintptr_t "
                   "ferry_a2) {\n\tuintptr_t ferry_a[3] = {ferry_a0, "
                   "ferry_a1, ferry_a2};\n",
              f->name);
    strbuf args = {0};
    int w = 0;
    for (int j = 0; j < f->nparams; j++) {
      const ir_param *p = &f->params[j];
      const char *c = ir_c_type(p->type);
      ir_kind k = p->type.kind;
      sb_printf(&args, "%s%s", j ? ", " : "", p->name);
      if (j == f->callback_param) {
        sb_printf(out, "\t%s %s;\n\tmemcpy(&%s, &ferry_cb, sizeof %s);\n",
                  c, p->name, p->name, p->name);
      } else if (p->passing == IR_PASS_BUFFER) {
        sb_printf(out, "\tvoid *%s = (void *)ferry_a[%d];\n", p->name, w++);
      } else if (k == IR_HANDLE) {
        sb_printf(out, "\t%s *%s = (%s *)ferry_a[%d];\n", c, p->name, c, w++);
      } else if (k == IR_STR || k == IR_BYTES || k == IR_SLICE) {
        const char *elem = k == IR_STR     ? "const char"
                           : k == IR_BYTES ? "uint8_t"
                                           : ir_c_type(p->type.decl->elem);
        sb_printf(out, "\t%s %s = {(%s *)ferry_a[%d], (size_t)ferry_a[%d]};\n",
                  c, p->name, elem, w, w + 1);
        w += 2;
      } else if (k == IR_F32) {
        sb_printf(out, "\tuint32_t %s_bits = (uint32_t)ferry_a[%d];\n\tfloat "
                       "%s;\n\tmemcpy(&%s, &%s_bits, sizeof %s);\n",
                  p->name, w++, p->name, p->name, p->name, p->name);
      } else if (k == IR_F64) {
        sb_printf(out, "\tdouble %s;\n\tmemcpy(&%s, &ferry_a[%d], sizeof "
                       "%s);\n",
                  p->name, p->name, w++, p->name);
      } else if (k == IR_BOOL) {
        sb_printf(out, "\tbool %s = ferry_a[%d] != 0;\n", p->name, w++);
      } else {
        sb_printf(out, "\t%s %s = (%s)ferry_a[%d];\n", c, p->name, c, w++);
      }
    }
    if (w < 3) sb_puts(out, "\t(void)ferry_a;\n");
    const char *call = arena_printf(g->a, "%s(%s)", f->name,
                                    args.data ? args.data : "");
    sb_free(&args);
    if (f->ret.kind == IR_VOID) {
      sb_printf(out, "\t%s;\n\treturn 0;\n}\n", call);
    } else if (ir_is_float(f->ret.kind)) {
      bool f32 = f->ret.kind == IR_F32;
      sb_printf(out, "\t%s ferry_r = %s;\n\tuint%d_t ferry_bits;\n\t"
                     "memcpy(&ferry_bits, &ferry_r, sizeof ferry_bits);\n\t"
                     "return (uintptr_t)ferry_bits;\n}\n",
                f32 ? "float" : "double", call, f32 ? 32 : 64);
    } else {
      sb_printf(out, "\treturn (uintptr_t)%s;\n}\n", call);
    }
    /* Go cannot take the address of a static function (C.name); it gets
     * it from this, once, at init. */
    sb_printf(out, "\nstatic inline uintptr_t ferry__cb_addr_%s(void) {\n\t"
                   "return (uintptr_t)ferry__cb_%s;\n}\n",
              f->name, f->name);
  }
}

static void emit_go_cgo(go_file *g, const emit_opts *o, strbuf *out) {
  const ir_module *m = g->m;
  emit_header(out, m, o);
  int native = m->nfuncs - m->go_funcs;
  sb_printf(out, "package %s\n\n/*\n", o->go_package);
  if (m->go_funcs > 0) sb_puts(out, "#include <stdlib.h>\n\n");
  if (m->async_funcs > 0) sb_puts(out, "#include \"ferry_ring.h\"\n");
  sb_printf(out, "#include \"%s.h\"\n", m->name);
  emit_go_callback_shims(g, out);
  sb_puts(out, "*/\nimport \"C\"\n");
  bool layouts = false;
  for (int i = 0; i < m->ndecls; i++)
    if (m->decls[i]->kind == IR_STRUCT || m->decls[i]->kind == IR_ENUM)
      layouts = true;
  const char *std[] = {m->async_funcs > 0 ? "sync" : "",
                       native > 0 || layouts || m->go_funcs > 0 ? "unsafe" : "",
                       NULL};
  if (m->async_funcs > 0)
    sb_puts(out, "\nimport (\n\t\"sync\"\n\t\"unsafe\"\n\n"
                 "\t\"github.com/ferry-ffi/ferry\"\n"
                 "\t\"github.com/ferry-ffi/ferry/ring\"\n)\n");
  else
    emit_imports(out, std, native > 0);
  if (native > 0) {
    sb_puts(out, "\n// The native functions.\nvar (\n");
    go_row *rows = arena_alloc(g->a, sizeof(go_row) * (size_t)native);
    int n = 0;
    for (int i = 0; i < m->nfuncs; i++) {
      if (m->funcs[i]->direction == IR_GO_IMPL) continue;
      rows[n].left = arena_printf(g->a, "ferryFn%s",
                                  ir_camel(g->a, m->funcs[i]->name, true));
      if (m->funcs[i]->callback_param >= 0)
        rows[n].right = arena_printf(g->a, "= ferry.Func(C.ferry__cb_addr_%s())",
                                     m->funcs[i]->name);
      else
        rows[n].right = arena_printf(g->a, "= ferry.FuncOf(unsafe.Pointer(C.%s))",
                                     m->funcs[i]->name);
      n++;
    }
    emit_rows(out, rows, n);
    sb_puts(out, ")\n");
  }
  if (m->go_funcs > 0) emit_go_exports(g, out);
  if (m->async_funcs > 0) emit_go_ring_service(g, out);
  /* Layout checks: a constant underflows (a compile error) when a size or
   * an offset differs, in either direction. */
  strbuf checks = {0};
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *d = m->decls[i];
    if (d->kind != IR_STRUCT && d->kind != IR_ENUM) continue;
    const char *gt = d->kind == IR_ENUM
                         ? arena_printf(g->a, "%s(0)", go_decl_name(g, d))
                         : arena_printf(g->a, "%s{}",
                                        go_c_type(g, (ir_type){IR_STRUCT,
                                                              (ir_decl *)d}));
    const char *ct = d->kind == IR_ENUM
                         ? arena_printf(g->a, "C.%s(0)", d->name)
                         : arena_printf(g->a, "C.%s{}", d->name);
    sb_printf(&checks, "\t_ = unsafe.Sizeof(%s) - unsafe.Sizeof(%s)\n", gt, ct);
    sb_printf(&checks, "\t_ = unsafe.Sizeof(%s) - unsafe.Sizeof(%s)\n", ct, gt);
    for (int j = 0; d->kind == IR_STRUCT && j < d->nfields; j++) {
      const char *gf = d->plain ? ir_camel(g->a, d->fields[j].name, true)
                                : d->fields[j].name;
      const char *a = arena_printf(g->a, "unsafe.Offsetof(%s.%s)", gt, gf);
      const char *b = arena_printf(g->a, "unsafe.Offsetof(%s.%s)", ct,
                                   d->fields[j].name);
      sb_printf(&checks, "\t_ = %s - %s\n\t_ = %s - %s\n", a, b, b, a);
    }
  }
  if (checks.data)
    sb_printf(out, "\n// Each line fails to compile if a Go type does not "
                   "have its C layout.\nconst (\n%s)\n",
              checks.data);
  sb_free(&checks);
}

/* ---- The Go -> native direction reversed: FERRY_GO functions ---------
 *
 * Native code calls a FERRY_GO function through its cgo export
 * ferry__go_NAME (NAME_ferry_cgo.go), after ferry_assert_can_call_go (the
 * C header's static inline NAME, or the Rust wrapper). The export turns C
 * scalars into Go ones and hands views and pointers to ferryGoX in
 * NAME_ferry.go, which:
 * - finds the registered implementation (Register; none: EUNSUPPORTED),
 *   or calls the variable --go-impl names directly, which lets Go inline
 *   the method: the price of Register's interface call is about a third of
 *   a small async call;
 * - makes Go values that view the caller's memory (ferryFromC, ferryGo*:
 *   unsafe.String and unsafe.Slice, no copy, except that slices of structs
 *   holding views are converted element by element into a new Go slice);
 * - calls the interface method, turning a panic into EPANIC and an error
 *   into a status and the message buffer's text;
 * - copies results once into memory from calloc that the caller frees
 *   (ferryCopyToC, ferryCOwn*); a struct is built in Go memory first and
 *   then copied out as bytes, so Go never stores pointers into memory the
 *   caller may have left uninitialized.
 * An empty view never becomes a Go value with its pointer: Rust passes a
 * dangling non-null pointer for empty strings and slices. */

/* The Go value of C-layout value cexpr (a mirror field or element). */
static const char *go_from_c(go_file *g, ir_type t, const char *cexpr) {
  switch (t.kind) {
  case IR_STR: return arena_printf(g->a, "ferryGoStr(%s)", cexpr);
  case IR_BYTES: return arena_printf(g->a, "ferryGoSlice[byte](%s)", cexpr);
  case IR_SLICE:
    if (t.decl->plain)
      return arena_printf(g->a, "ferryGoSlice[%s](%s)",
                          go_type(g, t.decl->elem), cexpr);
    return arena_printf(g->a, "ferryGo%s(%s)", go_name(g, t.decl->name),
                        cexpr);
  case IR_STRUCT:
    if (!t.decl->plain) return arena_printf(g->a, "%s.ferryFromC()", cexpr);
    return cexpr;
  default: return cexpr;
  }
}

/* The statement that stores an owned C copy of Go value gexpr in cdest. */
static const char *go_own_to_c(go_file *g, ir_type t, const char *gexpr,
                               const char *cdest) {
  switch (t.kind) {
  case IR_STR: return arena_printf(g->a, "%s = ferryCStr(%s)", cdest, gexpr);
  case IR_BYTES: return arena_printf(g->a, "%s = ferryCCopy(%s)", cdest, gexpr);
  case IR_SLICE:
    if (t.decl->plain)
      return arena_printf(g->a, "%s = ferryCCopy(%s)", cdest, gexpr);
    return arena_printf(g->a, "%s = ferryCOwn%s(%s)", cdest,
                        go_name(g, t.decl->name), gexpr);
  case IR_STRUCT:
    if (!t.decl->plain)
      return arena_printf(g->a, "%s.ferryCopyToC(&%s)", gexpr, cdest);
    return arena_printf(g->a, "%s = %s", cdest, gexpr);
  default: return arena_printf(g->a, "%s = %s", cdest, gexpr);
  }
}

/* ferryFromC and ferryCopyToC of a struct that holds views. */
static void emit_go_struct_impl(go_file *g, strbuf *out, const ir_decl *s) {
  const char *name = go_name(g, s->name);
  sb_printf(out,
            "\n// ferryFromC makes the Go value of c: its strings and slices "
            "view c's memory,\n// valid while the native call that passed c "
            "runs.\nfunc (c *c%s) ferryFromC() %s {\n\tvar v %s\n",
            name, name, name);
  for (int i = 0; i < s->nfields; i++) {
    const ir_field *f = &s->fields[i];
    const char *gf = ir_camel(g->a, f->name, true);
    const char *cf = arena_printf(g->a, "c.%s", f->name);
    if (!f->optional) {
      sb_printf(out, "\tv.%s = %s\n", gf,
                go_from_c(g, f->type, cf));
    } else if (ir_is_plain(f->type)) {
      sb_printf(out, "\tv.%s = (*%s)(%s)\n", gf, go_type(g, f->type), cf);
    } else {
      const char *elem = f->type.kind == IR_STR
                             ? "ferryGoStr(*(*ferryView)(" 
                             : arena_printf(g->a, "(*%s)(", go_c_type(g, f->type));
      const char *tail = f->type.kind == IR_STR ? "))" : ").ferryFromC()";
      sb_printf(out, "\tif %s != nil {\n\t\tx := %s%s%s\n\t\tv.%s = &x\n\t}\n",
                cf, elem, cf, tail, gf);
    }
  }
  sb_puts(out, "\treturn v\n}\n");

  sb_printf(out,
            "\n// ferryCopyToC stores in c a copy of v in memory from calloc, "
            "for a result the\n// native caller frees (%s_free).\n"
            "func (v *%s) ferryCopyToC(c *c%s) {\n",
            s->name, name, name);
  for (int i = 0; i < s->nfields; i++) {
    const ir_field *f = &s->fields[i];
    const char *gf = arena_printf(g->a, "v.%s", ir_camel(g->a, f->name, true));
    const char *cf = arena_printf(g->a, "c.%s", f->name);
    if (!f->optional) {
      sb_printf(out, "\t%s\n", go_own_to_c(g, f->type, gf, cf));
      continue;
    }
    const char *store;
    if (ir_is_plain(f->type))
      store = arena_printf(g->a, "*(*%s)(p) = *%s", go_type(g, f->type), gf);
    else if (f->type.kind == IR_STR)
      store = arena_printf(g->a, "*(*ferryView)(p) = ferryCStr(*%s)", gf);
    else
      store = arena_printf(g->a, "%s.ferryCopyToC((*%s)(p))", gf,
                           go_c_type(g, f->type));
    sb_printf(out,
              "\tif %s != nil {\n\t\tp := ferryCAlloc(unsafe.Sizeof(%s))\n"
              "\t\t%s\n\t\t%s = p\n\t}\n",
              gf,
              ir_is_plain(f->type)       ? arena_printf(g->a, "*%s", gf)
              : f->type.kind == IR_STR ? "ferryView{}"
                                       : arena_printf(g->a, "%s{}", go_c_type(g, f->type)),
              store, cf);
  }
  sb_puts(out, "}\n");
}

/* ferryGoX and ferryCOwnX of a slice whose elements hold views. */
static void emit_go_slice_impl(go_file *g, strbuf *out, const ir_decl *s) {
  const char *name = go_name(g, s->name);
  const char *gt = go_type(g, (ir_type){IR_SLICE, (ir_decl *)s});
  const char *ct = go_c_type(g, s->elem);
  sb_printf(out,
            "\n// ferryGo%s makes the Go value of the C slice v (%s): a new "
            "slice whose\n// elements view v's memory.\nfunc ferryGo%s(v "
            "ferryView) %s {\n\tif v.Len == 0 {\n\t\treturn nil\n\t}\n\t"
            "c := unsafe.Slice((*%s)(v.Ptr), v.Len)\n\ts := make(%s, "
            "len(c))\n\tfor i := range c {\n\t\ts[i] = %s\n\t}\n\treturn s\n}\n",
            name, s->name, name, gt, ct, gt, go_from_c(g, s->elem, "c[i]"));
  sb_printf(out,
            "\n// ferryCOwn%s copies s into memory from calloc, for a result "
            "the native\n// caller frees.\nfunc ferryCOwn%s(s %s) ferryView "
            "{\n\tif len(s) == 0 {\n\t\treturn ferryView{}\n\t}\n\tp := "
            "ferryCAlloc(uintptr(len(s)) * unsafe.Sizeof(%s{}))\n\tc := "
            "unsafe.Slice((*%s)(p), len(s))\n\tfor i := range s {\n\t\t%s\n"
            "\t}\n\treturn ferryView{p, uintptr(len(s))}\n}\n",
            name, name, gt, ct, ct, go_own_to_c(g, s->elem, "s[i]", "c[i]"));
}

/* The Go parameter type of a FERRY_GO function's argument, in the
 * interface. */
static const char *go_impl_param_type(go_file *g, const ir_param *p) {
  switch (p->passing) {
  case IR_PASS_VALUE:
  case IR_PASS_IN: return go_type(g, p->type);
  case IR_PASS_OPTIONAL:
  case IR_PASS_INOUT: return arena_printf(g->a, "*%s", go_type(g, p->type));
  default: return NULL;
  }
}

static void emit_go_impl_method(go_file *g, strbuf *out, const ir_func *f,
                                bool first) {
  strbuf doc = {0};
  const char *name = ir_go_func_name(g->m, f);
  if (f->async)
    sb_printf(&doc,
              "%s implements %s, an async call: a ring worker runs it (see "
              "HandleAsync).",
              name, f->name);
  else if (ir_returns_status(f))
    sb_printf(&doc, "%s implements %s.", name, f->name);
  else
    sb_printf(&doc,
              "%s implements %s, a oneway call: the caller hears of no "
              "result and no\nfailure (see OnewayError).",
              name, f->name);
  if (f->doc) sb_printf(&doc, "\n\n%s", f->doc);
  if (!first) sb_putc(out, '\n');
  emit_doc(out, "\t", "// ", doc.data);
  sb_free(&doc);
  sb_printf(out, "\t%s(", name);
  int n = 0;
  for (int i = 0; i < f->nparams; i++) {
    const char *t = go_impl_param_type(g, &f->params[i]);
    if (t == NULL) continue;
    sb_printf(out, "%s%s %s", n++ ? ", " : "", go_local(g, f->params[i].name), t);
  }
  sb_puts(out, ")");
  int results = 0;
  strbuf r = {0};
  for (int i = 0; i < f->nparams; i++)
    if (f->params[i].passing == IR_PASS_OUT)
      sb_printf(&r, "%s%s", results++ ? ", " : "", go_type(g, f->params[i].type));
  if (ir_returns_status(f)) sb_printf(&r, "%serror", results++ ? ", " : "");
  if (results == 1) sb_printf(out, " %s", r.data);
  if (results > 1) sb_printf(out, " (%s)", r.data);
  sb_putc(out, '\n');
  sb_free(&r);
}

/* ferryGoX: the body behind the export of f. An async function's
 * dispatcher returns the method's error instead of a status, and its ring
 * handler reports it: so the dispatcher calls nothing but the method, and
 * Go can inline it into the handler (with --go-impl, the method too). */
static void emit_go_dispatch(go_file *g, strbuf *out, const ir_func *f) {
  const char *name = ir_go_func_name(g->m, f);
  bool status = ir_returns_status(f);
  const char *msg = f->errmsg_param >= 0
                        ? go_local(g, f->params[f->errmsg_param].name)
                        : "nil";
  strbuf params = {0}, pre = {0}, args = {0}, stores = {0}, results = {0};
  int nres = 0;
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    const char *v = go_local(g, p->name);
    ir_type t = p->type;
    const char *ptype = "unsafe.Pointer";
    if (p->passing == IR_PASS_ERRMSG && f->async) continue; /* the handler's */
    if (p->passing == IR_PASS_VALUE)
      ptype = ir_is_scalar(t.kind) ? go_type(g, t) : "ferryView";
    sb_printf(&params, "%s%s %s", params.len ? ", " : "", v, ptype);
    const char *arg = NULL;
    switch (p->passing) {
    case IR_PASS_VALUE: arg = go_from_c(g, t, v); break;
    case IR_PASS_IN:
      arg = t.decl->plain
                ? arena_printf(g->a, "*(*%s)(%s)", go_type(g, t), v)
                : arena_printf(g->a, "(*%s)(%s).ferryFromC()", go_c_type(g, t), v);
      break;
    case IR_PASS_INOUT:
      arg = arena_printf(g->a, "(*%s)(%s)", go_type(g, t), v);
      break;
    case IR_PASS_OPTIONAL:
      if (ir_is_plain(t)) {
        arg = arena_printf(g->a, "(*%s)(%s)", go_type(g, t), v);
        break;
      }
      arg = arena_printf(g->a, "ferryA_%s", v);
      sb_printf(&pre, "\tvar %s *%s\n\tif %s != nil {\n\t\tx := %s\n\t\t%s = &x\n\t}\n",
                arg, go_type(g, t), v,
                t.kind == IR_STR
                    ? arena_printf(g->a, "ferryGoStr(*(*ferryView)(%s))", v)
                    : arena_printf(g->a, "(*%s)(%s).ferryFromC()",
                                   go_c_type(g, t), v),
                arg);
      break;
    case IR_PASS_OUT: {
      const char *r = arena_printf(g->a, "ferryR%d", nres++);
      sb_printf(&results, "%s, ", r);
      if (t.kind == IR_STRUCT && !t.decl->plain)
        sb_printf(&stores,
                  "\tvar ferryC_%s %s\n\t%s.ferryCopyToC(&ferryC_%s)\n"
                  "\tferryCopyOut(%s, unsafe.Pointer(&ferryC_%s), "
                  "unsafe.Sizeof(ferryC_%s))\n",
                  v, go_c_type(g, t), r, v, v, v, v);
      else
        sb_printf(&stores, "\t*(*%s)(%s) = %s\n", go_type(g, t), v, r);
      break;
    }
    case IR_PASS_ERRMSG: break;
    case IR_PASS_BUFFER:
    case IR_PASS_LENGTH: break; /* rejected by the checker for FERRY_GO */
    }
    if (arg) sb_printf(&args, "%s%s", args.len ? ", " : "", arg);
  }
  sb_printf(out, "\nfunc ferryGo%s(%s)%s {\n", name,
            params.data ? params.data : "",
            f->async ? " error" : status ? " (ferryStatus int32)" : "");
  const char *impl = g->impl ? g->impl : "(*ferryI)";
  if (g->impl == NULL) {
    sb_puts(out, "\tferryI := ferryImpl.Load()\n\tif ferryI == nil {\n");
    if (f->async)
      sb_printf(out, "\t\treturn ferryNoImplError(\"%s\")\n\t}\n", f->name);
    else if (status)
      sb_printf(out, "\t\treturn ferryNoImpl(\"%s\", %s)\n\t}\n", f->name,
                msg);
    else
      sb_printf(out, "\t\tferryOnewayFailed(\"%s\", ferry.EUNSUPPORTED, "
                     "ferryNoImplMessage)\n\t\treturn\n\t}\n",
                f->name);
  }
  /* A panic must not unwind into native code. An async call's panic is
   * recovered by the ring, once per batch, and its message written by the
   * handler's panic writer (HandleAsync): no deferred call on every call.
   * A sync call's deferred function is a literal that calls recover only
   * when the method has not returned (the status is still ferryRunning, or
   * ferryReturned false): a call fewer on every call than a recover
   * always, two fewer than a named helper deferred with arguments. */
  if (status && !f->async)
    sb_printf(out, "\tferryStatus = ferryRunning\n"
                   "\tdefer func() {\n\t\tif ferryStatus == ferryRunning {\n"
                   "\t\t\tferryStatus = ferryPanicked(%s, recover())\n"
                   "\t\t}\n\t}()\n",
              msg);
  else if (!status)
    sb_printf(out, "\tferryReturned := false\n"
                   "\tdefer func() {\n\t\tif !ferryReturned {\n"
                   "\t\t\tferryOnewayPanicked(\"%s\", recover())\n"
                   "\t\t}\n\t}()\n",
              f->name);
  if (pre.data) sb_puts(out, pre.data);
  if (status) {
    sb_printf(out, "\t%sferryErr := %s.%s(%s)\n", results.data ? results.data : "",
              impl, name, args.data ? args.data : "");
    if (f->async)
      sb_puts(out, "\tif ferryErr != nil {\n\t\treturn ferryErr\n\t}\n");
    else
      sb_printf(out, "\tif ferryErr != nil {\n\t\treturn ferryReport(ferryErr, "
                     "%s)\n\t}\n",
                msg);
    if (stores.data) sb_puts(out, stores.data);
    sb_puts(out, f->async ? "\treturn nil\n}\n" : "\treturn 0\n}\n");
  } else {
    sb_printf(out, "\t%s.%s(%s)\n\tferryReturned = true\n}\n", impl, name,
              args.data ? args.data : "");
  }
  sb_free(&params);
  sb_free(&pre);
  sb_free(&args);
  sb_free(&stores);
  sb_free(&results);
}

static const char go_impl_helpers[] =
    "\n// ferryGoStr is the string v views, not copied.\n"
    "func ferryGoStr(v ferryView) string {\n"
    "\tif v.Len == 0 {\n\t\treturn \"\"\n\t}\n"
    "\treturn unsafe.String((*byte)(v.Ptr), v.Len)\n}\n"
    "\n// ferryGoSlice is the slice v views, not copied (T has the C "
    "layout).\n"
    "func ferryGoSlice[T any](v ferryView) []T {\n"
    "\tif v.Len == 0 {\n\t\treturn nil\n\t}\n"
    "\treturn unsafe.Slice((*T)(v.Ptr), v.Len)\n}\n"
    "\n// ferryCStr copies s into memory from calloc.\n"
    "func ferryCStr(s string) ferryView {\n"
    "\tif len(s) == 0 {\n\t\treturn ferryView{}\n\t}\n"
    "\tp := ferryCAlloc(uintptr(len(s)))\n"
    "\tcopy(unsafe.Slice((*byte)(p), len(s)), s)\n"
    "\treturn ferryView{p, uintptr(len(s))}\n}\n"
    "\n// ferryCCopy copies s, whose elements hold no pointers, into memory "
    "from calloc.\n"
    "func ferryCCopy[T any](s []T) ferryView {\n"
    "\tif len(s) == 0 {\n\t\treturn ferryView{}\n\t}\n"
    "\tp := ferryCAlloc(uintptr(len(s)) * unsafe.Sizeof(s[0]))\n"
    "\tcopy(unsafe.Slice((*T)(p), len(s)), s)\n"
    "\treturn ferryView{p, uintptr(len(s))}\n}\n"
    "\n// ferryCopyOut copies n bytes from src to the caller's dst as bytes: "
    "dst may\n// hold garbage, which a typed store of pointers would show to "
    "the garbage\n// collector.\n"
    "func ferryCopyOut(dst, src unsafe.Pointer, n uintptr) {\n"
    "\tcopy(unsafe.Slice((*byte)(dst), n), unsafe.Slice((*byte)(src), n))\n}\n"
    "\n// ferryWriteMsg writes text into the caller's message buffer (a "
    "*ferry_bytes, or\n// nil), cut to its length, and stores the length "
    "written.\n"
    "func ferryWriteMsg(msg unsafe.Pointer, text string) {\n"
    "\tif msg == nil {\n\t\treturn\n\t}\n"
    "\tbuf := (*ferryView)(msg)\n"
    "\tn := min(uintptr(len(text)), buf.Len)\n"
    "\tif n > 0 {\n"
    "\t\tcopy(unsafe.Slice((*byte)(buf.Ptr), n), text)\n\t}\n"
    "\tbuf.Len = n\n}\n"
    "\n// ferryReport turns the error a method returned into a status and a "
    "message:\n// *Error and ferry.Status keep their status, any other error "
    "is EINTERNAL.\n"
    "func ferryReport(err error, msg unsafe.Pointer) int32 {\n"
    "\tstatus, text := ferryErrorStatus(err)\n"
    "\tferryWriteMsg(msg, text)\n\treturn int32(status)\n}\n"
    "\n// ferryErrorStatus is the status and message of the error a method "
    "returned.\n"
    "func ferryErrorStatus(err error) (ferry.Status, string) {\n"
    "\tstatus, text := ferry.EINTERNAL, err.Error()\n"
    "\tvar e *Error\n\tvar s ferry.Status\n"
    "\tif errors.As(err, &e) {\n"
    "\t\tstatus, text = e.Status, e.Message\n"
    "\t} else if errors.As(err, &s) {\n\t\tstatus = s\n\t}\n"
    "\tif status == ferry.OK {\n\t\tstatus = ferry.EINTERNAL\n\t}\n"
    "\treturn status, text\n}\n"
    "\n// ferryRunning is the status of a sync call whose method has not "
    "returned.\n"
    "const ferryRunning int32 = -1 << 31\n"
    "\n// ferryPanicked writes the message of a method's panic, v, and "
    "returns EPANIC.\n"
    "func ferryPanicked(msg unsafe.Pointer, v any) int32 {\n"
    "\tferryWriteMsg(msg, fmt.Sprint(\"panic: \", v))\n"
    "\treturn int32(ferry.EPANIC)\n}\n"
    "\nfunc ferryOnewayPanicked(fn string, v any) {\n"
    "\tferryOnewayFailed(fn, ferry.EPANIC, fmt.Sprint(\"panic: \", v))\n}\n"
    "\nfunc ferryOnewayFailed(fn string, status ferry.Status, message "
    "string) {\n"
    "\tif f := OnewayError; f != nil {\n"
    "\t\tf(&Error{Func: fn, Status: status, Message: message})\n\t}\n}\n";

/* The message helpers of async calls: the message is the caller's to
 * free, in the call's result. */
static const char go_async_helpers[] =
    "\n// ferryOwnMsg stores a copy of text in memory from calloc as the "
    "message of an\n// async call's result (a *ferry_bytes): the caller "
    "frees it.\n"
    "func ferryOwnMsg(msg unsafe.Pointer, text string) {\n"
    "\tif msg != nil {\n\t\t*(*ferryView)(msg) = ferryCStr(text)\n\t}\n}\n"
    "\nfunc ferryReportOwned(err error, msg unsafe.Pointer) int32 {\n"
    "\tstatus, text := ferryErrorStatus(err)\n"
    "\tferryOwnMsg(msg, text)\n\treturn int32(status)\n}\n"
    "\n// ferryPanicMsg stores the message of a panic in an async call's "
    "result.\n"
    "func ferryPanicMsg(msg unsafe.Pointer, v any) {\n"
    "\tferryOwnMsg(msg, fmt.Sprint(\"panic: \", v))\n}\n";

/* The failures of calls made before Register. */
static const char go_no_impl_helpers[] =
    "\nfunc ferryNoImpl(fn string, msg unsafe.Pointer) int32 {\n"
    "\tferryWriteMsg(msg, fn+\": \"+ferryNoImplMessage)\n"
    "\treturn int32(ferry.EUNSUPPORTED)\n}\n";
static const char go_no_impl_async_helpers[] =
    "\nfunc ferryNoImplError(fn string) error {\n"
    "\treturn &Error{Func: fn, Status: ferry.EUNSUPPORTED, "
    "Message: fn + \": \" + ferryNoImplMessage}\n}\n";

/* Everything NAME_ferry.go holds for the FERRY_GO functions. */
static void emit_go_impl(go_file *g, strbuf *out) {
  const ir_module *m = g->m;
  g->uses_unsafe = true;
  g->uses_view = true;
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *d = m->decls[i];
    if (d->kind == IR_STRUCT && !d->plain) emit_go_struct_impl(g, out, d);
    if (d->kind == IR_SLICE && !d->plain) emit_go_slice_impl(g, out, d);
  }
  const char *iface = ir_camel(g->a, m->name, true);
  sb_printf(out,
            "\n// %s is the Go implementation of the functions of %s that "
            "native code calls\n// (FERRY_GO); %s.\n//\n"
            "// Arguments are borrowed from the native caller for the "
            "duration of the call:\n// strings, byte slices and slices view "
            "its memory, which must not be changed\n// and must not be used "
            "after the method returns; copy (strings.Clone,\n// "
            "slices.Clone) what must outlive the call. Results are copied "
            "once into C\n// memory the caller owns. An error becomes the "
            "function's status and message\n// (*Error and ferry.Status keep "
            "their status; any other error is EINTERNAL), and\n// a panic "
            "becomes ferry.EPANIC: nothing unwinds into native code. Methods "
            "run\n// on the caller's thread, concurrently when native threads "
            "call at once.\ntype %s interface {\n",
            iface, m->path,
            g->impl ? arena_printf(g->a, "%s implements it (ferry-gen "
                                         "--go-impl), called directly",
                                   g->impl)
                    : "Register installs one",
            iface);
  bool first = true;
  for (int i = 0; i < m->nfuncs; i++) {
    if (m->funcs[i]->direction != IR_GO_IMPL) continue;
    emit_go_impl_method(g, out, m->funcs[i], first);
    first = false;
  }
  sb_puts(out, "}\n");
  if (g->impl != NULL)
    sb_printf(out, "\nvar _ %s = %s\n", iface, g->impl);
  else
    sb_printf(out,
            "\nvar ferryImpl atomic.Pointer[%s]\n"
            "\n// Register makes impl serve the native calls from now on. "
            "Before the first\n// Register, calls fail with "
            "ferry.EUNSUPPORTED (oneway calls report it to\n// OnewayError).\n"
            "func Register(impl %s) {\n\tferryImpl.Store(&impl)\n}\n"
            "\nconst ferryNoImplMessage = \"no Go implementation registered "
            "(call %s.Register)\"\n",
            iface, iface, m->name);
  sb_printf(out,
            "\n// OnewayError, when set, hears of the oneway calls that "
            "failed (%s), which their callers cannot hear of.\n// Set it "
            "before native code calls.\nvar OnewayError func(err *Error)\n",
            g->impl ? "a\n// panic" : "no\n// implementation registered, or a panic");
  for (int i = 0; i < m->nfuncs; i++)
    if (m->funcs[i]->direction == IR_GO_IMPL)
      emit_go_dispatch(g, out, m->funcs[i]);
  sb_puts(out, go_impl_helpers);
  if (m->async_funcs > 0) sb_puts(out, go_async_helpers);
  if (g->impl == NULL) {
    sb_puts(out, go_no_impl_helpers);
    if (m->async_funcs > 0) sb_puts(out, go_no_impl_async_helpers);
  }
}

/* The C type of a FERRY_GO parameter in its cgo export. */
static const char *go_export_param_type(go_file *g, const ir_param *p) {
  const char *c = arena_printf(g->a, "C.%s", ir_c_type(p->type));
  if (p->passing == IR_PASS_VALUE) return c;
  return arena_printf(g->a, "*%s", c);
}

/* NAME_ferry_cgo.go's part: the exports and the allocator of results. */
static void emit_go_exports(go_file *g, strbuf *out) {
  const ir_module *m = g->m;
  sb_printf(out,
            "\n// ferryCAlloc returns n zeroed bytes from C's calloc: results "
            "live there, and\n// the native caller frees them.\n"
            "func ferryCAlloc(n uintptr) unsafe.Pointer {\n"
            "\tp := C.calloc(1, C.size_t(n))\n\tif p == nil {\n"
            "\t\tpanic(\"%s: out of C memory\")\n\t}\n\treturn p\n}\n",
            m->name);
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (f->direction != IR_GO_IMPL || f->async) continue;
    const char *export = ir_go_export_name(m, f);
    bool status = ir_returns_status(f);
    sb_printf(out,
              "\n// %s is %s: native code calls it after\n// "
              "ferry_assert_can_call_go (the C header's %s, the Rust "
              "wrapper).\n//\n//export %s\nfunc %s(",
              export, f->name, f->name, export, export);
    strbuf args = {0};
    for (int j = 0; j < f->nparams; j++) {
      const ir_param *p = &f->params[j];
      const char *v = go_local(g, p->name);
      sb_printf(out, "%s%s %s", j ? ", " : "", v, go_export_param_type(g, p));
      const char *a;
      if (p->passing != IR_PASS_VALUE)
        a = arena_printf(g->a, "unsafe.Pointer(%s)", v);
      else if (ir_is_scalar(p->type.kind))
        a = arena_printf(g->a, "%s(%s)", go_type(g, p->type), v);
      else
        a = arena_printf(g->a, "*(*ferryView)(unsafe.Pointer(&%s))", v);
      sb_printf(&args, "%s%s", j ? ", " : "", a);
    }
    const char *call = arena_printf(g->a, "ferryGo%s(%s)", ir_go_func_name(m, f),
                                    args.data ? args.data : "");
    if (status)
      sb_printf(out, ") C.ferry_status {\n\treturn C.ferry_status(%s)\n}\n", call);
    else
      sb_printf(out, ") {\n\t%s\n}\n", call);
    sb_free(&args);
  }
}

/* ---- Async FERRY_GO functions: ring handlers --------------------------
 *
 * Each async function has an argument and a result struct in the C
 * header; the cgo file mirrors them with Go structs of cgo's C types
 * (which have C's sizes and alignments, so the same fields in the same
 * order give C's layout). Its handler hands pointers into them to the
 * same ferryGoX a sync export calls; HandleAsync registers the handlers
 * on a ring, and the serve and stop exports let native code start and
 * stop Go's service of a ring it made. */

/* The Go field type of an async argument (pointers stay pointers). */
static const char *go_async_field_type(go_file *g, const ir_param *p) {
  const char *c = arena_printf(g->a, "C.%s", ir_c_type(p->type));
  return p->passing == IR_PASS_OPTIONAL ? arena_printf(g->a, "*%s", c) : c;
}

static void emit_go_async_handler(go_file *g, strbuf *out, const ir_func *f) {
  const char *name = ir_go_func_name(g->m, f);
  sb_printf(out,
            "\n// ferryArgs%s has the layout of %s_args.\n"
            "type ferryArgs%s struct {\n",
            name, f->name, name);
  go_row *rows = arena_alloc(g->a, sizeof(go_row) * (size_t)(f->nparams + 1));
  int nargs = 0, nres = 0;
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (p->passing != IR_PASS_VALUE && p->passing != IR_PASS_IN &&
        p->passing != IR_PASS_OPTIONAL)
      continue;
    rows[nargs++] = (go_row){NULL, go_local(g, p->name), go_async_field_type(g, p)};
  }
  if (nargs == 0) rows[nargs++] = (go_row){NULL, "unused", "C.uint8_t"};
  emit_rows(out, rows, nargs);
  sb_printf(out,
            "}\n\n// ferryResult%s has the layout of %s_result.\n"
            "type ferryResult%s struct {\n",
            name, f->name, name);
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (p->passing != IR_PASS_OUT && p->passing != IR_PASS_ERRMSG) continue;
    rows[nres++] = (go_row){NULL, go_local(g, p->name),
                            arena_printf(g->a, "C.%s", ir_c_type(p->type))};
  }
  if (nres == 0) rows[nres++] = (go_row){NULL, "unused", "C.uint8_t"};
  emit_rows(out, rows, nres);
  nres = nres == 1 && strcmp(rows[0].left, "unused") == 0 ? 0 : nres;
  sb_puts(out, "}\n");

  strbuf args = {0};
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    const char *v = go_local(g, p->name);
    const char *arg;
    switch (p->passing) {
    case IR_PASS_VALUE:
      arg = ir_is_scalar(p->type.kind)
                ? arena_printf(g->a, "%s(a.%s)", go_type(g, p->type), v)
                : arena_printf(g->a, "*(*ferryView)(unsafe.Pointer(&a.%s))", v);
      break;
    case IR_PASS_IN: arg = arena_printf(g->a, "unsafe.Pointer(&a.%s)", v); break;
    case IR_PASS_OPTIONAL: arg = arena_printf(g->a, "unsafe.Pointer(a.%s)", v); break;
    case IR_PASS_ERRMSG: continue; /* the message is reported below */
    default: arg = arena_printf(g->a, "unsafe.Pointer(&r.%s)", v); break;
    }
    sb_printf(&args, "%s%s", args.len ? ", " : "", arg);
  }
  sb_printf(out,
            "\n// ferryRing%s serves %s on a ring (HandleAsync).\n"
            "func ferryRing%s(args, result unsafe.Pointer) ferry.Status {\n",
            name, f->name, name);
  if (nargs > 0) sb_printf(out, "\ta := (*ferryArgs%s)(args)\n", name);
  if (nres > 0) sb_printf(out, "\tr := (*ferryResult%s)(result)\n", name);
  const char *msg =
      f->errmsg_param >= 0
          ? arena_printf(g->a, "unsafe.Pointer(&r.%s)",
                         go_local(g, f->params[f->errmsg_param].name))
          : "nil";
  sb_printf(out,
            "\tif err := ferryGo%s(%s); err != nil {\n"
            "\t\treturn ferry.Status(ferryReportOwned(err, %s))\n\t}\n"
            "\treturn ferry.OK\n}\n",
            name, args.data ? args.data : "", msg);
  sb_free(&args);
  if (f->errmsg_param >= 0)
    sb_printf(out,
              "\n// ferryPanic%s writes the message of a panic of %s's "
              "implementation into\n// its result (Ring.OnHandlerPanic).\n"
              "func ferryPanic%s(result unsafe.Pointer, v any) {\n"
              "\tferryPanicMsg(unsafe.Pointer(&(*ferryResult%s)(result).%s), v)\n}\n",
              name, f->name, name, name,
              go_local(g, f->params[f->errmsg_param].name));
}

static void emit_go_ring_service(go_file *g, strbuf *out) {
  const ir_module *m = g->m;
  for (int i = 0; i < m->nfuncs; i++)
    if (m->funcs[i]->async) emit_go_async_handler(g, out, m->funcs[i]);
  sb_printf(out,
            "\n// HandleAsync registers on r the handlers of the async "
            "functions of %s\n// (FERRY_GO_ASYNC), at the indexes the C "
            "header names: each runs the\n// registered implementation. "
            "Call it before r.Serve.\n"
            "func HandleAsync(r *ring.Ring) {\n",
            m->path);
  go_row *rows = arena_alloc(g->a, sizeof(go_row) * (size_t)m->async_funcs);
  int n = 0;
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (!f->async) continue;
    rows[n++] = (go_row){NULL,
                         arena_printf(g->a, "r.Handle(%u, ferryRing%s)",
                                      f->ring_index, ir_go_func_name(m, f)),
                         arena_printf(g->a, "// %s", ir_ring_fn_const(m, f))};
  }
  emit_rows(out, rows, n);
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (f->async && f->errmsg_param >= 0)
      sb_printf(out, "\tr.OnHandlerPanic(%u, ferryPanic%s)\n", f->ring_index,
                ir_go_func_name(m, f));
  }
  const char *serve = ir_go_export_name_of(m, ir_ring_name(m, "ring_serve"));
  const char *stop = ir_go_export_name_of(m, ir_ring_name(m, "ring_stop"));
  sb_printf(out,
            "}\n\n// The rings Go serves for native code (%s), by their "
            "native pointer.\nvar ferryServed struct {\n\tsync.Mutex\n"
            "\trings map[*C.ferry_ring]*ring.Ring\n}\n"
            "\n// %s is %s: Go serves the async functions on a ring native "
            "code made,\n// with workers goroutines.\n//\n//export %s\n"
            "func %s(native *C.ferry_ring, workers C.uint32_t) C.ferry_status "
            "{\n\tif native == nil || workers == 0 {\n"
            "\t\treturn C.ferry_status(ferry.EINVAL)\n\t}\n"
            "\tferryServed.Lock()\n\tdefer ferryServed.Unlock()\n"
            "\tif ferryServed.rings[native] != nil {\n"
            "\t\treturn C.ferry_status(ferry.EINVAL)\n\t}\n"
            "\tif ferryServed.rings == nil {\n"
            "\t\tferryServed.rings = make(map[*C.ferry_ring]*ring.Ring)\n\t}\n"
            "\tr := ring.Attach(unsafe.Pointer(native))\n\tHandleAsync(r)\n"
            "\tr.Serve(int(workers))\n\tferryServed.rings[native] = r\n"
            "\treturn C.ferry_status(ferry.OK)\n}\n"
            "\n// %s is %s: closes a ring Go serves and waits for its\n"
            "// workers.\n//\n//export %s\n"
            "func %s(native *C.ferry_ring, cancel C.bool) C.int64_t {\n"
            "\tferryServed.Lock()\n\tr := ferryServed.rings[native]\n"
            "\tdelete(ferryServed.rings, native)\n\tferryServed.Unlock()\n"
            "\tif r == nil {\n\t\treturn C.int64_t(ferry.EINVAL)\n\t}\n"
            "\treturn C.int64_t(r.Close(bool(cancel)))\n}\n",
            m->path, serve, ir_ring_name(m, "ring_serve"), serve, serve, stop,
            ir_ring_name(m, "ring_stop"), stop, stop);
}

void emit_go(const ir_module *m, const emit_opts *o, strbuf *wrappers,
             strbuf *cgo) {
  go_file g = {.m = m, .a = m->arena, .impl = o->go_impl};
  strbuf body = {0};
  bool errors = false;
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *d = m->decls[i];
    switch (d->kind) {
    case IR_ENUM: emit_go_enum(&g, &body, d); break;
    case IR_STRUCT: emit_go_struct(&g, &body, d); break;
    case IR_SLICE: emit_go_slice(&g, &body, d); break;
    case IR_HANDLE: emit_go_handle(&g, &body, d); break;
    case IR_CALLBACK: emit_go_callback(&g, &body, d); break;
    default: break;
    }
  }
  bool uses_runtime = g.uses_runtime;
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (ir_returns_status(f)) errors = true;
    if (f->destructor) continue; /* it is Close */
    if (f->direction == IR_GO_IMPL) continue; /* see emit_go_impl */
    emit_go_func(&g, &body, f);
  }
  if (m->go_funcs > 0) {
    errors = true; /* oneway failures are reported as *Error */
    emit_go_impl(&g, &body);
  }
  g.uses_runtime = g.uses_runtime || uses_runtime;
  emit_go_helpers(&g, &body, errors);
  if (g.uses_callbacks) emit_go_callback_helpers(&g, &body);

  emit_header(wrappers, m, o);
  sb_printf(wrappers, "package %s\n", o->go_package);
  /* Every function (a destructor too) calls through package ferry. */
  bool go_impl = m->go_funcs > 0;
  const char *std[] = {go_impl || g.uses_callbacks ? "errors" : "",
                       go_impl ? "fmt" : "", g.uses_math ? "math" : "",
                       g.uses_runtime ? "runtime" : "",
                       go_impl && !g.impl ? "sync/atomic" : "",
                       g.uses_unsafe ? "unsafe" : "", NULL};
  emit_imports(wrappers, std, m->nfuncs > 0);
  if (body.data) sb_puts(wrappers, body.data);
  sb_free(&body);
  emit_go_cgo(&g, o, cgo);
}
