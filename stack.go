// stack.go: dedicated native stacks (Stack, NewStack): fast calls on a
// stack one goroutine owns, which panic instead of corrupting memory when
// two goroutines use it at once; and the size of the stacks ferry maps
// (SetStackSize, FERRY_STACK_SIZE).

package ferry

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/ferry-ffi/ferry/internal/cruntime"
)

// Stack is a dedicated native stack: fast calls through its methods run on
// it instead of on the thread's stack. One goroutine at a time may use a
// Stack; a call that finds it in use by another panics instead of letting
// two calls share it. Its memory is unmapped by Free or, failing that,
// when the Stack is garbage collected.
type Stack struct {
	busy    uint32         // 1 while a call runs on the stack (call_<arch>.s)
	top     uintptr        // where SP starts (call_<arch>.s)
	native  unsafe.Pointer // *ferry_stack (C memory)
	size    int
	cleanup runtime.Cleanup
}

// NewStack maps a native stack with size usable bytes (0: the default, see
// SetStackSize). Only address space is reserved: pages are committed when
// native code first touches them.
func NewStack(size int) (*Stack, error) {
	if size < 0 {
		return nil, fmt.Errorf("ferry: NewStack(%d): %w", size, ERANGE)
	}
	native, top, usable, status := cruntime.StackNew(size)
	if status != cruntime.OK {
		return nil, fmt.Errorf("ferry: NewStack(%d): %w", size, Status(status))
	}
	s := &Stack{top: top, native: native, size: usable}
	s.cleanup = runtime.AddCleanup(s, cruntime.StackFree, native)
	return s, nil
}

// Size returns the stack's usable size in bytes.
func (s *Stack) Size() int { return s.size }

// Free unmaps the stack now. It fails with EBUSY if a call is running on
// it; calls after Free panic.
func (s *Stack) Free() error {
	// Taken the way the trampolines take it, so a running call is seen.
	if !atomic.CompareAndSwapUint32(&s.busy, 0, 1) {
		return fmt.Errorf("ferry: Stack.Free: %w", EBUSY)
	}
	// Leave busy set: a later call then reports misuse instead of running
	// on unmapped memory.
	if s.native != nil {
		s.cleanup.Stop()
		cruntime.StackFree(s.native)
		s.native = nil
		s.top = 0
	}
	return nil
}

// The fast calls, on this stack. See Call0 ... Call6. They are nosplit:
// arguments may point into the goroutine stack, so no stack check (which
// could move the stack) may run between the caller converting them and the
// switch, even when a build does not inline these (-gcflags=-l).

//go:nosplit
func (s *Stack) Call0(fn Func) uintptr {
	r, _ := stackCall6(s, fn, 0, 0, 0, 0, 0, 0)
	return r
}

//go:nosplit
func (s *Stack) Call1(fn Func, a0 uintptr) uintptr {
	r, _ := stackCall6(s, fn, a0, 0, 0, 0, 0, 0)
	return r
}

//go:nosplit
func (s *Stack) Call2(fn Func, a0, a1 uintptr) uintptr {
	r, _ := stackCall6(s, fn, a0, a1, 0, 0, 0, 0)
	return r
}

//go:nosplit
func (s *Stack) Call3(fn Func, a0, a1, a2 uintptr) uintptr {
	r, _ := stackCall6(s, fn, a0, a1, a2, 0, 0, 0)
	return r
}

//go:nosplit
func (s *Stack) Call4(fn Func, a0, a1, a2, a3 uintptr) uintptr {
	r, _ := stackCall6(s, fn, a0, a1, a2, a3, 0, 0)
	return r
}

//go:nosplit
func (s *Stack) Call5(fn Func, a0, a1, a2, a3, a4 uintptr) uintptr {
	r, _ := stackCall6(s, fn, a0, a1, a2, a3, a4, 0)
	return r
}

//go:nosplit
func (s *Stack) Call6(fn Func, a0, a1, a2, a3, a4, a5 uintptr) uintptr {
	r, _ := stackCall6(s, fn, a0, a1, a2, a3, a4, a5)
	return r
}

// CallFrame is CallFrame on this stack.
//
//go:nosplit
func (s *Stack) CallFrame(fn Func, f *Frame) {
	stackCall6(s, Func(callFrameFn), uintptr(fn), uintptr(unsafe.Pointer(f)), 0, 0, 0, 0)
}

// CallPair is CallPair on this stack.
//
//go:nosplit
func (s *Stack) CallPair(fn Func, a0, a1, a2, a3, a4, a5 uintptr) (r0, r1 uintptr) {
	return stackCall6(s, fn, a0, a1, a2, a3, a4, a5)
}

// stackCall6 is in call_<arch>.s: it returns both integer return
// registers, for CallPair. On a busy stack it jumps to stackBusy.
func stackCall6(s *Stack, fn Func, a0, a1, a2, a3, a4, a5 uintptr) (r0, r1 uintptr)

// stackBusy reports a call on a Stack that is already in use (or freed).
// The trampoline jumps here in place of returning, so the panic shows the
// misusing caller.
func stackBusy() {
	panic("ferry: Stack used by two calls at once (or after Free): a dedicated Stack belongs to one goroutine at a time")
}

// SetStackSize sets the size of native stacks made from now on: threads'
// stacks (mapped on a thread's first fast call) and NewStack(0). The
// initial size is 2 MiB or FERRY_STACK_SIZE (bytes, or with a K, M or G
// suffix).
func SetStackSize(size int) error {
	if size < 0 || cruntime.StackSizeSetDefault(size) != cruntime.OK {
		return fmt.Errorf("ferry: SetStackSize(%d): %w: a stack size must be in [%d, %d]",
			size, ERANGE, cruntime.MinStackSize, cruntime.MaxStackSize)
	}
	return nil
}

// StackSize returns the size of native stacks made from now on.
func StackSize() int { return cruntime.StackSizeDefault() }
