#!/bin/sh
# support.sh: ferry-gen/support_text.{c,h} are what
# ferry-gen/support/embed.sh makes of the support files now (regenerate
# with the command in embed.sh), and the support files pass their
# language's checks: gofmt and go vet for the Go package (the Rust crate
# is checked with the fixture crates, languages.sh).
set -eu
GO=${GO:-go}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh ferry-gen/support/embed.sh "$tmp/support_text.c" "$tmp/support_text.h"
failed=0
for f in support_text.c support_text.h; do
	diff -u "ferry-gen/$f" "$tmp/$f" ||
		{ echo "FAIL ferry-gen/$f is stale: run sh ferry-gen/support/embed.sh ferry-gen/support_text.c ferry-gen/support_text.h"; failed=1; }
done
unformatted=$(gofmt -l ferry-gen/support/go)
[ -z "$unformatted" ] || { echo "FAIL not gofmt-clean: $unformatted"; failed=1; }
$GO vet ./ferry-gen/support/go || failed=1
[ "$failed" = 0 ] || exit 1
echo "ok   ferry-gen support text: $(grep -c '^const char' ferry-gen/support_text.c) regions fresh, Go support vetted"
