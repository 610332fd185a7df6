//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import "regexp/syntax"

// freshCompile is Compile of a pattern met for the first time: it removes
// the pattern from the intern table first (for the compile benchmarks;
// the removal is timed too, so ferry's figure errs on the high side).
func freshCompile(expr string) (*Regexp, error) {
	k := internKey{expr, syntax.Perl}
	interned.mu.Lock()
	delete(interned.m, k)
	interned.mu.Unlock()
	return Compile(expr)
}
