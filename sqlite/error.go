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
	ErrError      Code = capi.GenericError
	ErrInternal   Code = capi.Internal
	ErrPerm       Code = capi.Perm
	ErrAbort      Code = capi.Abort
	ErrBusy       Code = capi.Busy
	ErrLocked     Code = capi.Locked
	ErrNoMem      Code = capi.Nomem
	ErrReadOnly   Code = capi.Readonly
	ErrInterrupt  Code = capi.Interrupt
	ErrIOErr      Code = capi.Ioerr
	ErrCorrupt    Code = capi.Corrupt
	ErrNotFound   Code = capi.Notfound
	ErrFull       Code = capi.Full
	ErrCantOpen   Code = capi.Cantopen
	ErrProtocol   Code = capi.Protocol
	ErrSchema     Code = capi.Schema
	ErrTooBig     Code = capi.Toobig
	ErrConstraint Code = capi.Constraint
	ErrMismatch   Code = capi.Mismatch
	ErrMisuse     Code = capi.Misuse
	ErrAuth       Code = capi.Auth
	ErrRange      Code = capi.Range
	ErrNotADB     Code = capi.Notadb
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
