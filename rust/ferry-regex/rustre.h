/* rustre.h: the interface of rust/ferry-regex, Rust's regex engine as the Go
 * package github.com/ferry-ffi/ferry/regexp uses it. ferry-gen makes the Go
 * bindings (regexp/internal/native) and the Rust shims
 * (rust/ferry-regex/src/rustre_ferry.rs) from this file.
 *
 * The Go side translates every pattern to Rust syntax first, so this side
 * only compiles and searches. Haystacks are FERRY_RAW: Go strings of any
 * bytes, read in place. Searches return 1 (a match), 0 (none) or a negative
 * ferry status: FERRY_EUNSUPPORTED when the input does not meet `need`
 * (Go's own engine must answer), FERRY_EPANIC when the engine panicked.
 * Positions are byte offsets; -1 marks a group that did not take part. */
#ifndef RUSTRE_H
#define RUSTRE_H

#include "ferry_gen.h"

/* A compiled pattern. Any number of threads may search with it at once. */
typedef struct rustre_regex rustre_regex;

/* Match positions: 2 per group, group 0 (the whole match) first. */
typedef FERRY_SLICE_OF(ptrdiff_t) rustre_positions;

/* Where a match is: its first byte and the byte after it. */
typedef struct rustre_span {
  ptrdiff_t start;
  ptrdiff_t end;
} rustre_span;

/* Where a stepping search stands between calls of rustre_regex_steps. */
typedef struct rustre_steps {
  /* Where the next search starts. */
  ptrdiff_t pos;
  /* The end of the previous match, -1 before the first. */
  ptrdiff_t prev_end;
  /* How to move on after a match: 0 as Go's FindAll, 1 as ReplaceAll. */
  ptrdiff_t step;
  /* Positions per match in out: 2, or every group's. */
  ptrdiff_t per;
  /* Set to 1 when no match is left. */
  ptrdiff_t done;
} rustre_steps;

/* Compiles a pattern in Rust syntax; FERRY_ESYNTAX with the engine's
 * message when it does not compile or is too large. Compiling can take
 * milliseconds: a cgo call. */
ferry_status rustre_regex_new(ferry_str pattern FERRY_RAW,
                              rustre_regex **re FERRY_OUT,
                              ferry_bytes *message FERRY_ERROR_MESSAGE)
    FERRY_CGO;

void rustre_regex_free(rustre_regex *re) FERRY_DESTRUCTOR;

/* The number of positions a match with every group has (2 per group). */
size_t rustre_regex_slots(const rustre_regex *re);

/* The most bytes past its start a search reads when the pattern is anchored
 * at the start and its matches are bounded; -1 otherwise. */
ptrdiff_t rustre_regex_read_bound(const rustre_regex *re);

/* Whether hay holds a match. need: what hay must satisfy for this engine
 * to give Go's answer (0 nothing, 1 valid UTF-8, 2 ASCII). */
ptrdiff_t rustre_regex_is_match(const rustre_regex *re, ferry_str hay FERRY_RAW,
                                size_t need)
    FERRY_FAST FERRY_CGO FERRY_DEDICATED;

/* The leftmost-first match at or after start, into *out. (A span rather
 * than positions: six integer arguments fit a plain fast call.) */
ptrdiff_t rustre_regex_find_at(const rustre_regex *re, ferry_str hay FERRY_RAW,
                               size_t start, rustre_span *out, size_t need)
    FERRY_FAST FERRY_CGO FERRY_DEDICATED;

/* The same match with the positions of every group, into out (at least
 * rustre_regex_slots long). */
ptrdiff_t rustre_regex_captures_at(const rustre_regex *re,
                                   ferry_str hay FERRY_RAW, size_t start,
                                   rustre_positions out, size_t need)
    FERRY_FAST FERRY_CGO FERRY_DEDICATED;

/* Successive matches from st->pos on, st->per positions each, as many as
 * out holds; returns how many it wrote and updates st. The caller has
 * checked the input (rustre_meets). */
ptrdiff_t rustre_regex_steps(const rustre_regex *re, ferry_str hay FERRY_RAW,
                             rustre_steps *st, rustre_positions out)
    FERRY_FAST FERRY_CGO FERRY_DEDICATED;

/* 1 when hay meets need (see rustre_regex_is_match), 0 otherwise. */
ptrdiff_t rustre_meets(ferry_str hay FERRY_RAW, size_t need)
    FERRY_FAST FERRY_CGO FERRY_DEDICATED;

/* How many compiled patterns are alive (for leak tests). */
ptrdiff_t rustre_live(void);

/* How many search caches are alive, over every pattern and thread (for the
 * tests of the memory bound). */
ptrdiff_t rustre_caches_live(void);

/* Runs rustre_regex_is_match's search n times inside Rust, with this
 * thread's ready cache, and returns how many found a match: the engine's
 * own cost in the Go process, for BenchmarkSeedRegex/rust-inproc. */
ptrdiff_t rustre_bench_is_match(const rustre_regex *re, ferry_str hay FERRY_RAW,
                                size_t need, size_t n) FERRY_CGO;

/* Panics inside the engine's guard and returns what the guard made of it
 * (FERRY_EPANIC), for the tests. */
ptrdiff_t rustre_test_panic(void);

#endif
