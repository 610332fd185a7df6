#include "ferry_gen.h"
typedef struct lexical_p {
  int32_t x;
} lexical_p;
int32_t lexical_f(int32_t a) ;
int64_t lexical_g(int32_t a) FERRY_CGO_ABOVE(a, 99999999999999999999999);
