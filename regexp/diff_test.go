//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import (
	"bytes"
	"fmt"
	"reflect"
	stdregexp "regexp"
	"strings"
	"testing"
)

// The differential oracle: every method of a Regexp must return exactly
// what Go's regexp returns for the same pattern and input, down to nil
// versus empty.

// corpusPatterns covers the syntax: literals, classes, Unicode, case
// folding, anchors, boundaries, captures, repetition, empty matches and
// patterns that can match U+FFFD (and so invalid UTF-8 in Go).
var corpusPatterns = []string{
	``, `a`, `abc`, `x`, `xyz`, `Hello`, `foo|bar|baz`, `cat|category|dog`,
	`a|ab`, `ab|a`, `(a|ab)(c|bcd)(d*)`, `[a-c]+`, `[^a-c]+`, `[abc]`, `[^abc]`,
	`\d+`, `\D+`, `\w+`, `\W+`, `\s+`, `\S+`, `\d{4}-\d{2}-\d{2}`, `^\d{4}-\d{2}-\d{2}$`,
	`[[:alpha:]]+`, `[[:^alpha:]]+`, `[[:punct:]]`, `\pL+`, `\p{Greek}+`, `\PL+`, `\p{Han}`, `\p{So}`,
	`.`, `.y`, `(?s).`, `.*`, `(?s).*`, `.+`, `.*?`, `a.c`, `a.*c`, `a.*?c`, `[^\n]+`,
	`é`, `日本`, `(?i)é`, `(?i)k`, `(?i)s`, `(?i)straße`, `(?i)hello`, `(?i)[a-z]+`, `(?i)Σ`, `(?i)ǅ`,
	`\x{FFFD}`, `[\x{FFFD}]`, `[^x]`, `\x{FFFD}+`, `[\x{80}-\x{10FFFF}]+`, `[\x{10000}-\x{10FFFF}]`,
	`^`, `$`, `^$`, `^a`, `a$`, `^abc$`, `(?m)^`, `(?m)$`, `(?m)^\w+$`, `(?m)^$`, `\A`, `\z`, `\Aa|b\z`,
	`\b`, `\B`, `\bab\b`, `\Bb\B`, `\b\w+\b`, `x\B`, `\B.`, `(?m)\B$`,
	`(a)`, `(a)(b)?`, `(a)|(b)`, `(a(b)?)+`, `(?P<first>\w+)\s+(?P<last>\w+)`, `(?<year>\d{4})-(?<month>\d{2})`,
	`(\w+)@(\w+)\.(com|org)`, `((a)|b)+`, `(a*)*`, `(a*)+`, `(a|)+`, `(|a)*`, `(|a)+`, `(a*|b)*`, `(a?)*?`,
	`a*`, `a+`, `a?`, `a*?`, `a+?`, `a??`, `x*`, `x*y*`, `(?U)a+`, `(?U)a+?`, `a{2}`, `a{2,}`, `a{2,3}`,
	`a{0}`, `(a){0}`, `(a|(b)){0}c`, `x(a){0,0}?`, `a{0,1}`, `(ab){1,2}?`, `(a{2}){2}`, `[a-z]{3,5}?`, `(?:ab)*`, `(?:a|b)*c`, `(a|b)*?c`,
	`\Qa.b*c\E`, `a\.b\*c`, `\t|\n`, `[\-\]]`, `[\x00-\x1f]`, `\x41`, `\101`, `[^\x00-\x{10FFFF}]`, `a[^\x00-\x{10FFFF}]|b`,
	`(?i)(a)(B)`, `(?s:.)(?-s:.)`, `(?m:^a)|b$`, `(?i:A)a`, `\pN+|\pP+`, `[\p{Lu}\d]+`, `[^\p{L}\s]+`,
	`(?P<n>a)|(?P<n>b)`, `(?<1a>x)(y)?`, `(x+x+)+y`, `(a|aa)*b`, `(?:\w+\s*)+$`, `[aeiou]{2,}`, `(.)(.)`, `(.)\s(.)`, `^(.*?)(\d+)(.*)$`,
}

// corpusInputs: ASCII, Unicode, invalid UTF-8 (lone, truncated and
// surrogate sequences), newlines, folds and empty strings.
var corpusInputs = []string{
	"", "a", "b", "x", "y", "ab", "abc", "aaa", "aab", "abab", "abcbcd", "cab", "xyz xyz", "xxy",
	"Hello, World!", "hello HELLO hElLo", "héllo wörld", "日本語テキスト日本", "Ελληνικά γράμματα", "aé", "aéb", "éa",
	"\xff", "a\xffb", "\xe2\x82", "é\xc3", "\xc3\xa9", "\xed\xa0\x80x", "\xf4\x90\x80\x80", "x\xffy\xfez",
	"line1\nline2\n", "\n", "\n\n", "ab\nab", "a\n", "KkK", "ſtraSSe STRASSE", "ǅǆǄ", "ΣσςΣ",
	"2024-01-15", "date 2024-01-15 and 1999-12-31", "foo@bar.com, baz@qux.org", "aaa bbb ccc", "x\uFFFDy",
	"\xef\xbf\xbd", "  spaces  ", "a.b*c", "123abc456", "John Smith", "xxxxxxxxxxxxxxxxxxxxy", "a b\tc\nd",
	"abcabcabcx", "bbbb", "aaaa aaaa", "\x00\x01\x1f", "🙂 emoji 🙃", "A1b2C3", "catcategorydog",
}

