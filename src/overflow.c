/* overflow.c: turns faults in native code on ferry's stacks into reports.
 *
 * The handler installed here for SIGSEGV, SIGBUS, SIGFPE, SIGILL and
 * SIGTRAP (SA_ONSTACK: the faulting stack may be unusable, so it runs on
 * the thread's signal stack, which Go sets up on every thread it runs)
 * decides by the fault address and the interrupted SP:
 *   - in a stack's guard region: a native stack overflow;
 *   - SP on one of ferry's stacks: a crash of native code in a fast call
 *     (Go code never runs on those stacks);
 * both print a report (signal, address, native PC and symbol, the stack,
 * the Go caller) with write(2) only, no allocation, and abort. Anything
 * else goes on to the handler installed before ours, normally Go's, so Go
 * code's nil-pointer panics and Go's own crash reports (cgo mode's among
 * them) are unchanged.
 *
 * Also here: the registry of stacks and guards that the handler reads
 * without locks, and the checks behind ferry_in_fast_call. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "internal.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

static _Atomic(ferry__guard *) guards;

/* Counts registrations (from 1: a thread's zero means "nothing cached").
 * A range without stacks that a thread found stays without stacks until
 * the next registration, which is what ferry_in_fast_call caches (and the
 * Rust crate's inline ferry::assert_can_call_go). */
_Atomic unsigned long ferry_stack_epoch = 1;

ferry__guard *ferry__guard_register(uintptr_t lo, uintptr_t hi,
                                    size_t stack_size, int kind, long tid) {
  ferry__guard *guard = NULL;
  for (ferry__guard *g = atomic_load(&guards); g != NULL; g = g->next) {
    int free_entry = 0;
    if (atomic_compare_exchange_strong(&g->taken, &free_entry, 1)) {
      guard = g;
      break;
    }
  }
  if (guard == NULL) {
    guard = calloc(1, sizeof *guard);
    if (guard == NULL) return NULL;
    atomic_store(&guard->taken, 1);
    guard->next = atomic_load(&guards);
    while (!atomic_compare_exchange_weak(&guards, &guard->next, guard)) {
    }
  }
  atomic_store(&guard->stack_size, stack_size);
  atomic_store(&guard->kind, kind);
  atomic_store(&guard->owner_tid, tid);
  atomic_store(&guard->coro, NULL);
  /* lo before hi: a reader in between sees an empty range. */
  atomic_store(&guard->lo, lo);
  atomic_store(&guard->hi, hi);
  atomic_fetch_add(&ferry_stack_epoch, 1);
  return guard;
}

void ferry__guard_release(ferry__guard *guard) {
  atomic_store(&guard->hi, 0);
  atomic_store(&guard->lo, 0);
  atomic_store(&guard->taken, 0);
}

const ferry__guard *ferry__guard_find(uintptr_t addr) {
  for (ferry__guard *g = atomic_load(&guards); g != NULL; g = g->next) {
    uintptr_t lo = atomic_load(&g->lo), hi = atomic_load(&g->hi);
    if (lo <= addr && addr < hi) return g;
  }
  return NULL;
}

/* ---- Async-signal-safe output ----------------------------------------- */

typedef struct {
  char buf[1024];
  size_t len;
} line;

static void put(line *l, const char *s) {
  while (*s && l->len < sizeof l->buf) l->buf[l->len++] = *s++;
}

static void put_uint(line *l, uintptr_t v, unsigned base) {
  char tmp[32];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v != 0);
  if (base == 16) put(l, "0x");
  while (n > 0 && l->len < sizeof l->buf) l->buf[l->len++] = tmp[--n];
}

static void write_line(line *l) {
  size_t off = 0;
  while (off < l->len) {
    ssize_t n = write(STDERR_FILENO, l->buf + off, l->len - off);
    if (n <= 0) break;
    off += (size_t)n;
  }
}

