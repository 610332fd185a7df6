//! The Rust half of examples/rust-calls-go: the module ferry-gen generated
//! from go/demo.h (`demo_ferry.rs`, checked in; `make test` compares it
//! with a fresh run), and the benchmark's hand-written baselines, cgo
//! exports. Used by the demo (main.rs), the stress run and the
//! benchmark (bin/).

#[allow(dead_code, clippy::too_many_arguments)]
#[path = "demo_ferry.rs"]
mod demo_ferry;

pub use demo_ferry::*;

extern "C" {
    /// `int64 demo_add_cgo(int64, int64)`: a plain cgo export (go/demo.go),
    /// the benchmark's baseline.
    pub fn demo_add_cgo(a: i64, b: i64) -> i64;
    /// `int32 demo_add_cgo_status(int64, int64, int64 *sum)`: the same
    /// with the generated sync export's shape (a status, the sum written
    /// in place) and no panic guard (go/demo.go).
    pub fn demo_add_cgo_status(a: i64, b: i64, sum: *mut i64) -> i32;
    /// The generated sync export of `demo_add_sync`, which `add_sync`
    /// calls after `ferry::assert_can_call_go`; the benchmark calls it
    /// without the check too.
    pub fn ferry__go_demo_add_sync(a: i64, b: i64, sum: *mut i64) -> Status;
}
