package sqlite

// conn.go: one SQLite connection (driver.Conn and its context, session
// and transaction interfaces). database/sql uses a connection from one
// goroutine at a time, so it is opened SQLITE_OPEN_NOMUTEX: the library
// takes no lock per call. The one call from elsewhere is
// sqlite3_interrupt, which SQLite allows from any thread.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/ferry-ffi/ferry/sqlite/internal/capi"
)

// connState is what must be freed: the connection and the statements
// prepared on it. The garbage collector's cleanup of a conn that was never
// closed frees it through the same close, on one goroutine.
type connState struct {
	db    *capi.Conn
	stmts map[*capi.Stmt]struct{}
}

// error is the connection's last failure, for result code rc.
func (s *connState) error(rc int32) error {
	code := Code(s.db.ExtendedErrcode())
	if code.Primary() != Code(rc).Primary() {
		code = Code(rc) // the connection's error is not this call's
		return &Error{Code: code, Message: capi.Errstr(rc)}
	}
	return &Error{Code: code, Message: s.db.Errmsg()}
}

func (s *connState) prepare(sql string, flags uint32) (*capi.Stmt, string, error) {
	if len(sql) > 1<<31-1 {
		return nil, "", &Error{Code: ErrTooBig, Message: "statement longer than 2 GiB"}
	}
	if sql == "" {
		return nil, "", nil
	}
	rc, st, tail := s.db.PrepareString(sql, flags)
	if rc != capi.Ok {
		return nil, "", s.error(rc)
	}
	rest := sql[tail:]
	if st != nil {
		s.stmts[st] = struct{}{}
	}
	return st, rest, nil
}

func (s *connState) finalize(st *capi.Stmt) {
	delete(s.stmts, st)
	st.Finalize()
}

func (s *connState) close() error {
	for st := range s.stmts {
		st.Finalize()
	}
	clear(s.stmts)
	if rc := s.db.Close(); rc != capi.Ok {
		return s.error(rc)
	}
	return nil
}

type conn struct {
	state   *connState
	cfg     *config
	cleanup runtime.Cleanup
	closed  bool
	inTx    bool
	txRO    bool   // the transaction set PRAGMA query_only
	spare   *batch // kept for the next query's rows (batch.go)
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
)

// Close finalizes the connection's statements and closes it.
func (c *conn) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	c.cleanup.Stop()
	return c.state.close()
}

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext compiles the first statement of query; the rest must be
// white space or comments (Exec and Query on the connection take several).
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	st, rest, err := c.state.prepare(query, capi.PreparePersistent)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, &Error{Code: ErrMisuse, Message: "no SQL statement in " + fmt.Sprintf("%q", query)}
	}
	if strings.TrimSpace(rest) != "" {
		c.state.finalize(st)
		return nil, &Error{Code: ErrMisuse, Message: "more than one statement in a prepared statement: " + fmt.Sprintf("%q", rest)}
	}
	return &stmt{c: c, s: st}, nil
}

func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx starts a transaction (BEGIN, or what the DSN's _txlock says).
// SQLite's transactions are serializable: any other isolation level is
// refused. A read-only one sets PRAGMA query_only until it ends.
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault, sql.LevelSerializable:
	default:
		return nil, fmt.Errorf("sqlite: isolation level %v not supported (SQLite's transactions are serializable)", sql.IsolationLevel(opts.Isolation))
	}
	if c.inTx {
		return nil, errors.New("sqlite: a transaction is already open on this connection")
	}
	if opts.ReadOnly {
		if err := c.exec(ctx, "PRAGMA query_only = 1", nil); err != nil {
			return nil, err
		}
		c.txRO = true
	}
	if err := c.exec(ctx, c.cfg.txBegin, nil); err != nil {
		c.endReadOnly()
		return nil, err
	}
	c.inTx = true
	return &tx{c: c}, nil
}

func (c *conn) endReadOnly() {
	if c.txRO {
		c.txRO = false
		c.exec(context.Background(), "PRAGMA query_only = 0", nil)
	}
}

type tx struct{ c *conn }

