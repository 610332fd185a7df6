// callback.go: native code calling Go during a call (CallWithCallback).
// The native function runs on a coroutine (src/coro.c, coro_<arch>.S);
// ferry_callback_call switches back to the goroutine, which runs the Go
// callback and resumes the coroutine (coroResume, call_<arch>.s): no cgo
// callback, and a panic unwinds only Go frames.

package ferry

import (
	"runtime"
	"unsafe"

	"github.com/ferry-ffi/ferry/internal/cruntime"
)

// Callback is a Go function that native code calls during a call made with
// CallWithCallback, through ferry_callback_call (include/ferry.h).
type Callback func(a0, a1, a2, a3 uintptr) uintptr

// coroutine mirrors the head of struct ferry_callback (src/internal.h);
// TestCoroutineLayoutMatchesC checks it. It lives in C memory.
type coroutine struct {
	cbArgs     [4]uintptr
	cbResultTo *uintptr // ferry_callback_call's result pointer: C memory, or nil
	cbStatus   int
	result     uintptr
}

const coroCallback = 1 // FERRY__CORO_CALLBACK

var coroStartFn, coroFailFn, coroReleaseFn Func

// coroResume resumes the coroutine at co; call_<arch>.s.
func coroResume(co unsafe.Pointer) int

func init() {
	coroStartFn = Func(cruntime.CoroStartFn())
	coroFailFn = Func(cruntime.CoroFailFn())
	coroReleaseFn = Func(cruntime.CoroReleaseFn())
}

// CallWithCallback calls the native function
//
//	uintptr_t fn(ferry_callback *cb, uintptr_t a0, uintptr_t a1, uintptr_t a2)
//
// which may call cb any number of times with ferry_callback_call. Each call
// runs callback on this goroutine: the native function is suspended on its
// own native stack while Go runs, so a callback costs two stack switches
// and two fast calls instead of a cgo callback.
//
// The goroutine keeps its OS thread for the whole call, so native
// thread-local state survives callbacks. Because Go code runs during the
// call, the arguments must not point into the goroutine stack (it may
// move): the uintptrescapes directive moves anything converted with
// uintptr(unsafe.Pointer(p)) in the call to the heap and keeps it alive.
//
// If callback panics, ferry_callback_call returns FERRY_EPANIC to the
// native code, which must unwind and return; then the panic continues
// here with the same value. runtime.Goexit in a callback is handled the
// same way, with FERRY_ECANCELED. The native stack always goes back to
// ferry's pool.
//
//go:uintptrescapes
func CallWithCallback(fn Func, callback Callback, a0, a1, a2 uintptr) uintptr {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var co *coroutine
	Call5(coroStartFn, uintptr(unsafe.Pointer(&co)), uintptr(fn), a0, a1, a2)
	if co == nil {
		panic("ferry: CallWithCallback: cannot map a native stack (out of memory or address space)")
	}
	return drive(co, callback)
}

// drive resumes the coroutine until the native function returns, running
// each callback it asks for.
func drive(co *coroutine, callback Callback) uintptr {
	finished := false
	defer func() {
		if !finished {
			unwind(co, recover())
		}
	}()
	for coroResume(unsafe.Pointer(co)) == coroCallback {
		a := &co.cbArgs
		r := callback(a[0], a[1], a[2], a[3])
		if to := co.cbResultTo; to != nil {
			*to = r
		}
	}
	finished = true
	result := co.result
	Call1(coroReleaseFn, uintptr(unsafe.Pointer(co)))
	return result
}

// unwind finishes a coroutine whose callback panicked (p != nil) or called
// runtime.Goexit (p == nil): the native side learns it from the status of
// its pending ferry_callback_call, and any later callback fails at once
// without running Go. Then the panic goes on.
func unwind(co *coroutine, p any) {
	status := ECANCELED
	if p != nil {
		status = EPANIC
	}
	Call2(coroFailFn, uintptr(unsafe.Pointer(co)), uintptr(status))
	for coroResume(unsafe.Pointer(co)) == coroCallback {
		// ferry_callback_call refuses further callbacks without switching
		// back, so this resumes only once; looping keeps that a C detail.
	}
	Call1(coroReleaseFn, uintptr(unsafe.Pointer(co)))
	if p != nil {
		panic(p)
	}
}
