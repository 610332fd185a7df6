# xxhash.mk: package xxhash (xxhash/), Debian's libxxhash bound only
# through ferry-gen. Included by the Makefile. Needs libxxhash-dev
# (scripts/install-deps). amd64 only: there is no arm64 libxxhash for the
# qemu tests, so test-arm64 does not build it.
#
#   make test-xxhash    vet, the tests (against plain cgo calls of
#                       the library), again under the race detector
#   make bench-xxhash   BenchmarkC: ferry against cgo by function and size

TEST_TARGETS  += test-xxhash
BENCH_TARGETS += bench-xxhash

.PHONY: test-xxhash bench-xxhash
test-xxhash:
	$(GO) vet ./xxhash/...
	$(GO) test -count=1 ./xxhash/...
	$(GO) test -count=1 -race ./xxhash/...

bench-xxhash:
	@mkdir -p $(BUILD)
	$(GO) test -run '^$$' -bench '^BenchmarkC$$' -benchmem -count $(COUNT) \
		-benchtime $(BENCHTIME) ./xxhash | tee $(BUILD)/bench-xxhash.txt
