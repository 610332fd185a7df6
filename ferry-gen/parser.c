/* parser.c: a restricted C header -> ir_module.
 *
 * The grammar is the subset of C an interface needs (docs/ferry-gen.md):
 *
 *   file      = { directive | typedef | function | prefix }
 *   directive = #include, an include guard, #pragma once, or
 *               "#define" NAME integer-expression [ "FERRY_NAME(" name ")" ]
 *   prefix    = "FERRY_PREFIX" "(" name ")" [ ";" ]
 *   typedef   = "typedef" "struct" [tag] "{" { field } "}" tname ";"
 *             | "typedef" "struct" tag tname ";"             (a handle)
 *             | "typedef" "enum" [tag] "{" enumerators "}" tname ";"
 *               (enumerator = name [ "FERRY_NAME" "(" name ")" ] [ "=" n ])
 *             | "typedef" "FERRY_SLICE_OF" "(" type ")" tname ";"
 *             | "typedef" "FERRY_MAP_OF" "(" type ")" tname ";"  (a map)
 *             | "typedef" type "(" "*" name ")" params "FERRY_CALLBACK"
 *               [ "FERRY_NAME" "(" name ")" ] ";"          (a callback)
 *   tname     = name [ "FERRY_NAME" "(" name ")" ]
 *   field     = type name { annotation } ";"
 *   function  = type name "(" ("void" | param { "," param }) ")"
 *               { annotation } ";"
 *   param     = type name { annotation }
 *   annotation = FERRY_X | FERRY_X "(" name ")" | FERRY_CGO_ABOVE "(" name "," number ")"
 *   type      = ["const"] ident { "*" ["const"] }
 *
 * Types must be declared before use, as in C, so names resolve while
 * parsing. After an error the parser skips to the next ";" at brace depth
 * zero and goes on, so one run reports every error. Meaning (is this type
 * allowed here, do the annotations fit) is check.c's job. */
#include <string.h>

#include "ir.h"
#include "lexer.h"

typedef struct parser {
  lexer lx;
  token tok;       /* current token */
  token next;      /* lookahead, valid when has_next */
  bool has_next;
  ir_module *m;
  diags *d;
  int errors_at_start;
  bool included_ferry;
  int cond_depth;  /* open #ifndef include guards */
  int open_braces; /* '{' of the declaration being parsed, not yet closed */
  bool unnamed_params; /* in a function pointer typedef: names optional */
} parser;

/* Thrown away by returning false from each parse function; the caller
 * then calls recover(). */

static void next_token(parser *p) {
  if (p->has_next) {
    p->tok = p->next;
    p->has_next = false;
  } else {
    p->tok = lexer_next(&p->lx);
  }
}

static const token *peek_token(parser *p) {
  if (!p->has_next) {
    p->next = lexer_next(&p->lx);
    p->has_next = true;
  }
  return &p->next;
}

static bool is_punct(const token *t, char c) {
  return t->kind == TOK_PUNCT && t->text[0] == c;
}

static bool is_ident(const token *t, const char *s) {
  return t->kind == TOK_IDENT && strcmp(t->text, s) == 0;
}

static const char *describe(const token *t) {
  switch (t->kind) {
  case TOK_EOF: return "end of file";
  case TOK_DIRECTIVE: return "a preprocessor line";
  case TOK_IDENT: return t->text;
  default: return t->text;
  }
}

static bool expect_punct(parser *p, char c) {
  if (is_punct(&p->tok, c)) {
    next_token(p);
    return true;
  }
  if (p->tok.kind != TOK_ERROR) /* the lexer reported that one */
    diag_error(p->d, p->tok.at, "expected '%c', found '%s'", c,
               describe(&p->tok));
  return false;
}

static bool expect_ident(parser *p, const char *what, const char **out,
                         pos *at) {
  if (p->tok.kind == TOK_IDENT) {
    *out = p->tok.text;
    if (at) *at = p->tok.at;
    next_token(p);
    return true;
  }
  if (p->tok.kind != TOK_ERROR)
    diag_error(p->d, p->tok.at, "expected %s, found '%s'", what,
               describe(&p->tok));
  return false;
}

/* Skips to just after the next ';' at brace depth zero, or to a
 * directive or the end. */
static void recover(parser *p) {
  /* Inside a struct or enum body: first leave it. */
  int depth = p->open_braces;
  p->open_braces = 0;
  for (;;) {
    if (p->tok.kind == TOK_EOF || p->tok.kind == TOK_DIRECTIVE) return;
    if (is_punct(&p->tok, '{')) depth++;
    if (is_punct(&p->tok, '}') && depth > 0) depth--;
    if (is_punct(&p->tok, ';') && depth == 0) {
      next_token(p);
      return;
    }
    next_token(p);
  }
}

/* ---- Types ----------------------------------------------------------- */

static const struct {
  const char *name;
  ir_kind kind;
} builtin_types[] = {
    {"void", IR_VOID},         {"bool", IR_BOOL},
    {"_Bool", IR_BOOL},        {"int8_t", IR_I8},
    {"int16_t", IR_I16},       {"int32_t", IR_I32},
    {"int64_t", IR_I64},       {"uint8_t", IR_U8},
    {"uint16_t", IR_U16},      {"uint32_t", IR_U32},
    {"uint64_t", IR_U64},      {"size_t", IR_USIZE},
    {"ptrdiff_t", IR_ISIZE},
    {"float", IR_F32},         {"double", IR_F64},
    {"ferry_str", IR_STR},     {"ferry_bytes", IR_BYTES},
    {"ferry_status", IR_STATUS},
};

/* C type names that are not allowed, with the advice. */
static const struct {
  const char *name;
  const char *advice;
} rejected_types[] = {
    {"intptr_t", "use int64_t, or a handle for a pointer"},
    {"uintptr_t", "use uint64_t, or a handle for a pointer"},
    {"ferry_slice", "declare a typed slice: typedef FERRY_SLICE_OF(T) name;"},
    {"struct", "refer to structs by their typedef name"},
    {"enum", "refer to enums by their typedef name"},
    {"union", "unions are not supported"},
};

static ir_decl *find_decl(ir_module *m, const char *name) {
  for (int i = 0; i < m->ndecls; i++)
    if (strcmp(m->decls[i]->name, name) == 0) return m->decls[i];
  return NULL;
}

