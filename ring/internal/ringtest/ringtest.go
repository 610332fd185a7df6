// Package ringtest runs native producers against a ring, for the ring
// package's tests: C threads submit calls and check every completion in
// C (ringtest.c), so the tests cross the boundary the way users do.
package ringtest

/*
#cgo CFLAGS: -I${SRCDIR}/../../../include -O2
#cgo LDFLAGS: -lpthread
#include "ringtest.h"
*/
import "C"

import (
	"time"
	"unsafe"
)

// The producers' submit modes.
const (
	Async = C.RINGTEST_ASYNC // ferry_ring_submit with a completion callback
	Try   = C.RINGTEST_TRY   // ferry_ring_try_submit, yielding while full
	Sync  = C.RINGTEST_SYNC  // ferry_ring_call
)

// FnAdd is the handler index the producers call.
const FnAdd = C.RINGTEST_FN_ADD

// Report counts what happened to the producers' calls.
type Report struct {
	Accepted, Refused, OK, Cancelled, Wrong, Other, Twice int64
}

// Run is a set of running producer threads.
type Run struct{ run *C.ringtest_run }

// Start starts threads C threads, each making perThread calls on ring (a
// *ferry_ring) in mode.
func Start(ring unsafe.Pointer, threads int, perThread int64, mode int) *Run {
	return &Run{C.ringtest_start((*C.ferry_ring)(ring), C.int(threads), C.int64_t(perThread), C.int(mode))}
}

// Join waits for the producers and for every call they made to complete.
func (r *Run) Join() Report {
	var rep C.ringtest_report
	C.ringtest_join(r.run, &rep)
	return Report{int64(rep.accepted), int64(rep.refused), int64(rep.ok),
		int64(rep.cancelled), int64(rep.wrong), int64(rep.other), int64(rep.twice)}
}

// Call makes one synchronous call of fn without arguments from C and
// returns its status.
func Call(ring unsafe.Pointer, fn uint32) int32 {
	return int32(C.ringtest_call((*C.ferry_ring)(ring), C.uint32_t(fn)))
}

// NewNative makes a ring in C (ferry_ring_new), as a native owner would,
// for ring.Attach.
func NewNative(capacity int) unsafe.Pointer {
	var r *C.ferry_ring
	if C.ferry_ring_new(C.size_t(capacity), &r) != 0 {
		panic("ringtest: ferry_ring_new failed")
	}
	return unsafe.Pointer(r)
}

// FreeNative frees a ring NewNative made.
func FreeNative(ring unsafe.Pointer) { C.ferry_ring_free((*C.ferry_ring)(ring)) }

// Timed submits n calls of fn at once, call i with a pointer to an int64
// holding i as its argument, and waits for them. It returns how many
// completed with OK (-1: a submission failed) and, for each call, the
// time from the first submission to its completion.
func Timed(ring unsafe.Pointer, fn uint32, n int) (ok int, done []time.Duration) {
	ns := make([]C.int64_t, n)
	ok = int(C.ringtest_timed((*C.ferry_ring)(ring), C.uint32_t(fn), C.int(n), &ns[0]))
	done = make([]time.Duration, n)
	for i, d := range ns {
		done[i] = time.Duration(d)
	}
	return ok, done
}
