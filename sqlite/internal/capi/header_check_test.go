package capi

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHeaderCheckCatchesADifferentPrototype builds this package with one
// declaration of the generated check file (capi_ferry_check.c, from
// FERRY_HEADER(<sqlite3.h>) in capi.h) changed to a width SQLite does not
// have, through a build overlay: the build must fail, naming the function
// and the real header's declaration. The unchanged package builds (it is
// the package under test).
func TestHeaderCheckCatchesADifferentPrototype(t *testing.T) {
	check, err := os.ReadFile("capi_ferry_check.c")
	if err != nil {
		t.Fatal(err)
	}
	const good = "int sqlite3_column_bytes("
	if !strings.Contains(string(check), "\n"+good) {
		t.Fatalf("capi_ferry_check.c does not declare %q", good)
	}
	dir := t.TempDir()
	wrong := filepath.Join(dir, "check.c")
	bad := strings.Replace(string(check), "\n"+good, "\nlong long sqlite3_column_bytes(", 1)
	if err := os.WriteFile(wrong, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	here, err := filepath.Abs("capi_ferry_check.c")
	if err != nil {
		t.Fatal(err)
	}
	overlay, _ := json.Marshal(map[string]map[string]string{"Replace": {here: wrong}})
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "build", "-overlay", overlayFile, ".").CombinedOutput()
	if err == nil {
		t.Fatal("the build with a differing prototype succeeded")
	}
	for _, want := range []string{"conflicting types for", "sqlite3_column_bytes", "sqlite3.h"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("build output lacks %q:\n%s", want, out)
		}
	}
}
