package main

import (
	"bytes"
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkCallOverhead/go-2         	100	         1.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkCallOverhead/go-2         	100	         3.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkCallOverhead/go-2         	100	         2.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkCallOverhead/ferry-2      	100	         4.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkCallOverhead/ferry-2      	100	         6.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkGC/call=10ms/ferry-2      	8	  38000000 ns/op	  10485760 max-stw-ns	       0 B/op	       0 allocs/op
PASS
`

func TestTable(t *testing.T) {
	families := map[string]*family{}
	var order []string
	if err := parse(strings.NewReader(sample), families, &order); err != nil {
		t.Fatal(err)
	}
	if strings.Join(order, ",") != "CallOverhead,GC/call=10ms" {
		t.Fatalf("families %v", order)
	}
	var out bytes.Buffer
	print(&out, families["CallOverhead"])
	got := out.String()
	// go: median of 1, 3, 2 is 2; ferry: median of 4, 6 is 5, 2.5x go.
	for _, want := range []string{"| variant | ns/op | vs go | allocs/op |", "| go | 2.00 | 1.00x | 0.00 |", "| ferry | 5.00 | 2.50x | 0.00 |"} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
	out.Reset()
	print(&out, families["GC/call=10ms"])
	if !strings.Contains(out.String(), "| ferry | 38000000 | 1.00x | 10485760 | 0.00 |") {
		t.Errorf("custom metric table:\n%s", out.String())
	}
}

func TestBadValue(t *testing.T) {
	err := parse(strings.NewReader("BenchmarkX/a-2 10 zz ns/op\n"), map[string]*family{}, new([]string))
	if err == nil {
		t.Fatal("no error for a malformed value")
	}
}
