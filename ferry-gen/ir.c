/* ir.c: questions the backends ask of the IR, answered in one place so
 * the three languages never disagree. */
#include "ir.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

const char *ir_c_type(ir_type t) {
  if (t.spelling != NULL) return t.spelling;
  switch (t.kind) {
  case IR_VOID: return "void";
  case IR_BOOL: return "bool";
  case IR_I8: return "int8_t";
  case IR_I16: return "int16_t";
  case IR_I32: return "int32_t";
  case IR_I64: return "int64_t";
  case IR_ISIZE: return "ptrdiff_t";
  case IR_U8: return "uint8_t";
  case IR_U16: return "uint16_t";
  case IR_U32: return "uint32_t";
  case IR_U64: return "uint64_t";
  case IR_USIZE: return "size_t";
  case IR_F32: return "float";
  case IR_F64: return "double";
  case IR_STR: return "ferry_str";
  case IR_BYTES: return "ferry_bytes";
  case IR_STATUS: return "ferry_status";
  case IR_ENUM:
  case IR_STRUCT:
  case IR_SLICE:
  case IR_HANDLE:
  case IR_CALLBACK:
  case IR_FNPTR: return t.decl->name;
  case IR_CSTR: return "const char *";
  case IR_KIND_COUNT: break;
  }
  return "?";
}

bool ir_is_integer(ir_kind k) { return k >= IR_I8 && k <= IR_USIZE; }

bool ir_is_signed(ir_kind k) { return k >= IR_I8 && k <= IR_ISIZE; }

bool ir_is_float(ir_kind k) { return k == IR_F32 || k == IR_F64; }

bool ir_is_scalar(ir_kind k) {
  return k == IR_BOOL || ir_is_integer(k) || ir_is_float(k) || k == IR_ENUM;
}

int ir_scalar_size(ir_kind k) {
  switch (k) {
  case IR_BOOL:
  case IR_I8:
  case IR_U8: return 1;
  case IR_I16:
  case IR_U16: return 2;
  case IR_I32:
  case IR_U32:
  case IR_F32:
  case IR_ENUM: return 4;
  default: return 8;
  }
}

bool ir_is_plain(ir_type t) {
  if (ir_is_scalar(t.kind)) return true;
  if (t.kind == IR_STRUCT) return t.decl->plain;
  return false;
}

int ir_plain_size(ir_type t, int *align) {
  if (t.kind != IR_STRUCT) {
    int n = ir_scalar_size(t.kind);
    if (align) *align = n;
    return n;
  }
  /* C's rule: each field at the next multiple of its alignment, the
   * whole rounded up to the largest alignment. */
  int size = 0, max = 1;
  for (int i = 0; i < t.decl->nfields; i++) {
    int a;
    int n = ir_plain_size(t.decl->fields[i].type, &a);
    size = (size + a - 1) / a * a + n;
    if (a > max) max = a;
  }
  if (align) *align = max;
  return (size + max - 1) / max * max;
}

bool ir_plain_has_float(ir_type t) {
  if (t.kind != IR_STRUCT) return ir_is_float(t.kind);
  for (int i = 0; i < t.decl->nfields; i++)
    if (ir_plain_has_float(t.decl->fields[i].type)) return true;
  return false;
}

bool ir_returns_pair(const ir_func *f) {
  return f->ret.kind == IR_STRUCT && ir_plain_size(f->ret, NULL) > 8;
}

const char *ir_strip_prefix(const ir_module *m, const char *name) {
  /* Case-insensitive: GEO_RED loses GEO_ as geo_point loses geo_. */
  size_t n = strlen(m->prefix);
  if (strncasecmp(name, m->prefix, n) == 0 && name[n] != '\0') return name + n;
  for (int i = 0; i < m->nprefixes; i++) { /* FERRY_PREFIX */
    n = strlen(m->prefixes[i]);
    if (strncmp(name, m->prefixes[i], n) == 0 && name[n] != '\0')
      return name + n;
  }
  return name;
}

const char *ir_item_short_name(const ir_module *m, const char *name,
                               const char *rename) {
  return rename != NULL ? rename : ir_strip_prefix(m, name);
}

const char *ir_decl_short_name(const ir_module *m, const ir_decl *d) {
  return d->rename != NULL ? d->rename : ir_strip_prefix(m, d->name);
}

const char *ir_func_rust_name(const ir_module *m, const ir_func *f) {
  if (f->rename == NULL) return ir_strip_prefix(m, f->name);
  if (f->method_of == NULL) return f->rename;
  return arena_printf(m->arena, "%s_%s",
                      ir_decl_short_name(m, f->method_of), f->rename);
}

const char *ir_func_short_name(const ir_module *m, const ir_func *f) {
  if (f->rename != NULL) return f->rename;
  if (f->method_of != NULL) {
    size_t n = strlen(f->method_of->name);
    return f->name + n + 1;
  }
  return ir_strip_prefix(m, f->name);
}

char *ir_camel(arena *a, const char *snake, bool exported) {
  size_t n = strlen(snake);
  char *out = arena_alloc(a, n + 1);
  size_t j = 0;
  bool upper = exported;
  /* SHOUTING_CASE (enumerators) reads as words: COLOR_RED -> ColorRed. */
  bool shouting = true;
  for (size_t i = 0; i < n; i++)
    if (islower((unsigned char)snake[i])) shouting = false;
  for (size_t i = 0; i < n; i++) {
    char c = snake[i];
    if (shouting) c = (char)tolower((unsigned char)c);
    if (c == '_') {
      upper = j > 0 || exported;
      continue;
    }
    if (upper) {
      out[j++] = (char)toupper((unsigned char)c);
      upper = false;
    } else if (j == 0 && !exported) {
      out[j++] = (char)tolower((unsigned char)c);
    } else {
      out[j++] = c;
    }
  }
  if (j == 0) out[j++] = 'X'; /* "_" alone; the checker prevents it */
  out[j] = '\0';
  return out;
}

