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
