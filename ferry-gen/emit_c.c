/* emit_c.c: the C header a native implementer includes.
 *
 * The interface file is already valid C; this is the same contract
 * without the annotations, with what they meant spelled out as comments
 * (who owns what, how Go calls each function), under an include guard.
 * One emitter per declaration kind. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"

/* A C block comment of doc plus notes, indented. */
static void c_comment(strbuf *out, const char *indent, const char *doc,
                      const char *note) {
  if (doc == NULL && note == NULL) return;
  strbuf all = {0};
  if (doc) sb_puts(&all, doc);
  if (doc && note) sb_putc(&all, '\n');
  if (note) sb_puts(&all, note);
  /* Comment markers inside a // comment of the interface would end or
   * nest this one: split them with a space. */
  strbuf clean = {0};
  for (size_t i = 0; i < all.len; i++) {
    sb_putc(&clean, all.data[i]);
    if (i + 1 < all.len && ((all.data[i] == '*' && all.data[i + 1] == '/') ||
                            (all.data[i] == '/' && all.data[i + 1] == '*')))
      sb_putc(&clean, ' ');
  }
  sb_free(&all);
  all = clean;
  if (all.len == 0) return;
  if (strchr(all.data, '\n') == NULL &&
      strlen(indent) + all.len + 6 <= 80) {
    sb_printf(out, "%s/* %s */\n", indent, all.data);
  } else {
    sb_printf(out, "%s/*\n", indent);
    emit_doc(out, indent, " * ", all.data);
    sb_printf(out, "%s */\n", indent);
  }
  sb_free(&all);
}

static void emit_c_struct(strbuf *out, const ir_decl *s) {
  c_comment(out, "", s->doc, NULL);
  sb_printf(out, "typedef struct %s {\n", s->name);
  for (int i = 0; i < s->nfields; i++) {
    const ir_field *f = &s->fields[i];
    c_comment(out, "  ", f->doc, f->optional ? "Optional: NULL or one value." : NULL);
    if (f->optional)
      sb_printf(out, "  const %s *%s;\n", ir_c_type(f->type), f->name);
    else
      sb_printf(out, "  %s %s;\n", ir_c_type(f->type), f->name);
  }
  sb_printf(out, "} %s;\n", s->name);
}

static void emit_c_enum(strbuf *out, const ir_decl *e) {
  c_comment(out, "", e->doc, NULL);
  sb_printf(out, "typedef enum %s {\n", e->name);
  for (int i = 0; i < e->nitems; i++) {
    c_comment(out, "  ", e->items[i].doc, NULL);
    sb_printf(out, "  %s = %lld,\n", e->items[i].name,
              (long long)e->items[i].value);
  }
  sb_printf(out, "} %s;\n", e->name);
}

static void emit_c_slice(strbuf *out, const ir_decl *s) {
  c_comment(out, "", s->doc,
            s->map ? "A map (FERRY_MAP_OF): its entries, in any order. Go "
                     "gets a map of them;\nof equal keys, the last wins."
                   : NULL);
  sb_printf(out, "typedef FERRY_SLICE_OF(%s) %s;\n", ir_c_type(s->elem),
            s->name);
}

static void emit_c_handle(strbuf *out, const ir_decl *h) {
  strbuf note = {0};
  if (h->go_handle)
    sb_printf(&note,
              "A handle to a Go value: its bits are an id in Go's table, not "
              "an address\n(never dereference it). Release it with %s; a "
              "released handle\ngives FERRY_EINVAL, never a crash.",
              h->destructor ? h->destructor->name : "its destructor");
  else if (h->destructor)
    sb_printf(&note, "Opaque; freed by %s (Go: Close or cleanup).",
              h->destructor->name);
  else
    sb_puts(&note, "Opaque; never freed by the bindings.");
  c_comment(out, "", h->doc, note.data);
  sb_printf(out, "typedef struct %s %s;\n", h->tag ? h->tag : h->name,
            h->name);
  sb_free(&note);
}

static const char *mode_note(const ir_func *f) {
  if (f->extra_modes)
    return "Go calls it in more than one mode, as the Go caller chooses "
           "(fast calls, on a dedicated stack, through cgo): where it is a "
           "fast call, return within microseconds.";
  switch (f->mode) {
  case IR_MODE_FAST:
    return "Go calls it with a fast call: return within microseconds.";
  case IR_MODE_CGO:
    return "Go calls it through cgo: it may block.";
  case IR_MODE_DEDICATED:
    return "Go calls it with a fast call on a dedicated native stack.";
  case IR_MODE_CGO_ABOVE:
    return NULL; /* spelled out with the threshold */
  case IR_MODE_CALLBACK:
    return "Go calls it with a fast call on a native stack of its own\n"
           "(ferry.CallWithCallback): it may call the callback any number "
           "of times;\nafter a callback fails, return promptly.";
  }
  return NULL;
}

