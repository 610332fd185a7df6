//! Rust's `regex` engine behind a C ABI, for ferry's Go package
//! `github.com/ferry-ffi/ferry/regexp`.
//!
//! The Go side parses every pattern with Go's `regexp/syntax` and hands this
//! crate an equivalent pattern in Rust syntax, so this crate only compiles
//! and searches. Searches are made as ferry fast calls (on a native stack,
//! the goroutine not preemptible) or, for long inputs, as cgo calls.
//!
//! Rules every exported function follows:
//! - it catches panics and returns `FERRY_EPANIC`: nothing unwinds into Go;
//! - it keeps no pointer it was given after it returns (the cgo rules);
//! - results go into memory the caller provides, so a search allocates
//!   nothing on the Go side.
//!
//! Return values of the search functions: 1 for a match, 0 for none, a
//! negative ferry status otherwise. `FERRY_EUNSUPPORTED` means the input
//! does not meet the pattern's requirement (see [`Need`]) and the caller
//! must ask Go's own engine instead.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicIsize, AtomicU64, Ordering};

use regex_automata::meta::{self, Cache};
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};

/// The generated side of rustre.h: C layouts, the trait `Rustre` and the
/// `extern "C"` shims (`ferry-gen --rust`, checked in; make test-regexp
/// checks it is up to date).
#[allow(dead_code, clippy::too_many_arguments)]
pub mod rustre_ferry;

/// Status codes, the values of `FERRY_*` in include/ferry.h.
pub const FERRY_OK: i32 = 0;
pub const FERRY_EINVAL: i32 = -1;
pub const FERRY_ENOMEM: i32 = -2;
pub const FERRY_EPANIC: i32 = -6;
pub const FERRY_ESYNTAX: i32 = -9;
pub const FERRY_EUNSUPPORTED: i32 = -10;

/// What an input must satisfy for this engine to give Go's answer.
///
/// Go decodes an invalid UTF-8 byte as U+FFFD, so a pattern that can match
/// U+FFFD (`.`, `[^a]`, `\D`, ...) may match invalid bytes in Go but never
/// here: such patterns need valid UTF-8 input. Go's `\B` is only tested
/// between characters, while this engine also tests it between the bytes
/// of one character: patterns with `\B` need ASCII input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Nothing = 0,
    Utf8 = 1,
    Ascii = 2,
}

impl Need {
    fn from_raw(v: usize) -> Need {
        match v {
            0 => Need::Nothing,
            1 => Need::Utf8,
            _ => Need::Ascii,
        }
    }

    /// Reports whether `hay` meets the requirement.
    pub fn met_by(self, hay: &[u8]) -> bool {
        match self {
            Need::Nothing => true,
            Need::Utf8 => std::str::from_utf8(hay).is_ok(),
            Need::Ascii => hay.is_ascii(),
        }
    }
}

