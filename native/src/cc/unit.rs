//! One translation unit: walks the external declarations in order, records
//! every global's type and symbol, compiles function definitions (see
//! lower.rs) and emits global data with its relocations into a
//! cranelift-object module. Functions and objects that are only declared
//! (most of libc's headers) reach the object only when something uses
//! them, so a C script including stdio.h imports just what it calls.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use cranelift_codegen::ir::{self, Signature};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};
use cranelift_object::ObjectModule;
use lang_c::ast::*;
use lang_c::span::Node;

use super::decl::{error, Error, Result, Scopes, Storage, Warning};
use super::inline::{define_all, Lowered, References};
use super::lower::{Capture, FnLower};
use super::types::{FunctionType, Type};

/// Where a variadic call through a pointer passes the target to its
/// trampoline: the n-th integer argument register, or the n-th stack slot.
#[derive(Clone, Copy)]
pub enum TargetAt {
    Register(u8),
    Stack(u32),
}

/// An enclosing function's own labels and its numbered labels, with the
/// offset of each one's first use (`Unit::label_addresses`).
pub type EnclosingLabels = (std::collections::HashSet<String>, Vec<(String, usize)>);

/// Attributes of a file-scope declaration that change code generation.
#[derive(Clone, Copy, Default)]
pub struct Attributes {
    /// `constructor` and `destructor`, with their priority (gcc's default
    /// is 65535, after every numbered one).
    pub constructor: Option<u16>,
    pub destructor: Option<u16>,
    pub weak: bool,
    /// `aligned(N)`: the object's least alignment.
    pub aligned: Option<u64>,
    /// `_Thread_local`/`__thread`: one object per thread (see `tls.rs`).
    pub thread_local: bool,
    /// Declared `volatile`: every access is made (see lower.rs).
    pub volatile: bool,
    /// The alignment was written as `_Alignas` (see `RecordAttributes`).
    pub alignas: bool,
    /// The strictest `_Alignas` (see `RecordAttributes`).
    pub alignas_least: Option<u64>,
    /// `noinline`: a function never inlined into its callers.
    pub noinline: bool,
    /// `gnu_inline`: GNU C89's `inline` (an `extern inline` definition
    /// is for inlining only; a plain `inline` one is external).
    pub gnu_inline: bool,
    /// `alias("target")`: defined as another name for the target, by a
    /// symbol the object gets at the end (codegen.rs); the module sees
    /// only uses of it.
    pub alias: bool,
}

impl Attributes {
    /// Both sets: an attribute on any declaration applies to the entity.
    fn union(self, other: Attributes) -> Attributes {
        Attributes {
            constructor: self.constructor.or(other.constructor),
            destructor: self.destructor.or(other.destructor),
            weak: self.weak || other.weak,
            aligned: self.aligned.max(other.aligned),
            thread_local: self.thread_local || other.thread_local,
            volatile: self.volatile || other.volatile,
            alignas: self.alignas || other.alignas,
            alignas_least: self.alignas_least.max(other.alignas_least),
            noinline: self.noinline || other.noinline,
            gnu_inline: self.gnu_inline || other.gnu_inline,
            alias: self.alias || other.alias,
        }
    }
}

/// A file-scope name.
#[derive(Clone)]
pub struct Global {
    pub ty: Type,
    /// The linker symbol (an asm label may rename it).
    pub symbol: String,
    pub local: bool,
    pub func: Option<FuncId>,
    pub data: Option<DataId>,
    pub defined: bool,
    /// Attributes from every declaration so far.
    pub attributes: Attributes,
}

impl Global {
    /// The symbol of its data object: for a thread-local, the control
    /// block the runtime allocates each thread's copy from.
    pub fn data_symbol(&self) -> String {
        if self.attributes.thread_local {
            super::tls::control_symbol(&self.symbol)
        } else {
            self.symbol.clone()
        }
    }

    /// The symbol's linkage as far as the unit knows it now.
    fn linkage(&self) -> Linkage {
        if self.attributes.alias {
            Linkage::Import
        } else if self.local {
            Linkage::Local
        } else if !self.defined {
            Linkage::Import
        } else if self.attributes.weak {
            Linkage::Preemptible
        } else {
            Linkage::Export
        }
    }
}

pub struct Unit {
    pub module: ObjectModule,
    /// The preprocessed text the syntax tree's offsets index, for gcc's
    /// places at tokens the tree does not keep (the `{` of an empty
    /// initializer after its `=`).
    pub source: std::rc::Rc<str>,
    pub scopes: Scopes,
    pub globals: HashMap<String, Global>,
    /// Functions declared only because a `__builtin_` form of them was
    /// called: no declaration of the program's, so no linkage to clash.
    pub builtin_only: std::collections::HashSet<String>,
    /// Functions defined with an identifier list (K&R), whose calls are
    /// not checked against their parameters.
    pub old_style_definitions: std::collections::HashSet<String>,
    /// The const levels of file-scope objects (`decl::readonly_levels`).
    pub readonly: HashMap<String, u64>,
    /// The const levels of each parameter of the functions declared at
    /// file scope, by name (for gcc's -Wdiscarded-qualifiers on calls).
    pub parameters_readonly: HashMap<String, Vec<u64>>,
    /// Static functions referenced, with the first reference's offset: each
    /// must be defined in the unit, as nothing else can define it.
    static_function_uses: Vec<(String, usize)>,
    pub strings: usize,
    pub errors: Vec<Error>,
    /// Warnings, reported with the object (or with the errors).
    pub warnings: Vec<Warning>,
    /// The unit's `-W` flags: which of gcc 14's errors are only warnings
    /// (-fpermissive).
    pub warning_flags: crate::warnings::WarningPolicy,
    /// `inline` has GNU C89's meaning in this unit (-std=gnu89).
    pub gnu89_inline: bool,
    /// The library functions that are plain functions in this unit.
    pub no_builtin: super::NoBuiltin,
    /// Tentative definitions (`int x;`), in their order, and the names of
    /// those still waiting for their storage (a set: a unit may have tens
    /// of thousands, and a search of the list for each was quadratic).
    tentative: Vec<(String, usize)>,
    tentative_pending: HashSet<String>,
    /// Tentative definitions of objects of an enum type not yet defined
    /// (its tag, the name, where): an error if the unit never defines it.
    undefined_enum_objects: Vec<(String, String, usize)>,
    /// Variadic-call trampolines by (callee, vector registers used).
    vacall_stubs: HashMap<(String, u8), FuncId>,
    /// Functions reached other than by calls (see inline.rs).
    references: References,
    /// The helpers of raw machine code defined in this object so far,
    /// by name (x87.rs, ia32.rs).
    machine_helpers: HashMap<String, FuncId>,
    /// Block-scope statics so far (they are named `name.N`).
    pub statics: usize,
    /// `__attribute__((constructor))` / `((destructor))` functions, in
    /// order, with their priorities.
    pub constructors: Vec<(FuncId, u16)>,
    pub destructors: Vec<(FuncId, u16)>,
    /// The function being defined, for `__func__`.
    pub current_function: String,
    /// Whether scalar locals whose address is not taken become SSA
    /// variables and small functions are inlined (-O1 and up; see
    /// promote.rs and inline.rs).
    pub promote_locals: bool,
    /// Labels of the function being lowered whose address `&&` takes,
    /// with the offset of the first use: label n's address is n + 1.
    pub label_addresses: Vec<(String, usize)>,
    /// Function bodies lowered so far, compiled at the end of the unit.
    lowered: Vec<Lowered>,
    /// While a block-scope static's initializer is defined: the names the
    /// function's blocks declare there, each a block-scope static's key
    /// into `globals`, or None for an automatic object (whose address is
    /// no constant). See `static_key`.
    pub block_names: HashMap<String, Option<String>>,
    /// Where the statement expressions holding nested functions' bodies
    /// start (`parse::Parsed::nested_functions`).
    pub nested_functions: std::collections::HashSet<usize>,
    /// The thunk of each nested function whose address is taken (see
    /// nested.rs), by the nested function's id.
    pub nested_thunks: HashMap<FuncId, FuncId>,
    /// While a nested function is lowered: each enclosing function's
    /// own labels and label numbers (`label_addresses`), innermost last,
    /// so `&&label` of an enclosing function takes its number there.
    pub enclosing_labels: Vec<EnclosingLabels>,
    /// Labels that nested functions jump to; label n comes back from
    /// `longjmp` as n + 1 (see nested.rs).
    pub nonlocal_labels: Vec<String>,
    /// The `section` of each object placed in a named section, by key.
    pub sections: HashMap<String, String>,
    /// `alias("target")` declarations: (alias name, target name, offset).
    aliases: Vec<(String, String, usize)>,
    /// The same resolved at the end of the unit, for the object.
    pub alias_definitions: Vec<Alias>,
    /// Functions declared `returns_twice`, besides setjmp and its kin.
    pub returns_twice: std::collections::HashSet<String>,
    /// The functions some file-scope declaration gives an external
    /// definition: one without `inline`, or `extern` (C99 6.7.4p7; see
    /// `inline_definition`).
    pub externally_declared: std::collections::HashSet<String>,
    /// `#pragma weak` operands (`NAME` or `NAME=TARGET`), applied at the
    /// end of the unit, where they are.
    pragma_weak: Vec<(String, usize)>,
    /// File-scope `asm` blocks with instructions: (text, offset).
    file_scope_asm: Vec<(String, usize)>,
    /// The object GNU `as` made of them, linked beside the unit's.
    pub assembly: Option<Vec<u8>>,
    /// The helpers of `asm` statements, by their assembly text.
    asm_helpers: HashMap<String, FuncId>,
}