static bool is_annotation(const char *s) {
  static const char *const names[] = {
      "FERRY_FAST",      "FERRY_CGO",        "FERRY_DEDICATED",
      "FERRY_CGO_ABOVE", "FERRY_GO",         "FERRY_DESTRUCTOR",
      "FERRY_OUT",       "FERRY_OPTIONAL",   "FERRY_ERROR_MESSAGE",
      "FERRY_LEN",       "FERRY_NAME",       "FERRY_METHOD",
      "FERRY_STRINGS",   "FERRY_RAW",        "FERRY_GO_ASYNC",
      "FERRY_CALLBACK",  "FERRY_BORROWED",   "FERRY_FREE_WITH",
      "FERRY_OFFSET_IN", "FERRY_PREFIX",     "FERRY_HEADER",
      "FERRY_ADDRESS",   "FERRY_GO_CALLBACK"};
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if (strcmp(s, names[i]) == 0) return true;
  return false;
}

/* C's own integer types, written with the keywords signed, unsigned,
 * char, short, int and long in any order (as C allows): their kind at the
 * widths of linux amd64 and arm64 (LP64: long is 64 bits) and C's
 * canonical spelling, which the C outputs keep. Plain char is unsigned
 * on arm64 and signed on amd64: Go gets byte, the same bits on both. */
static bool is_int_keyword(const token *t) {
  static const char *const words[] = {"signed", "unsigned", "char",
                                      "short",  "int",      "long"};
  if (t->kind != TOK_IDENT) return false;
  for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
    if (strcmp(t->text, words[i]) == 0) return true;
  return false;
}

/* The keywords of a C integer type from the current token on (at least
 * one), into out; false with a diagnostic for a combination C does not
 * have. */
static bool parse_int_keywords(parser *p, ir_type *out, bool *is_const) {
  int is_signed = 0, is_unsigned = 0, chars = 0, shorts = 0, ints = 0,
      longs = 0;
  pos at = p->tok.at;
  strbuf written = {0};
  while (is_int_keyword(&p->tok) || is_ident(&p->tok, "const")) {
    const char *w = p->tok.text;
    if (strcmp(w, "const") == 0) *is_const = true;
    else {
      sb_printf(&written, "%s%s", written.len ? " " : "", w);
      is_signed += strcmp(w, "signed") == 0;
      is_unsigned += strcmp(w, "unsigned") == 0;
      chars += strcmp(w, "char") == 0;
      shorts += strcmp(w, "short") == 0;
      ints += strcmp(w, "int") == 0;
      longs += strcmp(w, "long") == 0;
    }
    next_token(p);
  }
  static const struct {
    const char *spelling;
    ir_kind kind;
  } types[] = {{"char", IR_U8},           {"signed char", IR_I8},
               {"unsigned char", IR_U8},  {"short", IR_I16},
               {"unsigned short", IR_U16}, {"int", IR_I32},
               {"unsigned int", IR_U32},  {"long", IR_I64},
               {"unsigned long", IR_U64}, {"long long", IR_I64},
               {"unsigned long long", IR_U64}};
  int which = -1;
  bool sign_ok = is_signed + is_unsigned <= 1;
  if (chars == 1 && shorts + ints + longs == 0 && sign_ok)
    which = is_unsigned ? 2 : is_signed ? 1 : 0;
  else if (chars == 0 && shorts == 1 && longs == 0 && ints <= 1 && sign_ok)
    which = is_unsigned ? 4 : 3;
  else if (chars == 0 && shorts == 0 && longs == 0 && ints <= 1 && sign_ok)
    which = is_unsigned ? 6 : 5;
  else if (chars == 0 && shorts == 0 && longs == 1 && ints <= 1 && sign_ok)
    which = is_unsigned ? 8 : 7;
  else if (chars == 0 && shorts == 0 && longs == 2 && ints <= 1 && sign_ok)
    which = is_unsigned ? 10 : 9;
  if (is_ident(&p->tok, "double") || is_ident(&p->tok, "float")) {
    diag_error(p->d, at, "'%s %s' is not supported: use double or float",
               written.data, p->tok.text);
    sb_free(&written);
    return false;
  }
  if (which < 0) {
    diag_error(p->d, at, "'%s' is not a C integer type", written.data);
    sb_free(&written);
    return false;
  }
  sb_free(&written);
  out->kind = types[which].kind;
  out->decl = NULL;
  out->spelling = types[which].spelling;
  return true;
}

/* { "*" ["const"] } after a type's name */
static void parse_pointers(parser *p, int *pointers) {
  while (is_punct(&p->tok, '*')) {
    (*pointers)++;
    next_token(p);
    if (is_ident(&p->tok, "const")) next_token(p); /* const pointer */
  }
}

/* type = ["const"] ident { "*" ["const"] }
 *      | ["const"] integer-keywords { "*" ["const"] } */
static bool parse_type(parser *p, ir_type *out, int *pointers, bool *is_const,
                       pos *at) {
  *pointers = 0;
  *is_const = false;
  out->spelling = NULL;
  if (is_ident(&p->tok, "const")) {
    *is_const = true;
    next_token(p);
  }
  if (p->tok.kind != TOK_IDENT) {
    if (p->tok.kind != TOK_ERROR)
      diag_error(p->d, p->tok.at, "expected a type, found '%s'",
                 describe(&p->tok));
    return false;
  }
  *at = p->tok.at;
  const char *name = p->tok.text;
  bool found = false;
  if (is_int_keyword(&p->tok)) {
    if (!parse_int_keywords(p, out, is_const)) return false;
    parse_pointers(p, pointers);
    return true;
  }
  for (size_t i = 0; i < sizeof(builtin_types) / sizeof(builtin_types[0]);
       i++) {
    if (strcmp(name, builtin_types[i].name) == 0) {
      out->kind = builtin_types[i].kind;
      out->decl = NULL;
      found = true;
    }
  }
  if (!found) {
    ir_decl *decl = find_decl(p->m, name);
    if (decl != NULL) {
      out->kind = decl->kind;
      out->decl = decl;
      found = true;
    }
  }
  if (!found) {
    for (size_t i = 0; i < sizeof(rejected_types) / sizeof(rejected_types[0]);
         i++) {
      if (strcmp(name, rejected_types[i].name) == 0) {
        diag_error(p->d, p->tok.at, "type '%s' is not supported: %s", name,
                   rejected_types[i].advice);
        return false;
      }
    }
    if (is_annotation(name))
      diag_error(p->d, p->tok.at,
                 "%s goes after the parameter list (functions) or after "
                 "the name (parameters and fields)",
                 name);
    else
      diag_error(p->d, p->tok.at,
                 "unknown type '%s' (types must be declared before use)",
                 name);
    return false;
  }
  next_token(p);
  if (is_ident(&p->tok, "const")) {
    *is_const = true;
    next_token(p);
  }
  parse_pointers(p, pointers);
  return true;
}

