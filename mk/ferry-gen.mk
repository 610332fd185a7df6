# ferry-gen.mk: the interface compiler ferry-gen (ferry-gen/), its
# fixtures (fixtures/<name>/) and its fuzzer. Included by the Makefile.
#
#   make ferry-gen            build/ferry-gen
#   make test-ferry-gen       golden outputs, diagnostics, generated Go
#                             (gofmt, vet, tests), C and Rust
#   make test-ferry-gen-fuzz  a short libFuzzer run over the front end

FERRY_GEN_SRC := $(wildcard ferry-gen/*.c)
FERRY_GEN_HDR := $(wildcard ferry-gen/*.h) include/ferry.h
FERRY_GEN_FLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -g -Wall -Wextra \
	-Werror -Iinclude
# Everything but main, for the fuzzer.
FERRY_GEN_FRONT := $(filter-out ferry-gen/main.c,$(FERRY_GEN_SRC))
FUZZ_CC   ?= clang
FUZZ_TIME ?= 25

TEST_TARGETS  += test-ferry-gen test-ferry-gen-fuzz
BENCH_TARGETS += bench-ferry-gen

.PHONY: ferry-gen test-ferry-gen test-ferry-gen-fuzz bench-ferry-gen
ferry-gen: $(BUILD)/ferry-gen

$(BUILD)/ferry-gen: $(FERRY_GEN_SRC) $(FERRY_GEN_HDR)
	@mkdir -p $(BUILD)
	$(CC) $(FERRY_GEN_FLAGS) -o $@ $(FERRY_GEN_SRC)

# The same program under ASan and UBSan, for the tests.
$(BUILD)/ferry-gen-asan: $(FERRY_GEN_SRC) $(FERRY_GEN_HDR)
	@mkdir -p $(BUILD)
	$(CC) $(FERRY_GEN_FLAGS) -O1 -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o $@ $(FERRY_GEN_SRC)

test-ferry-gen: $(BUILD)/ferry-gen $(BUILD)/ferry-gen-asan
	sh ferry-gen/test/one-unit.sh $(CC) $(FERRY_GEN_FLAGS)
	GO=$(GO) sh ferry-gen/test/support.sh
	sh ferry-gen/test/golden.sh $(BUILD)/ferry-gen-asan
	sh ferry-gen/test/diagnostics.sh $(BUILD)/ferry-gen-asan
	GO=$(GO) sh ferry-gen/test/header_check.sh $(BUILD)/ferry-gen-asan
	sh ferry-gen/test/languages.sh

$(BUILD)/ferry-gen-fuzz: $(FERRY_GEN_FRONT) ferry-gen/fuzz/fuzz_frontend.c $(FERRY_GEN_HDR)
	@mkdir -p $(BUILD)
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -Iinclude -Iferry-gen \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $(FERRY_GEN_FRONT) ferry-gen/fuzz/fuzz_frontend.c

test-ferry-gen-fuzz: $(BUILD)/ferry-gen-fuzz
	sh ferry-gen/fuzz/run.sh $(BUILD)/ferry-gen-fuzz $(FUZZ_TIME)

# Generated wrappers against the same ferry call written by hand, and cgo.
bench-ferry-gen:
	@mkdir -p $(BUILD)
	$(GO) test -run '^$$' -bench 'Generated' -benchmem -count $(COUNT) \
		-benchtime $(BENCHTIME) ./fixtures/numbers/go ./fixtures/records/go \
		./fixtures/callbacks/go \
		| tee $(BUILD)/bench-ferry-gen.txt

# ---- fixtures/liblz4: Debian's liblz4 bound from <lz4.h> -------------------
# Its tests run with every fixture's (languages.sh); needs liblz4-dev
# (scripts/install-deps). The benchmark: compression and decompression by
# size, the generated calls against plain cgo ones.
BENCH_TARGETS += bench-liblz4

.PHONY: bench-liblz4
bench-liblz4:
	@mkdir -p $(BUILD)
	$(GO) test -run '^$$' -bench '^BenchmarkLZ4$$' -benchmem -count $(COUNT) \
		-benchtime $(BENCHTIME) ./fixtures/liblz4/go | tee $(BUILD)/bench-liblz4.txt

# ---- fixtures/qsortr: glibc's qsort_r with a Go comparator -----------------
# Its tests run with every fixture's (languages.sh). The benchmark: the
# comparator through a fast call, a cgo call, cgo written by hand, and Go's
# sort.Slice, by length.
BENCH_TARGETS += bench-qsortr

.PHONY: bench-qsortr
bench-qsortr:
	@mkdir -p $(BUILD)
	$(GO) test -run '^$$' -bench '^BenchmarkQsortR$$' -benchmem -count $(COUNT) \
		-benchtime $(BENCHTIME) ./fixtures/qsortr/go | tee $(BUILD)/bench-qsortr.txt

# ---- fixtures/gofuncs: native code calls Go (FERRY_GO) ---------------------
# The Go package linked as a C archive; the C test program and the Rust
# test crate call it through the generated header and module, under
# LeakSanitizer (preloaded, so that it sees the results Go allocates with
# calloc and the callers free): a result not freed fails the run. Its
# interposer warns that Go's runtime calls sigaction directly: harmless.
GOFUNCS_DIR    := fixtures/gofuncs
GOFUNCS_TARGET := $(abspath $(BUILD))/fixtures-rust
TEST_TARGETS   += test-gofuncs

.PHONY: test-gofuncs
test-gofuncs: $(BUILD)/ferry-gen
	@mkdir -p $(BUILD)
	$(GO) generate ./internal/cruntime
	$(GO) build -buildmode=c-archive -o $(BUILD)/libgofuncs.a ./$(GOFUNCS_DIR)/archive
	$(CC) -std=c11 -Wall -Wextra -Werror -g -Iinclude -I$(GOFUNCS_DIR)/golden \
		-o $(BUILD)/gofuncs-c $(GOFUNCS_DIR)/c/test.c $(BUILD)/libgofuncs.a -lpthread
	LD_PRELOAD=$(LSAN_LIB) $(BUILD)/gofuncs-c 2> $(BUILD)/gofuncs-c.err || \
		{ grep -v '^Warning: REAL(sigaction' $(BUILD)/gofuncs-c.err; exit 1; }
	cd $(GOFUNCS_DIR)/rust && GO=$(GO) CARGO_TARGET_DIR=$(GOFUNCS_TARGET) \
		$(CARGO) test -q --no-run
	for t in calls async_calls; do \
		LD_PRELOAD=$(LSAN_LIB) $$(cd $(GOFUNCS_DIR)/rust && GO=$(GO) \
		CARGO_TARGET_DIR=$(GOFUNCS_TARGET) $(CARGO) test -q --test $$t --no-run \
		--message-format=json | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p') \
		-q 2> $(BUILD)/gofuncs-rust.err || \
		{ grep -v '^Warning: REAL(sigaction' $(BUILD)/gofuncs-rust.err; exit 1; }; \
	done
	@echo "ok   fixtures/gofuncs: C and Rust call Go, no leaks"

# ---- fixtures/gohandles: native code holds handles to Go values --------------
# The same arrangement as gofuncs: C and Rust make, use and release handles
# to Go caches, under LeakSanitizer.
GOHANDLES_DIR := fixtures/gohandles
TEST_TARGETS  += test-gohandles

.PHONY: test-gohandles
test-gohandles: $(BUILD)/ferry-gen
	@mkdir -p $(BUILD)
	$(GO) generate ./internal/cruntime
	$(GO) build -buildmode=c-archive -o $(BUILD)/libgohandles.a ./$(GOHANDLES_DIR)/archive
	$(CC) -std=c11 -Wall -Wextra -Werror -g -Iinclude -I$(GOHANDLES_DIR)/golden \
		-o $(BUILD)/gohandles-c $(GOHANDLES_DIR)/c/test.c $(BUILD)/libgohandles.a -lpthread
	LD_PRELOAD=$(LSAN_LIB) $(BUILD)/gohandles-c 2> $(BUILD)/gohandles-c.err || \
		{ grep -v '^Warning: REAL(sigaction' $(BUILD)/gohandles-c.err; exit 1; }
	LD_PRELOAD=$(LSAN_LIB) $$(cd $(GOHANDLES_DIR)/rust && GO=$(GO) \
		CARGO_TARGET_DIR=$(GOFUNCS_TARGET) $(CARGO) test -q --test handles --no-run \
		--message-format=json | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p') \
		-q 2> $(BUILD)/gohandles-rust.err || \
		{ grep -v '^Warning: REAL(sigaction' $(BUILD)/gohandles-rust.err; exit 1; }
	@echo "ok   fixtures/gohandles: C and Rust hold handles to Go values, no leaks"

# ---- fixtures/gomaps: maps crossing to and from Go (FERRY_MAP_OF) ------------
# The same arrangement as gofuncs: C and Rust pass maps as entries and free
# the maps Go returns, under LeakSanitizer.
GOMAPS_DIR   := fixtures/gomaps
TEST_TARGETS += test-gomaps

.PHONY: test-gomaps
test-gomaps: $(BUILD)/ferry-gen
	@mkdir -p $(BUILD)
	$(GO) generate ./internal/cruntime
	$(GO) build -buildmode=c-archive -o $(BUILD)/libgomaps.a ./$(GOMAPS_DIR)/archive
	$(CC) -std=c11 -Wall -Wextra -Werror -g -Iinclude -I$(GOMAPS_DIR)/golden \
		-o $(BUILD)/gomaps-c $(GOMAPS_DIR)/c/test.c $(BUILD)/libgomaps.a -lpthread
	LD_PRELOAD=$(LSAN_LIB) $(BUILD)/gomaps-c 2> $(BUILD)/gomaps-c.err || \
		{ grep -v '^Warning: REAL(sigaction' $(BUILD)/gomaps-c.err; exit 1; }
	LD_PRELOAD=$(LSAN_LIB) $$(cd $(GOMAPS_DIR)/rust && GO=$(GO) \
		CARGO_TARGET_DIR=$(GOFUNCS_TARGET) $(CARGO) test -q --test maps --no-run \
		--message-format=json | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p') \
		-q 2> $(BUILD)/gomaps-rust.err || \
		{ grep -v '^Warning: REAL(sigaction' $(BUILD)/gomaps-rust.err; exit 1; }
	@echo "ok   fixtures/gomaps: C and Rust pass maps to Go and free Go's, no leaks"

# Maps both ways against hand-written cgo: BenchmarkMaps (native -> Go) and
# BenchmarkMapArgs (Go -> native).
BENCH_TARGETS += bench-maps

.PHONY: bench-maps
bench-maps:
	@mkdir -p $(BUILD)
	$(GO) test -run '^$$' -bench '^BenchmarkMap' -benchmem -count $(COUNT) \
		-benchtime $(BENCHTIME) ./fixtures/gomaps/go ./fixtures/mapargs/go \
		| tee $(BUILD)/bench-maps.txt
