/* ring.c: the call ring of ferry_ring.h, native threads -> Go workers.
 *
 * The queue is a bounded multi-producer multi-consumer array of call
 * pointers in the manner of D. Vyukov's bounded queue: every slot has a
 * sequence number telling whose turn it is. A producer may fill slot
 * pos & mask when its seq == pos and publishes it with seq = pos + 1; a
 * consumer may empty it when seq == pos + 1 and frees it for the next lap
 * with seq = pos + capacity. tail and head only grow (64 bits never wrap)
 * and are claimed with a CAS, so no two threads ever own one slot; one
 * CAS claims a run of slots, so batches cost one CAS and one wakeup check.
 *
 * Invariants:
 *   - tail's top bit is the closed flag. A producer claims a slot by a CAS
 *     on tail, which fails once the flag is set, so the set of accepted
 *     calls is fixed at the moment of closing: positions below
 *     tail & ~CLOSED. A closed ring is drained when head reaches that.
 *   - every accepted call is taken by exactly one consumer (the head CAS)
 *     and completed exactly once: run by a server, or cancelled.
 *   - sleeping uses an event count per direction: a sleeper registers in
 *     `sleepers`, re-checks the queue, then sleeps on `epoch` with the
 *     value read before the re-check. The waker publishes its change, then
 *     reads `sleepers` with an RMW (see ferry__event_notify; no fences,
 *     which ThreadSanitizer does not understand), so at least one of them
 *     sees the other and no wakeup is lost; a busy ring never enters the
 *     kernel.
 *     A call wakes one server; the changes that concern all of them wake
 *     all: the close, and the taking of a closed ring's last call. */
#include "ferry_ring.h"

#include <limits.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef __linux__
#error "ferry's ring sleeps on Linux futexes; port ferry__futex_* first"
#endif
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FERRY__CACHE_LINE 64
#define FERRY__RING_CLOSED ((uint64_t)1 << 63)

/* Rounds of polling before a thread sleeps: a call usually arrives or
 * completes within a few microseconds under load, and a futex round trip
 * costs more than that. First pauses (the other side is running on
 * another core), then yields (it may be waiting for this core). */
#define FERRY__SPIN_ROUNDS 100
#define FERRY__YIELD_ROUNDS 8

/* ferry_call.state */
enum { FERRY__CALL_PENDING = 0, FERRY__CALL_SLEEPING = 1, FERRY__CALL_DONE = 2 };

typedef struct ferry__slot {
  _Atomic uint64_t seq;
  ferry_call *call; /* written before seq publishes it */
} ferry__slot;

typedef struct ferry__event {
  _Atomic uint32_t epoch;    /* the futex word; bumped by each wakeup */
  _Atomic uint32_t sleepers; /* threads between prepare and wake-up */
} ferry__event;

/* Producers and consumers write different lines, so they do not fight
 * over a cache line they both only read. */
struct ferry_ring {
  _Alignas(FERRY__CACHE_LINE) _Atomic uint64_t tail; /* + closed flag */
  _Alignas(FERRY__CACHE_LINE) _Atomic uint64_t head;
  _Alignas(FERRY__CACHE_LINE) ferry__event not_empty; /* servers sleep */
  _Alignas(FERRY__CACHE_LINE) ferry__event not_full; /* submitters sleep */
  _Alignas(FERRY__CACHE_LINE) uint64_t mask;          /* capacity - 1 */
  _Atomic int cancelling; /* set by a FERRY_RING_CANCEL close */
  _Atomic uint32_t idle_spin_us; /* see ferry_ring_set_idle_spin */
  _Alignas(FERRY__CACHE_LINE) ferry__slot slots[];
};

/* ---- Waiting ---------------------------------------------------------- */

