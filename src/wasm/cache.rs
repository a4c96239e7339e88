//! Compiled-code reuse across runs: a module is compiled once and its
//! serialized form stored under a key of the module's bytes (SHA-256) and
//! the engine's compatibility hash (wasmtime version, target, every
//! setting that changes code: fuel, epochs, stack limit, opt level, -g).
//! A second run of the same module with the same flags deserializes
//! instead of compiling.
//!
//! The cache lives in `$KIT_CACHE_DIR`, else `$XDG_CACHE_HOME/kit`, else
//! `~/.cache/kit`, in a directory only the user can write; `KIT_NO_CACHE=1`
//! turns it off. Deserializing trusts that directory, exactly as trusting
//! one's own binaries does. The cache is an optimization: any failure to
//! read or write it falls back to compiling, silently.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;

use sha2::{Digest, Sha256};
use wasmtime::{Engine, Module};

use metrics::Metrics;

/// Compiles `bytes`, or loads the cached compilation of them.
pub fn compile(engine: &Engine, bytes: &[u8], metrics: &Metrics) -> wasmtime::Result<Module> {
    let Some(path) = cache_path(engine, bytes) else {
        let _s = metrics.scope("wasm.compile");
        return Module::new(engine, bytes);
    };
    if path.is_file() {
        let _s = metrics.scope("wasm.cache_load");
        // SAFETY: the file was written by `store` below from a module this
        // engine configuration compiled; the key covers the bytes and the
        // engine's compatibility hash, and wasmtime re-checks the header.
        if let Ok(module) = unsafe { Module::deserialize_file(engine, &path) } {
            return Ok(module);
        }
    }
    let module = {
        let _s = metrics.scope("wasm.compile");
        Module::new(engine, bytes)?
    };
    let _s = metrics.scope("wasm.cache_store");
    store(&module, &path);
    Ok(module)
}

fn cache_dir() -> Option<PathBuf> {
    if std::env::var_os("KIT_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0") {
        return None;
    }
    let base = match std::env::var_os("KIT_CACHE_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => match std::env::var_os("XDG_CACHE_HOME") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir).join("kit"),
            _ => PathBuf::from(std::env::var_os("HOME")?).join(".cache/kit"),
        },
    };
    Some(base.join("wasm"))
}

fn cache_path(engine: &Engine, bytes: &[u8]) -> Option<PathBuf> {
    let dir = cache_dir()?;
    let mut engine_hash = std::collections::hash_map::DefaultHasher::new();
    engine
        .precompile_compatibility_hash()
        .hash(&mut engine_hash);
    let digest = Sha256::new()
        .chain_update(bytes)
        .chain_update(engine_hash.finish().to_le_bytes())
        .finalize();
    let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Some(dir.join(format!("{name}.cwasm")))
}

/// Writes atomically (temp file, then rename) so a concurrent run never
/// reads a half-written entry.
fn store(module: &Module, path: &std::path::Path) {
    let Some(dir) = path.parent() else { return };
    let Ok(serialized) = module.serialize() else {
        return;
    };
    if std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .is_err()
    {
        return;
    }
    let temp = path.with_extension(format!("tmp{}", std::process::id()));
    let written = std::fs::File::create(&temp).and_then(|mut f| f.write_all(&serialized));
    if written.is_err() || std::fs::rename(&temp, path).is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}
