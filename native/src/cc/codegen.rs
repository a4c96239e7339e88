//! The object file: cranelift-object's product, plus `.init_array` and
//! `.fini_array` sections holding the addresses of the unit's
//! `__attribute__((constructor))` and `((destructor))` functions (one
//! R_X86_64_64 relocation per entry), as gcc emits them. The linker runs
//! them like any object's: constructors before the entry, destructors
//! after it. Aliases (`__attribute__((alias("target")))`) become symbols
//! at their target's place.

use cranelift_module::FuncId;
use object::write::{Relocation, SectionId};
use object::{elf, RelocationEncoding, RelocationFlags, RelocationKind, SectionFlags, SectionKind};

use super::unit::{Alias, AliasTarget, Unit};

/// Finishes the module and writes the ELF relocatable bytes.
pub fn emit(mut unit: Unit) -> Result<Vec<u8>, String> {
    let constructors = unit.constructors.clone();
    let destructors = unit.destructors.clone();
    let aliases = std::mem::take(&mut unit.alias_definitions);
    // Weak names (`__attribute__((weak))`, `#pragma weak`): weak symbols,
    // defined or not; the linker resolves an undefined one to null when
    // nothing defines it. cranelift-module has no weak import.
    let weak_references: Vec<AliasTarget> = unit
        .globals
        .values()
        .filter(|g| g.attributes.weak)
        .filter_map(|g| match (g.func, g.data) {
            (Some(id), _) => Some(AliasTarget::Function(id)),
            (_, Some(id)) => Some(AliasTarget::Data(id)),
            _ => None,
        })
        .collect();
    let mut product = unit.module.finish();
    for alias in &aliases {
        define_alias(&mut product, alias);
    }
    for target in weak_references {
        let id = symbol_of(&product, target);
        product.object.symbol_mut(id).weak = true;
    }
    for (base, kind, functions) in [
        (".init_array", elf::SHT_INIT_ARRAY, &constructors),
        (".fini_array", elf::SHT_FINI_ARRAY, &destructors),
    ] {
        // As gcc: a numbered priority in `.init_array.NNNNN` (which the
        // linker sorts first), the default in the plain section.
        let mut priorities: Vec<u16> = functions.iter().map(|(_, p)| *p).collect();
        priorities.sort_unstable();
        priorities.dedup();
        for priority in priorities {
            let name = match priority {
                u16::MAX => base.to_owned(),
                _ => format!("{base}.{priority:05}"),
            };
            let section = pointer_array(&mut product.object, &name, kind);
            let these = functions.iter().filter(|(_, p)| *p == priority);
            for (i, (id, _)) in these.enumerate() {
                add_entry(&mut product, section, 8 * i as u64, *id)?;
            }
        }
    }
    product.emit().map_err(|e| e.to_string())
}

fn pointer_array(object: &mut object::write::Object<'static>, name: &str, kind: u32) -> SectionId {
    let section = object.add_section(Vec::new(), name.as_bytes().to_vec(), SectionKind::Elf(kind));
    object.section_mut(section).flags = SectionFlags::Elf {
        sh_flags: u64::from(elf::SHF_ALLOC | elf::SHF_WRITE),
    };
    section
}

fn add_entry(
    product: &mut cranelift_object::ObjectProduct,
    section: SectionId,
    offset: u64,
    id: FuncId,
) -> Result<(), String> {
    let symbol = product.function_symbol(id);
    product.object.append_section_data(section, &[0; 8], 8);
    product
        .object
        .add_relocation(
            section,
            Relocation {
                offset,
                symbol,
                addend: 0,
                flags: RelocationFlags::Generic {
                    kind: RelocationKind::Absolute,
                    encoding: RelocationEncoding::Generic,
                    size: 64,
                },
            },
        )
        .map_err(|e| e.to_string())
}

/// Defines `alias` at its target's section and offset: the symbol the
/// unit's uses of it already name, or a new one.
fn define_alias(product: &mut cranelift_object::ObjectProduct, alias: &Alias) {
    let target = product.object.symbol(symbol_of(product, alias.to));
    let (value, size, kind, section) = (target.value, target.size, target.kind, target.section);
    let scope = if alias.local {
        object::SymbolScope::Compilation
    } else {
        object::SymbolScope::Dynamic
    };
    let defined = object::write::Symbol {
        name: alias.symbol.as_bytes().to_vec(),
        scope,
        weak: alias.weak,
        value,
        size,
        kind,
        section,
        flags: object::SymbolFlags::None,
    };
    match alias.declared {
        Some(declared) => {
            let id = symbol_of(product, declared);
            *product.object.symbol_mut(id) = defined;
        }
        None => {
            product.object.add_symbol(defined);
        }
    }
}

/// The object's symbol of a function or data object of the module.
fn symbol_of(
    product: &cranelift_object::ObjectProduct,
    target: AliasTarget,
) -> object::write::SymbolId {
    match target {
        AliasTarget::Function(id) => product.function_symbol(id),
        AliasTarget::Data(id) => product.data_symbol(id),
    }
}
