// testlib.c: native functions that the ferry tests and benchmarks call.
#define _GNU_SOURCE // memfd_create
#include "testlib.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t ferry_test_add(int64_t a, int64_t b) { return a + b; }

// Weighted sums: each argument gets a distinct weight, so a swapped or
// dropped register changes the answer.
int64_t ferry_test_ints0(void) { return 42; }
int64_t ferry_test_ints1(int64_t a) { return a * 3; }
int64_t ferry_test_ints3(int64_t a, int64_t b, int64_t c) {
  return a * 1 + b * 10 + c * 100;
}
int64_t ferry_test_ints4(int64_t a, int64_t b, int64_t c, int64_t d) {
  return a * 1 + b * 10 + c * 100 + d * 1000;
}
int64_t ferry_test_ints5(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e) {
  return a * 1 + b * 10 + c * 100 + d * 1000 + e * 10000;
}
int64_t ferry_test_ints6(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                         int64_t f) {
  return a * 1 + b * 10 + c * 100 + d * 1000 + e * 10000 + f * 100000;
}
// Both halves weighted, in opposite orders: a lost or swapped register
// changes one of them.
ferry_test_pair ferry_test_add_pair(int64_t a, int64_t b) {
  return (ferry_test_pair){(uint64_t)(a + b), (uint64_t)(a - b)};
}
ferry_test_pair ferry_test_pair6(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                                 int64_t f) {
  return (ferry_test_pair){(uint64_t)ferry_test_ints6(a, b, c, d, e, f),
                           (uint64_t)ferry_test_ints6(f, e, d, c, b, a)};
}
ferry_test_pair ferry_test_pair8(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                                 int64_t f, int64_t g, int64_t h) {
  return (ferry_test_pair){(uint64_t)ferry_test_ints8(a, b, c, d, e, f, g, h),
                           (uint64_t)ferry_test_ints8(h, g, f, e, d, c, b, a)};
}
// 12 bytes: a and b fill the first register, c the low half of the second.
ferry_test_triple ferry_test_rotate3(uint32_t a, uint32_t b, uint32_t c) {
  return (ferry_test_triple){c, a, b};
}
int64_t ferry_test_ints8(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                         int64_t f, int64_t g, int64_t h) {
  return a * 1 + b * 10 + c * 100 + d * 1000 + e * 10000 + f * 100000 +
         g * 1000000 + h * 10000000;
}
// Narrow types: C sees only the low bits, sign- or zero-extended.
int32_t ferry_test_narrow(int8_t a, uint8_t b, int16_t c, uint16_t d, int32_t e,
                          uint32_t f) {
  return (int32_t)a + (int32_t)b + (int32_t)c + (int32_t)d + e + (int32_t)f;
}
bool ferry_test_not(bool b) { return !b; }
void *ferry_test_ptr_offset(void *p, size_t n) { return (char *)p + n; }
void ferry_test_fill(uint8_t *buf, size_t n, uint8_t v) { memset(buf, v, n); }

double ferry_test_doubles8(double a, double b, double c, double d, double e,
                           double f, double g, double h) {
  return a * 1 + b * 2 + c * 4 + d * 8 + e * 16 + f * 32 + g * 64 + h * 128;
}
float ferry_test_floats2(float a, float b) { return a * 2.0f + b; }
// Interleaved kinds: ints and floats are numbered separately by the ABI.
double ferry_test_mixed(int64_t a, double x, int32_t b, float y, int64_t c,
                        double z) {
  return (double)a + x * 10 + (double)b * 100 + (double)y * 1000 +
         (double)c * 10000 + z * 100000;
}
int ferry_test_format(char *buf, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(buf, n, fmt, ap);
  va_end(ap);
  return r;
}

// Recurses until the stack runs out (depth 0: forever).
int64_t ferry_test_recurse(int64_t depth) {
  volatile char pad[256];
  pad[0] = (char)depth;
  if (depth == 1) return pad[0];
  return ferry_test_recurse(depth - 1) + pad[0];
}

