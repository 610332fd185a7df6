/* test-overflow.c: a native stack overflow dies with ferry's message, and
 * faults elsewhere still reach the handler that was there before. */
#define _GNU_SOURCE
#include "internal.h"
#include "test.h"

#include <signal.h>
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

static void overflow_dedicated_stack(void) {
  /* The handler needs a stack of its own: Go gives every thread one; a
   * plain C thread must set it up. */
  static char altstack[64 << 10];
  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
  sigaltstack(&ss, NULL);
  ferry_init();
  ferry_stack *s;
  if (ferry_stack_new(FERRY_MIN_STACK_SIZE, &s) != FERRY_OK) _exit(3);
  ucontext_t main_ctx, ctx;
  getcontext(&ctx);
  ctx.uc_stack.ss_sp = (char *)ferry_stack_top(s) - ferry_stack_size(s);
  ctx.uc_stack.ss_size = ferry_stack_size(s);
  ctx.uc_link = &main_ctx;
  makecontext(&ctx, run_recursion, 0);
  swapcontext(&main_ctx, &ctx);
  _exit(4); /* not reached */
}

TEST(overflow_dies_with_message) {
  char out[2048];
  int status;
  CHECK(run_child(overflow_dedicated_stack, out, sizeof out, &status) == 0);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
  CHECK(strstr(out, "ferry: native stack overflow") != NULL);
  CHECK(strstr(out, "dedicated native stack (65536 bytes)") != NULL);
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
