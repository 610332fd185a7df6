package ferry_test

// crash_test.go: faults in native code die with ferry's report, in every
// mode; faults in Go code stay Go panics; frames larger than the stack end
// in the overflow message, never in another stack; a kept ferry_callback
// dies with a message naming the misuse. Each crash runs in a child
// process (runChild), whose stderr and death the test checks.

import (
	"debug/elf"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/internal/testlib"
)

func init() {
	children["crash"] = childCrash
	children["big-frame"] = childBigFrame
	children["stale-callback"] = childStaleCallback
}

func envInt(name string) uintptr {
	n, err := strconv.Atoi(os.Getenv(name))
	if err != nil {
		panic(name + ": " + err.Error())
	}
	return uintptr(n)
}

// childCrash faults (FERRY_TEST_FAULT, a testlib kind) in native code
// called in mode FERRY_TEST_MODE. Each mode has its own function, so the
// parent can check that the report's Go caller PCs lead to it.
func childCrash() {
	kind := envInt("FERRY_TEST_FAULT")
	switch os.Getenv("FERRY_TEST_MODE") {
	case "thread":
		crashOnThreadStack(kind)
	case "dedicated":
		crashOnDedicatedStack(kind)
	case "frame":
		crashInCallFrame(kind)
	case "callback-before":
		crashInCallWithCallback(kind, 0)
	case "callback-after":
		crashInCallWithCallback(kind, 1)
	case "cgo":
		ferry.CgoCall1(testlib.Fault, kind)
	case "libc":
		crashInLibc()
	}
	os.Stdout.WriteString("the fault did not kill the process\n")
}

//go:noinline
func crashOnThreadStack(kind uintptr) { ferry.Call1(testlib.Fault, kind) }

//go:noinline
func crashOnDedicatedStack(kind uintptr) {
	s, err := ferry.NewStack(256 << 10)
	if err != nil {
		panic(err)
	}
	s.Call1(testlib.Fault, kind)
}

//go:noinline
func crashInCallFrame(kind uintptr) {
	var f ferry.Frame
	f.Int[0] = kind
	ferry.CallFrame(testlib.Fault, &f)
}

//go:noinline
func crashInCallWithCallback(kind, after uintptr) {
	ferry.CallWithCallback(testlib.FaultInCallbackCall, func(a0, _, _, _ uintptr) uintptr {
		return a0
	}, kind, after, 0)
}

// fclose(NULL) faults inside libc, in a symbol dladdr can name.
//
//go:noinline
func crashInLibc() {
	libc, err := ferry.Open("libc.so.6")
	if err != nil {
		panic(err)
	}
	fclose, err := libc.Func("fclose")
	if err != nil {
		panic(err)
	}
	ferry.Call1(fclose, 0)
}

var goCaller = regexp.MustCompile(`ferry:   called from Go (0x[0-9a-f]+)`)

// goCallers resolves the report's Go caller PCs in this process: the
// child is this same executable, so its functions sit at the same
// addresses (Go executables are not position-independent by default).
// The report names them too, from the executable's symbol table, but
// without the calls inlined into them.
func goCallers(report string) []string {
	var pcs []uintptr
	for _, m := range goCaller.FindAllStringSubmatch(report, -1) {
		pc, _ := strconv.ParseUint(m[1], 0, 64)
		pcs = append(pcs, uintptr(pc))
	}
	if len(pcs) == 0 {
		return nil
	}
	// Return PCs, as runtime.Callers gives them; inlined calls expand.
	var names []string
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		names = append(names, f.Function)
		if !more {
			return names
		}
	}
}

// executableHasSymtab tells whether this test binary kept its symbol
// table: `go test` links without one (like -ldflags=-s), `go test -c`
// with one.
var executableHasSymtab = sync.OnceValue(func() bool {
	f, err := elf.Open(os.Args[0])
	if err != nil {
		return false
	}
	defer f.Close()
	return f.Section(".symtab") != nil
})

func checkNativeCrash(t *testing.T, out string, err error, want ...string) {
	t.Helper()
	if !killedBy(err, syscall.SIGABRT) {
		t.Errorf("child: %v, want death by SIGABRT; output:\n%s", err, out)
	}
	for _, w := range append(want, "ferry:   native PC 0x", "cannot become a Go panic; aborting") {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q:\n%s", w, out)
		}
	}
	// Go's own crash report is the confused one this replaces.
	for _, w := range []string{"fatal error", "SPWRITE", "goroutine "} {
		if strings.Contains(out, w) {
			t.Errorf("report has %q (the Go runtime's report of a native fault):\n%s", w, out)
		}
	}
}

