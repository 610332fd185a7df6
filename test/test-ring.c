/* test-ring.c: the call ring (ferry_ring.h): single-thread semantics, a
 * full ring, wrap-around over many laps, many producers and consumers
 * with every call counted, and closes racing submits. The multi-thread
 * tests also run under ThreadSanitizer (make test-c-tsan). */
#include "ferry_ring.h"
#include "test.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A call as the tests see it: how often a server ran it and how often it
 * was completed, and with what. */
typedef struct counted_call {
  ferry_call call;
  _Atomic int runs;
  _Atomic int completions;
  _Atomic int status;
  int submit_status;
} counted_call;

static void count_completion(ferry_call *call, void *user) {
  counted_call *c = user;
  (void)call;
  atomic_store(&c->status, call->status);
  atomic_fetch_add(&c->completions, 1);
}

static void counted_init(counted_call *c, uint32_t fn) {
  memset(c, 0, sizeof *c);
  ferry_call_init(&c->call, fn, NULL, NULL, count_completion, c);
}

/* Runs a taken call the way a server does: count it, complete it. */
static void serve(ferry_call *call) {
  counted_call *c = call->user;
  atomic_fetch_add(&c->runs, 1);
  ferry_call_complete(call, (int)call->handler);
}

TEST(ring_new_rounds_capacity_and_checks_limits) {
  ferry_ring *ring = NULL;
  CHECK(ferry_ring_new(0, &ring) == FERRY_ERANGE);
  CHECK(ferry_ring_new(FERRY_RING_MAX_CAPACITY + 1, &ring) == FERRY_ERANGE);
  CHECK(ring == NULL);
  CHECK(ferry_ring_new(1, &ring) == FERRY_OK);
  CHECK(ferry_ring_capacity(ring) == 2);
  ferry_ring_free(ring);
  CHECK(ferry_ring_new(5, &ring) == FERRY_OK);
  CHECK(ferry_ring_capacity(ring) == 8);
  CHECK(ferry_ring_length(ring) == 0);
  CHECK(!ferry_ring_is_closed(ring));
  ferry_ring_free(ring);
}

TEST(ring_full_ring_pushes_back_and_keeps_order) {
  ferry_ring *ring;
  CHECK(ferry_ring_new(8, &ring) == FERRY_OK);
  counted_call calls[9];
  for (int i = 0; i < 9; i++) counted_init(&calls[i], (uint32_t)i);
  for (int i = 0; i < 8; i++)
    CHECK(ferry_ring_try_submit(ring, &calls[i].call) == FERRY_OK);
  CHECK(ferry_ring_length(ring) == 8);
  CHECK(ferry_ring_try_submit(ring, &calls[8].call) == FERRY_EFULL);

  ferry_call *taken[16];
  CHECK(ferry_ring_take(ring, taken, 3) == 3);
  for (int i = 0; i < 3; i++) CHECK(taken[i] == &calls[i].call);
  /* Room for one again: the refused call goes in now, last. */
  CHECK(ferry_ring_try_submit(ring, &calls[8].call) == FERRY_OK);
  CHECK(ferry_ring_take(ring, taken + 3, 16) == 6);
  for (int i = 0; i < 9; i++) {
    CHECK(taken[i] == &calls[i].call);
    serve(taken[i]);
  }
  CHECK(ferry_ring_take(ring, taken, 16) == 0);
  for (int i = 0; i < 9; i++) {
    CHECK(atomic_load(&calls[i].runs) == 1);
    CHECK(atomic_load(&calls[i].completions) == 1);
    CHECK(atomic_load(&calls[i].status) == i);
    CHECK(ferry_call_is_done(&calls[i].call));
  }
  ferry_ring_free(ring);
}

