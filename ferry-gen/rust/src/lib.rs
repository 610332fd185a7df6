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
//! The program is `$FERRY_GEN` if set, else `ferry-gen` on `PATH`. A bad
//! interface file fails the build with ferry-gen's `file:line:col: message`
//! diagnostics.

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
    let program =
        env::var_os("FERRY_GEN").map_or_else(|| PathBuf::from("ferry-gen"), PathBuf::from);
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
