/* test-stack.c: stack sizes, mappings, guard registration, thread stacks. */
#include "internal.h"
#include "test.h"

#include <pthread.h>
#include <stdatomic.h>
#include <ucontext.h>
#include <stdio.h>
#include <string.h>

TEST(stack_size_parse) {
  size_t n = 0;
  CHECK(ferry_stack_size_parse("262144", &n) == FERRY_OK && n == 262144);
  CHECK(ferry_stack_size_parse("512K", &n) == FERRY_OK && n == 512 << 10);
  CHECK(ferry_stack_size_parse("8m", &n) == FERRY_OK && n == 8 << 20);
  CHECK(ferry_stack_size_parse("1G", &n) == FERRY_OK && n == 1 << 30);
  n = 7;
  CHECK(ferry_stack_size_parse("", &n) == FERRY_ESYNTAX && n == 7);
  CHECK(ferry_stack_size_parse("12Q", &n) == FERRY_ESYNTAX);
  CHECK(ferry_stack_size_parse("1MB", &n) == FERRY_ESYNTAX);
  CHECK(ferry_stack_size_parse("-1", &n) == FERRY_ESYNTAX);
  CHECK(ferry_stack_size_parse(NULL, &n) == FERRY_ESYNTAX);
  CHECK(ferry_stack_size_parse("4K", &n) == FERRY_ERANGE); /* below minimum */
  CHECK(ferry_stack_size_parse("2G", &n) == FERRY_ERANGE);
  CHECK(ferry_stack_size_parse("99999999999999999999999", &n) == FERRY_ERANGE);
  CHECK(n == 7);
}

TEST(stack_default_size) {
  size_t before = ferry_stack_size_default();
  CHECK(ferry_stack_size_set_default(1) == FERRY_ERANGE);
  CHECK(ferry_stack_size_default() == before);
  CHECK(ferry_stack_size_set_default(256 << 10) == FERRY_OK);
  ferry_stack *s;
  CHECK(ferry_stack_new(0, &s) == FERRY_OK);
  CHECK(ferry_stack_size(s) == 256 << 10);
  ferry_stack_free(s);
  CHECK(ferry_stack_size_set_default(before) == FERRY_OK);
}

TEST(stack_new_maps_guard_and_usable_part) {
  ferry_stack *s = NULL;
  CHECK(ferry_stack_new(100000, &s) == FERRY_OK);
  CHECK(ferry_stack_size(s) >= 100000 && ferry_stack_size(s) % 4096 == 0);
  unsigned char *top = ferry_stack_top(s);
  CHECK(((uintptr_t)top & 15) == 0);
  /* The whole usable part is writable. */
  memset(top - ferry_stack_size(s), 0xab, ferry_stack_size(s));
  /* Just below it is a registered guard region. */
  uintptr_t below = (uintptr_t)(top - ferry_stack_size(s)) - 1;
  const ferry__guard *g = ferry__guard_find(below);
  CHECK(g != NULL);
  CHECK(atomic_load(&g->stack_size) == ferry_stack_size(s));
  CHECK(ferry__guard_find(below - FERRY__GUARD_SIZE + 1) == g);
  CHECK(ferry__guard_find(below + 1) == NULL);
  ferry_stack_free(s);
  CHECK(ferry__guard_find(below) == NULL);
  ferry_stack_free(NULL);
}

TEST(stack_new_rejects_bad_sizes) {
  ferry_stack *s = (ferry_stack *)1;
  CHECK(ferry_stack_new(1, &s) == FERRY_ERANGE);
  CHECK(ferry_stack_new(FERRY_MAX_STACK_SIZE + 1, &s) == FERRY_ERANGE);
  CHECK(s == (ferry_stack *)1);
}

TEST(guard_entries_are_recycled) {
  /* Freeing and remaking stacks must not grow the registry. */
  ferry_stack *s;
  CHECK(ferry_stack_new(0, &s) == FERRY_OK);
  ferry__guard *first = NULL;
  ferry_stack_free(s);
  for (int i = 0; i < 100; i++) {
    CHECK(ferry_stack_new(0, &s) == FERRY_OK);
    uintptr_t guard_addr = (uintptr_t)ferry_stack_top(s) - ferry_stack_size(s) - 1;
    ferry__guard *g = (ferry__guard *)ferry__guard_find(guard_addr);
    CHECK(g != NULL);
    if (first == NULL) first = g;
    CHECK(g == first);
    ferry_stack_free(s);
  }
}

static int count_mappings(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  if (f == NULL) return -1;
  int n = 0, c;
  while ((c = fgetc(f)) != EOF) n += c == '\n';
  fclose(f);
  return n;
}

static void *use_thread_stack(void *arg) {
  (void)arg;
  ferry_stack *s = ferry_thread_stack();
  if (s == NULL || ferry_thread_stack() != s) return (void *)1;
  if (ferry__thread_stack_top != ferry_stack_top(s)) return (void *)1;
  return NULL;
}

