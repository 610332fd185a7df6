/* emit.h: the backends. Each turns a checked ir_module into the text of
 * its files; none can fail (everything that could stop them was rejected
 * by check.c) and none writes a file (main.c does, all or nothing).
 * emit_c.c writes the C header; the Go backend's files are listed in
 * emit_go.h, the Rust backend's in emit_rust.h. */
#ifndef FERRY_GEN_EMIT_H
#define FERRY_GEN_EMIT_H

#include "ir.h"

typedef struct emit_opts {
  /* Line 1 of every generated file: the command that made it, without
   * the output locations (they do not change the content). */
  const char *command;
  const char *go_package;
  /* --go-impl: the package-level Go variable that implements the FERRY_GO
   * functions, called directly; NULL: the implementation Register
   * installs, called through its interface. */
  const char *go_impl;
} emit_opts;

/* The C header for the implementer. */
void emit_c(const ir_module *m, const emit_opts *o, strbuf *out);

/* NAME_ferry_check.c, for an interface with FERRY_HEADER: the library's
 * header and the interface's declarations in one C file, which compiles
 * only when they agree. */
void emit_c_check(const ir_module *m, const emit_opts *o, strbuf *out);

/* The Go package, both directions: typed wrappers of the native functions
 * and the interface native code calls (no cgo), and the cgo file that
 * takes the native functions' addresses, exports the FERRY_GO functions
 * and checks the C layouts at compile time. */
void emit_go(const ir_module *m, const emit_opts *o, strbuf *wrappers,
             strbuf *cgo);

/* The Rust module, both directions: for an implementation in Rust that Go
 * calls, and for Rust code calling the FERRY_GO functions. */
void emit_rust(const ir_module *m, const emit_opts *o, strbuf *out);

/* emit_common.c, shared by the backends: writes doc as comment lines,
 * each starting with indent and marker ("// ", "/// "). */
void emit_doc(strbuf *out, const char *indent, const char *marker,
              const char *doc);

#endif /* FERRY_GEN_EMIT_H */
