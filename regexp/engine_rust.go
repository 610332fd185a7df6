//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

// Engine names the engine that answers: "rust" (Rust's regex crate through
// ferry fast calls, linked from internal/native/rustre_linux_amd64.syso) or
// "go" (Go's regexp package, on platforms without the Rust object; see
// engine_go.go).
func Engine() string { return "rust" }
