/* emit_go_call.c: Go calling native code, in the Go package.
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
 * One emitter per declaration kind, one lowering per parameter kind
 * (lower_for); the C shims of functions that take a callback are here
 * too, as they serve these calls. */
#include <string.h>

#include "emit_go.h"
#include "support_text.h"

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
  go_slot slots[IR_MAX_ARG_SLOTS];
  int nslots;
  strbuf keep; /* runtime.KeepAlive after the call */
  const char *results[MAX_RESULTS]; /* Go result expressions */
  const char *zeros[MAX_RESULTS];   /* their zero values, for errors */
  const char *types[MAX_RESULTS];
  int nresults;
  bool strings; /* the FERRY_STRINGS variant: const buffers are strings */
  strbuf nul_checks; /* after pre: C string arguments that held a NUL */
  strbuf post_offsets; /* after the call, first: FERRY_OFFSET_IN results */
  strbuf post; /* after the call: C string results copied and freed */
  strbuf start; /* just before the call: a Go callback's handle made */
  strbuf after; /* last after the call: that handle released */
  ir_mode mode;
  bool pair;    /* CallPair: a struct result in two registers, no frame */
} go_call;

static const char *callback_arg(go_file *g, ir_type t, const char *w);
static void emit_func_type(go_file *g, strbuf *out, const char *name,
                           const char *params, const char *result,
                           const char *words, ir_kind ret, const char *args);

/* ---- Declarations: one emitter per kind ------------------------------ */

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

void emit_go_enum(go_file *g, strbuf *out, const ir_decl *e) {
  const char *name = go_decl_name(g, e);
  emit_type_doc(out, name, "the C enum", e->name, e->doc);
  sb_printf(out, "type %s int32\n\nconst (\n", name);
  go_row *rows = arena_alloc(g->a, sizeof(go_row) * (size_t)e->nitems);
  for (int i = 0; i < e->nitems; i++) {
    rows[i].doc = e->items[i].doc;
    rows[i].left = ir_camel(g->a,
                            ir_item_short_name(g->m, e->items[i].name,
                                               e->items[i].rename),
                            true);
    rows[i].right = arena_printf(g->a, "%s = %lld", name,
                                 (long long)e->items[i].value);
  }
  emit_go_rows(out, rows, e->nitems);
  sb_puts(out, ")\n");
}

/* The Go func type a FERRY_GO_CALLBACK parameter of C function pointer
 * type d takes: d's parameters but the user pointer (pointers as
 * unsafe.Pointer), and its ferryCall method, which turns the words the
 * trampoline passes (emit_go_callback_shims) into them and the result into
 * one word. */
static void emit_go_func_type(go_file *g, strbuf *out, const ir_decl *d) {
  const ir_func *s = d->signature;
  const char *name = arena_printf(g->a, "%sFunc", go_decl_name(g, d));
  int user = ir_go_callback_user_index(s);
  bool named = true;
  for (int i = 0; i < s->nparams; i++)
    if (i != user && s->params[i].name[0] == '\0') named = false;
  g->uses_go_funcs = true;
  g->uses_unsafe = true;
  strbuf params = {0}, args = {0};
  int w = 0;
  for (int i = 0; i < s->nparams; i++) {
    const ir_param *p = &s->params[i];
    if (i == user) continue;
    const char *sep = params.len ? ", " : "";
    const char *type = p->pointers ? "unsafe.Pointer" : go_type(g, p->type);
    if (named) sb_printf(&params, "%s%s %s", sep, go_local(g, p->name), type);
    else sb_printf(&params, "%s%s", sep, type);
    const char *word = arena_printf(g->a, "a%d", w++);
    sb_printf(&args, "%s%s", sep,
              p->pointers ? arena_printf(g->a, "ferryCPointer(%s)", word)
                          : callback_arg(g, p->type, word));
  }
  const char *result = s->ret.kind == IR_VOID
                           ? ""
                           : arena_printf(g->a, " %s", go_type(g, s->ret));
  sb_printf(out,
            "\n// %s is a Go function in place of a C %s:\n// pass it "
            "where a function takes one with FERRY_GO_CALLBACK, and the\n// "
            "library calls it during that call. It gets the parameters but "
            "the\n// user pointer; pointers are the library's memory, valid "
            "as the library\n// says.\n",
            name, d->name);
  emit_func_type(g, out, name, params.data, result, "its trampoline",
                 s->ret.kind, args.data);
  sb_free(&params);
  sb_free(&args);
}

/* A C function pointer type: the word of a C function's address, which
 * Go passes through and never calls. */
void emit_go_fnptr(go_file *g, strbuf *out, const ir_decl *d) {
  const char *name = go_decl_name(g, d);
  emit_type_doc_note(out, name, "the C function pointer type", d->name,
                     ": the address of a C function, or a sentinel the "
                     "library\n// defines, passed through (Go does not call "
                     "it)",
                     d->doc);
  sb_printf(out, "type %s uintptr\n", name);
  if (d->go_func) emit_go_func_type(g, out, d);
}

