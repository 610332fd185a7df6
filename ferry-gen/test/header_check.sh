#!/bin/sh
# header_check.sh FERRY_GEN: FERRY_HEADER's check file stops the build of a
# Go package whose interface file differs from the library's header
# (ferry-gen/testdata/header: wrong.h against wrong_lib.h), and the
# compiler's messages name each function with both declarations, and each
# constant whose value differs. The package is built where go build sees
# the repository's module (build/, ignored by git).
set -u
GO=${GO:-go}
gen=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
pkg=build/header-check
rm -rf "$pkg"
mkdir -p "$pkg"
trap 'rm -rf "$pkg"' EXIT
"$gen" --go "$pkg" --go-package wrong ferry-gen/testdata/header/wrong.h || exit 1
[ -f "$pkg/wrong_ferry_check.c" ] || { echo "FAIL no wrong_ferry_check.c"; exit 1; }
cat >"$pkg/link.go" <<'GO'
package wrong

// #cgo CFLAGS: -I${SRCDIR}/../../ferry-gen/testdata/header -I${SRCDIR}/../../include
import "C"
GO
if $GO build -o /dev/null "./$pkg" >"$pkg.out" 2>&1; then
	echo "FAIL header check: a package whose interface differs from its header built"
	exit 1
fi
failed=0
for want in "conflicting types for .wrong_len.; have .size_t(ferry_str)" \
	"previous declaration of .wrong_len. with type .size_t(const char \*)" \
	"conflicting types for .wrong_total.; have .int64_t(int)" \
	"previous declaration of .wrong_total. with type .long long int(int)" \
	"conflicting types for .wrong_args.; have .int(int)" \
	"previous declaration of .wrong_args." \
	"WRONG_SLOW: the interface file says 3" \
	"WRONG_FLAG: the interface file says 2"; do
	grep -q "$want" "$pkg.out" || { echo "FAIL header check: no message matching: $want"; failed=1; }
done
if grep -q "wrong_ok" "$pkg.out"; then
	echo "FAIL header check: wrong_ok matches its header but was reported"
	failed=1
fi
[ "$failed" = 0 ] || { cat "$pkg.out"; rm -f "$pkg.out"; exit 1; }
rm -f "$pkg.out"
echo "ok   ferry-gen header check: a differing interface fails to build, naming both declarations"
