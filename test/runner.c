/* runner.c: runs the tests registered with TEST() (test.h). */
#include "test.h"

#include <string.h>

static test_case *tests;

/* Keeps the list sorted by name: constructors run in link order, and the
 * output should not depend on it. */
void test_register(test_case *t) {
  test_case **at = &tests;
  while (*at != NULL && strcmp((*at)->name, t->name) < 0) at = &(*at)->next;
  t->next = *at;
  *at = t;
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
