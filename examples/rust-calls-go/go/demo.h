/* demo.h: the interface between the Rust program of examples/rust-calls-go
 * and its Go package, for ferry-gen. Go implements every function (demo.go);
 * the Rust side calls them through the module ferry-gen generates
 * (../src/demo_ferry.rs). Oneway and sync calls are cgo exports; async calls
 * (FERRY_GO_ASYNC) go through a call ring Go's worker goroutines serve. */
#ifndef DEMO_H
#define DEMO_H

#include "ferry_gen.h"

typedef struct demo_user {
  ferry_str name;
  uint32_t age;
} demo_user;

typedef FERRY_SLICE_OF(demo_user) demo_users;

/* A request: users and a blob, borrowed from the caller. */
typedef struct demo_request {
  demo_users users;
  ferry_bytes blob;
} demo_request;

typedef struct demo_summary {
  uint32_t count;
  uint32_t total_age;
  uint64_t blob_sum;
  /* Users noted by demo_note so far. */
  uint32_t notes;
  ferry_str oldest;
  /* Users of 18 or more. */
  demo_users adults;
} demo_summary;

typedef struct demo_greeting {
  ferry_str text;
  uint32_t users;
} demo_greeting;

/* Oneway: Go records the users; nothing comes back. */
void demo_note(const demo_request *req) FERRY_GO;

/* Sync: a summary of the request, with a list. */
ferry_status demo_summarize(const demo_request *req,
                            demo_summary *out FERRY_OUT) FERRY_GO;

/* Async: a greeting for the users. */
ferry_status demo_greet(const demo_request *req,
                        demo_greeting *out FERRY_OUT) FERRY_GO_ASYNC;

/* a + b, sync and async: the benchmark's calls (bin/bench.rs). */
ferry_status demo_add_sync(int64_t a, int64_t b,
                           int64_t *sum FERRY_OUT) FERRY_GO;
ferry_status demo_add(int64_t a, int64_t b,
                      int64_t *sum FERRY_OUT) FERRY_GO_ASYNC;

/* Fire and forget (the benchmark's ferry-async-oneway): Go adds a + b to a
 * running total; the call returns once queued. demo_tally_total reads it. */
void demo_tally(int64_t a, int64_t b) FERRY_GO_ASYNC;
ferry_status demo_tally_total(int64_t *total FERRY_OUT) FERRY_GO;

/* Blocking work, as Go libraries do it (tests/blocking.rs, the benchmark's
 * ferry-async-blocking): sleeps sleep_ms milliseconds, then, if port is not
 * 0, sends text and a newline to the echo server on 127.0.0.1:port and
 * returns the line it answers. Async through the ring, and sync. */
typedef struct demo_reply {
  ferry_str text;
} demo_reply;

ferry_status demo_fetch(uint32_t sleep_ms, uint16_t port, ferry_str text,
                        demo_reply *out FERRY_OUT) FERRY_GO_ASYNC;
ferry_status demo_fetch_sync(uint32_t sleep_ms, uint16_t port, ferry_str text,
                             demo_reply *out FERRY_OUT) FERRY_GO;

/* Keeps Go's garbage collector running, with garbage to collect, until
 * demo_gc_stop, which says how many collections ran: for the stress run. */
void demo_gc_start(void) FERRY_GO;
ferry_status demo_gc_stop(int64_t *collections FERRY_OUT) FERRY_GO;

#endif
