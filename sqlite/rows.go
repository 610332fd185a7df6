package sqlite

// rows.go: the rows of a query (driver.Rows): one step per row, then one
// fast call per column for its type and one or two for its value.

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
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
	cols  []string
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
)

var errDetached = errors.New("sqlite: the statement of these rows was run again before they were read")

func (r *rows) Columns() []string {
	if r.cols == nil && r.s != nil {
		n := r.s.s.ColumnCount()
		r.cols = make([]string, n)
		for i := range r.cols {
			r.cols[i] = r.s.s.ColumnName(int32(i))
		}
	}
	return r.cols
}

// declTypes is each column's declared type (upper case), read once per
// statement.
func (s *stmt) declTypes() []string {
	if s.decl == nil {
		n := s.s.ColumnCount()
		s.decl = make([]string, n)
		for i := range s.decl {
			s.decl[i] = strings.ToUpper(s.s.ColumnDecltype(int32(i)))
		}
	}
	return s.decl
}

// Next reads the next row into dest. Text is copied into a string; a
// blob is a []byte of SQLite's memory, valid until the next call of Next
// or Close (which database/sql's Scan copies, but for sql.RawBytes).
func (r *rows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	if r.s == nil {
		return errDetached
	}
	st := r.s.s
	rc := st.Step()
	if rc == capi.DONE {
		r.done = true
		return io.EOF
	}
	if rc != capi.ROW {
		r.done = true
		return r.s.stepError(r.ctx, rc)
	}
	decl := r.s.declTypes()
	for i := range dest {
		c := int32(i)
		switch st.ColumnType(c) {
		case capi.Integer:
			v := st.ColumnInt64(c)
			switch decl[i] {
			case "BOOLEAN", "BOOL":
				dest[i] = v != 0
			case "DATE", "DATETIME", "TIMESTAMP":
				dest[i] = time.Unix(v, 0).UTC()
			default:
				dest[i] = v
			}
		case capi.Float:
			dest[i] = st.ColumnDouble(c)
		case capi.Text:
			p := st.ColumnText(c)
			s := string(capi.Bytes(p, st.ColumnBytes(c)))
			switch decl[i] {
			case "DATE", "DATETIME", "TIMESTAMP":
				if t, ok := parseTime(s); ok {
					dest[i] = t
					continue
				}
			}
			dest[i] = s
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
	return nil
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
