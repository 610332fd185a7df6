//go:build linux && amd64 && cgo && !ferry_goregexp

// The Rust-backed build says so, and its searches reach the Rust object.
package regexp

import (
	"testing"

	"github.com/ferry-ffi/ferry/regexp/internal/native"
)

func TestEngineIsRust(t *testing.T) {
	if Engine() != "rust" {
		t.Fatalf("Engine() = %q in the build with the Rust object", Engine())
	}
	re := MustCompile(`b+`)
	if !re.Warm() || native.Live() < 1 {
		t.Fatalf("Warm made no Rust regex for `b+` (%d live): %s", native.Live(), re.why)
	}
	if got := re.FindStringIndex("abbbc"); len(got) != 2 || got[0] != 1 || got[1] != 4 {
		t.Errorf("FindStringIndex = %v, want [1 4]", got)
	}
}
