package ferry

import (
	"testing"
	"unsafe"

	"github.com/ferry-ffi/ferry/internal/cruntime"
)

// Frame is handed to ferry__call_frame as a ferry__frame: same layout.
func TestFrameLayoutMatchesC(t *testing.T) {
	ret, fret, ret2, size := cruntime.FrameLayout()
	var f Frame
	got := [4]uintptr{unsafe.Offsetof(f.Ret), unsafe.Offsetof(f.FRet), unsafe.Offsetof(f.Ret2), unsafe.Sizeof(f)}
	if want := [4]uintptr{ret, fret, ret2, size}; got != want {
		t.Fatalf("Frame layout (ret, fret, ret2, size) %v differs from ferry__frame's %v", got, want)
	}
}

// The status constants are the C table's.
func TestStatusTable(t *testing.T) {
	for s := OK; s >= EINTERNAL; s-- {
		if s.Name() == "UNKNOWN" {
			t.Errorf("status %d has no name in the C table", s)
		}
	}
	if EINTERNAL-1 != Status(-12) || Status(-12).Name() != "UNKNOWN" {
		t.Error("the Go constants do not end where the C table ends")
	}
}

// coroutine mirrors the head of ferry_callback.
func TestCoroutineLayoutMatchesC(t *testing.T) {
	var c coroutine
	got := [4]uintptr{unsafe.Offsetof(c.cbArgs), unsafe.Offsetof(c.cbResultTo),
		unsafe.Offsetof(c.cbStatus), unsafe.Offsetof(c.result)}
	if want := cruntime.CoroLayout(); got != want {
		t.Fatalf("coroutine offsets %v, ferry_callback's %v", got, want)
	}
}
