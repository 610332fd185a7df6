/* util.c: the arena, the text buffer and the diagnostics list. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
  arena_block *next;
  size_t used;
  size_t size;
  max_align_t data[];
};

#define ARENA_BLOCK_SIZE ((size_t)64 << 10)

static void out_of_memory(void) {
  fputs("ferry-gen: out of memory\n", stderr);
  abort();
}

void *arena_alloc(arena *a, size_t size) {
  size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
  arena_block *b = a->head;
  if (b == NULL || b->size - b->used < size) {
    size_t block = size > ARENA_BLOCK_SIZE ? size : ARENA_BLOCK_SIZE;
    b = malloc(sizeof(arena_block) + block);
    if (b == NULL) out_of_memory();
    b->next = a->head;
    b->used = 0;
    b->size = block;
    a->head = b;
  }
  void *p = (char *)b->data + b->used;
  b->used += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(arena *a, const char *s) {
  return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...) {
  strbuf sb = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&sb, fmt, ap);
  va_end(ap);
  char *p = arena_strndup(a, sb.data ? sb.data : "", sb.len);
  sb_free(&sb);
  return p;
}

void arena_free(arena *a) {
  while (a->head != NULL) {
    arena_block *next = a->head->next;
    free(a->head);
    a->head = next;
  }
}

void *arena_push(arena *a, void *items_ptr, int *count, int *cap,
                 size_t elem_size) {
  char **items = items_ptr;
  if (*count == *cap) {
    int grown = *cap ? *cap * 2 : 8;
    char *fresh = arena_alloc(a, (size_t)grown * elem_size);
    if (*count > 0) memcpy(fresh, *items, (size_t)*count * elem_size);
    *items = fresh;
    *cap = grown;
  }
  return *items + (size_t)(*count)++ * elem_size;
}

static void sb_reserve(strbuf *sb, size_t more) {
  if (sb->len + more + 1 <= sb->cap) return;
  size_t cap = sb->cap ? sb->cap : 256;
  while (cap < sb->len + more + 1) cap *= 2;
  char *p = realloc(sb->data, cap);
  if (p == NULL) out_of_memory();
  sb->data = p;
  sb->cap = cap;
}

void sb_putc(strbuf *sb, char c) {
  sb_reserve(sb, 1);
  sb->data[sb->len++] = c;
  sb->data[sb->len] = '\0';
}

void sb_puts(strbuf *sb, const char *s) {
  size_t n = strlen(s);
  sb_reserve(sb, n);
  memcpy(sb->data + sb->len, s, n + 1);
  sb->len += n;
}

void sb_vprintf(strbuf *sb, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0) return;
  sb_reserve(sb, (size_t)n);
  vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
  sb->len += (size_t)n;
}

void sb_printf(strbuf *sb, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(sb, fmt, ap);
  va_end(ap);
}

void sb_pad(strbuf *sb, int n) {
  for (int i = 0; i < n; i++) sb_putc(sb, ' ');
}

void sb_free(strbuf *sb) {
  free(sb->data);
  sb->data = NULL;
  sb->len = sb->cap = 0;
}

void diag_error(diags *d, pos at, const char *fmt, ...) {
  diag *e = ARENA_PUSH(d->arena, d->items, d->count, d->cap);
  strbuf sb = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&sb, fmt, ap);
  va_end(ap);
  e->at = at;
  e->message = arena_strndup(d->arena, sb.data ? sb.data : "", sb.len);
  sb_free(&sb);
}

void diag_print(diags *d, strbuf *out) {
  /* Insertion sort: stable, and error lists are short. */
  for (int i = 1; i < d->count; i++) {
    diag e = d->items[i];
    int j = i;
    while (j > 0 && (d->items[j - 1].at.line > e.at.line ||
                     (d->items[j - 1].at.line == e.at.line &&
                      d->items[j - 1].at.col > e.at.col))) {
      d->items[j] = d->items[j - 1];
      j--;
    }
    d->items[j] = e;
  }
  for (int i = 0; i < d->count; i++)
    sb_printf(out, "%s:%d:%d: %s\n", d->file, d->items[i].at.line,
              d->items[i].at.col, d->items[i].message);
}
