// Package refcheck finds comments and docs that name a file or a function
// that does not exist: the test in this package runs it over the whole
// repository, so `go test ./...` (and `make test`) fails when a rename
// leaves a comment behind.
//
// What counts as a reference, in the comments of *.c *.h *.go *.rs *.S *.s
// files and in docs/*.md and README.md:
//   - a path under one of the repository's top-level directories
//     (src/arch.S, ferry-gen/emit_go_call.c, docs/ferry-gen.md): it must
//     exist, from the repository root or from the directory of the file
//     that names it or any directory above that;
//   - a file name with a source extension (emit_c.c, ring.go): some file
//     in the repository must have that base name;
//   - an identifier followed by "()" (ferry_callback_call()): it must
//     occur in the code (not the comments) of some source file;
//   - "see NAME below" or "see NAME above": NAME must occur in the code of
//     the same file.
//
// Patterns and placeholders are not references: a path followed by *, <
// or {, and names holding an upper-case placeholder word (NAME_ferry.go,
// PREFIX_ring_serve).
package refcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Problem is one reference to something that does not exist.
type Problem struct {
	File string // relative to the root
	Line int
	Ref  string
	Why  string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Ref, p.Why)
}

// Options say where to look and what not to report.
type Options struct {
	// TopDirs are the directories a path reference may start with.
	TopDirs []string
	// Allow holds references that are right although nothing in the
	// repository defines them (a system header, a libc function).
	Allow map[string]bool
	// Skip holds directories (relative to the root) not to scan: build
	// output, other projects' trees.
	Skip []string
}

var (
	sourceExt = map[string]bool{".c": true, ".h": true, ".go": true, ".rs": true, ".S": true, ".s": true}
	fileRef   = regexp.MustCompile(`\b[A-Za-z0-9_][A-Za-z0-9_+-]*\.(?:c|h|go|rs|S|md|sh|mk|toml)\b`)
	callRef   = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*)\(\)`)
	seeRef    = regexp.MustCompile(`\bsee ([A-Za-z_][A-Za-z0-9_]*) (?:below|above)\b`)
	wordRe    = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	// An upper-case placeholder word: NAME, PREFIX, PKG, X (in NAME_x,
	// FerryArgsX, ...), but not a real constant such as FERRY_OK.
	placeholder = regexp.MustCompile(`(?:^|[_/.])(?:NAME|PREFIX|PKG|VAR|ARCH|OS|N|X|T)(?:$|[_/.])|[a-z](?:X|N|NAME)\b`)
)

type source struct {
	rel      string
	code     string // the file with its comments blanked
	comments []comment
}

type comment struct {
	line int
	text string
}

// Check scans the tree at root and returns every problem, in file order.
func Check(root string, o Options) ([]Problem, error) {
	var files []string
	bases := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "target" || skipped(rel, o.Skip)) {
				return filepath.SkipDir
			}
			return nil
		}
		bases[d.Name()] = true
		files = append(files, rel)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)

	var sources []source
	words := map[string]bool{}
	for _, rel := range files {
		ext := filepath.Ext(rel)
		isDoc := ext == ".md" && (strings.HasPrefix(rel, "docs/") || rel == "README.md")
		if !sourceExt[ext] && !isDoc {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			return nil, err
		}
		s := source{rel: rel}
		if isDoc {
			s.comments = []comment{{1, withoutCodeBlocks(string(data))}}
		} else {
			s.code, s.comments = splitComments(string(data), ext)
			for _, w := range wordRe.FindAllString(s.code, -1) {
				words[w] = true
			}
		}
		sources = append(sources, s)
	}
	var problems []Problem
	for _, s := range sources {
		var local map[string]bool
		for _, c := range s.comments {
			report := func(off int, ref, why string) {
				if o.Allow[ref] {
					return
				}
				line := c.line + strings.Count(c.text[:off], "\n")
				problems = append(problems, Problem{s.rel, line, ref, why})
			}
			for _, m := range pathRefs(c.text, o.TopDirs) {
				ref := c.text[m[0]:m[1]]
				if !pathExists(root, s.rel, ref) {
					report(m[0], ref, "no such file or directory")
				}
			}
			for _, m := range fileRef.FindAllStringIndex(c.text, -1) {
				ref := c.text[m[0]:m[1]]
				if m[0] > 0 && strings.ContainsRune("/.-<", rune(c.text[m[0]-1])) {
					continue // part of a path (checked above) or a system header
				}
				if m[1] < len(c.text) && strings.ContainsRune("*<{%$", rune(c.text[m[1]])) {
					continue
				}
				if !bases[ref] && !placeholder.MatchString(ref) {
					report(m[0], ref, "no file has this name")
				}
			}
			for _, m := range callRef.FindAllStringSubmatchIndex(c.text, -1) {
				name := c.text[m[2]:m[3]]
				if m[2] > 0 && strings.ContainsRune(".:", rune(c.text[m[2]-1])) && words[name] {
					continue
				}
				if !words[name] && !placeholder.MatchString(name) {
					report(m[2], name+"()", "no code names this function")
				}
			}
			for _, m := range seeRef.FindAllStringSubmatchIndex(c.text, -1) {
				name := c.text[m[2]:m[3]]
				if local == nil {
					local = map[string]bool{}
					for _, w := range wordRe.FindAllString(s.code, -1) {
						local[w] = true
					}
				}
				if !local[name] {
					report(m[2], name, "not in this file's code")
				}
			}
		}
	}
	sort.SliceStable(problems, func(i, j int) bool {
		if problems[i].File != problems[j].File {
			return problems[i].File < problems[j].File
		}
		return problems[i].Line < problems[j].Line
	})
	return problems, nil
}

// withoutCodeBlocks blanks a Markdown file's fenced code blocks (keeping
// their lines): they show examples, not the repository's files.
func withoutCodeBlocks(md string) string {
	lines := strings.Split(md, "\n")
	in := false
	for i, l := range lines {
		fence := strings.HasPrefix(strings.TrimSpace(l), "```")
		if fence || in {
			lines[i] = ""
		}
		if fence {
			in = !in
		}
	}
	return strings.Join(lines, "\n")
}

