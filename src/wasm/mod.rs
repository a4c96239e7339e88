//! The wasm lane: load every module, check them all against the policy,
//! compile (or reuse cached code), instantiate earlier modules so later ones
//! can import them by file stem, then call the last module's entry.

mod cache;
mod entry;
mod load;
mod trap;

use std::path::PathBuf;
use std::time::Duration;

use metrics::Metrics;
use policy::{check, Imports, Policy};
use wasmtime::{Engine, Instance, Linker, Module, OptLevel, Store};

use crate::cli::RunArgs;
use crate::failure::Failure;
use load::Loaded;

/// Host state of one run's store.
struct Host {
    limits: policy::StoreLimits,
    wasi: Option<wasi_shim::WasiCtx>,
}

/// Runs the wasm inputs (path, display) and returns the exit status.
pub fn run(
    inputs: &[(PathBuf, String)],
    args: &RunArgs,
    policy: &Policy,
    metrics: &Metrics,
) -> Result<i32, Failure> {
    if args.native.no_jit {
        return Err(Failure::failed(
            "--no-jit: the wasm interpreter (Pulley) is not part of this build yet; run without --no-jit",
        ));
    }
    // Deep recursion in the guest runs on this thread's stack: give the lane
    // a thread whose stack comfortably exceeds the wasm stack limit.
    let stack = policy.stack_max.unwrap_or(512 << 10) as usize + (8 << 20);
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("kit-wasm".into())
            .stack_size(stack)
            .spawn_scoped(scope, || run_on_this_thread(inputs, args, policy, metrics))
            .map_err(|e| Failure::failed(format!("cannot start the wasm thread: {e}")))?
            .join()
            .unwrap_or_else(|_| Err(Failure::failed("the wasm lane failed unexpectedly")))
    })
}

fn run_on_this_thread(
    inputs: &[(PathBuf, String)],
    args: &RunArgs,
    policy: &Policy,
    metrics: &Metrics,
) -> Result<i32, Failure> {
    let compiled = metrics.scope("run.compile_and_jit");
    let loaded = load_all(inputs, metrics)?;
    check_all(&loaded, policy, metrics)?;
    let engine = engine(args, policy)?;
    let modules = compile_all(&engine, &loaded, metrics)?;
    let main = loaded.last().expect("at least one wasm input");
    let mut store = store(&engine, policy, main, args)?;
    let (instance, module) = instantiate_all(&mut store, &loaded, &modules, policy, metrics)?;
    drop(compiled);

    let lookup = metrics.scope("run.jit_lookup");
    let name = entry::entry_name(args.native.entry.as_deref(), main, module)?;
    let func = entry::find(&mut store, &instance, module, &main.display, &name)?;
    drop(lookup);

    let called = metrics.scope("run.entry_call");
    let wasi = policy.imports == Imports::Wasi;
    let outcome = entry::call(&mut store, &func, &name, &args.program_args, wasi)?;
    drop(called);
    note_discarded_output(&store);
    match outcome {
        Ok(entry::Outcome::Status(status)) => Ok(status),
        Ok(entry::Outcome::Print(values)) => {
            for value in &values {
                println!("{}", entry::show(value));
            }
            Ok(0)
        }
        Err(error) => trap::outcome(error, &main.display, policy),
    }
}

fn load_all(inputs: &[(PathBuf, String)], metrics: &Metrics) -> Result<Vec<Loaded>, Failure> {
    let _s = metrics.scope("wasm.load");
    inputs
        .iter()
        .map(|(path, display)| load::load(path, display))
        .collect()
}

/// Every module against the policy; all refusals reported together.
fn check_all(loaded: &[Loaded], policy: &Policy, metrics: &Metrics) -> Result<(), Failure> {
    let _s = metrics.scope("wasm.check");
    let stems: Vec<String> = loaded.iter().map(|m| m.stem.clone()).collect();
    for (i, module) in loaded.iter().enumerate() {
        if let Some(earlier) = loaded[..i].iter().find(|m| m.stem == module.stem) {
            return Err(Failure::failed(format!(
                "{} and {} share the module name {:?}; rename one (inputs are importable by file stem)",
                earlier.display, module.display, module.stem
            )));
        }
    }
    let candidates: Vec<check::Candidate<'_>> = loaded
        .iter()
        .enumerate()
        .map(|(i, module)| check::Candidate {
            name: &module.display,
            facts: &module.facts,
            provided: &stems[..i],
        })
        .collect();
    let refusals = check::check(policy, &candidates);
    if refusals.is_empty() {
        return Ok(());
    }
    Err(Failure::failed(format!(
        "sandbox refused {} thing(s):\n  {}",
        refusals.len(),
        refusals.join("\n  ")
    )))
}

