/* test-coro.c: the coroutine behind ferry_callback_call, driven from C the
 * way callback.go drives it from Go. */
#include "internal.h"
#include "test.h"

static int statuses[8];

/* What callback.go does with a callback's result. */
static void set_result(ferry_callback *co, uintptr_t r) {
  if (co->cb_result_to != NULL) *co->cb_result_to = r;
}
static int nstatuses;

/* Calls back n times with (i, 10*i, 0, 0), sums the results, and after a
 * failure tries once more (which must fail at once). */
static uintptr_t call_back(ferry_callback *cb, uintptr_t n, uintptr_t unused1,
                           uintptr_t unused2) {
  (void)unused1, (void)unused2;
  uintptr_t sum = 0, r = 0;
  nstatuses = 0;
  for (uintptr_t i = 0; i < n; i++) {
    int status = ferry_callback_call(cb, i, 10 * i, 0, 0, &r);
    statuses[nstatuses++] = status;
    if (status != FERRY_OK) {
      statuses[nstatuses++] = ferry_callback_call(cb, i, 0, 0, 0, &r);
      return 999;
    }
    sum += r;
  }
  return sum;
}

TEST(coro_runs_callbacks_and_returns) {
  ferry_callback *co;
  ferry__coro_start(&co, (uintptr_t)call_back, 5, 0, 0);
  CHECK(co != NULL);
  CHECK(ferry__coro_live() == 1);
  int callbacks = 0;
  while (ferry__coro_resume(co) == FERRY__CORO_CALLBACK) {
    CHECK(co->cb_args[1] == 10 * co->cb_args[0]);
    set_result(co, co->cb_args[0] + 100);
    callbacks++;
  }
  CHECK(callbacks == 5);
  CHECK(co->result == 0 + 1 + 2 + 3 + 4 + 500);
  CHECK(nstatuses == 5 && statuses[4] == FERRY_OK);
  ferry__coro_release(co);
  CHECK(ferry__coro_live() == 0);
}

TEST(coro_failed_callback_cancels_the_rest) {
  ferry_callback *co;
  ferry__coro_start(&co, (uintptr_t)call_back, 5, 0, 0);
  CHECK(co != NULL);
  CHECK(ferry__coro_resume(co) == FERRY__CORO_CALLBACK);
  set_result(co, 1);
  CHECK(ferry__coro_resume(co) == FERRY__CORO_CALLBACK);
  ferry__coro_fail(co, FERRY_EPANIC); /* the Go callback panicked */
  CHECK(ferry__coro_resume(co) == FERRY__CORO_DONE);
  CHECK(co->result == 999);
  CHECK(nstatuses == 3);
  CHECK(statuses[0] == FERRY_OK && statuses[1] == FERRY_EPANIC &&
        statuses[2] == FERRY_ECANCELED);
  ferry__coro_release(co);
}

TEST(coro_stacks_are_reused) {
  ferry_callback *first, *second;
  ferry__coro_start(&first, (uintptr_t)call_back, 0, 0, 0);
  CHECK(first != NULL);
  CHECK(ferry__coro_resume(first) == FERRY__CORO_DONE);
  ferry__coro_release(first);
  ferry__coro_start(&second, (uintptr_t)call_back, 1, 0, 0);
  CHECK(second == first); /* from the pool: no new mapping */
  CHECK(ferry__coro_resume(second) == FERRY__CORO_CALLBACK);
  set_result(second, 7);
  CHECK(ferry__coro_resume(second) == FERRY__CORO_DONE);
  CHECK(second->result == 7);
  ferry__coro_release(second);
}

/* ---- Stale handles --------------------------------------------------- */

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static ferry_callback *kept;

static uintptr_t keep_handle(ferry_callback *cb, uintptr_t a0, uintptr_t a1,
                             uintptr_t a2) {
  (void)a0, (void)a1, (void)a2;
  kept = cb;
  return 0;
}

TEST(coro_handle_used_after_its_call_dies_with_message) {
  int p[2];
  CHECK(pipe(p) == 0);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    dup2(p[1], STDERR_FILENO);
    ferry_callback *co;
    ferry__coro_start(&co, (uintptr_t)keep_handle, 0, 0, 0);
    if (co == NULL || ferry__coro_resume(co) != FERRY__CORO_DONE) _exit(3);
    ferry__coro_release(co);
    ferry_callback_call(kept, 0, 0, 0, 0, NULL); /* the misuse */
    _exit(4);
  }
  close(p[1]);
  char out[2048];
  size_t len = 0;
  ssize_t n;
  while (len + 1 < sizeof out && (n = read(p[0], out + len, sizeof out - 1 - len)) > 0)
    len += (size_t)n;
  close(p[0]);
  out[len] = '\0';
  int status;
  CHECK(waitpid(pid, &status, 0) == pid);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
  CHECK(strstr(out, "ferry: fatal: ferry_callback_call on a stale ferry_callback") != NULL);
}
