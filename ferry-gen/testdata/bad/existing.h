/* Bad: the constructs for binding an existing C library, misused (and
 * what --rust refuses of them). */
#include "ferry_gen.h"

/* C has no such integer types. */
long short existing_odd(void);
unsigned signed existing_both(void);
char char existing_chars(void);
/* A char * the callee writes needs its length; a char ** is a result. */
int existing_write(char *dst);
int existing_tail(const char **tail);
int existing_deep(char ***p FERRY_OUT);
/* C strings are for Go calling an existing library. */
ferry_status existing_go(const char *name) FERRY_GO;
