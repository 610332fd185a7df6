/* Async FERRY_GO functions (FERRY_GO_ASYNC): what a call that waits in a
 * ring cannot do, and the C and Rust names ferry-gen generates for them. */
#include "ferry_gen.h"

typedef struct async_point {
  int32_t x;
} async_point;

int32_t async_value(int32_t a) FERRY_GO_ASYNC;
ferry_status async_in_place(async_point *p) FERRY_GO_ASYNC;
ferry_status async_fast(int32_t a) FERRY_GO_ASYNC FERRY_FAST;
ferry_status async_ok(int32_t a, int32_t *b FERRY_OUT) FERRY_GO_ASYNC;
ferry_status async_ok_submit(void) FERRY_GO;
typedef struct async_ok_result {
  int32_t x;
} async_ok_result;
ferry_status async_ring_serve(void) FERRY_GO;
void async_forget(const int32_t *a FERRY_OPTIONAL, const async_ok_result *r) FERRY_GO_ASYNC;
ferry_status async_ok_many(int32_t a) FERRY_GO_ASYNC;
ferry_status async_set_async_failure_hook(void) FERRY_GO;
ferry_status async_forget_forget_done(void) FERRY_GO;
ferry_status async_start(void) FERRY_GO_ASYNC;
