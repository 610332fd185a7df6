package refcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var repoOptions = Options{
	TopDirs: []string{"src", "include", "ferry-gen", "docs", "test", "ring",
		"rust", "regexp", "fixtures", "examples", "internal", "cmd",
		"scripts", "mk", "xxhash"},
	Skip: []string{"build"},
	Allow: map[string]bool{
		"DESIGN.md":     true, // the project's design notes, beside the repository
		"go_asm.h":      true, // made by the Go toolchain for assembly
		"regexp/syntax": true, // Go's standard library
		// The example interface of docs/ferry-gen.md.
		"geo.h": true, "geo_ferry.h": true, "interface.h": true,
	},
}

// TestRepository: every file and function the repository's comments and
// docs name exists.
func TestRepository(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	problems, err := Check(root, repoOptions)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// TestFinds: each kind of wrong reference is reported, with its line, and
// the right ones and the patterns are not.
func TestFinds(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("src/arch.S", "/* arch.S: see src/arch.S, not src/call.S. */\n")
	write("src/a.c", "/* a.c: calls helper() and gone(); see helper below,\n"+
		" * see missing above; src/test-*.c is a pattern, NAME_ferry.go a\n"+
		" * placeholder; old.c is gone. */\n"+
		"static void helper(void) { puts(\"// gone2()\"); }\n")
	write("docs/x.md", "See `src/a.c` and [b](src/b.c), `vanished()`.\n")
	problems, err := Check(root, Options{TopDirs: []string{"src", "docs"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		"docs/x.md:1: src/b.c: no such file or directory",
		"docs/x.md:1: vanished(): no code names this function",
		"src/a.c:1: gone(): no code names this function",
		"src/a.c:2: missing: not in this file's code",
		"src/a.c:3: old.c: no file has this name",
		"src/arch.S:1: src/call.S: no such file or directory",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
