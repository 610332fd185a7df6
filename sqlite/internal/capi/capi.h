/* capi.h: the ferry interface of the subset of SQLite 3 (Debian's
 * libsqlite3-dev, linked with -lsqlite3) that package sqlite's
 * database/sql driver uses, for ferry-gen.
 *
 * The declarations are the library's own, as <sqlite3.h> writes them,
 * but for its typedefs spelled out (sqlite3_int64 is long long,
 * sqlite3_uint64 unsigned long long). FERRY_HEADER(<sqlite3.h>) below
 * makes the Go build check every one of them against the real header
 * (capi_ferry_check.c): a prototype that differs stops the build, naming
 * the function and both declarations. The file does not take the header's name
 * for that reason (the check would include itself).
 *
 * Modes: calls that may do I/O, sort or wait on a lock (open, close,
 * prepare, step, finalize) are cgo calls; everything per column and per
 * bind is a fast call, but for the copy of a text or blob larger than
 * 64 KiB (microseconds of memcpy, against cgo's ~40 ns). Package sqlite's
 * doc.go has the measurements. */
#ifndef FERRY_SQLITE3_H
#define FERRY_SQLITE3_H

#include <stdint.h>

#include "ferry_gen.h"

FERRY_HEADER(<sqlite3.h>)


FERRY_PREFIX(SQLITE_)

/* ---- Constants ---- */

/* Result codes (the primary ones: an extended code carries one in its low
 * byte). */
#define SQLITE_OK 0
#define SQLITE_ERROR 1 FERRY_NAME(generic_error)
#define SQLITE_INTERNAL 2
#define SQLITE_PERM 3
#define SQLITE_ABORT 4
#define SQLITE_BUSY 5
#define SQLITE_LOCKED 6
#define SQLITE_NOMEM 7
#define SQLITE_READONLY 8
#define SQLITE_INTERRUPT 9
#define SQLITE_IOERR 10
#define SQLITE_CORRUPT 11
#define SQLITE_NOTFOUND 12
#define SQLITE_FULL 13
#define SQLITE_CANTOPEN 14
#define SQLITE_PROTOCOL 15
#define SQLITE_EMPTY 16
#define SQLITE_SCHEMA 17
#define SQLITE_TOOBIG 18
#define SQLITE_CONSTRAINT 19
#define SQLITE_MISMATCH 20
#define SQLITE_MISUSE 21
#define SQLITE_NOLFS 22
#define SQLITE_AUTH 23
#define SQLITE_FORMAT 24
#define SQLITE_RANGE 25
#define SQLITE_NOTADB 26
#define SQLITE_NOTICE 27
#define SQLITE_WARNING 28
#define SQLITE_ROW 100
#define SQLITE_DONE 101

/* Flags of sqlite3_open_v2. */
#define SQLITE_OPEN_READONLY 0x00000001
#define SQLITE_OPEN_READWRITE 0x00000002
#define SQLITE_OPEN_CREATE 0x00000004
#define SQLITE_OPEN_URI 0x00000040
#define SQLITE_OPEN_MEMORY 0x00000080
#define SQLITE_OPEN_NOMUTEX 0x00008000
#define SQLITE_OPEN_FULLMUTEX 0x00010000
#define SQLITE_OPEN_SHAREDCACHE 0x00020000
#define SQLITE_OPEN_PRIVATECACHE 0x00040000

/* The statement will be reused many times (sqlite3_prepare_v3). */
#define SQLITE_PREPARE_PERSISTENT 0x01

/* Fundamental datatypes (sqlite3_column_type). */
#define SQLITE_INTEGER 1
#define SQLITE_FLOAT 2
#define SQLITE_TEXT 3
#define SQLITE_BLOB 4
#define SQLITE_NULL 5

/* The text encoding of sqlite3_bind_text64. */
#define SQLITE_UTF8 1

/* What SQLite does with bound bytes when the bind returns: a function
 * pointer, or a sentinel. */
typedef void (*sqlite3_destructor_type)(void *);
/* SQLite copies the bytes before the bind returns: the only one Go may
 * pass (C keeps no pointer to Go memory). */
#define SQLITE_TRANSIENT ((sqlite3_destructor_type)-1)

/* A database connection. Package sqlite frees it (Close) itself: the
 * statements of a connection must be finalized before it, by one
 * goroutine, which a garbage-collector cleanup per handle cannot ensure. */
typedef struct sqlite3 sqlite3 FERRY_NAME(conn);

/* A prepared statement, finalized by package sqlite (Finalize). */
typedef struct sqlite3_stmt sqlite3_stmt FERRY_NAME(stmt);

/* ---- Connections ---- */

/* Opens filename with the SQLITE_OPEN_* flags; vfs nil for the default.
 * Even on failure db is usually set and must be closed. */
int sqlite3_open_v2(const char *filename, sqlite3 **db FERRY_OUT, int flags,
                    const char *vfs FERRY_OPTIONAL) FERRY_NAME(open) FERRY_CGO;
/* Closes the connection (its statements finalized first). May checkpoint
 * a WAL file: a cgo call. */
