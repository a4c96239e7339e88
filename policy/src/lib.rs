//! kit's wasm sandbox policy.
//!
//! The `--wasm-*` flags become one plain value, [`Policy`], built once by
//! [`policy_from_flags`]. Nothing else reads those flags. The value is then
//! applied, one function per target: [`Policy::engine_config`] (wasmtime
//! `Config`), [`Policy::store_limits`] (the store's `ResourceLimiter`),
//! [`Policy::bind_imports`] (host functions the import policy grants), and
//! [`check::check`] refuses modules whose facts ([`facts::module_facts`])
//! break it, before anything is instantiated. wasi-shim reads
//! [`WasiPolicy`].

pub mod check;
mod engine;
pub mod facts;
mod flags;
mod limits;
pub mod size;
pub mod wasi;

use std::time::Duration;

pub use flags::{flag_takes_value, is_within, policy_from_flags, FlagError};
pub use limits::StoreLimits;
pub use wasi::WasiPolicy;

/// Default `--wasm-memory-max`: 1 GiB of linear memory in total.
pub const DEFAULT_MEMORY_MAX: u64 = 1 << 30;
/// Default `--wasm-instance-max`: 64 MiB of tables and globals.
pub const DEFAULT_INSTANCE_MAX: u64 = 64 << 20;
/// Default `--wasm-memories-max`: one linear memory, what nearly every
/// module (and every WASI program) has; multi-memory must be granted.
pub const DEFAULT_MEMORIES_MAX: u32 = 1;

/// Which host imports a module may have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Imports {
    /// Nothing: a module with host imports is refused.
    #[default]
    Deny,
    /// `wasi_snapshot_preview1`, through wasi-shim.
    Wasi,
    /// Only `env.host_add(i32, i32) -> i32`, for tests.
    Test,
}

impl Imports {
    /// The flag that selects this policy.
    pub fn flag(self) -> &'static str {
        match self {
            Imports::Deny => "--wasm-imports=deny",
            Imports::Wasi => "--wasm-imports=wasi",
            Imports::Test => "--wasm-imports=test",
        }
    }
}

/// Everything the `--wasm-*` flags say, as plain data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Total linear memory over all memories of all instances, in bytes.
    pub memory_max: u64,
    /// Instance footprint outside linear memory (tables, globals), in bytes.
    pub instance_max: u64,
    /// Linear memories over all instances.
    pub memories_max: u32,
    pub imports: Imports,
    pub wasi: WasiPolicy,
    /// `--wasm-fuel`: instructions-ish units before the guest traps.
    pub fuel: Option<u64>,
    /// `--wasm-timeout`: wall-clock time before the guest traps.
    pub timeout: Option<Duration>,
    /// `--wasm-stack-max`: the wasm stack limit in bytes.
    pub stack_max: Option<u64>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            memory_max: DEFAULT_MEMORY_MAX,
            instance_max: DEFAULT_INSTANCE_MAX,
            memories_max: DEFAULT_MEMORIES_MAX,
            imports: Imports::Deny,
            wasi: WasiPolicy::default(),
            fuel: None,
            timeout: None,
            stack_max: None,
        }
    }
}

impl Policy {
    /// The limiter for the run's store.
    pub fn store_limits(&self) -> StoreLimits {
        StoreLimits::new(self.memory_max, self.instance_max, self.memories_max)
    }

    /// Binds the host functions the import policy grants, other than WASI
    /// (the driver binds wasi-shim, which depends on this crate).
    pub fn bind_imports<T: 'static>(
        &self,
        linker: &mut wasmtime::Linker<T>,
    ) -> wasmtime::Result<()> {
        if self.imports == Imports::Test {
            linker.func_wrap("env", "host_add", |a: i32, b: i32| a.wrapping_add(b))?;
        }
        Ok(())
    }
}
