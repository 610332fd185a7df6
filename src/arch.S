/* arch.S: this architecture's assembly for the C runtime. */
#if defined(__x86_64__)
#include "call_amd64.S"
#include "coro_amd64.S"
#elif defined(__aarch64__)
#include "call_arm64.S"
#include "coro_arm64.S"
#else
#error "ferry: unsupported architecture (linux/amd64 and linux/arm64 only)"
#endif
