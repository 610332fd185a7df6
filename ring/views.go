package ring

/*
#cgo CFLAGS: -I${SRCDIR}/../include
#include <stdlib.h>
#include <string.h>
#include "ferry.h"
*/
import "C"

import "unsafe"

// The views of include/ferry.h as Go types with the same layout, for
// handlers that read argument structs in place. They point to native
// memory: a handler may use them, and what it gets from them, only until
// it returns; copy (strings.Clone, slices.Clone) what must outlive it.
//
// An empty view yields "" or nil whatever its pointer: Rust passes a
// dangling non-null pointer for empty strings and slices, which must never
// end up in a Go value.

// Str is ferry_str: a borrowed string.
type Str struct {
	Ptr *byte
	Len uintptr
}

// String returns the string in place, not copied.
func (s Str) String() string {
	if s.Len == 0 {
		return ""
	}
	return unsafe.String(s.Ptr, s.Len)
}

// Bytes is ferry_bytes: a borrowed byte buffer.
type Bytes struct {
	Ptr *byte
	Len uintptr
}

// Slice returns the bytes in place, not copied.
func (b Bytes) Slice() []byte {
	if b.Len == 0 {
		return nil
	}
	return unsafe.Slice(b.Ptr, b.Len)
}

// Slice is FERRY_SLICE_OF(T): a borrowed array of T, where T has the same
// layout as the C element type.
type Slice[T any] struct {
	Ptr *T
	Len uintptr
}

// View returns the elements in place, not copied.
func (s Slice[T]) View() []T {
	if s.Len == 0 {
		return nil
	}
	return unsafe.Slice(s.Ptr, s.Len)
}

// Results cross once, into memory the native receiver owns and frees
// with free(): these copy Go values into C's heap.

// NewStr copies s into memory from C's malloc. An empty s makes a Str
// with a nil pointer, which free() accepts too.
func NewStr(s string) Str {
	if len(s) == 0 {
		return Str{}
	}
	p := (*byte)(cmalloc(uintptr(len(s))))
	copy(unsafe.Slice(p, len(s)), s)
	return Str{p, uintptr(len(s))}
}

// NewBytes copies b into memory from C's malloc, like NewStr.
func NewBytes(b []byte) Bytes {
	if len(b) == 0 {
		return Bytes{}
	}
	p := (*byte)(cmalloc(uintptr(len(b))))
	copy(unsafe.Slice(p, len(b)), b)
	return Bytes{p, uintptr(len(b))}
}

// NewSlice allocates n zeroed elements of T with C's calloc for a result;
// fill them through View. T must hold no Go pointers.
func NewSlice[T any](n int) Slice[T] {
	if n == 0 {
		return Slice[T]{}
	}
	var zero T
	p := C.calloc(C.size_t(n), C.size_t(unsafe.Sizeof(zero)))
	if p == nil {
		panic("ring: out of C memory")
	}
	return Slice[T]{(*T)(p), uintptr(n)}
}

func cmalloc(n uintptr) unsafe.Pointer {
	p := C.malloc(C.size_t(n))
	if p == nil {
		panic("ring: out of C memory")
	}
	return p
}

// The layouts must match C's; these fail to compile otherwise.
var (
	_ [unsafe.Sizeof(Str{}) - C.sizeof_ferry_str]byte
	_ [C.sizeof_ferry_str - unsafe.Sizeof(Str{})]byte
	_ [unsafe.Sizeof(Bytes{}) - C.sizeof_ferry_bytes]byte
	_ [C.sizeof_ferry_bytes - unsafe.Sizeof(Bytes{})]byte
	_ [unsafe.Sizeof(Slice[int64]{}) - C.sizeof_ferry_slice]byte
	_ [C.sizeof_ferry_slice - unsafe.Sizeof(Slice[int64]{})]byte
)
