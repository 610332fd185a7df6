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
/* Several mode annotations: the first names the Go wrapper F; each further
 * one adds a wrapper in that mode, FFast, FCgo or FOnStack(stack, ...), for
 * Go code that chooses the mode itself. */
/* Go implements it and native code calls it through a cgo export: sync
 * when it returns ferry_status, oneway when it returns void. */
#define FERRY_GO
/* Go implements it and native code calls it through a call ring
 * (ferry_ring.h): C submits a call struct and hears of its completion
 * through a callback, Rust awaits a future. It returns ferry_status; its
 * arguments are copied into the call, its results land in the call. The
 * C header gets NAME_args, NAME_result, NAME_call and NAME_submit, and
 * PREFIX_ring_serve / PREFIX_ring_stop start and stop Go's workers. */
#define FERRY_GO_ASYNC
/* Frees the handle that is its only parameter: Go calls it from Close and
 * from the handle's cleanup, Rust runs Drop. It may return an integer or
 * an enum (a library's error code), which is ignored. */
#define FERRY_DESTRUCTOR
/* The name Go and Rust use instead of the C name without the prefix,
 * written in snake_case: `uint64_t XXH64(...) FERRY_NAME(sum64_seed);` is
 * Go's Sum64Seed. Also after a typedef's name, before the ';'. For binding
 * a library whose names do not carry the interface's prefix. */
#define FERRY_NAME(name)
/* FERRY_NAME for a method: the function becomes method name of the handle
 * that is its first parameter. */
#define FERRY_METHOD(name)
/* Go also gets NameString, taking each const FERRY_LEN buffer as a string
 * (without a copy). */
#define FERRY_STRINGS

/* ---- Typedef annotations: after the name, before the ';' ------------- */

/* `typedef R (*name)(params) FERRY_CALLBACK;`: a callback, a Go function
 * (func type name) that native code calls during the call it is passed
 * to. A C implementation receives it as a struct wrapping the call's
 * ferry_callback handle and calls it with the generated name_call;
 * Rust receives &Name and calls name.call(...). A function taking one is
 * always called through ferry.CallWithCallback. Parameters: scalars,
 * enums, ferry_str, ferry_bytes and slices of plain elements (at most 4);
 * result: void, a scalar, an enum or ferry_status (Go returns error). */
#define FERRY_CALLBACK

/* `typedef FERRY_MAP_OF(entry) name;`: a map, whose entries are the struct
 * `typedef struct { K key; V value; } entry;` (keys: integers or ferry_str).
 * C sees a slice of entries; Go a map[K]V, Rust a HashMap<K, V>. Of equal
 * keys in the entries native code passes, the last wins. */
#define FERRY_MAP_OF(entry) FERRY_SLICE_OF(entry)

/* ---- Parameter and field annotations: after the name ---------------- */

/* `T *name FERRY_OUT`: a result the function stores; Go returns it. */
#define FERRY_OUT
/* `const T *name FERRY_OPTIONAL`: may be NULL; Go passes nil. With
 * FERRY_OUT, in a function returning bool: an optional result, stored
 * when the function returns true (Go's comma-ok, Rust's Option). */
#define FERRY_OPTIONAL
/* `const void *name FERRY_LEN(n), size_t n`: a pointer and a length in
 * two C parameters, the way C libraries take buffers; Go passes one
 * []byte for both, without a copy. `void *` without const: writable. */
#define FERRY_LEN(length)
/* `ferry_bytes *name FERRY_ERROR_MESSAGE` of a function returning
 * ferry_status: a buffer of ptr/len for the message of a failure; the
 * function stores the message's length (at most len) in len. */
#define FERRY_ERROR_MESSAGE
/* `ferry_str name FERRY_RAW`: text that need not be UTF-8 (a haystack, a
 * Go string of any bytes); Rust receives its bytes as &[u8], unchecked and
 * uncopied, instead of &str. */
#define FERRY_RAW

/* ---- Existing C libraries: who owns a C string ------------------------ */

/* After `)` of a function returning `const char *`, or after the name of a
 * `const char **name FERRY_OUT`: the library keeps the string; Go copies
 * it at once into a Go string (NULL is ""). */
#define FERRY_BORROWED
/* After `)` of a function returning a pointer into the library's memory
 * whose length another call gives (sqlite3_column_blob, whose length is
 * sqlite3_column_bytes): Go gets the address as a uint64 and reads it
 * itself (unsafe), at no cost beyond the call. After the name of a
 * `[const] void *p` parameter: an address the Go caller passes as an
 * unsafe.Pointer (qsort_r's array). */
#define FERRY_ADDRESS
/* The same for `char *`/`char **`: the caller owns the string; Go copies
 * it, then frees it with free_fn, declared in the file as
 * `void free_fn(void *p);`. */
#define FERRY_FREE_WITH(free_fn)
/* `name_fn cb FERRY_GO_CALLBACK(user[, abort])` after the name of a C
 * function pointer parameter whose library passes the `void *user`
 * parameter back to it (qsort_r, sqlite3_exec): Go passes a Go func
 * instead of both, through a generated trampoline. abort (an integer
 * literal, 0 when not given) is what the trampoline returns to the
 * library after the Go func panicked. */
#define FERRY_GO_CALLBACK(...)
/* After the name of a `const char **name FERRY_OUT` that points into the
 * FERRY_LEN buffer buf (sqlite3_prepare's pzTail): Go gets the offset in
 * bytes of where it points, -1 for NULL. */
#define FERRY_OFFSET_IN(buf)
/* At file scope, on a line of its own: X is stripped from the names of
 * constants, enumerators, types and functions too, as the file's own
 * prefix is (FERRY_PREFIX(SQLITE_) for <sqlite3.h>: SQLITE_OK is Go's Ok). */
#define FERRY_PREFIX(X)
/* At file scope, on a line of its own: the library's own header, as
 * #include names it (FERRY_HEADER(<sqlite3.h>)). ferry-gen --go then
 * writes NAME_ferry_check.c, which cgo compiles with the package: it
 * includes the header and declares every function again as this file
 * does, so a prototype that differs does not compile. */
#define FERRY_HEADER(header)

#endif /* FERRY_GEN_H */
