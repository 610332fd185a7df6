#!/bin/sh
# golden.sh FERRY_GEN: regenerates every fixture and library package into a
# temporary directory and compares with the checked-in outputs, byte for byte. Each fixture is
# generated the way its go/impl.go's //go:generate line does it, from its
# go/ directory, so line 1 (the command) matches too. A second run must
# give the same bytes (stable output).
set -eu
gen=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
count=0
for dir in fixtures/*/; do
	name=$(basename "$dir")
	[ -f "$dir/$name.h" ] || continue
	# A fixture without a Rust implementation (one binding an existing C
	# library) has no Rust module.
	rs=${name}_ferry.rs
	[ -d "$dir/rust" ] || rs=
	for run in 1 2; do
		out="$tmp/$name.$run"
		mkdir -p "$out/go"
		(cd "$dir/go" && "$gen" --go "$out/go" --go-package "$name" \
			--c "$out/${name}_ferry.h" ${rs:+--rust "$out/$rs"} "../$name.h")
	done
	if ! diff -r "$tmp/$name.1" "$tmp/$name.2" >/dev/null; then
		echo "FAIL $name: two runs gave different output"
		failed=1
	fi
	out="$tmp/$name.1"
	# Every Go package of the fixture (go/, and gorust/ where Go links the
	# Rust implementation) holds the same generated files.
	for pkg in "$dir"go/ "$dir"gorust/; do
		[ -d "$pkg" ] || continue
		for f in ${name}_ferry.go ${name}_ferry_cgo.go; do
			count=$((count + 1))
			diff -u "$pkg$f" "$out/go/$f" || { echo "FAIL $pkg$f differs from a fresh run"; failed=1; }
		done
	done
	for f in ${name}_ferry.h $rs; do
		count=$((count + 1))
		diff -u "$dir/golden/$f" "$out/$f" || { echo "FAIL ${dir}golden/$f differs from a fresh run"; failed=1; }
	done
	# Nothing else may be generated.
	extra=$(cd "$out" && find . -type f | LC_ALL=C sort | tr '\n' ' ')
	want=$(printf '%s\n' ./go/${name}_ferry.go ./go/${name}_ferry_cgo.go \
		./${name}_ferry.h ${rs:+./$rs} | LC_ALL=C sort | tr '\n' ' ')
	if [ "$extra" != "$want" ]; then
		echo "FAIL $name: generated files are: $extra"
		failed=1
	fi
done
# Packages that bind an existing C library: only their Go side is
# generated, by the package's own //go:generate line (from the package
# directory, interface file beside the Go files).
libraries="xxhash"
for pkg in $libraries; do
	for run in 1 2; do
		mkdir -p "$tmp/lib-$pkg.$run"
		(cd "$pkg" && "$gen" --go "$tmp/lib-$pkg.$run" --go-package "$pkg" "$pkg.h")
	done
	if ! diff -r "$tmp/lib-$pkg.1" "$tmp/lib-$pkg.2" >/dev/null; then
		echo "FAIL $pkg: two runs gave different output"
		failed=1
	fi
	for f in ${pkg}_ferry.go ${pkg}_ferry_cgo.go; do
		count=$((count + 1))
		diff -u "$pkg/$f" "$tmp/lib-$pkg.1/$f" || { echo "FAIL $pkg/$f differs from a fresh run"; failed=1; }
	done
done
[ "$count" -gt 0 ] || { echo "FAIL no fixtures found from $root"; exit 1; }
[ "$failed" = 0 ] || exit 1
echo "ok   ferry-gen golden: $count files of $(ls -d fixtures/*/ | wc -l) fixtures and $(echo $libraries | wc -w) library package match, output stable"
