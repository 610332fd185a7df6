package sqlite

// leak_test.go: every connection and statement is freed, counted by
// SQLite's own allocator statistics (sqlite3_memory_used), which see the
// library's memory as LeakSanitizer would, but in a plain go test.

import (
	"context"
	"database/sql"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ferry-ffi/ferry/sqlite/internal/capi"
)

// use does what an application does: prepared and one-off statements,
// rows read to the end, rows closed early, a transaction, an error, a
// cancelled query.
func use(t *testing.T, db *sql.DB) {
	mustExec(t, db, "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, s TEXT, x BLOB)")
	st, err := db.Prepare("INSERT INTO t (s, x) VALUES (?, ?)")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		if _, err := tx.Stmt(st).Exec("text", []byte("blob")); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	st.Close()
	rows, err := db.Query("SELECT * FROM t")
	if err != nil {
		t.Fatal(err)
	}
	rows.Next() // closed early, mid-batch
	rows.Close()
	// Rows in batches (batch.go): a row too large for one, read to the end;
	// a step failing mid-scan.
	mustExec(t, db, "INSERT INTO t (s, x) VALUES (?, ?)", strings.Repeat("s", batchData+1), []byte("x"))
	rows, err = db.Query("SELECT * FROM t")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err = db.Query("SELECT id, CASE WHEN id = 40 THEN abs(-9223372036854775807 - 1) END FROM t")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	if rows.Err() == nil {
		t.Fatal("the scan failing at row 40 did not fail")
	}
	rows.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO nowhere VALUES (1)"); err == nil {
		t.Fatal("insert into a missing table succeeded")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	db.QueryRowContext(ctx, slowQuery).Scan(&n)
}

func TestNoLeaks(t *testing.T) {
	file := filepath.Join(t.TempDir(), "leak.db")
	round := func() {
		db, err := sql.Open(DriverName, file)
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(2)
		use(t, db)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	round() // the library's one-time allocations
	before := capi.MemoryUsed()
	for i := 0; i < 5; i++ {
		round()
	}
	if after := capi.MemoryUsed(); after != before {
		t.Errorf("SQLite holds %d bytes after 5 rounds, %d before", after, before)
	}
}

// A connection that is never closed is freed by the garbage collector,
// its statements first.
func TestUnclosedConnectionIsFreed(t *testing.T) {
	before := capi.MemoryUsed()
	func() {
		c, err := (&Driver{}).Open(":memory:")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Prepare("SELECT 1"); err != nil { // never closed either
			t.Fatal(err)
		}
	}()
	if capi.MemoryUsed() == before {
		t.Fatal("an open connection allocated nothing: the test measures nothing")
	}
	deadline := time.Now().Add(5 * time.Second)
	for capi.MemoryUsed() != before && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if after := capi.MemoryUsed(); after != before {
		t.Errorf("SQLite holds %d bytes after the GC, %d before", after, before)
	}
}
