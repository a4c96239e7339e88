//! Static checks of modules against the policy, before anything is
//! compiled or instantiated. Every problem of every module is collected,
//! so a refusal lists everything refused at once.

use crate::facts::{Import, ImportType, ModuleFacts};
use crate::size::human;
use crate::{Imports, Policy};
use wasmparser::ValType;

/// Bytes of instance footprint charged per table element and per global.
pub const TABLE_ELEMENT_BYTES: u64 = 8;
pub const GLOBAL_BYTES: u64 = 16;

/// The module every WASI Preview 1 import comes from.
pub const WASI_MODULE: &str = "wasi_snapshot_preview1";

/// One module to check: its display name, its facts, and the module names
/// its imports may come from without the host (earlier kit inputs).
pub struct Candidate<'a> {
    pub name: &'a str,
    pub facts: &'a ModuleFacts,
    pub provided: &'a [String],
}

/// Checks every module; returns one line per refused thing (empty: all allowed).
pub fn check(policy: &Policy, modules: &[Candidate<'_>]) -> Vec<String> {
    let mut refusals = Vec::new();
    for module in modules {
        for import in &module.facts.imports {
            if module.provided.contains(&import.module) {
                continue;
            }
            if let Some(why) = refuse_import(policy.imports, import) {
                refusals.push(format!(
                    "{}: import {}.{} ({}): {why}",
                    module.name, import.module, import.name, import.ty
                ));
            }
        }
    }
    refusals.extend(check_limits(policy, modules));
    refusals
}

/// Why `import` is refused under `imports`, or None when granted.
fn refuse_import(imports: Imports, import: &Import) -> Option<String> {
    let granted_by = grant_for(import);
    if granted_by == Some(imports) {
        return None;
    }
    let current = imports.flag();
    Some(match granted_by {
        Some(grant) => format!("refused under {current}; grant it with {}", grant.flag()),
        None => format!("refused under {current}; no kit flag grants this import"),
    })
}

/// The import policy that would grant `import`, if any.
fn grant_for(import: &Import) -> Option<Imports> {
    if import.module == WASI_MODULE && matches!(import.ty, ImportType::Func { .. }) {
        return Some(Imports::Wasi);
    }
    let host_add = ImportType::Func {
        params: vec![ValType::I32, ValType::I32],
        results: vec![ValType::I32],
    };
    (import.module == "env" && import.name == "host_add" && import.ty == host_add)
        .then_some(Imports::Test)
}

fn check_limits(policy: &Policy, modules: &[Candidate<'_>]) -> Vec<String> {
    let mut refusals = Vec::new();
    let names = modules
        .iter()
        .map(|m| m.name)
        .collect::<Vec<_>>()
        .join(", ");
    let memories: Vec<_> = modules.iter().flat_map(|m| &m.facts.memories).collect();
    if memories.len() as u64 > u64::from(policy.memories_max) {
        refusals.push(format!(
            "{names}: defines {} linear memories, over the limit of {}; raise it with --wasm-memories-max",
            memories.len(),
            policy.memories_max
        ));
    }
    let memory_bytes: u128 = memories
        .iter()
        .map(|m| u128::from(m.initial) << m.page_size_log2())
        .sum();
    if memory_bytes > u128::from(policy.memory_max) {
        refusals.push(format!(
            "{names}: declares {} of linear memory at minimum, over the limit of {}; raise it with --wasm-memory-max",
            human(memory_bytes),
            human(policy.memory_max.into())
        ));
    }
    let footprint: u128 = modules
        .iter()
        .map(|m| {
            let elements: u128 = m.facts.tables.iter().map(|t| u128::from(t.initial)).sum();
            elements * u128::from(TABLE_ELEMENT_BYTES)
                + u128::from(m.facts.globals) * u128::from(GLOBAL_BYTES)
        })
        .sum();
    if footprint > u128::from(policy.instance_max) {
        refusals.push(format!(
            "{names}: declares {} of tables and globals at minimum, over the instance limit of {}; raise it with --wasm-instance-max",
            human(footprint),
            human(policy.instance_max.into())
        ));
    }
    refusals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::module_facts;

    fn run(policy: &Policy, wat: &str) -> Vec<String> {
        let facts = module_facts(&wat::parse_str(wat).unwrap()).unwrap();
        check(
            policy,
            &[Candidate {
                name: "m.wat",
                facts: &facts,
                provided: &[],
            }],
        )
    }

    const IMPORTS: &str = r#"(module
        (import "env" "host_add" (func (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
        (import "env" "other" (func)))"#;

    #[test]
    fn deny_lists_every_import_with_its_grant() {
        let refused = run(&Policy::default(), IMPORTS);
        assert_eq!(
            refused,
            [
                "m.wat: import env.host_add (func (i32, i32) -> i32): refused under --wasm-imports=deny; grant it with --wasm-imports=test",
                "m.wat: import wasi_snapshot_preview1.fd_write (func (i32, i32, i32, i32) -> i32): refused under --wasm-imports=deny; grant it with --wasm-imports=wasi",
                "m.wat: import env.other (func ()): refused under --wasm-imports=deny; no kit flag grants this import",
            ]
        );
    }

    #[test]
    fn test_policy_grants_only_host_add() {
        let policy = Policy {
            imports: Imports::Test,
            ..Policy::default()
        };
        let refused = run(&policy, IMPORTS);
        assert_eq!(refused.len(), 2);
        assert!(refused.iter().all(|r| !r.contains("host_add")));
    }

    #[test]
    fn host_add_with_the_wrong_type_is_refused() {
        let policy = Policy {
            imports: Imports::Test,
            ..Policy::default()
        };
        let refused = run(
            &policy,
            r#"(module (import "env" "host_add" (func (param i64))))"#,
        );
        assert_eq!(refused.len(), 1);
    }

    #[test]
    fn memory_minimums_over_the_limit_name_both_sizes() {
        let refused = run(&Policy::default(), "(module (memory 32768))");
        assert_eq!(
            refused,
            ["m.wat: declares 2 GiB of linear memory at minimum, over the limit of 1 GiB; raise it with --wasm-memory-max"]
        );
    }

    #[test]
    fn memory_count_and_tables() {
        let refused = run(
            &Policy::default(),
            "(module (memory 1) (memory 1) (table 10000000 funcref))",
        );
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert!(refused[0].contains("defines 2 linear memories, over the limit of 1"));
        assert!(
            refused[1].contains("76.29 MiB of tables and globals"),
            "{refused:?}"
        );
    }
}
