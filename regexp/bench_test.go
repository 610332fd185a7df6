//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import (
	"fmt"
	stdregexp "regexp"
	"strings"
	"testing"
)

// The names of these benchmarks are compared across runs by the table
// printer (cmd/benchtable): keep them.

// BenchmarkSeedRegex is the seed's table: `.y` on 50 x "x" + "y". The
// rust-native row is printed by rust/ferry-regex's bench binary.
func BenchmarkSeedRegex(b *testing.B) {
	const pattern = `.y`
	input := strings.Repeat("x", 50) + "y"
	g := stdregexp.MustCompile(pattern)
	re := MustCompile(pattern)
	ded := MustCompileDedicated(pattern)
	b.Run("go-regexp", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if !g.MatchString(input) {
				b.Fatal("no match")
			}
		}
	})
	b.Run("ferry", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if !re.MatchString(input) {
				b.Fatal("no match")
			}
		}
	})
	b.Run("ferry-dedicated", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if !ded.MatchString(input) {
				b.Fatal("no match")
			}
		}
	})
	b.Run("cgo", func(b *testing.B) {
		// The same Rust engine and call, through a plain cgo call.
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if re.handle.IsMatchCgo(input, re.need) != 1 {
				b.Fatal("no match")
			}
		}
	})
}

var benchSizes = []struct {
	name string
	n    int
}{{"10B", 10}, {"1KiB", 1 << 10}, {"32KiB", 32 << 10}, {"1MiB", 1 << 20}}

// benchText returns n bytes of word-like text with no match of the cases'
// patterns, then tail at the end (cut to n bytes), so that a search scans
// all of it.
func benchText(n int, tail string) string {
	words := []string{"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dogs", "and", "runs",
		"away", "from", "these", "old", "barns", "while", "birds", "sing", "songs", "high"}
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		sb.WriteString(words[(i*7+i/3)%len(words)])
		if i%11 == 10 {
			sb.WriteString(". ")
		} else {
			sb.WriteByte(' ')
		}
	}
	s := sb.String()[:n]
	if len(tail) >= n {
		return tail[len(tail)-n:]
	}
	return s[:n-len(tail)] + tail
}

type benchCase struct {
	name    string
	pattern string
	tail    string // what the text ends with
	run     func(b *testing.B, re interface {
		MatchString(string) bool
		FindStringSubmatchIndex(string) []int
		FindAllString(string, int) []string
		ReplaceAllString(string, string) string
	}, in string)
}

func matchString(b *testing.B, re interface {
	MatchString(string) bool
	FindStringSubmatchIndex(string) []int
	FindAllString(string, int) []string
	ReplaceAllString(string, string) string
}, in string) {
	for i := 0; i < b.N; i++ {
		re.MatchString(in)
	}
}

var benchCases = []benchCase{
	{name: "literal", pattern: `Sherlock`, tail: " Sherlock", run: matchString},
	{name: "alternation", pattern: `Sherlock|Holmes|Watson|Irene|Adler`, tail: " Adler", run: matchString},
	{name: "classes", pattern: `[A-Z][a-z]+ing\b`, tail: " Reading", run: matchString},
	{name: "date", pattern: `^\d{4}-\d{2}-\d{2}$`, tail: "2024-01-15", run: matchString},
	{name: "captures", pattern: `(\w+)@(\w+)\.(com|org)`, tail: " mail sherlock@baker.org",
		run: func(b *testing.B, re interface {
			MatchString(string) bool
			FindStringSubmatchIndex(string) []int
			FindAllString(string, int) []string
			ReplaceAllString(string, string) string
		}, in string) {
			for i := 0; i < b.N; i++ {
				if loc := re.FindStringSubmatchIndex(in); loc == nil && len(in) > 20 {
					b.Fatal("no match")
				}
			}
		}},
	{name: "hard", pattern: `[a-q][^u-z]{13}x`, tail: " abcdefghijklmx", run: matchString},
	{name: "findall", pattern: `\b\w+s\b`, tail: " ends",
		run: func(b *testing.B, re interface {
			MatchString(string) bool
			FindStringSubmatchIndex(string) []int
			FindAllString(string, int) []string
			ReplaceAllString(string, string) string
		}, in string) {
			for i := 0; i < b.N; i++ {
				re.FindAllString(in, -1)
			}
		}},
	{name: "replace", pattern: `(\w+)s\b`, tail: " ends",
		run: func(b *testing.B, re interface {
			MatchString(string) bool
			FindStringSubmatchIndex(string) []int
			FindAllString(string, int) []string
			ReplaceAllString(string, string) string
		}, in string) {
			for i := 0; i < b.N; i++ {
				re.ReplaceAllString(in, "<$1>")
			}
		}},
}

// BenchmarkRegex: BenchmarkRegex/<case>/<size>/{go-regexp,ferry}.
func BenchmarkRegex(b *testing.B) {
	for _, c := range benchCases {
		g := stdregexp.MustCompile(c.pattern)
		re := MustCompile(c.pattern)
		b.Run(c.name, func(b *testing.B) {
			for _, size := range benchSizes {
				in := benchText(size.n, c.tail)
				if got, want := fmt.Sprint(re.FindAllStringSubmatchIndex(in, -1)), fmt.Sprint(g.FindAllStringSubmatchIndex(in, -1)); got != want {
					b.Fatalf("%s/%s: answers differ: %.80s vs %.80s", c.name, size.name, got, want)
				}
				b.Run(size.name, func(b *testing.B) {
					b.Run("go-regexp", func(b *testing.B) {
						b.SetBytes(int64(len(in)))
						c.run(b, g, in)
					})
					b.Run("ferry", func(b *testing.B) {
						b.SetBytes(int64(len(in)))
						b.ReportAllocs()
						c.run(b, re, in)
					})
				})
			}
		})
	}
}

// BenchmarkZeroAlloc: the hot methods of the issue, on the date pattern.
func BenchmarkZeroAlloc(b *testing.B) {
	re := MustCompile(`(\d{4})-(\d{2})-(\d{2})`)
	in := "on 2024-01-15."
	b.Run("MatchString", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			re.MatchString(in)
		}
	})
	b.Run("FindStringIndex", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if loc := re.FindStringIndex(in); loc[0] != 3 {
				b.Fatal("wrong match")
			}
		}
	})
	b.Run("FindStringSubmatchIndex", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if loc := re.FindStringSubmatchIndex(in); loc[2] != 3 {
				b.Fatal("wrong match")
			}
		}
	})
}
