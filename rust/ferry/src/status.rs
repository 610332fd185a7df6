//! The status codes of `FERRY_STATUS_MAP` in include/ferry.h, and the
//! error of a failed call. The table's rows are generated from it into
//! status_table.rs (scripts/gen-rust-status; `make test-rust` checks the
//! file is fresh), and a test checks them against the C runtime's
//! `ferry_strerror` and `ferry_status_name`.

use std::any::Any;
use std::fmt;
use std::ptr;

use crate::views::Bytes;

/// A status code as C, Go and Rust pass it: 0 for success, negative for
/// the failures of ferry's one table (the constants), and any other value
/// a Go or C function returns of its own. Same layout as C's `int`.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Status(pub i32);

macro_rules! statuses {
    ($($name:ident ($old:ident) = $value:literal, $message:literal;)*) => {
        impl Status {
            $(#[doc = $message] pub const $name: Status = Status($value);)*

            /// Every status of the table, in its order.
            pub const ALL: &'static [Status] = &[$(Status::$name,)*];

            /// The status's name in the C table, e.g. "EINVAL"; "UNKNOWN"
            /// for a code the table lacks (as C's `ferry_status_name`).
            pub fn name(self) -> &'static str {
                match self.0 {
                    $($value => stringify!($name),)*
                    _ => "UNKNOWN",
                }
            }

            /// The status's message, e.g. "invalid argument"; "unknown
            /// status" for a code the table lacks (as C's `ferry_strerror`).
            pub fn message(self) -> &'static str {
                match self.0 {
                    $($value => $message,)*
                    _ => "unknown status",
                }
            }
        }

        /// The names the statuses had when Status was an enum; ring.rs and
        /// its tests still use them.
        #[allow(non_upper_case_globals)]
        impl Status {
            $(#[doc(hidden)] pub const $old: Status = Status::$name;)*
        }
    };
}

// The rows, generated from FERRY_STATUS_MAP (scripts/gen-rust-status).
include!("status_table.rs");

impl Status {
    /// The status with this code, if the table has one.
    pub fn from_code(code: i32) -> Option<Status> {
        Status(code).is_known().then_some(Status(code))
    }

    /// Whether the table has this code.
    pub fn is_known(self) -> bool {
        self.name() != "UNKNOWN"
    }

    /// The status's code, as C and Go write it.
    pub fn code(self) -> i32 {
        self.0
    }
}

impl fmt::Debug for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_known() {
            f.write_str(self.name())
        } else {
            write!(f, "Status({})", self.0)
        }
    }
}

/// A failed call: a status that is not OK and a message, which may be
/// empty (Go's `*ferry.Error`). Generated Rust implementations return it,
/// and the calls into Go fail with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Error {
    pub status: Status,
    pub message: String,
}

impl Error {
    /// An error with a status and a message.
    pub fn new(status: Status, message: impl Into<String>) -> Error {
        Error {
            status,
            message: message.into(),
        }
    }

    /// The error for a status code, without a message; `None` for 0
    /// (success).
    pub fn from_code(code: i32) -> Option<Error> {
        (code != 0).then(|| Error::new(Status(code), String::new()))
    }

    /// The raw code.
    pub fn code(&self) -> i32 {
        self.status.0
    }

    /// The error of a caught panic: EPANIC, "panic: " and the panic's
    /// message.
    pub fn from_panic(payload: Box<dyn Any + Send>) -> Error {
        let what = if let Some(s) = payload.downcast_ref::<&str>() {
            s.to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            String::from("panic")
        };
        Error::new(Status::EPANIC, format!("panic: {what}"))
    }

    /// Reports the error to a Go caller: copies the message into the
    /// buffer Go lent (cut to its size; buf may be null), sets the
    /// buffer's length to what was copied, and returns the status, never
    /// OK (that would make Go read results nobody wrote): EINTERNAL then.
    ///
    /// # Safety
    /// buf is null or points to a view of writable memory that nothing
    /// else uses during the call.
    pub unsafe fn report(self, buf: *mut Bytes<'_>) -> Status {
        // SAFETY: as the caller promises.
        if let Some(buf) = unsafe { buf.as_mut() } {
            let n = self.message.len().min(buf.len);
            if n > 0 {
                // SAFETY: n bytes fit in the writable view.
                unsafe { ptr::copy_nonoverlapping(self.message.as_ptr(), buf.ptr.cast_mut(), n) };
            }
            buf.len = n;
        }
        if self.status == Status::OK {
            Status::EINTERNAL
        } else {
            self.status
        }
    }
}

impl From<Status> for Error {
    fn from(status: Status) -> Error {
        Error::new(status, String::new())
    }
}

impl PartialEq<Status> for Error {
    fn eq(&self, other: &Status) -> bool {
        self.status == *other
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.status;
        match (s.is_known(), self.message.is_empty()) {
            (true, true) => write!(f, "ferry: {} ({})", s.message(), s.name()),
            (true, false) => write!(f, "ferry: {} ({})", self.message, s.name()),
            (false, true) => write!(f, "ferry: status {}", s.0),
            (false, false) => write!(f, "ferry: {} (status {})", self.message, s.0),
        }
    }
}

impl std::error::Error for Error {}

/// `Ok(())` for 0, the error otherwise.
pub fn check(code: i32) -> Result<(), Error> {
    match Error::from_code(code) {
        None => Ok(()),
        Some(e) => Err(e),
    }
}
