/* emit_common.c: what every backend (emit_c.c, emit_go*.c, emit_rust*.c)
 * uses to write text: doc comments. */
#include <string.h>

#include "emit.h"

void emit_doc(strbuf *out, const char *indent, const char *marker,
              const char *doc) {
  if (doc == NULL) return;
  const char *s = doc;
  while (*s) {
    const char *e = strchr(s, '\n');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    sb_puts(out, indent);
    if (n == 0) {
      /* An empty comment line: the marker without its trailing space. */
      size_t m = strlen(marker);
      while (m > 0 && marker[m - 1] == ' ') m--;
      for (size_t i = 0; i < m; i++) sb_putc(out, marker[i]);
    } else {
      sb_puts(out, marker);
      for (size_t i = 0; i < n; i++) sb_putc(out, s[i]);
    }
    sb_putc(out, '\n');
    s = e ? e + 1 : s + n;
  }
}
