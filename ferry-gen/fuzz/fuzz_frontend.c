/* fuzz_frontend.c: libFuzzer entry point over ferry-gen: the front end
 * (lexer, parser, checker) and, for inputs that check, the three
 * emitters. Any input must end in either generated text or a list of
 * diagnostics, each with a position inside the input, without a crash, a
 * leak or a sanitizer report. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "ir.h"

/* The positions diagnostics point at must exist in the input. */
static void check_positions(const diags *d, const uint8_t *data, size_t size) {
  int lines = 1;
  for (size_t i = 0; i < size; i++)
    if (data[i] == '\n') lines++;
  for (int i = 0; i < d->count; i++) {
    pos at = d->items[i].at;
    if (at.line < 1 || at.line > lines || at.col < 1) abort();
    if (d->items[i].message == NULL || d->items[i].message[0] == '\0')
      abort();
  }
}

/* Generated files must be text every compiler accepts: valid UTF-8 (Go
 * and Rust insist, even in comments), no control characters but newline
 * and tab. */
static void check_text(const strbuf *sb) {
  const unsigned char *s = (const unsigned char *)sb->data;
  for (size_t i = 0; i < sb->len;) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) abort();
      i++;
      continue;
    }
    size_t len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
                 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0 || i + len > sb->len) abort();
    for (size_t k = 1; k < len; k++)
      if ((s[i + k] & 0xc0) != 0x80) abort();
    i += len;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  arena a = {0};
  /* A private copy, so reads past the end are caught. */
  char *text = malloc(size ? size : 1);
  if (text == NULL) return 0;
  memcpy(text, data, size);
  ir_module m = {.arena = &a, .path = "fuzz.h", .name = "fuzz",
                 .prefix = "fuzz_"};
  diags d = {.arena = &a, .file = "fuzz.h"};
  bool parsed = parse_module(&m, text, size, &d);
  bool checked = check_module(&m, &d);
  if ((parsed && checked) != (d.count == 0)) abort();
  check_positions(&d, data, size);
  strbuf sb = {0};
  diag_print(&d, &sb);
  sb_free(&sb);
  if (d.count == 0) {
    emit_opts o = {.command = "ferry-gen fuzz.h", .go_package = "fuzz"};
    strbuf go = {0}, cgo = {0}, rs = {0}, c = {0};
    emit_go(&m, &o, &go, &cgo);
    emit_rust(&m, &o, &rs);
    emit_c(&m, &o, &c);
    if (go.len == 0 || cgo.len == 0 || rs.len == 0 || c.len == 0) abort();
    check_text(&go);
    check_text(&cgo);
    check_text(&rs);
    check_text(&c);
    sb_free(&go);
    sb_free(&cgo);
    sb_free(&rs);
    sb_free(&c);
  }
  free(text);
  arena_free(&a);
  return 0;
}
