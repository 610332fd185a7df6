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
use std::sync::atomic::{AtomicU64, Ordering};

use regex::bytes::{CaptureLocations, Regex, RegexBuilder};

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

/// A compiled pattern. Shared by every goroutine that uses the Go
/// `*Regexp`: `Regex` is `Sync`, and per-search scratch lives in the
/// calling thread (see `LOCS`).
pub struct Re {
    re: Regex,
    id: u64,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// Capture slots for the last regex this thread searched with captures,
    /// reused so that a search allocates nothing. Keyed by `Re::id`, never
    /// by address: a freed regex's address can be reused.
    static LOCS: RefCell<Option<(u64, CaptureLocations)>> = const { RefCell::new(None) };
}

/// Limits on what one pattern may cost. Above them `ferry_regex_new` fails
/// and the Go side uses Go's engine for the pattern.
const SIZE_LIMIT: usize = 32 << 20;
const DFA_SIZE_LIMIT: usize = 8 << 20;
/// The translated pattern nests deeper than Go's (Go allows 1000 levels
/// and the translation adds a group per repetition).
const NEST_LIMIT: u32 = 4000;

impl Re {
    /// Compiles a pattern in the syntax the Go side emits.
    pub fn new(pattern: &str) -> Result<Re, regex::Error> {
        let re = RegexBuilder::new(pattern)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(DFA_SIZE_LIMIT)
            .nest_limit(NEST_LIMIT)
            .build()?;
        Ok(Re {
            re,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// The number of capture slots (2 per group, group 0 included).
    pub fn slots(&self) -> usize {
        2 * self.re.captures_len()
    }

    pub fn is_match(&self, hay: &[u8], need: Need) -> Result<bool, i32> {
        if need == Need::Ascii && !need.met_by(hay) {
            return Err(FERRY_EUNSUPPORTED);
        }
        if self.re.is_match(hay) {
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
        Ok(self.re.find_at(hay, start).map(|m| (m.start(), m.end())))
    }

    /// Like `find_at`, with every group: `out` gets `slots()` positions,
    /// -1 for a group that did not take part. `out` must hold `slots()`.
    pub fn captures_at(&self, hay: &[u8], start: usize, need: Need, out: &mut [isize]) -> Result<bool, i32> {
        if start > hay.len() || out.len() < self.slots() {
            return Err(FERRY_EINVAL);
        }
        if !need.met_by(hay) {
            return Err(FERRY_EUNSUPPORTED);
        }
        LOCS.with(|cell| {
            let mut cached = cell.borrow_mut();
            if cached.as_ref().map(|(id, _)| *id) != Some(self.id) {
                *cached = Some((self.id, self.re.capture_locations()));
            }
            let locs = &mut cached.as_mut().unwrap().1;
            if self.re.captures_read_at(locs, hay, start).is_none() {
                return Ok(false);
            }
            for i in 0..locs.len() {
                let (s, e) = locs.get(i).map_or((-1, -1), |(s, e)| (s as isize, e as isize));
                out[2 * i] = s;
                out[2 * i + 1] = e;
            }
            Ok(true)
        })
    }
}

/// Runs `f`, turning a panic into `FERRY_EPANIC`.
fn guard<F: FnOnce() -> isize>(f: F) -> isize {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(FERRY_EPANIC as isize)
}

/// A borrowed byte view; `ptr` may be null when `len` is 0.
///
/// # Safety
/// `ptr` must be valid for `len` bytes for the returned lifetime.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(ptr, len)
    }
}

fn status(r: Result<bool, i32>) -> isize {
    match r {
        Ok(b) => b as isize,
        Err(s) => s as isize,
    }
}

/// Compiles `pattern` (UTF-8, `len` bytes) into `*out`. On failure writes
/// up to `errcap` bytes of the engine's message to `err` (not
/// NUL-terminated) and returns `FERRY_ESYNTAX` with the message length
/// stored in `*errlen`.
///
/// # Safety
/// Pointers must be valid as described; `out` and `errlen` non-null.
#[no_mangle]
pub unsafe extern "C" fn ferry_regex_new(
    pattern: *const u8,
    len: usize,
    out: *mut *mut Re,
    err: *mut u8,
    errcap: usize,
    errlen: *mut usize,
) -> i32 {
    guard(|| {
        if out.is_null() || errlen.is_null() {
            return FERRY_EINVAL as isize;
        }
        *out = std::ptr::null_mut();
        *errlen = 0;
        let Ok(pattern) = std::str::from_utf8(bytes(pattern, len)) else {
            return FERRY_EINVAL as isize;
        };
        match Re::new(pattern) {
            Ok(re) => {
                *out = Box::into_raw(Box::new(re));
                FERRY_OK as isize
            }
            Err(e) => {
                let msg = e.to_string();
                let n = msg.len().min(errcap);
                if n > 0 && !err.is_null() {
                    std::ptr::copy_nonoverlapping(msg.as_ptr(), err, n);
                }
                *errlen = n;
                FERRY_ESYNTAX as isize
            }
        }
    }) as i32
}

/// Frees a regex made by `ferry_regex_new`; null is ignored.
///
/// # Safety
/// `re` must come from `ferry_regex_new` and not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn ferry_regex_free(re: *mut Re) -> i32 {
    guard(|| {
        if !re.is_null() {
            drop(Box::from_raw(re));
        }
        FERRY_OK as isize
    }) as i32
}

/// The number of capture slots of `re` (2 per group, group 0 included).
///
/// # Safety
/// `re` must be a live regex.
#[no_mangle]
pub unsafe extern "C" fn ferry_regex_slots(re: *const Re) -> isize {
    guard(|| (*re).slots() as isize)
}

/// Reports whether `hay` contains a match: 1, 0 or a negative status.
///
/// # Safety
/// `re` must be a live regex and `hay` valid for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn ferry_regex_is_match(re: *const Re, hay: *const u8, len: usize, need: usize) -> isize {
    guard(|| status((*re).is_match(bytes(hay, len), Need::from_raw(need))))
}

