// The views every generated package that passes strings, bytes or
// slices holds (emit_go.c: go_view_helpers, go_bool_helper).

package support

import (
	"unsafe"
)

// ferry-gen:begin go_view_helpers

// ferryView has the layout of ferry_str, ferry_bytes and FERRY_SLICE_OF(T):
// a pointer the garbage collector sees and a length.
type ferryView struct {
	Ptr unsafe.Pointer
	Len uintptr
}

func ferryStr(s string) ferryView {
	return ferryView{unsafe.Pointer(unsafe.StringData(s)), uintptr(len(s))}
}

func ferrySlice[T any](s []T) ferryView {
	return ferryView{unsafe.Pointer(unsafe.SliceData(s)), uintptr(len(s))}
}

// ferry-gen:end

// ferry-gen:begin go_bool_helper

func ferryBool(b bool) uintptr {
	if b {
		return 1
	}
	return 0
}

// ferry-gen:end
