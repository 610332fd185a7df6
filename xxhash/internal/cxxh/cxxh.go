// Package cxxh calls libxxhash through plain cgo, compiled against the
// library's own header <xxhash.h>: the baseline that package xxhash's
// tests compare results with and its benchmarks compare speed with.
package cxxh

// #cgo LDFLAGS: -lxxhash
// #include <xxhash.h>
import "C"

import "unsafe"

func ptr(b []byte) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(b)) }

// Sum32 is XXH32.
func Sum32(b []byte, seed uint32) uint32 {
	return uint32(C.XXH32(ptr(b), C.size_t(len(b)), C.XXH32_hash_t(seed)))
}

// Sum64 is XXH64.
func Sum64(b []byte, seed uint64) uint64 {
	return uint64(C.XXH64(ptr(b), C.size_t(len(b)), C.XXH64_hash_t(seed)))
}

// Sum3 is XXH3_64bits.
func Sum3(b []byte) uint64 {
	return uint64(C.XXH3_64bits(ptr(b), C.size_t(len(b))))
}

// Sum3Seed is XXH3_64bits_withSeed.
func Sum3Seed(b []byte, seed uint64) uint64 {
	return uint64(C.XXH3_64bits_withSeed(ptr(b), C.size_t(len(b)), C.XXH64_hash_t(seed)))
}

// Sum128 is XXH3_128bits: the low and high 64 bits.
func Sum128(b []byte) (lo, hi uint64) {
	h := C.XXH3_128bits(ptr(b), C.size_t(len(b)))
	return uint64(h.low64), uint64(h.high64)
}

// Sum128Seed is XXH3_128bits_withSeed.
func Sum128Seed(b []byte, seed uint64) (lo, hi uint64) {
	h := C.XXH3_128bits_withSeed(ptr(b), C.size_t(len(b)), C.XXH64_hash_t(seed))
	return uint64(h.low64), uint64(h.high64)
}

// State is a streaming XXH3 state, freed by Free.
type State struct{ p *C.XXH3_state_t }

func createState() State {
	s := State{C.XXH3_createState()}
	if s.p == nil {
		panic("cxxh: XXH3_createState failed")
	}
	return s
}

// NewState allocates and resets a state with seed.
func NewState(seed uint64) State {
	s := createState()
	C.XXH3_64bits_reset_withSeed(s.p, C.XXH64_hash_t(seed))
	return s
}

// Update is XXH3_64bits_update; false when the library reports an error.
func (s State) Update(b []byte) bool {
	return C.XXH3_64bits_update(s.p, ptr(b), C.size_t(len(b))) == C.XXH_OK
}

// Digest is XXH3_64bits_digest.
func (s State) Digest() uint64 { return uint64(C.XXH3_64bits_digest(s.p)) }

// NewState128 allocates a state and resets it for a 128-bit hash with
// seed.
func NewState128(seed uint64) State {
	s := createState()
	C.XXH3_128bits_reset_withSeed(s.p, C.XXH64_hash_t(seed))
	return s
}

// Update128 is XXH3_128bits_update; false when the library reports an
// error.
func (s State) Update128(b []byte) bool {
	return C.XXH3_128bits_update(s.p, ptr(b), C.size_t(len(b))) == C.XXH_OK
}

// Digest128 is XXH3_128bits_digest.
func (s State) Digest128() (lo, hi uint64) {
	h := C.XXH3_128bits_digest(s.p)
	return uint64(h.low64), uint64(h.high64)
}

// Free is XXH3_freeState.
func (s State) Free() { C.XXH3_freeState(s.p) }
