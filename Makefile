# ferry: two commands do everything.
#   make bench   builds and prints the comparison tables (the main job)
#   make test    runs every test
# Parts of the project add their own targets in mk/<part>.mk by appending
# to TEST_TARGETS, BENCH_TARGETS and GO_PREREQS.

GO        ?= go
CC        ?= gcc
BUILD     := build
# Go's benchmark counts, for medians; `make bench COUNT=10` for more.
COUNT     ?= 6
BENCHTIME ?= 1s

RUNTIME_SRC := src/cgo_call.c src/init.c src/overflow.c src/stack.c src/status.c src/coro.c src/arch.S
C_TEST_SRC  := test/runner.c $(wildcard test/test-*.c)
# Stack-clash protection makes every large frame probe its pages on the way
# down, so it faults in a stack's guard at any size (docs/fast-call.md);
# the C tests then check a frame larger than the guard too.
CLASH_FLAGS := $(shell $(CC) -fstack-clash-protection -x c -c /dev/null -o /dev/null 2>/dev/null && \
	echo -fstack-clash-protection -DFERRY_TEST_CLASH_PROTECTION)
C_TEST_FLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Iinclude -Isrc -pthread $(CLASH_FLAGS)

# Cross testing of linux/arm64 under qemu-user (Debian's qemu-user and
# gcc-aarch64-linux-gnu; scripts/install-deps installs them).
ARM64_CC   ?= aarch64-linux-gnu-gcc
ARM64_EXEC ?= qemu-aarch64 -L /usr/aarch64-linux-gnu

TEST_TARGETS  := sources test-c test-go test-go-race test-arm64
BENCH_TARGETS := sources bench-go
# Native libraries Go packages link (a Rust staticlib, say): every Go
# target builds them first. mk/*.mk append to it.
GO_PREREQS    :=

-include mk/*.mk

# The fragments define targets too: keep `make` meaning `make all`.
.DEFAULT_GOAL := all

.PHONY: all test bench deps sources $(TEST_TARGETS) $(BENCH_TARGETS)

all: sources $(GO_PREREQS)
	$(GO) build ./...

# Go's build cache does not see src/ and include/ (they are outside the
# cgo package that compiles them): a hash of them in zsources.go does.
sources:
	@$(GO) generate ./internal/cruntime



# What a fresh machine lacks (idempotent, about a second when all is
# there): make test and make bench run it first, so they are the whole
# set-up.
deps:
	bash scripts/install-deps

test: deps
	$(MAKE) $(TEST_TARGETS)

bench: deps
	$(MAKE) $(BENCH_TARGETS)
	@$(GO) run ./cmd/benchtable -svg $(BUILD)/bench.svg $(BUILD)/bench-*.txt

# ---- C runtime unit tests, under AddressSanitizer and UBSan -------------
$(BUILD)/test-c-asan: $(C_TEST_SRC) $(RUNTIME_SRC) $(wildcard include/*.h src/*.h test/*.h)
	@mkdir -p $(BUILD)
	$(CC) $(C_TEST_FLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -o $@ $(C_TEST_SRC) $(RUNTIME_SRC)

test-c: $(BUILD)/test-c-asan
	ASAN_OPTIONS=detect_leaks=1 $(BUILD)/test-c-asan

# ---- Go -----------------------------------------------------------------
test-go: $(GO_PREREQS)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "not gofmt'ed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	# Without inlining, the Stack methods are real calls: still safe?
	$(GO) test -count=1 -gcflags=-l -run 'Stress|Pointer|Callback' .
	test "$$($(GO) run ./examples/hello)" = 42 && echo "ok   examples/hello prints 42"

test-go-race: $(GO_PREREQS)
	$(GO) test -count=1 -race -run 'Stress|Callback' ./...

test-arm64:
	CGO_ENABLED=1 GOARCH=arm64 CC=$(ARM64_CC) $(GO) vet .
	CGO_ENABLED=1 GOARCH=arm64 CC=$(ARM64_CC) FERRY_TEST_EXEC='$(ARM64_EXEC)' \
		$(GO) test -count=1 -exec '$(ARM64_EXEC)' -short . ./internal/...
	@mkdir -p $(BUILD)
	$(ARM64_CC) $(C_TEST_FLAGS) -o $(BUILD)/test-c-arm64 $(C_TEST_SRC) $(RUNTIME_SRC)
	$(ARM64_EXEC) $(BUILD)/test-c-arm64

bench-go: $(GO_PREREQS)
	@mkdir -p $(BUILD)
	$(GO) test -run '^$$' -bench 'CallOverhead|Callback|GCStopTheWorld' -benchmem \
		-count $(COUNT) -benchtime $(BENCHTIME) . | tee $(BUILD)/bench-go.txt