/* ---- Declarations ---------------------------------------------------- */

static ir_decl *new_decl(parser *p, ir_kind kind, const char *name, pos at,
                         const char *doc) {
  ir_decl *d = arena_alloc(p->m->arena, sizeof(*d));
  d->kind = kind;
  d->name = name;
  d->at = at;
  d->doc = doc;
  return d;
}

static bool add_decl(parser *p, ir_decl *decl) {
  ir_decl *old = find_decl(p->m, decl->name);
  if (old != NULL) {
    diag_error(p->d, decl->at, "type '%s' is already declared at line %d",
               decl->name, old->at.line);
    return false;
  }
  *(ir_decl **)ARENA_PUSH(p->m->arena, p->m->decls, p->m->ndecls,
                          p->m->decls_cap) = decl;
  return true;
}

/* "(" name ")" after an annotation (the current token): leaves the ')'
 * as the current token, as the annotation loops expect. */
static bool parse_annotation_name(parser *p, const char *what,
                                  const char **name, pos *at) {
  next_token(p);
  if (!expect_punct(p, '(')) return false;
  if (!expect_ident(p, what, name, at)) return false;
  if (!is_punct(&p->tok, ')')) {
    expect_punct(p, ')');
    return false;
  }
  return true;
}

/* FERRY_BORROWED, FERRY_FREE_WITH(f) or FERRY_OFFSET_IN(p) (the current
 * token, known to be one of them) into o. False after an error. */
static bool parse_owner(parser *p, ir_owner *o) {
  const char *a = p->tok.text;
  if (o->borrowed || o->free_with || o->offset_in) {
    diag_error(p->d, p->tok.at,
               "%s: a second FERRY_BORROWED, FERRY_FREE_WITH or "
               "FERRY_OFFSET_IN",
               a);
    return false;
  }
  o->at = p->tok.at;
  if (strcmp(a, "FERRY_BORROWED") == 0) {
    o->borrowed = true;
    return true;
  }
  pos at;
  if (strcmp(a, "FERRY_FREE_WITH") == 0)
    return parse_annotation_name(p, "a function name", &o->free_with, &at);
  return parse_annotation_name(p, "a parameter name", &o->offset_in, &at);
}

static bool is_owner_annotation(const char *a) {
  return strcmp(a, "FERRY_BORROWED") == 0 ||
         strcmp(a, "FERRY_FREE_WITH") == 0 ||
         strcmp(a, "FERRY_OFFSET_IN") == 0;
}

/* FERRY_GO_CALLBACK(user[, abort]) (the current token): the user
 * pointer's name and the optional integer literal returned to the library
 * after a panic. Leaves the ')' as the current token. */
static bool parse_go_callback(parser *p, ir_param *prm) {
  if (prm->go_callback_user != NULL) {
    diag_error(p->d, p->tok.at, "a second FERRY_GO_CALLBACK");
    return false;
  }
  prm->go_callback_at = p->tok.at;
  next_token(p);
  pos at;
  if (!expect_punct(p, '(')) return false;
  if (!expect_ident(p, "the user pointer's parameter name",
                    &prm->go_callback_user, &at))
    return false;
  if (is_punct(&p->tok, ',')) {
    next_token(p);
    bool negative = is_punct(&p->tok, '-');
    if (negative) next_token(p);
    if (p->tok.kind != TOK_NUMBER || p->tok.overflow ||
        p->tok.number > (uint64_t)INT64_MAX) {
      if (p->tok.kind != TOK_ERROR)
        diag_error(p->d, p->tok.at,
                   "FERRY_GO_CALLBACK(%s, ...): the value returned after a "
                   "panic is an integer literal, found '%s'",
                   prm->go_callback_user, describe(&p->tok));
      return false;
    }
    prm->go_callback_abort =
        negative ? -(int64_t)p->tok.number : (int64_t)p->tok.number;
    prm->go_callback_has_abort = true;
    next_token(p);
  }
  if (!is_punct(&p->tok, ')')) {
    expect_punct(p, ')');
    return false;
  }
  return true;
}

/* After a declarator's name: annotations until ';' , ')' or ','. A field
 * passes len_name NULL. */
static bool parse_value_annotations(parser *p, bool *optional, bool *out,
                                    bool *errmsg, bool *raw,
                                    const char **len_name, pos *len_at,
                                    ir_owner *owner, ir_param *prm) {
  bool field = len_name == NULL;
  while (p->tok.kind == TOK_IDENT) {
    const char *a = p->tok.text;
    if (!field && strcmp(a, "FERRY_ADDRESS") == 0) {
      prm->address = true;
      prm->address_at = p->tok.at;
    } else if (!field && strcmp(a, "FERRY_GO_CALLBACK") == 0) {
      if (!parse_go_callback(p, prm)) return false;
    } else if (!field && is_owner_annotation(a)) {
      if (!parse_owner(p, owner)) return false;
    } else if (strcmp(a, "FERRY_OPTIONAL") == 0) {
      *optional = true;
    } else if (!field && strcmp(a, "FERRY_OUT") == 0) {
      *out = true;
    } else if (!field && strcmp(a, "FERRY_ERROR_MESSAGE") == 0) {
      *errmsg = true;
    } else if (!field && strcmp(a, "FERRY_RAW") == 0) {
      *raw = true;
    } else if (!field && strcmp(a, "FERRY_LEN") == 0) {
      if (!parse_annotation_name(p, "a parameter name", len_name, len_at))
        return false;
    } else if (is_annotation(a)) {
      diag_error(p->d, p->tok.at, "%s is not allowed on a %s", a,
                 field ? "field" : "parameter");
      return false;
    } else {
      diag_error(p->d, p->tok.at, "unknown annotation '%s'", a);
      return false;
    }
    next_token(p);
  }
  if (is_punct(&p->tok, '[')) {
    diag_error(p->d, p->tok.at,
               "arrays are not supported: use a slice "
               "(typedef FERRY_SLICE_OF(T) name;)");
    return false;
  }
  return true;
}