static inline void ferry__cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* One round of polling: 1 to poll again, 0 when it is time to sleep. */
static int ferry__backoff(int round) {
  if (round < FERRY__SPIN_ROUNDS) {
    ferry__cpu_relax();
    return 1;
  }
  if (round < FERRY__SPIN_ROUNDS + FERRY__YIELD_ROUNDS) {
    sched_yield();
    return 1;
  }
  return 0;
}

/* Returns when *word != expected, on a wakeup, or spuriously. */
static void ferry__futex_wait(void *word, uint32_t expected) {
  syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

static void ferry__futex_wake(void *word, int count) {
  syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, count, NULL, NULL, 0);
}

/* The sleeper registers, then must re-check its condition before
 * ferry__event_sleep with the returned epoch. */
static uint32_t ferry__event_prepare(ferry__event *ev) {
  atomic_fetch_add(&ev->sleepers, 1);
  return atomic_load(&ev->epoch);
}

static void ferry__event_sleep(ferry__event *ev, uint32_t epoch) {
  ferry__futex_wait(&ev->epoch, epoch);
  atomic_fetch_sub(&ev->sleepers, 1);
}

static void ferry__event_cancel(ferry__event *ev) {
  atomic_fetch_sub(&ev->sleepers, 1);
}

/* Called after publishing a change. Reading sleepers with an RMW orders
 * it against the sleeper's own RMW: if ours comes later, we see the
 * sleeper; if earlier, the sleeper's RMW reads ours and so sees what we
 * published before it (release, then acquire). One RMW per batch costs
 * less than a seq_cst store per slot. */
static void ferry__event_notify(ferry__event *ev, int count) {
  if (atomic_fetch_add(&ev->sleepers, 0) == 0) return;
  atomic_fetch_add(&ev->epoch, 1);
  ferry__futex_wake(&ev->epoch, count);
}

/* ---- Calls ------------------------------------------------------------ */

void ferry_call_init(ferry_call *call, uint32_t handler, const void *args,
                     void *result, ferry_call_done_fn done, void *user) {
  memset(call, 0, sizeof *call);
  call->handler = handler;
  call->args = args;
  call->result = result;
  call->done = done;
  call->user = user;
}

int ferry_call_is_done(const ferry_call *call) {
  return __atomic_load_n(&call->state, __ATOMIC_ACQUIRE) == FERRY__CALL_DONE;
}

