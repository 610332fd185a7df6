/* maps_go.c: maps (FERRY_MAP_OF) in the Go package: map[K]V, built from
 * the C entries or copied into them (maps.c has the design). The entry
 * struct's own conversions (ferryFromC, ferryCopyToC, ferryToC, from
 * emit_go_serve.c and emit_go_call.c) do the fields; these functions only
 * walk the map or the entries. A plain entry struct (integer keys and
 * values) has the C layout itself and is read and written as it is. */
#include "emit_go.h"

const char *go_map_type(go_file *g, const ir_decl *map) {
  return arena_printf(g->a, "map[%s]%s", go_type(g, ir_map_key(map)->type),
                      go_type(g, ir_map_value(map)->type));
}

/* The loop body storing map entry k, v into C entry dest: as it is when
 * the entry is plain, else through the entry struct's conversion method
 * (ferryToC: views; ferryCopyToC: copies in C memory). */
static void emit_entry_store(strbuf *out, const ir_decl *e, const char *entry,
                             const char *dest, const char *method) {
  if (e->plain)
    sb_printf(out, "\t\t%s = %s{Key: k, Value: v}\n", dest, entry);
  else
    sb_printf(out, "\t\tentry := %s{Key: k, Value: v}\n\t\tentry.%s(&%s)\n",
              entry, method, dest);
}

/* Whether map is the module's first map (which emits what they share). */
static bool is_first_map(const ir_module *mod, const ir_decl *map) {
  for (int i = 0; i < mod->ndecls && mod->decls[i] != map; i++)
    if (mod->decls[i]->kind == IR_SLICE && mod->decls[i]->map)
      return false;
  return true;
}

/* ferryCX (Go calling native code): the entries of m as views of its keys
 * and values, in buf when they fit (a wrapper's array of ferryMapStack
 * bytes on its stack: no allocation for a small map), else in a new Go
 * array. */
void emit_go_map_to_c(go_file *g, strbuf *out, const ir_decl *map) {
  const char *name = go_decl_name(g, map);
  const ir_decl *e = map->elem.decl;
  const char *entry = go_decl_name(g, e);
  const char *ct = go_c_type(g, map->elem);
  g->uses_view = true;
  if (is_first_map(g->m, map))
    sb_puts(out,
            "\n// ferryMapStack is how many bytes of a map argument's entries "
            "a wrapper keeps\n// on its stack; a larger map's entries are "
            "allocated.\nconst ferryMapStack = 512\n");
  sb_printf(out,
            "\n// ferryC%s copies the entries of m into C layout (%s), in buf "
            "when they fit:\n// views of m's keys and values, so m must stay "
            "alive and unchanged while\n// native code uses them.\n"
            "func ferryC%s(m %s, buf []%s) ferry.View {\n\ts := buf\n\t"
            "if len(m) > len(s) {\n\t\ts = make([]%s, len(m))\n\t}\n\t"
            "s = s[:len(m)]\n\ti := 0\n\tfor k, v := range m {\n",
            name, map->name, name, go_map_type(g, map), ct, ct);
  emit_entry_store(out, e, entry, "s[i]", "ferryToC");
  sb_puts(out, "\t\ti++\n\t}\n\treturn ferry.SliceView(s)\n}\n");
}

/* ferryGoX and ferryCOwnX (native code calling Go): the Go map of the
 * caller's entries, whose strings view the caller's memory (of equal keys
 * the last wins, as map assignment in entry order gives), and a result's
 * entries in memory from calloc that the caller frees. */
void emit_go_map_impl(go_file *g, strbuf *out, const ir_decl *map) {
  const char *name = go_decl_name(g, map);
  const ir_decl *e = map->elem.decl;
  const char *entry = go_decl_name(g, e);
  const char *ct = go_c_type(g, map->elem);
  const char *gt = go_map_type(g, map);
  sb_printf(out,
            "\n// ferryGo%s makes the Go map of the C entries v (%s): its "
            "strings view v's\n// memory; of equal keys, the last wins.\n"
            "func ferryGo%s(v ferry.View) %s {\n\tif v.Len == 0 {\n\t\t"
            "return nil\n\t}\n\tc := unsafe.Slice((*%s)(v.Ptr), v.Len)\n\t"
            "m := make(%s, len(c))\n\tfor i := range c {\n",
            name, map->name, name, gt, ct, gt);
  if (e->plain)
    sb_puts(out, "\t\tm[c[i].Key] = c[i].Value\n");
  else
    sb_puts(out, "\t\tentry := c[i].ferryFromC()\n"
                 "\t\tm[entry.Key] = entry.Value\n");
  sb_puts(out, "\t}\n\treturn m\n}\n");
  sb_printf(out,
            "\n// ferryCOwn%s copies m into entries in memory from calloc, for "
            "a result the\n// native caller frees.\nfunc ferryCOwn%s(m %s) "
            "ferry.View {\n\tif len(m) == 0 {\n\t\treturn ferry.View{}\n\t}\n"
            "\tp := ferryCAlloc(uintptr(len(m)) * unsafe.Sizeof(%s{}))\n\t"
            "c := unsafe.Slice((*%s)(p), len(m))\n\ti := 0\n\t"
            "for k, v := range m {\n",
            name, name, gt, ct, ct);
  emit_entry_store(out, e, entry, "c[i]", "ferryCopyToC");
  sb_puts(out, "\t\ti++\n\t}\n\treturn ferry.View{Ptr: p, Len: uintptr(len(m))}\n}\n");
}