/// Finds the leftmost-first match at or after `start`; on a match writes
/// its start and end to `out[0]`, `out[1]` and returns 1.
///
/// # Safety
/// `re` must be a live regex, `hay` valid for `len` bytes, `out` for 2.
#[no_mangle]
pub unsafe extern "C" fn ferry_regex_find_at(
    re: *const Re,
    hay: *const u8,
    len: usize,
    start: usize,
    out: *mut isize,
    need: usize,
) -> isize {
    guard(|| match (*re).find_at(bytes(hay, len), start, Need::from_raw(need)) {
        Ok(Some((s, e))) => {
            *out = s as isize;
            *out.add(1) = e as isize;
            1
        }
        Ok(None) => 0,
        Err(s) => s as isize,
    })
}

/// Like `ferry_regex_find_at` with every group: writes `ferry_regex_slots`
/// positions to `out` (-1 for a group that did not take part).
///
/// # Safety
/// `re` must be a live regex, `hay` valid for `len` bytes, `out` for
/// `ferry_regex_slots(re)` elements.
#[no_mangle]
pub unsafe extern "C" fn ferry_regex_captures_at(
    re: *const Re,
    hay: *const u8,
    len: usize,
    start: usize,
    out: *mut isize,
    need: usize,
) -> isize {
    guard(|| {
        let re = &*re;
        let out = std::slice::from_raw_parts_mut(out, re.slots());
        status(re.captures_at(bytes(hay, len), start, Need::from_raw(need), out))
    })
}

/// Reports whether `hay` meets requirement `need` (1 or 0): the Go side
/// checks once before a loop of searches, which then pass `need` 0.
///
/// # Safety
/// `hay` must be valid for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn ferry_regex_meets(hay: *const u8, len: usize, need: usize) -> isize {
    guard(|| Need::from_raw(need).met_by(bytes(hay, len)) as isize)
}

/// Panics inside the guard and returns what the guard made of it
/// (`FERRY_EPANIC`): lets the Go tests check that nothing unwinds into Go.
#[no_mangle]
pub extern "C" fn ferry_regex_test_panic() -> isize {
    guard(|| panic!("ferry-regex: test panic"))
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
    fn empty_class_and_limits() {
        // The Go side emits [a&&b] for a class that matches nothing.
        let re = Re::new(r"x[a&&b]|y").unwrap();
        assert!(!re.re.is_match(b"xa"));
        assert!(re.re.is_match(b"y"));
        // Past the size limit: the Go side then uses Go's engine.
        assert!(Re::new(r"(?:[^\n]{1000}){1000}").is_err());
    }

    #[test]
    fn c_abi_round_trip() {
        unsafe {
            let pat = "(x)+";
            let mut re: *mut Re = std::ptr::null_mut();
            let mut errlen = 0usize;
            let st = ferry_regex_new(pat.as_ptr(), pat.len(), &mut re, std::ptr::null_mut(), 0, &mut errlen);
            assert_eq!(st, FERRY_OK);
            assert_eq!(ferry_regex_slots(re), 4);
            let hay = b"axxb";
            assert_eq!(ferry_regex_is_match(re, hay.as_ptr(), hay.len(), 0), 1);
            assert_eq!(ferry_regex_is_match(re, std::ptr::null(), 0, 0), 0);
            let mut out = [0isize; 4];
            assert_eq!(ferry_regex_find_at(re, hay.as_ptr(), hay.len(), 0, out.as_mut_ptr(), 0), 1);
            assert_eq!(&out[..2], &[1, 3]);
            assert_eq!(ferry_regex_captures_at(re, hay.as_ptr(), hay.len(), 0, out.as_mut_ptr(), 0), 1);
            assert_eq!(out, [1, 3, 2, 3]);
            assert_eq!(ferry_regex_find_at(re, hay.as_ptr(), hay.len(), 3, out.as_mut_ptr(), 0), 0);
            assert_eq!(ferry_regex_free(re), FERRY_OK);

            let bad = "(";
            let mut buf = [0u8; 256];
            let st = ferry_regex_new(bad.as_ptr(), bad.len(), &mut re, buf.as_mut_ptr(), buf.len(), &mut errlen);
            assert_eq!(st, FERRY_ESYNTAX);
            assert!(re.is_null());
            assert!(errlen > 0 && errlen <= buf.len());
            let invalid = b"\xff";
            let st = ferry_regex_new(invalid.as_ptr(), 1, &mut re, std::ptr::null_mut(), 0, &mut errlen);
            assert_eq!(st, FERRY_EINVAL);
        }
    }

    #[test]
    fn panics_become_status() {
        assert_eq!(ferry_regex_test_panic(), FERRY_EPANIC as isize);
    }
}
