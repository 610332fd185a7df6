package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// openDB opens a database file in a test's temporary directory.
func openDB(t testing.TB, options string) *sql.DB {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "test.db")
	if options != "" {
		dsn += "?" + options
	}
	db, err := sql.Open(DriverName, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

func mustExec(t testing.TB, db interface {
	Exec(string, ...any) (sql.Result, error)
}, query string, args ...any) sql.Result {
	t.Helper()
	r, err := db.Exec(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return r
}

func TestRoundTrip(t *testing.T) {
	db := openDB(t, "")
	mustExec(t, db, "CREATE TABLE t (v)")
	when := time.Date(2026, 12, 2, 8, 30, 15, 123456789, time.FixedZone("", 3600))
	for _, c := range []struct {
		in, want any
	}{
		{int64(0), int64(0)},
		{int64(math.MinInt64), int64(math.MinInt64)},
		{int64(math.MaxInt64), int64(math.MaxInt64)},
		{42, int64(42)}, // database/sql converts Go ints to int64
		{uint32(7), int64(7)},
		{3.25, 3.25},
		{math.Inf(-1), math.Inf(-1)},
		{math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64},
		{"", ""},
		{"héllo, wörld", "héllo, wörld"},
		{"nul\x00inside", "nul\x00inside"},
		{strings.Repeat("x", 100000), strings.Repeat("x", 100000)}, // above the cgo threshold
		{[]byte{}, []byte{}},
		{[]byte{0, 1, 2, 255}, []byte{0, 1, 2, 255}},
		{bytes.Repeat([]byte{7}, 70000), bytes.Repeat([]byte{7}, 70000)},
		{true, int64(1)}, // no declared type: stored and read as an integer
		{false, int64(0)},
		{nil, nil},
		{[]byte(nil), nil},
		{when, when.Format(TimeFormat)}, // text, read back as text without a DATETIME type
	} {
		mustExec(t, db, "DELETE FROM t")
		mustExec(t, db, "INSERT INTO t VALUES (?)", c.in)
		var got any
		if err := db.QueryRow("SELECT v FROM t").Scan(&got); err != nil {
			t.Fatalf("%T %.20v: %v", c.in, c.in, err)
		}
		if !equal(got, c.want) {
			t.Errorf("%T %.20v: read back %T %.20v, want %T %.20v", c.in, c.in, got, got, c.want, c.want)
		}
	}
}

func equal(a, b any) bool {
	if ab, ok := a.([]byte); ok {
		bb, ok := b.([]byte)
		return ok && bytes.Equal(ab, bb) && (ab == nil) == (bb == nil)
	}
	if af, ok := a.(float64); ok {
		bf, ok := b.(float64)
		return ok && (af == bf || math.IsNaN(af) && math.IsNaN(bf))
	}
	return a == b
}

func TestDeclaredTypes(t *testing.T) {
	db := openDB(t, "")
	mustExec(t, db, "CREATE TABLE t (b BOOLEAN, ts DATETIME, d DATE, n INTEGER, r REAL, s TEXT, x BLOB)")
	when := time.Date(2026, 12, 2, 8, 30, 15, 5000, time.UTC)
	mustExec(t, db, "INSERT INTO t VALUES (?, ?, '2026-12-02', 5, 1.5, 'a', x'00ff')", true, when)
	var (
		b     bool
		ts, d time.Time
		n     int64
		r     float64
		s     string
		x     []byte
	)
	if err := db.QueryRow("SELECT * FROM t").Scan(&b, &ts, &d, &n, &r, &s, &x); err != nil {
		t.Fatal(err)
	}
	if !b || !ts.Equal(when) || !d.Equal(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)) || n != 5 || r != 1.5 || s != "a" || !bytes.Equal(x, []byte{0, 0xff}) {
		t.Errorf("read %v %v %v %v %v %q %x", b, ts, d, n, r, s, x)
	}
	rows, err := db.Query("SELECT b, ts, n, r, s, x, n + 1 FROM t")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ct := range types {
		got = append(got, ct.DatabaseTypeName()+":"+ct.ScanType().String())
	}
	want := "BOOLEAN:bool DATETIME:time.Time INTEGER:int64 REAL:float64 TEXT:string BLOB:interface {} :interface {}"
	if strings.Join(got, " ") != want {
		t.Errorf("column types %q, want %q", strings.Join(got, " "), want)
	}
}

func TestNulls(t *testing.T) {
	db := openDB(t, "")
	mustExec(t, db, "CREATE TABLE t (n INTEGER, r REAL, s TEXT, x BLOB)")
	mustExec(t, db, "INSERT INTO t VALUES (?, ?, ?, ?)", nil, sql.NullFloat64{}, sql.NullString{}, []byte(nil))
	var (
		n sql.NullInt64
		r sql.NullFloat64
		s sql.NullString
		x []byte
	)
	if err := db.QueryRow("SELECT n, r, s, x FROM t").Scan(&n, &r, &s, &x); err != nil {
		t.Fatal(err)
	}
	if n.Valid || r.Valid || s.Valid || x != nil {
		t.Errorf("NULLs read as %v %v %v %v", n, r, s, x)
	}
	var count int
	if err := db.QueryRow("SELECT count(*) FROM t WHERE n IS NULL AND r IS NULL AND s IS NULL AND x IS NULL").Scan(&count); err != nil || count != 1 {
		t.Errorf("count of NULL rows = %d, %v; want 1", count, err)
	}
	// An empty string and an empty blob are not NULL.
	mustExec(t, db, "INSERT INTO t VALUES (0, 0, ?, ?)", "", []byte{})
	if err := db.QueryRow("SELECT count(*) FROM t WHERE s = '' AND x = x''").Scan(&count); err != nil || count != 1 {
		t.Errorf("count of empty rows = %d, %v; want 1", count, err)
	}
}

func TestNamedParameters(t *testing.T) {
	db := openDB(t, "")
	var got string
	err := db.QueryRow("SELECT :a || @b || $c || :a", sql.Named("a", "x"), sql.Named("b", "y"), sql.Named("c", "z")).Scan(&got)
	if err != nil || got != "xyzx" {
		t.Errorf("named parameters: %q, %v; want xyzx", got, err)
	}
	if err := db.QueryRow("SELECT :a", sql.Named("nope", 1)).Scan(&got); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown name: %v, want an error naming it", err)
	}
}

