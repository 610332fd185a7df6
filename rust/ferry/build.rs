//! Compiles the part of ferry's C runtime this crate calls (the status
//! table and the call ring) unless the `bundled-runtime` feature is off,
//! in which case another library in the binary (a Go c-archive) must
//! provide the ferry_ symbols. The C files are `csrc/` in the packaged
//! crate (`make crates` copies them there), `../..` (src/, include/) in
//! the repository.
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = if dir.join("csrc").is_dir() {
        dir.join("csrc")
    } else {
        dir.join("../..")
    };
    let sources = ["src/status.c", "src/ring.c"];
    for path in sources
        .iter()
        .chain(&["include/ferry.h", "include/ferry_ring.h"])
    {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    if std::env::var_os("CARGO_FEATURE_BUNDLED_RUNTIME").is_none() {
        return;
    }
    cc::Build::new()
        .files(sources.iter().map(|s| root.join(s)))
        .include(root.join("include"))
        .flag("-std=gnu11")
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .compile("ferry_runtime");
}
