# regexp.mk: Go's regexp API backed by Rust's regex engine (regexp/,
# rust/ferry-regex/). Included by the Makefile.

TEST_TARGETS  += test-regexp
BENCH_TARGETS += bench-regexp
CARGO ?= cargo

# The crate's staticlib and benchmark program (the Go package links the
# committed object instead: make regexp-syso, mk/user.mk).
.PHONY: regex-lib
regex-lib:
	cd rust && $(CARGO) build -q --release -p ferry-regex

# The bindings generated from rust/ferry-regex/rustre.h are up to date;
# Rust unit tests and clippy, the Go tests (differential corpus, errors,
# huge inputs, concurrency, cleanup, cgo threshold, allocations, lazy
# build and sharing, Go's own regexp tests run against the package), then a
# short fuzz run against Go's regexp as the oracle.
test-regexp: regex-lib $(BUILD)/ferry-gen
	sh ferry-gen/test/fresh.sh $(BUILD)/ferry-gen regexp/internal/native \
		--go @OUT@ --go-package native ../../../rust/ferry-regex/rustre.h
	sh ferry-gen/test/fresh.sh $(BUILD)/ferry-gen rust/ferry-regex \
		--rust @OUT@/src/rustre_ferry.rs rustre.h
	cd rust && $(CARGO) clippy -q -p ferry-regex --all-targets -- -D warnings
	cd rust && $(CARGO) test -q -p ferry-regex
	$(GO) vet ./regexp/...
	$(GO) test -count=1 ./regexp/...
	$(GO) test -count=1 -run '^$$' -fuzz '^FuzzDifferential$$' -fuzztime 20s \
		-fuzzminimizetime 2s -parallel 1 ./regexp/

# Go rows (go-regexp, ferry, ferry-dedicated, cgo; Compile and
# CompileMatchOnce per pattern) and the rust-native row
# timed by the Rust harness in the same run, into one Go-format file.
bench-regexp: regex-lib
	@mkdir -p $(BUILD)
	{ $(GO) test -run '^$$' -bench '^Benchmark(SeedRegex|Regex|RegexMany|ZeroAlloc|Compile|CompileMatchOnce)$$' -benchmem \
		-count $(COUNT) -benchtime $(BENCHTIME) ./regexp/ && \
	  rust/target/release/ferry-regex-bench $(COUNT) $(BENCHTIME); } | tee $(BUILD)/bench-regexp.txt
