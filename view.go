// view.go: View, the Go layout of the C views (ferry_str, ferry_bytes,
// FERRY_SLICE_OF(T)), the one type the packages ferry-gen generates pass
// strings and slices to native code as and read native views through.

package ferry

import "unsafe"

// View has the layout of ferry_str, ferry_bytes and FERRY_SLICE_OF(T)
// (include/ferry.h): a pointer the garbage collector sees, and a length.
type View struct {
	Ptr unsafe.Pointer
	Len uintptr
}

// StringView is the View of s, not copied: s must stay alive while native
// code uses it.
func StringView(s string) View {
	return View{unsafe.Pointer(unsafe.StringData(s)), uintptr(len(s))}
}

// SliceView is the View of s, not copied: s must stay alive while native
// code uses it, and T must have the layout of the C element type.
func SliceView[T any](s []T) View {
	return View{unsafe.Pointer(unsafe.SliceData(s)), uintptr(len(s))}
}
