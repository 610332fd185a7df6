package ring_test

import (
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/ring"
	"github.com/ferry-ffi/ferry/ring/internal/ringtest"
)

const fnTimed = 5 // ringtest.Timed's calls: the argument is the call's index

// timedRing serves handler fnTimed, which runs h with the call's index.
func timedRing(t testing.TB, capacity, workers, limit int, h func(i int64)) *ring.Ring {
	t.Helper()
	r, err := ring.New(capacity)
	if err != nil {
		t.Fatal(err)
	}
	r.Handle(fnTimed, func(args, _ unsafe.Pointer) ferry.Status {
		h(*(*int64)(args))
		return ferry.OK
	})
	r.SetBlockingLimit(limit)
	r.Serve(workers)
	t.Cleanup(func() { r.Close(false); r.Free() })
	return r
}

// N calls whose handler sleeps complete in about the time of one, with
// one worker, and with more calls than the ring holds.
func TestBlockingHandlersDoNotSerialize(t *testing.T) {
	const sleep = 50 * time.Millisecond
	for _, tc := range []struct{ capacity, calls int }{{256, 200}, {64, 2000}} {
		r := timedRing(t, tc.capacity, 1, ring.DefaultBlockingLimit, func(int64) { time.Sleep(sleep) })
		start := time.Now()
		ok, _ := ringtest.Timed(r.Native(), fnTimed, tc.calls)
		elapsed := time.Since(start)
		if ok != tc.calls {
			t.Fatalf("%d of %d calls OK", ok, tc.calls)
		}
		// Serialized they would take calls * 50 ms (10 s, 100 s).
		if elapsed < sleep || elapsed > 10*sleep {
			t.Errorf("%d calls of a %v handler through a ring of %d took %v, want about %v",
				tc.calls, sleep, tc.capacity, elapsed, sleep)
		}
	}
}

// A slow call does not delay the results of fast ones queued behind it
// or taken in the same batch, before it (the rescuer completes those) or
// after it.
func TestSlowCallDoesNotDelayFastOnes(t *testing.T) {
	const slow = 300 * time.Millisecond
	for _, slowAt := range []int64{0, 30} {
		r := timedRing(t, 128, 1, ring.DefaultBlockingLimit, func(i int64) {
			if i == slowAt {
				time.Sleep(slow)
			}
		})
		ok, done := ringtest.Timed(r.Native(), fnTimed, 100)
		if ok != 100 {
			t.Fatalf("%d of 100 calls OK", ok)
		}
		if done[slowAt] < slow {
			t.Errorf("the slow call %d completed after %v, before its handler returned", slowAt, done[slowAt])
		}
		fast := slices.Delete(slices.Clone(done), int(slowAt), int(slowAt)+1)
		if last := slices.Max(fast); last > slow/3 {
			t.Errorf("with call %d slow, the fast calls completed up to %v after submission, behind the slow one (%v)",
				slowAt, last, done[slowAt])
		}
	}
}

// A handler found blocking runs its calls on goroutines until they are
// quick again; then workers run them again.
func TestBlockingMarkClearsWhenCallsAreQuick(t *testing.T) {
	var block atomic.Bool
	block.Store(true)
	r := timedRing(t, 64, 1, ring.DefaultBlockingLimit, func(int64) {
		if block.Load() {
			time.Sleep(20 * time.Millisecond)
		}
	})
	if ok, _ := ringtest.Timed(r.Native(), fnTimed, 8); ok != 8 {
		t.Fatalf("%d of 8 calls OK", ok)
	}
	if !r.IsBlocking(fnTimed) {
		t.Fatal("a handler that sleeps 20 ms was not marked blocking")
	}
	block.Store(false)
	for range 10 {
		if ok, _ := ringtest.Timed(r.Native(), fnTimed, 16); ok != 16 {
			t.Fatalf("%d of 16 calls OK", ok)
		}
		if !r.IsBlocking(fnTimed) {
			return
		}
	}
	t.Error("the blocking mark stayed after 160 quick calls")
}

// At the blocking limit, no more calls run at once than it allows, and
// every call still completes.
func TestBlockingLimitBoundsConcurrency(t *testing.T) {
	const limit = 4
	var running, most atomic.Int32
	r := timedRing(t, 64, 1, limit, func(int64) {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(10 * time.Millisecond)
		running.Add(-1)
	})
	if ok, _ := ringtest.Timed(r.Native(), fnTimed, 64); ok != 64 {
		t.Fatalf("%d of 64 calls OK", ok)
	}
	// The limit counts goroutines; the stuck worker runs one more.
	if m := most.Load(); m > limit+1 || m < 2 {
		t.Errorf("%d calls ran at once, want 2 to %d", m, limit+1)
	}
}

// Many native threads, handlers that block now and then, panics, and
// Go's garbage collector: every call completes exactly once with its own
// result (checked in C).
func TestStressBlockingHandlersLoseNoCall(t *testing.T) {
	perThread := int64(20000)
	if raceEnabled {
		perThread = 4000
	}
	r, err := ring.New(256)
	if err != nil {
		t.Fatal(err)
	}
	r.Handle(ringtest.FnAdd, func(args, result unsafe.Pointer) ferry.Status {
		if (*addArgs)(args).A%499 == 0 {
			time.Sleep(2 * time.Millisecond)
		}
		return add(args, result)
	})
	r.Serve(2)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				_ = make([]byte, 1<<16)
			}
		}
	}()
	rep := ringtest.Start(r.Native(), 4, perThread, ringtest.Async).Join()
	close(stop)
	check(t, rep, ringtest.Report{Accepted: 4 * perThread, OK: 4 * perThread})
	r.Close(false)
	r.Free()
}

// BenchmarkBlocking: n concurrent calls whose handler sleeps 10 ms, one
// worker; ns/op is the wall time of all n divided by n. Serialized it
// would be 10 ms per call.
func BenchmarkBlocking(b *testing.B) {
	for _, n := range []int{1, 16, 256, 4096} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			r := timedRing(b, 1024, 1, ring.DefaultBlockingLimit, func(int64) { time.Sleep(10 * time.Millisecond) })
			b.ResetTimer()
			for range b.N {
				if ok, _ := ringtest.Timed(r.Native(), fnTimed, n); ok != n {
					b.Fatalf("%d of %d calls OK", ok, n)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/call")
		})
	}
}

// BenchmarkShortCalls: the ring's cost per call for a handler that never
// blocks, 1024 calls submitted at once from one C thread; the figure the
// blocking machinery must not raise.
func BenchmarkShortCalls(b *testing.B) {
	r := timedRing(b, 1024, 1, ring.DefaultBlockingLimit, func(int64) {})
	b.ResetTimer()
	for n := 0; n < b.N; n += 1024 {
		if ok, _ := ringtest.Timed(r.Native(), fnTimed, 1024); ok != 1024 {
			b.Fatalf("%d of 1024 calls OK", ok)
		}
	}
}
