/* ringtest.c: see ringtest.h. Each producer keeps a window of call
 * records in flight and reuses a record once its call has completed, so
 * a million calls need little memory; completions are checked in the
 * callback, on the Go worker's thread. */
#include "ringtest.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WINDOW 256
#define LARGE_BLOB ((size_t)1 << 20)

static const char *const names[] = {"", "a", "Zo\xc3\xab", "a somewhat longer name"};
static uint8_t large_blob[LARGE_BLOB];
static pthread_once_t large_once = PTHREAD_ONCE_INIT;

typedef struct producer producer;

typedef struct record {
  ferry_call call;
  ringtest_args args;
  ringtest_result result;
  producer *owner;
  uint64_t blob_sum;
  _Atomic int in_flight;
  uint8_t small_blob[16];
} record;

struct producer {
  pthread_t thread;
  ferry_ring *ring;
  int64_t count, id;
  int mode;
  record *records;
  _Atomic int64_t accepted, refused, ok, cancelled, wrong, other, twice;
};

struct ringtest_run {
  int threads;
  producer *producers;
};

static void fill_large(void) {
  for (size_t i = 0; i < LARGE_BLOB; i++) large_blob[i] = (uint8_t)(i * 7);
}

static void check(record *r, int status) {
  producer *p = r->owner;
  if (status == FERRY_OK) {
    const ringtest_args *a = &r->args;
    int right = r->result.sum == a->a + a->b &&
                r->result.name_len == a->name.len &&
                r->result.blob_sum == r->blob_sum;
    atomic_fetch_add(right ? &p->ok : &p->wrong, 1);
  } else if (status == FERRY_ECANCELED) {
    atomic_fetch_add(&p->cancelled, 1);
  } else {
    atomic_fetch_add(&p->other, 1);
  }
  if (atomic_exchange(&r->in_flight, 0) != 1) atomic_fetch_add(&p->twice, 1);
}

static void on_done(ferry_call *call, void *user) { check(user, call->status); }

static void prepare(record *r, int64_t i) {
  producer *p = r->owner;
  memset(&r->result, 0xff, sizeof r->result); /* a stale result shows */
  r->args.a = i;
  r->args.b = p->id << 40;
  const char *name = names[i % 4];
  /* Empty views get the dangling non-null pointers Rust would pass. */
  r->args.name.ptr = name[0] ? name : (const char *)1;
  r->args.name.len = strlen(name);
  if (i % 1000 == 999) {
    r->args.blob.ptr = large_blob;
    r->args.blob.len = LARGE_BLOB;
  } else if (i % 3 == 0) {
    r->args.blob.ptr = (uint8_t *)1;
    r->args.blob.len = 0;
  } else {
    for (int k = 0; k < 16; k++) r->small_blob[k] = (uint8_t)(i + k);
    r->args.blob.ptr = r->small_blob;
    r->args.blob.len = 16;
  }
  uint64_t sum = 0;
  for (size_t k = 0; k < r->args.blob.len; k++) sum += r->args.blob.ptr[k];
  r->blob_sum = sum;
}

static void *produce(void *arg) {
  producer *p = arg;
  for (int64_t i = 0; i < p->count; i++) {
    record *r = &p->records[i % WINDOW];
    while (atomic_load(&r->in_flight)) sched_yield();
    prepare(r, i);
    int sync = p->mode == RINGTEST_SYNC;
    ferry_call_init(&r->call, RINGTEST_FN_ADD, &r->args, &r->result,
                    sync ? NULL : on_done, r);
    atomic_store(&r->in_flight, 1);
    int status;
    if (sync) {
      status = ferry_ring_submit(p->ring, &r->call);
      if (status == FERRY_OK) {
        atomic_fetch_add(&p->accepted, 1);
        check(r, ferry_call_wait(&r->call));
        continue;
      }
    } else if (p->mode == RINGTEST_TRY) {
      while ((status = ferry_ring_try_submit(p->ring, &r->call)) == FERRY_EFULL)
        sched_yield();
    } else {
      status = ferry_ring_submit(p->ring, &r->call);
    }
    if (status == FERRY_OK) {
      atomic_fetch_add(&p->accepted, 1);
      continue;
    }
    atomic_store(&r->in_flight, 0);
    if (status == FERRY_ECLOSED) {
      atomic_fetch_add(&p->refused, p->count - i);
      break;
    }
    atomic_fetch_add(&p->other, 1);
  }
  for (int k = 0; k < WINDOW; k++)
    while (atomic_load(&p->records[k].in_flight)) sched_yield();
  return NULL;
}

