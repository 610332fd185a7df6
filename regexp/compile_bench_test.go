//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import (
	stdregexp "regexp"
	"strings"
	"testing"
)

// Compiling: what a program pays that compiles many patterns at start or
// one per request. Names are compared across runs (cmd/benchtable): keep
// them.

// compileCases: the patterns of issue 11 and a few more, each with an
// input of about 100 bytes for the match-once case.
var compileCases = []struct{ name, pattern, input string }{
	{"email", `(\w+)@(\w+)\.com`, "to whom it may concern: write to sherlock@baker.com or call"},
	{"fold20", `(?i)(?:` + strings.Join([]string{"sherlock", "holmes", "watson", "irene", "adler", "moriarty",
		"lestrade", "hudson", "mycroft", "baker", "street", "london", "violin", "pipe", "hound", "baskerville",
		"scandal", "bohemia", "study", "scarlet"}, "|") + `)`, "It was a dark night in the city when the Hound howled"},
	{"unicode", `\p{L}+\s+\p{Greek}{2,}`, "the alphabet: ελληνικά γράμματα and more"},
	{"seed", `.y`, strings.Repeat("x", 50) + "y"},
	{"literal", `Sherlock`, "It was a dark night in the city when Sherlock arrived"},
	{"date", `^\d{4}-\d{2}-\d{2}$`, "2024-01-15"},
	{"captures", `(?P<first>\w+)\s+(?P<last>\w+)\s+\((\d+)\)`, "name: John Smith (42) and more"},
}

// BenchmarkCompile: Compile alone. The ferry row compiles as a program
// meeting the pattern for the first time does (each iteration removes the
// pattern from the intern table first, so it really compiles);
// ferry-interned is Compile of a pattern that a live Regexp has.
func BenchmarkCompile(b *testing.B) {
	for _, c := range compileCases {
		b.Run(c.name, func(b *testing.B) {
			b.Run("go-regexp", func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if _, err := stdregexp.Compile(c.pattern); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("ferry", func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if _, err := freshCompile(c.pattern); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("ferry-interned", func(b *testing.B) {
				live := MustCompile(c.pattern)
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if re, err := Compile(c.pattern); err != nil || re.core != live.core {
						b.Fatal("not shared", err)
					}
				}
			})
		})
	}
}

// BenchmarkCompileMatchOnce: compile, then one MatchString and one
// FindStringSubmatch on a short input (a regexp per request, used once).
func BenchmarkCompileMatchOnce(b *testing.B) {
	for _, c := range compileCases {
		g := stdregexp.MustCompile(c.pattern)
		want := g.FindStringSubmatch(c.input)
		b.Run(c.name, func(b *testing.B) {
			b.Run("go-regexp", func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					re, _ := stdregexp.Compile(c.pattern)
					if re.MatchString(c.input) != (want != nil) || len(re.FindStringSubmatch(c.input)) != len(want) {
						b.Fatal("wrong answer")
					}
				}
			})
			b.Run("ferry", func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					re, _ := freshCompile(c.pattern)
					if re.MatchString(c.input) != (want != nil) || len(re.FindStringSubmatch(c.input)) != len(want) {
						b.Fatal("wrong answer")
					}
				}
			})
		})
	}
}
