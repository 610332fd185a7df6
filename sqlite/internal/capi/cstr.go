package capi

// What ferry-gen cannot generate yet (see the WORKAROUNDs in sqlite3.h):
// SQLite's #define constants, and reading the text and blobs the library
// returns as addresses.

import "unsafe"

// Result codes (the primary ones; extended codes carry one in their low
// byte).
const (
	OK         = 0
	ERROR      = 1
	INTERNAL   = 2
	PERM       = 3
	ABORT      = 4
	BUSY       = 5
	LOCKED     = 6
	NOMEM      = 7
	READONLY   = 8
	INTERRUPT  = 9
	IOERR      = 10
	CORRUPT    = 11
	NOTFOUND   = 12
	FULL       = 13
	CANTOPEN   = 14
	PROTOCOL   = 15
	EMPTY      = 16
	SCHEMA     = 17
	TOOBIG     = 18
	CONSTRAINT = 19
	MISMATCH   = 20
	MISUSE     = 21
	NOLFS      = 22
	AUTH       = 23
	FORMAT     = 24
	RANGE      = 25
	NOTADB     = 26
	NOTICE     = 27
	WARNING    = 28
	ROW        = 100
	DONE       = 101
)

// Flags of Open (SQLITE_OPEN_*).
const (
	OpenReadonly     = 0x00000001
	OpenReadwrite    = 0x00000002
	OpenCreate       = 0x00000004
	OpenURI          = 0x00000040
	OpenMemory       = 0x00000080
	OpenNomutex      = 0x00008000
	OpenFullmutex    = 0x00010000
	OpenSharedcache  = 0x00020000
	OpenPrivatecache = 0x00040000
)

// PreparePersistent (SQLITE_PREPARE_PERSISTENT): the statement will be
// reused many times.
const PreparePersistent = 0x01

// Fundamental datatypes (SQLITE_INTEGER ...).
const (
	Integer = 1
	Float   = 2
	Text    = 3
	Blob    = 4
	Null    = 5
)

// UTF8 is SQLITE_UTF8, the text encoding of BindText.
const UTF8 = 1

// Transient is SQLITE_TRANSIENT, ((sqlite3_destructor_type)-1): SQLite
// copies the bound bytes before the bind call returns.
const Transient = -1

// address is the pointer a WORKAROUND result holds. The conversion goes
// through memory so that vet's unsafeptr check, which is right about
// uintptr arithmetic on Go pointers, is not asked about C memory.
func address(p uint64) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&p))
}

// Bytes is the n bytes at C address p, not copied: valid as long as
// SQLite keeps them (see each function in sqlite3.h). Nil for p == 0.
func Bytes(p uint64, n int32) []byte {
	if p == 0 || n <= 0 {
		return nil
	}
	return unsafe.Slice((*byte)(address(p)), n)
}