// The crash report for each mode and each kind of fault: it names ferry,
// the signal, the address, the native PC, the stack, and Go callers that
// lead to the function that made the call.
func TestNativeCrashIsReported(t *testing.T) {
	modes := []struct {
		mode, stack, caller string
	}{
		{"thread", "on the per-thread native stack of thread", "crashOnThreadStack"},
		{"dedicated", "on a dedicated native stack (ferry.NewStack) [0x", "crashOnDedicatedStack"},
		{"frame", "on the per-thread native stack of thread", "crashInCallFrame"},
		{"callback-before", "on the native stack of a ferry.CallWithCallback call", "crashInCallWithCallback"},
		{"callback-after", "on the native stack of a ferry.CallWithCallback call", "crashInCallWithCallback"},
	}
	kinds := []struct {
		name   string
		kind   int
		signal string
	}{
		{"segv", testlib.FaultSEGV, "SIGSEGV (invalid memory access) at address 0x0 "},
		{"bus", testlib.FaultBUS, "SIGBUS (bus error) at address 0x"},
		{"fpe", testlib.FaultFPE, "SIGFPE (arithmetic exception) at address 0x"},
		{"ill", testlib.FaultILL, "SIGILL (illegal instruction) at address 0x"},
		{"trap", testlib.FaultTRAP, ""}, // SIGILL on amd64, SIGTRAP on arm64
	}
	for _, m := range modes {
		for _, k := range kinds {
			if k.kind == testlib.FaultFPE && runtime.GOARCH == "arm64" {
				continue // arm64's integer division by zero does not trap: no SIGFPE to raise
			}
			if testing.Short() && m.mode != "thread" && k.kind != testlib.FaultSEGV {
				continue // under qemu (-short): every kind in one mode, every mode with one kind
			}
			t.Run(m.mode+"/"+k.name, func(t *testing.T) {
				t.Parallel()
				out, err := runChild(t, "crash", "FERRY_TEST_MODE="+m.mode, "FERRY_TEST_FAULT="+strconv.Itoa(k.kind))
				want := []string{"ferry: native code crashed: " + k.signal, m.stack, "ferry:   called from Go 0x"}
				if executableHasSymtab() {
					// Named from .symtab: the native function and the Go caller.
					want = append(want, "native PC 0x", "(ferry_test_fault", // or ferry_test_fault.cold
						"(github.com/ferry-ffi/ferry_test."+m.caller+"+0x")
				}
				checkNativeCrash(t, out, err, want...)
				callers := goCallers(out)
				if !strings.Contains(strings.Join(callers, " "), "ferry_test."+m.caller) {
					t.Errorf("Go callers %v do not lead to %s:\n%s", callers, m.caller, out)
				}
			})
		}
	}
}

// dladdr names the native function where it has a dynamic symbol (the
// other tests find theirs in the executable's .symtab).
func TestNativeCrashNamesTheSymbol(t *testing.T) {
	out, err := runChild(t, "crash", "FERRY_TEST_MODE=libc", "FERRY_TEST_FAULT=0")
	checkNativeCrash(t, out, err, "ferry: native code crashed: SIGSEGV")
	if !regexp.MustCompile(`native PC 0x[0-9a-f]+ \([_A-Za-z]*fclose\+0x[0-9a-f]+, [^)]*libc\.so\.6\)`).MatchString(out) {
		t.Errorf("report does not name fclose in libc.so.6:\n%s", out)
	}
}

// Cgo mode runs native code on the thread's own stack, not a ferry stack:
// the fault is Go's to report, and Go's cgo report stays as it is.
func TestNativeCrashInCgoModeIsGosReport(t *testing.T) {
	out, err := runChild(t, "crash", "FERRY_TEST_MODE=cgo", "FERRY_TEST_FAULT="+strconv.Itoa(testlib.FaultSEGV))
	if err == nil || strings.Contains(out, "ferry:") || !strings.Contains(out, "signal arrived during cgo execution") {
		t.Errorf("child: %v; want Go's own cgo crash report and nothing from ferry:\n%s", err, out)
	}
}

// Go code's faults reach Go while ferry's handler is in front: a nil
// dereference in a callback panics there, the native side sees
// FERRY_EPANIC, and the panic reaches CallWithCallback's caller.
func TestGoNilPointerInCallbackPanics(t *testing.T) {
	for i := 0; i < 3; i++ {
		func() {
			defer func() {
				err, ok := recover().(runtime.Error)
				if !ok || !strings.Contains(err.Error(), "nil pointer dereference") {
					t.Errorf("recovered %v, want a nil pointer runtime error", err)
				}
			}()
			ferry.CallWithCallback(testlib.CallBackN, func(a0, _, _, _ uintptr) uintptr {
				if a0 == 2 {
					var p *int
					*p = 1
				}
				return a0
			}, 5, 0, 0)
		}()
		if got := testlib.FirstFailure(); got != int(ferry.EPANIC) {
			t.Errorf("native side saw %d, want EPANIC", got)
		}
	}
	if n := ferry.LiveCoroutines(); n != 0 {
		t.Errorf("%d coroutines still live", n)
	}
	// Integer division by zero in Go, too.
	defer func() {
		if err, ok := recover().(runtime.Error); !ok || !strings.Contains(err.Error(), "divide by zero") {
			t.Errorf("recovered %v, want a divide by zero runtime error", err)
		}
	}()
	zero := int(ferry.Call0(testlib.Ints0)) - 42
	_ = 1 / zero
}

