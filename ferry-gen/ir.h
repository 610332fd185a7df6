/* ir.h: the one intermediate representation of a ferry interface.
 *
 * The parser (parser.c) builds it from an interface file, the checker
 * (check.c) validates it and fills in what follows from the rules (how
 * each parameter crosses, which functions are methods of a handle), and
 * every backend (emit_c.c, emit_go*.c, emit_rust*.c) reads only this: no
 * backend looks at the source text. After a successful check the module
 * completely defines the interface: its types and their C layouts, its
 * functions, who implements each (direction), how Go calls it (mode) and
 * how each value crosses (passing).
 *
 * All memory belongs to the module's arena. */
#ifndef FERRY_GEN_IR_H
#define FERRY_GEN_IR_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

/* ---- Types ----------------------------------------------------------- */

/* Every kind of value that can cross. Each backend has one emitter per
 * kind. */
typedef enum ir_kind {
  IR_VOID,   /* return type only */
  IR_BOOL,   /* C bool (1 byte) */
  IR_I8,     /* int8_t ... */
  IR_I16,
  IR_I32,
  IR_I64,
  IR_ISIZE,  /* ptrdiff_t */
  IR_U8,     /* uint8_t ... */
  IR_U16,
  IR_U32,
  IR_U64,
  IR_USIZE,  /* size_t */
  IR_F32,    /* float */
  IR_F64,    /* double */
  IR_STR,    /* ferry_str: a borrowed string (Go string, Rust &str) */
  IR_BYTES,  /* ferry_bytes: a borrowed, writable byte buffer ([]byte) */
  IR_STATUS, /* ferry_status: return type only; non-zero is an error */
  IR_ENUM,   /* a typedef'd C enum (int-sized) */
  IR_STRUCT, /* a typedef'd C struct of fields */
  IR_SLICE,  /* typedef FERRY_SLICE_OF(T) name: a borrowed array of T */
  IR_HANDLE, /* typedef struct x x: opaque, only used through pointers */
  IR_CALLBACK, /* typedef R (*x)(params) FERRY_CALLBACK: a Go closure native
                  code calls during the call it is passed to */
  IR_CSTR,     /* [const] char *: a NUL-terminated C string of an existing
                  library (Go string); set by the checker from a char
                  pointer */
  IR_FNPTR,    /* typedef R (*x)(params) without FERRY_CALLBACK: a C
                  function's address (or a library's sentinel such as
                  SQLITE_TRANSIENT), passed through as a word */
  IR_KIND_COUNT
} ir_kind;

typedef struct ir_decl ir_decl;
typedef struct ir_func ir_func;

/* A use of a type: a kind, and for the named kinds (enum, struct, slice,
 * handle) its declaration. */
typedef struct ir_type {
  ir_kind kind;
  ir_decl *decl;
  /* The C spelling when it is not the kind's fixed-width name: "int",
   * "unsigned long", "char" (C's own integer types, for existing
   * libraries), or for IR_CSTR the whole pointer type ("const char *");
   * NULL otherwise. ir_c_type returns it. */
  const char *spelling;
} ir_type;

/* Who owns a C string result (IR_CSTR, returned or FERRY_OUT) of an
 * existing library: the library (FERRY_BORROWED), the caller, who frees it
 * with free_func (FERRY_FREE_WITH(free_with)), or it points into a
 * FERRY_LEN buffer and Go gets its offset (FERRY_OFFSET_IN(offset_in)). */
typedef struct ir_owner {
  bool borrowed;
  const char *free_with;
  const char *offset_in;
  pos at;                 /* where the annotation is */
  ir_func *free_func;     /* set by the checker */
  int offset_param;       /* set by the checker: offset_in's index */
} ir_owner;

/* A struct field. Optional fields are declared `const T *name
 * FERRY_OPTIONAL` and hold NULL or a pointer to one T. */
typedef struct ir_field {
  const char *name;
  ir_type type;
  bool optional;
  const char *doc;
  pos at;
  /* Syntax, for the checker: pointer depth and constness as written. */
  int pointers;
  bool is_const;
} ir_field;

/* An enumerator with its value (C rules: previous + 1 when not given). */
typedef struct ir_enumerator {
  const char *name;
  int64_t value;
  const char *doc;
  pos at;
  /* FERRY_NAME(x) after the name: the short name Go's and Rust's are made
   * from, instead of the name without its prefix; NULL when not given. */
  const char *rename;
} ir_enumerator;

