// runtime.c: compiles ferry's C runtime (src/) into the Go package, so that
// `go get` and `go build` need no separate build step. _GNU_SOURCE for all
// of them: the first header included fixes the feature set (overflow.c
// needs REG_RIP, dladdr and pipe2).
#define _GNU_SOURCE
#include "../../src/cgo_call.c"
#include "../../src/coro.c"
#include "../../src/init.c"
#include "../../src/overflow.c"
#include "../../src/ring.c"
#include "../../src/stack.c"
#include "../../src/status.c"
