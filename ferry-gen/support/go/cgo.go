// The cgo-mode call helpers of a fixed signature (emit_go.c); the
// ferryCgoCallN helpers depend on N and are written by emit_go_helpers.

package support

import (
	"github.com/ferry-ffi/ferry"
)

// ferry-gen:begin go_cgo_pair_helper

// ferryCgoCallPair is ferry.CgoCallPair; the directive moves what its arguments
// point to to the heap and keeps it alive: the cgo path may move the goroutine
// stack.
//
//go:uintptrescapes
func ferryCgoCallPair(fn ferry.Func, a0, a1, a2, a3, a4, a5 uintptr) (uintptr, uintptr) {
	return ferry.CgoCallPair(fn, a0, a1, a2, a3, a4, a5)
}

// ferry-gen:end

// ferry-gen:begin go_cgo_frame_helper

// ferryCgoCallFrame is ferry.CgoCallFrame; pointers repeats the frame's pointer
// arguments so that the directive moves what they point to to the heap.
//
//go:uintptrescapes
func ferryCgoCallFrame(fn ferry.Func, f *ferry.Frame, pointers ...uintptr) {
	ferry.CgoCallFrame(fn, f)
}

// ferry-gen:end