var corpusTemplates = []string{
	"", "x", "$0", "$1", "${1}x", "$1x", "$$", "$first", "${last}", "$", "${", "${1", "$10", "$01",
	"[$2|$1]", "$year/$month", "$-", "${}", "$ä", "$$1",
}

type pair struct{ got, want any }

// compareAll checks every method of re against g (Go's regexp for the same
// pattern) on input. It returns a description of the first difference.
func compareAll(re *Regexp, g *stdregexp.Regexp, input string) string {
	b := []byte(input)
	checks := map[string]pair{
		"MatchString":             {re.MatchString(input), g.MatchString(input)},
		"Match":                   {re.Match(b), g.Match(b)},
		"MatchReader":             {re.MatchReader(strings.NewReader(input)), g.MatchReader(strings.NewReader(input))},
		"Find":                    {re.Find(b), g.Find(b)},
		"FindIndex":               {re.FindIndex(b), g.FindIndex(b)},
		"FindString":              {re.FindString(input), g.FindString(input)},
		"FindStringIndex":         {re.FindStringIndex(input), g.FindStringIndex(input)},
		"FindSubmatch":            {re.FindSubmatch(b), g.FindSubmatch(b)},
		"FindSubmatchIndex":       {re.FindSubmatchIndex(b), g.FindSubmatchIndex(b)},
		"FindStringSubmatch":      {re.FindStringSubmatch(input), g.FindStringSubmatch(input)},
		"FindStringSubmatchIndex": {re.FindStringSubmatchIndex(input), g.FindStringSubmatchIndex(input)},
		"FindReaderIndex":         {re.FindReaderIndex(strings.NewReader(input)), g.FindReaderIndex(strings.NewReader(input))},
		"Split-1":                 {re.Split(input, -1), g.Split(input, -1)},
		"Split0":                  {re.Split(input, 0), g.Split(input, 0)},
		"Split2":                  {re.Split(input, 2), g.Split(input, 2)},
		"ReplaceAllLiteralString": {re.ReplaceAllLiteralString(input, "<$1>"), g.ReplaceAllLiteralString(input, "<$1>")},
		"ReplaceAllLiteral":       {re.ReplaceAllLiteral(b, []byte("<>")), g.ReplaceAllLiteral(b, []byte("<>"))},
		"ReplaceAllStringFunc": {re.ReplaceAllStringFunc(input, strings.ToUpper),
			g.ReplaceAllStringFunc(input, strings.ToUpper)},
		"ReplaceAllFunc": {re.ReplaceAllFunc(b, bytes.ToUpper), g.ReplaceAllFunc(b, bytes.ToUpper)},
	}
	for _, n := range []int{-1, 0, 1, 2} {
		add := func(name string, got, want any) { checks[fmt.Sprintf("%s(n=%d)", name, n)] = pair{got, want} }
		add("FindAll", re.FindAll(b, n), g.FindAll(b, n))
		add("FindAllIndex", re.FindAllIndex(b, n), g.FindAllIndex(b, n))
		add("FindAllString", re.FindAllString(input, n), g.FindAllString(input, n))
		add("FindAllStringIndex", re.FindAllStringIndex(input, n), g.FindAllStringIndex(input, n))
		add("FindAllSubmatch", re.FindAllSubmatch(b, n), g.FindAllSubmatch(b, n))
		add("FindAllSubmatchIndex", re.FindAllSubmatchIndex(b, n), g.FindAllSubmatchIndex(b, n))
		add("FindAllStringSubmatch", re.FindAllStringSubmatch(input, n), g.FindAllStringSubmatch(input, n))
		add("FindAllStringSubmatchIndex", re.FindAllStringSubmatchIndex(input, n), g.FindAllStringSubmatchIndex(input, n))
	}
	for _, tpl := range corpusTemplates {
		checks["ReplaceAllString/"+tpl] = pair{re.ReplaceAllString(input, tpl), g.ReplaceAllString(input, tpl)}
		checks["ReplaceAll/"+tpl] = pair{re.ReplaceAll(b, []byte(tpl)), g.ReplaceAll(b, []byte(tpl))}
		if m := g.FindStringSubmatchIndex(input); m != nil {
			checks["ExpandString/"+tpl] = pair{re.ExpandString([]byte(">"), tpl, input, m), g.ExpandString([]byte(">"), tpl, input, m)}
			checks["Expand/"+tpl] = pair{re.Expand(nil, []byte(tpl), b, m), g.Expand(nil, []byte(tpl), b, m)}
		}
	}
	for name, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			return fmt.Sprintf("%s: got %#v, want %#v", name, c.got, c.want)
		}
	}
	if !bytes.Equal(b, []byte(input)) {
		return "input modified"
	}
	return ""
}

