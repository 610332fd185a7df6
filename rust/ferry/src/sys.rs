//! Raw declarations of the C runtime's interface (include/ferry.h,
//! include/ferry_ring.h). Layouts are checked by tests.
#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_int, c_void};

/// `ferry_ring`: opaque.
#[repr(C)]
pub struct ferry_ring {
    _opaque: [u8; 0],
}

/// `ferry_call_done_fn`.
pub type ferry_call_done_fn =
    Option<unsafe extern "C" fn(call: *mut ferry_call, user: *mut c_void)>;

/// `ferry_call`: one call, owned by the caller until it completes.
#[repr(C)]
pub struct ferry_call {
    pub handler: u32,
    pub state: u32,
    pub status: i32,
    pub reserved: u32,
    pub args: *const c_void,
    pub result: *mut c_void,
    pub done: ferry_call_done_fn,
    pub user: *mut c_void,
}

/// `FERRY_RING_DRAIN`: servers run the queued calls.
pub const FERRY_RING_DRAIN: c_int = 0;
/// `FERRY_RING_CANCEL`: queued calls complete with `FERRY_ECANCELED`.
pub const FERRY_RING_CANCEL: c_int = 1;

extern "C" {
    pub fn ferry_strerror(status: c_int) -> *const c_char;
    pub fn ferry_status_name(status: c_int) -> *const c_char;

    pub fn ferry_call_init(
        call: *mut ferry_call,
        handler: u32,
        args: *const c_void,
        result: *mut c_void,
        done: ferry_call_done_fn,
        user: *mut c_void,
    );
    pub fn ferry_call_is_done(call: *const ferry_call) -> c_int;
    pub fn ferry_call_wait(call: *mut ferry_call) -> c_int;
    pub fn ferry_call_complete(call: *mut ferry_call, status: c_int);

    pub fn ferry_ring_new(capacity: usize, out: *mut *mut ferry_ring) -> c_int;
    pub fn ferry_ring_free(ring: *mut ferry_ring);
    pub fn ferry_ring_capacity(ring: *const ferry_ring) -> usize;
    pub fn ferry_ring_length(ring: *const ferry_ring) -> usize;
    pub fn ferry_ring_try_submit(ring: *mut ferry_ring, call: *mut ferry_call) -> c_int;
    pub fn ferry_ring_submit(ring: *mut ferry_ring, call: *mut ferry_call) -> c_int;
    pub fn ferry_ring_try_submit_many(
        ring: *mut ferry_ring,
        calls: *const *mut ferry_call,
        n: usize,
    ) -> c_int;
    pub fn ferry_ring_submit_many(
        ring: *mut ferry_ring,
        calls: *const *mut ferry_call,
        n: usize,
    ) -> c_int;
    pub fn ferry_ring_call(ring: *mut ferry_ring, call: *mut ferry_call) -> c_int;
    pub fn ferry_ring_take(ring: *mut ferry_ring, calls: *mut *mut ferry_call, max: usize)
        -> c_int;
    pub fn ferry_ring_wait_take(
        ring: *mut ferry_ring,
        calls: *mut *mut ferry_call,
        max: usize,
    ) -> c_int;
    pub fn ferry_ring_set_idle_spin(ring: *mut ferry_ring, usec: u32);
    pub fn ferry_ring_close(ring: *mut ferry_ring, mode: c_int) -> c_int;
    pub fn ferry_ring_is_closed(ring: *const ferry_ring) -> c_int;

    /// Dies with a message if the caller runs inside a ferry fast call,
    /// where calling a cgo export would kill the Go runtime; what names the
    /// Go function. Provided by the Go side's runtime (src/overflow.c is
    /// not in this crate's bundled runtime): call it only in binaries that
    /// link Go.
    pub fn ferry_assert_can_call_go(what: *const c_char);

    /// If `sp` is on none of ferry's native stacks, stores the address
    /// range around it that holds none and returns the registration epoch
    /// the answer holds for; 0 if `sp` is on one. From the Go side's
    /// runtime, like `ferry_assert_can_call_go`.
    pub fn ferry_stack_free_range(sp: usize, range: *mut [usize; 2]) -> usize;

    /// Counts ferry's stack registrations (C's `_Atomic unsigned long`).
    pub static ferry_stack_epoch: core::sync::atomic::AtomicUsize;
}

extern "C" {
    /// C's free, which releases results the Go side allocated with malloc.
    pub fn free(ptr: *mut c_void);
    /// C's malloc, for Rust-side servers and tests that make results.
    pub fn malloc(size: usize) -> *mut c_void;
}