TEST(ring_submit_many_queues_what_fits_in_order) {
  ferry_ring *ring;
  CHECK(ferry_ring_new(8, &ring) == FERRY_OK);
  counted_call calls[12];
  ferry_call *batch[12];
  for (int i = 0; i < 12; i++) {
    counted_init(&calls[i], (uint32_t)i);
    batch[i] = &calls[i].call;
  }
  CHECK(ferry_ring_try_submit_many(ring, batch, 0) == 0);
  CHECK(ferry_ring_try_submit_many(ring, batch, 5) == 5);
  CHECK(ferry_ring_try_submit_many(ring, batch + 5, 7) == 3); /* room for 3 */
  CHECK(ferry_ring_try_submit_many(ring, batch + 8, 4) == 0); /* full */
  ferry_call *taken[12];
  CHECK(ferry_ring_take(ring, taken, 12) == 8);
  CHECK(ferry_ring_submit_many(ring, batch + 8, 4) == 4);
  CHECK(ferry_ring_take(ring, taken + 8, 12) == 4);
  for (int i = 0; i < 12; i++) CHECK(taken[i] == &calls[i].call);
  CHECK(ferry_ring_close(ring, FERRY_RING_DRAIN) == 0);
  CHECK(ferry_ring_try_submit_many(ring, batch, 3) == FERRY_ECLOSED);
  CHECK(ferry_ring_submit_many(ring, batch, 3) == 0);
  CHECK(ferry_ring_take(ring, taken, 12) == FERRY_ECLOSED);
  ferry_ring_free(ring);
}

TEST(ring_wraps_around_over_many_laps) {
  ferry_ring *ring;
  CHECK(ferry_ring_new(4, &ring) == FERRY_OK);
  counted_call calls[3];
  ferry_call *taken[4];
  /* 3 per round on 4 slots: the slots' positions shift every lap. */
  for (int round = 0; round < 100000; round++) {
    for (int i = 0; i < 3; i++) {
      counted_init(&calls[i], (uint32_t)(round * 3 + i));
      CHECK(ferry_ring_try_submit(ring, &calls[i].call) == FERRY_OK);
    }
    CHECK(ferry_ring_take(ring, taken, 2) == 2);
    CHECK(ferry_ring_take(ring, taken + 2, 2) == 1);
    for (int i = 0; i < 3; i++) {
      CHECK(taken[i] == &calls[i].call);
      CHECK(taken[i]->handler == (uint32_t)(round * 3 + i));
    }
  }
  CHECK(ferry_ring_length(ring) == 0);
  ferry_ring_free(ring);
}

TEST(ring_close_drain_refuses_new_calls_and_drains_old) {
  ferry_ring *ring;
  CHECK(ferry_ring_new(8, &ring) == FERRY_OK);
  counted_call calls[4];
  for (int i = 0; i < 4; i++) counted_init(&calls[i], (uint32_t)i);
  for (int i = 0; i < 3; i++)
    CHECK(ferry_ring_submit(ring, &calls[i].call) == FERRY_OK);
  CHECK(ferry_ring_close(ring, FERRY_RING_DRAIN) == 0);
  CHECK(ferry_ring_is_closed(ring));
  CHECK(ferry_ring_try_submit(ring, &calls[3].call) == FERRY_ECLOSED);
  CHECK(ferry_ring_submit(ring, &calls[3].call) == FERRY_ECLOSED);
  ferry_call *taken[8];
  CHECK(ferry_ring_wait_take(ring, taken, 8) == 3);
  for (int i = 0; i < 3; i++) serve(taken[i]);
  CHECK(ferry_ring_take(ring, taken, 8) == FERRY_ECLOSED);
  CHECK(ferry_ring_wait_take(ring, taken, 8) == FERRY_ECLOSED);
  for (int i = 0; i < 3; i++) CHECK(atomic_load(&calls[i].status) == i);
  CHECK(atomic_load(&calls[3].completions) == 0);
  CHECK(ferry_ring_close(ring, FERRY_RING_DRAIN) == 0); /* idempotent */
  CHECK(ferry_ring_close(ring, 7) == FERRY_EINVAL);
  ferry_ring_free(ring);
}

