/* emit_go.c: the Go backend's entry point, emit_go. Two files per
 * interface: NAME_ferry.go (no cgo) holds the Go types and the wrappers
 * of native functions (emit_go_call.c), the interface native code calls
 * and its dispatchers (emit_go_serve.c), and the helpers both use;
 * NAME_ferry_cgo.go takes the native functions' addresses, holds the cgo
 * exports and ring handlers of FERRY_GO functions, and checks at compile
 * time that every Go type meant to have a C layout has it. emit_go.h
 * lists the backend's files. */
#include <string.h>

#include "emit_go.h"
#include "support_text.h"

/* ---- Helpers and file assembly --------------------------------------- */

/* The helpers the body used. The fixed ones are Go in
 * ferry-gen/support/go/ (view.go, cgo.go), embedded as support_text.c. */
static void emit_go_helpers(go_file *g, strbuf *out, bool errors) {
  if (g->uses_bool)
    sb_puts(out, go_bool_helper);
  for (int n = 0; n <= IR_MAX_REG_ARGS; n++) {
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
    sb_puts(out, go_cgo_pair_helper);
  if (g->cgo_frame)
    sb_puts(out, go_cgo_frame_helper);
  if (errors)
    sb_printf(out,
              "\n// Error is a failure reported by a %s function: the status "
              "it returned and\n// its message, if it gave one. "
              "errors.Is(err, ferry.EINVAL) and the like work.\n"
              "type Error struct {\n\tFunc    string // the C function\n\t"
              "Status  ferry.Status\n\tMessage string\n%s}\n"
              "\nfunc (e *Error) Error() string {\n\tif e.Message == \"\" {\n"
              "\t\treturn e.Func + \": \" + e.Status.Error()\n\t}\n\treturn "
              "e.Func + \": \" + e.Message\n}\n"
              "\n// Unwrap returns the status.\nfunc (e *Error) Unwrap() error "
              "{ return e.Status }\n",
              g->m->name,
              g->uses_strconv
                  ? "\t// Code is the library's own code, for a destructor "
                    "that returns one\n\t// (Close's error); Status is OK "
                    "then.\n\tCode int64\n"
                  : "");
}

/* Layout checks: a constant underflows (a compile error) when a size or
 * an offset differs, in either direction. */
static void emit_go_layout_checks(go_file *g, strbuf *out) {
  const ir_module *m = g->m;
  strbuf checks = {0};
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *d = m->decls[i];
    if (d->kind != IR_STRUCT && d->kind != IR_ENUM) continue;
    const char *gt = d->kind == IR_ENUM
                         ? arena_printf(g->a, "%s(0)", go_decl_name(g, d))
                         : arena_printf(g->a, "%s{}",
                                        go_c_type(g, (ir_type){.kind = IR_STRUCT,
                                                              .decl = (ir_decl *)d}));
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

static void emit_go_cgo(go_file *g, const emit_opts *o, strbuf *out) {
  const ir_module *m = g->m;
  emit_go_header(out, m, o);
  int native = m->nfuncs - m->go_funcs;
  sb_printf(out, "package %s\n\n/*\n", o->go_package);
  /* Native code runs on ferry's stacks, below guard regions of 8 MiB: a
   * frame must not jump over one (docs/fast-call.md). The flag applies
   * to every C file of the package. */
  sb_puts(out, "#cgo CFLAGS: -fstack-clash-protection\n");
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
    emit_go_imports(out, std, native > 0 || go_exports_use_views(m));
  if (native > 0) {
    sb_puts(out, "\n// The native functions.\nvar (\n");
    go_row *rows = arena_alloc(g->a, sizeof(go_row) * (size_t)native * 3);
    int n = 0;
    for (int i = 0; i < m->nfuncs; i++) {
      if (m->funcs[i]->direction == IR_GO_IMPL) continue;
      rows[n].left = arena_printf(g->a, "ferryFn%s",
                                  ir_camel(g->a, m->funcs[i]->name, true));
      const ir_func *f = m->funcs[i];
      if (f->callback_param >= 0)
        rows[n].right = arena_printf(g->a, "= ferry.Func(C.ferry__cb_addr_%s())",
                                     f->name);
      else
        rows[n].right = arena_printf(g->a, "= ferry.FuncOf(unsafe.Pointer(C.%s))",
                                     f->name);
      n++;
      if (f->go_callback_param < 0) continue;
      /* The fast wrapper's shim, the cgo wrapper's trampoline. */
      const char *camel = ir_camel(g->a, f->name, true);
      if (go_func_has_mode(f, IR_MODE_CALLBACK)) {
        rows[n].left = arena_printf(g->a, "ferryShim%s", camel);
        rows[n++].right = arena_printf(g->a, "= ferry.Func(C.ferry__cb_addr_%s())",
                                       f->name);
      }
      if (go_func_has_mode(f, IR_MODE_CGO)) {
        rows[n].left = arena_printf(g->a, "ferryTrampoline%s", camel);
        rows[n++].right = arena_printf(g->a, "= uintptr(C.ferry__gocb_addr_%s())",
                                       f->name);
      }
    }
    emit_go_rows(out, rows, n);
    sb_puts(out, ")\n");
  }
  if (m->go_funcs > 0) emit_go_exports(g, out);
  emit_go_callback_export(g, out);
  if (m->async_funcs > 0) emit_go_ring_service(g, out);
  emit_go_layout_checks(g, out);
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
    case IR_HANDLE: /* a handle to a Go value: see emit_go_impl */
      if (!d->go_handle) emit_go_handle(&g, &body, d);
      break;
    case IR_CALLBACK: emit_go_callback(&g, &body, d); break;
    case IR_FNPTR: emit_go_fnptr(&g, &body, d); break;
    default: break;
    }
  }
  emit_go_consts(&g, &body);
  bool uses_runtime = g.uses_runtime;
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (ir_returns_status(f)) errors = true;
    for (int j = 0; j < f->nparams; j++)
      if (f->params[j].type.kind == IR_CSTR &&
          f->params[j].passing != IR_PASS_OUT)
        errors = true; /* a NUL byte in a C string argument */
    if (f->destructor) {
      errors = errors || f->direction == IR_NATIVE_IMPL; /* Close's */
      continue; /* it is Close */
    }
    if (f->frees) continue;      /* C string results call it */
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
  /* ferry-gen/support/go/gocallback.go */
  if (g.uses_go_funcs) sb_puts(&body, go_gocallback_helpers);
  if (g.uses_cgo_handles) sb_puts(&body, go_cgo_handle_helpers);
  /* ferry-gen/support/go/cstring.go */
  if (g.uses_cstring_arg) sb_puts(&body, go_cstring_arg_helpers);
  if (g.uses_cstring_result) {
    g.uses_unsafe = true;
    sb_puts(&body, go_cstring_result_helpers);
  }
  bool uses_strings = g.uses_cstring_arg || g.uses_cstring_result;

  emit_go_header(wrappers, m, o);
  sb_printf(wrappers, "package %s\n", o->go_package);
  /* Every function (a destructor too) calls through package ferry. */
  bool go_impl = m->go_funcs > 0;
  const char *std[] = {go_impl || g.uses_callbacks ? "errors" : "",
                       go_impl ? "fmt" : "", g.uses_math ? "math" : "",
                       g.uses_runtime ? "runtime" : "",
                       g.uses_cgo_handles ? "runtime/cgo" : "",
                       g.uses_strconv ? "strconv" : "",
                       uses_strings ? "strings" : "",
                       go_impl && !g.impl ? "sync/atomic" : "",
                       g.uses_unsafe ? "unsafe" : "", NULL};
  if (go_has_go_handles(m))
    emit_go_imports_with(wrappers, std, "github.com/ferry-ffi/ferry/ring");
  else
    emit_go_imports(wrappers, std, m->nfuncs > 0 || g.uses_view);
  if (body.data) sb_puts(wrappers, body.data);
  sb_free(&body);
  emit_go_cgo(&g, o, cgo);
}

