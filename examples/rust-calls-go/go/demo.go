// Command demo is the Go half of examples/rust-calls-go, built as a
// c-archive that the Rust program links (see ../build.rs). It serves
// three kinds of native -> Go calls:
//
//   - sync, through cgo exports: demo_note (oneway: no result) and
//     demo_summarize (a struct with a list as the result);
//   - async, through a ferry call ring served by worker goroutines:
//     DEMO_FN_GREET;
//   - and, for the benchmark (../src/bin/bench.rs), the same addition
//     three ways: a plain cgo export, a ferry-style export (argument
//     struct in, result written in place, status out), and the ring.
//
// Arguments are read in place through views (ring.Str, ring.Slice), never
// copied; results are copied once into C memory the Rust side frees.
package main

/*
#cgo CFLAGS: -I${SRCDIR}/../../../include
#include "demo.h"
*/
import "C"

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/ring"
)

// Go layouts of demo.h's structs.
type user struct {
	Name ring.Str
	Age  uint32
}

type request struct {
	Users ring.Slice[user]
	Blob  ring.Bytes
}

type summary struct {
	Count, TotalAge uint32
	BlobSum         uint64
	Notes           uint32
	Oldest          ring.Str
	Adults          ring.Slice[user]
}

type greeting struct {
	Text  ring.Str
	Users uint32
}

type addArgs struct{ A, B int64 }

// The layouts must match C's; these fail to compile otherwise.
var (
	_ [unsafe.Sizeof(request{}) - C.sizeof_demo_request]byte
	_ [C.sizeof_demo_request - unsafe.Sizeof(request{})]byte
	_ [unsafe.Sizeof(summary{}) - C.sizeof_demo_summary]byte
	_ [C.sizeof_demo_summary - unsafe.Sizeof(summary{})]byte
	_ [unsafe.Sizeof(greeting{}) - C.sizeof_demo_greeting]byte
	_ [C.sizeof_demo_greeting - unsafe.Sizeof(greeting{})]byte
	_ [unsafe.Offsetof(summary{}.Oldest) - unsafe.Offsetof(C.demo_summary{}.oldest)]byte
	_ [unsafe.Offsetof(C.demo_summary{}.oldest) - unsafe.Offsetof(summary{}.Oldest)]byte
)

var notes struct {
	sync.Mutex
	users int
	names []string // copies: views die with the call
}

// demo_note is a oneway call: it records the users and returns nothing.
//
//export demo_note
func demo_note(req *C.demo_request) {
	r := (*request)(unsafe.Pointer(req))
	notes.Lock()
	defer notes.Unlock()
	for _, u := range r.Users.View() {
		notes.users++
		notes.names = append(notes.names, strings.Clone(u.Name.String()))
	}
}

// demo_summarize is a sync call that returns a struct with a list.
//
//export demo_summarize
func demo_summarize(req *C.demo_request, out *C.demo_summary) C.int {
	r, s := (*request)(unsafe.Pointer(req)), (*summary)(unsafe.Pointer(out))
	users := r.Users.View()
	*s = summary{Count: uint32(len(users))}
	var oldest *user
	adults := 0
	for i := range users {
		u := &users[i]
		s.TotalAge += u.Age
		if oldest == nil || u.Age > oldest.Age {
			oldest = u
		}
		if u.Age >= 18 {
			adults++
		}
	}
	for _, b := range r.Blob.Slice() {
		s.BlobSum += uint64(b)
	}
	if oldest != nil {
		s.Oldest = ring.NewStr(oldest.Name.String())
	}
	s.Adults = ring.NewSlice[user](adults)
	out2 := s.Adults.View()
	for _, u := range users {
		if u.Age >= 18 {
			out2[0] = user{ring.NewStr(u.Name.String()), u.Age}
			out2 = out2[1:]
		}
	}
	notes.Lock()
	s.Notes = uint32(notes.users)
	notes.Unlock()
	return C.FERRY_OK
}

// greet serves DEMO_FN_GREET on the ring.
func greet(args, result unsafe.Pointer) ferry.Status {
	r, g := (*request)(args), (*greeting)(result)
	users := r.Users.View()
	names := make([]string, len(users))
	for i, u := range users {
		names[i] = u.Name.String()
	}
	g.Users = uint32(len(users))
	g.Text = ring.NewStr(fmt.Sprintf("hello %s (%d bytes of blob)", strings.Join(names, ", "), len(r.Blob.Slice())))
	return ferry.OK
}

func add(args, result unsafe.Pointer) ferry.Status {
	a := (*addArgs)(args)
	*(*int64)(result) = a.A + a.B
	return ferry.OK
}

// demo_add is the benchmark's plain cgo export.
//
//export demo_add
func demo_add(a, b C.int64_t) C.int64_t { return a + b }

// demo_add_sync is the benchmark's ferry-style sync export: arguments
// read in place, the result written where the caller says, a status back.
//
//export demo_add_sync
func demo_add_sync(args *C.demo_add_args, out *C.int64_t) C.int {
	*out = args.a + args.b
	return C.FERRY_OK
}

var served *ring.Ring

// demo_ring_start makes the ring and starts its workers; the Rust side
// submits to the returned pointer until demo_ring_stop.
//
//export demo_ring_start
func demo_ring_start(capacity, workers, idleSpinMicros C.int) *C.ferry_ring {
	r, err := ring.New(int(capacity))
	if err != nil {
		panic(err)
	}
	r.SetIdleSpin(time.Duration(idleSpinMicros) * time.Microsecond)
	r.Handle(C.DEMO_FN_GREET, greet)
	r.Handle(C.DEMO_FN_ADD, add)
	r.Serve(int(workers))
	served = r
	return (*C.ferry_ring)(r.Native())
}

// demo_ring_stop closes the ring (draining or cancelling what is queued),
// waits for the workers and frees it. No native thread may use it after.
//
//export demo_ring_stop
func demo_ring_stop(cancel C.int) C.int {
	n := served.Close(cancel != 0)
	served.Free()
	served = nil
	return C.int(n)
}

func main() {}

var gc struct {
	stop chan struct{}
	done chan int64
}

// demo_gc_start keeps Go's garbage collector running, with garbage to
// collect, until demo_gc_stop: for the stress test.
//
//export demo_gc_start
func demo_gc_start() {
	gc.stop, gc.done = make(chan struct{}), make(chan int64)
	go func() {
		var n int64
		var keep [][]byte
		for {
			select {
			case <-gc.stop:
				gc.done <- n
				return
			default:
			}
			keep = append(keep, make([]byte, 4096))
			if len(keep) > 256 {
				keep = nil
			}
			runtime.GC()
			n++
		}
	}()
}

// demo_gc_stop stops the collector loop and returns how many collections
// it ran.
//
//export demo_gc_stop
func demo_gc_stop() C.int64_t {
	close(gc.stop)
	return C.int64_t(<-gc.done)
}
