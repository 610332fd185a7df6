// What a package whose FERRY_GO functions take or return handles to Go
// values holds (emit_go_serve.c): the failure of a call given a released
// or forged handle, and storing a returned value in its handle table.

package support

import (
	"errors"
	"unsafe"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/ring"
)

// ferry-gen:begin go_handle_helpers

// ferryStaleMessage says that handle argument param was not a live handle.
func ferryStaleMessage(param string) string {
	return "handle " + param + " was released or is not a handle"
}

// ferryStale is a sync call's failure for a handle argument that is not live.
func ferryStale(fn, param string, msg unsafe.Pointer) int32 {
	ferryWriteMsg(msg, fn+": "+ferryStaleMessage(param))
	return int32(ferry.EINVAL)
}

// ferryStaleError is an async call's failure for a handle argument that is
// not live.
func ferryStaleError(fn, param string) error {
	return &Error{Func: fn, Status: ferry.EINVAL, Message: fn + ": " + ferryStaleMessage(param)}
}

// ferryAddHandle stores a value a method returned in its table and returns
// the id native code holds: nil is an error, native code cannot use it.
func ferryAddHandle[T any](table *ring.Handles[T], v T) (uint64, error) {
	if any(v) == nil {
		return 0, errors.New("the Go implementation returned a nil handle value")
	}
	id, ok := table.Add(v)
	if !ok {
		return 0, ferry.EFULL
	}
	return id, nil
}

// ferry-gen:end