/* An integer constant of an existing library: `#define NAME value`, the
 * value a literal or an expression of earlier constants and enumerators
 * that the parser evaluated. Go gets an untyped constant. */
typedef struct ir_const {
  const char *name;
  int64_t value;
  const char *doc;
  pos at;
  const char *rename; /* FERRY_NAME(x) after the value, or NULL */
  /* A cast to a function pointer typedef, ((sqlite3_destructor_type)-1):
   * the constant is that IR_FNPTR's sentinel value; NULL: an integer. */
  ir_decl *type;
} ir_const;

/* A named type: typedef struct (IR_STRUCT), typedef enum (IR_ENUM),
 * typedef FERRY_SLICE_OF(T) (IR_SLICE), or an opaque handle (IR_HANDLE). */
struct ir_decl {
  ir_kind kind;
  const char *name; /* the C typedef name, e.g. "geo_point" */
  const char *doc;  /* the comment above it, or NULL */
  pos at;
  /* IR_HANDLE: the struct tag, when it differs from name (a library's own
   * `typedef struct xs_state_s xs_state_t;`); NULL otherwise. */
  const char *tag;
  /* FERRY_NAME(x) after the typedef name: the short name (snake_case, no
   * prefix) Go and Rust derive theirs from; NULL when not given. */
  const char *rename;
  pos rename_at;
  /* IR_STRUCT */
  ir_field *fields;
  int nfields, fields_cap;
  /* IR_ENUM */
  ir_enumerator *items;
  int nitems, items_cap;
  /* IR_SLICE: the element type */
  ir_type elem;
  /* IR_SLICE declared with FERRY_MAP_OF(E): a map, whose entries E are a
   * struct { K key; V value; } (maps.c). Go sees map[K]V, Rust
   * HashMap<K, V>, C the slice of entries. */
  bool map;
  /* IR_HANDLE: the FERRY_DESTRUCTOR function, or NULL */
  ir_func *destructor;
  /* IR_HANDLE, set by the checker: FERRY_GO functions take or return it,
   * so it is a handle to a Go value (an id in Go's table), not a native
   * pointer. */
  bool go_handle;
  /* IR_CALLBACK, IR_FNPTR: the signature (ret and params; name is the
   * typedef's; an IR_FNPTR's parameters may be unnamed: "") */
  ir_func *signature;
  /* IR_FNPTR, set by the checker: a FERRY_GO_CALLBACK parameter has this
   * type, so Go also gets the func type of its signature (NameFunc). */
  bool go_func;
  /* Set by the checker: true when the Go and Rust types of this struct
   * (or slice element) have exactly the C layout, so values cross
   * without conversion (no strings, slices or optional fields inside). */
  bool plain;
};

/* ---- Functions ------------------------------------------------------- */

/* How a parameter crosses; derived by the checker from the C type and
 * the annotations. */
typedef enum ir_passing {
  IR_PASS_VALUE,    /* scalars, enums, str, bytes, slices, handles (H *) */
  IR_PASS_IN,       /* const T *: the callee reads one T */
  IR_PASS_OPTIONAL, /* const T * FERRY_OPTIONAL: NULL or one T */
  IR_PASS_OUT,      /* T * FERRY_OUT (H ** for a handle): a result; with
                       FERRY_OPTIONAL, see ir_func.found_param */
  IR_PASS_INOUT,    /* T *: the callee reads and may change one T */
  IR_PASS_ERRMSG,   /* ferry_bytes * FERRY_ERROR_MESSAGE */
  IR_PASS_BUFFER,   /* [const] void *p FERRY_LEN(n): the address of n
                       bytes; with the length one Go []byte */
  IR_PASS_LENGTH,   /* size_t n of a FERRY_LEN(n) buffer: no Go parameter,
                       the buffer's length */
  IR_PASS_ADDRESS,  /* [const] void *p FERRY_ADDRESS: an address the Go
                       caller gives (unsafe.Pointer), not read by Go */
  IR_PASS_GO_CALLBACK, /* fn FERRY_GO_CALLBACK(user): a C function pointer
                          for which Go passes a generated trampoline that
                          calls a Go func (see ir_func.go_callback_param) */
  IR_PASS_USER_DATA, /* void *user of a FERRY_GO_CALLBACK: no Go parameter;
                        what finds the Go func again */
} ir_passing;

