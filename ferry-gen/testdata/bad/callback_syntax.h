#include "ferry_gen.h"

typedef int64_t (*callback_plain)(int64_t v);
typedef int64_t (*callback_annotated)(int64_t v) FERRY_CALLBACK FERRY_CGO;
typedef int64_t (*callback_fine)(int64_t v) FERRY_CALLBACK FERRY_NAME(fine);
void callback_use(callback_fine f) FERRY_CALLBACK;
