// C strings of existing C libraries (NUL-terminated char pointers), for
// packages whose interface has them (emit_go.c: go_cstring_arg_helpers for arguments,
// go_cstring_result_helpers for results, each only where used).

package support

import (
	"strings"
	"unsafe"
)

// ferry-gen:begin go_cstring_arg_helpers

// ferryCStringStack is the longest C string argument (NUL included) a
// wrapper copies into a buffer of its own stack frame; a longer one is
// copied into a new allocation.
const ferryCStringStack = 256

// ferryCString is s as a NUL-terminated C string: in buf when it fits,
// else in a new allocation. ok is false when s holds a NUL byte, which a
// C string cannot (it would end there).
func ferryCString(s string, buf *[ferryCStringStack]byte) (p *byte, ok bool) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, false
	}
	var b []byte
	if len(s) < len(buf) {
		b = buf[:len(s)+1]
	} else {
		b = make([]byte, len(s)+1)
	}
	copy(b, s)
	b[len(s)] = 0
	return &b[0], true
}

// ferry-gen:end

// ferry-gen:begin go_cstring_result_helpers

// ferryGoString copies the NUL-terminated C string at p into a Go string
// ("" for NULL). It reads up to the NUL a page at a time, never past the
// page that holds it: the bytes of a C string are readable up to its
// NUL, and memory is readable or not by whole pages.
func ferryGoString(p uintptr) string {
	if p == 0 {
		return ""
	}
	base := *(*unsafe.Pointer)(unsafe.Pointer(&p))
	const page = 4096
	n := 0
	for {
		chunk := page - int((p+uintptr(n))%page)
		s := unsafe.String((*byte)(unsafe.Add(base, n)), chunk)
		if i := strings.IndexByte(s, 0); i >= 0 {
			return strings.Clone(unsafe.String((*byte)(base), n+i))
		}
		n += chunk
	}
}

// ferry-gen:end