int sqlite3_close_v2(sqlite3 *db) FERRY_METHOD(close) FERRY_CGO;
int sqlite3_extended_result_codes(sqlite3 *db, int onoff)
    FERRY_METHOD(extended_result_codes);
int sqlite3_busy_timeout(sqlite3 *db, int ms) FERRY_METHOD(busy_timeout);
/* The extended result code of the last failed call on db. */
int sqlite3_extended_errcode(sqlite3 *db) FERRY_METHOD(extended_errcode);
/* The message of the last failed call on db. */
const char *sqlite3_errmsg(sqlite3 *db) FERRY_METHOD(errmsg) FERRY_BORROWED;
/* The English text of a result code. */
const char *sqlite3_errstr(int code) FERRY_NAME(errstr) FERRY_BORROWED;
/* Makes the statements running on db stop with SQLITE_INTERRUPT; safe
 * from any thread while db is open. */
void sqlite3_interrupt(sqlite3 *db) FERRY_METHOD(interrupt);
long long sqlite3_changes64(sqlite3 *db) FERRY_METHOD(changes);
long long sqlite3_last_insert_rowid(sqlite3 *db)
    FERRY_METHOD(last_insert_rowid);
int sqlite3_get_autocommit(sqlite3 *db) FERRY_METHOD(get_autocommit);
int sqlite3_libversion_number(void) FERRY_NAME(libversion_number);
/* The bytes SQLite has allocated and not freed (all connections): the
 * leak tests' measure. */
long long sqlite3_memory_used(void) FERRY_NAME(memory_used);

/* ---- Statements ---- */

/* Compiles the first statement of sql (length n in bytes, not
 * NUL-terminated); tail is the offset in sql just after it. stmt is NULL
 * when sql holds only white space or comments. May read the schema from
 * disk: a cgo call. */
int sqlite3_prepare_v3(sqlite3 *db, const char *sql FERRY_LEN(n), int n,
                       unsigned int flags, sqlite3_stmt **stmt FERRY_OUT,
                       const char **tail FERRY_OUT FERRY_OFFSET_IN(sql))
    FERRY_METHOD(prepare) FERRY_STRINGS FERRY_CGO;
/* Frees the statement; like reset, it may commit: a cgo call. */
int sqlite3_finalize(sqlite3_stmt *s) FERRY_METHOD(finalize) FERRY_CGO;
/* Rewinds the statement: ResetCgo where that may commit (see stmt.go). */
int sqlite3_reset(sqlite3_stmt *s) FERRY_METHOD(reset) FERRY_FAST FERRY_CGO;
int sqlite3_clear_bindings(sqlite3_stmt *s) FERRY_METHOD(clear_bindings);
/* The next row (SQLITE_ROW), the end (SQLITE_DONE) or an error. It may
 * sort, read the disk or wait on a lock for as long as the busy timeout:
 * a cgo call (Step); StepFast is the fast call, for the measurement of
 * what it would cost the garbage collector only (package sqlite's doc). */
int sqlite3_step(sqlite3_stmt *s) FERRY_METHOD(step) FERRY_CGO FERRY_FAST;
int sqlite3_stmt_readonly(sqlite3_stmt *s) FERRY_METHOD(readonly);

/* ---- Parameters (numbered from 1) ---- */

int sqlite3_bind_parameter_count(sqlite3_stmt *s)
    FERRY_METHOD(bind_parameter_count);
/* The index of the parameter named name (with its ':', '@' or '$'), 0 if
 * none. */
int sqlite3_bind_parameter_index(sqlite3_stmt *s, const char *name)
    FERRY_METHOD(bind_parameter_index);
int sqlite3_bind_null(sqlite3_stmt *s, int i) FERRY_METHOD(bind_null);
int sqlite3_bind_int64(sqlite3_stmt *s, int i, long long v)
    FERRY_METHOD(bind_int64);
int sqlite3_bind_double(sqlite3_stmt *s, int i, double v)
    FERRY_METHOD(bind_double);
/* Text in encoding (SQLITE_UTF8), copied by SQLite when destructor is
 * SQLITE_TRANSIENT. A NULL text binds NULL. */
int sqlite3_bind_text64(sqlite3_stmt *s, int i, const char *text FERRY_LEN(n),
                        unsigned long long n,
                        sqlite3_destructor_type destructor,
                        unsigned char encoding)
    FERRY_METHOD(bind_text) FERRY_STRINGS FERRY_CGO_ABOVE(text, 65536);
/* A blob, copied with SQLITE_TRANSIENT. */
int sqlite3_bind_blob64(sqlite3_stmt *s, int i, const void *blob FERRY_LEN(n),
                        unsigned long long n,
                        sqlite3_destructor_type destructor)
    FERRY_METHOD(bind_blob) FERRY_CGO_ABOVE(blob, 65536);
/* A blob of n zero bytes (n = 0: the empty blob, which bind_blob64 with
 * no bytes cannot say: a NULL pointer binds NULL). */
int sqlite3_bind_zeroblob(sqlite3_stmt *s, int i, int n)
    FERRY_METHOD(bind_zeroblob);

