/* lexer.h: tokens of a ferry interface file (a restricted C header). */
#ifndef FERRY_GEN_LEXER_H
#define FERRY_GEN_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef enum tok_kind {
  TOK_EOF,
  TOK_IDENT,
  TOK_NUMBER,    /* a decimal, hex or octal integer literal */
  TOK_DIRECTIVE, /* a whole preprocessor line, text without the '#' */
  TOK_PUNCT,     /* one of { } ( ) [ ] ; , * = - ... */
  TOK_ERROR,     /* a character that cannot start a token (reported) */
} tok_kind;

typedef struct token {
  tok_kind kind;
  pos at;
  const char *text; /* arena copy: identifier, literal, directive or punct */
  uint64_t number;  /* TOK_NUMBER */
  bool overflow;    /* TOK_NUMBER too large for 64 bits */
  const char *doc;  /* the comment that ends on the line above, if any */
} token;

typedef struct lexer {
  const char *src;
  size_t len;
  size_t off;
  int line, col;
  arena *arena;
  diags *diags;
  const char *pending_doc; /* last comment seen */
  int pending_doc_end;     /* the line it ended on */
} lexer;

void lexer_init(lexer *lx, const char *src, size_t len, arena *a, diags *d);
/* The next token; TOK_EOF forever at the end. */
token lexer_next(lexer *lx);
/* Skips lines up to and including the #endif that closes the conditional
 * just read (for `#ifdef __cplusplus` blocks). False at end of file. */
bool lexer_skip_conditional(lexer *lx);

#endif /* FERRY_GEN_LEXER_H */
