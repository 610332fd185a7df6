//go:build linux && amd64 && cgo && !ferry_goregexp

// Package regexp is Go's regexp, answered by Rust's regex engine through
// ferry fast calls. Change the import from "regexp" to
// "github.com/ferry-ffi/ferry/regexp" and nothing else.
//
// Patterns are parsed by Go's regexp/syntax, so the accepted syntax, the
// errors, the capture numbering and every character class are Go's; the
// parse tree is rewritten into an equivalent pattern for Rust's engine.
// Every method gives exactly the answer Go's regexp gives. Where the Rust
// engine cannot, the call is answered by Go's own regexp, compiled lazily
// for the purpose:
//   - leftmost-longest matching (CompilePOSIX, Longest): every method but
//     Match and MatchString (whether there is a match does not depend on
//     which one is preferred);
//   - patterns that can match U+FFFD (such as `.` or `[^a]`) on input that
//     is not valid UTF-8, since Go matches each invalid byte as U+FFFD;
//   - patterns with `\B` on input that is not ASCII;
//   - MatchReader, FindReaderIndex and FindReaderSubmatchIndex, which read
//     runes one at a time;
//   - patterns the Rust engine refuses (past its size limits);
//   - the package-level Match and MatchString, which compile for one use;
//   - every search until the Rust regex is built (see below).
//
// Compile costs what Go's regexp.Compile costs: it compiles Go's engine,
// which answers until the Regexp has been used enough to pay for building
// the Rust regex; that build happens on a background goroutine (Warm does
// it at once). Regexps compiled from the same pattern share one compiled
// form, so reflect.DeepEqual holds between them as in Go.
//
// A search whose engine work could exceed about a millisecond (the size of
// the pattern's automaton times the bytes it may scan), or of more than
// CgoThreshold bytes, goes through cgo, so that it does not hold up the Go
// scheduler and garbage collector (a fast call cannot be preempted). See
// docs/regexp.md.
package regexp

import (
	"io"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/regexp/internal/native"
)

// Regexp is a compiled regular expression. It is safe for concurrent use
// by many goroutines, except for Longest and for a Regexp made by
// CompileDedicated.
type Regexp struct {
	expr string
	// What every Regexp of this pattern shares: Go's engine, the Rust
	// regex once built, the counts deciding when (lazy.go).
	*core

	longest bool         // leftmost-longest: Go's engine, but for Match*
	stack   *ferry.Stack // non-nil: a Regexp from CompileDedicated
}

// cgoThreshold: inputs longer than this many bytes are searched in cgo
// mode. See SetCgoThreshold.
var cgoThreshold atomic.Int64

// DefaultCgoThreshold is the initial CgoThreshold, in bytes. A search of
// this much input takes at most tens of microseconds on the hardware it
// was measured on (docs/regexp.md), the longest pause a fast call should
// impose on the garbage collector.
const DefaultCgoThreshold = 32 << 10

func init() { cgoThreshold.Store(DefaultCgoThreshold) }

// SetCgoThreshold sets the input length, in bytes, above which a search
// is made as a cgo call instead of a fast call, and returns the previous
// value. A negative n sends every search through cgo. Searches within it
// may still be cgo calls: the work bound (workbound.go) applies too, and
// patterns anchored with bounded matches ignore the threshold.
func SetCgoThreshold(n int) int { return int(cgoThreshold.Swap(int64(n))) }

// CgoThreshold returns the current threshold (see SetCgoThreshold).
func CgoThreshold() int { return int(cgoThreshold.Load()) }

// Compile parses a regular expression and returns, if successful, a Regexp
// that can be used to match against text. Syntax and matching are Go's:
// leftmost-first, Perl-like.
func Compile(expr string) (*Regexp, error) {
	return compile(expr, syntax.Perl, false)
}

// CompilePOSIX is like Compile but restricts the syntax to POSIX ERE
// (egrep) and uses leftmost-longest matching. Only Match and MatchString
// use the Rust engine for such a Regexp; the rest is Go's engine.
func CompilePOSIX(expr string) (*Regexp, error) {
	return compile(expr, syntax.POSIX, true)
}

// MustCompile is like Compile but panics if the expression cannot be
// parsed, with the message Go's regexp.MustCompile gives.
func MustCompile(str string) *Regexp {
	re, err := Compile(str)
	if err != nil {
		panic(`regexp: Compile(` + quote(str) + `): ` + err.Error())
	}
	return re
}

// MustCompilePOSIX is like CompilePOSIX but panics if the expression
// cannot be parsed.
func MustCompilePOSIX(str string) *Regexp {
	re, err := CompilePOSIX(str)
	if err != nil {
		panic(`regexp: CompilePOSIX(` + quote(str) + `): ` + err.Error())
	}
	return re
}

