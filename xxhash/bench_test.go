package xxhash

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/xxhash/internal/cxxh"
)

// BenchmarkC is make bench's comparison with plain cgo calls of the
// library (package cxxh, compiled against <xxhash.h>). The headline,
// C/xxhash, is XXH3 (Sum3) of 16 bytes; then XXH3 by input size (16 KiB
// is the largest fast call, 256 KiB a cgo call in both rows), XXH64
// and XXH32 of 16 bytes, XXH3 128-bit (a struct returned in two
// registers) of 16 bytes and 1 KiB, and streaming 64-byte writes.

// Each variant is its own loop rather than a closure run by a helper: an
// indirect call per iteration would add a nanosecond or two to a 7 ns
// call.

var sink uint64

func input(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + 1)
	}
	return b
}

func BenchmarkC(b *testing.B) {
	small := input(16)
	b.Run("xxhash/cgo", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(small)))
		for i := 0; i < b.N; i++ {
			sink += cxxh.Sum3(small)
		}
	})
	b.Run("xxhash/ferry", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(small)))
		for i := 0; i < b.N; i++ {
			sink += Sum3(small)
		}
	})
	for _, size := range []struct {
		name string
		n    int
	}{{"1KiB", 1 << 10}, {"16KiB", 16 << 10}, {"256KiB", 256 << 10}} {
		data := input(size.n)
		b.Run("xxhash/"+size.name+"/cgo", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				sink += cxxh.Sum3(data)
			}
		})
		b.Run("xxhash/"+size.name+"/ferry", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				sink += Sum3(data)
			}
		})
	}
	b.Run("xxhash/XXH64/cgo", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(small)))
		for i := 0; i < b.N; i++ {
			sink += cxxh.Sum64(small, 0)
		}
	})
	b.Run("xxhash/XXH64/ferry", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(small)))
		for i := 0; i < b.N; i++ {
			sink += Sum64(small)
		}
	})
	b.Run("xxhash/XXH32/cgo", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(small)))
		for i := 0; i < b.N; i++ {
			sink += uint64(cxxh.Sum32(small, 0))
		}
	})
	b.Run("xxhash/XXH32/ferry", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(small)))
		for i := 0; i < b.N; i++ {
			sink += uint64(Sum32(small))
		}
	})
	for _, size := range []struct {
		name string
		n    int
	}{{"16B", 16}, {"1KiB", 1 << 10}} {
		data := input(size.n)
		b.Run("xxhash/XXH128/"+size.name+"/cgo", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				lo, hi := cxxh.Sum128(data)
				sink += lo ^ hi
			}
		})
		b.Run("xxhash/XXH128/"+size.name+"/ferry", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				h := Sum128(data)
				sink += h.Lo ^ h.Hi
			}
		})
	}
	chunk := input(64)
	b.Run("xxhash/stream-64B/cgo", func(b *testing.B) {
		s := cxxh.NewState(0)
		defer s.Free()
		b.ReportAllocs()
		b.SetBytes(int64(len(chunk)))
		for i := 0; i < b.N; i++ {
			s.Update(chunk)
		}
		sink += s.Digest()
	})
	b.Run("xxhash/stream-64B/ferry", func(b *testing.B) {
		h := New()
		defer h.Close()
		b.ReportAllocs()
		b.SetBytes(int64(len(chunk)))
		for i := 0; i < b.N; i++ {
			h.Write(chunk)
		}
		sink += h.Sum64()
	})
}

// BenchmarkThreshold measures what FERRY_CGO_ABOVE's threshold trades:
// the same XXH3 and XXH64 calls as fast calls and as cgo calls at growing
// sizes, ignoring the threshold (not part of make bench; doc.go has the
// figures). A fast call holds up the garbage collector while it runs, so
// above the size where the cgo overhead stops mattering, cgo is better.
func BenchmarkThreshold(b *testing.B) {
	for _, n := range []int{1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10} {
		data := input(n)
		p, l := uintptr(unsafe.Pointer(unsafe.SliceData(data))), uintptr(len(data))
		for _, fn := range []struct {
			name string
			f    ferry.Func
		}{{"XXH3", ferryFnXXH364bits}, {"XXH64", ferryFnXxh64}} {
			name := fmt.Sprintf("%s/%dKiB", fn.name, n>>10)
			b.Run(name+"/cgo", func(b *testing.B) {
				b.SetBytes(int64(n))
				for i := 0; i < b.N; i++ {
					sink += uint64(ferry.CgoCall3(fn.f, p, l, 0))
				}
			})
			b.Run(name+"/fast", func(b *testing.B) {
				b.SetBytes(int64(n))
				for i := 0; i < b.N; i++ {
					sink += uint64(ferry.Call3(fn.f, p, l, 0))
				}
			})
		}
	}
}