/// A compiled pattern, shared by every goroutine that uses the Go
/// `*Regexp`: `meta::Regex` is `Sync`; the mutable scratch of a search (a
/// `Cache`) belongs to the calling thread (see `CACHES`).
///
/// This is the engine of the `regex` crate (its `bytes::Regex` is a
/// `meta::Regex` built the same way), used directly for one reason: the
/// `regex` crate keeps caches in a pool whose fast path serves only the
/// first thread that searched, and Go runs goroutines on any thread; the
/// pool's locked path costs more than the whole ferry call.
pub struct Re {
    re: meta::Regex,
    id: u64,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// How many regexes' caches a thread keeps, most recently used first.
const CACHES_PER_THREAD: usize = 8;

thread_local! {
    /// This thread's search caches, keyed by `Re::id` (never by address:
    /// a freed regex's address can be reused). A fast call cannot be
    /// preempted and a cgo call keeps its thread, so one search at a time
    /// uses a thread's caches.
    static CACHES: RefCell<Vec<(u64, Box<Cache>)>> = const { RefCell::new(Vec::new()) };
}

/// Limits on what one pattern may cost. Above them `ferry_regex_new` fails
/// and the Go side uses Go's engine for the pattern.
const SIZE_LIMIT: usize = 32 << 20;
const DFA_SIZE_LIMIT: usize = 8 << 20;
/// The translated pattern nests deeper than Go's (Go allows 1000 levels
/// and the translation adds a group per repetition).
const NEST_LIMIT: u32 = 4000;
/// Capture slots that fit on the stack; more use a heap buffer.
const STACK_SLOTS: usize = 64;

impl Re {
    /// Compiles a pattern in the syntax the Go side emits, configured as
    /// the `regex` crate configures `regex::bytes::Regex` (leftmost-first,
    /// empty matches anywhere, Unicode classes matching valid UTF-8 only).
    pub fn new(pattern: &str) -> Result<Re, String> {
        let re = meta::Builder::new()
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .utf8_empty(false)
                    .nfa_size_limit(Some(SIZE_LIMIT))
                    .onepass_size_limit(Some(SIZE_LIMIT))
                    .hybrid_cache_capacity(DFA_SIZE_LIMIT)
                    .dfa_size_limit(Some(SIZE_LIMIT)),
            )
            .syntax(syntax::Config::new().utf8(false).nest_limit(NEST_LIMIT))
            .build(pattern)
            .map_err(|e| e.to_string())?;
        Ok(Re {
            re,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// The number of capture slots (2 per group, group 0 included).
    pub fn slots(&self) -> usize {
        2 * self.re.captures_len()
    }

    /// Runs `f` with this thread's cache for this regex, making one if
    /// needed (and dropping the least recently used one past the limit).
    fn with_cache<R>(&self, f: impl FnOnce(&mut Cache) -> R) -> R {
        CACHES.with(|cell| {
            let mut caches = cell.borrow_mut();
            match caches.iter().position(|(id, _)| *id == self.id) {
                Some(0) => {}
                Some(i) => {
                    let hit = caches.remove(i);
                    caches.insert(0, hit);
                }
                None => {
                    caches.truncate(CACHES_PER_THREAD - 1);
                    caches.insert(0, (self.id, Box::new(self.re.create_cache())));
                }
            }
            f(&mut caches[0].1)
        })
    }

    /// Drops this thread's cache for this regex (the regex is being freed;
    /// other threads' copies age out of their lists).
    fn forget_cache(&self) {
        let _ = CACHES.try_with(|cell| cell.borrow_mut().retain(|(id, _)| *id != self.id));
    }

    pub fn is_match(&self, hay: &[u8], need: Need) -> Result<bool, i32> {
        if need == Need::Ascii && !need.met_by(hay) {
            return Err(FERRY_EUNSUPPORTED);
        }
        let input = Input::new(hay).earliest(true);
        if self.with_cache(|c| self.re.search_half_with(c, &input).is_some()) {
            // A match found here is one Go finds too: it only crosses
            // whole, valid characters, which Go decodes the same way.
            return Ok(true);
        }
        if !need.met_by(hay) {
            return Err(FERRY_EUNSUPPORTED);
        }
        Ok(false)
    }

    /// The leftmost-first match starting at or after `start`, with the
    /// bytes before `start` as context for assertions (like Go's).
    pub fn find_at(&self, hay: &[u8], start: usize, need: Need) -> Result<Option<(usize, usize)>, i32> {
        if start > hay.len() {
            return Err(FERRY_EINVAL);
        }
        if !need.met_by(hay) {
            return Err(FERRY_EUNSUPPORTED);
        }
        let input = Input::new(hay).span(start..hay.len());
        Ok(self.with_cache(|c| self.re.search_with(c, &input)).map(|m| (m.start(), m.end())))
    }

    /// Like `find_at`, with every group: `out` gets `slots()` positions,
    /// -1 for a group that did not take part. `out` must hold `slots()`.
    pub fn captures_at(&self, hay: &[u8], start: usize, need: Need, out: &mut [isize]) -> Result<bool, i32> {
        let n = self.slots();
        if start > hay.len() || out.len() < n {
            return Err(FERRY_EINVAL);
        }
        if !need.met_by(hay) {
            return Err(FERRY_EUNSUPPORTED);
        }
        let input = Input::new(hay).span(start..hay.len());
        let mut on_stack = [None; STACK_SLOTS];
        let mut on_heap = Vec::new();
        let slots: &mut [Option<NonMaxUsize>] = if n <= STACK_SLOTS {
            &mut on_stack[..n]
        } else {
            on_heap.resize(n, None);
            &mut on_heap
        };
        if self.with_cache(|c| self.re.search_slots_with(c, &input, slots)).is_none() {
            return Ok(false);
        }
        for (o, s) in out.iter_mut().zip(slots.iter()) {
            *o = s.map_or(-1, |v| v.get() as isize);
        }
        Ok(true)
    }
}

/// Go's two ways of stepping through an input for successive matches.
/// FindAll: after an empty match move on one character, and skip an empty
/// match that touches the previous match. ReplaceAll: report every match,
/// and move on at least one character from where the search started.
pub const STEP_FIND_ALL: isize = 0;
pub const STEP_REPLACE: isize = 1;

/// Where a stepping search stands between calls: the generated
/// `rustre_steps` of rustre.h, five machine words shared with Go.
pub use rustre_ferry::{Span, Steps};

/// The width Go's regexp steps over at `hay[pos..]`: one character, one
/// byte for an invalid one, 0 at the end.
fn char_width(hay: &[u8], pos: usize) -> usize {
    let rest = &hay[pos.min(hay.len())..];
    let head = &rest[..rest.len().min(4)];
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""),
    };
    match valid.chars().next() {
        Some(c) => c.len_utf8(),
        None if rest.is_empty() => 0,
        None => 1,
    }
}

impl Re {
    /// Finds successive matches the way `st.step` says, from `st.pos`,
    /// writing `st.per` positions per match to `out` until it is full or
    /// the input ends; returns how many matches it wrote. The input must
    /// already meet the pattern's `Need`.
    pub fn steps(&self, hay: &[u8], st: &mut Steps, out: &mut [isize]) -> Result<usize, i32> {
        let per = st.per as usize;
        let n = hay.len();
        if (per != 2 && per != self.slots()) || st.pos < 0 || (st.step != STEP_FIND_ALL && st.step != STEP_REPLACE) {
            return Err(FERRY_EINVAL);
        }
        let cap = out.len() / per;
        let mut on_stack = [None; STACK_SLOTS];
        let mut on_heap = Vec::new();
        let slots: &mut [Option<NonMaxUsize>] = if per <= STACK_SLOTS {
            &mut on_stack[..per]
        } else {
            on_heap.resize(per, None);
            &mut on_heap
        };
        let mut count = 0;
        self.with_cache(|cache| {
            while count < cap && st.pos as usize <= n {
                let pos = st.pos as usize;
                let input = Input::new(hay).span(pos..n);
                if self.re.search_slots_with(cache, &input, slots).is_none() {
                    st.done = 1;
                    return;
                }
                let (Some(s), Some(e)) = (slots[0], slots[1]) else {
                    st.done = 1;
                    return;
                };
                let (s, e) = (s.get(), e.get());
                let mut accept = true;
                if st.step == STEP_FIND_ALL {
                    if e == pos {
                        accept = s as isize != st.prev_end;
                        let w = char_width(hay, pos);
                        st.pos = if w > 0 { (pos + w) as isize } else { n as isize + 1 };
                    } else {
                        st.pos = e as isize;
                    }
                    st.prev_end = e as isize;
                } else {
                    let w = char_width(hay, pos);
                    st.pos = if pos + w > e {
                        (pos + w) as isize
                    } else if pos + 1 > e {
                        pos as isize + 1
                    } else {
                        e as isize
                    };
                }
                if accept {
                    let dst = &mut out[count * per..(count + 1) * per];
                    for (o, v) in dst.iter_mut().zip(slots.iter()) {
                        *o = v.map_or(-1, |v| v.get() as isize);
                    }
                    count += 1;
                }
            }
            if st.pos as usize > n {
                st.done = 1;
            }
        });
        Ok(count)
    }
}

impl Drop for Re {
    fn drop(&mut self) {
        self.forget_cache();
    }
}

/// Runs `f`, turning a panic into `FERRY_EPANIC`: a search reports an
/// engine failure as a status (Go's engine then answers) rather than
/// letting the generated shim abort the process.
fn guard<F: FnOnce() -> isize>(f: F) -> isize {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(FERRY_EPANIC as isize)
}

fn status(r: Result<bool, i32>) -> isize {
    match r {
        Ok(b) => b as isize,
        Err(s) => s as isize,
    }
}

/// Regexes compiled and not yet freed: lets the Go tests check that
/// garbage-collected regexes release their native memory.
static LIVE: AtomicIsize = AtomicIsize::new(0);

/// A compiled regex as Go holds it: counted in `LIVE` while it lives.
pub struct Handle(Re);

impl Drop for Handle {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The C ABI Go calls (rustre.h); rustre_ferry.rs holds the generated
/// shims that convert the arguments and call these.
pub struct RustreImpl;

impl rustre_ferry::Rustre for RustreImpl {
    type Regex = Handle;

