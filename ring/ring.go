// Package ring serves asynchronous calls from native code (C, Rust) to Go.
//
// A native -> Go async call, end to end:
//
//  1. The native caller fills a ferry_call (include/ferry_ring.h): the
//     index of the Go handler, a pointer to its argument struct, a pointer
//     to where the result goes, and how it wants to hear of completion (a
//     callback, which is how Rust futures are woken, or a futex word
//     ferry_call_wait sleeps on). It submits the call to a ring
//     (src/ring.c): a bounded lock-free queue of call pointers. A full
//     ring pushes back: the submitter is told FERRY_EFULL or sleeps.
//  2. A worker goroutine of a [Ring] (worker.go) takes calls in batches
//     through one cgo call, which sleeps on a futex while the ring is
//     empty; being a cgo call, the sleep holds no P.
//  3. The worker runs the handler registered for the call's index with
//     the argument and result pointers. Arguments are views of native
//     memory (ferry_str, ferry_bytes, slices of structs): read in place,
//     never copied, not kept after the handler returns.
//  4. The next cgo call of the worker completes the batch: it stores each
//     status, then runs each callback or wakes each waiter, and takes the
//     next batch. A handler that blocks does not hold up the calls around
//     it: its worker is found and replaced, and its calls run on
//     goroutines of their own (worker.go).
//
// Closing a ring refuses new calls. Calls already queued are then either
// all run (drain) or completed with ECANCELED (cancel); the caller's
// status says which, and every accepted call completes exactly once.
package ring