static void emit_c_param(strbuf *out, const ir_param *p) {
  if (p->type.kind == IR_VOID && p->passing == IR_PASS_VALUE) { /* free */
    sb_printf(out, "void *%s", p->name);
    return;
  }
  if (p->type.kind == IR_CSTR) { /* the spelling ends in '*' */
    sb_printf(out, "%s%s%s", ir_c_type(p->type),
              p->passing == IR_PASS_OUT ? "*" : "", p->name);
    return;
  }
  switch (p->passing) {
  case IR_PASS_VALUE:
    if (p->type.kind == IR_HANDLE)
      sb_printf(out, "%s%s *%s", p->is_const ? "const " : "",
                ir_c_type(p->type), p->name);
    else
      sb_printf(out, "%s %s", ir_c_type(p->type), p->name);
    break;
  case IR_PASS_IN:
  case IR_PASS_OPTIONAL:
    sb_printf(out, "const %s *%s", ir_c_type(p->type), p->name);
    break;
  case IR_PASS_OUT:
    sb_printf(out, "%s *%s%s", ir_c_type(p->type),
              p->type.kind == IR_HANDLE ? "*" : "", p->name);
    break;
  case IR_PASS_INOUT:
  case IR_PASS_ERRMSG:
    sb_printf(out, "%s *%s", ir_c_type(p->type), p->name);
    break;
  case IR_PASS_BUFFER:
    sb_printf(out, "%s%s *%s", p->is_const ? "const " : "",
              ir_c_type(p->type), p->name);
    break;
  case IR_PASS_LENGTH:
  case IR_PASS_GO_CALLBACK:
    sb_printf(out, "%s %s", ir_c_type(p->type), p->name);
    break;
  case IR_PASS_ADDRESS:
  case IR_PASS_USER_DATA:
    sb_printf(out, "%svoid *%s", p->is_const ? "const " : "", p->name);
    break;
  }
}

/* The ids a FERRY_GO function's handle results land in before they
 * become handles; true when it has any. */
static bool emit_c_go_handle_ids(strbuf *out, const ir_func *f) {
  bool any = false;
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (p->type.kind != IR_HANDLE || p->passing != IR_PASS_OUT) continue;
    sb_printf(out, "  uint64_t ferry_id_%s = 0;\n", p->name);
    any = true;
  }
  return any;
}

/* Statements freeing what value expr (of type t) owns, at indent. */
static void emit_c_free_value(strbuf *out, ir_type t, const char *expr,
                              const char *indent, int depth) {
  if (t.kind == IR_STRUCT) {
    sb_printf(out, "%s%s_free(&%s);\n", indent, t.decl->name, expr);
    return;
  }
  if (t.kind == IR_SLICE && ir_needs_free(t.decl->elem)) {
    char var[16], elem[512], inner[64];
    snprintf(var, sizeof var, "i%d", depth);
    snprintf(elem, sizeof elem, "%s.ptr[%s]", expr, var);
    snprintf(inner, sizeof inner, "%s  ", indent);
    sb_printf(out, "%sfor (size_t %s = 0; %s < %s.len; %s++) {\n", indent, var,
              var, expr, var);
    emit_c_free_value(out, t.decl->elem, elem, inner, depth + 1);
    sb_printf(out, "%s}\n", indent);
  }
  sb_printf(out, "%sfree((void *)%s.ptr);\n", indent, expr);
}

/* NAME_free for a struct with views, which FERRY_GO results own. */
static void emit_c_free(strbuf *out, const ir_decl *s) {
  sb_printf(out,
            "\n/* Frees what a Go result left in *v (strings, slices and "
            "optional values,\n * from malloc), not v itself. */\n"
            "static inline void %s_free(%s *v) {\n",
            s->name, s->name);
  for (int i = 0; i < s->nfields; i++) {
    const ir_field *f = &s->fields[i];
    char expr[256];
    snprintf(expr, sizeof expr, "v->%s", f->name);
    if (f->optional) {
      sb_printf(out, "  if (v->%s != NULL) {\n", f->name);
      if (ir_needs_free(f->type)) {
        snprintf(expr, sizeof expr, "(*(%s *)v->%s)", ir_c_type(f->type),
                 f->name);
        emit_c_free_value(out, f->type, expr, "    ", 0);
      }
      sb_printf(out, "    free((void *)v->%s);\n  }\n", f->name);
    } else if (ir_needs_free(f->type)) {
      emit_c_free_value(out, f->type, expr, "  ", 0);
    }
  }
  sb_puts(out, "}\n");
}

/* A FERRY_GO function: the prototype of its cgo export and the static
 * inline function native code calls, which checks it may call Go. */