/* ---- Columns of the current row (numbered from 0) ---- */

int sqlite3_column_count(sqlite3_stmt *s) FERRY_METHOD(column_count);
const char *sqlite3_column_name(sqlite3_stmt *s, int i)
    FERRY_METHOD(column_name) FERRY_BORROWED;
/* The declared type of the column; "" for an expression. */
const char *sqlite3_column_decltype(sqlite3_stmt *s, int i)
    FERRY_METHOD(column_decltype) FERRY_BORROWED;
/* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL. */
int sqlite3_column_type(sqlite3_stmt *s, int i) FERRY_METHOD(column_type);
long long sqlite3_column_int64(sqlite3_stmt *s, int i)
    FERRY_METHOD(column_int64);
double sqlite3_column_double(sqlite3_stmt *s, int i)
    FERRY_METHOD(column_double);
/* Borrowed until the next step, reset or finalize; its length is
 * column_bytes (called after it). FERRY_ADDRESS, not FERRY_BORROWED: that
 * copy ends at the first NUL, which SQL text may hold, and would be a
 * second pass over bytes whose length column_bytes says. */
const unsigned char *sqlite3_column_text(sqlite3_stmt *s, int i)
    FERRY_METHOD(column_text) FERRY_ADDRESS;
/* Borrowed as column_text's: the driver hands SQLite's bytes to
 * database/sql without a copy. */
const void *sqlite3_column_blob(sqlite3_stmt *s, int i)
    FERRY_METHOD(column_blob) FERRY_ADDRESS;
int sqlite3_column_bytes(sqlite3_stmt *s, int i) FERRY_METHOD(column_bytes);

/* A column's value, for capi_rows.c (Go reads columns with the calls
 * above): one column call per column, then the sqlite3_value_* reads,
 * which skip the statement's checks each column call makes again (a third
 * of SQLite's time in a scan, measured with perf). The value is
 * "unprotected", which matters only to a connection shared between
 * threads: the driver's are NOMUTEX, used by one at a time. */
typedef struct sqlite3_value sqlite3_value FERRY_NAME(value);
sqlite3_value *sqlite3_column_value(sqlite3_stmt *s, int i)
    FERRY_METHOD(column_value);
int sqlite3_value_type(sqlite3_value *v) FERRY_METHOD(value_type);
long long sqlite3_value_int64(sqlite3_value *v) FERRY_METHOD(value_int64);
double sqlite3_value_double(sqlite3_value *v) FERRY_METHOD(value_double);
const unsigned char *sqlite3_value_text(sqlite3_value *v) FERRY_METHOD(value_text)
    FERRY_ADDRESS;
const void *sqlite3_value_blob(sqlite3_value *v) FERRY_METHOD(value_blob)
    FERRY_ADDRESS;
int sqlite3_value_bytes(sqlite3_value *v) FERRY_METHOD(value_bytes);

/* ---- Rows in batches (capi_rows.c, the package's own C) ---- */

/* Steps s as many times as cells has room for rows, and copies each row
 * into cells (16 bytes per column after a 16-byte header that says how
 * many rows of how many columns were copied: capi_rows.c has the layout), its text and blob
 * bytes into data: one cgo call for a batch of rows instead of one per
 * row and one or two fast calls per column. Returns SQLITE_OK when cells
 * is full (the statement is on the last row copied), SQLITE_ROW when the
 * statement is on a row whose bytes did not fit in what is left of data
 * (not copied: read it with the column calls), SQLITE_DONE, or the error
 * of the failed step, after the rows before it. Bounded by nothing but
 * the statement: a cgo call, as step. The count is in cells, not a
 * FERRY_OUT result, which a cgo call would allocate. */
int capi_step_rows(sqlite3_stmt *s, void *cells FERRY_LEN(cells_len),
                   int cells_len, void *data FERRY_LEN(data_len), int data_len)
    FERRY_METHOD(step_rows) FERRY_CGO;

/* ---- Running SQL text with a Go function per row (sqlite3_exec) ---- */

/* The row callback of sqlite3_exec: the row's ncols values and the
 * columns' names, each a C string (a value is NULL for SQL NULL); not 0
 * stops the statement (sqlite3_exec then returns SQLITE_ABORT). */
typedef int (*sqlite3_callback)(void *arg, int ncols, char **values,
                                char **names) FERRY_NAME(exec_callback);
/* Frees what SQLite allocated (exec's message). */
void sqlite3_free(void *p);
/* Runs every statement of sql, calling callback with each result row;
 * errmsg is SQLite's message when it fails. It runs SQL: a cgo call, the
 * callback a cgo callback per row. A panic in the callback stops the
 * statements (SQLite gets 1, SQLITE_ABORT) and continues in Go. */
int sqlite3_exec(sqlite3 *db, const char *sql,
                 sqlite3_callback callback FERRY_GO_CALLBACK(arg, 1), void *arg,
                 char **errmsg FERRY_OUT FERRY_FREE_WITH(sqlite3_free))
    FERRY_METHOD(exec) FERRY_CGO;

#endif /* FERRY_SQLITE3_H */
