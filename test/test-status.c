/* test-status.c: the status table and its lookups. */
#include "ferry.h"
#include "test.h"

#include <string.h>

TEST(status_messages_and_names) {
  CHECK(strcmp(ferry_strerror(FERRY_OK), "success") == 0);
  CHECK(strcmp(ferry_strerror(FERRY_EBUSY), "in use by another call") == 0);
  CHECK(strcmp(ferry_status_name(FERRY_EINVAL), "EINVAL") == 0);
  CHECK(strcmp(ferry_status_name(FERRY_EINTERNAL), "EINTERNAL") == 0);
  CHECK(strcmp(ferry_strerror(12345), "unknown status") == 0);
  CHECK(strcmp(ferry_status_name(-12345), "UNKNOWN") == 0);
}

TEST(status_values_are_distinct) {
  int seen[64] = {0};
#define FERRY__CHECK_STATUS(name, value, msg) \
  CHECK(-(value) >= 0 && -(value) < 64);      \
  CHECK(seen[-(value)] == 0);                 \
  seen[-(value)] = 1;
  FERRY_STATUS_MAP(FERRY__CHECK_STATUS)
#undef FERRY__CHECK_STATUS
}