// childBigFrame calls a function with a FERRY_TEST_FRAME-byte frame on a
// FERRY_TEST_STACK-byte dedicated stack, or on its thread's stack (then
// FERRY_STACK_SIZE sets the size) while other threads sit in calls whose
// stacks must stay untouched.
func childBigFrame() {
	frame := envInt("FERRY_TEST_FRAME")
	if size := os.Getenv("FERRY_TEST_STACK"); size != "" {
		s, err := ferry.NewStack(int(envInt("FERRY_TEST_STACK")))
		if err != nil {
			panic(err)
		}
		s.Call1(testlib.BigFrame, frame)
		os.Stdout.WriteString("the frame did not fault\n")
		return
	}
	var wg sync.WaitGroup
	intact := make(chan uintptr, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			intact <- ferry.Call1(testlib.GuardedWait, 300)
		}()
	}
	ferry.Call0(testlib.SP) // this thread's stack, mapped after theirs or before
	ferry.Call1(testlib.Spin, 50_000_000)
	ferry.Call1(testlib.BigFrame, frame)
	wg.Wait()
	for range 4 {
		if <-intact == 0 {
			os.Stdout.WriteString("another thread's stack was overwritten\n")
		}
	}
	os.Stdout.WriteString("the frame did not fault\n")
}

// A frame larger than the whole stack moves SP past its end in one step;
// code without stack-clash protection then writes a frame's size below
// it. Up to the guard's 8 MiB that lands in the guard: ferry's message,
// never another stack.
func TestFrameLargerThanStackIsAnOverflow(t *testing.T) {
	cases := []struct {
		name string
		env  []string
		want string
	}{
		{"dedicated-64K-frame-200K", []string{"FERRY_TEST_STACK=65536", "FERRY_TEST_FRAME=204800"},
			"a dedicated native stack (ferry.NewStack)"},
		{"dedicated-64K-frame-7M", []string{"FERRY_TEST_STACK=65536", "FERRY_TEST_FRAME=7340032"},
			"a dedicated native stack (ferry.NewStack)"},
		{"threads-64K-frame-131K", []string{"FERRY_STACK_SIZE=64K", "FERRY_TEST_FRAME=134144"},
			"the per-thread native stack of thread"},
		{"threads-64K-frame-4M", []string{"FERRY_STACK_SIZE=64K", "FERRY_TEST_FRAME=4194304"},
			"the per-thread native stack of thread"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out, err := runChild(t, "big-frame", c.env...)
			if !killedBy(err, syscall.SIGABRT) {
				t.Errorf("child: %v, want death by SIGABRT; output:\n%s", err, out)
			}
			for _, w := range []string{"ferry: native stack overflow: fault at 0x", c.want, "(65536 bytes)"} {
				if !strings.Contains(out, w) {
					t.Errorf("child output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "overwritten") || strings.Contains(out, "did not fault") {
				t.Errorf("the frame was not stopped:\n%s", out)
			}
		})
	}
}

// childStaleCallback keeps a ferry_callback past its call and uses it:
// from a later plain fast call, or from inside a call with callbacks
// started by the first call's own callback (the kept handle's call is in
// progress, on another stack).
func childStaleCallback() {
	echo := func(a0, _, _, _ uintptr) uintptr { return a0 }
	switch os.Getenv("FERRY_TEST_MODE") {
	case "after-return":
		ferry.CallWithCallback(testlib.KeepCallback, echo, 0, 0, 0)
		ferry.Call1(testlib.CallKeptCallback, 0)
	case "other-call":
		ferry.CallWithCallback(testlib.KeepCallback, func(a0, _, _, _ uintptr) uintptr {
			return ferry.CallWithCallback(testlib.CallKeptCallback, echo, 0, 0, 0)
		}, 0, 0, 0)
	}
	os.Stdout.WriteString("the stale callback ran\n")
}

func TestStaleCallbackIsReported(t *testing.T) {
	cases := []struct{ mode, want string }{
		{"after-return", "ferry: fatal: ferry_callback_call on a stale ferry_callback: its ferry.CallWithCallback call has returned"},
		{"other-call", "ferry: fatal: ferry_callback_call from outside the call its ferry_callback belongs to"},
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			out, err := runChild(t, "stale-callback", "FERRY_TEST_MODE="+c.mode)
			if !killedBy(err, syscall.SIGABRT) || !strings.Contains(out, c.want) || strings.Contains(out, "ran") {
				t.Errorf("child: %v, want death by SIGABRT with %q; output:\n%s", err, c.want, out)
			}
		})
	}
}