ringtest_run *ringtest_start(ferry_ring *ring, int threads, int64_t per_thread,
                             int mode) {
  pthread_once(&large_once, fill_large);
  ringtest_run *run = calloc(1, sizeof *run);
  if (run == NULL) abort();
  run->threads = threads;
  run->producers = calloc((size_t)threads, sizeof *run->producers);
  if (run->producers == NULL) abort();
  for (int t = 0; t < threads; t++) {
    producer *p = &run->producers[t];
    p->ring = ring;
    p->count = per_thread;
    p->id = t;
    p->mode = mode;
    p->records = calloc(WINDOW, sizeof *p->records);
    if (p->records == NULL) abort();
    for (int k = 0; k < WINDOW; k++) p->records[k].owner = p;
    if (pthread_create(&p->thread, NULL, produce, p) != 0) abort();
  }
  return run;
}

void ringtest_join(ringtest_run *run, ringtest_report *report) {
  memset(report, 0, sizeof *report);
  for (int t = 0; t < run->threads; t++) {
    producer *p = &run->producers[t];
    pthread_join(p->thread, NULL);
    report->accepted += atomic_load(&p->accepted);
    report->refused += atomic_load(&p->refused);
    report->ok += atomic_load(&p->ok);
    report->cancelled += atomic_load(&p->cancelled);
    report->wrong += atomic_load(&p->wrong);
    report->other += atomic_load(&p->other);
    report->twice += atomic_load(&p->twice);
    free(p->records);
  }
  free(run->producers);
  free(run);
}

int ringtest_call(ferry_ring *ring, uint32_t fn) {
  ferry_call call;
  ferry_call_init(&call, fn, NULL, NULL, NULL, NULL);
  return ferry_ring_call(ring, &call);
}

typedef struct timed {
  ferry_call call;
  int64_t index;
  int64_t *done_ns;
  const struct timespec *start;
  _Atomic int *left, *ok;
} timed;

static int64_t since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)(t.tv_sec - t0->tv_sec) * 1000000000 + (t.tv_nsec - t0->tv_nsec);
}

static void timed_done(ferry_call *call, void *user) {
  timed *t = user;
  t->done_ns[t->index] = since(t->start);
  if (call->status == FERRY_OK) atomic_fetch_add(t->ok, 1);
  atomic_fetch_sub(t->left, 1);
}

int ringtest_timed(ferry_ring *ring, uint32_t fn, int n, int64_t *done_ns) {
  timed *calls = calloc((size_t)n, sizeof *calls);
  if (calls == NULL) abort();
  struct timespec start;
  _Atomic int left = n, ok = 0;
  int failed = 0;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (int i = 0; i < n; i++) {
    timed *t = &calls[i];
    *t = (timed){.index = i, .done_ns = done_ns, .start = &start, .left = &left, .ok = &ok};
    ferry_call_init(&t->call, fn, &t->index, NULL, timed_done, t);
    if (ferry_ring_submit(ring, &t->call) != FERRY_OK) {
      atomic_fetch_sub(&left, n - i);
      failed = 1;
      break;
    }
  }
  while (atomic_load(&left) > 0) sched_yield();
  free(calls);
  return failed ? -1 : atomic_load(&ok);
}