static void emit_c_go_func(strbuf *out, const ir_module *m, const ir_func *f) {
  strbuf note = {0};
  bool status = ir_returns_status(f);
  if (status)
    sb_puts(&note,
            "Go implements it (FERRY_GO). FERRY_EUNSUPPORTED until the Go "
            "package registers\nits implementation; FERRY_EPANIC if it "
            "panics.");
  else
    sb_puts(&note,
            "Go implements it (FERRY_GO): a oneway call. It returns when Go "
            "has run it; no\nresult or failure comes back.");
  sb_puts(&note,
          "\nArguments are borrowed for the call: Go keeps no pointer into "
          "them.\nNot callable from inside a ferry fast call (it dies "
          "saying so).");
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (p->passing == IR_PASS_OPTIONAL)
      sb_printf(&note, "\n%s may be NULL.", p->name);
    if (p->passing == IR_PASS_OUT) {
      if (p->type.kind == IR_HANDLE)
        sb_printf(&note, "\n%s: a new handle on FERRY_OK: release it with %s.",
                  p->name,
                  p->type.decl->destructor ? p->type.decl->destructor->name
                                           : "its destructor");
      else if (ir_needs_free(p->type))
        sb_printf(&note,
                  "\n%s: filled on FERRY_OK with memory from malloc: free "
                  "it with %s_free.",
                  p->name, p->type.decl->name);
      else
        sb_printf(&note, "\n%s: stored on FERRY_OK.", p->name);
    }
    if (p->passing == IR_PASS_ERRMSG)
      sb_printf(&note,
                "\n%s: on failure, Go writes up to %s->len bytes of the "
                "message and sets\n%s->len.",
                p->name, p->name, p->name);
  }
  c_comment(out, "", f->doc, note.data);
  sb_free(&note);
  const char *ret = status ? "ferry_status" : "void";
  const char *export = ir_go_export_name(m, f);
  /* The export's prototype has cgo's parameter types: no const. */
  sb_printf(out, "%s %s(", ret, export);
  if (f->nparams == 0) sb_puts(out, "void");
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (i > 0) sb_puts(out, ", ");
    /* A handle to a Go value crosses as its id (see emit_c_handle). */
    const char *t = p->type.kind == IR_HANDLE ? "uint64_t" : ir_c_type(p->type);
    if (p->passing == IR_PASS_VALUE)
      sb_printf(out, "%s %s", t, p->name);
    else
      sb_printf(out, "%s *%s", t, p->name);
  }
  sb_printf(out, ");\nstatic inline %s %s(", ret, f->name);
  if (f->nparams == 0) sb_puts(out, "void");
  for (int i = 0; i < f->nparams; i++) {
    if (i > 0) sb_puts(out, ", ");
    emit_c_param(out, &f->params[i]);
  }
  sb_printf(out, ") {\n  ferry_assert_can_call_go(\"%s\");\n", f->name);
  bool ids = emit_c_go_handle_ids(out, f);
  sb_printf(out, "  %s%s(", ids ? "ferry_status st = " : status ? "return " : "",
            export);
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (i > 0) sb_puts(out, ", ");
    if (p->type.kind == IR_HANDLE && p->passing == IR_PASS_OUT)
      sb_printf(out, "&ferry_id_%s", p->name);
    else if (p->type.kind == IR_HANDLE)
      sb_printf(out, "(uint64_t)(uintptr_t)%s", p->name);
    else if (p->passing == IR_PASS_IN || p->passing == IR_PASS_OPTIONAL)
      sb_printf(out, "(%s *)%s", ir_c_type(p->type), p->name);
    else
      sb_puts(out, p->name);
  }
  sb_puts(out, ");\n");
  if (ids) {
    for (int i = 0; i < f->nparams; i++) {
      const ir_param *p = &f->params[i];
      if (p->type.kind == IR_HANDLE && p->passing == IR_PASS_OUT)
        sb_printf(out, "  if (st == FERRY_OK) *%s = (%s *)(uintptr_t)ferry_id_%s;\n",
                  p->name, ir_c_type(p->type), p->name);
    }
    sb_puts(out, "  return st;\n");
  }
  sb_puts(out, "}\n");
}

/* A FERRY_GO_ASYNC function: its ring index, the argument, result and
 * call structs, the result's free function and the submit function. */
/* The function's comment and its ring index, PREFIX_FN_NAME. */
static void emit_c_async_doc(strbuf *out, const ir_module *m,
                             const ir_func *f) {
  strbuf note = {0};
  sb_printf(&note,
            "Go implements it (FERRY_GO_ASYNC): native code submits a call "
            "with %s_submit\nto a ring Go serves (%s) and learns of its "
            "completion\nthrough the call's done callback or ferry_call_wait. "
            "The call's status is\nFERRY_EUNSUPPORTED until the Go package "
            "registers its implementation,\nFERRY_EPANIC if it panics, "
            "FERRY_ECANCELED if the ring was closed with\ncancel before Go "
            "ran it.",
            f->name, ir_ring_name(m, "ring_serve"));
  c_comment(out, "", f->doc, note.data);
  sb_free(&note);
  sb_printf(out, "enum { %s = %u };\n", ir_ring_fn_const(m, f), f->ring_index);
}

/* NAME_args: what the call copies at submission. */
static void emit_c_async_args(strbuf *out, const ir_func *f) {
  sb_printf(out,
            "\n/* The arguments of %s, copied into its call at submission. "
            "Strings,\n * slices and optional values in them stay the "
            "caller's: valid until the call\n * completes. */\n"
            "typedef struct %s_args {\n",
            f->name, f->name);
  int nargs = 0;
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    switch (p->passing) {
    case IR_PASS_VALUE:
    case IR_PASS_IN:
      sb_printf(out, "  %s %s;\n",
                p->type.kind == IR_HANDLE ? "uint64_t" : ir_c_type(p->type),
                p->name);
      nargs++;
      break;
    case IR_PASS_OPTIONAL:
      sb_printf(out, "  const %s *%s;\n", ir_c_type(p->type), p->name);
      nargs++;
      break;
    default: break;
    }
  }
  /* C has no empty structs. */
  if (nargs == 0) sb_puts(out, "  uint8_t unused;\n");
  sb_printf(out, "} %s_args;\n", f->name);
}

/* The failure hook of a module with fire-and-forget functions: one per
 * program, a weak definition that every file including the header shares
 * (the header has no .c file to define it in). */
static void emit_c_async_failure_hook(strbuf *out, const ir_module *m) {
  const char *p = m->name;
  sb_printf(out,
            "\n/* Hears of a fire-and-forget call (a FERRY_GO_ASYNC function "
            "returning void)\n * that failed: the C function, its status "
            "and Go's message (valid during the\n * call). Runs on the "
            "thread that completed the call, a Go worker's: keep it\n * "
            "short. */\n"
            "typedef void (*%s_async_failure_fn)(const char *fn, ferry_status "
            "status,\n    ferry_str message, void *user);\n"
            "typedef struct %s_async_failure_hook {\n"
            "  %s_async_failure_fn fn;\n  void *user;\n} "
            "%s_async_failure_hook;\n"
            "__attribute__((weak)) %s_async_failure_hook %s_async_failure;\n"
            "\n/* Sets the failure hook; NULL prints failures on stderr. Set "
            "it before the calls\n * whose failures it is to hear of. */\n"
            "static inline void %s_set_async_failure_hook(%s_async_failure_fn "
            "fn, void *user) {\n"
            "  __atomic_store_n(&%s_async_failure.user, user, __ATOMIC_RELAXED);\n"
            "  __atomic_store_n(&%s_async_failure.fn, fn, __ATOMIC_RELEASE);\n}\n"
            "\nstatic inline void %s_async_failed(const char *fn, ferry_status "
            "status,\n    ferry_bytes message) {\n"
            "  ferry_str text = {(const char *)message.ptr, message.len};\n"
            "  %s_async_failure_fn hook = __atomic_load_n(&%s_async_failure.fn, "
            "__ATOMIC_ACQUIRE);\n"
            "  if (hook != NULL)\n"
            "    hook(fn, status, text, __atomic_load_n(&%s_async_failure.user, "
            "__ATOMIC_RELAXED));\n"
            "  else\n"
            "    fprintf(stderr, \"%%s failed: %%s: %%.*s\\n\", fn, "
            "ferry_strerror(status),\n            (int)text.len, text.ptr ? "
            "text.ptr : \"\");\n}\n",
            p, p, p, p, p, p, p, p, p, p, p, p, p, p);
}