/* "{" { field } "}" after typedef struct [tag] */
static bool parse_fields(parser *p, ir_decl *decl) {
  if (!expect_punct(p, '{')) return false;
  p->open_braces = 1;
  while (!is_punct(&p->tok, '}')) {
    if (p->tok.kind == TOK_EOF) {
      diag_error(p->d, p->tok.at, "expected '}', found end of file");
      return false;
    }
    ir_field f = {0};
    f.doc = p->tok.doc;
    pos type_at;
    if (!parse_type(p, &f.type, &f.pointers, &f.is_const, &type_at))
      return false;
    if (!expect_ident(p, "a field name", &f.name, &f.at)) return false;
    bool unused_out = false, unused_errmsg = false, unused_raw = false;
    if (!parse_value_annotations(p, &f.optional, &unused_out, &unused_errmsg,
                                 &unused_raw, NULL, NULL, NULL, NULL))
      return false;
    if (!expect_punct(p, ';')) return false;
    *(ir_field *)ARENA_PUSH(p->m->arena, decl->fields, decl->nfields,
                            decl->fields_cap) = f;
  }
  next_token(p);
  p->open_braces = 0;
  return true;
}

/* "{" enumerator { "," enumerator } [","] "}" */
static bool parse_enumerators(parser *p, ir_decl *decl) {
  if (!expect_punct(p, '{')) return false;
  p->open_braces = 1;
  int64_t value = 0;
  while (!is_punct(&p->tok, '}')) {
    ir_enumerator e = {0};
    e.doc = p->tok.doc;
    if (!expect_ident(p, "an enumerator name", &e.name, &e.at)) return false;
    if (is_ident(&p->tok, "FERRY_NAME")) {
      pos at;
      if (!parse_annotation_name(p, "a name", &e.rename, &at)) return false;
      next_token(p);
    }
    if (is_punct(&p->tok, '=')) {
      next_token(p);
      bool negative = false;
      if (is_punct(&p->tok, '-')) {
        negative = true;
        next_token(p);
      }
      if (p->tok.kind != TOK_NUMBER) {
        if (p->tok.kind != TOK_ERROR)
          diag_error(p->d, p->tok.at,
                     "expected an integer literal, found '%s' (enumerator "
                     "values must be literals)",
                     describe(&p->tok));
        return false;
      }
      if (p->tok.overflow || p->tok.number > (uint64_t)INT64_MAX) {
        diag_error(p->d, p->tok.at, "enumerator value %s does not fit in int",
                   p->tok.text);
        value = 0;
      } else {
        value = negative ? -(int64_t)p->tok.number : (int64_t)p->tok.number;
      }
      next_token(p);
    }
    e.value = value;
    value = value < INT64_MAX ? value + 1 : value;
    *(ir_enumerator *)ARENA_PUSH(p->m->arena, decl->items, decl->nitems,
                                 decl->items_cap) = e;
    if (is_punct(&p->tok, ',')) {
      next_token(p);
    } else if (!is_punct(&p->tok, '}')) {
      if (p->tok.kind != TOK_ERROR)
        diag_error(p->d, p->tok.at, "expected ',' or '}', found '%s'",
                   describe(&p->tok));
      return false;
    }
  }
  next_token(p);
  p->open_braces = 0;
  return true;
}

/* tname ";" : the typedef name and its FERRY_NAME, stored in decl. */
static bool parse_typedef_name(parser *p, const char *tag, pos tag_at,
                               ir_decl *decl) {
  if (!expect_ident(p, "the typedef name", &decl->name, &decl->at))
    return false;
  if (tag != NULL && strcmp(tag, decl->name) != 0) {
    diag_error(p->d, tag_at,
               "the tag '%s' and the typedef name '%s' must be the same "
               "(only an opaque handle may have a tag of its own)",
               tag, decl->name);
    return false;
  }
  if (is_ident(&p->tok, "FERRY_NAME")) {
    if (!parse_annotation_name(p, "a name", &decl->rename, &decl->rename_at))
      return false;
    next_token(p);
  } else if (p->tok.kind == TOK_IDENT && is_annotation(p->tok.text)) {
    diag_error(p->d, p->tok.at, "%s is not allowed on a typedef",
               p->tok.text);
    return false;
  }
  return expect_punct(p, ';');
}

static bool parse_callback_typedef(parser *p, const char *doc);

static bool parse_typedef(parser *p) {
  const char *doc = p->tok.doc;
  next_token(p); /* typedef */
  bool is_map = is_ident(&p->tok, "FERRY_MAP_OF");
  if (is_map || is_ident(&p->tok, "FERRY_SLICE_OF")) {
    next_token(p);
    if (!expect_punct(p, '(')) return false;
    ir_type elem;
    int pointers;
    bool is_const;
    pos elem_at;
    if (!parse_type(p, &elem, &pointers, &is_const, &elem_at)) return false;
    if (!expect_punct(p, ')')) return false;
    ir_decl *decl = new_decl(p, IR_SLICE, NULL, p->tok.at, doc);
    if (!parse_typedef_name(p, NULL, p->tok.at, decl)) return false;
    decl->elem = elem;
    decl->map = is_map;
    if (pointers != 0) {
      diag_error(p->d, elem_at,
                 "slice elements cannot be pointers: use a slice of "
                 "values");
    }
    add_decl(p, decl);
    return true;
  }
  bool is_struct = is_ident(&p->tok, "struct");
  bool is_enum = is_ident(&p->tok, "enum");
  if (!is_struct && !is_enum && p->tok.kind == TOK_IDENT &&
      (is_punct(peek_token(p), '(') || is_int_keyword(&p->tok)))
    return parse_callback_typedef(p, doc);
  if (!is_struct && !is_enum) {
    diag_error(p->d, p->tok.at,
               "expected struct, enum, FERRY_SLICE_OF or FERRY_MAP_OF after "
               "typedef, "
               "found '%s' (type aliases are not supported)",
               describe(&p->tok));
    return false;
  }
  next_token(p);
  const char *tag = NULL;
  pos tag_at = p->tok.at;
  if (p->tok.kind == TOK_IDENT) {
    tag = p->tok.text;
    next_token(p);
  }
  if (is_struct && tag != NULL && p->tok.kind == TOK_IDENT) {
    /* typedef struct tag name; : an opaque handle. The tag may differ
     * (libraries write typedef struct x_s x_t;): it is never used. */
    ir_decl *decl = new_decl(p, IR_HANDLE, NULL, tag_at, doc);
    if (!parse_typedef_name(p, NULL, tag_at, decl)) return false;
    if (strcmp(tag, decl->name) != 0) decl->tag = tag;
    add_decl(p, decl);
    return true;
  }
  ir_decl *decl = new_decl(p, is_struct ? IR_STRUCT : IR_ENUM, NULL, tag_at,
                           doc);
  if (is_struct ? !parse_fields(p, decl) : !parse_enumerators(p, decl))
    return false;
  if (!parse_typedef_name(p, tag, tag_at, decl)) return false;
  add_decl(p, decl);
  return true;
}

