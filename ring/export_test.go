package ring

// IsBlocking reports whether calls of handler fn run on goroutines of
// their own, for the tests.
func (r *Ring) IsBlocking(fn uint32) bool {
	return fn < uint32(len(r.blocking)) && r.blocking[fn].on.Load()
}
