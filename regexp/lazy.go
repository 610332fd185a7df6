//go:build linux && amd64 && cgo && !ferry_goregexp

// lazy.go: what Regexps of one pattern share, and when the Rust engine is
// built for it.
//
// Compile costs what Go's regexp.Compile costs: it compiles Go's engine,
// which answers every search at first. Building the Rust regex (a cgo
// call of 50 us to a few ms) waits until the pattern has been used enough
// to pay for it (promoteAfter), and then happens on a background
// goroutine; its handle is published with an atomic pointer, and from then
// on the Rust engine answers. Warm builds it at once, on the caller's
// goroutine. Regexps compiled from the same pattern while one of them is
// alive share one core (the intern table, weak once swept), so they
// share one native regex, and reflect.DeepEqual holds between them: all
// state that changes with use lives in the core, behind the pointer they
// share. See docs/regexp.md, "Compiling".
package regexp

import (
	"regexp"
	"regexp/syntax"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"weak"

	"github.com/ferry-ffi/ferry/regexp/internal/native"
)

// core is one compiled pattern, shared by every Regexp of that pattern
// (and syntax) alive at the same time.
type core struct {
	pattern     string
	subexpNames []string
	numSubexp   int
	slots       int // 2 * (numSubexp + 1)

	goRe      *regexp.Regexp                // Go's engine, as Compile or CompilePOSIX made it
	goLongest atomic.Pointer[regexp.Regexp] // goRe with Longest set, made on first need

	// The Rust engine. handle is nil until the build has succeeded; the
	// fields after it are written by the build before handle is stored,
	// so they may be read only after rust() returned non-nil (or after
	// Warm returned).
	handle  atomic.Pointer[native.Regex]
	need    uint   // what inputs must satisfy for the Rust engine
	minLen  int    // no match in fewer bytes than this
	fastMax int    // longest search made as a fast call (workbound.go)
	prefix  string // every match starts with this (prefix.go)
	why     string // why the build failed (handle stays nil)
	// isLit: the pattern is the plain string prefix (no flags, no groups),
	// found with strings.Index as Go's regexp does, which no engine beats.
	isLit   bool
	bounded bool // searches look at few bytes whatever the input's length

	mode  syntax.Flags // syntax.Perl (Compile), syntax.POSIX (CompilePOSIX)
	state atomic.Int32 // counting, queued or built
	uses  atomic.Int64 // work done by Go's engine so far, in use units
	built sync.Once
	// compiling is held by the first Compile of the pattern, which enters
	// the core in the intern table before compiling goRe; goRe stays nil
	// if that failed.
	compiling sync.Mutex
}

// core.state: counting uses, waiting for the builder, build finished
// (successfully or not).
const (
	counting int32 = iota
	queued
	built
)

// promoteAfter is how much use, in units, makes the Rust build worth it:
// a search counts 1, plus 1 per useBytes of input. A search by Go's
// engine costs from a few hundred nanoseconds on short inputs; the build
// costs 50 us to a few ms and then saves most of each search's time.
const (
	promoteAfter = 64
	useBytes     = 4 << 10
)

// eagerBuild makes every compile build the Rust regex at once, as Warm
// does: set by the run of Go's own tests (gotests_test.go), so that they
// test the Rust engine.
var eagerBuild = false

// rust returns the Rust regex, or nil while Go's engine answers; a search
// of n bytes calls it, which counts toward the build. (Not inlined: a hot
// path may load re.handle itself, provided its fallback calls rust.)
func (re *Regexp) rust(n int) *native.Regex {
	if h := re.handle.Load(); h != nil {
		return h
	}
	re.used(n)
	return nil
}

// used counts a search of n bytes by Go's engine and queues the build
// once the count reaches promoteAfter.
func (c *core) used(n int) {
	if c.state.Load() == counting && c.uses.Add(1+int64(n/useBytes)) >= promoteAfter &&
		c.state.CompareAndSwap(counting, queued) {
		builds.add(c)
	}
}

