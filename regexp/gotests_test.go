//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	stdregexp "regexp"
	"sort"
	"strings"
	"testing"
)

// TestGoRegexpSuite runs Go's own regexp tests (the files all_test,
// exec_test and find_test in $(go env GOROOT)/src/regexp) against this
// package.
// They are internal tests of package regexp, so they are compiled into
// this package in place of its own test files, through a go build
// overlay: nothing is copied into the repository. The files are adapted
// where they name Go's implementation (below); every test they declare
// must pass, but those in goSkips, which are skipped with their reason.
func TestGoRegexpSuite(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to build Go's regexp tests with")
	}
	out, err := exec.Command(goTool, "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	goSrc := filepath.Join(strings.TrimSpace(string(out)), "src", "regexp")
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	overlay := map[string]string{}
	// This package's own test files are left out (names would clash).
	own, _ := filepath.Glob(filepath.Join(here, "*_test.go"))
	for _, f := range own {
		overlay[f] = ""
	}
	var tests []string
	for _, name := range []string{"all_test.go", "exec_test.go", "find_test.go"} {
		src, err := os.ReadFile(filepath.Join(goSrc, name))
		if err != nil {
			t.Fatalf("Go's regexp tests: %v", err)
		}
		adapted, declared := adaptGoTest(t, name, src, filepath.Join(goSrc, "testdata"))
		tests = append(tests, declared...)
		path := filepath.Join(tmp, "go_"+name)
		if err := os.WriteFile(path, adapted, 0o644); err != nil {
			t.Fatal(err)
		}
		overlay[filepath.Join(here, "go_"+name)] = path
	}
	// Named to sort last: its test runs after Go's.
	adapter := filepath.Join(tmp, "go_zz_adapter_test.go")
	if err := os.WriteFile(adapter, []byte(goAdapter), 0o644); err != nil {
		t.Fatal(err)
	}
	overlay[filepath.Join(here, "go_zz_adapter_test.go")] = adapter
	tests = append(tests, "TestZFerryAnswered")
	js, _ := json.Marshal(map[string]any{"Replace": overlay})
	overlayFile := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlayFile, js, 0o644); err != nil {
		t.Fatal(err)
	}
	for name := range goSkips {
		if !contains(tests, name) {
			t.Errorf("goSkips names %s, which Go's tests no longer declare", name)
		}
	}

	cmd := exec.Command(goTool, "test", "-count=1", "-v", "-overlay", overlayFile, "-run", "^Test", ".")
	cmd.Dir = here
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	err = cmd.Run()
	passed, skipped := map[string]bool{}, map[string]bool{}
	for _, line := range strings.Split(log.String(), "\n") {
		if m := resultLine.FindStringSubmatch(line); m != nil {
			passed[m[2]] = m[1] == "PASS"
			skipped[m[2]] = m[1] == "SKIP"
		}
	}
	var ran []string
	for _, name := range tests {
		switch {
		case goSkips[name] != "":
			if !skipped[name] {
				t.Errorf("%s: not skipped", name)
			}
		case passed[name]:
			ran = append(ran, name)
		default:
			t.Errorf("Go's %s did not pass", name)
		}
	}
	if err != nil || t.Failed() {
		t.Fatalf("go test of Go's regexp tests: %v\n%s", err, log.String())
	}
	sort.Strings(ran)
	t.Logf("%d of Go's regexp tests passed against ferry, %d skipped: %s", len(ran), len(goSkips), strings.Join(ran, " "))
}

var resultLine = stdregexp.MustCompile(`^--- (PASS|FAIL|SKIP): (Test\w+) `)

// goSkips: Go's tests that test Go's implementation rather than the API,
// and why they cannot run here. They are skipped by name.
var goSkips = map[string]string{
	"TestOnePassCutoff": "tests Go's one-pass compiler (compileOnePass), which this package does not have",
}

// goBenchSkips: Go's benchmarks that name Go's implementation; they do
// not run here, but must compile.
var goBenchSkips = map[string]string{
	"BenchmarkMatch_onepass_regex": "checks Go's one-pass program (Regexp.onepass)",
}

// goAdapter gives Go's tests the internals they name, as this package's
// equivalents, makes every Regexp build its Rust regex when compiled (so
// that the Rust engine answers Go's tests, not only Go's engine), and
// checks after Go's tests that the Rust engine was used and never failed.
const goAdapter = `package regexp

import (
	"regexp/syntax"
	"testing"
)

func init() { eagerBuild = true }

func TestZFerryAnswered(t *testing.T) {
	if re := MustCompile("(a+)(b)"); re.handle.Load() == nil {
		t.Error("Compile did not build the Rust regex: Go's tests ran on Go's engine")
	}
	if n := engineFailures.Load(); n != 0 {
		t.Errorf("the Rust engine failed %d times during Go's tests", n)
	}
}

// special: which bytes QuoteMeta escapes.
func special(b byte) bool { return isMeta(b) }

// minInputLen: the shortest match in bytes, this package's minLen.
func minInputLen(re *syntax.Regexp) int { return minLen(re) }

// maxBacktrackVector: TestSwitchBacktrack needs an input longer than the
// one Go's backtracker takes (256 Ki positions); any engine must give the
// same answers on it.
const maxBacktrackVector = 256 * 1024
`

// adaptGoTest rewrites one of Go's test files for this package: the
// test data is read from GOROOT; Go's testenv package (internal to the
// standard library, not importable here) is replaced by its only use, the builder name (empty: not a Go
// builder); the tests and benchmarks in goSkips and goBenchSkips get a
// body that skips with the reason. It returns the file and the names of
// the tests it declares.
func adaptGoTest(t *testing.T, name string, src []byte, testdata string) ([]byte, []string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var tests []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			fn := n.Name.Name
			if strings.HasPrefix(fn, "Test") && n.Recv == nil {
				tests = append(tests, fn)
			}
			if why := goSkips[fn] + goBenchSkips[fn]; why != "" {
				param := n.Type.Params.List[0].Names[0].Name // t or b
				n.Body.List = []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
					Fun:  &ast.SelectorExpr{X: ast.NewIdent(param), Sel: ast.NewIdent("Skip")},
					Args: []ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: quote("ferry: " + why)}},
				}}}
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING && strings.HasPrefix(n.Value, `"testdata/`) {
				n.Value = quote(filepath.Join(testdata, strings.TrimPrefix(n.Value[1:len(n.Value)-1], "testdata/")))
			}
		case *ast.CallExpr:
			// testenv.Builder() -> ""
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "testenv" && sel.Sel.Name == "Builder" {
					n.Fun = ast.NewIdent("builderName")
				}
			}
		}
		return true
	})
	usesTestenv := false
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			specs := g.Specs[:0]
			for _, spec := range g.Specs {
				if spec.(*ast.ImportSpec).Path.Value == `"internal/testenv"` {
					usesTestenv = true
					continue
				}
				specs = append(specs, spec)
			}
			g.Specs = specs
		}
	}
	var out bytes.Buffer
	if err := format.Node(&out, fset, f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if usesTestenv {
		out.WriteString("\n// builderName stands for internal/testenv.Builder: not a Go builder.\nfunc builderName() string { return \"\" }\n")
	}
	// Nothing else may name internal packages.
	if bytes.Contains(out.Bytes(), []byte(`"internal/`)) {
		t.Fatalf("%s imports another internal package: adapt it", name)
	}
	return out.Bytes(), tests
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
