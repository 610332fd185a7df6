//go:build !(linux && (amd64 || arm64) && cgo)

// Where ferry cannot run (another OS or architecture, or cgo disabled),
// the build fails in internal/unsupported with one line saying which
// platforms ferry supports, not in this package's C-runtime references.
package ferry

import _ "github.com/ferry-ffi/ferry/internal/unsupported"
