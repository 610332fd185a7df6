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
	needNothing uintptr = 0
	// Go decodes each invalid UTF-8 byte as U+FFFD, so a pattern that can
	// match U+FFFD matches invalid bytes in Go; Rust's engine matches only
	// whole valid characters. Such patterns get Go's engine on invalid
	// UTF-8 input.
	needUTF8 uintptr = 1
	// Go tests \B only between characters; Rust tests it between any two
	// bytes, so inside a multi-byte character too. Patterns with \B get
	// Go's engine on non-ASCII input.
	needASCII uintptr = 2
)

// translation is a Go syntax tree rewritten in the syntax of Rust's regex
// crate, matching exactly what Go's tree matches.
type translation struct {
	pattern string
	need    uintptr
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
	need uintptr
	caps int // capture groups written so far
	err  error
}

func (t *translator) require(n uintptr) {
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
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
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