/// The largest static object whose bytes are built at compile time (an
/// initialized one, or one placed in a named section): 2 GiB, as in gcc's
/// small code model. Zero-initialized objects (.bss) cost no bytes and
/// are limited only by the image's mapping.
const MAX_INITIALIZED_OBJECT: u64 = 1 << 31;

impl Unit {
    /// A warning at `offset`, with gcc's option for it if it has one.
    pub fn warn(&mut self, offset: usize, option: Option<&'static str>, message: String) {
        self.warnings.push(Warning {
            offset,
            message,
            option,
        });
    }

    /// gcc 14's error `message` at `offset`, named by its warning
    /// `option` as gcc 14 names it, or gcc 12's warning when the flags
    /// (-fpermissive, -Wno-error=OPTION) make it one.
    pub fn permerror(
        &mut self,
        option: &'static str,
        offset: usize,
        message: String,
    ) -> Result<()> {
        if !self.warning_flags.permits(option) {
            return error(offset, format!("{message} [-W{option}]"));
        }
        self.warn(offset, Some(option), message);
        Ok(())
    }

    pub fn new(isa: OwnedTargetIsa, name: &str, source: &str) -> std::result::Result<Unit, String> {
        let builder = cranelift_object::ObjectBuilder::new(
            isa,
            name,
            cranelift_module::default_libcall_names(),
        )
        .map_err(|e| e.to_string())?;
        let mut scopes = Scopes::default();
        scopes
            .define_typedef("__builtin_va_list", super::types::va_list(), 0)
            .expect("a new scope");
        Ok(Unit {
            module: ObjectModule::new(builder),
            source: source.into(),
            scopes,
            globals: HashMap::new(),
            builtin_only: Default::default(),
            old_style_definitions: Default::default(),
            strings: 0,
            errors: Vec::new(),
            warnings: Vec::new(),
            warning_flags: Default::default(),
            gnu89_inline: false,
            no_builtin: Default::default(),
            tentative: Vec::new(),
            tentative_pending: HashSet::new(),
            undefined_enum_objects: Vec::new(),
            parameters_readonly: HashMap::new(),
            readonly: HashMap::new(),
            static_function_uses: Vec::new(),
            vacall_stubs: HashMap::new(),
            machine_helpers: HashMap::new(),
            references: References::default(),
            statics: 0,
            constructors: Vec::new(),
            destructors: Vec::new(),
            current_function: String::new(),
            promote_locals: false,
            lowered: Vec::new(),
            label_addresses: Vec::new(),
            block_names: HashMap::new(),
            nested_functions: std::collections::HashSet::new(),
            nested_thunks: HashMap::new(),
            nonlocal_labels: Vec::new(),
            enclosing_labels: Vec::new(),
            sections: HashMap::new(),
            aliases: Vec::new(),
            alias_definitions: Vec::new(),
            returns_twice: std::collections::HashSet::new(),
            externally_declared: std::collections::HashSet::new(),
            pragma_weak: Vec::new(),
            file_scope_asm: Vec::new(),
            assembly: None,
            asm_helpers: HashMap::new(),
        })
    }

    pub fn translate(&mut self, unit: &TranslationUnit) {
        self.externally_declared = externally_declared(unit);
        for item in &unit.0 {
            let result = match &item.node {
                ExternalDeclaration::Declaration(d) => self.declaration(d),
                ExternalDeclaration::StaticAssert(s) => self.static_assert(s),
                ExternalDeclaration::FunctionDefinition(f) => self.function_definition(f),
            };
            if let Err(e) = result {
                self.errors.push(e);
            }
        }
        for (tag, name, at) in std::mem::take(&mut self.undefined_enum_objects) {
            if !self.scopes.tag_defined(&tag) {
                let message = format!("storage size of '{name}' isn't known");
                self.errors.push(Error {
                    offset: at,
                    message,
                });
            }
        }
        for (name, offset) in std::mem::take(&mut self.tentative) {
            if !self.tentative_pending.contains(&name) {
                continue;
            }
            self.complete_tentative_array(&name, offset);
            if let Err(e) = self.define_data(&name, None, offset) {
                self.errors.push(e);
            }
        }
        for (name, offset) in std::mem::take(&mut self.static_function_uses) {
            if !self.globals[&name].defined {
                self.errors.push(Error {
                    offset,
                    message: format!("'{name}' used but never defined"),
                });
            }
        }
        self.apply_pragma_weak();
        if !self.file_scope_asm.is_empty() {
            match super::lower::asm::assemble_file_scope(&self.file_scope_asm) {
                Ok(object) => self.assembly = Some(object),
                Err(e) => self.errors.push(e),
            }
        }
        match self.alias_symbols() {
            Ok(aliases) => self.alias_definitions = aliases,
            Err(e) => self.errors.push(e),
        }
        let lowered = std::mem::take(&mut self.lowered);
        let ends = self.constructors.iter().chain(&self.destructors);
        self.references.roots.extend(ends.map(|(id, _)| *id));
        let errors = define_all(
            &mut self.module,
            lowered,
            &self.references,
            self.promote_locals,
        );
        self.errors.extend(errors);
    }

    /// A function of kit's runtime (`__kit_*`, resolved by the linker),
    /// declared once per unit.
    pub fn runtime_function(
        &mut self,
        name: &str,
        params: &[ir::types::Type],
        ret: Option<ir::types::Type>,
    ) -> Result<FuncId> {
        let ret: Vec<ir::types::Type> = ret.into_iter().collect();
        self.runtime_function_returning(name, params, &ret)
    }

    /// `runtime_function` with any number of results.
    pub fn runtime_function_returning(
        &mut self,
        name: &str,
        params: &[ir::types::Type],
        results: &[ir::types::Type],
    ) -> Result<FuncId> {
        let mut sig = self.module.make_signature();
        sig.params
            .extend(params.iter().map(|t| ir::AbiParam::new(*t)));
        sig.returns
            .extend(results.iter().map(|t| ir::AbiParam::new(*t)));
        self.runtime_function_with(name, &sig)
    }

    /// A runtime function (see `runtime_function`) of signature `sig`.
    pub fn runtime_function_with(&mut self, name: &str, sig: &Signature) -> Result<FuncId> {
        self.module
            .declare_function(name, Linkage::Import, sig)
            .map_err(|e| Error {
                offset: 0,
                message: e.to_string(),
            })
    }

    /// `id` as a callee inside `func`.
    pub fn module_declare_in(&mut self, id: FuncId, func: &mut ir::Function) -> ir::FuncRef {
        self.module.declare_func_in_func(id, func)
    }

    /// Declares an external function the program did not declare (a
    /// libc function called as `__builtin_*`).
    pub fn declare_external_function(
        &mut self,
        name: &str,
        fty: FunctionType,
    ) -> std::rc::Rc<FunctionType> {
        let fty = std::rc::Rc::new(fty);
        self.globals.insert(
            name.to_owned(),
            Global {
                ty: Type::Function(fty.clone()),
                symbol: name.to_owned(),
                local: false,
                func: None,
                data: None,
                defined: false,
                attributes: Attributes::default(),
            },
        );
        fty
    }

    /// The number `&&name` stands for in the current function.
    pub fn label_number(&mut self, name: &str, offset: usize) -> u64 {
        let index = match self.label_addresses.iter().position(|(l, _)| l == name) {
            Some(i) => i,
            None => {
                self.label_addresses.push((name.to_owned(), offset));
                self.label_addresses.len() - 1
            }
        };
        index as u64 + 1
    }

    /// The x87 helper `helper` (see `machine_helper`).
    pub fn x87_helper(&mut self, helper: super::x87::Helper) -> Result<FuncId> {
        self.machine_helper(
            helper.name(),
            helper.params(),
            helper.result(),
            helper.code(),
        )
    }

    /// The local function `name` of raw machine code `code` (x87.rs,
    /// ia32.rs: no relocations), defined in this object on first use.
    pub fn machine_helper(
        &mut self,
        name: &str,
        params: &[ir::Type],
        result: Option<ir::Type>,
        code: &[u8],
    ) -> Result<FuncId> {
        if let Some(id) = self.machine_helpers.get(name) {
            return Ok(*id);
        }
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params
            .extend(params.iter().map(|t| ir::AbiParam::new(*t)));
        sig.returns.extend(result.map(ir::AbiParam::new));
        let id = self.define_machine_code(name, &sig, code, &[], 0)?;
        self.machine_helpers.insert(name.to_owned(), id);
        Ok(id)
    }

