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
mod run;
pub mod source;
mod threads;
pub mod warnings;

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
    /// `-w`, `-Werror`, `-fpermissive` and the `-W` flags naming one
    /// warning.
    pub warnings: warnings::WarningPolicy,
    /// `-fmax-errors=N`; 0 means no limit, as in gcc.
    pub max_errors: Option<usize>,
    /// `-std=c89`/`gnu89` (and `-fgnu89-inline`): `inline` has GNU C89's
    /// meaning, not C99's.
    pub gnu89_inline: bool,
    /// `-fno-builtin`, `-fno-builtin-NAME`, `-ffreestanding`.
    pub no_builtin: cc::NoBuiltin,
    /// What the `-std=` standard's tokens lack (C90's digraphs).
    pub token_rules: preprocess::TokenRules,
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
    /// C diagnostics (`path:line:col: error: ...`), printed as they are.
    Diagnostics(Vec<diag::Diagnostic>),
    /// An input that cannot be read.
    Input { name: String, message: String },
    /// Undefined or clashing symbols, bad objects.
    Link(link::LinkError),
    /// The entry symbol is not defined by any input.
    EntryNotFound(String),
    /// A -target this host cannot run, or a -l library that cannot load.
    Setup(String),
}

impl Error {
    /// Whether the message is complete compiler output (no driver prefix).
    pub fn is_diagnostics(&self) -> bool {
        matches!(self, Error::Diagnostics(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unsupported(what) | Error::Setup(what) => f.write_str(what),
            Error::Diagnostics(list) => {
                let text: Vec<String> = list.iter().map(ToString::to_string).collect();
                f.write_str(&text.join("\n"))
            }
            Error::Input { name, message } => write!(f, "cannot read {name}: {message}"),
            Error::Link(e) => write!(f, "{e}"),
            Error::EntryNotFound(name) => write!(
                f,
                "entry symbol not found: {name} (no input defines it; choose one with -e SYMBOL)"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// The symbol a unit defines when its `main` returns void: kit then
/// exits 0 when main returns.
pub const VOID_MAIN_MARKER: &str = "__kit_void_main";

/// Compiles and links `inputs`, then calls the entry with `args` as argv
/// (argv[0] is the first input's display name). Returns the exit status.
pub fn run(
    inputs: &[Input],
    options: &Options,
    args: &[String],
    metrics: &Metrics,
) -> Result<i32, Error> {
    check_target(options)?;
    if options.debug_info {
        eprintln!("kit run: warning: -g: DWARF for JIT code is not emitted yet; backtraces name functions but not file:line");
    }
    if options.no_jit {
        return Err(Error::Unsupported("--no-jit: the IR interpreter for C is not part of this build yet; run without --no-jit".into()));
    }
    let compiled = metrics.scope("run.compile_and_jit");
    let objects = compile_all(inputs, options, metrics)?;
    let libraries =
        link::Libraries::load(&options.libraries, &options.library_dirs).map_err(Error::Setup)?;
    let image = {
        let _s = metrics.scope("link.image");
        link::Image::link(&objects, &libraries).map_err(Error::Link)?
    };
    drop(compiled);
    // For profiling JIT code with `perf record` / `perf report`.
    if std::env::var_os("KIT_PERF_MAP").is_some() {
        if let Err(e) = image.write_perf_map() {
            eprintln!("kit run: warning: KIT_PERF_MAP: cannot write the perf map: {e}");
        }
    }
    let entry_name = options.entry.as_deref().unwrap_or("main");
    let entry = {
        let _s = metrics.scope("run.jit_lookup");
        image
            .symbol(entry_name)
            .ok_or_else(|| Error::EntryNotFound(entry_name.to_owned()))?
    };
    let argv0 = inputs.first().map(Input::display).unwrap_or_default();
    let _s = metrics.scope("run.entry_call");
    let status = run::call_entry(&image, entry, &argv0, args);
    let void_main = entry_name == "main" && image.symbol(VOID_MAIN_MARKER).is_some();
    let status = if void_main { 0 } else { status };
    // The program's atexit handlers and destructors run at kit's exit,
    // inside the image: it must stay mapped until then.
    std::mem::forget(image);
    Ok(status)
}

/// Only the host architecture can run.
fn check_target(options: &Options) -> Result<(), Error> {
    match &options.target {
        Some(triple) if !triple.starts_with("x86_64-") && !triple.starts_with("amd64-") => {
            Err(Error::Setup(format!(
            "target {triple} cannot run on this x86_64 host; drop -target or use an x86_64 triple"
        )))
        }
        Some(triple) if !triple.contains("linux") => Err(Error::Setup(format!(
            "target {triple} cannot run on this Linux host"
        ))),
        _ => Ok(()),
    }
}

/// Every input as an ELF object: C sources compiled, objects read.
fn compile_all(
    inputs: &[Input],
    options: &Options,
    metrics: &Metrics,
) -> Result<Vec<link::ObjectInput>, Error> {
    let mut sources = Vec::new();
    for input in inputs {
        if let Input::Source {
            path,
            display,
            text,
        } = input
        {
            let text = match text {
                Some(text) => text.clone(),
                None => source::read(path).map_err(|e| Error::Input {
                    name: display.clone(),
                    message: e.to_string(),
                })?,
            };
            sources.push((path.as_path(), display.as_str(), text));
        }
    }
    let mut compiled = compile_in_parallel(sources, options, metrics).into_iter();
    let mut objects = Vec::new();
    let mut archives = Vec::new();
    let mut diagnostics = Vec::new();
    for input in inputs {
        match input {
            Input::Source { display, .. } => {
                match compiled.next().expect("one result per source") {
                    Ok((unit_objects, warnings)) => {
                        diagnostics.extend(warnings);
                        for (i, bytes) in unit_objects.into_iter().enumerate() {
                            let name = match i {
                                0 => display.clone(),
                                _ => format!("{display} (file-scope asm)"),
                            };
                            objects.push(link::ObjectInput { name, bytes });
                        }
                    }
                    Err(errors) => diagnostics.extend(errors),
                }
            }
            Input::Object(path) => {
                let bytes = std::fs::read(path).map_err(|e| Error::Input {
                    name: path.display().to_string(),
                    message: e.to_string(),
                })?;
                objects.push(link::ObjectInput {
                    name: path.display().to_string(),
                    bytes,
                });
            }
            Input::Archive(path) => {
                let bytes = std::fs::read(path).map_err(|e| Error::Input {
                    name: path.display().to_string(),
                    message: e.to_string(),
                })?;
                archives.push((path.display().to_string(), bytes));
            }
        }
    }
    let errors = diagnostics.iter().any(|d| d.severity.is_error());
    if errors {
        return Err(Error::Diagnostics(diagnostics));
    }
    for warning in &diagnostics {
        eprintln!("{warning}");
    }
    link::pull_members(&mut objects, &archives)
        .map_err(|errors| Error::Link(link::LinkError(errors)))?;
    Ok(objects)
}

/// A source's objects (its code, and its file-scope asm's if any) and
/// warnings, or its diagnostics.
type Compiled = Result<(Vec<Vec<u8>>, Vec<diag::Diagnostic>), Vec<diag::Diagnostic>>;

/// Compiles every source, on as many threads as there are cores (units
/// are independent until the link); results come back in input order.
fn compile_in_parallel(
    sources: Vec<(&std::path::Path, &str, String)>,
    options: &Options,
    metrics: &Metrics,
) -> Vec<Compiled> {
    let threads = threads::worker_threads(sources.len());
    if threads <= 1 {
        return sources
            .into_iter()
            .map(|(path, display, text)| compile_source(path, display, text, options, metrics))
            .collect();
    }
    // Largest source first, so that no big unit starts last and keeps one
    // core busy alone at the end (longest-processing-time scheduling).
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sources[i].2.len()));
    let jobs: Vec<std::sync::Mutex<Option<_>>> = sources
        .into_iter()
        .map(|job| std::sync::Mutex::new(Some(job)))
        .collect();
    let results: Vec<std::sync::Mutex<Option<Compiled>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = |local: &Metrics| loop {
        let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(&index) = order.get(taken) else {
            break;
        };
        let job = &jobs[index];
        let (path, display, text) = job.lock().unwrap().take().expect("each job runs once");
        let result = compile_source(path, display, text, options, local);
        *results[index].lock().unwrap() = Some(result);
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(threads::ORDINARY_STACK)
                    .spawn_scoped(scope, || {
                        let local = metrics.for_worker();
                        work(&local);
                        local
                    })
                    .expect("spawn a compiler thread")
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(local) => metrics.absorb(local),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    results
        .into_iter()
        .map(|r| r.into_inner().unwrap().expect("every job ran"))
        .collect()
}

fn compile_source(
    path: &std::path::Path,
    display: &str,
    text: String,
    options: &Options,
    metrics: &Metrics,
) -> Compiled {
    let _compiling = threads::Compiling::start();
    let source = preprocess::SourceFile {
        path: path.to_path_buf(),
        display: display.to_owned(),
        text,
    };
    let pp_options = preprocess::PreprocessOptions {
        include_dirs: options.include_dirs.clone(),
        system_include_dirs: options.system_include_dirs.clone(),
        macros: options.macros.clone(),
        hosted_libc: options.hosted_libc,
        sysroot: options
            .sysroot
            .clone()
            .unwrap_or_else(|| PathBuf::from("/")),
        drop_unused_prototypes: true,
        token_rules: options.token_rules,
    };
    let preprocessed = {
        let _s = metrics.scope("cc.preprocess");
        // Macro calls nested in the source recurse in the preprocessor
        // (its comments are not taken out yet: only brackets count).
        let deep = threads::brackets_nest_deeply(source.text.as_bytes());
        threads::on_stack_for(deep, || preprocess::preprocess(&source, &pp_options)).map_err(
            |mut diagnostics| {
                options.warnings.apply(&mut diagnostics);
                diagnostics
            },
        )?
    };
    // The preprocessor's warnings made errors stop the run after the
    // compiler has given its diagnostics too, as in gcc.
    let mut warnings = preprocessed.warnings;
    options.warnings.apply(&mut warnings);
    let cc_options = cc::CompileOptions {
        opt_level: options.opt_level,
        debug_info: options.debug_info,
        warnings: options.warnings.clone(),
        max_errors: options.max_errors,
        gnu89_inline: options.gnu89_inline,
        no_builtin: options.no_builtin.clone(),
    };
    let unit = threads::on_stack_for(threads::nests_deeply(preprocessed.text.as_bytes()), || {
        cc::compile(
            display,
            &preprocessed.text,
            &preprocessed.sources,
            &cc_options,
            metrics,
        )
    })
    .map_err(|errors| {
        // The preprocessor's warnings come first, as gcc gives them.
        let mut all = warnings.clone();
        all.extend(errors);
        all
    })?;
    let failed = warnings.iter().any(|w| w.severity.is_error());
    warnings.extend(unit.warnings);
    if failed {
        return Err(warnings);
    }
    Ok((
        std::iter::once(unit.object).chain(unit.assembly).collect(),
        warnings,
    ))
}
