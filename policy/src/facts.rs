//! What a module declares, read once with wasmparser before anything is
//! compiled: its imports (with types), the memories, tables and globals it
//! defines, and the `kit-entry` custom section. The policy checks run on
//! these facts, so a refused module never reaches the compiler.

use std::fmt;

use wasmparser::{
    CompositeInnerType, FuncType, MemoryType, Parser, Payload, TableType, TypeRef, ValType,
};

/// The custom section naming the entry function.
pub const ENTRY_SECTION: &str = "kit-entry";
/// The longest entry name the `kit-entry` section may hold, in bytes.
pub const ENTRY_NAME_MAX: usize = 255;

/// One import, with its type rendered for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub module: String,
    pub name: String,
    pub ty: ImportType,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportType {
    Func {
        params: Vec<ValType>,
        results: Vec<ValType>,
    },
    Memory(MemoryType),
    Table(TableType),
    Global(ValType),
    Tag,
}

impl fmt::Display for ImportType {
    /// `func (i32, i32) -> i32`, `memory 1 pages`, `table 10 funcref`, `global i32`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportType::Func { params, results } => {
                write!(f, "func ({})", join(params))?;
                if !results.is_empty() {
                    write!(f, " -> {}", join(results))?;
                }
                Ok(())
            }
            ImportType::Memory(m) => write!(f, "memory, {} pages minimum", m.initial),
            ImportType::Table(t) => write!(f, "table of {}, {} minimum", t.element_type, t.initial),
            ImportType::Global(ty) => write!(f, "global {ty}"),
            ImportType::Tag => f.write_str("tag"),
        }
    }
}

fn join(types: &[ValType]) -> String {
    types
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a module declares.
#[derive(Clone, Debug, Default)]
pub struct ModuleFacts {
    pub imports: Vec<Import>,
    /// Memories the module defines (imported ones are counted by their owner).
    pub memories: Vec<MemoryType>,
    /// Tables the module defines.
    pub tables: Vec<TableType>,
    /// Number of globals the module defines.
    pub globals: u64,
    /// The `kit-entry` section's content, when present: a name, or why it is unusable.
    pub entry: Option<Result<String, String>>,
}

/// A module that could not be read; `offset` is the byte offset of the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MalformedModule {
    pub message: String,
    pub offset: usize,
}

impl fmt::Display for MalformedModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte offset {:#x})", self.message, self.offset)
    }
}

impl From<wasmparser::BinaryReaderError> for MalformedModule {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        MalformedModule {
            message: e.message().to_owned(),
            offset: e.offset(),
        }
    }
}

/// Whether `bytes` is a component rather than a core module.
pub fn is_component(bytes: &[u8]) -> bool {
    Parser::is_component(bytes)
}

/// Reads the facts of a core module binary.
pub fn module_facts(bytes: &[u8]) -> Result<ModuleFacts, MalformedModule> {
    let mut facts = ModuleFacts::default();
    let mut func_types: Vec<Option<FuncType>> = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::TypeSection(reader) => {
                for group in reader {
                    for sub in group?.types() {
                        func_types.push(match &sub.composite_type.inner {
                            CompositeInnerType::Func(ty) => Some(ty.clone()),
                            _ => None,
                        });
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import?;
                    facts.imports.push(Import {
                        module: import.module.to_owned(),
                        name: import.name.to_owned(),
                        ty: import_type(import.ty, &func_types),
                    });
                }
            }
            Payload::MemorySection(reader) => {
                for memory in reader {
                    facts.memories.push(memory?);
                }
            }
            Payload::TableSection(reader) => {
                for table in reader {
                    facts.tables.push(table?.ty);
                }
            }
            Payload::GlobalSection(reader) => facts.globals = u64::from(reader.count()),
            Payload::CustomSection(section) if section.name() == ENTRY_SECTION => {
                facts.entry = Some(entry_name(section.data()));
            }
            _ => {}
        }
    }
    Ok(facts)
}

fn import_type(ty: TypeRef, func_types: &[Option<FuncType>]) -> ImportType {
    match ty {
        TypeRef::Func(index) | TypeRef::FuncExact(index) => {
            match func_types.get(index as usize).cloned().flatten() {
                Some(ty) => ImportType::Func {
                    params: ty.params().to_vec(),
                    results: ty.results().to_vec(),
                },
                None => ImportType::Func {
                    params: Vec::new(),
                    results: Vec::new(),
                },
            }
        }
        TypeRef::Memory(m) => ImportType::Memory(m),
        TypeRef::Table(t) => ImportType::Table(t),
        TypeRef::Global(g) => ImportType::Global(g.content_type),
        TypeRef::Tag(_) => ImportType::Tag,
    }
}

fn entry_name(data: &[u8]) -> Result<String, String> {
    if data.is_empty() {
        return Err(format!("the {ENTRY_SECTION} custom section is empty"));
    }
    if data.len() > ENTRY_NAME_MAX {
        return Err(format!(
            "the {ENTRY_SECTION} custom section is {} bytes; an entry name must be under 256",
            data.len()
        ));
    }
    String::from_utf8(data.to_vec())
        .map_err(|_| format!("the {ENTRY_SECTION} custom section is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(wat: &str) -> ModuleFacts {
        module_facts(&wat::parse_str(wat).unwrap()).unwrap()
    }

    #[test]
    fn imports_carry_their_types() {
        let f = facts(
            r#"(module
                (import "env" "host_add" (func (param i32 i32) (result i32)))
                (import "env" "mem" (memory 2))
                (import "env" "g" (global i64)))"#,
        );
        let rendered: Vec<String> = f
            .imports
            .iter()
            .map(|i| format!("{}.{}: {}", i.module, i.name, i.ty))
            .collect();
        assert_eq!(
            rendered,
            [
                "env.host_add: func (i32, i32) -> i32",
                "env.mem: memory, 2 pages minimum",
                "env.g: global i64"
            ]
        );
        assert!(f.memories.is_empty());
    }

    #[test]
    fn defined_memories_tables_globals() {
        let f = facts(
            r#"(module (memory 3) (memory 1) (table 10 funcref)
                (global i32 (i32.const 0)) (global i32 (i32.const 1)))"#,
        );
        assert_eq!(f.memories.len(), 2);
        assert_eq!(f.memories[0].initial, 3);
        assert_eq!(f.tables[0].initial, 10);
        assert_eq!(f.globals, 2);
    }

    #[test]
    fn truncated_module_names_an_offset() {
        let bytes = wat::parse_str("(module (memory 1))").unwrap();
        let err = module_facts(&bytes[..bytes.len() - 1]).unwrap_err();
        assert!(err.to_string().contains("at byte offset 0x"), "{err}");
    }

    #[test]
    fn entry_section_rules() {
        assert_eq!(entry_name(b"go"), Ok("go".into()));
        assert!(entry_name(b"").is_err());
        assert!(entry_name(&[0xff]).is_err());
        assert!(entry_name(&[b'a'; 256]).is_err());
        assert!(entry_name(&[b'a'; 255]).is_ok());
    }
}
