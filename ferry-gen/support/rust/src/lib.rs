//! The support code of generated Rust modules (emit_rust.c and friends),
//! compiled the way a module is: the regions of these files are the text
//! ferry-gen writes, and what surrounds them stands in for what a module
//! declares itself. Only what is per module is here; the types and helpers
//! every module uses are the ferry crate's (rust/ferry). Nothing uses
//! this crate.
#![allow(dead_code)]

mod callback_support;