/* Stores argument p into ferry_c->args as the call keeps it: a handle's
 * id, a copy of a const struct's value, any other value as it is (views
 * and optional pointers then point at the caller's memory). */
static void emit_c_store_arg(strbuf *out, const ir_param *p) {
  const char *n = p->name;
  if (p->type.kind == IR_HANDLE)
    sb_printf(out, "  ferry_c->args.%s = (uint64_t)(uintptr_t)%s;\n", n, n);
  else if (p->passing == IR_PASS_IN)
    sb_printf(out, "  ferry_c->args.%s = *%s;\n", n, n);
  else
    sb_printf(out, "  ferry_c->args.%s = %s;\n", n, n);
}

/* The fire-and-forget function NAME(ring, args...): one malloc'd block
 * holds the call and copies of its strings and slices, freed by its done
 * callback, which reports a failure to the hook. Its own names start with
 * ferry_, which parameters cannot (check_param_name). */
static void emit_c_fire_and_forget(strbuf *out, const ir_module *m,
                                   const ir_func *f) {
  sb_printf(out,
            "\n/* Completes a fire-and-forget call of %s: a failure goes to "
            "the hook; frees\n * the call. */\n"
            "static inline void %s_forget_done(ferry_call *call, void *user) "
            "{\n  %s_call *c = (%s_call *)call;\n  (void)user;\n"
            "  if (c->call.status != FERRY_OK)\n"
            "    %s_async_failed(\"%s\", (ferry_status)c->call.status, "
            "c->result.message);\n"
            "  %s_result_free(&c->result);\n  free(c);\n}\n",
            f->name, f->name, f->name, f->name, m->name, f->name, f->name);
  sb_printf(out,
            "\n/* Fire and forget: copies the arguments (the caller may free "
            "them at once),\n * queues the call and returns, waiting only "
            "while the ring is full. A failure\n * (an error, a panic, "
            "FERRY_ECANCELED) goes to %s_set_async_failure_hook's\n * hook. "
            "FERRY_ECLOSED: the ring is closed; FERRY_ENOMEM: no memory for "
            "the copy. */\n"
            "static inline ferry_status %s(ferry_ring *ferry_r",
            m->name, f->name);
  for (int i = 0; i < f->nparams; i++) {
    sb_puts(out, ", ");
    emit_c_param(out, &f->params[i]);
  }
  sb_puts(out, ") {\n  size_t ferry_extra = 0;\n");
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    ir_kind k = p->type.kind;
    if (k == IR_STR || k == IR_BYTES)
      sb_printf(out, "  ferry_extra += (%s.len + 7) & ~(size_t)7;\n", p->name);
    else if (k == IR_SLICE)
      sb_printf(out, "  ferry_extra += (%s.len * sizeof *%s.ptr + 7) & ~(size_t)7;\n",
                p->name, p->name);
  }
  sb_printf(out,
            "  %s_call *ferry_c = (%s_call *)malloc(sizeof *ferry_c + ferry_extra);\n"
            "  if (ferry_c == NULL) return FERRY_ENOMEM;\n"
            "  memset(ferry_c, 0, sizeof *ferry_c);\n"
            "  char *ferry_copy = (char *)(ferry_c + 1);\n",
            f->name, f->name);
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    ir_kind k = p->type.kind;
    const char *n = p->name;
    if (k == IR_STR || k == IR_BYTES || k == IR_SLICE) {
      const char *size = k == IR_SLICE
                             ? arena_printf(m->arena, "%s.len * sizeof *%s.ptr", n, n)
                             : arena_printf(m->arena, "%s.len", n);
      const char *cast = k == IR_STR ? "" : k == IR_BYTES ? "(uint8_t *)"
                         : arena_printf(m->arena, "(%s *)(void *)",
                                        ir_c_type(p->type.decl->elem));
      sb_printf(out,
                "  if (%s.len > 0) memcpy(ferry_copy, %s.ptr, %s);\n"
                "  ferry_c->args.%s.ptr = %sferry_copy;\n"
                "  ferry_c->args.%s.len = %s.len;\n"
                "  ferry_copy += (%s + 7) & ~(size_t)7;\n",
                n, n, size, n, cast, n, n, size);
    } else {
      emit_c_store_arg(out, p);
    }
  }
  sb_printf(out,
            "  (void)ferry_copy;\n"
            "  ferry_call_init(&ferry_c->call, %s, &ferry_c->args, &ferry_c->result,\n"
            "                  "
            "%s_forget_done, NULL);\n"
            "  ferry_status ferry_st =\n"
            "      (ferry_status)ferry_ring_submit(ferry_r, &ferry_c->call);\n"
            "  if (ferry_st != FERRY_OK) free(ferry_c);\n  return ferry_st;\n}\n",
            ir_ring_fn_const(m, f), f->name);
}