typedef struct ir_param {
  const char *name;
  ir_type type;
  ir_passing passing;
  pos at;
  int pointers; /* syntax, for the checker */
  bool is_const;
  bool out, optional, errmsg; /* annotations as written */
  bool raw;                   /* FERRY_RAW: a string Rust sees as bytes */
  const char *len_name;       /* FERRY_LEN(len_name), or NULL */
  pos len_at;
  /* Set by the checker: for IR_PASS_BUFFER the index of its length, for
   * IR_PASS_LENGTH the index of its buffer; -1 otherwise. */
  int partner;
  ir_owner owner; /* a C string result's owner */
  bool address;   /* FERRY_ADDRESS on a parameter */
  pos address_at;
  /* FERRY_GO_CALLBACK(user[, abort]) on a C function pointer parameter:
   * the user pointer's parameter name (NULL when not given) and the value
   * the trampoline returns to the library after the Go func panicked. */
  const char *go_callback_user;
  pos go_callback_at;
  int64_t go_callback_abort;
  bool go_callback_has_abort;
  bool user_data; /* set by the checker: a FERRY_GO_CALLBACK names it */
} ir_param;

/* Who implements the function. */
typedef enum ir_direction {
  IR_NATIVE_IMPL, /* native code implements it, Go calls it */
  IR_GO_IMPL,     /* FERRY_GO: Go implements it, native code calls it
                     through a cgo export (sync; oneway when it returns
                     void); FERRY_GO_ASYNC: through a call ring */
} ir_direction;

/* How Go calls a native function. */
typedef enum ir_mode {
  IR_MODE_FAST,      /* ferry.CallN on the thread's native stack */
  IR_MODE_CGO,       /* a cgo call */
  IR_MODE_DEDICATED, /* (*ferry.Stack).CallN on a stack the caller gives */
  IR_MODE_CGO_ABOVE, /* fast, or cgo when threshold_param is large */
  IR_MODE_CALLBACK,  /* ferry.CallWithCallback: set by the checker for a
                        function with a callback parameter */
} ir_mode;

struct ir_func {
  const char *name; /* the C name */
  const char *doc;
  pos at;
  ir_type ret;
  int ret_pointers; /* syntax, for the checker */
  bool ret_is_const; /* syntax: const before the return type */
  ir_param *params;
  int nparams, params_cap;
  ir_direction direction;
  ir_mode mode;                /* the first mode annotation (or fast) */
  unsigned extra_modes;        /* bit 1 << m for each further mode m: Go
                                  gets one more wrapper per mode (see
                                  ir_func_mode, ir_go_mode_suffix) */
  int mode_annotations;        /* how many mode annotations were written */
  pos mode_at;                 /* where the (last) mode annotation is */
  bool mode_repeated;          /* a mode was written twice */
  pos repeated_at;
  const char *threshold_name;  /* FERRY_CGO_ABOVE(param, bytes) */
  uint64_t threshold_bytes;
  pos threshold_at;
  bool destructor;             /* FERRY_DESTRUCTOR */
  bool async;                  /* FERRY_GO_ASYNC (direction IR_GO_IMPL) */
  /* FERRY_NAME(x) or FERRY_METHOD(x): the short name (snake_case) that
   * replaces the C name without its prefix; NULL when not given. */
  const char *rename;
  pos rename_at;
  bool rename_method;          /* FERRY_METHOD: a method of the first
                                  parameter's handle */
  bool string_variant;         /* FERRY_STRINGS: Go also gets NameString,
                                  const buffers as strings */
  /* Set by the checker. */
  int threshold_param;         /* index of threshold_name */
  ir_decl *method_of;          /* first parameter is this handle and the
                                  name starts with its name + "_" */
  int errmsg_param;            /* index of the FERRY_ERROR_MESSAGE or -1 */
  int found_param;             /* index of the optional result (FERRY_OUT
                                  FERRY_OPTIONAL) or -1: the function then
                                  returns bool, true when it stored it */
  uint32_t ring_index;         /* FERRY_GO_ASYNC: its handler's index on
                                  the ring, from 1 in file order */
  int callback_param;          /* index of the FERRY_CALLBACK parameter or
                                  -1: Go calls it with CallWithCallback */
  int go_callback_param;       /* index of the FERRY_GO_CALLBACK parameter
                                  or -1; its fast wrapper is called with
                                  CallWithCallback too */
  int go_callback_user;        /* index of that one's user pointer */
  ir_owner ret_owner;          /* a C string result's owner */
  bool ret_address;            /* FERRY_ADDRESS: a pointer result that Go
                                  gets as its address (uint64), unread */
  pos ret_address_at;
  bool frees;                  /* named by a FERRY_FREE_WITH: void f(void
                                  *p), with no Go wrapper of its own */
};

