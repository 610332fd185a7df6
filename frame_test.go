package ferry

import (
	"testing"
	"unsafe"

	"github.com/ferry-ffi/ferry/internal/cruntime"
)

// Frame is handed to ferry__call_frame as a ferry__frame: same layout.
func TestFrameLayoutMatchesC(t *testing.T) {
	ret, fret, size := cruntime.FrameLayout()
	var f Frame
	if unsafe.Offsetof(f.Ret) != ret || unsafe.Offsetof(f.FRet) != fret || unsafe.Sizeof(f) != size {
		t.Fatalf("Frame layout (ret %d, fret %d, size %d) differs from ferry__frame (%d, %d, %d)",
			unsafe.Offsetof(f.Ret), unsafe.Offsetof(f.FRet), unsafe.Sizeof(f), ret, fret, size)
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
	got := [4]uintptr{unsafe.Offsetof(c.cbArgs), unsafe.Offsetof(c.cbResult),
		unsafe.Offsetof(c.cbStatus), unsafe.Offsetof(c.result)}
	if want := cruntime.CoroLayout(); got != want {
		t.Fatalf("coroutine offsets %v, ferry_callback's %v", got, want)
	}
}
