// runtime.c: compiles ferry's C runtime (src/) into the Go package, so that
// `go get` and `go build` need no separate build step.
#include "../../src/cgo_call.c"
#include "../../src/coro.c"
#include "../../src/init.c"
#include "../../src/overflow.c"
#include "../../src/ring.c"
#include "../../src/stack.c"
#include "../../src/status.c"
