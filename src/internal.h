/* internal.h: declarations shared by the runtime's source files. Not part
 * of the public interface; names are ferry__. */
#ifndef FERRY_INTERNAL_H
#define FERRY_INTERNAL_H

#include "ferry.h"

#include <stdatomic.h>
#include <stdint.h>

/* Below every stack's usable part: inaccessible, so an overflow faults.
 * A function whose frame is larger than the space left moves SP past the
 * stack's end at once; its first access lands up to a frame's size below.
 * Code built without -fstack-clash-protection probes nothing on the way, so
 * only a guard as large as the frame catches it before it reaches other
 * memory (another thread's stack, say). 8 MiB of PROT_NONE costs address
 * space only (no page is ever committed), and catches every frame below
 * 8 MiB; code built with -fstack-clash-protection is caught at any size. */
#define FERRY__GUARD_SIZE ((size_t)8 << 20)

/* The call record: the two words just below every fast-call stack's top.
 * The trampolines (call_<arch>.s in the Go package) write them before each
 * call, for the crash report (overflow.c) to find the Go caller:
 *   amd64: [top-16] the goroutine SP at the trampoline's entry (it points
 *          to the return PC into the Go caller), [top-8] the Go frame
 *          pointer (BP) there;
 *   arm64: [top-16] the return PC into the Go caller (LR), [top-8] the Go
 *          frame pointer (R29).
 * The native function's frames start below them. */
#define FERRY__CALL_RECORD_SIZE 16

enum ferry__stack_kind {
  FERRY__STACK_THREAD = 1,
  FERRY__STACK_DEDICATED = 2,
  FERRY__STACK_COROUTINE = 3,
};

/* One registered guard region, read by the SIGSEGV handler. Entries are
 * never freed, only recycled, so the handler can walk the list without
 * locks while other threads register and release stacks. */
typedef struct ferry__guard {
  _Atomic uintptr_t lo, hi; /* [lo, hi): the guard region; 0, 0 when free */
  _Atomic size_t stack_size;
  _Atomic int kind;
  _Atomic long owner_tid; /* thread stacks: the thread they belong to */
  _Atomic int taken;      /* 1 while a stack owns the entry */
  _Atomic(struct ferry_callback *) coro; /* coroutine stacks: their owner */
  struct ferry__guard *next; /* immutable once the entry is published */
} ferry__guard;

/* overflow.c */
ferry__guard *ferry__guard_register(uintptr_t lo, uintptr_t hi,
                                    size_t stack_size, int kind, long tid);
void ferry__guard_release(ferry__guard *guard);
const ferry__guard *ferry__guard_find(uintptr_t addr);
int ferry__overflow_install(void);
/* Writes "ferry: <msg>" to stderr and aborts; async-signal-safe. */
_Noreturn void ferry__fatal(const char *msg);

/* stack.c */
void ferry__stack_set_kind(ferry_stack *stack, int kind);
void ferry__stack_set_coro(ferry_stack *stack, ferry_callback *co);

/* The current thread's stack top, read by the Go trampolines through the
 * thread pointer plus ferry__thread_slot_offset() (static TLS: the same
 * offset on every thread). NULL until the thread's stack exists. */
extern __thread void *ferry__thread_stack_top
    __attribute__((tls_model("initial-exec")));
intptr_t ferry__thread_slot_offset(void);

/* Runs on the bootstrap stack (see call_<arch>.s in the Go package) when a
 * thread's first fast call finds no stack: maps it or dies trying. */
void ferry__thread_stack_bootstrap(void);
void *ferry__bootstrap_stack_top(void);

/* call_<arch>.S: loads a ferry__frame into the C argument registers, calls
 * fn, stores the return registers back. */
typedef struct ferry__frame {
  uintptr_t ints[8];
  uint64_t floats[8]; /* raw bits: a float uses the low 32 */
  uintptr_t ret;
  uint64_t fret;
  uintptr_t ret2; /* the second integer return register (rdx, x1) */
} ferry__frame;
void ferry__call_frame(uintptr_t fn, ferry__frame *frame);

