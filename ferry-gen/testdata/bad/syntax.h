/* Syntax errors: each line below has one; ferry-gen reports all. */
#ifndef SYNTAX_H
#define SYNTAX_H

#include "ferry_gen.h"
#include <stdio.h>

#define SYNTAX_LIMIT(n) (n)

typedef struct syntax_point {
  int32_t x;
  int32_t y
} syntax_point;

typedef struct syntax_grid {
  int32_t cells[4];
} syntax_grid;

unsigned short long syntax_old(int a);
long double syntax_wide(int a);
int32_t syntax_unnamed(int32_t);
int32_t syntax_annotated(int32_t a) FERRY_SLOW;
int32_t syntax_missing_semicolon(int32_t a)
int32_t syntax_after(int32_t a);
int32_t syntax_char(int32_t a) @;
typedef struct syntax_a { int32_t v; } syntax_b;
enum syntax_bare { SYNTAX_X };
int32_t syntax_empty();
FERRY_CGO int32_t syntax_early(int32_t a);
int32_t syntax_unknown(syntax_nothing a);
typedef enum syntax_color { SYNTAX_RED = 0x, SYNTAX_GREEN } syntax_color;

#endif
