package sqlite

// driver.go: the database/sql driver "ferry-sqlite" and its Connector;
// opening a connection (flags, busy timeout, the DSN's pragmas).

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"runtime"

	"github.com/ferry-ffi/ferry/sqlite/internal/capi"
)

// DriverName is the name the driver is registered under:
// sql.Open(sqlite.DriverName, "file.db?_journal_mode=WAL").
const DriverName = "ferry-sqlite"

func init() {
	sql.Register(DriverName, &Driver{})
}

// Driver is the database/sql driver. Its zero value is ready to use.
type Driver struct{}

// Open opens a connection to dsn (see the package doc for its form).
func (d *Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses dsn once, for sql.OpenDB.
func (d *Driver) OpenConnector(dsn string) (driver.Connector, error) {
	cfg, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	return &connector{driver: d, cfg: cfg}, nil
}

type connector struct {
	driver *Driver
	cfg    *config
}

func (c *connector) Driver() driver.Driver { return c.driver }

// Connect opens one SQLite connection.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rc, db, err := capi.Open(c.cfg.name, c.cfg.flags, nil)
	if err != nil {
		return nil, &Error{Code: ErrMisuse, Message: "file name holds a NUL byte"}
	}
	if db == nil {
		return nil, &Error{Code: Code(rc), Message: "cannot allocate a connection"}
	}
	s := &connState{db: db, stmts: map[*capi.Stmt]struct{}{}}
	if rc != capi.Ok {
		err := s.error(rc)
		s.close()
		return nil, err
	}
	db.ExtendedResultCodes(1)
	db.BusyTimeout(int32(min(c.cfg.busyTimeout, 1<<31-1)))
	cn := &conn{state: s, cfg: c.cfg}
	cn.cleanup = runtime.AddCleanup(cn, func(s *connState) { s.close() }, s)
	for _, p := range c.cfg.pragmas {
		if err := cn.exec(ctx, p, nil); err != nil {
			cn.Close()
			return nil, err
		}
	}
	return cn, nil
}
