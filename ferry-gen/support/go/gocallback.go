// What a package with FERRY_GO_CALLBACK parameters holds (emit_go_call.c):
// Go funcs handed to an existing C library where it takes a C function
// pointer and a void * user pointer.

package support

import (
	"runtime/cgo"
	"unsafe"
)

// ferry-gen:begin go_gocallback_helpers

// ferryCPointer is the C address a, a pointer parameter of a Go callback,
// as an unsafe.Pointer (without the conversion vet reports: a is C memory's).
func ferryCPointer(a uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&a))
}

// ferry-gen:end

// ferry-gen:begin go_cgo_handle_helpers

// ferryGoFunc is a Go callback's func type (its ferryCall decodes the words).
// A func value is pointer-shaped: it goes in the interface without an
// allocation, where a method value would need one.
type ferryGoFunc interface {
	ferryCall(a0, a1, a2, a3 uintptr) uintptr
}

// ferryGoCallback is what the user pointer of a cgo call with a Go callback
// finds again, through a runtime/cgo.Handle: the Go func, and whether it
// panicked (the panic continues once the C call has returned).
type ferryGoCallback struct {
	fn       ferryGoFunc
	panicked bool
	value    any
}

// ferryGoCallbackStart is the handle the C call passes as its user pointer.
func ferryGoCallbackStart(fn ferryGoFunc) cgo.Handle {
	return cgo.NewHandle(&ferryGoCallback{fn: fn})
}

// ferryGoCallbackEnd releases h after the C call and continues a panic of
// its Go func.
func ferryGoCallbackEnd(h cgo.Handle) {
	cb := h.Value().(*ferryGoCallback)
	h.Delete()
	if cb.panicked {
		panic(cb.value)
	}
}

// ferryGoCallbackRun runs the Go func of handle h with a callback's words,
// for the package's export. After a panic it returns abort, the value the
// library gets instead, and so do later callbacks of the same call, without
// running Go.
func ferryGoCallbackRun(h, abort, a0, a1, a2, a3 uintptr) (r uintptr) {
	cb := cgo.Handle(h).Value().(*ferryGoCallback)
	if cb.panicked {
		return abort
	}
	finished := false
	defer func() {
		if !finished {
			cb.panicked, cb.value, r = true, recover(), abort
		}
	}()
	r = cb.fn.ferryCall(a0, a1, a2, a3)
	finished = true
	return r
}

// ferry-gen:end
