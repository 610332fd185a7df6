package sqlite

// parts_bench_test.go: where a scan's time goes, in one run. The table
// and pragmas are sqlite/bench's scan (100,000 rows of five columns, the
// whole database in the page cache). sqlite is capi_step_rows alone,
// SQLite's work and the copy into batches; driver is the driver's
// rows.Next without database/sql, so with the boxing of every value into
// a driver.Value; database-sql is the benchmark's scan itself, through
// Rows.Next and Scan.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/ferry-ffi/ferry/sqlite/internal/capi"
)

func BenchmarkScanParts(b *testing.B) {
	const nrows = 100000
	file := filepath.Join(b.TempDir(), "scan.db")
	db, err := sql.Open(DriverName, file)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	mustExec(b, db, "PRAGMA cache_size = -65536")
	mustExec(b, db, "PRAGMA locking_mode = EXCLUSIVE")
	mustExec(b, db, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT, x BLOB)")
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= nrows; i++ {
		mustExec(b, tx, "INSERT INTO t VALUES (?, ?, ?, ?, ?)", i, i*7, float64(i)/3, fmt.Sprintf("row %010d", i), []byte(fmt.Sprintf("blob%012d", i)))
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	const query = "SELECT id, n, r, s, x FROM t"
	// ns/row, and the process's CPU time per row, which the other
	// processes of a shared machine do not inflate (as sqlite/bench).
	var cpuStart int64
	cpu := func() int64 {
		var u syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &u)
		return u.Utime.Nano() + u.Stime.Nano()
	}
	start := func(b *testing.B) {
		b.ReportAllocs()
		b.ResetTimer()
		cpuStart = cpu()
	}
	perRow := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/nrows, "ns/row")
		b.ReportMetric(float64(cpu()-cpuStart)/float64(b.N)/nrows, "cpu-ns/row")
	}
	dbc, err := db.Conn(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer dbc.Close()
	b.Run("sqlite", func(b *testing.B) {
		err := dbc.Raw(func(dc any) error {
			c := dc.(*conn)
			st, _, err := c.state.prepare(query, 0)
			if err != nil {
				return err
			}
			defer c.state.finalize(st)
			var bt batch
			start(b)
			for i := 0; i < b.N; i++ {
				st.Reset()
				n := 0
				for {
					bt.fill(st, 5)
					n += bt.n
					if bt.end != capi.Ok {
						break
					}
				}
				if n != nrows {
					b.Fatalf("%d rows", n)
				}
			}
			perRow(b)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	})
	b.Run("driver", func(b *testing.B) {
		err := dbc.Raw(func(dc any) error {
			c := dc.(*conn)
			dest := make([]driver.Value, 5)
			start(b)
			for i := 0; i < b.N; i++ {
				r, err := c.QueryContext(context.Background(), query, nil)
				if err != nil {
					return err
				}
				n := 0
				for r.Next(dest) == nil {
					n++
				}
				if err := r.Next(dest); err != io.EOF || n != nrows {
					b.Fatalf("%d rows, then %v", n, err)
				}
				r.Close()
			}
			perRow(b)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	})
	b.Run("database-sql", func(b *testing.B) {
		var (
			id, n int64
			r     float64
			s     string
			x     []byte
		)
		start(b)
		for i := 0; i < b.N; i++ {
			rows, err := dbc.QueryContext(context.Background(), query)
			if err != nil {
				b.Fatal(err)
			}
			count := 0
			for rows.Next() {
				if err := rows.Scan(&id, &n, &r, &s, &x); err != nil {
					b.Fatal(err)
				}
				count++
			}
			if err := rows.Close(); err != nil || count != nrows {
				b.Fatalf("%d rows, %v", count, err)
			}
		}
		perRow(b)
	})
}
