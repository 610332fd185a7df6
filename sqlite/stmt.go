package sqlite

// stmt.go: a prepared statement (driver.Stmt): binding arguments of every
// SQLite type, executing it, and its Result.

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/ferry-ffi/ferry/sqlite/internal/capi"
)

// TimeFormat is how a time.Time argument is stored: as TEXT, which
// SQLite's date and time functions read. Columns declared DATE, DATETIME
// or TIMESTAMP are read back as time.Time.
const TimeFormat = "2006-01-02 15:04:05.999999999-07:00"

type stmt struct {
	c    *conn
	s    *capi.Stmt
	rows *rows // the open rows of the statement, if any
	// live: stepped, neither at its end nor reset since (see reset).
	live bool
	// cols are the column names; decl each column's declared type, upper
	// case, and kinds what it means for Next: each read once.
	cols  []string
	decl  []string
	kinds []columnKind
	// batched: read-only with results, so Next reads rows in batches.
	batched bool
}

var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// Close finalizes the statement (nothing when its connection is closed:
// closing the connection finalized it).
func (s *stmt) Close() error {
	if s.s != nil && !s.c.closed {
		s.c.state.finalize(s.s)
	}
	s.s = nil
	return nil
}

// NumInput is the number of parameters, which database/sql checks the
// arguments against.
func (s *stmt) NumInput() int { return int(s.s.BindParameterCount()) }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func named(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, v := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return nv
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	r, err := s.exec(ctx, args)
	if err != nil {
		return nil, err
	}
	return r, nil
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.query(ctx, args, false)
}

// result is what Exec reports, read right after the statement ran.
type result struct{ lastID, changes int64 }

func (r result) LastInsertId() (int64, error) { return r.lastID, nil }
func (r result) RowsAffected() (int64, error) { return r.changes, nil }

// exec runs the statement to its end (rows, if any, are dropped).
func (s *stmt) exec(ctx context.Context, args []driver.NamedValue) (result, error) {
	if err := s.start(ctx, args); err != nil {
		return result{}, err
	}
	in := s.c.watch(ctx)
	s.live = true
	var rc int32
	for rc = s.s.Step(); rc == capi.Row; rc = s.s.Step() {
	}
	in.stop()
	s.live = false // at its end or failed: halted either way
	if rc != capi.Done {
		return result{}, s.stepError(ctx, rc)
	}
	db := s.c.state.db
	return result{lastID: db.LastInsertRowid(), changes: db.Changes()}, nil
}

// query starts the statement; the rows own it when owned (a statement
// prepared for one Query on the connection).
func (s *stmt) query(ctx context.Context, args []driver.NamedValue, owned bool) (*rows, error) {
	if err := s.start(ctx, args); err != nil {
		if owned {
			s.Close()
		}
		return nil, err
	}
	r := &rows{s: s, ctx: ctx, owned: owned, in: s.c.watch(ctx)}
	s.rows = r
	return r, nil
}

// start resets the statement (an earlier run may have left rows) and
// binds args.
func (s *stmt) start(ctx context.Context, args []driver.NamedValue) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.s == nil {
		return driver.ErrBadConn
	}
	if s.rows != nil {
		s.rows.detach()
	}
	s.reset()
	s.s.ClearBindings()
	for i := range args {
		if err := s.bind(int32(i+1), &args[i]); err != nil {
			return err
		}
	}
	return nil
}

// reset rewinds the statement, which releases what it holds. A halted
// statement (at its end, or failed) holds only cursors: a fast call.
// Resetting a live one ends its part of the transaction: for a read,
// releasing a lock, also fast; for a write in autocommit mode (INSERT ...
// RETURNING read in part) a commit that may write and sync the disk, so a
// cgo call then.
func (s *stmt) reset() {
	if s.live && s.s.Readonly() == 0 {
		s.s.ResetCgo()
	} else {
		s.s.Reset()
	}
	s.live = false
}

// stepError is the error of a step that returned rc: the context's when
// it interrupted the statement.
func (s *stmt) stepError(ctx context.Context, rc int32) error {
	if rc&0xff == capi.Interrupt && ctx.Err() != nil {
		return ctx.Err()
	}
	return s.c.state.error(rc)
}

// empty is where an empty string or blob points: SQLite binds NULL for a
// NULL pointer.
var empty [1]byte

// bind binds a to parameter i (by position in the arguments of this
// statement: a multi-statement Exec gives each its own) or to its name.
func (s *stmt) bind(i int32, a *driver.NamedValue) error {
	if a.Name != "" {
		if i = s.paramIndex(a.Name); i == 0 {
			return fmt.Errorf("sqlite: no parameter named :%s, @%s or $%s", a.Name, a.Name, a.Name)
		}
	}
	var rc int32
	switch v := a.Value.(type) {
	case nil:
		rc = s.s.BindNull(i)
	case int64:
		rc = s.s.BindInt64(i, v)
	case float64:
		rc = s.s.BindDouble(i, v)
	case bool:
		var b int64
		if v {
			b = 1
		}
		rc = s.s.BindInt64(i, b)
	case string:
		if v == "" {
			rc = s.s.BindText(i, empty[:0], capi.Transient, capi.Utf8)
		} else {
			rc = s.s.BindTextString(i, v, capi.Transient, capi.Utf8)
		}
	case []byte:
		switch {
		case v == nil:
			rc = s.s.BindNull(i)
		case len(v) == 0:
			rc = s.s.BindZeroblob(i, 0)
		default:
			rc = s.s.BindBlob(i, v, capi.Transient)
		}
	case time.Time:
		var buf [64]byte
		rc = s.s.BindText(i, v.AppendFormat(buf[:0], TimeFormat), capi.Transient, capi.Utf8)
	default:
		return fmt.Errorf("sqlite: argument %d: unsupported type %T", a.Ordinal, a.Value)
	}
	if rc != capi.Ok {
		return s.c.state.error(rc)
	}
	return nil
}

// paramIndex finds a named parameter under each prefix SQLite allows.
func (s *stmt) paramIndex(name string) int32 {
	for _, prefix := range [...]string{":", "@", "$"} {
		if i, err := s.s.BindParameterIndex(prefix + name); err == nil && i != 0 {
			return i
		}
	}
	return 0
}
