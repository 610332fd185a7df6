// What a package with FERRY_CALLBACK types holds (emit_go_call.c).

package support

import (
	"errors"
	"unsafe"

	"github.com/ferry-ffi/ferry"
)

// ferry-gen:begin go_callback_helpers

// ferryCallbackView is the ferry_str, ferry_bytes or slice at address a, which
// native code passed to a callback.
func ferryCallbackView(a uintptr) *ferry.View {
	return (*ferry.View)(*(*unsafe.Pointer)(unsafe.Pointer(&a)))
}

func ferryCallbackStr(a uintptr) string {
	v := ferryCallbackView(a)
	if v.Len == 0 {
		return ""
	}
	return unsafe.String((*byte)(v.Ptr), v.Len)
}

func ferryCallbackSlice[T any](a uintptr) []T {
	v := ferryCallbackView(a)
	if v.Len == 0 {
		return nil
	}
	return unsafe.Slice((*T)(v.Ptr), v.Len)
}

// ferryCallbackStatus is the status native code sees for a callback's error.
func ferryCallbackStatus(err error) uintptr {
	if err == nil {
		return 0
	}
	var status ferry.Status
	if !errors.As(err, &status) || status == ferry.OK {
		status = ferry.EINTERNAL
	}
	return uintptr(status)
}

// ferry-gen:end
