/* check.c: the semantic rules of an interface file.
 *
 * The parser accepts anything shaped like the grammar; this decides what
 * it means and whether every backend can honour it: which types may
 * appear where, how each parameter crosses (ir_passing), which functions
 * are destructors and methods, and whether the arguments fit the
 * registers the fast call loads. Every rule reports at the place it is
 * broken and checking goes on, so one run lists every error. */
#include <string.h>

#include "ir.h"


static const char *const reserved_words[] = {
    /* Go */
    "break", "case", "chan", "const", "continue", "default", "defer", "else",
    "fallthrough", "for", "func", "go", "goto", "if", "import", "interface",
    "map", "package", "range", "return", "select", "struct", "switch",
    "type", "var",
    /* Rust (beyond C's) */
    "as", "async", "await", "crate", "dyn", "false", "fn", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "self",
    "Self", "super", "trait", "true", "unsafe", "use", "where", "box",
    "abstract", "become", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield", "gen"};

static const char *reserved(const char *name) {
  for (size_t i = 0; i < sizeof(reserved_words) / sizeof(reserved_words[0]);
       i++)
    if (strcmp(name, reserved_words[i]) == 0) return reserved_words[i];
  return NULL;
}

static bool is_value_kind(ir_kind k) {
  return ir_is_scalar(k) || k == IR_STRUCT || k == IR_STR || k == IR_BYTES ||
         k == IR_SLICE;
}

static const char *kind_name(ir_kind k) {
  switch (k) {
  case IR_VOID: return "void";
  case IR_STATUS: return "ferry_status";
  case IR_HANDLE: return "a handle";
  case IR_STR: return "ferry_str";
  case IR_BYTES: return "ferry_bytes";
  case IR_SLICE: return "a slice";
  case IR_STRUCT: return "a struct";
  case IR_ENUM: return "an enum";
  case IR_CALLBACK: return "a callback";
  case IR_FNPTR: return "a C function pointer";
  case IR_CSTR: return "a C string";
  default: return "a scalar";
  }
}

/* ---- Types ----------------------------------------------------------- */

static void check_field(ir_decl *s, ir_field *f, diags *d) {
  (void)s;
  ir_kind k = f->type.kind;
  if (k == IR_HANDLE || k == IR_CALLBACK || k == IR_FNPTR) {
    diag_error(d, f->at,
               "field '%s': %s cannot be struct fields; pass them as "
               "parameters",
               f->name,
               k == IR_HANDLE     ? "handles"
               : k == IR_CALLBACK ? "callbacks"
                                  : "function pointers");
  } else if (k == IR_VOID || k == IR_STATUS) {
    diag_error(d, f->at, "field '%s': %s cannot be a field type", f->name,
               kind_name(k));
  } else if (f->optional) {
    if (f->pointers != 1 || !f->is_const)
      diag_error(d, f->at,
                 "field '%s': FERRY_OPTIONAL needs a pointer to const "
                 "(const T *%s FERRY_OPTIONAL)",
                 f->name, f->name);
    else if (!(ir_is_scalar(k) || k == IR_STRUCT || k == IR_STR))
      diag_error(d, f->at,
                 "field '%s': optional values are scalars, enums, structs "
                 "or strings, not %s",
                 f->name, kind_name(k));
  } else if (f->pointers != 0) {
    diag_error(d, f->at,
               "field '%s': pointer fields must be FERRY_OPTIONAL (const T "
               "*%s FERRY_OPTIONAL)",
               f->name, f->name);
  }
}

static void check_underscore(const char *what, const char *name, pos at,
                             diags *d);

/* A FERRY_NAME or FERRY_METHOD name: snake_case, because Go's and Rust's
 * names are made from it as from a C name without its prefix. */
static void check_rename(const char *name, pos at, diags *d) {
  bool ok = name[0] >= 'a' && name[0] <= 'z';
  for (const char *c = name; *c && ok; c++)
    ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
         (*c == '_' && c[1] != '_' && c[1] != '\0');
  if (!ok)
    diag_error(d, at,
               "name '%s': write it in snake_case (lower case letters, "
               "digits and single '_'): Go and Rust names are made from it",
               name);
  const char *r = reserved(name);
  if (r != NULL)
    diag_error(d, at, "name '%s' is a keyword in Go or Rust", name);
}

static void check_struct(ir_decl *s, diags *d) {
  if (s->nfields == 0)
    diag_error(d, s->at, "struct '%s' has no fields", s->name);
  s->plain = true;
  for (int i = 0; i < s->nfields; i++) {
    ir_field *f = &s->fields[i];
    check_field(s, f, d);
    check_underscore("field", f->name, f->at, d);
    for (int j = 0; j < i; j++)
      if (strcmp(s->fields[j].name, f->name) == 0)
        diag_error(d, f->at, "field '%s' is declared twice", f->name);
    const char *r = reserved(f->name);
    if (r != NULL)
      diag_error(d, f->at, "field '%s': '%s' is a keyword in Go or Rust",
                 f->name, r);
    if (f->optional || !ir_is_plain(f->type)) s->plain = false;
  }
}

static void check_enum(ir_module *m, ir_decl *e, diags *d) {
  if (e->nitems == 0)
    diag_error(d, e->at, "enum '%s' has no enumerators", e->name);
  for (int i = 0; i < e->nitems; i++) {
    ir_enumerator *it = &e->items[i];
    if (it->value < INT32_MIN || it->value > INT32_MAX)
      diag_error(d, it->at,
                 "enumerator '%s' = %lld does not fit in a C int (32 bits)",
                 it->name, (long long)it->value);
    /* Enumerators share C's ordinary name space. */
    for (int j = 0; j < m->ndecls && m->decls[j] != e; j++) {
      ir_decl *o = m->decls[j];
      if (o->kind == IR_ENUM)
        for (int k = 0; k < o->nitems; k++)
          if (strcmp(o->items[k].name, it->name) == 0)
            diag_error(d, it->at, "enumerator '%s' is already declared",
                       it->name);
    }
    for (int j = 0; j < i; j++)
      if (strcmp(e->items[j].name, it->name) == 0)
        diag_error(d, it->at, "enumerator '%s' is declared twice", it->name);
  }
}

static void check_slice(ir_decl *s, diags *d) {
  ir_kind k = s->elem.kind;
  if (!is_value_kind(k))
    diag_error(d, s->at, "slice '%s': the element cannot be %s", s->name,
               kind_name(k));
  s->plain = ir_is_plain(s->elem);
}

/* ---- Functions ------------------------------------------------------- */

/* A struct returned by value comes back in the two integer return
 * registers (rax:rdx, x0:x1), which is where C puts a struct of up to 16
 * bytes of integers. Floats would come back in floating-point registers
 * (SysV classes each eightbyte; AAPCS64 has homogeneous float
 * aggregates), which the calls do not keep, and larger structs go through
 * memory the caller passes: both take a FERRY_OUT parameter instead. */
static void check_struct_return(ir_func *f, diags *d) {
  const char *s = f->ret.decl->name;
  int size = f->ret.decl->plain ? ir_plain_size(f->ret, NULL) : 0;
  if (!f->ret.decl->plain)
    diag_error(d, f->at,
               "%s: return structs through a FERRY_OUT parameter (%s *out "
               "FERRY_OUT)",
               f->name, s);
  else if (ir_plain_has_float(f->ret))
    diag_error(d, f->at,
               "%s: '%s' holds floating-point fields, which C returns in "
               "floating-point registers; return it through a FERRY_OUT "
               "parameter (%s *out FERRY_OUT)",
               f->name, s, s);
  else if (size > 16)
    diag_error(d, f->at,
               "%s: '%s' is %d bytes; only structs of up to 16 bytes of "
               "integers are returned by value; return it through a "
               "FERRY_OUT parameter (%s *out FERRY_OUT)",
               f->name, s, size, s);
}

static void check_return(ir_func *f, diags *d) {
  ir_kind k = f->ret.kind;
  if (k == IR_HANDLE) {
    if (f->ret_pointers != 1)
      diag_error(d, f->at, "%s: return a handle as a pointer (%s *)",
                 f->name, f->ret.decl->name);
    return;
  }
  if (k == IR_CALLBACK) {
    diag_error(d, f->at,
               "%s: cannot return a callback: a callback lives only during "
               "the call it is passed to",
               f->name);
    return;
  }
  if (f->ret_pointers != 0) {
    diag_error(d, f->at,
               "%s: functions cannot return pointers except to handles and "
               "C strings (const char *f(...) FERRY_BORROWED); return the "
               "value through a FERRY_OUT parameter",
               f->name);
    return;
  }
  if (k == IR_STRUCT)
    check_struct_return(f, d);
  else if (k == IR_STR || k == IR_BYTES || k == IR_SLICE)
    diag_error(d, f->at,
               "%s: cannot return %s: the caller passes a buffer "
               "(ferry_bytes) or a FERRY_OUT parameter instead",
               f->name, kind_name(k));
}

/* The annotations a parameter may combine: FERRY_OUT with FERRY_OPTIONAL
 * (an optional result) and nothing else. */
static bool check_annotation_set(const ir_param *p, diags *d) {
  int annotations = p->out + p->optional + p->errmsg;
  bool optional_out = p->out && p->optional && !p->errmsg;
  if (annotations > 1 && !optional_out) {
    diag_error(d, p->at,
               "parameter '%s': FERRY_ERROR_MESSAGE excludes FERRY_OUT and "
               "FERRY_OPTIONAL",
               p->name);
    return false;
  }
  return true;
}

static bool has_annotations(const ir_param *p) {
  return p->out || p->optional || p->errmsg;
}

/* FERRY_LEN: the buffer half of a pointer + length pair; the length is
 * resolved in check_buffers once every parameter is known. */
static void check_len_param(ir_param *p, diags *d) {
  bool bytes = p->type.kind == IR_VOID ||
               ((p->type.kind == IR_U8 || p->type.kind == IR_I8) &&
                p->type.decl == NULL);
  if (!bytes || p->pointers != 1 || has_annotations(p))
    diag_error(d, p->len_at,
               "parameter '%s': FERRY_LEN goes on a byte pointer without "
               "other annotations ([const] void *%s FERRY_LEN(n), or char, "
               "unsigned char, uint8_t)",
               p->name, p->name);
  p->passing = IR_PASS_BUFFER;
}

/* Types that are never parameters: void, a bare void * (it needs
 * FERRY_LEN), ferry_status. */
static bool check_param_type(const ir_param *p, diags *d) {
  ir_kind k = p->type.kind;
  if (k == IR_VOID && p->pointers == 1 && !has_annotations(p)) {
    diag_error(d, p->at,
               "parameter '%s': a byte pointer needs its length: const void "
               "*%s FERRY_LEN(n), size_t n",
               p->name, p->name);
    return false;
  }
  if (k == IR_VOID || k == IR_STATUS) {
    diag_error(d, p->at, "parameter '%s': %s is not a parameter type",
               p->name, kind_name(k));
    return false;
  }
  return true;
}

/* FERRY_RAW: a ferry_str by value, nothing else. */
static void check_raw_param(const ir_param *p, diags *d) {
  if (p->raw && (p->type.kind != IR_STR || p->pointers != 0 ||
                 has_annotations(p)))
    diag_error(d, p->at,
               "parameter '%s': FERRY_RAW applies to a ferry_str parameter "
               "(passed by value, no other annotation)",
               p->name);
}

/* FERRY_ERROR_MESSAGE: one ferry_bytes * of a function returning a
 * status. */
static void check_errmsg_param(ir_func *f, int index, diags *d) {
  ir_param *p = &f->params[index];
  const char *n = p->name;
  if (p->type.kind != IR_BYTES || p->pointers != 1 || p->is_const)
    diag_error(d, p->at,
               "parameter '%s': FERRY_ERROR_MESSAGE needs ferry_bytes *%s",
               n, n);
  else if (!ir_returns_status(f))
    diag_error(d, p->at,
               "parameter '%s': FERRY_ERROR_MESSAGE needs a function that "
               "returns ferry_status",
               n);
  else if (f->errmsg_param >= 0)
    diag_error(d, p->at, "parameter '%s': a second FERRY_ERROR_MESSAGE", n);
  else
    f->errmsg_param = index;
  p->passing = IR_PASS_ERRMSG;
}

/* A handle: H * by value, or H ** FERRY_OUT for a result. */
static void check_handle_param(ir_param *p, diags *d) {
  const char *n = p->name;
  if (p->out && p->optional) {
    diag_error(d, p->at,
               "parameter '%s': a handle result is optional already: "
               "NULL becomes nil",
               n);
  } else if (p->out) {
    if (p->pointers != 2)
      diag_error(d, p->at,
                 "parameter '%s': a handle result is %s **%s FERRY_OUT", n,
                 p->type.decl->name, n);
    p->passing = IR_PASS_OUT;
  } else if (p->optional) {
    diag_error(d, p->at, "parameter '%s': handles cannot be FERRY_OPTIONAL",
               n);
  } else if (p->pointers != 1) {
    diag_error(d, p->at, "parameter '%s': pass a handle as %s *%s", n,
               p->type.decl->name, n);
  }
}

/* FERRY_OUT: a result through a pointer to non-const; with FERRY_OPTIONAL
 * (native functions), the function's bool says whether it stored one. */
static void check_out_param(ir_func *f, int index, diags *d) {
  ir_param *p = &f->params[index];
  ir_kind k = p->type.kind;
  const char *n = p->name;
  if (k == IR_CSTR) { /* char **n FERRY_OUT: its owner is checked later */
    if (p->optional)
      diag_error(d, p->at,
                 "parameter '%s': a C string result is optional already: "
                 "NULL becomes \"\"",
                 n);
    p->passing = IR_PASS_OUT;
    return;
  }
  if (p->pointers != 1 || p->is_const)
    diag_error(d, p->at,
               "parameter '%s': FERRY_OUT needs a pointer to non-const "
               "(T *%s FERRY_OUT)",
               n, n);
  else if (!(ir_is_scalar(k) || k == IR_STRUCT))
    diag_error(d, p->at,
               "parameter '%s': results are scalars, enums, structs or "
               "handles, not %s",
               n, kind_name(k));
  else if (k == IR_STRUCT && !p->type.decl->plain &&
           f->direction != IR_GO_IMPL)
    diag_error(d, p->at,
               "parameter '%s': struct '%s' holds borrowed views (strings, "
               "slices or optional fields) and cannot be a result",
               n, p->type.decl->name);
  p->passing = IR_PASS_OUT;
  if (!p->optional || f->direction != IR_NATIVE_IMPL) return;
  if (f->ret.kind != IR_BOOL || f->ret_pointers != 0)
    diag_error(d, p->at,
               "parameter '%s': an optional result needs a function "
               "that returns bool (true when it stored %s)",
               n, n);
  else if (f->found_param >= 0)
    diag_error(d, p->at, "parameter '%s': a second optional result", n);
  else
    f->found_param = index;
}

/* FERRY_OPTIONAL: a pointer to const that may be NULL. */
static void check_optional_param(ir_param *p, diags *d) {
  ir_kind k = p->type.kind;
  if (k == IR_CSTR) { /* const char *p FERRY_OPTIONAL: Go's *string */
    p->passing = IR_PASS_OPTIONAL;
    return;
  }
  if (p->pointers != 1 || !p->is_const)
    diag_error(d, p->at,
               "parameter '%s': FERRY_OPTIONAL needs a pointer to const "
               "(const T *%s FERRY_OPTIONAL)",
               p->name, p->name);
  else if (!(ir_is_scalar(k) || k == IR_STRUCT || k == IR_STR))
    diag_error(d, p->at,
               "parameter '%s': optional values are scalars, enums, "
               "structs or strings, not %s",
               p->name, kind_name(k));
  p->passing = IR_PASS_OPTIONAL;
}

/* No annotation: scalars and views by value, structs by pointer (const:
 * read; not const: changed in place, which only plain structs can be). */
static void check_plain_param(ir_param *p, diags *d) {
  ir_kind k = p->type.kind;
  const char *n = p->name;
  if (p->pointers == 0) {
    if (k == IR_STRUCT)
      diag_error(d, p->at,
                 "parameter '%s': pass structs by pointer (const %s *%s)", n,
                 p->type.decl->name, n);
    p->passing = IR_PASS_VALUE;
    return;
  }
  if (p->pointers > 1) {
    diag_error(d, p->at, "parameter '%s': too many '*'", n);
    return;
  }
  if (k == IR_STR || k == IR_BYTES || k == IR_SLICE) {
    diag_error(d, p->at, "parameter '%s': pass %s by value", n,
               kind_name(k));
    return;
  }
  if (p->is_const) {
    if (k != IR_STRUCT)
      diag_error(d, p->at, "parameter '%s': pass %s by value", n,
                 kind_name(k));
    p->passing = IR_PASS_IN;
    return;
  }
  if (!ir_is_plain(p->type))
    diag_error(d, p->at,
               "parameter '%s': struct '%s' holds borrowed views and cannot "
               "be changed in place; make it const",
               n, p->type.decl->name);
  p->passing = IR_PASS_INOUT;
}

/* A callback parameter: by value, one per function. */
static void check_callback_param(ir_func *f, int index, diags *d) {
  ir_param *p = &f->params[index];
  p->passing = IR_PASS_VALUE;
  if (p->pointers != 0 || p->out || p->optional || p->errmsg || p->raw ||
      p->len_name != NULL)
    diag_error(d, p->at,
               "parameter '%s': pass a callback by value, without "
               "annotations (%s %s)",
               p->name, p->type.decl->name, p->name);
  else if (f->callback_param >= 0)
    diag_error(d, p->at,
               "parameter '%s': a second callback; a call passes one "
               "(ferry.CallWithCallback)",
               p->name);
  else
    f->callback_param = index;
}

/* FERRY_ADDRESS on a parameter: [const] void *p, an address the Go
 * caller gives. */
static void check_address_param(ir_param *p, diags *d) {
  if (p->type.kind != IR_VOID || p->type.decl != NULL || p->pointers != 1 ||
      has_annotations(p) || p->raw || p->len_name != NULL ||
      p->go_callback_user != NULL)
    diag_error(d, p->address_at,
               "parameter '%s': FERRY_ADDRESS on a parameter goes on "
               "[const] void *%s without other annotations (Go passes an "
               "unsafe.Pointer)",
               p->name, p->name);
  p->passing = IR_PASS_ADDRESS;
}

/* FERRY_GO_CALLBACK(user): a C function pointer parameter, one per
 * function; its user pointer was found by mark_go_callback_users. */
static void check_go_callback_param(ir_func *f, int index, diags *d) {
  ir_param *p = &f->params[index];
  p->passing = IR_PASS_GO_CALLBACK;
  if (p->type.kind != IR_FNPTR || p->pointers != 0 || has_annotations(p) ||
      p->raw || p->len_name != NULL || p->address) {
    diag_error(d, p->go_callback_at,
               "parameter '%s': FERRY_GO_CALLBACK goes on a C function "
               "pointer parameter without other annotations (typedef R "
               "(*name_fn)(..., void *user); then name_fn %s "
               "FERRY_GO_CALLBACK(user))",
               p->name, p->name);
    return;
  }
  if (f->go_callback_param >= 0) {
    diag_error(d, p->go_callback_at,
               "parameter '%s': a second FERRY_GO_CALLBACK; a function takes "
               "one",
               p->name);
    return;
  }
  f->go_callback_param = index;
  p->type.decl->go_func = true;
}

/* The user pointer each FERRY_GO_CALLBACK names: a void * parameter of
 * the same function, without annotations. Before the parameters are
 * checked, since it may come first. */
static void mark_go_callback_users(ir_func *f, diags *d) {
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    const char *u = p->go_callback_user;
    if (u == NULL) continue;
    int j = 0;
    while (j < f->nparams && strcmp(f->params[j].name, u) != 0) j++;
    if (j == f->nparams) {
      diag_error(d, p->go_callback_at,
                 "FERRY_GO_CALLBACK(%s): %s has no parameter '%s' (name the "
                 "void * that the library passes back to %s)",
                 u, f->name, u, p->name);
      continue;
    }
    ir_param *user = &f->params[j];
    user->user_data = true; /* no second diagnostic about it */
    user->passing = IR_PASS_USER_DATA;
    if (user->type.kind != IR_VOID || user->type.decl != NULL ||
        user->pointers != 1 || user->is_const || has_annotations(user) ||
        user->raw || user->len_name != NULL || user->address ||
        user->go_callback_user != NULL) {
      diag_error(d, p->go_callback_at,
                 "FERRY_GO_CALLBACK(%s): '%s' must be a void * without "
                 "annotations (the user pointer the library passes back to "
                 "%s)",
                 u, u, p->name);
      continue;
    }
    /* A second FERRY_GO_CALLBACK is check_go_callback_param's error. */
    if (f->go_callback_user < 0) f->go_callback_user = j;
  }
}

