// worker.go: the goroutines that serve a ring, and how a handler that
// blocks is kept from holding up the calls around it.
//
// A worker takes up to batchSize calls per cgo call and runs their
// handlers one after another on its own goroutine: for short handlers
// the cheapest way there is (no goroutine per call, one cgo call per
// batch to complete it and take the next).
//
// A handler that blocks (a sleep, the network, a lock) or computes for
// long would hold up the rest of its batch, whose results wait for the
// batch to end, and once every worker is held up, the whole ring. The
// monitor (monitor.go) sees a worker that has not moved through its
// batch for stuckAfter and rescues it:
//   - a replacement worker serves the ring at once;
//   - every call of the batch not yet started runs on a goroutine of its
//     own and completes as soon as its handler returns;
//   - calls already finished complete at once, without waiting for the
//     stuck one;
//   - the stuck worker completes its call when the handler returns, and
//     exits;
//   - the stuck call's handler is marked blocking: workers hand its later
//     calls to goroutines of their own as they take them, until a run of
//     such calls returns quickly (handlerState).
//
// Every call runs exactly once and completes exactly once, at the cost of
// one atomic add per call on the worker's side: the worker takes calls
// from its batch through an atomic counter (next), and runs them in order,
// so that taking a call says the ones before it are finished. A rescuer
// takes the rest of the batch in one swap of that counter. Then the calls
// before the one the worker took last are finished and the rescuer's to
// complete; the worker completes its last call itself when it returns.
package ring

/*
#include <stdlib.h>
#include "ferry_ring.h"

// One cgo call per batch: completes the done calls of the previous batch
// with their statuses, then takes the next batch, sleeping while the ring
// is empty. Returns the batch size or FERRY_ECLOSED.
static int ferry_go_serve(ferry_ring *ring, ferry_call **calls, int *status,
                          int done, int max) {
  for (int i = 0; i < done; i++) ferry_call_complete(calls[i], status[i]);
  return ferry_ring_wait_take(ring, calls, (size_t)max);
}
*/
import "C"

import (
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/ferry-ffi/ferry"
)

// worker is one serving goroutine and the batch it holds. The batch lives
// in C memory: a Go array passed to C would make cgo check each of its
// elements for Go pointers on every call.
type worker struct {
	r      *Ring
	mem    unsafe.Pointer // C memory: calls, then status
	calls  *[batchSize]*C.ferry_call
	status *[batchSize]C.int
	n      int32        // calls in the current batch
	next   atomic.Int32 // the next call of the batch to take
	// lastRan is the call of the batch the worker took last, if it ran
	// it (-1 if it handed it to a goroutine); the worker's own field.
	lastRan int32
	// phase is the batch's sequence number << 2 | phaseIdle, phaseRunning
	// or phaseRescued. The sequence number tells one batch from the next.
	phase atomic.Uint64
	// handed[i] is the batch's sequence number if the worker handed call i
	// to a goroutine of its own (which completes it); an older number
	// means the worker ran it.
	handed [batchSize]atomic.Uint64
	// refs: the worker, and a rescuer while it takes over the batch; the
	// last to leave frees mem.
	refs atomic.Int32
	// What the monitor saw at its last look (the monitor's own fields).
	seenPhase uint64
	seenNext  int32
}

const (
	phaseIdle    = 0 // no batch: in C, completing one and waiting for the next
	phaseRunning = 1 // running handlers
	phaseRescued = 2 // stuck and rescued: the worker exits after its call
)

func (r *Ring) newWorker() *worker {
	mem := C.calloc(batchSize, C.size_t(unsafe.Sizeof(uintptr(0))+unsafe.Sizeof(C.int(0))))
	if mem == nil {
		panic("ring: out of C memory")
	}
	w := &worker{
		r:      r,
		mem:    mem,
		calls:  (*[batchSize]*C.ferry_call)(mem),
		status: (*[batchSize]C.int)(unsafe.Add(mem, batchSize*unsafe.Sizeof(uintptr(0)))),
	}
	w.refs.Store(1)
	r.mu.Lock()
	r.active = append(r.active, w)
	r.mu.Unlock()
	return w
}

