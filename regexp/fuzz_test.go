//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import (
	stdregexp "regexp"
	"regexp/syntax"
	"testing"
)

// progSize is the number of instructions of Go's program for pat (0 if it
// does not parse).
func progSize(pat string) int {
	tree, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return 0
	}
	prog, err := syntax.Compile(tree.Simplify())
	if err != nil {
		return 0
	}
	return len(prog.Inst)
}

// FuzzDifferential: any pattern and input. Compile must fail exactly when
// Go's does, with the same error; otherwise every method must give Go's
// answer, in both leftmost-first and leftmost-longest modes.
func FuzzDifferential(f *testing.F) {
	for i, p := range corpusPatterns {
		f.Add(p, corpusInputs[i%len(corpusInputs)])
	}
	f.Add(`(?i)\x{212A}`, "k\u212aK")
	f.Add(`\B`, "a\xe9\x80b")
	f.Add(`\x{D800}|a`, "a")         // a surrogate literal: Go accepts it, Rust does not
	f.Add(`(0){0}`, "0")             // Rust drops groups inside x{0}
	for i, p := range tailPatterns { // invalid UTF-8 near and far from matches
		f.Add(p, tailInputs()[i*7])
	}
	f.Fuzz(func(t *testing.T, pat, input string) {
		if len(pat) > 200 || len(input) > 1000 {
			return // keep each case fast; huge inputs have their own tests
		}
		if progSize(pat) > 500 {
			return // slow in both engines; TestHuge covers big programs
		}
		g, gerr := stdregexp.Compile(pat)
		re, err := Compile(pat)
		if (err == nil) != (gerr == nil) {
			t.Fatalf("Compile(%q): error %v, Go's %v", pat, err, gerr)
		}
		if err != nil {
			if err.Error() != gerr.Error() {
				t.Fatalf("Compile(%q): error %q, Go's %q", pat, err, gerr)
			}
			return
		}
		if !re.Warm() {
			t.Fatalf("Compile(%q): Rust engine refused %q: %s", pat, rustPattern(pat), re.why)
		}
		before := engineFailures.Load()
		if d := compareMeta(re, g); d != "" {
			t.Fatalf("pattern %q: %s", pat, d)
		}
		if d := compareAll(re, g, input); d != "" {
			t.Fatalf("pattern %q (rust %q), input %q: %s", pat, rustPattern(pat), input, d)
		}
		re.Longest()
		g.Longest()
		if d := compareAll(re, g, input); d != "" {
			t.Fatalf("Longest: pattern %q, input %q: %s", pat, input, d)
		}
		if n := engineFailures.Load() - before; n != 0 {
			t.Fatalf("pattern %q, input %q: the Rust engine failed %d times", pat, input, n)
		}
	})
}
