//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

// prefix.go: the literal text every match starts with, found with
// strings.Index before the engine is asked, as Go's regexp does: Rust's
// engine does not always use a prefilter for it (a single common byte
// such as `[`), and Go's IndexByte then scans 10 to 100 times faster than
// a DFA. Skipping to it never changes an answer: a match starts at one of
// its occurrences.

import (
	"regexp/syntax"
	"unicode/utf8"
)

// leadingLiteral returns the literal text every match of re starts with,
// "" if there is none: the first literal of the pattern, through groups.
// A case-insensitive literal has none, and the text stops before U+FFFD,
// which Go also matches against an invalid byte.
func leadingLiteral(re *syntax.Regexp) string {
	for re.Op == syntax.OpCapture || re.Op == syntax.OpConcat && len(re.Sub) > 0 {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpLiteral || re.Flags&syntax.FoldCase != 0 {
		return ""
	}
	n := 0
	for n < len(re.Rune) && re.Rune[n] != utf8.RuneError {
		n++
	}
	return string(re.Rune[:n])
}
