/* emit_go_serve.c: native code calling Go (FERRY_GO), in the Go package.
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
#include <string.h>

#include "emit_go.h"
#include "support_text.h"

/* ---- Handles to Go values ---------------------------------------------
 *
 * A handle type that FERRY_GO functions take or return (ir_decl.go_handle)
 * is a Go interface of its methods (the functions whose first parameter it
 * is, and Close, its FERRY_DESTRUCTOR). Native code holds an id from the
 * package's ring.Handles table of that interface, never a Go pointer: a
 * dispatcher looks each handle argument up (a released or forged id is
 * EINVAL, not a crash), stores a returned value in the table, and the
 * destructor releases it, after which the value is collectable. */

/* The Go type of t in the interface Go implements: a handle to a Go value
 * is its interface. */
static const char *go_serve_type(go_file *g, ir_type t) {
  if (t.kind == IR_HANDLE && t.decl->go_handle) return go_decl_name(g, t.decl);
  return go_type(g, t);
}

/* The name of f's dispatcher and ring handler: a method's carries its
 * handle's name (two handles may both have Get). */
static const char *go_serve_name(go_file *g, const ir_func *f) {
  if (f->method_of == NULL) return ir_go_func_name(g->m, f);
  return arena_printf(g->a, "%s%s", go_decl_name(g, f->method_of),
                      f->destructor ? "Close" : ir_go_func_name(g->m, f));
}

/* The method name in the Go interface. */
static const char *go_method_name(go_file *g, const ir_func *f) {
  return f->destructor ? "Close" : ir_go_func_name(g->m, f);
}

static const char *go_handle_table(go_file *g, const ir_decl *h) {
  return arena_printf(g->a, "ferryHandles%s", go_decl_name(g, h));
}

/* The Go method returns an error: sync and async calls with a status,
 * and fire-and-forget ones, whose failures (that error, a panic, no
 * implementation) travel in the result's message to the native side's
 * failure hook. */
static bool go_returns_error(const ir_func *f) {
  return ir_returns_status(f) || f->async;
}

bool go_has_go_handles(const ir_module *m) {
  for (int i = 0; i < m->ndecls; i++)
    if (m->decls[i]->kind == IR_HANDLE && m->decls[i]->go_handle) return true;
  return false;
}

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
                             ? "ferryGoStr(*(*ferry.View)(" 
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
      store = arena_printf(g->a, "*(*ferry.View)(p) = ferryCStr(*%s)", gf);
    else
      store = arena_printf(g->a, "%s.ferryCopyToC((*%s)(p))", gf,
                           go_c_type(g, f->type));
    sb_printf(out,
              "\tif %s != nil {\n\t\tp := ferryCAlloc(unsafe.Sizeof(%s))\n"
              "\t\t%s\n\t\t%s = p\n\t}\n",
              gf,
              ir_is_plain(f->type)       ? arena_printf(g->a, "*%s", gf)
              : f->type.kind == IR_STR ? "ferry.View{}"
                                       : arena_printf(g->a, "%s{}", go_c_type(g, f->type)),
              store, cf);
  }
  sb_puts(out, "}\n");
}

