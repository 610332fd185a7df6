package ring_test

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/ring"
	"github.com/ferry-ffi/ferry/ring/internal/ringtest"
)

// The layouts of ringtest_args and ringtest_result (ringtest.h).
type addArgs struct {
	A, B int64
	Name ring.Str
	Blob ring.Bytes
}

type addResult struct {
	Sum     int64
	NameLen uint64
	BlobSum uint64
}

func add(args, result unsafe.Pointer) ferry.Status {
	a, r := (*addArgs)(args), (*addResult)(result)
	r.Sum = a.A + a.B
	r.NameLen = uint64(len(a.Name.String()))
	var sum uint64
	for _, b := range a.Blob.Slice() {
		sum += uint64(b)
	}
	r.BlobSum = sum
	return ferry.OK
}

const (
	fnPanic = 2
	fnSlow  = 3
	fnNone  = 4 // never registered
)

func newRing(t testing.TB, capacity, workers int) *ring.Ring {
	t.Helper()
	r, err := ring.New(capacity)
	if err != nil {
		t.Fatal(err)
	}
	r.Handle(ringtest.FnAdd, add)
	r.Handle(fnPanic, func(_, _ unsafe.Pointer) ferry.Status { panic("handler panics") })
	r.Handle(fnSlow, func(_, _ unsafe.Pointer) ferry.Status {
		time.Sleep(time.Millisecond)
		return ferry.OK
	})
	r.Serve(workers)
	return r
}

func TestNewChecksCapacity(t *testing.T) {
	if _, err := ring.New(0); err == nil {
		t.Error("New(0) succeeded")
	}
	if _, err := ring.New(1 << 30); err == nil {
		t.Error("New(1<<30) succeeded")
	}
	r, err := ring.New(100)
	if err != nil {
		t.Fatal(err)
	}
	if r.Capacity() != 128 {
		t.Errorf("Capacity() = %d, want 128", r.Capacity())
	}
	r.Close(false)
	r.Free()
}

func check(t *testing.T, rep ringtest.Report, want ringtest.Report) {
	t.Helper()
	if rep != want {
		t.Errorf("report %+v, want %+v", rep, want)
	}
}

func TestEveryModeGetsItsResults(t *testing.T) {
	for _, mode := range []int{ringtest.Async, ringtest.Try, ringtest.Sync} {
		r := newRing(t, 64, 2)
		rep := ringtest.Start(r.Native(), 2, 3000, mode).Join()
		check(t, rep, ringtest.Report{Accepted: 6000, OK: 6000})
		r.Close(false)
		r.Free()
	}
}

func TestPanicsAndUnknownHandlersBecomeStatuses(t *testing.T) {
	r, err := ring.New(8)
	if err != nil {
		t.Fatal(err)
	}
	var panics atomic.Int32
	r.OnPanic(func(fn uint32, v any) {
		if fn == fnPanic && v == "handler panics" {
			panics.Add(1)
		}
	})
	r.Handle(fnPanic, func(_, _ unsafe.Pointer) ferry.Status { panic("handler panics") })
	r.Handle(fnSlow, func(_, _ unsafe.Pointer) ferry.Status { return ferry.ERANGE })
	r.Serve(1)
	if s := ferry.Status(ringtest.Call(r.Native(), fnPanic)); s != ferry.EPANIC {
		t.Errorf("panicking handler: %v, want EPANIC", s.Name())
	}
	if s := ferry.Status(ringtest.Call(r.Native(), fnNone)); s != ferry.EUNSUPPORTED {
		t.Errorf("unknown handler: %v, want EUNSUPPORTED", s.Name())
	}
	if s := ferry.Status(ringtest.Call(r.Native(), fnSlow)); s != ferry.ERANGE {
		t.Errorf("handler's status: %v, want ERANGE", s.Name())
	}
	if panics.Load() != 1 {
		t.Errorf("OnPanic heard of %d panics, want 1", panics.Load())
	}
	r.Close(false)
	if s := ferry.Status(ringtest.Call(r.Native(), ringtest.FnAdd)); s != ferry.ECLOSED {
		t.Errorf("call after Close: %v, want ECLOSED", s.Name())
	}
	r.Free()
}

// A slow handler keeps the ring full: submitters sleep, then Close
// cancels what is queued, and every call is accounted for.
func TestCloseCancelAccountsForEveryCall(t *testing.T) {
	r, err := ring.New(4)
	if err != nil {
		t.Fatal(err)
	}
	var ran atomic.Int64
	r.Handle(ringtest.FnAdd, func(args, result unsafe.Pointer) ferry.Status {
		ran.Add(1)
		time.Sleep(200 * time.Microsecond)
		return add(args, result)
	})
	r.SetBlockingLimit(0) // the slow handler holds its worker: the ring fills
	r.Serve(1)
	run := ringtest.Start(r.Native(), 3, 1000, ringtest.Async)
	time.Sleep(20 * time.Millisecond)
	cancelled := r.Close(true)
	rep := run.Join()
	if rep.Accepted+rep.Refused != 3000 || rep.OK+rep.Cancelled != rep.Accepted ||
		rep.Wrong+rep.Other+rep.Twice != 0 {
		t.Errorf("report %+v does not add up", rep)
	}
	if rep.OK != ran.Load() {
		t.Errorf("%d calls ran, %d completed OK", ran.Load(), rep.OK)
	}
	// The ring is full when Close comes (the handler is slow): calls are
	// refused, and queued ones cancelled, by Close or by the worker that
	// takes them after it.
	if rep.Refused == 0 || rep.Cancelled == 0 || rep.Cancelled < int64(cancelled) {
		t.Errorf("report %+v, Close cancelled %d: the close should have raced the calls", rep, cancelled)
	}
	r.Free()
}