/* How parameter index crosses (its passing), by the one rule of its
 * annotation. */
static void check_param(ir_func *f, int index, diags *d) {
  ir_param *p = &f->params[index];
  if (p->user_data) return; /* mark_go_callback_users */
  if (p->go_callback_user != NULL) {
    check_go_callback_param(f, index, d);
    return;
  }
  if (p->type.kind == IR_CALLBACK) {
    check_callback_param(f, index, d);
    return;
  }
  if (p->address) {
    check_address_param(p, d);
    return;
  }
  if (!check_annotation_set(p, d)) return;
  if (p->len_name != NULL) {
    check_len_param(p, d);
    return;
  }
  if (!check_param_type(p, d)) return;
  check_raw_param(p, d);
  if (p->errmsg) check_errmsg_param(f, index, d);
  else if (p->type.kind == IR_HANDLE) check_handle_param(p, d);
  else if (p->out) check_out_param(f, index, d);
  else if (p->optional) check_optional_param(p, d);
  else check_plain_param(p, d);
}

/* Pairs each FERRY_LEN buffer with its length: a size_t parameter by
 * value, before or after it, without annotations of its own. */
static void check_buffers(ir_func *f, diags *d) {
  for (int i = 0; i < f->nparams; i++) {
    ir_param *p = &f->params[i];
    if (p->len_name == NULL) continue;
    int j = 0;
    while (j < f->nparams && strcmp(f->params[j].name, p->len_name) != 0) j++;
    if (j == f->nparams) {
      diag_error(d, p->len_at, "FERRY_LEN(%s): %s has no parameter '%s'",
                 p->len_name, f->name, p->len_name);
      continue;
    }
    ir_param *len = &f->params[j];
    if (len->partner >= 0) {
      diag_error(d, p->len_at,
                 "FERRY_LEN(%s): '%s' is already the length of '%s'",
                 p->len_name, p->len_name, f->params[len->partner].name);
      continue;
    }
    /* Any integer: libraries take int lengths too; Go checks that the
     * buffer's length fits (emit_go_call.c). */
    if (!ir_is_integer(len->type.kind) || len->passing != IR_PASS_VALUE ||
        len->pointers != 0 || len->len_name != NULL) {
      diag_error(d, p->len_at,
                 "FERRY_LEN(%s): the length must be an integer parameter by "
                 "value (size_t %s, int %s, ...)",
                 p->len_name, p->len_name, p->len_name);
      continue;
    }
    len->passing = IR_PASS_LENGTH;
    len->partner = i;
    p->partner = j;
  }
}

