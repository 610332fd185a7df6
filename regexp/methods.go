//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import (
	"bytes"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/regexp/internal/native"
)

// smallSlots: submatch positions of up to this many slots are found in an
// array the caller's frame can hold, so FindStringSubmatchIndex need not
// allocate when it is inlined and its result does not escape.
const smallSlots = 8

// ---- Match -------------------------------------------------------------

// MatchString reports whether s contains any match of the regular
// expression.
func (re *Regexp) MatchString(s string) bool {
	var r int
	if h := re.handle.Load(); h != nil && re.stack == nil && !re.isLit && re.prefix == "" && re.fastCall(len(s)) {
		// The hot path, written out: one Go call less than isMatch (which
		// calls re.rust, counting the use while Go's engine answers).
		if len(s) < re.minLen {
			return false
		}
		r = verdict(h.IsMatch(s, re.need))
	} else {
		r = re.isMatch(unsafe.StringData(s), len(s))
	}
	if r != goAnswers {
		return r == 1
	}
	return re.golang().MatchString(s)
}

// Match reports whether b contains any match of the regular expression.
func (re *Regexp) Match(b []byte) bool {
	if r := re.isMatch(unsafe.SliceData(b), len(b)); r != goAnswers {
		return r == 1
	}
	return re.golang().Match(b)
}

// MatchReader reports whether the text read from r contains any match.
// Go's engine answers: it reads runes one at a time, as Go's does.
func (re *Regexp) MatchReader(r io.RuneReader) bool { return re.golang().MatchReader(r) }

// FindReaderIndex is Go's, like MatchReader.
func (re *Regexp) FindReaderIndex(r io.RuneReader) []int { return re.golang().FindReaderIndex(r) }

// FindReaderSubmatchIndex is Go's, like MatchReader.
func (re *Regexp) FindReaderSubmatchIndex(r io.RuneReader) []int {
	return re.golang().FindReaderSubmatchIndex(r)
}

// ---- Find, one match ---------------------------------------------------

// FindStringIndex returns the start and end of the leftmost match in s,
// or nil if there is none.
func (re *Regexp) FindStringIndex(s string) []int {
	// Small enough to be inlined: then loc can live in the caller's frame.
	// Searched into a scratch array and copied on a match, so that a call
	// that is not inlined (through an interface) allocates only then.
	var found [2]int
	if !re.index(s, found[:]) {
		return nil
	}
	loc := found
	return loc[:]
}

// index finds the leftmost match in s and writes its positions to loc (2
// or re.slots of them); it reports whether there is a match.
func (re *Regexp) index(s string, loc []int) bool {
	switch re.search(unsafe.StringData(s), len(s), 0, loc, re.need) {
	case 1:
		return true
	case 0:
		return false
	}
	var g []int
	if len(loc) == 2 {
		g = re.golang().FindStringIndex(s)
	} else {
		g = re.golang().FindStringSubmatchIndex(s)
	}
	copy(loc, g)
	return g != nil
}

// FindIndex returns the start and end of the leftmost match in b, or nil.
func (re *Regexp) FindIndex(b []byte) []int {
	loc := make([]int, 2)
	switch re.search(unsafe.SliceData(b), len(b), 0, loc, re.need) {
	case 1:
		return loc
	case 0:
		return nil
	}
	return re.golang().FindIndex(b)
}

// FindString returns the text of the leftmost match in s, or "" if there
// is none (or the match is empty).
func (re *Regexp) FindString(s string) string {
	var loc [2]int
	switch re.search(unsafe.StringData(s), len(s), 0, loc[:], re.need) {
	case 1:
		return s[loc[0]:loc[1]]
	case 0:
		return ""
	}
	return re.golang().FindString(s)
}

// Find returns the leftmost match in b, or nil if there is none.
func (re *Regexp) Find(b []byte) []byte {
	var loc [2]int
	switch re.search(unsafe.SliceData(b), len(b), 0, loc[:], re.need) {
	case 1:
		return b[loc[0]:loc[1]:loc[1]]
	case 0:
		return nil
	}
	return re.golang().Find(b)
}