/* NAME_result: what Go fills. */
static void emit_c_async_result(strbuf *out, const ir_func *f) {
  sb_printf(out,
            "\n/* The results of %s: filled on FERRY_OK%s. Free what "
            "they hold with\n * %s_result_free. */\n"
            "typedef struct %s_result {\n",
            f->name,
            f->errmsg_param >= 0 ? ", the message on failure" : "", f->name,
            f->name);
  int nres = 0;
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (p->passing != IR_PASS_OUT && p->passing != IR_PASS_ERRMSG) continue;
    sb_printf(out, "  %s %s;\n", ir_c_type(p->type), p->name);
    nres++;
  }
  if (ir_fire_and_forget(f)) { /* Go's message on failure, for the hook */
    sb_puts(out, "  ferry_bytes message;\n");
    nres++;
  }
  if (nres == 0) sb_puts(out, "  uint8_t unused;\n");
  sb_printf(out, "} %s_result;\n", f->name);
}

/* NAME_result_free: frees what Go allocated in a result. */
static void emit_c_async_result_free(strbuf *out, const ir_module *m,
                                     const ir_func *f) {
  sb_printf(out,
            "\n/* Frees what Go left in *r (from malloc), not r itself. */\n"
            "static inline void %s_result_free(%s_result *r) {\n",
            f->name, f->name);
  bool freed = false;
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if ((p->passing != IR_PASS_OUT || !ir_needs_free(p->type)) &&
        p->passing != IR_PASS_ERRMSG)
      continue;
    emit_c_free_value(out, p->type, arena_printf(m->arena, "r->%s", p->name),
                      "  ", 0);
    freed = true;
  }
  if (ir_fire_and_forget(f)) {
    sb_puts(out, "  free(r->message.ptr);\n");
    freed = true;
  }
  if (!freed) sb_puts(out, "  (void)r;\n");
  sb_puts(out, "}\n");
}

/* NAME_call: the ring call with its arguments and result. */
static void emit_c_async_call(strbuf *out, const ir_func *f) {
  sb_printf(out,
            "\n/* One call of %s: the caller keeps it alive and unmoved "
            "until it\n * completes. call comes first, so a done callback "
            "may cast the ferry_call *\n * it receives to %s_call *. */\n"
            "typedef struct %s_call {\n  ferry_call call;\n"
            "  %s_args args;\n  %s_result result;\n} %s_call;\n",
            f->name, f->name, f->name, f->name, f->name, f->name);
}

/* NAME_submit: fills a call and submits it. Its own parameters' names
 * start with ferry_, which the function's cannot (check_param_name). */
static void emit_c_async_submit(strbuf *out, const ir_module *m,
                                const ir_func *f) {
  const char *fn = ir_ring_fn_const(m, f);
  sb_printf(out,
            "\n/* Fills ferry_c with the arguments and submits it to ferry_r, "
            "waiting while the\n * ring is full. FERRY_OK: "
            "ferry_done(&ferry_c->call, ferry_user) runs once the\n * call "
            "completes (on a Go worker's thread; keep it short), or, when "
            "ferry_done\n * is NULL, ferry_call_wait(&ferry_c->call) waits "
            "for it; then\n * ferry_c->call.status is its status and "
            "ferry_c->result its results.\n * FERRY_ECLOSED: the ring is "
            "closed, ferry_c is not queued and ferry_done never\n * runs. */\n"
            "static inline ferry_status %s_submit(ferry_ring *ferry_r, "
            "%s_call *ferry_c",
            f->name, f->name);
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (p->passing == IR_PASS_OUT || p->passing == IR_PASS_ERRMSG) continue;
    sb_puts(out, ", ");
    emit_c_param(out, p);
  }
  sb_puts(out,
          ",\n    ferry_call_done_fn ferry_done, void *ferry_user) {\n"
          "  memset(ferry_c, 0, sizeof *ferry_c);\n");
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (p->passing == IR_PASS_VALUE || p->passing == IR_PASS_IN ||
        p->passing == IR_PASS_OPTIONAL)
      emit_c_store_arg(out, p);
  }
  sb_printf(out,
            "  ferry_call_init(&ferry_c->call, %s, &ferry_c->args, "
            "&ferry_c->result,\n                  ferry_done, ferry_user);\n"
            "  return (ferry_status)ferry_ring_submit(ferry_r, "
            "&ferry_c->call);\n}\n",
            fn);
}

/* Everything the C header holds for one FERRY_GO_ASYNC function. */
static void emit_c_async_func(strbuf *out, const ir_module *m,
                              const ir_func *f) {
  emit_c_async_doc(out, m, f);
  emit_c_async_args(out, f);
  emit_c_async_result(out, f);
  emit_c_async_result_free(out, m, f);
  emit_c_async_call(out, f);
  emit_c_async_submit(out, m, f);
  if (ir_fire_and_forget(f)) emit_c_fire_and_forget(out, m, f);
}

/* What an async module adds once: starting and stopping Go's service of a
 * ring. */