/* Counts the registers the arguments take and checks they fit. */
static void check_registers(ir_func *f, diags *d) {
  int ints = 0, floats = 0;
  for (int i = 0; i < f->nparams; i++) {
    ir_param *p = &f->params[i];
    bool pair = p->passing == IR_PASS_VALUE &&
                (p->type.kind == IR_STR || p->type.kind == IR_BYTES ||
                 p->type.kind == IR_SLICE);
    if (p->passing == IR_PASS_VALUE && ir_is_float(p->type.kind)) {
      floats++;
    } else if (pair) {
      ints += 2;
      if (ints > IR_MAX_REG_ARGS)
        diag_error(d, p->at,
                   "parameter '%s': strings, buffers and slices must come "
                   "within the first %d integer arguments (it would be "
                   "passed on the stack); move it forward",
                   p->name, IR_MAX_REG_ARGS);
    } else {
      ints++;
    }
  }
  if (ints > IR_MAX_FRAME_INTS)
    diag_error(d, f->at,
               "%s: %d integer and pointer arguments (strings, buffers and "
               "slices count 2); at most %d",
               f->name, ints, IR_MAX_FRAME_INTS);
  if (floats > IR_MAX_FRAME_FLOATS)
    diag_error(d, f->at, "%s: %d float arguments; at most %d", f->name,
               floats, IR_MAX_FRAME_FLOATS);
}

static void check_mode(ir_func *f, diags *d) {
  if (f->mode_repeated)
    diag_error(d, f->repeated_at, "%s: the same mode annotation twice",
               f->name);
  if (f->extra_modes & (1u << IR_MODE_CGO_ABOVE))
    diag_error(d, f->mode_at,
               "%s: FERRY_CGO_ABOVE must be the first mode annotation (it "
               "names the wrapper that chooses the mode)",
               f->name);
  /* (FERRY_GO functions take no mode: check_go_func.) */
  if (f->extra_modes && f->destructor)
    diag_error(d, f->mode_at,
               "%s: more than one mode annotation on a destructor", f->name);
  if (f->mode != IR_MODE_CGO_ABOVE) return;
  for (int i = 0; i < f->nparams; i++) {
    ir_param *p = &f->params[i];
    if (strcmp(p->name, f->threshold_name) != 0) continue;
    bool sized = p->passing == IR_PASS_BUFFER ||
                 (p->passing == IR_PASS_VALUE &&
                  (p->type.kind == IR_STR || p->type.kind == IR_BYTES ||
                   p->type.kind == IR_SLICE));
    if (!sized)
      diag_error(d, f->threshold_at,
                 "FERRY_CGO_ABOVE(%s, ...): the parameter must be a string, "
                 "a byte buffer or a slice",
                 p->name);
    f->threshold_param = i;
    return;
  }
  diag_error(d, f->threshold_at,
             "FERRY_CGO_ABOVE(%s, ...): %s has no parameter '%s'",
             f->threshold_name, f->name, f->threshold_name);
}

/* Records f as the destructor of the handle it takes: one per handle. */
static void set_destructor(ir_func *f, diags *d) {
  ir_decl *h = f->params[0].type.decl;
  if (h->destructor != NULL)
    diag_error(d, f->at, "%s: handle '%s' already has the destructor %s",
               f->name, h->name, h->destructor->name);
  else
    h->destructor = f;
}

static void check_destructor(ir_func *f, diags *d) {
  if (!f->destructor) return;
  /* A library's destructor may return a code (XXH3_freeState does):
   * nothing can be done with a failure to free, so it is ignored. */
  bool ret_ok = f->ret.kind == IR_VOID ||
                (f->ret_pointers == 0 && ir_is_integer(f->ret.kind)) ||
                (f->ret_pointers == 0 && f->ret.kind == IR_ENUM);
  if (f->nparams != 1 || f->params[0].type.kind != IR_HANDLE ||
      f->params[0].passing != IR_PASS_VALUE || !ret_ok) {
    diag_error(d, f->at,
               "%s: a FERRY_DESTRUCTOR takes one handle and returns void, "
               "an integer or an enum, which is ignored (void name(handle "
               "*h))",
               f->name);
    return;
  }
  set_destructor(f, d);
}

static void find_method(ir_func *f, diags *d) {
  bool handle_first = f->nparams > 0 &&
                      f->params[0].type.kind == IR_HANDLE &&
                      f->params[0].passing == IR_PASS_VALUE;
  if (f->rename_method) {
    if (handle_first)
      f->method_of = f->params[0].type.decl;
    else
      diag_error(d, f->rename_at,
                 "FERRY_METHOD(%s): %s needs a handle as its first parameter "
                 "(the receiver)",
                 f->rename, f->name);
    return;
  }
  if (!handle_first) return;
  ir_decl *h = f->params[0].type.decl;
  size_t n = strlen(h->name);
  if (strncmp(f->name, h->name, n) == 0 && f->name[n] == '_' &&
      f->name[n + 1] != '\0' && f->name[n + 1] != '_')
    f->method_of = h;
}