/* ---- Functions ------------------------------------------------------- */

static bool parse_param(parser *p, ir_func *f) {
  ir_param prm = {0};
  pos type_at;
  if (!parse_type(p, &prm.type, &prm.pointers, &prm.is_const, &type_at))
    return false;
  if (is_punct(&p->tok, '(')) {
    diag_error(p->d, p->tok.at,
               "an inline function pointer parameter: declare its type "
               "first (typedef R (*name_fn)(params);, as the library's "
               "header often does) and pass that: name_fn x");
    return false;
  }
  if (p->unnamed_params && (is_punct(&p->tok, ',') || is_punct(&p->tok, ')'))) {
    /* A function pointer typedef of a library: void (*)(void*) */
    prm.name = "";
    prm.at = type_at;
    prm.partner = -1;
    prm.owner.offset_param = -1;
    *(ir_param *)ARENA_PUSH(p->m->arena, f->params, f->nparams,
                            f->params_cap) = prm;
    return true;
  }
  if (p->tok.kind != TOK_IDENT) {
    if (p->tok.kind != TOK_ERROR)
      diag_error(p->d, p->tok.at,
                 "expected a parameter name, found '%s' (parameters need "
                 "names: they become the Go and Rust names)",
                 describe(&p->tok));
    return false;
  }
  prm.name = p->tok.text;
  prm.at = p->tok.at;
  next_token(p);
  if (!parse_value_annotations(p, &prm.optional, &prm.out, &prm.errmsg,
                               &prm.raw, &prm.len_name, &prm.len_at,
                               &prm.owner, &prm))
    return false;
  prm.partner = -1;
  prm.owner.offset_param = -1;
  *(ir_param *)ARENA_PUSH(p->m->arena, f->params, f->nparams,
                          f->params_cap) = prm;
  return true;
}

/* The first mode annotation is the function's mode; each further one asks
 * for one more Go wrapper in that mode. */
static void set_mode(parser *p, ir_func *f, ir_mode mode) {
  if (f->mode_annotations == 0) {
    f->mode = mode;
  } else if (mode == f->mode || (f->extra_modes & (1u << mode))) {
    if (!f->mode_repeated) f->repeated_at = p->tok.at;
    f->mode_repeated = true;
  } else {
    f->extra_modes |= 1u << mode;
  }
  f->mode_annotations++;
  f->mode_at = p->tok.at;
}

static bool parse_func_annotations(parser *p, ir_func *f) {
  while (p->tok.kind == TOK_IDENT) {
    const char *a = p->tok.text;
    if (strcmp(a, "FERRY_FAST") == 0) {
      set_mode(p, f, IR_MODE_FAST);
    } else if (strcmp(a, "FERRY_CGO") == 0) {
      set_mode(p, f, IR_MODE_CGO);
    } else if (strcmp(a, "FERRY_DEDICATED") == 0) {
      set_mode(p, f, IR_MODE_DEDICATED);
    } else if (strcmp(a, "FERRY_GO") == 0) {
      f->direction = IR_GO_IMPL;
    } else if (strcmp(a, "FERRY_GO_ASYNC") == 0) {
      f->direction = IR_GO_IMPL;
      f->async = true;
    } else if (strcmp(a, "FERRY_DESTRUCTOR") == 0) {
      f->destructor = true;
    } else if (strcmp(a, "FERRY_STRINGS") == 0) {
      f->string_variant = true;
    } else if (strcmp(a, "FERRY_BORROWED") == 0 ||
               strcmp(a, "FERRY_FREE_WITH") == 0) {
      if (!parse_owner(p, &f->ret_owner)) return false;
    } else if (strcmp(a, "FERRY_ADDRESS") == 0) {
      f->ret_address = true;
      f->ret_address_at = p->tok.at;
    } else if (strcmp(a, "FERRY_NAME") == 0 ||
               strcmp(a, "FERRY_METHOD") == 0) {
      if (f->rename != NULL) {
        diag_error(p->d, p->tok.at, "%s: a second FERRY_NAME or FERRY_METHOD",
                   f->name);
        return false;
      }
      f->rename_method = a[6] == 'M';
      if (!parse_annotation_name(p, "a name", &f->rename, &f->rename_at))
        return false;
    } else if (strcmp(a, "FERRY_CGO_ABOVE") == 0) {
      set_mode(p, f, IR_MODE_CGO_ABOVE);
      next_token(p);
      if (!expect_punct(p, '(')) return false;
      if (!expect_ident(p, "a parameter name", &f->threshold_name,
                        &f->threshold_at))
        return false;
      if (!expect_punct(p, ',')) return false;
      if (p->tok.kind != TOK_NUMBER) {
        if (p->tok.kind != TOK_ERROR)
          diag_error(p->d, p->tok.at,
                     "expected a size in bytes, found '%s'",
                     describe(&p->tok));
        return false;
      }
      if (p->tok.overflow)
        diag_error(p->d, p->tok.at, "size %s is too large", p->tok.text);
      f->threshold_bytes = p->tok.number;
      next_token(p);
      if (!is_punct(&p->tok, ')')) {
        expect_punct(p, ')');
        return false;
      }
    } else if (is_annotation(a)) {
      diag_error(p->d, p->tok.at, "%s is not allowed on a function", a);
      return false;
    } else if (strncmp(a, "FERRY_", 6) == 0) {
      diag_error(p->d, p->tok.at, "unknown annotation '%s'", a);
      return false;
    } else {
      diag_error(p->d, p->tok.at, "expected ';' after %s(...), found '%s'",
                 f->name, a);
      return false;
    }
    next_token(p);
  }
  return true;
}

/* "(" ( "void" | param { "," param } ) ")" : the current token is '('. */
static bool parse_param_list(parser *p, ir_func *f) {
  next_token(p);
  if (is_ident(&p->tok, "void") && is_punct(peek_token(p), ')')) {
    next_token(p);
  } else if (is_punct(&p->tok, ')')) {
    diag_error(p->d, p->tok.at,
               "write (void) for a function without parameters");
  } else {
    for (;;) {
      if (is_punct(&p->tok, '.')) {
        diag_error(p->d, p->tok.at,
                   "%s: variadic functions (...) cannot be bound: their "
                   "arguments follow C's rules for varargs, which the "
                   "generated calls do not; call it with ferry.CallFrame "
                   "(which supports them) by hand, or bind a C function of "
                   "your own with fixed parameters that calls it",
                   f->name ? f->name : "a callback");
        return false;
      }
      if (!parse_param(p, f)) return false;
      if (is_punct(&p->tok, ',')) {
        next_token(p);
        continue;
      }
      break;
    }
  }
  return expect_punct(p, ')');
}

