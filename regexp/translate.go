//go:build linux && amd64 && cgo && !ferry_goregexp

// translate.go: Go's regexp syntax tree rewritten as a pattern for Rust's
// regex crate that matches exactly what Go's matches, and what an input
// must satisfy (need) for the Rust engine's answer to be Go's.

package regexp

import (
	"fmt"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What an input must satisfy for the Rust engine to give Go's answer; the
// values are ferry-regex's Need.
const (
	needNothing uint = 0
	// Go decodes each invalid UTF-8 byte as U+FFFD, so a pattern that can
	// match U+FFFD matches invalid bytes in Go; Rust's engine matches only
	// whole valid characters. Such patterns get Go's engine on invalid
	// UTF-8 input.
	needUTF8 uint = 1
	// Go tests \B only between characters; Rust tests it between any two
	// bytes, so inside a multi-byte character too. Patterns with \B get
	// Go's engine on non-ASCII input.
	needASCII uint = 2
)

// translation is a Go syntax tree rewritten in the syntax of Rust's regex
// crate, matching exactly what Go's tree matches.
type translation struct {
	pattern string
	need    uint
}

// translate writes re (as parsed by syntax.Parse, not simplified) in Rust
// syntax. Everything that depends on tables is spelled out from Go's
// parse, so Rust's own Unicode tables and flags never come into play:
// classes (\d, \pL, [[:alpha:]], case folding) become explicit ranges of
// code points, case-insensitive literals become classes of their Go fold
// orbit, ^ $ \A \z \b get the meaning Go gives them.
func translate(re *syntax.Regexp) (translation, error) {
	t := translator{}
	t.emit(re)
	if t.err != nil {
		return translation{}, t.err
	}
	return translation{pattern: t.b.String(), need: t.need}, nil
}

type translator struct {
	b    strings.Builder
	need uint
	caps int // capture groups written so far
	err  error
}

func (t *translator) require(n uint) {
	if n > t.need {
		t.need = n
	}
}

func (t *translator) emit(re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpNoMatch:
		t.b.WriteString(`[a&&b]`)
	case syntax.OpEmptyMatch:
		t.b.WriteString(`(?:)`)
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 && unicode.SimpleFold(r) != r {
				t.foldedRune(r)
			} else {
				t.rune(r)
			}
		}
	case syntax.OpCharClass:
		t.class(re.Rune)
	case syntax.OpAnyCharNotNL:
		t.require(needUTF8)
		t.b.WriteString(`[^\n]`)
	case syntax.OpAnyChar:
		t.require(needUTF8)
		t.b.WriteString(`[\x00-\x{10FFFF}]`)
	case syntax.OpBeginLine:
		t.b.WriteString(`(?m:^)`)
	case syntax.OpEndLine:
		t.b.WriteString(`(?m:$)`)
	case syntax.OpBeginText:
		t.b.WriteString(`\A`)
	case syntax.OpEndText:
		// Go's $ outside multi-line mode is \z too: it does not match
		// before a final newline.
		t.b.WriteString(`\z`)
	case syntax.OpWordBoundary:
		t.b.WriteString(`(?-u:\b)`)
	case syntax.OpNoWordBoundary:
		t.require(needASCII)
		t.b.WriteString(`(?-u:\B)`)
	case syntax.OpCapture:
		// Rust numbers groups by their opening parenthesis, as Go does;
		// writing them in tree order keeps the numbers if Go's are in
		// tree order, which the check makes sure of.
		t.caps++
		if re.Cap != t.caps {
			t.err = fmt.Errorf("capture %d found where %d was expected", re.Cap, t.caps)
			return
		}
		t.b.WriteByte('(')
		t.emit(re.Sub[0])
		t.b.WriteByte(')')
	case syntax.OpRepeat:
		if re.Max == 0 {
			// x{0} matches empty, but Rust drops the groups inside it
			// and Go keeps (and numbers) them: an optional branch that
			// cannot match keeps them.
			t.b.WriteString(`(?:[a&&b]`)
			t.emit(re.Sub[0])
			t.b.WriteString(`)?`)
			return
		}
		fallthrough
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest:
		t.b.WriteString(`(?:`)
		t.emit(re.Sub[0])
		t.b.WriteByte(')')
		switch re.Op {
		case syntax.OpStar:
			t.b.WriteByte('*')
		case syntax.OpPlus:
			t.b.WriteByte('+')
		case syntax.OpQuest:
			t.b.WriteByte('?')
		default:
			t.b.WriteByte('{')
			t.b.WriteString(strconv.Itoa(re.Min))
			if re.Max != re.Min {
				t.b.WriteByte(',')
				if re.Max >= 0 {
					t.b.WriteString(strconv.Itoa(re.Max))
				}
			}
			t.b.WriteByte('}')
		}
		if re.Flags&syntax.NonGreedy != 0 {
			t.b.WriteByte('?')
		}
	case syntax.OpConcat:
		t.b.WriteString(`(?:`)
		for _, sub := range re.Sub {
			t.emit(sub)
		}
		t.b.WriteByte(')')
	case syntax.OpAlternate:
		t.b.WriteString(`(?:`)
		for i, sub := range re.Sub {
			if i > 0 {
				t.b.WriteByte('|')
			}
			t.emit(sub)
		}
		t.b.WriteByte(')')
	default:
		t.err = fmt.Errorf("unknown syntax op %v", re.Op)
	}
}

