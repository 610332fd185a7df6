//! The check before every call into a Go function's cgo export.

use std::cell::Cell;
use std::ffi::CStr;
use std::sync::atomic::Ordering;

use crate::sys;

thread_local! {
    /// The address range around this thread's stack that holds no ferry
    /// stack, and the registration epoch it holds for (0: none known).
    static FREE: Cell<[usize; 3]> = const { Cell::new([0; 3]) };
}

/// Dies with a message naming `what` if this thread runs inside a ferry
/// fast call, where a cgo export would kill the Go runtime; returns
/// otherwise. The inline form of C's `ferry_assert_can_call_go`, which the
/// generated wrappers call before every call into Go: a thread remembers
/// the range around its stack that holds no ferry stack until the next
/// stack is registered, so the usual answer is a few loads rather than a
/// call. Only for binaries that link Go (the runtime that registers the
/// stacks comes with the Go archive).
#[inline]
pub fn assert_can_call_go(what: &CStr) {
    let here = 0u8;
    let sp = std::hint::black_box(&here) as *const u8 as usize;
    let [lo, hi, epoch] = FREE.get();
    // SAFETY: a C11 atomic the Go archive's runtime defines.
    if epoch == unsafe { sys::ferry_stack_epoch.load(Ordering::Acquire) } && lo <= sp && sp < hi {
        return;
    }
    check_slowly(what, sp);
}

#[cold]
#[inline(never)]
fn check_slowly(what: &CStr, sp: usize) {
    let mut range = [0usize; 2];
    // SAFETY: range is a valid [usize; 2] to write.
    let epoch = unsafe { sys::ferry_stack_free_range(sp, &mut range) };
    if epoch == 0 {
        // SAFETY: what is NUL-terminated; this dies with the message.
        unsafe { sys::ferry_assert_can_call_go(what.as_ptr()) };
    }
    FREE.set([range[0], range[1], epoch]);
}
