#!/bin/sh
# diagnostics.sh FERRY_GEN: bad interface files must give exactly the
# expected file:line:col: messages (all of them), exit status 1 and no
# output files; command-line misuse exits 2; --help exits 0.
set -u
gen=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
cases=0
errors=0
for input in ferry-gen/testdata/bad/*.h; do
	name=$(basename "$input")
	cases=$((cases + 1))
	out="$tmp/out"
	rm -rf "$out"
	mkdir -p "$out/go"
	(cd ferry-gen/testdata/bad && "$gen" --go "$out/go" --c "$out/x.h" \
		--rust "$out/x.rs" "$name" >"$tmp/stdout" 2>"$tmp/stderr")
	rc=$?
	if [ "$rc" != 1 ]; then
		echo "FAIL $name: exit status $rc, want 1"
		failed=1
	fi
	if ! diff -u "$input.expected" "$tmp/stderr"; then
		echo "FAIL $name: messages differ from $input.expected"
		failed=1
	fi
	if [ -s "$tmp/stdout" ]; then
		echo "FAIL $name: wrote to stdout"
		failed=1
	fi
	left=$(find "$out" -type f | wc -l)
	if [ "$left" != 0 ]; then
		echo "FAIL $name: left $left output files"
		failed=1
	fi
	errors=$((errors + $(wc -l <"$input.expected")))
done

# The same checks for the command line itself.
expect_status() {
	want=$1
	shift
	"$gen" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	cases=$((cases + 1))
	if [ "$rc" != "$want" ]; then
		echo "FAIL ferry-gen $*: exit status $rc, want $want"
		failed=1
	fi
}
expect_status 0 --help
grep -q '^usage: ferry-gen' "$tmp/stdout" || { echo "FAIL --help prints no usage"; failed=1; }
# --help and the man page document the same options.
for opt in --go --go-package --go-impl --rust --c --check --help; do
	grep -q -- "$opt " "$tmp/stdout" || { echo "FAIL --help does not mention $opt"; failed=1; }
	grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" docs/ferry-gen.1 ||
		{ echo "FAIL docs/ferry-gen.1 does not mention $opt"; failed=1; }
done
expect_status 2
expect_status 2 --bogus fixtures/numbers/numbers.h
expect_status 2 --go
expect_status 2 fixtures/numbers/numbers.h
expect_status 2 --go-package x --c "$tmp/x.h" fixtures/numbers/numbers.h
# --go-impl names a Go variable, for a file with FERRY_GO functions, and
# needs --go; nothing is written when it is wrong.
mkdir -p "$tmp/g"
expect_status 2 --go-impl impl --c "$tmp/x.h" fixtures/gofuncs/gofuncs.h
expect_status 2 --go "$tmp/g" --go-impl 9lives fixtures/gofuncs/gofuncs.h
expect_status 2 --go "$tmp/g" --go-impl ferryImpl fixtures/gofuncs/gofuncs.h
grep -q 'not a Go identifier' "$tmp/stderr" || { echo "FAIL --go-impl ferryImpl: no reason given"; failed=1; }
expect_status 2 --go "$tmp/g" --go-impl impl fixtures/numbers/numbers.h
grep -q 'no FERRY_GO functions' "$tmp/stderr" || { echo "FAIL --go-impl without FERRY_GO functions: no reason given"; failed=1; }
[ -z "$(ls "$tmp/g")" ] || { echo "FAIL a wrong --go-impl left files in $tmp/g"; failed=1; }
expect_status 1 --check "$tmp/missing.h"
expect_status 0 --check fixtures/numbers/numbers.h
# An output that cannot be written: nothing is left behind.
mkdir -p "$tmp/ro"
expect_status 1 --c "$tmp/nodir/x.h" --rust "$tmp/ro/x.rs" fixtures/numbers/numbers.h
[ -z "$(ls "$tmp/ro")" ] || { echo "FAIL a failed run left files in $tmp/ro"; failed=1; }

[ "$failed" = 0 ] || exit 1
echo "ok   ferry-gen diagnostics: $cases cases, $errors expected messages"
