// Package bench times package sqlite against github.com/mattn/go-sqlite3
// (cgo) and modernc.org/sqlite (SQLite translated to Go), all through
// database/sql. It is a module of its own so that users of ferry's module
// do not inherit the other two drivers.
package bench

import (
	"database/sql"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/ferry-ffi/ferry/sqlite"
	_ "github.com/mattn/go-sqlite3" // "sqlite3"
	_ "modernc.org/sqlite"          // "sqlite"
)

// drivers are the variants, in the order the report shows them.
var drivers = []struct{ variant, name string }{
	{"mattn", "sqlite3"},
	{"modernc", "sqlite"},
	{"ferry", sqlite.DriverName},
}

const (
	scanRows   = 100000
	insertRows = 10000
)

// TestMain prints the SQLite version behind each driver as a "key: value"
// line, which benchstat and benchtable read as configuration.
func TestMain(m *testing.M) {
	for _, d := range drivers {
		db, err := sql.Open(d.name, ":memory:")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var v string
		if err := db.QueryRow("SELECT sqlite_version()").Scan(&v); err != nil {
			fmt.Fprintln(os.Stderr, d.variant, err)
			os.Exit(1)
		}
		db.Close()
		fmt.Printf("sqlite-%s: %s\n", d.variant, v)
	}
	var err error
	if dir, err = os.MkdirTemp("", "sqlite-bench"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// dir holds one database file per driver, filled once per process (a
// benchmark function runs several times while its b.N grows).
var (
	dir   string
	ready = map[string]bool{}
)

// open opens that driver's database file, with the scan table filled by
// the driver itself.
func open(b *testing.B, driverName string) *sql.DB {
	b.Helper()
	db, err := sql.Open(driverName, filepath.Join(dir, driverName+".db"))
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one connection, kept: the pragmas stay set
	// For every driver: the whole database (7 MB) in SQLite's page cache,
	// and the file lock held by the connection (no other uses the file),
	// so that a statement does not start by locking the file and reading
	// its header again. The benchmark then times the drivers and SQLite,
	// not the system calls, which are the same for all three and cost a
	// point query some 10 us on the loaded test machine.
	exec(b, db, "PRAGMA cache_size = -65536")
	exec(b, db, "PRAGMA locking_mode = EXCLUSIVE")
	if ready[driverName] {
		return db
	}
	exec(b, db, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT, x BLOB)")
	exec(b, db, "CREATE TABLE ins (id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT, x BLOB)")
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	ins, err := tx.Prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= scanRows; i++ {
		if _, err := ins.Exec(i, i*7, float64(i)/3, fmt.Sprintf("row %010d", i), []byte(fmt.Sprintf("blob%012d", i))); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	ready[driverName] = true
	return db
}

func exec(b *testing.B, db *sql.DB, q string, args ...any) {
	b.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		b.Fatalf("%s: %v", q, err)
	}
}

// BenchmarkSQLite: full scan of 100,000 rows reading every column (ns per
// scan, and per row), point query by primary key through a prepared
// statement, and a prepared insert of 10,000 rows in one transaction. The
// scan has a fourth variant, floor: database/sql's own cost per row, with
// a driver that has no database behind it (floor_test.go).
func BenchmarkSQLite(b *testing.B) {
	for _, c := range []struct {
		name  string
		run   func(*testing.B, *sql.DB)
		unit  string // of cpu-ns/unit
		n     int    // units per op
		floor bool
	}{
		{"scan-100k", scan, "row", scanRows, true},
		{"point-query", point, "op", 1, false},
		{"insert-10k-tx", insert, "row", insertRows, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			for _, d := range drivers {
				b.Run(d.variant, func(b *testing.B) {
					db := open(b, d.name)
					defer db.Close()
					b.ReportAllocs()
					b.ResetTimer()
					cpu := cpuTime(b)
					c.run(b, db)
					reportCPU(b, cpu, c.unit, c.n)
				})
			}
			if c.floor {
				b.Run("floor", func(b *testing.B) {
					db, err := sql.Open("floor", "")
					if err != nil {
						b.Fatal(err)
					}
					defer db.Close()
					b.ReportAllocs()
					cpu := cpuTime(b)
					c.run(b, db)
					reportCPU(b, cpu, c.unit, c.n)
				})
			}
		})
	}
}

// cpuTime is the CPU time the process has used (all its threads: the
// garbage collector's too).
func cpuTime(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// reportCPU reports the CPU time since start per unit (per row of n
// rows an op, or per op), beside ns/op: on the shared test machine the
// time other processes take the cores counts in ns/op, not here. For the
// insert it counts the untimed DELETE too (the same for every driver).
func reportCPU(b *testing.B, start time.Duration, unit string, n int) {
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N)/float64(n), "cpu-ns/"+unit)
}

func scan(b *testing.B, db *sql.DB) {
	var (
		id, n int64
		r     float64
		s     string
		x     []byte
	)
	for i := 0; i < b.N; i++ {
		rows, err := db.Query("SELECT id, n, r, s, x FROM t")
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
		if err := rows.Close(); err != nil {
			b.Fatal(err)
		}
		if count != scanRows || id != scanRows || n != scanRows*7 || len(s) != 14 || len(x) != 16 {
			b.Fatalf("scan read %d rows, last %d %d %q %q", count, id, n, s, x)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/scanRows, "ns/row")
}

func point(b *testing.B, db *sql.DB) {
	st, err := db.Prepare("SELECT n, r, s FROM t WHERE id = ?")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	rng := rand.New(rand.NewSource(1))
	var (
		n int64
		r float64
		s string
	)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := rng.Int63n(scanRows) + 1
		if err := st.QueryRow(id).Scan(&n, &r, &s); err != nil {
			b.Fatal(err)
		}
		if n != id*7 {
			b.Fatalf("row %d: n = %d", id, n)
		}
	}
}

func insert(b *testing.B, db *sql.DB) {
	blob := []byte("0123456789abcdef")
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		exec(b, db, "DELETE FROM ins")
		b.StartTimer()
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.Prepare("INSERT INTO ins VALUES (?, ?, ?, ?, ?)")
		if err != nil {
			b.Fatal(err)
		}
		for j := 1; j <= insertRows; j++ {
			if _, err := st.Exec(j, j, 0.5, "some text value", blob); err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/insertRows, "ns/row")
}
