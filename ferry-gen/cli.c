/* cli.c: the ferry-gen command, ferry_gen_main (main.c calls it; the Go
 * command that builds ferry-gen through cgo compiles the same sources).
 *
 *   ferry-gen [--go DIR [--go-package NAME [--go-impl VAR]]] [--rust FILE]
 *             [--c FILE] [--check] interface.h
 *
 * Reads one interface file, checks it, and writes the requested outputs.
 * All or nothing: every error in the file is reported as
 * file:line:col: message and the exit status is 1 with no output touched;
 * outputs are written to temporary files next to their destinations and
 * renamed into place only when all of them were written. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "emit.h"
#include "ir.h"

#define MAX_INPUT ((size_t)16 << 20)

static const char usage[] =
    "usage: ferry-gen [--go DIR [--go-package NAME] [--go-impl VAR]]\n"
    "                 [--rust FILE] [--c FILE] [--check] interface.h\n"
    "\n"
    "Generates the bindings of the library described by interface.h, a C\n"
    "header annotated with the macros of ferry_gen.h.\n"
    "\n"
    "  --go DIR          write the Go package files DIR/NAME_ferry.go and\n"
    "                    DIR/NAME_ferry_cgo.go (NAME: the interface file's\n"
    "                    base name)\n"
    "  --go-package PKG  the Go package name (default: NAME)\n"
    "  --go-impl VAR     the package-level variable VAR implements the\n"
    "                    FERRY_GO functions: calls are direct (no Register,\n"
    "                    no interface call), so Go can inline the methods\n"
    "  --rust FILE       write the Rust module for a Rust implementation\n"
    "  --c FILE          write the C header for a C implementation\n"
    "  --check           check the interface file only\n"
    "  --help            show this help\n"
    "\n"
    "Errors are reported as file:line:col: message, all of them. Exit status:\n"
    "0 success; 1 errors in the file, or a file that cannot be read or\n"
    "written (no output is changed); 2 a wrong command line.\n"
    "See docs/ferry-gen.md and docs/ferry-gen.1.\n";

typedef struct output {
  const char *path;
  strbuf text;
  char *tmp;
} output;

static bool read_file(const char *path, arena *a, char **text, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "ferry-gen: %s: %s\n", path, strerror(errno));
    return false;
  }
  strbuf sb = {0};
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
    if (sb.len + n > MAX_INPUT) {
      fprintf(stderr, "ferry-gen: %s: larger than %zu bytes\n", path,
              MAX_INPUT);
      fclose(f);
      sb_free(&sb);
      return false;
    }
    for (size_t i = 0; i < n; i++) sb_putc(&sb, buf[i]);
  }
  bool failed = ferror(f);
  fclose(f);
  if (failed) {
    fprintf(stderr, "ferry-gen: %s: read error\n", path);
    sb_free(&sb);
    return false;
  }
  *text = arena_strndup(a, sb.data ? sb.data : "", sb.len);
  *len = sb.len;
  sb_free(&sb);
  return true;
}

/* The interface's name: the file's base name without ".h". */
static const char *module_name(arena *a, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base);
  if (n > 2 && strcmp(base + n - 2, ".h") == 0) n -= 2;
  return arena_strndup(a, base, n);
}

static bool is_identifier(const char *s) {
  if (!(isalpha((unsigned char)*s) || *s == '_')) return false;
  for (; *s; s++)
    if (!(isalnum((unsigned char)*s) || *s == '_')) return false;
  return true;
}

static void discard(output *outs, int n) {
  for (int i = 0; i < n; i++)
    if (outs[i].tmp != NULL) {
      unlink(outs[i].tmp);
      free(outs[i].tmp);
      outs[i].tmp = NULL;
    }
}

/* Writes every output to a temporary file beside it, then renames them
 * all. On any failure nothing is left behind (a rename that fails after
 * others succeeded is reported; earlier ones stay, as they are complete). */
