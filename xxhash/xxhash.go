package xxhash

import (
	"encoding/binary"
	"errors"
	"hash"
)

// The one-shot hashes without a seed, on top of the generated ones.

// Sum64 returns XXH64 of b with seed 0.
func Sum64(b []byte) uint64 { return Sum64Seed(b, 0) }

// Sum64String returns XXH64 of s with seed 0, without copying s.
func Sum64String(s string) uint64 { return Sum64SeedString(s, 0) }

// Sum32 returns XXH32 of b with seed 0.
func Sum32(b []byte) uint32 { return Sum32Seed(b, 0) }

// Sum32String returns XXH32 of s with seed 0, without copying s.
func Sum32String(s string) uint32 { return Sum32SeedString(s, 0) }

// Hasher computes XXH3 (64-bit) of a stream of writes: a hash.Hash64 on
// the library's streaming state. Its digest equals Sum3Seed of everything
// written since the last Reset. Close frees the state at once; otherwise
// the garbage collector frees it. A Hasher is not safe for concurrent
// use, and any method but Close panics after Close.
type Hasher struct {
	state *State
	seed  uint64
}

var _ hash.Hash64 = (*Hasher)(nil)

// errUpdate is what Write returns if the library refuses the bytes (it
// does so only for a NULL state, which the bindings never pass).
var errUpdate = errors.New("xxhash: XXH3_64bits_update failed")

// New returns a Hasher for XXH3 with seed 0 (Sum3).
func New() *Hasher { return NewSeed(0) }

// NewSeed returns a Hasher for XXH3 with a seed (Sum3Seed).
func NewSeed(seed uint64) *Hasher {
	s := NewState()
	if s == nil {
		panic("xxhash: XXH3_createState: out of memory")
	}
	h := &Hasher{state: s, seed: seed}
	h.Reset()
	return h
}

// Write adds p to the hash. It never fails.
func (h *Hasher) Write(p []byte) (int, error) {
	if h.state.Update(p) != XxhOk {
		return 0, errUpdate
	}
	return len(p), nil
}

// WriteString adds s to the hash without copying it. It never fails.
func (h *Hasher) WriteString(s string) (int, error) {
	if h.state.UpdateString(s) != XxhOk {
		return 0, errUpdate
	}
	return len(s), nil
}

// Sum64 returns the hash of what was written since the last Reset.
func (h *Hasher) Sum64() uint64 { return h.state.Digest() }

// Sum appends the hash to b in big-endian order, xxhash's canonical form.
func (h *Hasher) Sum(b []byte) []byte { return binary.BigEndian.AppendUint64(b, h.Sum64()) }

// Reset starts a new hash with the Hasher's seed.
func (h *Hasher) Reset() { h.state.ResetSeed(h.seed) }

// Size is 8: the hash has 64 bits.
func (h *Hasher) Size() int { return 8 }

// BlockSize is 64, XXH3's stripe: writes of whole stripes avoid copying
// into the state's buffer.
func (h *Hasher) BlockSize() int { return 64 }

// Close frees the state (io.Closer); closing it again is an error
// (ferry.ECLOSED).
func (h *Hasher) Close() error { return h.state.Close() }