/* ---- Module ---------------------------------------------------------- */

/* One interface file. */
typedef struct ir_module {
  arena *arena;
  const char *path;   /* the interface file as named on the command line */
  const char *name;   /* its base name without .h, e.g. "geo" */
  const char *prefix; /* name + "_": stripped from C names for Go/Rust */
  ir_decl **decls;    /* named types, in file order */
  int ndecls, decls_cap;
  ir_func **funcs;    /* functions, in file order */
  int nfuncs, funcs_cap;
  /* Set by the checker: how many functions Go implements (FERRY_GO). A
   * module with any gets the Go interface, the exports, the C free
   * functions of its view-holding structs and the Rust callers. */
  int go_funcs;
  /* Of those, how many are async (FERRY_GO_ASYNC): the module then gets
   * ring handlers in Go, a Server with futures in Rust and submit
   * functions in C. */
  int async_funcs;
  /* #define constants, in file order. */
  ir_const *consts;
  int nconsts, consts_cap;
  /* FERRY_PREFIX(X) lines: more prefixes stripped from names (after
   * prefix), for libraries whose constants are SQLITE_ in <sqlite3.h>. */
  const char **prefixes;
  int nprefixes, prefixes_cap;
  /* FERRY_HEADER(<x.h>): the library's own header, as it is included
   * (<x.h> or "lib.h"); the Go side then gets NAME_ferry_check.c, which
   * includes it and declares the interface again. NULL when not given. */
  const char *header;
  pos header_at;
} ir_module;

/* Parses text (the contents of path) into m; every syntax error goes to
 * d. m->arena and m->path must be set. Returns false on any error. */
bool parse_module(ir_module *m, const char *text, size_t len, diags *d);

/* Semantic checks; fills in the derived fields. Returns false on any
 * error, each reported to d. */
bool check_module(ir_module *m, diags *d);

/* The rules of --rust beyond check_module's: what only the Go side of an
 * existing C library's binding has (a Rust implementation of such a
 * library is not a use ferry has), each refused with a diagnostic.
 * Returns false on any. */
bool check_rust_module(const ir_module *m, diags *d);

/* ---- Helpers for the backends (ir.c) -------------------------------- */

/* ---- Register limits of a call, for the checker and the backends ---- */

/* ferry.Call0..Call6 and CallPair load up to 6 integer words, the integer
 * argument registers of amd64 (arm64 has 8); more, or any float, and the
 * wrapper fills a ferry.Frame instead. Two-word values (strings, buffers,
 * slices) must end within these 6 even then: a pair that does not fit
 * would go on the stack under rules the frame call does not follow. */
#define IR_MAX_REG_ARGS 6
/* ferry.Frame: 8 integer/pointer and 8 float argument registers. */
#define IR_MAX_FRAME_INTS 8
#define IR_MAX_FRAME_FLOATS 8
#define IR_MAX_ARG_SLOTS (IR_MAX_FRAME_INTS + IR_MAX_FRAME_FLOATS)
/* ferry_callback_call passes a callback 4 words; ferry.CallWithCallback
 * passes the native function 3 besides the callback. */
#define IR_MAX_CALLBACK_PARAMS 4
#define IR_MAX_CALLBACK_WORDS 3

/* The C spelling of a type, e.g. "int32_t", "geo_point". */
const char *ir_c_type(ir_type t);
/* True for the integer kinds, bool, floats and enums: one register. */
bool ir_is_scalar(ir_kind k);
bool ir_is_integer(ir_kind k);
bool ir_is_signed(ir_kind k);
bool ir_is_float(ir_kind k);
/* Size in bytes of a scalar kind. */
int ir_scalar_size(ir_kind k);
/* True when values of t have the same layout in C, Go and Rust. */
bool ir_is_plain(ir_type t);
/* The C size of a scalar or plain struct type; its alignment goes to
 * *align unless align is NULL. */
int ir_plain_size(ir_type t, int *align);
/* True when a scalar or plain struct type is or holds a float or double. */
bool ir_plain_has_float(ir_type t);
/* True when f returns a struct in two integer registers (more than 8
 * bytes; the checker allows up to 16 bytes of integers). */
