// library.go: Library, a shared library opened with dlopen (Open), whose
// functions (Func) the fast calls and cgo mode call without any cgo in
// the caller's package.

package ferry

import (
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"github.com/ferry-ffi/ferry/internal/cruntime"
)

// Library is a shared library opened with Open, whose functions can be
// called with Call0 ... Call6 and CallFrame without writing any cgo.
type Library struct {
	path   string
	mu     sync.Mutex
	handle unsafe.Pointer // nil once closed
}

// ErrClosed is returned by Func on a closed Library.
var ErrClosed = errors.New("ferry: library is closed")

// Open loads a shared library (dlopen with RTLD_NOW|RTLD_LOCAL): a name
// such as "libz.so.1" is searched for the way the dynamic linker does, a
// path with a slash is used as it is.
func Open(path string) (*Library, error) {
	h, msg := cruntime.Dlopen(path)
	if h == nil {
		return nil, fmt.Errorf("ferry: Open(%q): %s", path, msg)
	}
	return &Library{path: path, handle: h}, nil
}

// Func returns the address of the function name in the library. The Func
// is valid until Close.
func (l *Library) Func(name string) (Func, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.handle == nil {
		return 0, fmt.Errorf("ferry: %s: Func(%q): %w", l.path, name, ErrClosed)
	}
	p, msg := cruntime.Dlsym(l.handle, name)
	if msg != "" {
		return 0, fmt.Errorf("ferry: %s: Func(%q): %s", l.path, name, msg)
	}
	if p == 0 {
		return 0, fmt.Errorf("ferry: %s: Func(%q): the symbol's address is NULL", l.path, name)
	}
	return Func(p), nil
}

// Close unloads the library. Funcs from it must not be called afterwards.
// Closing twice is an error.
func (l *Library) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.handle == nil {
		return fmt.Errorf("ferry: %s: Close: %w", l.path, ErrClosed)
	}
	if msg := cruntime.Dlclose(l.handle); msg != "" {
		return fmt.Errorf("ferry: %s: Close: %s", l.path, msg)
	}
	l.handle = nil
	return nil
}
