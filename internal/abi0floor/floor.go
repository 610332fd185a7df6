// Package abi0floor measures the floor under every fast-call design that
// avoids runtime internals: Go code calling an ABI0 assembly function that
// calls a C function pointer, with no stack switch at all. (Assembly
// outside the runtime can only be ABI0, so arguments and results pass
// through memory.) Benchmarks only: running C on the goroutine stack is
// safe only for tiny leaf functions such as the benchmark's add.
package abi0floor

import "github.com/ferry-ffi/ferry"

// Call2 calls fn(a0, a1) on the goroutine stack. See the package comment.
func Call2(fn ferry.Func, a0, a1 uintptr) uintptr
