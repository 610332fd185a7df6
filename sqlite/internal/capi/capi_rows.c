/* capi_rows.c: capi_step_rows (declared in capi.h), the batch step of
 * package sqlite's rows. It includes capi.h, not <sqlite3.h>: its
 * prototype is then checked against the interface, and the interface's
 * declarations against <sqlite3.h> (capi_ferry_check.c). */
#include <string.h>

#include "capi.h"

/* One column of a row, as Go reads it (batch.go's cell): v is the
 * integer, the double's bits, or the offset of the bytes in data; n their
 * length. The first cell of the buffer is a header: v is the number of
 * rows copied, n their columns (which a statement SQLite prepared again
 * after a schema change may have changed). */
struct cell {
  long long v;
  int type;
  int n;
};

/* The rows of the batch: steps s up to max_rows times into the cells from
 * c on. */
static int step_rows(sqlite3_stmt *s, int ncol, struct cell *c, int max_rows,
                     unsigned char *d, int data_len, long long *rows) {
  int used = 0;
  while (*rows < max_rows) {
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW)
      return rc;
    for (int i = 0; i < ncol; i++) {
      sqlite3_value *v = sqlite3_column_value(s, i);
      int t = sqlite3_value_type(v);
      c[i].type = t;
      c[i].n = 0;
      switch (t) {
      case SQLITE_INTEGER:
        c[i].v = sqlite3_value_int64(v);
        break;
      case SQLITE_FLOAT: {
        double f = sqlite3_value_double(v);
        memcpy(&c[i].v, &f, sizeof f);
        break;
      }
      case SQLITE_TEXT:
      case SQLITE_BLOB: {
        /* The pointer before the length, as SQLite asks. */
        const void *p = t == SQLITE_TEXT ? (const void *)sqlite3_value_text(v)
                                         : sqlite3_value_blob(v);
        int n = sqlite3_value_bytes(v);
        /* A row that does not fit stays the current one, and its cells
         * copied so far do not count. */
        if (n > data_len - used)
          return SQLITE_ROW;
        if (n > 0)
          memcpy(d + used, p, n);
        c[i].v = used;
        c[i].n = n;
        used += n;
        break;
      }
      }
    }
    c += ncol;
    ++*rows;
  }
  return SQLITE_OK;
}

int capi_step_rows(sqlite3_stmt *s, void *cells, int cells_len, void *data,
                   int data_len) {
  struct cell *header = cells;
  int ncol = sqlite3_column_count(s);
  int max_rows = 0;
  if (cells_len < (int)sizeof(struct cell))
    return SQLITE_MISUSE;
  header->v = 0;
  header->n = ncol;
  if (ncol > 0)
    max_rows = (cells_len / (int)sizeof(struct cell) - 1) / ncol;
  if (max_rows == 0)
    return SQLITE_MISUSE;
  return step_rows(s, ncol, header + 1, max_rows, data, data_len, &header->v);
}
