// call.go: the fast calls on the current thread's native stack (Call0 ...
// Call6, CallPair, CallFrame) and the Frame of a call of any signature.
// The calls are declared here and written in call_amd64.s and
// call_arm64.s: each switches the goroutine onto the thread's native stack
// (src/stack.c maps it), calls fn and switches back, with no scheduler
// hand-off, so fn must return within microseconds.

package ferry

import (
	"math"
	"unsafe"
)

// Func is the address of a native function with the C calling convention.
type Func uintptr

// FuncOf returns the Func at p, for example FuncOf(unsafe.Pointer(C.add))
// or a pointer from dlsym.
func FuncOf(p unsafe.Pointer) Func { return Func(p) }

// Fast calls on the current thread's native stack. Each loads its
// arguments into the C argument registers, switches to the stack, calls fn
// and returns what fn returned in the integer return register. The first
// fast call on a thread maps the thread's stack. Implemented in
// call_<arch>.s.

func Call0(fn Func) uintptr
func Call1(fn Func, a0 uintptr) uintptr
func Call2(fn Func, a0, a1 uintptr) uintptr
func Call3(fn Func, a0, a1, a2 uintptr) uintptr
func Call4(fn Func, a0, a1, a2, a3 uintptr) uintptr
func Call5(fn Func, a0, a1, a2, a3, a4 uintptr) uintptr
func Call6(fn Func, a0, a1, a2, a3, a4, a5 uintptr) uintptr

// CallPair is Call6 for a function that returns two integer registers:
// a struct of up to 16 bytes whose fields are all integers (or bools,
// enums, pointers), such as struct { uint64_t lo, hi; }, comes back in
// rax:rdx on amd64 and x0:x1 on arm64. r0 holds the struct's first 8
// bytes and r1 the rest, in memory order. Pass 0 for the arguments fn
// does not take (C ignores surplus argument registers). Structs holding
// floats come back in floating-point registers instead: not this call.
func CallPair(fn Func, a0, a1, a2, a3, a4, a5 uintptr) (r0, r1 uintptr)

// Frame holds the arguments and results of a call of any supported
// signature: up to 8 integer or pointer arguments and up to 8 float or
// double arguments, in the order the C prototype lists each kind, and
// the return registers. Integer arguments narrower than 64 bits are
// passed sign- or zero-extended, as C does.
type Frame struct {
	Int   [8]uintptr // integer and pointer arguments, in order
	Float [8]uint64  // float and double arguments as bits; see SetFloat64
	Ret   uintptr    // the integer return register after the call
	FRet  uint64     // the floating-point return register after the call
	Ret2  uintptr    // the second integer return register (see CallPair)
}

// SetFloat64 sets the i-th floating-point argument to a double.
func (f *Frame) SetFloat64(i int, v float64) { f.Float[i] = math.Float64bits(v) }

// SetFloat32 sets the i-th floating-point argument to a float.
func (f *Frame) SetFloat32(i int, v float32) { f.Float[i] = uint64(math.Float32bits(v)) }

// Float64 returns the double the function returned.
func (f *Frame) Float64() float64 { return math.Float64frombits(f.FRet) }

// Float32 returns the float the function returned.
func (f *Frame) Float32() float32 { return math.Float32frombits(uint32(f.FRet)) }

// CallFrame calls fn with the arguments in f on the current thread's
// native stack and stores its results in f.
func CallFrame(fn Func, f *Frame) {
	// The frame may live on the goroutine stack: it cannot move during a
	// fast call, because no Go code runs until the call returns.
	Call2(Func(callFrameFn), uintptr(fn), uintptr(unsafe.Pointer(f)))
}
