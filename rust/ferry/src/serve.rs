//! What the extern "C" shims of a generated Rust implementation call
//! (ferry-gen's emit_rust_serve.c): run the implementation without
//! letting a panic unwind into Go, turn an `Err` or a panic into a status
//! and a message, and box the values behind handles. Not meant for
//! hand-written code.

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::status::{Error, Status};
use crate::views::Bytes;

/// Runs f. A panic must not unwind into Go, and a function without a
/// status has no way to report one, so it aborts the process.
pub fn guard<R>(f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => std::process::abort(),
    }
}

/// Runs f: stores its results on success and returns OK; reports an
/// `Err` or a panic as a status and a message in buf (which may be null).
///
/// # Safety
/// As [`Error::report`] for buf.
pub unsafe fn status<T>(
    buf: *mut Bytes<'_>,
    f: impl FnOnce() -> Result<T, Error>,
    store: impl FnOnce(T),
) -> Status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => {
            store(v);
            Status::OK
        }
        // SAFETY: as the caller promises.
        Ok(Err(e)) => unsafe { e.report(buf) },
        Err(p) => unsafe { Error::from_panic(p).report(buf) },
    }
}

/// A handle for Go: the boxed value, which [`unbox`] takes back in the
/// handle's destructor.
pub fn boxed<T>(v: T) -> *mut c_void {
    Box::into_raw(Box::new(v)).cast()
}

/// Takes back the value of a handle [`boxed`] made.
///
/// # Safety
/// p came from `boxed::<T>` and is not used again.
pub unsafe fn unbox<T>(p: *mut c_void) -> Box<T> {
    // SAFETY: as the caller promises.
    unsafe { Box::from_raw(p.cast()) }
}
