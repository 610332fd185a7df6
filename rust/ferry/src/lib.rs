//! ferry for Rust: calls into Go that cost what a call costs.
//!
//! - [`Status`] and [`Error`]: ferry's one table of status codes, and a
//!   failed call's status and message.
//! - Views ([`Str`], [`Bytes`], [`Slice`]) of memory one side lends the
//!   other for a call (generated modules use them both ways), and owned
//!   results ([`OwnedStr`], [`OwnedBytes`], [`OwnedSlice`], [`OwnedPtr`])
//!   that Go allocated with C's malloc and Rust frees on drop. Synchronous
//!   calls go through Go's cgo exports with these types in their
//!   signatures.
//! - [`Ring`]: asynchronous calls through a call ring served by Go worker
//!   goroutines; [`Ring::call_async`] returns a future that runs under any
//!   executor.
//!
//! - [`serve`]: what the shims of a generated Rust implementation call.
//!
//! With the default `bundled-runtime` feature the crate compiles the C
//! runtime it needs; turn it off in binaries that link a Go c-archive,
//! which carries the runtime already.

mod go;
mod oneway;
mod ring;
pub mod serve;
mod status;
pub mod sys;
mod views;

pub use go::assert_can_call_go;
pub use ring::{Call, CallMany, CallWithStatus, CloseMode, Request, Response, Ring};
pub use status::{check, Error, Status};
pub use views::{Bytes, OwnedBytes, OwnedPtr, OwnedSlice, OwnedStr, Slice, SliceBox, Str};
