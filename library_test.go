package ferry_test

import (
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/ferry-ffi/ferry"
)

// libm and libc are on every glibc system: call them with no cgo at all.
func TestLibrary(t *testing.T) {
	libm, err := ferry.Open("libm.so.6")
	if err != nil {
		t.Fatal(err)
	}
	cbrt, err := libm.Func("cbrt")
	if err != nil {
		t.Fatal(err)
	}
	var f ferry.Frame
	f.SetFloat64(0, 27)
	ferry.CallFrame(cbrt, &f)
	if got := f.Float64(); math.Abs(got-3) > 1e-12 {
		t.Errorf("cbrt(27) = %v", got)
	}

	libc, err := ferry.Open("libc.so.6")
	if err != nil {
		t.Fatal(err)
	}
	defer libc.Close()
	strlen, err := libc.Func("strlen")
	if err != nil {
		t.Fatal(err)
	}
	s := []byte("ferry\x00")
	if n := ferry.Call1(strlen, uintptr(unsafe.Pointer(&s[0]))); n != 5 {
		t.Errorf("strlen = %d", n)
	}
	runtime.KeepAlive(s)

	if _, err := libm.Func("no_such_function_here"); err == nil || !strings.Contains(err.Error(), "no_such_function_here") {
		t.Errorf("missing symbol: %v", err)
	}
	if err := libm.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := libm.Func("cbrt"); !errors.Is(err, ferry.ErrClosed) {
		t.Errorf("Func after Close: %v", err)
	}
	if err := libm.Close(); !errors.Is(err, ferry.ErrClosed) {
		t.Errorf("second Close: %v", err)
	}
	if _, err := ferry.Open("/nonexistent/libnothing.so"); err == nil || !strings.Contains(err.Error(), "libnothing.so") {
		t.Errorf("Open of a missing library: %v", err)
	}
}
