/* geo.c: the C implementation of geo.h. */
#include "geo.h"

int64_t geo_dist2(int64_t dx, int64_t dy) { return dx * dx + dy * dy; }