// Warm builds the Rust engine's regex for re now, on the calling
// goroutine, unless it is built already (waiting if the background build
// is running), and reports whether the Rust engine answers re's searches
// (false: the pattern is past the Rust engine's limits, and Go's engine
// answers everything). Without Warm a Regexp gets its Rust regex once it
// has been used enough, built in the background; Warm makes that
// deterministic, for benchmarks, tests and latency-sensitive programs.
func (re *Regexp) Warm() bool {
	re.core.build()
	return re.handle.Load() != nil
}

// build makes the Rust regex, once; later calls wait for the first.
func (c *core) build() {
	c.built.Do(func() {
		defer c.state.Store(built)
		tree, err := syntax.Parse(c.pattern, c.mode)
		if err != nil {
			// Go's regexp compiled the same pattern: cannot happen.
			c.why = "parse: " + err.Error()
			return
		}
		c.minLen = minLen(tree)
		c.bounded = boundedWork(tree)
		c.prefix = leadingLiteral(tree)
		// A literal without U+FFFD is its own leading literal.
		c.isLit = tree.Op == syntax.OpLiteral && tree.Flags&syntax.FoldCase == 0 && !strings.ContainsRune(string(tree.Rune), utf8.RuneError)
		tr, err := translate(tree)
		if err != nil {
			c.why = "translation: " + err.Error()
			return
		}
		// The handle frees the Rust regex when it becomes unreachable.
		h, err := native.NewRegex(tr.pattern)
		if err != nil {
			c.why = "rust: " + err.Error()
			return
		}
		if int(h.Slots()) != c.slots {
			h.Close()
			c.why = "rust: capture count differs"
			return
		}
		c.need = tr.need
		// Rust checks a UTF-8 requirement on the bytes the search may read
		// (rust/ferry-regex go_agrees), an ASCII one on all of the input.
		rb := int(h.ReadBound())
		c.bounded = c.bounded && rb >= 0 && c.need != needASCII
		c.fastMax, c.bounded = fastLimits(nfaSize(tree), rb, c.bounded)
		c.handle.Store(h)
	})
}

// golang returns Go's regexp for re: leftmost-longest if re is.
func (re *Regexp) golang() *regexp.Regexp {
	if !re.longest {
		return re.goRe
	}
	if g := re.goLongest.Load(); g != nil {
		return g
	}
	g := *re.goRe // what Go's Copy does (CompilePOSIX's is longest already)
	g.Longest()
	re.goLongest.CompareAndSwap(nil, &g)
	return re.goLongest.Load()
}

// builds is the queue of cores waiting for their Rust build, served by
// one goroutine at a time, started when there is work: builds are cgo
// calls that take an OS thread each, and a program promoting a thousand
// patterns at once must not get a thousand threads.
var builds buildQueue

type buildQueue struct {
	mu      sync.Mutex
	waiting []*core
	running bool
}

func (q *buildQueue) add(c *core) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.waiting = append(q.waiting, c)
	if !q.running {
		q.running = true
		go q.serve()
	}
}

func (q *buildQueue) serve() {
	for {
		q.mu.Lock()
		if len(q.waiting) == 0 {
			q.running = false
			q.waiting = nil
			q.mu.Unlock()
			return
		}
		c := q.waiting[0]
		q.waiting[0] = nil
		q.waiting = q.waiting[1:]
		q.mu.Unlock()
		c.build()
	}
}

// ---- The intern table ------------------------------------------------------
//
// A new core enters the table as a plain (strong) reference: making a
// weak pointer costs about a microsecond, as much as compiling a small
// pattern, so it is not done on Compile's path. After each garbage
// collection a background goroutine turns the new entries into weak
// pointers, and drops the entries whose core has been collected. A core
// nobody uses any more thus lives on until at most the second collection
// after its last use.
//
// A first Compile of a pattern takes the table's lock once: it enters
// the new core before compiling Go's engine (outside the lock), and a
// concurrent Compile of the same pattern waits for that compile
// (core.compiling) instead of compiling it again.

type internKey struct {
	pattern string
	mode    syntax.Flags
}

