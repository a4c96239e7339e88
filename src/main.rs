//! kit: run WebAssembly in a sandbox that grants nothing by default, or C
//! in-process with a Cranelift JIT.
//!
//! The driver is a table of contents: argv -> options -> inputs -> lane ->
//! exit status, one step per line below; each lane owns its image and
//! entry call.

mod cli;
mod failure;
mod help;
mod inputs;
mod wasm;

use std::io::Write;

// kit's compile allocates and frees many small nodes (tokens, syntax
// trees, Cranelift's IR) on every core; mimalloc's per-thread heaps make
// that cheaper than glibc's arenas. The C programs kit runs keep libc's
// malloc: this is only Rust's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use metrics::{Format, Metrics};

use cli::{Command, RunArgs};
use failure::Failure;
use inputs::Lane;

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let code = match argv.first().map(String::as_str) {
        Some("run") => run_command(&argv[1..]),
        _ => top_level(),
    };
    let _ = std::io::stdout().flush();
    std::process::exit(code);
}

/// `kit --help`, `kit --version` and unknown subcommands, through clap.
fn top_level() -> i32 {
    let command = clap::Command::new("kit")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Run WebAssembly in a strict sandbox, or C in-process with a JIT")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            clap::Command::new("run")
                .about("Run wasm modules or C programs (see kit run --help)")
                .arg(
                    clap::Arg::new("args")
                        .num_args(0..)
                        .allow_hyphen_values(true),
                ),
        );
    match command.try_get_matches() {
        Ok(_) => 0,
        Err(e) => {
            let _ = e.print();
            e.exit_code()
        }
    }
}

fn run_command(args: &[String]) -> i32 {
    let run = match cli::parse_run(args) {
        Ok(Command::Run(run)) => run,
        Ok(Command::Help) => {
            print!("{}", help::RUN_HELP);
            return 0;
        }
        Err(failure) => return report(failure),
    };
    let metrics = if run.metrics_tree || run.bench_time {
        Metrics::enabled()
    } else {
        Metrics::disabled()
    };
    let result = {
        let _total = metrics.scope("run.total");
        run_lane(&run, &metrics)
    };
    print_metrics(&run, &metrics);
    match result {
        Ok(status) => status,
        Err(failure) => report(failure),
    }
}

fn run_lane(run: &RunArgs, metrics: &Metrics) -> Result<i32, Failure> {
    let policy =
        policy::policy_from_flags(&run.wasm_flags).map_err(|e| Failure::usage(e.to_string()))?;
    let inputs = inputs::classify(&run.inputs, run.script)?;
    match inputs::lane(inputs)? {
        Lane::Wasm(modules) => {
            refuse_c_flags(run)?;
            wasm::run(&modules, run, &policy, metrics)
        }
        Lane::Native(inputs) => {
            refuse_wasm_flags(run)?;
            run_native(inputs, run, metrics)
        }
    }
}

/// C-only flags mean nothing to a wasm run: refuse rather than ignore.
fn refuse_c_flags(run: &RunArgs) -> Result<(), Failure> {
    if run.c_flags.is_empty() {
        return Ok(());
    }
    Err(Failure::failed(format!(
        "C compiler flags require a C input ({} given with only wasm inputs); drop them",
        run.c_flags.join(" ")
    )))
}

fn refuse_wasm_flags(run: &RunArgs) -> Result<(), Failure> {
    if run.wasm_flags.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = run.wasm_flags.iter().map(|(n, _)| n.as_str()).collect();
    Err(Failure::failed(format!(
        "wasm sandbox flags require a wasm input ({} given with only native inputs)",
        names.join(" ")
    )))
}

fn run_native(
    mut inputs: Vec<native::Input>,
    run: &RunArgs,
    metrics: &Metrics,
) -> Result<i32, Failure> {
    for input in &mut inputs {
        if let native::Input::Source { path, text, .. } = input {
            if path.as_os_str() == "-" {
                let mut source = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut source).map_err(|e| {
                    Failure::failed(format!("cannot read C source from stdin: {e}"))
                })?;
                *text = Some(native::source::decode(source));
            }
        }
    }
    let mut options = run.native.clone();
    if let Some(level) = run.opt_level {
        options.opt_level = level;
    }
    native::run(&inputs, &options, &run.program_args, metrics).map_err(|e| Failure {
        bare: e.is_diagnostics(),
        ..Failure::failed(e.to_string())
    })
}

fn print_metrics(run: &RunArgs, metrics: &Metrics) {
    let mut stderr = std::io::stderr().lock();
    if run.metrics_tree {
        let _ = stderr.write_all(metrics.report(Format::Tree).as_bytes());
    }
    if run.bench_time {
        let _ = stderr.write_all(metrics.report(Format::Bench).as_bytes());
    }
}

/// Prints a failure and returns its exit code.
fn report(failure: Failure) -> i32 {
    let _ = std::io::stdout().flush();
    if !failure.message.is_empty() {
        eprintln!("{failure}");
    }
    failure.code
}