// Uses n bytes of stack, touching every page.
int64_t ferry_test_use_stack(size_t n) {
  volatile char *buf = __builtin_alloca(n);
  for (size_t i = 0; i < n; i += 4096) buf[i] = 1;
  return buf[0];
}

// Busy-waits for ns nanoseconds: a long native call that never yields.
int64_t ferry_test_spin(int64_t ns) {
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int64_t spins = 0;
  do {
    clock_gettime(CLOCK_MONOTONIC, &t);
    spins++;
  } while ((t.tv_sec - t0.tv_sec) * 1000000000LL + (t.tv_nsec - t0.tv_nsec) < ns);
  return spins;
}

// The address of a local: tells which stack the call ran on.
uintptr_t ferry_test_sp(void) {
  volatile char here;
  return (uintptr_t)&here;
}

// cgo cannot name a variadic function; hand out its address instead.
void *ferry_test_format_addr(void) { return (void *)ferry_test_format; }

double ferry_test_floats2_double(double a, double b) { return a * 2 + b; }

// ---- Callbacks (ferry.CallWithCallback) --------------------------------

#include <sys/syscall.h>
#include <unistd.h>

static int first_failure, later_failure;
int ferry_test_first_failure(void) { return first_failure; }
int ferry_test_later_failure(void) { return later_failure; }

// Calls back n times with (i, n, 0, 0) and sums the results. On a failed
// callback it records the status and returns (uintptr_t)-1, after one
// more attempt when keep_going (which must fail at once).
uintptr_t ferry_test_call_back_n(ferry_callback *cb, uintptr_t n,
                                 uintptr_t keep_going, uintptr_t unused) {
  (void)unused;
  first_failure = later_failure = 0;
  uintptr_t sum = 0, r;
  for (uintptr_t i = 0; i < n; i++) {
    int status = ferry_callback_call(cb, i, n, 0, 0, &r);
    if (status != FERRY_OK) {
      first_failure = status;
      if (keep_going) later_failure = ferry_callback_call(cb, i, n, 0, 0, &r);
      return (uintptr_t)-1;
    }
    sum += r;
  }
  return sum;
}

// Returns 1 if every one of n callbacks came back to the same thread.
uintptr_t ferry_test_callback_thread(ferry_callback *cb, uintptr_t n,
                                     uintptr_t unused1, uintptr_t unused2) {
  (void)unused1, (void)unused2;
  long tid = syscall(SYS_gettid);
  for (uintptr_t i = 0; i < n; i++) {
    if (ferry_callback_call(cb, i, 0, 0, 0, NULL) != FERRY_OK) return 0;
    if (syscall(SYS_gettid) != tid) return 0;
  }
  return 1;
}

// The cgo baseline: n calls of an exported Go function from C.
extern uintptr_t ferryTestGoCallback(uintptr_t);
uintptr_t ferry_test_cgo_call_back_n(uintptr_t n) {
  uintptr_t sum = 0;
  for (uintptr_t i = 0; i < n; i++) sum += ferryTestGoCallback(i);
  return sum;
}

// ---- Fast calls from threads that C created ------------------------------

#include <pthread.h>

extern uintptr_t ferryTestFastCallFromGo(uintptr_t);

static void *c_thread_main(void *arg) {
  uintptr_t n = (uintptr_t)arg, ok = 1;
  for (uintptr_t i = 0; i < n; i++) ok &= ferryTestFastCallFromGo(i) == i + 1;
  return (void *)ok;
}

// Starts `threads` pthreads; each calls into Go (which makes a fast call)
// n times, then exits. Returns 1 if every answer was right.
uintptr_t ferry_test_c_threads_call_go(uintptr_t threads, uintptr_t n) {
  uintptr_t ok = 1;
  for (uintptr_t t = 0; t < threads; t++) {
    pthread_t th;
    void *r;
    if (pthread_create(&th, NULL, c_thread_main, (void *)n) != 0) return 0;
    pthread_join(th, &r);
    ok &= (uintptr_t)r;
  }
  return ok;
}

