// Command demo is the Go half of examples/rust-calls-go, built as a
// c-archive that the Rust program links (see ../build.rs). It implements
// the functions of demo.h; ferry-gen generated the rest (demo_ferry.go:
// the interface Demo, the cgo exports, the ring handlers; the Rust side's
// ../src/demo_ferry.rs). With --go-impl impl the generated code calls impl's
// methods directly, not through the interface: Go inlines the small ones.
// Arguments arrive as views of Rust's memory, never copied; results are
// copied once into C memory the Rust side frees.
//
// Two functions are written by hand on purpose: demo_add_cgo, a plain cgo
// export, the baseline of the benchmark (../src/bin/bench.rs), and
// demo_add_cgo_status, the same with the generated sync export's shape.
package main

//go:generate ../../../build/ferry-gen --go . --go-package main --go-impl impl --rust ../src/demo_ferry.rs demo.h

// #cgo CFLAGS: -I${SRCDIR} -I${SRCDIR}/../../../include
// #include <stdint.h>
import "C"

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// impl serves every call native code makes (ferry-gen --go-impl impl).
var impl = &demo{}

type demo struct {
	mu    sync.Mutex
	users uint32
	names []string // copies: views die with the call
	gc    struct {
		stop chan struct{}
		done chan int64
	}
}

func (d *demo) Note(req Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, u := range req.Users {
		d.users++
		d.names = append(d.names, strings.Clone(u.Name))
	}
}

func (d *demo) Summarize(req Request) (Summary, error) {
	s := Summary{Count: uint32(len(req.Users))}
	var oldest *User
	for i := range req.Users {
		u := &req.Users[i]
		s.TotalAge += u.Age
		if oldest == nil || u.Age > oldest.Age {
			oldest = u
		}
		if u.Age >= 18 {
			s.Adults = append(s.Adults, *u)
		}
	}
	for _, b := range req.Blob {
		s.BlobSum += uint64(b)
	}
	if oldest != nil {
		s.Oldest = oldest.Name
	}
	d.mu.Lock()
	s.Notes = d.users
	d.mu.Unlock()
	return s, nil
}

func (*demo) Greet(req Request) (Greeting, error) {
	names := make([]string, len(req.Users))
	for i, u := range req.Users {
		names[i] = u.Name
	}
	text := fmt.Sprintf("hello %s (%d bytes of blob)", strings.Join(names, ", "), len(req.Blob))
	return Greeting{Text: text, Users: uint32(len(req.Users))}, nil
}

func (*demo) AddSync(a, b int64) (int64, error) { return a + b, nil }

func (*demo) Add(a, b int64) (int64, error) { return a + b, nil }

// tally is what the fire-and-forget Tally calls add up.
var tally atomic.Int64

func (*demo) Tally(a, b int64) error {
	tally.Add(a + b)
	return nil
}

func (*demo) TallyTotal() (int64, error) { return tally.Load(), nil }

// Fetch does what Go libraries do, block: it sleeps, then makes a
// round trip to an echo server on the loopback interface.
func (d *demo) Fetch(sleepMs uint32, port uint16, text string) (Reply, error) {
	time.Sleep(time.Duration(sleepMs) * time.Millisecond)
	if port == 0 {
		return Reply{}, nil
	}
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(int(port))), 5*time.Second)
	if err != nil {
		return Reply{}, err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
		return Reply{}, err
	}
	if _, err := io.WriteString(conn, text+"\n"); err != nil {
		return Reply{}, err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return Reply{}, fmt.Errorf("reading the echo: %w", err)
	}
	return Reply{Text: strings.TrimSuffix(line, "\n")}, nil
}

func (d *demo) FetchSync(sleepMs uint32, port uint16, text string) (Reply, error) {
	return d.Fetch(sleepMs, port, text)
}

func (d *demo) GcStart() {
	d.gc.stop, d.gc.done = make(chan struct{}), make(chan int64)
	go func() {
		var n int64
		var keep [][]byte
		for {
			select {
			case <-d.gc.stop:
				d.gc.done <- n
				return
			default:
			}
			keep = append(keep, make([]byte, 4096))
			if len(keep) > 256 {
				keep = nil
			}
			runtime.GC()
			n++
		}
	}()
}

func (d *demo) GcStop() (int64, error) {
	close(d.gc.stop)
	return <-d.gc.done, nil
}

// demo_add_cgo is the benchmark's baseline: a plain cgo export.
//
//export demo_add_cgo
func demo_add_cgo(a, b C.int64_t) C.int64_t { return a + b }

// demo_add_cgo_status has the generated sync export's shape (a status, the
// sum written through a pointer) without its panic guard: the benchmark's
// cgo-export-status, which isolates what the shape costs.
//
//export demo_add_cgo_status
func demo_add_cgo_status(a, b C.int64_t, sum *C.int64_t) C.int32_t {
	*sum = a + b
	return 0
}

func main() {}
