// Package cruntime compiles ferry's C runtime (include/, src/) through cgo
// and gives the ferry package what its assembly needs from it. It exists
// because a cgo package cannot hold Go assembly: the trampolines live in
// package ferry, the C here.
package cruntime

//go:generate go run gen_sources.go

/*
#cgo CFLAGS: -I${SRCDIR}/../../include -I${SRCDIR}/../../src -O2 -fno-omit-frame-pointer -fstack-clash-protection
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>
#include "ferry.h"
#include "internal.h"
typedef uintptr_t u;
u ferry__cgo_call0(u);
u ferry__cgo_call1(u, u);
u ferry__cgo_call2(u, u, u);
u ferry__cgo_call3(u, u, u, u);
u ferry__cgo_call4(u, u, u, u, u);
u ferry__cgo_call5(u, u, u, u, u, u);
u ferry__cgo_call6(u, u, u, u, u, u, u);
ferry__pair ferry__cgo_call_pair(u, u, u, u, u, u, u);
*/
import "C"

import "unsafe"

// Status codes, from FERRY_STATUS_MAP in include/ferry.h.
const (
	OK           = C.FERRY_OK
	EINVAL       = C.FERRY_EINVAL
	ENOMEM       = C.FERRY_ENOMEM
	EBUSY        = C.FERRY_EBUSY
	ECLOSED      = C.FERRY_ECLOSED
	EFULL        = C.FERRY_EFULL
	EPANIC       = C.FERRY_EPANIC
	ECANCELED    = C.FERRY_ECANCELED
	ERANGE       = C.FERRY_ERANGE
	ESYNTAX      = C.FERRY_ESYNTAX
	EUNSUPPORTED = C.FERRY_EUNSUPPORTED
	EINTERNAL    = C.FERRY_EINTERNAL

	MinStackSize = C.FERRY_MIN_STACK_SIZE
	MaxStackSize = C.FERRY_MAX_STACK_SIZE
)

func Init() int32                  { return int32(C.ferry_init()) }
func Strerror(status int32) string { return C.GoString(C.ferry_strerror(C.int(status))) }
func StatusName(status int32) string {
	return C.GoString(C.ferry_status_name(C.int(status)))
}

// Addresses and values the trampolines use.
func ThreadSlotOffset() uintptr  { return uintptr(C.ferry__thread_slot_offset()) }
func BootstrapStackTop() uintptr { return uintptr(C.ferry__bootstrap_stack_top()) }
func BootstrapFn() uintptr       { return uintptr(unsafe.Pointer(C.ferry__thread_stack_bootstrap)) }
func CallFrameFn() uintptr       { return uintptr(unsafe.Pointer(C.ferry__call_frame)) }

// Coroutines for calls with callbacks (src/coro.c).
func CoroStartFn() uintptr   { return uintptr(unsafe.Pointer(C.ferry__coro_start)) }
func CoroFailFn() uintptr    { return uintptr(unsafe.Pointer(C.ferry__coro_fail)) }
func CoroReleaseFn() uintptr { return uintptr(unsafe.Pointer(C.ferry__coro_release)) }
func CoroLive() int          { return int(C.ferry__coro_live()) }

// CoroLayout returns the offsets of the fields Go uses in ferry_callback,
// for the layout test: cb_args, cb_result_to, cb_status, result.
func CoroLayout() [4]uintptr {
	var c C.ferry_callback
	return [4]uintptr{unsafe.Offsetof(c.cb_args), unsafe.Offsetof(c.cb_result_to),
		unsafe.Offsetof(c.cb_status), unsafe.Offsetof(c.result)}
}

// Dlopen opens a shared library (RTLD_NOW: missing symbols fail here, not
// at the first call). It returns the handle or dlerror's message.
func Dlopen(path string) (unsafe.Pointer, string) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	h := C.dlopen(cpath, C.RTLD_NOW|C.RTLD_LOCAL)
	if h == nil {
		return nil, C.GoString(C.dlerror())
	}
	return h, ""
}