/* typedef R (*name)(params) FERRY_CALLBACK [FERRY_NAME(x)]; after
 * "typedef": the signature of a Go closure native code may call during the
 * call it is passed to. Any other function pointer is rejected. */
static bool parse_callback_typedef(parser *p, const char *doc) {
  ir_func *sig = arena_alloc(p->m->arena, sizeof(*sig));
  sig->doc = doc;
  sig->errmsg_param = -1;
  sig->found_param = -1;
  sig->threshold_param = -1;
  sig->callback_param = -1;
  sig->go_callback_param = -1;
  sig->go_callback_user = -1;
  pos ret_at;
  if (!parse_type(p, &sig->ret, &sig->ret_pointers, &sig->ret_is_const,
                  &ret_at))
    return false;
  if (!expect_punct(p, '(') || !expect_punct(p, '*')) return false;
  ir_decl *decl = new_decl(p, IR_CALLBACK, NULL, p->tok.at, doc);
  if (!expect_ident(p, "the typedef name", &decl->name, &decl->at))
    return false;
  sig->name = decl->name;
  sig->at = decl->at;
  if (!expect_punct(p, ')')) return false;
  if (!is_punct(&p->tok, '(')) return expect_punct(p, '(');
  p->unnamed_params = true;
  bool listed = parse_param_list(p, sig);
  p->unnamed_params = false;
  if (!listed) return false;
  bool callback = false;
  while (p->tok.kind == TOK_IDENT) {
    const char *a = p->tok.text;
    if (strcmp(a, "FERRY_CALLBACK") == 0) {
      callback = true;
    } else if (strcmp(a, "FERRY_NAME") == 0 && decl->rename == NULL) {
      if (!parse_annotation_name(p, "a name", &decl->rename,
                                 &decl->rename_at))
        return false;
    } else if (is_annotation(a)) {
      diag_error(p->d, p->tok.at, "%s is not allowed on a callback typedef",
                 a);
      return false;
    } else {
      diag_error(p->d, p->tok.at, "unknown annotation '%s'", a);
      return false;
    }
    next_token(p);
  }
  /* Without FERRY_CALLBACK: a C function pointer, passed through. */
  if (!callback) decl->kind = IR_FNPTR;
  for (int i = 0; callback && i < sig->nparams; i++)
    if (sig->params[i].name[0] == '\0') {
      diag_error(p->d, sig->params[i].at,
                 "callback '%s': parameter %d needs a name (it becomes the "
                 "Go closure's)",
                 decl->name, i + 1);
      return false;
    }
  if (!expect_punct(p, ';')) return false;
  decl->signature = sig;
  add_decl(p, decl);
  return true;
}

static bool parse_function(parser *p) {
  ir_func *f = arena_alloc(p->m->arena, sizeof(*f));
  f->doc = p->tok.doc;
  f->callback_param = -1;
  f->go_callback_param = -1;
  f->go_callback_user = -1;
  f->errmsg_param = -1;
  f->found_param = -1;
  f->threshold_param = -1;
  pos ret_at;
  if (!parse_type(p, &f->ret, &f->ret_pointers, &f->ret_is_const, &ret_at))
    return false;
  if (!expect_ident(p, "a function name", &f->name, &f->at)) return false;
  if (!is_punct(&p->tok, '(')) {
    if (p->tok.kind != TOK_ERROR)
      diag_error(p->d, p->tok.at,
                 "expected '(' after '%s', found '%s' (only functions, "
                 "typedefs and includes are allowed at file scope)",
                 f->name, describe(&p->tok));
    return false;
  }
  if (!parse_param_list(p, f)) return false;
  if (!parse_func_annotations(p, f)) return false;
  if (!expect_punct(p, ';')) {
    return false;
  }
  *(ir_func **)ARENA_PUSH(p->m->arena, p->m->funcs, p->m->nfuncs,
                          p->m->funcs_cap) = f;
  return true;
}

/* ---- Preprocessor lines ---------------------------------------------- */

static bool starts_with_word(const char *s, const char *word, const char **rest) {
  size_t n = strlen(word);
  if (strncmp(s, word, n) != 0) return false;
  if (s[n] != '\0' && s[n] != ' ' && s[n] != '\t' && s[n] != '<' &&
      s[n] != '"' && s[n] != '(')
    return false;
  s += n;
  while (*s == ' ' || *s == '\t') s++;
  *rest = s;
  return true;
}

/* ---- #define constants ------------------------------------------------
 *
 * `#define NAME value [FERRY_NAME(x)]`: an integer constant. The value is
 * evaluated here, over the directive's text: integer literals (with C's
 * u/U/l/L suffixes), earlier constants and enumerators, parentheses,
 * unary - ~ +, and * + - << >> & ^ |, with C's precedence. Anything else
 * (casts, strings, function-like macros) is refused: what crosses stays
 * visible in the file. */

typedef struct cexpr {
  parser *p;
  const char *name; /* the constant's */
  ir_decl *type;    /* a cast to a function pointer type, if any */
  const char *s;
  pos at;
  bool failed;
} cexpr;

static void cexpr_space(cexpr *e) {
  while (*e->s == ' ' || *e->s == '\t') e->s++;
}

static bool cexpr_fail(cexpr *e, const char *what) {
  if (!e->failed)
    diag_error(e->p->d, e->at,
               "#define %s: %s; a constant is an integer expression of "
               "literals, earlier constants and enumerators, ( ) - ~ * + "
               "<< >> & ^ | (leave other macros out of the interface file)",
               e->name, what);
  e->failed = true;
  return false;
}

static bool find_constant(parser *p, const char *name, size_t n,
                          int64_t *v) {
  for (int i = 0; i < p->m->nconsts; i++)
    if (strlen(p->m->consts[i].name) == n &&
        strncmp(p->m->consts[i].name, name, n) == 0) {
      *v = p->m->consts[i].value;
      return true;
    }
  for (int i = 0; i < p->m->ndecls; i++) {
    ir_decl *d = p->m->decls[i];
    for (int j = 0; d->kind == IR_ENUM && j < d->nitems; j++)
      if (strlen(d->items[j].name) == n &&
          strncmp(d->items[j].name, name, n) == 0) {
        *v = d->items[j].value;
        return true;
      }
  }
  return false;
}

