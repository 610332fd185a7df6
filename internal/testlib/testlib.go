// Package testlib holds native functions for ferry's tests and benchmarks,
// with the addresses Go needs to call them and cgo baselines.
package testlib

/*
#cgo CFLAGS: -O2 -I${SRCDIR}/../../include
#include "testlib.h"
*/
import "C"

import (
	"unsafe"

	"github.com/ferry-ffi/ferry"
)

var (
	Add            = ferry.FuncOf(unsafe.Pointer(C.ferry_test_add))
	Ints0          = ferry.FuncOf(unsafe.Pointer(C.ferry_test_ints0))
	Ints1          = ferry.FuncOf(unsafe.Pointer(C.ferry_test_ints1))
	Ints3          = ferry.FuncOf(unsafe.Pointer(C.ferry_test_ints3))
	Ints4          = ferry.FuncOf(unsafe.Pointer(C.ferry_test_ints4))
	Ints5          = ferry.FuncOf(unsafe.Pointer(C.ferry_test_ints5))
	Ints6          = ferry.FuncOf(unsafe.Pointer(C.ferry_test_ints6))
	Ints8          = ferry.FuncOf(unsafe.Pointer(C.ferry_test_ints8))
	Narrow         = ferry.FuncOf(unsafe.Pointer(C.ferry_test_narrow))
	Not            = ferry.FuncOf(unsafe.Pointer(C.ferry_test_not))
	AddPair        = ferry.FuncOf(unsafe.Pointer(C.ferry_test_add_pair))
	Pair6          = ferry.FuncOf(unsafe.Pointer(C.ferry_test_pair6))
	Pair8          = ferry.FuncOf(unsafe.Pointer(C.ferry_test_pair8))
	Rotate3        = ferry.FuncOf(unsafe.Pointer(C.ferry_test_rotate3))
	PtrOffset      = ferry.FuncOf(unsafe.Pointer(C.ferry_test_ptr_offset))
	Fill           = ferry.FuncOf(unsafe.Pointer(C.ferry_test_fill))
	Doubles8       = ferry.FuncOf(unsafe.Pointer(C.ferry_test_doubles8))
	Floats2        = ferry.FuncOf(unsafe.Pointer(C.ferry_test_floats2))
	Mixed          = ferry.FuncOf(unsafe.Pointer(C.ferry_test_mixed))
	Format         = ferry.FuncOf(C.ferry_test_format_addr())
	Recurse        = ferry.FuncOf(unsafe.Pointer(C.ferry_test_recurse))
	UseStack       = ferry.FuncOf(unsafe.Pointer(C.ferry_test_use_stack))
	Spin           = ferry.FuncOf(unsafe.Pointer(C.ferry_test_spin))
	SP             = ferry.FuncOf(unsafe.Pointer(C.ferry_test_sp))
	Floats2Double  = ferry.FuncOf(unsafe.Pointer(C.ferry_test_floats2_double))
	CallBackN      = ferry.FuncOf(unsafe.Pointer(C.ferry_test_call_back_n))
	CallbackThread = ferry.FuncOf(unsafe.Pointer(C.ferry_test_callback_thread))
	CheckedGoCall  = ferry.FuncOf(unsafe.Pointer(C.ferry_test_checked_go_call))

	// Faults (crash reports, stale callbacks).
	Fault               = ferry.FuncOf(unsafe.Pointer(C.ferry_test_fault))
	FaultInCallbackCall = ferry.FuncOf(unsafe.Pointer(C.ferry_test_fault_in_callback_call))
	BigFrame            = ferry.FuncOf(unsafe.Pointer(C.ferry_test_big_frame))
	GuardedWait         = ferry.FuncOf(unsafe.Pointer(C.ferry_test_guarded_wait))
	KeepCallback        = ferry.FuncOf(unsafe.Pointer(C.ferry_test_keep_callback))
	CallKeptCallback    = ferry.FuncOf(unsafe.Pointer(C.ferry_test_call_kept_callback))
)

// The kinds of fault Fault raises.
const (
	FaultSEGV = C.FERRY_TEST_SEGV
	FaultBUS  = C.FERRY_TEST_BUS
	FaultFPE  = C.FERRY_TEST_FPE
	FaultILL  = C.FERRY_TEST_ILL
	FaultTRAP = C.FERRY_TEST_TRAP
)

// CgoAdd is the cgo baseline: the same add through a plain cgo call.
func CgoAdd(a, b int64) int64 { return int64(C.ferry_test_add(C.int64_t(a), C.int64_t(b))) }

// CgoAddPair is the cgo baseline of AddPair.
func CgoAddPair(a, b int64) (lo, hi uint64) {
	p := C.ferry_test_add_pair(C.int64_t(a), C.int64_t(b))
	return uint64(p.lo), uint64(p.hi)
}

// CgoSpin is ferry_test_spin through a plain cgo call.
func CgoSpin(ns int64) int64 { return int64(C.ferry_test_spin(C.int64_t(ns))) }

// FirstFailure and LaterFailure report the statuses CallBackN saw when a
// callback failed, and when it called back once more after that.
func FirstFailure() int { return int(C.ferry_test_first_failure()) }
func LaterFailure() int { return int(C.ferry_test_later_failure()) }

// CgoCallBackN makes n cgo callbacks of GoCallback from C, in one cgo call.
func CgoCallBackN(n uintptr) uintptr { return uintptr(C.ferry_test_cgo_call_back_n(C.uintptr_t(n))) }

// CThreadsCallGo starts threads pthreads in C; each calls a Go export that
// makes a fast call, n times, and exits. It reports whether all answers
// were right.
func CThreadsCallGo(threads, n uintptr) bool {
	return C.ferry_test_c_threads_call_go(C.uintptr_t(threads), C.uintptr_t(n)) == 1
}
