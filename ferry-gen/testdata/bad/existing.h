/* Bad: the constructs for binding an existing C library, misused (and
 * what --rust refuses of them). */
#include "ferry_gen.h"

/* An int length is for Go only: --rust refuses it. */
int existing_sum(const char *data FERRY_LEN(n), int n);
/* C has no such integer types. */
long short existing_odd(void);
unsigned signed existing_both(void);
char char existing_chars(void);
