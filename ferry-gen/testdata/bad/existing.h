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
/* A C string result says who owns it, and only a C string result does. */
const char *existing_name(void);
char *existing_dup(const char *s) FERRY_FREE_WITH(existing_nofree);
int existing_count(int a) FERRY_BORROWED;
int existing_out(char **s FERRY_OUT);
/* A free function takes a void * (not const). */
void existing_release(const void *p);
char *existing_text(void) FERRY_FREE_WITH(existing_release);
int existing_off(const char **t FERRY_OUT FERRY_OFFSET_IN(nothing));
int existing_twice(char **s FERRY_OUT FERRY_BORROWED FERRY_BORROWED);
/* Constants: integer expressions of literals and earlier names only. */
#define EXISTING_CAST ((existing_fn)-1)
#define EXISTING_TEXT "x"
#define EXISTING_TWICE(x) ((x) * 2)
#define EXISTING_HUGE 0x10000000000000000
#define EXISTING_EMPTY
#define EXISTING_TRAIL 1 2
#define EXISTING_ONE 1
#define EXISTING_ONE 2
#define EXISTING_RENAMED 3 FERRY_NAME(Three)
/* Varargs. */
int existing_printf(const char *fmt, ...);
/* A function pointer parameter declares its type first. */
int existing_inline(void (*del)(void *));
typedef void (*existing_fn)(void *);
/* The header check names a header as #include does, once, and not the
 * interface file's own name. */
FERRY_HEADER(existing_lib.h)
FERRY_HEADER(<existing.h>)
/* FERRY_ADDRESS: pointers to plain data only. */
existing_fn *existing_addr_fn(void) FERRY_ADDRESS;
int64_t existing_addr_value(void) FERRY_ADDRESS;