static bool cexpr_binary(cexpr *e, int level, int64_t *v);

/* After '(': a function pointer typedef's name and ')' is a cast (the
 * constant is then a sentinel of that type); anything else is not. */
static ir_decl *cexpr_cast(cexpr *e) {
  const char *s = e->s;
  while (*s == ' ' || *s == '\t') s++;
  const char *b = s;
  while (*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
         (*s >= '0' && *s <= '9'))
    s++;
  size_t n = (size_t)(s - b);
  while (*s == ' ' || *s == '\t') s++;
  if (n == 0 || *s != ')') return NULL;
  for (int i = 0; i < e->p->m->ndecls; i++) {
    ir_decl *d = e->p->m->decls[i];
    if (d->kind == IR_FNPTR && strlen(d->name) == n &&
        strncmp(d->name, b, n) == 0) {
      e->s = s + 1;
      return d;
    }
  }
  return NULL;
}

static bool cexpr_primary(cexpr *e, int64_t *v) {
  cexpr_space(e);
  const char *s = e->s;
  if (*s == '(') {
    e->s++;
    ir_decl *fn = cexpr_cast(e);
    if (fn != NULL) { /* ((sqlite3_destructor_type)-1) */
      e->type = fn;
      return cexpr_primary(e, v);
    }
    if (!cexpr_binary(e, 0, v)) return false;
    cexpr_space(e);
    if (*e->s != ')') return cexpr_fail(e, "expected ')'");
    e->s++;
    return true;
  }
  if (*s == '-' || *s == '~' || *s == '+') {
    e->s++;
    if (!cexpr_primary(e, v)) return false;
    /* In uint64_t, where C's wrap-around is defined. */
    if (*s == '-') *v = (int64_t)(0 - (uint64_t)*v);
    if (*s == '~') *v = ~*v;
    return true;
  }
  if (*s >= '0' && *s <= '9') {
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, s += 2;
    else if (s[0] == '0') base = 8;
    uint64_t n = 0;
    bool any = base == 8, overflow = false;
    for (;; s++) {
      int d = *s >= '0' && *s <= '9'   ? *s - '0'
              : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
              : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10
                                       : 99;
      if (d >= base) break;
      if (n > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) overflow = true;
      n = n * (uint64_t)base + (uint64_t)d;
      any = true;
    }
    while (*s == 'u' || *s == 'U' || *s == 'l' || *s == 'L') s++;
    if (!any || (*s >= '0' && *s <= '9') || *s == '_' ||
        (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '.')
      return cexpr_fail(e, "not an integer literal");
    if (overflow || n > (uint64_t)INT64_MAX)
      return cexpr_fail(e, "the value does not fit in 64 bits (signed)");
    e->s = s;
    *v = (int64_t)n;
    return true;
  }
  if (*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) {
    const char *b = s;
    while (*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
           (*s >= '0' && *s <= '9'))
      s++;
    if (!find_constant(e->p, b, (size_t)(s - b), v)) {
      char *name = arena_strndup(e->p->m->arena, b, (size_t)(s - b));
      return cexpr_fail(
          e, arena_printf(e->p->m->arena,
                          "'%s' is not an earlier constant or enumerator "
                          "(a cast or a type is not a constant)",
                          name));
    }
    e->s = s;
    return true;
  }
  if (*s == '"') return cexpr_fail(e, "string constants are not supported");
  return cexpr_fail(e, *s ? "expected a value" : "a #define needs a value");
}

/* Binary operators by precedence, loosest first. */
static const char *const cexpr_ops[][3] = {
    {"|", NULL, NULL}, {"^", NULL, NULL}, {"&", NULL, NULL},
    {"<<", ">>", NULL}, {"+", "-", NULL}, {"*", NULL, NULL}};
enum { CEXPR_LEVELS = sizeof cexpr_ops / sizeof cexpr_ops[0] };

static bool cexpr_binary(cexpr *e, int level, int64_t *v) {
  if (level == CEXPR_LEVELS) return cexpr_primary(e, v);
  if (!cexpr_binary(e, level + 1, v)) return false;
  for (;;) {
    cexpr_space(e);
    const char *op = NULL;
    for (int i = 0; i < 3 && cexpr_ops[level][i]; i++) {
      size_t n = strlen(cexpr_ops[level][i]);
      /* '|' and '&' but not '||' and '&&' */
      if (strncmp(e->s, cexpr_ops[level][i], n) == 0 &&
          (n == 2 || e->s[1] != e->s[0]))
        op = cexpr_ops[level][i];
    }
    if (op == NULL) return true;
    e->s += strlen(op);
    int64_t r;
    if (!cexpr_binary(e, level + 1, &r)) return false;
    uint64_t a = (uint64_t)*v, b = (uint64_t)r;
    switch (op[0]) {
    case '|': *v = (int64_t)(a | b); break;
    case '^': *v = (int64_t)(a ^ b); break;
    case '&': *v = (int64_t)(a & b); break;
    case '+': *v = (int64_t)(a + b); break;
    case '-': *v = (int64_t)(a - b); break;
    case '*': *v = (int64_t)(a * b); break;
    default:
      if (r < 0 || r > 63) return cexpr_fail(e, "shift count outside 0..63");
      *v = op[0] == '<' ? (int64_t)(a << r) : *v >> r;
    }
  }
}

/* rest: the directive after "define". An include guard's #define never
 * gets here (parse_directive takes it with its #ifndef). */
static void parse_define(parser *p, const char *rest, pos at,
                         const char *doc) {
  ir_const c = {.doc = doc, .at = at};
  const char *s = rest;
  while (*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
         (*s >= '0' && *s <= '9'))
    s++;
  if (s == rest) {
    diag_error(p->d, at, "#define: expected a name");
    return;
  }
  c.name = arena_strndup(p->m->arena, rest, (size_t)(s - rest));
  if (*s == '(') {
    diag_error(p->d, at,
               "#define %s(...): function-like macros are not supported; "
               "leave them out of the interface file",
               c.name);
    return;
  }
  cexpr e = {.p = p, .name = c.name, .s = s, .at = at};
  if (!cexpr_binary(&e, 0, &c.value)) return;
  cexpr_space(&e);
  if (strncmp(e.s, "FERRY_NAME(", 11) == 0) {
    const char *b = e.s + 11, *end = strchr(b, ')');
    if (end == NULL || end == b) {
      cexpr_fail(&e, "FERRY_NAME(name) needs a name and ')'");
      return;
    }
    c.rename = arena_strndup(p->m->arena, b, (size_t)(end - b));
    e.s = end + 1;
    cexpr_space(&e);
  }
  if (*e.s != '\0') {
    cexpr_fail(&e, arena_printf(p->m->arena, "unexpected '%s' after the "
                                             "value",
                                e.s));
    return;
  }
  c.type = e.type;
  *(ir_const *)ARENA_PUSH(p->m->arena, p->m->consts, p->m->nconsts,
                          p->m->consts_cap) = c;
}

static void parse_directive(parser *p) {
  const char *text = p->tok.text, *rest;
  pos at = p->tok.at;
  if (starts_with_word(text, "include", &rest)) {
    static const char *const allowed[] = {
        "\"ferry.h\"", "\"ferry_gen.h\"", "<ferry.h>", "<ferry_gen.h>",
        "<stdint.h>",  "<stdbool.h>",     "<stddef.h>"};
    bool ok = false;
    for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
      if (strcmp(rest, allowed[i]) == 0) ok = true;
    if (!ok)
      diag_error(p->d, at,
                 "#include %s: an interface file includes only ferry.h, "
                 "ferry_gen.h, <stdint.h>, <stdbool.h> and <stddef.h>",
                 rest);
    if (strstr(rest, "ferry") != NULL) p->included_ferry = true;
  } else if (starts_with_word(text, "ifndef", &rest)) {
    /* An include guard: #ifndef X, then #define X. */
    const token *t = peek_token(p);
    const char *drest;
    if (t->kind != TOK_DIRECTIVE || !starts_with_word(t->text, "define", &drest) ||
        strcmp(drest, rest) != 0) {
      diag_error(p->d, at,
                 "#ifndef is allowed only as an include guard (#ifndef X "
                 "followed by #define X)");
    } else {
      next_token(p); /* the #define */
    }
    p->cond_depth++;
  } else if (starts_with_word(text, "ifdef", &rest) &&
             strcmp(rest, "__cplusplus") == 0) {
    if (p->has_next) {
      /* Cannot happen: directives never peek past themselves except the
       * guard above. */
      diag_error(p->d, at, "unexpected #ifdef __cplusplus");
    } else if (!lexer_skip_conditional(&p->lx)) {
      diag_error(p->d, at, "#ifdef __cplusplus without #endif");
    }
  } else if (starts_with_word(text, "endif", &rest)) {
    if (p->cond_depth == 0)
      diag_error(p->d, at, "#endif without #ifndef");
    else
      p->cond_depth--;
  } else if (starts_with_word(text, "define", &rest)) {
    parse_define(p, rest, at, p->tok.doc);
  } else if (starts_with_word(text, "pragma", &rest) &&
             strcmp(rest, "once") == 0) {
    /* fine */
  } else {
    diag_error(p->d, at, "unsupported preprocessor line '#%s'", text);
  }
  next_token(p);
}

/* FERRY_PREFIX(X) at file scope (no ';': it expands to nothing): X is
 * stripped from names too, as the file's own prefix is. */
static bool parse_prefix(parser *p) {
  const char *prefix;
  pos at;
  if (!parse_annotation_name(p, "a prefix", &prefix, &at)) return false;
  next_token(p);
  if (is_punct(&p->tok, ';')) next_token(p);
  *(const char **)ARENA_PUSH(p->m->arena, p->m->prefixes, p->m->nprefixes,
                             p->m->prefixes_cap) = prefix;
  return true;
}

/* FERRY_HEADER(<x.h>) or FERRY_HEADER("lib.h") at file scope: the library's
 * own header, which the generated check file includes (the lexer took the
 * argument as text). */
static bool parse_header(parser *p) {
  const char *h = p->tok.raw_arg;
  pos at = p->tok.at;
  size_t n = h ? strlen(h) : 0;
  bool ok = n > 2 && ((h[0] == '<' && h[n - 1] == '>') ||
                      (h[0] == '"' && h[n - 1] == '"'));
  next_token(p);
  if (!ok) {
    diag_error(p->d, at,
               "FERRY_HEADER takes the library's header as #include names "
               "it: FERRY_HEADER(<sqlite3.h>) or FERRY_HEADER(\"lib.h\")");
    return true; /* said; nothing to skip */
  }
  if (p->m->header != NULL) {
    diag_error(p->d, at, "a second FERRY_HEADER (the first is at line %d)",
               p->m->header_at.line);
    return true;
  }
  p->m->header = h;
  p->m->header_at = at;
  if (is_punct(&p->tok, ';')) next_token(p);
  return true;
}

/* ---- File ------------------------------------------------------------ */

bool parse_module(ir_module *m, const char *text, size_t len, diags *d) {
  parser p = {0};
  p.m = m;
  p.d = d;
  p.errors_at_start = d->count;
  lexer_init(&p.lx, text, len, m->arena, d);
  next_token(&p);
  while (p.tok.kind != TOK_EOF) {
    bool ok = true;
    if (p.tok.kind == TOK_DIRECTIVE) {
      parse_directive(&p);
      continue;
    }
    if (is_ident(&p.tok, "FERRY_PREFIX")) {
      ok = parse_prefix(&p);
    } else if (is_ident(&p.tok, "FERRY_HEADER")) {
      ok = parse_header(&p);
    } else if (is_ident(&p.tok, "typedef")) {
      ok = parse_typedef(&p);
    } else if (is_ident(&p.tok, "struct") || is_ident(&p.tok, "enum")) {
      diag_error(d, p.tok.at, "declare %s types with typedef", p.tok.text);
      ok = false;
    } else if (is_ident(&p.tok, "extern") || is_ident(&p.tok, "static")) {
      diag_error(d, p.tok.at,
                 "'%s' is not allowed: declare plain function prototypes",
                 p.tok.text);
      ok = false;
    } else if (p.tok.kind == TOK_IDENT) {
      ok = parse_function(&p);
    } else if (p.tok.kind == TOK_ERROR) {
      ok = false; /* already reported */
    } else {
      diag_error(d, p.tok.at,
                 "expected a typedef or a function prototype, found '%s'",
                 describe(&p.tok));
      ok = false;
    }
    if (!ok) recover(&p);
  }
  if (p.cond_depth != 0)
    diag_error(d, p.tok.at, "missing #endif for the include guard");
  if (!p.included_ferry)
    diag_error(d, (pos){1, 1},
               "an interface file must #include \"ferry_gen.h\"");
  return d->count == p.errors_at_start;
}
