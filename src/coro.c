/* coro.c: native calls that call back into Go, as coroutines.
 *
 * ferry.CallWithCallback (callback.go) starts a coroutine: the native
 * function runs on a stack of its own, not on the thread's fast-call
 * stack. Each resume is an ordinary fast call of ferry__coro_resume, which
 * switches to the coroutine until it finishes or calls
 * ferry_callback_call; that switches back, the fast call returns, Go runs
 * the callback on its goroutine and resumes again. While Go runs, the
 * suspended native side holds no Go memory and no Go stack, so Go may
 * grow or move its stack, make other fast calls or panic.
 *
 * Stacks are recycled through a small free list: mapping one costs a few
 * microseconds, more than a whole call. */
#include "internal.h"

#include "coro_layout.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

_Static_assert(offsetof(ferry_callback, cb_args) == FERRY__CB_ARGS, "layout");
_Static_assert(offsetof(ferry_callback, cb_result) == FERRY__CB_RESULT, "layout");
_Static_assert(offsetof(ferry_callback, cb_status) == FERRY__CB_STATUS, "layout");
_Static_assert(offsetof(ferry_callback, coro_sp) == FERRY__CB_CORO_SP, "layout");
_Static_assert(offsetof(ferry_callback, caller_sp) == FERRY__CB_CALLER_SP, "layout");
_Static_assert(offsetof(ferry_callback, cancelled) == FERRY__CB_CANCELLED, "layout");

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static ferry_callback *pool; /* free coroutines, stacks mapped */
static int pool_size;
static _Atomic long live;   /* started and not released, for tests */
enum { POOL_MAX = 16 };

/* The initial frame of a new coroutine, laid out as a suspended
 * ferry_callback_call leaves its stack (coro_<arch>.S), so that the first
 * resume "returns" into ferry__coro_boot with co in the first callee-saved
 * register and no result pointer. */
#if defined(__x86_64__)
/* r15 r14 r13 r12 rbx rbp, result pointer, the return address, spare */
enum { FRAME_WORDS = 9, CO_SLOT = 0, RETURN_SLOT = 7 };
#elif defined(__aarch64__)
/* x19..x28, x29, x30 (where ret goes), d8..d15, result pointer, spare */
enum { FRAME_WORDS = 22, CO_SLOT = 0, RETURN_SLOT = 11 };
#endif

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
  }
  pthread_mutex_unlock(&pool_lock);
  if (co == NULL) {
    co = calloc(1, sizeof *co);
    if (co == NULL) return;
    if (ferry_stack_new(0, &co->stack) != FERRY_OK) {
      free(co);
      return;
    }
    ferry__stack_set_kind(co->stack, FERRY__STACK_COROUTINE);
  }
  co->fn = fn;
  co->args[0] = a0;
  co->args[1] = a1;
  co->args[2] = a2;
  co->cb_status = FERRY_OK;
  co->cancelled = 0;
  co->coro_sp = initial_sp(co);
  atomic_fetch_add(&live, 1);
  *out = co;
}

void ferry__coro_main(ferry_callback *co) {
  typedef uintptr_t (*native_fn)(ferry_callback *, uintptr_t, uintptr_t, uintptr_t);
  co->result = ((native_fn)co->fn)(co, co->args[0], co->args[1], co->args[2]);
  ferry__coro_finish(co);
}

void ferry__coro_release(ferry_callback *co) {
  atomic_fetch_sub(&live, 1);
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
    free(co);
  }
}

long ferry__coro_live(void) { return atomic_load(&live); }
