/* rs_format.c: generated Rust laid out the way rustfmt lays it out, so
 * that `rustfmt --check` finds nothing to change: a list of arguments or
 * parameters stays on one line while it fits in MAX_WIDTH columns (a
 * call's arguments in CALL_WIDTH), and otherwise takes one line each. */
#include <string.h>

#include "emit_rust.h"

void rs_list(strbuf *out, const char *indent, const char *head,
             const char **args, int n, const char *tail, bool call) {
  strbuf joined = {0};
  for (int i = 0; i < n; i++) sb_printf(&joined, "%s%s", i ? ", " : "", args[i]);
  size_t one = strlen(indent) + strlen(head) + 1 + joined.len + 1 + strlen(tail);
  bool fits = one <= MAX_WIDTH && (!call || joined.len <= CALL_WIDTH);
  if (fits || n == 0) {
    sb_printf(out, "%s%s(%s)%s\n", indent, head, joined.data ? joined.data : "",
              tail);
  } else {
    sb_printf(out, "%s%s(\n", indent, head);
    for (int i = 0; i < n; i++) sb_printf(out, "%s    %s,\n", indent, args[i]);
    sb_printf(out, "%s)%s\n", indent, tail);
  }
  sb_free(&joined);
}

void rs_doc(strbuf *out, const char *indent, const char *doc) {
  emit_doc(out, indent, "/// ", doc);
}