    /// `__kit_set_edom` (see lower/libm.rs), defined once per unit.
    pub fn set_edom_helper(&mut self) -> Result<FuncId> {
        const NAME: &str = "__kit_set_edom";
        if let Some(id) = self.machine_helpers.get(NAME) {
            return Ok(*id);
        }
        let errno_location =
            self.runtime_function("__errno_location", &[], Some(ir::types::I64))?;
        let (code, call_at) = super::lower::set_edom_code();
        let reloc = cranelift_module::ModuleReloc {
            offset: call_at,
            kind: cranelift_codegen::binemit::Reloc::X86CallPLTRel4,
            name: cranelift_module::ModuleRelocTarget::user(0, errno_location.as_u32()),
            addend: -4,
        };
        self.register_keeping_helper(NAME, &code, &[reloc])
    }

    /// `__kit_raise_invalid` (see lower/fenv.rs), defined once per
    /// unit.
    pub fn raise_invalid_helper(&mut self) -> Result<FuncId> {
        const NAME: &str = "__kit_raise_invalid";
        match self.machine_helpers.get(NAME) {
            Some(id) => Ok(*id),
            None => self.register_keeping_helper(NAME, super::lower::RAISE_INVALID, &[]),
        }
    }

    /// Defines the machine-code helper `name`, called with Cranelift's
    /// PreserveAll convention (it keeps every register, so the caller's
    /// values stay in registers across the call), and remembers it.
    fn register_keeping_helper(
        &mut self,
        name: &str,
        code: &[u8],
        relocs: &[cranelift_module::ModuleReloc],
    ) -> Result<FuncId> {
        let sig = Signature::new(CallConv::PreserveAll);
        let id = self.define_machine_code(name, &sig, code, relocs, 0)?;
        self.machine_helpers.insert(name.to_owned(), id);
        Ok(id)
    }