// Calls the exported Go function the way generated native -> Go stubs do:
// checking first that Go can take the call.
uintptr_t ferry_test_checked_go_call(uintptr_t x) {
  ferry_assert_can_call_go("ferryTestGoCallback");
  return ferryTestGoCallback(x);
}

// ---- Faults in native code (crash reports, stale callbacks) --------------
// Compiled without -fstack-clash-protection, as much user code is: the
// big frames below probe nothing on their way down.

#include <sys/mman.h>

// Raises the synchronous fault kind names; returns only for an unknown
// kind (or SIGFPE on arm64, whose integer division does not trap).
uintptr_t ferry_test_fault(uintptr_t kind) {
  static volatile uintptr_t zero = 0, hundred = 100;
  switch (kind) {
  case FERRY_TEST_SEGV:
    *(volatile int *)zero = 1;
    break;
  case FERRY_TEST_BUS: {
    // Reading a shared file mapping past the end of its (empty) file.
    int fd = memfd_create("ferry-test-bus", 0);
    volatile char *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    return p[0];
  }
  case FERRY_TEST_FPE:
    return hundred / zero;
  case FERRY_TEST_ILL:
#if defined(__x86_64__)
    __asm__ volatile("ud2");
#else
    __asm__ volatile("udf #0");
#endif
    break;
  case FERRY_TEST_TRAP:
    __builtin_trap();
  }
  return 0;
}

// Calls back once before faulting with kind (when after) or faults at once.
uintptr_t ferry_test_fault_in_callback_call(ferry_callback *cb, uintptr_t kind,
                                            uintptr_t after, uintptr_t unused) {
  (void)unused;
  uintptr_t r = 0;
  if (after && ferry_callback_call(cb, 1, 0, 0, 0, &r) != FERRY_OK) return 0;
  return ferry_test_fault(kind) + r;
}

// A frame of n bytes that only its lowest byte is written to: what a
// large local array does in code without stack-clash protection.
uintptr_t ferry_test_big_frame(size_t n) {
  volatile char buf[n];
  buf[0] = 1;
  return buf[0];
}

// Fills a local array with a pattern, waits ms milliseconds and returns 1
// if the pattern is intact: a live call whose stack must not be touched.
uintptr_t ferry_test_guarded_wait(uintptr_t ms) {
  volatile unsigned char canary[32 << 10];
  for (size_t i = 0; i < sizeof canary; i++) canary[i] = (unsigned char)(i * 7 + 1);
  ferry_test_spin((int64_t)ms * 1000000);
  for (size_t i = 0; i < sizeof canary; i++)
    if (canary[i] != (unsigned char)(i * 7 + 1)) return 0;
  return 1;
}

static ferry_callback *kept_callback;

// Keeps cb past its call (the misuse), after one callback.
uintptr_t ferry_test_keep_callback(ferry_callback *cb, uintptr_t a0, uintptr_t a1,
                                   uintptr_t a2) {
  (void)a0, (void)a1, (void)a2;
  kept_callback = cb;
  uintptr_t r = 0;
  ferry_callback_call(cb, 1, 0, 0, 0, &r);
  return r;
}

// Calls the kept handle: from a plain fast call (its call has returned),
// or, when cb is not NULL, from inside another call with callbacks.
uintptr_t ferry_test_call_kept_callback(ferry_callback *cb, uintptr_t a0,
                                        uintptr_t a1, uintptr_t a2) {
  (void)cb, (void)a0, (void)a1, (void)a2;
  uintptr_t r = 0;
  ferry_callback_call(kept_callback, 2, 0, 0, 0, &r);
  return r;
}
