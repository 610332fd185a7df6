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

# ---- Rust crate rust/ferry ----------------------------------------------
# Its tests serve the ring from a Rust thread, under tokio; the ring test
# binary runs again under valgrind, which fails on leaks and bad accesses.
TEST_TARGETS += test-rust
CARGO ?= cargo

.PHONY: test-rust
test-rust:
	cd rust && $(CARGO) clippy -q -p ferry --all-targets -- -D warnings
	cd rust && $(CARGO) test -q -p ferry
	cd rust && valgrind -q --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
		--error-exitcode=9 $$($(CARGO) test -q -p ferry --test ring --no-run \
		--message-format=json | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p') \
		--test-threads=1 -q
