/* coro.c: native calls that call back into Go, as coroutines.
 *
 * ferry.CallWithCallback (callback.go) starts a coroutine: the native
 * function runs on a stack of its own, not on the thread's fast-call
 * stack. Each resume (coroResume, call_<arch>.s) switches to the
 * coroutine until it finishes or calls ferry_callback_call; that switches
 * back, the resume returns, Go runs the callback on its goroutine and
 * resumes again. While Go runs, the
 * suspended native side holds no Go memory and no Go stack, so Go may
 * grow or move its stack, make other fast calls or panic.
 *
 * Stacks are recycled through a small free list: mapping one costs a few
 * microseconds, more than a whole call. A coroutine released when the
 * list is full loses its stack but not its memory: native code may still
 * hold its ferry_callback * (a misuse), and ferry_callback_call must find
 * there the empty stack range that makes it die with a message, not freed
 * memory. Retired coroutines are reused first, so their number stays
 * bounded by the most calls ever in progress at once.
 *
 * The stale-handle check: ferry_callback_call (coro_<arch>.S) accepts a
 * call only with SP inside [stack_lo, stack_hi), the stack of the call the
 * handle belongs to, which only that call's own native code runs on. So a
 * handle kept past its call, passed to another thread, or used by another
 * call's native code dies in ferry__callback_misuse; it never reaches a
 * call in progress elsewhere. (A kept handle that equals the current
 * call's own, because the pool gave the same coroutine again, is
 * indistinguishable from it and calls the current call's callback.) */
#include "internal.h"

#include "coro_layout.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

_Static_assert(offsetof(ferry_callback, cb_args) == FERRY__CB_ARGS, "layout");
_Static_assert(offsetof(ferry_callback, cb_result_to) == FERRY__CB_RESULT_TO, "layout");
_Static_assert(offsetof(ferry_callback, cb_status) == FERRY__CB_STATUS, "layout");
_Static_assert(offsetof(ferry_callback, coro_sp) == FERRY__CB_CORO_SP, "layout");
_Static_assert(offsetof(ferry_callback, caller_sp) == FERRY__CB_CALLER_SP, "layout");
_Static_assert(offsetof(ferry_callback, stack_span) == FERRY__CB_STACK_SPAN, "layout");
_Static_assert(offsetof(ferry_callback, stack_lo) == FERRY__CB_STACK_LO, "layout");
_Static_assert(offsetof(ferry_callback, stack_hi) == FERRY__CB_STACK_HI, "layout");

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static ferry_callback *pool; /* free coroutines, stacks mapped */
static int pool_size;
static ferry_callback *retired; /* free coroutines without a stack */
static _Atomic long live;   /* started and not released, for tests */
enum { POOL_MAX = 16 };

/* The initial frame of a new coroutine, laid out as a suspended
 * ferry_callback_call leaves its stack (coro_<arch>.S), so that the first
 * resume "returns" into ferry__coro_boot with co in the first callee-saved
 * register. */
#if defined(__x86_64__)
/* r15 r14 r13 r12 rbx rbp, the return address, spare */
enum { FRAME_WORDS = 8, CO_SLOT = 0, RETURN_SLOT = 6 };
#elif defined(__aarch64__)
/* x19..x28, x29, x30 (where ret goes), d8..d15 */
enum { FRAME_WORDS = 20, CO_SLOT = 0, RETURN_SLOT = 11 };
#endif

static void retire(ferry_callback *co);

static void *initial_sp(ferry_callback *co) {
  uintptr_t *sp = (uintptr_t *)ferry_stack_top(co->stack) - FRAME_WORDS;
  for (int i = 0; i < FRAME_WORDS; i++) sp[i] = 0;
  sp[CO_SLOT] = (uintptr_t)co;
  sp[RETURN_SLOT] = (uintptr_t)ferry__coro_boot;
  return sp;
}

void ferry__coro_start(ferry_callback **out, uintptr_t fn, uintptr_t a0,
                       uintptr_t a1, uintptr_t a2) {
  *out = NULL;
  pthread_mutex_lock(&pool_lock);
  ferry_callback *co = pool;
  if (co != NULL) {
    pool = co->next_free;
    pool_size--;
  } else if ((co = retired) != NULL) {
    retired = co->next_free;
  }
  pthread_mutex_unlock(&pool_lock);
  if (co == NULL && (co = calloc(1, sizeof *co)) == NULL) return;
  if (co->stack == NULL) {
    if (ferry_stack_new(0, &co->stack) != FERRY_OK) {
      co->stack = NULL;
      retire(co);
      return;
    }
    ferry__stack_set_kind(co->stack, FERRY__STACK_COROUTINE);
    ferry__stack_set_coro(co->stack, co);
  }
  uintptr_t top = (uintptr_t)ferry_stack_top(co->stack);
  co->stack_lo = top - ferry_stack_size(co->stack);
  co->stack_hi = top;
  co->stack_span = co->stack_hi - co->stack_lo;
  co->fn = fn;
  co->args[0] = a0;
  co->args[1] = a1;
  co->args[2] = a2;
  co->cb_status = FERRY_OK;
  co->coro_sp = initial_sp(co);
  atomic_fetch_add(&live, 1);
  *out = co;
}

void ferry__coro_main(ferry_callback *co) {
  typedef uintptr_t (*native_fn)(ferry_callback *, uintptr_t, uintptr_t, uintptr_t);
  co->result = ((native_fn)co->fn)(co, co->args[0], co->args[1], co->args[2]);
  ferry__coro_finish(co);
}

/* Puts a coroutine without a stack on the retired list. */
static void retire(ferry_callback *co) {
  pthread_mutex_lock(&pool_lock);
  co->next_free = retired;
  retired = co;
  pthread_mutex_unlock(&pool_lock);
}

void ferry__coro_release(ferry_callback *co) {
  atomic_fetch_sub(&live, 1);
  /* From here on, ferry_callback_call(co) is a misuse. */
  co->stack_lo = co->stack_hi = co->stack_span = 0;
  pthread_mutex_lock(&pool_lock);
  if (pool_size < POOL_MAX) {
    co->next_free = pool;
    pool = co;
    pool_size++;
    co = NULL;
  }
  pthread_mutex_unlock(&pool_lock);
  if (co != NULL) {
    ferry_stack_free(co->stack);
    co->stack = NULL;
    retire(co);
  }
}

void ferry__coro_fail(ferry_callback *co, intptr_t status) {
  co->cb_status = status;
  co->stack_span = 0; /* refuse further callbacks */
}

_Noreturn void ferry__callback_misuse(ferry_callback *cb) {
  if (cb->stack_hi == 0)
    ferry__fatal("ferry_callback_call on a stale ferry_callback: its "
                 "ferry.CallWithCallback call has returned (native code kept "
                 "the handle past the call it was given for)");
  ferry__fatal("ferry_callback_call from outside the call its ferry_callback "
               "belongs to (another thread, or another call's native code): "
               "a handle is valid only in the native code of its own "
               "ferry.CallWithCallback call, on its thread");
}

long ferry__coro_live(void) { return atomic_load(&live); }
