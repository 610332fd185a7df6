package ferry_test

import (
	"math"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/internal/testlib"
)

// mode is one way of making a call: the per-thread fast path, a dedicated
// stack, or cgo mode. Every argument test runs in each.
type mode struct {
	name  string
	call  func(fn ferry.Func, args ...uintptr) uintptr
	frame func(fn ferry.Func, f *ferry.Frame)
	pair  func(fn ferry.Func, a0, a1, a2, a3, a4, a5 uintptr) (r0, r1 uintptr)
}

func modes(t testing.TB) []mode {
	stack, err := ferry.NewStack(0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := stack.Free(); err != nil {
			t.Error(err)
		}
	})
	return []mode{
		{"thread", callThread, ferry.CallFrame, ferry.CallPair},
		{"dedicated", func(fn ferry.Func, a ...uintptr) uintptr { return callStack(stack, fn, a...) }, stack.CallFrame, stack.CallPair},
		{"cgo", callCgo, ferry.CgoCallFrame, ferry.CgoCallPair},
	}
}

func callThread(fn ferry.Func, a ...uintptr) uintptr {
	switch len(a) {
	case 0:
		return ferry.Call0(fn)
	case 1:
		return ferry.Call1(fn, a[0])
	case 2:
		return ferry.Call2(fn, a[0], a[1])
	case 3:
		return ferry.Call3(fn, a[0], a[1], a[2])
	case 4:
		return ferry.Call4(fn, a[0], a[1], a[2], a[3])
	case 5:
		return ferry.Call5(fn, a[0], a[1], a[2], a[3], a[4])
	case 6:
		return ferry.Call6(fn, a[0], a[1], a[2], a[3], a[4], a[5])
	}
	panic("arity")
}

func callStack(s *ferry.Stack, fn ferry.Func, a ...uintptr) uintptr {
	switch len(a) {
	case 0:
		return s.Call0(fn)
	case 1:
		return s.Call1(fn, a[0])
	case 2:
		return s.Call2(fn, a[0], a[1])
	case 3:
		return s.Call3(fn, a[0], a[1], a[2])
	case 4:
		return s.Call4(fn, a[0], a[1], a[2], a[3])
	case 5:
		return s.Call5(fn, a[0], a[1], a[2], a[3], a[4])
	case 6:
		return s.Call6(fn, a[0], a[1], a[2], a[3], a[4], a[5])
	}
	panic("arity")
}

func callCgo(fn ferry.Func, a ...uintptr) uintptr {
	switch len(a) {
	case 0:
		return ferry.CgoCall0(fn)
	case 1:
		return ferry.CgoCall1(fn, a[0])
	case 2:
		return ferry.CgoCall2(fn, a[0], a[1])
	case 3:
		return ferry.CgoCall3(fn, a[0], a[1], a[2])
	case 4:
		return ferry.CgoCall4(fn, a[0], a[1], a[2], a[3])
	case 5:
		return ferry.CgoCall5(fn, a[0], a[1], a[2], a[3], a[4])
	case 6:
		return ferry.CgoCall6(fn, a[0], a[1], a[2], a[3], a[4], a[5])
	}
	panic("arity")
}

func i64(v int64) uintptr { return uintptr(v) }

func TestIntegerArguments(t *testing.T) {
	cases := []struct {
		name string
		fn   ferry.Func
		args []uintptr
		want int64
	}{
		{"0", testlib.Ints0, nil, 42},
		{"1", testlib.Ints1, []uintptr{i64(-7)}, -21},
		{"2", testlib.Add, []uintptr{i64(math.MaxInt64 - 5), 5}, math.MaxInt64},
		{"2-negative", testlib.Add, []uintptr{i64(-1 << 40), i64(-3)}, -1<<40 - 3},
		{"3", testlib.Ints3, []uintptr{1, 2, 3}, 321},
		{"4", testlib.Ints4, []uintptr{1, 2, 3, 4}, 4321},
		{"5", testlib.Ints5, []uintptr{1, 2, 3, 4, 5}, 54321},
		{"6", testlib.Ints6, []uintptr{1, 2, 3, 4, 5, 6}, 654321},
		{"6-negative", testlib.Ints6, []uintptr{i64(-1), i64(-2), i64(-3), i64(-4), i64(-5), i64(-6)}, -654321},
	}
	for _, m := range modes(t) {
		for _, c := range cases {
			if got := int64(m.call(c.fn, c.args...)); got != c.want {
				t.Errorf("%s/%s: got %d, want %d", m.name, c.name, got, c.want)
			}
		}
	}
}

