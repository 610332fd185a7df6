package xxhash

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/rand"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/xxhash/internal/cxxh"
)

// The library's documented hashes of the empty input, seed 0.
const (
	emptyXXH32 = 0x02CC5D05
	emptyXXH64 = 0xEF46DB3751D8E999
	emptyXXH3  = 0x2D06800538D394C2
)

// XXH3_128bits of the empty input, seed 0: the documented vector
// (canonical form 99aa06d3014798d8 6001c324468d497f, hi then lo).
var emptyXXH128 = Uint128{Lo: 0x6001C324468D497F, Hi: 0x99AA06D3014798D8}

// vectors128 are regression vectors of XXH3_128bits(_withSeed) as
// libxxhash 0.8 computes them: a swapped or lost half shows.
var vectors128 = []struct {
	in   string
	seed uint64
	want Uint128
}{
	{"xxhash", 0, Uint128{Lo: 0x376072e24bfdf4d2, Hi: 0x9c8b437c78cac00a}},
	{"xxhash", 42, Uint128{Lo: 0xf4344644cebe6105, Hi: 0xa11541a413d596d1}},
	{"Nobody inspects the spammish repetition", 0, Uint128{Lo: 0x9f1a957522431b91, Hi: 0xa32c6f55b80b5f44}},
	{"", 42, Uint128{Lo: 0x3c1d09e9fe249164, Hi: 0x16c20acd33f7af2f}},
}

// threshold is FERRY_CGO_ABOVE's in xxhash.h: larger inputs are cgo calls.
const threshold = 16384

func TestVectors(t *testing.T) {
	for _, empty := range [][]byte{nil, {}} {
		// The baseline first: the vectors are the library's.
		if got := cxxh.Sum32(empty, 0); got != emptyXXH32 {
			t.Errorf("cgo XXH32(\"\") = %#x, want %#x", got, emptyXXH32)
		}
		if got := cxxh.Sum64(empty, 0); got != emptyXXH64 {
			t.Errorf("cgo XXH64(\"\") = %#x, want %#x", got, uint64(emptyXXH64))
		}
		if got := cxxh.Sum3(empty); got != emptyXXH3 {
			t.Errorf("cgo XXH3_64bits(\"\") = %#x, want %#x", got, uint64(emptyXXH3))
		}
		if got := Sum32(empty); got != emptyXXH32 {
			t.Errorf("Sum32(%v) = %#x, want %#x", empty, got, emptyXXH32)
		}
		if got := Sum64(empty); got != emptyXXH64 {
			t.Errorf("Sum64(%v) = %#x, want %#x", empty, got, uint64(emptyXXH64))
		}
		if got := Sum3(empty); got != emptyXXH3 {
			t.Errorf("Sum3(%v) = %#x, want %#x", empty, got, uint64(emptyXXH3))
		}
		if got := Sum3Seed(empty, 0); got != emptyXXH3 {
			t.Errorf("Sum3Seed(%v, 0) = %#x, want %#x", empty, got, uint64(emptyXXH3))
		}
	}
	if got := Sum32String(""); got != emptyXXH32 {
		t.Errorf("Sum32String(\"\") = %#x", got)
	}
	if got := Sum64String(""); got != emptyXXH64 {
		t.Errorf("Sum64String(\"\") = %#x", got)
	}
	if got := Sum3String(""); got != emptyXXH3 {
		t.Errorf("Sum3String(\"\") = %#x", got)
	}
	if lo, hi := cxxh.Sum128(nil); (Uint128{lo, hi}) != emptyXXH128 {
		t.Errorf("cgo XXH3_128bits(\"\") = %#x %#x, want %+v", lo, hi, emptyXXH128)
	}
	for _, got := range []Uint128{Sum128(nil), Sum128([]byte{}), Sum128String(""), Sum128Seed(nil, 0), Sum128SeedString("", 0)} {
		if got != emptyXXH128 {
			t.Errorf("XXH128 of the empty input = %+v, want %+v", got, emptyXXH128)
		}
	}
	for _, v := range vectors128 {
		if got := Sum128SeedString(v.in, v.seed); got != v.want {
			t.Errorf("Sum128SeedString(%q, %d) = %+v, want %+v", v.in, v.seed, got, v.want)
		}
		if lo, hi := cxxh.Sum128Seed([]byte(v.in), v.seed); (Uint128{lo, hi}) != v.want {
			t.Errorf("cgo XXH3_128bits_withSeed(%q, %d) = %#x %#x, want %+v", v.in, v.seed, lo, hi, v.want)
		}
	}
	h := New()
	defer h.Close()
	if got := h.Sum64(); got != emptyXXH3 {
		t.Errorf("New().Sum64() = %#x, want %#x", got, uint64(emptyXXH3))
	}
	if got := h.Sum(nil); !bytes.Equal(got, binary.BigEndian.AppendUint64(nil, emptyXXH3)) {
		t.Errorf("New().Sum(nil) = %x", got)
	}
}