// Close with drain runs every call accepted before it.
func TestCloseDrainRunsEveryAcceptedCall(t *testing.T) {
	for i := range 5 {
		r := newRing(t, 16, 2)
		run := ringtest.Start(r.Native(), 2, 20000, ringtest.Try)
		time.Sleep(time.Duration(i) * time.Millisecond)
		if n := r.Close(false); n != 0 {
			t.Errorf("drain cancelled %d calls", n)
		}
		rep := run.Join()
		if rep.Accepted+rep.Refused != 40000 || rep.OK != rep.Accepted ||
			rep.Cancelled+rep.Wrong+rep.Other+rep.Twice != 0 {
			t.Errorf("report %+v does not add up", rep)
		}
		r.Free()
	}
}

// Many native threads and Go's garbage collector at once: every response
// matches its request (checked in C), none is lost or doubled.
func TestStressManyThreadsWhileGCRuns(t *testing.T) {
	perThread := int64(250000) // a million calls
	if raceEnabled {
		perThread = 25000
	}
	r := newRing(t, 1024, 2)
	stop := make(chan struct{})
	gcs := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				gcs <- n
				return
			default:
				runtime.GC()
				n++
				// Garbage for the collector while it runs.
				_ = make([]byte, 1<<16)
			}
		}
	}()
	rep := ringtest.Start(r.Native(), 4, perThread, ringtest.Async).Join()
	close(stop)
	n := <-gcs
	check(t, rep, ringtest.Report{Accepted: 4 * perThread, OK: 4 * perThread})
	if n == 0 {
		t.Error("no garbage collection ran during the stress")
	}
	r.Close(false)
	r.Free()
}

// A handler that calls runtime.Goexit ends its worker, but not the ring:
// its call fails, the rest of its batch is cancelled, a new worker serves
// on, and every call is accounted for.
func TestGoexitInHandlerLosesNoCall(t *testing.T) {
	r, err := ring.New(64)
	if err != nil {
		t.Fatal(err)
	}
	var exits atomic.Int32
	r.OnPanic(func(fn uint32, v any) {
		if v == ring.ErrGoexit {
			exits.Add(1)
		}
	})
	r.Handle(ringtest.FnAdd, func(args, result unsafe.Pointer) ferry.Status {
		if (*addArgs)(args).A == 777 {
			runtime.Goexit()
		}
		return add(args, result)
	})
	r.Serve(1)
	rep := ringtest.Start(r.Native(), 2, 3000, ringtest.Async).Join()
	if rep.Other != 2 || exits.Load() != 2 {
		t.Errorf("report %+v, %d exits: want the two calls with a == 777 to fail", rep, exits.Load())
	}
	if rep.Accepted != 6000 || rep.OK+rep.Cancelled+rep.Other != 6000 || rep.Wrong+rep.Twice != 0 {
		t.Errorf("report %+v does not add up", rep)
	}
	// The replacement worker serves what comes next.
	if s := ferry.Status(ringtest.Call(r.Native(), fnNone)); s != ferry.EUNSUPPORTED {
		t.Errorf("after the exits: %v, want EUNSUPPORTED", s.Name())
	}
	r.Close(false)
	r.Free()
}

func TestOnHandlerPanicWritesTheResult(t *testing.T) {
	r, err := ring.New(8)
	if err != nil {
		t.Fatal(err)
	}
	var heard any
	r.Handle(fnPanic, func(_, _ unsafe.Pointer) ferry.Status { panic("handler panics") })
	r.OnHandlerPanic(fnPanic, func(result unsafe.Pointer, v any) { heard = v })
	r.Serve(1)
	if got := ringtest.Call(r.Native(), fnPanic); got != int32(ferry.EPANIC) {
		t.Errorf("status %d, want EPANIC", got)
	}
	r.Close(false)
	r.Free()
	if heard != "handler panics" {
		t.Errorf("panic writer heard %v", heard)
	}
}

func TestAttachServesANativeRing(t *testing.T) {
	native := ringtest.NewNative(64)
	defer ringtest.FreeNative(native)
	r := ring.Attach(native)
	r.Handle(ringtest.FnAdd, add)
	r.Serve(2)
	rep := ringtest.Start(native, 2, 2000, ringtest.Async).Join()
	check(t, rep, ringtest.Report{Accepted: 4000, OK: 4000})
	// Close waits for the workers: after it the owner may free the ring.
	r.Close(false)
	if got := ringtest.Call(native, ringtest.FnAdd); got != int32(ferry.ECLOSED) {
		t.Errorf("call after Close: status %d, want ECLOSED", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("Free of an attached ring did not panic")
		}
	}()
	r.Free()
}

// Close is idempotent, so several goroutines may close one ring at once
// (a shutdown path and a deferred cleanup, say): no data race (the -race
// run covers this test: its name matches 'Stress'), and every Close
// returns only once the workers are gone.
func TestStressCloseFromManyGoroutines(t *testing.T) {
	for round := range 20 {
		r := newRing(t, 64, 2)
		run := ringtest.Start(r.Native(), 2, 2000, ringtest.Try)
		start := make(chan struct{})
		done := make(chan int)
		for g := range 4 {
			go func() {
				<-start
				done <- r.Close(g%2 == 0)
			}()
		}
		close(start)
		for range 4 {
			<-done
		}
		rep := run.Join()
		if rep.Accepted+rep.Refused != 4000 || rep.OK+rep.Cancelled != rep.Accepted ||
			rep.Wrong+rep.Other+rep.Twice != 0 {
			t.Errorf("round %d: report %+v does not add up", round, rep)
		}
		r.Free() // panics unless Close was seen
	}
}
