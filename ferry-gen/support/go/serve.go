// What a package with FERRY_GO functions holds (emit_go_serve.c):
// views of the caller's memory, copies into C memory, error and panic
// reports; then the async calls' message helpers and the failures of
// calls made before Register.

package support

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/ferry-ffi/ferry"
)

// ferry-gen:begin go_impl_helpers

// ferryGoStr is the string v views, not copied.
func ferryGoStr(v ferry.View) string {
	if v.Len == 0 {
		return ""
	}
	return unsafe.String((*byte)(v.Ptr), v.Len)
}

// ferryGoSlice is the slice v views, not copied (T has the C layout).
func ferryGoSlice[T any](v ferry.View) []T {
	if v.Len == 0 {
		return nil
	}
	return unsafe.Slice((*T)(v.Ptr), v.Len)
}

// ferryCStr copies s into memory from calloc.
func ferryCStr(s string) ferry.View {
	if len(s) == 0 {
		return ferry.View{}
	}
	p := ferryCAlloc(uintptr(len(s)))
	copy(unsafe.Slice((*byte)(p), len(s)), s)
	return ferry.View{Ptr: p, Len: uintptr(len(s))}
}

// ferryCCopy copies s, whose elements hold no pointers, into memory from calloc.
func ferryCCopy[T any](s []T) ferry.View {
	if len(s) == 0 {
		return ferry.View{}
	}
	p := ferryCAlloc(uintptr(len(s)) * unsafe.Sizeof(s[0]))
	copy(unsafe.Slice((*T)(p), len(s)), s)
	return ferry.View{Ptr: p, Len: uintptr(len(s))}
}

// ferryCopyOut copies n bytes from src to the caller's dst as bytes: dst may
// hold garbage, which a typed store of pointers would show to the garbage
// collector.
func ferryCopyOut(dst, src unsafe.Pointer, n uintptr) {
	copy(unsafe.Slice((*byte)(dst), n), unsafe.Slice((*byte)(src), n))
}

// ferryWriteMsg writes text into the caller's message buffer (a *ferry_bytes, or
// nil), cut to its length, and stores the length written.
func ferryWriteMsg(msg unsafe.Pointer, text string) {
	if msg == nil {
		return
	}
	buf := (*ferry.View)(msg)
	n := min(uintptr(len(text)), buf.Len)
	if n > 0 {
		copy(unsafe.Slice((*byte)(buf.Ptr), n), text)
	}
	buf.Len = n
}

// ferryReport turns the error a method returned into a status and a message:
// *Error and ferry.Status keep their status, any other error is EINTERNAL.
func ferryReport(err error, msg unsafe.Pointer) int32 {
	status, text := ferryErrorStatus(err)
	ferryWriteMsg(msg, text)
	return int32(status)
}

// ferryErrorStatus is the status and message of the error a method returned.
func ferryErrorStatus(err error) (ferry.Status, string) {
	status, text := ferry.EINTERNAL, err.Error()
	var e *Error
	var s ferry.Status
	if errors.As(err, &e) {
		status, text = e.Status, e.Message
	} else if errors.As(err, &s) {
		status = s
	}
	if status == ferry.OK {
		status = ferry.EINTERNAL
	}
	return status, text
}

// ferryRunning is the status of a sync call whose method has not returned.
const ferryRunning int32 = -1 << 31

// ferryPanicked writes the message of a method's panic, v, and returns EPANIC.
func ferryPanicked(msg unsafe.Pointer, v any) int32 {
	ferryWriteMsg(msg, fmt.Sprint("panic: ", v))
	return int32(ferry.EPANIC)
}

func ferryOnewayPanicked(fn string, v any) {
	ferryOnewayFailed(fn, ferry.EPANIC, fmt.Sprint("panic: ", v))
}

func ferryOnewayFailed(fn string, status ferry.Status, message string) {
	if f := OnewayError; f != nil {
		f(&Error{Func: fn, Status: status, Message: message})
	}
}

// ferry-gen:end

// ferry-gen:begin go_async_helpers

// ferryOwnMsg stores a copy of text in memory from calloc as the message of an
// async call's result (a *ferry_bytes): the caller frees it.
func ferryOwnMsg(msg unsafe.Pointer, text string) {
	if msg != nil {
		*(*ferry.View)(msg) = ferryCStr(text)
	}
}

func ferryReportOwned(err error, msg unsafe.Pointer) int32 {
	status, text := ferryErrorStatus(err)
	ferryOwnMsg(msg, text)
	return int32(status)
}

// ferryPanicMsg stores the message of a panic in an async call's result.
func ferryPanicMsg(msg unsafe.Pointer, v any) {
	ferryOwnMsg(msg, fmt.Sprint("panic: ", v))
}

// ferry-gen:end

// ferry-gen:begin go_no_impl_helpers

func ferryNoImpl(fn string, msg unsafe.Pointer) int32 {
	ferryWriteMsg(msg, fn+": "+ferryNoImplMessage)
	return int32(ferry.EUNSUPPORTED)
}

// ferry-gen:end

// ferry-gen:begin go_no_impl_async_helpers

func ferryNoImplError(fn string) error {
	return &Error{Func: fn, Status: ferry.EUNSUPPORTED, Message: fn + ": " + ferryNoImplMessage}
}

// ferry-gen:end
