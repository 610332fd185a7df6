// The Go command is ferry-gen: it compiles every C source of ferry-gen/
// but main.c, and generates what the C program does, plus the headers.
package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

func TestSourcesListEveryFerryGenFileButMain(t *testing.T) {
	text, err := os.ReadFile("sources.c")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, m := range regexp.MustCompile(`(?m)^#include "\.\./\.\./ferry-gen/([^"]+)"$`).FindAllSubmatch(text, -1) {
		listed = append(listed, string(m[1]))
	}
	all, err := filepath.Glob("../../ferry-gen/*.c")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, path := range all {
		if name := filepath.Base(path); name != "main.c" {
			want = append(want, name)
		}
	}
	slices.Sort(listed)
	if !slices.Equal(listed, want) {
		t.Errorf("sources.c includes %v; ferry-gen/ has %v besides main.c: update sources.c", listed, want)
	}
}

// The numbers fixture's Go files, generated in-process, are the committed
// ones (made by the C program), and the headers are include/'s.
func TestGeneratesWhatTheCProgramDoes(t *testing.T) {
	out := t.TempDir()
	t.Chdir("../../fixtures/numbers/go")
	if st := run([]string{"ferry-gen", "--go", out, "--go-package", "numbers", "../numbers.h"}); st != 0 {
		t.Fatalf("ferry-gen exited with %d", st)
	}
	if err := writeHeaders(out); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"numbers_ferry.go", "numbers_ferry_cgo.go", "../../../include/ferry.h",
		"../../../include/ferry_gen.h", "../../../include/ferry_ring.h"} {
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, filepath.Base(name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: generated %d bytes (%v), the committed file has %d", filepath.Base(name), len(got), err, len(want))
		}
	}
	if st := run([]string{"ferry-gen", "--go", out, "no-such.h"}); st != 1 {
		t.Errorf("a missing interface file: exit status %d, want 1", st)
	}
}