/* The #define constants, untyped (usable as any integer argument), or of
 * a function pointer type for a sentinel. */
void emit_go_consts(go_file *g, strbuf *out) {
  const ir_module *m = g->m;
  if (m->nconsts == 0) return;
  sb_printf(out, "\n// The integer constants (#define) of %s.\nconst (\n",
            m->name);
  go_row *rows = arena_alloc(g->a, sizeof(go_row) * (size_t)m->nconsts);
  for (int i = 0; i < m->nconsts; i++) {
    const ir_const *c = &m->consts[i];
    rows[i].doc = c->doc;
    rows[i].left = ir_camel(g->a, ir_item_short_name(m, c->name, c->rename),
                            true);
    if (c->type != NULL) /* a sentinel: the word's bits */
      rows[i].right = arena_printf(g->a, "%s = %llu", go_decl_name(g, c->type),
                                   (unsigned long long)c->value);
    else
      rows[i].right = arena_printf(g->a, "= %lld", (long long)c->value);
  }
  emit_go_rows(out, rows, m->nconsts);
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
                          "if %s != nil {\n\t\tview := ferry.StringView(*%s)\n\t\t%s "
                          "= unsafe.Pointer(&view)\n\t}",
                          gf, gf, cf);
    }
    return arena_printf(g->a,
                        "if %s != nil {\n\t\tm := new(%s)\n\t\t%s.ferryToC(m)"
                        "\n\t\t%s = unsafe.Pointer(m)\n\t}",
                        gf, go_c_type(g, t), gf, cf);
  }
  switch (t.kind) {
  case IR_STR: g->uses_view = true; return arena_printf(g->a, "%s = ferry.StringView(%s)", cf, gf);
  case IR_BYTES:
    g->uses_view = true;
    return arena_printf(g->a, "%s = ferry.SliceView(%s)", cf, gf);
  case IR_SLICE:
    g->uses_view = true;
    if (t.decl->plain) return arena_printf(g->a, "%s = ferry.SliceView(%s)", cf, gf);
    return arena_printf(g->a, "%s = ferryC%s(%s%s)", cf,
                        go_decl_name(g, t.decl), gf, t.decl->map ? ", nil" : "");
  case IR_STRUCT:
    if (!t.decl->plain) return arena_printf(g->a, "%s.ferryToC(&%s)", gf, cf);
    return arena_printf(g->a, "%s = %s", cf, gf);
  default: return arena_printf(g->a, "%s = %s", cf, gf);
  }
}