static void emit_c_ring_service(strbuf *out, const ir_module *m) {
  const char *serve = ir_ring_name(m, "ring_serve");
  const char *stop = ir_ring_name(m, "ring_stop");
  const char *serve_export = ir_go_export_name_of(m, serve);
  const char *stop_export = ir_go_export_name_of(m, stop);
  sb_printf(out,
            "\n/* Go serves the async functions of %s on ring (from "
            "ferry_ring_new) with\n * workers goroutines until %s. "
            "FERRY_EINVAL if Go already serves\n * ring or workers is 0. "
            "Not callable from inside a ferry fast call. */\n"
            "ferry_status %s(ferry_ring *ring, uint32_t workers);\n"
            "static inline ferry_status %s(ferry_ring *ring, uint32_t "
            "workers) {\n  ferry_assert_can_call_go(\"%s\");\n"
            "  return %s(ring, workers);\n}\n",
            m->name, stop, serve_export, serve, serve, serve_export);
  sb_printf(out,
            "\n/* Closes ring and waits until Go's workers have left it; then "
            "its owner may\n * free it. Calls still queued run first, or "
            "with cancel complete with\n * FERRY_ECANCELED. Returns how many "
            "calls this cancelled, or FERRY_EINVAL when\n * Go does not "
            "serve ring. Not callable from inside a ferry fast call. */\n"
            "int64_t %s(ferry_ring *ring, bool cancel);\n"
            "static inline int64_t %s(ferry_ring *ring, bool cancel) {\n"
            "  ferry_assert_can_call_go(\"%s\");\n  return %s(ring, cancel);\n}\n",
            stop_export, stop, stop, stop_export);
}

/* "R name(params);", the C declaration the interface file means. */
static void emit_c_prototype(strbuf *out, const ir_func *f) {
  if (f->ret.kind == IR_HANDLE)
    sb_printf(out, "%s *%s(", ir_c_type(f->ret), f->name);
  else if (f->ret.kind == IR_CSTR)
    sb_printf(out, "%s%s(", ir_c_type(f->ret), f->name);
  else
    sb_printf(out, "%s %s(", ir_c_type(f->ret), f->name);
  if (f->nparams == 0) sb_puts(out, "void");
  for (int i = 0; i < f->nparams; i++) {
    if (i > 0) sb_puts(out, ", ");
    emit_c_param(out, &f->params[i]);
  }
  sb_puts(out, ");\n");
}

static void emit_c_func(strbuf *out, const ir_func *f) {
  strbuf note = {0};
  const char *mode = mode_note(f);
  if (mode) sb_puts(&note, mode);
  else
    sb_printf(&note,
              "Go calls it with a fast call, or through cgo when %s holds "
              "more than %llu bytes.",
              f->params[f->threshold_param].name,
              (unsigned long long)f->threshold_bytes);
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (p->passing == IR_PASS_OPTIONAL)
      sb_printf(&note, "\n%s may be NULL.", p->name);
    if (p->passing == IR_PASS_OUT && f->found_param == i)
      sb_printf(&note, "\n%s: store the result here and return true, or "
                       "return false.", p->name);
    else if (p->passing == IR_PASS_OUT)
      sb_printf(&note, "\n%s: store the result here%s.", p->name,
                ir_returns_status(f) ? " when returning FERRY_OK" : "");
    if (p->passing == IR_PASS_BUFFER)
      sb_printf(&note, "\n%s: %s bytes%s (may be NULL when %s is 0).", p->name,
                f->params[p->partner].name,
                p->is_const ? " to read" : " to read or write",
                f->params[p->partner].name);
    if (p->passing == IR_PASS_ERRMSG)
      sb_printf(&note,
                "\n%s: on failure, write up to %s->len bytes of text at "
                "%s->ptr\nand set %s->len to the length written.",
                p->name, p->name, p->name, p->name);
    if (p->passing == IR_PASS_GO_CALLBACK)
      sb_printf(&note,
                "\n%s: a trampoline to a Go function (FERRY_GO_CALLBACK); "
                "call it with %s\nonly during the call. After the Go "
                "function panicked it returns %lld.",
                p->name, p->go_callback_user,
                (long long)p->go_callback_abort);
  }
  if (f->ret.kind == IR_CSTR && f->ret_owner.free_func != NULL)
    sb_printf(&note, "\nGo copies the string it returns, then frees it "
                     "with %s.", f->ret_owner.free_func->name);
  else if (f->ret.kind == IR_CSTR)
    sb_puts(&note, "\nGo copies the string it returns at once; it stays "
                   "the library's.");
  if (f->frees)
    sb_puts(&note, "\nGo frees the C strings it was given with it.");
  if (f->destructor)
    sb_puts(&note, f->ret.kind == IR_VOID
                       ? "\nFrees the handle; called once."
                       : "\nFrees the handle; called once; a result other "
                         "than 0 is the error of Go's\nClose, which gives the "
                         "handle up all the same.");
  c_comment(out, "", f->doc, note.data);
  emit_c_prototype(out, f);
  sb_free(&note);
}

/* ---- Callbacks (FERRY_CALLBACK) ----------------------------------------
 *
 * The C value of a callback wraps the ferry_callback handle of the call
 * (a struct, so that it is not mixed up with other handles; one pointer,
 * so it crosses like the function pointer the interface file declares).
 * NAME_call packs the arguments into ferry_callback_call's four words the
 * way the Go side's ferryCall unpacks them (emit_go_call.c): scalars as
 * themselves, floats as their bits, views by address. */

static bool has_callbacks(const ir_module *m) {
  for (int i = 0; i < m->ndecls; i++)
    if (m->decls[i]->kind == IR_CALLBACK) return true;
  return false;
}

