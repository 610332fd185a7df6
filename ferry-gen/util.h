/* util.h: memory, text buffers and diagnostics shared by every stage of
 * ferry-gen. Everything a run allocates comes from one arena and is freed
 * at once, so no stage tracks ownership (and the fuzzer sees no leaks). */
#ifndef FERRY_GEN_UTIL_H
#define FERRY_GEN_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* ---- Arena ----------------------------------------------------------- */

typedef struct arena_block arena_block;
typedef struct arena {
  arena_block *head;
} arena;

/* Zeroed memory that lives until arena_free. Aborts when out of memory. */
void *arena_alloc(arena *a, size_t size);
/* A copy of n bytes of s, NUL-terminated. */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* printf into arena memory. */
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void arena_free(arena *a);

/* Appends one element to an arena array *items of *count elements,
 * doubling its capacity *cap; returns the new element (zeroed). */
void *arena_push(arena *a, void *items_ptr, int *count, int *cap,
                 size_t elem_size);
#define ARENA_PUSH(a, items, count, cap) \
  arena_push((a), &(items), &(count), &(cap), sizeof(*(items)))

/* ---- Text buffer ----------------------------------------------------- */

typedef struct strbuf {
  char *data;
  size_t len;
  size_t cap;
} strbuf;

void sb_putc(strbuf *sb, char c);
void sb_puts(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap);
/* Appends n spaces. */
void sb_pad(strbuf *sb, int n);
void sb_free(strbuf *sb);

/* ---- Diagnostics ----------------------------------------------------- */

typedef struct pos {
  int line; /* 1-based */
  int col;  /* 1-based, in bytes */
} pos;

typedef struct diag {
  pos at;
  char *message;
} diag;

/* Every error of a run, reported together at the end as
 * file:line:col: message, in file order. */
typedef struct diags {
  arena *arena;
  const char *file;
  diag *items;
  int count;
  int cap;
} diags;

void diag_error(diags *d, pos at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sorts by position (stable) and writes each as file:line:col: message. */
void diag_print(diags *d, strbuf *out);

#endif /* FERRY_GEN_UTIL_H */
