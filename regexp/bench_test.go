//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import (
	"fmt"
	stdregexp "regexp"
	"strings"
	"testing"

	"github.com/ferry-ffi/ferry/regexp/internal/native"
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
	re.Warm() // the Rust engine from the first iteration
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
	b.Run("rust-inproc", func(b *testing.B) {
		// The engine alone, in this process: one cgo call that searches
		// b.N times with the thread's ready cache (rust-native, from the
		// Rust harness, is the same in a process of its own). ferry minus
		// this is the bridge's cost.
		if got := native.BenchIsMatch(re.handle.Load(), input, re.need, uint(b.N)); got != b.N {
			b.Fatalf("%d matches in %d searches", got, b.N)
		}
	})
	b.Run("cgo", func(b *testing.B) {
		// The same Rust engine and call, through a plain cgo call.
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if re.rust(len(input)).IsMatchCgo(input, re.need) != 1 {
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
	head    string // what the text starts with
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
	{name: "captures", pattern: `(\w+)@(\w+)\.(com|org)`, tail: " mail sherlock@baker.org", run: findSubmatch},
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

// The utf8 cases: patterns whose classes can match U+FFFD (so Go matches
// invalid bytes with them), with the match at the start, at the end, or
// nowhere: a search must cost what it reads, not the input's length.
func init() {
	const logHead = "127.0.0.1 - frank [15/Jan/2024:12:00:01 +0000] GET /apache_pb.gif HTTP/1.0 200 2326 "
	benchCases = append(benchCases,
		benchCase{name: "utf8-early", pattern: `^(\S+) \S+ (\S+) \[([^\]]+)\] (\S+)`, head: logHead, run: findSubmatch},
		benchCase{name: "utf8-early-bounded", pattern: `^(\S{1,40}) \S \S{1,20} \[([^\]]{1,40})\]`, head: logHead, run: findSubmatch},
		benchCase{name: "utf8-late", pattern: `\[([^\]]+)\] (\S+)$`, tail: " [15/Jan/2024:12:00:01 +0000] GET", run: findSubmatch},
		benchCase{name: "utf8-none", pattern: `\[([^\]]+)\] (\S+)`, run: findSubmatch},
	)
}

func findSubmatch(b *testing.B, re interface {
	MatchString(string) bool
	FindStringSubmatchIndex(string) []int
	FindAllString(string, int) []string
	ReplaceAllString(string, string) string
}, in string) {
	for i := 0; i < b.N; i++ {
		re.FindStringSubmatchIndex(in)
	}
}

// input is the case's text of n bytes.
func (c benchCase) input(n int) string {
	if len(c.head) >= n {
		return c.head[:n]
	}
	return c.head + benchText(n-len(c.head), c.tail)
}

// BenchmarkRegex: BenchmarkRegex/<case>/<size>/{go-regexp,ferry}.
func BenchmarkRegex(b *testing.B) {
	for _, c := range benchCases {
		g := stdregexp.MustCompile(c.pattern)
		re := MustCompile(c.pattern)
		re.Warm()
		b.Run(c.name, func(b *testing.B) {
			for _, size := range benchSizes {
				in := c.input(size.n)
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
	re.Warm()
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

// BenchmarkRegexMany: n distinct regexps applied in turn to the same input
// on one goroutine (a log classifier, a router), for MatchString and
// FindStringSubmatchIndex: BenchmarkRegexMany/<method>/<n>/{go-regexp,ferry}.
// A search must cost the same whatever n is.
func BenchmarkRegexMany(b *testing.B) {
	const in = "2024-01-15 12:00:01 INFO mail from sherlock@baker.org/7 to watson@baker.com/3 accepted"
	for _, method := range []string{"MatchString", "FindStringSubmatchIndex"} {
		b.Run(method, func(b *testing.B) {
			for _, n := range []int{1, 4, 8, 16, 64, 256, 1000} {
				gs := make([]*stdregexp.Regexp, n)
				fs := make([]*Regexp, n)
				for i := range n {
					pat := fmt.Sprintf(`(\w+)@(\w+)\.(com|org)/%d\b`, i)
					gs[i], fs[i] = stdregexp.MustCompile(pat), MustCompile(pat)
					fs[i].Warm()
					if fmt.Sprint(gs[i].FindStringSubmatchIndex(in)) != fmt.Sprint(fs[i].FindStringSubmatchIndex(in)) {
						b.Fatalf("%s: answers differ", pat)
					}
				}
				b.Run(fmt.Sprint(n), func(b *testing.B) {
					b.Run("go-regexp", func(b *testing.B) {
						for i := 0; i < b.N; i++ {
							if method == "MatchString" {
								gs[i%n].MatchString(in)
							} else {
								gs[i%n].FindStringSubmatchIndex(in)
							}
						}
					})
					b.Run("ferry", func(b *testing.B) {
						b.ReportAllocs()
						for i := 0; i < b.N; i++ {
							if method == "MatchString" {
								fs[i%n].MatchString(in)
							} else {
								fs[i%n].FindStringSubmatchIndex(in)
							}
						}
					})
				})
			}
		})
	}
}
