/* demo.h: the interface between the Rust program and the Go package of
 * examples/rust-calls-go. The Rust side mirrors these layouts in
 * src/demo.rs; Go reads and writes them in place. */
#ifndef DEMO_H
#define DEMO_H

#include "ferry.h"
#include "ferry_ring.h"

typedef struct demo_user {
  ferry_str name;
  uint32_t age;
} demo_user;

/* A request: users and a blob, all borrowed from the caller. */
typedef struct demo_request {
  FERRY_SLICE_OF(demo_user) users;
  ferry_bytes blob;
} demo_request;

/* Results: every pointer in them is from malloc, owned by the caller. */
typedef struct demo_summary {
  uint32_t count;
  uint32_t total_age;
  uint64_t blob_sum;
  uint32_t notes; /* users noted by demo_note so far */
  ferry_str oldest;
  FERRY_SLICE_OF(demo_user) adults; /* users of 18 or more, names copied */
} demo_summary;

typedef struct demo_greeting {
  ferry_str text;
  uint32_t users;
} demo_greeting;

/* Ring handler indexes. */
enum { DEMO_FN_GREET = 1, DEMO_FN_ADD = 2 };

typedef struct demo_add_args {
  int64_t a, b;
} demo_add_args;

#endif
