package sqlite

// rows.go: the rows of a query (driver.Rows): read in batches for a
// read-only statement (batch.go), else one step per row, then one fast
// call per column for its type and one or two for its value.

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/ferry-ffi/ferry/sqlite/internal/capi"
)

type rows struct {
	s     *stmt
	ctx   context.Context
	in    *interrupter
	owned bool // Close finalizes the statement
	done  bool
	b     *batch // the rows read ahead, for a read-only statement (batch.go)
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
)

var errDetached = errors.New("sqlite: the statement of these rows was run again before they were read")

// Columns are the statement's column names, read once per statement
// (database/sql asks for them at every query).
func (r *rows) Columns() []string {
	if r.s == nil {
		return nil
	}
	s := r.s
	if s.cols == nil {
		s.cols = make([]string, s.s.ColumnCount())
		for i := range s.cols {
			s.cols[i] = s.s.ColumnName(int32(i))
		}
	}
	return s.cols
}

// declTypes is each column's declared type (upper case), read once per
// statement, with what follows from the statement's shape for Next.
func (s *stmt) declTypes() []string {
	if s.decl == nil {
		n := s.s.ColumnCount()
		s.decl = make([]string, n)
		s.kinds = make([]columnKind, n)
		for i := range s.decl {
			d := strings.ToUpper(s.s.ColumnDecltype(int32(i)))
			s.decl[i] = d
			switch d {
			case "BOOLEAN", "BOOL":
				s.kinds[i] = boolColumn
			case "DATE", "DATETIME", "TIMESTAMP":
				s.kinds[i] = timeColumn
			}
		}
		s.batched = n > 0 && n <= batchCells && s.s.Readonly() != 0
	}
	return s.decl
}

// columnKind is what a declared type changes in how Next reads a value.
type columnKind uint8

const (
	plainColumn columnKind = iota
	boolColumn             // BOOLEAN, BOOL: integers read as bool
	timeColumn             // DATE, DATETIME, TIMESTAMP: read as time.Time
)

// Next reads the next row into dest. Text is copied into a string; a
// blob is a []byte of the batch's or SQLite's memory, valid until the
// next call of Next or Close (which database/sql's Scan copies, but for
// sql.RawBytes).
func (r *rows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	if r.s == nil {
		return errDetached
	}
	s := r.s
	s.declTypes()
	if r.b != nil {
		if served, err := r.fromBatchOrEnd(dest); served {
			return err
		}
	}
	s.live = true
	if !s.batched {
		if rc := s.s.Step(); rc != capi.Row {
			return r.finish(rc)
		}
		r.fromStatement(dest)
		return nil
	}
	if r.b == nil {
		r.b = s.c.takeBatch()
	}
	r.b.fill(s.s, len(s.kinds))
	if served, err := r.fromBatchOrEnd(dest); served {
		return err
	}
	return r.finish(r.b.end) // a call that said "full" without a row: not SQLite's
}

// fromBatchOrEnd reads the next row from the batch into dest, or the row
// the statement is on when it did not fit in the batch, or ends the rows
// where the batch's call ended them; false when the batch is spent and the
// statement must be stepped again.
func (r *rows) fromBatchOrEnd(dest []driver.Value) (served bool, err error) {
	b := r.b
	switch {
	case b.next < b.n:
		r.fromBatch(dest)
	case b.end == capi.Row: // the statement is on a row that did not fit
		b.end = capi.Ok
		r.fromStatement(dest)
	case b.end != capi.Ok:
		return true, r.finish(b.end)
	default:
		return false, nil
	}
	return true, nil
}

// finish ends the rows at the step that returned rc (the statement is
// halted): io.EOF at the end, else the error.
func (r *rows) finish(rc int32) error {
	r.done = true
	r.s.live = false
	r.release()
	if rc == capi.Done {
		return io.EOF
	}
	return r.s.stepError(r.ctx, rc)
}

// release gives the batch back to the connection.
func (r *rows) release() {
	if r.b != nil {
		r.s.c.putBatch(r.b)
		r.b = nil
	}
}

