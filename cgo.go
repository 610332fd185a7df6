// cgo.go: cgo mode (CgoCall0 ... CgoCall6, CgoCallPair, CgoCallFrame),
// the fast calls' signatures made as ordinary cgo calls through
// internal/cruntime, for native code that blocks or runs long.

package ferry

import (
	"unsafe"

	"github.com/ferry-ffi/ferry/internal/cruntime"
)

// Cgo mode: the same calls as Call0 ... Call6 and CallFrame, made as
// ordinary cgo calls. The goroutine leaves its P while the native code
// runs, so the scheduler and the garbage collector carry on without it:
// use these for calls that block or may run long. They cost a cgo call.
//
// Go code runs before the C function starts (cgo's own machinery), so a
// pointer argument must not point into the goroutine stack. The
// uintptrescapes directive enforces that: a uintptr(unsafe.Pointer(p))
// written in the call moves *p to the heap and keeps it alive for the
// call.

//go:uintptrescapes
func CgoCall0(fn Func) uintptr { return cruntime.Call0(uintptr(fn)) }

//go:uintptrescapes
func CgoCall1(fn Func, a0 uintptr) uintptr { return cruntime.Call1(uintptr(fn), a0) }

//go:uintptrescapes
func CgoCall2(fn Func, a0, a1 uintptr) uintptr {
	return cruntime.Call2(uintptr(fn), a0, a1)
}

//go:uintptrescapes
func CgoCall3(fn Func, a0, a1, a2 uintptr) uintptr {
	return cruntime.Call3(uintptr(fn), a0, a1, a2)
}

//go:uintptrescapes
func CgoCall4(fn Func, a0, a1, a2, a3 uintptr) uintptr {
	return cruntime.Call4(uintptr(fn), a0, a1, a2, a3)
}

//go:uintptrescapes
func CgoCall5(fn Func, a0, a1, a2, a3, a4 uintptr) uintptr {
	return cruntime.Call5(uintptr(fn), a0, a1, a2, a3, a4)
}

//go:uintptrescapes
func CgoCall6(fn Func, a0, a1, a2, a3, a4, a5 uintptr) uintptr {
	return cruntime.Call6(uintptr(fn), a0, a1, a2, a3, a4, a5)
}

// CgoCallPair is CallPair in cgo mode.
//
//go:uintptrescapes
func CgoCallPair(fn Func, a0, a1, a2, a3, a4, a5 uintptr) (r0, r1 uintptr) {
	return cruntime.CallPair(uintptr(fn), a0, a1, a2, a3, a4, a5)
}

// CgoCallFrame is CallFrame in cgo mode.
func CgoCallFrame(fn Func, f *Frame) { cruntime.CallFrame(uintptr(fn), unsafe.Pointer(f)) }
