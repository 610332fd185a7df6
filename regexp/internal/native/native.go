// Package native is the boundary between package regexp and Rust's regex
// engine (rust/ferry-regex): bindings that ferry-gen generated from
// rust/ferry-regex/rustre.h (rustre_ferry*.go; make test checks they match
// a fresh run), linked against the crate's staticlib.
//
// Each search has three wrappers, one per mode (rustre.h lists three mode
// annotations): IsMatch is a ferry fast call, IsMatchCgo a cgo call for
// long inputs, IsMatchOnStack a fast call on a dedicated stack. Package
// regexp picks the mode per call.
//
// Build the library first: cargo build --release -p ferry-regex (in rust/).
package native

//go:generate ../../../build/ferry-gen --go . --go-package native ../../../rust/ferry-regex/rustre.h

// #cgo CFLAGS: -I${SRCDIR}/../../../rust/ferry-regex -I${SRCDIR}/../../../include
// #cgo LDFLAGS: ${SRCDIR}/../../../rust/target/release/libferry_regex.a -ldl -lm -lpthread
import "C"

// How Steps moves on after a match: as Go's FindAll or as ReplaceAll
// (rustre_steps.step).
const (
	StepFindAll = 0
	StepReplace = 1
)
