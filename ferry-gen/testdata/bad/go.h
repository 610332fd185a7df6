/* go.h: misuse of FERRY_GO (functions Go implements, native code calls). */
#include "ferry_gen.h"

typedef struct go_handle go_handle;

typedef struct go_named {
  ferry_str name;
} go_named;

ferry_status go_above(ferry_bytes data) FERRY_GO FERRY_CGO_ABOVE(data, 64);
int64_t go_value(int64_t a) FERRY_GO;
ferry_status go_handle_arg(go_handle *h) FERRY_GO;
ferry_status go_maybe(int32_t *x FERRY_OUT FERRY_OPTIONAL) FERRY_GO;
void go_oneway_out(int32_t *x FERRY_OUT) FERRY_GO;
void go_named_free(go_named *n) FERRY_GO;
void go_native(const go_named *n);
void go_gone(go_handle *h) FERRY_GO FERRY_DESTRUCTOR;
ferry_status go_raw(ferry_str s FERRY_RAW) FERRY_GO;
ferry_status go_len(const void *p FERRY_LEN(n), size_t n) FERRY_GO FERRY_STRINGS;
