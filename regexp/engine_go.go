//go:build !(linux && amd64 && cgo) || ferry_goregexp

// Package regexp is Go's regexp API (see regexp.go), here answered by Go's
// own engine because the Rust one is not linked: on every platform but
// linux/amd64 with cgo (the only one with a prebuilt Rust object,
// internal/native/rustre_linux_amd64.syso), or with the build tag
// ferry_goregexp. The API is the Rust-backed package's (api_test.go
// compares the two) and every answer is Go's regexp's, so code using this
// package builds and behaves the same everywhere; Engine says which
// engine runs.
package regexp

import (
	"io"
	"regexp"
)

// Engine names the engine that answers: "rust" (Rust's regex crate through
// ferry fast calls) or "go" (Go's regexp package, on platforms without the
// Rust object).
func Engine() string { return "go" }

// Regexp is a compiled regular expression: here, Go's regexp.Regexp.
type Regexp struct {
	re *regexp.Regexp
}

// DefaultCgoThreshold is the initial CgoThreshold, in bytes (unused by Go's
// engine: no call crosses into native code).
const DefaultCgoThreshold = 32 << 10

var cgoThreshold = DefaultCgoThreshold

// SetCgoThreshold sets the value CgoThreshold returns and returns the
// previous one; Go's engine makes no cgo calls.
func SetCgoThreshold(n int) int {
	old := cgoThreshold
	cgoThreshold = n
	return old
}

// CgoThreshold returns the value SetCgoThreshold set.
func CgoThreshold() int { return cgoThreshold }

func wrap(re *regexp.Regexp, err error) (*Regexp, error) {
	if err != nil {
		return nil, err
	}
	return &Regexp{re}, nil
}

// Compile is Go's regexp.Compile.
func Compile(expr string) (*Regexp, error) { return wrap(regexp.Compile(expr)) }

// CompilePOSIX is Go's regexp.CompilePOSIX.
func CompilePOSIX(expr string) (*Regexp, error) { return wrap(regexp.CompilePOSIX(expr)) }

// MustCompile is Go's regexp.MustCompile.
func MustCompile(str string) *Regexp { return &Regexp{regexp.MustCompile(str)} }

// MustCompilePOSIX is Go's regexp.MustCompilePOSIX.
func MustCompilePOSIX(str string) *Regexp { return &Regexp{regexp.MustCompilePOSIX(str)} }

// CompileDedicated is Compile: Go's engine needs no native stack.
func CompileDedicated(expr string) (*Regexp, error) { return Compile(expr) }

// MustCompileDedicated is MustCompile.
func MustCompileDedicated(str string) *Regexp { return MustCompile(str) }

// Match is Go's regexp.Match.
func Match(pattern string, b []byte) (matched bool, err error) { return regexp.Match(pattern, b) }

// MatchString is Go's regexp.MatchString.
func MatchString(pattern string, s string) (matched bool, err error) {
	return regexp.MatchString(pattern, s)
}

// MatchReader is Go's regexp.MatchReader.
func MatchReader(pattern string, r io.RuneReader) (matched bool, err error) {
	return regexp.MatchReader(pattern, r)
}

// QuoteMeta is Go's regexp.QuoteMeta.
func QuoteMeta(s string) string { return regexp.QuoteMeta(s) }

// UnmarshalText compiles text as Compile does and makes re that Regexp.
func (re *Regexp) UnmarshalText(text []byte) error {
	r, err := Compile(string(text))
	if err != nil {
		return err
	}
	*re = *r
	return nil
}

// Warm reports whether the Rust engine answers re's searches: never here.
func (re *Regexp) Warm() bool { return false }

// Copy returns a new Regexp copied from re (Go's regexp.Regexp.Copy).
//
// Deprecated: as for Go's regexp, a Regexp is safe for concurrent use;
// Copy remains for two Regexps with different Longest settings.
func (re *Regexp) Copy() *Regexp {
	cp := *re.re
	return &Regexp{&cp}
}

// Each method is Go's regexp method of the same name.

