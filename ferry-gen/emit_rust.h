/* emit_rust.h: what the Rust backend's files share (not used outside it).
 *
 *   emit_rust.c        the module of an interface: its types, imports
 *                      and per-module support code
 *   emit_rust_serve.c  Go calling a Rust implementation: the trait to
 *                      implement and the extern "C" shims Go calls
 *   emit_rust_call.c   Rust calling Go (FERRY_GO): safe wrappers of the cgo
 *                      exports, and a Server of futures for async functions
 *   maps_rust.c        maps (FERRY_MAP_OF): HashMap<K, V> to and from entries
 *   rs_types.c         Rust names and types of the interface's C types
 *   rs_format.c        rustfmt's layout: line widths and argument lists */
#ifndef FERRY_GEN_EMIT_RUST_H
#define FERRY_GEN_EMIT_RUST_H

#include "emit.h"

#define MAX_WIDTH 100
#define CALL_WIDTH 60 /* rustfmt's fn_call_width */

typedef struct rs_file {
  const ir_module *m;
  arena *a;
  const char *trait; /* e.g. "Records" */
  const char *impl;  /* e.g. "RecordsImpl" */
} rs_file;

/* ---- rs_types.c ------------------------------------------------------ */

/* A type's Rust name: from its FERRY_NAME or its C name. */
const char *rs_name(rs_file *r, const ir_decl *d);
/* The Rust type of a scalar kind: "i32", "f64", ... */
const char *rs_scalar(ir_kind k);
/* Whether t's Rust type borrows what Go lent (ferry::Str, a slice, a
 * struct holding views): it takes a lifetime parameter. */
bool rs_has_lifetime(const rs_file *r, ir_type t);
/* The Rust type with the C layout of t, with lifetime lt ("'a") when it
 * has one (rs_has_lifetime). */
const char *rs_c_type_in(rs_file *r, ir_type t, const char *lt);
/* The same with the elided lifetime '_, for function signatures. */
const char *rs_c_type(rs_file *r, ir_type t);

/* ---- rs_format.c ----------------------------------------------------- */

/* head(args)tail on one line when it fits, else one argument per line;
 * call: a call expression, held to rustfmt's shorter width for calls. */
void rs_list(strbuf *out, const char *indent, const char *head,
             const char **args, int n, const char *tail, bool call);
/* doc as /// lines. */
void rs_doc(strbuf *out, const char *indent, const char *doc);

/* ---- emit_rust.c ----------------------------------------------------- */

void emit_rs_enum(rs_file *r, strbuf *out, const ir_decl *e);
void emit_rs_struct(rs_file *r, strbuf *out, const ir_decl *s);
void emit_rs_slice(rs_file *r, strbuf *out, const ir_decl *s);
void emit_rs_handle(rs_file *r, strbuf *out, const ir_decl *h);

/* ---- emit_rust_serve.c ----------------------------------------------- */

/* The trait of the functions native code implements, and their shims. */
void emit_rust_serve(rs_file *r, strbuf *out);
void emit_rs_callback(rs_file *r, strbuf *out, const ir_decl *d);

/* ---- emit_rust_call.c ------------------------------------------------ */

/* The view types of a struct that holds views, for calls to Go. */
void emit_rs_go_struct(rs_file *r, strbuf *out, const ir_decl *s);
/* The wrappers of the FERRY_GO functions, and the Server of the async
 * ones, with their support code. */
void emit_rust_call(rs_file *r, strbuf *out);
/* The Rust struct of a handle to a Go value (emit_rust_call.c). */
void emit_rs_go_handle(rs_file *r, strbuf *out, const ir_decl *h);

/* The types and conversions of values crossing to Go (FERRY_GO): the
 * owned Rust type, its C-layout view and the expression that makes the
 * view from reference ref, the C-layout result owning what Go allocated
 * and the owned value of result ref; depth numbers closure variables. */
const char *rs_own_type(rs_file *r, ir_type t);
const char *rs_in_type(rs_file *r, ir_type t);
const char *rs_in_expr(rs_file *r, ir_type t, const char *ref, int depth);
const char *rs_out_type(rs_file *r, ir_type t);
const char *rs_out_expr(rs_file *r, ir_type t, const char *ref, int depth);
/* "indent key: expr," broken as rustfmt breaks long method chains. */
void rs_chain_field(strbuf *out, const char *indent, const char *key,
                    const char *expr);
/* in with its lifetime 'a elided ('_). */
const char *rs_anon(rs_file *r, const char *in);

/* ---- maps_rust.c: maps (FERRY_MAP_OF) --------------------------------- */

/* HashMap<K, V> */
const char *rs_map_type(rs_file *r, const ir_decl *map);
/* Whether the module has maps (it imports HashMap); string_keys: maps
 * with string keys (an implementation's module imports Cow for them). */
bool rs_uses_maps(const ir_module *m, bool string_keys);
/* For an implementation in Rust: the slice of entries, and
 * name_to_hash_map. */
void emit_rs_map(rs_file *r, strbuf *out, const ir_decl *map);
/* pub type Name = HashMap<K, V>, and its conversions to and from the
 * entries (ferry_in_name, ferry_out_name). */
void emit_rs_go_map(rs_file *r, strbuf *out, const ir_decl *map);

#endif /* FERRY_GEN_EMIT_RUST_H */
