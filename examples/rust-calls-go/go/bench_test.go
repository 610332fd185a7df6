package main

import (
	"testing"
	"unsafe"

	"github.com/ferry-ffi/ferry"
)

// The Go half of a call from Rust, without the crossing: what the generated
// code adds to demo_add's method, against the glue this example had before
// ferry-gen (by-hand: the sum computed in place, nothing recovered). The
// Rust benchmark (../src/bin/bench.rs) measures the whole call, where the
// machine's noise is larger than these differences. make bench prints them
// as the tables GoSide/add-ring-handler and GoSide/add-sync-export.

// byHandArgs has the layout of demo_add_args.
type byHandArgs struct{ a, b int64 }

// byHandRingAdd is the ring handler of demo_add as it was written by hand.
func byHandRingAdd(args, result unsafe.Pointer) ferry.Status {
	a := (*byHandArgs)(args)
	*(*int64)(result) = a.a + a.b
	return ferry.OK
}

// byHandAddSync is the body of the hand-written sync export: no panic
// guard, so a panic would have unwound into Rust's frames.
//
//go:noinline
func byHandAddSync(a, b int64, sum unsafe.Pointer) int32 {
	*(*int64)(sum) = a + b
	return 0
}

// byHandGuardedAddSync is the same with the usual hand-written guard, a
// deferred recover.
//
//go:noinline
func byHandGuardedAddSync(a, b int64, sum unsafe.Pointer) (status int32) {
	defer func() {
		if v := recover(); v != nil {
			status = int32(ferry.EPANIC)
		}
	}()
	*(*int64)(sum) = a + b
	return 0
}

// byHandNamedGuardAddSync guards with a deferred named function instead
// of the generated function literal: no cheaper.
//
//go:noinline
func byHandNamedGuardAddSync(a, b int64, sum unsafe.Pointer) (status int32) {
	status = ferryRunning
	defer recoverInto(&status)
	*(*int64)(sum) = a + b
	return 0
}

func recoverInto(status *int32) {
	if *status == ferryRunning {
		*status = ferryPanicked(nil, recover())
	}
}

var sink int64

func BenchmarkGoSide(b *testing.B) {
	// Called through func values, as the ring calls its handlers.
	handlers := []struct {
		name string
		h    func(args, result unsafe.Pointer) ferry.Status
	}{{"by-hand", byHandRingAdd}, {"generated", ferryRingAdd}}
	for _, v := range handlers {
		b.Run("add-ring-handler/"+v.name, func(b *testing.B) {
			b.ReportAllocs()
			var args byHandArgs
			var result int64
			for i := 0; i < b.N; i++ {
				args.a, args.b = int64(i), 1
				v.h(unsafe.Pointer(&args), unsafe.Pointer(&result))
			}
			sink += result
		})
	}
	exports := []struct {
		name string
		f    func(a, b int64, sum unsafe.Pointer) int32
	}{{"by-hand", byHandAddSync}, {"by-hand-guarded", byHandGuardedAddSync},
		{"by-hand-named-guard", byHandNamedGuardAddSync}, {"generated", ferryGoAddSync}}
	for _, v := range exports {
		b.Run("add-sync-export/"+v.name, func(b *testing.B) {
			b.ReportAllocs()
			var sum int64
			for i := 0; i < b.N; i++ {
				v.f(int64(i), 1, unsafe.Pointer(&sum))
			}
			sink += sum
		})
	}
}

// The generated functions the benchmark measures compute what the
// hand-written ones do, and a panic in a sync method becomes EPANIC.
func TestGoSideMatchesByHand(t *testing.T) {
	args := byHandArgs{40, 2}
	var want, got int64
	byHandRingAdd(unsafe.Pointer(&args), unsafe.Pointer(&want))
	if s := ferryRingAdd(unsafe.Pointer(&args), unsafe.Pointer(&got)); s != ferry.OK || got != want || got != 42 {
		t.Fatalf("ferryRingAdd: status %v, sum %d, want OK, %d", s, got, want)
	}
	got = 0
	if s := ferryGoAddSync(40, 2, unsafe.Pointer(&got)); s != 0 || got != 42 {
		t.Fatalf("ferryGoAddSync: status %d, sum %d, want 0, 42", s, got)
	}
	if s := ferryGoAddSync(1, 1, nil); s != int32(ferry.EPANIC) {
		t.Fatalf("ferryGoAddSync with a nil result pointer: status %d, want EPANIC (%d)", s, ferry.EPANIC)
	}
	if s := byHandNamedGuardAddSync(1, 1, nil); s != int32(ferry.EPANIC) {
		t.Fatalf("byHandNamedGuardAddSync with a nil result pointer: status %d, want EPANIC (%d)", s, ferry.EPANIC)
	}
}
