#!/bin/sh
# one-unit.sh CC FLAGS...: ferry-gen's sources but main.c compile as ONE
# translation unit (each #included into one file), the way the Go command
# cmd/ferry-gen builds them through cgo: no two files may define the same
# static name, type or macro.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$(pwd)
n=0
for f in ferry-gen/*.c; do
	[ "$f" = ferry-gen/main.c ] && continue
	echo "#include \"$root/$f\"" >>"$tmp/all.c"
	n=$((n + 1))
done
"$@" -Iferry-gen -c -o "$tmp/all.o" "$tmp/all.c"
echo "ok   ferry-gen: $n sources compile as one translation unit"
