package regexp

import "regexp/syntax"

// freshCompile is Compile for a pattern met for the first time: Go's
// engine is compiled and entered in the intern table even if a live
// Regexp has the pattern (for the compile benchmarks).
func freshCompile(expr string) (*Regexp, error) {
	return compileShared(expr, syntax.Perl, false, false)
}
