# outside.mk: ferry as users outside this repository get it (docs/outside.md).
# Included by the Makefile.
#
#   make regexp-syso     rebuild regexp/internal/native/rustre_linux_amd64.syso
#                        (Rust's regex engine as one object go build links)
#   make test-platforms  the object is current; regexp on Go's engine where
#                        it is not linked; the one-line error elsewhere

TEST_TARGETS += test-platforms
REGEXP_SYSO  := regexp/internal/native/rustre_linux_amd64.syso
RUST_SYSO    := scripts/rust-syso

.PHONY: regexp-syso test-platforms
regexp-syso:
	SYSO_TARGET_DIR=$(abspath $(BUILD))/syso-target $(RUST_SYSO) build \
		rust/ferry-regex rustre_ $(REGEXP_SYSO)

# Go's engine (the build without the object) on amd64 and under qemu on
# arm64; regexp builds where ferry cannot run; ferry says in one line why
# it cannot.
test-platforms:
	$(RUST_SYSO) check rust/ferry-regex rustre_ $(REGEXP_SYSO)
	$(GO) test -count=1 -tags ferry_goregexp ./regexp
	CGO_ENABLED=1 GOARCH=arm64 CC=$(ARM64_CC) $(GO) test -count=1 \
		-exec '$(ARM64_EXEC)' ./regexp
	for p in "CGO_ENABLED=0" "GOOS=windows" "GOOS=darwin GOARCH=arm64"; do \
		env $$p $(GO) build ./regexp || exit 1; \
		out=$$(env $$p $(GO) build . 2>&1) && { echo "FAIL $$p: ferry built"; exit 1; }; \
		echo "$$out" | grep -q 'ferry_runs_only_on_linux_amd64_and_linux_arm64_built_with_cgo' && \
		[ $$(echo "$$out" | grep -vc '^#') = 1 ] || { echo "FAIL $$p: $$out"; exit 1; }; \
		echo "ok   $$p: regexp builds (Go's engine); ferry fails in one line"; \
	done

# ---- the Go part of make test under the other Go version -----------------
# go1.27.3 (the go command fetches it from the module proxy once;
# scripts/install-deps does). -short: the long stress runs stay with the
# default toolchain.
GO_OTHER ?= go1.27.3
TEST_TARGETS += test-go-other

.PHONY: test-go-other
test-go-other:
	GOTOOLCHAIN=$(GO_OTHER) $(GO) vet ./...
	GOTOOLCHAIN=$(GO_OTHER) $(GO) test -count=1 -short ./...