// oneShots pairs every one-shot function, []byte and string, with the
// cgo call of the library it must equal (XXH32's seed is 32 bits).
var oneShots = []struct {
	name  string
	ferry func(b []byte, s string, seed uint64) uint64
	cgo   func(b []byte, seed uint64) uint64
}{
	{"Sum32Seed", func(b []byte, _ string, seed uint64) uint64 { return uint64(Sum32Seed(b, uint32(seed))) }, cgo32},
	{"Sum32SeedString", func(_ []byte, s string, seed uint64) uint64 { return uint64(Sum32SeedString(s, uint32(seed))) }, cgo32},
	{"Sum32", func(b []byte, _ string, _ uint64) uint64 { return uint64(Sum32(b)) }, unseeded(cgo32)},
	{"Sum32String", func(_ []byte, s string, _ uint64) uint64 { return uint64(Sum32String(s)) }, unseeded(cgo32)},
	{"Sum64Seed", func(b []byte, _ string, seed uint64) uint64 { return Sum64Seed(b, seed) }, cxxh.Sum64},
	{"Sum64SeedString", func(_ []byte, s string, seed uint64) uint64 { return Sum64SeedString(s, seed) }, cxxh.Sum64},
	{"Sum64", func(b []byte, _ string, _ uint64) uint64 { return Sum64(b) }, unseeded(cxxh.Sum64)},
	{"Sum64String", func(_ []byte, s string, _ uint64) uint64 { return Sum64String(s) }, unseeded(cxxh.Sum64)},
	{"Sum3Seed", func(b []byte, _ string, seed uint64) uint64 { return Sum3Seed(b, seed) }, cxxh.Sum3Seed},
	{"Sum3SeedString", func(_ []byte, s string, seed uint64) uint64 { return Sum3SeedString(s, seed) }, cxxh.Sum3Seed},
	{"Sum3", func(b []byte, _ string, _ uint64) uint64 { return Sum3(b) }, unseeded(cxxh.Sum3Seed)},
	{"Sum3String", func(_ []byte, s string, _ uint64) uint64 { return Sum3String(s) }, func(b []byte, _ uint64) uint64 { return cxxh.Sum3(b) }},
}

func cgo32(b []byte, seed uint64) uint64 { return uint64(cxxh.Sum32(b, uint32(seed))) }

func unseeded(f func([]byte, uint64) uint64) func([]byte, uint64) uint64 {
	return func(b []byte, _ uint64) uint64 { return f(b, 0) }
}

// check compares every one-shot function with the cgo baseline on one
// input.
func check(t *testing.T, data []byte, seed uint64) {
	t.Helper()
	s := string(data)
	for _, f := range oneShots {
		if got, want := f.ferry(data, s, seed), f.cgo(data, seed); got != want {
			t.Fatalf("%s(len %d, seed %#x) = %#x, cgo %#x", f.name, len(data), seed, got, want)
		}
	}
	lo, hi := cxxh.Sum128Seed(data, seed)
	want := Uint128{Lo: lo, Hi: hi}
	for name, got := range map[string]Uint128{
		"Sum128Seed":       Sum128Seed(data, seed),
		"Sum128SeedString": Sum128SeedString(s, seed),
	} {
		if got != want {
			t.Fatalf("%s(len %d, seed %#x) = %+v, cgo %+v", name, len(data), seed, got, want)
		}
	}
	lo, hi = cxxh.Sum128(data)
	want = Uint128{Lo: lo, Hi: hi}
	if got := Sum128(data); got != want {
		t.Fatalf("Sum128(len %d) = %+v, cgo %+v", len(data), got, want)
	}
	if got := Sum128String(s); got != want {
		t.Fatalf("Sum128String(len %d) = %+v, cgo %+v", len(data), got, want)
	}
}

func TestAgainstCgo(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	buf := make([]byte, 4096)
	rng.Read(buf)
	for n := 0; n <= len(buf); n++ {
		// Every length, at a random offset (unaligned data) and seed.
		off := rng.Intn(len(buf) - n + 1)
		check(t, buf[off:off+n], rng.Uint64())
	}
	// The seed's width: XXH32's is 32 bits, the others' 64.
	for _, seed := range []uint64{0, 1, 1 << 31, 1<<32 - 1, 1 << 32, 1<<64 - 1} {
		check(t, buf[:100], seed)
	}
}