// Dlsym looks a symbol up; 0 and dlerror's message if it is missing.
func Dlsym(handle unsafe.Pointer, name string) (uintptr, string) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	C.dlerror() // clear: a symbol's address may legitimately be NULL
	p := C.dlsym(handle, cname)
	if msg := C.dlerror(); msg != nil {
		return 0, C.GoString(msg)
	}
	return uintptr(p), ""
}

// Dlclose closes a shared library; dlerror's message on failure.
func Dlclose(handle unsafe.Pointer) string {
	if C.dlclose(handle) != 0 {
		return C.GoString(C.dlerror())
	}
	return ""
}

// Stacks. A stack is a *C.ferry_stack, carried as an unsafe.Pointer.
func StackSizeDefault() int { return int(C.ferry_stack_size_default()) }
func StackSizeSetDefault(size int) int32 {
	return int32(C.ferry_stack_size_set_default(C.size_t(size)))
}
func StackNew(size int) (stack unsafe.Pointer, top uintptr, usable int, status int32) {
	var s *C.ferry_stack
	if status := C.ferry_stack_new(C.size_t(size), &s); status != C.FERRY_OK {
		return nil, 0, 0, int32(status)
	}
	return unsafe.Pointer(s), uintptr(C.ferry_stack_top(s)), int(C.ferry_stack_size(s)), OK
}
func StackFree(stack unsafe.Pointer) { C.ferry_stack_free((*C.ferry_stack)(stack)) }

// Cgo mode: the native half is in src/cgo_call.c.
func Call0(fn uintptr) uintptr     { return uintptr(C.ferry__cgo_call0(C.u(fn))) }
func Call1(fn, a0 uintptr) uintptr { return uintptr(C.ferry__cgo_call1(C.u(fn), C.u(a0))) }
func Call2(fn, a0, a1 uintptr) uintptr {
	return uintptr(C.ferry__cgo_call2(C.u(fn), C.u(a0), C.u(a1)))
}
func Call3(fn, a0, a1, a2 uintptr) uintptr {
	return uintptr(C.ferry__cgo_call3(C.u(fn), C.u(a0), C.u(a1), C.u(a2)))
}
func Call4(fn, a0, a1, a2, a3 uintptr) uintptr {
	return uintptr(C.ferry__cgo_call4(C.u(fn), C.u(a0), C.u(a1), C.u(a2), C.u(a3)))
}
func Call5(fn, a0, a1, a2, a3, a4 uintptr) uintptr {
	return uintptr(C.ferry__cgo_call5(C.u(fn), C.u(a0), C.u(a1), C.u(a2), C.u(a3), C.u(a4)))
}
func Call6(fn, a0, a1, a2, a3, a4, a5 uintptr) uintptr {
	return uintptr(C.ferry__cgo_call6(C.u(fn), C.u(a0), C.u(a1), C.u(a2), C.u(a3), C.u(a4), C.u(a5)))
}

func CallPair(fn, a0, a1, a2, a3, a4, a5 uintptr) (r0, r1 uintptr) {
	p := C.ferry__cgo_call_pair(C.u(fn), C.u(a0), C.u(a1), C.u(a2), C.u(a3), C.u(a4), C.u(a5))
	return uintptr(p.r0), uintptr(p.r1)
}

// CallFrame calls ferry__call_frame through cgo. frame points to a
// ferry.Frame, whose layout matches ferry__frame (checked by a test).
func CallFrame(fn uintptr, frame unsafe.Pointer) {
	C.ferry__call_frame(C.uintptr_t(fn), (*C.ferry__frame)(frame))
}

// FrameLayout returns the offsets of ret, fret and ret2 and the size of
// ferry__frame, for the layout test.
func FrameLayout() (ret, fret, ret2, size uintptr) {
	var f C.ferry__frame
	return unsafe.Offsetof(f.ret), unsafe.Offsetof(f.fret), unsafe.Offsetof(f.ret2), unsafe.Sizeof(f)
}