// FindStringSubmatchIndex returns the positions of the leftmost match in
// s and of its subexpressions (-1 for those that did not take part), or
// nil if there is no match.
func (re *Regexp) FindStringSubmatchIndex(s string) []int {
	if len(s) < re.minLen {
		return nil // and nothing allocated when small escapes
	}
	// Inlined, small stays in the caller's frame.
	var small [smallSlots]int
	return re.submatchIndex(s, &small)
}

// submatchIndex is FindStringSubmatchIndex with the positions in small
// when they fit.
func (re *Regexp) submatchIndex(s string, small *[smallSlots]int) []int {
	var loc []int
	if re.slots <= len(small) {
		loc = small[:re.slots]
	} else {
		loc = make([]int, re.slots)
	}
	if !re.index(s, loc) {
		return nil
	}
	return loc
}

// FindSubmatchIndex is FindStringSubmatchIndex for a byte slice.
func (re *Regexp) FindSubmatchIndex(b []byte) []int {
	loc := make([]int, re.slots)
	switch re.search(unsafe.SliceData(b), len(b), 0, loc, re.need) {
	case 1:
		return loc
	case 0:
		return nil
	}
	return re.golang().FindSubmatchIndex(b)
}

// FindStringSubmatch returns the text of the leftmost match in s and of
// its subexpressions ("" for those that did not take part), or nil.
func (re *Regexp) FindStringSubmatch(s string) []string {
	if re.rust(len(s)) == nil {
		// Go's engine answers (not built yet): its own method allocates
		// less than positions, then strings.
		return re.golang().FindStringSubmatch(s)
	}
	loc := re.FindStringSubmatchIndex(s)
	if loc == nil {
		return nil
	}
	return subStrings(s, loc)
}

// FindSubmatch returns the leftmost match in b and its subexpressions
// (nil for those that did not take part), or nil.
func (re *Regexp) FindSubmatch(b []byte) [][]byte {
	if re.rust(len(b)) == nil {
		return re.golang().FindSubmatch(b) // as in FindStringSubmatch
	}
	loc := re.FindSubmatchIndex(b)
	if loc == nil {
		return nil
	}
	return subSlices(b, loc)
}

func subStrings(s string, loc []int) []string {
	out := make([]string, len(loc)/2)
	for i := range out {
		if loc[2*i] >= 0 {
			out[i] = s[loc[2*i]:loc[2*i+1]]
		}
	}
	return out
}

func subSlices(b []byte, loc []int) [][]byte {
	out := make([][]byte, len(loc)/2)
	for i := range out {
		if loc[2*i] >= 0 {
			out[i] = b[loc[2*i]:loc[2*i+1]:loc[2*i+1]]
		}
	}
	return out
}

// ---- Find, all matches -------------------------------------------------

// stepBatch is how many matches a fast call may return at once; a cgo
// call, which costs more, returns up to 8 times as many. The first call
// asks for 2 only, and each next one for 4 times more: most inputs hold
// few matches, and the buffer is allocated each time.
const stepBatch = 64

// eachMatch calls deliver with the positions (per of them: 2 or re.slots)
// of successive matches in the n bytes at p, at most limit of them (all if
// limit < 0), stepping as Go's FindAll (native.StepFindAll) or ReplaceAll
// (native.StepReplace) does; Rust does the stepping, in batches. m is
// reused between calls of deliver. The caller has made sure the Rust
// engine answers for this input (see native).
func (re *Regexp) eachMatch(p *byte, n, limit, per, step int, deliver func(m []int)) {
	if limit < 0 {
		limit = n + 1
	}
	hay, h := unsafe.String(p, n), re.rust(n)
	// On the heap: the cgo wrapper's arguments escape.
	st := &native.Steps{PrevEnd: -1, Step: step, Per: per}
	// deliver is unknown to escape analysis: buf is on the heap anyway.
	buf := make([]int, 2*per)
	var cgoBuf []int
	for found := 0; found < limit && st.Done == 0; {
		if found > 0 && len(buf) < stepBatch*per {
			buf = make([]int, min(4*len(buf), stepBatch*per))
		}
		var k int
		out := buf
		// A fast call looks for as many matches as the work bound allows.
		want := min(len(out)/per, limit-found, re.stepsPerCall(n-st.Pos))
		if want <= 0 || !re.fastCall(n-st.Pos) {
			cgoCalls.Add(1)
			if cgoBuf == nil {
				cgoBuf = make([]int, 8*stepBatch*per)
			}
			out = cgoBuf
			k = h.StepsCgo(hay, st, out[:min(len(out)/per, limit-found)*per])
		} else if re.stack != nil {
			k = h.StepsOnStack(re.stack, hay, st, out[:want*per])
		} else {
			k = h.Steps(hay, st, out[:want*per])
		}
		if k < 0 {
			// The input passed native, so only an engine failure (a caught
			// panic) lands here, and half the matches are delivered.
			panic("ferry/regexp: the Rust engine failed in the middle of a search of " + quote(re.expr) +
				": " + ferry.Status(k).Error())
		}
		for i := 0; i < k; i++ {
			deliver(out[i*per : (i+1)*per])
		}
		found += k
	}
}