/*
#cgo CFLAGS: -I${SRCDIR}/../include -O2
#include "ferry_ring.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/ferry-ffi/ferry"
)

// Handler runs one call. args and result point to native memory laid out
// as the interface says (nil when the call has none). The handler reads
// args in place and must not keep pointers into it after returning; it
// writes the result, allocating with C's malloc whatever the native side
// is to own and free. The status it returns is the call's status.
type Handler func(args, result unsafe.Pointer) ferry.Status

// ErrGoexit is what OnPanic hears when a handler calls runtime.Goexit.
// The call completes with EPANIC, the calls after it in the worker's
// batch with ECANCELED (they did not run), and a new worker replaces the
// one that exited.
var ErrGoexit = errors.New("ring: handler called runtime.Goexit")

// Ring is a native -> Go call ring and the goroutines that serve it.
type Ring struct {
	ring     *C.ferry_ring
	handlers []Handler
	// panicWriters[i], when set, writes the result of a call of handler i
	// that panicked (OnHandlerPanic).
	panicWriters []func(result unsafe.Pointer, value any)
	onPanic      func(fn uint32, value any)
	started      bool
	// closed is set by Close, which may run on several goroutines at
	// once (it is idempotent, like ferry_ring_close), and read by Free.
	closed   atomic.Bool
	attached bool // the ring's memory is the native side's (Attach)
	workers  sync.WaitGroup
	// inflight counts the goroutines running calls outside the workers
	// (worker.go): Close waits for them too.
	inflight sync.WaitGroup
	// blocking[i]: calls of handler i run on goroutines of their own.
	blocking []handlerState
	// spawned holds a token per call running on a goroutine of its own;
	// its capacity is the blocking limit (SetBlockingLimit).
	spawned       chan struct{}
	blockingLimit int
	mu            sync.Mutex // guards active
	active        []*worker  // the workers, for the monitor
	monitor       monitor
}

// batchSize bounds the calls a worker takes per cgo call; more amortizes
// the cgo call better, but delays the completion of the first ones.
const batchSize = 64

// New makes a ring that holds capacity pending calls (rounded up to a
// power of two).
func New(capacity int) (*Ring, error) {
	if capacity <= 0 {
		return nil, ferry.ERANGE
	}
	var r *C.ferry_ring
	if status := ferry.Status(C.ferry_ring_new(C.size_t(capacity), &r)); status != ferry.OK {
		return nil, fmt.Errorf("ring: new(%d): %w", capacity, status)
	}
	return &Ring{ring: r, blockingLimit: DefaultBlockingLimit}, nil
}

// Attach serves a ring that native code made (ferry_ring_new) and owns,
// given as a *ferry_ring: register handlers, Serve, and Close when done.
// Close returns once the workers have left the ring; then its owner may
// free it. Free must not be called.
func Attach(native unsafe.Pointer) *Ring {
	if native == nil {
		panic("ring: Attach(nil)")
	}
	return &Ring{ring: (*C.ferry_ring)(native), attached: true, blockingLimit: DefaultBlockingLimit}
}

// Handle registers h for calls whose fn is index. It must be called
// before Serve.
func (r *Ring) Handle(index uint32, h Handler) {
	if r.started {
		panic("ring: Handle after Serve")
	}
	if index >= 1<<16 {
		panic("ring: handler index too large")
	}
	r.handlers = setAt(r.handlers, index, h)
}

// OnHandlerPanic sets f to run when the handler for index panics, on the
// worker, before the call completes with EPANIC: f may write the call's
// result (a message, say). Handlers then need no recover of their own,
// which keeps a deferred call off every call. It must be called before
// Serve.
func (r *Ring) OnHandlerPanic(index uint32, f func(result unsafe.Pointer, value any)) {
	if r.started {
		panic("ring: OnHandlerPanic after Serve")
	}
	if index >= 1<<16 {
		panic("ring: handler index too large")
	}
	r.panicWriters = setAt(r.panicWriters, index, f)
}

// setAt stores v at s[i], growing s with zero values as needed.
func setAt[T any](s []T, i uint32, v T) []T {
	for uint32(len(s)) <= i {
		var zero T
		s = append(s, zero)
	}
	s[i] = v
	return s
}

// OnPanic sets f to hear of handlers that panic or exit (the call
// completes with EPANIC either way; see ErrGoexit). It must be called
// before Serve.
func (r *Ring) OnPanic(f func(fn uint32, value any)) {
	if r.started {
		panic("ring: OnPanic after Serve")
	}
	r.onPanic = f
}

// Serve starts workers goroutines serving the ring (at least one). Each
// sleeps, holding an OS thread but no P, while the ring is empty.
func (r *Ring) Serve(workers int) {
	if r.started {
		panic("ring: Serve twice")
	}
	r.started = true
	if workers < 1 {
		workers = 1
	}
	r.blocking = make([]handlerState, len(r.handlers))
	if r.blockingLimit > 0 {
		r.spawned = make(chan struct{}, r.blockingLimit)
		r.monitor.start(r)
	}
	r.workers.Add(workers)
	for range workers {
		go r.work()
	}
}

// SetIdleSpin makes idle workers poll the empty ring for d before they
// sleep (default: a few microseconds). A longer spin burns CPU while idle
// but spares native callers the futex wake of a sleeping worker: worth it
// when calls arrive one at a time, as Rust futures submit them.
func (r *Ring) SetIdleSpin(d time.Duration) {
	us := d.Microseconds()
	if us < 0 {
		us = 0
	} else if us > 1<<31 {
		us = 1 << 31
	}
	C.ferry_ring_set_idle_spin(r.ring, C.uint32_t(us))
}

// DefaultBlockingLimit is the blocking limit of a new Ring.
const DefaultBlockingLimit = 10000

// SetBlockingLimit sets how many calls may run at once on goroutines of
// their own, the way calls whose handlers block run (worker.go): at the
// limit, workers wait before they take more, and native callers feel the
// ring fill. 0 runs every call on a worker, so that a handler that blocks
// holds up its worker and the calls behind it. It must be called before
// Serve.
func (r *Ring) SetBlockingLimit(n int) {
	if r.started {
		panic("ring: SetBlockingLimit after Serve")
	}
	r.blockingLimit = max(n, 0)
}

// Native returns the ring as a *ferry_ring, for native callers.
func (r *Ring) Native() unsafe.Pointer { return unsafe.Pointer(r.ring) }

// Capacity returns how many pending calls the ring holds.
func (r *Ring) Capacity() int { return int(C.ferry_ring_capacity(r.ring)) }

// Len returns how many calls are queued and not yet taken; a snapshot.
func (r *Ring) Len() int { return int(C.ferry_ring_length(r.ring)) }

// Close refuses further calls and waits until the workers have exited.
// It is idempotent and safe to call from several goroutines at once: each
// returns once the workers are gone. With cancel false the workers first run every queued call; with cancel
// true queued calls complete with ECANCELED, and Close returns how many
// it cancelled itself (workers may cancel some too). Calls a worker has
// already taken finish normally.
func (r *Ring) Close(cancel bool) int {
	mode := C.FERRY_RING_DRAIN
	if cancel {
		mode = C.FERRY_RING_CANCEL
	}
	cancelled := int(C.ferry_ring_close(r.ring, C.int(mode)))
	r.closed.Store(true)
	r.workers.Wait()
	r.inflight.Wait()
	r.monitor.stop()
	return cancelled
}

// Free releases the ring's memory. The ring must be closed, and no native
// thread may use its pointer any more.
func (r *Ring) Free() {
	if !r.closed.Load() {
		panic("ring: Free before Close")
	}
	if r.attached {
		panic("ring: Free of an attached ring (its native owner frees it)")
	}
	C.ferry_ring_free(r.ring)
	r.ring = nil
}