static void emit_c_callback(strbuf *out, const ir_decl *d) {
  const ir_func *s = d->signature;
  bool status = ir_returns_status(s);
  bool result = !status && s->ret.kind != IR_VOID;
  c_comment(out, "", d->doc,
            "A Go function (FERRY_CALLBACK) to call with the _call function "
            "below, only\nduring the call it was passed to.");
  sb_printf(out, "typedef struct %s {\n  ferry_callback *ferry_cb;\n} %s;\n",
            d->name, d->name);
  sb_printf(out, "\n/*\n * Calls the Go function: FERRY_OK%s,\n * %s"
                 "FERRY_EPANIC if it panicked, FERRY_ECANCELED if an "
                 "earlier\n * callback of this call failed. After a failure, "
                 "release what you hold\n * and return promptly.\n */\n",
            result ? " and its result in *result (if not NULL)" : "",
            status ? "the status it returned (Go's error), " : "");
  sb_printf(out, "static inline int %s_call(%s cb", d->name, d->name);
  for (int i = 0; i < s->nparams; i++)
    sb_printf(out, ", %s %s", ir_c_type(s->params[i].type),
              s->params[i].name);
  if (result) sb_printf(out, ", %s *result", ir_c_type(s->ret));
  sb_puts(out, ") {\n  uintptr_t ferry_w[4] = {0, 0, 0, 0};\n");
  for (int i = 0; i < s->nparams; i++) {
    const ir_param *p = &s->params[i];
    ir_kind k = p->type.kind;
    if (k == IR_STR || k == IR_BYTES || k == IR_SLICE)
      sb_printf(out, "  ferry_w[%d] = (uintptr_t)&%s;\n", i, p->name);
    else if (ir_is_float(k)) /* the bits, in the low half for a float */
      sb_printf(out, "  memcpy(&ferry_w[%d], &%s, sizeof %s);\n", i, p->name,
                p->name);
    else
      sb_printf(out, "  ferry_w[%d] = (uintptr_t)%s;\n", i, p->name);
  }
  sb_puts(out, "  uintptr_t ferry_r = 0;\n  int ferry_s = "
               "ferry_callback_call(cb.ferry_cb, ferry_w[0], ferry_w[1],\n"
               "                                    ferry_w[2], ferry_w[3], "
               "&ferry_r);\n");
  if (status) {
    sb_puts(out, "  if (ferry_s != FERRY_OK) return ferry_s;\n  return "
                 "(int)(intptr_t)ferry_r;\n}\n");
    return;
  }
  if (result) {
    ir_kind k = s->ret.kind;
    sb_puts(out, "  if (ferry_s == FERRY_OK && result != NULL) ");
    if (ir_is_float(k))
      sb_puts(out, "memcpy(result, &ferry_r, sizeof *result);\n");
    else if (k == IR_BOOL)
      sb_puts(out, "*result = ferry_r != 0;\n");
    else if (k == IR_ENUM)
      sb_printf(out, "*result = (%s)(int32_t)ferry_r;\n", ir_c_type(s->ret));
    else
      sb_printf(out, "*result = (%s)ferry_r;\n", ir_c_type(s->ret));
  }
  sb_puts(out, "  return ferry_s;\n}\n");
}

/* A type as written, with its constness and pointers: "const void *". */
static void emit_c_raw_type(strbuf *out, ir_type t, bool is_const,
                            int pointers) {
  sb_printf(out, "%s%s", is_const ? "const " : "", ir_c_type(t));
  if (pointers > 0) sb_putc(out, ' ');
  for (int i = 0; i < pointers; i++) sb_putc(out, '*');
}

/* A library's function pointer type, as it declares it (its parameters
 * as written: they are not checked, only passed through). */
static void emit_c_fnptr(strbuf *out, const ir_decl *d) {
  const ir_func *s = d->signature;
  c_comment(out, "", d->doc,
            "A C function pointer: Go passes it through as a word.");
  sb_puts(out, "typedef ");
  emit_c_raw_type(out, s->ret, s->ret_is_const, s->ret_pointers);
  sb_printf(out, "%s(*%s)(", s->ret_pointers ? "" : " ", d->name);
  if (s->nparams == 0) sb_puts(out, "void");
  for (int i = 0; i < s->nparams; i++) {
    const ir_param *p = &s->params[i];
    if (i > 0) sb_puts(out, ", ");
    emit_c_raw_type(out, p->type, p->is_const, p->pointers);
    if (p->name[0]) sb_printf(out, "%s%s", p->pointers ? "" : " ", p->name);
  }
  sb_puts(out, ");\n");
}

void emit_c(const ir_module *m, const emit_opts *o, strbuf *out) {
  sb_printf(out, "// %s\n", o->command);
  sb_printf(out, "// Code generated by ferry-gen from %s; DO NOT EDIT.\n\n",
            m->path);
  sb_printf(out,
            "/* The C contract of %s for its implementer: the types and the "
            "functions\n * Go calls. Every pointer a function receives is "
            "valid only during the call:\n * keep none of them. */\n",
            m->name);
  strbuf guard = {0};
  for (const char *s = m->name; *s; s++)
    sb_putc(&guard, (char)toupper((unsigned char)*s));
  sb_puts(&guard, "_FERRY_H");
  sb_printf(out, "#ifndef %s\n#define %s\n\n", guard.data, guard.data);
  sb_printf(out,
          "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n%s%s\n"
          "#include \"ferry.h\"\n%s\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n",
          m->go_funcs > 0 ? ir_has_fire_and_forget(m)
                                ? "#include <stdio.h>\n#include <stdlib.h>\n"
                                : "#include <stdlib.h>\n"
                          : "",
          m->async_funcs > 0 || has_callbacks(m) ? "#include <string.h>\n" : "",
          m->async_funcs > 0 ? "#include \"ferry_ring.h\"\n" : "");
  for (int i = 0; i < m->nconsts; i++) {
    if (i == 0) sb_putc(out, '\n');
    c_comment(out, "", m->consts[i].doc, NULL);
    long long v = (long long)m->consts[i].value;
    if (m->consts[i].type != NULL)
      sb_printf(out, "#define %s ((%s)%lld)\n", m->consts[i].name,
                m->consts[i].type->name, v);
    else
      sb_printf(out, v < 0 ? "#define %s (%lld)\n" : "#define %s %lld\n",
                m->consts[i].name, v);
  }
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *d = m->decls[i];
    sb_putc(out, '\n');
    switch (d->kind) {
    case IR_STRUCT:
      emit_c_struct(out, d);
      if (m->go_funcs > 0 && !d->plain) emit_c_free(out, d);
      break;
    case IR_ENUM: emit_c_enum(out, d); break;
    case IR_SLICE: emit_c_slice(out, d); break;
    case IR_HANDLE: emit_c_handle(out, d); break;
    case IR_CALLBACK: emit_c_callback(out, d); break;
    case IR_FNPTR: emit_c_fnptr(out, d); break;
    default: break;
    }
  }
  if (ir_has_fire_and_forget(m)) emit_c_async_failure_hook(out, m);
  for (int i = 0; i < m->nfuncs; i++) {
    sb_putc(out, '\n');
    if (m->funcs[i]->async)
      emit_c_async_func(out, m, m->funcs[i]);
    else if (m->funcs[i]->direction == IR_GO_IMPL)
      emit_c_go_func(out, m, m->funcs[i]);
    else
      emit_c_func(out, m->funcs[i]);
  }
  if (m->async_funcs > 0) emit_c_ring_service(out, m);
  sb_printf(out, "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s */\n",
            guard.data);
  sb_free(&guard);
}

