//! The policy applied to the wasmtime engine `Config`: fuel, epoch
//! interruption for timeouts, the wasm stack limit, and backtraces with
//! file:line when a module carries DWARF. Memory settings stay at the
//! engine defaults on purpose: limits act on growth (see limits.rs), so
//! guard-page bounds-check elision is kept.

use wasmtime::{Config, WasmBacktraceDetails};

use crate::Policy;

impl Policy {
    /// The engine configuration this policy needs.
    pub fn engine_config(&self) -> Config {
        let mut config = Config::new();
        config.wasm_backtrace_details(WasmBacktraceDetails::Enable);
        if self.fuel.is_some() {
            config.consume_fuel(true);
        }
        if self.timeout.is_some() {
            config.epoch_interruption(true);
        }
        if let Some(stack) = self.stack_max {
            let stack = usize::try_from(stack).unwrap_or(usize::MAX);
            // The engine insists the async stack is at least as large, even
            // though kit never runs wasm asynchronously.
            config.max_wasm_stack(stack).async_stack_size(stack);
        }
        config
    }
}
