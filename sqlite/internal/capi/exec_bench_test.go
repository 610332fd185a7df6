package capi

import (
	"fmt"
	"testing"
	"unsafe"
)

// BenchmarkExec reads every row of a table as text, two columns: through
// sqlite3_exec with a Go callback per row (a cgo call, a cgo callback per
// row, FERRY_GO_CALLBACK) against a prepared statement stepped with cgo
// calls and read with fast calls (what package sqlite does), in the same
// run. Both copy each value into a Go string. ns/row is per row read.
func BenchmarkExec(b *testing.B) {
	for _, rows := range []int{10, 1000} {
		rc, db, err := Open(":memory:", OpenReadwrite|OpenCreate|OpenMemory, nil)
		if err != nil || rc != Ok {
			b.Fatal(rc, err)
		}
		noRows := func(int32, unsafe.Pointer, unsafe.Pointer) int32 { return 0 }
		db.Exec("CREATE TABLE t(id INTEGER, name TEXT)", noRows)
		db.Exec(fmt.Sprintf("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < %d) "+
			"INSERT INTO t SELECT x, 'name ' || x FROM c", rows), noRows)
		const query = "SELECT id, name FROM t"
		var sink string
		b.Run(fmt.Sprintf("%d/exec-callback", rows), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				n := 0
				db.Exec(query, func(_ int32, values, _ unsafe.Pointer) int32 {
					id, _ := CStringAt(values, 0)
					name, _ := CStringAt(values, 1)
					sink = id + name
					n++
					return 0
				})
				if n != rows {
					b.Fatal(n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
		})
		b.Run(fmt.Sprintf("%d/prepare-step", rows), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				_, s, _ := db.PrepareString(query, 0)
				n := 0
				for s.Step() == Row {
					id := string(Bytes(s.ColumnText(0), s.ColumnBytes(0)))
					name := string(Bytes(s.ColumnText(1), s.ColumnBytes(1)))
					sink = id + name
					n++
				}
				s.Finalize()
				if n != rows {
					b.Fatal(n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
		})
		_ = sink
		db.Close()
	}
}
