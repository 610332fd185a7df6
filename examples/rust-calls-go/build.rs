//! Builds the Go half (go/) as a c-archive and links it. The archive also
//! carries ferry's C runtime (the ring), which the ferry crate then uses.
use std::path::PathBuf;
use std::process::Command;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let root = dir.join("../..");
    for path in [
        "go",
        "../../ring",
        "../../src",
        "../../include",
        "../../internal/cruntime",
    ] {
        println!("cargo:rerun-if-changed={}", dir.join(path).display());
    }
    let go = std::env::var("GO").unwrap_or_else(|_| "go".to_string());
    // Go's build cache does not see src/ and include/: refresh the hash of
    // them that internal/cruntime carries, or a stale runtime gets linked.
    let status = Command::new(&go)
        .current_dir(&root)
        .args(["generate", "./internal/cruntime"])
        .status()
        .expect("cannot run go");
    assert!(status.success(), "go generate ./internal/cruntime failed");
    let status = Command::new(&go)
        .current_dir(&root)
        .args(["build", "-buildmode=c-archive", "-o"])
        .arg(out.join("libdemo.a"))
        .arg("./examples/rust-calls-go/go")
        .status()
        .expect("cannot run go");
    assert!(status.success(), "go build -buildmode=c-archive failed");
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=demo");
    println!("cargo:rustc-link-lib=dylib=pthread");
}
