/* Structs returned by value: only up to 16 bytes of integers, which C
 * returns in the two integer registers. */
#include "ferry_gen.h"

typedef struct returns_pair {
  uint64_t lo;
  uint64_t hi;
} returns_pair;

typedef struct returns_point {
  double x;
  double y;
} returns_point;

typedef struct returns_mixed {
  int32_t n;
  float f;
} returns_mixed;

typedef struct returns_triple {
  uint64_t a;
  uint64_t b;
  uint8_t c;
} returns_triple;

typedef struct returns_nested {
  returns_pair pair;
  bool ok;
} returns_nested;

returns_pair returns_fine(uint64_t a);
returns_point returns_point_of(int32_t i);
returns_mixed returns_mixed_of(int32_t i);
returns_triple returns_triple_of(int32_t i);
returns_nested returns_nested_of(int32_t i);
returns_pair returns_from_go(int32_t i) FERRY_GO;