func TestCommitRollback(t *testing.T) {
	db := openDB(t, "")
	mustExec(t, db, "CREATE TABLE t (v INTEGER)")
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, "INSERT INTO t VALUES (1)")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx, err = db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, "INSERT INTO t VALUES (2)")
	var inside int
	if err := tx.QueryRow("SELECT count(*) FROM t").Scan(&inside); err != nil || inside != 2 {
		t.Errorf("inside the transaction: %d rows, %v; want 2", inside, err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	var sum int
	if err := db.QueryRow("SELECT sum(v) FROM t").Scan(&sum); err != nil || sum != 1 {
		t.Errorf("after commit of 1 and rollback of 2: sum %d, %v; want 1", sum, err)
	}
}

func TestTxOptions(t *testing.T) {
	db := openDB(t, "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE TABLE t (v INTEGER)")
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO t VALUES (1)"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("insert in a read-only transaction: %v, want ErrReadOnly", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	// The connection is writable again.
	mustExec(t, db, "INSERT INTO t VALUES (1)")
	for _, level := range []sql.IsolationLevel{sql.LevelReadCommitted, sql.LevelSnapshot} {
		if _, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: level}); err == nil || !strings.Contains(err.Error(), "isolation") {
			t.Errorf("isolation %v: %v, want a refusal", level, err)
		}
	}
	tx, err = db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestErrors(t *testing.T) {
	db := openDB(t, "")
	mustExec(t, db, "CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT UNIQUE NOT NULL)")
	mustExec(t, db, "INSERT INTO t (u) VALUES ('a')")
	_, err := db.Exec("INSERT INTO t (u) VALUES ('a')")
	var e *Error
	if !errors.As(err, &e) || e.Code != 2067 || !errors.Is(err, ErrConstraint) || !strings.Contains(e.Message, "UNIQUE") {
		t.Errorf("duplicate: %v (%#v), want SQLITE_CONSTRAINT_UNIQUE (2067)", err, e)
	}
	if !strings.Contains(err.Error(), "t.u") {
		t.Errorf("message %q does not name the column", err)
	}
	_, err = db.Exec("INSERT INTO t (u) VALUES (NULL)")
	if !errors.As(err, &e) || e.Code != 1299 { // SQLITE_CONSTRAINT_NOTNULL
		t.Errorf("NULL: %v, want code 1299", err)
	}
	_, err = db.Exec("SELEC 1")
	if !errors.Is(err, ErrError) || !strings.Contains(err.Error(), "syntax error") {
		t.Errorf("syntax: %v", err)
	}
	_, err = db.Query("SELECT * FROM missing")
	if !errors.Is(err, ErrError) || !strings.Contains(err.Error(), "no such table: missing") {
		t.Errorf("missing table: %v", err)
	}
	var code Code
	if !errors.As(err, &code) || code != ErrError {
		t.Errorf("errors.As code: %v", code)
	}
	if _, err := db.Exec("SELECT ?", struct{}{}); err == nil {
		t.Errorf("unsupported argument type accepted")
	}
	if _, err := db.Exec("SELECT ?, ?", 1); err == nil {
		t.Errorf("too few arguments accepted")
	}
	if _, err := db.Prepare("SELECT 1; SELECT 2"); err == nil {
		t.Errorf("two statements prepared as one")
	}
}

