/* overflow.c: turns a native stack overflow into a message.
 *
 * An overflow runs into a stack's guard region and faults. The handler
 * installed here (SA_ONSTACK: the faulting stack is unusable, so it runs on
 * the thread's signal stack, which Go sets up on every thread it runs)
 * looks the address up among ferry's guard regions. A hit prints what
 * overflowed and aborts; anything else goes on to the handler that was
 * installed before ours, normally Go's, so Go's nil-pointer panics and its
 * crash reports are unchanged. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "internal.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static _Atomic(ferry__guard *) guards;

/* Counts registrations (from 1: a thread's zero means "nothing cached").
 * A range without stacks that a thread found stays without stacks until
 * the next registration, which is what ferry_in_fast_call caches (and the
 * Rust crate's inline ferry::assert_can_call_go). */
_Atomic unsigned long ferry_stack_epoch = 1;

ferry__guard *ferry__guard_register(uintptr_t lo, uintptr_t hi,
                                    size_t stack_size, int kind, long tid) {
  ferry__guard *guard = NULL;
  for (ferry__guard *g = atomic_load(&guards); g != NULL; g = g->next) {
    int free_entry = 0;
    if (atomic_compare_exchange_strong(&g->taken, &free_entry, 1)) {
      guard = g;
      break;
    }
  }
  if (guard == NULL) {
    guard = calloc(1, sizeof *guard);
    if (guard == NULL) return NULL;
    atomic_store(&guard->taken, 1);
    guard->next = atomic_load(&guards);
    while (!atomic_compare_exchange_weak(&guards, &guard->next, guard)) {
    }
  }
  atomic_store(&guard->stack_size, stack_size);
  atomic_store(&guard->kind, kind);
  atomic_store(&guard->owner_tid, tid);
  /* lo before hi: a reader in between sees an empty range. */
  atomic_store(&guard->lo, lo);
  atomic_store(&guard->hi, hi);
  atomic_fetch_add(&ferry_stack_epoch, 1);
  return guard;
}

void ferry__guard_release(ferry__guard *guard) {
  atomic_store(&guard->hi, 0);
  atomic_store(&guard->lo, 0);
  atomic_store(&guard->taken, 0);
}

const ferry__guard *ferry__guard_find(uintptr_t addr) {
  for (ferry__guard *g = atomic_load(&guards); g != NULL; g = g->next) {
    uintptr_t lo = atomic_load(&g->lo), hi = atomic_load(&g->hi);
    if (lo <= addr && addr < hi) return g;
  }
  return NULL;
}

/* ---- Async-signal-safe output ----------------------------------------- */

typedef struct {
  char buf[1024];
  size_t len;
} line;

static void put(line *l, const char *s) {
  while (*s && l->len < sizeof l->buf) l->buf[l->len++] = *s++;
}

static void put_uint(line *l, uintptr_t v, unsigned base) {
  char tmp[32];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v != 0);
  if (base == 16) put(l, "0x");
  while (n > 0 && l->len < sizeof l->buf) l->buf[l->len++] = tmp[--n];
}

static void write_line(line *l) {
  size_t off = 0;
  while (off < l->len) {
    ssize_t n = write(STDERR_FILENO, l->buf + off, l->len - off);
    if (n <= 0) break;
    off += (size_t)n;
  }
}

/* Dies by SIGABRT with the default action: Go's own SIGABRT handler would
 * bury the message under a goroutine dump of the wrong stack. */
static _Noreturn void die(void) {
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGABRT, &dfl, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGABRT);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
  raise(SIGABRT);
  _exit(134);
}

_Noreturn void ferry__fatal(const char *msg) {
  line l = {.len = 0};
  put(&l, "ferry: fatal: ");
  put(&l, msg);
  put(&l, "\n");
  write_line(&l);
  die();
}

/* ---- Calls into Go from native code ------------------------------------ */

/* The addresses around this thread's stack pointer where no ferry stack
 * was (guard regions included), as of registration epoch free_epoch. Every
 * call from native code into Go asks whether it runs on a ferry stack;
 * walking the list of stacks each time cost more than the rest of the
 * check, so a thread walks it once per registration. Initial-exec, like
 * ferry__thread_stack_top: ferry is linked into executables. */
static __thread uintptr_t free_lo __attribute__((tls_model("initial-exec")));
static __thread uintptr_t free_hi __attribute__((tls_model("initial-exec")));
static __thread unsigned long free_epoch
    __attribute__((tls_model("initial-exec")));

