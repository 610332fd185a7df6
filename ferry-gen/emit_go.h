/* emit_go.h: what the Go backend's files share (not used outside it).
 *
 *   emit_go.c        the two files of a Go package, and the helpers both
 *                    directions use (ferryBool, the cgo-mode helpers, Error)
 *   emit_go_call.c   Go calling native code: Go types for the C types, one
 *                    typed wrapper per function, callbacks and their C shims
 *   emit_go_serve.c  native code calling Go (FERRY_GO): the interface to
 *                    implement, dispatchers, cgo exports, ring handlers
 *   maps_go.c        maps (FERRY_MAP_OF): map[K]V to and from entries
 *   go_types.c       Go names and types of the interface's C names and types
 *   go_format.c      gofmt's layout: aligned rows, import blocks, line 1 */
#ifndef FERRY_GEN_EMIT_GO_H
#define FERRY_GEN_EMIT_GO_H

#include "emit.h"

/* What the generated file needs, decided while emitting its body. */
typedef struct go_file {
  const ir_module *m;
  arena *a;
  bool uses_runtime, uses_unsafe, uses_view, uses_bool;
  bool uses_math, uses_callbacks; /* FERRY_CALLBACK */
  bool uses_cstring_arg;    /* C string arguments: ferryCString */
  bool uses_cstring_result; /* C string results: ferryGoString */
  bool uses_go_funcs;  /* FERRY_GO_CALLBACK func types: ferryCPointer */
  bool uses_cgo_handles; /* FERRY_GO_CALLBACK in cgo mode: runtime/cgo */
  bool uses_strconv; /* a destructor's code in Close's error */
  bool cgo_arity[IR_MAX_REG_ARGS + 1]; /* ferryCgoCallN used, by N */
  bool cgo_frame, cgo_pair;
  /* --go-impl: the variable that implements the FERRY_GO functions, or
   * NULL (Register's implementation, through the interface). */
  const char *impl;
} go_file;

/* ---- go_types.c ------------------------------------------------------ */

/* A C parameter name as a Go local: camelCase, never shadowing what the
 * generated code uses. */
const char *go_local(go_file *g, const char *c_name);
/* An exported Go name for a C name, without the interface's prefix. */
const char *go_name(go_file *g, const char *c_name);
/* A type's Go name: from its FERRY_NAME or its C name. */
const char *go_decl_name(go_file *g, const ir_decl *d);
/* The Go type of a scalar kind: "int32", "float64", ... */
const char *go_scalar_type(ir_kind k);
const char *go_type(go_file *g, ir_type t);
/* The Go type with the C layout of t (for mirrors and sizes). */
const char *go_c_type(go_file *g, ir_type t);
/* t's zero value, returned with an error. */
const char *go_zero(go_file *g, ir_type t);

/* ---- go_format.c ----------------------------------------------------- */

/* One line of an aligned block: doc (or NULL) above it, then left and
 * right, the right sides of a run of lines in one column. */
typedef struct go_row {
  const char *doc;
  const char *left;
  const char *right;
} go_row;

/* Writes rows indented by a tab, aligned the way gofmt aligns runs of
 * lines not broken by comments. */
void emit_go_rows(strbuf *out, const go_row *rows, int n);
/* Line 1 (the command) and the generated-code marker. */
void emit_go_header(strbuf *out, const ir_module *m, const emit_opts *o);
/* The import block, gofmt's way: standard packages, a blank line, ferry.
 * std is a NULL-terminated list of optional standard packages ("" for
 * one not used). */
void emit_go_imports(strbuf *out, const char *const *std, bool ferry);
/* The same with package ferry and a second ferry package (".../ring"). */
void emit_go_imports_with(strbuf *out, const char *const *std,
                          const char *ferry_pkg);

/* ---- emit_go_call.c -------------------------------------------------- */

void emit_go_enum(go_file *g, strbuf *out, const ir_decl *e);
void emit_go_consts(go_file *g, strbuf *out);
void emit_go_fnptr(go_file *g, strbuf *out, const ir_decl *d);
void emit_go_struct(go_file *g, strbuf *out, const ir_decl *s);
void emit_go_slice(go_file *g, strbuf *out, const ir_decl *s);
void emit_go_handle(go_file *g, strbuf *out, const ir_decl *h);
void emit_go_callback(go_file *g, strbuf *out, const ir_decl *d);
/* The wrappers of a function native code implements. */
void emit_go_func(go_file *g, strbuf *out, const ir_func *f);
void emit_go_callback_helpers(go_file *g, strbuf *out);
/* The cgo preamble's C shims of the functions that take a callback, and
 * the trampolines of FERRY_GO_CALLBACK parameters. */
void emit_go_callback_shims(go_file *g, strbuf *out);
/* The cgo file's export behind cgo-mode FERRY_GO_CALLBACK trampolines. */
void emit_go_callback_export(go_file *g, strbuf *out);
/* The name of that export: ferry__gocb_<module>. */
const char *go_callback_export_name(go_file *g);
/* Whether f has a wrapper in mode. */
bool go_func_has_mode(const ir_func *f, ir_mode mode);

/* ---- emit_go_serve.c ------------------------------------------------- */

/* NAME_ferry.go's part for the FERRY_GO functions. */
void emit_go_impl(go_file *g, strbuf *out);
/* NAME_ferry_cgo.go's part: the exports and the allocator of results. */
void emit_go_exports(go_file *g, strbuf *out);
/* Whether the exports pass views (ferry.View): the cgo file imports ferry. */
bool go_exports_use_views(const ir_module *m);
/* True when a handle type of m is a handle to a Go value (go_handle). */
bool go_has_go_handles(const ir_module *m);
/* NAME_ferry_cgo.go's part for FERRY_GO_ASYNC: handlers, HandleAsync. */
void emit_go_ring_service(go_file *g, strbuf *out);

/* ---- maps_go.c: maps (FERRY_MAP_OF) ------------------------------------ */

/* map[K]V */
const char *go_map_type(go_file *g, const ir_decl *map);
/* ferryCX: a map's entries as views, for a native function's argument. */
void emit_go_map_to_c(go_file *g, strbuf *out, const ir_decl *map);
/* ferryGoX and ferryCOwnX: the Go map of a native caller's entries, and a
 * result's entries in C memory. */
void emit_go_map_impl(go_file *g, strbuf *out, const ir_decl *map);

#endif /* FERRY_GEN_EMIT_GO_H */
