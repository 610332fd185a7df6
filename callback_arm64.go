// callback_arm64.go: what coroResume (call_arm64.s) calls to switch to
// the coroutine; on amd64 it switches inline (call_amd64.s).

package ferry

import "github.com/ferry-ffi/ferry/internal/cruntime"

var coroResumeFn = Func(cruntime.CoroResumeFn())
