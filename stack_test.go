package ferry_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ferry-ffi/ferry"
	"github.com/ferry-ffi/ferry/internal/testlib"
)

// Two goroutines on one dedicated Stack: the second must be stopped with a
// panic, and every call that did run must have computed the right answer.
func TestDedicatedStackConcurrentUsePanics(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	s, err := ferry.NewStack(0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Free()
	var panics, calls atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(300 * time.Millisecond)
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && panics.Load() == 0 {
				func() {
					defer func() {
						if r := recover(); r != nil {
							if !strings.Contains(r.(string), "Stack used by two calls at once") {
								t.Errorf("unexpected panic %v", r)
							}
							panics.Add(1)
						}
					}()
					// spin returns how often it read the clock: at least once.
					if n := s.Call1(testlib.Spin, 50_000); n < 1 {
						t.Errorf("spin returned %d", n)
					}
					calls.Add(1)
				}()
			}
		}()
	}
	wg.Wait()
	if panics.Load() == 0 {
		t.Fatalf("%d overlapping calls on one Stack and no misuse reported", calls.Load())
	}
	// The stack is still usable after the misuse was stopped.
	if got := s.Call2(testlib.Add, 2, 3); got != 5 {
		t.Errorf("after misuse: add = %d", got)
	}
}

func countMappings(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}

// A goroutine that locks its thread and exits takes the thread with it;
// the thread's native stack must go too.
func TestThreadStacksUnmappedWhenThreadsExit(t *testing.T) {
	oneThread := func() {
		done := make(chan uintptr)
		go func() {
			runtime.LockOSThread() // never unlocked: the thread exits with the goroutine
			done <- ferry.Call0(testlib.SP)
		}()
		if sp := <-done; sp == 0 {
			t.Error("no stack")
		}
	}
	for i := 0; i < 20; i++ {
		oneThread()
	}
	time.Sleep(50 * time.Millisecond)
	before := countMappings(t)
	const threads = 300
	for i := 0; i < threads; i++ {
		oneThread()
	}
	time.Sleep(100 * time.Millisecond)
	after := countMappings(t)
	// Each leaked stack would add two mappings (guard and usable part).
	if after-before > threads/10 {
		t.Fatalf("mappings grew from %d to %d over %d exited threads", before, after, threads)
	}
}

// runChild re-runs this test binary as the named child (see children)
// with the given environment.
// FERRY_TEST_EXEC is a command prefix for the child, such as qemu-user
// when the tests themselves run under it.
func runChild(t *testing.T, child string, env ...string) (output string, err error) {
	argv := append(strings.Fields(os.Getenv("FERRY_TEST_EXEC")), os.Args[0])
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), append(env, "FERRY_TEST_CHILD="+child)...)
	var out bytes.Buffer
	cmd.Stderr = &out
	cmd.Stdout = &out
	err = cmd.Run()
	return out.String(), err
}

func killedBy(err error, sig syscall.Signal) bool {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return false
	}
	ws := exit.Sys().(syscall.WaitStatus)
	return ws.Signaled() && ws.Signal() == sig
}

// Children: TestMain runs one of these instead of the tests when
// FERRY_TEST_CHILD names it.
var children = map[string]func(){
	"overflow":   childOverflow,
	"stack-size": func() { os.Stdout.WriteString("size=" + strconv.Itoa(ferry.StackSize()) + "\n") },
	"go-from-fast-call": func() {
		ferry.Call1(testlib.CheckedGoCall, 21)
		panic("the Go export ran inside a fast call")
	},
}

func TestMain(m *testing.M) {
	if name := os.Getenv("FERRY_TEST_CHILD"); name != "" {
		children[name]()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func childOverflow() {
	if os.Getenv("FERRY_TEST_DEDICATED") != "" {
		s, err := ferry.NewStack(256 << 10)
		if err != nil {
			panic(err)
		}
		s.Call1(testlib.Recurse, 0)
	}
	ferry.Call1(testlib.Recurse, 0)
	panic("recursion returned")
}

func TestStackOverflowDiesWithMessage(t *testing.T) {
	cases := []struct {
		name string
		env  []string
		want []string
	}{
		{"thread-default", nil, []string{"per-thread native stack of thread", "(2097152 bytes)"}},
		{"thread-env-size", []string{"FERRY_STACK_SIZE=128K"}, []string{"per-thread native stack", "(131072 bytes)"}},
		{"dedicated", []string{"FERRY_TEST_DEDICATED=1"}, []string{"a dedicated native stack (ferry.NewStack)", "(262144 bytes)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stderr, err := runChild(t, "overflow", c.env...)
			if !killedBy(err, syscall.SIGABRT) {
				t.Errorf("child: %v, want death by SIGABRT; output:\n%s", err, stderr)
			}
			for _, w := range append(c.want, "ferry: native stack overflow: fault at 0x", "FERRY_STACK_SIZE") {
				if !strings.Contains(stderr, w) {
					t.Errorf("child output lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestBadStackSizeEnvIsReported(t *testing.T) {
	out, err := runChild(t, "stack-size", "FERRY_STACK_SIZE=12Q")
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(out, `ferry: FERRY_STACK_SIZE="12Q" is not a size`) || !strings.Contains(out, "size=2097152") {
		t.Errorf("child output:\n%s", out)
	}
}

// ferry's SIGSEGV handler sits in front of Go's: faults that are not a
// ferry stack overflow must still become Go panics.
func TestGoNilPointerPanicsStillWork(t *testing.T) {
	ferry.Call0(testlib.SP) // make sure ferry is set up on this thread
	for i := 0; i < 3; i++ {
		func() {
			defer func() {
				r := recover()
				err, ok := r.(runtime.Error)
				if !ok || !strings.Contains(err.Error(), "nil pointer dereference") {
					t.Errorf("recovered %v, want a nil pointer runtime error", r)
				}
			}()
			var p *int
			*p = 1
		}()
	}
}

// Threads that C created get native stacks too (mapped on their first
// fast call, through a Go export), and give them back when they exit.
func TestFastCallsFromCThreads(t *testing.T) {
	if !testlib.CThreadsCallGo(4, 100) {
		t.Fatal("wrong answer from a C-created thread")
	}
	before := countMappings(t)
	if !testlib.CThreadsCallGo(100, 10) {
		t.Fatal("wrong answer from a C-created thread")
	}
	if after := countMappings(t); after-before > 10 {
		t.Fatalf("mappings grew from %d to %d over 100 exited C threads", before, after)
	}
}

// Native code inside a fast call cannot call a cgo export (the runtime
// dies with "morestack on g0"); ferry_assert_can_call_go says so instead.
// In cgo mode the same call works.
func TestGoExportFromFastCallIsReported(t *testing.T) {
	if got := ferry.CgoCall1(testlib.CheckedGoCall, 21); got != 42 {
		t.Errorf("cgo mode: got %d, want 42", got)
	}
	out, err := runChild(t, "go-from-fast-call")
	if !killedBy(err, syscall.SIGABRT) {
		t.Errorf("child: %v, want death by SIGABRT; output:\n%s", err, out)
	}
	for _, want := range []string{"ferry: fatal: native code called the Go function ferryTestGoCallback",
		"inside a ferry fast call", "ferry.CgoCall*", "ferry.CallWithCallback"} {
		if !strings.Contains(out, want) {
			t.Errorf("child output lacks %q:\n%s", want, out)
		}
	}
}
