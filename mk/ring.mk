# ring.mk: the native -> Go call ring (include/ferry_ring.h, src/ring.c),
# its Go server (ring/), the Rust crate (rust/ferry/) and the demo and
# benchmark (examples/rust-calls-go/). Included by the Makefile.

RUNTIME_SRC   += src/ring.c
TEST_TARGETS  += test-c-tsan

# ---- C unit tests of the ring under ThreadSanitizer ----------------------
# The same runner as test-c, without ASan (the two cannot be combined).
$(BUILD)/test-c-tsan: $(C_TEST_SRC) $(RUNTIME_SRC) $(wildcard include/*.h src/*.h test/*.h)
	@mkdir -p $(BUILD)
	$(CC) $(C_TEST_FLAGS) -fsanitize=thread -o $@ $(C_TEST_SRC) $(RUNTIME_SRC)

.PHONY: test-c-tsan
test-c-tsan: $(BUILD)/test-c-tsan
	TSAN_OPTIONS=halt_on_error=1 $(BUILD)/test-c-tsan ring

# The Go server and its tests on linux/arm64 under qemu-user (the C tests
# run there through test-arm64, which builds RUNTIME_SRC).
TEST_TARGETS += test-ring-arm64

.PHONY: test-ring-arm64
test-ring-arm64:
	CGO_ENABLED=1 GOARCH=arm64 CC=$(ARM64_CC) $(GO) vet ./ring/...
	CGO_ENABLED=1 GOARCH=arm64 CC=$(ARM64_CC) \
		$(GO) test -count=1 -exec '$(ARM64_EXEC)' ./ring/...

# ---- Rust crate rust/ferry ----------------------------------------------
# Its tests serve the ring from a Rust thread, under tokio; the ring test
# binary runs again under valgrind, which fails on leaks and bad accesses.
# --fair-sched=yes: valgrind runs one thread at a time, and with its
# default lock a thread spin-waiting on the ring can starve the thread it
# waits for (seen: a 12-minute livelock). timeout: a hang fails, not CI.
TEST_TARGETS += test-rust
CARGO ?= cargo

.PHONY: test-rust
test-rust:
	sh scripts/gen-rust-status --check
	cd rust && $(CARGO) clippy -q -p ferry-ffi --all-targets -- -D warnings
	cd rust && $(CARGO) test -q -p ferry-ffi
	for t in ring oneway; do \
		(cd rust && timeout 600 valgrind -q --fair-sched=yes --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
		--error-exitcode=9 $$($(CARGO) test -q -p ferry-ffi --test $$t --no-run \
		--message-format=json | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p') \
		--test-threads=1 -q) || exit 1; \
	done

# ---- examples/rust-calls-go: the demo, the stress run, the benchmark ----
# A Rust program linking the Go package as a c-archive (its build.rs runs
# go build). Built into build/ so that the example's tree stays clean.
RCG_DIR    := examples/rust-calls-go
RCG_TARGET := $(abspath $(BUILD))/rust-calls-go
RCG_BIN    := $(RCG_TARGET)/release
# LeakSanitizer, preloaded into the stress run: it fails the run if any
# malloc'd memory (results Go made, calls and states Rust made) leaks. Its
# interposer warns that Go's runtime calls sigaction directly: harmless.
LSAN_LIB   := $(shell $(CC) -print-file-name=liblsan.so)
TEST_TARGETS  += test-rust-calls-go
BENCH_TARGETS += bench-native-to-go

.PHONY: rust-calls-go test-rust-calls-go bench-native-to-go
rust-calls-go: $(BUILD)/ferry-gen
	cd $(RCG_DIR) && GO=$(GO) CARGO_TARGET_DIR=$(RCG_TARGET) $(CARGO) build -q --release --bins

# Every argument and result shape across the boundary (tests/shapes.rs);
# the demo's output must be exactly expected.txt; the stress run (a
# million async calls from 4 Rust threads while Go's GC runs) must match
# every response to its request and leak nothing.
test-rust-calls-go: rust-calls-go $(BUILD)/ferry-gen
	FRESH_CMP=$(RCG_DIR) sh ferry-gen/test/fresh.sh $(BUILD)/ferry-gen $(RCG_DIR)/go \
		--go @OUT@/go --go-package main --go-impl impl --rust @OUT@/src/demo_ferry.rs demo.h
	cd $(RCG_DIR) && GO=$(GO) CARGO_TARGET_DIR=$(RCG_TARGET) \
		$(CARGO) clippy -q --release --all-targets -- -D warnings
	cd $(RCG_DIR) && GO=$(GO) CARGO_TARGET_DIR=$(RCG_TARGET) $(CARGO) test -q --release
	$(RCG_BIN)/rust-calls-go > $(BUILD)/rust-calls-go.out
	diff -u $(RCG_DIR)/expected.txt $(BUILD)/rust-calls-go.out && echo "ok   examples/rust-calls-go"
	LD_PRELOAD=$(LSAN_LIB) $(RCG_BIN)/stress > $(BUILD)/rust-calls-go-stress.out \
		2> $(BUILD)/rust-calls-go-stress.err || \
		{ grep -v '^Warning: REAL(sigaction' $(BUILD)/rust-calls-go-stress.err; exit 1; }
	cat $(BUILD)/rust-calls-go-stress.out
	grep -q '1000000 matched, 0 wrong, 0 left, GC ran throughout' $(BUILD)/rust-calls-go-stress.out

# BenchmarkNativeToGo/{cgo-export,ferry-sync,ferry-async}/threads={1,2},
# timed by the Rust harness from Rust-created threads, in Go's format.
# BenchmarkGoSide: the Go half of those calls without the crossing, the
# generated code against the glue written by hand before ferry-gen.
bench-native-to-go: rust-calls-go
	@mkdir -p $(BUILD)
	$(RCG_BIN)/bench $(COUNT) $(BENCHTIME) | tee $(BUILD)/bench-native-to-go.txt
	$(GO) test -run '^$$' -bench 'GoSide' -benchmem -count $(COUNT) \
		-benchtime $(BENCHTIME) ./$(RCG_DIR)/go | tee $(BUILD)/bench-native-to-go-goside.txt