TEST(ring_close_cancel_completes_queued_calls_as_cancelled) {
  ferry_ring *ring;
  CHECK(ferry_ring_new(8, &ring) == FERRY_OK);
  counted_call calls[5];
  for (int i = 0; i < 5; i++) {
    counted_init(&calls[i], (uint32_t)i);
    CHECK(ferry_ring_submit(ring, &calls[i].call) == FERRY_OK);
  }
  ferry_call *taken[8];
  CHECK(ferry_ring_take(ring, taken, 2) == 2);
  CHECK(ferry_ring_close(ring, FERRY_RING_CANCEL) == 3);
  /* Calls taken before the close still finish normally. */
  serve(taken[0]);
  serve(taken[1]);
  CHECK(ferry_ring_take(ring, taken, 8) == FERRY_ECLOSED);
  for (int i = 0; i < 5; i++) {
    CHECK(atomic_load(&calls[i].completions) == 1);
    CHECK(atomic_load(&calls[i].runs) == (i < 2));
    CHECK(atomic_load(&calls[i].status) == (i < 2 ? i : FERRY_ECANCELED));
  }
  CHECK(ferry_ring_close(ring, FERRY_RING_CANCEL) == 0);
  ferry_ring_free(ring);
}

TEST(ring_call_wait_misuse_is_refused) {
  ferry_ring *ring;
  CHECK(ferry_ring_new(2, &ring) == FERRY_OK);
  counted_call c;
  counted_init(&c, 1);
  CHECK(ferry_call_wait(&c.call) == FERRY_EINVAL);
  CHECK(ferry_ring_call(ring, &c.call) == FERRY_EINVAL);
  CHECK(ferry_ring_length(ring) == 0);
  ferry_call *taken[1];
  CHECK(ferry_ring_wait_take(ring, taken, 0) == FERRY_EINVAL);
  ferry_ring_free(ring);
}

/* ---- Threads ------------------------------------------------------------ */

typedef struct server_args {
  ferry_ring *ring;
  useconds_t delay; /* before completing each call */
  _Atomic long served;
} server_args;

/* Serves calls without callbacks too: completes them with fn + 1. */
static void *server_main(void *p) {
  server_args *a = p;
  ferry_call *taken[8];
  for (;;) {
    int n = ferry_ring_wait_take(a->ring, taken, 8);
    if (n == FERRY_ECLOSED) return NULL;
    for (int i = 0; i < n; i++) {
      if (a->delay) usleep(a->delay);
      if (taken[i]->done == NULL) {
        ferry_call_complete(taken[i], (int)taken[i]->handler + 1);
      } else {
        serve(taken[i]);
      }
      atomic_fetch_add(&a->served, 1);
    }
  }
}

TEST(ring_call_sleeps_until_a_slow_server_completes) {
  ferry_ring *ring;
  CHECK(ferry_ring_new(4, &ring) == FERRY_OK);
  server_args sa = {.ring = ring, .delay = 20000};
  pthread_t server;
  CHECK(pthread_create(&server, NULL, server_main, &sa) == 0);
  for (uint32_t i = 0; i < 3; i++) {
    ferry_call call;
    ferry_call_init(&call, 40 + i, NULL, NULL, NULL, NULL);
    CHECK(ferry_ring_call(ring, &call) == (int)(41 + i));
    CHECK(ferry_call_is_done(&call));
  }
  CHECK(ferry_ring_close(ring, FERRY_RING_DRAIN) == 0);
  CHECK(pthread_join(server, NULL) == 0);
  CHECK(atomic_load(&sa.served) == 3);
  ferry_ring_free(ring);
}

TEST(ring_sleeping_server_wakes_on_close) {
  ferry_ring *ring;
  CHECK(ferry_ring_new(4, &ring) == FERRY_OK);
  server_args sa = {.ring = ring};
  pthread_t server;
  CHECK(pthread_create(&server, NULL, server_main, &sa) == 0);
  usleep(20000); /* long enough for the server to go to sleep */
  CHECK(ferry_ring_close(ring, FERRY_RING_DRAIN) == 0);
  CHECK(pthread_join(server, NULL) == 0);
  CHECK(atomic_load(&sa.served) == 0);
  ferry_ring_free(ring);
}

typedef struct producer_args {
  ferry_ring *ring;
  counted_call *calls;
  int count;
  int use_try; /* 0: submit, 1: try_submit and retry, 2: submit_many */
} producer_args;

