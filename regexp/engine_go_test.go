//go:build !(linux && amd64 && cgo) || ferry_goregexp

// Go's engine build (engine_go.go): it says so, and answers as Go's regexp.
package regexp

import (
	stdregexp "regexp"
	"slices"
	"testing"
)

func TestGoEngineAnswersAsGo(t *testing.T) {
	if Engine() != "go" {
		t.Fatalf("Engine() = %q in the build without the Rust object", Engine())
	}
	hay := "x1 y22 z333 é"
	for _, pat := range []string{`[a-z](\d+)`, `(?i)Y`, `é$`, `^$`} {
		re, std := MustCompile(pat), stdregexp.MustCompile(pat)
		if got, want := re.FindAllStringSubmatchIndex(hay, -1), std.FindAllStringSubmatchIndex(hay, -1); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%q: FindAllStringSubmatchIndex = %v, Go's = %v", pat, got, want)
		}
		if got, want := re.ReplaceAllString(hay, "<$0>"), std.ReplaceAllString(hay, "<$0>"); got != want {
			t.Errorf("%q: ReplaceAllString = %q, Go's = %q", pat, got, want)
		}
	}
	if _, err := Compile(`a(`); err == nil || err.Error() != "error parsing regexp: missing closing ): `a(`" {
		t.Errorf("Compile(`a(`) error = %v", err)
	}
	re := MustCompileDedicated(`a+`)
	var back Regexp
	if text, _ := re.MarshalText(); back.UnmarshalText(text) != nil || back.FindString("baaa") != "aaa" {
		t.Errorf("MarshalText/UnmarshalText round trip lost the pattern")
	}
	if re.Warm() {
		t.Errorf("Warm() = true without the Rust engine")
	}
	long := MustCompile(`a+`)
	cp := long.Copy()
	cp.Longest()
	if long.FindString("aaa") != "aaa" || cp.FindString("aaa") != "aaa" || cp == long {
		t.Errorf("Copy: %q, %q", long.FindString("aaa"), cp.FindString("aaa"))
	}
	if old := SetCgoThreshold(5); old != DefaultCgoThreshold || CgoThreshold() != 5 {
		t.Errorf("SetCgoThreshold returned %d, then CgoThreshold() = %d", old, CgoThreshold())
	}
	SetCgoThreshold(DefaultCgoThreshold)
}
