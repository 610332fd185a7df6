// The package has two builds (engine_go.go's build tag picks one): the
// Rust-backed files and Go's engine. They must declare the same exported
// API, or code that builds on linux/amd64 breaks elsewhere.
package regexp

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// exportedAPI lists the exported declarations of the package's non-test
// files that ctx selects, one line each: "func F(string) int",
// "method (*Regexp) M([]byte) bool", "const C", "type T".
func exportedAPI(t *testing.T, ctx build.Context) []string {
	t.Helper()
	pkg, err := ctx.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var api []string
	for _, name := range append(pkg.GoFiles, pkg.CgoFiles...) {
		f, err := parser.ParseFile(fset, filepath.Join(pkg.Dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			api = append(api, declAPI(decl)...)
		}
	}
	slices.Sort(api)
	return api
}

func declAPI(decl ast.Decl) []string {
	var out []string
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if !d.Name.IsExported() {
			return nil
		}
		sig := types.ExprString(d.Type)
		if d.Recv == nil {
			return []string{"func " + d.Name.Name + strings.TrimPrefix(sig, "func")}
		}
		recv := types.ExprString(d.Recv.List[0].Type)
		return []string{"method (" + recv + ") " + d.Name.Name + strings.TrimPrefix(sig, "func")}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if s.Name.IsExported() {
					out = append(out, "type "+s.Name.Name)
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.IsExported() {
						out = append(out, d.Tok.String()+" "+n.Name)
					}
				}
			}
		}
	}
	return out
}

func TestBothEnginesDeclareTheSameAPI(t *testing.T) {
	rust := build.Default
	rust.GOOS, rust.GOARCH, rust.CgoEnabled = "linux", "amd64", true
	goEngine := rust
	goEngine.BuildTags = []string{"ferry_goregexp"}
	a, b := exportedAPI(t, rust), exportedAPI(t, goEngine)
	for _, line := range a {
		if !slices.Contains(b, line) {
			t.Errorf("only the Rust-backed build declares %s (add it to engine_go.go)", line)
		}
	}
	for _, line := range b {
		if !slices.Contains(a, line) {
			t.Errorf("only Go's engine's build declares %s", line)
		}
	}
	if len(a) < 40 {
		t.Errorf("the Rust-backed build declares %d exported names; the parser missed some", len(a))
	}
}