// compareMeta checks what does not depend on the input.
func compareMeta(re *Regexp, g *stdregexp.Regexp) string {
	gp, gc := g.LiteralPrefix()
	rp, rc := re.LiteralPrefix()
	checks := map[string]pair{
		"String":        {re.String(), g.String()},
		"NumSubexp":     {re.NumSubexp(), g.NumSubexp()},
		"SubexpNames":   {re.SubexpNames(), g.SubexpNames()},
		"LiteralPrefix": {[2]any{rp, rc}, [2]any{gp, gc}},
	}
	for _, name := range append(g.SubexpNames(), "nope", "") {
		checks["SubexpIndex/"+name] = pair{re.SubexpIndex(name), g.SubexpIndex(name)}
	}
	for name, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			return fmt.Sprintf("%s: got %#v, want %#v", name, c.got, c.want)
		}
	}
	return ""
}

func TestDifferentialCorpus(t *testing.T) {
	failuresBefore := engineFailures.Load()
	pairs, native := 0, 0
	for _, pat := range corpusPatterns {
		g := stdregexp.MustCompile(pat)
		re, err := Compile(pat)
		if err != nil {
			t.Fatalf("Compile(%q): %v", pat, err)
		}
		if !re.Warm() {
			t.Errorf("Compile(%q): Rust engine refused it: %s", pat, re.why)
		}
		if d := compareMeta(re, g); d != "" {
			t.Errorf("pattern %q: %s", pat, d)
		}
		for _, in := range corpusInputs {
			pairs++
			if re.native(unsafePtr(in), len(in)) {
				native++
			}
			if d := compareAll(re, g, in); d != "" {
				t.Errorf("pattern %q (rust %q), input %q: %s", pat, translated(pat), in, d)
			}
		}
	}
	if pairs < 1000 {
		t.Errorf("only %d pattern x input pairs", pairs)
	}
	// Most pairs must really exercise the Rust engine, not the fallback.
	if native*10 < pairs*8 {
		t.Errorf("only %d of %d pairs went to the Rust engine", native, pairs)
	}
	if n := engineFailures.Load() - failuresBefore; n != 0 {
		t.Errorf("the Rust engine failed %d times", n)
	}
	t.Logf("%d patterns x %d inputs = %d pairs, %d answered by Rust", len(corpusPatterns), len(corpusInputs), pairs, native)
}

// Leftmost-longest: CompilePOSIX and Longest must give Go's answers too.
func TestDifferentialLongest(t *testing.T) {
	for _, pat := range corpusPatterns {
		g, gerr := stdregexp.CompilePOSIX(pat)
		re, err := CompilePOSIX(pat)
		if (gerr == nil) != (err == nil) || (err != nil && err.Error() != gerr.Error()) {
			t.Fatalf("CompilePOSIX(%q): error %v, want %v", pat, err, gerr)
		}
		if err != nil {
			continue
		}
		re.Warm()
		g2 := stdregexp.MustCompile(pat)
		g2.Longest()
		re2 := MustCompile(pat)
		re2.Longest()
		for _, in := range corpusInputs {
			if d := compareAll(re, g, in); d != "" {
				t.Errorf("CompilePOSIX(%q), input %q: %s", pat, in, d)
			}
			if d := compareAll(re2, g2, in); d != "" {
				t.Errorf("Longest(%q), input %q: %s", pat, in, d)
			}
		}
	}
}

func translated(pat string) string {
	re, err := Compile(pat)
	if err != nil {
		return "(error)"
	}
	_ = re
	return rustPattern(pat)
}

// The same oracle through the other two ways of calling Rust: cgo mode
// (every search over the threshold) and a dedicated stack.
func TestDifferentialCgoAndDedicated(t *testing.T) {
	old := SetCgoThreshold(-1)
	defer SetCgoThreshold(old)
	calls := cgoCalls.Load()
	defer func() {
		if n := cgoCalls.Load() - calls; n < 10000 {
			t.Errorf("only %d searches went through cgo", n)
		}
	}()
	for i, pat := range corpusPatterns {
		if i%3 != 0 {
			continue // a third of the corpus is enough for the call paths
		}
		g := stdregexp.MustCompile(pat)
		re := MustCompile(pat)
		re.Warm()
		ded := MustCompileDedicated(pat)
		for _, in := range corpusInputs {
			SetCgoThreshold(-1)
			if d := compareAll(re, g, in); d != "" {
				t.Errorf("cgo mode: pattern %q, input %q: %s", pat, in, d)
			}
			SetCgoThreshold(old)
			if d := compareAll(ded, g, in); d != "" {
				t.Errorf("dedicated: pattern %q, input %q: %s", pat, in, d)
			}
		}
	}
}
