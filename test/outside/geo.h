/* geo.h: a user's interface file (scripts/test-outside): one function in
 * C, bound for Go by ferry-gen, built with no flag naming ferry. */
#ifndef GEO_H
#define GEO_H

#include <stdint.h>

#include "ferry_gen.h"

/* The squared length of (dx, dy). */
int64_t geo_dist2(int64_t dx, int64_t dy);

#endif
