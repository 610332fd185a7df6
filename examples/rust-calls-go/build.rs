//! Builds the Go half (go/) as a c-archive and links it. The archive also
//! carries ferry's C runtime (the ring), which the ferry crate then uses.
fn main() {
    ferry_gen_build::go_archive(
        "../..",
        "./examples/rust-calls-go/go",
        "demo",
        &["examples/rust-calls-go/go", "ring", "internal/cruntime"],
    )
    .unwrap();
}
