/* ringtest.h: native producers for the ring package's Go tests: threads
 * made by C that submit calls and check every result in C. */
#ifndef RINGTEST_H
#define RINGTEST_H

#include "ferry_ring.h"

/* The argument and result of handler RINGTEST_FN_ADD; ring_test.go has
 * the same layouts in Go. */
typedef struct ringtest_args {
  int64_t a, b;
  ferry_str name;
  ferry_bytes blob;
} ringtest_args;

typedef struct ringtest_result {
  int64_t sum;       /* a + b */
  uint64_t name_len; /* len(name) as Go saw it */
  uint64_t blob_sum; /* the sum of blob's bytes */
} ringtest_result;

enum { RINGTEST_FN_ADD = 1 };

/* How producers submit. */
enum {
  RINGTEST_ASYNC = 0, /* ferry_ring_submit, completion callback */
  RINGTEST_TRY = 1,   /* ferry_ring_try_submit, yield while full */
  RINGTEST_SYNC = 2,  /* ferry_ring_call: submit and sleep until done */
};

typedef struct ringtest_report {
  int64_t accepted;  /* submits that returned FERRY_OK */
  int64_t refused;   /* calls not submitted because the ring closed */
  int64_t ok;        /* completed with FERRY_OK and the right result */
  int64_t cancelled; /* completed with FERRY_ECANCELED */
  int64_t wrong;     /* FERRY_OK but a wrong result */
  int64_t other;     /* completed with any other status */
  int64_t twice;     /* completions of a call that was not in flight */
} ringtest_report;

typedef struct ringtest_run ringtest_run;

/* Starts threads producers of per_thread calls each, in mode. */
ringtest_run *ringtest_start(ferry_ring *ring, int threads, int64_t per_thread,
                             int mode);

/* Waits for the producers and their calls; fills *report, frees run. */
void ringtest_join(ringtest_run *run, ringtest_report *report);

/* One synchronous call of fn without arguments: its status. */
int ringtest_call(ferry_ring *ring, uint32_t fn);

/* Submits n calls of fn at once, call i with a pointer to the int64_t i
 * as its argument, and waits for them; done_ns[i] is the time from the
 * first submission to call i's completion. Returns how many completed
 * with FERRY_OK, or -1 if a submission failed. */
int ringtest_timed(ferry_ring *ring, uint32_t fn, int n, int64_t *done_ns);

#endif
