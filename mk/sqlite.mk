# sqlite.mk: package sqlite (sqlite/), a database/sql driver on Debian's
# libsqlite3 bound only through ferry-gen. Included by the Makefile. Needs
# libsqlite3-dev (scripts/install-deps). amd64 only, as xxhash: no arm64
# libsqlite3 for the qemu tests.
#
#   make test-sqlite    the bindings are fresh, vet, the tests, again
#                       under the race detector
#   make bench-sqlite   BenchmarkSQLite: ferry against mattn/go-sqlite3
#                       and modernc.org/sqlite (sqlite/bench, a module of
#                       its own so ferry's users do not inherit them);
#                       mattn is built with -tags libsqlite3, so that it and
#                       ferry both run Debian's libsqlite3 (mattn's bundled
#                       copy would otherwise also serve ferry's calls)

TEST_TARGETS  += test-sqlite
BENCH_TARGETS += bench-sqlite

.PHONY: test-sqlite bench-sqlite
test-sqlite: $(BUILD)/ferry-gen
	sh ferry-gen/test/fresh.sh $(BUILD)/ferry-gen sqlite/internal/capi \
		--go @OUT@ --go-package capi capi.h
	$(GO) vet ./sqlite/...
	$(GO) test -count=1 ./sqlite/...
	$(GO) test -count=1 -race ./sqlite/...

# COUNT runs of one count each rather than -count: the variants of a case
# then alternate, so a change in the machine's load hits all three.
bench-sqlite:
	@mkdir -p $(BUILD)
	cd sqlite/bench && $(GO) test -tags libsqlite3 -c -o ../../$(BUILD)/sqlite-bench.test .
	rm -f $(BUILD)/bench-sqlite.txt
	cd sqlite/bench && for i in $$(seq $(COUNT)); do \
		../../$(BUILD)/sqlite-bench.test -test.run '^$$' -test.bench '^BenchmarkSQLite$$' \
			-test.benchmem -test.benchtime $(BENCHTIME) >>../../$(BUILD)/bench-sqlite.txt || \
			{ cat ../../$(BUILD)/bench-sqlite.txt; exit 1; }; \
	done
	cat $(BUILD)/bench-sqlite.txt
