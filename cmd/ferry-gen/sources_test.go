// The Go command is ferry-gen: it compiles every C source of ferry-gen/
// but main.c, and generates what the C program does, plus the headers.
package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
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

// Go's build cache keys a cgo package on the files of its own directory,
// not on what sources.c includes from ferry-gen/: sources.c carries a hash
// of those files, so that a change to them rebuilds this command.
func TestSourcesHashIsCurrent(t *testing.T) {
	files, err := filepath.Glob("../../ferry-gen/*.[ch]")
	if err != nil {
		t.Fatal(err)
	}
	headers, _ := filepath.Glob("../../include/*.h")
	h := sha256.New()
	for _, path := range append(files, headers...) {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(path), len(text))
		h.Write(text)
	}
	want := fmt.Sprintf("/* ferry-gen sources hash: %x */", h.Sum(nil))
	text, err := os.ReadFile("sources.c")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(text, []byte(want)) {
		t.Errorf("sources.c does not carry the hash of ferry-gen/ and include/: make its last line\n%s", want)
	}
}