// allIndex collects the positions eachMatch finds, or reports that Go's
// engine must answer.
func (re *Regexp) allIndex(p *byte, n, limit int, sub bool) (out [][]int, ok bool) {
	if !re.native(p, n) {
		return nil, false
	}
	per := 2
	if sub {
		per = re.slots
	}
	re.eachMatch(p, n, limit, per, native.StepFindAll, func(m []int) {
		out = append(out, append([]int(nil), m...))
	})
	return out, true
}

// FindAllStringIndex returns the positions of successive matches in s, at
// most n of them (all if n < 0), or nil if there is none.
func (re *Regexp) FindAllStringIndex(s string, n int) [][]int {
	out, ok := re.allIndex(unsafe.StringData(s), len(s), n, false)
	if !ok {
		return re.golang().FindAllStringIndex(s, n)
	}
	return out
}

// FindAllIndex is FindAllStringIndex for a byte slice.
func (re *Regexp) FindAllIndex(b []byte, n int) [][]int {
	out, ok := re.allIndex(unsafe.SliceData(b), len(b), n, false)
	if !ok {
		return re.golang().FindAllIndex(b, n)
	}
	return out
}

// FindAllString returns the text of successive matches in s, at most n
// (all if n < 0), or nil if there is none.
func (re *Regexp) FindAllString(s string, n int) []string {
	p := unsafe.StringData(s)
	if !re.native(p, len(s)) {
		return re.golang().FindAllString(s, n)
	}
	var out []string
	re.eachMatch(p, len(s), n, 2, native.StepFindAll, func(m []int) { out = append(out, s[m[0]:m[1]]) })
	return out
}

// FindAll returns successive matches in b, at most n (all if n < 0), or
// nil if there is none.
func (re *Regexp) FindAll(b []byte, n int) [][]byte {
	p := unsafe.SliceData(b)
	if !re.native(p, len(b)) {
		return re.golang().FindAll(b, n)
	}
	var out [][]byte
	re.eachMatch(p, len(b), n, 2, native.StepFindAll, func(m []int) { out = append(out, b[m[0]:m[1]:m[1]]) })
	return out
}

// FindAllStringSubmatchIndex returns the positions of successive matches
// in s and of their subexpressions, at most n (all if n < 0), or nil.
func (re *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	out, ok := re.allIndex(unsafe.StringData(s), len(s), n, true)
	if !ok {
		return re.golang().FindAllStringSubmatchIndex(s, n)
	}
	return out
}

// FindAllSubmatchIndex is FindAllStringSubmatchIndex for a byte slice.
func (re *Regexp) FindAllSubmatchIndex(b []byte, n int) [][]int {
	out, ok := re.allIndex(unsafe.SliceData(b), len(b), n, true)
	if !ok {
		return re.golang().FindAllSubmatchIndex(b, n)
	}
	return out
}

// FindAllStringSubmatch returns the text of successive matches in s and
// of their subexpressions, at most n (all if n < 0), or nil.
func (re *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	p := unsafe.StringData(s)
	if !re.native(p, len(s)) {
		return re.golang().FindAllStringSubmatch(s, n)
	}
	var out [][]string
	re.eachMatch(p, len(s), n, re.slots, native.StepFindAll, func(m []int) { out = append(out, subStrings(s, m)) })
	return out
}

