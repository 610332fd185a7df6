#!/bin/sh
# fresh.sh FERRY_GEN DIR ARGS...: checked-in bindings outside fixtures/ must
# equal a fresh run. Runs FERRY_GEN ARGS in DIR (as the //go:generate line
# or the README says) with @OUT@ in ARGS replaced by a temporary directory,
# then compares every file written there with DIR/<the same path>, or
# with FRESH_CMP/<the same path> when FRESH_CMP names another directory
# (bindings written beside the interface's directory, not in it).
set -eu
gen=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=""
for a in "$@"; do
	args="$args $(printf '%s' "$a" | sed "s|@OUT@|$tmp|g")"
done
mkdir -p "$tmp/src" "$tmp/go"
# shellcheck disable=SC2086 # args is split on purpose
(cd "$dir" && "$gen" $args)
failed=0
count=0
for f in $(cd "$tmp" && find . -type f | sort); do
	count=$((count + 1))
	diff -u "${FRESH_CMP:-$dir}/$f" "$tmp/$f" || { echo "FAIL ${FRESH_CMP:-$dir}/$f differs from a fresh ferry-gen run"; failed=1; }
done
[ "$count" -gt 0 ] || { echo "FAIL $dir: ferry-gen wrote nothing"; exit 1; }
[ "$failed" = 0 ] && echo "ok   ${FRESH_CMP:-$dir}: $count generated files match a fresh run"
exit "$failed"