// internEntry is a core entered since the last sweep (strong), or one
// swept (weak).
type internEntry struct {
	strong *core
	weak   weak.Pointer[core]
}

var interned struct {
	mu       sync.Mutex
	m        map[internKey]internEntry
	sweeping bool // a sweep is armed or running
}

// newShared returns a new Regexp on the live core of the pattern, or on a
// new core, with Go's engine compiled, that it enters in the table.
func newShared(pattern string, mode syntax.Flags) (*Regexp, error) {
	k := internKey{pattern, mode}
	interned.mu.Lock()
	e := interned.m[k]
	c := e.strong
	if c == nil && e.weak != (weak.Pointer[core]{}) {
		c = e.weak.Value()
	}
	if c != nil {
		interned.mu.Unlock()
		c.compiling.Lock() // another goroutine may be compiling it
		c.compiling.Unlock()
		if c.goRe == nil {
			// That compile failed: fail the same way.
			_, err := compileGo(pattern, mode)
			return nil, err
		}
		return &Regexp{expr: pattern, core: c}, nil
	}
	// A core is allocated with its first Regexp: one allocation less.
	first := new(struct {
		re Regexp
		c  core
	})
	c = &first.c
	c.pattern, c.mode = pattern, mode
	c.compiling.Lock()
	if interned.m == nil {
		interned.m = map[internKey]internEntry{}
	}
	interned.m[k] = internEntry{strong: c}
	if !interned.sweeping {
		interned.sweeping = true
		armSweep()
	}
	interned.mu.Unlock()

	g, err := compileGo(pattern, mode)
	if err != nil {
		interned.mu.Lock()
		if interned.m[k].strong == c {
			delete(interned.m, k)
		}
		interned.mu.Unlock()
		c.compiling.Unlock()
		return nil, err
	}
	c.goRe = g
	c.numSubexp, c.subexpNames = g.NumSubexp(), g.SubexpNames()
	c.slots = 2 * (c.numSubexp + 1)
	c.compiling.Unlock()
	first.re = Regexp{expr: pattern, core: c}
	return &first.re, nil
}

// compileGo compiles Go's engine. Go's regexp.Compile fails exactly when
// syntax.Parse does, with the same error value.
func compileGo(pattern string, mode syntax.Flags) (*regexp.Regexp, error) {
	switch mode {
	case syntax.Perl:
		return regexp.Compile(pattern)
	case syntax.POSIX:
		return regexp.CompilePOSIX(pattern)
	}
	// Other flags come only from Go's own tests, which call compile: Go's
	// regexp takes no flags, so it gets the parse tree written in Perl
	// syntax, which regexp/syntax prints to parse back the same.
	tree, err := syntax.Parse(pattern, mode)
	if err != nil {
		return nil, err
	}
	return regexp.Compile(tree.String())
}

// gcSentinel is garbage from birth: its cleanup runs after the next
// collection. (Not a tiny object, so that it is freed on its own.)
type gcSentinel struct{ _ *int }

func armSweep() {
	runtime.AddCleanup(&gcSentinel{}, func(int) { go sweep() }, 0)
}

// sweep weakens the strong entries and drops the dead weak ones.
func sweep() {
	type young struct {
		k internKey
		c *core
	}
	var ys []young
	interned.mu.Lock()
	for k, e := range interned.m {
		if e.strong != nil {
			ys = append(ys, young{k, e.strong})
		} else if e.weak.Value() == nil {
			delete(interned.m, k)
		}
	}
	interned.mu.Unlock()
	weakened := make([]weak.Pointer[core], len(ys))
	for i, y := range ys {
		weakened[i] = weak.Make(y.c) // outside the lock: the slow part
	}
	interned.mu.Lock()
	defer interned.mu.Unlock()
	for i, y := range ys {
		if interned.m[y.k].strong == y.c { // not replaced meanwhile
			interned.m[y.k] = internEntry{weak: weakened[i]}
		}
	}
	// Dead weak entries are dropped at the next sweep: arm one while the
	// table is not empty.
	if interned.sweeping = len(interned.m) > 0; interned.sweeping {
		armSweep()
	}
}
