package ferry

// StackTop exposes a Stack's top for tests.
func StackTop(s *Stack) uintptr { return s.top }