fn engine(args: &RunArgs, policy: &Policy) -> Result<Engine, Failure> {
    let mut config = policy.engine_config();
    if let Some(level) = args.opt_level {
        config.cranelift_opt_level(match level {
            native::OptLevel::O0 => OptLevel::None,
            native::OptLevel::O1 | native::OptLevel::O2 => OptLevel::Speed,
        });
    }
    if args.native.debug_info {
        config.debug_info(true);
    }
    Engine::new(&config)
        .map_err(|e| Failure::failed(format!("cannot set up the wasm engine: {e:#}")))
}

fn compile_all(
    engine: &Engine,
    loaded: &[Loaded],
    metrics: &Metrics,
) -> Result<Vec<Module>, Failure> {
    loaded
        .iter()
        .map(|m| {
            cache::compile(engine, &m.bytes, metrics)
                .map_err(|e| Failure::failed(format!("{} is not a valid module: {e:#}", m.display)))
        })
        .collect()
}

fn store(
    engine: &Engine,
    policy: &Policy,
    main: &Loaded,
    args: &RunArgs,
) -> Result<Store<Host>, Failure> {
    let wasi = if policy.imports == Imports::Wasi {
        let argv = std::iter::once(main.display.clone())
            .chain(args.program_args.iter().cloned())
            .collect();
        let env = policy.wasi.environment(std::env::vars());
        Some(
            wasi_shim::WasiCtx::new(&policy.wasi, argv, env)
                .map_err(|e| Failure::failed(e.to_string()))?,
        )
    } else {
        None
    };
    let mut store = Store::new(
        engine,
        Host {
            limits: policy.store_limits(),
            wasi,
        },
    );
    store.limiter(|host| &mut host.limits);
    if let Some(fuel) = policy.fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Failure::failed(format!("cannot set --wasm-fuel: {e:#}")))?;
    }
    if let Some(timeout) = policy.timeout {
        store.set_epoch_deadline(1);
        store.epoch_deadline_trap();
        start_timer(engine, timeout);
    }
    Ok(store)
}

/// Ends the guest's epoch after `timeout`; the thread dies with the process.
fn start_timer(engine: &Engine, timeout: Duration) {
    let engine = engine.weak();
    std::thread::spawn(move || {
        std::thread::sleep(timeout);
        if let Some(engine) = engine.upgrade() {
            engine.increment_epoch();
        }
    });
}

fn linker(engine: &Engine, policy: &Policy) -> Result<Linker<Host>, Failure> {
    let mut linker = Linker::new(engine);
    let bound = policy.bind_imports(&mut linker).and_then(|()| {
        if policy.imports == Imports::Wasi {
            wasi_shim::add_to_linker(&mut linker, |host: &mut Host| {
                host.wasi
                    .as_mut()
                    .expect("WASI functions are bound only with a WASI context")
            })?;
        }
        Ok(())
    });
    bound.map_err(|e| Failure::failed(format!("cannot bind host functions: {e:#}")))?;
    Ok(linker)
}

/// Instantiates every module in order; each one's exports become importable
/// under its file stem. Returns the last instance and its module.
fn instantiate_all<'m>(
    store: &mut Store<Host>,
    loaded: &[Loaded],
    modules: &'m [Module],
    policy: &Policy,
    metrics: &Metrics,
) -> Result<(Instance, &'m Module), Failure> {
    let _s = metrics.scope("wasm.instantiate");
    let mut linker = linker(store.engine(), policy)?;
    let mut last = None;
    for (module, loaded) in modules.iter().zip(loaded) {
        store.data_mut().limits.charge_globals(loaded.facts.globals);
        let instance = match linker.instantiate(&mut *store, module) {
            Ok(instance) => instance,
            Err(error) => {
                let status = trap::outcome(error, &loaded.display, policy)?;
                // The start function asked to exit (WASI proc_exit).
                return Err(Failure {
                    code: status,
                    message: String::new(),
                    bare: true,
                });
            }
        };
        linker
            .instance(&mut *store, &loaded.stem, instance)
            .map_err(|e| Failure::failed(format!("{}: {e:#}", loaded.display)))?;
        last = Some((instance, module));
    }
    last.ok_or_else(|| Failure::failed("no wasm module to run"))
}

fn note_discarded_output(store: &Store<Host>) {
    if store
        .data()
        .wasi
        .as_ref()
        .is_some_and(wasi_shim::WasiCtx::output_discarded)
    {
        eprintln!(
            "kit run: note: the module's output was discarded (--wasm-stdio=null is the default); add --wasm-stdio=inherit to see it"
        );
    }
}
