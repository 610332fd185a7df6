# user.mk: ferry as users outside this repository get it (docs/outside.md).
# Included by the Makefile.
#
#   make regexp-syso     rebuild regexp/internal/native/rustre_linux_amd64.syso
#                        (Rust's regex engine as one object go build links)
#   make test-platforms  the object is current; regexp on Go's engine where
#                        it is not linked; the one-line error elsewhere
#   make test-outside    Go, C and Rust users' builds from a read-only copy
#                        of the tree (scripts/test-outside)
#   make install         the C runtime, headers, ferry-gen, ferry.pc
#   make crates          cargo package of ferry-ffi and ferry-ffi-build

TEST_TARGETS += test-platforms test-outside
REGEXP_SYSO  := regexp/internal/native/rustre_linux_amd64.syso
RUST_SYSO    := scripts/rust-syso

.PHONY: regexp-syso test-platforms test-outside
test-outside:
	GO=$(GO) CC=$(CC) CARGO=$(CARGO) bash scripts/test-outside

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

# ---- make install: ferry for C users -------------------------------------
# The C runtime as a static and a shared library, the public headers (in
# include/ferry/, which ferry.pc's Cflags name, so generated code's
# #include "ferry_gen.h" resolves), ferry-gen and its man page.
#   make install PREFIX=$HOME/.local   (default /usr/local; DESTDIR too)
#   cc prog.c $(pkg-config --cflags --libs ferry)
PREFIX     ?= /usr/local
DESTDIR    ?=
LIBDIR     ?= $(PREFIX)/lib
INSTALL_CFLAGS := -std=gnu11 -O2 -fPIC -Wall -Wextra -Iinclude -Isrc -pthread
INSTALL_OBJ := $(patsubst src/%,$(BUILD)/install/%.o,$(RUNTIME_SRC))
VERSION    := 0.1.0

.PHONY: install
$(BUILD)/install/%.o: src/% $(wildcard include/*.h src/*.h src/*.S)
	@mkdir -p $(dir $@)
	$(CC) $(INSTALL_CFLAGS) -c -o $@ $<

$(BUILD)/install/libferry.a: $(INSTALL_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/install/libferry.so.0: $(INSTALL_OBJ)
	$(CC) -shared -Wl,-soname,libferry.so.0 -o $@ $^ -ldl -lpthread

$(BUILD)/install/ferry.pc: mk/user.mk
	@mkdir -p $(dir $@)
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$${prefix}/include' '' \
		'Name: ferry' 'Description: calls between Go and native code at function-call cost (C runtime)' \
		'Version: $(VERSION)' 'Cflags: -I$${includedir}/ferry' 'Libs: -L$${libdir} -lferry' \
		'Libs.private: -ldl -lpthread' > $@

install: $(BUILD)/install/libferry.a $(BUILD)/install/libferry.so.0 $(BUILD)/install/ferry.pc $(BUILD)/ferry-gen
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(PREFIX)/include/ferry \
		$(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 $(BUILD)/install/libferry.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(BUILD)/install/libferry.so.0 $(DESTDIR)$(LIBDIR)/
	ln -sf libferry.so.0 $(DESTDIR)$(LIBDIR)/libferry.so
	install -m 644 $(BUILD)/install/ferry.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 644 include/ferry.h include/ferry_gen.h include/ferry_ring.h $(DESTDIR)$(PREFIX)/include/ferry/
	install -m 755 $(BUILD)/ferry-gen $(DESTDIR)$(PREFIX)/bin/
	install -m 644 docs/ferry-gen.1 $(DESTDIR)$(PREFIX)/share/man/man1/

# ---- make crates: the Rust crates as crates.io would get them ------------
# Each crate copied into build/crates/ with the C sources its build.rs
# compiles (csrc/: a package holds only files under its directory), then
# cargo package, which also builds the packaged crate (the index must be
# reachable: cargo resolves its dependencies as a user's build would).
CRATES := $(BUILD)/crates

.PHONY: crates
crates:
	rm -rf $(CRATES) && mkdir -p $(CRATES)/ferry-ffi/csrc/src $(CRATES)/ferry-ffi/csrc/include \
		$(CRATES)/ferry-ffi-build/csrc/include
	cp -r rust/ferry/Cargo.toml rust/ferry/build.rs rust/ferry/src rust/ferry/tests $(CRATES)/ferry-ffi/
	cp src/status.c src/ring.c $(CRATES)/ferry-ffi/csrc/src/
	cp include/ferry.h include/ferry_ring.h $(CRATES)/ferry-ffi/csrc/include/
	cp -r ferry-gen/rust/Cargo.toml ferry-gen/rust/build.rs ferry-gen/rust/src $(CRATES)/ferry-ffi-build/
	cp ferry-gen/*.c ferry-gen/*.h $(CRATES)/ferry-ffi-build/csrc/
	cp include/*.h $(CRATES)/ferry-ffi-build/csrc/include/
	printf '\n[workspace]\n' >> $(CRATES)/ferry-ffi/Cargo.toml
	for c in ferry-ffi ferry-ffi-build; do \
		(cd $(CRATES)/$$c && $(CARGO) package -q --allow-dirty) || exit 1; \
		echo "ok   cargo package $$c: $$(ls $(CRATES)/$$c/target/package/*.crate)"; \
	done
