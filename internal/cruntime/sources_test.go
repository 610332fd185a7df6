package cruntime

import (
	"testing"

	"github.com/ferry-ffi/ferry/internal/cruntime/sourcehash"
)

// zsources.go must match src/ and include/, or Go may link a stale build
// of the C runtime from its cache. Fix: go generate ./internal/cruntime
func TestSourcesHashUpToDate(t *testing.T) {
	sum, err := sourcehash.Compute("../..")
	if err != nil {
		t.Fatal(err)
	}
	if sum != SourcesHash {
		t.Fatalf("zsources.go is stale (%s, sources are %s): run go generate ./internal/cruntime", SourcesHash, sum)
	}
}
