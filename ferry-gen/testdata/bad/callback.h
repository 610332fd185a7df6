#include "ferry_gen.h"

typedef struct callback_h callback_h;
typedef FERRY_SLICE_OF(ferry_str) callback_views;
typedef int64_t (*callback_ok)(int64_t v) FERRY_CALLBACK;
/* Bad signatures. */
typedef ferry_str (*callback_ret)(int64_t v) FERRY_CALLBACK;
typedef void (*callback_many)(int8_t a, int8_t b, int8_t c, int8_t d, int8_t e) FERRY_CALLBACK;
typedef void (*callback_kinds)(callback_h *h, callback_views v, const int64_t *p FERRY_OPTIONAL, ferry_str fn) FERRY_CALLBACK;
/* Callbacks where they cannot go. */
typedef struct callback_holder { callback_ok cb; } callback_holder;
typedef FERRY_SLICE_OF(callback_ok) callback_oks;
callback_ok callback_make(void);
/* Functions taking callbacks. */
void callback_cgo(callback_ok cb) FERRY_CGO;
void callback_above(ferry_str s, callback_ok cb) FERRY_CGO_ABOVE(s, 10);
void callback_stack(callback_ok cb) FERRY_FAST FERRY_DEDICATED;
void callback_two(callback_ok a, callback_ok b);
void callback_ptr(callback_ok *cb);
ferry_status callback_out(callback_ok cb, int64_t *r FERRY_OUT);
void callback_words(ferry_str a, ferry_str b, callback_ok cb);
typedef struct callback_pair {
  uint64_t lo;
  uint64_t hi;
} callback_pair;
callback_pair callback_wide(callback_ok cb);
