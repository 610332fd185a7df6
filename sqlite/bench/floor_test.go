package bench

// floor_test.go: the "floor" variant of the scan, a driver with no
// database behind it. Its rows are the scan's values, made at once
// (integers and a float from a counter, the text copied into a new string
// as a driver copies it from foreign memory, the blob a slice of the
// driver's own buffer), so the variant times what database/sql and the
// driver.Value interface cost per row whatever the driver: Rows.Next,
// boxing each value into a driver.Value, and Scan's conversions.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
)

func init() { sql.Register("floor", floorDriver{}) }

type floorDriver struct{}

func (floorDriver) Open(string) (driver.Conn, error) { return floorConn{}, nil }

type floorConn struct{}

func (floorConn) Prepare(string) (driver.Stmt, error) { return nil, errors.New("floor: no statements") }
func (floorConn) Close() error                        { return nil }
func (floorConn) Begin() (driver.Tx, error)           { return nil, errors.New("floor: no transactions") }

func (floorConn) QueryContext(context.Context, string, []driver.NamedValue) (driver.Rows, error) {
	return &floorRows{}, nil
}

var (
	floorText = []byte("row 0000000000")
	floorBlob = []byte("blob000000000000")
)

type floorRows struct{ i int64 }

func (r *floorRows) Columns() []string { return []string{"id", "n", "r", "s", "x"} }
func (r *floorRows) Close() error      { return nil }

func (r *floorRows) Next(dest []driver.Value) error {
	if r.i == scanRows {
		return io.EOF
	}
	r.i++
	dest[0] = r.i
	dest[1] = r.i * 7
	dest[2] = float64(r.i) / 3
	dest[3] = string(floorText)
	dest[4] = floorBlob
	return nil
}
