/* lexer.c: turns an interface file into tokens.
 *
 * Preprocessor lines become one TOK_DIRECTIVE each (the parser decides
 * which are allowed). A comment is kept as the doc of the next token when
 * it ends on the line just above it, so documentation written in the
 * interface file reaches the generated Go, Rust and C. The lexer never
 * stops at a bad character: it reports it and goes on, so one run lists
 * every error. */
#include "lexer.h"

#include <string.h>

void lexer_init(lexer *lx, const char *src, size_t len, arena *a, diags *d) {
  memset(lx, 0, sizeof(*lx));
  lx->src = src;
  lx->len = len;
  lx->line = 1;
  lx->col = 1;
  lx->arena = a;
  lx->diags = d;
}

static int peek(const lexer *lx, size_t ahead) {
  return lx->off + ahead < lx->len ? (unsigned char)lx->src[lx->off + ahead]
                                   : -1;
}

static void advance(lexer *lx) {
  if (lx->off >= lx->len) return;
  if (lx->src[lx->off] == '\n') {
    lx->line++;
    lx->col = 1;
  } else {
    lx->col++;
  }
  lx->off++;
}

static pos here(const lexer *lx) { return (pos){lx->line, lx->col}; }

static bool is_ident_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_length(const unsigned char *s, size_t n) {
  size_t len;
  uint32_t min;
  if (s[0] < 0x80) return 1;
  if ((s[0] & 0xe0) == 0xc0) len = 2, min = 0x80;
  else if ((s[0] & 0xf0) == 0xe0) len = 3, min = 0x800;
  else if ((s[0] & 0xf8) == 0xf0) len = 4, min = 0x10000;
  else return 0;
  if (len > n) return 0;
  uint32_t c = s[0] & (0x7f >> len);
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    c = (c << 6) | (s[i] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
  return len;
}

/* Appends text that every output language accepts in a comment: valid
 * UTF-8 without control characters (Go rejects NUL and bad UTF-8 even in
 * comments). Anything else becomes '?'. */
static void put_comment_text(strbuf *sb, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    size_t len = utf8_length(u + i, n - i);
    if (len == 0 || (len == 1 && (u[i] < 0x20 || u[i] == 0x7f) && u[i] != '\t')) {
      sb_putc(sb, '?');
      i++;
      continue;
    }
    for (size_t k = 0; k < len; k++) sb_putc(sb, s[i + k]);
    i += len;
  }
}

/* Strips comment markers and leading "* " decorations, keeps the lines. */
static const char *clean_comment(lexer *lx, const char *s, size_t n,
                                 bool block) {
  strbuf sb = {0};
  size_t i = 0;
  while (i < n) {
    size_t end = i;
    while (end < n && s[end] != '\n') end++;
    size_t a = i, b = end;
    while (a < b && (s[a] == ' ' || s[a] == '\t')) a++;
    if (!block && b - a >= 2 && s[a] == '/' && s[a + 1] == '/') a += 2;
    if (block && a < b && s[a] == '*' && !(b - a >= 2 && s[a + 1] == '/'))
      a++;
    if (a < b && s[a] == ' ') a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
      b--;
    if (sb.len > 0 || b > a) {
      if (sb.len > 0) sb_putc(&sb, '\n');
      put_comment_text(&sb, s + a, b - a);
    }
    i = end + 1;
  }
  /* Drop trailing empty lines. */
  while (sb.len > 0 && sb.data[sb.len - 1] == '\n') sb.data[--sb.len] = '\0';
  const char *out = sb.len ? arena_strndup(lx->arena, sb.data, sb.len) : NULL;
  sb_free(&sb);
  return out;
}

/* Skips blanks and comments, remembering the last comment. */
static void skip_space(lexer *lx) {
  for (;;) {
    int c = peek(lx, 0);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
        c == '\v') {
      advance(lx);
    } else if (c == '/' && peek(lx, 1) == '*') {
      pos start = here(lx);
      size_t from = lx->off + 2;
      advance(lx);
      advance(lx);
      while (lx->off < lx->len && !(peek(lx, 0) == '*' && peek(lx, 1) == '/'))
        advance(lx);
      if (lx->off >= lx->len) {
        diag_error(lx->diags, start, "unterminated comment");
        return;
      }
      size_t to = lx->off;
      advance(lx);
      advance(lx);
      lx->pending_doc = clean_comment(lx, lx->src + from, to - from, true);
      lx->pending_doc_end = lx->line;
    } else if (c == '/' && peek(lx, 1) == '/') {
      /* Consecutive // lines form one comment. */
      size_t from = lx->off;
      int first_line = lx->line;
      int last_line = lx->line;
      for (;;) {
        while (lx->off < lx->len && peek(lx, 0) != '\n') advance(lx);
        last_line = lx->line;
        size_t save_off = lx->off;
        int save_line = lx->line, save_col = lx->col;
        advance(lx); /* the newline */
        while (peek(lx, 0) == ' ' || peek(lx, 0) == '\t') advance(lx);
        if (!(peek(lx, 0) == '/' && peek(lx, 1) == '/')) {
          lx->off = save_off;
          lx->line = save_line;
          lx->col = save_col;
          break;
        }
      }
      (void)first_line;
      lx->pending_doc =
          clean_comment(lx, lx->src + from, lx->off - from, false);
      lx->pending_doc_end = last_line;
    } else {
      return;
    }
  }
}