/* Gives sig its default action and unblocks it in this thread. */
static void default_action(int sig) {
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigaction(sig, &dfl, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/* Dies by SIGABRT with the default action: Go's own SIGABRT handler would
 * bury the message under a goroutine dump of the wrong stack. */
static _Noreturn void die(void) {
  default_action(SIGABRT);
  raise(SIGABRT);
  _exit(134);
}

_Noreturn void ferry__fatal(const char *msg) {
  line l = {.len = 0};
  put(&l, "ferry: fatal: ");
  put(&l, msg);
  put(&l, "\n");
  write_line(&l);
  die();
}

/* ---- Calls into Go from native code ------------------------------------ */

/* The addresses around this thread's stack pointer where no ferry stack
 * was (guard regions included), as of registration epoch free_epoch. Every
 * call from native code into Go asks whether it runs on a ferry stack;
 * walking the list of stacks each time cost more than the rest of the
 * check, so a thread walks it once per registration. Initial-exec, like
 * ferry__thread_stack_top: ferry is linked into executables. */
static __thread uintptr_t free_lo __attribute__((tls_model("initial-exec")));
static __thread uintptr_t free_hi __attribute__((tls_model("initial-exec")));
static __thread unsigned long free_epoch
    __attribute__((tls_model("initial-exec")));

unsigned long ferry_stack_free_range(uintptr_t sp, uintptr_t range[2]) {
  /* The epoch before the walk: a stack registered during it makes the
   * answer stale at once. A stack this thread runs on was registered
   * before the thread switched to it, so the walk sees it. */
  unsigned long epoch = atomic_load(&ferry_stack_epoch);
  uintptr_t lo = 0, hi = UINTPTR_MAX;
  for (ferry__guard *g = atomic_load(&guards); g != NULL; g = g->next) {
    uintptr_t guard_lo = atomic_load(&g->lo), guard_hi = atomic_load(&g->hi);
    if (guard_hi == 0) continue;
    uintptr_t end = guard_hi + atomic_load(&g->stack_size);
    if (guard_hi <= sp && sp < end) return 0;
    if (end <= sp && end > lo) lo = end;
    if (guard_lo > sp && guard_lo < hi) hi = guard_lo;
  }
  range[0] = lo;
  range[1] = hi;
  return epoch;
}

static int in_fast_call_slow(uintptr_t sp) {
  uintptr_t range[2];
  unsigned long epoch = ferry_stack_free_range(sp, range);
  if (epoch == 0) return 1;
  free_epoch = 0; /* invalid while the range changes */
  free_lo = range[0];
  free_hi = range[1];
  free_epoch = epoch;
  return 0;
}

static inline int in_fast_call(uintptr_t sp) {
  if (free_epoch == atomic_load_explicit(&ferry_stack_epoch, memory_order_acquire) &&
      free_lo <= sp && sp < free_hi)
    return 0;
  return in_fast_call_slow(sp);
}

/* Uncached: async-signal-safe, and a handler running on the signal stack
 * must not leave its range in the interrupted code's cache. */
int ferry_in_fast_call(void) {
  uintptr_t range[2];
  return ferry_stack_free_range((uintptr_t)__builtin_frame_address(0), range) == 0;
}

/* Out of line: the check on every call into Go sets up no frame for it. */
__attribute__((noinline, noreturn)) static void die_go_in_fast_call(
    const char *what) {
  line l = {.len = 0};
  put(&l, "ferry: fatal: native code called the Go function ");
  put(&l, what != NULL ? what : "(unnamed)");
  put(&l, " through cgo from inside a ferry fast call, which the Go runtime "
          "cannot take; call the native function with ferry.CgoCall* (cgo "
          "mode), or with ferry.CallWithCallback and call back through "
          "ferry_callback_call\n");
  write_line(&l);
  die();
}

void ferry_assert_can_call_go(const char *what) {
  if (in_fast_call((uintptr_t)__builtin_frame_address(0)))
    die_go_in_fast_call(what);
}

/* ---- The handler ------------------------------------------------------ */

/* The synchronous faults a native bug raises (SIGTRAP: __builtin_trap on
 * arm64). Each gets our handler in front of the one installed before. */
static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
enum { N_FAULT_SIGNALS = sizeof fault_signals / sizeof fault_signals[0] };
static struct sigaction previous[N_FAULT_SIGNALS];

/* The registered stack whose usable part holds addr, or NULL. */
static const ferry__guard *stack_find(uintptr_t addr) {
  for (ferry__guard *g = atomic_load(&guards); g != NULL; g = g->next) {
    uintptr_t hi = atomic_load(&g->hi);
    if (hi != 0 && hi <= addr && addr < hi + atomic_load(&g->stack_size)) return g;
  }
  return NULL;
}

typedef struct {
  uintptr_t pc, sp, fp;
} machine_state;

static machine_state interrupted(const void *ctx) {
  const ucontext_t *uc = ctx;
  machine_state m;
#if defined(__x86_64__)
  m.pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
  m.sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
  m.fp = (uintptr_t)uc->uc_mcontext.gregs[REG_RBP];
#elif defined(__aarch64__)
  m.pc = (uintptr_t)uc->uc_mcontext.pc;
  m.sp = (uintptr_t)uc->uc_mcontext.sp;
  m.fp = (uintptr_t)uc->uc_mcontext.regs[29];
#else
#error "ferry: unsupported architecture"
#endif
  return m;
}

/* Reads a word of memory that may be unmapped, without faulting: the
 * kernel copies it into a pipe, and fails with EFAULT where a load would
 * fault. For the Go stack, which the handler cannot vouch for. */
static int peek(const int pipe_fds[2], uintptr_t addr, uintptr_t *out) {
  if (pipe_fds[0] < 0 || addr == 0 || addr % sizeof(uintptr_t) != 0) return 0;
  if (write(pipe_fds[1], (const void *)addr, sizeof *out) != (ssize_t)sizeof *out)
    return 0;
  return read(pipe_fds[0], out, sizeof *out) == (ssize_t)sizeof *out;
}

/* Looks the function holding pc up in the static symbol table (.symtab)
 * of the file dladdr placed it in, with open and pread only: C linked into
 * a Go executable, and Go's own functions, have no dynamic symbols, but
 * an executable that is not stripped lists them all there. Stores the
 * name (truncated to cap) and pc's offset in it. fbase is where the file
 * is loaded (dladdr's dli_fbase). */
static int symtab_find(const char *path, uintptr_t fbase, uintptr_t pc,
                       char *name, size_t cap, uintptr_t *offset) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  int found = 0;
  Elf64_Ehdr eh;
  Elf64_Shdr symtab, strtab;
  if (pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh ||
      memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_shentsize != sizeof(Elf64_Shdr))
    goto out;
  /* Symbols hold link-time addresses: absolute in an executable, from 0
   * in a position-independent one or a shared library. */
  uintptr_t addr = eh.e_type == ET_DYN ? pc - fbase : pc;
  unsigned i = 0;
  for (; i < eh.e_shnum; i++) {
    if (pread(fd, &symtab, sizeof symtab, (off_t)(eh.e_shoff + i * sizeof symtab)) !=
        (ssize_t)sizeof symtab)
      goto out;
    if (symtab.sh_type == SHT_SYMTAB) break;
  }
  if (i == eh.e_shnum || symtab.sh_link >= eh.e_shnum ||
      pread(fd, &strtab, sizeof strtab, (off_t)(eh.e_shoff + symtab.sh_link * sizeof strtab)) !=
          (ssize_t)sizeof strtab)
    goto out;
  Elf64_Sym best = {0}, chunk[64];
  for (uint64_t at = 0; at < symtab.sh_size; at += sizeof chunk) {
    size_t want = symtab.sh_size - at < sizeof chunk ? symtab.sh_size - at : sizeof chunk;
    ssize_t n = pread(fd, chunk, want, (off_t)(symtab.sh_offset + at));
    if (n <= 0) break;
    for (size_t k = 0; k < (size_t)n / sizeof chunk[0]; k++) {
      const Elf64_Sym *s = &chunk[k];
      if (ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_value <= addr &&
          addr < s->st_value + s->st_size)
        best = *s;
    }
  }
  if (best.st_value == 0) goto out;
  ssize_t n = pread(fd, name, cap - 1, (off_t)(strtab.sh_offset + best.st_name));
  if (n <= 0) goto out;
  name[n] = '\0';
  *offset = addr - best.st_value;
  found = name[0] != '\0';
out:
  close(fd);
  return found;
}

/* pc and where it is: "0x... (symbol+0x.., file)", the symbol from dladdr
 * or else from the file's .symtab, or "0x... (file+0x..)" without one.
 * For a return address (ret), the lookup is at pc - 1, inside the call:
 * a call can be a function's last instruction. dladdr is not on POSIX's
 * async-signal-safe list (it takes the loader's lock); the report runs
 * under an alarm in case the fault came from inside the loader. */
static void put_code(line *l, uintptr_t pc, int ret) {
  put_uint(l, pc, 16);
  uintptr_t at = ret ? pc - 1 : pc;
  Dl_info info;
  if (pc == 0 || dladdr((void *)at, &info) == 0 || info.dli_fname == NULL) return;
  char name[256];
  const char *symbol = NULL;
  uintptr_t offset = 0;
  if (info.dli_sname != NULL && info.dli_saddr != NULL) {
    symbol = info.dli_sname;
    offset = at - (uintptr_t)info.dli_saddr;
  } else if (symtab_find(info.dli_fname, (uintptr_t)info.dli_fbase, at, name,
                         sizeof name, &offset)) {
    symbol = name;
  }
  put(l, " (");
  if (symbol != NULL) {
    put(l, symbol);
    put(l, "+");
    put_uint(l, offset + (pc - at), 16);
    put(l, ", ");
    put(l, info.dli_fname);
  } else {
    put(l, info.dli_fname);
    put(l, "+");
    put_uint(l, pc - (uintptr_t)info.dli_fbase, 16);
  }
  put(l, ")");
}

static const char *signal_name(int sig) {
  switch (sig) {
  case SIGSEGV: return "SIGSEGV (invalid memory access)";
  case SIGBUS: return "SIGBUS (bus error)";
  case SIGFPE: return "SIGFPE (arithmetic exception)";
  case SIGILL: return "SIGILL (illegal instruction)";
  case SIGTRAP: return "SIGTRAP (trap instruction)";
  default: return "signal";
  }
}

static void put_stack(line *l, const ferry__guard *g) {
  uintptr_t lo = atomic_load(&g->hi);
  size_t size = atomic_load(&g->stack_size);
  switch (atomic_load(&g->kind)) {
  case FERRY__STACK_THREAD:
    put(l, "the per-thread native stack of thread ");
    put_uint(l, (uintptr_t)atomic_load(&g->owner_tid), 10);
    break;
  case FERRY__STACK_COROUTINE:
    put(l, "the native stack of a ferry.CallWithCallback call");
    break;
  default:
    put(l, "a dedicated native stack (ferry.NewStack)");
  }
  put(l, " [");
  put_uint(l, lo, 16);
  put(l, ", ");
  put_uint(l, lo + size, 16);
  put(l, ") (");
  put_uint(l, size, 10);
  put(l, " bytes)");
}

/* The native frames above the faulting one, by frame pointer (AAPCS64 and
 * the x86-64 convention agree: [fp] the caller's fp, [fp+8] the return
 * address), for code that keeps one. Reads only inside the stack. */
static void report_native_frames(const ferry__guard *g, machine_state m) {
  uintptr_t lo = atomic_load(&g->hi), top = lo + atomic_load(&g->stack_size);
  uintptr_t fp = m.fp;
  for (int i = 0; i < 8; i++) {
    if (fp < m.sp || fp < lo || fp + 16 > top - FERRY__CALL_RECORD_SIZE ||
        fp % sizeof(uintptr_t) != 0)
      return;
    const uintptr_t *frame = (const uintptr_t *)fp;
    if (frame[1] == 0) return;
    line l = {.len = 0};
    put(&l, "ferry:   called from native ");
    put_code(&l, frame[1], 1);
    put(&l, "\n");
    write_line(&l);
    if (frame[0] <= fp) return;
    fp = frame[0];
  }
}

/* The Go side of the call: the return PC into the Go code that made it,
 * then its callers by Go's frame pointers (Go keeps them on amd64 and
 * arm64, laid out as above). Go functions have no dynamic symbols: they
 * are named from the executable's .symtab unless it is stripped; inlined
 * calls show as the function they were inlined into. */
static void report_go_caller(const ferry__guard *g, const int pipe_fds[2]) {
  uintptr_t pc = 0, fp = 0;
  ferry_callback *co = atomic_load(&g->coro);
  if (atomic_load(&g->kind) == FERRY__STACK_COROUTINE) {
    if (co == NULL) return;
    /* The Go side is suspended in coroResume (call_<arch>.s), its
     * registers saved at caller_sp (coro_<arch>.S). */
    uintptr_t saved = (uintptr_t)co->caller_sp;
#if defined(__x86_64__)
    /* rbp, then coroResume's return address (it switches inline). */
    peek(pipe_fds, saved + 8, &pc);
    peek(pipe_fds, saved, &fp);
#else
    /* x29 and x30 at 0 and 8: the Go caller's frame pointer and
     * coroResume's return address (it switches inline). */
    peek(pipe_fds, saved + 8, &pc);
    peek(pipe_fds, saved, &fp);
#endif
  } else {
    const uintptr_t *record = (const uintptr_t *)(atomic_load(&g->hi) +
                                                  atomic_load(&g->stack_size) -
                                                  FERRY__CALL_RECORD_SIZE);
#if defined(__x86_64__)
    peek(pipe_fds, record[0], &pc);
#else
    pc = record[0];
#endif
    fp = record[1];
  }
  if (pc == 0) {
    line l = {.len = 0};
    put(&l, "ferry:   called from Go: unknown\n");
    write_line(&l);
  }
  for (int i = 0; i < 12 && pc != 0; i++) {
    line l = {.len = 0};
    put(&l, "ferry:   called from Go ");
    put_code(&l, pc, 1);
    put(&l, "\n");
    write_line(&l);
    uintptr_t next = 0;
    if (!peek(pipe_fds, fp + sizeof(uintptr_t), &pc) || !peek(pipe_fds, fp, &next) ||
        next <= fp)
      break;
    fp = next;
  }
}

/* Dies after a fault in native code on ferry stack g: what, where, on
 * which stack, called from where. overflow: the fault is an overflow into
 * the guard region of g. */
static _Noreturn void report_native_fault(int sig, const siginfo_t *info,
                                          machine_state m,
                                          const ferry__guard *g, int overflow) {
  /* dladdr could wait for a lock the faulting code holds: die by the
   * alarm then, with most of the report written. */
  default_action(SIGALRM);
  alarm(10);

  line l = {.len = 0};
  if (overflow) {
    put(&l, "ferry: native stack overflow: fault at ");
    put_uint(&l, (uintptr_t)info->si_addr, 16);
    put(&l, " in the guard region of ");
  } else {
    put(&l, "ferry: native code crashed: ");
    put(&l, signal_name(sig));
    put(&l, " at address ");
    put_uint(&l, (uintptr_t)info->si_addr, 16);
    put(&l, " (si_code ");
    put_uint(&l, (uintptr_t)info->si_code, 10);
    put(&l, "), in a ferry fast call on ");
  }
  put_stack(&l, g);
  if (overflow)
    put(&l, "; give native code more stack with FERRY_STACK_SIZE, "
            "ferry.SetStackSize or ferry.NewStack");
  put(&l, "\n");
  write_line(&l);

  l.len = 0;
  put(&l, "ferry:   native PC ");
  put_code(&l, m.pc, 0);
  put(&l, ", SP ");
  put_uint(&l, m.sp, 16);
  put(&l, "\n");
  write_line(&l);
  if (!overflow) report_native_frames(g, m);

  int pipe_fds[2] = {-1, -1};
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) pipe_fds[0] = pipe_fds[1] = -1;
  report_go_caller(g, pipe_fds);
  l.len = 0;
  put(&l, "ferry: a fault in native code cannot become a Go panic; aborting\n");
  write_line(&l);
  die();
}

