package ferry_test

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/internal/abi0floor"
	"github.com/ferry-ffi/ferry/internal/testlib"
)

//go:noinline
func goAdd(a, b int64) int64 { return a + b }

var sink uintptr

// BenchmarkCallPair calls a C function returning a struct of two
// uint64_t (rax:rdx, x0:x1) every way that keeps both registers: the
// CallPair trampoline, a frame call, and cgo as the baseline.
func BenchmarkCallPair(b *testing.B) {
	b.Run("cgo", func(b *testing.B) {
		b.ReportAllocs()
		var s uint64
		for i := 0; i < b.N; i++ {
			lo, hi := testlib.CgoAddPair(int64(i), 1)
			s += lo ^ hi
		}
		sink = uintptr(s)
	})
	b.Run("ferry", func(b *testing.B) {
		b.ReportAllocs()
		var s uintptr
		for i := 0; i < b.N; i++ {
			lo, hi := ferry.CallPair(testlib.AddPair, uintptr(i), 1, 0, 0, 0, 0)
			s += lo ^ hi
		}
		sink = s
	})
	b.Run("ferry-frame", func(b *testing.B) {
		b.ReportAllocs()
		var s uintptr
		for i := 0; i < b.N; i++ {
			var f ferry.Frame
			f.Int[0], f.Int[1] = uintptr(i), 1
			ferry.CallFrame(testlib.AddPair, &f)
			s += f.Ret ^ f.Ret2
		}
		sink = s
	})
}

// BenchmarkCallOverhead calls int64_t add(int64_t, int64_t) every way
// there is, side by side; "go" is a non-inlined Go function doing the same.
func BenchmarkCallOverhead(b *testing.B) {
	b.Run("go", func(b *testing.B) {
		b.ReportAllocs()
		var s int64
		for i := 0; i < b.N; i++ {
			s += goAdd(int64(i), 1)
		}
		sink = uintptr(s)
	})
	b.Run("cgo", func(b *testing.B) {
		b.ReportAllocs()
		var s int64
		for i := 0; i < b.N; i++ {
			s += testlib.CgoAdd(int64(i), 1)
		}
		sink = uintptr(s)
	})
	b.Run("ferry", func(b *testing.B) {
		b.ReportAllocs()
		var s uintptr
		for i := 0; i < b.N; i++ {
			s += ferry.Call2(testlib.Add, uintptr(i), 1)
		}
		sink = s
	})
	b.Run("ferry-dedicated", func(b *testing.B) {
		stack, err := ferry.NewStack(0)
		if err != nil {
			b.Fatal(err)
		}
		defer stack.Free()
		b.ReportAllocs()
		var s uintptr
		for i := 0; i < b.N; i++ {
			s += stack.Call2(testlib.Add, uintptr(i), 1)
		}
		sink = s
	})
	// The floor: an ABI0 assembly call of the C function with no stack
	// switch, the cheapest call user assembly can make (docs/fast-call.md).
	b.Run("abi0-floor", func(b *testing.B) {
		b.ReportAllocs()
		var s uintptr
		for i := 0; i < b.N; i++ {
			s += abi0floor.Call2(testlib.Add, uintptr(i), 1)
		}
		sink = s
	})
	b.Run("ferry-cgo-mode", func(b *testing.B) {
		b.ReportAllocs()
		var s uintptr
		for i := 0; i < b.N; i++ {
			s += ferry.CgoCall2(testlib.Add, uintptr(i), 1)
		}
		sink = s
	})
}

// BenchmarkGCStopTheWorld shows what a fast call costs the garbage
// collector. One goroutine makes native calls of the given length back to
// back; each op is a runtime.GC(). A fast call cannot be preempted, so the
// GC's stop-the-world waits for the call in progress to return (up to its
// length); between calls the trampolines offer a preemption point, so
// short calls in a loop do not hold the GC up. A cgo-mode call has left
// its P, so the GC never waits for it. Reported: ns per GC and the longest
// stop-the-world pause seen.
func BenchmarkGCStopTheWorld(b *testing.B) {
	for _, call := range []struct {
		name string
		d    time.Duration
	}{{"10us", 10 * time.Microsecond}, {"10ms", 10 * time.Millisecond}} {
		for _, m := range []struct {
			name string
			call func(ferry.Func, uintptr) uintptr
		}{{"ferry", ferry.Call1}, {"ferry-cgo-mode", ferry.CgoCall1}} {
			b.Run("call="+call.name+"/"+m.name, func(b *testing.B) {
				stop := spinInBackground(m.call, call.d)
				before := readPauses()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					runtime.GC()
				}
				b.StopTimer()
				b.ReportMetric(float64(maxNewPause(before, readPauses()).Nanoseconds()), "max-stw-ns")
				stop()
			})
		}
	}
}

// spinInBackground starts a goroutine that makes native calls of length d
// back to back until the returned stop is called.
func spinInBackground(call func(ferry.Func, uintptr) uintptr, d time.Duration) (stop func()) {
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			call(testlib.Spin, uintptr(d))
		}
	}()
	time.Sleep(d + time.Millisecond) // let the calls start
	return func() { done.Store(true); wg.Wait() }
}

const pauseMetric = "/sched/pauses/total/gc:seconds"

func readPauses() *metrics.Float64Histogram {
	s := []metrics.Sample{{Name: pauseMetric}}
	metrics.Read(s)
	return s[0].Value.Float64Histogram()
}

// maxNewPause returns the upper bound of the highest histogram bucket
// that gained samples between before and after.
func maxNewPause(before, after *metrics.Float64Histogram) time.Duration {
	for i := len(after.Counts) - 1; i >= 0; i-- {
		if after.Counts[i] > before.Counts[i] {
			return time.Duration(after.Buckets[i+1] * float64(time.Second))
		}
	}
	return 0
}