/* The further rules of an async function (FERRY_GO_ASYNC). Its arguments
 * are copied into an argument struct that lives as long as the queued
 * call, its results land in a result struct the caller owns: nothing may
 * point into the caller's variables while the call waits in the ring. */
static void check_async_func(ir_func *f, diags *d) {
  /* Returning ferry_status (awaited) or void (fire and forget) is
   * check_go_func's rule. */
  bool oneway = f->ret.kind == IR_VOID && f->ret_pointers == 0;
  for (int i = 0; i < f->nparams; i++) {
    ir_param *p = &f->params[i];
    ir_type t = p->type;
    /* Fire and forget copies its arguments into one block: flat values
     * only (a struct of views would need a deep copy). */
    bool flat = ir_is_scalar(t.kind) || t.kind == IR_HANDLE ||
                t.kind == IR_STR || t.kind == IR_BYTES ||
                (t.kind == IR_SLICE && t.decl->plain) ||
                (t.kind == IR_STRUCT && t.decl->plain);
    if (oneway && (!flat || p->passing == IR_PASS_OPTIONAL))
      diag_error(d, p->at,
                 "parameter '%s': a fire-and-forget (void FERRY_GO_ASYNC) "
                 "function copies its arguments: scalars, handles, strings, "
                 "byte buffers, plain structs and slices of them, not "
                 "optional values or structs that hold views (not yet)",
                 p->name);
    else if (p->passing == IR_PASS_INOUT)
      diag_error(d, p->at,
                 "parameter '%s': a FERRY_GO_ASYNC function cannot change "
                 "its caller's value in place (the call waits in a ring); "
                 "pass it const and return the new value through FERRY_OUT",
                 p->name);
  }
}

/* The destructor of a handle to a Go value: ferry_status f(H *h) FERRY_GO
 * FERRY_DESTRUCTOR. It returns a status, unlike a native one, because
 * native code may release an id twice: that is an error, not a crash. */
static void check_go_destructor(ir_func *f, diags *d) {
  if (f->nparams != 1 || f->params[0].type.kind != IR_HANDLE ||
      f->params[0].passing != IR_PASS_VALUE || !ir_returns_status(f) ||
      f->async) {
    diag_error(d, f->at,
               "%s: a FERRY_GO FERRY_DESTRUCTOR takes one handle and returns "
               "ferry_status (ferry_status name(handle *h) FERRY_GO "
               "FERRY_DESTRUCTOR)",
               f->name);
    return;
  }
  set_destructor(f, d);
}

/* The rules of a function Go implements. It is a cgo export, so the
 * register limits of the fast call do not apply; what does: every failure
 * (an error, a panic, no registered implementation) must have somewhere
 * to go, so it returns ferry_status, or void for a oneway call. */
static void check_go_func(ir_func *f, diags *d) {
  if (f->mode_annotations > 0)
    diag_error(d, f->mode_at,
               "%s: FERRY_GO functions run in Go; FERRY_FAST, FERRY_CGO, "
               "FERRY_DEDICATED and FERRY_CGO_ABOVE say how Go calls native "
               "code and do not apply",
               f->name);
  if (f->destructor) check_go_destructor(f, d);
  bool oneway = f->ret.kind == IR_VOID && f->ret_pointers == 0;
  if (!oneway && !ir_returns_status(f))
    diag_error(d, f->at,
               "%s: a FERRY_GO function returns ferry_status (errors, panics "
               "and a missing Go implementation become statuses) or void (a "
               "oneway call); return values through FERRY_OUT parameters",
               f->name);
  for (int i = 0; i < f->nparams; i++) {
    ir_param *p = &f->params[i];
    if (p->type.kind == IR_HANDLE) {
      p->type.decl->go_handle = true;
      if (oneway && p->passing == IR_PASS_OUT)
        diag_error(d, p->at,
                   "parameter '%s': a oneway (void) FERRY_GO function has no "
                   "results; return ferry_status",
                   p->name);
      else if (f->async && p->passing == IR_PASS_OUT)
        diag_error(d, p->at,
                   "parameter '%s': a FERRY_GO_ASYNC function cannot return "
                   "a handle yet; make it with a FERRY_GO function",
                   p->name);
    } else if (p->passing == IR_PASS_OUT && p->optional)
      diag_error(d, p->at,
                 "parameter '%s': a FERRY_GO function has no optional "
                 "results; put a FERRY_OPTIONAL field in a result struct",
                 p->name);
    else if (oneway && p->passing == IR_PASS_OUT)
      diag_error(d, p->at,
                 "parameter '%s': a oneway (void) FERRY_GO function has no "
                 "results; return ferry_status",
                 p->name);
    else if (p->len_name != NULL || p->raw || p->type.kind == IR_CSTR ||
             p->type.kind == IR_FNPTR)
      diag_error(d, p->at,
                 "parameter '%s': %s is for calls into native code; a "
                 "FERRY_GO function takes ferry_bytes or ferry_str",
                 p->name,
                 p->raw                       ? "FERRY_RAW"
                 : p->type.kind == IR_CSTR  ? "a C string"
                 : p->type.kind == IR_FNPTR ? "a C function pointer"
                                              : "FERRY_LEN");
  }
  if (f->string_variant)
    diag_error(d, f->at,
               "%s: FERRY_STRINGS is for calls into native code, not FERRY_GO",
               f->name);
  if (f->async) check_async_func(f, d);
  find_method(f, d);
  if (f->rename != NULL) check_rename(f->rename, f->rename_at, d);
}

/* ---- Callbacks (FERRY_CALLBACK) -----------------------------------------
 *
 * A callback crosses as the ferry_callback handle of the call: the Go
 * wrapper calls a C shim (in NAME_ferry_cgo.go) through
 * ferry.CallWithCallback, which passes the handle and three words; the
 * shim rebuilds the C arguments and calls the function. Each call of the
 * callback passes four words and gets one back (ferry_callback_call):
 * scalars as themselves (floats as their bits), views as the address of a
 * ferry_str, ferry_bytes or slice on the native stack. */


/* The rules of parameter i's name, in a function or a callback type: once
 * in the list, not a Go or Rust keyword, not a generated name. */
static void check_param_name(const ir_param *params, int i, diags *d) {
  const ir_param *p = &params[i];
  for (int j = 0; j < i; j++)
    if (strcmp(params[j].name, p->name) == 0)
      diag_error(d, p->at, "parameter '%s' is declared twice", p->name);
  const char *w = reserved(p->name);
  if (w != NULL)
    diag_error(d, p->at, "parameter '%s': '%s' is a keyword in Go or Rust",
               p->name, w);
  if (strncmp(p->name, "ferry", 5) == 0)
    diag_error(d, p->at,
               "parameter '%s': names starting with 'ferry' are reserved "
               "for generated code",
               p->name);
  check_underscore("parameter", p->name, p->at, d);
}

static void check_callback_decl(ir_decl *cb, diags *d) {
  ir_func *s = cb->signature;
  ir_kind r = s->ret.kind;
  if (s->ret_pointers != 0 ||
      !(r == IR_VOID || r == IR_STATUS || ir_is_scalar(r)))
    diag_error(d, cb->at,
               "callback '%s': cannot return %s; a callback returns void, a "
               "scalar, an enum or ferry_status (a Go error)",
               cb->name, s->ret_pointers ? "a pointer" : kind_name(r));
  if (s->nparams > IR_MAX_CALLBACK_PARAMS)
    diag_error(d, cb->at,
               "callback '%s': %d parameters; ferry_callback_call passes at "
               "most %d",
               cb->name, s->nparams, IR_MAX_CALLBACK_PARAMS);
  for (int i = 0; i < s->nparams; i++) {
    ir_param *p = &s->params[i];
    ir_kind k = p->type.kind;
    check_param_name(s->params, i, d);
    bool view = k == IR_STR || k == IR_BYTES ||
                (k == IR_SLICE && p->type.decl->plain);
    if (p->out || p->optional || p->errmsg || p->raw || p->len_name != NULL)
      diag_error(d, p->at,
                 "parameter '%s': callback parameters take no annotations",
                 p->name);
    else if (p->pointers != 0 || !(ir_is_scalar(k) || view))
      diag_error(d, p->at,
                 "parameter '%s': callback parameters are scalars, enums, "
                 "ferry_str, ferry_bytes or slices of plain elements, by "
                 "value",
                 p->name);
    p->passing = IR_PASS_VALUE;
  }
}

/* A function taking a callback: Go calls it with ferry.CallWithCallback,
 * so it runs on a native stack of its own and Go code runs during it. */
