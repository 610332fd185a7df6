/* status.c: messages and names for the status table in ferry.h. */
#include "ferry.h"

const char *ferry_strerror(int status) {
  switch (status) {
#define FERRY__STATUS_MSG(name, value, msg) \
  case FERRY_##name:                      \
    return msg;
    FERRY_STATUS_MAP(FERRY__STATUS_MSG)
#undef FERRY__STATUS_MSG
  }
  return "unknown status";
}

const char *ferry_status_name(int status) {
  switch (status) {
#define FERRY__STATUS_NAME(name, value, msg) \
  case FERRY_##name:                       \
    return #name;
    FERRY_STATUS_MAP(FERRY__STATUS_NAME)
#undef FERRY__STATUS_NAME
  }
  return "UNKNOWN";
}
