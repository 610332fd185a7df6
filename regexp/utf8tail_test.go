//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

// Searches check UTF-8 validity only of the bytes that can change their
// answer (rust/ferry-regex Re::go_agrees): these cases put invalid bytes
// at every distance around matches and compare with Go's regexp.

import (
	"fmt"
	stdregexp "regexp"
	"strings"
	"testing"
)

// Patterns that can match U+FFFD (so Go matches invalid bytes with them):
// bounded, unbounded, anchored, with and without groups.
var tailPatterns = []string{
	`.y`, `[^a]{2,4}z`, `x.{0,3}`, `^(.)(.?)`, `^.{1,5}$`, `(a.*z|a)`, `a[^\n]*?z`, `^(\S+) (\S+)`,
	`(\d+)\D`, `^\W{3}`, `\x{FFFD}`, `(?s)^.{8}`, `b|.b`, `(x)|[^x]{3}`, `^(?:a|.{6})`,
}

func tailInputs() []string {
	var ins []string
	for _, bad := range []string{"\xff", "\xe2\x82", "\xc3", "\xed\xa0\x80"} {
		for d := 0; d <= 12; d++ {
			pad := strings.Repeat("w", d)
			ins = append(ins,
				"xy"+pad+bad+"yz",          // early match, invalid after it
				"a b "+pad+bad+" z",        // a longer match through the bad byte in Go
				pad+bad+"by",               // invalid before the match
				"123x"+pad+bad,             // invalid at the end
				"ab cd"+pad+bad+"ef gh",    // anchored, invalid within reach or not
				strings.Repeat("q", d)+bad, // no match at all
			)
		}
	}
	return ins
}

func TestDifferentialInvalidTail(t *testing.T) {
	ins := tailInputs()
	for _, pat := range tailPatterns {
		g := stdregexp.MustCompile(pat)
		re := MustCompile(pat)
		re.Warm()
		if re.handle.Load() == nil || re.need != needUTF8 {
			t.Fatalf("%q: want a Rust regex needing UTF-8 (need %d, %s)", pat, re.need, re.why)
		}
		for _, in := range ins {
			if d := compareAll(re, g, in); d != "" {
				t.Errorf("pattern %q, input %q: %s", pat, in, d)
			}
		}
	}
}

// An early match decides the answer whatever comes far after it: Rust
// answers without Go's engine, and without reading the whole input.
func TestEarlyMatchIgnoresFarInvalidBytes(t *testing.T) {
	far := strings.Repeat("z", 1000) + "\xff"
	cases := []struct {
		pat, in string
		want    int // 1 match, 0 none (answered by Rust), goAnswers
	}{
		{`.y`, "xy" + far, 1},
		{`^(\w{1,9}) ([^ ]{1,8})`, "ab cd" + far, 1},
		{`^.{1,5}$`, "abc" + far, 0},                                       // anchored, no match within reach
		{`[^a]{3}z`, "bbbz" + far, 1},                                      // bounded, match first
		{`[^a]{3}z`, "bb" + strings.Repeat("a", 1000) + "\xff", goAnswers}, // no match: the bad byte may matter
		{`(a.*z|a)`, "a" + far, goAnswers},                                 // unbounded: it may
		{`.y`, "\xffy" + strings.Repeat("z", 10), goAnswers},
	}
	for _, c := range cases {
		re := MustCompile(c.pat)
		re.Warm()
		var loc [8]int
		got := re.search(unsafePtr(c.in), len(c.in), 0, loc[:re.slots], re.need)
		if got != c.want {
			t.Errorf("%q on %.12q...: search says %d, want %d", c.pat, c.in, got, c.want)
		}
		if d := compareAll(re, stdregexp.MustCompile(c.pat), c.in); d != "" {
			t.Errorf("%q on %.12q...: %s", c.pat, c.in, d)
		}
	}
}

// Long inputs: an early match is checked by walking the pattern's ASCII
// DFA to where the search stops instead of checking all the rest; invalid
// or non-ASCII bytes inside and outside what the search reads.
func TestDifferentialInvalidTailLong(t *testing.T) {
	filler := strings.Repeat("w w. ", 64<<10/5)
	var ins []string
	for _, head := range []string{"ab cd ", "xy ", "a b z ", "é ab ", "ab\xffcd "} {
		for _, at := range []int{0, 3, 40, 1000, len(filler) - 1} {
			for _, bad := range []string{"\xff", "é", "z"} {
				ins = append(ins, head+filler[:at]+bad+filler[at:])
			}
		}
	}
	for _, pat := range []string{`^(\S+) (\S+)`, `(a.*z|a)`, `.y`, `a[^\n]*?z`, `^(?:a|.{6})`, `(\S+) cd`} {
		g := stdregexp.MustCompile(pat)
		re := MustCompile(pat)
		re.Warm()
		for _, in := range ins {
			for _, m := range []string{"FindStringSubmatchIndex", "FindStringIndex", "MatchString"} {
				var got, want any
				switch m {
				case "FindStringSubmatchIndex":
					got, want = re.FindStringSubmatchIndex(in), g.FindStringSubmatchIndex(in)
				case "FindStringIndex":
					got, want = re.FindStringIndex(in), g.FindStringIndex(in)
				default:
					got, want = re.MatchString(in), g.MatchString(in)
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s(%q) on %.20q...: %v, want %v", m, pat, in, got, want)
				}
			}
		}
	}
	// The case: an anchored match ending after a few bytes of a
	// long ASCII input is answered by Rust (no whole-input check).
	re := MustCompile(`^(\S+) (\S+)`)
	re.Warm()
	for _, c := range []struct {
		in  string
		end int
	}{{"ab cd " + filler + "\xff", 5}, {"ab cdé " + filler + "\xff", 7}} {
		var loc [6]int
		if r := re.search(unsafePtr(c.in), len(c.in), 0, loc[:], re.need); r != 1 || loc[1] != c.end {
			t.Errorf("early match in a long input %.8q...: search says %d, %v", c.in, r, loc)
		}
	}
}
