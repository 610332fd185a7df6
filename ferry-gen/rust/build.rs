//! Compiles ferry-gen from its C sources into OUT_DIR, for build scripts on
//! machines with no ferry-gen installed: `rust_module` runs it when
//! FERRY_GEN is unset and PATH has no ferry-gen. The sources are
//! `csrc/` in the packaged crate (`make crates` copies them there) and
//! `..` (ferry-gen/) and `../../include` in the repository.
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let (src, include) = if dir.join("csrc").is_dir() {
        (dir.join("csrc"), dir.join("csrc/include"))
    } else {
        (dir.join(".."), dir.join("../../include"))
    };
    let mut sources: Vec<PathBuf> = fs::read_dir(&src)
        .unwrap_or_else(|e| panic!("ferry-gen's sources in {}: {e}", src.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "c" || x == "h"))
        .collect();
    sources.sort();
    for path in sources.iter().chain([&include]) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap()).join("ferry-gen");
    // The compiler cc would use for the host: ferry-gen runs at build time.
    let host = env::var("HOST").unwrap();
    let mut cmd = cc::Build::new()
        .target(&host)
        .host(&host)
        .opt_level(2)
        .cargo_metadata(false)
        .get_compiler()
        .to_command();
    cmd.args(["-std=c11", "-D_POSIX_C_SOURCE=200809L"])
        .arg("-I")
        .arg(&include)
        .arg("-o")
        .arg(&out)
        .args(sources.iter().filter(|p| is_c(p)));
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run the C compiler ({cmd:?}): {e}"));
    assert!(status.success(), "compiling ferry-gen failed: {cmd:?}");
    println!("cargo:rustc-env=FERRY_GEN_BUILT={}", out.display());
}

fn is_c(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "c")
}
