/* ferry_gen.h: the annotations of a ferry-gen interface file.
 *
 * An interface file is a restricted C header: it includes ferry.h and this
 * file, and declares typedef structs, enums, slices, opaque handles and
 * function prototypes. ferry-gen reads the annotations below; a C compiler
 * sees them expand to nothing, so the same file stays the C contract of
 * the library. docs/ferry-gen.md is the reference. */
#ifndef FERRY_GEN_H
#define FERRY_GEN_H

#include <stdbool.h>

#include "ferry.h"

/* ---- Function annotations: after the closing parenthesis ------------ */

/* Go calls it with a fast call on the thread's native stack (the default):
 * for functions that return within microseconds. */
#define FERRY_FAST
/* Go calls it as an ordinary cgo call: for calls that block or run long. */
#define FERRY_CGO
/* Fast call on a dedicated *ferry.Stack that the Go caller passes first. */
#define FERRY_DEDICATED
/* Fast call, or cgo call when the string, byte or slice parameter param
 * holds more than bytes bytes. */
#define FERRY_CGO_ABOVE(param, bytes)
/* Go implements it and native code calls it through a cgo export: sync
 * when it returns ferry_status, oneway when it returns void. */
#define FERRY_GO
/* Frees the handle that is its only parameter: Go calls it from Close and
 * from the handle's cleanup, Rust runs Drop. */
#define FERRY_DESTRUCTOR

/* ---- Parameter and field annotations: after the name ---------------- */

/* `T *name FERRY_OUT`: a result the function stores; Go returns it. */
#define FERRY_OUT
/* `const T *name FERRY_OPTIONAL`: may be NULL; Go passes nil. With
 * FERRY_OUT, in a function returning bool: an optional result, stored
 * when the function returns true (Go's comma-ok, Rust's Option). */
#define FERRY_OPTIONAL
/* `ferry_bytes *name FERRY_ERROR_MESSAGE` of a function returning
 * ferry_status: a buffer of ptr/len for the message of a failure; the
 * function stores the message's length (at most len) in len. */
#define FERRY_ERROR_MESSAGE

#endif /* FERRY_GEN_H */