func skipped(rel string, skip []string) bool {
	for _, s := range skip {
		if rel == s {
			return true
		}
	}
	return false
}

// pathRefs finds the paths in text that start with a top-level directory.
func pathRefs(text string, tops []string) [][]int {
	var out [][]int
	for i := 0; i < len(text); i++ {
		if i > 0 && isPathChar(text[i-1]) {
			continue
		}
		for _, top := range tops {
			if !strings.HasPrefix(text[i:], top+"/") {
				continue
			}
			j := i + len(top) + 1
			for j < len(text) && isPathChar(text[j]) {
				j++
			}
			if j < len(text) && strings.ContainsRune("*<{%$(", rune(text[j])) {
				break // a pattern or a placeholder
			}
			// Trailing punctuation ends a sentence, not a path.
			for j > i+len(top)+1 && strings.ContainsRune(".-", rune(text[j-1])) {
				j--
			}
			if placeholder.MatchString(text[i:j]) || strings.Contains(text[i:j], "target/") {
				break // a placeholder, or build output
			}
			out = append(out, []int{i, j})
			break
		}
	}
	return out
}

func isPathChar(c byte) bool {
	return c == '_' || c == '.' || c == '/' || c == '-' || c == '+' ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// pathExists looks for ref from the root and from the directory of the
// file that names it, and every directory between.
func pathExists(root, from, ref string) bool {
	dir := filepath.Dir(from)
	for {
		if _, err := os.Stat(filepath.Join(root, dir, ref)); err == nil {
			return true
		}
		if dir == "." {
			return false
		}
		dir = filepath.Dir(dir)
	}
}

// splitComments returns src with its comments blanked out (newlines kept)
// and the comments themselves, for C, Go, Rust and assembly. String and
// character literals are code: what looks like a comment inside one is
// not taken out.
func splitComments(src, ext string) (string, []comment) {
	code := []byte(src)
	var comments []comment
	line := 1
	blank := func(from, to int) {
		for k := from; k < to; k++ {
			if code[k] != '\n' {
				code[k] = ' '
			}
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case strings.HasPrefix(src[i:], "//"):
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = len(src) - i
			}
			comments = append(comments, comment{line, src[i : i+j]})
			blank(i, i+j)
			i += j
		case strings.HasPrefix(src[i:], "/*"):
			j := strings.Index(src[i+2:], "*/")
			end := len(src)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			comments = append(comments, comment{line, src[i:end]})
			line += strings.Count(src[i:end], "\n")
			blank(i, end)
			i = end
		case c == '"' || c == '`' && ext == ".go":
			j := i + 1
			for j < len(src) && src[j] != c && !(c == '"' && src[j] == '\n') {
				if src[j] == '\\' && c == '"' {
					j++
				}
				j++
			}
			line += strings.Count(src[i:min(j+1, len(src))], "\n")
			i = j + 1
		case c == '\'' && ext != ".rs":
			// A character literal; in Rust a quote may start a lifetime.
			j := i + 1
			for j < len(src) && src[j] != '\'' && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			i = j + 1
		default:
			i++
		}
	}
	return string(code), comments
}
