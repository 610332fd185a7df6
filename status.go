// status.go: Status, the status codes of include/ferry.h's
// FERRY_STATUS_MAP as Go values and errors (names and messages from the
// C runtime's table, which the Rust crate shares).

package ferry

import "github.com/ferry-ffi/ferry/internal/cruntime"

// Status is a status code from the table in include/ferry.h, shared with
// the C runtime and the Rust crate. A non-zero Status is an error.
type Status int32

// The status codes. Their values and messages come from FERRY_STATUS_MAP.
const (
	OK           Status = cruntime.OK
	EINVAL       Status = cruntime.EINVAL
	ENOMEM       Status = cruntime.ENOMEM
	EBUSY        Status = cruntime.EBUSY
	ECLOSED      Status = cruntime.ECLOSED
	EFULL        Status = cruntime.EFULL
	EPANIC       Status = cruntime.EPANIC
	ECANCELED    Status = cruntime.ECANCELED
	ERANGE       Status = cruntime.ERANGE
	ESYNTAX      Status = cruntime.ESYNTAX
	EUNSUPPORTED Status = cruntime.EUNSUPPORTED
	EINTERNAL    Status = cruntime.EINTERNAL
)

// Error returns the status's message from the C table, e.g. "invalid argument".
func (s Status) Error() string { return cruntime.Strerror(int32(s)) }

// Name returns the status's name from the C table, e.g. "EINVAL".
func (s Status) Name() string { return cruntime.StatusName(int32(s)) }

// Err returns nil for OK and the Status itself otherwise.
func (s Status) Err() error {
	if s == OK {
		return nil
	}
	return s
}
