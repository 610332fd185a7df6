package ferry

import "sync/atomic"

// casBusy takes a Stack's busy flag the way the trampolines do.
func casBusy(busy *uint32) bool { return atomic.CompareAndSwapUint32(busy, 0, 1) }