/* ferryGoX and ferryCOwnX of a slice whose elements hold views. */
static void emit_go_slice_impl(go_file *g, strbuf *out, const ir_decl *s) {
  const char *name = go_name(g, s->name);
  const char *gt = go_type(g, (ir_type){.kind = IR_SLICE, .decl = (ir_decl *)s});
  const char *ct = go_c_type(g, s->elem);
  sb_printf(out,
            "\n// ferryGo%s makes the Go value of the C slice v (%s): a new "
            "slice whose\n// elements view v's memory.\nfunc ferryGo%s(v "
            "ferry.View) %s {\n\tif v.Len == 0 {\n\t\treturn nil\n\t}\n\t"
            "c := unsafe.Slice((*%s)(v.Ptr), v.Len)\n\ts := make(%s, "
            "len(c))\n\tfor i := range c {\n\t\ts[i] = %s\n\t}\n\treturn s\n}\n",
            name, s->name, name, gt, ct, gt, go_from_c(g, s->elem, "c[i]"));
  sb_printf(out,
            "\n// ferryCOwn%s copies s into memory from calloc, for a result "
            "the native\n// caller frees.\nfunc ferryCOwn%s(s %s) ferry.View "
            "{\n\tif len(s) == 0 {\n\t\treturn ferry.View{}\n\t}\n\tp := "
            "ferryCAlloc(uintptr(len(s)) * unsafe.Sizeof(%s{}))\n\tc := "
            "unsafe.Slice((*%s)(p), len(s))\n\tfor i := range s {\n\t\t%s\n"
            "\t}\n\treturn ferry.View{Ptr: p, Len: uintptr(len(s))}\n}\n",
            name, name, gt, ct, ct, go_own_to_c(g, s->elem, "s[i]", "c[i]"));
}

/* The Go parameter type of a FERRY_GO function's argument, in the
 * interface. */
static const char *go_impl_param_type(go_file *g, const ir_param *p) {
  switch (p->passing) {
  case IR_PASS_VALUE:
  case IR_PASS_IN: return go_serve_type(g, p->type);
  case IR_PASS_OPTIONAL:
  case IR_PASS_INOUT: return arena_printf(g->a, "*%s", go_type(g, p->type));
  default: return NULL;
  }
}

static void emit_go_impl_method(go_file *g, strbuf *out, const ir_func *f,
                                bool first) {
  strbuf doc = {0};
  const char *name = go_method_name(g, f);
  if (f->destructor)
    sb_printf(&doc,
              "Close implements %s: native code released its\nhandle, "
              "and the value is no longer reachable through it (calls "
              "already\nrunning may still use it).",
              f->name);
  else if (ir_fire_and_forget(f))
    sb_printf(&doc,
              "%s implements %s, a fire-and-forget call: a ring worker runs "
              "it (see\nHandleAsync); an error or a panic goes to the native "
              "caller's failure hook.",
              name, f->name);
  else if (f->async)
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
  for (int i = f->method_of != NULL ? 1 : 0; i < f->nparams; i++) {
    const char *t = go_impl_param_type(g, &f->params[i]);
    if (t == NULL) continue;
    sb_printf(out, "%s%s %s", n++ ? ", " : "", go_local(g, f->params[i].name), t);
  }
  sb_puts(out, ")");
  int results = 0;
  strbuf r = {0};
  for (int i = 0; i < f->nparams; i++)
    if (f->params[i].passing == IR_PASS_OUT)
      sb_printf(&r, "%s%s", results++ ? ", " : "", go_serve_type(g, f->params[i].type));
  if (go_returns_error(f)) sb_printf(&r, "%serror", results++ ? ", " : "");
  if (results == 1) sb_printf(out, " %s", r.data);
  if (results > 1) sb_printf(out, " (%s)", r.data);
  sb_putc(out, '\n');
  sb_free(&r);
}

/* A dispatcher under construction: what it takes, converts, passes and
 * stores, parameter by parameter. */
typedef struct go_dispatch {
  strbuf lookups; /* statements that look handle arguments up */
  const char *receiver; /* a method's: the looked-up first argument */
  strbuf params;  /* its parameters, as the export passes them */
  strbuf pre;     /* statements that make Go values of optional views */
  strbuf args;    /* the method's arguments */
  strbuf results; /* "ferryR0, ferryR1, " for the method's results */
  strbuf stores;  /* statements that store the results for the caller */
  int nres;
} go_dispatch;

