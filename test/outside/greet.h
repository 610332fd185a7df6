/* greet.h: a user's interface file implemented in Go and called from
 * Rust (scripts/test-outside). */
#ifndef GREET_H
#define GREET_H

#include <stdint.h>

#include "ferry_gen.h"

/* The number of characters (not bytes) of text. */
ferry_status greet_runes(ferry_str text, uint64_t *count FERRY_OUT) FERRY_GO;

#endif
