package ferry_test

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/internal/testlib"
)

func double(a0, a1, a2, a3 uintptr) uintptr { return a0 * 2 }

func TestCallbackResults(t *testing.T) {
	for _, n := range []uintptr{0, 1, 1000} {
		got := ferry.CallWithCallback(testlib.CallBackN, double, n, 0, 0)
		if want := n * (n - 1); got != want {
			t.Errorf("n=%d: got %d, want %d", n, got, want)
		}
	}
	if live := ferry.LiveCoroutines(); live != 0 {
		t.Errorf("%d coroutines still live", live)
	}
}

// The callback runs as ordinary Go: it may grow its stack (moving it), run
// the GC, make fast calls and nested calls with callbacks.
func TestCallbackRunsOrdinaryGo(t *testing.T) {
	var depth func(int) int
	depth = func(n int) int {
		if n == 0 {
			return 0
		}
		var pad [64]byte
		return depth(n-1) + int(pad[n%64]) + 1
	}
	cb := func(i, n, _, _ uintptr) uintptr {
		if depth(int(i%8)*200) != int(i%8)*200 {
			t.Error("recursion")
		}
		if i%16 == 0 {
			runtime.GC()
		}
		r := ferry.Call2(testlib.Add, i, 1)
		if i%10 == 0 {
			inner := ferry.CallWithCallback(testlib.CallBackN, double, 5, 0, 0)
			if inner != 20 {
				t.Errorf("nested call: got %d", inner)
			}
		}
		return r
	}
	if got := ferry.CallWithCallback(testlib.CallBackN, cb, 100, 0, 0); got != 100*99/2+100 {
		t.Errorf("got %d", got)
	}
}

func TestCallbackPanicReachesCaller(t *testing.T) {
	calls := 0
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("recovered %v, want the callback's panic", r)
			}
		}()
		ferry.CallWithCallback(testlib.CallBackN, func(i, _, _, _ uintptr) uintptr {
			calls++
			if i == 3 {
				panic("boom")
			}
			return 0
		}, 10, 1, 0)
		t.Error("CallWithCallback returned normally")
	}()
	if calls != 4 {
		t.Errorf("the callback ran %d times, want 4 (none after the panic)", calls)
	}
	if testlib.FirstFailure() != int(ferry.EPANIC) || testlib.LaterFailure() != int(ferry.ECANCELED) {
		t.Errorf("native side saw %d then %d, want EPANIC then ECANCELED",
			testlib.FirstFailure(), testlib.LaterFailure())
	}
	if live := ferry.LiveCoroutines(); live != 0 {
		t.Errorf("%d coroutines still live after the panic", live)
	}
	// The runtime still works: a plain call with callbacks.
	if got := ferry.CallWithCallback(testlib.CallBackN, double, 3, 0, 0); got != 6 {
		t.Errorf("after the panic: got %d", got)
	}
}

func TestCallbackGoexit(t *testing.T) {
	done := make(chan bool)
	go func() {
		defer close(done)
		ferry.CallWithCallback(testlib.CallBackN, func(i, _, _, _ uintptr) uintptr {
			if i == 2 {
				runtime.Goexit()
			}
			return 0
		}, 10, 0, 0)
		t.Error("returned after Goexit")
	}()
	<-done
	if testlib.FirstFailure() != int(ferry.ECANCELED) {
		t.Errorf("native side saw %d, want ECANCELED", testlib.FirstFailure())
	}
	if live := ferry.LiveCoroutines(); live != 0 {
		t.Errorf("%d coroutines still live after Goexit", live)
	}
}

func TestCallbackKeepsThread(t *testing.T) {
	cb := func(i, _, _, _ uintptr) uintptr {
		runtime.Gosched()
		if i%8 == 0 {
			runtime.GC()
		}
		return 0
	}
	if ferry.CallWithCallback(testlib.CallbackThread, cb, 100, 0, 0) != 1 {
		t.Error("native code saw its thread change across callbacks")
	}
}

func TestCallbackConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := uintptr(0); k < 300; k++ {
				cb := func(i, _, _, _ uintptr) uintptr { return i + k }
				if got, want := ferry.CallWithCallback(testlib.CallBackN, cb, 20, 0, 0), 190+20*k; got != want {
					t.Errorf("got %d, want %d", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	if live := ferry.LiveCoroutines(); live != 0 {
		t.Errorf("%d coroutines still live", live)
	}
}

func TestCallbackDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() {
		ferry.CallWithCallback(testlib.CallBackN, double, 50, 0, 0)
	}); n != 0 {
		t.Errorf("%v allocations per call with 50 callbacks", n)
	}
}

// BenchmarkCallback: Go calls native code that calls a trivial Go closure
// b.N times; ns per callback.
func BenchmarkCallback(b *testing.B) {
	b.Run("cgo", func(b *testing.B) {
		b.ReportAllocs()
		sink = testlib.CgoCallBackN(uintptr(b.N))
	})
	b.Run("ferry", func(b *testing.B) {
		b.ReportAllocs()
		sink = ferry.CallWithCallback(testlib.CallBackN, double, uintptr(b.N), 0, 0)
	})
}

// A goroutine spinning through callbacks is stopped by the garbage
// collector at coroResume's stack check, between two callbacks, and its
// stack is then scanned with coroResume's frame on it: the assembler's SP
// table for that frame must be right there ("missing stackmap" if not).
func TestCallbackLoopStoppedByGC(t *testing.T) {
	var calls atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		cb := func(i, _, _, _ uintptr) uintptr { return i }
		for {
			select {
			case <-stop:
				return
			default:
			}
			if got := ferry.CallWithCallback(testlib.CallBackN, cb, 100000, 0, 0); got != 100000*99999/2 {
				t.Errorf("got %d", got)
			}
			calls.Add(1)
		}
	}()
	// At least 50 collections, and collections until several calls (of
	// 100,000 callbacks each) have run among them.
	for i := 0; i < 50 || calls.Load() < 5; i++ {
		runtime.GC()
	}
	close(stop)
	<-done
}
