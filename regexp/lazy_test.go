//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import (
	"fmt"
	"reflect"
	stdregexp "regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ferry-ffi/ferry/regexp/internal/native"
)

// Compile builds no native regex: Go's engine answers until the pattern
// has been used enough, then the Rust one, built in the background.
func TestCompileIsLazy(t *testing.T) {
	base := settledLive()
	held := make([]*Regexp, 100)
	for i := range held {
		held[i] = MustCompile(fmt.Sprintf(`(\w+)@lazy%d\.com`, i))
	}
	if got := native.Live() - base; got != 0 {
		t.Errorf("100 Compiles built %d native regexes", got)
	}
	re := held[0]
	g := stdregexp.MustCompile(re.String())
	in := "mail sherlock@lazy0.com now"
	for i := 0; i < promoteAfter-1; i++ {
		if got := re.FindStringSubmatchIndex(in); !reflect.DeepEqual(got, g.FindStringSubmatchIndex(in)) {
			t.Fatalf("use %d: %v", i, got)
		}
	}
	if re.handle.Load() != nil || re.state.Load() != counting {
		t.Fatalf("built before %d uses", promoteAfter)
	}
	re.MatchString(in) // the use that queues the build
	deadline := time.Now().Add(10 * time.Second)
	for re.handle.Load() == nil && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if re.handle.Load() == nil {
		t.Fatalf("not built 10 s after %d uses (state %d)", promoteAfter, re.state.Load())
	}
	calls := cgoCalls.Load()
	SetCgoThreshold(-1)
	ok := re.MatchString(in)
	SetCgoThreshold(DefaultCgoThreshold)
	if !ok || cgoCalls.Load() != calls+1 {
		t.Errorf("after the build the Rust engine does not answer (match %v)", ok)
	}
	if got := native.Live() - base; got != 1 {
		t.Errorf("%d native regexes, want the 1 built", got)
	}
	// Input bytes count too: one search of 1 MiB queues the build.
	big := held[1]
	big.MatchString(strings.Repeat("x", 1<<20))
	if big.state.Load() == counting {
		t.Errorf("a 1 MiB search did not queue the build")
	}
	runtime.KeepAlive(held)
}

// Regexps of one pattern share one core while one of them lives: one
// native regex, and reflect.DeepEqual holds, whatever was used.
func TestSharedPerPattern(t *testing.T) {
	const pat = `a.*b.*c.*d shared`
	base := settledLive()
	re1, re2 := MustCompile(pat), MustCompile(pat)
	if re1.core != re2.core || !reflect.DeepEqual(re1, re2) {
		t.Fatal("two Compiles of one pattern do not share")
	}
	re1.Warm()
	re2.MatchString(strings.Repeat("abcdefghijklmn", 100))
	if !reflect.DeepEqual(re1, re2) {
		t.Error("DeepEqual false after use")
	}
	if got := native.Live() - base; got != 1 {
		t.Errorf("%d native regexes for one pattern", got)
	}
	posix := MustCompilePOSIX(pat)
	if posix.core == re1.core || reflect.DeepEqual(posix, re1) {
		t.Error("CompilePOSIX shares the Compile core")
	}
	re2.Longest()
	if reflect.DeepEqual(re1, re2) {
		t.Error("DeepEqual true after Longest on one")
	}
	// Concurrent first compiles of one pattern end up sharing too.
	var wg sync.WaitGroup
	cores := make([]*core, 8)
	for i := range cores {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			cores[i] = MustCompile(`concurrent (first)? compile`).core
		}(i)
	}
	wg.Wait()
	for _, c := range cores {
		if c != cores[0] {
			t.Fatal("concurrent compiles of one pattern got different cores")
		}
	}
}

// Copy: an equal Regexp; Longest on one copy does not change the other; a
// dedicated Regexp's copy has a stack of its own.
func TestCopy(t *testing.T) {
	re := MustCompile(`a(|b)`)
	cp := re.Copy()
	if cp == re || !reflect.DeepEqual(cp, re) {
		t.Fatal("Copy is not an equal, distinct Regexp")
	}
	cp.Longest()
	if got := re.FindString("ab"); got != "a" {
		t.Errorf("original after Longest on the copy: %q, want a", got)
	}
	if got := cp.FindString("ab"); got != "ab" {
		t.Errorf("copy after Longest: %q, want ab", got)
	}
	ded := MustCompileDedicated(`(\d+)-(\d+)`)
	dcp := ded.Copy()
	if dcp.stack == nil || dcp.stack == ded.stack || dcp.stack.Size() != ded.stack.Size() {
		t.Fatal("the copy of a dedicated Regexp does not have its own stack")
	}
	var wg sync.WaitGroup
	for _, r := range []*Regexp{ded, dcp} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				if got := r.FindStringSubmatch("x 12-34"); len(got) != 3 || got[2] != "34" {
					t.Errorf("%q", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// The Rust regex is freed when the last Regexp of its pattern is garbage
// collected, and the intern table forgets the pattern.
func TestCleanupFreesNative(t *testing.T) {
	const pat = `abc+ to be freed`
	base := settledLive()
	func() {
		re, re2 := MustCompile(pat), MustCompile(pat)
		if !re.Warm() || !re2.Warm() || native.Live() != base+1 {
			t.Fatalf("%d native regexes for one warmed pattern", native.Live()-base)
		}
	}()
	if got := settledLive(); got != base {
		t.Errorf("%d native regexes after the Regexps became garbage", got-base)
	}
	deadline := time.Now().Add(5 * time.Second)
	for internedCount(pat) != 0 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if internedCount(pat) != 0 {
		t.Error("the intern table keeps the pattern of a collected Regexp")
	}
}

// The intern table does not grow with patterns no longer in use.
func TestInternTableShrinks(t *testing.T) {
	for i := 0; i < 2000; i++ {
		MustCompile(fmt.Sprintf(`table entry %d`, i))
	}
	deadline := time.Now().Add(5 * time.Second)
	for internedCount("table entry ") > 10 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := internedCount("table entry "); n > 10 {
		t.Errorf("%d of 2000 dropped patterns still in the intern table", n)
	}
}

// internedCount is the number of intern table entries whose pattern
// starts with prefix.
func internedCount(prefix string) int {
	interned.mu.Lock()
	defer interned.mu.Unlock()
	n := 0
	for k := range interned.m {
		if strings.HasPrefix(k.pattern, prefix) {
			n++
		}
	}
	return n
}