func TestNarrowArgumentsAndResults(t *testing.T) {
	for _, m := range modes(t) {
		// int8 -1, uint8 255, int16 -300, uint16 65535, int32 -70000, uint32 4e9
		// in C: -1 + 255 - 300 + 65535 - 70000 + (int32)4000000000
		want := int32(-1 + 255 - 300 + 65535 - 70000 + int64(int32(-294967296)))
		got := int32(m.call(testlib.Narrow, i64(-1), 255, i64(-300), 65535, i64(-70000), 4000000000))
		if got != want {
			t.Errorf("%s: narrow: got %d, want %d", m.name, got, want)
		}
		for _, b := range []bool{false, true} {
			// C's bool result is one byte: look only at the low 8 bits.
			in := uintptr(0)
			if b {
				in = 1
			}
			if got := uint8(m.call(testlib.Not, in)) != 0; got != !b {
				t.Errorf("%s: not(%v) = %v", m.name, b, got)
			}
		}
	}
}

func TestPointerArguments(t *testing.T) {
	for _, m := range modes(t) {
		// Heap memory, kept alive across the call.
		heap := make([]byte, 1000)
		m.call(testlib.Fill, uintptr(unsafe.Pointer(&heap[0])), uintptr(len(heap)), 0x5a)
		runtime.KeepAlive(heap)
		for i, b := range heap {
			if b != 0x5a {
				t.Fatalf("%s: heap[%d] = %#x", m.name, i, b)
			}
		}
		// Pointer arithmetic comes back as the same address.
		p := uintptr(unsafe.Pointer(&heap[0]))
		if got := m.call(testlib.PtrOffset, p, 17); got != p+17 {
			t.Errorf("%s: ptr_offset: got %#x, want %#x", m.name, got, p+17)
		}
		runtime.KeepAlive(heap)
		if got := m.call(testlib.PtrOffset, 0, 0); got != 0 {
			t.Errorf("%s: NULL came back as %#x", m.name, got)
		}
	}
}

// A fast call may write into the goroutine stack: it cannot move while no
// Go code runs. make test also runs this with inlining off (-gcflags=-l),
// where the Stack methods are real calls.
func TestGoroutineStackPointer(t *testing.T) {
	stack, err := ferry.NewStack(0)
	if err != nil {
		t.Fatal(err)
	}
	defer stack.Free()
	for round := 0; round < 100; round++ {
		var local [64]byte
		ferry.Call3(testlib.Fill, uintptr(unsafe.Pointer(&local[0])), uintptr(len(local)), 7)
		if !deep(round*10, byte(round)) { // grows the stack between calls
			t.Fatal("deep: lost writes")
		}
		stack.Call3(testlib.Fill, uintptr(unsafe.Pointer(&local[32])), 32, 9)
		for i, b := range local {
			if want := byte(7 + 2*(i/32)); b != want {
				t.Fatalf("round %d: local[%d] = %d, want %d", round, i, b, want)
			}
		}
	}
}

