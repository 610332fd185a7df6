//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

// workbound.go: how much engine work one fast call may do, and so which
// searches are made as fast calls and which in cgo mode.
//
// A fast call cannot be preempted: a garbage collection, and every
// goroutine waiting for it, waits until it returns. Rust's engines are
// linear in the input but, in the worst case (the lazy DFA giving up for
// the PikeVM), also in the size of the automaton: a search costs up to
// about workNsPerUnit x nfaSize(pattern) x bytes scanned. A search is a
// fast call only when that bound is under maxFastWork, about a millisecond
// (docs/regexp.md has the measurements).

import (
	"math"
	"regexp/syntax"
)

const (
	// workNsPerUnit: the slowest engine path measured, in ns of CPU per
	// unit of nfaSize per byte scanned: 2.7 for a first search (cold
	// cache) of `[a-z]{50}` on input that keeps every state alive, up to
	// 5 in wall time for `[a-z]{2000}` (TestFastCallsStayShort,
	// docs/regexp.md).
	workNsPerUnit = 5
	// maxFastWork: the work (nfaSize x bytes) one fast call may do:
	// 1 ms at workNsPerUnit.
	maxFastWork = 1_000_000 / workNsPerUnit
)

// nfaSize approximates the number of NFA states of re that a search can
// keep alive at once: one per literal character, class or assertion (a
// class of many ranges more: its UTF-8 automaton is larger), with counted
// repetitions expanded as the engines expand them. Capped so that huge
// repetitions cannot overflow.
func nfaSize(re *syntax.Regexp) int {
	const capSize = 1 << 40
	n := 0
	switch re.Op {
	case syntax.OpLiteral:
		n = len(re.Rune)
	case syntax.OpCharClass:
		n = 1 + len(re.Rune)/64
	case syntax.OpRepeat:
		copies := re.Max
		if copies < 0 {
			copies = re.Min + 1
		}
		n = min(nfaSize(re.Sub[0]), capSize) * max(copies, 1)
	default:
		n = 1
		for _, sub := range re.Sub {
			n += nfaSize(sub)
			if n > capSize {
				break
			}
		}
	}
	return min(n+1, capSize)
}

// fastLimits returns the longest input (bytes from the search's start) a
// fast call may search for a pattern of nfaSize size, and whether that
// holds for any input length because the pattern is anchored with matches
// of at most maxMatch bytes (bounded; maxMatch < 0: not bounded).
func fastLimits(size, maxMatch int, bounded bool) (fastMax int, anyLength bool) {
	if size > maxFastWork {
		return -1, false // even computing a start state may take too long
	}
	fastMax = maxFastWork / max(size, 1)
	// An anchored pattern with bounded matches reads maxMatch bytes and
	// one of look-ahead, whatever the input's length.
	if bounded && maxMatch >= 0 && maxMatch+4 <= fastMax {
		return math.MaxInt, true
	}
	return fastMax, false
}

// fastCall reports whether a search of n bytes (from its start position)
// is made as a fast call: within the work bound, and within CgoThreshold
// unless the pattern reads a bounded number of bytes whatever n.
func (re *Regexp) fastCall(n int) bool {
	return n <= re.fastMax && (re.bounded || int64(n) <= cgoThreshold.Load())
}

// stepsPerCall is how many matches one fast call of an iteration may look
// for when each may scan n bytes: each search is bounded like one search.
func (re *Regexp) stepsPerCall(n int) int {
	if n <= 0 || re.bounded {
		return math.MaxInt
	}
	return re.fastMax / n
}
