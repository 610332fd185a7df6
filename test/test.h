/* test.h: a minimal unit-test framework for ferry's C runtime.
 *
 * TEST(name) { ... } defines and registers a test (a constructor adds it
 * to a list, so test files need no central registry). CHECK(cond) records a
 * failure with file:line and returns from the test; CHECK_EQ(a, b) is
 * CHECK(a == b) for integers and pointers that prints both values when
 * they differ. test/runner.c runs every test, or those whose names contain
 * argv[1], in name order, and prints "N passed, N failed". */
#ifndef FERRY_TEST_H
#define FERRY_TEST_H

#include <stdint.h>
#include <stdio.h>

typedef struct test_case {
  const char *name;
  void (*fn)(int *failed);
  struct test_case *next;
} test_case;

void test_register(test_case *t);

#define TEST(name)                                                      \
  static void test_fn_##name(int *test_failed_);                       \
  static test_case test_case_##name = {#name, test_fn_##name, NULL};   \
  __attribute__((constructor)) static void test_reg_##name(void) {     \
    test_register(&test_case_##name);                                  \
  }                                                                     \
  static void test_fn_##name(int *test_failed_)

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
              #cond);                                                   \
      *test_failed_ = 1;                                                \
      return;                                                           \
    }                                                                   \
  } while (0)

/* The values CHECK_EQ prints: integers as signed, pointers as addresses. */
#define TEST_VALUE_(x)                                                  \
  _Generic((x), void *: (long long)(uintptr_t)(x),                      \
           const void *: (long long)(uintptr_t)(x),                     \
           default: (long long)(x))

#define CHECK_EQ(a, b)                                                  \
  do {                                                                  \
    long long check_a_ = TEST_VALUE_(a), check_b_ = TEST_VALUE_(b);     \
    if (check_a_ != check_b_) {                                         \
      fprintf(stderr, "%s:%d: CHECK_EQ(%s, %s) failed: %lld != %lld\n", \
              __FILE__, __LINE__, #a, #b, check_a_, check_b_);          \
      *test_failed_ = 1;                                                \
      return;                                                           \
    }                                                                   \
  } while (0)

#endif