static bool write_outputs(output *outs, int n) {
  for (int i = 0; i < n; i++) {
    size_t len = strlen(outs[i].path);
    outs[i].tmp = malloc(len + 16);
    if (outs[i].tmp == NULL) {
      discard(outs, i);
      return false;
    }
    snprintf(outs[i].tmp, len + 16, "%s.tmp.XXXXXX", outs[i].path);
    int fd = mkstemp(outs[i].tmp);
    if (fd < 0) {
      fprintf(stderr, "ferry-gen: %s: %s\n", outs[i].path, strerror(errno));
      free(outs[i].tmp);
      outs[i].tmp = NULL;
      discard(outs, i);
      return false;
    }
    FILE *f = fdopen(fd, "wb");
    bool ok = f != NULL &&
              fwrite(outs[i].text.data, 1, outs[i].text.len, f) ==
                  outs[i].text.len;
    if (f != NULL) ok = (fclose(f) == 0) && ok;
    else close(fd);
    if (!ok) {
      fprintf(stderr, "ferry-gen: %s: write error\n", outs[i].path);
      discard(outs, i + 1);
      return false;
    }
  }
  for (int i = 0; i < n; i++) {
    if (rename(outs[i].tmp, outs[i].path) != 0) {
      fprintf(stderr, "ferry-gen: %s: %s\n", outs[i].path, strerror(errno));
      discard(outs, n);
      return false;
    }
    free(outs[i].tmp);
    outs[i].tmp = NULL;
  }
  return true;
}

/* The command line, once parsed. */
typedef struct cli_args {
  const char *go_dir, *go_package, *go_impl, *rust_path, *c_path, *input;
  bool check_only;
} cli_args;

/* The rules between options: -1 when they hold, else 2 (said on
 * stderr). */
static int check_args(const cli_args *args) {
  if (args->input == NULL) {
    fprintf(stderr, "ferry-gen: no interface file\n%s", usage);
    return 2;
  }
  if (args->go_package != NULL && args->go_dir == NULL) {
    fprintf(stderr, "ferry-gen: --go-package needs --go\n");
    return 2;
  }
  if (args->go_impl != NULL && args->go_dir == NULL) {
    fprintf(stderr, "ferry-gen: --go-impl needs --go\n");
    return 2;
  }
  if (args->go_impl != NULL &&
      (!is_identifier(args->go_impl) ||
       strncmp(args->go_impl, "ferry", 5) == 0)) {
    fprintf(stderr, "ferry-gen: --go-impl %s: not a Go identifier, or one "
                    "starting with ferry (the generated code's)\n",
            args->go_impl);
    return 2;
  }
  if (!args->check_only && args->go_dir == NULL && args->rust_path == NULL &&
      args->c_path == NULL) {
    fprintf(stderr, "ferry-gen: nothing to generate: give --go, --rust, "
                    "--c or --check\n%s", usage);
    return 2;
  }
  return -1;
}

/* Parses argv into args. Returns -1 to go on, or the exit status: 0 after
 * --help, 2 for a wrong command line (said on stderr). */
static int parse_args(int argc, char **argv, cli_args *args) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **target = NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(usage, stdout);
      return 0;
    } else if (strcmp(a, "--check") == 0) {
      args->check_only = true;
      continue;
    } else if (strcmp(a, "--go") == 0) {
      target = &args->go_dir;
    } else if (strcmp(a, "--go-package") == 0) {
      target = &args->go_package;
    } else if (strcmp(a, "--go-impl") == 0) {
      target = &args->go_impl;
    } else if (strcmp(a, "--rust") == 0) {
      target = &args->rust_path;
    } else if (strcmp(a, "--c") == 0) {
      target = &args->c_path;
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "ferry-gen: unknown option %s\n%s", a, usage);
      return 2;
    } else if (args->input != NULL) {
      fprintf(stderr, "ferry-gen: one interface file at a time\n%s", usage);
      return 2;
    } else {
      args->input = a;
      continue;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "ferry-gen: %s needs a value\n%s", a, usage);
      return 2;
    }
    *target = argv[++i];
  }
  return check_args(args);
}