int ferry_call_wait(ferry_call *call) {
  /* A call with a callback may be freed by it: nobody may wait on it. */
  if (call->done != NULL) return FERRY_EINVAL;
  for (int round = 0; ferry__backoff(round); round++)
    if (ferry_call_is_done(call)) return call->status;
  for (;;) {
    uint32_t state = __atomic_load_n(&call->state, __ATOMIC_ACQUIRE);
    if (state == FERRY__CALL_DONE) return call->status;
    if (state == FERRY__CALL_PENDING &&
        !__atomic_compare_exchange_n(&call->state, &state,
                                     FERRY__CALL_SLEEPING, 0,
                                     __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
      continue;
    ferry__futex_wait(&call->state, FERRY__CALL_SLEEPING);
  }
}

void ferry_call_complete(ferry_call *call, int status) {
  /* Read before publishing: once done, the owner may free the call. */
  ferry_call_done_fn done = call->done;
  void *user = call->user;
  call->status = status;
  if (done != NULL) {
    __atomic_store_n(&call->state, FERRY__CALL_DONE, __ATOMIC_RELEASE);
    done(call, user);
    return;
  }
  if (__atomic_exchange_n(&call->state, FERRY__CALL_DONE, __ATOMIC_ACQ_REL) ==
      FERRY__CALL_SLEEPING)
    /* The waiter may already have seen DONE and freed the call: a wake on
     * a dead address is harmless (at worst a spurious wakeup elsewhere,
     * which every futex waiter tolerates). */
    ferry__futex_wake(&call->state, INT_MAX);
}

/* ---- The ring --------------------------------------------------------- */

int ferry_ring_new(size_t capacity, ferry_ring **out) {
  if (capacity == 0 || capacity > FERRY_RING_MAX_CAPACITY) return FERRY_ERANGE;
  /* One slot cannot work: its seq could not tell full from empty. */
  size_t cap = FERRY_RING_MIN_CAPACITY;
  while (cap < capacity) cap <<= 1;
  size_t size = sizeof(ferry_ring) + cap * sizeof(ferry__slot);
  size = (size + FERRY__CACHE_LINE - 1) & ~(size_t)(FERRY__CACHE_LINE - 1);
  ferry_ring *ring = aligned_alloc(FERRY__CACHE_LINE, size);
  if (ring == NULL) return FERRY_ENOMEM;
  memset(ring, 0, size);
  ring->mask = cap - 1;
  for (size_t i = 0; i < cap; i++) atomic_init(&ring->slots[i].seq, i);
  *out = ring;
  return FERRY_OK;
}

void ferry_ring_free(ferry_ring *ring) { free(ring); }

size_t ferry_ring_capacity(const ferry_ring *ring) {
  return (size_t)ring->mask + 1;
}

size_t ferry_ring_length(const ferry_ring *ring) {
  /* head first: tail read later is at least that head. */
  uint64_t head = atomic_load((_Atomic uint64_t *)&ring->head);
  uint64_t tail = atomic_load((_Atomic uint64_t *)&ring->tail);
  return (size_t)((tail & ~FERRY__RING_CLOSED) - head);
}

int ferry_ring_is_closed(const ferry_ring *ring) {
  return (atomic_load((_Atomic uint64_t *)&ring->tail) & FERRY__RING_CLOSED) !=
         0;
}

/* Claims up to n free slots from tail with one CAS and publishes calls[]
 * in them. Returns how many; when 0, *why says FERRY_EFULL or
 * FERRY_ECLOSED. Checking the slots before the CAS is enough: a free slot
 * (seq == its position) stays free until its position's producer, which
 * the CAS makes us, fills it. */
static size_t ferry__ring_push_many(ferry_ring *ring, ferry_call *const *calls,
                                    size_t n, int *why) {
  uint64_t pos = atomic_load_explicit(&ring->tail, memory_order_relaxed);
  for (;;) {
    if (pos & FERRY__RING_CLOSED) {
      *why = FERRY_ECLOSED;
      return 0;
    }
    size_t free_slots = 0;
    int stale = 0;
    while (free_slots < n) {
      uint64_t p = pos + free_slots;
      int64_t diff = (int64_t)(atomic_load_explicit(&ring->slots[p & ring->mask].seq,
                                                    memory_order_acquire) -
                               p);
      if (diff < 0) break; /* its last-lap call is not taken yet: full */
      if (diff > 0) {      /* filled already: pos is stale */
        stale = 1;
        break;
      }
      free_slots++;
    }
    if (stale) {
      pos = atomic_load_explicit(&ring->tail, memory_order_relaxed);
      continue;
    }
    if (free_slots == 0) {
      *why = FERRY_EFULL;
      return 0;
    }
    if (atomic_compare_exchange_weak(&ring->tail, &pos, pos + free_slots)) {
      for (size_t i = 0; i < free_slots; i++) {
        ferry__slot *slot = &ring->slots[(pos + i) & ring->mask];
        slot->call = calls[i];
        atomic_store_explicit(&slot->seq, pos + i + 1, memory_order_release);
      }
      return free_slots;
    }
  }
}

/* Claims up to max published slots from head with one CAS, takes their
 * calls into out[] and frees the slots for the next lap. Returns how many:
 * 0 when the ring is empty or its next call is claimed but not yet
 * published by its producer. */
static size_t ferry__ring_pop_many(ferry_ring *ring, ferry_call **out,
                                   size_t max) {
  uint64_t pos = atomic_load_explicit(&ring->head, memory_order_relaxed);
  for (;;) {
    size_t ready = 0;
    int stale = 0;
    while (ready < max) {
      uint64_t p = pos + ready;
      int64_t diff = (int64_t)(atomic_load_explicit(&ring->slots[p & ring->mask].seq,
                                                    memory_order_acquire) -
                               (p + 1));
      if (diff < 0) break; /* not published yet */
      if (diff > 0) {      /* taken already: pos is stale */
        stale = 1;
        break;
      }
      ready++;
    }
    if (stale) {
      pos = atomic_load_explicit(&ring->head, memory_order_relaxed);
      continue;
    }
    if (ready == 0) return 0;
    if (atomic_compare_exchange_weak(&ring->head, &pos, pos + ready)) {
      for (size_t i = 0; i < ready; i++) {
        ferry__slot *slot = &ring->slots[(pos + i) & ring->mask];
        out[i] = slot->call;
        atomic_store_explicit(&slot->seq, pos + i + ring->mask + 1,
                              memory_order_release);
      }
      return ready;
    }
  }
}

static ferry_call *ferry__ring_pop(ferry_ring *ring) {
  ferry_call *call;
  return ferry__ring_pop_many(ring, &call, 1) ? call : NULL;
}

/* Closed, and every accepted call has been taken. */
static int ferry__ring_drained(ferry_ring *ring) {
  uint64_t tail = atomic_load(&ring->tail);
  return (tail & FERRY__RING_CLOSED) &&
         atomic_load(&ring->head) == (tail & ~FERRY__RING_CLOSED);
}

static int ferry__wake_count(size_t n) {
  return n > INT_MAX ? INT_MAX : (int)n;
}

int ferry_ring_try_submit_many(ferry_ring *ring, ferry_call *const *calls,
                               size_t n) {
  if (n > INT_MAX) n = INT_MAX;
  if (n == 0) return 0;
  int why = FERRY_OK;
  size_t queued = ferry__ring_push_many(ring, calls, n, &why);
  if (queued > 0) {
    ferry__event_notify(&ring->not_empty, ferry__wake_count(queued));
    return (int)queued;
  }
  return why == FERRY_ECLOSED ? FERRY_ECLOSED : 0;
}

int ferry_ring_submit_many(ferry_ring *ring, ferry_call *const *calls,
                           size_t n) {
  if (n > INT_MAX) n = INT_MAX;
  size_t queued = 0;
  int round = 0;
  while (queued < n) {
    int why = FERRY_OK;
    size_t k = ferry__ring_push_many(ring, calls + queued, n - queued, &why);
    if (k > 0) {
      ferry__event_notify(&ring->not_empty, ferry__wake_count(k));
      queued += k;
      round = 0;
      continue;
    }
    if (why == FERRY_ECLOSED) break;
    if (ferry__backoff(round++)) continue;
    uint32_t epoch = ferry__event_prepare(&ring->not_full);
    k = ferry__ring_push_many(ring, calls + queued, n - queued, &why);
    if (k > 0 || why == FERRY_ECLOSED) {
      ferry__event_cancel(&ring->not_full);
      if (k > 0) ferry__event_notify(&ring->not_empty, ferry__wake_count(k));
      queued += k;
      round = 0;
      if (k == 0) break;
      continue;
    }
    ferry__event_sleep(&ring->not_full, epoch);
  }
  return (int)queued;
}

int ferry_ring_try_submit(ferry_ring *ring, ferry_call *call) {
  int n = ferry_ring_try_submit_many(ring, &call, 1);
  return n == 1 ? FERRY_OK : n == 0 ? FERRY_EFULL : n;
}

int ferry_ring_submit(ferry_ring *ring, ferry_call *call) {
  return ferry_ring_submit_many(ring, &call, 1) == 1 ? FERRY_OK
                                                     : FERRY_ECLOSED;
}

int ferry_ring_call(ferry_ring *ring, ferry_call *call) {
  if (call->done != NULL) return FERRY_EINVAL;
  int status = ferry_ring_submit(ring, call);
  if (status != FERRY_OK) return status;
  return ferry_call_wait(call);
}

int ferry_ring_take(ferry_ring *ring, ferry_call **calls, size_t max) {
  if (max > INT_MAX) max = INT_MAX;
  size_t taken = 0, popped = 0;
  while (taken == 0) {
    size_t n = ferry__ring_pop_many(ring, calls, max);
    if (n == 0) break;
    popped += n;
    if (atomic_load_explicit(&ring->cancelling, memory_order_relaxed)) {
      for (size_t i = 0; i < n; i++)
        ferry_call_complete(calls[i], FERRY_ECANCELED);
      continue;
    }
    taken = n;
  }
  if (popped > 0) {
    ferry__event_notify(&ring->not_full, ferry__wake_count(popped));
    /* Taking a closed ring's last call is a change every sleeping server
     * must hear of: none will be woken by a call any more. */
    if (ferry__ring_drained(ring))
      ferry__event_notify(&ring->not_empty, INT_MAX);
  }
  if (taken == 0 && ferry__ring_drained(ring)) return FERRY_ECLOSED;
  return (int)taken;
}

static uint64_t ferry__now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void ferry_ring_set_idle_spin(ferry_ring *ring, uint32_t usec) {
  atomic_store_explicit(&ring->idle_spin_us, usec, memory_order_relaxed);
}

int ferry_ring_wait_take(ferry_ring *ring, ferry_call **calls, size_t max) {
  if (max == 0) return FERRY_EINVAL;
  uint64_t spin_until = 0;
  for (int round = 0;; round++) {
    int n = ferry_ring_take(ring, calls, max);
    if (n != 0) return n;
    if (ferry__backoff(round)) continue;
    /* Then, if asked to, poll on for a while: a submitter that finds its
     * server asleep pays a futex wake, one per call in the worst case. */
    uint32_t spin_us =
        atomic_load_explicit(&ring->idle_spin_us, memory_order_relaxed);
    if (spin_us > 0) {
      if (spin_until == 0) spin_until = ferry__now_ns() + spin_us * 1000ull;
      if ((round & 63) != 0 || ferry__now_ns() < spin_until) {
        ferry__cpu_relax();
        continue;
      }
    }
    uint32_t epoch = ferry__event_prepare(&ring->not_empty);
    n = ferry_ring_take(ring, calls, max);
    if (n != 0) {
      ferry__event_cancel(&ring->not_empty);
      return n;
    }
    ferry__event_sleep(&ring->not_empty, epoch);
  }
}

static void ferry__event_wake_all(ferry__event *ev) {
  atomic_fetch_add(&ev->epoch, 1);
  ferry__futex_wake(&ev->epoch, INT_MAX);
}

int ferry_ring_close(ferry_ring *ring, int mode) {
  if (mode != FERRY_RING_DRAIN && mode != FERRY_RING_CANCEL)
    return FERRY_EINVAL;
  /* Set before closing, so a server that takes a call after the close
   * completes it as cancelled instead of running it. */
  if (mode == FERRY_RING_CANCEL) atomic_store(&ring->cancelling, 1);
  atomic_fetch_or(&ring->tail, FERRY__RING_CLOSED);
  ferry__event_wake_all(&ring->not_empty);
  ferry__event_wake_all(&ring->not_full);
  if (mode == FERRY_RING_DRAIN) return 0;
  int cancelled = 0;
  while (!ferry__ring_drained(ring)) {
    ferry_call *call = ferry__ring_pop(ring);
    if (call != NULL) {
      ferry_call_complete(call, FERRY_ECANCELED);
      cancelled++;
    } else {
      /* A producer claimed a slot before the close and is about to
       * publish it: a few instructions away. */
      sched_yield();
    }
  }
  /* Servers that went back to sleep while this thread cancelled must
   * hear that the ring is drained: see ferry_ring_take. */
  ferry__event_notify(&ring->not_empty, INT_MAX);
  return cancelled;
}
