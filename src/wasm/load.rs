//! Loading one wasm input: read the file, turn `.wat` text into a binary,
//! refuse components, and read the module's facts for the policy checks.

use std::path::Path;

use policy::facts::{self, ModuleFacts};

use crate::failure::Failure;

/// A module ready to be checked and compiled.
pub struct Loaded {
    /// The path as given on the command line.
    pub display: String,
    /// The module name its exports are importable under (the file stem).
    pub stem: String,
    pub bytes: Vec<u8>,
    pub facts: ModuleFacts,
}

pub fn load(path: &Path, display: &str) -> Result<Loaded, Failure> {
    let raw =
        std::fs::read(path).map_err(|e| Failure::failed(format!("cannot read {display}: {e}")))?;
    let bytes = if raw.starts_with(b"\0asm") {
        raw
    } else {
        wat::parse_bytes(&raw)
            .map_err(|mut e| {
                e.set_path(path);
                Failure::failed(format!("{display} is not a valid module: {e}"))
            })?
            .into_owned()
    };
    if facts::is_component(&bytes) {
        return Err(Failure::failed(format!(
            "{display} is a WebAssembly component; kit runs core modules only (build a core module, e.g. for wasm32-wasip1)"
        )));
    }
    let facts = facts::module_facts(&bytes)
        .map_err(|e| Failure::failed(format!("{display} is not a valid module: {e}")))?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Loaded {
        display: display.to_owned(),
        stem,
        bytes,
        facts,
    })
}
