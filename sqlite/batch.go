package sqlite

// batch.go: rows read in batches. One cgo call (capi_step_rows, the
// package's own C in internal/capi/capi_rows.c) steps a read-only
// statement up to batchRows times and copies every column of each row
// into a batch; Next then serves the rows from it without a native call.
// A write is never stepped ahead of what the caller asked for, so
// statements that sqlite3_stmt_readonly does not call read-only (INSERT
// ... RETURNING among them) still take one step per Next.

import (
	"unsafe"

	"github.com/ferry-ffi/ferry/sqlite/internal/capi"
)

const (
	// batchCells bounds a batch's rows by their columns (16 bytes each):
	// 64 rows of up to 8 columns, fewer of wider rows, none of more than
	// batchCells columns (those step one row at a time).
	batchCells = 512
	batchRows  = 64
	// batchData is the room for a batch's text and blob bytes; a row whose
	// bytes do not fit ends the batch and is read in place, so a large
	// value is copied once, into its Go string, as without batches.
	batchData = 16 << 10
)

// cell is one column of a row in a batch, laid out as capi_rows.c's
// struct cell (the first of a batch is a header): the integer, the
// double's bits, or the offset of the text or blob in data, and its
// length.
type cell struct {
	v   int64
	typ int32
	n   int32
}

// batch is the rows of one capi_step_rows call. A connection keeps one
// spare (see conn.takeBatch): rows take it for the length of a query.
type batch struct {
	cells [1 + batchCells]cell // a header (v: the rows copied, n: their columns), then the rows
	data  [batchData]byte
	ncol  int   // columns of its rows
	n     int   // rows in the batch
	next  int   // the next row Next serves
	end   int32 // how the call ended: capi.Ok, capi.Row, capi.Done or an error
}

// fill steps st into the batch, with room for batchRows rows of ncol
// columns. The rows have the columns capi_step_rows says: a statement
// that SQLite prepared again after a schema change ("SELECT *" after an
// ALTER TABLE) may have others than the ncol the rows were started with.
func (b *batch) fill(st *capi.Stmt, ncol int) {
	nrows := min(batchRows, batchCells/ncol)
	cells := unsafe.Slice((*byte)(unsafe.Pointer(&b.cells[0])), (1+nrows*ncol)*int(unsafe.Sizeof(cell{})))
	rc := st.StepRows(cells, b.data[:])
	b.ncol, b.n, b.next, b.end = int(b.cells[0].n), int(b.cells[0].v), 0, rc
}

// row is the next row's cells, and moves past it.
func (b *batch) row() []cell {
	r := b.cells[1+b.next*b.ncol : 1+(b.next+1)*b.ncol]
	b.next++
	return r
}

// bytes is the text or blob of c, capped so that an append copies.
func (b *batch) bytes(c *cell) []byte {
	return b.data[c.v : c.v+int64(c.n) : c.v+int64(c.n)]
}

// takeBatch is the connection's spare batch, or a new one while the spare
// is in use (rows of several queries open at once).
func (c *conn) takeBatch() *batch {
	if b := c.spare; b != nil {
		c.spare = nil
		return b
	}
	return new(batch)
}

func (c *conn) putBatch(b *batch) {
	if b != nil && c.spare == nil {
		c.spare = b
	}
}