/* What a dispatcher does when handle argument v is not a live id. */
static const char *go_stale_return(go_file *g, const ir_func *f,
                                   const char *v, const char *msg) {
  if (f->async)
    return arena_printf(g->a, "return ferryStaleError(\"%s\", \"%s\")",
                        f->name, v);
  if (ir_returns_status(f))
    return arena_printf(g->a, "return ferryStale(\"%s\", \"%s\", %s)",
                        f->name, v, msg);
  return arena_printf(g->a,
                      "ferryOnewayFailed(\"%s\", ferry.EINVAL, "
                      "ferryStaleMessage(\"%s\"))\n\t\treturn",
                      f->name, v);
}

/* A handle argument: looked up (the destructor's released) before
 * anything else runs. */
static const char *dispatch_handle(go_file *g, go_dispatch *d,
                                   const ir_func *f, int i, const char *msg) {
  const ir_param *p = &f->params[i];
  const char *v = go_local(g, p->name);
  const char *a = arena_printf(g->a, "ferryA_%s", v);
  sb_printf(&d->lookups,
            "\t%s, ferryOK := %s.%s(%s)\n\tif !ferryOK {\n\t\t%s\n\t}\n",
            a, go_handle_table(g, p->type.decl),
            f->destructor ? "Release" : "Get", v,
            go_stale_return(g, f, v, msg));
  if (i == 0 && f->method_of != NULL) {
    d->receiver = a;
    return NULL;
  }
  return a;
}

/* Fills d from f's parameters. */
static void dispatch_params(go_file *g, go_dispatch *d, const ir_func *f,
                            const char *msg) {
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    const char *v = go_local(g, p->name);
    ir_type t = p->type;
    const char *ptype = "unsafe.Pointer";
    if (p->passing == IR_PASS_ERRMSG && f->async) continue; /* the handler's */
    if (p->passing == IR_PASS_VALUE)
      ptype = t.kind == IR_HANDLE       ? "uint64"
              : ir_is_scalar(t.kind) ? go_type(g, t)
                                     : "ferry.View";
    sb_printf(&d->params, "%s%s %s", d->params.len ? ", " : "", v, ptype);
    const char *arg = NULL;
    switch (p->passing) {
    case IR_PASS_VALUE:
      arg = t.kind == IR_HANDLE ? dispatch_handle(g, d, f, i, msg)
                                : go_from_c(g, t, v);
      break;
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
      sb_printf(&d->pre, "\tvar %s *%s\n\tif %s != nil {\n\t\tx := %s\n\t\t%s = &x\n\t}\n",
                arg, go_type(g, t), v,
                t.kind == IR_STR
                    ? arena_printf(g->a, "ferryGoStr(*(*ferry.View)(%s))", v)
                    : arena_printf(g->a, "(*%s)(%s).ferryFromC()",
                                   go_c_type(g, t), v),
                arg);
      break;
    case IR_PASS_OUT: {
      const char *r = arena_printf(g->a, "ferryR%d", d->nres++);
      sb_printf(&d->results, "%s, ", r);
      if (t.kind == IR_HANDLE)
        sb_printf(&d->stores,
                  "\tferryID_%s, ferryErr := ferryAddHandle(&%s, %s)\n"
                  "\tif ferryErr != nil {\n\t\treturn %s\n\t}\n"
                  "\t*(*uint64)(%s) = ferryID_%s\n",
                  v, go_handle_table(g, t.decl), r,
                  f->async ? "ferryErr"
                           : arena_printf(g->a, "ferryReport(ferryErr, %s)", msg),
                  v, v);
      else if (t.kind == IR_STRUCT && !t.decl->plain)
        sb_printf(&d->stores,
                  "\tvar ferryC_%s %s\n\t%s.ferryCopyToC(&ferryC_%s)\n"
                  "\tferryCopyOut(%s, unsafe.Pointer(&ferryC_%s), "
                  "unsafe.Sizeof(ferryC_%s))\n",
                  v, go_c_type(g, t), r, v, v, v, v);
      else
        sb_printf(&d->stores, "\t*(*%s)(%s) = %s\n", go_type(g, t), v, r);
      break;
    }
    case IR_PASS_ERRMSG: break;
    case IR_PASS_BUFFER:
    case IR_PASS_LENGTH:
  case IR_PASS_ADDRESS:
  case IR_PASS_GO_CALLBACK:
  case IR_PASS_USER_DATA: break; /* rejected by the checker for FERRY_GO */
    }
    if (arg) sb_printf(&d->args, "%s%s", d->args.len ? ", " : "", arg);
  }
}

