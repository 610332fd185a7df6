//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

// Memory stays bounded: a regex keeps at most one search cache per thread
// that used it (rust/ferry-regex with_cache), and the caches die with it.

import (
	"bufio"
	"fmt"
	"os"
	stdregexp "regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ferry-ffi/ferry/regexp/internal/native"
)

// rss is the resident memory in KiB, with the Go heap's free pages given
// back to the OS first (so that garbage and freed spans do not count).
func rss(t *testing.T) int {
	debug.FreeOSMemory()
	return procStatus(t, "VmRSS")
}

// procStatus returns a field of /proc/self/status as a number (kB for
// the memory fields).
func procStatus(t *testing.T, field string) int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, err := strconv.Atoi(strings.Fields(v)[0])
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}

// useFrom8 runs search on every index of n from 8 goroutines, 3 times.
func useFrom8(n int, search func(i int)) {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 3; round++ {
				for i := range n {
					search((i + g*97) % n)
				}
			}
		}()
	}
	wg.Wait()
}

func TestCachesBounded(t *testing.T) {
	// ASCII classes only: small automata; a Unicode class: automata (and
	// search caches) of tens of KiB.
	ascii := func(i int) string { return fmt.Sprintf(`(\w+)@(\w+)\.(com|org)/%d\b`, i) }
	unicode := func(i int) string { return fmt.Sprintf(`(\w+)@(\w+)\.(com|org)/%d\b|x\pL{2}%d`, i, i) }
	// Warmed: every regex built for Rust (the most memory ferry takes);
	// lazy: each regex is used 24 times, fewer than promoteAfter, so Go's
	// engine answers and nothing native is built.
	t.Run("ascii", func(t *testing.T) { testCachesBounded(t, ascii, true) })
	t.Run("unicode", func(t *testing.T) { testCachesBounded(t, unicode, true) })
	t.Run("unicode-lazy", func(t *testing.T) { testCachesBounded(t, unicode, false) })
}

func testCachesBounded(t *testing.T, pattern func(int) string, warm bool) {
	const n = 1000
	const in = "2024-01-15 12:00:01 INFO mail from sherlock@baker.org/7 to watson@baker.com/3 accepted"
	baseCaches := native.CachesLive()

	rss0 := rss(t)
	gs := make([]*stdregexp.Regexp, n)
	for i := range gs {
		gs[i] = stdregexp.MustCompile(pattern(i))
	}
	useFrom8(n, func(i int) { gs[i].MatchString(in); gs[i].FindStringSubmatchIndex(in) })
	rss1 := rss(t)

	baseLive := native.Live()
	fs := make([]*Regexp, n)
	for i := range fs {
		fs[i] = MustCompile(pattern(i))
		if warm {
			fs[i].Warm()
		}
	}
	rssCompiled := rss(t)
	useFrom8(n, func(i int) { fs[i].MatchString(in); fs[i].FindStringSubmatchIndex(in) })
	rss2 := rss(t)
	t.Logf("ferry: +%d KiB compiled, +%d KiB searching", rssCompiled-rss1, rss2-rssCompiled)
	threads := procStatus(t, "Threads")
	caches := native.CachesLive() - baseCaches
	t.Logf("%d regexes used from 8 goroutines: RSS +%d KiB with Go's regexp, +%d KiB with ferry's; %d caches over %d threads",
		n, rss1-rss0, rss2-rss1, caches, threads)
	if !warm {
		// 24 uses each: all stay on Go's engine.
		if built := native.Live() - baseLive; caches != 0 || built != 0 {
			t.Errorf("lazy: %d native regexes and %d caches for regexes used 24 times", built, caches)
		}
	} else if caches < n || caches > n*min(threads, 64+4) {
		t.Errorf("%d caches for %d regexes used on %d threads", caches, n, threads)
	}
	runtime.KeepAlive(gs)
	runtime.KeepAlive(fs)
	fs = nil
	settledLive()
	if left := native.CachesLive() - baseCaches; left > 0 {
		t.Errorf("%d caches outlived their regexes", left)
	}
}