    fn regex_new(pattern: &[u8]) -> Result<Handle, rustre_ferry::Error> {
        let Ok(pattern) = std::str::from_utf8(pattern) else {
            return Err(rustre_ferry::Error::new(rustre_ferry::Status::EINVAL, "pattern is not UTF-8"));
        };
        let re = Re::new(pattern).map_err(|msg| rustre_ferry::Error::new(rustre_ferry::Status::ESYNTAX, msg))?;
        LIVE.fetch_add(1, Ordering::Relaxed);
        Ok(Handle(re))
    }

    fn regex_slots(re: &Handle) -> usize {
        re.0.slots()
    }

    fn regex_is_match(re: &Handle, hay: &[u8], need: usize) -> isize {
        guard(|| status(re.0.is_match(hay, Need::from_raw(need))))
    }

    fn regex_find_at(re: &Handle, hay: &[u8], start: usize, out: &mut Span, need: usize) -> isize {
        guard(|| match re.0.find_at(hay, start, Need::from_raw(need)) {
            Ok(Some((s, e))) => {
                *out = Span { start: s as isize, end: e as isize };
                1
            }
            Ok(None) => 0,
            Err(s) => s as isize,
        })
    }

    fn regex_captures_at(re: &Handle, hay: &[u8], start: usize, out: &mut [isize], need: usize) -> isize {
        guard(|| status(re.0.captures_at(hay, start, Need::from_raw(need), out)))
    }

