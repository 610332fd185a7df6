package capi

import (
	"runtime"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

func openMemory(t *testing.T) *Conn {
	t.Helper()
	rc, db, err := Open(":memory:", OpenReadwrite|OpenCreate|OpenMemory, nil)
	if err != nil || rc != Ok {
		t.Fatalf("open: %d %v", rc, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// runRows runs sql with a callback collecting each row as strings ("NULL"
// for SQL NULL) and the column names.
func runRows(db *Conn, sql string) (rc int32, msg string, rows [][]string, names []string) {
	rc, msg, err := db.Exec(sql, func(n int32, values, cols unsafe.Pointer) int32 {
		var row []string
		names = names[:0]
		for i := range n {
			v, ok := CStringAt(values, i)
			if !ok {
				v = "NULL"
			}
			row = append(row, v)
			name, _ := CStringAt(cols, i)
			names = append(names, name)
		}
		rows = append(rows, row)
		return 0
	})
	if err != nil {
		panic(err)
	}
	return rc, msg, rows, names
}

// sqlite3_exec with a Go func per row: the values and names SQLite
// passes, NULL told from text, several statements in one text.
func TestExecCallsGoPerRow(t *testing.T) {
	db := openMemory(t)
	rc, msg, rows, _ := runRows(db, "CREATE TABLE t(id INTEGER, name TEXT, score REAL); "+
		"INSERT INTO t VALUES (1, 'one', 1.5), (2, NULL, -2), (3, 'th''ree', NULL)")
	if rc != Ok || msg != "" || len(rows) != 0 {
		t.Fatalf("create: rc %d, message %q, %d rows", rc, msg, len(rows))
	}
	rc, msg, rows, names := runRows(db, "SELECT id, name, score AS s FROM t ORDER BY id")
	if rc != Ok || msg != "" {
		t.Fatalf("select: rc %d, message %q", rc, msg)
	}
	want := [][]string{{"1", "one", "1.5"}, {"2", "NULL", "-2.0"}, {"3", "th'ree", "NULL"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows %q, want %q", rows, want)
	}
	if !slices.Equal(names, []string{"id", "name", "s"}) {
		t.Errorf("names %q", names)
	}
}

// Errors: SQLite's code and its message, which the wrapper copies and
// frees (sqlite3_free): memory used stays level.
func TestExecErrorMessage(t *testing.T) {
	db := openMemory(t)
	runRows(db, "SELEC 1") // SQLite's first allocations, its error state
	before := MemoryUsed()
	for range 100 {
		rc, msg, _, _ := runRows(db, "SELEC 1")
		if rc != GenericError || !strings.Contains(msg, "syntax error") {
			t.Fatalf("rc %d, message %q", rc, msg)
		}
	}
	if after := MemoryUsed(); after != before {
		t.Errorf("SQLite's memory in use went from %d to %d bytes over 100 failed execs: messages leak", before, after)
	}
}

// A callback returning non-zero stops the statements: SQLITE_ABORT, and
// the statements after it do not run.
func TestExecCallbackStops(t *testing.T) {
	db := openMemory(t)
	runRows(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)")
	calls := 0
	rc, msg, err := db.Exec("SELECT x FROM t; INSERT INTO t VALUES (4)", func(int32, unsafe.Pointer, unsafe.Pointer) int32 {
		calls++
		return 1
	})
	if err != nil || rc != Abort || msg == "" || calls != 1 {
		t.Errorf("rc %d, message %q, error %v after %d calls; want SQLITE_ABORT after 1", rc, msg, err, calls)
	}
	if _, _, rows, _ := runRows(db, "SELECT count(*) FROM t"); rows[0][0] != "3" {
		t.Errorf("%s rows after the aborted exec, want 3 (the INSERT must not run)", rows[0][0])
	}
}

// A panic in the callback continues in the caller after sqlite3_exec has
// returned: SQLite got 1 (it stopped) and the connection is usable.
func TestExecCallbackPanic(t *testing.T) {
	db := openMemory(t)
	runRows(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)")
	calls := 0
	got := func() (p any) {
		defer func() { p = recover() }()
		db.Exec("SELECT x FROM t; INSERT INTO t VALUES (4)", func(int32, unsafe.Pointer, unsafe.Pointer) int32 {
			calls++
			runtime.GC() // Go work in a cgo callback
			panic("row")
		})
		return nil
	}()
	if got != "row" || calls != 1 {
		t.Errorf("recovered %v after %d calls, want the callback's panic after 1", got, calls)
	}
	if _, _, rows, _ := runRows(db, "SELECT count(*) FROM t"); rows[0][0] != "3" {
		t.Errorf("%s rows after the panic, want 3 (SQLite stopped)", rows[0][0])
	}
	if db.GetAutocommit() == 0 {
		t.Error("a transaction was left open")
	}
}

func TestExecRefusesNUL(t *testing.T) {
	db := openMemory(t)
	if _, _, err := db.Exec("SELECT 1\x00", func(int32, unsafe.Pointer, unsafe.Pointer) int32 { return 0 }); err == nil {
		t.Error("SQL with a NUL byte: no error")
	}
}
