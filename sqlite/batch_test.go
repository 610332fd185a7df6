package sqlite

// batch_test.go: rows read in batches (batch.go) read as rows read one
// step at a time: across batch boundaries, with every type and NULLs at
// the boundary, rows too large for a batch, closed or rerun mid-batch,
// an error or a cancellation mid-scan, and writes never read ahead.

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openConn opens a driver connection on a new file, for tests that call
// the driver's rows directly (database/sql would hide what Next returns
// after a cancellation or an error).
func openConn(t *testing.T) *conn {
	t.Helper()
	c, err := (&Driver{}).Open(filepath.Join(t.TempDir(), "batch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c.(*conn)
}

func connExec(t *testing.T, c *conn, q string, args ...any) {
	t.Helper()
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	if _, err := c.ExecContext(context.Background(), q, nv); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func connQuery(t *testing.T, c *conn, ctx context.Context, q string) *rows {
	t.Helper()
	r, err := c.QueryContext(ctx, q, nil)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return r.(*rows)
}

// cellValue is what row i, column j of the typed tables holds: the types
// take turns along the row and down the column, so that every type, NULL
// and the empty text and blob meet every batch boundary.
func cellValue(i, j int) driver.Value {
	switch (i + j) % 7 {
	case 0:
		return int64(i)*1_000_000_007 - int64(j)
	case 1:
		return float64(i) / 7
	case 2:
		return fmt.Sprintf("text %d.%d", i, j)
	case 3:
		return []byte(fmt.Sprintf("blob\x00%d.%d", i, j))
	case 4:
		return nil
	case 5:
		return ""
	}
	return []byte{}
}

// typedTable creates table name with ncol untyped columns and nrows rows
// of cellValue.
func typedTable(t *testing.T, c *conn, name string, ncol, nrows int) {
	cols := make([]string, ncol)
	marks := make([]string, ncol)
	for j := range cols {
		cols[j] = fmt.Sprintf("c%d", j)
		marks[j] = "?"
	}
	connExec(t, c, fmt.Sprintf("CREATE TABLE %s (%s)", name, strings.Join(cols, ", ")))
	connExec(t, c, "BEGIN")
	for i := 0; i < nrows; i++ {
		args := make([]any, ncol)
		for j := range args {
			args[j] = cellValue(i, j)
		}
		connExec(t, c, fmt.Sprintf("INSERT INTO %s VALUES (%s)", name, strings.Join(marks, ", ")), args...)
	}
	connExec(t, c, "COMMIT")
}

// readRows reads n rows of r (Next must not fail), checking each against
// cellValue from row first on, and reports the Next calls' error after.
func readRows(t *testing.T, r *rows, first, n, ncol int) {
	t.Helper()
	dest := make([]driver.Value, ncol)
	for i := first; i < first+n; i++ {
		if err := r.Next(dest); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		for j := range dest {
			if want := cellValue(i, j); !equal(dest[j], want) {
				t.Fatalf("row %d column %d: %#v, want %#v", i, j, dest[j], want)
			}
		}
	}
}

func TestBatchBoundaries(t *testing.T) {
	c := openConn(t)
	// 3 columns: batches of batchRows rows; 11: of batchCells/11; more
	// than batchCells: one step per row.
	for _, ncol := range []int{1, 3, 11, batchCells + 1} {
		name := fmt.Sprintf("t%d", ncol)
		const nrows = 300
		typedTable(t, c, name, ncol, nrows)
		r := connQuery(t, c, context.Background(), "SELECT * FROM "+name+" ORDER BY rowid")
		readRows(t, r, 0, nrows, ncol)
		if err := r.Next(make([]driver.Value, ncol)); err != io.EOF {
			t.Errorf("%d columns: after the last row: %v", ncol, err)
		}
		if batched := ncol <= batchCells; r.s.batched != batched {
			t.Errorf("%d columns: batched %v, want %v", ncol, r.s.batched, batched)
		}
		r.Close()
	}
}

// Columns declared BOOLEAN and DATETIME keep their Go types across
// batches.
func TestBatchDeclaredTypes(t *testing.T) {
	c := openConn(t)
	connExec(t, c, "CREATE TABLE d (b BOOLEAN, at DATETIME)")
	base := time.Date(2026, 12, 2, 17, 0, 0, 0, time.UTC)
	for i := 0; i < 200; i++ {
		at := any(base.Add(time.Duration(i) * time.Second).Format(TimeFormat))
		if i%2 == 1 {
			at = base.Add(time.Duration(i) * time.Second).Unix()
		}
		connExec(t, c, "INSERT INTO d VALUES (?, ?)", int64(i%3), at)
	}
	r := connQuery(t, c, context.Background(), "SELECT b, at FROM d ORDER BY rowid")
	defer r.Close()
	dest := make([]driver.Value, 2)
	for i := 0; i < 200; i++ {
		if err := r.Next(dest); err != nil {
			t.Fatal(err)
		}
		if b, ok := dest[0].(bool); !ok || b != (i%3 != 0) {
			t.Fatalf("row %d: BOOLEAN %#v", i, dest[0])
		}
		at, ok := dest[1].(time.Time)
		if want := base.Add(time.Duration(i) * time.Second); !ok || !at.Equal(want) {
			t.Fatalf("row %d: DATETIME %#v, want %v", i, dest[1], want)
		}
	}
}

// Rows whose bytes do not fit in what is left of a batch, or in a whole
// batch, are read in place, between rows that fit.
func TestBatchLargeValues(t *testing.T) {
	c := openConn(t)
	connExec(t, c, "CREATE TABLE big (i INTEGER, s TEXT, x BLOB)")
	sizes := []int{10, 5000, 5000, 5000, 5000, 7, batchData, batchData + 1, 3, 100_000, 0, 6000, 6000, 1}
	for i, n := range sizes {
		connExec(t, c, "INSERT INTO big VALUES (?, ?, ?)", int64(i), strings.Repeat(string(rune('a'+i)), n), []byte(strings.Repeat("x", n/2)))
	}
	for round := 0; round < 2; round++ { // the second with a spare batch
		r := connQuery(t, c, context.Background(), "SELECT i, s, x FROM big ORDER BY i")
		dest := make([]driver.Value, 3)
		for i, n := range sizes {
			if err := r.Next(dest); err != nil {
				t.Fatalf("row %d: %v", i, err)
			}
			s, _ := dest[1].(string)
			x, _ := dest[2].([]byte)
			if dest[0] != int64(i) || s != strings.Repeat(string(rune('a'+i)), n) || string(x) != strings.Repeat("x", n/2) {
				t.Fatalf("row %d: %v, text of %d bytes, blob of %d, want %d and %d", i, dest[0], len(s), len(x), n, n/2)
			}
		}
		if err := r.Next(dest); err != io.EOF {
			t.Fatalf("after the last row: %v", err)
		}
		r.Close()
	}
}

// A prepared statement closed or run again mid-batch starts afresh; rows
// detached by a rerun say so; two queries open at once on one connection
// each keep their own batch.
func TestBatchCloseRerunAndInterleave(t *testing.T) {
	c := openConn(t)
	typedTable(t, c, "t", 4, 500)
	ps, err := c.Prepare("SELECT * FROM t WHERE rowid > ? ORDER BY rowid")
	if err != nil {
		t.Fatal(err)
	}
	st := ps.(*stmt)
	defer st.Close()
	query := func(after int64) *rows {
		r, err := st.QueryContext(context.Background(), []driver.NamedValue{{Ordinal: 1, Value: after}})
		if err != nil {
			t.Fatal(err)
		}
		return r.(*rows)
	}
	r := query(0)
	readRows(t, r, 0, 10, 4)
	r.Close() // mid-batch
	r = query(100)
	readRows(t, r, 100, 400, 4)
	r.Close()

	r1 := query(0)
	readRows(t, r1, 0, 3, 4)
	r2 := query(200) // detaches r1
	if err := r1.Next(make([]driver.Value, 4)); err != errDetached {
		t.Errorf("rows of a statement run again: %v, want errDetached", err)
	}
	readRows(t, r2, 200, 300, 4)
	r1.Close()
	r2.Close()

	a := connQuery(t, c, context.Background(), "SELECT * FROM t ORDER BY rowid")
	b := connQuery(t, c, context.Background(), "SELECT * FROM t ORDER BY rowid DESC")
	dest := make([]driver.Value, 4)
	for i := 0; i < 500; i++ {
		readRows(t, a, i, 1, 4)
		if err := b.Next(dest); err != nil {
			t.Fatal(err)
		}
		if want := cellValue(499-i, 0); !equal(dest[0], want) {
			t.Fatalf("descending row %d: %#v, want %#v", 499-i, dest[0], want)
		}
	}
	a.Close()
	b.Close()
}

// A step that fails after rows of a batch: the rows before it come first,
// the error at the Next of the row that failed.
func TestBatchErrorAtItsRow(t *testing.T) {
	c := openConn(t)
	for _, failAt := range []int{1, 64, 65, 100} {
		q := fmt.Sprintf("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 200) "+
			"SELECT x, CASE WHEN x = %d THEN abs(-9223372036854775807 - 1) ELSE x END FROM c", failAt)
		r := connQuery(t, c, context.Background(), q)
		dest := make([]driver.Value, 2)
		for i := 1; ; i++ {
			err := r.Next(dest)
			if i < failAt {
				if err != nil || dest[0] != int64(i) {
					t.Fatalf("row %d: %v, %v", i, dest[0], err)
				}
				continue
			}
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Message, "integer overflow") {
				t.Fatalf("row %d: %v, want the integer overflow", i, err)
			}
			break
		}
		if err := r.Next(dest); err != io.EOF {
			t.Errorf("after the error: %v", err)
		}
		r.Close()
	}
	// The connection is fine afterwards.
	r := connQuery(t, c, context.Background(), "SELECT 7")
	dest := make([]driver.Value, 1)
	if err := r.Next(dest); err != nil || dest[0] != int64(7) {
		t.Errorf("after the errors: %v, %v", dest[0], err)
	}
	r.Close()
}

// A context cancelled mid-scan stops the rows within a batch or two, with
// the context's error.
func TestBatchCancelMidScan(t *testing.T) {
	c := openConn(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := connQuery(t, c, ctx, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c")
	dest := make([]driver.Value, 1)
	for i := 1; i <= 10; i++ {
		if err := r.Next(dest); err != nil || dest[0] != int64(i) {
			t.Fatalf("row %d: %v, %v", i, dest[0], err)
		}
	}
	cancel()
	var err error
	more := 0
	deadline := time.Now().Add(5 * time.Second)
	for err == nil && time.Now().Before(deadline) {
		if err = r.Next(dest); err == nil {
			more++
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("after the cancel, %d rows more, then %v", more, err)
	}
	t.Logf("rows after the cancel: %d", more)
	r.Close()
	r = connQuery(t, c, context.Background(), "SELECT 7")
	if err := r.Next(dest); err != nil || dest[0] != int64(7) {
		t.Errorf("after the cancel: %v, %v", dest[0], err)
	}
	r.Close()
}

// A statement that writes takes one step per Next, never read ahead.
func TestBatchNotForWrites(t *testing.T) {
	c := openConn(t)
	connExec(t, c, "CREATE TABLE w (v INTEGER)")
	r := connQuery(t, c, context.Background(),
		"INSERT INTO w WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 100) SELECT x FROM c RETURNING v")
	dest := make([]driver.Value, 1)
	for i := 1; i <= 3; i++ {
		if err := r.Next(dest); err != nil || dest[0] != int64(i) {
			t.Fatalf("row %d: %v, %v", i, dest[0], err)
		}
	}
	if r.s.batched || r.b != nil {
		t.Error("the rows of an INSERT ... RETURNING were read in batches")
	}
	r.Close()
	r = connQuery(t, c, context.Background(), "SELECT count(*) FROM w")
	if err := r.Next(dest); err != nil || dest[0] != int64(100) {
		t.Errorf("rows inserted: %v, %v", dest[0], err)
	}
	if !r.s.batched {
		t.Error("a SELECT was not read in batches")
	}
	r.Close()
}

// A prepared "SELECT *" that SQLite prepares again after the table gained
// or lost a column: the batch has the statement's new columns, the rows
// the columns they started with.
func TestBatchAfterSchemaChange(t *testing.T) {
	c := openConn(t)
	typedTable(t, c, "t", 3, 100)
	ps, err := c.Prepare("SELECT * FROM t ORDER BY rowid")
	if err != nil {
		t.Fatal(err)
	}
	defer ps.Close()
	st := ps.(*stmt)
	for _, change := range []string{"", "ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'x'", "ALTER TABLE t DROP COLUMN extra", "ALTER TABLE t DROP COLUMN c2"} {
		if change != "" {
			connExec(t, c, change)
		}
		r, err := st.QueryContext(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		rows := r.(*rows)
		dest := make([]driver.Value, 3)
		for i := 0; i < 100; i++ {
			if err := rows.Next(dest); err != nil {
				t.Fatalf("after %q: row %d: %v", change, i, err)
			}
			for j := 0; j < 2; j++ {
				if want := cellValue(i, j); !equal(dest[j], want) {
					t.Fatalf("after %q: row %d column %d: %#v, want %#v", change, i, j, dest[j], want)
				}
			}
			if change == "ALTER TABLE t DROP COLUMN c2" && dest[2] != nil {
				t.Fatalf("after %q: row %d: the dropped column reads %#v", change, i, dest[2])
			}
		}
		rows.Close()
	}
}
