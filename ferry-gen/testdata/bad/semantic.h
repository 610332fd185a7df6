/* Semantic errors: well-formed C that ferry-gen cannot bind. */
#include "ferry_gen.h"

typedef struct semantic_handle semantic_handle;

typedef struct semantic_point {
  int32_t x;
  int32_t x;
  semantic_handle *owner;
  const int32_t *limit;
} semantic_point;

typedef struct semantic_empty {
} semantic_empty;

typedef enum semantic_big {
  SEMANTIC_HUGE = 4294967296,
  SEMANTIC_SMALL = -1,
} semantic_big;

typedef enum semantic_dup {
  SEMANTIC_SMALL,
} semantic_dup;

typedef FERRY_SLICE_OF(semantic_handle) semantic_handles;

int32_t semantic_by_value(semantic_point p);
semantic_point semantic_returns_struct(void);
ferry_str semantic_returns_str(void);
int32_t *semantic_returns_pointer(void);
void semantic_out_const(const int32_t *out FERRY_OUT);
void semantic_optional_value(int32_t v FERRY_OPTIONAL);
void semantic_message(ferry_bytes *message FERRY_ERROR_MESSAGE);
void semantic_modes(void) FERRY_FAST FERRY_CGO FERRY_FAST;
void semantic_threshold(int32_t n) FERRY_CGO_ABOVE(n, 100);
void semantic_threshold_missing(ferry_str s) FERRY_CGO_ABOVE(t, 100);
double semantic_destroy(semantic_handle *h) FERRY_DESTRUCTOR;
void semantic_registers(int32_t a, int32_t b, int32_t c, int32_t d,
                        int32_t e, ferry_str late);
void semantic_too_many(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                       int64_t f, int64_t g, int64_t h, int64_t i);
void semantic_keyword(int32_t type, int32_t ferry_x);
void semantic_twice(int32_t a, int32_t a);
void semantic_twice(void);
void semantic_handle_value(semantic_handle h);
void semantic_callback(int32_t n);
void semantic_string_pointer(const ferry_str *s);
typedef enum semantic_shape { SEMANTIC_AREA } semantic_shape;
int64_t semantic_area(void);
typedef struct semantic_error { int32_t code; } semantic_error;
void semantic_counter_size(void);
typedef struct semantic_counter_size { int32_t n; } semantic_counter_size;
typedef struct semantic_pair { int32_t a_b; int32_t aB; } semantic_pair;
typedef enum semantic_level { SEMANTIC_LEVEL_LOW, SEMANTIC_LOW } semantic_level;
typedef struct semantic_file semantic_file;
void semantic_file_close(semantic_file *file);
void semantic_file_free(semantic_file *file) FERRY_DESTRUCTOR;
void _semantic_hidden(int32_t _n);
int32_t semantic_find(int32_t *out FERRY_OUT FERRY_OPTIONAL);
bool semantic_find2(int32_t *a FERRY_OUT FERRY_OPTIONAL, int32_t *b FERRY_OUT);
bool semantic_find3(semantic_handle **h FERRY_OUT FERRY_OPTIONAL);
void semantic_late_above(ferry_str s) FERRY_FAST FERRY_CGO_ABOVE(s, 64);
void semantic_raw_int(int32_t n FERRY_RAW);
void semantic_raw_optional(const ferry_str *s FERRY_OPTIONAL FERRY_RAW);
void semantic_both(void) FERRY_FAST FERRY_CGO;
void semantic_both_cgo(void);