static void check_callback_func(ir_func *f, diags *d) {
  ir_param *cb = &f->params[f->callback_param];
  if (ir_returns_pair(f))
    diag_error(d, f->at,
               "%s: a function with a callback returns at most one register "
               "(ferry.CallWithCallback); return a struct over 8 bytes "
               "through a FERRY_OUT parameter",
               f->name);
  if (f->direction == IR_GO_IMPL) {
    diag_error(d, cb->at,
               "parameter '%s': FERRY_GO functions cannot take callbacks "
               "(callbacks are Go closures native code calls)",
               cb->name);
    return;
  }
  if (f->mode != IR_MODE_FAST || f->extra_modes)
    diag_error(d, f->mode_at,
               "%s: a function with a callback is always called through "
               "ferry.CallWithCallback (a fast call on a native stack of its "
               "own); FERRY_CGO, FERRY_CGO_ABOVE and FERRY_DEDICATED do not "
               "apply",
               f->name);
  f->mode = IR_MODE_CALLBACK;
  if (f->destructor)
    diag_error(d, f->at, "%s: a FERRY_DESTRUCTOR cannot take a callback",
               f->name);
  if (f->string_variant)
    diag_error(d, f->at,
               "%s: FERRY_STRINGS is not supported with a callback parameter",
               f->name);
  for (int i = 0; i < f->nparams; i++) {
    ir_param *p = &f->params[i];
    if (p->passing != IR_PASS_VALUE && p->passing != IR_PASS_BUFFER &&
        p->passing != IR_PASS_LENGTH && p->passing != IR_PASS_ADDRESS)
      diag_error(d, p->at,
                 "parameter '%s': a function with a callback takes values "
                 "(scalars, enums, strings, buffers, slices, handles): Go "
                 "code runs during the call, so results, in-place and "
                 "optional values and error messages are not supported",
                 p->name);
  }
  int words = ir_callback_words(f);
  if (words > IR_MAX_CALLBACK_WORDS)
    diag_error(d, f->at,
               "%s: %d argument words besides the callback (strings, buffers "
               "and slices count 2); ferry.CallWithCallback passes at most %d",
               f->name, words, IR_MAX_CALLBACK_WORDS);
}

/* ---- Go functions for C callbacks (FERRY_GO_CALLBACK) --------------------
 *
 * A library's C function pointer with a void * user pointer it passes
 * back: Go passes a trampoline with the typedef's signature (in
 * NAME_ferry_cgo.go) and, as the user pointer, what finds the Go func
 * again. In a fast call (CallWithCallback) that is the call's
 * ferry_callback and the trampoline calls ferry_callback_call; in a cgo
 * call it is a runtime/cgo.Handle and the trampoline calls the package's
 * export. Each parameter but the user pointer crosses as one word, as a
 * FERRY_CALLBACK's: integers, enums and bool as themselves, pointers as
 * their address (Go's unsafe.Pointer); one word comes back. */

static void check_go_callback_signature(ir_func *f, const ir_param *cb,
                                        diags *d) {
  const ir_decl *t = cb->type.decl;
  const ir_func *s = t->signature;
  int user = ir_go_callback_user_index(s);
  if (user < 0)
    diag_error(d, cb->go_callback_at,
               "parameter '%s': FERRY_GO_CALLBACK needs a callback type with "
               "one void * parameter (the user pointer the library passes "
               "back); '%s' has %s",
               cb->name, t->name, "none or several");
  if (s->nparams - (user >= 0) > IR_MAX_CALLBACK_PARAMS)
    diag_error(d, cb->go_callback_at,
               "parameter '%s': '%s' has %d parameters besides the user "
               "pointer; a Go callback takes at most %d",
               cb->name, t->name, s->nparams - (user >= 0),
               IR_MAX_CALLBACK_PARAMS);
  for (int i = 0; i < s->nparams; i++) {
    const ir_param *p = &s->params[i];
    ir_kind k = p->type.kind;
    bool word = p->pointers > 0 ? k != IR_STR && k != IR_BYTES &&
                                      k != IR_SLICE && k != IR_STRUCT
                                : ir_is_integer(k) || k == IR_BOOL ||
                                      k == IR_ENUM;
    if (i != user && !word)
      diag_error(d, cb->go_callback_at,
                 "parameter '%s': parameter %d of '%s' is %s; a Go callback "
                 "takes integers, enums, bool and pointers (unsafe.Pointer) "
                 "(not yet floats, structs or views)",
                 cb->name, i + 1, t->name,
                 p->pointers      ? "a pointer to a view or struct"
                 : ir_is_float(k) ? "a float"
                                  : kind_name(k));
  }
  bool ret_ok = s->ret_pointers == 0 &&
                (s->ret.kind == IR_VOID || ir_is_integer(s->ret.kind) ||
                 s->ret.kind == IR_BOOL || s->ret.kind == IR_ENUM);
  if (!ret_ok)
    diag_error(d, cb->go_callback_at,
               "parameter '%s': '%s' returns %s; a Go callback returns void, "
               "an integer, an enum or bool",
               cb->name, t->name,
               s->ret_pointers              ? "a pointer"
               : ir_is_float(s->ret.kind) ? "a float"
                                            : kind_name(s->ret.kind));
  else if (s->ret.kind == IR_VOID && cb->go_callback_has_abort)
    diag_error(d, cb->go_callback_at,
               "parameter '%s': '%s' returns void: there is no value to "
               "return after a panic; write FERRY_GO_CALLBACK(%s)",
               cb->name, t->name, cb->go_callback_user);
  (void)f;
}

/* A function taking a FERRY_GO_CALLBACK: a cgo call (any arguments), or a
 * fast call through ferry.CallWithCallback within its limits. */
static void check_go_callback_func(ir_func *f, diags *d) {
  ir_param *cb = &f->params[f->go_callback_param];
  if (f->go_callback_user < 0) return; /* diagnosed by mark_go_callback_users */
  check_go_callback_signature(f, cb, d);
  if (f->callback_param >= 0)
    diag_error(d, cb->go_callback_at,
               "parameter '%s': a function takes a FERRY_CALLBACK or a "
               "FERRY_GO_CALLBACK, not both",
               cb->name);
  if (f->destructor || f->string_variant)
    diag_error(d, f->at,
               "%s: FERRY_DESTRUCTOR and FERRY_STRINGS do not combine with "
               "FERRY_GO_CALLBACK",
               f->name);
  unsigned other = f->extra_modes & ~((1u << IR_MODE_FAST) | (1u << IR_MODE_CGO));
  if ((f->mode != IR_MODE_FAST && f->mode != IR_MODE_CGO) || other) {
    diag_error(d, f->mode_at,
               "%s: a function with a FERRY_GO_CALLBACK is a fast call "
               "(FERRY_FAST, through ferry.CallWithCallback) or a cgo call "
               "(FERRY_CGO); FERRY_CGO_ABOVE and FERRY_DEDICATED do not apply",
               f->name);
    return;
  }
  bool fast = f->mode == IR_MODE_FAST || (f->extra_modes & (1u << IR_MODE_FAST));
  if (!fast) return;
  /* The fast wrapper runs Go code during the call: CallWithCallback's
   * three words, and nothing on the goroutine stack that the call writes. */
  for (int i = 0; i < f->nparams; i++) {
    ir_param *p = &f->params[i];
    if (p->passing == IR_PASS_VALUE || p->passing == IR_PASS_BUFFER ||
        p->passing == IR_PASS_LENGTH || p->passing == IR_PASS_ADDRESS ||
        p->passing == IR_PASS_GO_CALLBACK || p->passing == IR_PASS_USER_DATA)
      continue;
    diag_error(d, p->at,
               "parameter '%s': in a fast call with a Go callback, Go code "
               "runs during the call and the goroutine stack may move, so "
               "results, in-place and optional values and error messages "
               "cannot live there: make %s a cgo call (FERRY_CGO)",
               p->name, f->name);
  }
  int words = ir_callback_words(f);
  if (words > IR_MAX_CALLBACK_WORDS)
    diag_error(d, f->at,
               "%s: %d argument words besides the callback and its user "
               "pointer (strings, buffers and slices count 2); a fast call "
               "with a Go callback passes at most %d "
               "(ferry.CallWithCallback): make it a cgo call (FERRY_CGO)",
               f->name, words, IR_MAX_CALLBACK_WORDS);
  if (ir_returns_pair(f))
    diag_error(d, f->at,
               "%s: a fast call with a Go callback returns at most one "
               "register; make it a cgo call (FERRY_CGO)",
               f->name);
  /* The fast wrapper is CallWithCallback's. */
  if (f->mode == IR_MODE_FAST) f->mode = IR_MODE_CALLBACK;
  else
    f->extra_modes = (f->extra_modes & ~(1u << IR_MODE_FAST)) |
                     (1u << IR_MODE_CALLBACK);
}

/* ---- C strings (IR_CSTR) -------------------------------------------------
 *
 * An existing library's strings are char pointers to NUL-terminated text.
 * The parser reads them as a char type with a pointer; here the pointer
 * becomes the string: kind IR_CSTR, the whole C type as its spelling, one
 * pointer fewer. A char pointer with FERRY_LEN stays a byte buffer. */

static bool is_char_type(ir_type t) {
  return t.decl == NULL && t.spelling != NULL &&
         strstr(t.spelling, "char") != NULL;
}

static void make_cstr(ir_module *m, ir_type *t, bool is_const) {
  t->spelling = arena_printf(m->arena, "%s%s *", is_const ? "const " : "",
                             t->spelling);
  t->kind = IR_CSTR;
}

/* const char *s: a C string argument; char **s FERRY_OUT, const char **s
 * FERRY_OUT: a C string result. A char * the callee writes is a buffer
 * and needs its length. */