// rune writes r as a literal: ASCII letters and digits as they are, the
// rest escaped, so no character can mean syntax.
func (t *translator) rune(r rune) {
	if r == utf8.RuneError {
		t.require(needUTF8)
	}
	if r >= 0xD800 && r <= 0xDFFF {
		// Go accepts a surrogate literal but never decodes one from its
		// input; Rust rejects it. Both ways it matches nothing.
		t.b.WriteString(`[a&&b]`)
		return
	}
	if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
		t.b.WriteRune(r)
		return
	}
	t.b.WriteString(`\x{`)
	t.b.WriteString(strconv.FormatInt(int64(r), 16))
	t.b.WriteByte('}')
}

// foldedRune writes a case-insensitive r as the class of its fold orbit,
// which is what Go matches it against.
func (t *translator) foldedRune(r rune) {
	var ranges []rune
	for f := r; ; {
		ranges = append(ranges, f, f)
		if f = unicode.SimpleFold(f); f == r {
			break
		}
	}
	t.class(ranges)
}

// class writes a Go class (pairs of inclusive bounds) as a Rust class.
func (t *translator) class(ranges []rune) {
	var b strings.Builder
	n := 0
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		if lo <= utf8.RuneError && utf8.RuneError <= hi {
			t.require(needUTF8)
		}
		// Rust class bounds must be scalar values (a range may span the
		// surrogates). Go never decodes a surrogate from its input (they
		// are invalid UTF-8), so leaving them out changes nothing.
		if lo >= 0xD800 && lo <= 0xDFFF {
			lo = 0xE000
		}
		if hi >= 0xD800 && hi <= 0xDFFF {
			hi = 0xD7FF
		}
		if lo > hi {
			continue
		}
		n++
		fmt.Fprintf(&b, `\x{%x}`, lo)
		if hi != lo {
			fmt.Fprintf(&b, `-\x{%x}`, hi)
		}
	}
	if n == 0 {
		t.b.WriteString(`[a&&b]`)
		return
	}
	t.b.WriteByte('[')
	t.b.WriteString(b.String())
	t.b.WriteByte(']')
}

// minLen returns the length in bytes of the shortest input re can match
// (capped, so huge repeats cannot overflow). Inputs shorter than that need
// no search at all: Go's regexp makes the same check, and on short inputs
// skipping the call is what keeps us as fast as Go.
func minLen(re *syntax.Regexp) int {
	const capLen = 1 << 30
	switch re.Op {
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			w := runeLen(r)
			if re.Flags&syntax.FoldCase != 0 {
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					w = min(w, runeLen(f))
				}
			}
			n += w
		}
		return min(n, capLen)
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return 0
		}
		// The shortest member; a class with U+FFFD also matches one
		// invalid byte.
		w := 4
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if lo <= utf8.RuneError && utf8.RuneError <= hi {
				return 1
			}
			w = min(w, runeLen(lo))
		}
		return w
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpPlus:
		return minLen(re.Sub[0])
	case syntax.OpRepeat:
		return min(re.Min*minLen(re.Sub[0]), capLen)
	case syntax.OpConcat:
		n := 0
		for _, sub := range re.Sub {
			n = min(n+minLen(sub), capLen)
		}
		return n
	case syntax.OpAlternate:
		n := capLen
		for _, sub := range re.Sub {
			n = min(n, minLen(sub))
		}
		return n
	}
	// Empty matches, assertions, *, ?, and no-match (0 is always safe).
	return 0
}

// runeLen is the UTF-8 length of r; 1 for U+FFFD, which Go also matches
// against a single invalid byte.
func runeLen(r rune) int {
	if r == utf8.RuneError {
		return 1
	}
	if n := utf8.RuneLen(r); n > 0 {
		return n
	}
	return 1
}

// boundedWork reports whether a search for re looks at a bounded number of
// bytes whatever the input's length: the pattern is anchored at the start
// of the text and its matches have a maximum length (the seed's date
// pattern). Such searches stay fast calls however long the input.
func boundedWork(re *syntax.Regexp) bool {
	first := re
	for first.Op == syntax.OpConcat && len(first.Sub) > 0 || first.Op == syntax.OpCapture {
		first = first.Sub[0]
	}
	return first.Op == syntax.OpBeginText && maxLen(re) >= 0
}

// maxLen returns the length in bytes of the longest text re can match, or
// -1 if it is unbounded (or huge).
func maxLen(re *syntax.Regexp) int {
	const capLen = 1 << 20
	n := 0
	switch re.Op {
	case syntax.OpLiteral:
		n = 4 * len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		n = 4
	case syntax.OpStar, syntax.OpPlus:
		return -1
	case syntax.OpCapture, syntax.OpQuest:
		n = maxLen(re.Sub[0])
	case syntax.OpRepeat:
		sub := maxLen(re.Sub[0])
		if re.Max < 0 || sub < 0 {
			return -1
		}
		n = re.Max * sub
	case syntax.OpConcat, syntax.OpAlternate:
		for _, sub := range re.Sub {
			m := maxLen(sub)
			if m < 0 {
				return -1
			}
			if re.Op == syntax.OpConcat {
				n += m
			} else {
				n = max(n, m)
			}
			if n > capLen {
				return -1
			}
		}
	}
	if n > capLen {
		return -1
	}
	return n
}
