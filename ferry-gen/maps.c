/* maps.c: the rules of maps, typedef FERRY_MAP_OF(E) name;
 *
 * A map crosses as the slice of its entries, E a struct { K key; V value; }
 * the interface file declares: C sees that slice (a pointer and a length),
 * Go a map[K]V and Rust a HashMap<K, V>, each built from the entries or
 * into them once per call (neither language's map has a layout C can read,
 * so the entry array is the one copy; strings inside stay views). The IR
 * is an IR_SLICE with decl->map set, never plain, so every backend takes
 * the path of a slice whose elements hold views and only the conversion
 * between the map and the entries is the map's own (maps_go.c,
 * maps_rust.c). */
#include <string.h>

#include "ir.h"

const ir_field *ir_map_key(const ir_decl *map) {
  return &map->elem.decl->fields[0];
}

const ir_field *ir_map_value(const ir_decl *map) {
  return &map->elem.decl->fields[1];
}

bool ir_is_map(ir_type t) { return t.kind == IR_SLICE && t.decl->map; }

bool ir_holds_map(ir_type t) {
  if (ir_is_map(t)) return true;
  if (t.kind == IR_SLICE) return ir_holds_map(t.decl->elem);
  if (t.kind != IR_STRUCT) return false;
  for (int i = 0; i < t.decl->nfields; i++)
    if (ir_holds_map(t.decl->fields[i].type)) return true;
  return false;
}

void check_map(ir_decl *s, diags *d) {
  s->plain = false; /* Go and Rust build their maps from the entries */
  const ir_decl *e = s->elem.decl;
  if (s->elem.kind != IR_STRUCT || e->nfields != 2 ||
      strcmp(e->fields[0].name, "key") != 0 ||
      strcmp(e->fields[1].name, "value") != 0) {
    diag_error(d, s->at,
               "map '%s': the entries are a struct of two fields, key and "
               "value (typedef struct { K key; V value; } entry; typedef "
               "FERRY_MAP_OF(entry) %s;)",
               s->name, s->name);
    return;
  }
  const ir_field *key = &e->fields[0], *value = &e->fields[1];
  if (!ir_is_integer(key->type.kind) && key->type.kind != IR_STR)
    diag_error(d, key->at,
               "map '%s': keys are integers or ferry_str, not %s",
               s->name, ir_c_type(key->type));
  if (key->optional || value->optional)
    diag_error(d, key->optional ? key->at : value->at,
               "map '%s': entry fields cannot be FERRY_OPTIONAL (a value "
               "may be a struct with an optional field)",
               s->name);
  if (ir_holds_map(value->type))
    diag_error(d, value->at,
               "map '%s': maps of maps are not supported yet (a value may be "
               "a slice of the inner map's entries)",
               s->name);
}

/* A slice of maps is not generated yet: each element would need its own
 * entry array. */
void check_map_uses(ir_module *m, diags *d) {
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *s = m->decls[i];
    if (s->kind == IR_SLICE && !s->map && ir_is_map(s->elem))
      diag_error(d, s->at,
                 "slice '%s': slices of maps are not supported yet; make "
                 "the element a struct holding the map",
                 s->name);
  }
}
