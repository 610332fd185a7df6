// Package native is the boundary between package regexp and Rust's regex
// engine (rust/ferry-regex): bindings that ferry-gen generated from
// rust/ferry-regex/rustre.h (rustre_ferry*.go; make test checks they match
// a fresh run), linked against the crate compiled into one object,
// rustre_linux_amd64.syso, which `go build` links by itself: no cargo on
// the user's machine. Package regexp imports this package only where that
// object exists (linux/amd64 with cgo); docs/outside.md says what is in
// it and how `make regexp-syso` rebuilds it.
//
// Each search has three wrappers, one per mode (rustre.h lists three mode
// annotations): IsMatch is a ferry fast call, IsMatchCgo a cgo call for
// long inputs, IsMatchOnStack a fast call on a dedicated stack. Package
// regexp picks the mode per call.
package native

//go:generate ../../../build/ferry-gen --go . --go-package native ../../../rust/ferry-regex/rustre.h

// #cgo CFLAGS: -I${SRCDIR}/../../../rust/ferry-regex -I${SRCDIR}/../../../include
// #cgo LDFLAGS: -ldl -lm -lpthread
import "C"

// How Steps moves on after a match: as Go's FindAll or as ReplaceAll
// (rustre_steps.step).
const (
	StepFindAll = 0
	StepReplace = 1
)