unsigned long ferry_stack_free_range(uintptr_t sp, uintptr_t range[2]) {
  /* The epoch before the walk: a stack registered during it makes the
   * answer stale at once. A stack this thread runs on was registered
   * before the thread switched to it, so the walk sees it. */
  unsigned long epoch = atomic_load(&ferry_stack_epoch);
  uintptr_t lo = 0, hi = UINTPTR_MAX;
  for (ferry__guard *g = atomic_load(&guards); g != NULL; g = g->next) {
    uintptr_t guard_lo = atomic_load(&g->lo), guard_hi = atomic_load(&g->hi);
    if (guard_hi == 0) continue;
    uintptr_t end = guard_hi + atomic_load(&g->stack_size);
    if (guard_hi <= sp && sp < end) return 0;
    if (end <= sp && end > lo) lo = end;
    if (guard_lo > sp && guard_lo < hi) hi = guard_lo;
  }
  range[0] = lo;
  range[1] = hi;
  return epoch;
}

static int in_fast_call_slow(uintptr_t sp) {
  uintptr_t range[2];
  unsigned long epoch = ferry_stack_free_range(sp, range);
  if (epoch == 0) return 1;
  free_epoch = 0; /* invalid while the range changes */
  free_lo = range[0];
  free_hi = range[1];
  free_epoch = epoch;
  return 0;
}

static inline int in_fast_call(uintptr_t sp) {
  if (free_epoch == atomic_load_explicit(&ferry_stack_epoch, memory_order_acquire) &&
      free_lo <= sp && sp < free_hi)
    return 0;
  return in_fast_call_slow(sp);
}

/* Uncached: async-signal-safe, and a handler running on the signal stack
 * must not leave its range in the interrupted code's cache. */
int ferry_in_fast_call(void) {
  uintptr_t range[2];
  return ferry_stack_free_range((uintptr_t)__builtin_frame_address(0), range) == 0;
}

/* Out of line: the check on every call into Go sets up no frame for it. */
__attribute__((noinline, noreturn)) static void die_go_in_fast_call(
    const char *what) {
  line l = {.len = 0};
  put(&l, "ferry: fatal: native code called the Go function ");
  put(&l, what != NULL ? what : "(unnamed)");
  put(&l, " through cgo from inside a ferry fast call, which the Go runtime "
          "cannot take; call the native function with ferry.CgoCall* (cgo "
          "mode), or with ferry.CallWithCallback and call back through "
          "ferry_callback_call\n");
  write_line(&l);
  die();
}

void ferry_assert_can_call_go(const char *what) {
  if (in_fast_call((uintptr_t)__builtin_frame_address(0)))
    die_go_in_fast_call(what);
}

/* ---- The handler ------------------------------------------------------ */

static struct sigaction previous;

static void on_segv(int sig, siginfo_t *info, void *ctx) {
  const ferry__guard *g = ferry__guard_find((uintptr_t)info->si_addr);
  if (g != NULL) {
    line l = {.len = 0};
    put(&l, "ferry: native stack overflow: fault at ");
    put_uint(&l, (uintptr_t)info->si_addr, 16);
    put(&l, " in the guard region of ");
    switch (atomic_load(&g->kind)) {
    case FERRY__STACK_THREAD:
      put(&l, "the per-thread native stack of thread ");
      put_uint(&l, (uintptr_t)atomic_load(&g->owner_tid), 10);
      break;
    case FERRY__STACK_COROUTINE:
      put(&l, "the native stack of a call with callbacks");
      break;
    default:
      put(&l, "a dedicated native stack");
    }
    put(&l, " (");
    put_uint(&l, atomic_load(&g->stack_size), 10);
    put(&l, " bytes); give native code more stack with FERRY_STACK_SIZE, "
            "ferry.SetStackSize or ferry.NewStack\n");
    write_line(&l);
    die();
  }
  /* Not ours: hand the fault to whoever was there before, as the kernel
   * would have. */
  if (previous.sa_flags & SA_SIGINFO) {
    previous.sa_sigaction(sig, info, ctx);
  } else if (previous.sa_handler == SIG_DFL || previous.sa_handler == SIG_IGN) {
    /* Restore the default and return: the fault repeats and kills us. */
    signal(sig, SIG_DFL);
  } else {
    previous.sa_handler(sig);
  }
}

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_status = FERRY_OK;

static void install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGSEGV, &sa, &previous) != 0) install_status = FERRY_EINTERNAL;
}

int ferry__overflow_install(void) {
  pthread_once(&install_once, install);
  return install_status;
}