/* cgo_call.c: what a function returning two integer registers returns. */
typedef struct ferry__pair {
  uintptr_t r0, r1;
} ferry__pair;

/* coro.c: a native call that can call back into Go runs as a coroutine on
 * a stack of its own. The Go side (callback.go) drives it: each resume is a
 * fast call that runs the native side until it finishes or asks for a
 * callback. Go reads and writes the fields up to cancelled directly (the
 * layout is checked by a Go test); the rest is C's. */
/* What ferry__coro_resume returns. */
enum ferry__coro_state { FERRY__CORO_DONE = 0, FERRY__CORO_CALLBACK = 1 };
struct ferry_callback {
  uintptr_t cb_args[4];   /* the pending callback's arguments (C writes) */
  /* where Go stores its result: ferry_callback_call's result pointer, or
   * NULL (C writes) */
  uintptr_t *cb_result_to;
  /* FERRY_OK, or why the callback failed (ferry__coro_fail writes) */
  intptr_t cb_status;
  uintptr_t result;       /* the native function's result, once done */
  uintptr_t fn;           /* the native function and its arguments */
  uintptr_t args[3];
  void *coro_sp;          /* where the suspended native side resumes */
  void *caller_sp;        /* where the current resume call continues */
  /* stack_hi - stack_lo while callbacks may run; 0 once one has failed
   * (refuse further ones) or the call has ended. One compare of SP -
   * stack_lo against it checks both on the fast path (coro_<arch>.S). */
  uintptr_t stack_span;
  /* [stack_lo, stack_hi): the coroutine's stack. ferry_callback_call runs
   * only with SP in it, that is from inside this call's own native code;
   * anywhere else the handle is stale or on the wrong thread (checked in
   * coro_<arch>.S, 0, 0 while the coroutine is not in a call). */
  uintptr_t stack_lo, stack_hi;
  ferry_stack *stack;     /* NULL once retired (see coro.c) */
  ferry_callback *next_free;
};
/* Stores a started coroutine in *out, or NULL if no stack can be mapped.
 * (Through an out parameter: Go then holds a typed pointer.) */
void ferry__coro_start(ferry_callback **out, uintptr_t fn, uintptr_t a0,
                       uintptr_t a1, uintptr_t a2);
void ferry__coro_release(ferry_callback *co);
/* The pending callback failed with status (FERRY_EPANIC, FERRY_ECANCELED):
 * the next resume returns it to ferry_callback_call, and later callbacks
 * fail at once. Off the switch's path, which only loads cb_status. */
void ferry__coro_fail(ferry_callback *co, intptr_t status);
long ferry__coro_live(void);
/* ferry_callback_call jumps here when SP is not on cb's stack: dies with
 * a message naming the misuse. */
_Noreturn void ferry__callback_misuse(ferry_callback *cb);

/* coro_<arch>.S. Each side of a coroutine suspends inside a call that the
 * other side's switch returns from: Go's resume (coroResume in
 * call_<arch>.s, which switches inline) returns when the native side
 * calls back (ferry_callback_call) or finishes (ferry__coro_finish), and
 * ferry_callback_call returns when Go resumes. Keeping the switch in
 * those calls themselves, not in a helper below them, saves a cascade of
 * return mispredictions. ferry__coro_boot is where a new coroutine's
 * first resume lands; it calls ferry__coro_main(co). */
intptr_t ferry__coro_resume(ferry_callback *co);
/* The switch of coroResume for ferry__coro_resume: it keeps only the frame
 * pointer (and g, x30 on arm64) and returns its state in the caller's
 * frame (coro_<arch>.S), so C must not call it. */
intptr_t ferry__coro_resume_go(ferry_callback *co);
_Noreturn void ferry__coro_finish(ferry_callback *co);
void ferry__coro_boot(void);
_Noreturn void ferry__coro_main(ferry_callback *co);

#endif
