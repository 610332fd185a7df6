package sqlite

// error.go: SQLite's failures as Go errors: *Error carries the extended
// result code and the library's message; Code values match it with
// errors.Is.

import (
	"strconv"

	"github.com/ferry-ffi/ferry/sqlite/internal/capi"
)

// Code is an SQLite result code, primary (ErrConstraint) or extended
// (SQLITE_CONSTRAINT_UNIQUE, 2067). As an error it reads as SQLite's
// own description of the code.
type Code int

// The primary result codes, for errors.Is(err, sqlite.ErrBusy).
const (
	ErrError      Code = capi.ERROR
	ErrInternal   Code = capi.INTERNAL
	ErrPerm       Code = capi.PERM
	ErrAbort      Code = capi.ABORT
	ErrBusy       Code = capi.BUSY
	ErrLocked     Code = capi.LOCKED
	ErrNoMem      Code = capi.NOMEM
	ErrReadOnly   Code = capi.READONLY
	ErrInterrupt  Code = capi.INTERRUPT
	ErrIOErr      Code = capi.IOERR
	ErrCorrupt    Code = capi.CORRUPT
	ErrNotFound   Code = capi.NOTFOUND
	ErrFull       Code = capi.FULL
	ErrCantOpen   Code = capi.CANTOPEN
	ErrProtocol   Code = capi.PROTOCOL
	ErrSchema     Code = capi.SCHEMA
	ErrTooBig     Code = capi.TOOBIG
	ErrConstraint Code = capi.CONSTRAINT
	ErrMismatch   Code = capi.MISMATCH
	ErrMisuse     Code = capi.MISUSE
	ErrAuth       Code = capi.AUTH
	ErrRange      Code = capi.RANGE
	ErrNotADB     Code = capi.NOTADB
)

// Primary is the primary code an extended one refines (its low byte).
func (c Code) Primary() Code { return c & 0xff }

func (c Code) Error() string {
	return "sqlite: " + capi.Errstr(int32(c)) + " (code " + strconv.Itoa(int(c)) + ")"
}

// Error is a failure reported by SQLite.
type Error struct {
	// Code is the extended result code (a primary one where SQLite has
	// no finer one).
	Code Code
	// Message is sqlite3_errmsg's text at the time of the failure.
	Message string
}

func (e *Error) Error() string {
	return "sqlite: " + e.Message + " (" + capi.Errstr(int32(e.Code)) + ", code " + strconv.Itoa(int(e.Code)) + ")"
}

// Is matches a Code equal to e's extended code or to its primary code:
// errors.Is(err, sqlite.ErrConstraint) holds for a UNIQUE violation.
func (e *Error) Is(target error) bool {
	c, ok := target.(Code)
	return ok && (c == e.Code || c == e.Code.Primary())
}

// Unwrap gives the code, so errors.As(err, &code) finds it too.
func (e *Error) Unwrap() error { return e.Code }
