#!/bin/sh
# languages.sh: the generated code of every fixture passes each language's
# tools and tests.
#   Go:   gofmt -l, go vet, the fixture tests (and under the race detector)
#   C:    the generated header compiles as C11 and as C++ with -Wall -Werror
#   Rust: rustfmt --check, and the fixture crates' cargo clippy and test
set -eu
GO=${GO:-go}
CC=${CC:-gcc}
CXX=${CXX:-g++}
unformatted=$(gofmt -l fixtures)
if [ -n "$unformatted" ]; then
	echo "FAIL not gofmt-clean: $unformatted"
	exit 1
fi
$GO vet ./fixtures/...
$GO test -count=1 ./fixtures/...
$GO test -count=1 -race ./fixtures/...
for h in fixtures/*/golden/*_ferry.h; do
	$CC -std=c11 -Wall -Wextra -Werror -pedantic -Iinclude -fsyntax-only -x c "$h"
	$CXX -Wall -Wextra -Werror -Iinclude -fsyntax-only -x c++ "$h"
done
echo "ok   generated C headers compile as C11 and C++"
rustfmt --edition 2021 --check fixtures/*/golden/*_ferry.rs
echo "ok   generated Rust is rustfmt-clean"
crates=0
for crate in fixtures/*/rust; do
	crates=$((crates + 1))
	(cd "$crate" && cargo fmt --check &&
		CARGO_TARGET_DIR=../../../build/fixtures-rust \
			cargo clippy --quiet --all-targets -- -D warnings &&
		CARGO_TARGET_DIR=../../../build/fixtures-rust cargo test --quiet &&
		CARGO_TARGET_DIR=../../../build/fixtures-rust cargo build --quiet)
done
echo "ok   $crates Rust fixture crates: rustfmt, clippy -D warnings, cargo test"
# Go calling the Rust implementation (the staticlib built just above).
$GO test -count=1 -tags ferry_rust ./fixtures/records/gorust
