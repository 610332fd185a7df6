/* init.c: ferry_init, the runtime's one-time setup. */
#include "internal.h"

#include <stdlib.h>

int ferry_init(void) {
  int status = ferry__overflow_install();
  if (status != FERRY_OK) return status;
  const char *env = getenv("FERRY_STACK_SIZE");
  if (env != NULL && *env != '\0') {
    size_t size;
    status = ferry_stack_size_parse(env, &size);
    if (status != FERRY_OK) return FERRY_EINVAL;
    ferry_stack_size_set_default(size);
  }
  (void)ferry__thread_slot_offset();
  return FERRY_OK;
}