static void on_fault(int sig, siginfo_t *info, void *ctx) {
  /* Only faults the kernel raised for an instruction: a signal sent with
   * kill or raise (si_code <= 0) may find SP anywhere. */
  if (info->si_code > 0) {
    machine_state m = interrupted(ctx);
    /* An overflow: SP moved into the guard, or the access hit the guard
     * below the stack SP is on. (A wild access into a guard from
     * elsewhere, Go code say, is not one.) */
    const ferry__guard *g = ferry__guard_find(m.sp);
    if (g == NULL && sig == SIGSEGV) {
      g = ferry__guard_find((uintptr_t)info->si_addr);
      if (g != NULL && stack_find(m.sp) != g) g = NULL;
    }
    if (g != NULL) report_native_fault(sig, info, m, g, 1);
    /* SP on a ferry stack: the PC is native code (Go code never runs
     * there; the trampolines only switch to it and back). */
    g = stack_find(m.sp);
    if (g != NULL) report_native_fault(sig, info, m, g, 0);
  }
  /* Not ours: hand the fault to whoever was there before, as the kernel
   * would have. */
  int i = 0;
  while (i < N_FAULT_SIGNALS - 1 && fault_signals[i] != sig) i++;
  const struct sigaction *prev = &previous[i];
  if (prev->sa_flags & SA_SIGINFO) {
    prev->sa_sigaction(sig, info, ctx);
  } else if (prev->sa_handler == SIG_DFL || prev->sa_handler == SIG_IGN) {
    /* Restore the default and return: the fault repeats and kills us. */
    signal(sig, SIG_DFL);
  } else {
    prev->sa_handler(sig);
  }
}

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_status = FERRY_OK;

static void install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < N_FAULT_SIGNALS; i++)
    if (sigaction(fault_signals[i], &sa, &previous[i]) != 0)
      install_status = FERRY_EINTERNAL;
}

int ferry__overflow_install(void) {
  pthread_once(&install_once, install);
  return install_status;
}
