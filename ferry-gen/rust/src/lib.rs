//! Runs `ferry-gen` from a Cargo build script and puts the Rust module of
//! an interface file in `OUT_DIR`.
//!
//! ```no_run
//! // in build.rs's main:
//! ferry_gen_build::rust_module("../geo.h").unwrap();
//! ```
//!
//! ```text
//! // src/lib.rs
//! #[allow(dead_code, clippy::too_many_arguments)]
//! mod geo_ferry {
//!     include!(concat!(env!("OUT_DIR"), "/geo_ferry.rs"));
//! }
//! pub struct GeoImpl; // the module calls super::GeoImpl
//! impl geo_ferry::Geo for GeoImpl { /* ... */ }
//! ```
//!
//! The program is `$FERRY_GEN` if set, else `ferry-gen` on `PATH`, else
//! the ferry-gen this crate compiled from its C sources when it was built
//! (so a machine needs only a C compiler). A bad interface file fails the
//! build with ferry-gen's `file:line:col: message` diagnostics.
//!
//! A Rust crate that calls Go (`FERRY_GO` functions) links the Go package
//! as a C archive; [`go_archive`] builds and links it:
//!
//! ```no_run
//! // in build.rs's main: the Go module is two levels up
//! ferry_gen_build::go_archive("../..", "./examples/demo/go", "demo", &["go"]).unwrap();
//! ```

use std::env;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

/// Why the module could not be generated.
#[derive(Debug)]
pub enum Error {
    /// Not run from a build script: OUT_DIR is not set.
    NoOutDir,
    /// The interface file's name is not `NAME.h`.
    BadName(PathBuf),
    /// ferry-gen could not be started.
    Run { program: PathBuf, error: io::Error },
    /// ferry-gen rejected the interface; `diagnostics` is what it printed.
    Failed {
        status: ExitStatus,
        diagnostics: String,
    },
    /// A `go` command failed (its output went to the build's log).
    Go { command: String, status: ExitStatus },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoOutDir => write!(f, "OUT_DIR is not set: call this from a build script"),
            Error::BadName(path) => write!(f, "{}: an interface file is NAME.h", path.display()),
            Error::Run { program, error } => write!(
                f,
                "cannot run {} ({error}); set FERRY_GEN to the ferry-gen program",
                program.display()
            ),
            Error::Failed {
                status,
                diagnostics,
            } => write!(f, "ferry-gen failed ({status}):\n{diagnostics}"),
            Error::Go { command, status } => write!(f, "{command} failed ({status})"),
        }
    }
}

impl std::error::Error for Error {}

/// Generates the Rust module of `interface` into `OUT_DIR` as
/// `NAME_ferry.rs` and returns its path. Tells Cargo to run the build
/// script again when the interface file, `FERRY_GEN` or the program it
/// names changes.
pub fn rust_module(interface: impl AsRef<Path>) -> Result<PathBuf, Error> {
    let out_dir = env::var_os("OUT_DIR").ok_or(Error::NoOutDir)?;
    let interface = interface.as_ref();
    println!("cargo:rerun-if-changed={}", interface.display());
    println!("cargo:rerun-if-env-changed=FERRY_GEN");
    // A new ferry-gen may generate different code.
    if let Some(program) = env::var_os("FERRY_GEN") {
        println!("cargo:rerun-if-changed={}", Path::new(&program).display());
    }
    rust_module_in(interface, Path::new(&out_dir))
}

/// [`rust_module`] into a given directory, without Cargo's instructions.
pub fn rust_module_in(interface: &Path, out_dir: &Path) -> Result<PathBuf, Error> {
    let name = interface
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".h"))
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Error::BadName(interface.to_path_buf()))?;
    let out = out_dir.join(format!("{name}_ferry.rs"));
    let program = program();
    let output = Command::new(&program)
        .arg("--rust")
        .arg(&out)
        .arg(interface)
        .output()
        .map_err(|error| Error::Run {
            program: program.clone(),
            error,
        })?;
    if !output.status.success() {
        return Err(Error::Failed {
            status: output.status,
            diagnostics: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    Ok(out)
}

/// The ferry-gen to run: `$FERRY_GEN`, else `ferry-gen` on `PATH`, else the
/// one compiled with this crate (build.rs).
pub fn program() -> PathBuf {
    if let Some(program) = env::var_os("FERRY_GEN") {
        return PathBuf::from(program);
    }
    let on_path = env::var_os("PATH")
        .is_some_and(|path| env::split_paths(&path).any(|dir| dir.join("ferry-gen").is_file()));
    if on_path {
        PathBuf::from("ferry-gen")
    } else {
        PathBuf::from(env!("FERRY_GEN_BUILT"))
    }
}

/// Builds the Go `main` package `package` (a path such as `./cmd/x`,
/// relative to the Go module at `module_root`) with
/// `go build -buildmode=c-archive` into `OUT_DIR/lib{name}.a`, and tells
/// Cargo to link it (with pthread) and to run the build script again when
/// `module_root/{watch}` changes. The archive carries the Go runtime and
/// ferry's C runtime: depend on the `ferry` crate with
/// `default-features = false` so the C runtime is not linked twice. The
/// program is `$GO` if set, else `go` on `PATH`.
pub fn go_archive(
    module_root: impl AsRef<Path>,
    package: &str,
    name: &str,
    watch: &[&str],
) -> Result<PathBuf, Error> {
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").ok_or(Error::NoOutDir)?);
    let root = module_root.as_ref();
    for path in watch {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    println!("cargo:rerun-if-env-changed=GO");
    let go = env::var_os("GO").map_or_else(|| PathBuf::from("go"), PathBuf::from);
    let run = |args: &[&std::ffi::OsStr]| -> Result<(), Error> {
        let status = Command::new(&go)
            .current_dir(root)
            .args(args)
            .status()
            .map_err(|error| Error::Run {
                program: go.clone(),
                error,
            })?;
        if status.success() {
            return Ok(());
        }
        let words: Vec<_> = args.iter().map(|a| a.to_string_lossy()).collect();
        Err(Error::Go {
            command: format!("go {}", words.join(" ")),
            status,
        })
    };
    // Inside ferry's own module, Go's build cache does not see the C
    // runtime's sources (src/, include/): refresh the hash of them that
    // internal/cruntime carries, or a stale runtime gets linked.
    if root.join("internal/cruntime/gen_sources.go").exists() {
        println!("cargo:rerun-if-changed={}", root.join("src").display());
        println!("cargo:rerun-if-changed={}", root.join("include").display());
        run(&["generate".as_ref(), "./internal/cruntime".as_ref()])?;
    }
    let archive = out_dir.join(format!("lib{name}.a"));
    run(&[
        "build".as_ref(),
        "-buildmode=c-archive".as_ref(),
        "-o".as_ref(),
        archive.as_os_str(),
        package.as_ref(),
    ])?;
    println!("cargo:rustc-link-search=native={}", out_dir.display());
    println!("cargo:rustc-link-lib=static={name}");
    println!("cargo:rustc-link-lib=dylib=pthread");
    Ok(archive)
}
