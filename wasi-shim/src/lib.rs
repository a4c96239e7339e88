//! kit's WASI Preview 1 shim: `wasi_snapshot_preview1` host functions on
//! cap-std, granting exactly what a [`policy::WasiPolicy`] allows.
//!
//! The driver builds one [`WasiCtx`] per run and binds the functions with
//! [`add_to_linker`]. `proc_exit` ends the run by returning an [`Exit`]
//! error from the host call, which the driver turns into the exit status.

use std::fmt;

use policy::WasiPolicy;
use wasmtime::Linker;

/// The WASI state of one guest: its args, env, open descriptors, clocks and
/// random source.
pub struct WasiCtx {
    _private: (),
}

/// Why a WasiCtx could not be set up (for example a missing host path).
#[derive(Debug)]
pub struct SetupError(pub String);

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetupError {}

/// Returned (as the trap error) by `proc_exit`: the guest asked to exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exit(pub i32);

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "guest called proc_exit({})", self.0)
    }
}

impl std::error::Error for Exit {}

impl WasiCtx {
    /// Opens the mounts and records what `policy` grants. `args` is the
    /// guest's argv (argv[0] first); `env` is the resolved environment
    /// (`WasiPolicy::environment`).
    pub fn new(
        policy: &WasiPolicy,
        args: Vec<String>,
        env: Vec<(String, String)>,
    ) -> Result<WasiCtx, SetupError> {
        let _ = (policy, args, env);
        Err(SetupError(
            "--wasm-imports=wasi is not available yet: the WASI shim is not implemented in this build"
                .into(),
        ))
    }

    /// True when stdio is null and the guest wrote something that was
    /// discarded (the driver prints a note at exit).
    pub fn output_discarded(&self) -> bool {
        false
    }
}

/// Binds every `wasi_snapshot_preview1` function into `linker`; `get`
/// reaches the WasiCtx inside the store's data.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &mut WasiCtx,
) -> wasmtime::Result<()> {
    let _ = (linker, get);
    Ok(())
}