func TestMultipleStatements(t *testing.T) {
	db := openDB(t, "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE TABLE t (v); INSERT INTO t VALUES (?); INSERT INTO t VALUES (?), (?); -- done", 1, 2, 3)
	var sum int
	if err := db.QueryRow("INSERT INTO t VALUES (?); SELECT sum(v) FROM t WHERE v > ?", 4, 1).Scan(&sum); err != nil || sum != 9 {
		t.Errorf("sum %d, %v; want 9", sum, err)
	}
	r := mustExec(t, db, "UPDATE t SET v = v + 1 WHERE v > 2")
	if n, _ := r.RowsAffected(); n != 2 {
		t.Errorf("rows affected %d, want 2", n)
	}
	r = mustExec(t, db, "INSERT INTO t VALUES (10)")
	if id, _ := r.LastInsertId(); id != 5 {
		t.Errorf("last insert id %d, want 5", id)
	}
}

func TestStatementReuse(t *testing.T) {
	db := openDB(t, "")
	mustExec(t, db, "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT)")
	ins, err := db.Prepare("INSERT INTO t (s) VALUES (?)")
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	for i := 0; i < 100; i++ {
		if _, err := ins.Exec(strings.Repeat("s", i)); err != nil {
			t.Fatal(err)
		}
	}
	get, err := db.Prepare("SELECT s FROM t WHERE id = ?")
	if err != nil {
		t.Fatal(err)
	}
	defer get.Close()
	for i := 99; i >= 0; i-- {
		var s string
		if err := get.QueryRow(i + 1).Scan(&s); err != nil || s != strings.Repeat("s", i) {
			t.Fatalf("row %d: %q, %v", i+1, s, err)
		}
	}
	// Rows left open in the middle, then the statement runs again.
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		t.Fatal(err)
	}
	rows.Next()
	rows.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 100 {
		t.Errorf("count %d, %v", n, err)
	}
	// A write whose rows are closed early still happens (the reset that
	// ends it commits, through cgo).
	rows, err = db.Query("INSERT INTO t (s) VALUES ('a'), ('b') RETURNING id")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	rows.Close()
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 102 {
		t.Errorf("count after INSERT RETURNING closed early %d, %v; want 102", n, err)
	}
}

