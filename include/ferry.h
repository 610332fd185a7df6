/* ferry.h: the public C interface of ferry's runtime.
 *
 * What crosses the boundary between Go and native code: views of strings,
 * bytes and slices (pointer + length, never copied), status codes from one
 * table shared by C, Go and Rust, and the native stacks that Go -> native
 * fast calls run on. Public names are ferry_ / FERRY_; the runtime's
 * internal names are ferry__ and live in src/. */
#ifndef FERRY_H
#define FERRY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ABI types ------------------------------------------------------- */

/* A borrowed UTF-8 (or arbitrary) string: ptr may be NULL when len is 0.
 * The receiver must not keep it after the call returns. */
typedef struct ferry_str {
  const char *ptr;
  size_t len;
} ferry_str;

/* A borrowed, writable byte buffer; same rules as ferry_str. */
typedef struct ferry_bytes {
  uint8_t *ptr;
  size_t len;
} ferry_bytes;

/* A borrowed array of elements of a type both sides agree on. */
typedef struct ferry_slice {
  void *ptr;
  size_t len;
} ferry_slice;

/* FERRY_SLICE_OF(T) declares a typed slice struct with the same layout as
 * ferry_slice, for generated bindings: typedef FERRY_SLICE_OF(int32_t) s; */
#define FERRY_SLICE_OF(T) \
  struct {                \
    T *ptr;               \
    size_t len;           \
  }

/* ---- Status codes ---------------------------------------------------- */

/* The one table of status codes. Go (status.go) and Rust (ferry-sys) read
 * their names and messages from here, so the three never disagree.
 * X(name, value, message) */
#define FERRY_STATUS_MAP(X)                                             \
  X(OK, 0, "success")                                                   \
  X(EINVAL, -1, "invalid argument")                                     \
  X(ENOMEM, -2, "out of memory")                                        \
  X(EBUSY, -3, "in use by another call")                                \
  X(ECLOSED, -4, "closed")                                              \
  X(EFULL, -5, "full")                                                  \
  X(EPANIC, -6, "panicked")                                             \
  X(ECANCELED, -7, "canceled")                                          \
  X(ERANGE, -8, "out of range")                                         \
  X(ESYNTAX, -9, "syntax error")                                        \
  X(EUNSUPPORTED, -10, "not supported")                                 \
  X(EINTERNAL, -11, "internal error")

typedef enum ferry_status {
#define FERRY__STATUS_ENUM(name, value, msg) FERRY_##name = (value),
  FERRY_STATUS_MAP(FERRY__STATUS_ENUM)
#undef FERRY__STATUS_ENUM
} ferry_status;

/* The status's message, e.g. "invalid argument"; "unknown status" for a
 * value outside the table. Never NULL. */
const char *ferry_strerror(int status);

/* The status's name, e.g. "EINVAL"; "UNKNOWN" outside the table. */
const char *ferry_status_name(int status);

/* ---- Runtime --------------------------------------------------------- */

/* Installs the native fault reporter (a handler for SIGSEGV, SIGBUS,
 * SIGFPE, SIGILL and SIGTRAP chained in front of whatever handler was
 * there: faults of native code on ferry's stacks, overflows among them,
 * die with a report, all others go on to that handler; the thread needs a
 * signal stack, which Go gives every thread) and reads FERRY_STACK_SIZE.
 * Idempotent and thread-safe. Returns FERRY_OK or FERRY_EINVAL when
 * FERRY_STACK_SIZE is malformed (the default size is kept then). */
int ferry_init(void);

/* ---- Native stacks --------------------------------------------------- */

/* The size of stacks made from now on when no size is given. The initial
 * value is FERRY_STACK_SIZE or FERRY_DEFAULT_STACK_SIZE. */
#define FERRY_DEFAULT_STACK_SIZE ((size_t)2 << 20)
#define FERRY_MIN_STACK_SIZE ((size_t)64 << 10)
#define FERRY_MAX_STACK_SIZE ((size_t)1 << 30)
size_t ferry_stack_size_default(void);