// Both sides of FERRY_CGO_ABOVE's threshold: fast calls up to it, cgo
// calls above, the same results.
func TestThreshold(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	big := make([]byte, 1<<20+3)
	rng.Read(big)
	for _, n := range []int{threshold - 1, threshold, threshold + 1, 2 * threshold, 1 << 20, len(big)} {
		check(t, big[:n], rng.Uint64())
		check(t, big[len(big)-n:], 0)
	}
}

// writeAll writes data to h in random chunks, through Write and
// WriteString, some chunks larger than the threshold.
func writeAll(t *testing.T, h *Hasher, data []byte, rng *rand.Rand) {
	t.Helper()
	for len(data) > 0 {
		n := rng.Intn(min(len(data), 300) + 1)
		if rng.Intn(20) == 0 {
			n = min(len(data), threshold+1+rng.Intn(threshold))
		}
		var written int
		var err error
		if rng.Intn(2) == 0 {
			written, err = h.Write(data[:n])
		} else {
			written, err = h.WriteString(string(data[:n]))
		}
		if written != n || err != nil {
			t.Fatalf("Write of %d bytes = %d, %v", n, written, err)
		}
		data = data[n:]
	}
}

func TestStreaming(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	data := make([]byte, 100000)
	rng.Read(data)
	for i := 0; i < 200; i++ {
		n := rng.Intn(5000)
		if i%20 == 0 {
			n = len(data) // chunks above the threshold: cgo calls
		}
		seed := uint64(0)
		if i%2 == 1 {
			seed = rng.Uint64()
		}
		h := NewSeed(seed)
		writeAll(t, h, data[:n], rng)
		want := cxxh.Sum3Seed(data[:n], seed)
		if got := h.Sum64(); got != want {
			t.Fatalf("streamed %d bytes (seed %#x): %#x, one-shot %#x", n, seed, got, want)
		}
		// The digest leaves the state as it was.
		if got := h.Sum64(); got != want {
			t.Fatalf("second Sum64 = %#x, want %#x", got, want)
		}
		if got := h.Sum([]byte{9}); !bytes.Equal(got, binary.BigEndian.AppendUint64([]byte{9}, want)) {
			t.Fatalf("Sum appends %x, want 09 then %016x", got, want)
		}
		// Reset starts over with the same seed.
		h.Reset()
		writeAll(t, h, data[:n/2], rng)
		if got, want := h.Sum64(), cxxh.Sum3Seed(data[:n/2], seed); got != want {
			t.Fatalf("after Reset: %#x, want %#x", got, want)
		}
		h.Close()
	}
}

// The generated State, without the Hasher: Reset (seedless) and the codes.
func TestState(t *testing.T) {
	s := NewState()
	defer s.Close()
	if code := s.Reset(); code != XxhOk {
		t.Fatalf("Reset = %d", code)
	}
	if code := s.Update([]byte("hello, ")); code != XxhOk {
		t.Fatalf("Update = %d", code)
	}
	if code := s.UpdateString("world"); code != XxhOk {
		t.Fatalf("UpdateString = %d", code)
	}
	if code := s.Update(nil); code != XxhOk {
		t.Fatalf("Update(nil) = %d", code)
	}
	if got, want := s.Digest(), cxxh.Sum3([]byte("hello, world")); got != want {
		t.Fatalf("Digest = %#x, want %#x", got, want)
	}
	if code := s.ResetSeed(42); code != XxhOk {
		t.Fatalf("ResetSeed = %d", code)
	}
	if got, want := s.Digest(), cxxh.Sum3Seed(nil, 42); got != want {
		t.Fatalf("Digest after ResetSeed = %#x, want %#x", got, want)
	}
}

// The 128-bit streaming methods against the library's own streaming and
// one-shot hashes, in chunks on both sides of the threshold.
func TestState128(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	data := make([]byte, 3*threshold)
	rng.Read(data)
	s := NewState()
	defer s.Close()
	for i, n := range []int{0, 1, 16, 240, 1000, threshold, len(data)} {
		seed := uint64(i) * 0x9E3779B97F4A7C15
		if code := s.Reset128Seed(seed); code != XxhOk {
			t.Fatalf("Reset128Seed = %d", code)
		}
		c := cxxh.NewState128(seed)
		for rest := data[:n]; len(rest) > 0; {
			k := min(len(rest), 1+rng.Intn(threshold+100))
			if code := s.Update128(rest[:k]); code != XxhOk {
				t.Fatalf("Update128 = %d", code)
			}
			c.Update128(rest[:k])
			rest = rest[k:]
		}
		lo, hi := c.Digest128()
		c.Free()
		want := Uint128{Lo: lo, Hi: hi}
		if got := s.Digest128(); got != want {
			t.Fatalf("Digest128 of %d bytes = %+v, cgo state %+v", n, got, want)
		}
		if got := Sum128Seed(data[:n], seed); got != want {
			t.Fatalf("Sum128Seed(%d bytes) = %+v, streamed %+v", n, got, want)
		}
	}
	if code := s.Reset128(); code != XxhOk {
		t.Fatalf("Reset128 = %d", code)
	}
	s.Update128String("hello, ")
	s.Update128([]byte("world"))
	if got, want := s.Digest128(), Sum128String("hello, world"); got != want {
		t.Fatalf("Digest128 after Reset128 = %+v, want %+v", got, want)
	}
}