// Commit commits; when that fails with the transaction still open (a
// SQLITE_BUSY commit, say) it rolls back, as database/sql considers the
// transaction over either way.
func (t *tx) Commit() error {
	c := t.c
	defer c.endTx()
	err := c.exec(context.Background(), "COMMIT", nil)
	if err != nil && c.state.db.GetAutocommit() == 0 {
		c.exec(context.Background(), "ROLLBACK", nil)
	}
	return err
}

func (t *tx) Rollback() error {
	c := t.c
	defer c.endTx()
	if c.state.db.GetAutocommit() != 0 {
		return nil // SQLite already rolled back (after an error such as SQLITE_FULL)
	}
	return c.exec(context.Background(), "ROLLBACK", nil)
}

func (c *conn) endTx() {
	c.inTx = false
	c.endReadOnly()
}

func (c *conn) Ping(ctx context.Context) error {
	if c.closed {
		return driver.ErrBadConn
	}
	return ctx.Err()
}

func (c *conn) ResetSession(ctx context.Context) error {
	if c.closed {
		return driver.ErrBadConn
	}
	return nil
}

func (c *conn) IsValid() bool { return !c.closed }

// ExecContext runs every statement of query, giving each the next
// arguments it takes.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	var res result
	err := c.run(ctx, query, args, func(s *stmt, args []driver.NamedValue) error {
		r, err := s.exec(ctx, args)
		res = r
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// QueryContext runs the statements of query before the last one as
// ExecContext does and returns the rows of the last one.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	var rows driver.Rows
	err := c.run(ctx, query, args, func(s *stmt, args []driver.NamedValue) error {
		r, err := s.query(ctx, args, true)
		rows = r
		return err
	})
	if err != nil {
		return nil, err
	}
	if rows == nil {
		return nil, &Error{Code: ErrMisuse, Message: "no SQL statement in " + fmt.Sprintf("%q", query)}
	}
	return rows, nil
}

// exec runs the statements of query, for the driver's own SQL.
func (c *conn) exec(ctx context.Context, query string, args []driver.NamedValue) error {
	_, err := c.ExecContext(ctx, query, args)
	return err
}

// run prepares the statements of query one by one; last runs the last
// one, which it owns (it finalizes it, or the rows it returns do), and
// every other one is executed and finalized here.
func (c *conn) run(ctx context.Context, query string, args []driver.NamedValue,
	last func(*stmt, []driver.NamedValue) error) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		st, rest, err := c.state.prepare(query, 0)
		if err != nil {
			return err
		}
		if st == nil { // only comments or white space were left
			return nil
		}
		s := &stmt{c: c, s: st}
		n := s.NumInput()
		if strings.TrimSpace(rest) == "" {
			if err := checkArgCount(len(args), n); err != nil {
				c.state.finalize(st)
				return err
			}
			return last(s, args)
		}
		if len(args) < n {
			c.state.finalize(st)
			return checkArgCount(len(args), n)
		}
		_, err = s.exec(ctx, args[:n])
		c.state.finalize(st)
		if err != nil {
			return err
		}
		args, query = args[n:], rest
	}
}

// checkArgCount refuses a statement's arguments when their number is not
// its parameter count (sqlite3_bind_parameter_count, the highest index:
// what database/sql checks for a prepared statement too), rather than
// let SQLite bind NULL for the missing ones.
func checkArgCount(have, want int) error {
	if have != want {
		return fmt.Errorf("sqlite: %d arguments for %d parameters", have, want)
	}
	return nil
}

// interrupter makes sqlite3_interrupt stop the connection's statements
// when ctx is done, until stop returns.
type interrupter struct {
	stopFn func() bool
	done   chan struct{}
}

func (c *conn) watch(ctx context.Context) *interrupter {
	if ctx.Done() == nil {
		return nil
	}
	in := &interrupter{done: make(chan struct{})}
	db := c.state.db
	in.stopFn = context.AfterFunc(ctx, func() {
		db.Interrupt()
		close(in.done)
	})
	return in
}

// stop waits for an interrupt already under way, so that it cannot hit a
// later statement or a closed connection.
func (in *interrupter) stop() {
	if in != nil && !in.stopFn() {
		<-in.done
	}
}
