#include "ferry_gen.h"

typedef void (*callback_go_fn)(int64_t v) FERRY_CALLBACK;
/* Go implements it: a callback cannot cross to Go. */
ferry_status callback_go_call(callback_go_fn cb) FERRY_GO;