bool ir_returns_pair(const ir_func *f);
/* name with the module prefix removed, when it has it. */
const char *ir_strip_prefix(const ir_module *m, const char *name);
/* An enumerator's or constant's short name: its FERRY_NAME (rename), or
 * its C name without the prefix. */
const char *ir_item_short_name(const ir_module *m, const char *name,
                               const char *rename);
/* A type's short name: its FERRY_NAME, or its C name without the prefix. */
const char *ir_decl_short_name(const ir_module *m, const ir_decl *d);
/* The Rust name of a function in the trait: its FERRY_NAME (a method's
 * prefixed with the handle's short name and '_'), or the C name without
 * the prefix. */
const char *ir_func_rust_name(const ir_module *m, const ir_func *f);
/* The function name without the prefix and, for a method, without the
 * handle's name: geo_counter_add -> add. */
const char *ir_func_short_name(const ir_module *m, const ir_func *f);
/* An enumerator's name inside its enum, upper case, without the module
 * and enum prefixes: RECORDS_KIND_DOT -> DOT (Rust associated consts). */
const char *ir_enumerator_short(const ir_module *m, const ir_decl *e,
                                const char *item);
/* The Go name of a function: CamelCase of its short name, except that a
 * constructor H_new[_x] returning handle H reads as Go's NewH[X]. */
const char *ir_go_func_name(const ir_module *m, const ir_func *f);
/* "Cgo" for IsMatchCgo: the name of a further mode's Go wrapper is the
 * function's Go name and this. */
const char *ir_go_mode_suffix(ir_mode mode);
/* The modes Go gets a wrapper of f in, one per call: i = 0 is f->mode,
 * then each of f->extra_modes in ir_mode's order. False past the last:
 *   for (int i = 0; ir_func_mode(f, i, &mode); i++) */
bool ir_func_mode(const ir_func *f, int i, ir_mode *mode);
/* snake_case -> CamelCase (exported) or camelCase. */
char *ir_camel(arena *a, const char *snake, bool exported);
/* True when the function reports errors (returns ferry_status). */
bool ir_returns_status(const ir_func *f);
/* True for a fire-and-forget function: FERRY_GO_ASYNC returning void. */
bool ir_fire_and_forget(const ir_func *f);
/* True when the module has a fire-and-forget function. */
bool ir_has_fire_and_forget(const ir_module *m);
/* True when values of t hold memory a FERRY_GO result must free: strings,
 * buffers, slices, and structs that hold any (non-plain structs). */
bool ir_needs_free(ir_type t);
/* The parameter words ferry.CallWithCallback passes to the C shim of a
 * function with a callback (the callback itself not counted): strings,
 * buffers and slices count 2, everything else 1. */
int ir_callback_words(const ir_func *f);
/* The index of the parameter a CallWithCallback wrapper of f passes a
 * Go function for: the FERRY_CALLBACK or FERRY_GO_CALLBACK one, or -1. */
int ir_callback_index(const ir_func *f);
/* For a FERRY_GO_CALLBACK typedef's signature: the index of its user
 * pointer (its one non-const void * parameter), or -1. */
int ir_go_callback_user_index(const ir_func *sig);
/* The name of the cgo export behind FERRY_GO function f:
 * ferry__go_<C name>. */
const char *ir_go_export_name(const ir_module *m, const ir_func *f);
/* The same for a generated function of that name (the ring service). */
const char *ir_go_export_name_of(const ir_module *m, const char *c_name);
/* The C name of a module-level generated function or constant of an
 * async module, e.g. ir_ring_name(m, "ring_serve") = "geo_ring_serve". */
const char *ir_ring_name(const ir_module *m, const char *what);
/* The C constant of an async function's ring index: GEO_FN_LOCATE. */
const char *ir_ring_fn_const(const ir_module *m, const ir_func *f);

/* ---- Maps (maps.c) ----------------------------------------------------- */

/* True for a FERRY_MAP_OF type; ir_holds_map also for a struct or slice
 * that holds one at any depth. */
bool ir_is_map(ir_type t);
bool ir_holds_map(ir_type t);
/* A map's entry fields: key and value. */
const ir_field *ir_map_key(const ir_decl *map);
const ir_field *ir_map_value(const ir_decl *map);
/* The checker's rules of a map declaration, and of where maps may go. */
void check_map(ir_decl *s, diags *d);
void check_map_uses(ir_module *m, diags *d);

#endif /* FERRY_GEN_IR_H */