/* Without --go-impl, the implementation Register installed, or the
 * failure of a call made before Register. */
static void emit_dispatch_impl_lookup(go_file *g, strbuf *out,
                                      const ir_func *f, const char *msg) {
  if (g->impl != NULL || f->method_of != NULL) return; /* a method: its handle */
  sb_puts(out, "\tferryI := ferryImpl.Load()\n\tif ferryI == nil {\n");
  if (f->async)
    sb_printf(out, "\t\treturn ferryNoImplError(\"%s\")\n\t}\n", f->name);
  else if (ir_returns_status(f))
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
static void emit_dispatch_panic_guard(strbuf *out, const ir_func *f,
                                      const char *msg) {
  bool status = ir_returns_status(f);
  if (status && !f->async)
    sb_printf(out, "\tferryStatus = ferryRunning\n"
                   "\tdefer func() {\n\t\tif ferryStatus == ferryRunning {\n"
                   "\t\t\tferryStatus = ferryPanicked(%s, recover())\n"
                   "\t\t}\n\t}()\n",
              msg);
  else if (!status && !f->async)
    sb_printf(out, "\tferryReturned := false\n"
                   "\tdefer func() {\n\t\tif !ferryReturned {\n"
                   "\t\t\tferryOnewayPanicked(\"%s\", recover())\n"
                   "\t\t}\n\t}()\n",
              f->name);
}

/* The method call and what follows it: the error reported (sync) or
 * returned (async), the results stored. */
static void emit_dispatch_call(go_file *g, strbuf *out, const ir_func *f,
                               const go_dispatch *d, const char *msg) {
  const char *impl = d->receiver ? d->receiver
                     : g->impl     ? g->impl
                                   : "(*ferryI)";
  const char *name = go_method_name(g, f);
  const char *args = d->args.data ? d->args.data : "";
  if (!go_returns_error(f)) {
    sb_printf(out, "\t%s.%s(%s)\n\tferryReturned = true\n}\n", impl, name,
              args);
    return;
  }
  sb_printf(out, "\t%sferryErr := %s.%s(%s)\n",
            d->results.data ? d->results.data : "", impl, name, args);
  if (f->async)
    sb_puts(out, "\tif ferryErr != nil {\n\t\treturn ferryErr\n\t}\n");
  else
    sb_printf(out, "\tif ferryErr != nil {\n\t\treturn ferryReport(ferryErr, "
                   "%s)\n\t}\n",
              msg);
  if (d->stores.data) sb_puts(out, d->stores.data);
  sb_puts(out, f->async ? "\treturn nil\n}\n" : "\treturn 0\n}\n");
}

/* ferryGoX: the body behind the export of f. An async function's
 * dispatcher returns the method's error instead of a status, and its ring
 * handler reports it: so the dispatcher calls nothing but the method, and
 * Go can inline it into the handler (with --go-impl, the method too). */
static void emit_go_dispatch(go_file *g, strbuf *out, const ir_func *f) {
  const char *msg = f->errmsg_param >= 0
                        ? go_local(g, f->params[f->errmsg_param].name)
                        : "nil";
  go_dispatch d = {0};
  dispatch_params(g, &d, f, msg);
  sb_printf(out, "\nfunc ferryGo%s(%s)%s {\n", go_serve_name(g, f),
            d.params.data ? d.params.data : "",
            f->async                ? " error"
            : ir_returns_status(f) ? " (ferryStatus int32)"
                                   : "");
  emit_dispatch_impl_lookup(g, out, f, msg);
  if (d.lookups.data) sb_puts(out, d.lookups.data);
  emit_dispatch_panic_guard(out, f, msg);
  if (d.pre.data) sb_puts(out, d.pre.data);
  emit_dispatch_call(g, out, f, &d, msg);
  sb_free(&d.lookups);
  sb_free(&d.params);
  sb_free(&d.pre);
  sb_free(&d.args);
  sb_free(&d.stores);
  sb_free(&d.results);
}

/* The interface of a handle to a Go value, and its table. */
static void emit_go_handle_iface(go_file *g, strbuf *out, const ir_decl *h) {
  const char *name = go_decl_name(g, h);
  strbuf doc = {0};
  sb_printf(&doc,
            "%s is the Go value behind a %s handle that native code holds:\n"
            "a FERRY_GO function returns one, its methods are the functions "
            "that take it\nfirst, and Close runs when native code releases "
            "it (%s).\nNative code holds an id, not a pointer: the value "
            "stays reachable until\nthen, and a released handle is an error "
            "(EINVAL), not a crash.",
            name, h->name, h->destructor ? h->destructor->name : "");
  if (h->doc) sb_printf(&doc, "\n\n%s", h->doc);
  sb_putc(out, '\n');
  emit_doc(out, "", "// ", doc.data);
  sb_free(&doc);
  sb_printf(out, "type %s interface {\n", name);
  bool first = true;
  for (int pass = 0; pass < 2; pass++) /* the destructor, Close, last */
    for (int i = 0; i < g->m->nfuncs; i++) {
      const ir_func *f = g->m->funcs[i];
      if (f->direction != IR_GO_IMPL || f->method_of != h ||
          f->destructor != (pass == 1))
        continue;
      emit_go_impl_method(g, out, f, first);
      first = false;
    }
  sb_printf(out,
            "}\n\n// %s holds the %s values native code has handles to.\n"
            "var %s ring.Handles[%s]\n",
            go_handle_table(g, h), name, go_handle_table(g, h), name);
}

/* Everything NAME_ferry.go holds for the FERRY_GO functions. */
void emit_go_impl(go_file *g, strbuf *out) {
  const ir_module *m = g->m;
  g->uses_unsafe = true;
  g->uses_view = true;
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *d = m->decls[i];
    if (d->kind == IR_STRUCT && !d->plain) emit_go_struct_impl(g, out, d);
    if (d->kind == IR_SLICE && d->map) emit_go_map_impl(g, out, d);
    else if (d->kind == IR_SLICE && !d->plain) emit_go_slice_impl(g, out, d);
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
    if (m->funcs[i]->direction != IR_GO_IMPL || m->funcs[i]->method_of) continue;
    emit_go_impl_method(g, out, m->funcs[i], first);
    first = false;
  }
  sb_puts(out, "}\n");
  for (int i = 0; i < m->ndecls; i++)
    if (m->decls[i]->kind == IR_HANDLE && m->decls[i]->go_handle)
      emit_go_handle_iface(g, out, m->decls[i]);
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
  /* ferry-gen/support/go/serve.go */
  sb_puts(out, go_impl_helpers);
  if (go_has_go_handles(m)) sb_puts(out, go_handle_helpers);
  if (m->async_funcs > 0) sb_puts(out, go_async_helpers);
  if (g->impl == NULL) {
    sb_puts(out, go_no_impl_helpers);
    if (m->async_funcs > 0) sb_puts(out, go_no_impl_async_helpers);
  }
}