func TestConcurrentConnections(t *testing.T) {
	db := openDB(t, "_journal_mode=WAL&_busy_timeout=10000")
	db.SetMaxOpenConns(4)
	mustExec(t, db, "CREATE TABLE t (g INTEGER, i INTEGER)")
	var wg sync.WaitGroup
	const goroutines, each = 8, 50
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, err := db.Exec("INSERT INTO t VALUES (?, ?)", g, i); err != nil {
					errs <- err
					return
				}
				var n int
				if err := db.QueryRow("SELECT count(*) FROM t WHERE g = ?", g).Scan(&n); err != nil || n != i+1 {
					errs <- errors.Join(err, errors.New("count mismatch"))
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != goroutines*each {
		t.Errorf("count %d, %v; want %d", n, err, goroutines*each)
	}
}

// slowQuery runs for seconds unless interrupted: a recursive count.
const slowQuery = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c"

func TestCancel(t *testing.T) {
	db := openDB(t, "")
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	var x int64
	err := db.QueryRowContext(ctx, slowQuery).Scan(&x)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("query: %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelled after %v", d)
	}
	// Exec, and a prepared statement.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if _, err := db.ExecContext(ctx2, slowQuery); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("exec: %v, want context.DeadlineExceeded", err)
	}
	st, err := db.Prepare(slowQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx3, cancel3 := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel3)
	if err := st.QueryRowContext(ctx3).Scan(&x); !errors.Is(err, context.Canceled) {
		t.Errorf("prepared: %v, want context.Canceled", err)
	}
	// The connection works afterwards, with no interrupt left over.
	for i := 0; i < 3; i++ {
		if err := db.QueryRowContext(context.Background(), "SELECT 7").Scan(&x); err != nil || x != 7 {
			t.Errorf("after cancel: %d, %v", x, err)
		}
	}
	// Already done before the call.
	if _, err := db.ExecContext(ctx3, "SELECT 1"); !errors.Is(err, context.Canceled) {
		t.Errorf("done context: %v", err)
	}
}

func TestDSN(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.db")
	// mode=ro on a missing file fails; rwc creates it.
	db, _ := sql.Open(DriverName, "file:"+file+"?mode=ro")
	if err := db.Ping(); !errors.Is(err, ErrCantOpen) {
		t.Errorf("mode=ro on a missing file: %v, want ErrCantOpen", err)
	}
	db.Close()
	db, _ = sql.Open(DriverName, file+"?mode=rwc&_foreign_keys=on&_journal_mode=wal&_busy_timeout=250&_txlock=immediate")
	mustExec(t, db, "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p REFERENCES p(id))")
	if _, err := db.Exec("INSERT INTO c VALUES (1)"); !errors.Is(err, ErrConstraint) {
		t.Errorf("foreign key: %v, want ErrConstraint", err)
	}
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q, %v", mode, err)
	}
	var timeout int
	if err := db.QueryRow("PRAGMA busy_timeout").Scan(&timeout); err != nil || timeout != 250 {
		t.Errorf("busy_timeout %d, %v", timeout, err)
	}
	db.Close()
	db, _ = sql.Open(DriverName, "file:"+file+"?mode=ro")
	if _, err := db.Exec("INSERT INTO p VALUES (1)"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write with mode=ro: %v, want ErrReadOnly", err)
	}
	db.Close()
	// Shared memory databases: two connections see one database.
	db, _ = sql.Open(DriverName, "file:shared1?mode=memory&cache=shared")
	db.SetMaxOpenConns(2)
	conn1, _ := db.Conn(context.Background())
	if _, err := conn1.ExecContext(context.Background(), "CREATE TABLE m (v)"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM m").Scan(&n); err != nil {
		t.Errorf("second connection to a shared memory database: %v", err)
	}
	conn1.Close()
	db.Close()
	for _, bad := range []string{"", "x.db?mode=xx", "x.db?_journal_mode=x;DROP", "x.db?_busy_timeout=-1", "x.db?cache=none", "x.db?vfs=unix", "x.db?_what=1", "x.db?%zz"} {
		if db, err := sql.Open(DriverName, bad); err == nil {
			t.Errorf("DSN %q accepted", bad)
			db.Close()
		}
	}
	for _, good := range []string{":memory:", "file::memory:", "file::memory:?cache=shared", "file:" + file + "?vfs=unix&mode=rw"} {
		db, _ := sql.Open(DriverName, good)
		if err := db.Ping(); err != nil {
			t.Errorf("DSN %q: %v", good, err)
		}
		db.Close()
	}
}
