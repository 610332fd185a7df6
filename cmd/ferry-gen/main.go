// Command ferry-gen is ferry's interface compiler as a Go command: the C
// sources `make ferry-gen` builds (ferry-gen/, see sources.c) compiled
// through cgo, so a Go project runs it with nothing installed:
//
//	go run github.com/ferry-ffi/ferry/cmd/ferry-gen --go . --go-package geo geo.h
//	//go:generate go run github.com/ferry-ffi/ferry/cmd/ferry-gen --go . geo.h
//
// The arguments and outputs are ferry-gen's (docs/ferry-gen.md). With
// --go DIR it also writes ferry's C headers (ferry.h, ferry_gen.h,
// ferry_ring.h, from package include) into DIR, where cgo finds them: the
// generated files and the interface file include them, and a module in
// Go's module cache cannot be named by a -I flag (docs/outside.md).
package main

/*
#cgo CFLAGS: -std=c11 -D_POSIX_C_SOURCE=200809L -O2
#cgo CFLAGS: -I${SRCDIR}/../../include -I${SRCDIR}/../../ferry-gen
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"

static int run(int argc, char **argv) {
	int status = ferry_gen_main(argc, argv);
	fflush(NULL); // Go's os.Exit does not flush C's stdio
	return status;
}
*/
import "C"

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"unsafe"

	"github.com/ferry-ffi/ferry/include"
)

func main() {
	status := run(os.Args)
	if status == 0 {
		if dir, ok := goDir(os.Args[1:]); ok {
			if err := writeHeaders(dir); err != nil {
				fmt.Fprintln(os.Stderr, "ferry-gen:", err)
				status = 1
			}
		}
	}
	os.Exit(status)
}

// run calls ferry-gen's C main with args (args[0] the program name).
func run(args []string) int {
	argv := make([]*C.char, len(args)+1)
	for i, a := range args {
		argv[i] = C.CString(a)
		defer C.free(unsafe.Pointer(argv[i]))
	}
	return int(C.run(C.int(len(args)), &argv[0]))
}

// goDir is the value of --go in ferry-gen's arguments, if there is one.
func goDir(args []string) (string, bool) {
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--go" {
			return args[i+1], true
		}
	}
	return "", false
}

// writeHeaders writes package include's headers into dir, leaving files
// that already have the same bytes untouched (no rebuild for nothing).
func writeHeaders(dir string) error {
	return fs.WalkDir(include.Headers, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, err := include.Headers.ReadFile(name)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, name)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, text) {
			return nil
		}
		return os.WriteFile(path, text, 0o644)
	})
}