bool ir_returns_status(const ir_func *f) { return f->ret.kind == IR_STATUS; }

bool ir_fire_and_forget(const ir_func *f) {
  return f->async && !ir_returns_status(f);
}

bool ir_has_fire_and_forget(const ir_module *m) {
  for (int i = 0; i < m->nfuncs; i++)
    if (ir_fire_and_forget(m->funcs[i])) return true;
  return false;
}

const char *ir_enumerator_short(const ir_module *m, const ir_decl *e,
                                const char *item) {
  const char *enum_short = ir_decl_short_name(m, e);
  size_t n = strlen(enum_short);
  for (int i = 0; i < e->nitems; i++) /* FERRY_NAME: as given */
    if (e->items[i].rename != NULL && strcmp(e->items[i].name, item) == 0) {
      char *upper = arena_strdup(m->arena, e->items[i].rename);
      for (char *c = upper; *c; c++) *c = (char)toupper((unsigned char)*c);
      return upper;
    }
  item = ir_strip_prefix(m, item);
  /* Keep the enum's name when the rest would start with a digit. */
  if (strncasecmp(item, enum_short, n) == 0 && item[n] == '_' &&
      item[n + 1] != '\0' && !isdigit((unsigned char)item[n + 1]))
    item += n + 1;
  char *upper = arena_strdup(m->arena, item);
  for (char *c = upper; *c; c++) *c = (char)toupper((unsigned char)*c);
  return upper;
}

/* What the Go wrapper of a further mode adds to the function's name. */
const char *ir_go_mode_suffix(ir_mode mode) {
  switch (mode) {
  case IR_MODE_FAST: return "Fast";
  case IR_MODE_CGO: return "Cgo";
  case IR_MODE_DEDICATED: return "OnStack";
  default: return "";
  }
}

bool ir_func_mode(const ir_func *f, int i, ir_mode *mode) {
  if (i == 0) {
    *mode = f->mode;
    return true;
  }
  for (unsigned m = 0; m < 8 * sizeof f->extra_modes; m++)
    if ((f->extra_modes & (1u << m)) && --i == 0) {
      *mode = (ir_mode)m;
      return true;
    }
  return false;
}

/* The handle f makes: its return value, or for a ferry_status function its
 * one result. NULL for other functions. */
static const ir_decl *made_handle(const ir_func *f) {
  if (f->ret.kind == IR_HANDLE) return f->ret.decl;
  if (f->ret.kind != IR_STATUS) return NULL;
  const ir_decl *made = NULL;
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    if (!p->out) continue;
    if (made != NULL || p->type.kind != IR_HANDLE || p->optional) return NULL;
    made = p->type.decl;
  }
  return made;
}

const char *ir_go_func_name(const ir_module *m, const ir_func *f) {
  const char *name = ir_func_short_name(m, f);
  const ir_decl *made = made_handle(f);
  if (made != NULL && f->method_of == NULL) {
    const char *h = ir_decl_short_name(m, made);
    size_t n = strlen(h);
    if (strncmp(name, h, n) == 0 && strncmp(name + n, "_new", 4) == 0 &&
        (name[n + 4] == '\0' || (name[n + 4] == '_' && name[n + 5] != '\0')))
      return arena_printf(m->arena, "New%s%s", ir_camel(m->arena, h, true),
                          name[n + 4] ? ir_camel(m->arena, name + n + 5, true)
                                      : "");
  }
  return ir_camel(m->arena, name, true);
}

bool ir_needs_free(ir_type t) {
  switch (t.kind) {
  case IR_STR:
  case IR_BYTES:
  case IR_SLICE: return true;
  case IR_STRUCT: return !t.decl->plain;
  default: return false;
  }
}

const char *ir_go_export_name(const ir_module *m, const ir_func *f) {
  return ir_go_export_name_of(m, f->name);
}

const char *ir_go_export_name_of(const ir_module *m, const char *c_name) {
  return arena_printf(m->arena, "ferry__go_%s", c_name);
}

const char *ir_ring_name(const ir_module *m, const char *what) {
  return arena_printf(m->arena, "%s%s", m->prefix, what);
}

const char *ir_ring_fn_const(const ir_module *m, const ir_func *f) {
  char *s = arena_printf(m->arena, "%sFN_%s", m->prefix,
                         ir_func_rust_name(m, f));
  for (char *q = s; *q; q++) *q = (char)toupper((unsigned char)*q);
  return s;
}

int ir_callback_words(const ir_func *f) {
  int n = 0;
  for (int i = 0; i < f->nparams; i++) {
    const ir_param *p = &f->params[i];
    ir_kind k = p->type.kind;
    if (i == f->callback_param || i == f->go_callback_param ||
        i == f->go_callback_user)
      continue;
    n += p->passing == IR_PASS_VALUE &&
                 (k == IR_STR || k == IR_BYTES || k == IR_SLICE)
             ? 2
             : 1;
  }
  return n;
}

int ir_callback_index(const ir_func *f) {
  return f->callback_param >= 0 ? f->callback_param : f->go_callback_param;
}

int ir_go_callback_user_index(const ir_func *sig) {
  int found = -1;
  for (int i = 0; i < sig->nparams; i++) {
    const ir_param *p = &sig->params[i];
    if (p->type.kind != IR_VOID || p->pointers != 1 || p->is_const) continue;
    if (found >= 0) return -1; /* two: which one is not said */
    found = i;
  }
  return found;
}
