//go:build !(linux && (amd64 || arm64) && cgo)

// Package unsupported fails to compile, on purpose, with one line that
// says why: package ferry imports it (unsupported.go) on the platforms
// where ferry cannot run, so that `go build` stops here instead of
// listing the C runtime's symbols it cannot find.
package unsupported

var _ = ferry_runs_only_on_linux_amd64_and_linux_arm64_built_with_cgo