/* Submits in batches of up to 5 with ferry_ring_submit_many. */
static void produce_many(producer_args *a) {
  for (int i = 0; i < a->count; i += 5) {
    ferry_call *batch[5];
    int n = a->count - i < 5 ? a->count - i : 5;
    for (int k = 0; k < n; k++) batch[k] = &a->calls[i + k].call;
    int queued = ferry_ring_submit_many(a->ring, batch, (size_t)n);
    for (int k = 0; k < n; k++)
      a->calls[i + k].submit_status = k < queued ? FERRY_OK : FERRY_ECLOSED;
    if (queued < n) {
      for (int j = i + n; j < a->count; j++)
        a->calls[j].submit_status = FERRY_ECLOSED;
      return;
    }
  }
}

static void *producer_main(void *p) {
  producer_args *a = p;
  if (a->use_try == 2) {
    produce_many(a);
    return NULL;
  }
  for (int i = 0; i < a->count; i++) {
    counted_call *c = &a->calls[i];
    int status;
    if (a->use_try) {
      while ((status = ferry_ring_try_submit(a->ring, &c->call)) == FERRY_EFULL)
        sched_yield();
    } else {
      status = ferry_ring_submit(a->ring, &c->call);
    }
    c->submit_status = status;
    if (status == FERRY_ECLOSED) {
      /* Everything after a refusal is refused too. */
      for (int j = i + 1; j < a->count; j++)
        a->calls[j].submit_status = ferry_ring_try_submit(a->ring,
                                                          &a->calls[j].call);
      return NULL;
    }
  }
  return NULL;
}

enum { PRODUCERS = 4, SERVERS = 3, PER_PRODUCER = 20000 };

/* Many producers on a small ring (so submitters sleep on a full ring and
 * servers on an empty one), every call counted. */
TEST(ring_mpmc_stress_runs_every_call_exactly_once) {
  ferry_ring *ring;
  CHECK(ferry_ring_new(16, &ring) == FERRY_OK);
  counted_call *calls = calloc(PRODUCERS * PER_PRODUCER, sizeof *calls);
  CHECK(calls != NULL);
  for (int i = 0; i < PRODUCERS * PER_PRODUCER; i++)
    counted_init(&calls[i], (uint32_t)i);
  server_args sa = {.ring = ring};
  producer_args pa[PRODUCERS];
  pthread_t servers[SERVERS], producers[PRODUCERS];
  for (int i = 0; i < SERVERS; i++)
    CHECK(pthread_create(&servers[i], NULL, server_main, &sa) == 0);
  for (int i = 0; i < PRODUCERS; i++) {
    pa[i] = (producer_args){ring, calls + i * PER_PRODUCER, PER_PRODUCER,
                            i % 3};
    CHECK(pthread_create(&producers[i], NULL, producer_main, &pa[i]) == 0);
  }
  for (int i = 0; i < PRODUCERS; i++) CHECK(pthread_join(producers[i], NULL) == 0);
  CHECK(ferry_ring_close(ring, FERRY_RING_DRAIN) == 0);
  for (int i = 0; i < SERVERS; i++) CHECK(pthread_join(servers[i], NULL) == 0);
  int bad = 0;
  for (int i = 0; i < PRODUCERS * PER_PRODUCER; i++) {
    counted_call *c = &calls[i];
    bad += c->submit_status != FERRY_OK || atomic_load(&c->runs) != 1 ||
           atomic_load(&c->completions) != 1 || atomic_load(&c->status) != i;
  }
  CHECK(bad == 0);
  CHECK(atomic_load(&sa.served) == PRODUCERS * PER_PRODUCER);
  free(calls);
  ferry_ring_free(ring);
}

/* Closes while producers are submitting and servers serving: every call
 * that was accepted is completed exactly once, run (its status) or
 * cancelled (FERRY_ECANCELED, never run); refused calls are untouched. */