// FindAllSubmatch is FindAllStringSubmatch for a byte slice.
func (re *Regexp) FindAllSubmatch(b []byte, n int) [][][]byte {
	p := unsafe.SliceData(b)
	if !re.native(p, len(b)) {
		return re.golang().FindAllSubmatch(b, n)
	}
	var out [][][]byte
	re.eachMatch(p, len(b), n, re.slots, native.StepFindAll, func(m []int) { out = append(out, subSlices(b, m)) })
	return out
}

// Split slices s into the substrings between matches and returns them, at
// most n (all if n < 0; none if n == 0), with Go's rules: an empty match
// at the very start adds no empty first piece, and a pattern that is not
// "" splits "" into [""].
func (re *Regexp) Split(s string, n int) []string {
	if n == 0 {
		return nil
	}
	if len(s) == 0 && len(re.expr) > 0 {
		return []string{""}
	}
	matches := re.FindAllStringIndex(s, n)
	out := make([]string, 0, len(matches))
	start, cut := 0, 0
	for _, m := range matches {
		if n > 0 && len(out) == n-1 {
			break
		}
		cut = m[0]
		if m[1] != 0 {
			out = append(out, s[start:cut])
		}
		start = m[1]
	}
	// Go's rule, kept as is: the tail is dropped only when the last match
	// looked at started at the end of s.
	if cut != len(s) {
		out = append(out, s[start:])
	}
	return out
}

// ---- Replace -------------------------------------------------------------

// replace builds src with successive matches replaced by what repl appends
// for each, stepping through the input as Go's ReplaceAll does: the
// search moves on by at least one character each time, and an empty match
// right after a match is not replaced. per: positions repl needs, 2 or
// re.slots.
func (re *Regexp) replace(p *byte, n, per int, repl func(dst []byte, m []int) []byte) []byte {
	src := unsafe.Slice(p, n)
	var out []byte
	copied := 0
	re.eachMatch(p, n, -1, per, native.StepReplace, func(m []int) {
		out = append(out, src[copied:m[0]]...)
		if m[1] > copied || m[0] == 0 {
			out = repl(out, m)
		}
		copied = m[1]
	})
	return append(out, src[copied:]...)
}

// replacePer is how many positions a replacement needs: the groups only
// when a template refers to them.
func (re *Regexp) replacePer(groups bool) int {
	if groups {
		return re.slots
	}
	return 2
}

// ReplaceAllString returns a copy of src with every match replaced by
// repl, in which $ references are expanded as by Expand.
func (re *Regexp) ReplaceAllString(src, repl string) string {
	p := unsafe.StringData(src)
	if !re.native(p, len(src)) {
		return re.golang().ReplaceAllString(src, repl)
	}
	per := re.replacePer(strings.IndexByte(repl, '$') >= 0)
	b := re.replace(p, len(src), per, func(dst []byte, m []int) []byte {
		return re.expand(dst, repl, nil, src, m)
	})
	return string(b)
}

// ReplaceAll returns a copy of src with every match replaced by repl, in
// which $ references are expanded as by Expand.
func (re *Regexp) ReplaceAll(src, repl []byte) []byte {
	p := unsafe.SliceData(src)
	if !re.native(p, len(src)) {
		return re.golang().ReplaceAll(src, repl)
	}
	per := re.replacePer(bytes.IndexByte(repl, '$') >= 0)
	template := string(repl)
	return re.replace(p, len(src), per, func(dst []byte, m []int) []byte {
		return re.expand(dst, template, src, "", m)
	})
}

// ReplaceAllLiteralString returns a copy of src with every match replaced
// by repl, taken literally.
func (re *Regexp) ReplaceAllLiteralString(src, repl string) string {
	p := unsafe.StringData(src)
	if !re.native(p, len(src)) {
		return re.golang().ReplaceAllLiteralString(src, repl)
	}
	b := re.replace(p, len(src), 2, func(dst []byte, _ []int) []byte {
		return append(dst, repl...)
	})
	return string(b)
}