func (re *Regexp) MatchString(s string) bool             { return re.re.MatchString(s) }
func (re *Regexp) Match(b []byte) bool                   { return re.re.Match(b) }
func (re *Regexp) MatchReader(r io.RuneReader) bool      { return re.re.MatchReader(r) }
func (re *Regexp) FindReaderIndex(r io.RuneReader) []int { return re.re.FindReaderIndex(r) }
func (re *Regexp) FindReaderSubmatchIndex(r io.RuneReader) []int {
	return re.re.FindReaderSubmatchIndex(r)
}
func (re *Regexp) FindStringIndex(s string) []int             { return re.re.FindStringIndex(s) }
func (re *Regexp) FindIndex(b []byte) []int                   { return re.re.FindIndex(b) }
func (re *Regexp) FindString(s string) string                 { return re.re.FindString(s) }
func (re *Regexp) Find(b []byte) []byte                       { return re.re.Find(b) }
func (re *Regexp) FindStringSubmatchIndex(s string) []int     { return re.re.FindStringSubmatchIndex(s) }
func (re *Regexp) FindSubmatchIndex(b []byte) []int           { return re.re.FindSubmatchIndex(b) }
func (re *Regexp) FindStringSubmatch(s string) []string       { return re.re.FindStringSubmatch(s) }
func (re *Regexp) FindSubmatch(b []byte) [][]byte             { return re.re.FindSubmatch(b) }
func (re *Regexp) FindAllStringIndex(s string, n int) [][]int { return re.re.FindAllStringIndex(s, n) }
func (re *Regexp) FindAllIndex(b []byte, n int) [][]int       { return re.re.FindAllIndex(b, n) }
func (re *Regexp) FindAllString(s string, n int) []string     { return re.re.FindAllString(s, n) }
func (re *Regexp) FindAll(b []byte, n int) [][]byte           { return re.re.FindAll(b, n) }
func (re *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return re.re.FindAllStringSubmatchIndex(s, n)
}
func (re *Regexp) FindAllSubmatchIndex(b []byte, n int) [][]int {
	return re.re.FindAllSubmatchIndex(b, n)
}
func (re *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return re.re.FindAllStringSubmatch(s, n)
}
func (re *Regexp) FindAllSubmatch(b []byte, n int) [][][]byte { return re.re.FindAllSubmatch(b, n) }
func (re *Regexp) Split(s string, n int) []string             { return re.re.Split(s, n) }
func (re *Regexp) ReplaceAllString(src, repl string) string   { return re.re.ReplaceAllString(src, repl) }
func (re *Regexp) ReplaceAll(src, repl []byte) []byte         { return re.re.ReplaceAll(src, repl) }
func (re *Regexp) ReplaceAllLiteralString(src, repl string) string {
	return re.re.ReplaceAllLiteralString(src, repl)
}
func (re *Regexp) ReplaceAllLiteral(src, repl []byte) []byte {
	return re.re.ReplaceAllLiteral(src, repl)
}
func (re *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return re.re.ReplaceAllStringFunc(src, repl)
}
func (re *Regexp) ReplaceAllFunc(src []byte, repl func([]byte) []byte) []byte {
	return re.re.ReplaceAllFunc(src, repl)
}
func (re *Regexp) Expand(dst []byte, template []byte, src []byte, match []int) []byte {
	return re.re.Expand(dst, template, src, match)
}
func (re *Regexp) ExpandString(dst []byte, template string, src string, match []int) []byte {
	return re.re.ExpandString(dst, template, src, match)
}
func (re *Regexp) String() string                                { return re.re.String() }
func (re *Regexp) Longest()                                      { re.re.Longest() }
func (re *Regexp) NumSubexp() int                                { return re.re.NumSubexp() }
func (re *Regexp) SubexpNames() []string                         { return re.re.SubexpNames() }
func (re *Regexp) SubexpIndex(name string) int                   { return re.re.SubexpIndex(name) }
func (re *Regexp) LiteralPrefix() (prefix string, complete bool) { return re.re.LiteralPrefix() }
func (re *Regexp) MarshalText() ([]byte, error)                  { return re.re.MarshalText() }
func (re *Regexp) AppendText(b []byte) ([]byte, error)           { return re.re.AppendText(b) }
