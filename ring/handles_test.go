// handles_test.go: the id table behind handles to Go values (handles.go):
// stale, forged and twice-released ids, the value's lifetime seen by the
// garbage collector, races between Get and Release, no allocation in Get.

package ring

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"weak"
)

type conn struct {
	name string
	buf  [64]byte // big enough to be its own heap object
}

func TestHandlesGetReleaseAndStaleIDs(t *testing.T) {
	var h Handles[*conn]
	a, ok := h.Add(&conn{name: "a"})
	if !ok || a == 0 {
		t.Fatalf("Add: %x, %v", a, ok)
	}
	b, _ := h.Add(&conn{name: "b"})
	if v, ok := h.Get(a); !ok || v.name != "a" {
		t.Fatalf("Get(a) = %v, %v", v, ok)
	}
	if v, ok := h.Get(b); !ok || v.name != "b" {
		t.Fatalf("Get(b) = %v, %v", v, ok)
	}
	if h.Len() != 2 {
		t.Fatalf("Len %d, want 2", h.Len())
	}
	if v, ok := h.Release(a); !ok || v.name != "a" {
		t.Fatalf("Release(a) = %v, %v", v, ok)
	}
	if _, ok := h.Get(a); ok {
		t.Fatal("Get after Release succeeded")
	}
	if _, ok := h.Release(a); ok {
		t.Fatal("second Release succeeded")
	}
	// The slot is reused with a new generation: the old id stays dead.
	c, _ := h.Add(&conn{name: "c"})
	if uint32(c) != uint32(a) || c == a {
		t.Fatalf("reuse: a %x, c %x: want the same slot, another generation", a, c)
	}
	if _, ok := h.Get(a); ok {
		t.Fatal("the old id reads the slot's new value")
	}
	if v, ok := h.Get(c); !ok || v.name != "c" {
		t.Fatalf("Get(c) = %v, %v", v, ok)
	}
	for _, forged := range []uint64{0, 1, 2 << 32, c + 2<<32, c ^ 1<<32, uint64(MaxHandles+1) | 1<<32, 1<<32 | 4000} {
		if _, ok := h.Get(forged); ok {
			t.Errorf("Get(%x) of a forged id succeeded", forged)
		}
		if _, ok := h.Release(forged); ok {
			t.Errorf("Release(%x) of a forged id succeeded", forged)
		}
	}
	if h.Len() != 2 {
		t.Fatalf("Len %d, want 2", h.Len())
	}
}

// The value is collectable after its release and not before.
func TestHandlesKeepValueAliveUntilRelease(t *testing.T) {
	var h Handles[*conn]
	v := &conn{name: "kept"}
	var cleaned atomic.Bool
	runtime.AddCleanup(v, func(*atomic.Bool) { cleaned.Store(true) }, &cleaned)
	w := weak.Make(v)
	id, _ := h.Add(v)
	v = nil
	for range 3 {
		runtime.GC()
	}
	if w.Value() == nil || cleaned.Load() {
		t.Fatal("the value was collected while its id was live")
	}
	if _, ok := h.Release(id); !ok {
		t.Fatal("Release failed")
	}
	for i := 0; i < 100 && w.Value() != nil; i++ {
		runtime.GC()
	}
	if w.Value() != nil {
		t.Fatal("the value is still reachable after its release")
	}
}

func TestHandlesGetAllocatesNothing(t *testing.T) {
	var h Handles[*conn]
	id, _ := h.Add(&conn{})
	allocs := testing.AllocsPerRun(1000, func() {
		if _, ok := h.Get(id); !ok {
			t.Fatal("Get failed")
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocs per Get, want 0", allocs)
	}
}

// Goroutines add, get and release while others get stale ids: a Get never
// returns another id's value, and each id is released exactly once.
func TestHandlesRace(t *testing.T) {
	var h Handles[*conn]
	const workers, rounds = 4, 5000
	var wg sync.WaitGroup
	var releases atomic.Int64
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := &conn{}
			mine.name = string(rune('a' + w))
			for range rounds {
				id, _ := h.Add(mine)
				if v, ok := h.Get(id); !ok || v != mine {
					t.Error("Get of a live id gave another value")
					return
				}
				// Two releases race; one wins.
				var both sync.WaitGroup
				for range 2 {
					both.Add(1)
					go func() {
						defer both.Done()
						if _, ok := h.Release(id); ok {
							releases.Add(1)
						}
					}()
				}
				both.Wait()
				if v, ok := h.Get(id); ok {
					t.Errorf("Get of a released id gave %q", v.name)
					return
				}
			}
		}()
	}
	wg.Wait()
	if releases.Load() != workers*rounds || h.Len() != 0 {
		t.Fatalf("%d releases, %d live; want %d, 0", releases.Load(), h.Len(), workers*rounds)
	}
}

func BenchmarkHandlesGet(b *testing.B) {
	var h Handles[*conn]
	id, _ := h.Add(&conn{})
	for b.Loop() {
		h.Get(id)
	}
}
