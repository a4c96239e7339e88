//! Turning a failed wasm call into kit's outcome: a WASI exit becomes the
//! exit status; a trap becomes its reason (naming the kit limit that
//! caused it, if any) and a wasm backtrace, exit 134; anything else that
//! fails at link or instantiation time is exit 1.

use std::fmt::Write as _;

use wasmtime::{Trap, WasmBacktrace};

use crate::failure::Failure;
use policy::Policy;

/// What a failed call or instantiation means for the run.
pub fn outcome(error: wasmtime::Error, display: &str, policy: &Policy) -> Result<i32, Failure> {
    if let Some(exit) = error.downcast_ref::<wasi_shim::Exit>() {
        return Ok(exit.0);
    }
    let backtrace = error.downcast_ref::<WasmBacktrace>();
    let Some(trap) = error.downcast_ref::<Trap>() else {
        if backtrace.is_some() {
            // A host function failed while the guest ran: a trap to the guest.
            return Err(Failure::trap(report(
                display,
                &format!("{error:#}"),
                backtrace,
            )));
        }
        return Err(Failure::failed(format!("{display}: {error:#}")));
    };
    Err(Failure::trap(report(
        display,
        &reason(*trap, policy),
        backtrace,
    )))
}

/// The trap reason, naming the limit behind it.
fn reason(trap: Trap, policy: &Policy) -> String {
    match trap {
        Trap::OutOfFuel => format!(
            "all fuel consumed (--wasm-fuel={})",
            policy.fuel.unwrap_or_default()
        ),
        Trap::Interrupt => match policy.timeout {
            Some(t) => format!("time limit exceeded (--wasm-timeout={t:?})"),
            None => "interrupted".to_owned(),
        },
        Trap::StackOverflow => {
            let limit = policy
                .stack_max
                .map_or("512 KiB".to_owned(), |s| policy::size::human(s.into()));
            format!("call stack exhausted (stack limit {limit}; raise it with --wasm-stack-max)")
        }
        other => {
            let text = other.to_string();
            text.strip_prefix("wasm trap: ").unwrap_or(&text).to_owned()
        }
    }
}

fn report(display: &str, reason: &str, backtrace: Option<&WasmBacktrace>) -> String {
    let mut out = format!("wasm trap in {display}: {reason}");
    let Some(backtrace) = backtrace else {
        return out;
    };
    out.push_str("\nwasm backtrace:");
    for (i, frame) in backtrace.frames().iter().enumerate() {
        let name = frame
            .func_name()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("<wasm function {}>", frame.func_index()));
        let _ = write!(out, "\n  #{i} ");
        if let Some(offset) = frame.module_offset() {
            let _ = write!(out, "{offset:#x} ");
        }
        let _ = write!(out, "in {name}");
        if let Some(symbol) = frame.symbols().first() {
            if let (Some(file), Some(line)) = (symbol.file(), symbol.line()) {
                let _ = write!(out, " at {file}:{line}");
                if let Some(column) = symbol.column() {
                    let _ = write!(out, ":{column}");
                }
            }
        }
    }
    out
}