TEST(thread_stacks_are_unmapped_at_thread_exit) {
  pthread_t t;
  /* Warm up: the first threads create the key and registry entries. */
  CHECK(pthread_create(&t, NULL, use_thread_stack, NULL) == 0);
  void *r;
  CHECK(pthread_join(t, &r) == 0 && r == NULL);
  int before = count_mappings();
  CHECK(before > 0);
  for (int i = 0; i < 200; i++) {
    CHECK(pthread_create(&t, NULL, use_thread_stack, NULL) == 0);
    CHECK(pthread_join(t, &r) == 0 && r == NULL);
  }
  /* 200 leaked stacks would add 400 mappings; allow a little churn. */
  CHECK(count_mappings() - before < 10);
}

TEST(thread_slot_offset_is_the_same_on_every_thread) {
  intptr_t here = ferry__thread_slot_offset();
  pthread_t t;
  CHECK(pthread_create(&t, NULL, use_thread_stack, NULL) == 0);
  CHECK(pthread_join(t, NULL) == 0);
  CHECK(ferry__thread_slot_offset() == here);
}

static uintptr_t in_fast_call_result;
static void probe_in_fast_call(void) { in_fast_call_result = (uintptr_t)ferry_in_fast_call(); }

/* Runs probe_in_fast_call on stack s, the way a trampoline would, and
 * returns its answer. */
static uintptr_t probe_on(ferry_stack *s) {
  ucontext_t main_ctx, ctx;
  in_fast_call_result = 2;
  getcontext(&ctx);
  ctx.uc_stack.ss_sp = (char *)ferry_stack_top(s) - ferry_stack_size(s);
  ctx.uc_stack.ss_size = ferry_stack_size(s);
  ctx.uc_link = &main_ctx;
  makecontext(&ctx, probe_in_fast_call, 0);
  swapcontext(&main_ctx, &ctx);
  return in_fast_call_result;
}

TEST(in_fast_call_knows_ferry_stacks) {
  CHECK(ferry_in_fast_call() == 0);
  ferry_stack *s;
  CHECK(ferry_stack_new(0, &s) == FERRY_OK);
  CHECK(probe_on(s) == 1);
  ferry_stack_free(s);
  ferry_assert_can_call_go("fine_here"); /* not on a ferry stack: returns */
}

/* What the Rust crate's inline check caches: the range around a stack
 * pointer without ferry stacks, valid while the epoch stays. */
TEST(stack_free_range_excludes_every_stack) {
  ferry_stack *s;
  CHECK(ferry_stack_new(0, &s) == FERRY_OK);
  uintptr_t here = (uintptr_t)__builtin_frame_address(0), range[2];
  unsigned long epoch = ferry_stack_free_range(here, range);
  CHECK(epoch != 0 && epoch == atomic_load(&ferry_stack_epoch));
  CHECK(range[0] <= here && here < range[1]);
  uintptr_t top = (uintptr_t)ferry_stack_top(s), bottom = top - ferry_stack_size(s);
  CHECK(top <= range[0] || bottom >= range[1]); /* s is outside */
  CHECK(ferry_stack_free_range(top - 64, range) == 0); /* on s */
  ferry_stack *t;
  CHECK(ferry_stack_new(0, &t) == FERRY_OK);
  CHECK(atomic_load(&ferry_stack_epoch) != epoch); /* answers before t: stale */
  ferry_stack_free(t);
  ferry_stack_free(s);
}

/* Stacks made before or after an answer off ferry stacks, and a stack
 * reusing a freed one's registration, are all seen. ferry_in_fast_call
 * walks the stacks every time; ferry_assert_can_call_go's answer here is
 * cached per thread until the next registration, and must stay "may call"
 * (it would die otherwise) while the stacks change around it. */
TEST(in_fast_call_sees_every_stack) {
  ferry_stack *before, *after, *reused;
  CHECK(ferry_stack_new(0, &before) == FERRY_OK);
  CHECK(ferry_in_fast_call() == 0);
  ferry_assert_can_call_go("fine_here"); /* fills this thread's cache */
  ferry_assert_can_call_go("fine_here"); /* answered from it */
  CHECK(probe_on(before) == 1);
  CHECK(ferry_stack_new(0, &after) == FERRY_OK);
  CHECK(probe_on(after) == 1);
  CHECK(ferry_in_fast_call() == 0);
  ferry_stack_free(before);
  CHECK(ferry_stack_new(0, &reused) == FERRY_OK);
  CHECK(ferry_in_fast_call() == 0);
  ferry_assert_can_call_go("fine_here"); /* the cache is stale: walks again */
  CHECK(probe_on(reused) == 1);
  CHECK(probe_on(after) == 1);
  ferry_stack_free(after);
  ferry_stack_free(reused);
  CHECK(ferry_in_fast_call() == 0);
}
