/* wrong.h: an interface file that does not match its library's header
 * (wrong_lib.h); header_check.sh expects its check file not to compile,
 * naming each function and both declarations. */
#include "ferry_gen.h"

FERRY_HEADER("wrong_lib.h")

/* The library says 4. */
#define WRONG_FLAG 2
typedef enum wrong_mode { WRONG_FAST = 1, WRONG_SLOW = 3 } wrong_mode;

/* The silent mistake: ferry_str is a pointer and a length, two registers;
 * the library takes one pointer to a NUL-terminated string. */
size_t wrong_len(ferry_str s);
/* int64_t is long, not long long: the same width, another C type. */
int64_t wrong_total(int a);
/* A parameter missing. */
int wrong_args(int a);
/* Right. */
int wrong_ok(int a, wrong_mode m);
