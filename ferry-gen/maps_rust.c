/* maps_rust.c: maps (FERRY_MAP_OF) in the Rust module. Calling Go
 * (FERRY_GO), the map is a HashMap<K, V> (pub type Name), turned into the
 * entries the C slice holds for a call (ferry_in_NAME: an array of entry
 * views, the one copy; keys and values stay views) and built from the
 * entries of a result Go allocated (ferry_out_NAME). Implementing native
 * functions, it is the slice of entries Go filled, with NAME_to_hash_map.
 * maps.c has the design. */
#include <string.h>

#include "emit_rust.h"

const char *rs_map_type(rs_file *r, const ir_decl *map) {
  return arena_printf(r->a, "HashMap<%s, %s>",
                      rs_own_type(r, ir_map_key(map)->type),
                      rs_own_type(r, ir_map_value(map)->type));
}

bool rs_uses_maps(const ir_module *m, bool string_keys) {
  for (int i = 0; i < m->ndecls; i++) {
    const ir_decl *d = m->decls[i];
    if (d->kind == IR_SLICE && d->map &&
        (!string_keys || ir_map_key(d)->type.kind == IR_STR))
      return true;
  }
  return false;
}

/* For an implementation in Rust, the map is the slice of its entries
 * (zero-copy, as Go filled them) and NAME_to_hash_map makes a HashMap
 * that borrows from them: keys as Cow<str> (invalid UTF-8 replaced, as
 * for &str arguments), values by reference. */
void emit_rs_map(rs_file *r, strbuf *out, const ir_decl *map) {
  emit_rs_slice(r, out, map);
  const char *fn = ir_strip_prefix(r->m, map->name);
  bool str_key = ir_map_key(map)->type.kind == IR_STR;
  const char *k = str_key ? "Cow<'a, str>" : rs_c_type(r, ir_map_key(map)->type);
  const char *v = rs_c_type_in(r, ir_map_value(map)->type, "'a");
  sb_printf(out,
            "\n/// The entries of a [`%s`] as a HashMap borrowing their keys "
            "and values%s of equal keys, the last wins.\n",
            rs_name(r, map),
            str_key ? "\n/// (invalid UTF-8 in a key replaced);"
                    : ";\n///");
  /* Plain entries with integer keys borrow only the slice: elided. */
  bool named = str_key || rs_has_lifetime(r, map->elem);
  const char *lt = named ? "'a " : "";
  const char *params[] = {arena_printf(r->a, "entries: &%s[%s]", lt,
                                       rs_c_type_in(r, map->elem, "'a"))};
  rs_list(out, "",
          arena_printf(r->a, "pub fn %s_to_hash_map%s", fn, named ? "<'a>" : ""),
          params, 1, arena_printf(r->a, " -> HashMap<%s, &%s%s> {", k, lt, v),
          false);
  const char *item = str_key ? "(e.key.to_str_lossy(), &e.value)" : "(e.key, &e.value)";
  const char *chain = arena_printf(r->a, "entries.iter().map(|e| %s).collect()", item);
  if (strlen(chain) <= CALL_WIDTH)
    sb_printf(out, "    %s\n}\n", chain);
  else
    sb_printf(out, "    entries\n        .iter()\n        .map(|e| %s)\n"
                   "        .collect()\n}\n", item);
}

/* The owned value of a result's entry field (e.key, e.value). */
static const char *rs_map_out_field(rs_file *r, ir_type t, const char *place) {
  const char *e = rs_out_expr(r, t, place, 1);
  return e[0] == '*' ? e + 1 : e; /* a place, not a reference */
}

void emit_rs_go_map(rs_file *r, strbuf *out, const ir_decl *map) {
  const char *name = rs_name(r, map);
  const char *fn = ir_strip_prefix(r->m, map->name);
  const ir_decl *e = map->elem.decl;
  const char *entry = rs_in_type(r, map->elem);
  const char *entry_name = e->plain ? rs_name(r, e)
                                    : arena_printf(r->a, "FerryIn%s", rs_name(r, e));
  strbuf doc = {0};
  sb_printf(&doc,
            "`%s`: a map, crossing as its entries (`%s`). Of\nequal keys "
            "in the entries native code passes, the last wins.",
            map->name, e->name);
  if (map->doc) sb_printf(&doc, "\n\n%s", map->doc);
  rs_doc(out, "", doc.data);
  sb_free(&doc);
  sb_printf(out, "pub type %s = %s;\n", name, rs_map_type(r, map));

  sb_printf(out,
            "\n/// The entries of `m` for one call: views of its keys and "
            "values.\nfn ferry_in_%s(m: &%s) -> ferry::SliceBox<%s> {\n"
            "    m.iter()\n        .map(|(key, value)| %s {\n",
            fn, name, rs_anon(r, entry), entry_name);
  const char *key = rs_in_expr(r, ir_map_key(map)->type, "key", 1);
  const char *value = rs_in_expr(r, ir_map_value(map)->type, "value", 1);
  rs_chain_field(out, "            ", "key", key);
  rs_chain_field(out, "            ", "value", value);
  sb_puts(out, "        })\n        .collect()\n}\n");

  const char *k = rs_map_out_field(r, ir_map_key(map)->type, "e.key");
  const char *v = rs_map_out_field(r, ir_map_value(map)->type, "e.value");
  sb_printf(out,
            "\n/// The map of a result's entries, which Go allocated.\n"
            "fn ferry_out_%s(s: &[%s]) -> %s {\n"
            "    let mut m = %s::with_capacity(s.len());\n"
            "    for e in s {\n",
            fn, rs_out_type(r, map->elem), name, name);
  if (strlen(k) + strlen(v) + 2 <= CALL_WIDTH)
    sb_printf(out, "        m.insert(%s, %s);\n", k, v);
  else
    sb_printf(out, "        m.insert(\n            %s,\n            %s,\n        );\n",
              k, v);
  sb_puts(out, "    }\n    m\n}\n");
}