/* The C type of a FERRY_GO parameter in its cgo export. */
static const char *go_export_param_type(go_file *g, const ir_param *p) {
  const char *c = p->type.kind == IR_HANDLE
                      ? "C.uint64_t" /* an id, never a Go pointer */
                      : arena_printf(g->a, "C.%s", ir_c_type(p->type));
  if (p->passing == IR_PASS_VALUE) return c;
  return arena_printf(g->a, "*%s", c);
}

bool go_exports_use_views(const ir_module *m) {
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (f->direction != IR_GO_IMPL || f->async) continue;
    for (int j = 0; j < f->nparams; j++)
      if (f->params[j].passing == IR_PASS_VALUE &&
          !ir_is_scalar(f->params[j].type.kind))
        return true;
  }
  return false;
}

/* NAME_ferry_cgo.go's part: the exports and the allocator of results. */
void emit_go_exports(go_file *g, strbuf *out) {
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
      else if (p->type.kind == IR_HANDLE)
        a = arena_printf(g->a, "uint64(%s)", v);
      else if (ir_is_scalar(p->type.kind))
        a = arena_printf(g->a, "%s(%s)", go_type(g, p->type), v);
      else
        a = arena_printf(g->a, "*(*ferry.View)(unsafe.Pointer(&%s))", v);
      sb_printf(&args, "%s%s", j ? ", " : "", a);
    }
    const char *call = arena_printf(g->a, "ferryGo%s(%s)", go_serve_name(g, f),
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
  if (p->type.kind == IR_HANDLE) return "C.uint64_t";
  const char *c = arena_printf(g->a, "C.%s", ir_c_type(p->type));
  return p->passing == IR_PASS_OPTIONAL ? arena_printf(g->a, "*%s", c) : c;
}

