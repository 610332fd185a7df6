//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import (
	"regexp/syntax"
	"unsafe"
)

func unsafePtr(s string) *byte { return unsafe.StringData(s) }

// rustPattern is what Compile hands the Rust engine for pat.
func rustPattern(pat string) string {
	tree, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return "(parse error)"
	}
	tr, err := translate(tree)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return tr.pattern
}