void emit_go_struct(go_file *g, strbuf *out, const ir_decl *s) {
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
  emit_go_rows(out, rows, s->nfields);
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
  emit_go_rows(out, rows, s->nfields);
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

void emit_go_slice(go_file *g, strbuf *out, const ir_decl *s) {
  if (s->plain) return; /* []T crosses as it is: ferry.SliceView */
  if (s->map) {
    emit_go_map_to_c(g, out, s);
    return;
  }
  const char *name = go_decl_name(g, s);
  ir_type elem = s->elem;
  g->uses_view = true;
  g->uses_unsafe = true;
  sb_printf(out,
            "\n// ferryC%s copies s into C layout (%s): views of s's "
            "memory, so s must stay\n// alive while native code uses the "
            "result.\nfunc ferryC%s(s %s) ferry.View {\n",
            name, s->name, name, go_type(g, (ir_type){.kind = IR_SLICE, .decl = (ir_decl *)s}));
  sb_printf(out, "\tm := make([]%s, len(s))\n\tfor i := range s {\n",
            go_c_type(g, elem));
  switch (elem.kind) {
  case IR_STR: sb_puts(out, "\t\tm[i] = ferry.StringView(s[i])\n"); break;
  case IR_BYTES: sb_puts(out, "\t\tm[i] = ferry.SliceView(s[i])\n"); break;
  case IR_SLICE:
    if (elem.decl->plain) sb_puts(out, "\t\tm[i] = ferry.SliceView(s[i])\n");
    else
      sb_printf(out, "\t\tm[i] = ferryC%s(s[i])\n",
                go_decl_name(g, elem.decl));
    break;
  default: sb_puts(out, "\t\ts[i].ferryToC(&m[i])\n"); break;
  }
  sb_puts(out, "\t}\n\treturn ferry.SliceView(m)\n}\n");
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

/* Close, io.Closer's: the destructor now, once. A second Close (or Close
 * of nil) is an error, ECLOSED, as every other call on a closed handle is
 * a panic: closing twice is common and harmless to report, using a freed
 * pointer is not. A destructor that returns a code (a library's, such as
 * XXH3_freeState's or sqlite3_finalize's) fails Close when the code is
 * not 0, C's usual success; the handle is given up either way, since
 * whether the library freed it on failure is the library's to say. */
static void emit_go_close(go_file *g, strbuf *out, const ir_decl *h,
                          const char *call) {
  const char *name = go_decl_name(g, h);
  const ir_func *d = h->destructor;
  bool code = d->ret.kind != IR_VOID;
  sb_printf(out,
            "\n// Close frees the handle now (%s). Closing a nil or closed\n"
            "// %s is an error (ferry.ECLOSED)%s.\nfunc (h *%s) Close() "
            "error {\n\tif h == nil || h.ptr == 0 {\n\t\treturn "
            "&Error{Func: \"%s\", Status: ferry.ECLOSED, Message: \"%s is "
            "nil or closed\"}\n\t}\n\th.cleanup.Stop()\n\tptr := h.ptr\n\t"
            "h.ptr = 0\n",
            d->name, name,
            code ? arena_printf(g->a, ", and so is a code other than 0\n// "
                                      "from %s, in Error.Code: the handle is "
                                      "given up\n// either way",
                                d->name)
                 : "",
            name, d->name, name);
  if (!code) {
    sb_printf(out, "\tferryFree%s(ptr)\n\treturn nil\n}\n", name);
    return;
  }
  g->uses_strconv = true;
  const char *width = d->ret.kind == IR_ENUM ? "int32" : go_scalar_type(d->ret.kind);
  sb_printf(out,
            "\tif ferryCode := int64(%s(%s)); ferryCode != 0 {\n\t\treturn "
            "&Error{Func: \"%s\", Code: ferryCode, Message: \"returned \" + "
            "strconv.FormatInt(ferryCode, 10)}\n\t}\n\treturn nil\n}\n",
            width, call, d->name);
}

void emit_go_handle(go_file *g, strbuf *out, const ir_decl *h) {
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
  const char *call = arena_printf(g->a, "%s(%s, ptr)", mode_call(g, mode, 1, false), fn);
  sb_printf(out, "\t%s\n}\n", call);
  emit_go_close(g, out, h, call);
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
  if (p->type.decl->map) {
    /* A small map's entries on this frame: no allocation (maps_go.c). */
    const char *buf = arena_printf(c->a, "ferryBuf_%s", v);
    const char *ct = go_c_type(g, p->type.decl->elem);
    sb_printf(&c->pre,
              "\tvar %s [ferryMapStack / unsafe.Sizeof(%s{})]%s\n"
              "\t%s := ferryC%s(%s, %s[:])\n",
              buf, ct, ct, m, go_decl_name(g, p->type.decl), v, buf);
    g->uses_unsafe = true;
  } else {
    sb_printf(&c->pre, "\t%s := ferryC%s(%s)\n", m,
              go_decl_name(g, p->type.decl), v);
  }
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

/* A C string argument (const char *): a NUL-terminated copy, on this
 * frame up to ferryCStringStack bytes. A NUL inside s is an error result
 * (emit_nul_checks), not a string cut short. optional: v is a *string,
 * nil passes NULL. */
static void lower_cstr_copy(go_file *g, go_call *c, const ir_param *p,
                            const char *v, bool optional) {
  g->uses_cstring_arg = true;
  const char *buf = arena_printf(c->a, "ferryCBuf_%s", v);
  const char *str = arena_printf(c->a, "ferryCStr_%s", v);
  const char *ok = arena_printf(c->a, "ferryOk_%s", v);
  sb_printf(&c->pre, "\tvar %s [ferryCStringStack]byte\n", buf);
  if (optional)
    sb_printf(&c->pre, "\tvar %s *byte\n\t%s := true\n\tif %s != nil {\n\t\t"
                       "%s, %s = ferryCString(*%s, &%s)\n\t}\n",
              str, ok, v, str, ok, v, buf);
  else
    sb_printf(&c->pre, "\t%s, %s := ferryCString(%s, &%s)\n", str, ok, v, buf);
  sb_printf(&c->nul_checks, "%s %s\n", ok, p->name);
  add_slot(c, ptr_expr(g, str), true);
  keep_alive(g, c, str);
}

static void lower_cstr(go_file *g, go_call *c, const ir_param *p,
                       const char *v) {
  lower_cstr_copy(g, c, p, v, false);
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
  case IR_CSTR: return lower_cstr;
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
  case IR_FNPTR: return arena_printf(g->a, "%s(%s)", go_decl_name(g, t.decl), r);
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

/* A FERRY_LEN length narrower than Go's int (a library's int, unsigned,
 * short): a longer buffer cannot be said in it, which is a bug of the
 * caller's that no result can carry, so the wrapper panics saying so
 * rather than pass a length cut to the C width. */
static void lower_length_check(go_file *g, go_call *c, const ir_func *f,
                               const ir_param *len, const char *buf) {
  int size = ir_scalar_size(len->type.kind);
  if (size >= 8) return;
  unsigned long long max =
      (ir_is_signed(len->type.kind) ? 1ull << (8 * size - 1)
                                    : 1ull << (8 * size)) - 1;
  sb_printf(&c->pre,
            "\tif len(%s) > %llu {\n\t\tpanic(\"%s: %s: %s holds more than "
            "%llu bytes, the most its length %s %s can say\")\n\t}\n",
            buf, max, g->m->name, f->name, buf, max, ir_c_type(len->type),
            len->name);
}

/* A C string result: the C pointer word is in reg after the call. A
 * borrowed or owned string is copied into a Go string (ferryGoString),
 * an owned one then freed with its FERRY_FREE_WITH function (a fast call:
 * free functions return at once); a FERRY_OFFSET_IN pointer becomes its
 * offset in the buffer, computed before anything else runs after the
 * call (no function call in between, so the goroutine stack that may
 * hold the buffer cannot have moved). Adds the Go result named after v. */
static void lower_cstr_result(go_file *g, go_call *c, const ir_func *f,
                              const ir_owner *o, const char *reg,
                              const char *v) {
  if (o->offset_in != NULL) {
    const ir_param *buf = &f->params[o->offset_param];
    bool str = c->strings && buf->is_const;
    const char *off = arena_printf(c->a, "ferryOff_%s", v);
    g->uses_unsafe = true;
    sb_printf(&c->post_offsets,
              "\t%s := -1\n\tif %s != 0 {\n\t\t%s = int(%s - "
              "uintptr(unsafe.Pointer(unsafe.%sData(%s))))\n\t}\n",
              off, reg, off, reg, str ? "String" : "Slice",
              go_local(g, buf->name));
    add_result(c, "int", off, "0");
    return;
  }
  const char *str = arena_printf(c->a, "ferryStr_%s", v);
  g->uses_cstring_result = true;
  sb_printf(&c->post, "\t%s := ferryGoString(%s)\n", str, reg);
  if (o->free_func != NULL)
    sb_printf(&c->post, "\tif %s != 0 {\n\t\tferry.Call1(ferryFn%s, %s)\n\t}\n",
              reg, ir_camel(g->a, o->free_func->name, true), reg);
  add_result(c, "string", str, "\"\"");
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
    if (t.kind == IR_CSTR) {
      lower_cstr_copy(g, c, p, v, true);
      break;
    }
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
                  "\tvar %s *ferry.View\n\tif %s != nil {\n\t\tview := "
                  "ferry.StringView(*%s)\n\t\t%s = &view\n\t}\n",
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
    if (t.kind == IR_CSTR) {
      sb_printf(&c->pre, "\tvar %s uintptr\n", o);
      add_slot(c, ptr_expr(g, arena_printf(c->a, "&%s", o)), true);
      lower_cstr_result(g, c, f, &p->owner, o, v);
      break;
    }
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
  case IR_PASS_LENGTH: {
    const char *buf = go_local(g, f->params[p->partner].name);
    lower_length_check(g, c, f, p, buf);
    add_slot(c, arena_printf(c->a, "uintptr(len(%s))", buf), false);
    break;
  }
  case IR_PASS_ADDRESS:
    sb_printf(params, "%s%s unsafe.Pointer", sep, v);
    add_slot(c, arena_printf(c->a, "uintptr(%s)", v), true);
    g->uses_unsafe = true;
    keep_alive(g, c, v);
    break;
  case IR_PASS_GO_CALLBACK:
    /* A fast call's trampoline and user pointer are the shim's
     * (emit_go_callback_shims); a cgo call passes the trampoline and a
     * handle to the Go func, released after the call. */
    sb_printf(params, "%s%s %sFunc", sep, v, go_decl_name(g, t.decl));
    sb_printf(&c->pre, "\tif %s == nil {\n\t\tpanic(\"%s: %s: %s must not be "
                       "nil\")\n\t}\n",
              v, g->m->name, f->name, v);
    if (c->mode != IR_MODE_CGO) break;
    g->uses_cgo_handles = true;
    sb_printf(&c->start,
              "\tferryHandle := ferryGoCallbackStart(%s)\n", v);
    sb_puts(&c->after, "\tferryGoCallbackEnd(ferryHandle)\n");
    add_slot(c, arena_printf(c->a, "ferryTrampoline%s",
                             ir_camel(g->a, f->name, true)),
             false);
    break;
  case IR_PASS_USER_DATA:
    if (c->mode == IR_MODE_CGO) add_slot(c, "uintptr(ferryHandle)", false);
    break;
  case IR_PASS_ERRMSG:
    g->uses_view = true;
    sb_puts(&c->pre,
            "\tvar ferryMsgBuf [256]byte\n\tferryMsg := "
            "ferry.View{Ptr: unsafe.Pointer(&ferryMsgBuf[0]), Len: "
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

/* The error result of each C string argument that held a NUL byte
 * (c->nul_checks: "okVariable cName" lines), before the call. */
static void emit_nul_checks(go_file *g, strbuf *out, const go_call *c,
                            const ir_func *f) {
  (void)g;
  for (const char *line = c->nul_checks.data; line && *line;) {
    const char *space = strchr(line, ' '), *end = strchr(line, '\n');
    sb_printf(out, "\tif !%.*s {\n\t\treturn ", (int)(space - line), line);
    for (int i = 0; i < c->nresults - 1; i++)
      sb_printf(out, "%s, ", c->zeros[i]);
    sb_printf(out, "&Error{Func: \"%s\", Status: ferry.EINVAL, Message: "
                   "\"%.*s holds a NUL byte, which a C string cannot\"}\n\t}\n",
              f->name, (int)(end - space - 1), space + 1);
    line = end + 1;
  }
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
  emit_nul_checks(g, out, c, f);
  if (c->start.data) sb_puts(out, c->start.data);
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
  if (c->post_offsets.data) sb_puts(out, c->post_offsets.data);
  if (c->keep.data) sb_puts(out, c->keep.data);
  if (c->post.data) sb_puts(out, c->post.data);
  if (c->after.data) sb_puts(out, c->after.data);
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
  while (c->nslots < IR_MAX_CALLBACK_WORDS) add_slot(c, "0", false);
  *fn = arena_printf(g->a, "%s, %s.ferryCall", *fn,
                     go_local(g, f->params[ir_callback_index(f)].name));
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

/* A callback's func type and its ferryCall method, which calls fn with
 * args (made of the words a0..a3 from where words says) and returns its
 * result as one word. */
static void emit_func_type(go_file *g, strbuf *out, const char *name,
                           const char *params, const char *result,
                           const char *words, ir_kind ret, const char *args) {
  sb_printf(out, "type %s func(%s)%s\n", name, params ? params : "", result);
  sb_printf(out, "\n// ferryCall runs fn with the words of %s.\nfunc (fn "
                 "%s) ferryCall(a0, a1, a2, a3 uintptr) uintptr {\n",
            words, name);
  const char *call = arena_printf(g->a, "fn(%s)", args ? args : "");
  switch (ret) {
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
              ret == IR_F32 ? "32" : "64", call);
    break;
  default: sb_printf(out, "\treturn uintptr(%s)\n", call); break;
  }
  sb_puts(out, "}\n");
}

void emit_go_callback(go_file *g, strbuf *out, const ir_decl *d) {
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
  emit_func_type(g, out, name, params.data, result, "a ferry_callback_call",
                 s->ret.kind, args.data);
  sb_free(&params);
  sb_free(&args);
  sb_free(&doc);
}

void emit_go_callback_helpers(go_file *g, strbuf *out) {
  (void)g;
  sb_puts(out, go_callback_helpers); /* ferry-gen/support/go/callback.go */
}

/* Whether the wrapper fills a ferry.Frame instead of passing words in
 * registers: a float argument or result, or more integer words than
 * ferry.CallN takes. A callback call passes words only (floats as bits). */
static bool wrapper_uses_frame(const go_call *c, const ir_func *f,
                               ir_mode mode) {
  if (mode == IR_MODE_CALLBACK) return false;
  if (ir_is_float(f->ret.kind) || count_ints(c) > IR_MAX_REG_ARGS) return true;
  for (int i = 0; i < c->nslots; i++)
    if (c->slots[i].is_float) return true;
  return false;
}

/* The Go value of f's returned value, read from where the call left it. */
static const char *lift_return(go_file *g, const ir_func *f, ir_mode mode,
                               bool frame) {
  const char *reg = frame ? "ferryFrame.Ret" : "ferryRet";
  if (mode == IR_MODE_CALLBACK && ir_is_float(f->ret.kind))
    return callback_float(g, f->ret.kind, reg);
  if (f->ret.kind == IR_F64) return "ferryFrame.Float64()";
  if (f->ret.kind == IR_F32) return "ferryFrame.Float32()";
  if (f->ret.kind == IR_STRUCT)
    return lift_struct(g, f->ret, frame, ir_returns_pair(f));
  if (f->ret.kind == IR_CSTR) return "ferryStr_ret"; /* see emit_go_wrapper */
  return lift_ret(g, f->ret, reg);
}

/* Adds f's returned value to the results: first of them, or for an
 * optional result (Go's comma-ok) the bool after it. */
static void add_return_value(go_file *g, go_call *c, const ir_func *f,
                             const char *lifted) {
  if (f->found_param >= 0) {
    add_result(c, "bool", lifted, "false");
    return;
  }
  memmove(&c->results[1], &c->results[0],
          sizeof(c->results[0]) * (size_t)c->nresults);
  memmove(&c->types[1], &c->types[0], sizeof(c->types[0]) * (size_t)c->nresults);
  memmove(&c->zeros[1], &c->zeros[0], sizeof(c->zeros[0]) * (size_t)c->nresults);
  c->results[0] = lifted;
  c->types[0] = go_type(g, f->ret);
  c->zeros[0] = go_zero(g, f->ret);
  c->nresults++;
}

/* The wrapper's Go name: the function's, with the suffix of a further
 * mode and String for the FERRY_STRINGS variant. */
static const char *wrapper_name(go_file *g, const ir_func *f, ir_mode mode,
                                bool strings) {
  const char *name = ir_go_func_name(g->m, f);
  if (mode != f->mode)
    name = arena_printf(g->a, "%s%s", name, ir_go_mode_suffix(mode));
  return strings ? arena_printf(g->a, "%sString", name) : name;
}

/* The wrapper's doc comment: what it calls, then how. */
static void wrapper_doc(go_file *g, strbuf *doc, const ir_func *f,
                        ir_mode mode, bool strings) {
  const char *name = wrapper_name(g, f, mode, strings);
  if (strings) {
    strbuf which = {0};
    for (int i = 0; i < f->nparams; i++)
      if (f->params[i].passing == IR_PASS_BUFFER && f->params[i].is_const)
        sb_printf(&which, "%s%s", which.len ? " and " : "",
                  go_local(g, f->params[i].name));
    sb_printf(doc, "%s is %s with %s as a string, not copied.", name,
              wrapper_name(g, f, mode, false), which.data);
    sb_free(&which);
  } else if (mode != f->mode) {
    /* A further mode's wrapper: the primary one holds the documentation
     * (a doc link, [Name] or [Type.Name], points there). */
    const char *primary = wrapper_name(g, f, f->mode, false);
    if (f->method_of != NULL)
      primary = arena_printf(g->a, "%s.%s", go_decl_name(g, f->method_of),
                             primary);
    sb_printf(doc, "%s is [%s] %s.", name, primary,
              mode == IR_MODE_DEDICATED
                  ? "on ferryStack,\nwhich only one goroutine may use at "
                    "a time"
                  : mode == IR_MODE_CGO ? "as a cgo call" : "as a fast call");
    return;
  } else {
    sb_printf(doc, "%s calls %s.", name, f->name);
  }
  if (f->doc && !strings) sb_printf(doc, "\n\n%s", f->doc);
  if (mode == IR_MODE_CGO_ABOVE)
    sb_printf(doc, "\n\nIt is a cgo call when %s holds more than %llu bytes, "
                   "a fast call otherwise.",
              go_local(g, f->params[f->threshold_param].name),
              (unsigned long long)f->threshold_bytes);
  if (mode == IR_MODE_FAST && f->extra_modes)
    sb_puts(doc, "\n\nIt is a fast call.");
  if (mode == IR_MODE_CGO) sb_puts(doc, "\n\nIt is a cgo call.");
  if (mode == IR_MODE_CALLBACK)
    sb_printf(doc, "\n\nNative code calls %s on this goroutine during "
                   "the call\n(ferry.CallWithCallback); a panic in it "
                   "continues here once the native\nside has returned.",
              go_local(g, f->params[ir_callback_index(f)].name));
  if (f->go_callback_param >= 0) {
    const ir_param *cb = &f->params[f->go_callback_param];
    if (mode == IR_MODE_CGO)
      sb_printf(doc, "\n\nThe library calls %s during the call, a cgo "
                     "callback each time;\na panic in it continues here once "
                     "the call has returned.",
                go_local(g, cb->name));
    if (cb->type.decl->signature->ret.kind != IR_VOID)
      sb_printf(doc, "\n\nAfter a panic the library gets %lld from %s "
                     "(FERRY_GO_CALLBACK), and\nGo is not called again "
                     "during the call.",
                (long long)cb->go_callback_abort, go_local(g, cb->name));
  }
  if (mode == IR_MODE_DEDICATED)
    sb_puts(doc, "\n\nIt runs on ferryStack, which only one goroutine may "
                 "use at a time.");
}

/* func (recv T) Name(params) results { */
static void emit_wrapper_signature(go_file *g, strbuf *out, const ir_func *f,
                                   const char *name, const char *params,
                                   const go_call *c) {
  sb_puts(out, "func ");
  if (f->method_of != NULL)
    sb_printf(out, "(%s %s) ", go_local(g, f->params[0].name),
              go_type(g, f->params[0].type));
  sb_printf(out, "%s(%s)", name, params ? params : "");
  if (c->nresults == 1) sb_printf(out, " %s", c->types[0]);
  if (c->nresults > 1) {
    sb_puts(out, " (");
    for (int i = 0; i < c->nresults; i++)
      sb_printf(out, "%s%s", i ? ", " : "", c->types[i]);
    sb_puts(out, ")");
  }
  sb_puts(out, " {\n");
}

/* The wrapper's body. FERRY_CGO_ABOVE gets the whole body twice, each
 * branch with its own locals: what the cgo branch passes moves to the
 * heap, and the fast branch must not pay for that with allocations. */
static void emit_wrapper_body(go_file *g, strbuf *out, const go_call *c,
                              const ir_func *f, const char *fn, ir_mode mode,
                              bool frame) {
  if (mode != IR_MODE_CGO_ABOVE) {
    emit_go_body(g, out, c, f, fn, mode, frame);
    return;
  }
  strbuf big = {0};
  emit_go_body(g, &big, c, f, fn, IR_MODE_CGO, frame);
  sb_printf(out, "\tif %s {\n", threshold_test(g, f));
  for (size_t i = 0; i < big.len; i++) {
    if (i == 0 || big.data[i - 1] == '\n') sb_putc(out, '\t');
    sb_putc(out, big.data[i]);
  }
  if (c->nresults == 0) sb_puts(out, "\t\treturn\n");
  sb_puts(out, "\t}\n");
  sb_free(&big);
  emit_go_body(g, out, c, f, fn, IR_MODE_FAST, frame);
}

/* One Go wrapper of f, calling it in mode; strings: its FERRY_STRINGS
 * variant (NameString). */
static void emit_go_wrapper(go_file *g, strbuf *out, const ir_func *f,
                            ir_mode mode, bool strings) {
  go_call c = {.a = g->a, .strings = strings, .mode = mode};
  strbuf params = {0};
  const char *fn = arena_printf(g->a, "ferryFn%s", ir_camel(g->a, f->name, true));
  if (mode == IR_MODE_CALLBACK && f->go_callback_param >= 0)
    fn = arena_printf(g->a, "ferryShim%s", ir_camel(g->a, f->name, true));
  bool method = f->method_of != NULL;
  if (mode == IR_MODE_DEDICATED)
    sb_puts(&params, "ferryStack *ferry.Stack");
  for (int i = 0; i < f->nparams; i++)
    lower_param(g, &c, &params, f, i, method && i == 0);
  if (mode == IR_MODE_CALLBACK) callback_slots(g, &c, f, &fn);
  bool frame = wrapper_uses_frame(&c, f, mode);
  c.pair = !frame && ir_returns_pair(f);
  bool status = ir_returns_status(f);
  if (f->ret.kind == IR_CSTR) {
    /* The copy (and free) go in post; the result comes first. */
    int before = c.nresults;
    lower_cstr_result(g, &c, f, &f->ret_owner,
                      frame ? "ferryFrame.Ret" : "ferryRet", "ret");
    c.nresults = before;
  }
  if (f->ret.kind != IR_VOID && !status)
    add_return_value(g, &c, f, lift_return(g, f, mode, frame));
  if (status || c.nul_checks.len > 0) add_result(&c, "error", "nil", "nil");

  strbuf doc = {0};
  wrapper_doc(g, &doc, f, mode, strings);
  sb_putc(out, '\n');
  emit_doc(out, "", "// ", doc.data);
  sb_free(&doc);
  emit_wrapper_signature(g, out, f, wrapper_name(g, f, mode, strings),
                         params.data, &c);
  sb_free(&params);
  emit_wrapper_body(g, out, &c, f, fn, mode, frame);
  sb_free(&c.keep);
  sb_free(&c.pre);
  sb_free(&c.nul_checks);
  sb_free(&c.post_offsets);
  sb_free(&c.post);
  sb_free(&c.start);
  sb_free(&c.after);
  sb_puts(out, "}\n");
}

/* The wrappers of f: one in its mode, one more per further mode, each
 * with its String variant under FERRY_STRINGS. */
void emit_go_func(go_file *g, strbuf *out, const ir_func *f) {
  ir_mode mode;
  for (int i = 0; ir_func_mode(f, i, &mode); i++) {
    emit_go_wrapper(g, out, f, mode, false);
    if (f->string_variant) emit_go_wrapper(g, out, f, mode, true);
  }
}

bool go_func_has_mode(const ir_func *f, ir_mode mode) {
  ir_mode m;
  for (int i = 0; ir_func_mode(f, i, &m); i++)
    if (m == mode) return true;
  return false;
}

const char *go_callback_export_name(go_file *g) {
  return arena_printf(g->a, "ferry__gocb_%s", g->m->name);
}

/* A C declaration of name: "const void *p", "char **p", "int p"; the type
 * alone for name "". */
static const char *c_decl(go_file *g, ir_type t, bool is_const, int pointers,
                          const char *name) {
  strbuf b = {0};
  sb_printf(&b, "%s%s", is_const ? "const " : "", ir_c_type(t));
  if (pointers || name[0]) sb_putc(&b, ' ');
  for (int i = 0; i < pointers; i++) sb_putc(&b, '*');
  sb_puts(&b, name);
  const char *r = arena_strdup(g->a, b.data);
  sb_free(&b);
  return r;
}

/* The trampolines of f's FERRY_GO_CALLBACK parameter, static in the cgo
 * preamble: C functions with the library's callback signature, one per
 * mode f has. Each passes every parameter but the user pointer as a word
 * (pointers as addresses, integers as themselves) to Go, and returns Go's
 * word as the C result, or the abort value when Go panicked: the fast one
 * through ferry_callback_call on the call's ferry_callback (the user
 * pointer), the cgo one through the package's export with the
 * runtime/cgo.Handle (the user pointer). */
static void emit_go_trampolines(go_file *g, strbuf *out, const ir_func *f) {
  const ir_param *cb = &f->params[f->go_callback_param];
  const ir_func *s = cb->type.decl->signature;
  int user = ir_go_callback_user_index(s);
  strbuf params = {0}, words = {0};
  int w = 0;
  for (int i = 0; i < s->nparams; i++) {
    const ir_param *p = &s->params[i];
    sb_printf(&params, "%s%s", i ? ", " : "",
              c_decl(g, p->type, p->is_const, p->pointers,
                     arena_printf(g->a, "ferry_p%d", i)));
    if (i == user) continue;
    sb_printf(&words, ", (uintptr_t)ferry_p%d", i);
    w++;
  }
  for (; w < IR_MAX_CALLBACK_PARAMS; w++) sb_puts(&words, ", 0");
  bool is_void = s->ret.kind == IR_VOID;
  const char *ret = c_decl(g, s->ret, s->ret_is_const, 0, "");
  const char *abort = arena_printf(g->a, "(%s)(int64_t)%lld", ret,
                                   (long long)cb->go_callback_abort);
  const char *result =
      s->ret.kind == IR_BOOL ? "ferry_r != 0"
                             : arena_printf(g->a, "(%s)ferry_r", ret);
  if (go_func_has_mode(f, IR_MODE_CALLBACK)) {
    sb_printf(out, "\nstatic inline %s ferry__gocb_fast_%s(%s) {\n\tuintptr_t "
                   "ferry_r = 0;\n\tif (ferry_callback_call((ferry_callback "
                   "*)ferry_p%d%s, &ferry_r) != FERRY_OK)\n\t\treturn%s%s;\n",
              ret, f->name, params.data, user, words.data, is_void ? "" : " ",
              is_void ? "" : abort);
    if (is_void) sb_puts(out, "\t(void)ferry_r;\n}\n");
    else sb_printf(out, "\treturn %s;\n}\n", result);
  }
  if (go_func_has_mode(f, IR_MODE_CGO)) {
    sb_printf(out, "\nstatic inline %s ferry__gocb_cgo_%s(%s) {\n\t%s%s("
                   "(uintptr_t)ferry_p%d, (uintptr_t)%s%s);\n",
              ret, f->name, params.data,
              is_void ? "" : "uintptr_t ferry_r = ", go_callback_export_name(g),
              user, is_void ? "0" : abort, words.data);
    if (!is_void) sb_printf(out, "\treturn %s;\n", result);
    sb_printf(out, "}\n\nstatic inline uintptr_t ferry__gocb_addr_%s(void) "
                   "{\n\treturn (uintptr_t)ferry__gocb_cgo_%s;\n}\n",
              f->name, f->name);
  }
  sb_free(&params);
  sb_free(&words);
}

/* The export the cgo trampolines call, with the handle, the abort value
 * and the callback's words (ferryGoCallbackRun does the rest); its
 * prototype goes in the preamble. */
void emit_go_callback_export(go_file *g, strbuf *out) {
  if (!g->uses_cgo_handles) return;
  const char *name = go_callback_export_name(g);
  sb_printf(out, "\n// %s runs the Go func of a cgo call's Go callback for "
                 "its trampoline.\n//\n//export %s\nfunc %s(handle, abort, "
                 "a0, a1, a2, a3 C.uintptr_t) C.uintptr_t {\n\treturn "
                 "C.uintptr_t(ferryGoCallbackRun(uintptr(handle), "
                 "uintptr(abort), uintptr(a0), uintptr(a1), uintptr(a2), "
                 "uintptr(a3)))\n}\n",
            name, name, name);
}

/* The C shim of each function with a callback, static inline in the cgo
 * preamble (allowed in a file with exports too):
 * ferry.CallWithCallback calls it with the ferry_callback handle and three
 * words (src/coro.c); it rebuilds the C arguments, the callback from the
 * handle, and returns the result as a word (floats as their bits). The
 * interface file declares the callback as a function pointer, the same
 * size and ABI as the handle (the generated C header's struct of one
 * pointer is too). */
void emit_go_callback_shims(go_file *g, strbuf *out) {
  bool any = false;
  if (g->uses_cgo_handles)
    sb_printf(out, "\nextern uintptr_t %s(uintptr_t, uintptr_t, uintptr_t, "
                   "uintptr_t, uintptr_t, uintptr_t);\n",
              go_callback_export_name(g));
  for (int i = 0; i < g->m->nfuncs; i++) {
    const ir_func *f = g->m->funcs[i];
    if (f->direction != IR_NATIVE_IMPL) continue;
    if (f->go_callback_param >= 0) emit_go_trampolines(g, out, f);
    if (!go_func_has_mode(f, IR_MODE_CALLBACK)) continue;
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
      } else if (j == f->go_callback_param) {
        sb_printf(out, "\t%s %s = ferry__gocb_fast_%s;\n", c, p->name,
                  f->name);
      } else if (j == f->go_callback_user) {
        sb_printf(out, "\tvoid *%s = ferry_cb;\n", p->name);
      } else if (p->passing == IR_PASS_BUFFER ||
                 p->passing == IR_PASS_ADDRESS) {
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
    if (w < IR_MAX_CALLBACK_WORDS) sb_puts(out, "\t(void)ferry_a;\n");
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
