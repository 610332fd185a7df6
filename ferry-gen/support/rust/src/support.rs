//! What every generated module carries: the ABI types and the shims'
//! helpers (rs_support, rs_support_after_status; between them a module
//! has its status constants, from FERRY_STATUS_MAP).

use std::any::Any;
use std::borrow::Cow;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};

// ferry-gen:begin rs_support
/// A string borrowed from Go for the duration of one call (`ferry_str`).
#[repr(C)]
pub struct FerryStr {
    ptr: *const u8,
    len: usize,
}

impl FerryStr {
    /// The bytes, which Go does not promise are UTF-8.
    pub fn as_bytes(&self) -> &[u8] {
        if self.len == 0 {
            return &[];
        }
        // Go passed a pointer and a length that are valid for the call.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// The string, with invalid UTF-8 replaced by U+FFFD.
    pub fn to_str_lossy(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }
}

/// A writable byte buffer borrowed from Go for one call (`ferry_bytes`).
#[repr(C)]
pub struct FerryBytes {
    ptr: *mut u8,
    len: usize,
}

impl FerryBytes {
    pub fn as_slice(&self) -> &[u8] {
        if self.len == 0 {
            return &[];
        }
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        if self.len == 0 {
            return &mut [];
        }
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

/// An array borrowed from Go for one call (`FERRY_SLICE_OF(T)`).
#[repr(C)]
pub struct FerrySlice<T> {
    ptr: *mut T,
    len: usize,
}

impl<T> FerrySlice<T> {
    pub fn as_slice(&self) -> &[T] {
        if self.len == 0 {
            return &[];
        }
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    pub fn as_mut_slice(&mut self) -> &mut [T] {
        if self.len == 0 {
            return &mut [];
        }
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

/// An optional value borrowed from Go for one call (`const T * FERRY_OPTIONAL`).
#[repr(transparent)]
pub struct FerryOptional<T>(*const T);

impl<T> FerryOptional<T> {
    pub fn get(&self) -> Option<&T> {
        unsafe { self.0.as_ref() }
    }
}

/// A status code from ferry's one table (`include/ferry.h`).
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Status(pub i32);
// ferry-gen:end

// A module's status constants, those the regions use.
impl Status {
    pub const OK: Status = Status(0);
    pub const EPANIC: Status = Status(-6);
    pub const EINTERNAL: Status = Status(-11);
}

// ferry-gen:begin rs_support_after_status

/// A failure to report to Go: a status and a message (Go's `*Error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub status: Status,
    pub message: String,
}

impl Error {
    pub fn new(status: Status, message: impl Into<String>) -> Error {
        Error {
            status,
            message: message.into(),
        }
    }

    fn from_panic(payload: std::boxed::Box<dyn Any + Send>) -> Error {
        let what = if let Some(s) = payload.downcast_ref::<&str>() {
            s.to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            String::from("panic")
        };
        Error::new(Status::EPANIC, format!("panic: {what}"))
    }

    /// Copies the message into Go's buffer, cut to its size, and returns the
    /// status (never OK: that would make Go read results that were not written).
    unsafe fn report(self, buf: *mut FerryBytes) -> Status {
        if let Some(buf) = unsafe { buf.as_mut() } {
            let n = self.message.len().min(buf.len);
            buf.as_mut_slice()[..n].copy_from_slice(&self.message.as_bytes()[..n]);
            buf.len = n;
        }
        if self.status == Status::OK {
            Status::EINTERNAL
        } else {
            self.status
        }
    }
}

/// Runs f. A panic must not unwind into Go, and this function has no status to
/// report it with, so it aborts the process.
fn ferry_guard<R>(f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => std::process::abort(),
    }
}

/// Runs f: stores its results on success, reports an Err or a panic as a status
/// and a message in buf (which may be null).
unsafe fn ferry_status<T>(
    buf: *mut FerryBytes,
    f: impl FnOnce() -> Result<T, Error>,
    store: impl FnOnce(T),
) -> Status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => {
            store(v);
            Status::OK
        }
        Ok(Err(e)) => unsafe { e.report(buf) },
        Err(p) => unsafe { Error::from_panic(p).report(buf) },
    }
}

/// A handle for Go: the boxed value, freed by ferry_unbox in the destructor.
fn ferry_box<T>(v: T) -> *mut c_void {
    std::boxed::Box::into_raw(std::boxed::Box::new(v)).cast()
}

unsafe fn ferry_unbox<T>(p: *mut c_void) -> std::boxed::Box<T> {
    unsafe { std::boxed::Box::from_raw(p.cast()) }
}

unsafe fn ferry_optional_str<'a>(p: *const FerryStr) -> Option<Cow<'a, str>> {
    unsafe { p.as_ref() }.map(FerryStr::to_str_lossy)
}
// ferry-gen:end
