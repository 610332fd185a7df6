package ferry_test

import (
	"io"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/internal/testlib"
)

// deep recurses to grow the goroutine stack (and leaves it for the GC to
// shrink), then makes a fast call that writes into a local array: a call
// must never see a stack that moved under it.
//
//go:noinline
func deep(n int, seed byte) bool {
	if n > 0 {
		return deep(n-1, seed)
	}
	var local [256]byte
	ferry.Call3(testlib.Fill, uintptr(unsafe.Pointer(&local[0])), uintptr(len(local)), uintptr(seed))
	for _, b := range local {
		if b != seed {
			return false
		}
	}
	return true
}

// TestStress makes millions of fast calls from many goroutines while the
// runtime does everything that could disturb them: GC loops, GOMAXPROCS
// changes, a CPU profile (SIGPROF), async preemption (SIGURG, on by
// default), threads exiting, and goroutine stacks growing and shrinking.
func TestStress(t *testing.T) {
	duration := 2 * time.Second
	if testing.Short() {
		duration = 500 * time.Millisecond
	}
	if err := pprof.StartCPUProfile(io.Discard); err != nil {
		t.Fatal(err)
	}
	defer pprof.StopCPUProfile()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))

	stop := make(chan struct{})
	var background sync.WaitGroup
	disturb := func(f func()) {
		background.Add(1)
		go func() {
			defer background.Done()
			for {
				select {
				case <-stop:
					return
				default:
					f()
				}
			}
		}()
	}
	var gcs, threads atomic.Int64
	disturb(func() { runtime.GC(); gcs.Add(1) })
	procs := 0
	disturb(func() {
		procs = procs%4 + 1
		runtime.GOMAXPROCS(procs)
		time.Sleep(5 * time.Millisecond)
	})
	disturb(func() {
		// A new thread's first fast call maps its stack; racing with others.
		done := make(chan bool)
		go func() {
			runtime.LockOSThread()
			done <- ferry.Call2(testlib.Add, 20, 22) == 42
		}()
		if !<-done {
			t.Error("wrong answer on a new thread")
		}
		threads.Add(1)
	})

	const workers = 8
	var calls atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(duration)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stack, err := ferry.NewStack(256 << 10)
			if err != nil {
				t.Error(err)
				return
			}
			defer stack.Free()
			var n int64
			var f ferry.Frame
			for i := uintptr(0); time.Now().Before(deadline); i++ {
				for j := uintptr(0); j < 1000; j++ {
					if got := ferry.Call2(testlib.Add, i, j); got != i+j {
						t.Errorf("add(%d, %d) = %d", i, j, got)
						return
					}
				}
				n += 1000
				f.SetFloat64(0, float64(i))
				f.SetFloat64(1, 0.5)
				ferry.CallFrame(testlib.Floats2Double, &f)
				if got := f.Float64(); got != float64(i)*2+0.5 {
					t.Errorf("frame call: got %v", got)
					return
				}
				if got := stack.Call6(testlib.Ints6, 1, 2, 3, 4, 5, i); got != 54321+i*100000 {
					t.Errorf("dedicated call: got %d", got)
					return
				}
				if !deep(int(i%64)*8, byte(i)) {
					t.Error("fast call into a goroutine-stack buffer lost writes")
					return
				}
				n += 3
			}
			calls.Add(n)
		}()
	}
	wg.Wait()
	close(stop)
	background.Wait()
	t.Logf("%d calls, %d GCs, %d new threads", calls.Load(), gcs.Load(), threads.Load())
	if min := int64(1_000_000); !testing.Short() && calls.Load() < min {
		t.Errorf("only %d calls in %v, want at least %d", calls.Load(), duration, min)
	}
	if gcs.Load() < 1 || threads.Load() < 1 {
		t.Errorf("the disturbances did not run: %d GCs, %d threads", gcs.Load(), threads.Load())
	}
}

// A goroutine that spends nearly all its time in back-to-back fast calls
// must still let the GC stop the world between two calls. Without the
// trampolines' preemption point one GC took seconds here (async preemption
// signals almost always land in native code and are declined); with it, a
// GC waits for at most one call. The bound is generous: this checks that
// the GC makes progress at all, not how fast.
func TestBackToBackFastCallsLetGCRun(t *testing.T) {
	stop := spinInBackground(ferry.Call1, 100*time.Microsecond)
	defer stop()
	start := time.Now()
	for i := 0; i < 10; i++ {
		runtime.GC()
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("10 GCs took %v next to a goroutine making 100µs fast calls", d)
	}
}
