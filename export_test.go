package ferry

import "github.com/ferry-ffi/ferry/internal/cruntime"

// StackTop exposes a Stack's top for tests.
func StackTop(s *Stack) uintptr { return s.top }

// LiveCoroutines counts calls with callbacks started and not finished.
func LiveCoroutines() int { return cruntime.CoroLive() }
