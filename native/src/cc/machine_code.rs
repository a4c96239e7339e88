//! Compiling a unit's functions to machine code, on every core: each
//! function is compiled on its own (Cranelift needs nothing of the
//! others), so the functions are shared out among threads and the
//! results defined in the module in their order, which keeps the object
//! the same whatever the number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};

use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::settings::OptLevel;
use cranelift_codegen::{ir, CodegenError, Context};
use cranelift_module::{FuncId, ModuleReloc};

/// A function's machine code, ready for `Module::define_function_bytes`.
pub struct Code {
    pub alignment: u64,
    pub bytes: Vec<u8>,
    pub relocs: Vec<ModuleReloc>,
}

/// Fewer functions than this are compiled on the calling thread: a
/// thread costs more than a small unit's whole compilation.
const PARALLEL_FROM: usize = 16;

/// Compiles each `(id, function)` after `prepare` (inlining) has run on
/// its context; the results come in the input's order.
pub fn compile_all<P>(
    isa: &dyn TargetIsa,
    functions: Vec<(FuncId, ir::Function)>,
    prepare: P,
) -> Vec<Result<Code, String>>
where
    P: Fn(FuncId, &mut Context) + Sync,
{
    let threads = crate::threads::worker_threads(functions.len().div_ceil(PARALLEL_FROM));
    if threads == 1 {
        return functions
            .into_iter()
            .map(|(id, func)| compile(isa, id, func, &prepare))
            .collect();
    }
    // A shared cursor: each thread takes the next function not yet taken,
    // so one long function does not hold up a fixed share of the rest.
    let slots: Vec<std::sync::Mutex<Option<(FuncId, ir::Function)>>> = functions
        .into_iter()
        .map(|f| std::sync::Mutex::new(Some(f)))
        .collect();
    let results: Vec<std::sync::Mutex<Option<Result<Code, String>>>> =
        slots.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(slot) = slots.get(index) else { break };
        let Some((id, func)) = slot.lock().expect("a function slot").take() else {
            continue;
        };
        let code = compile(isa, id, func, &prepare);
        *results[index].lock().expect("a result slot") = Some(code);
    };
    std::thread::scope(|scope| {
        // Helpers that cannot be started (a thread limit) leave their
        // share to the others: this thread works too.
        for _ in 1..threads {
            let _ = std::thread::Builder::new().spawn_scoped(scope, work);
        }
        work();
    });
    results
        .into_iter()
        .map(|r| {
            r.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err("internal error: a function was not compiled".into()))
        })
        .collect()
}

/// One function's machine code. A construct Cranelift cannot compile may
/// panic inside it: that is an error for this function, not a crash.
fn compile<P>(
    isa: &dyn TargetIsa,
    id: FuncId,
    func: ir::Function,
    prepare: &P,
) -> Result<Code, String>
where
    P: Fn(FuncId, &mut Context),
{
    let mut ctx = Context::for_function(func);
    let compiled = super::inline::quietly(|| {
        prepare(id, &mut ctx);
        // At -O0 every local stays where a debugger looks for it.
        if isa.flags().opt_level() != OptLevel::None {
            super::private_slots::optimize(&mut ctx.func);
        }
        ctx.compile(isa, &mut ControlPlane::default())
            .map(|_| ())
            .map_err(|e| match e.inner {
                // Cranelift's bounds on one frame: 1 GiB of locals, and
                // 128 MiB of arguments or results passed on the stack.
                CodegenError::ImplLimitExceeded => "its stack frame is larger than kit can \
                    compile (1 GiB of locals, 128 MiB of arguments passed by value); make a \
                    large array static or allocate it"
                    .to_owned(),
                other => format!("Compilation({other:?})"),
            })?;
        let code = ctx.compiled_code().ok_or("no code was produced")?;
        let relocs = code
            .buffer
            .relocs()
            .iter()
            .map(|reloc| ModuleReloc::from_mach_reloc(reloc, &ctx.func, id))
            .collect();
        Ok(Code {
            alignment: u64::from(code.buffer.alignment),
            bytes: code.buffer.data().to_vec(),
            relocs,
        })
    });
    match compiled {
        Ok(result) => result,
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "internal error".into())),
    }
}
