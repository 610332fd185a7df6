/* No ferry include, a guard without #endif, and an unterminated comment. */
#ifndef STRUCTURE_H
#define STRUCTURE_H
#include <stdint.h>
#pragma pack
#ifdef WINDOWS
typedef struct structure_point {
  int32_t x;
} structure_point;
#endif
#endif
#endif
typedef struct ferry_mine { int32_t x; } ferry_mine;
/* never closed
