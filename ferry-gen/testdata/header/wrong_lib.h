/* wrong_lib.h: a library's own header, for header_check.sh. */
#ifndef WRONG_LIB_H
#define WRONG_LIB_H

#include <stddef.h>

#define WRONG_FLAG 4
enum wrong_mode { WRONG_FAST = 1, WRONG_SLOW = 2 };
typedef enum wrong_mode wrong_mode;

size_t wrong_len(const char *s);
long long wrong_total(int a);
int wrong_args(int a, int b);
int wrong_ok(int a, wrong_mode m);

#endif
