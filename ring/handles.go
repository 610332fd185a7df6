// handles.go: Handles, the table behind handles to Go values that native
// code holds (FERRY_GO functions returning a handle, docs/native-to-go.md
// "Go objects held from native code").
//
// Native code never holds a Go pointer: the garbage collector could not
// see it, and cgo's rules forbid keeping one. It holds an id instead, a
// uint64 of a slot index and the slot's generation. The table keeps the
// value alive until the id is released; a released id, a forged one, or
// one released twice is found out by its generation and reported, never
// followed.

package ring

import (
	"math"
	"sync"
	"sync/atomic"
)

const (
	handleChunkBits = 12
	handleChunkSize = 1 << handleChunkBits
	handleChunks    = 1 << 12
	// MaxHandles is how many ids a Handles table holds at once.
	MaxHandles = handleChunkSize * handleChunks
)

// handleSlot holds one value. gen is odd while the slot is in use: a live
// id carries it; releasing makes it even, the next use odd again.
type handleSlot[T any] struct {
	gen atomic.Uint32
	val atomic.Pointer[T]
}

type handleChunk[T any] [handleChunkSize]handleSlot[T]

// Handles maps ids to values of type T for native code. Get is lock-free
// and allocates nothing (the method-call path); Add and Release take a
// mutex. The zero value is an empty table. Slots live in chunks that are
// never freed or moved, so a Get racing a Release reads valid memory and
// tells by the generation whether its id is still live.
type Handles[T any] struct {
	chunks [handleChunks]atomic.Pointer[handleChunk[T]]
	mu     sync.Mutex
	free   []uint32 // released slots, reused last in first out
	used   uint32   // slots ever used
	live   atomic.Int64
}

func (h *Handles[T]) slot(index uint32) *handleSlot[T] {
	c := h.chunks[index>>handleChunkBits].Load()
	if c == nil {
		return nil
	}
	return &c[index&(handleChunkSize-1)]
}

// Add stores v and returns its id, never 0. ok is false when the table
// holds MaxHandles values already.
func (h *Handles[T]) Add(v T) (id uint64, ok bool) {
	h.mu.Lock()
	var index uint32
	if n := len(h.free); n > 0 {
		index = h.free[n-1]
		h.free = h.free[:n-1]
	} else {
		if h.used == MaxHandles {
			h.mu.Unlock()
			return 0, false
		}
		index = h.used
		h.used++
		if c := index >> handleChunkBits; h.chunks[c].Load() == nil {
			h.chunks[c].Store(new(handleChunk[T]))
		}
	}
	h.mu.Unlock()
	s := h.slot(index)
	s.val.Store(&v) // before the generation: a Get that sees the new gen sees v
	gen := s.gen.Add(1)
	h.live.Add(1)
	return uint64(gen)<<32 | uint64(index+1), true
}

func splitHandle(id uint64) (index, gen uint32, ok bool) {
	low := uint32(id)
	gen = uint32(id >> 32)
	return low - 1, gen, low != 0 && gen&1 == 1
}

// Get returns the value of a live id; ok is false for an id released,
// never made, or made by another table.
func (h *Handles[T]) Get(id uint64) (v T, ok bool) {
	index, gen, ok := splitHandle(id)
	if !ok || index >= MaxHandles {
		return v, false
	}
	s := h.slot(index)
	if s == nil || s.gen.Load() != gen {
		return v, false
	}
	p := s.val.Load()
	// Release changes gen before it clears val, Add stores val before it
	// changes gen: gen unchanged across the load means p is id's value.
	if p == nil || s.gen.Load() != gen {
		return v, false
	}
	return *p, true
}

// Release forgets a live id and returns its value, which the table no
// longer keeps alive. ok is false for an id released already (exactly one
// of two racing releases succeeds), never made, or made by another table.
func (h *Handles[T]) Release(id uint64) (v T, ok bool) {
	index, gen, ok := splitHandle(id)
	if !ok || index >= MaxHandles {
		return v, false
	}
	s := h.slot(index)
	if s == nil || !s.gen.CompareAndSwap(gen, gen+1) {
		return v, false
	}
	p := s.val.Swap(nil)
	h.live.Add(-1)
	// A slot whose generation would wrap is retired: an old id must never
	// match again.
	if gen+1 < math.MaxUint32-1 {
		h.mu.Lock()
		h.free = append(h.free, index)
		h.mu.Unlock()
	}
	return *p, true
}

// Len is how many ids are live.
func (h *Handles[T]) Len() int { return int(h.live.Load()) }