// ReplaceAllLiteral is ReplaceAllLiteralString for byte slices.
func (re *Regexp) ReplaceAllLiteral(src, repl []byte) []byte {
	p := unsafe.SliceData(src)
	if !re.native(p, len(src)) {
		return re.golang().ReplaceAllLiteral(src, repl)
	}
	return re.replace(p, len(src), 2, func(dst []byte, _ []int) []byte {
		return append(dst, repl...)
	})
}

// ReplaceAllStringFunc returns a copy of src with every match replaced by
// what repl returns for it, taken literally.
func (re *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	p := unsafe.StringData(src)
	if !re.native(p, len(src)) {
		return re.golang().ReplaceAllStringFunc(src, repl)
	}
	b := re.replace(p, len(src), 2, func(dst []byte, m []int) []byte {
		return append(dst, repl(src[m[0]:m[1]])...)
	})
	return string(b)
}

// ReplaceAllFunc is ReplaceAllStringFunc for byte slices.
func (re *Regexp) ReplaceAllFunc(src []byte, repl func([]byte) []byte) []byte {
	p := unsafe.SliceData(src)
	if !re.native(p, len(src)) {
		return re.golang().ReplaceAllFunc(src, repl)
	}
	return re.replace(p, len(src), 2, func(dst []byte, m []int) []byte {
		return append(dst, repl(src[m[0]:m[1]])...)
	})
}

// ---- Expand --------------------------------------------------------------

// Expand appends template to dst with each $name or ${name} replaced by
// the text of that submatch of src, as Go's Expand does: a name is the
// longest run of letters, digits and underscores; a number names a group
// by index; $$ is a $; an unknown, out-of-range or unmatched reference
// expands to nothing; a malformed one leaves its $ as is.
func (re *Regexp) Expand(dst []byte, template []byte, src []byte, match []int) []byte {
	return re.expand(dst, string(template), src, "", match)
}

// ExpandString is Expand for a string template and source.
func (re *Regexp) ExpandString(dst []byte, template string, src string, match []int) []byte {
	return re.expand(dst, template, nil, src, match)
}

// expand takes its source from bsrc when it is not nil, else from src.
func (re *Regexp) expand(dst []byte, template string, bsrc []byte, src string, match []int) []byte {
	group := func(i int) {
		if 2*i+1 < len(match) && match[2*i] >= 0 {
			if bsrc != nil {
				dst = append(dst, bsrc[match[2*i]:match[2*i+1]]...)
			} else {
				dst = append(dst, src[match[2*i]:match[2*i+1]]...)
			}
		}
	}
	for {
		i := strings.IndexByte(template, '$')
		if i < 0 {
			break
		}
		dst = append(dst, template[:i]...)
		template = template[i+1:]
		if strings.HasPrefix(template, "$") {
			dst = append(dst, '$')
			template = template[1:]
			continue
		}
		name, rest, ok := refName(template)
		if !ok {
			dst = append(dst, '$')
			continue
		}
		template = rest
		if num := refNumber(name); num >= 0 {
			group(num)
			continue
		}
		for i, sub := range re.subexpNames {
			if sub == name && 2*i+1 < len(match) && match[2*i] >= 0 {
				group(i)
				break
			}
		}
	}
	return append(dst, template...)
}

// refName reads the name of a reference from s, the text after a $:
// "name..." or "{name}...".
func refName(s string) (name, rest string, ok bool) {
	braced := strings.HasPrefix(s, "{")
	if braced {
		s = s[1:]
	}
	end := 0
	for end < len(s) {
		r, w := utf8.DecodeRuneInString(s[end:])
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		end += w
	}
	if end == 0 {
		return "", "", false
	}
	name, rest = s[:end], s[end:]
	if braced {
		if !strings.HasPrefix(rest, "}") {
			return "", "", false
		}
		rest = rest[1:]
	}
	return name, rest, true
}

// refNumber returns the group index name spells in ASCII decimal, or -1
// if it is not a number (leading zeros and values past 1e8 included).
func refNumber(name string) int {
	if len(name) > 1 && name[0] == '0' {
		return -1
	}
	num := 0
	for i := 0; i < len(name); i++ {
		if name[i] < '0' || name[i] > '9' || num >= 1e8 {
			return -1
		}
		num = num*10 + int(name[i]-'0')
	}
	return num
}
