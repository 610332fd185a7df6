// testlib.h: native functions for ferry's tests and benchmarks.
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int64_t ferry_test_add(int64_t a, int64_t b);
int64_t ferry_test_ints0(void);
int64_t ferry_test_ints1(int64_t a);
int64_t ferry_test_ints3(int64_t a, int64_t b, int64_t c);
int64_t ferry_test_ints4(int64_t a, int64_t b, int64_t c, int64_t d);
int64_t ferry_test_ints5(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e);
int64_t ferry_test_ints6(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f);
int64_t ferry_test_ints8(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f,
                         int64_t g, int64_t h);
int32_t ferry_test_narrow(int8_t a, uint8_t b, int16_t c, uint16_t d, int32_t e, uint32_t f);
bool ferry_test_not(bool b);
// Structs returned by value in two integer registers.
typedef struct ferry_test_pair {
  uint64_t lo, hi;
} ferry_test_pair;
typedef struct ferry_test_triple {
  uint32_t a, b, c;
} ferry_test_triple;
ferry_test_pair ferry_test_add_pair(int64_t a, int64_t b);
ferry_test_pair ferry_test_pair6(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                                 int64_t f);
ferry_test_pair ferry_test_pair8(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                                 int64_t f, int64_t g, int64_t h);
ferry_test_triple ferry_test_rotate3(uint32_t a, uint32_t b, uint32_t c);
void *ferry_test_ptr_offset(void *p, size_t n);
void ferry_test_fill(uint8_t *buf, size_t n, uint8_t v);
double ferry_test_doubles8(double a, double b, double c, double d, double e, double f,
                           double g, double h);
float ferry_test_floats2(float a, float b);
double ferry_test_mixed(int64_t a, double x, int32_t b, float y, int64_t c, double z);
int ferry_test_format(char *buf, size_t n, const char *fmt, ...);
int64_t ferry_test_recurse(int64_t depth);
int64_t ferry_test_use_stack(size_t n);
int64_t ferry_test_spin(int64_t ns);
uintptr_t ferry_test_sp(void);
void *ferry_test_format_addr(void);
double ferry_test_floats2_double(double a, double b);
#include "ferry.h"
int ferry_test_first_failure(void);
int ferry_test_later_failure(void);
uintptr_t ferry_test_call_back_n(ferry_callback *cb, uintptr_t n, uintptr_t keep_going, uintptr_t unused);
uintptr_t ferry_test_callback_thread(ferry_callback *cb, uintptr_t n, uintptr_t unused1, uintptr_t unused2);
uintptr_t ferry_test_cgo_call_back_n(uintptr_t n);
uintptr_t ferry_test_c_threads_call_go(uintptr_t threads, uintptr_t n);
uintptr_t ferry_test_checked_go_call(uintptr_t x);
// Faults for the crash-report tests (ferry_test_fault's kind).
enum {
  FERRY_TEST_SEGV = 1,
  FERRY_TEST_BUS = 2,
  FERRY_TEST_FPE = 3,
  FERRY_TEST_ILL = 4,
  FERRY_TEST_TRAP = 5,
};
uintptr_t ferry_test_fault(uintptr_t kind);
uintptr_t ferry_test_fault_in_callback_call(ferry_callback *cb, uintptr_t kind, uintptr_t after,
                                            uintptr_t unused);
uintptr_t ferry_test_big_frame(size_t n);
uintptr_t ferry_test_guarded_wait(uintptr_t ms);
uintptr_t ferry_test_keep_callback(ferry_callback *cb, uintptr_t a0, uintptr_t a1, uintptr_t a2);
uintptr_t ferry_test_call_kept_callback(ferry_callback *cb, uintptr_t a0, uintptr_t a1,
                                        uintptr_t a2);
