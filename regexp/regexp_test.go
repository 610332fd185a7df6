//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import (
	"fmt"
	stdregexp "regexp"
	"regexp/syntax"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/regexp/internal/native"
)

func TestBadPatternsGiveGoErrors(t *testing.T) {
	bad := []string{
		`(`, `)`, `a**`, `a{1001}`, `x{2}{1001}`, `[z-a]`, `\8`, `(?P<>a)`, `(?<a-b>x)`,
		`[[:foo:]]`, `\pX`, `\p{Nope}`, `a{2,1}`, `(?z)`, `\x{110000}`, `*`, `+a`, `[a`, `\`, "\xff",
		`(?i)(?P<name`, `a{1000}{1000}`, strings.Repeat("(", 1001) + strings.Repeat(")", 1001),
		`((((((((((a{100}){100}){100}){100}){100}){100}){100}){100}){100}){100})`,
	}
	for _, pat := range bad {
		_, gerr := stdregexp.Compile(pat)
		re, err := Compile(pat)
		if gerr == nil || err == nil || err.Error() != gerr.Error() || re != nil {
			t.Errorf("Compile(%q) = %v, %v; Go's error is %v", pat, re, err, gerr)
		}
		_, gerr = stdregexp.CompilePOSIX(pat)
		_, err = CompilePOSIX(pat)
		if (err == nil) != (gerr == nil) || (err != nil && err.Error() != gerr.Error()) {
			t.Errorf("CompilePOSIX(%q) error %v; Go's is %v", pat, err, gerr)
		}
		// MustCompile panics with Go's message.
		got, want := panicMessage(func() { MustCompile(pat) }), panicMessage(func() { stdregexp.MustCompile(pat) })
		if got != want || got == "" {
			t.Errorf("MustCompile(%q) panicked with %q, Go's with %q", pat, got, want)
		}
	}
	if got, want := panicMessage(func() { MustCompilePOSIX(`\d`) }), panicMessage(func() { stdregexp.MustCompilePOSIX(`\d`) }); got != want {
		t.Errorf("MustCompilePOSIX panicked with %q, Go's with %q", got, want)
	}
}

func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// Huge patterns and inputs: no crash, Go's answers, bounded memory.
func TestHuge(t *testing.T) {
	big := strings.Repeat("ab", 1<<18) + "needle" + strings.Repeat("x", 1<<18)
	patterns := []string{
		`needle`, `(n)(e+)dle`, `[a-z]{5}e`, `x+$`, `.*needle`, `\pL{100}`,
		`\pL{1000}`, // Rust refuses this one: Go answers
		`(?:` + strings.Repeat(`word|`, 2000) + `needle)`,
	}
	for _, pat := range patterns {
		re, g := MustCompile(pat), stdregexp.MustCompile(pat)
		re.Warm()
		for _, in := range []string{big, big[:100000], "no"} {
			if got, want := re.MatchString(in), g.MatchString(in); got != want {
				t.Errorf("%.40q: MatchString = %v, want %v", pat, got, want)
			}
			if got, want := re.FindStringSubmatchIndex(in), g.FindStringSubmatchIndex(in); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%.40q: FindStringSubmatchIndex = %v, want %v", pat, got, want)
			}
		}
		if got, want := len(re.FindAllStringIndex(big[:200000], -1)), len(g.FindAllStringIndex(big[:200000], -1)); got != want {
			t.Errorf("%.40q: %d matches, want %d", pat, got, want)
		}
	}
	// Go's deepest nesting, with 999 groups (more capture slots than Rust
	// keeps on its stack).
	deep := strings.Repeat("(", 999) + "a" + strings.Repeat(")", 999)
	if re, g := MustCompile(deep), stdregexp.MustCompile(deep); !re.Warm() ||
		fmt.Sprint(re.FindAllStringSubmatchIndex("xaa", -1)) != fmt.Sprint(g.FindAllStringSubmatchIndex("xaa", -1)) {
		t.Errorf("999 nested groups: native %v, answers differ or refused (%s)", re.Warm(), re.why)
	}
	// A pattern past Rust's size limit compiles (Go's limits apply) and
	// is answered by Go's engine.
	re := MustCompile(`x\pL{1000}`)
	if re.Warm() {
		t.Errorf("expected the Rust engine to refuse a 1M-state pattern")
	}
	if !re.MatchString("x" + strings.Repeat("é", 1000)) {
		t.Errorf("Go's engine did not answer for a refused pattern")
	}
	// Memory stays bounded: compiling and dropping many big patterns.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 0; i < 50; i++ {
		re := MustCompile(fmt.Sprintf(`(?:%s|x%d)`, strings.Repeat(`\pL|`, 200), i))
		re.Warm()
		re.MatchString(big[:1000])
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 64<<20 {
		t.Errorf("heap grew by %d bytes", grown)
	}
}

// Many goroutines share one Regexp (go test -race runs this one too).
func TestStressConcurrent(t *testing.T) {
	re := MustCompile(`(\w+)@(\w+)\.(com|org)`)
	g := stdregexp.MustCompile(re.String())
	inputs := []string{"a@b.com", "x y@z.org q", "nothing", strings.Repeat("k", 40000) + " u@v.com"}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 60; i++ {
				in := inputs[(i+w)%len(inputs)]
				if got, want := re.FindAllStringSubmatchIndex(in, -1), g.FindAllStringSubmatchIndex(in, -1); fmt.Sprint(got) != fmt.Sprint(want) {
					errs <- fmt.Sprintf("%q: %v, want %v", in, got, want)
					return
				}
				if re.MatchString(in) != g.MatchString(in) {
					errs <- "MatchString differs on " + in
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestDedicated(t *testing.T) {
	re, err := CompileDedicated(`(\d{4})-(\d{2})`)
	if err != nil {
		t.Fatal(err)
	}
	if got := re.FindStringSubmatch("on 2024-05-01"); fmt.Sprint(got) != "[2024-05 2024 05]" {
		t.Errorf("FindStringSubmatch = %q", got)
	}
	if !re.MatchString("1999-12") || re.MatchString("19-12") {
		t.Error("MatchString wrong")
	}
	if got := re.ReplaceAllString("2024-05 and 1999-12", "$2/$1"); got != "05/2024 and 12/1999" {
		t.Errorf("ReplaceAllString = %q", got)
	}
	if _, err := CompileDedicated(`(`); err == nil {
		t.Error("CompileDedicated accepted a bad pattern")
	}
	if msg := panicMessage(func() { MustCompileDedicated(`(`) }); !strings.Contains(msg, "missing closing )") {
		t.Errorf("MustCompileDedicated panic: %q", msg)
	}
}

// Above the threshold a call goes through cgo, below it through a fast
// call; both give the same answers.
func TestCgoThreshold(t *testing.T) {
	re := MustCompile(`(b+)c`)
	re.Warm()
	in := strings.Repeat("a", 5000) + "bbc"
	want := re.FindStringSubmatchIndex(in)
	calls := cgoCalls.Load()
	re.MatchString(in)
	if cgoCalls.Load() != calls {
		t.Fatal("a 5000-byte search went through cgo")
	}
	old := SetCgoThreshold(100)
	defer SetCgoThreshold(old)
	if CgoThreshold() != 100 || old != DefaultCgoThreshold {
		t.Fatalf("threshold %d, previous %d", CgoThreshold(), old)
	}
	if got := re.FindStringSubmatchIndex(in); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("cgo mode: %v, want %v", got, want)
	}
	if !re.MatchString(in) || re.FindString(in) != "bbc" || len(re.FindAllString(in+in, -1)) != 2 {
		t.Error("cgo mode answers differ")
	}
	if cgoCalls.Load()-calls < 4 {
		t.Errorf("only %d searches went through cgo", cgoCalls.Load()-calls)
	}
	SetCgoThreshold(-1) // everything through cgo
	if got := re.ReplaceAllString(in, "[$1]"); got != strings.Repeat("a", 5000)+"[bb]" {
		t.Errorf("ReplaceAllString through cgo: %.20q", got)
	}
}

// A long fast call would hold up stop-the-world; above the threshold a
// search must not. Measures how long a GC takes while goroutines search
// a long input.
func TestLongInputsDoNotStallGC(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	re := MustCompile(`[a-q][^u-z]{13}x`) // forces the slower engines
	re.Warm()
	in := strings.Repeat("abcdefghijklmnop", 1<<16)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					re.MatchString(in)
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	var worst time.Duration
	for i := 0; i < 10; i++ {
		t0 := time.Now()
		runtime.GC()
		if d := time.Since(t0); d > worst {
			worst = d
		}
	}
	close(stop)
	wg.Wait()
	// Goroutines that spend nearly all their time in fast calls are hard
	// to stop: the preemption signal keeps landing in native code (150 ms
	// and more with this input as fast calls, on a 2-core machine). In
	// cgo mode the GC does not wait for them.
	if worst > 100*time.Millisecond {
		t.Errorf("a GC took %v while long searches ran", worst)
	}
}

func TestRustPanicIsAStatus(t *testing.T) {
	if st := ferry.Status(native.TestPanic()); st != ferry.EPANIC {
		t.Errorf("status %v, want EPANIC", st)
	}
}

// MatchString, FindStringIndex and FindStringSubmatchIndex allocate
// nothing when their result does not escape.
func TestZeroAllocs(t *testing.T) {
	re := MustCompile(`(\d{4})-(\d{2})-(\d{2})`)
	re.Warm()
	in := "date: 2024-01-15 ok"
	allocs := map[string]float64{
		"MatchString": testing.AllocsPerRun(100, func() { re.MatchString(in) }),
		"FindStringIndex": testing.AllocsPerRun(100, func() {
			if loc := re.FindStringIndex(in); loc[0] != 6 {
				panic("wrong")
			}
		}),
		"FindStringSubmatchIndex": testing.AllocsPerRun(100, func() {
			if loc := re.FindStringSubmatchIndex(in); loc[2] != 6 {
				panic("wrong")
			}
		}),
	}
	for name, n := range allocs {
		if n != 0 {
			t.Errorf("%s: %v allocs per call", name, n)
		}
	}
}

// searcherUnderTest is a package variable so that the compiler cannot
// see the concrete type behind the interface (and inline the call).
var searcherUnderTest interface {
	MatchString(string) bool
	FindStringIndex(string) []int
}

// TestNoMatchAllocsThroughInterface: called through an interface the
// methods are not inlined, and a search that finds nothing must still
// allocate nothing (Go's regexp does not); FindStringIndex used to
// allocate its result before searching.
func TestNoMatchAllocsThroughInterface(t *testing.T) {
	dated := MustCompile(`(\d{4})-(\d{2})-(\d{2})`)
	dated.Warm()
	searcherUnderTest = dated
	re := searcherUnderTest
	in := "no date in this line"
	if n := testing.AllocsPerRun(100, func() { re.MatchString(in) }); n != 0 {
		t.Errorf("MatchString: %v allocs per call", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		if re.FindStringIndex(in) != nil {
			panic("a match")
		}
	}); n != 0 {
		t.Errorf("FindStringIndex: %v allocs per call", n)
	}
}

func TestTranslationOfSeedPattern(t *testing.T) {
	// rust/ferry-regex/src/bin/bench.rs times this very pattern.
	if got := rustPattern(`.y`); got != `(?:[^\n]y)` {
		t.Errorf("`.y` translates to %q; update SEED_PATTERN in bench.rs", got)
	}
}

func TestQuoteMetaAndText(t *testing.T) {
	for _, s := range []string{"", "abc", `1.5-2.0?`, `\.+*?()|[]{}^$`, "日本.語", "\xff$"} {
		if got, want := QuoteMeta(s), stdregexp.QuoteMeta(s); got != want {
			t.Errorf("QuoteMeta(%q) = %q, want %q", s, got, want)
		}
		if re, err := Compile(QuoteMeta(s)); err == nil && !re.MatchString(s) {
			t.Errorf("QuoteMeta(%q) does not match itself", s)
		}
	}
	re := MustCompile(`a+b`)
	txt, _ := re.MarshalText()
	var back Regexp
	if err := back.UnmarshalText(txt); err != nil || back.String() != `a+b` || !back.MatchString("xaab") {
		t.Errorf("UnmarshalText: %v %q", err, back.String())
	}
	if err := back.UnmarshalText([]byte(`(`)); err == nil {
		t.Error("UnmarshalText accepted a bad pattern")
	}
	for _, f := range []func(string, string) (bool, error){MatchString} {
		if ok, err := f(`b+`, "abbc"); !ok || err != nil {
			t.Error("package MatchString")
		}
	}
	if ok, err := Match(`b+`, []byte("ac")); ok || err != nil {
		t.Error("package Match")
	}
	if _, err := MatchReader(`(`, strings.NewReader("")); err == nil {
		t.Error("package MatchReader accepted a bad pattern")
	}
}

func TestLengthBounds(t *testing.T) {
	cases := []struct {
		pat      string
		min, max int
		bounded  bool
	}{
		{`^\d{4}-\d{2}-\d{2}$`, 10, 40, true},
		{`\Aab|c`, 1, 8, false},
		{`^(a|bc)+`, 1, -1, false},
		{`(?i)k`, 1, 4, false},
		{`é{2,3}`, 4, 12, false},
		{`[^a]x`, 2, 8, false},
		{`^(?:x{3}|\x{1F600})$`, 3, 12, true},
		{`a*`, 0, -1, false},
	}
	for _, c := range cases {
		re := MustCompile(c.pat)
		re.Warm()
		tree, _ := syntax.Parse(c.pat, syntax.Perl)
		if re.minLen != c.min || maxLen(tree) != c.max || re.bounded != c.bounded {
			t.Errorf("%q: min %d max %d bounded %v, want %d %d %v", c.pat, re.minLen, maxLen(tree), re.bounded, c.min, c.max, c.bounded)
		}
	}
	// A bounded pattern on a long input stays a fast call.
	re := MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	re.Warm()
	calls := cgoCalls.Load()
	if re.MatchString(strings.Repeat("1", 1<<20)) || cgoCalls.Load() != calls {
		t.Error("bounded search went through cgo or matched")
	}
}

// Compiling and dropping many patterns does not leak native memory: the
// cleanups free the Rust regexes (and this thread's caches of them).
// settledLive runs the GC until the count of live native regexes stops
// changing (cleanups run on their own goroutine after a GC) and no build
// is queued, so that garbage from earlier tests is gone, and returns the
// count.
func settledLive() int {
	last, same := native.Live(), 0
	for deadline := time.Now().Add(10 * time.Second); same < 3 && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		builds.mu.Lock()
		building := builds.running // background builds of earlier tests' regexps
		builds.mu.Unlock()
		if now := native.Live(); now == last && !building {
			same++
		} else {
			last, same = now, 0
		}
	}
	return last
}

func TestNoNativeLeak(t *testing.T) {
	// Counted in Rust: every compiled native regex until it is freed.
	base := settledLive()
	held := make([]*Regexp, 50)
	for i := range held {
		held[i] = MustCompile(fmt.Sprintf(`(\w+)@x%d`, i))
		held[i].Warm()
	}
	if got := native.Live() - base; got != len(held) {
		t.Fatalf("%d native regexes for %d compiled", got, len(held))
	}
	for i := 0; i < 300; i++ {
		re := MustCompile(fmt.Sprintf(`(?:\w+\s+){3}(\pL+)@[\pL\d]{20}|x%d`, i))
		re.Warm()
		re.FindStringSubmatchIndex("some words here to match against édouard@abcdefghij0123456789")
	}
	if got := settledLive() - base; got != len(held) {
		t.Errorf("%d native regexes live, want the %d still referenced: the rest leaked", got, len(held))
	}
	runtime.KeepAlive(held)
}
