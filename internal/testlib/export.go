package testlib

// #include <stdint.h>
import "C"

// GoCallback is what the cgo baseline's exported function calls.
var GoCallback = func(i uintptr) uintptr { return i * 2 }

//export ferryTestGoCallback
func ferryTestGoCallback(i C.uintptr_t) C.uintptr_t { return C.uintptr_t(GoCallback(uintptr(i))) }
