//! The status codes of `FERRY_STATUS_MAP` in include/ferry.h. The rows are
//! generated from it into status_table.rs (scripts/gen-rust-status; `make
//! test-rust` checks the file is fresh), and a test checks them against
//! the C runtime's `ferry_strerror` and `ferry_status_name`.

use std::fmt;

macro_rules! statuses {
    ($($variant:ident = $value:literal, $name:literal, $message:literal;)*) => {
        /// A status from ferry's one table of status codes, shared by C, Go
        /// and Rust.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(i32)]
        pub enum Status {
            $(#[doc = $message] $variant = $value,)*
        }

        impl Status {
            /// Every status, in the table's order.
            pub const ALL: &'static [Status] = &[$(Status::$variant,)*];

            /// The status with this code, if the table has one.
            pub fn from_code(code: i32) -> Option<Status> {
                match code {
                    $($value => Some(Status::$variant),)*
                    _ => None,
                }
            }

            /// The status's name in the C table, e.g. "EINVAL".
            pub fn name(self) -> &'static str {
                match self { $(Status::$variant => $name,)* }
            }

            /// The status's message, e.g. "invalid argument".
            pub fn message(self) -> &'static str {
                match self { $(Status::$variant => $message,)* }
            }
        }
    };
}

// The rows, generated from FERRY_STATUS_MAP (scripts/gen-rust-status).
include!("status_table.rs");

impl Status {
    /// The status's code, as C and Go write it.
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// A failed call: a non-zero status code, usually one of [`Status`] (a Go
/// handler may return codes of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error {
    code: i32,
}

impl Error {
    /// The error for a status code; `None` for 0 (success).
    pub fn from_code(code: i32) -> Option<Error> {
        (code != 0).then_some(Error { code })
    }

    /// The raw code.
    pub fn code(self) -> i32 {
        self.code
    }

    /// The status, when the code is in the table.
    pub fn status(self) -> Option<Status> {
        Status::from_code(self.code)
    }
}

impl From<Status> for Error {
    fn from(status: Status) -> Error {
        Error {
            code: status.code(),
        }
    }
}

impl PartialEq<Status> for Error {
    fn eq(&self, other: &Status) -> bool {
        self.code == other.code()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status() {
            Some(s) => write!(f, "ferry: {} ({})", s.message(), s.name()),
            None => write!(f, "ferry: status {}", self.code),
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
