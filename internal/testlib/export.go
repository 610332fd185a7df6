package testlib

// #include <stdint.h>
import "C"

import "github.com/ferry-ffi/ferry"

// GoCallback is what the cgo baseline's exported function calls.
var GoCallback = func(i uintptr) uintptr { return i * 2 }

//export ferryTestGoCallback
func ferryTestGoCallback(i C.uintptr_t) C.uintptr_t { return C.uintptr_t(GoCallback(uintptr(i))) }

//export ferryTestFastCallFromGo
func ferryTestFastCallFromGo(i C.uintptr_t) C.uintptr_t {
	return C.uintptr_t(ferry.Call2(Add, uintptr(i), 1))
}
