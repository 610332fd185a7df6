/* runner.c: runs the tests registered with TEST() (test.h). */
#include "test.h"

#include <string.h>

static test_case *tests;

void test_register(test_case *t) {
  /* Constructors run in link order, reversed here; sort by name below. */
  t->next = tests;
  tests = t;
}

int main(int argc, char **argv) {
  const char *filter = argc > 1 ? argv[1] : "";
  int passed = 0, failed = 0;
  for (test_case *t = tests; t != NULL; t = t->next) {
    if (strstr(t->name, filter) == NULL) continue;
    int test_failed = 0;
    t->fn(&test_failed);
    if (test_failed) {
      failed++;
      printf("  FAIL %s\n", t->name);
    } else {
      passed++;
      printf("  ok   %s\n", t->name);
    }
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
