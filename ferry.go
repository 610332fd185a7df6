// Package ferry calls native functions (C, Rust, anything with the C ABI)
// from Go at the cost of a function call instead of a cgo call.
//
// A fast call ([Call0] ... [Call6], [CallFrame]) moves the goroutine onto a
// native stack that belongs to the current OS thread, calls the function
// pointer directly and comes back, all in a few instructions of assembly:
// no entersyscall, no scheduler hand-off. The price is that the goroutine
// cannot be preempted while the native code runs, so a garbage collection
// waits for it: use fast calls for functions that return within
// microseconds, and cgo mode ([CgoCall0] ... [CgoCall6], [CgoCallFrame])
// for anything that blocks or runs long. A [Stack] gives one goroutine a
// dedicated native stack of its own.
//
// The native function must follow the cgo rules: it must not keep Go
// pointers after it returns, and it must not call back into Go through cgo
// exports. Arguments that are Go pointers must be converted to uintptr in
// the call expression itself and kept alive after it with
// [runtime.KeepAlive].
//
// See docs/fast-call.md for how a call works, step by step.
package ferry

import (
	"fmt"
	"os"

	"github.com/ferry-ffi/ferry/internal/cruntime"
)

// Values the trampolines in call_<arch>.s read; set once by init, before
// any fast call can run.
var (
	threadSlotOffset  uintptr // thread pointer + this = this thread's stack top slot
	bootstrapStackTop uintptr // the shared stack that maps a thread's stack
	bootstrapFn       uintptr // ferry__thread_stack_bootstrap
	bootstrapLock     uint32  // guards the bootstrap stack
	callFrameFn       uintptr // ferry__call_frame
)

func init() {
	switch status := cruntime.Init(); status {
	case cruntime.OK:
	case cruntime.EINVAL:
		// A malformed FERRY_STACK_SIZE would otherwise be ignored silently.
		fmt.Fprintf(os.Stderr, "ferry: FERRY_STACK_SIZE=%q is not a size in [%d, %d] "+
			"such as 262144, 512K or 8M; using %d bytes\n",
			os.Getenv("FERRY_STACK_SIZE"), cruntime.MinStackSize,
			cruntime.MaxStackSize, cruntime.StackSizeDefault())
	default:
		panic("ferry: cannot install the native stack overflow handler: " + Status(status).Error())
	}
	threadSlotOffset = cruntime.ThreadSlotOffset()
	bootstrapStackTop = cruntime.BootstrapStackTop()
	bootstrapFn = cruntime.BootstrapFn()
	callFrameFn = cruntime.CallFrameFn()
}