static void lift_cstr_param(ir_module *m, ir_param *p, diags *d) {
  if (!is_char_type(p->type) || p->len_name != NULL || p->pointers == 0)
    return;
  if (p->pointers == 1 && p->out) return; /* one char as a result */
  if (p->pointers == 1 && !p->is_const)
    diag_error(d, p->at,
               "parameter '%s': a %s * the callee writes is a buffer and "
               "needs its length (%s *%s FERRY_LEN(n), int n); a string it "
               "reads is const %s *",
               p->name, p->type.spelling, p->type.spelling, p->name,
               p->type.spelling);
  else if (p->pointers > 2)
    diag_error(d, p->at,
               "parameter '%s': %s with %d '*' is not supported; a C string "
               "result is %s **%s FERRY_OUT",
               p->name, p->type.spelling, p->pointers, p->type.spelling,
               p->name);
  else if (p->pointers == 2 && !p->out)
    diag_error(d, p->at,
               "parameter '%s': a %s ** is where the callee stores a C "
               "string: mark it FERRY_OUT (with FERRY_BORROWED or "
               "FERRY_FREE_WITH(f) to say who owns the string)",
               p->name, p->type.spelling);
  bool ok = p->pointers == 1 || (p->pointers == 2 && p->out);
  make_cstr(m, &p->type, p->is_const);
  /* After an error, a plain C string: no second diagnostic about it. */
  p->pointers = ok ? p->pointers - 1 : 0;
  if (!ok) p->out = false;
}

/* FERRY_ADDRESS: a pointer to plain C data becomes its address, a
 * uint64 in Go, while C (the header, the check file) keeps the library's
 * spelling of the pointer. */
static void lift_address_result(ir_module *m, ir_func *f, diags *d) {
  /* C's char types are integer kinds too. */
  bool plain = f->ret.decl == NULL &&
               (f->ret.kind == IR_VOID || ir_is_scalar(f->ret.kind));
  if (f->ret_pointers != 1 || !plain) {
    diag_error(d, f->ret_address_at,
               "%s: FERRY_ADDRESS is for a result that points to plain C "
               "data (const void *, const unsigned char *, const int64_t "
               "*...); handles and structs cross as themselves",
               f->name);
    f->ret = (ir_type){.kind = IR_U64}; /* no second diagnostic */
    f->ret_pointers = 0;
    return;
  }
  f->ret.spelling = arena_printf(m->arena, "%s%s *",
                                 f->ret_is_const ? "const " : "",
                                 ir_c_type(f->ret));
  f->ret.kind = IR_U64;
  f->ret_pointers = 0;
}

/* A C string result says who owns it; nothing else says so. */
static void check_ret_owner(ir_func *f, diags *d) {
  const ir_owner *o = &f->ret_owner;
  bool said = o->borrowed || o->free_with != NULL;
  if (f->ret.kind != IR_CSTR) {
    if (said)
      diag_error(d, o->at,
                 "%s: FERRY_BORROWED and FERRY_FREE_WITH say who owns a C "
                 "string result (const char *f(...))",
                 f->name);
    return;
  }
  if (!said)
    diag_error(d, f->at,
               "%s: say who owns the C string it returns: FERRY_BORROWED "
               "(the library keeps it; Go copies it at once) or "
               "FERRY_FREE_WITH(free_fn) (Go copies it, then calls "
               "free_fn)",
               f->name);
}

/* The same for a C string FERRY_OUT; FERRY_OFFSET_IN names a FERRY_LEN
 * buffer of the same function. */
static void check_param_owner(ir_func *f, int index, diags *d) {
  ir_param *p = &f->params[index];
  ir_owner *o = &p->owner;
  bool said = o->borrowed || o->free_with != NULL || o->offset_in != NULL;
  bool result = p->type.kind == IR_CSTR && p->passing == IR_PASS_OUT;
  if (!result) {
    if (said)
      diag_error(d, o->at,
                 "parameter '%s': FERRY_BORROWED, FERRY_FREE_WITH and "
                 "FERRY_OFFSET_IN say who owns a C string result (char "
                 "**%s FERRY_OUT)",
                 p->name, p->name);
    return;
  }
  if (!said) {
    diag_error(d, p->at,
               "parameter '%s': say who owns the C string stored here: "
               "FERRY_BORROWED, FERRY_FREE_WITH(free_fn), or "
               "FERRY_OFFSET_IN(buf) when it points into the buffer buf",
               p->name);
    return;
  }
  if (o->offset_in == NULL) return;
  for (int j = 0; j < f->nparams; j++) {
    if (strcmp(f->params[j].name, o->offset_in) != 0) continue;
    if (f->params[j].passing != IR_PASS_BUFFER)
      diag_error(d, o->at,
                 "FERRY_OFFSET_IN(%s): '%s' must be a FERRY_LEN buffer",
                 o->offset_in, o->offset_in);
    o->offset_param = j;
    return;
  }
  diag_error(d, o->at, "FERRY_OFFSET_IN(%s): %s has no parameter '%s'",
             o->offset_in, f->name, o->offset_in);
}

/* A function FERRY_FREE_WITH names: void f(void *p), nothing else. Go
 * calls it (a fast call) on the strings it was given to free; it has no Go
 * wrapper of its own. */
static void check_free_func(ir_func *f, diags *d) {
  const ir_param *p = f->nparams == 1 ? &f->params[0] : NULL;
  bool ok = f->ret.kind == IR_VOID && f->ret_pointers == 0 && p != NULL &&
            p->type.kind == IR_VOID && p->pointers == 1 && !p->is_const &&
            !p->out && !p->optional && !p->errmsg && !p->raw &&
            p->len_name == NULL && f->direction == IR_NATIVE_IMPL &&
            !f->destructor && f->rename == NULL;
  if (!ok)
    diag_error(d, f->at,
               "%s: a FERRY_FREE_WITH function is declared void %s(void *p), "
               "without annotations",
               f->name, f->name);
}

/* #define constants: C names once in C's ordinary name space (with the
 * enumerators), renames in snake_case. */
static void check_consts(ir_module *m, diags *d) {
  for (int i = 0; i < m->nconsts; i++) {
    const ir_const *c = &m->consts[i];
    check_underscore("constant", c->name, c->at, d);
    if (c->rename != NULL) check_rename(c->rename, c->at, d);
    for (int j = 0; j < i; j++)
      if (strcmp(m->consts[j].name, c->name) == 0)
        diag_error(d, c->at, "constant '%s' is already defined at line %d",
                   c->name, m->consts[j].at.line);
    for (int j = 0; j < m->ndecls; j++)
      for (int k = 0; k < m->decls[j]->nitems; k++)
        if (strcmp(m->decls[j]->items[k].name, c->name) == 0)
          diag_error(d, c->at, "constant '%s' is also an enumerator",
                     c->name);
  }
}

/* Marks the functions FERRY_FREE_WITH names, before any is checked. */
static void resolve_free_with(ir_module *m, ir_owner *o, diags *d) {
  if (o->free_with == NULL) return;
  for (int i = 0; i < m->nfuncs; i++)
    if (strcmp(m->funcs[i]->name, o->free_with) == 0) {
      o->free_func = m->funcs[i];
      m->funcs[i]->frees = true;
      return;
    }
  diag_error(d, o->at,
             "FERRY_FREE_WITH(%s): the file declares no function '%s' "
             "(declare it: void %s(void *p);)",
             o->free_with, o->free_with, o->free_with);
}

static void check_func(ir_module *m, int index, diags *d) {
  ir_func *f = m->funcs[index];
  for (int j = 0; j < index; j++)
    if (strcmp(m->funcs[j]->name, f->name) == 0)
      diag_error(d, f->at, "function '%s' is declared twice", f->name);
  for (int j = 0; j < m->ndecls; j++)
    if (strcmp(m->decls[j]->name, f->name) == 0)
      diag_error(d, f->at, "'%s' is also declared as a type", f->name);
  check_underscore("function", f->name, f->at, d);
  if (f->frees) {
    check_free_func(f, d);
    return;
  }
  for (int i = 0; i < f->nparams; i++) lift_cstr_param(m, &f->params[i], d);
  if (f->ret_address) {
    lift_address_result(m, f, d);
  } else if (is_char_type(f->ret) && f->ret_pointers == 1) {
    make_cstr(m, &f->ret, f->ret_is_const);
    f->ret_pointers = 0;
  }
  check_return(f, d);
  check_ret_owner(f, d);
  mark_go_callback_users(f, d);
  for (int i = 0; i < f->nparams; i++) {
    check_param_name(f->params, i, d);
    check_param(f, i, d);
  }
  if (f->found_param >= 0)
    for (int i = 0; i < f->nparams; i++)
      if (i != f->found_param && f->params[i].passing == IR_PASS_OUT)
        diag_error(d, f->params[i].at,
                   "parameter '%s': a function with an optional result has "
                   "no other results",
                   f->params[i].name);
  check_buffers(f, d);
  for (int i = 0; i < f->nparams; i++) check_param_owner(f, i, d);
  if (f->callback_param >= 0) check_callback_func(f, d);
  if (f->go_callback_param >= 0 && f->direction == IR_NATIVE_IMPL)
    check_go_callback_func(f, d);
  if (f->direction == IR_GO_IMPL) {
    check_go_func(f, d);
    return;
  }
  check_mode(f, d);
  check_registers(f, d);
  check_destructor(f, d);
  find_method(f, d);
  if (f->rename != NULL) check_rename(f->rename, f->rename_at, d);
  if (f->string_variant) {
    bool any = false;
    for (int i = 0; i < f->nparams; i++)
      if (f->params[i].passing == IR_PASS_BUFFER && f->params[i].is_const)
        any = true;
    if (!any)
      diag_error(d, f->at,
                 "%s: FERRY_STRINGS needs a const buffer (const void *p "
                 "FERRY_LEN(n)) to take as a string",
                 f->name);
  }
}