// mustPanic runs f and checks it panics with a message containing want.
func mustPanic(t *testing.T, what, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if s, ok := r.(string); !ok || !strings.Contains(s, want) {
			t.Errorf("%s: recovered %v, want a panic with %q", what, r, want)
		}
	}()
	f()
}

// Both are io.Closers.
var (
	_ io.Closer = (*Hasher)(nil)
	_ io.Closer = (*State)(nil)
)

// Close frees at once; a second Close is an error, ECLOSED; every other
// use panics in Go rather than passing freed memory to C.
func TestClose(t *testing.T) {
	h := New()
	h.WriteString("x")
	if err := h.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := h.Close(); !errors.Is(err, ferry.ECLOSED) {
		t.Fatalf("second Close: %v, want ECLOSED", err)
	}
	const msg = "xxhash: use of a nil or closed State"
	mustPanic(t, "Write", msg, func() { h.Write([]byte("x")) })
	mustPanic(t, "WriteString", msg, func() { h.WriteString("x") })
	mustPanic(t, "Sum64", msg, func() { h.Sum64() })
	mustPanic(t, "Sum", msg, func() { h.Sum(nil) })
	mustPanic(t, "Reset", msg, func() { h.Reset() })
	var nilState *State
	mustPanic(t, "nil State", msg, func() { nilState.Digest() })
	if err := nilState.Close(); !errors.Is(err, ferry.ECLOSED) {
		t.Errorf("Close of a nil State: %v, want ECLOSED", err)
	}
	// The cleanup of a closed state must not free it again (glibc aborts
	// on a double free), and unclosed states are freed by the collector.
	for i := 0; i < 1000; i++ {
		h := New()
		h.WriteString("abc")
		if i%2 == 0 {
			h.Close()
		}
	}
	runtime.GC()
	runtime.GC()
}

func TestAllocs(t *testing.T) {
	data := make([]byte, 64)
	big := make([]byte, threshold+1)
	s := strings.Repeat("s", 64)
	h := New()
	defer h.Close()
	for name, f := range map[string]func(){
		"Sum3":             func() { sink += Sum3(data) },
		"Sum3String":       func() { sink += Sum3String(s) },
		"Sum3Seed":         func() { sink += Sum3Seed(data, 7) },
		"Sum64":            func() { sink += Sum64(data) },
		"Sum64String":      func() { sink += Sum64String(s) },
		"Sum32":            func() { sink += uint64(Sum32(data)) },
		"Sum32SeedString":  func() { sink += uint64(Sum32SeedString(s, 7)) },
		"Sum3 cgo":         func() { sink += Sum3(big) },
		"Sum128":           func() { sink += Sum128(data).Lo },
		"Sum128SeedString": func() { sink += Sum128SeedString(s, 7).Hi },
		"Sum128 cgo":       func() { sink += Sum128(big).Lo },
		"Digest128":        func() { sink += h.state.Digest128().Lo },
		"Write":            func() { h.Write(data) },
		"WriteString":      func() { h.WriteString(s) },
		"Write cgo":        func() { h.Write(big) },
		"Sum64 method":     func() { sink += h.Sum64() },
		"Reset":            func() { h.Reset() },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocs per call, want 0", name, n)
		}
	}
}

// Goroutines hashing at once, each with its own Hasher (run with -race).
func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(g)))
			data := make([]byte, 3000)
			rng.Read(data)
			h := New()
			defer h.Close()
			for i := 0; i < 300; i++ {
				n := rng.Intn(len(data))
				lo, hi := cxxh.Sum128(data[:n])
				if Sum3(data[:n]) != cxxh.Sum3(data[:n]) || Sum64(data[:n]) != cxxh.Sum64(data[:n], 0) ||
					Sum128(data[:n]) != (Uint128{lo, hi}) {
					t.Errorf("goroutine %d: one-shot hash of %d bytes differs from cgo", g, n)
					return
				}
				h.Write(data[:n])
			}
		}(g)
	}
	wg.Wait()
}
