/* test-overflow.c: a native stack overflow dies with ferry's message, and
 * faults elsewhere still reach the handler that was there before. */
#define _GNU_SOURCE
#include "internal.h"
#include "test.h"

#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int64_t depth_limit = INT64_MAX;

static int64_t recurse(int64_t n) {
  volatile char pad[512];
  pad[0] = (char)n;
  if (n == depth_limit) return 0;
  return recurse(n + 1) + pad[0];
}

static void run_recursion(void) { recurse(0); }

/* Runs f on a new dedicated stack of size bytes, in this process. */
static void run_on_ferry_stack(void (*f)(void), size_t size) {
  /* The handler needs a stack of its own: Go gives every thread one; a
   * plain C thread must set it up. */
  static char altstack[64 << 10];
  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
  sigaltstack(&ss, NULL);
  ferry_init();
  ferry_stack *s;
  if (ferry_stack_new(size, &s) != FERRY_OK) _exit(3);
  ucontext_t main_ctx, ctx;
  getcontext(&ctx);
  /* Below the top, as in a fast call (the call record and a return
   * address lie above the first frame there): arm64's makecontext starts
   * a leaf function at SP = the top, an address that belongs to the stack
   * (or guard) above. */
  ctx.uc_stack.ss_sp = (char *)ferry_stack_top(s) - ferry_stack_size(s);
  ctx.uc_stack.ss_size = ferry_stack_size(s) - 64;
  ctx.uc_link = &main_ctx;
  makecontext(&ctx, f, 0);
  swapcontext(&main_ctx, &ctx);
  _exit(4); /* not reached */
}

/* Runs f in a child process; returns its stderr and wait status. */
static int run_child(void (*f)(void), char *out, size_t cap, int *status) {
  int p[2];
  if (pipe(p) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(p[1], STDERR_FILENO);
    close(p[0]);
    f();
    _exit(0);
  }
  close(p[1]);
  size_t len = 0;
  ssize_t n;
  while (len + 1 < cap && (n = read(p[0], out + len, cap - 1 - len)) > 0) len += (size_t)n;
  out[len] = '\0';
  close(p[0]);
  return waitpid(pid, status, 0) == pid ? 0 : -1;
}

/* 1 if f, run in a child, dies by SIGABRT with every string of the
 * NULL-terminated list in its stderr. */
static int dies_saying(void (*f)(void), ...) {
  char out[4096];
  int status;
  if (run_child(f, out, sizeof out, &status) != 0) return 0;
  int ok = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
  va_list ap;
  va_start(ap, f);
  for (const char *want; (want = va_arg(ap, const char *)) != NULL;)
    if (strstr(out, want) == NULL) ok = 0;
  va_end(ap);
  if (!ok) fprintf(stderr, "child's stderr:\n%s\n", out);
  return ok;
}

static void overflow_dedicated_stack(void) {
  run_on_ferry_stack(run_recursion, FERRY_MIN_STACK_SIZE);
}

TEST(overflow_dies_with_message) {
  CHECK(dies_saying(overflow_dedicated_stack, "ferry: native stack overflow",
                    "dedicated native stack (ferry.NewStack)", "(65536 bytes)", NULL));
}

/* A frame larger than the stack, written only at its bottom: without
 * stack-clash probes the write lands a frame's size below SP's start. */
static volatile size_t frame_size;
static volatile char frame_sink;
static void big_frame(void) {
  volatile char buf[frame_size];
  buf[0] = 1;
  frame_sink = buf[0];
}
static void big_frame_below_guard(void) {
  frame_size = FERRY__GUARD_SIZE - (1 << 20);
  run_on_ferry_stack(big_frame, FERRY_MIN_STACK_SIZE);
}

TEST(overflow_by_a_large_frame_dies_with_message) {
  CHECK(dies_saying(big_frame_below_guard, "ferry: native stack overflow", NULL));
}

#ifdef FERRY_TEST_CLASH_PROTECTION
/* Built with -fstack-clash-protection (the Makefile's CLASH_FLAGS), a
 * frame probes every page on its way down and faults in the guard
 * whatever its size: twice the guard here. */
static void big_frame_beyond_guard(void) {
  frame_size = 2 * FERRY__GUARD_SIZE;
  run_on_ferry_stack(big_frame, FERRY_MIN_STACK_SIZE);
}

TEST(overflow_by_a_frame_larger_than_the_guard_dies_with_message) {
  CHECK(dies_saying(big_frame_beyond_guard, "ferry: native stack overflow", NULL));
}
#endif

/* A wild store (not NULL itself: UBSan would catch that first). */
static void wild_store(void) {
  static volatile uintptr_t wild = 16;
  *(volatile int *)wild = 1;
}
static void wild_store_on_ferry_stack(void) {
  run_on_ferry_stack(wild_store, FERRY_MIN_STACK_SIZE);
}

TEST(native_fault_on_a_ferry_stack_is_reported) {
  CHECK(dies_saying(wild_store_on_ferry_stack,
                    "ferry: native code crashed: SIGSEGV (invalid memory access) at address 0x10 ",
                    "on a dedicated native stack (ferry.NewStack) [0x", "(65536 bytes)",
                    "ferry:   native PC 0x", "(wild_store+0x", NULL));
}

static sigjmp_buf recovered;
static void previous_handler(int sig, siginfo_t *info, void *ctx) {
  (void)sig, (void)info, (void)ctx;
  siglongjmp(recovered, 1);
}

static void other_fault_goes_to_previous_handler(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = previous_handler;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  ferry_init(); /* chains in front of previous_handler */
  if (sigsetjmp(recovered, 1) == 0) {
    volatile int *bad = (volatile int *)16;
    *bad = 1;
    _exit(5);
  }
  _exit(0); /* the previous handler ran */
}

TEST(overflow_handler_forwards_other_faults) {
  char out[2048];
  int status;
  CHECK(run_child(other_fault_goes_to_previous_handler, out, sizeof out, &status) == 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK(strstr(out, "ferry") == NULL);
}