func TestFrameCalls(t *testing.T) {
	for _, m := range modes(t) {
		var f ferry.Frame
		for i := range 8 {
			f.Int[i] = uintptr(i + 1)
		}
		m.frame(testlib.Ints8, &f)
		if int64(f.Ret) != 87654321 {
			t.Errorf("%s: 8 ints: got %d", m.name, int64(f.Ret))
		}

		f = ferry.Frame{}
		for i := range 8 {
			f.SetFloat64(i, 0.5)
		}
		m.frame(testlib.Doubles8, &f)
		if got := f.Float64(); got != 0.5*255 {
			t.Errorf("%s: 8 doubles: got %v", m.name, got)
		}

		f = ferry.Frame{}
		f.SetFloat32(0, 1.25)
		f.SetFloat32(1, -3)
		m.frame(testlib.Floats2, &f)
		if got := f.Float32(); got != 1.25*2-3 {
			t.Errorf("%s: floats: got %v", m.name, got)
		}

		// mixed(int64 a, double x, int32 b, float y, int64 c, double z):
		// integers and floats are numbered separately.
		f = ferry.Frame{}
		f.Int[0], f.Int[1], f.Int[2] = 1, i64(-2), 3
		f.SetFloat64(0, 0.5)
		f.SetFloat32(1, 0.25)
		f.SetFloat64(2, 2)
		m.frame(testlib.Mixed, &f)
		if got, want := f.Float64(), 1+0.5*10-2*100+0.25*1000+3*10000+2*100000.0; got != want {
			t.Errorf("%s: mixed: got %v, want %v", m.name, got, want)
		}

		// A variadic C function: the frame call sets the vector count.
		buf := make([]byte, 64)
		fmtStr := []byte("%s|%d|%.3f\x00")
		arg := []byte("ferry\x00")
		f = ferry.Frame{}
		f.Int[0] = uintptr(unsafe.Pointer(&buf[0]))
		f.Int[1] = uintptr(len(buf))
		f.Int[2] = uintptr(unsafe.Pointer(&fmtStr[0]))
		f.Int[3] = uintptr(unsafe.Pointer(&arg[0]))
		f.Int[4] = i64(-12)
		f.SetFloat64(0, math.Pi)
		m.frame(testlib.Format, &f)
		runtime.KeepAlive(fmtStr)
		runtime.KeepAlive(arg)
		if got := string(buf[:f.Ret]); got != "ferry|-12|3.142" {
			t.Errorf("%s: variadic: got %q", m.name, got)
		}
	}
}

// Structs of up to 16 bytes of integers come back in two registers:
// CallPair and the frame's Ret and Ret2 hold them, in memory order.
func TestPairResults(t *testing.T) {
	type triple struct{ a, b, c uint32 }
	for _, m := range modes(t) {
		lo, hi := m.pair(testlib.Pair6, 1, 2, 3, 4, 5, 6)
		if lo != 654321 || hi != 123456 {
			t.Errorf("%s: pair6: got %d, %d", m.name, lo, hi)
		}
		lo, hi = m.pair(testlib.AddPair, i64(-5), 7, 0, 0, 0, 0)
		if int64(lo) != 2 || int64(hi) != -12 {
			t.Errorf("%s: add pair: got %d, %d", m.name, int64(lo), int64(hi))
		}
		// 12 bytes: the second register holds c in its low half.
		lo, hi = m.pair(testlib.Rotate3, 1, 2, 0xffffffff, 0, 0, 0)
		regs := [2]uintptr{lo, hi}
		if got := *(*triple)(unsafe.Pointer(&regs)); got != (triple{0xffffffff, 1, 2}) {
			t.Errorf("%s: rotate3: got %+v", m.name, got)
		}

		var f ferry.Frame
		for i := range 8 {
			f.Int[i] = uintptr(i + 1)
		}
		m.frame(testlib.Pair8, &f)
		if f.Ret != 87654321 || f.Ret2 != 12345678 {
			t.Errorf("%s: frame pair8: got %d, %d", m.name, f.Ret, f.Ret2)
		}
	}
}

