/* stack.c: native stacks for Go -> native fast calls.
 *
 * A stack is one anonymous mapping: FERRY__GUARD_SIZE bytes (8 MiB) of
 * PROT_NONE at the low end, the usable part above it. MAP_NORESERVE keeps untouched
 * pages uncommitted, so a 2 MiB stack costs only what a call really uses.
 * Every guard region is registered with overflow.c, which turns a fault in
 * it into a message instead of a bare SIGSEGV.
 *
 * Per-thread stacks: a goroutine inside a fast call cannot be descheduled
 * (no Go code runs), so one stack per OS thread serves every goroutine that
 * runs there. The stack's top is kept in a static-TLS slot that the Go
 * trampolines read directly; a pthread key's destructor unmaps the stack
 * when the thread exits. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct ferry_stack {
  unsigned char *map; /* the whole mapping, guard first */
  size_t map_len;
  size_t size; /* usable bytes, above the guard */
  ferry__guard *guard;
};

static _Atomic size_t default_size = FERRY_DEFAULT_STACK_SIZE;

static size_t page_size(void) {
  static size_t cached;
  if (cached == 0) cached = (size_t)sysconf(_SC_PAGESIZE);
  return cached;
}

size_t ferry_stack_size_default(void) { return atomic_load(&default_size); }

int ferry_stack_size_set_default(size_t size) {
  if (size < FERRY_MIN_STACK_SIZE || size > FERRY_MAX_STACK_SIZE)
    return FERRY_ERANGE;
  atomic_store(&default_size, size);
  return FERRY_OK;
}

int ferry_stack_size_parse(const char *text, size_t *out) {
  if (text == NULL || *text < '0' || *text > '9') return FERRY_ESYNTAX;
  unsigned long long n = 0;
  const char *p = text;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (n > (1ULL << 40)) return FERRY_ERANGE; /* far past the maximum */
    n = n * 10 + (unsigned)(*p - '0');
  }
  unsigned shift = 0;
  switch (*p) {
  case '\0': break;
  case 'k': case 'K': shift = 10; p++; break;
  case 'm': case 'M': shift = 20; p++; break;
  case 'g': case 'G': shift = 30; p++; break;
  default: return FERRY_ESYNTAX;
  }
  if (*p != '\0') return FERRY_ESYNTAX;
  if (n > (1ULL << 40) >> shift) return FERRY_ERANGE;
  n <<= shift;
  if (n < FERRY_MIN_STACK_SIZE || n > FERRY_MAX_STACK_SIZE) return FERRY_ERANGE;
  *out = (size_t)n;
  return FERRY_OK;
}

int ferry_stack_new(size_t size, ferry_stack **out) {
  if (size == 0) size = ferry_stack_size_default();
  if (size < FERRY_MIN_STACK_SIZE || size > FERRY_MAX_STACK_SIZE)
    return FERRY_ERANGE;
  size_t page = page_size();
  size = (size + page - 1) & ~(page - 1);

  ferry_stack *stack = malloc(sizeof *stack);
  if (stack == NULL) return FERRY_ENOMEM;
  size_t map_len = FERRY__GUARD_SIZE + size;
  /* All PROT_NONE first, then the usable part opened: under strict
   * overcommit only that part is charged, never the guard. */
  void *map = mmap(NULL, map_len, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
                   -1, 0);
  if (map == MAP_FAILED) {
    free(stack);
    return FERRY_ENOMEM;
  }
  if (mprotect((unsigned char *)map + FERRY__GUARD_SIZE, size,
               PROT_READ | PROT_WRITE) != 0) {
    munmap(map, map_len);
    free(stack);
    return FERRY_ENOMEM;
  }
  stack->map = map;
  stack->map_len = map_len;
  stack->size = size;
  uintptr_t lo = (uintptr_t)map;
  stack->guard = ferry__guard_register(lo, lo + FERRY__GUARD_SIZE, size,
                                       FERRY__STACK_DEDICATED, 0);
  if (stack->guard == NULL) {
    munmap(map, map_len);
    free(stack);
    return FERRY_ENOMEM;
  }
  *out = stack;
  return FERRY_OK;
}

void ferry_stack_free(ferry_stack *stack) {
  if (stack == NULL) return;
  /* Unregister first: once unmapped, the range may be reused by anything. */
  ferry__guard_release(stack->guard);
  munmap(stack->map, stack->map_len);
  free(stack);
}

void *ferry_stack_top(const ferry_stack *stack) {
  /* The mapping's end is page aligned, hence 16-byte aligned. */
  return stack->map + stack->map_len;
}

size_t ferry_stack_size(const ferry_stack *stack) { return stack->size; }

void ferry__stack_set_kind(ferry_stack *stack, int kind) {
  atomic_store(&stack->guard->kind, kind);
  atomic_store(&stack->guard->owner_tid, kind == FERRY__STACK_THREAD ? (long)syscall(SYS_gettid) : 0);
}

void ferry__stack_set_coro(ferry_stack *stack, ferry_callback *co) {
  atomic_store(&stack->guard->coro, co);
}

/* ---- Per-thread stacks ------------------------------------------------ */

__thread void *ferry__thread_stack_top __attribute__((tls_model("initial-exec")));

static pthread_key_t thread_key;
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;
static int thread_key_status;

static void release_thread_stack(void *stack) {
  ferry__thread_stack_top = NULL;
  ferry_stack_free(stack);
}

static void make_thread_key(void) {
  if (pthread_key_create(&thread_key, release_thread_stack) != 0)
    thread_key_status = FERRY_ENOMEM;
}

ferry_stack *ferry_thread_stack(void) {
  pthread_once(&thread_key_once, make_thread_key);
  if (thread_key_status != FERRY_OK) return NULL;
  ferry_stack *stack = pthread_getspecific(thread_key);
  if (stack != NULL) return stack;
  if (ferry_stack_new(0, &stack) != FERRY_OK) return NULL;
  ferry__stack_set_kind(stack, FERRY__STACK_THREAD);
  if (pthread_setspecific(thread_key, stack) != 0) {
    ferry_stack_free(stack);
    return NULL;
  }
  ferry__thread_stack_top = ferry_stack_top(stack);
  return stack;
}

/* The offset handed to the trampolines, kept to check other threads. */
static _Atomic intptr_t published_offset;

intptr_t ferry__thread_slot_offset(void) {
  intptr_t offset =
      (char *)&ferry__thread_stack_top - (char *)__builtin_thread_pointer();
  atomic_store(&published_offset, offset);
  return offset;
}

/* The first fast call on a thread has no native stack to run C on, and it
 * must not run Go code either (Go code may move the goroutine stack, which
 * the call's arguments may point into). So the trampoline takes a spin
 * lock, switches to this shared stack and calls the bootstrap, which only
 * maps the thread's stack and publishes it in the TLS slot. */
static _Alignas(16) unsigned char bootstrap_stack[64 << 10];

void *ferry__bootstrap_stack_top(void) {
  return bootstrap_stack + sizeof bootstrap_stack;
}

void ferry__thread_stack_bootstrap(void) {
  if (ferry_thread_stack() == NULL)
    ferry__fatal("cannot map a native stack for this thread "
                 "(out of memory or address space)");
  /* The trampolines find the slot at thread pointer + one offset that was
   * computed on another thread: true for static TLS, checked here once per
   * thread because everything depends on it. */
  void **seen = (void **)((char *)__builtin_thread_pointer() +
                          atomic_load(&published_offset));
  if (seen != &ferry__thread_stack_top)
    ferry__fatal("the TLS slot of the native stack moved between threads");
}