    /// The helper function running an `asm` statement's assembly `text`
    /// (see lower/asm.rs), assembled and defined once per unit.
    pub fn asm_helper(&mut self, text: &str, offset: usize) -> Result<FuncId> {
        if let Some(id) = self.asm_helpers.get(text) {
            return Ok(*id);
        }
        let assembled =
            super::lower::asm::assemble(text).map_err(|message| Error { offset, message })?;
        let relocs = assembled
            .references
            .iter()
            .map(|r| {
                Ok(cranelift_module::ModuleReloc {
                    offset: r.offset,
                    kind: r.kind,
                    name: self.asm_reference(&r.symbol, offset)?,
                    addend: r.addend,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.push(ir::AbiParam::new(ir::types::I64));
        let name = format!("__kit_asm.{}", self.asm_helpers.len());
        let id = self.define_machine_code(&name, &sig, &assembled.code, &relocs, offset)?;
        self.asm_helpers.insert(text.to_owned(), id);
        Ok(id)
    }

    /// What an asm template's `symbol` is: the unit's function or object
    /// of that symbol (a static function one too, kept compiled, as only
    /// the assembly reaches it), else a function another input or the C
    /// library defines.
    fn asm_reference(
        &mut self,
        symbol: &str,
        offset: usize,
    ) -> Result<cranelift_module::ModuleRelocTarget> {
        use cranelift_module::ModuleRelocTarget;
        let key = match self.globals.get(symbol) {
            Some(g) if g.symbol == symbol => Some(symbol.to_owned()),
            _ => self
                .globals
                .iter()
                .find(|(_, g)| g.symbol == symbol)
                .map(|(key, _)| key.clone()),
        };
        match key {
            Some(key) if matches!(self.globals[&key].ty, Type::Function(_)) => {
                let id = self.func_id(&key, offset)?;
                self.references.roots.push(id);
                Ok(ModuleRelocTarget::user(0, id.as_u32()))
            }
            Some(key) => {
                let id = self.data_id(&key)?;
                Ok(ModuleRelocTarget::user(1, id.as_u32()))
            }
            None => {
                let sig = Signature::new(CallConv::SystemV);
                let id = self
                    .module
                    .declare_function(symbol, Linkage::Import, &sig)
                    .map_err(|e| Error {
                        offset,
                        message: e.to_string(),
                    })?;
                Ok(ModuleRelocTarget::user(0, id.as_u32()))
            }
        }
    }

    /// A local function `name` of raw machine code `code` (with
    /// relocations `relocs`), 16-byte aligned.
    fn define_machine_code(
        &mut self,
        name: &str,
        sig: &Signature,
        code: &[u8],
        relocs: &[cranelift_module::ModuleReloc],
        offset: usize,
    ) -> Result<FuncId> {
        let fail = |e: cranelift_module::ModuleError| Error {
            offset,
            message: e.to_string(),
        };
        let id = self
            .module
            .declare_function(name, Linkage::Local, sig)
            .map_err(fail)?;
        self.module
            .define_function_bytes(id, 16, code, relocs)
            .map_err(fail)?;
        Ok(id)
    }

    /// A local trampoline that sets AL to `vectors` and jumps to the
    /// function `name`: how a variadic call tells the callee how many
    /// vector registers hold arguments (System V psABI 3.5.7). Cranelift
    /// cannot set AL itself, so the stub is raw machine code.
    pub fn vacall_stub(&mut self, name: &str, vectors: u8, offset: usize) -> Result<FuncId> {
        let target = self.func_id(name, offset)?;
        let symbol = self.globals[name].symbol.clone();
        self.vacall_stub_to(target, &symbol, vectors, offset)
    }

    /// The variadic-call trampoline (see `vacall_stub`) of the function
    /// `target` of the module, whose symbol is `symbol`.
    pub fn vacall_stub_to(
        &mut self,
        target: FuncId,
        symbol: &str,
        vectors: u8,
        offset: usize,
    ) -> Result<FuncId> {
        if let Some(id) = self.vacall_stubs.get(&(symbol.to_owned(), vectors)) {
            return Ok(*id);
        }
        let stub_name = format!("__kit_vacall{vectors}.{symbol}");
        let sig = Signature::new(CallConv::SystemV);
        // mov al, imm8; jmp rel32
        let bytes = [0xb0, vectors, 0xe9, 0, 0, 0, 0];
        let reloc = cranelift_module::ModuleReloc {
            offset: 3,
            kind: cranelift_codegen::binemit::Reloc::X86CallPLTRel4,
            name: cranelift_module::ModuleRelocTarget::user(0, target.as_u32()),
            addend: -4,
        };
        let id = self.define_machine_code(&stub_name, &sig, &bytes, &[reloc], offset)?;
        self.references.stubs.insert(id, target);
        self.vacall_stubs.insert((symbol.to_owned(), vectors), id);
        Ok(id)
    }

    /// The key into `globals` that `name` means in a static initializer:
    /// inside a function, a block scope's own static (`name.N`) or none
    /// for an automatic object; else the file-scope global, if any.
    pub fn static_key<'n>(&'n self, name: &'n str) -> Option<&'n str> {
        match self.block_names.get(name) {
            Some(key) => key.as_deref(),
            None => self.globals.contains_key(name).then_some(name),
        }
    }

    /// A block-scope `static` object (a local global named `name.N`, which
    /// `define_data` then defines: its name is in scope in its own
    /// initializer) or `extern` declaration / function prototype (the
    /// file-scope global `name`). Returns the key into `globals`.
    /// The attributes of a block-scope declaration of the file-scope
    /// `key` (`__attribute__((weak)) void f(void);` in a function), which
    /// apply to it as a file-scope declaration's do.
    pub fn block_declaration_attributes(
        &mut self,
        key: &str,
        specifiers: &[Node<DeclarationSpecifier>],
        d: &Declarator,
    ) -> Result<()> {
        let attributes = self.check_attributes(specifiers, d)?;
        if let Some(global) = self.globals.get_mut(key) {
            global.attributes = global.attributes.union(attributes);
        }
        Ok(())
    }

    pub fn block_scope_global(
        &mut self,
        name: &str,
        ty: Type,
        is_static: bool,
        thread_local: bool,
    ) -> String {
        let attributes = Attributes {
            thread_local,
            ..Attributes::default()
        };
        if !is_static {
            self.globals
                .entry(name.to_owned())
                .or_insert_with(|| Global {
                    ty,
                    symbol: name.to_owned(),
                    local: false,
                    func: None,
                    data: None,
                    defined: false,
                    attributes,
                });
            return name.to_owned();
        }
        self.statics += 1;
        let key = format!("{name}.{}", self.statics);
        self.globals.insert(
            key.clone(),
            Global {
                ty,
                symbol: key.clone(),
                local: true,
                func: None,
                data: None,
                defined: false,
                attributes,
            },
        );
        key
    }

    /// A trampoline for a variadic call through a pointer: sets AL to
    /// `vectors` and jumps to the target, which the caller passed as one
    /// extra last argument (in the register or stack slot `at`).
    pub fn vacall_indirect_stub(&mut self, vectors: u8, at: TargetAt) -> Result<FuncId> {
        let (key, jump): (String, Vec<u8>) = match at {
            TargetAt::Register(i) => {
                // jmp rdi / rsi / rdx / rcx / r8 / r9
                let code: &[u8] = match i {
                    0 => &[0xff, 0xe7],
                    1 => &[0xff, 0xe6],
                    2 => &[0xff, 0xe2],
                    3 => &[0xff, 0xe1],
                    4 => &[0x41, 0xff, 0xe0],
                    _ => &[0x41, 0xff, 0xe1],
                };
                (format!("r{i}"), code.to_vec())
            }
            TargetAt::Stack(i) => {
                // jmp [rsp + 8 + 8 * i]: past the return address.
                let disp = 8 + 8 * i;
                let mut code = vec![0xff, 0xa4, 0x24];
                code.extend_from_slice(&disp.to_le_bytes());
                (format!("s{i}"), code)
            }
        };
        let name = format!("__kit_vacall{vectors}.{key}");
        if let Some(id) = self.vacall_stubs.get(&(name.clone(), vectors)) {
            return Ok(*id);
        }
        let sig = Signature::new(CallConv::SystemV);
        let mut bytes = vec![0xb0, vectors];
        bytes.extend_from_slice(&jump);
        let id = self.define_machine_code(&name, &sig, &bytes, &[], 0)?;
        self.vacall_stubs.insert((name, vectors), id);
        Ok(id)
    }

    pub fn static_assert(&mut self, s: &Node<StaticAssert>) -> Result<()> {
        if self.scopes.pragma_pack(&s.node) {
            return Ok(());
        }
        self.record_static_assert_operand_types(s);
        let expression = &s.node.expression;
        let not_constant = "expression in static assertion is not constant";
        let value = self
            .scopes
            .constant_expr_as(expression, expression.span.start, not_constant)
            .map_err(|e| {
                // In a function, locals are not in the unit's view.
                let at_file_scope = self.scopes.at_file_scope();
                at_file_scope
                    .then(|| super::init::undeclared(self, expression))
                    .flatten()
                    .unwrap_or(e)
            })?;
        if value == 0 {
            return Err(super::decl::static_assertion_failed(s));
        }
        Ok(())
    }

    /// The symbol name of a declarator: its asm label, else its name.
    fn symbol_of(d: &Declarator, name: &str) -> String {
        for ext in &d.extensions {
            if let Extension::AsmLabel(label) = &ext.node {
                return label.node.iter().map(|p| p.trim_matches('"')).collect();
            }
        }
        name.to_owned()
    }

    /// A typedef or object with `vector_size(N)` after its name has a
    /// vector of its scalar type (GNU C: `double s
    /// __attribute__((vector_size(16)));`).
    pub fn with_declarator_vector_size(
        &mut self,
        d: &Node<Declarator>,
        ty: Type,
        start: usize,
    ) -> Result<Type> {
        // Among the specifiers, `Scopes::specifiers` applied it already.
        let Some((bytes, at)) = self
            .scopes
            .vector_size(std::iter::once(&d.node.extensions))?
        else {
            return Ok(ty);
        };
        if !d.node.derived.is_empty() {
            return super::decl::vector_size_after_name(at);
        }
        // gcc reports a bad vector type at the declaration's start.
        super::decl::vector_of(&ty, bytes, start)
    }

    /// The attributes kit acts on; ones it cannot honour yet are an
    /// error, unknown ones are ignored (as gcc warns and ignores them).
    pub fn check_attributes(
        &mut self,
        specifiers: &[Node<DeclarationSpecifier>],
        d: &Declarator,
    ) -> Result<Attributes> {
        let spec_exts = specifiers.iter().filter_map(|s| match &s.node {
            DeclarationSpecifier::Extension(e) => Some(e),
            _ => None,
        });
        let layout = self
            .scopes
            .layout_attributes(spec_exts.clone().chain(std::iter::once(&d.extensions)))?;
        let typedef_name = super::decl::specifier_typedef_name(specifiers);
        let inherited = self.scopes.typedef_alignment(typedef_name, Some(d));
        let mut found = Attributes {
            aligned: layout.aligned.max(inherited),
            alignas: layout.alignas,
            alignas_least: layout.alignas_least,
            ..Attributes::default()
        };
        let at = specifiers.first().map_or(0, |s| s.span.start);
        self.scopes.check_aligned_elements(typedef_name, d, at)?;
        if let Some(name) = super::decl::declared_name(d) {
            self.scopes.note_alignment(name, found.aligned);
        }
        let vector_after_name =
            super::decl::declarator_attributes(d).find_map(|ext| match &ext.node {
                Extension::Attribute(a) if a.name.node.trim_matches('_') == "vector_size" => {
                    Some(a.name.span.start)
                }
                _ => None,
            });
        // An object's type took it (`with_declarator_vector_size`); a
        // function's cannot.
        if let (Some(at), false) = (vector_after_name, d.derived.is_empty()) {
            return super::decl::vector_size_after_name(at);
        }
        for ext in spec_exts
            .flatten()
            .chain(super::decl::declarator_attributes(d))
        {
            if let Extension::Attribute(a) = &ext.node {
                if let Some(why) = super::decl::refused_attribute(a) {
                    return error(a.name.span.start, why);
                }
                match a.name.node.trim_matches('_') {
                    // Calls of it keep the caller's locals in memory, as
                    // setjmp's do (promote.rs).
                    "returns_twice" => {
                        if let Some(name) = super::decl::declared_name(d) {
                            self.returns_twice.insert(name.to_owned());
                        }
                    }
                    "constructor" => found.constructor = Some(self.priority(a, "constructor")?),
                    "destructor" => found.destructor = Some(self.priority(a, "destructor")?),
                    "weak" => found.weak = true,
                    "noinline" => found.noinline = true,
                    "gnu_inline" => found.gnu_inline = true,
                    // `cleanup` acts on automatic objects (cleanup.rs);
                    // gcc ignores it elsewhere. `section` and `alias` are
                    // read by `symbol_attributes`.
                    _ => {}
                }
            }
        }
        Ok(found)
    }

    /// The priority of a `constructor` or `destructor` attribute: its
    /// argument, 0 to 65535 as gcc takes it, or gcc's default 65535.
    fn priority(&mut self, a: &Attribute, what: &str) -> Result<u16> {
        let Some(argument) = a.arguments.first() else {
            return Ok(u16::MAX);
        };
        let value = self.scopes.constant_expr(argument)?;
        u16::try_from(value).or_else(|_| {
            error(
                argument.span.start,
                format!("{what} priorities must be integers from 0 to 65535 inclusive"),
            )
        })
    }

    /// The type a typedef names under its attributes: `vector_size(N)`
    /// makes a vector; `aligned(N)` gives a struct or union the stricter
    /// alignment, as glibc's `__pthread_unwind_buf_t` needs, and is noted
    /// for the typedef name otherwise (kit's scalar and array types carry
    /// none of their own; see `Scopes::typedef_alignment`).
    /// Defines the typedef `name` that `init` declares with `specifiers`
    /// (of type `ty`, with const levels `levels`).
    pub fn define_declared_typedef(
        &mut self,
        specifiers: &[Node<DeclarationSpecifier>],
        init: &Node<InitDeclarator>,
        name: &str,
        ty: Type,
        levels: u64,
    ) -> Result<()> {
        let ty = self.typedef_type(specifiers, &init.node.declarator, ty)?;
        self.scopes.define_typedef(name, ty, init.span.start)?;
        self.scopes.define_typedef_readonly(name, levels);
        let declarator = &init.node.declarator.node;
        if let Some(undefined) = self.scopes.undefined_enum_declared(specifiers, declarator) {
            self.scopes.note_enum_typedef(name, undefined.tag);
        }
        Ok(())
    }

    pub fn typedef_type(
        &mut self,
        specifiers: &[Node<DeclarationSpecifier>],
        d: &Node<Declarator>,
        ty: Type,
    ) -> Result<Type> {
        let own = self
            .scopes
            .layout_attributes(std::iter::once(&d.node.extensions))?;
        let leading = specifiers
            .iter()
            .take_while(|s| !matches!(s.node, DeclarationSpecifier::TypeSpecifier(_)));
        let before = self
            .scopes
            .layout_attributes(leading.filter_map(|s| match &s.node {
                DeclarationSpecifier::Extension(e) => Some(e),
                _ => None,
            }))?;
        if own.alignas || before.alignas {
            let name = super::decl::declared_name(&d.node).unwrap_or_default();
            return error(
                d.span.start,
                format!("alignment specified for typedef '{name}'"),
            );
        }
        let name = super::decl::declared_name(&d.node).unwrap_or_default();
        let start = specifiers.first().map_or(d.span.start, |s| s.span.start);
        let ty = self.with_declarator_vector_size(d, ty, start)?;
        // A typedef of such a typedef keeps its alignment.
        let inherited = self.scopes.typedef_alignment(
            super::decl::specifier_typedef_name(specifiers),
            Some(&d.node),
        );
        // `typedef union { ... } name __attribute__((transparent_union))`
        // makes the typedef's union transparent (see `Record::transparent`).
        let ty = match &ty {
            Type::Struct(record)
                if (own.transparent || before.transparent) && record.get().union =>
            {
                let mut copy = record.get().clone();
                copy.transparent = true;
                Type::Struct(std::rc::Rc::new(copy))
            }
            _ => ty,
        };
        let Some(aligned) = own.aligned.max(before.aligned) else {
            self.note_typedef_alignment(name, &ty, inherited);
            return Ok(ty);
        };
        match &ty {
            Type::Struct(record) if !record.get().incomplete => {
                let mut copy = record.get().clone();
                // gcc raises the alignment but keeps the size.
                copy.align = copy.align.max(aligned);
                self.scopes.note_alignment(name, None);
                Ok(Type::Struct(std::rc::Rc::new(copy)))
            }
            // The typedef name's alignment, raised or, as gcc allows on a
            // typedef, lowered (`typedef __attribute__((aligned(1))) U32
            // unalign32;` in zstd and lz4, kit's `__m128i_u`).
            _ => {
                self.note_typedef_alignment(name, &ty, Some(aligned));
                Ok(ty)
            }
        }
    }

    /// Notes the alignment `align` of the typedef `name` of the scalar,
    /// array or vector type `ty`: above or below the type's own.
    fn note_typedef_alignment(&mut self, name: &str, ty: &Type, align: Option<u64>) {
        match align {
            Some(lower) if lower < ty.align() => self.scopes.note_lowered_alignment(name, lower),
            Some(raised) if raised > ty.align() => self.scopes.note_alignment(name, Some(raised)),
            _ => self.scopes.note_alignment(name, None),
        }
    }

    fn declaration(&mut self, d: &Node<Declaration>) -> Result<()> {
        self.record_static_operand_types(d);
        let (base, storage) = self.scopes.specifiers(&d.node.specifiers)?;
        let thread_local = self.scopes.thread_local;
        let automatic = self.scopes.automatic;
        for init in &d.node.declarators {
            super::decl::check_array_qualifiers(&init.node.declarator.node, init.span.start)?;
            let declarator = &init.node.declarator.node;
            let (name, ty) = self
                .scopes
                .declarator(declarator, base.clone())
                .map_err(|e| {
                    super::decl::variable_length_refused(e, declarator, |name| {
                        format!("variably modified '{name}' at file scope")
                    })
                })?;
            let Some(name) = name else { continue };
            let at = init.span.start;
            let ty = match storage {
                Storage::Typedef => ty,
                _ => self.with_declarator_vector_size(&init.node.declarator, ty, d.span.start)?,
            };
            if matches!(ty, Type::Function(_)) && init.node.initializer.is_some() {
                return error(
                    d.span.start,
                    format!("function '{name}' is initialized like a variable"),
                );
            }
            let declarator = &init.node.declarator.node;
            let has_asm_label = declarator
                .extensions
                .iter()
                .any(|e| matches!(e.node, Extension::AsmLabel(_)));
            if automatic == Some("register") && has_asm_label {
                let register = Self::symbol_of(declarator, &name);
                return error(
                    at,
                    format!("global register variable '{name}' (in {register}) is not supported: kit cannot reserve a register"),
                );
            }
            if let Some(word) = automatic {
                return error(
                    at,
                    format!("file-scope declaration of '{name}' specifies '{word}'"),
                );
            }
            let base = self.scopes.specifiers_readonly(&d.node.specifiers);
            let levels = super::decl::readonly_levels(base, &init.node.declarator.node);
            // `extern int v;` then `const int v = 1;`: the types are not
            // compatible (6.7p4, 6.7.3p10).
            let object = !matches!(ty, Type::Function(_)) && storage != Storage::Typedef;
            let previous = self.readonly.get(&name).copied();
            if object && self.globals.contains_key(&name) && previous.is_some_and(|p| p != levels) {
                return error(at, format!("conflicting type qualifiers for '{name}'"));
            }
            self.readonly.insert(name.clone(), levels);
            if let Type::Function(_) = ty {
                let parameters = self.scopes.parameter_readonly(&init.node.declarator.node);
                self.parameters_readonly.insert(name.clone(), parameters);
            }
            if thread_local && matches!(ty, Type::Function(_)) {
                return error(at, format!("function '{name}' declared '_Thread_local'"));
            }
            if name == "__kit_file_scope_asm" {
                let label = declarator.extensions.iter().find_map(|e| match &e.node {
                    Extension::AsmLabel(label) => super::init::string_literal(&label.node),
                    _ => None,
                });
                let Some((mut text, _)) = label else {
                    return error(d.span.start, "expected a string in the file-scope asm");
                };
                text.pop();
                let text = String::from_utf8_lossy(&text).into_owned();
                self.file_scope_asm.push((text, d.span.start));
                continue;
            }
            if name == "__kit_weak" {
                let spec = Self::symbol_of(&init.node.declarator.node, &name);
                self.pragma_weak.push((spec, at));
                continue;
            }
            if storage == Storage::Typedef {
                self.define_declared_typedef(&d.node.specifiers, init, &name, ty, levels)?;
                continue;
            }
            let mut attributes =
                self.check_attributes(&d.node.specifiers, &init.node.declarator.node)?;
            if attributes.alignas && matches!(ty, Type::Function(_)) {
                return error(at, format!("alignment specified for function '{name}'"));
            }
            super::decl::check_alignas(attributes.alignas_least, &ty, &name, at)?;
            attributes.thread_local = thread_local;
            attributes.volatile = d.node.specifiers.iter().any(|s| {
                matches!(&s.node, DeclarationSpecifier::TypeQualifier(q) if q.node == TypeQualifier::Volatile)
            });
            let symbol = Self::symbol_of(&init.node.declarator.node, &name);
            let local = storage == Storage::Static;
            let is_function = matches!(ty, Type::Function(_));
            self.check_linkage(&name, storage, is_function, declarator.kind.span.start)?;
            let entry = self.globals.entry(name.clone()).or_insert_with(|| Global {
                ty: ty.clone(),
                symbol,
                local,
                func: None,
                data: None,
                defined: false,
                attributes: Attributes::default(),
            });
            if !super::types::compatible(&entry.ty, &ty) {
                let have = ty.name();
                return error(
                    init.span.start,
                    format!("conflicting types for '{name}'; have '{have}'"),
                );
            }
            entry.attributes = entry.attributes.union(attributes);
            // A later declaration may complete an array's length.
            if let (Type::Array(_, None), Type::Array(_, Some(_))) = (&entry.ty, &ty) {
                entry.ty = ty.clone();
            }
            let declarator = &init.node.declarator.node;
            if self.symbol_attributes(&d.node.specifiers, declarator, &name, at, false)? {
                // An object's alias is a declaration, not a definition.
                if !is_function && storage != Storage::Extern {
                    return error(
                        at,
                        format!("'{name}' defined both normally and as 'alias' attribute"),
                    );
                }
                continue;
            }
            if is_function {
                continue;
            }
            // Defined here: a type kit cannot compile is an error now,
            // where the declaration is, not at the end of the unit.
            if let (Type::Unsupported(what), false) = (&ty, storage == Storage::Extern) {
                return error(at, format!("type {what} is not supported yet"));
            }
            match (&init.node.initializer, storage) {
                (Some(initializer), _) => {
                    let specifiers = &d.node.specifiers;
                    if self
                        .scopes
                        .undefined_enum_declared(specifiers, declarator)
                        .is_some()
                    {
                        // gcc places it at the type.
                        let message =
                            format!("variable '{name}' has initializer but incomplete type");
                        return error(type_at(specifiers).unwrap_or(at), message);
                    }
                    self.record_initializer_operand_types(initializer);
                    self.define_data(&name, Some(initializer), init.span.start)?
                }
                (None, Storage::Extern) => {}
                (None, _) if ty == Type::Void && storage == Storage::Static => {
                    return error(at, format!("variable or field '{name}' declared void"));
                }
                (None, _) => {
                    let specifiers = &d.node.specifiers;
                    if let Some(undefined) =
                        self.scopes.undefined_enum_declared(specifiers, declarator)
                    {
                        let object = (undefined.tag, name.clone(), at);
                        self.undefined_enum_objects.push(object);
                    }
                    if self.tentative_pending.insert(name.clone()) {
                        self.tentative.push((name, at));
                    }
                }
            }
        }
        Ok(())
    }

    /// One identifier with both internal and external linkage in a unit
    /// is undefined (C11 6.2.2p7); gcc refuses it, in these words. A
    /// later `extern` (or a function declared without a storage class)
    /// takes the earlier linkage (6.2.2p4-5), so only `static` after
    /// external linkage and an object without storage class after
    /// `static` clash.
    fn check_linkage(
        &mut self,
        name: &str,
        storage: Storage,
        is_function: bool,
        at: usize,
    ) -> Result<()> {
        if self.builtin_only.remove(name) {
            return Ok(());
        }
        let Some(previous) = self.globals.get(name) else {
            return Ok(());
        };
        match (previous.local, storage) {
            (false, Storage::Static) => error(
                at,
                format!("static declaration of '{name}' follows non-static declaration"),
            ),
            (true, Storage::None) if !is_function => error(
                at,
                format!("non-static declaration of '{name}' follows static declaration"),
            ),
            _ => Ok(()),
        }
    }

    /// A tentative definition of an array of unknown length still
    /// incomplete at the end of the unit has one element (C11 6.9.2p2,
    /// with gcc's warning).
    fn complete_tentative_array(&mut self, name: &str, offset: usize) {
        let Some(global) = self.globals.get_mut(name) else {
            return;
        };
        if let (Type::Array(elem, None), false) = (&global.ty, global.defined) {
            global.ty = Type::Array(elem.clone(), Some(1));
            let message = format!("array '{name}' assumed to have one element");
            self.warn(offset, None, message);
        }
    }

    /// The module's id for a global object, declaring it on first use.
    pub fn data_id(&mut self, name: &str) -> Result<DataId> {
        let global = self.globals.get(name).cloned().ok_or(Error {
            offset: 0,
            message: format!("unknown object {name}"),
        })?;
        if let Some(id) = global.data {
            return Ok(id);
        }
        let linkage = global.linkage();
        let id = self
            .module
            .declare_data(&global.data_symbol(), linkage, true, false)
            .map_err(|e| Error {
                offset: 0,
                message: e.to_string(),
            })?;
        if let Some(g) = self.globals.get_mut(name) {
            g.data = Some(id);
        }
        Ok(id)
    }

    /// The module's id for a function, declaring it on first use.
    pub fn func_id(&mut self, name: &str, offset: usize) -> Result<FuncId> {
        let global = self.globals.get(name).cloned().ok_or(Error {
            offset,
            message: format!("implicit declaration of function '{name}'"),
        })?;
        if let Some(id) = global.func {
            return Ok(id);
        }
        let Type::Function(f) = &global.ty else {
            return error(offset, format!("'{name}' is not a function"));
        };
        let sig = self.signature(f, offset)?;
        let linkage = global.linkage();
        let id = self
            .module
            .declare_function(&global.symbol, linkage, &sig)
            .map_err(|e| Error {
                offset,
                message: e.to_string(),
            })?;
        if let Some(g) = self.globals.get_mut(name) {
            g.func = Some(id);
        }
        if global.local {
            self.static_function_uses.push((name.to_owned(), offset));
        }
        Ok(id)
    }

    /// The Cranelift signature of a prototype (fixed parameters only).
    pub fn signature(&self, f: &FunctionType, offset: usize) -> Result<Signature> {
        self.function_abi(f, offset).map(|abi| abi.sig)
    }

    /// How a prototype's parameters and result are passed (System V).
    pub fn function_abi(&self, f: &FunctionType, offset: usize) -> Result<super::abi::FnAbi> {
        for ty in f.params.iter().chain(std::iter::once(&f.ret)) {
            if let Type::Unsupported(t) = ty {
                return error(offset, format!("type {t} is not supported yet"));
            }
        }
        let abi = super::abi::function(f).ok_or(Error {
            offset,
            message: "parameter or result has an incomplete type".into(),
        })?;
        super::abi::check_parameter_count(&abi.sig, offset)?;
        Ok(abi)
    }

    /// A new read-only string object; returns its id.
    pub fn string_data(&mut self, bytes: Vec<u8>) -> Result<DataId> {
        let name = format!("__kit_str{}", self.strings);
        self.strings += 1;
        self.constant_data(&name, Linkage::Local, bytes)
    }

    /// Read-only `bytes` under the symbol `name`.
    fn constant_data(&mut self, name: &str, linkage: Linkage, bytes: Vec<u8>) -> Result<DataId> {
        let id = self
            .module
            .declare_data(name, linkage, false, false)
            .map_err(|e| Error {
                offset: 0,
                message: e.to_string(),
            })?;
        let mut desc = DataDescription::new();
        desc.define(bytes.into_boxed_slice());
        self.module.define_data(id, &desc).map_err(|e| Error {
            offset: 0,
            message: e.to_string(),
        })?;
        Ok(id)
    }

    /// Defines a global object with its initializer (zero when None).
    pub fn define_data(
        &mut self,
        name: &str,
        init: Option<&Node<Initializer>>,
        offset: usize,
    ) -> Result<()> {
        self.tentative_pending.remove(name);
        let Some(global) = self.globals.get(name).cloned() else {
            return Ok(());
        };
        if global.defined {
            if init.is_some() {
                return error(offset, format!("redefinition of '{name}'"));
            }
            return Ok(());
        }
        let mut ty = global.ty.clone();
        if let (Type::Array(elem, None), Some(init)) = (&ty, init) {
            let length = super::init::length(self, &ty, init)?;
            ty = Type::Array(elem.clone(), length);
        }
        let size = ty.size().filter(|_| ty != Type::Void);
        let Some(size) = size else {
            let message = ty
                .unsupported_refusal()
                .unwrap_or_else(|| format!("storage size of '{name}' isn't known"));
            return error(offset, message);
        };
        if let Some(g) = self.globals.get_mut(name) {
            g.defined = true;
            g.ty = ty.clone();
        }
        let id = self.data_id(name)?;
        // Re-declare so an earlier import becomes a definition.
        let linkage = self.globals[name].linkage();
        self.module
            .declare_data(&global.data_symbol(), linkage, true, false)
            .map_err(|e| Error {
                offset,
                message: e.to_string(),
            })?;
        let mut relocs = Vec::new();
        let align = match global.attributes.aligned {
            Some(aligned) => ty.align().max(aligned),
            None => ty.align().max(data_alignment(&ty, size)),
        };
        let mut desc = DataDescription::new();
        desc.set_align(align);
        // An object of size zero (`char e[] = {}`, GNU C) still has an
        // address of its own: it gets one byte, as its symbol needs some.
        let storage = size.max(1) as usize;
        let section = self.sections.get(name).cloned();
        if (init.is_some() || section.is_some()) && size > MAX_INITIALIZED_OBJECT {
            let size = humansize::format_size(size, humansize::BINARY);
            let message = format!("'{name}' is too large to initialize ({size}; kit builds a static object's bytes in memory, up to 2 GiB): leave it uninitialized or allocate it at run time");
            return error(offset, message);
        }
        match init {
            Some(init) => {
                let mut bytes = vec![0u8; storage];
                super::init::constant(self, &ty, init, &mut bytes, &mut relocs)?;
                desc.define(bytes.into_boxed_slice());
            }
            // In a named section, its zeros are bytes of that section.
            None if section.is_some() => desc.define(vec![0u8; storage].into_boxed_slice()),
            // No initializer: a .bss object, which costs the object file no
            // bytes and the image no copying (its memory starts zeroed).
            None => desc.define_zeroinit(storage),
        }
        if let Some(section) = section {
            if global.attributes.thread_local {
                return error(
                    offset,
                    format!("section of '{name}' conflicts with its thread-local storage"),
                );
            }
            desc.custom_section = Some(section);
        }
        for (at, target, addend) in relocs {
            match target {
                super::init::Target::Data(d) => {
                    let gv = self.module.declare_data_in_data(d, &mut desc);
                    desc.write_data_addr(at as u32, gv, addend);
                }
                super::init::Target::Func(f) => {
                    self.references.roots.push(f);
                    let fr = self.module.declare_func_in_data(f, &mut desc);
                    desc.write_function_addr(at as u32, fr);
                }
            }
        }
        if global.attributes.thread_local {
            return super::tls::define(self, id, &global.symbol, &desc, (size, align), offset);
        }
        self.module.define_data(id, &desc).map_err(|e| Error {
            offset,
            message: e.to_string(),
        })
    }

    /// Reads the `section` and `alias` attributes of the declaration of
    /// `name` (key of `globals`). A function's section must be a `.text`
    /// one: code lives in the image's text whatever its name (kit
    /// places no function by section). Returns whether the declaration
    /// is an alias, which defines `name` as another name for its target.
    /// Whether a function defined with `specifiers` is an inline
    /// definition, kept in the unit (as a `static` one is) rather than
    /// the external definition another unit may give: in C99, when every
    /// file-scope declaration of it says `inline` and none `extern`; under
    /// `gnu_inline` or -std=gnu89, when it is `extern inline`.
    fn inline_definition(
        &self,
        specifiers: &[Node<DeclarationSpecifier>],
        name: &str,
        storage: Storage,
        gnu_inline: bool,
    ) -> bool {
        if !says_inline(specifiers) {
            return false;
        }
        if gnu_inline || self.gnu89_inline {
            return storage == Storage::Extern;
        }
        storage != Storage::Extern && !self.externally_declared.contains(name)
    }

    /// The attributes that place or rename `name`'s symbol (`section`,
    /// `weakref`, `alias`); whether it is an alias. On a function's
    /// `definition`, `alias` is ignored with gcc's warning.
    pub fn symbol_attributes(
        &mut self,
        specifiers: &[Node<DeclarationSpecifier>],
        d: &Declarator,
        name: &str,
        at: usize,
        definition: bool,
    ) -> Result<bool> {
        let is_function = matches!(
            self.globals.get(name).map(|g| &g.ty),
            Some(Type::Function(_))
        );
        if let Some((section, offset)) = string_attribute(specifiers, d, "section")? {
            if is_function && !(section == ".text" || section.starts_with(".text.")) {
                return error(
                    offset,
                    format!("kit cannot place function '{name}' in section '{section}' (only '.text' sections)"),
                );
            }
            match self.sections.get(name) {
                _ if is_function => {}
                // As gcc: the first section stays, with a warning.
                Some(first) if *first != section => {
                    let message = format!("ignoring attribute 'section (\"{section}\")' because it conflicts with previous 'section (\"{first}\")'");
                    self.warn(offset, Some("attributes"), message);
                }
                _ => {
                    self.sections.insert(name.to_owned(), section);
                }
            }
        }
        // `static int f(void) __attribute__((weakref("g")))`: `f` names the
        // symbol `g`, weakly (null if nothing defines it).
        if let Some((target, _)) = string_attribute(specifiers, d, "weakref")? {
            if let Some(global) = self.globals.get_mut(name) {
                global.symbol = target;
                global.local = false;
                global.defined = true;
                global.attributes.alias = true;
                global.attributes.weak = true;
            }
            return Ok(true);
        }
        let Some((target, alias_at)) = string_attribute(specifiers, d, "alias")? else {
            return Ok(false);
        };
        if definition {
            // gcc's words, at the function's name.
            let message = "'alias' attribute ignored because function is defined".to_owned();
            let name_at = super::decl::declared_name_at(d).unwrap_or(alias_at);
            self.warn(name_at, Some("attributes"), message);
            return Ok(false);
        }
        if let Some(global) = self.globals.get_mut(name) {
            if global.defined {
                return error(at, format!("redefinition of '{name}'"));
            }
            global.defined = true;
            global.attributes.alias = true;
        }
        self.aliases.push((name.to_owned(), target, at));
        Ok(true)
    }

    /// `#pragma weak NAME` makes NAME's symbol weak (null if nothing
    /// defines it); `#pragma weak NAME = TARGET` defines NAME as a weak
    /// alias of TARGET, declared with TARGET's type if the unit does not
    /// declare it.
    fn apply_pragma_weak(&mut self) {
        for (spec, at) in std::mem::take(&mut self.pragma_weak) {
            let (name, target) = match spec.split_once('=') {
                Some((name, target)) => (name.to_owned(), Some(target.to_owned())),
                None => (spec, None),
            };
            let template = target.as_ref().and_then(|t| self.globals.get(t)).cloned();
            let global = match (self.globals.get_mut(&name), template) {
                (Some(global), _) => global,
                (None, Some(template)) => self.globals.entry(name.clone()).or_insert(Global {
                    symbol: name.clone(),
                    local: false,
                    func: None,
                    data: None,
                    defined: false,
                    attributes: Attributes::default(),
                    ..template
                }),
                // Nothing to make weak: neither declared nor aliased.
                (None, None) => continue,
            };
            global.attributes.weak = true;
            if let Some(target) = target {
                global.defined = true;
                global.attributes.alias = true;
                self.aliases.push((name, target, at));
            }
        }
    }

    /// The aliases of the unit, each with the symbols of its name and of
    /// its target's definition, for the object (codegen.rs).
    fn alias_symbols(&mut self) -> Result<Vec<Alias>> {
        let mut out = Vec::new();
        for (name, target, at) in std::mem::take(&mut self.aliases) {
            let defined = self.globals.get(&target).filter(|g| g.defined).cloned();
            let Some(target_global) = defined else {
                return error(
                    at,
                    format!("'{name}' aliased to undefined symbol '{target}'"),
                );
            };
            let global = self.globals[&name].clone();
            let to = match &target_global.ty {
                Type::Function(_) => AliasTarget::Function(self.func_id(&target, at)?),
                _ => AliasTarget::Data(self.data_id(&target)?),
            };
            let declared = match (&global.ty, global.func, global.data) {
                (Type::Function(_), Some(id), _) => Some(AliasTarget::Function(id)),
                (_, _, Some(id)) => Some(AliasTarget::Data(id)),
                _ => None,
            };
            if let AliasTarget::Function(id) = to {
                // Reached through the alias, if through nothing else.
                self.references.roots.push(id);
            }
            out.push(Alias {
                symbol: global.symbol.clone(),
                local: global.local,
                weak: global.attributes.weak,
                declared,
                to,
            });
        }
        Ok(out)
    }

    /// Lowers a function's body into `func`, in a scope of its own for
    /// the parameters. A nested function gets the names it uses of the
    /// enclosing one (`captures`, see nested.rs). Returns whether the body
    /// calls a returns-twice function.
    pub fn lower_function(
        &mut self,
        func: &mut ir::Function,
        fty: Rc<FunctionType>,
        fn_abi: super::abi::FnAbi,
        declarator: &Declarator,
        body: &Node<Statement>,
        captures: Option<Vec<Capture>>,
    ) -> Result<bool> {
        let params = self.scopes.parameter_names(declarator);
        let param_declarators = super::decl::parameter_declarators(declarator);
        let params_readonly = self.scopes.parameter_readonly(declarator);
        self.scopes.push();
        let lowered = {
            let mut fctx = cranelift_frontend::FunctionBuilderContext::new();
            let mut lower = FnLower::new(self, func, &mut fctx, fty, fn_abi);
            if let Some(captures) = captures {
                lower = lower.nested(captures);
            }
            lower.body(&params, &param_declarators, &params_readonly, body)
        };
        self.scopes.pop();
        lowered
    }

    /// Adds a lowered body to those compiled at the end of the unit.
    pub fn add_lowered(&mut self, lowered: Lowered) {
        self.lowered.push(lowered);
    }

    /// gcc's errors for a definition whose result or a parameter has an
    /// incomplete type: a struct or union declared but not defined, or
    /// an enum named before its definition.
    fn check_complete_signature(
        &self,
        f: &Node<FunctionDefinition>,
        fty: &FunctionType,
        name_at: usize,
    ) -> Result<()> {
        let declarator = &f.node.declarator.node;
        let incomplete_record = |ty: &Type| matches!(ty, Type::Struct(_)) && ty.size().is_none();
        // The function's own derivation is the only one: it returns the
        // specifiers' type itself.
        let returns_undefined_enum = super::decl::derivations(declarator) == 1
            && self
                .scopes
                .undefined_enum(super::decl::type_specifiers(&f.node.specifiers))
                .is_some();
        if incomplete_record(&fty.ret) || returns_undefined_enum {
            return error(name_at, "return type is an incomplete type");
        }
        let parameters = super::decl::own_parameters(declarator).map_or(&[][..], Vec::as_slice);
        for (index, (p, ty)) in parameters.iter().zip(&fty.params).enumerate() {
            let Some(d) = &p.node.declarator else {
                continue;
            };
            let incomplete = incomplete_record(ty)
                || self
                    .scopes
                    .undefined_enum_declared(&p.node.specifiers, &d.node)
                    .is_some();
            if let (true, Some(name), Some(at)) = (
                incomplete,
                super::decl::declared_name(&d.node),
                super::decl::declared_name_at(&d.node),
            ) {
                let number = index + 1;
                return error(
                    at,
                    format!("parameter {number} ('{name}') has incomplete type"),
                );
            }
        }
        Ok(())
    }

    fn function_definition(&mut self, f: &Node<FunctionDefinition>) -> Result<()> {
        super::decl::check_kr_declarations(f)?;
        let prototyped = super::decl::prototype_of_kr_definition(f);
        let f = prototyped.as_ref().unwrap_or(f);
        self.record_definition_operand_types(f);
        let (base, storage) = self.scopes.specifiers(&f.node.specifiers)?;
        if let Some(word) = self.scopes.automatic {
            return error(
                f.span.start,
                format!("function definition declared '{word}'"),
            );
        }
        if self.scopes.thread_local {
            return error(f.span.start, "function definition declared '_Thread_local'");
        }
        let declarator = &f.node.declarator.node;
        let (name, ty) = self.scopes.declarator(declarator, base)?;
        let name = name.ok_or(Error {
            offset: f.span.start,
            message: "function definition without a name".into(),
        })?;
        let Type::Function(fty) = ty.clone() else {
            return error(f.span.start, format!("'{name}' is not a function"));
        };
        // 6.9.1p2: the function type comes from the declarator, not a
        // typedef (`F f { ... }` is not a definition), as gcc parses it.
        if !has_function_declarator(declarator) {
            return error(
                f.node.statement.span.start,
                "expected '=', ',', ';', 'asm' or '__attribute__' before '{' token",
            );
        }
        let symbol = Self::symbol_of(declarator, &name);
        self.check_linkage(&name, storage, true, declarator.kind.span.start)?;
        if prototyped.is_some() {
            self.old_style_definitions.insert(name.clone());
        }
        if name == "main" && fty.ret == Type::Void && storage != Storage::Static {
            // `void main`: its caller sees no status, and kit exits 0
            // (C11 5.1.2.2.3 leaves it unspecified; gcc's is whatever
            // the last call left in eax).
            self.constant_data(crate::VOID_MAIN_MARKER, Linkage::Export, vec![1])?;
        }
        let previous = self.globals.get(&name).cloned();
        let attributes = self
            .check_attributes(&f.node.specifiers, declarator)?
            .union(
                previous
                    .as_ref()
                    .map_or_else(Attributes::default, |g| g.attributes),
            );
        // gcc reports these at the function's name.
        let name_at = super::decl::declared_name_at(declarator).unwrap_or(f.span.start);
        self.check_complete_signature(f, &fty, name_at)?;
        if previous.as_ref().is_some_and(|g| g.defined) {
            return error(name_at, format!("redefinition of '{name}'"));
        }
        if attributes.alignas {
            return error(
                name_at,
                format!("alignment specified for function '{name}'"),
            );
        }
        let specifiers = &f.node.specifiers;
        if self.symbol_attributes(specifiers, declarator, &name, f.span.start, true)? {
            return error(
                f.span.start,
                format!("'{name}' defined both normally and as 'alias' attribute"),
            );
        }
        if previous
            .as_ref()
            .is_some_and(|g| !super::types::compatible(&g.ty, &ty))
        {
            let have = ty.name();
            return error(
                name_at,
                format!("conflicting types for '{name}'; have '{have}'"),
            );
        }
        let local = storage == Storage::Static
            || previous.as_ref().is_some_and(|g| g.local)
            || self.inline_definition(&f.node.specifiers, &name, storage, attributes.gnu_inline);
        self.globals.insert(
            name.clone(),
            Global {
                ty: ty.clone(),
                symbol: previous.as_ref().map_or(symbol, |g| g.symbol.clone()),
                local,
                func: previous.and_then(|g| g.func),
                data: None,
                defined: true,
                attributes,
            },
        );
        let id = self.func_id(&name, f.span.start)?;
        let sig = self.signature(&fty, f.span.start)?;
        // Re-declare so an earlier import becomes an export. A use through
        // a declaration without a prototype (`int f();`, or an implicit
        // one) declared the symbol with another signature; it stays, and
        // direct calls check it (`FnLower::direct_call`).
        let declared = self
            .module
            .declarations()
            .get_function_decl(id)
            .signature
            .clone();
        let linkage = self.globals[&name].linkage();
        if let Some(priority) = attributes.constructor {
            self.constructors.push((id, priority));
        }
        if let Some(priority) = attributes.destructor {
            self.destructors.push((id, priority));
        }
        let symbol = self.globals[&name].symbol.clone();
        self.module
            .declare_function(&symbol, linkage, &declared)
            .map_err(|e| Error {
                offset: f.span.start,
                message: e.to_string(),
            })?;
        self.current_function = name.clone();
        self.label_addresses.clear();
        let fn_abi = self.function_abi(&fty, f.span.start)?;
        let mut func =
            ir::Function::with_name_signature(ir::UserFuncName::user(0, id.as_u32()), sig);
        let params_readonly = self.scopes.parameter_readonly(declarator);
        self.parameters_readonly
            .insert(name.clone(), params_readonly);
        let base_readonly = self.scopes.specifiers_readonly(&f.node.specifiers);
        self.readonly.insert(
            name.clone(),
            super::decl::readonly_levels(base_readonly, declarator),
        );
        let lowered = self.lower_function(
            &mut func,
            fty.clone(),
            fn_abi,
            declarator,
            &f.node.statement,
            None,
        );
        let returns_twice = lowered?;
        let inlinable = !fty.variadic && !attributes.weak && !attributes.noinline && !returns_twice;
        let local = self.globals[&name].local;
        self.add_lowered(Lowered {
            id,
            name,
            offset: f.span.start,
            func,
            inlinable,
            local,
            aligned: attributes.aligned,
        });
        Ok(())
    }
}

/// The alignment gcc gives a static object of type `ty` and `size`
/// bytes beyond its type's (x86-64 `DATA_ALIGNMENT`, unless an `aligned`
/// attribute sets it): an array, struct or union of 32 bytes or more is
/// aligned to 32, of 16 (the psABI's rule for arrays) to 16, of 8 to 8.
/// Code built by gcc may rely on it for an object kit defines, and
/// named sections built by both line up the same way.
fn data_alignment(ty: &Type, size: u64) -> u64 {
    if !matches!(ty, Type::Array(..) | Type::Struct(_)) {
        return 1;
    }
    match size {
        32.. => 32,
        16.. => 16,
        8.. => 8,
        _ => 1,
    }
}

/// A function or data object of the module.
#[derive(Clone, Copy)]
pub enum AliasTarget {
    Function(FuncId),
    Data(DataId),
}

/// A name defined as another name for a definition of the unit.
pub struct Alias {
    pub symbol: String,
    pub local: bool,
    pub weak: bool,
    /// The module's declaration of the alias itself, if the unit uses it.
    pub declared: Option<AliasTarget>,
    pub to: AliasTarget,
}

/// The string argument of the attribute `name` (`section("x")`,
/// `alias("f")`) of a declaration, and where the attribute is.
fn string_attribute(
    specifiers: &[Node<DeclarationSpecifier>],
    d: &Declarator,
    name: &str,
) -> Result<Option<(String, usize)>> {
    let leading = specifiers.iter().filter_map(|s| match &s.node {
        DeclarationSpecifier::Extension(e) => Some(e),
        _ => None,
    });
    for ext in leading
        .flatten()
        .chain(super::decl::declarator_attributes(d))
    {
        let Extension::Attribute(a) = &ext.node else {
            continue;
        };
        if a.name.node.trim_matches('_') != name {
            continue;
        }
        let at = a.name.span.start;
        let text = match a.arguments.as_slice() {
            [Node {
                node: Expression::StringLiteral(s),
                ..
            }] => super::init::string_literal(&s.node).map(|(mut bytes, _)| {
                bytes.pop();
                String::from_utf8_lossy(&bytes).into_owned()
            }),
            _ => None,
        };
        return match text {
            Some(text) => Ok(Some((text, at))),
            None if name == "section" => {
                error(at, "section attribute argument not a string constant")
            }
            None => error(at, format!("attribute '{name}' argument not a string")),
        };
    }
    Ok(None)
}

/// Whether a declarator has a parameter list of its own (`f(void)`,
/// `(*g(int))(char)`), which a function definition's must.
fn has_function_declarator(d: &Declarator) -> bool {
    let own = d.derived.iter().any(|x| {
        matches!(
            x.node,
            DerivedDeclarator::Function(_) | DerivedDeclarator::KRFunction(_)
        )
    });
    own || matches!(&d.kind.node, DeclaratorKind::Declarator(inner) if has_function_declarator(&inner.node))
}

/// Whether declaration specifiers say `inline`.
fn says_inline(specifiers: &[Node<DeclarationSpecifier>]) -> bool {
    specifiers.iter().any(|s| {
        matches!(&s.node, DeclarationSpecifier::Function(f) if f.node == FunctionSpecifier::Inline)
    })
}

/// The names `unit`'s file-scope declarations and definitions declare
/// without `inline` or with `extern` (typedefs and `static` ones aside).
fn externally_declared(unit: &TranslationUnit) -> std::collections::HashSet<String> {
    let storage_is = |specifiers: &[Node<DeclarationSpecifier>], class: StorageClassSpecifier| {
        specifiers
            .iter()
            .any(|s| matches!(&s.node, DeclarationSpecifier::StorageClass(c) if c.node == class))
    };
    let external = |specifiers: &[Node<DeclarationSpecifier>]| {
        !storage_is(specifiers, StorageClassSpecifier::Typedef)
            && !storage_is(specifiers, StorageClassSpecifier::Static)
            && (!says_inline(specifiers) || storage_is(specifiers, StorageClassSpecifier::Extern))
    };
    let mut names = std::collections::HashSet::new();
    for item in &unit.0 {
        match &item.node {
            ExternalDeclaration::Declaration(d) if external(&d.node.specifiers) => {
                let declarators = d.node.declarators.iter();
                names.extend(declarators.filter_map(|i| {
                    super::decl::declared_name(&i.node.declarator.node).map(str::to_owned)
                }));
            }
            ExternalDeclaration::FunctionDefinition(f) if external(&f.node.specifiers) => {
                names
                    .extend(super::decl::declared_name(&f.node.declarator.node).map(str::to_owned));
            }
            _ => {}
        }
    }
    names
}

/// Where the type specifier of `specifiers` is named: a struct, union or
/// enum's tag, else the first type specifier.
fn type_at(specifiers: &[Node<DeclarationSpecifier>]) -> Option<usize> {
    specifiers.iter().find_map(|s| match &s.node {
        DeclarationSpecifier::TypeSpecifier(t) => Some(match &t.node {
            TypeSpecifier::Enum(e) => e
                .node
                .identifier
                .as_ref()
                .map_or(t.span.start, |i| i.span.start),
            TypeSpecifier::Struct(r) => r
                .node
                .identifier
                .as_ref()
                .map_or(t.span.start, |i| i.span.start),
            _ => t.span.start,
        }),
        _ => None,
    })
}