/* Sets the default size; FERRY_ERANGE outside [MIN, MAX]. Stacks that
 * already exist keep their size. Sizes are rounded up to whole pages. */
int ferry_stack_size_set_default(size_t size);

/* Parses a size such as "1048576", "512K", "8M" or "1G". FERRY_ESYNTAX
 * for anything else, FERRY_ERANGE outside [MIN, MAX]. */
int ferry_stack_size_parse(const char *text, size_t *out);

/* A native stack: one mapping with an inaccessible 8 MiB guard region
 * below the usable part (address space only); memory is committed only
 * when touched. */
typedef struct ferry_stack ferry_stack;

/* Maps a stack of size bytes (0: the default size). FERRY_ERANGE or
 * FERRY_ENOMEM on failure; *out is untouched then. */
int ferry_stack_new(size_t size, ferry_stack **out);

/* Unmaps the stack. It must not be in use. NULL is ignored. */
void ferry_stack_free(ferry_stack *stack);

/* The stack's highest address, 16-byte aligned: where SP starts. */
void *ferry_stack_top(const ferry_stack *stack);

/* The usable size in bytes (the guard region not included). */
size_t ferry_stack_size(const ferry_stack *stack);

/* The calling thread's native stack, made on first use and unmapped when
 * the thread exits. NULL if it cannot be mapped. */
ferry_stack *ferry_thread_stack(void);

/* 1 if the calling code runs on one of ferry's native stacks, that is
 * inside a Go -> native fast call (or a call with callbacks); 0 otherwise.
 * Async-signal-safe. */
int ferry_in_fast_call(void);

/* Native code about to call a Go function exported through cgo calls this
 * first: inside a fast call the Go runtime cannot take a cgo callback (it
 * dies with "morestack on g0"), so this dies instead with a message that
 * names what to do (call the native function in cgo mode, or with
 * ferry.CallWithCallback and ferry_callback_call). what names the Go
 * function, for the message. */
void ferry_assert_can_call_go(const char *what);

/* For checks like ferry_assert_can_call_go made inline elsewhere (the Rust
 * crate's ferry::assert_can_call_go): if sp is on none of ferry's stacks,
 * stores the address range around it that holds none, [range[0],
 * range[1]), and returns the registration epoch that answer holds for (it
 * holds while ferry_stack_epoch is unchanged); returns 0 if sp is on a
 * ferry stack. */
unsigned long ferry_stack_free_range(uintptr_t sp, uintptr_t range[2]);
#ifndef __cplusplus
extern _Atomic unsigned long ferry_stack_epoch; /* C11 atomics: C only */
#endif

/* ---- Callbacks into Go during a fast call ------------------------------ */

/* The handle native code receives from ferry.CallWithCallback (Go) to call
 * the Go function it was given. Valid only during that call, in its native
 * code: ferry_callback_call from anywhere else (a later call, another
 * call's code, another thread) dies with a message naming the misuse. */
typedef struct ferry_callback ferry_callback;

/* Calls the Go function behind cb with four arguments. The native code is
 * suspended where it is (its stack and registers kept) while the Go
 * function runs on its goroutine, then resumes here: two stack switches,
 * no cgo. Returns FERRY_OK and stores the Go result in *result (if not
 * NULL); FERRY_EPANIC if the Go function panicked; FERRY_ECANCELED if an
 * earlier callback of this call failed. After a status other than FERRY_OK
 * the native code must release what it holds and return promptly without
 * calling back again (further calls return FERRY_ECANCELED at once); the
 * panic then continues in Go. The thread stays the same for the whole call,
 * so native thread-local state survives callbacks. */
int ferry_callback_call(ferry_callback *cb, uintptr_t a0, uintptr_t a1,
                        uintptr_t a2, uintptr_t a3, uintptr_t *result);

#ifdef __cplusplus
}
#endif

#endif /* FERRY_H */