/* ---- Generated names ------------------------------------------------- */

/* A name the Go package or the Rust module will declare, and what it
 * comes from. */
typedef struct gen_name {
  const char *name;
  const char *from;
  pos at;
} gen_name;

/* The names declared in one scope of one language. */
typedef struct name_scope {
  const char *lang; /* "Go" or "Rust", for the messages */
  gen_name *names;
  int n, cap;
} name_scope;

/* Records that name (from C name from, at at; NULL for a name ferry-gen
 * generates) is declared in s, or reports the clash. */
static void claim(ir_module *m, name_scope *s, const char *name,
                  const char *from, pos at, diags *d) {
  for (int i = 0; i < s->n; i++) {
    if (strcmp(s->names[i].name, name) != 0) continue;
    if (s->names[i].from != NULL && strcmp(s->names[i].from, from) == 0)
      return; /* the same C name twice: reported as such */
    if (s->names[i].from == NULL)
      diag_error(d, at, "'%s' becomes %s's %s, which ferry-gen generates; "
                 "rename it", from, s->lang, name);
    else
      diag_error(d, at, "'%s' and '%s' both become %s's %s; rename one",
                 s->names[i].from, from, s->lang, name);
    return;
  }
  gen_name *g = ARENA_PUSH(m->arena, s->names, s->n, s->cap);
  g->name = name;
  g->from = from;
  g->at = at;
}

/* The names ferry-gen declares itself, by what the module has. */
static void claim_generated(ir_module *m, name_scope *go, name_scope *rs,
                            diags *d) {
  pos none = {0, 0};
  claim(m, go, "Error", NULL, none, d);
  if (m->async_funcs > 0) {
    static const char *const server[] = {"start", "ring", "set_idle_spin",
                                         "stop"};
    claim(m, go, "HandleAsync", NULL, none, d);
    claim(m, rs, "Server", NULL, none, d);
    for (size_t i = 0; i < sizeof server / sizeof server[0]; i++)
      claim(m, rs, arena_printf(m->arena, "Server.%s", server[i]), NULL, none,
            d);
  }
  if (ir_has_fire_and_forget(m)) {
    claim(m, rs, "fn set_async_failure_hook", NULL, none, d);
    claim(m, rs, "AsyncFailureHook", NULL, none, d);
  }
  if (m->go_funcs > 0) {
    claim(m, go, ir_camel(m->arena, m->name, true), NULL, none, d);
    claim(m, go, "Register", NULL, none, d);
    claim(m, go, "OnewayError", NULL, none, d);
  }
  /* The ferry crate's, which the Rust module re-exports. */
  claim(m, rs, "Error", NULL, none, d);
  claim(m, rs, "Status", NULL, none, d);
}

/* The names of the types, Rust's handle aliases and Go's enum constants. */
static void claim_decls(ir_module *m, name_scope *go, name_scope *rs,
                        diags *d) {
  for (int i = 0; i < m->ndecls; i++) {
    ir_decl *decl = m->decls[i];
    const char *name = ir_camel(m->arena, ir_decl_short_name(m, decl), true);
    if (decl->kind != IR_SLICE) /* slices are []T in Go */
      claim(m, go, name, decl->name, decl->at, d);
    claim(m, rs, name, decl->name, decl->at, d);
    if (decl->kind == IR_HANDLE)
      claim(m, rs, arena_printf(m->arena, "Handle%s", name), decl->name,
            decl->at, d);
    if (decl->go_func) /* the Go func type of a FERRY_GO_CALLBACK */
      claim(m, go, arena_printf(m->arena, "%sFunc", name), decl->name,
            decl->at, d);
    for (int j = 0; j < decl->nitems; j++)
      claim(m, go,
            ir_camel(m->arena,
                     ir_item_short_name(m, decl->items[j].name,
                                        decl->items[j].rename),
                     true),
            decl->items[j].name, decl->items[j].at, d);
  }
  for (int i = 0; i < m->nconsts; i++)
    claim(m, go,
          ir_camel(m->arena,
                   ir_item_short_name(m, m->consts[i].name, m->consts[i].rename),
                   true),
          m->consts[i].name, m->consts[i].at, d);
}

/* Go's wrappers of f: one per mode, each with a String variant under
 * FERRY_STRINGS. Methods live in their handle's scope; Type.Name cannot
 * meet a package-level name. */
static void claim_go_wrappers(ir_module *m, name_scope *go, ir_func *f,
                              diags *d) {
  const char *name = ir_go_func_name(m, f);
  const char *scope =
      f->method_of == NULL
          ? ""
          : arena_printf(m->arena, "%s.",
                         ir_camel(m->arena, ir_decl_short_name(m, f->method_of),
                                  true));
  ir_mode mode;
  for (int k = 0; ir_func_mode(f, k, &mode); k++) {
    const char *wrapper = arena_printf(m->arena, "%s%s%s", scope, name,
                                       k == 0 ? "" : ir_go_mode_suffix(mode));
    claim(m, go, wrapper, f->name, f->at, d);
    if (f->string_variant)
      claim(m, go, arena_printf(m->arena, "%sString", wrapper), f->name, f->at,
            d);
  }
}

/* Go's Close of a handle with a destructor is the destructor's. */
static void check_close_method(ir_module *m, ir_func *f, diags *d) {
  if (f->method_of != NULL && !f->destructor &&
      f->method_of->destructor != NULL &&
      strcmp(ir_go_func_name(m, f), "Close") == 0)
    diag_error(d, f->at,
               "'%s' would be Go's %s.Close, which calls the destructor; "
               "rename it",
               f->name, ir_camel(m->arena, ir_decl_short_name(m, f->method_of), true));
}

/* Inside a type: Go field names, Rust enumerator constants. */
static void check_inner_names(ir_module *m, diags *d) {
  for (int i = 0; i < m->ndecls; i++) {
    ir_decl *decl = m->decls[i];
    name_scope go = {.lang = "Go"}, rs = {.lang = "Rust"};
    for (int j = 0; j < decl->nfields; j++)
      claim(m, &go, ir_camel(m->arena, decl->fields[j].name, true),
            decl->fields[j].name, decl->fields[j].at, d);
    for (int j = 0; j < decl->nitems; j++)
      claim(m, &rs,
            arena_printf(m->arena, "%s::%s",
                         ir_camel(m->arena, ir_decl_short_name(m, decl), true),
                         ir_enumerator_short(m, decl, decl->items[j].name)),
            decl->items[j].name, decl->items[j].at, d);
  }
}

/* Rust's Server methods of async function f: NAME, and NAME_many (a
 * batch) when it returns a status. */
static void claim_server_methods(ir_module *m, name_scope *rs, ir_func *f,
                                 diags *d) {
  if (!f->async) return;
  const char *fn = ir_func_rust_name(m, f);
  claim(m, rs, arena_printf(m->arena, "Server.%s", fn), f->name, f->at, d);
  if (ir_returns_status(f))
    claim(m, rs, arena_printf(m->arena, "Server.%s_many", fn), f->name, f->at,
          d);
}

/* Distinct C names can meet in Go (types, enum constants and functions
 * share the package scope) or in Rust (type names). */
static void check_generated_names(ir_module *m, diags *d) {
  name_scope go = {.lang = "Go"}, rs = {.lang = "Rust"};
  claim_generated(m, &go, &rs, d);
  claim_decls(m, &go, &rs, d);
  for (int i = 0; i < m->nfuncs; i++) {
    ir_func *f = m->funcs[i];
    if (!f->destructor && !f->frees) claim_go_wrappers(m, &go, f, d);
    claim(m, &rs, arena_printf(m->arena, "fn %s", ir_func_rust_name(m, f)),
          f->name, f->at, d);
    claim_server_methods(m, &rs, f, d);
    check_close_method(m, f, d);
  }
  check_inner_names(m, d);
}

/* C reserves names with a leading underscore; Go and Rust would lose it. */
static void check_underscore(const char *what, const char *name, pos at,
                             diags *d) {
  if (name[0] == '_')
    diag_error(d, at, "%s '%s': names must not start with '_'", what, name);
}

/* A C name ferry-gen generates must not be declared in the file. */
static void check_generated_c_name(ir_module *m, const char *name,
                                   const char *what, diags *d) {
  for (int j = 0; j < m->nfuncs; j++)
    if (strcmp(m->funcs[j]->name, name) == 0)
      diag_error(d, m->funcs[j]->at,
                 "'%s': ferry-gen generates this name (%s); rename it",
                 name, what);
  for (int j = 0; j < m->ndecls; j++)
    if (strcmp(m->decls[j]->name, name) == 0)
      diag_error(d, m->decls[j]->at,
                 "'%s': ferry-gen generates this name (%s); rename it",
                 name, what);
}

/* The C names of an async module: per function its argument, result and
 * call structs and its submit function; the module's serve and stop. */
