// Package support holds the fixed Go text ferry-gen writes into generated
// packages, as Go that compiles: gofmt, go vet and the compiler check it
// here. Each region between "// ferry-gen:begin NAME" and "// ferry-gen:end"
// becomes the C string NAME in ferry-gen/support_text.c (made by
// ferry-gen/support/embed.sh; a test checks it is fresh). This file is not
// embedded: it declares, as a generated package does, what the regions
// use (the generated code writes these with the interface's names).
//
// Nothing imports this package.
package support

import (
	"unsafe"

	"github.com/ferry-ffi/ferry"
)

// Error is a generated package's Error (emit_go_helpers).
type Error struct {
	Func    string
	Status  ferry.Status
	Message string
}

func (e *Error) Error() string { return e.Func + ": " + e.Message }

// OnewayError is a generated package's hook for failed oneway calls.
var OnewayError func(err *Error)

const ferryNoImplMessage = "no Go implementation registered"

// ferryCAlloc is in a generated package's cgo file (emit_go_exports).
func ferryCAlloc(n uintptr) unsafe.Pointer {
	panic("support: not generated code")
}