/* ---- The header check (FERRY_HEADER) ----------------------------------
 *
 * NAME_ferry_check.c includes the library's own header and then declares
 * every native function again as the interface file does. C allows a
 * function to be declared twice only with compatible types, so a
 * prototype that differs from the header's (int for long long, ferry_str
 * for const char *, a missing parameter) stops the build: "conflicting
 * types for 'f'", with the header's declaration as the previous one.
 * Types are checked the same way where C allows a second declaration
 * (handle and function pointer typedefs), and by static assertions where
 * it does not (enumerator and constant values, the sizes and offsets of
 * plain structs). The file defines nothing, so it links to nothing. */

static bool uses_ferry_types(const ir_module *m) {
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (f->ret.kind == IR_STATUS) return true;
    for (int j = 0; j < f->nparams; j++) {
      ir_kind k = f->params[j].type.kind;
      if (k == IR_STR || k == IR_BYTES || k == IR_SLICE) return true;
    }
  }
  return false;
}

void emit_c_check(const ir_module *m, const emit_opts *o, strbuf *out) {
  sb_printf(out, "// %s\n", o->command);
  sb_printf(out, "// Code generated by ferry-gen from %s; DO NOT EDIT.\n\n",
            m->path);
  sb_printf(out,
            "/* Checks %s against the library's own header %s: each\n"
            " * declaration below is the interface file's, and one that "
            "differs from the\n * header's does not compile (\"conflicting "
            "types\", naming both). */\n",
            m->path, m->header);
  sb_puts(out, "#include <stdbool.h>\n#include <stddef.h>\n"
               "#include <stdint.h>\n\n");
  if (uses_ferry_types(m)) sb_puts(out, "#include \"ferry.h\"\n");
  sb_printf(out, "#include %s\n\n", m->header);
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *d = m->decls[i];
    if (d->kind == IR_HANDLE)
      sb_printf(out, "typedef struct %s %s;\n", d->tag ? d->tag : d->name,
                d->name);
    else if (d->kind == IR_FNPTR)
      emit_c_fnptr(out, d);
  }
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (f->direction != IR_NATIVE_IMPL || f->callback_param >= 0) continue;
    emit_c_prototype(out, f);
  }
  bool asserts = false;
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *d = m->decls[i];
    for (int j = 0; d->kind == IR_ENUM && j < d->nitems; j++) {
      if (!asserts) sb_putc(out, '\n');
      asserts = true;
      sb_printf(out, "_Static_assert(%s == %lld, \"%s: the interface file "
                     "says %lld\");\n",
                d->items[j].name, (long long)d->items[j].value,
                d->items[j].name, (long long)d->items[j].value);
    }
    if (d->kind != IR_STRUCT || !d->plain) continue;
    if (!asserts) sb_putc(out, '\n');
    asserts = true;
    int size = ir_plain_size((ir_type){.kind = IR_STRUCT, .decl = (ir_decl *)d},
                             NULL);
    sb_printf(out, "_Static_assert(sizeof(%s) == %d, \"%s: the interface "
                   "file's struct is %d bytes\");\n",
              d->name, size, d->name, size);
    int off = 0;
    for (int j = 0; j < d->nfields; j++) {
      int align;
      int n = ir_plain_size(d->fields[j].type, &align);
      off = (off + align - 1) / align * align;
      sb_printf(out, "_Static_assert(offsetof(%s, %s) == %d, \"%s.%s: the "
                     "interface file's is at byte %d\");\n",
                d->name, d->fields[j].name, off, d->name, d->fields[j].name,
                off);
      off += n;
    }
  }
  for (int i = 0; i < m->nconsts; i++) {
    const ir_const *c = &m->consts[i];
    if (!asserts) sb_putc(out, '\n');
    asserts = true;
    if (c->type != NULL) /* a pointer sentinel: not an integer constant */
      sb_printf(out, "#ifndef %s\n#error \"%s: the interface file defines "
                     "it; the header does not\"\n#endif\n",
                c->name, c->name);
    else
      sb_printf(out, "_Static_assert(%s == %lld, \"%s: the interface file "
                     "says %lld\");\n",
                c->name, (long long)c->value, c->name, (long long)c->value);
  }
}