token lexer_next(lexer *lx) {
  skip_space(lx);
  token t = {0};
  t.at = here(lx);
  if (lx->pending_doc != NULL && lx->pending_doc_end == lx->line - 1)
    t.doc = lx->pending_doc;
  lx->pending_doc = NULL;

  int c = peek(lx, 0);
  if (c < 0) {
    t.kind = TOK_EOF;
    t.text = "end of file";
    return t;
  }
  size_t start = lx->off;
  if (c == '#') {
    /* The rest of the line; comments after a directive are not kept. */
    advance(lx);
    while (lx->off < lx->len && peek(lx, 0) != '\n') {
      if (peek(lx, 0) == '/' && (peek(lx, 1) == '/' || peek(lx, 1) == '*'))
        break;
      advance(lx);
    }
    size_t a = start + 1, b = lx->off;
    while (a < b && (lx->src[a] == ' ' || lx->src[a] == '\t')) a++;
    while (b > a && (lx->src[b - 1] == ' ' || lx->src[b - 1] == '\t' ||
                     lx->src[b - 1] == '\r'))
      b--;
    t.kind = TOK_DIRECTIVE;
    t.text = arena_strndup(lx->arena, lx->src + a, b - a);
    if (peek(lx, 0) == '/' && peek(lx, 1) == '*') {
      /* A block comment after a directive may span lines: skip it here so
       * the directive's line stays the unit. */
      skip_space(lx);
      lx->pending_doc = NULL;
    }
    return t;
  }
  if (is_ident_start(c)) {
    while (is_ident_start(peek(lx, 0)) || is_digit(peek(lx, 0))) advance(lx);
    t.kind = TOK_IDENT;
    t.text = arena_strndup(lx->arena, lx->src + start, lx->off - start);
    return t;
  }
  if (is_digit(c)) {
    int base = 10;
    if (c == '0' && (peek(lx, 1) == 'x' || peek(lx, 1) == 'X')) {
      base = 16;
      advance(lx);
      advance(lx);
    } else if (c == '0') {
      base = 8;
    }
    uint64_t v = 0;
    bool overflow = false, bad = false, any = base != 16;
    for (;;) {
      int d = peek(lx, 0), digit;
      if (is_digit(d)) digit = d - '0';
      else if (d >= 'a' && d <= 'f') digit = d - 'a' + 10;
      else if (d >= 'A' && d <= 'F') digit = d - 'A' + 10;
      else if (is_ident_start(d)) digit = 99; /* suffix or junk */
      else break;
      if (digit >= base) bad = true;
      else {
        any = true;
        if (v > (UINT64_MAX - (uint64_t)digit) / (uint64_t)base) overflow = true;
        v = v * (uint64_t)base + (uint64_t)digit;
      }
      advance(lx);
    }
    t.kind = TOK_NUMBER;
    t.text = arena_strndup(lx->arena, lx->src + start, lx->off - start);
    t.number = v;
    t.overflow = overflow;
    if (bad || !any) {
      diag_error(lx->diags, t.at,
                 "malformed integer literal '%s' (no suffixes; decimal, "
                 "hex or octal digits only)",
                 t.text);
      t.number = 0;
    }
    return t;
  }
  if (c == '.' && peek(lx, 1) == '.' && peek(lx, 2) == '.') {
    /* "...": varargs, which the parser refuses with advice. */
    advance(lx);
    advance(lx);
    advance(lx);
    t.kind = TOK_PUNCT;
    t.text = "...";
    return t;
  }
  if (c != 0 && strchr("{}()[];,*=-", c) != NULL) {
    advance(lx);
    t.kind = TOK_PUNCT;
    t.text = arena_strndup(lx->arena, lx->src + start, 1);
    return t;
  }
  advance(lx);
  t.kind = TOK_ERROR;
  if (c >= 0x20 && c < 0x7f)
    t.text = arena_printf(lx->arena, "'%c'", c);
  else
    t.text = arena_printf(lx->arena, "byte 0x%02x", (unsigned)c);
  diag_error(lx->diags, t.at, "unexpected %s", t.text);
  return t;
}

bool lexer_skip_conditional(lexer *lx) {
  int depth = 0;
  while (lx->off < lx->len) {
    /* At the start of a line. */
    while (peek(lx, 0) == ' ' || peek(lx, 0) == '\t') advance(lx);
    if (peek(lx, 0) == '#') {
      advance(lx);
      while (peek(lx, 0) == ' ' || peek(lx, 0) == '\t') advance(lx);
      const char *p = lx->src + lx->off;
      size_t left = lx->len - lx->off;
      if (left >= 2 && strncmp(p, "if", 2) == 0) {
        depth++;
      } else if (left >= 5 && strncmp(p, "endif", 5) == 0) {
        if (depth == 0) {
          while (lx->off < lx->len && peek(lx, 0) != '\n') advance(lx);
          return true;
        }
        depth--;
      }
    }
    while (lx->off < lx->len && peek(lx, 0) != '\n') advance(lx);
    advance(lx);
  }
  return false;
}
