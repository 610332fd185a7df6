//! The Rust half of examples/rust-calls-go: the module ferry-gen generated
//! from go/demo.h (`demo_ferry.rs`, checked in; `make test` compares it
//! with a fresh run), and the benchmark's hand-written baseline, a plain
//! cgo export. Used by the demo (main.rs), the stress run and the
//! benchmark (bin/).

#[allow(dead_code, clippy::too_many_arguments)]
#[path = "demo_ferry.rs"]
mod demo_ferry;

pub use demo_ferry::*;

extern "C" {
    /// `int64 demo_add_cgo(int64, int64)`: a plain cgo export (go/demo.go),
    /// the benchmark's baseline.
    pub fn demo_add_cgo(a: i64, b: i64) -> i64;
}
