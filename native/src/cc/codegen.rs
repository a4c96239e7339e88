//! The object file: cranelift-object's product, plus `.init_array` and
//! `.fini_array` sections holding the addresses of the unit's
//! `__attribute__((constructor))` and `((destructor))` functions (one
//! R_X86_64_64 relocation per entry), as gcc emits them. The linker runs
//! them like any object's: constructors before the entry, destructors
//! after it.

use cranelift_module::FuncId;
use object::write::{Relocation, SectionId};
use object::{elf, RelocationEncoding, RelocationFlags, RelocationKind, SectionFlags, SectionKind};

use super::unit::Unit;

/// Finishes the module and writes the ELF relocatable bytes.
pub fn emit(unit: Unit) -> Result<Vec<u8>, String> {
    let constructors = unit.constructors.clone();
    let destructors = unit.destructors.clone();
    let mut product = unit.module.finish();
    for (name, kind, functions) in [
        (".init_array", elf::SHT_INIT_ARRAY, &constructors),
        (".fini_array", elf::SHT_FINI_ARRAY, &destructors),
    ] {
        if functions.is_empty() {
            continue;
        }
        let section = pointer_array(&mut product.object, name, kind);
        for (i, id) in functions.iter().enumerate() {
            add_entry(&mut product, section, 8 * i as u64, *id)?;
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