// leave unregisters a worker that exits.
func (r *Ring) leave(w *worker) {
	r.mu.Lock()
	for i, a := range r.active {
		if a == w {
			last := len(r.active) - 1
			r.active[i], r.active[last] = r.active[last], nil
			r.active = r.active[:last]
			break
		}
	}
	r.mu.Unlock()
	w.release()
	r.workers.Done()
}

func (w *worker) release() {
	if w.refs.Add(-1) == 0 {
		C.free(w.mem)
	}
}

func (r *Ring) work() {
	w := r.newWorker()
	defer r.leave(w)
	var done C.int
	for {
		// Completes the previous batch's done calls, takes the next batch.
		n := C.ferry_go_serve(r.ring, &w.calls[0], &w.status[0], done, batchSize)
		if n < 0 {
			return // FERRY_ECLOSED: closed and drained
		}
		seq := w.phase.Load()>>2 + 1
		w.n = int32(n)
		w.lastRan = -1
		w.next.Store(0)
		w.phase.Store(seq<<2 | phaseRunning)
		r.monitor.batchStarted()
		spawned := false
		for !w.runCalls(seq, &spawned) {
		}
		if !w.phase.CompareAndSwap(seq<<2|phaseRunning, seq<<2|phaseIdle) {
			// Rescued: the rescuer took the rest of the batch and
			// completes the calls before this worker's last.
			w.completeLastRan()
			return
		}
		done = n
		if spawned {
			done = w.keepFinished(seq)
		}
	}
}

// runCalls takes calls from batch seq and runs them until none is left,
// the batch is rescued, or a handler panics; it reports whether it is
// done with the batch (false: a handler panicked, call again). One
// deferred recover per batch rather than per call keeps the common path
// cheap; a panic must not unwind into the worker loop, or the batch's
// other calls would never complete.
func (w *worker) runCalls(seq uint64, spawned *bool) (batchDone bool) {
	r := w.r
	i := int32(-1)
	defer func() {
		if batchDone {
			return
		}
		v := recover()
		call := w.calls[i]
		fn := uint32(call.handler)
		w.status[i] = C.int(ferry.EPANIC)
		if v != nil {
			r.writePanic(fn, call, v)
		}
		if v == nil {
			// runtime.Goexit in a handler: nothing stops it, and this
			// worker ends. The rest of its batch goes to goroutines and a
			// new worker serves the ring, as for a stuck worker; this
			// call, the worker's last, it completes itself.
			v = ErrGoexit
			r.rescue(w, seq)
			w.completeLastRan()
		}
		if r.onPanic != nil {
			r.onPanic(fn, v)
		}
	}()
	for {
		// After a rescue the counter is past the batch's end.
		if i = w.next.Add(1) - 1; i >= w.n {
			return true
		}
		call := w.calls[i]
		fn := uint32(call.handler)
		if fn < uint32(len(r.blocking)) && r.blocking[fn].on.Load() {
			w.lastRan = -1
			w.handed[i].Store(seq)
			r.spawn(call, fn)
			*spawned = true
			continue
		}
		w.lastRan = i
		w.status[i] = C.int(r.runHandler(call, fn))
	}
}

func (r *Ring) runHandler(call *C.ferry_call, fn uint32) ferry.Status {
	if fn >= uint32(len(r.handlers)) || r.handlers[fn] == nil {
		return ferry.EUNSUPPORTED
	}
	return r.handlers[fn](unsafe.Pointer(call.args), call.result)
}

// writePanic lets the panic writer of fn write the result of a call
// whose handler panicked with v.
func (r *Ring) writePanic(fn uint32, call *C.ferry_call, v any) {
	if fn < uint32(len(r.panicWriters)) && r.panicWriters[fn] != nil {
		r.panicWriters[fn](call.result, v)
	}
}

