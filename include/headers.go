// Package include carries ferry's public C headers in the Go module, so
// that code generated outside this repository finds them with no -I flag:
// `go run github.com/ferry-ffi/ferry/cmd/ferry-gen --go DIR ...` writes
// them into DIR next to the generated files (docs/outside.md says why
// there). Inside the module, cgo packages name this directory with
// -I${SRCDIR}/.../include instead.
package include

import "embed"

// Headers holds ferry.h, ferry_gen.h and ferry_ring.h.
//
//go:embed *.h
var Headers embed.FS