// CompileDedicated is Compile for a Regexp that makes its calls on a
// native stack of its own instead of the current thread's (the seed's
// single-stack flavour). Such a Regexp must be used by one goroutine at a
// time: a call that finds its stack in use by another panics.
func CompileDedicated(expr string) (*Regexp, error) {
	re, err := Compile(expr)
	if err != nil {
		return nil, err
	}
	if re.stack, err = ferry.NewStack(0); err != nil {
		return nil, err
	}
	// A Regexp with a stack of its own is made for heavy use: the Rust
	// engine from the first search.
	re.Warm()
	return re, nil
}

// MustCompileDedicated is like CompileDedicated but panics on error.
func MustCompileDedicated(str string) *Regexp {
	re, err := CompileDedicated(str)
	if err != nil {
		panic(`regexp: CompileDedicated(` + quote(str) + `): ` + err.Error())
	}
	return re
}

func quote(s string) string {
	if strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

func compile(expr string, mode syntax.Flags, longest bool) (*Regexp, error) {
	re, err := newShared(expr, mode)
	if err != nil {
		return nil, err
	}
	re.longest = longest
	if eagerBuild {
		re.build()
	}
	return re, nil
}

// String returns the source text used to compile the regular expression.
func (re *Regexp) String() string { return re.expr }

// Longest makes future searches prefer leftmost-longest matches, which
// Go's engine then answers (Match and MatchString excepted). Like Go's,
// it must not be called concurrently with other methods.
func (re *Regexp) Longest() { re.longest = true }

// Copy returns a new Regexp copied from re. Calling Longest on one copy
// does not affect another. A copy of a Regexp from CompileDedicated gets a
// stack of its own, so the two may be used by different goroutines.
//
// Deprecated: as for Go's regexp, a Regexp is safe for concurrent use and
// copies are not needed for that; Copy remains for two Regexps with
// different Longest settings.
func (re *Regexp) Copy() *Regexp {
	cp := *re
	if re.stack != nil {
		s, err := ferry.NewStack(re.stack.Size())
		if err != nil {
			panic("regexp: Copy of a dedicated Regexp: " + err.Error())
		}
		cp.stack = s
	}
	return &cp
}

// NumSubexp returns the number of parenthesized subexpressions.
func (re *Regexp) NumSubexp() int { return re.numSubexp }

// SubexpNames returns the names of the parenthesized subexpressions; the
// name of the whole expression, names[0], is always "". The slice must
// not be modified.
func (re *Regexp) SubexpNames() []string { return re.subexpNames }

// SubexpIndex returns the index of the first subexpression with the given
// name, or -1 if there is none.
func (re *Regexp) SubexpIndex(name string) int {
	if name != "" {
		for i, s := range re.subexpNames {
			if name == s {
				return i
			}
		}
	}
	return -1
}

// LiteralPrefix returns a literal string that must begin any match, and
// whether that literal is the whole regular expression. It is Go's answer.
func (re *Regexp) LiteralPrefix() (prefix string, complete bool) {
	return re.golang().LiteralPrefix()
}

// MarshalText implements encoding.TextMarshaler: the source text.
func (re *Regexp) MarshalText() ([]byte, error) { return []byte(re.expr), nil }

// AppendText implements encoding.TextAppender.
func (re *Regexp) AppendText(b []byte) ([]byte, error) { return append(b, re.expr...), nil }

// UnmarshalText implements encoding.TextUnmarshaler by compiling text.
// Like every method that changes a Regexp, it must not run concurrently
// with other methods.
func (re *Regexp) UnmarshalText(text []byte) error {
	fresh, err := Compile(string(text))
	if err != nil {
		return err
	}
	stack := re.stack
	*re = *fresh
	if re.stack = stack; stack != nil {
		re.Warm()
	}
	return nil
}

// Match reports whether the byte slice b contains any match of the
// pattern. Like Go's regexp.Match, it compiles the pattern each time:
// one-shot calls use Go's engine, which compiles faster.
func Match(pattern string, b []byte) (matched bool, err error) {
	return regexp.Match(pattern, b)
}

// MatchString reports whether s contains any match of the pattern; see
// Match.
func MatchString(pattern string, s string) (matched bool, err error) {
	return regexp.MatchString(pattern, s)
}

// MatchReader reports whether the text read from r contains any match of
// the pattern; see Match.
func MatchReader(pattern string, r io.RuneReader) (matched bool, err error) {
	return regexp.MatchReader(pattern, r)
}

// QuoteMeta returns a string that escapes all regular expression
// metacharacters inside the argument text.
func QuoteMeta(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if isMeta(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+n)
	for i := 0; i < len(s); i++ {
		if isMeta(s[i]) {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isMeta(c byte) bool {
	switch c {
	case '\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$':
		return true
	}
	return false
}

// ---- Calls into the Rust engine ------------------------------------------
//
// Every call goes through the bindings ferry-gen made from rustre.h
// (package native), in the mode chosen here: IsMatch (a fast call),
// IsMatchOnStack (a dedicated stack) or IsMatchCgo (long inputs). Fast
// calls may write to buffers on the goroutine stack; what a cgo call is
// given moves to the heap, so its result buffers are heap copies.

// Results of the search helpers besides 1 (match) and 0 (no match).
const goAnswers = -1 // Go's engine must answer this call

// verdict turns a status from Rust into 1, 0 or goAnswers. Anything but
// "input not supported" is a failure of the engine (a caught panic):
// Go's engine answers instead, and the count tells the tests.
func verdict(r int) int {
	if r >= 0 {
		return r
	}
	if ferry.Status(r) != ferry.EUNSUPPORTED {
		engineFailures.Add(1)
	}
	return goAnswers
}

// engineFailures counts calls the Rust engine failed (should stay 0);
// cgoCalls counts searches made in cgo mode (for the tests).
var engineFailures, cgoCalls atomic.Int64

// isMatch asks the Rust engine whether the n bytes at p contain a match.
func (re *Regexp) isMatch(p *byte, n int) int {
	h := re.rust(n)
	if h == nil {
		return goAnswers
	}
	if n < re.minLen {
		return 0
	}
	if re.isLit {
		if strings.Contains(unsafe.String(p, n), re.prefix) {
			return 1
		}
		return 0
	}
	if re.prefix != "" && !re.longest {
		var loc [2]int
		return re.search(p, n, 0, loc[:], re.need)
	}
	hay := unsafe.String(p, n) // read only, in place
	var r int
	switch {
	case !re.fastCall(n):
		cgoCalls.Add(1)
		r = h.IsMatchCgo(hay, re.need)
	case re.stack != nil:
		r = h.IsMatchOnStack(re.stack, hay, re.need)
	default:
		r = h.IsMatch(hay, re.need)
	}
	return verdict(r)
}

// search finds the leftmost-first match at or after pos in the n bytes at
// p and writes its positions to m: 2 (the match) or re.slots (with the
// groups). need is the input check to make first (needNothing once the
// input has been checked).
func (re *Regexp) search(p *byte, n, pos int, m []int, need uint) int {
	if re.longest {
		return goAnswers
	}
	h := re.rust(n - pos)
	if h == nil {
		return goAnswers
	}
	if n-pos < re.minLen {
		return 0
	}
	if re.isLit {
		i := strings.Index(unsafe.String(p, n)[pos:], re.prefix)
		if i < 0 {
			return 0
		}
		m[0], m[1] = pos+i, pos+i+len(re.prefix)
		return 1
	}
	if re.prefix != "" {
		i := strings.Index(unsafe.String(p, n)[pos:], re.prefix)
		if i < 0 {
			return 0
		}
		pos += i
		if n-pos < re.minLen {
			return 0
		}
	}
	hay := unsafe.String(p, n)
	span := (*native.Span)(unsafe.Pointer(&m[0])) // m[0:2], the same layout
	var r int
	switch {
	case !re.fastCall(n - pos):
		// A cgo call's arguments go to the heap: m may be on the caller's
		// stack, so Rust writes to a copy.
		cgoCalls.Add(1)
		tmp := make([]int, len(m))
		if len(m) > 2 {
			r = h.CapturesAtCgo(hay, uint(pos), tmp, need)
		} else {
			r = h.FindAtCgo(hay, uint(pos), (*native.Span)(unsafe.Pointer(&tmp[0])), need)
		}
		copy(m, tmp)
	case re.stack != nil && len(m) > 2:
		r = h.CapturesAtOnStack(re.stack, hay, uint(pos), m, need)
	case re.stack != nil:
		r = h.FindAtOnStack(re.stack, hay, uint(pos), span, need)
	case len(m) > 2:
		r = h.CapturesAt(hay, uint(pos), m, need)
	default:
		r = h.FindAt(hay, uint(pos), span, need)
	}
	return verdict(r)
}

// native reports whether the Rust engine answers searches of the n bytes
// at p; after it said yes, searches pass needNothing.
func (re *Regexp) native(p *byte, n int) bool {
	if re.longest || re.rust(n) == nil {
		return false
	}
	if re.need == needNothing {
		return true
	}
	hay := unsafe.String(p, n)
	var r int
	switch {
	case int64(n) > cgoThreshold.Load():
		r = native.MeetsCgo(hay, re.need)
	case re.stack != nil:
		r = native.MeetsOnStack(re.stack, hay, re.need)
	default:
		r = native.Meets(hay, re.need)
	}
	return verdict(r) == 1
}
