package abi0floor_test

import (
	"testing"

	"github.com/ferry-ffi/ferry/internal/abi0floor"
	"github.com/ferry-ffi/ferry/internal/testlib"
)

func TestCall2(t *testing.T) {
	if got := abi0floor.Call2(testlib.Add, 40, 2); got != 42 {
		t.Fatalf("add(40, 2) = %d", got)
	}
}
