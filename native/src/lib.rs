//! kit's native lane: C sources (and, later, ELF objects and archives) are
//! compiled and linked into one in-memory image, and the entry is called as
//! `int (*)(int, char **)`.
//!
//! The driver builds [`Options`] and a list of [`Input`]s from the command
//! line and calls [`run`]; everything else in this crate is internal.

pub mod cc;
pub mod diag;
pub mod link;
pub mod preprocess;

use std::fmt;
use std::path::PathBuf;

pub use metrics::Metrics;

/// `-O0`, `-O1`, `-O2`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum OptLevel {
    #[default]
    O0,
    O1,
    O2,
}

/// A `-D` or `-U`, kept in command-line order (later flags win, as in gcc).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MacroFlag {
    /// `-D NAME` (body `1`) or `-D NAME=BODY`.
    Define { name: String, body: Option<String> },
    /// `-U NAME`.
    Undefine(String),
}

/// Everything the command line says about native compilation and linking.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub opt_level: OptLevel,
    /// `-g`: emit DWARF for JIT code.
    pub debug_info: bool,
    /// `--no-jit`: run the entry through the IR interpreter.
    pub no_jit: bool,
    /// `-e SYMBOL`; `main` when absent.
    pub entry: Option<String>,
    /// `-target TRIPLE`; the host when absent.
    pub target: Option<String>,
    /// `-I DIR`, in order.
    pub include_dirs: Vec<PathBuf>,
    /// `-isystem DIR`, in order.
    pub system_include_dirs: Vec<PathBuf>,
    pub macros: Vec<MacroFlag>,
    /// `--sysroot`/`-isysroot`: root of the hosted libc headers (default `/`).
    pub sysroot: Option<PathBuf>,
    /// `-lc`, `--sysroot` or `--script`: the system libc headers are searched.
    pub hosted_libc: bool,
    /// `-lNAME` other than `-lc`, in order.
    pub libraries: Vec<String>,
    /// `-L DIR`, in order.
    pub library_dirs: Vec<PathBuf>,
    /// `-Werror`.
    pub warnings_are_errors: bool,
    /// `-fmax-errors=N`; 0 means no limit, as in gcc.
    pub max_errors: Option<usize>,
}

/// One native input, classified by the driver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A C source file. `text` is set for `-` (stdin), whose `display` is `<stdin>`.
    Source {
        path: PathBuf,
        display: String,
        text: Option<String>,
    },
    /// An ELF relocatable object (`.o`, `.obj`).
    Object(PathBuf),
    /// A static archive (`.a`).
    Archive(PathBuf),
}

impl Input {
    /// The name used in messages and as argv[0].
    pub fn display(&self) -> String {
        match self {
            Input::Source { display, .. } => display.clone(),
            Input::Object(path) | Input::Archive(path) => path.display().to_string(),
        }
    }
}

/// Why a native run did not reach (or finish) the entry call.
#[derive(Debug)]
pub enum Error {
    /// Something this lane does not do yet; the message says what.
    Unsupported(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unsupported(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for Error {}

/// Compiles and links `inputs`, then calls the entry with `args` as argv
/// (argv[0] is the first input's display name). Returns the exit status.
pub fn run(
    inputs: &[Input],
    options: &Options,
    args: &[String],
    metrics: &Metrics,
) -> Result<i32, Error> {
    let _ = (options, args, metrics);
    Err(Error::Unsupported(format!(
        "the native lane cannot run {} yet: C compilation is not implemented in this build",
        inputs.first().map(Input::display).unwrap_or_default()
    )))
}
