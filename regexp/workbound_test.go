//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

// Tests of the work bound (workbound.go): a fast call does about a
// millisecond of engine work at most, whatever the pattern and input, and
// hostile searches do not hold up the garbage collector.

import (
	"fmt"
	"regexp/syntax"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
	"unsafe"
)

// threadCPU returns the CPU time the calling thread has used: unlike the
// wall clock, it does not count time other processes took the CPU.
func threadCPU(t *testing.T) time.Duration {
	const clockThreadCPUTimeID = 3
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		t.Fatalf("clock_gettime: %v", e)
	}
	return time.Duration(ts.Nano())
}

// hostileInput returns up to n bytes of unit's characters repeated, with
// a digit every k characters so that a match of k or more characters
// never completes while every state of the automaton stays alive.
func hostileInput(unit string, n, k int) string {
	var b strings.Builder
	for i := 0; ; i++ {
		for _, r := range unit {
			if i++; i%k == 0 {
				r = '1'
			}
			if b.Len()+utf8.RuneLen(r) > n {
				return b.String()
			}
			b.WriteRune(r)
		}
	}
}

// hostilePatterns: automata of thousands of states (the lazy DFA gives up
// on them, or builds a state per byte at a cost per NFA state).
// The first ones take tens of milliseconds or more per 8 KiB; the others
// are small enough for the bound to leave a search of a few hundred bytes
// to a fast call, or have short matches.
var hostilePatterns = []struct{ pat, unit string }{
	{strings.Repeat(`\pL`, 500), "abcdéfghíjklmnópqrstúvwxyz"},
	{strings.Repeat(`.`, 1000) + "!", "abcdefghijklmnopqrstuvwxyz"},
	{strings.Repeat("[a-z]", 50), "abcdefghijklmnopqrstuvwxyz"},
	{strings.Repeat(`\pL`, 20), "abcdéfghíjklmnópqrstúvwxyz"},
	{strings.Repeat(`(?i)[a-z]`, 50), "abcdefghijklmnopqrstuvwxyz"},
	{strings.Repeat(`.`, 50) + "!", "abcdefghijklmnopqrstuvwxyz"},
	{strings.Repeat(`(?:a|b|c)`, 50), "abc"},
	{`[a-z]{0,1000}!`, "abcdefghijklmnopqrstuvwxyz"},
	{`(?:\pL|\d){1,500}!`, "abcdéfghíjklmnópqrstúvwxyz"},
}

// Each hostile pattern, searched cold (a fresh regex) on the longest input
// the bound allows, is a fast call of at most a few milliseconds of CPU,
// and four times that input goes through cgo.
func TestFastCallsStayShort(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, h := range hostilePatterns {
		re := MustCompile(h.pat)
		re.Warm()
		if re.handle.Load() == nil {
			t.Fatalf("%.20s: Go's engine answers (%s)", h.pat, re.why)
		}
		n := min(re.fastMax, CgoThreshold())
		k := max(re.minLen-1, 1)
		in := hostileInput(h.unit, n, k)
		if len(in) < re.minLen {
			continue // no search at all
		}
		calls := cgoCalls.Load()
		t0 := threadCPU(t)
		re.FindStringIndex(in)
		cpu := threadCPU(t) - t0
		if cgoCalls.Load() != calls {
			t.Errorf("%.20s: a %d-byte search went through cgo", h.pat, len(in))
		}
		t.Logf("%.20s: size %d, fast calls up to %d bytes: cold search %v CPU", h.pat, nfaSize(mustParse(h.pat)), re.fastMax, cpu)
		if cpu > 3*time.Millisecond {
			t.Errorf("%.20s: a fast call of %d bytes took %v of CPU", h.pat, len(in), cpu)
		}
		long := hostileInput(h.unit, 4*max(re.fastMax, re.minLen), k)
		calls = cgoCalls.Load()
		re.MatchString(long[:min(len(long), 64<<10)])
		if cgoCalls.Load() == calls {
			t.Errorf("%.20s: a search past the work bound was a fast call", h.pat)
		}
	}
	// The "bounded" exception bounds bytes read, not the work: an
	// anchored alternation of 20,000 words goes through cgo on any input.
	words := make([]string, 20000)
	for i := range words {
		words[i] = fmt.Sprintf("w%dq", i)
	}
	re := MustCompile(`^(?:` + strings.Join(words, "|") + `)`)
	re.Warm()
	calls := cgoCalls.Load()
	if re.MatchString(strings.Repeat("w1", 1<<19)) || cgoCalls.Load() == calls {
		t.Error("anchored alternation on 1 MiB: matched, or was a fast call")
	}
}

func mustParse(pat string) *syntax.Regexp {
	tree, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		panic(err)
	}
	return tree
}

// While goroutines run hostile searches (each takes tens of milliseconds
// or more), runtime.GC completes within 100 ms: those searches are not
// fast calls, and the GC does not wait for cgo calls. (As fast calls, with
// the work bound lifted, the worst GC took 572 ms here.)
func TestHostileSearchesDoNotStallGC(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	idle := time.Now()
	runtime.GC()
	t.Logf("a GC with no search running: %v", time.Since(idle))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var searches sync.WaitGroup
	for _, h := range hostilePatterns[:2] {
		re := MustCompile(h.pat)
		re.Warm()
		in := hostileInput(h.unit, 8<<10, re.minLen-1)
		{
			wg.Add(1)
			searches.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					if i == 1 {
						searches.Done()
					}
					select {
					case <-stop:
						if i == 0 {
							searches.Done()
						}
						return
					default:
						re.FindStringIndex(in)
					}
				}
			}()
		}
	}
	searches.Wait() // every goroutine has finished a search
	var worst time.Duration
	for i := 0; i < 5; i++ {
		t0 := time.Now()
		runtime.GC()
		worst = max(worst, time.Since(t0))
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	t.Logf("worst GC while hostile searches ran: %v", worst)
	if worst > 100*time.Millisecond {
		t.Errorf("a GC took %v while hostile searches ran", worst)
	}
}