func TestCallsRunOnNativeStacks(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var goLocal byte
	goSP := uintptr(unsafe.Pointer(&goLocal))
	a := ferry.Call0(testlib.SP)
	b := ferry.Call0(testlib.SP)
	if a != b {
		t.Errorf("two calls on one thread used different stacks: %#x, %#x", a, b)
	}
	if d := int64(a) - int64(goSP); d > -1<<20 && d < 1<<20 {
		t.Errorf("fast call ran within 1 MiB of the goroutine stack (%#x vs %#x)", a, goSP)
	}
	s, err := ferry.NewStack(128 << 10)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Free()
	top := ferry.StackTop(s)
	if sp := s.Call0(testlib.SP); sp >= top || sp < top-uintptr(s.Size()) {
		t.Errorf("dedicated call's SP %#x outside [%#x, %#x)", sp, top-uintptr(s.Size()), top)
	}
}

func TestStackUse(t *testing.T) {
	// Native code can use nearly all of its stack.
	s, err := ferry.NewStack(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Free()
	if got := s.Call1(testlib.UseStack, 1<<20-64<<10); got != 1 {
		t.Errorf("use_stack returned %d", got)
	}
	if got := ferry.Call1(testlib.UseStack, 1<<20); got != 1 {
		t.Errorf("use_stack on the thread stack returned %d", got)
	}
}

func TestStackErrors(t *testing.T) {
	for _, size := range []int{-1, 1, 4096, 2 << 30} {
		if s, err := ferry.NewStack(size); err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("NewStack(%d) = %v, %v; want an out-of-range error", size, s, err)
		}
	}
	if err := ferry.SetStackSize(1); err == nil {
		t.Error("SetStackSize(1) succeeded")
	}
	old := ferry.StackSize()
	if err := ferry.SetStackSize(512 << 10); err != nil {
		t.Fatal(err)
	}
	s, err := ferry.NewStack(0)
	if err != nil {
		t.Fatal(err)
	}
	if s.Size() != 512<<10 {
		t.Errorf("NewStack(0) after SetStackSize(512K): size %d", s.Size())
	}
	if err := ferry.SetStackSize(old); err != nil {
		t.Fatal(err)
	}
	if err := s.Free(); err != nil {
		t.Fatal(err)
	}
	if err := s.Free(); err == nil {
		t.Error("second Free succeeded")
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "ferry: Stack used by two calls at once (or after Free)") {
			t.Errorf("call after Free: recovered %v", r)
		}
	}()
	s.Call2(testlib.Add, 1, 2)
}

func TestStatus(t *testing.T) {
	if ferry.EBUSY.Error() != "in use by another call" || ferry.EBUSY.Name() != "EBUSY" {
		t.Errorf("EBUSY: %q %q", ferry.EBUSY.Error(), ferry.EBUSY.Name())
	}
	if ferry.OK.Err() != nil || ferry.EPANIC.Err() != ferry.EPANIC {
		t.Error("Status.Err")
	}
}

// The call paths allocate nothing.
func TestCallsDoNotAllocate(t *testing.T) {
	stack, err := ferry.NewStack(0)
	if err != nil {
		t.Fatal(err)
	}
	defer stack.Free()
	var f ferry.Frame
	for name, call := range map[string]func(){
		"Call2":       func() { ferry.Call2(testlib.Add, 1, 2) },
		"Call6":       func() { ferry.Call6(testlib.Ints6, 1, 2, 3, 4, 5, 6) },
		"CallFrame":   func() { ferry.CallFrame(testlib.Doubles8, &f) },
		"CallPair":    func() { ferry.CallPair(testlib.AddPair, 1, 2, 0, 0, 0, 0) },
		"Stack.Call2": func() { stack.Call2(testlib.Add, 1, 2) },
		"Stack.Pair":  func() { stack.CallPair(testlib.AddPair, 1, 2, 0, 0, 0, 0) },
		"CgoCall2":    func() { ferry.CgoCall2(testlib.Add, 1, 2) },
		"CgoCallPair": func() { ferry.CgoCallPair(testlib.AddPair, 1, 2, 0, 0, 0, 0) },
	} {
		if n := testing.AllocsPerRun(100, call); n != 0 {
			t.Errorf("%s: %v allocations per call", name, n)
		}
	}
}
