/* ferry_ring.h: asynchronous calls from native code into Go.
 *
 * A ring is a bounded, lock-free queue of pending calls in ordinary
 * process memory. Native threads (C, Rust) submit calls; Go worker
 * goroutines take them, run the Go handler the call names and complete
 * it. A call is a ferry_call the caller owns: the ring holds only a
 * pointer to it, so arguments and results are never copied by the ring.
 *
 * Guarantees:
 *   - every call that submit accepted (FERRY_OK) is completed exactly
 *     once: either run by a server or, on a cancelling close, completed
 *     with FERRY_ECANCELED; its status says which;
 *   - a full ring pushes back: try_submit says FERRY_EFULL, submit waits
 *     for room; nothing is dropped;
 *   - idle servers and waiting submitters sleep on futexes and are woken
 *     only when someone sleeps, so a busy ring makes no system calls.
 *
 * The ring works between threads of one process (private futexes). */
#ifndef FERRY_RING_H
#define FERRY_RING_H

#include "ferry.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ferry_ring ferry_ring;
typedef struct ferry_call ferry_call;

/* Runs once when a call completes, on the completing thread (a Go worker
 * or the thread that closed the ring). It may free the call. It should be
 * short: it delays the worker's next call. */
typedef void (*ferry_call_done_fn)(ferry_call *call, void *user);

/* One call. Fill it with ferry_call_init; the caller keeps it alive and
 * unmoved until it completes (until done runs, when done is set). */
struct ferry_call {
  uint32_t handler;        /* index of the handler the server runs */
  uint32_t state;          /* the runtime's: pending, sleeping or done */
  int32_t status;          /* the call's status, valid once done */
  uint32_t reserved;       /* zero */
  const void *args;        /* the argument struct, borrowed until done */
  void *result;            /* where the handler writes its result */
  ferry_call_done_fn done; /* NULL: wait with ferry_call_wait */
  void *user;              /* passed to done */
};

/* Prepares call for submission; done and user may be NULL. */
void ferry_call_init(ferry_call *call, uint32_t handler, const void *args,
                     void *result, ferry_call_done_fn done, void *user);

/* 1 once the call has completed, else 0. */
int ferry_call_is_done(const ferry_call *call);

/* Waits until a call without a done callback completes; returns its
 * status. Spins briefly, then sleeps on a futex. */
int ferry_call_wait(ferry_call *call);

/* Completes a taken call with status: for servers. Stores the status,
 * then wakes the waiter or runs done. The call must not be touched after. */
void ferry_call_complete(ferry_call *call, int status);

/* Ring capacities are powers of two in this range. */
#define FERRY_RING_MIN_CAPACITY ((size_t)2)
#define FERRY_RING_MAX_CAPACITY ((size_t)1 << 24)

/* Makes a ring of capacity calls (rounded up to a power of two).
 * FERRY_ERANGE outside the limits, FERRY_ENOMEM; *out untouched then. */
int ferry_ring_new(size_t capacity, ferry_ring **out);

/* Frees a ring nobody uses any more: closed, servers gone, no submitter
 * inside. Calls still queued are not completed: close first. NULL is
 * ignored. */
void ferry_ring_free(ferry_ring *ring);

/* The number of calls the ring holds. */
size_t ferry_ring_capacity(const ferry_ring *ring);

/* The number of calls queued and not yet taken; a snapshot. */
size_t ferry_ring_length(const ferry_ring *ring);

/* Queues call without waiting: FERRY_OK, FERRY_EFULL, or FERRY_ECLOSED
 * once the ring is closed. Only FERRY_OK hands the call to the ring. */
int ferry_ring_try_submit(ferry_ring *ring, ferry_call *call);

/* Queues call, sleeping while the ring is full: FERRY_OK or
 * FERRY_ECLOSED (also when the ring closes while waiting). */
int ferry_ring_submit(ferry_ring *ring, ferry_call *call);

/* Queues calls[0..n) in order without waiting, as far as there is room:
 * returns how many were queued from the first (0 when full), or
 * FERRY_ECLOSED. One CAS and one wakeup check for the whole batch. */
int ferry_ring_try_submit_many(ferry_ring *ring, ferry_call *const *calls,
                               size_t n);

/* Queues calls[0..n) in order, sleeping while the ring is full. Returns
 * how many were queued from the first: n, or fewer if the ring closed
 * (the rest were not queued and will not complete). */
int ferry_ring_submit_many(ferry_ring *ring, ferry_call *const *calls,
                           size_t n);

/* Submits a call without a done callback and waits for it: its status,
 * or FERRY_ECLOSED when it could not be queued. */
int ferry_ring_call(ferry_ring *ring, ferry_call *call);

/* Takes up to max queued calls into calls[] without waiting, for
 * servers. Returns how many (0 when none is ready), or FERRY_ECLOSED once
 * the ring is closed and every accepted call has been taken. */
int ferry_ring_take(ferry_ring *ring, ferry_call **calls, size_t max);

/* Like ferry_ring_take, but sleeps until at least one call is ready or
 * the ring is closed and drained: returns >= 1 or FERRY_ECLOSED. */
int ferry_ring_wait_take(ferry_ring *ring, ferry_call **calls, size_t max);

/* Makes servers that find the ring empty poll it for usec microseconds
 * before they sleep (0, the default: a few microseconds). Longer costs
 * CPU while idle and saves submitters the futex wake of a sleeping server:
 * worth it when calls come one at a time, as futures submit them. */
void ferry_ring_set_idle_spin(ferry_ring *ring, uint32_t usec);

/* How ferry_ring_close treats calls still queued. */
enum ferry_ring_close_mode {
  FERRY_RING_DRAIN = 0,  /* servers run them, then see FERRY_ECLOSED */
  FERRY_RING_CANCEL = 1, /* completed at once with FERRY_ECANCELED */
};

/* Closes the ring: every later submit fails with FERRY_ECLOSED and
 * sleepers wake. Calls already taken by servers finish normally. With
 * FERRY_RING_CANCEL the queued ones are completed with FERRY_ECANCELED,
 * on this thread or a server's; returns how many this thread cancelled.
 * Idempotent; a CANCEL after a DRAIN cancels what is still queued. */
int ferry_ring_close(ferry_ring *ring, int mode);

/* 1 once ferry_ring_close has been called, else 0. */
int ferry_ring_is_closed(const ferry_ring *ring);

#ifdef __cplusplus
}
#endif

#endif /* FERRY_RING_H */