// fromBatch reads the batch's next row into dest.
func (r *rows) fromBatch(dest []driver.Value) {
	b := r.b
	kinds := r.s.kinds
	row := b.row()
	for i := range dest {
		if i >= len(row) { // a column the statement lost when SQLite prepared it again
			dest[i] = nil
			continue
		}
		c := &row[i]
		switch c.typ {
		case capi.Integer:
			dest[i] = integer(kinds[i], c.v)
		case capi.Float:
			dest[i] = math.Float64frombits(uint64(c.v))
		case capi.Text:
			dest[i] = text(kinds[i], string(b.bytes(c)))
		case capi.Blob:
			dest[i] = b.bytes(c)
		default:
			dest[i] = nil
		}
	}
}

// fromStatement reads the statement's current row into dest, one or two
// fast calls per column.
func (r *rows) fromStatement(dest []driver.Value) {
	st := r.s.s
	kinds := r.s.kinds
	for i := range dest {
		c := int32(i)
		switch st.ColumnType(c) {
		case capi.Integer:
			dest[i] = integer(kinds[i], st.ColumnInt64(c))
		case capi.Float:
			dest[i] = st.ColumnDouble(c)
		case capi.Text:
			p := st.ColumnText(c)
			dest[i] = text(kinds[i], string(capi.Bytes(p, st.ColumnBytes(c))))
		case capi.Blob:
			p := st.ColumnBlob(c)
			if b := capi.Bytes(p, st.ColumnBytes(c)); b != nil {
				dest[i] = b
			} else {
				dest[i] = []byte{}
			}
		default:
			dest[i] = nil
		}
	}
}

// integer is integer column value v as Next returns it.
func integer(k columnKind, v int64) driver.Value {
	switch k {
	case boolColumn:
		return v != 0
	case timeColumn:
		return time.Unix(v, 0).UTC()
	}
	return v
}

// text is text column value s as Next returns it.
func text(k columnKind, s string) driver.Value {
	if k == timeColumn {
		if t, ok := parseTime(s); ok {
			return t
		}
	}
	return s
}

// timeFormats are the layouts a DATE, DATETIME or TIMESTAMP column's text
// is read with (SQLite's own and TimeFormat); text none of them matches
// stays a string.
var timeFormats = []string{
	TimeFormat,
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSuffix(s, "Z")
	for _, f := range timeFormats {
		if t, err := time.Parse(f, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Close ends the query: the statement is reset (so it releases its
// locks) or, when the rows own it, finalized.
func (r *rows) Close() error {
	r.in.stop()
	r.in = nil
	if r.s == nil {
		return nil
	}
	s := r.s
	r.detach()
	if r.owned {
		return s.Close()
	}
	s.reset()
	return nil
}

// detach leaves the statement to its next run.
func (r *rows) detach() {
	r.release()
	if r.s != nil && r.s.rows == r {
		r.s.rows = nil
	}
	r.s = nil
}

func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	if r.s == nil {
		return ""
	}
	return r.s.declTypes()[i]
}

// ColumnTypeScanType is the Go type of the declared type's affinity (the
// rules of SQLite's "Determination Of Column Affinity"); any for none.
func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	d := r.ColumnTypeDatabaseTypeName(i)
	switch {
	case d == "BOOLEAN" || d == "BOOL":
		return reflect.TypeFor[bool]()
	case d == "DATE" || d == "DATETIME" || d == "TIMESTAMP":
		return reflect.TypeFor[time.Time]()
	case strings.Contains(d, "INT"):
		return reflect.TypeFor[int64]()
	case strings.Contains(d, "CHAR") || strings.Contains(d, "CLOB") || strings.Contains(d, "TEXT"):
		return reflect.TypeFor[string]()
	case d == "" || strings.Contains(d, "BLOB"):
		return reflect.TypeFor[any]()
	case strings.Contains(d, "REAL") || strings.Contains(d, "FLOA") || strings.Contains(d, "DOUB"):
		return reflect.TypeFor[float64]()
	}
	return reflect.TypeFor[any]() // NUMERIC affinity: integer or real
}