static void emit_go_async_handler(go_file *g, strbuf *out, const ir_func *f) {
  const char *name = go_serve_name(g, f);
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
  emit_go_rows(out, rows, nargs);
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
  if (ir_fire_and_forget(f))
    rows[nres++] = (go_row){NULL, "message", "C.ferry_bytes"};
  if (nres == 0) rows[nres++] = (go_row){NULL, "unused", "C.uint8_t"};
  emit_go_rows(out, rows, nres);
  nres = nres == 1 && strcmp(rows[0].left, "unused") == 0 ? 0 : nres;
  sb_puts(out, "}\n");

  strbuf args = {0};
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    const char *v = go_local(g, p->name);
    const char *arg;
    switch (p->passing) {
    case IR_PASS_VALUE:
      arg = p->type.kind == IR_HANDLE
                ? arena_printf(g->a, "uint64(a.%s)", v)
            : ir_is_scalar(p->type.kind)
                ? arena_printf(g->a, "%s(a.%s)", go_type(g, p->type), v)
                : arena_printf(g->a, "*(*ferry.View)(unsafe.Pointer(&a.%s))", v);
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
      : ir_fire_and_forget(f) ? "unsafe.Pointer(&r.message)"
                              : "nil";
  sb_printf(out,
            "\tif err := ferryGo%s(%s); err != nil {\n"
            "\t\treturn ferry.Status(ferryReportOwned(err, %s))\n\t}\n"
            "\treturn ferry.OK\n}\n",
            name, args.data ? args.data : "", msg);
  sb_free(&args);
  if (f->errmsg_param >= 0 || ir_fire_and_forget(f))
    sb_printf(out,
              "\n// ferryPanic%s writes the message of a panic of %s's "
              "implementation into\n// its result (Ring.OnHandlerPanic).\n"
              "func ferryPanic%s(result unsafe.Pointer, v any) {\n"
              "\tferryPanicMsg(unsafe.Pointer(&(*ferryResult%s)(result).%s), v)\n}\n",
              name, f->name, name, name,
              f->errmsg_param >= 0
                  ? go_local(g, f->params[f->errmsg_param].name)
                  : "message");
}

void emit_go_ring_service(go_file *g, strbuf *out) {
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
                                      f->ring_index, go_serve_name(g, f)),
                         arena_printf(g->a, "// %s", ir_ring_fn_const(m, f))};
  }
  emit_go_rows(out, rows, n);
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (f->async && (f->errmsg_param >= 0 || ir_fire_and_forget(f)))
      sb_printf(out, "\tr.OnHandlerPanic(%u, ferryPanic%s)\n", f->ring_index,
                go_serve_name(g, f));
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