// keepFinished moves the calls of batch seq that this worker ran to the
// front of the batch, for completion by the next cgo call, and returns
// how many there are; the others were handed to goroutines. Only the
// worker touches the batch then.
func (w *worker) keepFinished(seq uint64) C.int {
	j := 0
	for i := range int(w.n) {
		if w.handed[i].Load() != seq {
			w.calls[j], w.status[j] = w.calls[i], w.status[i]
			j++
		}
	}
	return C.int(j)
}

// completeLastRan completes the call a rescued worker took last, if it
// ran it; the rescuer completes the ones before it.
func (w *worker) completeLastRan() {
	if i := w.lastRan; i >= 0 {
		C.ferry_call_complete(w.calls[i], w.status[i])
	}
}

// rescue takes batch seq away from w if w is still running it: a new
// worker serves the ring and the calls not yet taken run on goroutines of
// their own. It returns the call w took last (-1 if none), which w is
// stuck in or has just finished, and whether it rescued the batch.
func (r *Ring) rescue(w *worker, seq uint64) (last int32, ok bool) {
	w.refs.Add(1)
	if !w.phase.CompareAndSwap(seq<<2|phaseRunning, seq<<2|phaseRescued) {
		w.release()
		return -1, false
	}
	// Every take after this swap is past the end: the worker took the
	// calls before from, in order, and has finished all but its last.
	from := min(w.next.Swap(w.n), w.n)
	r.workers.Add(1)
	go r.work()
	r.inflight.Add(1)
	go w.takeOver(seq, from)
	return from - 1, true
}

// takeOver runs on its own goroutine for batch seq, rescued when the
// worker had taken the calls before from: it hands the calls from on to
// goroutines of their own, and completes the finished ones the worker
// ran, all before its last.
func (w *worker) takeOver(seq uint64, from int32) {
	defer w.r.inflight.Done()
	defer w.release()
	for i := from; i < w.n; i++ {
		call := w.calls[i]
		w.r.spawn(call, uint32(call.handler))
	}
	for i := range from - 1 {
		if w.handed[i].Load() != seq {
			C.ferry_call_complete(w.calls[i], w.status[i])
		}
	}
}

// spawn runs a call on a goroutine of its own, which completes it; at the
// blocking limit it first waits for one of those to end.
func (r *Ring) spawn(call *C.ferry_call, fn uint32) {
	r.spawned <- struct{}{}
	r.inflight.Add(1)
	go r.runAlone(call, fn)
}

func (r *Ring) runAlone(call *C.ferry_call, fn uint32) {
	defer r.inflight.Done()
	defer func() { <-r.spawned }()
	start := time.Now()
	returned := false
	status := C.int(ferry.EPANIC)
	defer func() {
		if !returned {
			v := recover()
			if v != nil {
				r.writePanic(fn, call, v)
			} else {
				v = ErrGoexit // the goroutine ends; it serves nothing else
			}
			if r.onPanic != nil {
				r.onPanic(fn, v)
			}
		}
		if fn < uint32(len(r.blocking)) {
			r.blocking[fn].ran(time.Since(start))
		}
		C.ferry_call_complete(call, status)
	}()
	status = C.int(r.runHandler(call, fn))
	returned = true
}

// handlerState says whether a handler's calls run on goroutines of their
// own. A handler is marked blocking when a worker is found stuck in it;
// it is cleared after quickRunsToClear of its calls in a row return
// within quickRun, so that a worker held up once by something else (a
// long garbage collection pause, the OS) costs a handler little.
type handlerState struct {
	on    atomic.Bool
	quick atomic.Int32
}

const (
	quickRun         = stuckAfter / 4
	quickRunsToClear = 16
)

func (h *handlerState) mark() {
	h.quick.Store(0)
	h.on.Store(true)
}

// ran notes how long one of the handler's calls took on its own goroutine.
func (h *handlerState) ran(d time.Duration) {
	if !h.on.Load() {
		return
	}
	if d >= quickRun {
		h.quick.Store(0)
	} else if h.quick.Add(1) >= quickRunsToClear {
		h.on.Store(false)
	}
}