/* Reads, parses and checks args->input into m. False when it cannot be
 * read or has errors (all of them said on stderr). */
static bool load_module(const cli_args *args, const char *go_package,
                        ir_module *m) {
  char *text;
  size_t len;
  if (!read_file(args->input, m->arena, &text, &len)) return false;
  m->path = args->input;
  m->name = module_name(m->arena, args->input);
  diags d = {.arena = m->arena, .file = args->input};
  if (!is_identifier(m->name)) {
    diag_error(&d, (pos){1, 1},
               "the file name '%s' must be a C identifier plus .h: it names "
               "the library",
               m->name);
  }
  m->prefix = arena_printf(m->arena, "%s_", m->name);
  if (go_package == NULL) go_package = m->name;
  if (args->go_dir != NULL && !is_identifier(go_package))
    diag_error(&d, (pos){1, 1}, "the Go package name '%s' is not an "
               "identifier", go_package);
  parse_module(m, text, len, &d);
  if (check_module(m, &d) && args->rust_path != NULL)
    check_rust_module(m, &d);
  if (d.count == 0) return true;
  strbuf sb = {0};
  diag_print(&d, &sb);
  fputs(sb.data, stderr);
  sb_free(&sb);
  return false;
}

/* Emits the outputs args asks for and writes them, all or nothing. */
static bool generate(const cli_args *args, const char *go_package,
                     const ir_module *m) {
  strbuf cmd = {0};
  sb_puts(&cmd, "ferry-gen");
  if (args->go_dir != NULL) sb_printf(&cmd, " --go-package %s", go_package);
  if (args->go_impl != NULL) sb_printf(&cmd, " --go-impl %s", args->go_impl);
  sb_printf(&cmd, " %s", args->input);
  emit_opts o = {.command = cmd.data, .go_package = go_package,
                 .go_impl = args->go_impl};

  output outs[4];
  int n = 0;
  memset(outs, 0, sizeof(outs));
  if (args->go_dir != NULL) {
    outs[n].path = arena_printf(m->arena, "%s/%s_ferry.go", args->go_dir,
                                m->name);
    outs[n + 1].path = arena_printf(m->arena, "%s/%s_ferry_cgo.go",
                                    args->go_dir, m->name);
    emit_go(m, &o, &outs[n].text, &outs[n + 1].text);
    n += 2;
  }
  if (args->rust_path != NULL) {
    outs[n].path = args->rust_path;
    emit_rust(m, &o, &outs[n].text);
    n++;
  }
  if (args->c_path != NULL) {
    outs[n].path = args->c_path;
    emit_c(m, &o, &outs[n].text);
    n++;
  }
  bool ok = write_outputs(outs, n);
  for (int i = 0; i < n; i++) sb_free(&outs[i].text);
  sb_free(&cmd);
  return ok;
}

/* Runs a parsed command line: its exit status (1: errors in the file, or
 * a file that cannot be read or written; 2: --go-impl for a file without
 * FERRY_GO functions). */
static int run(const cli_args *args) {
  arena a = {0};
  ir_module m = {.arena = &a};
  int status;
  if (!load_module(args, args->go_package, &m)) {
    status = 1;
  } else if (args->check_only) {
    status = 0;
  } else if (args->go_impl != NULL && m.go_funcs == 0) {
    fprintf(stderr, "ferry-gen: --go-impl: %s has no FERRY_GO functions\n",
            args->input);
    status = 2;
  } else {
    const char *go_package = args->go_package ? args->go_package : m.name;
    status = generate(args, go_package, &m) ? 0 : 1;
  }
  arena_free(&a);
  return status;
}

int ferry_gen_main(int argc, char **argv) {
  cli_args args = {0};
  int status = parse_args(argc, argv, &args);
  if (status >= 0) return status;
  return run(&args);
}
