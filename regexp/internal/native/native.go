// Package native links the ferry-regex Rust staticlib (rust/ferry-regex)
// and gives package regexp the addresses of its functions, for ferry fast
// calls, and cgo wrappers, for the calls that must go through cgo: compiling
// a pattern (it can take milliseconds) and searching long inputs.
//
// Build the library first: cargo build --release -p ferry-regex (in rust/).
package native

/*
#cgo LDFLAGS: ${SRCDIR}/../../../rust/target/release/libferry_regex.a -ldl -lm -lpthread
#include <stddef.h>
#include <stdint.h>

typedef struct ferry_regex ferry_regex;

int32_t ferry_regex_new(const uint8_t *pattern, size_t len, ferry_regex **out,
                        uint8_t *err, size_t errcap, size_t *errlen);
int32_t ferry_regex_free(ferry_regex *re);
intptr_t ferry_regex_live(void);
intptr_t ferry_regex_slots(const ferry_regex *re);
intptr_t ferry_regex_is_match(const ferry_regex *re, const uint8_t *hay, size_t len, size_t need);
intptr_t ferry_regex_find_at(const ferry_regex *re, const uint8_t *hay, size_t len, size_t start,
                             intptr_t *out, size_t need);
intptr_t ferry_regex_captures_at(const ferry_regex *re, const uint8_t *hay, size_t len, size_t start,
                                 intptr_t *out, size_t need);
typedef struct { intptr_t pos, prev_end, step, per, done; } ferry_regex_steps_t;
intptr_t ferry_regex_steps(const ferry_regex *re, const uint8_t *hay, size_t len, ferry_regex_steps_t *st,
                           intptr_t *out, size_t cap);
intptr_t ferry_regex_meets(const uint8_t *hay, size_t len, size_t need);
intptr_t ferry_regex_test_panic(void);
*/
import "C"

import (
	"unsafe"

	"github.com/ferry-ffi/ferry"
)

// The functions package regexp calls with ferry fast calls. Each returns 1
// (match), 0 (no match) or a negative ferry.Status.
var (
	// IsMatch(re, hay, len, need)
	IsMatch = ferry.FuncOf(unsafe.Pointer(C.ferry_regex_is_match))
	// FindAt(re, hay, len, start, out *[2]int, need)
	FindAt = ferry.FuncOf(unsafe.Pointer(C.ferry_regex_find_at))
	// CapturesAt(re, hay, len, start, out *[Slots(re)]int, need)
	CapturesAt = ferry.FuncOf(unsafe.Pointer(C.ferry_regex_captures_at))
	// Steps(re, hay, len, st *Steps, out *[cap*st.Per]int, cap): successive
	// matches; returns how many it wrote.
	StepsFn = ferry.FuncOf(unsafe.Pointer(C.ferry_regex_steps))
	// Meets(hay, len, need): 1 if the input meets the requirement.
	Meets = ferry.FuncOf(unsafe.Pointer(C.ferry_regex_meets))
	// TestPanic() panics in Rust and returns what the guard made of it.
	TestPanic = ferry.FuncOf(unsafe.Pointer(C.ferry_regex_test_panic))
)

// New compiles a pattern in Rust syntax. On failure it returns the status
// and the engine's message.
func New(pattern string) (re unsafe.Pointer, status ferry.Status, msg string) {
	var out *C.ferry_regex
	var errbuf [512]C.uint8_t
	var errlen C.size_t
	st := C.ferry_regex_new((*C.uint8_t)(unsafe.Pointer(unsafe.StringData(pattern))), C.size_t(len(pattern)),
		&out, &errbuf[0], C.size_t(len(errbuf)), &errlen)
	if st != 0 {
		return nil, ferry.Status(st), C.GoStringN((*C.char)(unsafe.Pointer(&errbuf[0])), C.int(errlen))
	}
	return unsafe.Pointer(out), ferry.OK, ""
}

// Free releases a regex made by New.
func Free(re unsafe.Pointer) { C.ferry_regex_free((*C.ferry_regex)(re)) }

// Live returns how many native regexes exist (compiled, not yet freed).
func Live() int { return int(C.ferry_regex_live()) }

// Slots returns the number of capture positions of re (2 per group).
func Slots(re unsafe.Pointer) int { return int(C.ferry_regex_slots((*C.ferry_regex)(re))) }

// The searches in cgo mode, for long inputs: the goroutine leaves its P
// while Rust runs, so the scheduler and the GC are not held up.

func CgoIsMatch(re unsafe.Pointer, hay *byte, n int, need uintptr) int {
	return int(C.ferry_regex_is_match((*C.ferry_regex)(re), (*C.uint8_t)(hay), C.size_t(n), C.size_t(need)))
}

func CgoFindAt(re unsafe.Pointer, hay *byte, n, start int, out *int, need uintptr) int {
	return int(C.ferry_regex_find_at((*C.ferry_regex)(re), (*C.uint8_t)(hay), C.size_t(n), C.size_t(start),
		(*C.intptr_t)(unsafe.Pointer(out)), C.size_t(need)))
}

func CgoCapturesAt(re unsafe.Pointer, hay *byte, n, start int, out *int, need uintptr) int {
	return int(C.ferry_regex_captures_at((*C.ferry_regex)(re), (*C.uint8_t)(hay), C.size_t(n), C.size_t(start),
		(*C.intptr_t)(unsafe.Pointer(out)), C.size_t(need)))
}

func CgoMeets(hay *byte, n int, need uintptr) int {
	return int(C.ferry_regex_meets((*C.uint8_t)(hay), C.size_t(n), C.size_t(need)))
}

// Steps is where a stepping search stands between calls (Rust's Steps).
type Steps struct {
	Pos, PrevEnd, Step, Per, Done int
}

// How Steps moves on: Go's FindAll or Go's ReplaceAll (rust/ferry-regex).
const (
	StepFindAll = 0
	StepReplace = 1
)

func CgoSteps(re unsafe.Pointer, hay *byte, n int, st *Steps, out *int, cap int) int {
	return int(C.ferry_regex_steps((*C.ferry_regex)(re), (*C.uint8_t)(hay), C.size_t(n),
		(*C.ferry_regex_steps_t)(unsafe.Pointer(st)), (*C.intptr_t)(unsafe.Pointer(out)), C.size_t(cap)))
}