    fn regex_steps(re: &Handle, hay: &[u8], st: &mut Steps, out: &mut [isize]) -> isize {
        guard(|| match re.0.steps(hay, st, out) {
            Ok(k) => k as isize,
            Err(s) => s as isize,
        })
    }

    fn meets(hay: &[u8], need: usize) -> isize {
        Need::from_raw(need).met_by(hay) as isize
    }

    fn live() -> isize {
        LIVE.load(Ordering::Relaxed)
    }

    fn test_panic() -> isize {
        guard(|| panic!("ferry-regex: test panic"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn need_checks_input() {
        assert!(Need::Utf8.met_by("héllo".as_bytes()));
        assert!(!Need::Utf8.met_by(b"h\xffllo"));
        assert!(!Need::Ascii.met_by("héllo".as_bytes()));
        assert!(Need::Nothing.met_by(b"\xff"));
    }

    #[test]
    fn is_match_falls_back_on_invalid_utf8() {
        let re = Re::new(r"[^\n]y").unwrap();
        assert_eq!(re.is_match(b"xxy", Need::Utf8), Ok(true));
        // Go matches U+FFFD then y here; this engine cannot, so it says so.
        assert_eq!(re.is_match(b"\xffy", Need::Utf8), Err(FERRY_EUNSUPPORTED));
        assert_eq!(re.is_match(b"xx", Need::Utf8), Ok(false));
    }

    #[test]
    fn find_at_uses_context_before_start() {
        let re = Re::new(r"(?-u:\b)b").unwrap();
        assert_eq!(re.find_at(b"ab b", 1, Need::Nothing), Ok(Some((3, 4))));
        assert_eq!(re.find_at(b"ab", 3, Need::Nothing), Err(FERRY_EINVAL));
    }

    #[test]
    fn captures_reports_unmatched_groups() {
        let re = Re::new(r"(a)|(b)").unwrap();
        let mut out = [0isize; 6];
        assert_eq!(re.captures_at(b"xb", 0, Need::Nothing, &mut out), Ok(true));
        assert_eq!(out, [1, 2, -1, -1, 1, 2]);
        // A second regex on the same thread replaces the cached slots.
        let re2 = Re::new(r"(c)").unwrap();
        let mut out2 = [0isize; 4];
        assert_eq!(re2.captures_at(b"c", 0, Need::Nothing, &mut out2), Ok(true));
        assert_eq!(out2, [0, 1, 0, 1]);
        assert_eq!(re.captures_at(b"a", 0, Need::Nothing, &mut out), Ok(true));
        assert_eq!(out, [0, 1, 0, 1, -1, -1]);
        let mut short = [0isize; 2];
        assert_eq!(re.captures_at(b"a", 0, Need::Nothing, &mut short), Err(FERRY_EINVAL));
    }

    #[test]
    fn many_regexes_share_a_thread() {
        // More regexes than a thread keeps caches for, used in turn.
        let res: Vec<Re> = (0..CACHES_PER_THREAD + 3).map(|i| Re::new(&format!("a{{{i}}}b")).unwrap()).collect();
        for _ in 0..3 {
            for (i, re) in res.iter().enumerate() {
                let hay = format!("x{}b", "a".repeat(i));
                assert_eq!(re.find_at(hay.as_bytes(), 0, Need::Nothing), Ok(Some((1, i + 2))));
            }
        }
        let n = CACHES.with(|c| c.borrow().len());
        assert!(n <= CACHES_PER_THREAD);
        drop(res);
        // Each regex dropped its cache on this thread.
        assert_eq!(CACHES.with(|c| c.borrow().len()), 0);
    }

    #[test]
    fn threads_search_one_regex() {
        let re = std::sync::Arc::new(Re::new(r"(\d+)-(\d+)").unwrap());
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let re = re.clone();
                std::thread::spawn(move || {
                    for i in 0..200 {
                        let hay = format!("x{t}-{i}y");
                        let mut out = [0isize; 6];
                        assert_eq!(re.captures_at(hay.as_bytes(), 0, Need::Nothing, &mut out), Ok(true));
                        assert_eq!(out[0], 1);
                        assert_eq!(out[5] as usize, hay.len() - 1);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    }

    #[test]
    fn empty_class_and_limits() {
        // The Go side emits [a&&b] for a class that matches nothing.
        let re = Re::new(r"x[a&&b]|y").unwrap();
        assert_eq!(re.is_match(b"xa", Need::Nothing), Ok(false));
        assert_eq!(re.is_match(b"y", Need::Nothing), Ok(true));
        // Past the size limit: the Go side then uses Go's engine.
        assert!(Re::new(r"(?:[^\n]{1000}){1000}").is_err());
    }

    #[test]
    fn c_abi_round_trip() {
        use rustre_ferry::*;
        let view = |s: &[u8]| unsafe { std::mem::transmute::<(*const u8, usize), FerryStr>((s.as_ptr(), s.len())) };
        let before = unsafe { rustre_live() };
        unsafe {
            let mut re: *mut std::ffi::c_void = std::ptr::null_mut();
            let mut buf = [0u8; 256];
            let mut msg: FerryBytes = std::mem::transmute::<(*mut u8, usize), FerryBytes>((buf.as_mut_ptr(), buf.len()));
            assert_eq!(rustre_regex_new(view(b"(x)+"), &mut re, &mut msg), Status::OK);
            assert_eq!(rustre_live(), before + 1);
            assert_eq!(rustre_regex_slots(re), 4);
            let hay = b"axxb";
            assert_eq!(rustre_regex_is_match(re, view(hay), 0), 1);
            assert_eq!(rustre_regex_is_match(re, view(b""), 0), 0);
            let mut out = [0isize; 4];
            let positions = |out: &mut [isize]| std::mem::transmute::<(*mut isize, usize), Positions>((out.as_mut_ptr(), out.len()));
            let mut span = Span::default();
            assert_eq!(rustre_regex_find_at(re, view(hay), 0, &mut span, 0), 1);
            assert_eq!(span, Span { start: 1, end: 3 });
            assert_eq!(rustre_regex_captures_at(re, view(hay), 0, positions(&mut out), 0), 1);
            assert_eq!(out, [1, 3, 2, 3]);
            assert_eq!(rustre_regex_find_at(re, view(hay), 3, &mut span, 0), 0);
            assert_eq!(rustre_regex_captures_at(re, view(hay), 0, positions(&mut out[..3]), 0), FERRY_EINVAL as isize);
            rustre_regex_free(re);
            assert_eq!(rustre_live(), before);
        }
    }

    /// Collects every match the way Go's FindAll (or ReplaceAll) steps,
    /// in batches of `cap`.
    fn all(re: &Re, hay: &[u8], step: isize, cap: usize) -> Vec<(isize, isize)> {
        let mut st = Steps { pos: 0, prev_end: -1, step, per: 2, done: 0 };
        let mut got = Vec::new();
        let mut out = vec![0isize; 2 * cap];
        while st.done == 0 {
            let k = re.steps(hay, &mut st, &mut out).unwrap();
            got.extend((0..k).map(|i| (out[2 * i], out[2 * i + 1])));
        }
        got
    }

    #[test]
    fn steps_like_go() {
        // Go: regexp.MustCompile(`a*`).FindAllStringIndex("baaab", -1)
        // is [[0 0] [1 4] [5 5]]: no empty match right after "aaa".
        let re = Re::new("a*").unwrap();
        for cap in [1, 2, 64] {
            assert_eq!(all(&re, b"baaab", STEP_FIND_ALL, cap), [(0, 0), (1, 4), (5, 5)]);
        }
        // ReplaceAll reports the empty match at 4 too; Go then skips it.
        assert_eq!(all(&re, b"baaab", STEP_REPLACE, 3), [(0, 0), (1, 4), (4, 4), (5, 5)]);
        // Empty matches step over whole characters, and one byte of an
        // invalid sequence.
        let empty = Re::new("").unwrap();
        assert_eq!(all(&empty, b"\xc3\xa9\xff", STEP_FIND_ALL, 8), [(0, 0), (2, 2), (3, 3)]);
        assert_eq!(all(&empty, b"\xc3\xff", STEP_FIND_ALL, 8), [(0, 0), (1, 1), (2, 2)]);
        let mut st = Steps { per: 3, ..Steps::default() };
        assert_eq!(re.steps(b"", &mut st, &mut [0; 6]), Err(FERRY_EINVAL));
    }

    #[test]
    fn char_width_is_gos() {
        assert_eq!(char_width(b"", 0), 0);
        assert_eq!(char_width(b"a", 0), 1);
        assert_eq!(char_width("é".as_bytes(), 0), 2);
        assert_eq!(char_width("🙂".as_bytes(), 0), 4);
        assert_eq!(char_width(b"\xf0\x9f\x99", 0), 1); // truncated
        assert_eq!(char_width(b"\xed\xa0\x80", 0), 1); // surrogate
        assert_eq!(char_width(b"ab", 2), 0);
    }

    #[test]
    fn panics_become_status() {
        assert_eq!(unsafe { rustre_ferry::rustre_test_panic() }, FERRY_EPANIC as isize);
    }
}