static void check_async_names(ir_module *m, diags *d) {
  static const char *const per_func[][2] = {
      {"args", "argument struct of an async function"},
      {"result", "result struct of an async function"},
      {"result_free", "free function of an async function's result"},
      {"call", "call struct of an async function"},
      {"submit", "submit function of an async function"}};
  static const char *const failure[][2] = {
      {"set_async_failure_hook", "function that sets the failure hook"},
      {"async_failure", "failure hook of fire-and-forget calls"},
      {"async_failure_fn", "failure hook's function type"},
      {"async_failure_hook", "failure hook's type"},
      {"async_failed", "function that reports a failed call"}};
  for (int i = 0; i < m->nfuncs; i++) {
    if (!m->funcs[i]->async) continue;
    for (size_t k = 0; k < sizeof per_func / sizeof per_func[0]; k++)
      check_generated_c_name(
          m, arena_printf(m->arena, "%s_%s", m->funcs[i]->name, per_func[k][0]),
          per_func[k][1], d);
    if (ir_fire_and_forget(m->funcs[i]))
      check_generated_c_name(
          m, arena_printf(m->arena, "%s_forget_done", m->funcs[i]->name),
          "completion of a fire-and-forget call", d);
  }
  if (ir_has_fire_and_forget(m))
    for (size_t k = 0; k < sizeof failure / sizeof failure[0]; k++)
      check_generated_c_name(m, ir_ring_name(m, failure[k][0]), failure[k][1],
                             d);
  check_generated_c_name(m, ir_ring_name(m, "ring_serve"),
                         "function that starts Go serving a ring", d);
  check_generated_c_name(m, ir_ring_name(m, "ring_stop"),
                         "function that stops Go serving a ring", d);
}

/* A module with FERRY_GO functions: Rust gets owned types for its structs
 * that hold views (String, Vec), where a Rust implementation of native
 * functions gets borrowed C-layout ones under the same names; and C gets a
 * NAME_free function for each such struct. */
static void check_go_module(ir_module *m, diags *d) {
  bool views = false;
  for (int i = 0; i < m->ndecls; i++) {
    ir_decl *decl = m->decls[i];
    if (decl->kind != IR_STRUCT || decl->plain) continue;
    views = true;
    const char *free_name = arena_printf(m->arena, "%s_free", decl->name);
    for (int j = 0; j < m->nfuncs; j++)
      if (strcmp(m->funcs[j]->name, free_name) == 0)
        diag_error(d, m->funcs[j]->at,
                   "'%s' is the free function ferry-gen generates for the "
                   "results of FERRY_GO functions; rename it",
                   free_name);
  }
  if (!views) return;
  for (int i = 0; i < m->nfuncs; i++)
    if (m->funcs[i]->direction == IR_NATIVE_IMPL) {
      diag_error(d, m->funcs[i]->at,
                 "%s: an interface file with FERRY_GO functions and structs "
                 "that hold strings, slices or optional fields cannot also "
                 "declare functions native code implements (their Rust types "
                 "differ); split it into two files",
                 m->funcs[i]->name);
      return;
    }
}

/* The header check's -I finds the interface file first when both have
 * the same name: the check would include the interface itself. */
static void check_header(const ir_module *m, diags *d) {
  if (m->header == NULL) return;
  const char *h = m->header + 1;
  size_t n = strlen(h) - 1;
  for (const char *s = h; s < m->header + 1 + n; s++)
    if (*s == '/') h = s + 1;
  n = strlen(h) - 1;
  const char *base = strrchr(m->path, '/') ? strrchr(m->path, '/') + 1
                                           : m->path;
  if (strlen(base) == n && strncmp(base, h, n) == 0)
    diag_error(d, m->header_at,
               "FERRY_HEADER(%s): the interface file has the header's name, "
               "so the check would include itself (the package's -I finds it "
               "first); rename the interface file (FERRY_PREFIX gives the "
               "names their prefix back)",
               m->header);
}

/* A handle to a Go value is an id, not a native pointer: native
 * functions cannot take it, and Go must be able to release it. */
static void check_go_handles(ir_module *m, diags *d) {
  for (int i = 0; i < m->ndecls; i++) {
    ir_decl *h = m->decls[i];
    if (h->kind != IR_HANDLE || !h->go_handle) continue;
    if (h->destructor == NULL)
      diag_error(d, h->at,
                 "handle '%s' crosses to Go (FERRY_GO): declare its release, "
                 "ferry_status %s_free(%s *h) FERRY_GO FERRY_DESTRUCTOR",
                 h->name, h->name, h->name);
    for (int j = 0; j < m->nfuncs; j++) {
      const ir_func *f = m->funcs[j];
      if (f->direction == IR_GO_IMPL) continue;
      for (int k = 0; k < f->nparams; k++)
        if (f->params[k].type.decl == h)
          diag_error(d, f->params[k].at,
                     "parameter '%s': '%s' is a handle to a Go value "
                     "(FERRY_GO functions use it); native functions cannot "
                     "take it",
                     f->params[k].name, h->name);
    }
  }
}

bool check_module(ir_module *m, diags *d) {
  int before = d->count;
  check_header(m, d);
  for (int i = 0; i < m->ndecls; i++) {
    ir_decl *decl = m->decls[i];
    if (strncmp(decl->name, "ferry_", 6) == 0)
      diag_error(d, decl->at,
                 "type '%s': the prefix ferry_ is reserved for ferry's own "
                 "types",
                 decl->name);
    check_underscore("type", decl->name, decl->at, d);
    if (decl->rename != NULL) check_rename(decl->rename, decl->rename_at, d);
    for (int j = 0; j < decl->nitems; j++) {
      check_underscore("enumerator", decl->items[j].name, decl->items[j].at, d);
      if (decl->items[j].rename != NULL)
        check_rename(decl->items[j].rename, decl->items[j].at, d);
    }
    switch (decl->kind) {
    case IR_STRUCT: check_struct(decl, d); break;
    case IR_ENUM: check_enum(m, decl, d); break;
    case IR_SLICE:
      if (decl->map) check_map(decl, d);
      else check_slice(decl, d);
      break;
    case IR_CALLBACK: check_callback_decl(decl, d); break;
    default: break;
    }
  }
  check_consts(m, d);
  for (int i = 0; i < m->nfuncs; i++) {
    resolve_free_with(m, &m->funcs[i]->ret_owner, d);
    for (int j = 0; j < m->funcs[i]->nparams; j++)
      resolve_free_with(m, &m->funcs[i]->params[j].owner, d);
  }
  for (int i = 0; i < m->nfuncs; i++) {
    check_func(m, i, d);
    if (m->funcs[i]->direction == IR_GO_IMPL) m->go_funcs++;
    if (m->funcs[i]->async)
      m->funcs[i]->ring_index = (uint32_t)++m->async_funcs;
  }
  if (m->go_funcs > 0) check_go_module(m, d);
  check_go_handles(m, d);
  check_map_uses(m, d);
  if (m->async_funcs > 0) check_async_names(m, d);
  check_generated_names(m, d);
  return d->count == before;
}

/* ---- --rust ------------------------------------------------------------ */

/* What a binding of an existing C library may say that a Rust
 * implementation cannot take: the Rust side is for libraries written for
 * ferry, whose trait functions get size_t lengths. */
bool check_rust_module(const ir_module *m, diags *d) {
  int before = d->count;
  for (int i = 0; i < m->ndecls; i++)
    if (m->decls[i]->kind == IR_FNPTR)
      diag_error(d, m->decls[i]->at,
                 "'%s': --rust does not take C function pointers; they are "
                 "for binding an existing C library from Go (leave out "
                 "--rust; FERRY_CALLBACK is for Go closures)",
                 m->decls[i]->name);
  if (m->nconsts > 0)
    diag_error(d, m->consts[0].at,
               "#define %s: --rust does not take #define constants (the "
               "Rust module has no constants of its own); they are for "
               "binding an existing C library from Go (leave out --rust)",
               m->consts[0].name);
  for (int i = 0; i < m->nfuncs; i++) {
    const ir_func *f = m->funcs[i];
    if (f->ret.kind == IR_CSTR || f->frees || f->ret_address)
      diag_error(d, f->at,
                 "%s: --rust does not take C string results, "
                 "FERRY_ADDRESS or FERRY_FREE_WITH functions; they are for "
                 "binding an "
                 "existing C library from Go (leave out --rust)",
                 f->name);
    for (int j = 0; j < f->nparams; j++) {
      const ir_param *p = &f->params[j];
      if (p->passing == IR_PASS_GO_CALLBACK || p->passing == IR_PASS_ADDRESS)
        diag_error(d, p->at,
                   "parameter '%s': --rust does not take %s; it is for "
                   "binding an existing C library from Go (leave out --rust; "
                   "FERRY_CALLBACK is for Go closures a Rust implementation "
                   "calls)",
                   p->name,
                   p->passing == IR_PASS_ADDRESS ? "FERRY_ADDRESS"
                                                 : "FERRY_GO_CALLBACK");
      if (p->type.kind == IR_CSTR)
        diag_error(d, p->at,
                   "parameter '%s': --rust does not take C strings (%s); "
                   "they are for binding an existing C library from Go "
                   "(leave out --rust, or use ferry_str)",
                   p->name, ir_c_type(p->type));
      if (p->passing == IR_PASS_LENGTH && p->type.kind != IR_USIZE)
        diag_error(d, p->at,
                   "parameter '%s': --rust takes size_t lengths only, not %s; "
                   "other lengths are for binding an existing C library from Go "
                   "(leave out --rust)",
                   p->name, ir_c_type(p->type));
    }
  }
  return d->count == before;
}
