/* cgo_call.c: the native half of cgo mode. Go calls these through cgo
 * (entersyscall, g0 stack: the goroutine may block here for as long as it
 * likes) and they call the user's function pointer. */
#include "internal.h"

typedef uintptr_t u;
u ferry__cgo_call0(u fn) { return ((u(*)(void))fn)(); }
u ferry__cgo_call1(u fn, u a) { return ((u(*)(u))fn)(a); }
u ferry__cgo_call2(u fn, u a, u b) { return ((u(*)(u, u))fn)(a, b); }
u ferry__cgo_call3(u fn, u a, u b, u c) { return ((u(*)(u, u, u))fn)(a, b, c); }
u ferry__cgo_call4(u fn, u a, u b, u c, u d) {
  return ((u(*)(u, u, u, u))fn)(a, b, c, d);
}
u ferry__cgo_call5(u fn, u a, u b, u c, u d, u e) {
  return ((u(*)(u, u, u, u, u))fn)(a, b, c, d, e);
}
u ferry__cgo_call6(u fn, u a, u b, u c, u d, u e, u f) {
  return ((u(*)(u, u, u, u, u, u))fn)(a, b, c, d, e, f);
}

/* Calls fn as a function returning a struct of two integer words: both C
 * ABIs return it in the two integer return registers, which is where a
 * struct of up to 16 bytes of integers of any layout comes back, so one
 * signature serves them all. */
ferry__pair ferry__cgo_call_pair(u fn, u a, u b, u c, u d, u e, u f) {
  return ((ferry__pair(*)(u, u, u, u, u, u))fn)(a, b, c, d, e, f);
}