static int close_race(int mode, useconds_t close_after) {
  enum { PER = 5000 };
  ferry_ring *ring;
  if (ferry_ring_new(8, &ring) != FERRY_OK) return 0;
  counted_call *calls = calloc(PRODUCERS * PER, sizeof *calls);
  if (calls == NULL) return 0;
  for (int i = 0; i < PRODUCERS * PER; i++) counted_init(&calls[i], (uint32_t)i);
  server_args sa = {.ring = ring};
  producer_args pa[PRODUCERS];
  pthread_t servers[2], producers[PRODUCERS];
  for (int i = 0; i < 2; i++) pthread_create(&servers[i], NULL, server_main, &sa);
  for (int i = 0; i < PRODUCERS; i++) {
    pa[i] = (producer_args){ring, calls + i * PER, PER, i % 3};
    pthread_create(&producers[i], NULL, producer_main, &pa[i]);
  }
  usleep(close_after);
  int cancelled = ferry_ring_close(ring, mode);
  for (int i = 0; i < PRODUCERS; i++) pthread_join(producers[i], NULL);
  for (int i = 0; i < 2; i++) pthread_join(servers[i], NULL);

  int ok = cancelled >= 0, n_cancelled = 0, n_refused = 0;
  for (int i = 0; i < PRODUCERS * PER; i++) {
    counted_call *c = &calls[i];
    int runs = atomic_load(&c->runs), done = atomic_load(&c->completions);
    int status = atomic_load(&c->status);
    if (c->submit_status == FERRY_ECLOSED) {
      ok &= runs == 0 && done == 0;
      n_refused++;
    } else if (c->submit_status == FERRY_OK) {
      ok &= done == 1 && ((runs == 1 && status == i) ||
                          (runs == 0 && status == FERRY_ECANCELED));
      n_cancelled += status == FERRY_ECANCELED;
    } else {
      ok = 0;
    }
  }
  /* Drain never cancels; cancel's count covers its own thread's share. */
  ok &= mode == FERRY_RING_CANCEL ? n_cancelled >= cancelled
                                  : n_cancelled == 0 && cancelled == 0;
  ok &= ferry_ring_length(ring) == 0;
  free(calls);
  ferry_ring_free(ring);
  return ok;
}

TEST(ring_close_drain_races_submitters) {
  for (int i = 0; i < 6; i++) CHECK(close_race(FERRY_RING_DRAIN, 500u * i));
}

TEST(ring_close_cancel_races_submitters) {
  for (int i = 0; i < 6; i++) CHECK(close_race(FERRY_RING_CANCEL, 500u * i));
}

/* A cancel with no server at all: submitters asleep on the full ring are
 * woken and refused, and all queued calls are cancelled. */
TEST(ring_close_cancel_wakes_blocked_submitters) {
  ferry_ring *ring;
  CHECK(ferry_ring_new(4, &ring) == FERRY_OK);
  enum { PER = 50 };
  counted_call *calls = calloc(2 * PER, sizeof *calls);
  CHECK(calls != NULL);
  for (int i = 0; i < 2 * PER; i++) counted_init(&calls[i], (uint32_t)i);
  producer_args pa[2];
  pthread_t producers[2];
  for (int i = 0; i < 2; i++) {
    pa[i] = (producer_args){ring, calls + i * PER, PER, 0};
    CHECK(pthread_create(&producers[i], NULL, producer_main, &pa[i]) == 0);
  }
  while (ferry_ring_length(ring) < 4) usleep(1000);
  usleep(20000); /* let both producers fall asleep on the full ring */
  CHECK(ferry_ring_close(ring, FERRY_RING_CANCEL) == 4);
  for (int i = 0; i < 2; i++) CHECK(pthread_join(producers[i], NULL) == 0);
  int accepted = 0;
  for (int i = 0; i < 2 * PER; i++) {
    counted_call *c = &calls[i];
    if (c->submit_status == FERRY_OK) {
      accepted++;
      CHECK(atomic_load(&c->status) == FERRY_ECANCELED);
      CHECK(atomic_load(&c->completions) == 1);
    } else {
      CHECK(c->submit_status == FERRY_ECLOSED);
      CHECK(atomic_load(&c->completions) == 0);
    }
  }
  CHECK(accepted == 4);
  free(calls);
  ferry_ring_free(ring);
}
