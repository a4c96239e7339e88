//! Lowering one function body to Cranelift IR: a struct holding the
//! FunctionBuilder and the local scopes, with one `translate_*` method per
//! construct.
//!
//! At -O0 every local lives in a stack slot; at -O1/-O2 scalar locals
//! whose address is never taken are SSA variables (promote.rs).
//! Variable-length arrays live in buffers of kit's runtime (vla.rs). An expression
//! yields a [`Val`]: a scalar in an SSA value, or, for structs and arrays,
//! the address of the object. Control flow uses blocks with no block
//! parameters except the `?:` and `&&`/`||` joins, which carry the result.
//!
//! Calls to variadic functions must set AL to the number of vector
//! registers used (System V). Cranelift has no varargs, so such a call goes
//! through a local trampoline of this object (`mov al, N; jmp name`, see
//! `Unit::vacall_stub`), called indirectly with the call site's signature.

#[path = "asm.rs"]
pub(super) mod asm;
#[path = "assign.rs"]
mod assign;
#[path = "atomic.rs"]
mod atomic;
#[path = "bitfield.rs"]
mod bitfield;
#[path = "builtins.rs"]
mod builtins;
#[path = "cleanup.rs"]
mod cleanup;
#[path = "complex.rs"]
mod complex;
#[path = "extended.rs"]
mod extended;
#[path = "fenv.rs"]
mod fenv;
#[path = "float_class.rs"]
mod float_class;
#[path = "ia32.rs"]
mod ia32;
#[path = "labels.rs"]
mod labels;
#[path = "libm.rs"]
mod libm;
pub(super) use fenv::RAISE_INVALID;
pub(super) use libm::set_edom_code;
#[path = "nested.rs"]
mod nested;
#[path = "object_size.rs"]
mod object_size;
#[path = "simd.rs"]
mod simd;
#[path = "small_memory.rs"]
mod small_memory;
#[path = "va.rs"]
mod va;
#[path = "vector.rs"]
mod vector;
#[path = "vla.rs"]
mod vla;

use std::collections::HashMap;
use std::rc::Rc;

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    self, types as ir_types, AbiParam, Block, InstBuilder, MemFlagsData, StackSlotData,
    StackSlotKind, Value,
};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_module::Module;
use lang_c::ast::*;
use lang_c::span::Node;

use super::abi;
use super::decl::{self, error, Error, Result};
use super::flatten::{flatten, Context, Store};
use super::init;
use super::promote;
use super::static_types::SizeofOperands;
use super::types::{self, find_member, FunctionType, IntKind, Type};
use super::unit::Unit;
use super::x87::Helper;
use assign::Assigned;
pub(in crate::cc) use builtins::libc_builtin;
pub use builtins::{builtin_names, has_builtin};
pub use nested::Capture;
use nested::Display;

const ULONG: Type = Type::Int {
    size: 8,
    signed: false,
    kind: IntKind::Standard,
};

/// An expression's value: a scalar, or the address of an aggregate.
#[derive(Clone)]
pub struct Val {
    pub value: Value,
    pub ty: Type,
}

struct Local {
    place: Place,
    ty: Type,
    /// Which levels are const (`decl::readonly_levels`).
    readonly: u64,
    /// Declared `register`: its address may not be taken (6.5.3.2p1).
    register: bool,
}

/// Where a local lives.
#[derive(Clone)]
enum Place {
    /// In memory: its address may be taken.
    Slot(ir::StackSlot),
    /// In an SSA variable (see promote.rs).
    Var(Variable),
    /// Block-scope `static`/`extern` names and function declarations
    /// refer to this file-scope global (key of `Unit::globals`).
    Global(String),
    /// A variable-length array: slots holding its address and its size
    /// in bytes (see `declare_vla`).
    Vla {
        pointer: ir::StackSlot,
        bytes: ir::StackSlot,
    },
    /// A local of an enclosing function that a nested function uses, at
    /// this address (loaded from the static chain on entry, nested.rs).
    Captured(Value),
    /// The same for a variable-length array: the addresses of the
    /// enclosing function's slots holding its address and size.
    CapturedVla { pointer: Value, bytes: Value },
    /// A nested function, and the display its calls pass as the static
    /// chain (nested.rs).
    Nested {
        id: cranelift_module::FuncId,
        display: Display,
    },
}

impl Local {
    fn global(&self) -> Option<&String> {
        match &self.place {
            Place::Global(key) => Some(key),
            _ => None,
        }
    }
}

/// Case blocks of the switch being lowered, keyed by label offset.
struct SwitchCases {
    blocks: HashMap<usize, Block>,
    /// The VLAs in scope at the `switch`: a case may not be in the scope
    /// of another (6.8.4.2p2).
    vlas: Vec<ir::StackSlot>,
}

pub struct FnLower<'u, 'f> {
    unit: &'u mut Unit,
    b: FunctionBuilder<'f>,
    ret: Type,
    scopes: Vec<HashMap<String, Local>>,
    /// Where `break` and `continue` go, with the block depth there (see
    /// cleanup.rs: the blocks opened since are left).
    breaks: Vec<(Block, usize)>,
    continues: Vec<(Block, usize)>,
    /// The offsets of the operands of the subscript being lowered that a
    /// `register` array may be, decaying (`a[1]`: with a constant index,
    /// as gcc allows), and nowhere else (but where only its type is
    /// asked, `sizeof a`).
    subscript_operands: Option<(usize, usize)>,
    /// Above 0 while lowering an operand C does not evaluate (`sizeof`'s,
    /// the arm a constant condition skips), where gcc gives no
    /// evaluation warnings.
    unevaluated: u32,
    /// The locals (by block depth) whose latest declaration there has an
    /// initializer, for gcc's "redefinition" of one declared again.
    initialized_locals: std::collections::HashSet<(usize, String)>,
    /// Values already computed for expressions by their offset: an
    /// `__auto_type` initializer of variably modified type, evaluated
    /// once for its type's lengths (see `translate_declaration`).
    evaluated: HashMap<usize, Val>,
    /// The `cleanup` attribute's calls of each open block, whether the
    /// function has any, the ids of the blocks enclosing each label, and
    /// the forward gotos waiting for their labels (see cleanup.rs).
    cleanups: Vec<cleanup::CleanupScope>,
    cleanup_ids: usize,
    uses_cleanups: bool,
    label_blocks: HashMap<String, Vec<usize>>,
    pending_gotos: Vec<cleanup::PendingGoto>,
    labels: HashMap<String, Block>,
    /// Labels defined so far and every `goto`, each with the VLAs in
    /// scope there (a goto may not jump into a VLA's scope).
    defined_labels: HashMap<String, Vec<ir::StackSlot>>,
    label_uses: Vec<(String, usize, Vec<ir::StackSlot>)>,
    /// Where `goto *v` jumps: a switch over the numbers that stand for
    /// label addresses (`Unit::label_addresses`; a label value only means
    /// something inside its function, GCC manual 6.3).
    dispatch: Option<Block>,
    /// Where failed division checks go (see `check_division`).
    division_fault: Option<Block>,
    switches: Vec<SwitchCases>,
    /// The C types of the parameters, in order.
    param_types: Vec<Type>,
    /// The parameters' names: the body's outermost block may not
    /// declare them again (6.2.1p4).
    param_names: Vec<String>,
    /// How parameters and the result are passed.
    abi: abi::FnAbi,
    /// The hidden result pointer of a function returning MEMORY.
    sret: Option<Value>,
    /// The register save area and offsets of a variadic definition.
    va: Option<va::VaFrame>,
    variadic: bool,
    /// Which locals may be SSA variables.
    promotion: promote::Promotion,
    /// Stand-in "addresses" of SSA-variable locals, so lvalue code can
    /// treat them like memory: `load` and `store` map them to the variable.
    variables: HashMap<Value, Variable>,
    /// Stand-in "addresses" of bit-field lvalues: the storage unit's
    /// address, its type and the field's place; `load` and `store` extract
    /// and insert the bits.
    bit_fields: HashMap<Value, (Value, Type, types::BitField)>,
    /// Slots of `volatile` locals, and the addresses of them and of
    /// `volatile` globals, whose loads and stores are fenced by sequence
    /// points (Cranelift has no volatile access; without them it forwards
    /// stores to loads and folds the arithmetic).
    volatile_slots: std::collections::HashSet<ir::StackSlot>,
    volatile_addresses: std::collections::HashSet<Value>,
    /// Slots of locals aligned beyond the frame's 16 bytes, by alignment.
    over_aligned: HashMap<ir::StackSlot, u64>,
    /// For a function with variable-length arrays: the slot of its
    /// runtime frame (vla.rs), the VLA sites so far, and the block every
    /// return goes through to release them.
    vla_frame: Option<ir::StackSlot>,
    vla_sites: u32,
    vla_exit: Option<Block>,
    /// Slots holding the lengths of inner VLA dimensions (`Type::Vla`).
    vla_lengths: Vec<ir::StackSlot>,
    /// One reference per data object and function used: the same global
    /// value lets Cranelift see two accesses of one object as the same
    /// address (and drop a repeated load).
    data_refs: HashMap<cranelift_module::DataId, ir::GlobalValue>,
    func_refs: HashMap<cranelift_module::FuncId, ir::FuncRef>,
    /// For a nested function: the enclosing function's names it uses,
    /// reached through the static chain, its last parameter.
    captures: Option<Vec<Capture>>,
    /// Whether this is the lowering of a nested function.
    is_nested: bool,
    /// The labels the body defines (outside its nested functions).
    own_labels: std::collections::HashSet<String>,
    /// Nested functions declared ahead (`auto`), with where, and those
    /// defined so far (see nested.rs).
    nested_declared: Vec<(cranelift_module::FuncId, String, usize)>,
    nested_defined: std::collections::HashSet<cranelift_module::FuncId>,
    /// Whether a block item had an error (reported; the function is not
    /// compiled), and the names whose use is reported once: undeclared
    /// ones, and those a declaration with an error failed to declare.
    failed: bool,
    unusable_names: std::collections::HashSet<String>,
    /// The types of subscripted operands found so far, by node (see
    /// `subscripted_type`).
    subscripted_types: HashMap<(usize, usize, usize), Type>,
}

/// Run-time initializers: a value of struct type initializes a member
/// whole (C11 6.7.9p13).
struct RunTimeContext<'x, 'u, 'f>(&'x mut FnLower<'u, 'f>);

impl Context for RunTimeContext<'_, '_, '_> {
    fn index(&mut self, e: &Node<Expression>) -> Result<i64> {
        self.0.constant_expr(e)
    }

    fn is_whole(&mut self, e: &Node<Expression>, ty: &Type) -> bool {
        // An expression that cannot be typed is taken whole, so that its
        // own error is reported, not "invalid initializer".
        matches!(ty, Type::Struct(_) | Type::Vector(..))
            && self
                .0
                .type_of(e)
                .map_or(true, |t| types::takes_whole(ty, &t))
    }

    fn warn(&mut self, offset: usize, message: String) {
        self.0.unit.warn(offset, None, message);
    }

    fn source(&self) -> &str {
        &self.0.unit.source
    }
}

/// Copies of up to this many bytes are loads and stores, not a call.
const INLINE_COPY: u64 = 64;

/// The alignment Cranelift gives a function's frame on x86-64.
const FRAME_ALIGN: u64 = 16;

/// Whether a declarator has the `cleanup` attribute (see cleanup.rs).
pub(super) fn has_cleanup(
    specifiers: &[Node<DeclarationSpecifier>],
    declarator: &Declarator,
) -> bool {
    cleanup::cleanup_attribute(specifiers, declarator).is_some()
}

pub(super) fn err(offset: usize, message: impl Into<String>) -> Error {
    Error {
        offset,
        message: message.into(),
    }
}

impl<'u, 'f> FnLower<'u, 'f> {
    pub fn new(
        unit: &'u mut Unit,
        func: &'f mut ir::Function,
        fctx: &'f mut FunctionBuilderContext,
        fty: Rc<FunctionType>,
        abi: abi::FnAbi,
    ) -> FnLower<'u, 'f> {
        FnLower {
            abi,
            sret: None,
            va: None,
            variadic: fty.variadic,
            unit,
            b: FunctionBuilder::new(func, fctx),
            // A function returns the plain value of an `_Atomic` result type.
            ret: fty.ret.unatomic(),
            scopes: vec![HashMap::new()],
            param_names: Vec::new(),
            breaks: Vec::new(),
            continues: Vec::new(),
            cleanups: Vec::new(),
            cleanup_ids: 0,
            uses_cleanups: false,
            label_blocks: HashMap::new(),
            pending_gotos: Vec::new(),
            labels: HashMap::new(),
            defined_labels: HashMap::new(),
            label_uses: Vec::new(),
            dispatch: None,
            division_fault: None,
            switches: Vec::new(),
            param_types: fty.params.clone(),
            promotion: promote::Promotion::default(),
            variables: HashMap::new(),
            bit_fields: HashMap::new(),
            volatile_slots: std::collections::HashSet::new(),
            volatile_addresses: std::collections::HashSet::new(),
            over_aligned: HashMap::new(),
            vla_frame: None,
            vla_sites: 0,
            vla_exit: None,
            subscript_operands: None,
            unevaluated: 0,
            initialized_locals: Default::default(),
            evaluated: HashMap::new(),
            vla_lengths: Vec::new(),
            data_refs: HashMap::new(),
            func_refs: HashMap::new(),
            captures: None,
            is_nested: false,
            own_labels: std::collections::HashSet::new(),
            nested_declared: Vec::new(),
            nested_defined: std::collections::HashSet::new(),
            failed: false,
            unusable_names: std::collections::HashSet::new(),
            subscripted_types: HashMap::new(),
        }
    }

    /// Makes this the lowering of a nested function using `captures`.
    pub fn nested(mut self, captures: Vec<Capture>) -> Self {
        self.captures = Some(captures);
        self.is_nested = true;
        self
    }

    /// Lowers the whole function: parameters into slots, then the body.
    /// Returns whether the body calls a returns-twice function (setjmp),
    /// which inlining must leave alone.
    pub fn body(
        mut self,
        names: &[Option<String>],
        declarators: &[Option<&Node<Declarator>>],
        readonly: &[u64],
        body: &Node<Statement>,
    ) -> Result<bool> {
        // Variadic definitions keep their parameters in memory (va.rs).
        let promote = self.unit.promote_locals && !self.variadic;
        self.promotion = promote::Promotion::of(body, promote, &self.unit.returns_twice);
        // Only a unit with nested functions has gotos between functions:
        // the walk is spared the others.
        let labels = if self.unit.nested_functions.is_empty() {
            nested::LabelScan::default()
        } else {
            nested::LabelScan::of(body)
        };
        let nonlocal_targets = labels.nonlocal_targets();
        if !nonlocal_targets.is_empty() {
            self.promotion.assume_returns_twice();
        }
        self.own_labels = labels.own;
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        self.b.switch_to_block(entry);
        self.b.seal_block(entry);
        self.prepare_vlas(body, declarators)?;
        let mut params = self.b.block_params(entry).to_vec();
        if let Some(captures) = self.captures.take() {
            let chain = if self.variadic {
                self.call_runtime("__kit_static_chain", &[], Some(ir_types::I64))?
                    .expect("a result")
            } else {
                params.pop().expect("the static chain parameter")
            };
            self.enter_captures(chain, captures);
        }
        let mut params = params.into_iter();
        if let abi::PassMode::Memory { .. } = self.abi.ret {
            self.sret = params.next();
        }
        let param_types = self.param_types.clone();
        let modes = self.abi.params.clone();
        let params_readonly = readonly.iter().copied().chain(std::iter::repeat(0));
        let params_info = names
            .iter()
            .zip(param_types)
            .zip(modes)
            .zip(params_readonly);
        for (((name, ty), mode), readonly) in params_info {
            if let Some(name) = name {
                // A parameter hides a file-scope object's declared
                // alignment from `__alignof__`.
                self.unit.scopes.note_alignment(name, None);
            }
            let (place, addr) = self.storage(name.as_deref(), &ty, None, 0)?;
            let mut next = || {
                params
                    .next()
                    .ok_or_else(|| err(0, "parameter count mismatch"))
            };
            match mode {
                abi::PassMode::Direct(_) => {
                    let value = next()?;
                    self.store(addr, value, &ty);
                }
                abi::PassMode::Eightbytes(parts) => {
                    let values = (0..parts.len())
                        .map(|_| next())
                        .collect::<Result<Vec<Value>>>()?;
                    let tmp = self.spill_eightbytes(&values);
                    if ty.is_complex() {
                        // A scalar, which may live in a variable.
                        let value = self.load(tmp, &ty);
                        self.store(addr, value, &ty);
                    } else {
                        self.copy(addr, tmp, ty.size().unwrap_or(0));
                    }
                }
                abi::PassMode::Memory { pad, .. } => {
                    let src = next()?;
                    let src = self.b.ins().iadd_imm_u(src, i64::from(pad));
                    if ty.is_scalar() {
                        // A long double, which may live in a variable.
                        let value = self.load(src, &ty);
                        self.store(addr, value, &ty);
                    } else {
                        self.copy(addr, src, ty.size().unwrap_or(0));
                    }
                }
                abi::PassMode::Ignore | abi::PassMode::X87 | abi::PassMode::X87Pair => {}
            }
            if let Some(name) = name {
                self.param_names.push(name.clone());
                self.scopes.last_mut().expect("function scope").insert(
                    name.clone(),
                    Local {
                        place,
                        ty,
                        readonly,
                        register: false,
                    },
                );
            }
        }
        // Parameters declared with inner variable lengths get them now,
        // when every parameter has its value.
        for (name, declarator) in names.iter().zip(declarators) {
            match (name, declarator) {
                (Some(name), Some(d)) => self.give_parameter_lengths(name, &d.node)?,
                (None, Some(d)) => self.evaluate_lengths(&d.node)?,
                _ => {}
            }
        }
        let extra: Vec<Value> = params.collect();
        if self.variadic {
            let layout = self.abi.layout;
            self.set_up_varargs(&extra, layout);
        }
        self.receive_nonlocal_gotos(&nonlocal_targets)?;
        self.translate_statement(body)?;
        if self.failed {
            return Err(Error::already_reported());
        }
        if !self.is_filled() {
            // Falling off the end: main returns 0 (C11 5.1.2.2.3); others return garbage-free 0.
            self.return_zero()?;
        }
        self.check_labels()?;
        self.check_nested_defined()?;
        self.fill_pending_gotos();
        self.fill_dispatch();
        self.fill_division_fault()?;
        self.fill_vla_exit()?;
        self.b.seal_all_blocks();
        let config = self.unit.module.target_config();
        self.b.finalize(config);
        Ok(self.promotion.calls_returns_twice())
    }

    fn is_filled(&self) -> bool {
        self.b.current_block().is_none_or(|block| {
            self.b
                .func
                .layout
                .last_inst(block)
                .is_some_and(|inst| self.b.func.dfg.insts[inst].opcode().is_terminator())
        })
    }

    fn return_zero(&mut self) -> Result<()> {
        match self.abi.ret.clone() {
            abi::PassMode::Eightbytes(parts) => {
                let zeros: Vec<Value> = parts
                    .iter()
                    .map(|t| {
                        if t.is_float() {
                            self.b.ins().f64const(0.0)
                        } else {
                            self.b.ins().iconst(ir_types::I64, 0)
                        }
                    })
                    .collect();
                self.ret(&zeros);
                return Ok(());
            }
            abi::PassMode::Memory { .. } | abi::PassMode::Ignore => {
                self.ret(&[]);
                return Ok(());
            }
            abi::PassMode::X87 => {
                let zero = self.long_double_const(0);
                return self.return_long_double(zero);
            }
            abi::PassMode::X87Pair => {
                let zero = self.long_double_const(0);
                self.leave_blocks(0);
                self.x87(Helper::Push, &[zero])?;
                return self.push_and_return(zero);
            }
            abi::PassMode::Direct(_) => {}
        }
        match self.ret.ir() {
            Some(t) if t.is_float() => {
                let zero = self.float_const(t, 0.0);
                self.ret(&[zero]);
            }
            Some(t) => {
                let zero = self.b.ins().iconst(t, 0);
                self.ret(&[zero]);
            }
            None => {
                self.ret(&[]);
            }
        }
        Ok(())
    }

    /// Starts a fresh block after a terminator, for code that follows it.
    fn continue_in_new_block(&mut self) {
        let block = self.b.create_block();
        self.b.switch_to_block(block);
    }

    /// Where the initializer of declaration `d` starts when it is the copy
    /// of `operand` that the shims make of an `__auto_type` declaration
    /// (`__typeof__(e) x = e`: one declarator, the same text).
    fn auto_type_initializer(
        &self,
        d: &Node<Declaration>,
        operand: &Node<Expression>,
    ) -> Option<usize> {
        let [declarator] = d.node.declarators.as_slice() else {
            return None;
        };
        let Some(Initializer::Expression(init)) =
            declarator.node.initializer.as_ref().map(|i| &i.node)
        else {
            return None;
        };
        let text = |e: &Node<Expression>| self.unit.source.get(e.span.start..e.span.end);
        (text(init) == text(operand)).then_some(init.span.start)
    }

    /// The operand `__builtin_choose_expr(c, a, b)` stands for, when `e`
    /// is such a call.
    fn chosen_expression<'e>(
        &mut self,
        e: &'e Node<Expression>,
    ) -> Result<Option<&'e Node<Expression>>> {
        let Expression::Call(call) = &e.node else {
            return Ok(None);
        };
        let (Expression::Identifier(callee), [condition, then, other]) =
            (&call.node.callee.node, call.node.arguments.as_slice())
        else {
            return Ok(None);
        };
        if callee.node.name != "__builtin_choose_expr" {
            return Ok(None);
        }
        Ok(Some(if self.constant_expr(condition)? != 0 {
            then
        } else {
            other
        }))
    }

    /// Whether `e` is a null pointer constant: an integer constant
    /// expression of value 0, or one cast to `void *` (6.3.2.3p3).
    fn is_null_pointer_constant(&mut self, e: &Node<Expression>) -> bool {
        let zero = |this: &mut Self, e: &Node<Expression>| {
            this.unit.scopes.constant_expr(e).is_ok_and(|v| v == 0)
        };
        match &e.node {
            Expression::Cast(c) => {
                let void_pointer = self
                    .unit
                    .scopes
                    .type_name(&c.node.type_name.node)
                    .is_ok_and(|t| t == Type::Pointer(std::rc::Rc::new(Type::Void)));
                void_pointer && zero(self, &c.node.expression)
            }
            _ => zero(self, e),
        }
    }

    /// Code after a jump goes into a new block, which only labels reach.
    fn continue_if_filled(&mut self) {
        if self.is_filled() {
            self.continue_in_new_block();
        }
    }

    fn jump_to(&mut self, target: Block) {
        if !self.is_filled() {
            self.b.ins().jump(target, &[]);
        }
    }

    fn slot(&mut self, ty: &Type, offset: usize) -> Result<ir::StackSlot> {
        self.slot_aligned(ty, None, offset)
    }

    /// A slot for `ty`, aligned to at least `aligned` (an attribute's).
    fn slot_aligned(
        &mut self,
        ty: &Type,
        aligned: Option<u64>,
        offset: usize,
    ) -> Result<ir::StackSlot> {
        if let Type::Unsupported(what) = ty {
            return error(offset, format!("type {what} is not supported yet"));
        }
        let size = ty
            .size()
            .ok_or_else(|| err(offset, format!("storage size of {} isn't known", ty.name())))?;
        let align = ty.align().max(aligned.unwrap_or(1));
        // Cranelift aligns a frame to 16 bytes: a larger alignment takes
        // a bigger slot and an address rounded up inside it.
        let (size, shift) = if align > FRAME_ALIGN {
            (size + align, FRAME_ALIGN.trailing_zeros())
        } else {
            (size, align.trailing_zeros())
        };
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            size.max(1) as u32,
            shift as u8,
        ));
        if align > FRAME_ALIGN {
            self.over_aligned.insert(slot, align);
        }
        Ok(slot)
    }

    /// Where a new local `name` of type `ty` lives, and the address its
    /// initial value is stored through (a stand-in for an SSA variable).
    fn storage(
        &mut self,
        name: Option<&str>,
        ty: &Type,
        aligned: Option<u64>,
        offset: usize,
    ) -> Result<(Place, Value)> {
        let promotable = ty.is_scalar() && name.is_some_and(|n| self.promotion.allows(n));
        if let (true, Some(ir_type)) = (promotable, ty.ir()) {
            let var = self.b.declare_var(ir_type);
            return Ok((Place::Var(var), self.variable_address(var)));
        }
        let slot = self.slot_aligned(ty, aligned, offset)?;
        if name.is_some_and(|n| self.promotion.is_volatile(n)) {
            self.volatile_slots.insert(slot);
            self.b.func.sized_stack_slots[slot].key = Some(super::private_slots::volatile_key());
        }
        let addr = self.slot_address(slot);
        Ok((Place::Slot(slot), addr))
    }

    fn slot_address(&mut self, slot: ir::StackSlot) -> Value {
        let mut addr = self.b.ins().stack_addr(ir_types::I64, slot, 0);
        if let Some(&align) = self.over_aligned.get(&slot) {
            let bumped = self.b.ins().iadd_imm_s(addr, align as i64 - 1);
            addr = self.b.ins().band_imm_s(bumped, -(align as i64));
        }
        if self.volatile_slots.contains(&slot) {
            self.volatile_addresses.insert(addr);
        }
        addr
    }

    /// A stand-in address for an SSA variable, which only `load` and
    /// `store` accept (the analysis guarantees nothing else sees it).
    fn variable_address(&mut self, var: Variable) -> Value {
        let marker = self.b.ins().iconst(ir_types::I64, 0);
        self.variables.insert(marker, var);
        marker
    }

    fn lookup(&self, name: &str) -> Option<&Local> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    // ----- loads, stores, conversions -----

    fn load(&mut self, addr: Value, ty: &Type) -> Value {
        if let Some(&var) = self.variables.get(&addr) {
            return self.b.use_var(var);
        }
        if let Some((unit, unit_ty, bits)) = self.bit_fields.get(&addr).cloned() {
            return self.load_bits(unit, &unit_ty, bits, ty);
        }
        if self.volatile_addresses.contains(&addr) {
            self.b.ins().sequence_point();
        }
        if ty.is_atomic() {
            return self.atomic_load_object(addr, ty);
        }
        match ty.ir() {
            Some(t) if !matches!(ty, Type::Array(..) | Type::Function(_) | Type::Struct(_)) => {
                self.b.ins().load(t, MemFlagsData::new(), addr, 0)
            }
            _ => addr,
        }
    }

    fn store(&mut self, addr: Value, value: Value, ty: &Type) {
        if let Some(&var) = self.variables.get(&addr) {
            self.b.def_var(var, value);
            return;
        }
        if let Some((unit, unit_ty, bits)) = self.bit_fields.get(&addr).cloned() {
            self.store_bits(unit, &unit_ty, bits, value);
            return;
        }
        if self.volatile_addresses.contains(&addr) {
            self.b.ins().sequence_point();
        }
        if ty.is_atomic() {
            self.atomic_store_object(addr, value, ty);
        } else if ty.in_memory() {
            let size = ty.size().unwrap_or(0);
            self.copy(addr, value, size);
        } else {
            self.b.ins().store(MemFlagsData::new(), value, addr, 0);
        }
    }

    /// Copies `size` bytes from `src` to `dest`, which do not overlap.
    fn copy(&mut self, dest: Value, src: Value, size: u64) {
        if size <= INLINE_COPY {
            return self.copy_inline(dest, src, size);
        }
        let config = self.unit.module.target_config();
        let size = self.b.ins().iconst(ir_types::I64, size as i64);
        self.b.call_memcpy(config, dest, src, size);
    }

    /// A small copy as loads and stores of up to 16 bytes (a vector
    /// register's, so that a vector stored whole is loaded whole, which
    /// the processor forwards), every load first: struct and vector
    /// values are copied often, and a call to memcpy costs more.
    fn copy_inline(&mut self, dest: Value, src: Value, size: u64) {
        let mut pieces = Vec::new();
        let mut at = 0;
        for width in [16u64, 8, 4, 2, 1] {
            while size - at >= width {
                let ty = match width {
                    16 => ir_types::I8X16,
                    _ => ir::Type::int(8 * width as u16).expect("an integer type"),
                };
                let value = self.b.ins().load(ty, MemFlagsData::new(), src, at as i32);
                pieces.push((value, at));
                at += width;
            }
        }
        for (value, at) in pieces {
            self.b
                .ins()
                .store(MemFlagsData::new(), value, dest, at as i32);
        }
    }

    /// Zeroes `size` bytes at `dest`: small objects (most locals with an
    /// initializer, which are zeroed before their members are stored) by
    /// stores of the widths `copy_inline` loads, larger ones by memset.
    fn zero(&mut self, dest: Value, size: u64) {
        let zero = self.b.ins().iconst(ir_types::I8, 0);
        if size <= INLINE_COPY {
            return self.fill_inline(dest, zero, Some(0), size);
        }
        let config = self.unit.module.target_config();
        let size = self.b.ins().iconst(ir_types::I64, size as i64);
        self.b.call_memset(config, dest, zero, size);
    }

    /// Stores `size` bytes of `byte` (an I8, whose value is `known` when
    /// constant) at `dest`, in the widths `copy_inline` uses.
    fn fill_inline(&mut self, dest: Value, byte: Value, known: Option<u8>, size: u64) {
        let mut at = 0;
        for width in [16u64, 8, 4, 2, 1] {
            if size - at < width {
                continue;
            }
            let pattern = self.fill_pattern(byte, known, width);
            while size - at >= width {
                self.b
                    .ins()
                    .store(MemFlagsData::new(), pattern, dest, at as i32);
                at += width;
            }
        }
    }

    /// `byte` repeated over `width` bytes, as an I8X16 for 16 (the type
    /// vectors are copied as, see load_simd) or an integer.
    fn fill_pattern(&mut self, byte: Value, known: Option<u8>, width: u64) -> Value {
        if width == 16 {
            return self.b.ins().splat(ir_types::I8X16, byte);
        }
        let ty = ir::Type::int(8 * width as u16).expect("an integer type");
        let ones = (u64::MAX >> (64 - 8 * width)) / 0xff;
        match known {
            Some(b) => self
                .b
                .ins()
                .iconst(ty, ones.wrapping_mul(u64::from(b)) as i64),
            None if width == 1 => byte,
            None => {
                let wide = self.b.ins().uextend(ty, byte);
                self.b.ins().imul_imm_u(wide, ones as i64)
            }
        }
    }

    /// Between `__int128` and a floating type: libgcc's routines, as gcc
    /// calls them (Cranelift converts at most 64-bit integers).
    fn convert_int128_float(&mut self, x: Value, from: &Type, to: &Type) -> Result<Value> {
        let float = if from.is_float() { from } else { to };
        let suffix = if *float == Type::Float { "sf" } else { "df" };
        let name = if from.is_float() {
            let sign = if to.is_signed() { "" } else { "uns" };
            format!("__fix{sign}{suffix}ti")
        } else {
            let sign = if from.is_signed() { "" } else { "un" };
            format!("__float{sign}ti{suffix}")
        };
        let result = self.call_runtime(&name, &[x], to.ir())?;
        Ok(result.expect("a result"))
    }

    /// Converts a scalar between C types (C11 6.3).
    fn convert(&mut self, v: Val, to: &Type, offset: usize) -> Result<Value> {
        // An atomic object's value is its plain type's (an `_Atomic _Bool`
        // holds 0 or 1 as a `_Bool` does).
        if to.is_atomic() {
            return self.convert(v, &to.unatomic(), offset);
        }
        let from = v.ty.decay().unatomic();
        // A vector is its address, whichever vector type takes it.
        if types::takes_whole(to, &from) {
            return Ok(v.value);
        }
        if let Type::Int {
            signed,
            kind: IntKind::Bits(_),
            ..
        } = *to
        {
            let plain = Type::Int {
                size: 8,
                signed,
                kind: IntKind::Standard,
            };
            let value = self.convert(v, &plain, offset)?;
            return Ok(self.wrap_bits(value, to));
        }
        if *to == Type::Bool {
            return Ok(self.truth_i8(v));
        }
        if (from.is_complex() && to.is_arithmetic()) || (to.is_complex() && from.is_arithmetic()) {
            return self.complex_convert(v, to, offset);
        }
        let (Some(ft), Some(tt)) = (from.ir(), to.ir()) else {
            if from == Type::Void {
                return error(offset, VOID_NOT_IGNORED);
            }
            return error(
                offset,
                format!("cannot convert {} to {}", v.ty.name(), to.name()),
            );
        };
        let x = v.value;
        if from == Type::LongDouble || *to == Type::LongDouble {
            return self.long_double_convert(x, &from, to, offset);
        }
        if from.is_float() != to.is_float() && (ft == ir_types::I128 || tt == ir_types::I128) {
            return self.convert_int128_float(x, &from, to);
        }
        if let (false, true, Some(constant)) = (from.is_float(), to.is_float(), self.constant_of(x))
        {
            // Folded as gcc folds it (to nearest): `(int)(float)INT_MAX`
            // then folds too.
            return Ok(self.int_constant_to_float(constant, ft.bits(), from.is_signed(), tt));
        }
        Ok(match (from.is_float(), to.is_float()) {
            (true, true) if ft == tt => x,
            (true, true) if tt == ir_types::F64 => self.b.ins().fpromote(tt, x),
            (true, true) => self.b.ins().fdemote(tt, x),
            (false, true) if from.is_signed() => self.b.ins().fcvt_from_sint(tt, x),
            (false, true) => self.b.ins().fcvt_from_uint(tt, x),
            (true, false) => self.float_to_int(x, ft, tt, to.is_signed()),
            (false, false) if ft == tt => x,
            (false, false) if ft.bits() > tt.bits() => self.b.ins().ireduce(tt, x),
            (false, false) if from.is_signed() => self.b.ins().sextend(tt, x),
            (false, false) => self.b.ins().uextend(tt, x),
        })
    }

    /// The integer constant `raw` (its low `bits` bits, `signed` or not)
    /// as a constant of floating IR type `ty`, rounded once.
    fn int_constant_to_float(&mut self, raw: i64, bits: u32, signed: bool, ty: ir::Type) -> Value {
        let shift = 64 - bits;
        let (as_signed, as_unsigned) = ((raw << shift) >> shift, ((raw as u64) << shift) >> shift);
        match (ty == ir_types::F32, signed) {
            (true, true) => self.b.ins().f32const(as_signed as f32),
            (true, false) => self.b.ins().f32const(as_unsigned as f32),
            (false, true) => self.b.ins().f64const(as_signed as f64),
            (false, false) => self.b.ins().f64const(as_unsigned as f64),
        }
    }

    /// The low bits of `value` as a constant of integer IR type `ty`.
    pub(super) fn iconst_wrapped(&mut self, ty: ir::Type, value: i64) -> Value {
        let in_width = value as u64 & (u64::MAX >> (64 - ty.bits().min(64)));
        self.b.ins().iconst(ty, in_width as i64)
    }

    /// `value` as a floating constant of IR type `ty` (F32 or F64).
    pub(super) fn float_const(&mut self, ty: ir::Type, value: f64) -> Value {
        if ty == ir_types::F32 {
            self.b.ins().f32const(value as f32)
        } else {
            self.b.ins().f64const(value)
        }
    }

    /// Floating `x` (of IR type `ft`) truncated to an integer of IR type
    /// `tt`, as gcc's x86-64 code converts: where C leaves the result
    /// undefined (a NaN, a value out of range), the same bits as gcc's.
    /// Narrower integers go through int and unsigned int through long,
    /// as in gcc's code (so `(unsigned)-1.0` wraps); unsigned long
    /// subtracts 2^63 from a value at least that large. A constant is
    /// folded, as gcc folds it.
    fn float_to_int(&mut self, x: Value, ft: ir::Type, tt: ir::Type, signed: bool) -> Value {
        if let Some(constant) = self.float_constant_of(x) {
            // A constant folds as gcc folds it: saturated, NaN to 0.
            let value = super::constant::saturated(constant, tt.bits() as usize, signed);
            return self.iconst_wrapped(tt, value);
        }
        match (tt.bits(), signed) {
            (32 | 64, true) => self.truncate_as_x86(x, ft, tt),
            (64, false) => {
                let small = self.truncate_as_x86(x, ft, tt);
                let two_63 = self.float_const(ft, 2f64.powi(63));
                let reduced = self.b.ins().fsub(x, two_63);
                let big = self.truncate_as_x86(reduced, ft, tt);
                let big = self.b.ins().bxor_imm_s(big, i64::MIN);
                let large = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, two_63);
                self.b.ins().select(large, big, small)
            }
            (bits, _) => {
                let via = if bits < 32 {
                    ir_types::I32
                } else {
                    ir_types::I64
                };
                let wide = self.truncate_as_x86(x, ft, via);
                self.b.ins().ireduce(tt, wide)
            }
        }
    }

    /// `cvttsd2si`: `x` truncated to the signed integer type `tt`, its
    /// minimum (the "integer indefinite" value) for a NaN or a value out
    /// of range.
    fn truncate_as_x86(&mut self, x: Value, ft: ir::Type, tt: ir::Type) -> Value {
        let saturated = self.b.ins().fcvt_to_sint_sat(tt, x);
        let limit = self.float_const(ft, 2f64.powi(tt.bits() as i32 - 1));
        let invalid = self
            .b
            .ins()
            .fcmp(FloatCC::UnorderedOrGreaterThanOrEqual, x, limit);
        let minimum = self.iconst_wrapped(tt, i64::MIN >> (64 - tt.bits()));
        self.b.ins().select(invalid, minimum, saturated)
    }

    /// `value` of type `ty` reduced to its width when `ty` is a wide
    /// bit-field's (`IntKind::Bits`): arithmetic there wraps at the width,
    /// as in gcc.
    fn wrap_bits(&mut self, value: Value, ty: &Type) -> Value {
        let Type::Int {
            signed,
            kind: IntKind::Bits(width),
            ..
        } = *ty
        else {
            return value;
        };
        let unused = 64 - i64::from(width);
        let high = self.b.ins().ishl_imm_s(value, unused);
        if signed {
            self.b.ins().sshr_imm_s(high, unused)
        } else {
            self.b.ins().ushr_imm_s(high, unused)
        }
    }

    /// The truth of a controlling expression (`if`, loops, `?:`, `&&`,
    /// `||`) at `at`, which must be a scalar (6.8.4.1, 6.5.13...).
    fn condition(&mut self, v: Val, at: usize) -> Result<Value> {
        let ty = v.ty.decay();
        if !ty.is_scalar() {
            let message = match &ty {
                Type::Vector(..) => "used vector type where scalar is required".to_owned(),
                Type::Struct(r) if r.get().union => {
                    "used union type value where scalar is required".to_owned()
                }
                Type::Struct(_) => "used struct type value where scalar is required".to_owned(),
                Type::Void => VOID_NOT_IGNORED.to_owned(),
                other => format!("used {} value where scalar is required", other.name()),
            };
            return error(at, message);
        }
        Ok(self.truth_i8(v))
    }

    /// A scalar's truth as an i8 0/1.
    fn truth_i8(&mut self, v: Val) -> Value {
        let ty = v.ty.decay();
        if ty == Type::LongDouble {
            return self.long_double_truth(v.value);
        }
        if let Type::Complex(part) = &ty {
            return self.complex_truth(v.value, part);
        }
        if ty.is_float() {
            let zero = self.float_const(ty.ir().expect("a floating type"), 0.0);
            self.b.ins().fcmp(FloatCC::NotEqual, v.value, zero)
        } else {
            self.b.ins().icmp_imm_s(IntCC::NotEqual, v.value, 0)
        }
    }

    fn int(&mut self, value: i64, ty: Type) -> Val {
        let t = ty.ir().unwrap_or(ir_types::I32);
        Val {
            value: self.b.ins().iconst(t, value),
            ty,
        }
    }

    /// Integer promotion (C11 6.3.1.1).
    pub(super) fn promote(ty: &Type) -> Type {
        match ty {
            Type::Bool | Type::Int { size: 1 | 2, .. } => types::INT,
            Type::Int {
                size,
                signed,
                kind: IntKind::Enum(_),
            } => Type::Int {
                size: *size,
                signed: *signed,
                kind: IntKind::Standard,
            },
            other => other.decay(),
        }
    }

    /// The usual arithmetic conversions (C11 6.3.1.8).
    pub(super) fn common(a: &Type, b: &Type) -> Type {
        if a.is_complex() || b.is_complex() {
            let part = Self::common(&complex::real_part_type(a), &complex::real_part_type(b));
            return Type::Complex(Rc::new(part));
        }
        if *a == Type::LongDouble || *b == Type::LongDouble {
            return Type::LongDouble;
        }
        if *a == Type::Double || *b == Type::Double {
            return Type::Double;
        }
        if *a == Type::Float || *b == Type::Float {
            return Type::Float;
        }
        let (a, b) = (Self::promote(a), Self::promote(b));
        let (
            Type::Int {
                size: sa,
                signed: ua,
                kind: ka,
            },
            Type::Int {
                size: sb,
                signed: ub,
                kind: kb,
            },
        ) = (&a, &b)
        else {
            return a;
        };
        if matches!(ka, IntKind::Bits(_)) || matches!(kb, IntKind::Bits(_)) {
            return Self::common_by_precision(&a, &b);
        }
        if sa == sb {
            // `long long` outranks `long` (6.3.1.1).
            let long_long = *ka == IntKind::LongLong || *kb == IntKind::LongLong;
            return Type::Int {
                size: *sa,
                signed: *ua && *ub,
                kind: if long_long {
                    IntKind::LongLong
                } else {
                    IntKind::Standard
                },
            };
        }
        if sa > sb {
            a.clone()
        } else {
            b.clone()
        }
    }

    /// The usual arithmetic conversions between promoted integer types
    /// ranked by their precision, as gcc ranks a wide bit-field's type
    /// (`unsigned long long:40` between int and long).
    fn common_by_precision(a: &Type, b: &Type) -> Type {
        let (pa, pb) = (a.precision(), b.precision());
        let wider = if pa >= pb { a } else { b };
        // Of one precision and mixed signedness: unsigned. Otherwise the
        // wider, whose values include the narrower's.
        if pa == pb && a.is_signed() != b.is_signed() {
            Self::unsigned_of(wider)
        } else {
            wider.clone()
        }
    }

    /// The unsigned type of the same precision as `ty`.
    fn unsigned_of(ty: &Type) -> Type {
        match *ty {
            Type::Int { size, kind, .. } => Type::Int {
                size,
                signed: false,
                kind,
            },
            _ => ty.clone(),
        }
    }

    // ----- statements -----

    fn translate_statement(&mut self, s: &Node<Statement>) -> Result<()> {
        if self.is_filled() {
            // Unreachable code after a jump still needs a block to live in.
            self.continue_in_new_block();
        }
        match &s.node {
            Statement::Compound(items) => self.in_scope(|this| {
                for item in items {
                    this.translate_block_item_or_report(item);
                }
                Ok(())
            }),
            Statement::Expression(Some(e)) => self.translate_expr(e).map(drop),
            Statement::Expression(None) => Ok(()),
            // Selection and iteration statements are blocks (6.8.4p3,
            // 6.8.5p5): a tag declared in a condition ends with them.
            Statement::If(i) => self.in_scope(|this| this.translate_if(&i.node)),
            Statement::While(w) => self.in_scope(|this| {
                this.translate_loop(
                    None,
                    Some(&w.node.expression),
                    None,
                    &w.node.statement,
                    false,
                )
            }),
            Statement::DoWhile(d) => self.in_scope(|this| {
                this.translate_loop(
                    None,
                    Some(&d.node.expression),
                    None,
                    &d.node.statement,
                    true,
                )
            }),
            Statement::For(f) => self.in_scope(|this| {
                match &f.node.initializer.node {
                    ForInitializer::Empty => {}
                    ForInitializer::Expression(e) => drop(this.translate_expr(e)?),
                    ForInitializer::Declaration(d) => {
                        decl::check_for_declaration(d, f.span.start)?;
                        this.translate_declaration(d)?
                    }
                    ForInitializer::StaticAssert(a) => this.static_assert(a)?,
                }
                this.translate_loop(
                    None,
                    f.node.condition.as_deref(),
                    f.node.step.as_deref(),
                    &f.node.statement,
                    false,
                )
            }),
            Statement::Return(value) => self.translate_return(value.as_deref(), s.span.start),
            Statement::Break => {
                let (target, depth) = *self.breaks.last().ok_or_else(|| {
                    err(s.span.start, "break statement not within loop or switch")
                })?;
                self.leave_blocks(depth);
                self.b.ins().jump(target, &[]);
                Ok(())
            }
            Statement::Continue => {
                let (target, depth) = *self
                    .continues
                    .last()
                    .ok_or_else(|| err(s.span.start, "continue statement not within a loop"))?;
                self.leave_blocks(depth);
                self.b.ins().jump(target, &[]);
                Ok(())
            }
            Statement::Goto(label) if self.is_nonlocal(&label.node.name) => {
                self.nonlocal_goto(&label.node.name)
            }
            Statement::Goto(label) => {
                let vlas = self.vlas_in_scope();
                self.label_uses
                    .push((label.node.name.clone(), s.span.start, vlas));
                let block = self.label_block(&label.node.name);
                self.goto_with_cleanups(&label.node.name, block);
                Ok(())
            }
            Statement::Labeled(l) => self.translate_labeled(&l.node),
            Statement::Switch(sw) => self.in_scope(|this| this.translate_switch(&sw.node)),
            Statement::Asm(a) => self.translate_asm(&a.node, a.span.start),
        }
    }

    /// Inline assembly is machine code kit cannot place into Cranelift's
    /// output, except the forms with no instructions: an empty template
    /// (`asm volatile("" ::: "memory")`, a compiler barrier, kept as one,
    /// its operands included: see `empty_asm_operands`) and assembler
    /// directives only (`asm(".p2align 5")`, code layout hints, dropped).
    fn translate_asm(&mut self, a: &AsmStatement, offset: usize) -> Result<()> {
        let template = match a {
            AsmStatement::GnuBasic(t) => t,
            AsmStatement::GnuExtended(x) => &x.template,
        };
        let text = asm_text(&template.node);
        if text.trim().is_empty() {
            if let AsmStatement::GnuExtended(x) = a {
                self.empty_asm_operands(x)?;
            }
            self.b.ins().sequence_point();
            return Ok(());
        }
        let directives_only = text
            .split(['\n', ';'])
            .map(str::trim)
            .all(|line| line.is_empty() || line.starts_with('.'));
        let operands = match a {
            AsmStatement::GnuBasic(_) => false,
            AsmStatement::GnuExtended(x) => !x.outputs.is_empty() || !x.inputs.is_empty(),
        };
        if directives_only && !operands {
            return Ok(());
        }
        self.translate_instructions(a, offset)
    }

    /// The operands of an asm statement with an empty template, which
    /// hides values from the optimizer: the inputs are evaluated, and an
    /// output tied to an input (`"=r" (x) : "0" (y)`) receives its value,
    /// as the register they share would give it. Other outputs keep their
    /// values, which the empty template leaves in place.
    fn empty_asm_operands(&mut self, x: &GnuExtendedAsmStatement) -> Result<()> {
        // Each output's lvalue is evaluated once (`"+r" (*f())` calls f).
        let mut outputs = Vec::new();
        for output in &x.outputs {
            outputs.push(self.translate_lvalue(&output.node.variable_name)?);
        }
        let mut tied = Vec::new();
        for input in &x.inputs {
            let v = self.translate_expr(&input.node.variable_name)?;
            let constraint = asm_text(&input.node.constraints.node);
            // Tied by the output's number or its `[name]`.
            let output = constraint.parse::<usize>().ok().or_else(|| {
                x.outputs.iter().position(|o| {
                    o.node
                        .symbolic_name
                        .as_ref()
                        .is_some_and(|n| constraint == format!("[{}]", n.node.name))
                })
            });
            if let Some(output) = output.filter(|&o| o < x.outputs.len()) {
                tied.push((output, v));
            }
        }
        for (output, v) in tied {
            let (address, ty) = outputs[output].clone();
            let at = x.outputs[output].node.variable_name.span.start;
            let value = self.convert(v, &ty, at)?;
            self.store(address, value, &ty);
        }
        Ok(())
    }

    /// The address of a data object of the module.
    fn data_address(&mut self, id: cranelift_module::DataId) -> Value {
        let gv = match self.data_refs.get(&id) {
            Some(&gv) => gv,
            None => {
                let gv = self.unit.module.declare_data_in_func(id, self.b.func);
                self.data_refs.insert(id, gv);
                gv
            }
        };
        self.b.ins().symbol_value(ir_types::I64, gv)
    }

    /// A function of the module as a callee of this one.
    pub(super) fn func_ref(&mut self, id: cranelift_module::FuncId) -> ir::FuncRef {
        if let Some(&fref) = self.func_refs.get(&id) {
            return fref;
        }
        let fref = self.unit.module_declare_in(id, self.b.func);
        self.func_refs.insert(id, fref);
        fref
    }

    /// A call of the function `id` with signature `sig`: direct, unless a
    /// declaration without a prototype declared the symbol with another
    /// signature before its definition came (then through its address).
    fn direct_call(
        &mut self,
        id: cranelift_module::FuncId,
        sig: ir::Signature,
        args: &[ir::Value],
    ) -> ir::Inst {
        let declared = &self
            .unit
            .module
            .declarations()
            .get_function_decl(id)
            .signature;
        if *declared == sig {
            let fref = self.func_ref(id);
            return self.b.ins().call(fref, args);
        }
        let fref = self.func_ref(id);
        let address = self.b.ins().func_addr(ir_types::I64, fref);
        let sigref = self.b.import_signature(sig);
        self.b.ins().call_indirect(sigref, address, args)
    }

    /// Runs `f` in a new block scope (locals, typedefs, tags).
    fn in_scope<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.scopes.push(HashMap::new());
        self.unit.scopes.push();
        self.open_cleanups();
        let result = f(self);
        self.close_cleanups();
        self.unit.scopes.pop();
        self.scopes.pop();
        result
    }

    /// The body of a selection or iteration statement: a block of its
    /// own even without braces.
    fn translate_substatement(&mut self, s: &Node<Statement>) -> Result<()> {
        self.in_scope(|this| this.translate_statement(s))
    }

    /// Lowers one block item, or reports its error and goes on with the
    /// next, as gcc does, so that one run shows the function's errors.
    /// What the item left open is closed; the names a failed declaration
    /// was to declare are not reported as undeclared after it.
    fn translate_block_item_or_report(&mut self, item: &Node<BlockItem>) {
        let open = (self.breaks.len(), self.continues.len(), self.switches.len());
        let Err(e) = self.translate_block_item(item) else {
            return;
        };
        self.breaks.truncate(open.0);
        self.continues.truncate(open.1);
        self.switches.truncate(open.2);
        if let BlockItem::Declaration(d) = &item.node {
            for init in &d.node.declarators {
                let name = decl::declared_name(&init.node.declarator.node);
                if let Some(name) = name.filter(|n| self.lookup(n).is_none()) {
                    let name = name.to_owned();
                    self.unusable_names.insert(name);
                }
            }
        }
        if !e.is_already_reported() {
            self.unit.errors.push(e);
        }
        self.failed = true;
    }

    fn translate_block_item(&mut self, item: &Node<BlockItem>) -> Result<()> {
        match &item.node {
            BlockItem::Declaration(d) => {
                if self.is_filled() {
                    // A declaration after a jump still initializes in a block.
                    self.continue_in_new_block();
                }
                self.translate_declaration(d)
            }
            BlockItem::StaticAssert(a) => self.static_assert(a),
            BlockItem::Statement(s) => self.translate_statement(s),
        }
    }

    /// `lower(self)`, counted as not evaluated when `skipped`.
    fn unevaluated<T>(&mut self, skipped: bool, lower: impl FnOnce(&mut Self) -> T) -> T {
        self.unevaluated += u32::from(skipped);
        let result = lower(self);
        self.unevaluated -= u32::from(skipped);
        result
    }

    /// gcc's `-Wdiv-by-zero` (on by default): `/` or `%` by an integer
    /// constant expression that is 0 (`1.0 / 0` too, not `1.0 / 0.0`).
    fn warn_division_by_zero(
        &mut self,
        op: &BinaryOperator,
        divisor_ty: &Type,
        divisor: &Node<Expression>,
        at: usize,
    ) {
        if self.unevaluated == 0
            && divisor_ty.is_integer()
            && matches!(op, BinaryOperator::Divide | BinaryOperator::Modulo)
            && self
                .unit
                .scopes
                .constant_expr(divisor)
                .is_ok_and(|v| v == 0)
        {
            self.unit
                .warn(at, Some("div-by-zero"), "division by zero".into());
        }
    }

    /// Division by zero, and signed division of the minimum by -1, raise
    /// SIGFPE as the hardware does for gcc's code (Cranelift's own checks
    /// would trap with SIGILL). A constant divisor folds the test away.
    fn check_division(&mut self, x: Value, y: Value, signed: bool) -> Result<()> {
        // A constant divisor other than 0 and -1 needs no check at all.
        if let Some(divisor) = self.constant_of(y) {
            if divisor != 0 && divisor != -1 {
                return Ok(());
            }
        }
        let ty = self.b.func.dfg.value_type(y);
        let mut bad = self.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
        if signed {
            let min = self.b.ins().iconst(ty, i64::MIN >> (64 - ty.bits()));
            let is_min = self.b.ins().icmp(IntCC::Equal, x, min);
            let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
            let overflow = self.b.ins().band(is_min, minus_one);
            bad = self.b.ins().bor(bad, overflow);
        }
        let fault = match self.division_fault {
            Some(block) => block,
            None => {
                let block = self.b.create_block();
                self.b.set_cold_block(block);
                self.division_fault = Some(block);
                block
            }
        };
        let ok = self.b.create_block();
        self.b.ins().brif(bad, fault, &[], ok, &[]);
        self.b.switch_to_block(ok);
        Ok(())
    }

    /// The value of `v` when it is a floating constant instruction.
    fn float_constant_of(&self, v: Value) -> Option<f64> {
        let ir::ValueDef::Result(inst, _) = self.b.func.dfg.value_def(v) else {
            return None;
        };
        match self.b.func.dfg.insts[inst] {
            ir::InstructionData::UnaryIeee32 { imm, .. } => {
                Some(f64::from(f32::from_bits(imm.bits())))
            }
            ir::InstructionData::UnaryIeee64 { imm, .. } => Some(f64::from_bits(imm.bits())),
            _ => None,
        }
    }

    /// For the subscript `lhs[rhs]`: the operand that is a `register`
    /// array and may decay there, gcc taking `a[1]` but not `a[i]` (see
    /// `subscript_operands`); None when neither names a register local,
    /// which spares every other subscript the constant evaluation.
    fn register_array_subscript(
        &mut self,
        lhs: &Node<Expression>,
        rhs: &Node<Expression>,
    ) -> Option<(usize, usize)> {
        let register = |this: &Self, e: &Node<Expression>| {
            identifier_name(e).is_some_and(|name| this.lookup(name).is_some_and(|l| l.register))
        };
        if !register(self, lhs) && !register(self, rhs) {
            return None;
        }
        let decays = |this: &mut Self, array: &Node<Expression>, index: &Node<Expression>| {
            if this.unit.scopes.constant_expr(index).is_ok() {
                array.span.start
            } else {
                usize::MAX
            }
        };
        Some((decays(self, lhs, rhs), decays(self, rhs, lhs)))
    }

    /// A `register` array has no address to decay to (C11 6.3.2.1p3
    /// makes that undefined; gcc refuses it), but for a constant
    /// subscript.
    fn check_register_array_decay(&mut self, name: &str, offset: usize) -> Result<()> {
        let subscripted = self
            .subscript_operands
            .is_some_and(|(lhs, rhs)| offset == lhs || offset == rhs);
        if !subscripted && self.lookup(name).is_some_and(|l| l.register) {
            return error(
                offset,
                format!("address of register variable '{name}' requested"),
            );
        }
        Ok(())
    }

    /// `-x`; a constant stays one (its sign bit flipped, a NaN's payload
    /// kept), so that `(int)-1e10` folds as gcc folds it.
    fn negate_float(&mut self, x: Value) -> Value {
        let ir::ValueDef::Result(inst, _) = self.b.func.dfg.value_def(x) else {
            return self.b.ins().fneg(x);
        };
        match self.b.func.dfg.insts[inst] {
            ir::InstructionData::UnaryIeee32 { imm, .. } => self
                .b
                .ins()
                .f32const(ir::immediates::Ieee32::with_bits(imm.bits() ^ (1 << 31))),
            ir::InstructionData::UnaryIeee64 { imm, .. } => self
                .b
                .ins()
                .f64const(ir::immediates::Ieee64::with_bits(imm.bits() ^ (1 << 63))),
            _ => self.b.ins().fneg(x),
        }
    }

    /// The value of `v` when it is an integer constant instruction.
    fn constant_of(&self, v: Value) -> Option<i64> {
        let ir::ValueDef::Result(inst, _) = self.b.func.dfg.value_def(v) else {
            return None;
        };
        match self.b.func.dfg.insts[inst] {
            ir::InstructionData::UnaryImm {
                opcode: ir::Opcode::Iconst,
                imm,
            } => {
                let bits = self.b.func.dfg.value_type(v).bits();
                // The immediate is stored zero-extended: sign-extend it.
                Some((imm.bits() << (64 - bits)) >> (64 - bits))
            }
            _ => None,
        }
    }

    /// The block every failed division check jumps to: `raise(SIGFPE)`.
    fn fill_division_fault(&mut self) -> Result<()> {
        let Some(block) = self.division_fault else {
            return Ok(());
        };
        self.b.switch_to_block(block);
        let signal = self.b.ins().iconst(ir_types::I32, i64::from(libc::SIGFPE));
        self.call_runtime("raise", &[signal], Some(ir_types::I32))?;
        self.b.ins().trap(ir::TrapCode::unwrap_user(3));
        Ok(())
    }

    fn label_block(&mut self, name: &str) -> Block {
        if let Some(block) = self.labels.get(name) {
            return *block;
        }
        let block = self.b.create_block();
        self.labels.insert(name.to_owned(), block);
        block
    }

    fn translate_labeled(&mut self, l: &LabeledStatement) -> Result<()> {
        self.enter_label(l)?;
        self.translate_statement(&l.statement)
    }

    /// Starts the block of `l`'s label (a name, or a case of the switch).
    fn enter_label(&mut self, l: &LabeledStatement) -> Result<()> {
        let block = match &l.label.node {
            Label::Identifier(id) => {
                let vlas = self.vlas_in_scope();
                let blocks = self.open_block_ids();
                self.label_blocks.insert(id.node.name.clone(), blocks);
                if self
                    .defined_labels
                    .insert(id.node.name.clone(), vlas)
                    .is_some()
                {
                    return error(
                        l.label.span.start,
                        format!("duplicate label '{}'", id.node.name),
                    );
                }
                self.label_block(&id.node.name)
            }
            Label::Case(_) | Label::Default | Label::CaseRange(_) => {
                let here = self.vlas_in_scope();
                let cases = self.switches.last().ok_or_else(|| {
                    let kind = match l.label.node {
                        Label::Default => "'default' label",
                        _ => "case label",
                    };
                    err(
                        l.label.span.start,
                        format!("{kind} not within a switch statement"),
                    )
                })?;
                if here.iter().any(|vla| !cases.vlas.contains(vla)) {
                    return error(
                        l.label.span.start,
                        "switch jumps into scope of identifier with variably modified type",
                    );
                }
                // The labels the switch's walk did not find are in
                // statement expressions.
                *cases.blocks.get(&l.label.span.start).ok_or_else(|| {
                    err(l.label.span.start, "switch jumps into statement expression")
                })?
            }
        };
        self.jump_to(block);
        self.b.switch_to_block(block);
        Ok(())
    }

    /// Finds the case labels of a switch body (not of nested switches).
    fn collect_cases<'s>(s: &'s Node<Statement>, out: &mut Vec<&'s Node<Label>>) {
        match &s.node {
            Statement::Labeled(l) => {
                if !matches!(l.node.label.node, Label::Identifier(_)) {
                    out.push(&l.node.label);
                }
                Self::collect_cases(&l.node.statement, out);
            }
            Statement::Compound(items) => {
                for item in items {
                    if let BlockItem::Statement(s) = &item.node {
                        Self::collect_cases(s, out);
                    }
                }
            }
            Statement::If(i) => {
                Self::collect_cases(&i.node.then_statement, out);
                if let Some(e) = &i.node.else_statement {
                    Self::collect_cases(e, out);
                }
            }
            Statement::While(w) => Self::collect_cases(&w.node.statement, out),
            Statement::DoWhile(d) => Self::collect_cases(&d.node.statement, out),
            Statement::For(f) => Self::collect_cases(&f.node.statement, out),
            _ => {}
        }
    }

    fn translate_switch(&mut self, sw: &SwitchStatement) -> Result<()> {
        let control = self.translate_expr(&sw.expression)?;
        if !control.ty.is_integer() {
            return error(sw.expression.span.start, "switch quantity not an integer");
        }
        let ty = Self::promote(&control.ty);
        let value = self.convert(control, &ty, sw.expression.span.start)?;
        let mut labels = Vec::new();
        Self::collect_cases(&sw.statement, &mut labels);
        let end = self.b.create_block();
        let mut blocks = HashMap::new();
        let mut default = None;
        // Plain cases go to cranelift-frontend's Switch (jump tables and
        // binary search); GNU case ranges are tested first, in order.
        let mut cases = cranelift_frontend::Switch::new();
        let mut seen = std::collections::HashSet::new();
        let width_mask = u64::MAX >> (64 - 8 * ty.size().unwrap_or(8).min(8));
        for label in &labels {
            let block = self.b.create_block();
            blocks.insert(label.span.start, block);
            match &label.node {
                Label::Case(e) => {
                    let case = self.case_value(e, label.span.start)?;
                    let key = case as u64 & width_mask;
                    if !seen.insert(key) {
                        return error(label.span.start, "duplicate case value");
                    }
                    cases.set_entry(u128::from(key), block);
                }
                Label::CaseRange(r) => {
                    let low = self.case_value(&r.node.low, label.span.start)?;
                    let high = self.case_value(&r.node.high, label.span.start)?;
                    let next = self.b.create_block();
                    let (above, below) = if ty.is_signed() {
                        let ins = self.b.ins();
                        let above = ins.icmp_imm_s(IntCC::SignedGreaterThanOrEqual, value, low);
                        let ins = self.b.ins();
                        (
                            above,
                            ins.icmp_imm_s(IntCC::SignedLessThanOrEqual, value, high),
                        )
                    } else {
                        let (low, high) = (
                            (low as u64 & width_mask) as i64,
                            (high as u64 & width_mask) as i64,
                        );
                        let ins = self.b.ins();
                        let above = ins.icmp_imm_u(IntCC::UnsignedGreaterThanOrEqual, value, low);
                        let ins = self.b.ins();
                        (
                            above,
                            ins.icmp_imm_u(IntCC::UnsignedLessThanOrEqual, value, high),
                        )
                    };
                    let hit = self.b.ins().band(above, below);
                    self.b.ins().brif(hit, block, &[], next, &[]);
                    self.b.switch_to_block(next);
                }
                Label::Default if default.is_some() => {
                    return error(label.span.start, "multiple default labels in one switch");
                }
                Label::Default => default = Some(block),
                Label::Identifier(_) => {}
            }
        }
        cases.emit(&mut self.b, value, default.unwrap_or(end));
        self.continue_in_new_block();
        let vlas = self.vlas_in_scope();
        self.switches.push(SwitchCases { blocks, vlas });
        self.breaks.push((end, self.block_depth()));
        let result = self.translate_substatement(&sw.statement);
        self.breaks.pop();
        self.switches.pop();
        result?;
        self.jump_to(end);
        self.b.switch_to_block(end);
        Ok(())
    }

    fn translate_if(&mut self, i: &IfStatement) -> Result<()> {
        let then = self.b.create_block();
        let otherwise = self.b.create_block();
        let end = self.b.create_block();
        // `if (0)` / `if (1)`: a plain jump, so the arm never taken is
        // unreachable (only a label inside it leads in) and its code, calls
        // to functions defined nowhere included, goes away, as in gcc -O0.
        let literal = match &i.condition.node {
            Expression::Constant(c) => match &c.node {
                Constant::Integer(n) => decl::integer_value(n).map(|v| v != 0),
                _ => None,
            },
            _ => None,
        };
        match literal {
            Some(true) => self.b.ins().jump(then, &[]),
            Some(false) => self.b.ins().jump(otherwise, &[]),
            None => {
                let cond = self.translate_expr(&i.condition)?;
                let truth = self.condition(cond, i.condition.span.start)?;
                self.b.ins().brif(truth, then, &[], otherwise, &[])
            }
        };
        self.b.switch_to_block(then);
        self.translate_substatement(&i.then_statement)?;
        self.jump_to(end);
        self.b.switch_to_block(otherwise);
        if let Some(e) = &i.else_statement {
            self.translate_substatement(e)?;
        }
        self.jump_to(end);
        self.b.switch_to_block(end);
        Ok(())
    }

    /// while, do-while and for: `cond` is tested before the body unless
    /// `body_first`; `step` runs after the body and on `continue`.
    fn translate_loop(
        &mut self,
        _init: Option<()>,
        cond: Option<&Node<Expression>>,
        step: Option<&Node<Expression>>,
        body: &Node<Statement>,
        body_first: bool,
    ) -> Result<()> {
        let head = self.b.create_block();
        let body_block = self.b.create_block();
        let next = self.b.create_block();
        let end = self.b.create_block();
        self.b
            .ins()
            .jump(if body_first { body_block } else { head }, &[]);
        // A do-while's condition comes after its body in the text: what
        // it declares is not in scope in the body, so it is lowered after.
        if !body_first {
            self.loop_head(head, cond, body_block, end)?;
        }
        self.b.switch_to_block(body_block);
        let declares = |s: &Node<Expression>| {
            super::static_types::names_tag(s) || super::static_types::defines_type(s)
        };
        if let Some(step) = step.filter(|s| declares(s)) {
            // The step runs after the body but comes before it in the
            // text: a tag or constant it declares is in scope in the body
            // (C11 6.8.5p5). Typing it declares them; errors come when it
            // is translated.
            let _ = self.type_of(step);
        }
        let depth = self.block_depth();
        self.breaks.push((end, depth));
        self.continues.push((next, depth));
        let result = self.translate_substatement(body);
        self.breaks.pop();
        self.continues.pop();
        result?;
        self.jump_to(next);
        self.b.switch_to_block(next);
        if let Some(step) = step {
            self.translate_expr(step)?;
        }
        self.b.ins().jump(head, &[]);
        if body_first {
            self.loop_head(head, cond, body_block, end)?;
        }
        self.b.switch_to_block(end);
        Ok(())
    }

    /// A loop's test in `head`: to the body while `cond` holds (always
    /// without one), else to `end`.
    fn loop_head(
        &mut self,
        head: Block,
        cond: Option<&Node<Expression>>,
        body: Block,
        end: Block,
    ) -> Result<()> {
        self.b.switch_to_block(head);
        match cond {
            Some(c) => {
                let v = self.translate_expr(c)?;
                let truth = self.condition(v, c.span.start)?;
                self.b.ins().brif(truth, body, &[], end, &[]);
            }
            None => {
                self.b.ins().jump(body, &[]);
            }
        }
        Ok(())
    }

    fn check_aggregate_return(&self, v: &Val, ret: &Type, offset: usize) -> Result<()> {
        if types::takes_whole(ret, &v.ty) {
            return Ok(());
        }
        error(
            offset,
            format!(
                "incompatible types when returning type '{}' but '{}' was expected",
                v.ty.name(),
                ret.name()
            ),
        )
    }

    /// gcc's error for the value `v` of the operand or returned value `e`
    /// when it is void, at `operand_place`.
    fn refuse_void_operand(&self, v: &Val, e: &Node<Expression>) -> Result<()> {
        if v.ty == Type::Void {
            return error(self.operand_place(e), VOID_NOT_IGNORED);
        }
        Ok(())
    }

    /// gcc's place for an error about an operand or a returned value:
    /// a conditional's `:`, a comma expression's last `,`, else its
    /// start.
    fn operand_place(&self, e: &Node<Expression>) -> usize {
        let source = &self.unit.source;
        let between = |from: usize, to: usize, token: char| {
            let found = source.get(from..to).and_then(|s| s.find(token));
            found.map(|i| from + i)
        };
        let place = match &e.node {
            Expression::Conditional(c) => {
                let from = c.node.then_expression.span.end;
                between(from, c.node.else_expression.span.start, ':')
            }
            Expression::Comma(list) => match list.as_slice() {
                [.., before, last] => between(before.span.end, last.span.start, ','),
                _ => None,
            },
            _ => None,
        };
        place.unwrap_or(e.span.start)
    }

    fn translate_return(&mut self, value: Option<&Node<Expression>>, offset: usize) -> Result<()> {
        match (value, self.ret.clone()) {
            (Some(e), Type::Void) => {
                let v = self.translate_expr(e)?;
                if v.ty != Type::Void {
                    // An error since gcc 14 (-Wreturn-mismatch), at the value.
                    self.unit.permerror(
                        "return-mismatch",
                        e.span.start,
                        "'return' with a value, in function returning void".into(),
                    )?;
                }
                self.ret(&[]);
            }
            (Some(e), ret) => {
                let v = self.translate_expr(e)?;
                match self.abi.ret.clone() {
                    abi::PassMode::Direct(_) => {
                        self.check_assignable(&ret, &v.ty, e, Assigned::Return)?;
                        // The result's levels: past the function's own.
                        let function = self.unit.current_function.clone();
                        let target = self.unit.readonly.get(&function).copied().unwrap_or(0) >> 1;
                        self.check_deep_const(&ret, target, e, Assigned::Return, e.span.start)?;
                        self.warn_discarded_const(&ret, target, e, "return");
                        self.refuse_void_operand(&v, e)?;
                        let v = self.convert(v, &ret, e.span.start)?;
                        self.ret(&[v]);
                    }
                    abi::PassMode::Eightbytes(parts) => {
                        let v = if ret.is_complex() {
                            self.check_assignable(&ret, &v.ty, e, Assigned::Return)?;
                            let value = self.convert(v, &ret, e.span.start)?;
                            self.spill_scalar(value, &ret)
                        } else {
                            self.check_aggregate_return(&v, &ret, offset)?;
                            v.value
                        };
                        let values = self.load_eightbytes(v, ret.size().unwrap_or(0), &parts);
                        self.ret(&values);
                    }
                    abi::PassMode::X87Pair => {
                        self.check_assignable(&ret, &v.ty, e, Assigned::Return)?;
                        let z = self.convert(v, &ret, e.span.start)?;
                        let (re, im) = self.complex_parts(z, &Type::LongDouble);
                        // Cleanups first: no call may come between the pushes.
                        self.leave_blocks(0);
                        // st(1) is pushed first.
                        self.x87(Helper::Push, &[im])?;
                        self.push_and_return(re)?;
                    }
                    abi::PassMode::X87 if matches!(ret, Type::Struct(_)) => {
                        self.check_aggregate_return(&v, &ret, offset)?;
                        let value = self.load(v.value, &Type::LongDouble);
                        self.return_long_double(value)?;
                    }
                    abi::PassMode::X87 => {
                        self.check_assignable(&ret, &v.ty, e, Assigned::Return)?;
                        let v = self.convert(v, &ret, e.span.start)?;
                        self.return_long_double(v)?;
                    }
                    abi::PassMode::Memory { .. } => {
                        self.check_aggregate_return(&v, &ret, offset)?;
                        let sret = self
                            .sret
                            .ok_or_else(|| err(offset, "missing result pointer"))?;
                        self.copy(sret, v.value, ret.size().unwrap_or(0));
                        self.ret(&[]);
                    }
                    abi::PassMode::Ignore => {
                        self.ret(&[]);
                    }
                }
            }
            (None, Type::Void) => self.return_zero()?,
            // An error since gcc 14 (-Wreturn-mismatch); relaxed, the
            // value returned is 0 (gcc's is whatever the register held).
            (None, _) => {
                self.unit.permerror(
                    "return-mismatch",
                    offset,
                    "'return' with no value, in function returning non-void".into(),
                )?;
                self.return_zero()?;
            }
        }
        Ok(())
    }

    // ----- declarations -----

    fn translate_declaration(&mut self, d: &Node<Declaration>) -> Result<()> {
        // `typeof(expr)` and `sizeof expr` anywhere in the specifiers (a
        // struct member's `typeof(i + 1)`), for the type builder.
        let mut operands = SizeofOperands::default();
        for spec in &d.node.specifiers {
            lang_c::visit::Visit::visit_declaration_specifier(
                &mut operands,
                &spec.node,
                &spec.span,
            );
        }
        self.record_types_of(operands, false);
        for spec in &d.node.specifiers {
            if let DeclarationSpecifier::TypeSpecifier(t) = &spec.node {
                self.resolve_typeof_type_name(&t.node)?;
                if let TypeSpecifier::TypeOf(of) = &t.node {
                    if let TypeOf::Expression(e) = &of.node {
                        if self.is_bit_field(e) {
                            let message = match self.auto_type_initializer(d, e) {
                                Some(_) => "'__auto_type' used with a bit-field initializer",
                                None => "'typeof' applied to a bit-field",
                            };
                            return error(e.span.start, message);
                        }
                        let mut ty = self.type_of(e)?;
                        if ty.is_variably_modified() {
                            // Evaluated, as gcc does, for the lengths in it.
                            let value = self.translate_expr(e)?;
                            ty = value.ty.clone();
                            // `__auto_type x = e` (the shims' `__typeof__(e)
                            // x = e`): e is evaluated once, here.
                            if let Some(init) = self.auto_type_initializer(d, e) {
                                self.evaluated.insert(init, value);
                            }
                        }
                        self.unit.scopes.typeof_types.insert(e.span.start, ty);
                    }
                }
            }
        }
        let (base, storage) = self.unit.scopes.specifiers(&d.node.specifiers)?;
        let register = self.unit.scopes.automatic == Some("register");
        let auto = self.unit.scopes.automatic == Some("auto");
        let thread_local = self.unit.scopes.thread_local;
        if thread_local && storage == decl::Storage::None {
            // gcc's words, at the first name declared.
            let first = d.node.declarators.first().map(|i| &i.node.declarator.node);
            let name = first.and_then(decl::declared_name).unwrap_or_default();
            let at = first
                .and_then(decl::declared_name_at)
                .unwrap_or(d.span.start);
            return error(
                at,
                format!("function-scope '{name}' implicitly auto and declared '_Thread_local'"),
            );
        }
        for init in &d.node.declarators {
            self.record_sizeof_operands(init);
        }
        let base_readonly = self.unit.scopes.specifiers_readonly(&d.node.specifiers);
        for init in &d.node.declarators {
            if let Some(body) = self.nested_body(&init.node) {
                self.define_nested(&init.node, base.clone(), storage, body)?;
                continue;
            }
            let declarator = &init.node.declarator.node;
            decl::check_array_qualifiers(declarator, init.span.start)?;
            let readonly = decl::readonly_levels(base_readonly, declarator);
            let runtime = self.has_runtime_length(declarator);
            let pointer_to_vla = runtime && decl::pointer_to_array(declarator).is_some();
            if storage == decl::Storage::None && runtime && !pointer_to_vla {
                self.declare_vla(&init.node, base.clone(), readonly, d.span.start)?;
                continue;
            }
            let typedef = storage == decl::Storage::Typedef;
            let (name, mut ty) = if pointer_to_vla || (runtime && typedef) {
                self.runtime_type(declarator, base.clone())?
            } else {
                let linked = storage == decl::Storage::Extern;
                self.unit
                    .scopes
                    .declarator(declarator, base.clone())
                    .map_err(|e| {
                        decl::variable_length_refused(
                            e,
                            declarator,
                            match linked {
                                true => |_| {
                                    "object with variably modified type must have no linkage".into()
                                },
                                false => |name| format!("storage size of '{name}' isn't constant"),
                            },
                        )
                    })?
            };
            let Some(name) = name else { continue };
            if !typedef {
                let d_at = d.span.start;
                ty = self
                    .unit
                    .with_declarator_vector_size(&init.node.declarator, ty, d_at)?;
            }
            let object = !typedef && storage != decl::Storage::Extern;
            let scopes = &self.unit.scopes;
            if object
                && scopes
                    .undefined_enum_declared(&d.node.specifiers, declarator)
                    .is_some()
            {
                let message = format!("storage size of '{name}' isn't known");
                return error(init.span.start, message);
            }
            // The body's outermost block (the second scope, after the
            // function's) is the parameters' scope too.
            if self.scopes.len() == 2 && self.param_names.contains(&name) {
                let message = format!("'{name}' redeclared as different kind of symbol");
                return error(init.span.start, message);
            }
            match storage {
                decl::Storage::Typedef => {
                    self.unit.define_declared_typedef(
                        &d.node.specifiers,
                        init,
                        &name,
                        ty,
                        readonly,
                    )?;
                    continue;
                }
                decl::Storage::Extern | decl::Storage::Static => {}
                decl::Storage::None if !matches!(ty, Type::Function(_)) => {}
                decl::Storage::None => {}
            }
            let at = init.span.start;
            if storage == decl::Storage::Static && matches!(ty, Type::Function(_)) {
                return error(at, format!("invalid storage class for function '{name}'"));
            }
            // A block-scope `extern` declares an object defined elsewhere
            // (6.7.9p5); a `static` one is an object, never void.
            if storage == decl::Storage::Extern && init.node.initializer.is_some() {
                return error(at, format!("'{name}' has both 'extern' and initializer"));
            }
            if storage == decl::Storage::Static && ty == Type::Void {
                return error(at, format!("variable or field '{name}' declared void"));
            }
            // An object without linkage is declared once per block (6.7p3).
            let no_linkage = storage != decl::Storage::Extern && !matches!(ty, Type::Function(_));
            let here = self.scopes.last().and_then(|scope| scope.get(&name));
            // gcc's words: conflicting types when the types differ, a
            // second definition when both have an initializer, else a
            // redeclaration.
            let key = (self.scopes.len(), name.clone());
            let initialized = init.node.initializer.is_some();
            if no_linkage && here.is_some_and(|local| !types::compatible(&local.ty, &ty)) {
                let have = ty.name();
                return error(at, format!("conflicting types for '{name}'; have '{have}'"));
            }
            if no_linkage && here.is_some() {
                if initialized && self.initialized_locals.contains(&key) {
                    return error(at, format!("redefinition of '{name}'"));
                }
                return error(at, format!("redeclaration of '{name}' with no linkage"));
            }
            if initialized {
                self.initialized_locals.insert(key);
            } else {
                self.initialized_locals.remove(&key);
            }
            if matches!(ty, Type::Function(_)) && init.node.initializer.is_some() {
                return error(
                    d.span.start,
                    format!("function '{name}' is initialized like a variable"),
                );
            }
            if auto && matches!(ty, Type::Function(_)) {
                // GNU: the forward declaration of a nested function.
                let (id, _) = self.declare_nested(&name, &ty, at)?;
                self.nested_declared.push((id, name, at));
                continue;
            }
            if storage == decl::Storage::Extern && !matches!(ty, Type::Function(_)) {
                // With the file's `static` hidden by a local, this one has
                // external linkage (6.2.2p4): both linkages (6.2.2p7).
                let hidden = self.lookup(&name).is_some_and(|l| l.global().is_none());
                if hidden && self.unit.globals.get(&name).is_some_and(|g| g.local) {
                    return error(
                        at,
                        "variable previously declared 'static' redeclared 'extern'",
                    );
                }
            }
            if storage != decl::Storage::None || matches!(ty, Type::Function(_)) {
                let is_static =
                    storage == decl::Storage::Static && !matches!(ty, Type::Function(_));
                let key = self
                    .unit
                    .block_scope_global(&name, ty.clone(), is_static, thread_local);
                self.scopes.last_mut().expect("scope").insert(
                    name,
                    Local {
                        place: Place::Global(key.clone()),
                        ty,
                        readonly,
                        register: false,
                    },
                );
                if !is_static {
                    let declarator = &init.node.declarator.node;
                    self.unit
                        .block_declaration_attributes(&key, &d.node.specifiers, declarator)?;
                }
                if is_static {
                    let declarator = &init.node.declarator.node;
                    self.unit
                        .symbol_attributes(&d.node.specifiers, declarator, &key, at, false)?;
                    // In scope in its own initializer (`static long n =
                    // sizeof n;`), which is typed only now.
                    let initializer = init.node.initializer.as_ref();
                    if let Some(initializer) = initializer {
                        self.record_initializer_operands(initializer);
                    }
                    self.unit.block_names = self.block_names();
                    let defined = self.unit.define_data(&key, initializer, init.span.start);
                    self.unit.block_names.clear();
                    defined?;
                }
                continue;
            }
            if ty == Type::Void {
                return error(at, format!("variable or field '{name}' declared void"));
            }
            if self.declare_sized_at_run_time(&name, &ty, readonly, at)? {
                if init.node.initializer.is_some() {
                    return error(d.span.start, "variable-sized object may not be initialized");
                }
                continue;
            }
            if init.node.initializer.is_none() && ty.size().is_none() {
                if let Some(refusal) = ty.unsupported_refusal() {
                    return error(at, refusal);
                }
                return error(
                    at,
                    match ty {
                        Type::Array(_, None) => format!("array size missing in '{name}'"),
                        _ => format!("storage size of '{name}' isn't known"),
                    },
                );
            }
            if let Some(Node {
                node: Initializer::Expression(value),
                ..
            }) = &init.node.initializer
            {
                let at = value.span.start;
                self.check_deep_const(&ty, readonly, value, Assigned::Initialization, at)?;
                self.warn_discarded_const(&ty, readonly, value, "initialization");
            }
            let stores = match &init.node.initializer {
                Some(initializer) => {
                    let (stores, length) = self.flatten_initializer(&ty, initializer)?;
                    if let (Type::Array(elem, None), Some(length)) = (&ty, length) {
                        ty = Type::Array(elem.clone(), Some(length));
                    }
                    Some(stores)
                }
                None => None,
            };
            let attributes = self
                .unit
                .check_attributes(&d.node.specifiers, &init.node.declarator.node)?;
            decl::check_alignas(attributes.alignas_least, &ty, &name, at)?;
            if attributes.alignas && register {
                return error(
                    at,
                    format!("alignment specified for 'register' object '{name}'"),
                );
            }
            let aligned = attributes.aligned;
            let (place, addr) = self.storage(Some(&name), &ty, aligned, init.span.start)?;
            let slot = match place {
                Place::Slot(slot) => Some(slot),
                _ => None,
            };
            self.scopes.last_mut().expect("scope").insert(
                name,
                Local {
                    place,
                    ty: ty.clone(),
                    readonly,
                    register,
                },
            );
            if let Some(stores) = stores {
                if !ty.is_scalar() {
                    self.zero(addr, ty.size().unwrap_or(0));
                }
                self.store_initializer(addr, stores)?;
            }
            let declarator = &init.node.declarator.node;
            if let Some((function, attribute)) =
                cleanup::cleanup_attribute(&d.node.specifiers, declarator)
            {
                // Such locals stay in memory (promote.rs): their address
                // is passed.
                if let Some(slot) = slot {
                    self.add_cleanup(function, attribute, slot, at)?;
                }
            }
        }
        Ok(())
    }

    /// The names the function's blocks declare here (see
    /// `Unit::block_names`), inner ones hiding outer ones.
    fn block_names(&self) -> HashMap<String, Option<String>> {
        let mut names = HashMap::new();
        for scope in &self.scopes {
            for (name, local) in scope {
                let key = match &local.place {
                    Place::Global(key) => Some(key.clone()),
                    _ => None,
                };
                names.insert(name.clone(), key);
            }
        }
        names
    }

    /// Records the types of `sizeof expr` operands in a declarator's
    /// array sizes, so the constant evaluator (which knows no locals) can
    /// size `char buf[sizeof x + 1]`.
    fn record_sizeof_operands(&mut self, init: &Node<InitDeclarator>) {
        let mut operands = SizeofOperands::default();
        let declarator = &init.node.declarator;
        lang_c::visit::Visit::visit_declarator(&mut operands, &declarator.node, &declarator.span);
        self.record_types_of(operands, false);
    }

    /// The same in a static local's initializer, a constant expression
    /// (`static int n = sizeof t / sizeof t[0];`).
    fn record_initializer_operands(&mut self, initializer: &Node<Initializer>) {
        let mut operands = SizeofOperands::default();
        lang_c::visit::Visit::visit_initializer(
            &mut operands,
            &initializer.node,
            &initializer.span,
        );
        self.record_types_of(operands, false);
    }

    /// The value of `e`, an integer constant expression inside a function
    /// (a case label, a designator's index, a builtin's constant argument):
    /// the types of its `sizeof`/`typeof` operands, which may name locals
    /// (`case sizeof x:`), are recorded first.
    pub(super) fn constant_expr(&mut self, e: &Node<Expression>) -> Result<i64> {
        self.record_constant_operands(e);
        self.unit.scopes.constant_expr(e)
    }

    /// Records the types of the locals `e` takes `sizeof` of, which the
    /// unit's constant evaluation cannot see.
    fn record_constant_operands(&mut self, e: &Node<Expression>) {
        let mut operands = SizeofOperands::default();
        lang_c::visit::Visit::visit_expression(&mut operands, &e.node, &e.span);
        self.record_types_of(operands, false);
    }

    /// A case label's value, refused in gcc's words when not constant.
    fn case_value(&mut self, e: &Node<Expression>, label: usize) -> Result<i64> {
        self.record_constant_operands(e);
        let not_constant = "case label does not reduce to an integer constant";
        self.unit.scopes.constant_expr_as(e, label, not_constant)
    }

    /// `_Static_assert` in a block, whose operands may name locals.
    fn static_assert(&mut self, a: &Node<StaticAssert>) -> Result<()> {
        let mut operands = SizeofOperands::default();
        lang_c::visit::Visit::visit_static_assert(&mut operands, &a.node, &a.span);
        self.record_types_of(operands, false);
        self.unit.static_assert(a)
    }

    /// The same for a type name (`sizeof(char[sizeof x])`, casts).
    /// With `evaluate` (a cast's, a compound literal's), a variably
    /// modified operand is evaluated, as gcc does, for the lengths in its
    /// type (`(typeof(++i, (int (*)[i])p))q`). Whether the type name has
    /// `typeof` or `sizeof` operands.
    pub(super) fn record_sizeof_operands_in(
        &mut self,
        type_name: &Node<TypeName>,
        evaluate: bool,
    ) -> bool {
        let mut operands = SizeofOperands::default();
        lang_c::visit::Visit::visit_type_name(&mut operands, &type_name.node, &type_name.span);
        let any = !operands.0.is_empty();
        self.record_types_of(operands, evaluate);
        any
    }

    /// Records the types of `operands`, evaluating those of variably
    /// modified type when `evaluate_variable`, and the choices of their
    /// `_Generic` selections.
    fn record_types_of(&mut self, operands: SizeofOperands, evaluate_variable: bool) {
        for e in operands.0 {
            // An operand's offset is one place in the unit, so one type:
            // found once (type names nested in operands, `typeof(0 ?
            // (typeof(...))0 : ...)`, were typed again at each level, a
            // cost that grew exponentially with the nesting).
            let known = self.unit.scopes.typeof_types.get(&e.span.start);
            if known.is_some_and(|t| !t.is_variably_modified()) {
                continue;
            }
            if self.is_bit_field(e) {
                self.unit.scopes.bit_field_operands.insert(e.span.start);
            }
            let ty = match self.type_of(e) {
                Ok(ty) if evaluate_variable && ty.is_variably_modified() => {
                    self.translate_expr(e).map(|v| v.ty)
                }
                typed => typed,
            };
            // An operand that does not type-check is reported where the
            // array size or type is evaluated.
            if let Ok(ty) = ty {
                self.unit.scopes.typeof_types.insert(e.span.start, ty);
            }
        }
        // A `_Generic` in a constant expression (`_Static_assert`, an enum
        // value) chooses as it does in code; a selection that chooses
        // nothing is reported where it is evaluated.
        for g in operands.1 {
            if let Ok(chosen) = self.generic_choice(g) {
                let choices = &mut self.unit.scopes.generic_choices;
                choices.insert(g.expression.span.start, chosen.span.start);
            }
        }
    }

    /// The stores of an initializer (see flatten.rs) and the length it
    /// gives an array of unknown size.
    fn flatten_initializer<'a>(
        &mut self,
        ty: &Type,
        init: &'a Node<Initializer>,
    ) -> Result<(Vec<Store<'a>>, Option<u64>)> {
        let (stores, length) = flatten(&mut RunTimeContext(self), ty, init)?;
        // Only a static object grows to hold its flexible array member.
        if let Some(size) = ty.size() {
            // A bit-field's store reaches its last bit, not its unit's end
            // (a packed one's unit may pass the record's end).
            let end = |s: &Store| match s.bits {
                Some(bits) => Some((s.offset * 8 + u64::from(bits.shift + bits.width)).div_ceil(8)),
                None => s.ty.size().map(|n| s.offset + n),
            };
            let outside = stores.iter().find(|s| end(s).is_none_or(|e| e > size));
            if let Some(store) = outside {
                // gcc's place: the start of the member's initializer.
                let at = store.value.span.start;
                let member = match &init.node {
                    Initializer::List(items) => items
                        .iter()
                        .find(|i| i.span.start <= at && at < i.span.end)
                        .map(|i| i.node.initializer.span.start),
                    Initializer::Expression(_) => None,
                };
                return error(
                    member.unwrap_or(at),
                    "non-static initialization of a flexible array member",
                );
            }
        }
        Ok((stores, length))
    }

    /// Makes an initializer's stores into the object at `addr` (zeroed
    /// first by the caller where members may be left out).
    fn store_initializer(&mut self, addr: Value, stores: Vec<Store<'_>>) -> Result<()> {
        // A GNU range's one initializer stores into every element, but
        // is evaluated once (as in gcc): `[0 ... 3] = ++c`.
        let mut evaluated: HashMap<*const Node<Expression>, Val> = HashMap::new();
        for store in stores {
            // Offset 0 keeps `addr` itself: it may stand for an SSA variable.
            let at = match store.offset {
                0 => addr,
                offset => self.b.ins().iadd_imm_s(addr, offset as i64),
            };
            let e = store.value;
            match (&store.ty, &e.node) {
                (Type::Array(..), Expression::StringLiteral(s)) => {
                    let (bytes, _) = init::string_literal(&s.node)
                        .ok_or_else(|| err(e.span.start, "invalid string literal"))?;
                    // An array of unknown length takes the whole literal.
                    let n = (bytes.len() as u64).min(store.ty.size().unwrap_or(u64::MAX));
                    let id = self.unit.string_data(bytes)?;
                    let src = self.data_address(id);
                    self.copy(at, src, n);
                }
                (Type::Struct(_), _) => {
                    let v = self.translate_expr(e)?;
                    if v.ty != store.ty {
                        return error(
                            e.span.start,
                            format!("cannot initialize {} with {}", store.ty.name(), v.ty.name()),
                        );
                    }
                    self.copy(at, v.value, store.ty.size().unwrap_or(0));
                }
                _ => {
                    let (at, ty) = match store.bits {
                        Some(bits) => self.bit_field_lvalue(at, store.ty.clone(), bits),
                        None => (at, store.ty.clone()),
                    };
                    let v = match evaluated.get(&std::ptr::from_ref(e)) {
                        Some(v) => v.clone(),
                        None => {
                            let v = self.translate_expr(e)?;
                            evaluated.insert(std::ptr::from_ref(e), v.clone());
                            v
                        }
                    };
                    self.check_assignable(&ty, &v.ty, e, Assigned::Initialization)?;
                    let v = self.convert(v, &ty, e.span.start)?;
                    self.store(at, v, &ty);
                }
            }
        }
        Ok(())
    }

    // ----- expressions -----

    /// An lvalue that may be assigned: a member of a struct rvalue (a
    /// call's result, `?:`) is readable but not modifiable, as in gcc.
    fn modifiable_lvalue(
        &mut self,
        e: &Node<Expression>,
        role: &str,
        at: usize,
    ) -> Result<(Value, Type)> {
        let mut base = e;
        while let Expression::Member(m) = &base.node {
            if m.node.operator.node != MemberOperator::Direct {
                break;
            }
            base = &m.node.expression;
        }
        if !std::ptr::eq(base, e)
            && matches!(
                base.node,
                Expression::Call(_)
                    | Expression::Conditional(_)
                    | Expression::Comma(_)
                    | Expression::Statement(_)
            )
        {
            return error(at, format!("lvalue required as {role}"));
        }
        let (addr, ty) = self.lvalue_as(e, role, at)?;
        let verb = role.strip_suffix(" operand").unwrap_or("assignment");
        self.check_writable(e, &ty, verb, at)?;
        match ty {
            Type::Array(..) | Type::Vla(..) if role.ends_with("assignment") => {
                error(at, "assignment to expression with array type")
            }
            Type::Function(_) | Type::Array(..) | Type::Vla(..) => {
                error(at, format!("lvalue required as {role}"))
            }
            _ => Ok((addr, ty)),
        }
    }

    /// `translate_lvalue`, an operand that is no lvalue refused in gcc's
    /// words for its `role` (`lvalue required as increment operand`).
    fn lvalue_as(&mut self, e: &Node<Expression>, role: &str, at: usize) -> Result<(Value, Type)> {
        self.translate_lvalue(e).map_err(|error| {
            if error.message == NOT_AN_LVALUE {
                err(at, format!("lvalue required as {role}"))
            } else {
                error
            }
        })
    }

    /// An lvalue: the address of the designated object and its type.
    fn translate_lvalue(&mut self, e: &Node<Expression>) -> Result<(Value, Type)> {
        if let Some(chosen) = self.chosen_expression(e)? {
            // GNU C: `__builtin_choose_expr(1, a, b) = 2` assigns `a`.
            return self.translate_lvalue(chosen);
        }
        match &e.node {
            Expression::Identifier(id) => {
                let mut name = &id.node.name;
                let key;
                if let Some(local) = self.lookup(name) {
                    let ty = local.ty.clone();
                    match &local.place {
                        Place::Global(global) => {
                            key = global.clone();
                            name = &key;
                        }
                        &Place::Slot(slot) => return Ok((self.slot_address(slot), ty)),
                        &Place::Var(var) => return Ok((self.variable_address(var), ty)),
                        &Place::Vla { pointer, .. } => {
                            let at =
                                self.b
                                    .ins()
                                    .stack_load(ir_types::I64, ir_types::I64, pointer, 0);
                            return Ok((at, ty));
                        }
                        &Place::Captured(at) => return Ok((at, ty)),
                        &Place::CapturedVla { pointer, .. } => {
                            let at =
                                self.b
                                    .ins()
                                    .load(ir_types::I64, MemFlagsData::new(), pointer, 0);
                            return Ok((at, ty));
                        }
                        &Place::Nested { id, display } => {
                            let variadic = matches!(&ty, Type::Function(f) if f.variadic);
                            let stub = self.nested_address(id, display, variadic, e.span.start)?;
                            return Ok((stub, ty));
                        }
                    }
                }
                if !self.unit.globals.contains_key(name) {
                    if let Some(value) = self.function_name(name) {
                        return Ok(value);
                    }
                }
                let Some(global) = self.unit.globals.get(name).cloned() else {
                    // Each undeclared name is reported once in a function, as in gcc.
                    if !self.unusable_names.insert(name.clone()) {
                        return Err(Error::already_reported());
                    }
                    // `sizeof(__float128)` reads as an expression.
                    let message = match super::UNSUPPORTED_TYPE_NAMES.contains(&name.as_str()) {
                        true => format!("type {name} is not supported yet"),
                        false => format!("'{name}' undeclared (first use in this function)"),
                    };
                    return error(e.span.start, message);
                };
                if let Type::Function(_) = global.ty {
                    let id = self.unit.func_id(name, e.span.start)?;
                    let fref = self.func_ref(id);
                    return Ok((self.b.ins().func_addr(ir_types::I64, fref), global.ty));
                }
                if let Type::Unsupported(t) = &global.ty {
                    return error(
                        e.span.start,
                        format!("'{name}' has type {t}, which is not supported yet"),
                    );
                }
                let id = self.unit.data_id(name)?;
                let addr = self.data_address(id);
                let addr = if global.attributes.thread_local {
                    // `addr` is the object's control block: ask for this
                    // thread's copy.
                    super::tls::address(self.unit, &mut self.b, addr)?
                } else {
                    addr
                };
                if global.attributes.volatile {
                    self.volatile_addresses.insert(addr);
                }
                Ok((addr, global.ty))
            }
            Expression::Call(c) if part_operator(&c.node).is_some() => {
                let (operand, imaginary) = part_operator(&c.node).expect("a part operator");
                self.part_lvalue(operand, imaginary)
            }
            Expression::UnaryOperator(u) if u.node.operator.node == UnaryOperator::Indirection => {
                let p = self.translate_expr(&u.node.operand)?;
                let pointee = p.ty.decay().pointee().cloned().ok_or_else(|| {
                    let have = p.ty.name();
                    let message = format!("invalid type argument of unary '*' (have '{have}')");
                    err(u.span.start, message)
                })?;
                Ok((p.value, pointee))
            }
            Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Index => {
                // A vector (an `_Atomic` one too) is indexed in place.
                if let Type::Vector(lane, _) = self.subscripted_type(&b.node.lhs)?.unatomic() {
                    let lane = match &*lane {
                        Type::Int {
                            size,
                            signed,
                            kind: types::IntKind::Mask,
                        } => Type::Int {
                            size: *size,
                            signed: *signed,
                            kind: types::IntKind::Standard,
                        },
                        other => other.clone(),
                    };
                    return self.vector_lane_lvalue(&b.node.lhs, &b.node.rhs, lane);
                }
                let operands = self.register_array_subscript(&b.node.lhs, &b.node.rhs);
                let outer = std::mem::replace(&mut self.subscript_operands, operands);
                // Its errors are reported at the `[`, as gcc does.
                let at = b.node.operator.span.start;
                let p = self.pointer_arith(&b.node.lhs, &b.node.rhs, false, at);
                self.subscript_operands = outer;
                let p = p?;
                let pointee = p.ty.pointee().cloned().ok_or_else(|| {
                    err(
                        b.node.operator.span.start,
                        "subscripted value is neither array nor pointer nor vector",
                    )
                })?;
                Ok((p.value, pointee))
            }
            Expression::Member(m) => {
                // Its errors are reported at the `.` or `->`, as gcc does.
                let (base, ty) = match m.node.operator.node {
                    MemberOperator::Direct => self.translate_lvalue(&m.node.expression)?,
                    MemberOperator::Indirect => {
                        let p = self.translate_expr(&m.node.expression)?;
                        let pointee = p.ty.decay().pointee().cloned().ok_or_else(|| {
                            err(
                                m.node.operator.span.start,
                                format!("invalid type argument of '->' (have '{}')", p.ty.name()),
                            )
                        })?;
                        (p.value, pointee)
                    }
                };
                let ty = match ty {
                    Type::Atomic(record) => {
                        self.warn_atomic_member(&m.node);
                        record.unatomic()
                    }
                    other => other,
                };
                let Type::Struct(record) = &ty else {
                    let pointer_to_record = ty
                        .pointee()
                        .is_some_and(|t| matches!(t.unatomic(), Type::Struct(_)));
                    if let (true, Expression::Identifier(id)) =
                        (pointer_to_record, &m.node.expression.node)
                    {
                        let name = &id.node.name;
                        return error(
                            m.node.operator.span.start,
                            format!("'{name}' is a pointer; did you mean to use '->'?"),
                        );
                    }
                    return error(
                        m.node.operator.span.start,
                        format!(
                            "request for member '{}' in something not a structure or union",
                            m.node.identifier.node.name
                        ),
                    );
                };
                let (offset, fty, bits) = find_member(record, &m.node.identifier.node.name)
                    .ok_or_else(|| {
                        err(
                            m.node.operator.span.start,
                            format!(
                                "'{}' has no member named '{}'",
                                ty.name(),
                                m.node.identifier.node.name
                            ),
                        )
                    })?;
                let addr = self.b.ins().iadd_imm_s(base, offset as i64);
                Ok(match bits {
                    Some(bits) => self.bit_field_lvalue(addr, fty, bits),
                    None => (addr, fty),
                })
            }
            Expression::CompoundLiteral(c) => self.compound_literal(&c.node, e),
            Expression::StringLiteral(_) => {
                let v = self.translate_expr(e)?;
                Ok((v.value, v.ty))
            }
            // A struct rvalue (a call's result, `?:`, an assignment) is
            // held in memory: its members can be read.
            _ => {
                let v = self.translate_expr(e)?;
                match v.ty {
                    Type::Struct(_) | Type::Vector(..) => Ok((v.value, v.ty)),
                    _ => error(e.span.start, NOT_AN_LVALUE),
                }
            }
        }
    }

    /// `__func__` (C99) and GNU's `__FUNCTION__` and `__PRETTY_FUNCTION__`:
    /// the enclosing function's name as a `static const char[]`.
    fn function_name(&mut self, name: &str) -> Option<(Value, Type)> {
        if !matches!(name, "__func__" | "__FUNCTION__" | "__PRETTY_FUNCTION__") {
            return None;
        }
        let mut bytes = self.unit.current_function.clone().into_bytes();
        bytes.push(0);
        let len = bytes.len() as u64;
        let id = self.unit.string_data(bytes).ok()?;
        let addr = self.data_address(id);
        Some((addr, Type::Array(Rc::new(types::CHAR), Some(len))))
    }

    pub fn translate_expr(&mut self, e: &Node<Expression>) -> Result<Val> {
        let offset = e.span.start;
        if !self.evaluated.is_empty() {
            if let Some(value) = self.evaluated.remove(&offset) {
                return Ok(value);
            }
        }
        match &e.node {
            Expression::Constant(c) => self.translate_constant(&c.node, offset),
            Expression::StringLiteral(s) => {
                let (bytes, elem) = init::string_literal(&s.node)
                    .ok_or_else(|| err(offset, "invalid string literal"))?;
                let len = bytes.len() as u64 / elem.size().unwrap_or(1);
                let id = self.unit.string_data(bytes)?;
                let value = self.data_address(id);
                Ok(Val {
                    value,
                    ty: Type::Array(Rc::new(elem), Some(len)),
                })
            }
            Expression::Identifier(id) => {
                if self.lookup(&id.node.name).is_none() {
                    if let Some(v) = self.unit.scopes.constant(&id.node.name) {
                        let ty = self.unit.scopes.constant_type(&id.node.name);
                        return Ok(self.int(v, ty.unwrap_or(types::INT)));
                    }
                }
                let (addr, ty) = self.translate_lvalue(e)?;
                if matches!(ty, Type::Array(..)) {
                    self.check_register_array_decay(&id.node.name, offset)?;
                }
                if matches!(ty, Type::Struct(_)) && ty.size().is_none() {
                    let (name, have) = (&id.node.name, ty.name());
                    return error(offset, format!("'{name}' has an incomplete type '{have}'"));
                }
                let value = self.load(addr, &ty);
                Ok(Val {
                    value,
                    ty: ty.unatomic(),
                })
            }
            Expression::UnaryOperator(u) => self.translate_unary(&u.node, e),
            Expression::BinaryOperator(b) => self.translate_binary(&b.node, e),
            Expression::Member(_) => {
                let (addr, ty) = self.translate_lvalue(e)?;
                let value = self.load(addr, &ty);
                Ok(Val {
                    value,
                    ty: ty.unatomic(),
                })
            }
            Expression::Call(c) => self.translate_call(&c.node, offset),
            Expression::Cast(c) => {
                self.record_sizeof_operands_in(&c.node.type_name, true);
                let ty = self.type_name(&c.node.type_name.node)?;
                let v = self.translate_expr(&c.node.expression)?;
                if ty == Type::Void {
                    return Ok(self.int(0, Type::Void));
                }
                // (A union may have a vector member.)
                if let Some(union) = self.cast_to_union(&ty, &v) {
                    return Ok(union);
                }
                if ty.is_vector() || v.ty.is_vector() {
                    let fresh = vector::fresh_vector(&c.node.expression.node);
                    return self.vector_cast(v, &ty, fresh, offset);
                }
                if matches!(ty, Type::Struct(_)) && v.ty == ty {
                    // GNU C: a cast of a struct to its own type changes
                    // nothing.
                    return Ok(v);
                }
                refuse_void(&v, offset, VOID_USED)?;
                match ty {
                    Type::Array(..) | Type::Vla(..) => {
                        return error(offset, "cast specifies array type")
                    }
                    Type::Function(_) => return error(offset, "cast specifies function type"),
                    _ if !ty.is_scalar() => {
                        return error(offset, "conversion to non-scalar type requested")
                    }
                    _ => {}
                }
                // 6.5.4p4: no conversion between pointers and floating types.
                let from = v.ty.decay();
                if (from.is_pointer() && ty.is_float()) || (from.is_float() && ty.is_pointer()) {
                    if ty.is_pointer() {
                        return error(offset, "cannot convert to a pointer type");
                    }
                    return error(
                        offset,
                        "pointer value used where a floating-point was expected",
                    );
                }
                if !from.is_scalar() {
                    return error(
                        offset,
                        match &ty {
                            t if t.is_pointer() => "cannot convert to a pointer type",
                            t if t.is_integer() => {
                                "aggregate value used where an integer was expected"
                            }
                            t if t.is_float() => {
                                "aggregate value used where a floating-point was expected"
                            }
                            _ => "aggregate value used where a scalar was expected",
                        },
                    );
                }
                let value = self.convert(v, &ty, offset)?;
                Ok(Val { value, ty })
            }
            Expression::SizeOfTy(t) => {
                let operands = self.record_sizeof_operands_in(&t.node.0, false);
                self.unit.scopes.check_sizeof_type_name(&t.node.0)?;
                // Only a type of variable size is evaluated (6.5.3.4p2):
                // not the lengths in `int (*)[n++]`, which are looked at
                // in code that never runs.
                let name = &t.node.0.node;
                let probed = match self.has_runtime_length_in(name) {
                    true => self.in_dead_block(|this| this.type_name(name))?,
                    false => self.type_name(name)?,
                };
                if let Some(size) = probed.sizeof() {
                    return Ok(self.int(size as i64, types::ULONG));
                }
                let mut ty = self.type_name(&t.node.0.node)?;
                if operands && self.runtime_size(&ty).is_some() {
                    // A type of variable size: its operands are evaluated
                    // (`sizeof(typeof(vla[i++]))`), as gcc does.
                    self.record_sizeof_operands_in(&t.node.0, true);
                    ty = self.type_name(&t.node.0.node)?;
                }
                if let Some(value) = self.runtime_size(&ty) {
                    return Ok(Val {
                        value,
                        ty: types::ULONG,
                    });
                }
                let at = t.node.0.span.start;
                let size = ty.sizeof().ok_or_else(|| incomplete_sizeof(&ty, at))?;
                Ok(self.int(size as i64, types::ULONG))
            }
            Expression::SizeOfVal(v) => {
                // gcc reports at the operand (at its `(` when it has one).
                let at = v.node.0.span.start;
                if self.is_bit_field(&v.node.0) {
                    return error(at, "'sizeof' applied to a bit-field");
                }
                if let Expression::Identifier(id) = &v.node.0.node {
                    let bytes = match self.lookup(&id.node.name).map(|l| &l.place) {
                        Some(&Place::Vla { bytes, .. }) => Some(self.b.ins().stack_load(
                            ir_types::I64,
                            ir_types::I64,
                            bytes,
                            0,
                        )),
                        Some(&Place::CapturedVla { bytes, .. }) => Some(self.b.ins().load(
                            ir_types::I64,
                            MemFlagsData::new(),
                            bytes,
                            0,
                        )),
                        _ => None,
                    };
                    if let Some(value) = bytes {
                        return Ok(Val {
                            value,
                            ty: types::ULONG,
                        });
                    }
                }
                let mut ty = self.type_of(&v.node.0)?;
                if ty.is_variably_modified() && !ty.is_pointer() {
                    // An operand of variable size is evaluated (6.5.3.4p2):
                    // the lengths its type holds are computed there (a
                    // cast to `int (*)[n]`).
                    ty = self.translate_expr(&v.node.0)?.ty;
                }
                if let Some(value) = self.runtime_size(&ty) {
                    return Ok(Val {
                        value,
                        ty: types::ULONG,
                    });
                }
                let size = ty.sizeof().ok_or_else(|| incomplete_sizeof(&ty, at))?;
                Ok(self.int(size as i64, types::ULONG))
            }
            Expression::AlignOf(t) => {
                self.record_sizeof_operands_in(&t.node.0, false);
                let ty = self.type_name(&t.node.0.node)?;
                decl::check_alignof_complete(&ty, t.node.0.span.start)?;
                let align = self
                    .unit
                    .scopes
                    .type_name_alignment_of(ty.align(), &t.node.0.node)?;
                Ok(self.int(align as i64, types::ULONG))
            }
            Expression::Comma(list) => {
                let mut last = None;
                for item in list.iter() {
                    last = Some(self.translate_expr(item)?);
                }
                last.ok_or_else(|| err(offset, "empty comma expression"))
            }
            Expression::Conditional(c) => self.translate_conditional(&c.node, offset),
            Expression::CompoundLiteral(c) => {
                let (addr, ty) = self.compound_literal(&c.node, e)?;
                let value = self.load(addr, &ty);
                Ok(Val {
                    value,
                    ty: ty.unatomic(),
                })
            }
            Expression::GenericSelection(g) => {
                let chosen = self.generic_choice(&g.node)?;
                self.translate_expr(chosen)
            }
            Expression::OffsetOf(o) => {
                self.record_sizeof_operands_in(&o.node.type_name, false);
                let (at, variable) = self.unit.scopes.offset_of_parts(&o.node, offset)?;
                let mut sum = self.int(at as i64, ULONG).value;
                // GNU C: an index computed at run time.
                for (index, size) in variable {
                    let n = self.translate_expr(index)?;
                    let n = self.convert(n, &ULONG, index.span.start)?;
                    let step = self.b.ins().imul_imm_s(n, size as i64);
                    sum = self.b.ins().iadd(sum, step);
                }
                Ok(Val {
                    value: sum,
                    ty: ULONG,
                })
            }
            Expression::VaArg(v) => self.translate_va_arg(&v.node, offset),
            // The parser repair took `f(x) {` for a nested function's
            // definition, but it is no declaration: what gcc reports.
            Expression::Statement(_) if self.unit.nested_functions.contains(&offset) => {
                error(offset + 1, "expected ';' before '{' token")
            }
            Expression::Statement(st) => self.translate_statement_expr(st, offset),
        }
    }

    /// The type of an expression without evaluating it (for sizeof): the
    /// expression is lowered into an unreachable block.
    /// `({ ...; e; })`: the block's items in a new scope; the value is the
    /// last expression statement's (void when the block ends otherwise).
    fn translate_statement_expr(&mut self, st: &Node<Statement>, offset: usize) -> Result<Val> {
        let Statement::Compound(items) = &st.node else {
            return error(offset, "expected a compound statement");
        };
        self.scopes.push(HashMap::new());
        self.unit.scopes.push();
        self.open_cleanups();
        let result = (|| {
            let Some((last, init)) = items.split_last() else {
                return Ok(self.int(0, Type::Void));
            };
            for item in init {
                self.translate_block_item(item)?;
            }
            if let BlockItem::Statement(s) = &last.node {
                // The value of the last expression statement, labeled
                // or not (`label: x;`).
                let mut statement = s;
                let mut labels = Vec::new();
                while let Statement::Labeled(l) = &statement.node {
                    labels.push(&l.node);
                    statement = &l.node.statement;
                }
                if let Statement::Expression(Some(e)) = &statement.node {
                    for label in labels {
                        self.enter_label(label)?;
                    }
                    self.continue_if_filled();
                    return self.translate_expr(e);
                }
            }
            self.translate_block_item(last)?;
            // Ended by a jump (`goto`, `return`): the value is never used.
            self.continue_if_filled();
            Ok(self.int(0, Type::Void))
        })();
        self.close_cleanups();
        self.unit.scopes.pop();
        self.scopes.pop();
        result
    }

    /// The association `_Generic` selects by the controlling expression's
    /// type (after lvalue conversion: arrays and functions decay).
    fn generic_choice<'g>(&mut self, g: &'g GenericSelection) -> Result<&'g Node<Expression>> {
        let ty = self.type_of(&g.expression)?.decay();
        // Qualifiers below the top (a pointer to const) select too; the
        // top ones go with lvalue conversion. `__builtin_types_compatible_p`
        // (a `_Generic` over pointers to its types) ignores its types' own.
        let unqualified = matches!(&g.expression.node, Expression::Cast(c)
            if matches!(&c.node.expression.node, Expression::StringLiteral(s)
                if s.node.first().map(String::as_str) == Some(super::shims::TYPES_COMPATIBLE)));
        let below = if unqualified { 2 } else { 1 };
        let pointee_readonly = self.readonly_of(&g.expression) >> below;
        let mut default = None;
        let mut chosen = None;
        // Types seen, with their spelling (which tells apart what kit's
        // types do not: qualifiers).
        let mut seen: Vec<(Type, Vec<&str>)> = Vec::new();
        for a in &g.associations {
            match &a.node {
                GenericAssociation::Type(t) => {
                    self.record_sizeof_operands_in(&t.node.type_name, false);
                    let name = &t.node.type_name.node;
                    let assoc = self.unit.scopes.type_name(name)?;
                    // 6.5.1.1p2: a complete object type.
                    if matches!(assoc, Type::Function(_)) {
                        return error(t.span.start, "'_Generic' association has function type");
                    }
                    if assoc.size().is_none() || assoc == Type::Void {
                        return error(t.span.start, "'_Generic' association has incomplete type");
                    }
                    let qualified = decl::top_level_qualified(name);
                    let spelling = decl::type_name_spelling(name);
                    // Compatible types that kit's types tell apart
                    // (`enum e` and its integer type, `int[5]` and `int[]`)
                    // or that are spelled alike (kit's types hold no
                    // qualifiers).
                    if seen.iter().any(|(other, sp)| {
                        (*sp == spelling || *other != assoc) && types::compatible(other, &assoc)
                    }) {
                        return error(t.span.start, "'_Generic' specifies two compatible types");
                    }
                    // The controlling expression is converted as an rvalue,
                    // dropping qualifiers: `const int` never matches. A
                    // compatible type matches (`int (*)[]` for `int (*)[5]`).
                    let same_qualifiers =
                        self.unit.scopes.type_name_readonly(name) >> below == pointee_readonly;
                    let compatible = assoc == ty || types::compatible(&assoc, &ty);
                    if chosen.is_none() && !qualified && compatible && same_qualifiers {
                        chosen = Some(&t.node.expression);
                    }
                    seen.push((assoc, spelling));
                }
                GenericAssociation::Default(e) => {
                    if default.replace(&**e).is_some() {
                        return error(a.span.start, "duplicate 'default' case in '_Generic'");
                    }
                }
            }
        }
        if let Some(chosen) = chosen {
            return Ok(chosen);
        }
        default.ok_or_else(|| {
            err(
                g.expression.span.start,
                format!(
                    "'_Generic' selector of type '{}' is not compatible with any association",
                    ty.name()
                ),
            )
        })
    }

    /// gcc's warning for `s.m` on an `_Atomic` struct (C11 6.5.2.3p5: the
    /// access is undefined behaviour).
    fn warn_atomic_member(&mut self, m: &MemberExpression) {
        let object = decl::quoted(identifier_name(&m.expression));
        let message = format!(
            "accessing a member '{}' of an atomic structure{object}",
            m.identifier.node.name
        );
        self.unit.warn(m.operator.span.start, None, message);
    }

    /// Whether `e` names a bit-field member (`s.bits`, `p->bits`).
    fn is_bit_field(&mut self, e: &Node<Expression>) -> bool {
        let Expression::Member(m) = &e.node else {
            return false;
        };
        self.type_of(&m.node.expression)
            .is_ok_and(|base| types::names_bit_field(&m.node, &base))
    }

    /// A compound literal in a function: an unnamed object in the frame,
    /// initialized where it is evaluated; its address and type.
    fn compound_literal(
        &mut self,
        c: &CompoundLiteral,
        e: &Node<Expression>,
    ) -> Result<(Value, Type)> {
        self.record_sizeof_operands_in(&c.type_name, true);
        // A pointer to an array of run-time length may be its type
        // (`(int (*)[n]){p}`); such an array may not (6.5.2.5p1).
        let mut ty = self.type_name(&c.type_name.node)?;
        if self.runtime_size(&ty).is_some() {
            return error(e.span.start, "compound literal has variable size");
        }
        let list = Node {
            node: Initializer::List(c.initializer_list.clone()),
            span: e.span,
        };
        let (stores, length) = self.flatten_initializer(&ty, &list)?;
        if let (Type::Array(elem, None), Some(length)) = (&ty, length) {
            ty = Type::Array(elem.clone(), Some(length));
        }
        let slot = self.slot(&ty, e.span.start)?;
        let addr = self.slot_address(slot);
        self.zero(addr, ty.size().unwrap_or(0));
        self.store_initializer(addr, stores)?;
        Ok((addr, ty))
    }

    /// The type of `e`, which is lowered in code that never runs (not
    /// evaluated).
    fn type_of(&mut self, e: &Node<Expression>) -> Result<Type> {
        self.in_dead_block(|this| {
            // A register array's type is no use of its address (`sizeof a`).
            let whole = Some((e.span.start, e.span.start));
            let outer = std::mem::replace(&mut this.subscript_operands, whole);
            let ty = this
                .unevaluated(true, |this| this.translate_expr(e))
                .map(|v| v.ty);
            this.subscript_operands = outer;
            ty
        })
    }

    /// The type of `e`, the operand of a subscript, found once: `a[1][2]`
    /// types `a[1]` (for a vector), then lowers it, which types `a`; each
    /// level doubled the work before (a chain of 25 took minutes). Keyed
    /// by the node's address and span, as nodes are never moved while a
    /// function is lowered.
    fn subscripted_type(&mut self, e: &Node<Expression>) -> Result<Type> {
        let key = (e as *const _ as usize, e.span.start, e.span.end);
        if let Some(ty) = self.subscripted_types.get(&key) {
            return Ok(ty.clone());
        }
        let ty = self.type_of(e)?;
        self.subscripted_types.insert(key, ty.clone());
        Ok(ty)
    }

    /// What `lower` finds by lowering code that never runs: it goes to a
    /// block no jump reaches (an operand's type, a type name's lengths).
    fn in_dead_block<T>(&mut self, lower: impl FnOnce(&mut Self) -> T) -> T {
        let cont = self.b.create_block();
        let dead = self.b.create_block();
        self.jump_to(cont);
        self.b.switch_to_block(dead);
        let found = lower(self);
        if !self.is_filled() {
            self.b.ins().trap(ir::TrapCode::unwrap_user(1));
        }
        self.b.switch_to_block(cont);
        found
    }

    fn translate_constant(&mut self, c: &Constant, offset: usize) -> Result<Val> {
        match c {
            Constant::Integer(i) => {
                let value = decl::integer_value(i)
                    .ok_or_else(|| err(offset, "integer constant is too large"))?;
                let ty = decl::integer_type(i, value);
                let v = self.int(value as i64, ty.clone());
                // GNU C: `2i` is a complex integer.
                if i.suffix.imaginary {
                    return Ok(self.imaginary(v.value, &ty));
                }
                Ok(v)
            }
            Constant::Character(text) => {
                let value = decl::char_value(text)
                    .ok_or_else(|| err(offset, "invalid character constant"))?;
                Ok(self.int(value, decl::char_type(text)))
            }
            Constant::Float(f) => {
                let invalid = || err(offset, "invalid floating constant");
                let format = decl::float_format(f)
                    .map_err(|name| err(offset, format!("type {name} is not supported yet")))?;
                let value = init::parse_float(f).ok_or_else(invalid)?;
                let single = || init::parse_single(f).ok_or_else(invalid);
                if f.suffix.imaginary {
                    // GNU imaginary constants (`2.0i`; <complex.h>'s `I`).
                    return match format {
                        FloatFormat::Float => {
                            let v = self.b.ins().f32const(single()?);
                            Ok(self.imaginary(v, &Type::Float))
                        }
                        FloatFormat::Double => {
                            let v = self.b.ins().f64const(value);
                            Ok(self.imaginary(v, &Type::Double))
                        }
                        _ => {
                            let bits = super::long_double::parse(f)
                                .ok_or_else(|| err(offset, "invalid floating constant"))?;
                            let v = self.long_double_const(bits);
                            Ok(self.imaginary(v, &Type::LongDouble))
                        }
                    };
                }
                if format == FloatFormat::LongDouble {
                    let bits = super::long_double::parse(f)
                        .ok_or_else(|| err(offset, "invalid floating constant"))?;
                    Ok(Val {
                        value: self.long_double_const(bits),
                        ty: Type::LongDouble,
                    })
                } else if format == FloatFormat::Float {
                    Ok(Val {
                        value: self.b.ins().f32const(single()?),
                        ty: Type::Float,
                    })
                } else {
                    Ok(Val {
                        value: self.b.ins().f64const(value),
                        ty: Type::Double,
                    })
                }
            }
        }
    }

    fn translate_unary(
        &mut self,
        u: &UnaryOperatorExpression,
        e: &Node<Expression>,
    ) -> Result<Val> {
        let offset = e.span.start;
        match u.operator.node {
            UnaryOperator::Address => {
                if let Expression::Identifier(id) = &u.operand.node {
                    if self.lookup(&id.node.name).is_some_and(|l| l.register) {
                        let name = &id.node.name;
                        return error(
                            offset,
                            format!("address of register variable '{name}' requested"),
                        );
                    }
                }
                let (addr, ty) = self.lvalue_as(&u.operand, "unary '&' operand", offset)?;
                if self.bit_fields.contains_key(&addr) {
                    let name = match &u.operand.node {
                        Expression::Member(m) => m.node.identifier.node.name.as_str(),
                        _ => "",
                    };
                    return error(offset, format!("cannot take address of bit-field '{name}'"));
                }
                let ty = match ty {
                    Type::Function(_) => ty,
                    other => other,
                };
                Ok(Val {
                    value: addr,
                    ty: Type::Pointer(Rc::new(ty)),
                })
            }
            UnaryOperator::Indirection => {
                let (addr, ty) = self.translate_lvalue(e)?;
                let value = self.load(addr, &ty);
                Ok(Val {
                    value,
                    ty: ty.unatomic(),
                })
            }
            UnaryOperator::Plus | UnaryOperator::Minus | UnaryOperator::Complement => {
                let v = self.translate_expr(&u.operand)?;
                refuse_void(&v, offset, VOID_USED)?;
                if v.ty.is_vector() {
                    return self.vector_unary(&u.operator.node, v, offset);
                }
                // 6.5.3.3p1: arithmetic operands; integers for `~`.
                // GNU: `~` of a complex value is its conjugate.
                let (fits, what) = match u.operator.node {
                    UnaryOperator::Plus => (v.ty.is_arithmetic(), "unary plus"),
                    UnaryOperator::Minus => (v.ty.is_arithmetic(), "unary minus"),
                    _ => (v.ty.is_integer() || v.ty.is_complex(), "bit-complement"),
                };
                if !fits {
                    let at = u.operator.span.start;
                    return error(at, format!("wrong type argument to {what}"));
                }
                if v.ty.is_complex() {
                    return self.complex_unary(&u.operator.node, v);
                }
                let ty = Self::promote(&v.ty);
                let x = self.convert(v, &ty, offset)?;
                let value = match u.operator.node {
                    UnaryOperator::Plus => x,
                    UnaryOperator::Minus if ty == Type::LongDouble => self.long_double_negate(x),
                    UnaryOperator::Minus if ty.is_float() => self.negate_float(x),
                    UnaryOperator::Minus => self.b.ins().ineg(x),
                    _ => self.b.ins().bnot(x),
                };
                let value = self.wrap_bits(value, &ty);
                Ok(Val { value, ty })
            }
            UnaryOperator::Negate => {
                let v = self.translate_expr(&u.operand)?;
                refuse_void(&v, offset, VOID_USED)?;
                if !v.ty.decay().is_scalar() {
                    return error(offset, "wrong type argument to unary exclamation mark");
                }
                let truth = self.truth_i8(v);
                let not = self.b.ins().bxor_imm_s(truth, 1);
                let value = self.b.ins().uextend(ir_types::I32, not);
                Ok(Val {
                    value,
                    ty: types::INT,
                })
            }
            UnaryOperator::PreIncrement
            | UnaryOperator::PreDecrement
            | UnaryOperator::PostIncrement
            | UnaryOperator::PostDecrement => {
                let role = match u.operator.node {
                    UnaryOperator::PreIncrement | UnaryOperator::PostIncrement => {
                        "increment operand"
                    }
                    _ => "decrement operand",
                };
                let (addr, ty) = self.modifiable_lvalue(&u.operand, role, u.operator.span.start)?;
                let delta: i64 = if matches!(
                    u.operator.node,
                    UnaryOperator::PreIncrement | UnaryOperator::PostIncrement
                ) {
                    1
                } else {
                    -1
                };
                let post = matches!(
                    u.operator.node,
                    UnaryOperator::PostIncrement | UnaryOperator::PostDecrement
                );
                if ty.is_atomic() && !self.variables.contains_key(&addr) {
                    let plain = ty.unatomic();
                    let (old, new) = self.atomic_update(addr, &ty, |this, old| {
                        this.stepped(old, &plain, delta, offset)
                    })?;
                    return Ok(Val {
                        value: if post { old } else { new },
                        ty: plain,
                    });
                }
                // An `_Atomic` local in an SSA variable is its plain type.
                let ty = ty.unatomic();
                let old = self.load(addr, &ty);
                let new = self.stepped(old, &ty, delta, offset)?;
                self.store(addr, new, &ty);
                let new = self.assigned_value(addr, new);
                Ok(Val {
                    value: if post { old } else { new },
                    ty,
                })
            }
        }
    }

    /// `old` stepped by `delta` (1 or -1) as `++`/`--` step an object of
    /// type `ty`.
    fn stepped(&mut self, old: Value, ty: &Type, delta: i64, offset: usize) -> Result<Value> {
        Ok(match ty {
            Type::Pointer(p) => {
                let step = self.b.ins().iconst(ir_types::I64, delta);
                let step = self.scale(step, Some(p));
                self.b.ins().iadd(old, step)
            }
            Type::LongDouble => {
                let one = self.long_double_const(super::long_double::from_i64(delta));
                self.x87_value(Helper::Add, &[old, one], offset)?
            }
            // GNU: the real part steps.
            Type::Complex(_) => {
                let z = Val {
                    value: old,
                    ty: ty.clone(),
                };
                let one = self.int(delta, types::INT);
                self.complex_binary(&BinaryOperator::Plus, z, one, offset)?
                    .value
            }
            t if t.is_float() => {
                let one = self.float_const(t.ir().expect("a floating type"), delta as f64);
                self.b.ins().fadd(old, one)
            }
            // ++ makes a _Bool 1; -- flips it (6.5.3.1: as `u -= 1`).
            Type::Bool if delta > 0 => self.b.ins().iconst(ir_types::I8, 1),
            Type::Bool => self.b.ins().bxor_imm_u(old, 1),
            _ => self.b.ins().iadd_imm_s(old, delta),
        })
    }

    /// `p + i` / `p - i` (scaled), also for `a[i]` with either operand the pointer.
    fn pointer_arith(
        &mut self,
        lhs: &Node<Expression>,
        rhs: &Node<Expression>,
        subtract: bool,
        offset: usize,
    ) -> Result<Val> {
        let l = self.translate_expr(lhs)?;
        let r = self.translate_expr(rhs)?;
        let (p, i) = if l.ty.pointee().is_some() {
            (l, r)
        } else {
            (r, l)
        };
        let pty = p.ty.decay();
        if !i.ty.is_integer() {
            return error(offset, "array subscript is not an integer");
        }
        let index = self.convert(i, &types::LONG, offset)?;
        let scaled = self.scale(index, pty.pointee());
        let value = if subtract {
            self.b.ins().isub(p.value, scaled)
        } else {
            self.b.ins().iadd(p.value, scaled)
        };
        Ok(Val { value, ty: pty })
    }

    fn translate_binary(
        &mut self,
        b: &BinaryOperatorExpression,
        e: &Node<Expression>,
    ) -> Result<Val> {
        let offset = e.span.start;
        use BinaryOperator as B;
        match b.operator.node.clone() {
            B::Index => {
                let (addr, ty) = self.translate_lvalue(e)?;
                let value = self.load(addr, &ty);
                Ok(Val {
                    value,
                    ty: ty.unatomic(),
                })
            }
            B::LogicalAnd | B::LogicalOr => self.translate_logical(b, offset),
            B::Assign => {
                // C leaves the order open; gcc's is kept: the value first,
                // but a call's after the target when it needs no conversion
                // (gcc has it store its result there).
                let value_first = !self.call_stored_in_place(&b.rhs, &b.lhs);
                let early = if value_first {
                    Some(self.translate_expr(&b.rhs)?)
                } else {
                    None
                };
                let (addr, ty) = self.modifiable_lvalue(
                    &b.lhs,
                    "left operand of assignment",
                    b.operator.span.start,
                )?;
                let v = match early {
                    Some(v) => v,
                    None => self.translate_expr(&b.rhs)?,
                };
                refuse_void(&v, b.operator.span.start, VOID_NOT_IGNORED)?;
                let context = Assigned::Assignment(b.operator.span.start);
                self.check_assignable(&ty, &v.ty, &b.rhs, context)?;
                if ty.is_pointer() {
                    let target = self.readonly_of(&b.lhs);
                    let at = b.operator.span.start;
                    self.check_deep_const(&ty, target, &b.rhs, Assigned::Assignment(at), at)?;
                    self.warn_discarded_const(&ty, target, &b.rhs, "assignment");
                }
                let value = if let Type::Struct(_) = ty {
                    v.value
                } else {
                    self.convert(v, &ty, offset)?
                };
                self.store(addr, value, &ty);
                let value = self.assigned_value(addr, value);
                Ok(Val { value, ty })
            }
            B::AssignMultiply
            | B::AssignDivide
            | B::AssignModulo
            | B::AssignPlus
            | B::AssignMinus
            | B::AssignShiftLeft
            | B::AssignShiftRight
            | B::AssignBitwiseAnd
            | B::AssignBitwiseXor
            | B::AssignBitwiseOr => {
                let op = match b.operator.node {
                    B::AssignMultiply => B::Multiply,
                    B::AssignDivide => B::Divide,
                    B::AssignModulo => B::Modulo,
                    B::AssignPlus => B::Plus,
                    B::AssignMinus => B::Minus,
                    B::AssignShiftLeft => B::ShiftLeft,
                    B::AssignShiftRight => B::ShiftRight,
                    B::AssignBitwiseAnd => B::BitwiseAnd,
                    B::AssignBitwiseXor => B::BitwiseXor,
                    _ => B::BitwiseOr,
                };
                // The operand first, as gcc evaluates it (the order is
                // open in C): `x[0] |= f()` sees what f stores in x[0].
                let rhs = self.translate_expr(&b.rhs)?;
                refuse_void(&rhs, b.rhs.span.start, VOID_NOT_IGNORED)?;
                let at_operator = b.operator.span.start;
                self.warn_division_by_zero(&op, &rhs.ty, &b.rhs, at_operator);
                let (addr, ty) = self.modifiable_lvalue(
                    &b.lhs,
                    "left operand of assignment",
                    b.operator.span.start,
                )?;
                if ty.is_atomic() && !self.variables.contains_key(&addr) {
                    // One atomic read-modify-write (C11 6.5.16.2p3).
                    let plain = ty.unatomic();
                    let (_, new) = self.atomic_update(addr, &ty, |this, old| {
                        let old = Val {
                            value: old,
                            ty: plain.clone(),
                        };
                        let result = this.arith(op.clone(), old, rhs.clone(), at_operator)?;
                        this.convert(result, &plain, offset)
                    })?;
                    return Ok(Val {
                        value: new,
                        ty: plain,
                    });
                }
                let ty = ty.unatomic();
                let old = Val {
                    value: self.load(addr, &ty),
                    ty: ty.clone(),
                };
                let result = self.arith(op, old, rhs, at_operator)?;
                let value = self.convert(result, &ty, offset)?;
                self.store(addr, value, &ty);
                let value = self.assigned_value(addr, value);
                Ok(Val { value, ty })
            }
            op => {
                let l = self.translate_expr(&b.lhs)?;
                let r = self.translate_expr(&b.rhs)?;
                self.refuse_void_operand(&l, &b.lhs)?;
                self.refuse_void_operand(&r, &b.rhs)?;
                self.warn_division_by_zero(&op, &r.ty, &b.rhs, b.operator.span.start);
                // Its errors are reported at the operator, as gcc does.
                self.arith(op, l, r, b.operator.span.start)
            }
        }
    }

    /// Whether `value` is a call whose result needs no conversion to
    /// `target`'s type, through casts that change nothing (`x = (int)
    /// f()`): gcc evaluates such an assignment's target first.
    fn call_stored_in_place(
        &mut self,
        value: &Node<Expression>,
        target: &Node<Expression>,
    ) -> bool {
        // Errors here are reported when the operands are lowered; a
        // builtin, which has no declaration to type, goes in order.
        let mut value = value;
        let mut casts = Vec::new();
        while let Expression::Cast(c) = &value.node {
            self.record_sizeof_operands_in(&c.node.type_name, false);
            match self.unit.scopes.type_name(&c.node.type_name.node) {
                Ok(ty) => casts.push(ty),
                Err(_) => return false,
            }
            value = &c.node.expression;
        }
        let Expression::Call(call) = &value.node else {
            return false;
        };
        let callee = self.type_of(&call.node.callee).ok();
        let Some(Type::Function(callee)) = callee.and_then(|t| t.decay().pointee().cloned()) else {
            return false;
        };
        self.type_of(target)
            .is_ok_and(|target| callee.ret == target && casts.iter().all(|t| *t == target))
    }

    /// `name(x, y)`, one of libgcc's 128-bit division routines.
    pub(super) fn int128_routine(&mut self, name: &str, x: Value, y: Value) -> Result<Value> {
        let result = self.call_runtime(name, &[x, y], Some(ir_types::I128))?;
        Ok(result.expect("a result"))
    }

    /// Calls the C library or libgcc routine `name` with `args` (its
    /// parameters have their types) and a result of type `ret`.
    /// Calls the register-keeping helper `helper` (PreserveAll: the
    /// caller's values stay in registers) when `condition` holds, from a
    /// cold block, and goes on after it either way.
    pub(super) fn call_keeping_helper_if(
        &mut self,
        condition: Value,
        helper: cranelift_module::FuncId,
    ) {
        let call = self.b.create_block();
        let done = self.b.create_block();
        self.b.ins().brif(condition, call, &[], done, &[]);
        self.b.set_cold_block(call);
        self.b.switch_to_block(call);
        self.b.seal_block(call);
        let helper = self.func_ref(helper);
        self.b.ins().call(helper, &[]);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        self.b.seal_block(done);
    }

    pub(super) fn call_runtime(
        &mut self,
        name: &str,
        args: &[Value],
        ret: Option<ir::Type>,
    ) -> Result<Option<Value>> {
        let params: Vec<ir::Type> = args
            .iter()
            .map(|&a| self.b.func.dfg.value_type(a))
            .collect();
        let routine = self.unit.runtime_function(name, &params, ret)?;
        let routine = self.func_ref(routine);
        let call = self.b.ins().call(routine, args);
        Ok(self.b.inst_results(call).first().copied())
    }

    /// Arithmetic, comparison, bitwise and pointer operators on two values.
    fn arith(&mut self, op: BinaryOperator, l: Val, r: Val, offset: usize) -> Result<Val> {
        use BinaryOperator as B;
        let (lt, rt) = (l.ty.decay(), r.ty.decay());
        if lt.is_vector() || rt.is_vector() {
            return self.vector_binary(op, l, r, offset);
        }
        // Pointer arithmetic and pointer comparisons.
        if lt.is_pointer() || rt.is_pointer() {
            return self.pointer_op(op, Val { ty: lt, ..l }, Val { ty: rt, ..r }, offset);
        }
        let integers_only = matches!(
            op,
            B::Modulo | B::BitwiseAnd | B::BitwiseOr | B::BitwiseXor | B::ShiftLeft | B::ShiftRight
        );
        if !lt.is_arithmetic()
            || !rt.is_arithmetic()
            || (integers_only && !(lt.is_integer() && rt.is_integer()))
        {
            return Err(invalid_operands(&op, &l.ty, &r.ty, offset));
        }
        if lt.is_complex() || rt.is_complex() {
            return self.complex_binary(&op, Val { ty: lt, ..l }, Val { ty: rt, ..r }, offset);
        }
        if matches!(op, B::ShiftLeft | B::ShiftRight) {
            let ty = Self::promote(&lt);
            let x = self.convert(l, &ty, offset)?;
            let n = self.convert(r, &ty, offset)?;
            let value = match op {
                B::ShiftLeft => self.b.ins().ishl(x, n),
                _ if ty.is_signed() => self.b.ins().sshr(x, n),
                _ => self.b.ins().ushr(x, n),
            };
            let value = self.wrap_bits(value, &ty);
            return Ok(Val { value, ty });
        }
        let ty = Self::common(&lt, &rt);
        let x = self.convert(l, &ty, offset)?;
        let y = self.convert(r, &ty, offset)?;
        if ty == Type::LongDouble {
            return self.long_double_binary(&op, x, y, offset);
        }
        let float = ty.is_float();
        let signed = ty.is_signed();
        // The relational operators are signaling on floats (fenv.rs).
        let relational = matches!(
            op,
            B::Less | B::Greater | B::LessOrEqual | B::GreaterOrEqual
        );
        let cmp = |this: &mut Self, icc: IntCC, ucc: IntCC, fcc: FloatCC| -> Result<Val> {
            let flag = if float {
                this.float_comparison(fcc, x, y, relational)?
            } else {
                this.b.ins().icmp(if signed { icc } else { ucc }, x, y)
            };
            Ok(Val {
                value: this.b.ins().uextend(ir_types::I32, flag),
                ty: types::INT,
            })
        };
        let wide = self.b.func.dfg.value_type(x) == ir_types::I128;
        let value = match op {
            // Cranelift has no 128-bit division: libgcc's routines, as gcc.
            B::Divide | B::Modulo if wide => {
                let name = match (op, signed) {
                    (B::Divide, true) => "__divti3",
                    (B::Divide, false) => "__udivti3",
                    (_, true) => "__modti3",
                    (_, false) => "__umodti3",
                };
                self.int128_routine(name, x, y)?
            }
            B::Plus | B::Minus | B::Multiply | B::Divide if float => {
                self.float_arithmetic(&op, x, y)?
            }
            B::Plus => self.b.ins().iadd(x, y),
            B::Minus => self.b.ins().isub(x, y),
            B::Multiply => self.b.ins().imul(x, y),
            B::Divide | B::Modulo => {
                self.check_division(x, y, signed)?;
                match (op, signed) {
                    (B::Divide, true) => self.b.ins().sdiv(x, y),
                    (B::Divide, false) => self.b.ins().udiv(x, y),
                    (_, true) => self.b.ins().srem(x, y),
                    (_, false) => self.b.ins().urem(x, y),
                }
            }
            B::BitwiseAnd if !float => self.b.ins().band(x, y),
            B::BitwiseOr if !float => self.b.ins().bor(x, y),
            B::BitwiseXor if !float => self.b.ins().bxor(x, y),
            B::Less => {
                return cmp(
                    self,
                    IntCC::SignedLessThan,
                    IntCC::UnsignedLessThan,
                    FloatCC::LessThan,
                )
            }
            B::Greater => {
                return cmp(
                    self,
                    IntCC::SignedGreaterThan,
                    IntCC::UnsignedGreaterThan,
                    FloatCC::GreaterThan,
                )
            }
            B::LessOrEqual => {
                return cmp(
                    self,
                    IntCC::SignedLessThanOrEqual,
                    IntCC::UnsignedLessThanOrEqual,
                    FloatCC::LessThanOrEqual,
                )
            }
            B::GreaterOrEqual => {
                return cmp(
                    self,
                    IntCC::SignedGreaterThanOrEqual,
                    IntCC::UnsignedGreaterThanOrEqual,
                    FloatCC::GreaterThanOrEqual,
                )
            }
            B::Equals => return cmp(self, IntCC::Equal, IntCC::Equal, FloatCC::Equal),
            B::NotEquals => return cmp(self, IntCC::NotEqual, IntCC::NotEqual, FloatCC::NotEqual),
            _ => return error(offset, "invalid operands to binary operator"),
        };
        let value = self.wrap_bits(value, &ty);
        Ok(Val { value, ty })
    }

    /// `index` times the size of `pointee` (1 for void and functions, as
    /// GNU C has it), at run time for a variable-length array.
    fn scale(&mut self, index: Value, pointee: Option<&Type>) -> Value {
        let pointee = pointee.cloned();
        match pointee.as_ref().and_then(|t| self.runtime_size(t)) {
            Some(size) => self.b.ins().imul(index, size),
            None => {
                let size = pointee.and_then(|t| t.size()).unwrap_or(1);
                self.b.ins().imul_imm_s(index, size as i64)
            }
        }
    }

    fn pointer_op(&mut self, op: BinaryOperator, l: Val, r: Val, offset: usize) -> Result<Val> {
        use BinaryOperator as B;
        match op {
            B::Plus | B::Minus if l.ty.is_pointer() && r.ty.is_integer() => {
                let index = self.convert(r, &types::LONG, offset)?;
                let scaled = self.scale(index, l.ty.pointee());
                let value = if op == B::Plus {
                    self.b.ins().iadd(l.value, scaled)
                } else {
                    self.b.ins().isub(l.value, scaled)
                };
                Ok(Val { value, ty: l.ty })
            }
            B::Plus if r.ty.is_pointer() && l.ty.is_integer() => self.pointer_op(op, r, l, offset),
            B::Minus if l.ty.is_pointer() && r.ty.is_pointer() => {
                let (a, b) = (l.ty.pointee(), r.ty.pointee());
                if !a.zip(b).is_some_and(|(a, b)| types::compatible(a, b)) {
                    return Err(invalid_operands(&op, &l.ty, &r.ty, offset));
                }
                let diff = self.b.ins().isub(l.value, r.value);
                let pointee = l.ty.pointee().cloned();
                let value = match pointee.as_ref().and_then(|t| self.runtime_size(t)) {
                    Some(size) => self.b.ins().sdiv(diff, size),
                    None => {
                        let size = pointee.and_then(|t| t.size()).unwrap_or(1).max(1);
                        self.b.ins().sdiv_imm_s(diff, size as i64)
                    }
                };
                Ok(Val {
                    value,
                    ty: types::LONG,
                })
            }
            B::Less
            | B::Greater
            | B::LessOrEqual
            | B::GreaterOrEqual
            | B::Equals
            | B::NotEquals => {
                // A pointer compares with a pointer or (GNU, and a null
                // pointer constant) an integer, nothing else.
                let comparable = |t: &Type| t.is_pointer() || t.is_integer();
                if !comparable(&l.ty) || !comparable(&r.ty) {
                    return Err(invalid_operands(&op, &l.ty, &r.ty, offset));
                }
                let x = self.convert(l, &types::ULONG, offset)?;
                let y = self.convert(r, &types::ULONG, offset)?;
                let cc = match op {
                    B::Less => IntCC::UnsignedLessThan,
                    B::Greater => IntCC::UnsignedGreaterThan,
                    B::LessOrEqual => IntCC::UnsignedLessThanOrEqual,
                    B::GreaterOrEqual => IntCC::UnsignedGreaterThanOrEqual,
                    B::Equals => IntCC::Equal,
                    _ => IntCC::NotEqual,
                };
                let flag = self.b.ins().icmp(cc, x, y);
                Ok(Val {
                    value: self.b.ins().uextend(ir_types::I32, flag),
                    ty: types::INT,
                })
            }
            _ => Err(invalid_operands(&op, &l.ty, &r.ty, offset)),
        }
    }

    fn translate_logical(&mut self, b: &BinaryOperatorExpression, _offset: usize) -> Result<Val> {
        let and = b.operator.node == BinaryOperator::LogicalAnd;
        let l = self.translate_expr(&b.lhs)?;
        let lt = self.condition(l, b.lhs.span.start)?;
        let rhs_block = self.b.create_block();
        let end = self.b.create_block();
        self.b.append_block_param(end, ir_types::I8);
        if and {
            self.b.ins().brif(lt, rhs_block, &[], end, &[lt.into()]);
        } else {
            self.b.ins().brif(lt, end, &[lt.into()], rhs_block, &[]);
        }
        self.b.switch_to_block(rhs_block);
        let skipped = self
            .unit
            .scopes
            .constant_expr(&b.lhs)
            .is_ok_and(|v| (v != 0) != and);
        let r = self.unevaluated(skipped, |this| this.translate_expr(&b.rhs))?;
        let rt = self.condition(r, b.rhs.span.start)?;
        self.b.ins().jump(end, &[rt.into()]);
        self.b.switch_to_block(end);
        let flag = self.b.block_params(end)[0];
        Ok(Val {
            value: self.b.ins().uextend(ir_types::I32, flag),
            ty: types::INT,
        })
    }

    fn translate_conditional(&mut self, c: &ConditionalExpression, offset: usize) -> Result<Val> {
        let cond = self.translate_expr(&c.condition)?;
        let truth = self.condition(cond.clone(), c.condition.span.start)?;
        let (then, otherwise, end) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.ins().brif(truth, then, &[], otherwise, &[]);
        // Both arms are lowered once to learn the result type, in order.
        self.b.switch_to_block(then);
        let constant = self.unit.scopes.constant_expr(&c.condition).ok();
        // GNU `x ?: y` (spelled so by the parse shims): `x` once.
        let a = match &c.then_expression.node {
            Expression::Identifier(id) if id.node.name == super::shims::CONDITION => cond,
            _ => self.unevaluated(constant == Some(0), |this| {
                this.translate_expr(&c.then_expression)
            })?,
        };
        // The arm's value waits in `then_end` until the result type is known.
        let then_end = self.b.create_block();
        let a_ir = self.b.func.dfg.value_type(a.value);
        self.b.append_block_param(then_end, a_ir);
        self.b.ins().jump(then_end, &[a.value.into()]);
        let a = Val {
            value: self.b.block_params(then_end)[0],
            ty: a.ty,
        };
        self.b.switch_to_block(otherwise);
        let skipped = constant.is_some_and(|v| v != 0);
        let b = self.unevaluated(skipped, |this| this.translate_expr(&c.else_expression))?;
        let (at, bt) = (a.ty.decay(), b.ty.decay());
        let record = |t: &Type| matches!(t, Type::Struct(_));
        let mismatch = ((record(&at) || record(&bt)) && !types::compatible(&at, &bt))
            || (at.is_pointer() && (bt.is_float() || bt.is_complex()))
            || (bt.is_pointer() && (at.is_float() || at.is_complex()));
        if mismatch && at != Type::Void && bt != Type::Void {
            // 6.5.15p3: a struct or union arm needs one of its type, a
            // pointer one of a pointer or a null pointer constant. gcc
            // reports it at the `:`, the first token after the second arm.
            let colon = c.then_expression.span.end;
            return error(colon, "type mismatch in conditional expression");
        }
        let ty = if at == Type::Void || bt == Type::Void {
            Type::Void
        } else if at.is_arithmetic() && bt.is_arithmetic() {
            Self::common(&at, &bt)
        } else if at.is_pointer() && bt.is_pointer() {
            // A null pointer constant takes the other's type (6.5.15p6).
            if self.is_null_pointer_constant(&c.then_expression) {
                bt.clone()
            } else {
                at.clone()
            }
        } else if at.is_pointer() {
            at.clone()
        } else {
            bt.clone()
        };
        // A struct result is carried by its address.
        let ir_ty = match ty {
            _ if ty.in_memory() => ir_types::I64,
            _ => ty.ir().unwrap_or(ir_types::I32),
        };
        self.b.append_block_param(end, ir_ty);
        let bv = if ty == Type::Void {
            self.b.ins().iconst(ir_types::I32, 0)
        } else {
            self.convert(b, &ty, offset)?
        };
        self.b.ins().jump(end, &[bv.into()]);
        self.b.switch_to_block(then_end);
        let av = if ty == Type::Void {
            self.b.ins().iconst(ir_types::I32, 0)
        } else {
            self.convert(a, &ty, offset)?
        };
        self.b.ins().jump(end, &[av.into()]);
        self.b.switch_to_block(end);
        Ok(Val {
            value: self.b.block_params(end)[0],
            ty,
        })
    }

    fn translate_call(&mut self, c: &CallExpression, offset: usize) -> Result<Val> {
        // The callee: a named function, a nested one, or any expression
        // of pointer-to-function type.
        let nested = self.nested_callee(&c.callee);
        let direct = match &c.callee.node {
            Expression::Identifier(id)
                if nested.is_none()
                    && self
                        .lookup(&id.node.name)
                        .is_none_or(|l| l.global().is_some_and(|g| g == &id.node.name)) =>
            {
                let mut name = &id.node.name;
                // glibc declares no `alloca` function, only the builtin.
                let defined = self
                    .unit
                    .globals
                    .get(name.as_str())
                    .is_some_and(|g| g.defined);
                if vla::is_alloca(name) && !defined {
                    return self.alloca(&c.arguments, offset);
                }
                // Nor `signbit` functions (its <math.h> has a macro): a call
                // of one declared by hand is the builtin, as in gcc.
                let signbit = matches!(name.as_str(), "signbit" | "signbitf" | "signbitl");
                if signbit && !defined && !self.unit.no_builtin.covers(name) {
                    let builtin = format!("__builtin_{name}");
                    if let Some(v) = self.translate_builtin(&builtin, &c.arguments, offset)? {
                        return Ok(v);
                    }
                }
                if let Some(v) = self.translate_builtin(name, &c.arguments, offset)? {
                    return Ok(v);
                }
                if let Some(v) = self.translate_atomic(name, &c.arguments, offset)? {
                    return Ok(v);
                }
                if let Some(v) = self.inline_libm(name, &c.arguments)? {
                    return Ok(v);
                }
                if let Some(v) = self.inline_small_memory(name, &c.arguments)? {
                    return Ok(v);
                }
                if let Some(base) = name.strip_prefix("__builtin_") {
                    // (`translate_builtin` declared the routine.)
                    let libc = builtins::libgcc_builtin(base).map_or(base, |(routine, _)| routine);
                    if let Some((key, _)) = self.unit.globals.get_key_value(libc) {
                        name = key;
                    }
                }
                let name = &name.clone();
                match self.unit.globals.get(name).map(|g| g.ty.clone()) {
                    Some(Type::Function(f)) => Some((name.clone(), f)),
                    Some(_) => None,
                    None => Some((name.clone(), self.declare_implicitly(name, offset))),
                }
            }
            _ => None,
        };
        let (fty, callee_ptr) = match (&nested, &direct) {
            (Some((_, _, f)), _) => (f.clone(), None),
            (None, Some((_, f))) => (f.clone(), None),
            (None, None) => {
                let p = self.translate_expr(&c.callee)?;
                let Some(Type::Function(f)) = p.ty.decay().pointee().cloned() else {
                    let name = decl::quoted(identifier_name(&c.callee));
                    return error(
                        offset,
                        format!("called object{name} is not a function or function pointer"),
                    );
                };
                (f, Some(p.value))
            }
        };
        let mut fty = fty;
        let old_style = direct
            .as_ref()
            .is_some_and(|(name, _)| self.unit.old_style_definitions.contains(name));
        if old_style && !fty.variadic && c.arguments.len() != fty.params.len() {
            // A function defined with an identifier list gives its callers
            // no prototype (C11 6.5.2.2p6): another number of arguments is
            // undefined at run time, not refused (as in gcc). They are
            // passed as to an unprototyped function.
            fty = Rc::new(FunctionType {
                unprototyped: true,
                ..(*fty).clone()
            });
        }
        let given = c.arguments.len();
        let wanted = fty.params.len();
        if !fty.unprototyped && (given < wanted || (given > wanted && !fty.variadic)) {
            let which = if given < wanted { "few" } else { "many" };
            let function = decl::quoted(identifier_name(&c.callee));
            return error(
                offset,
                format!("too {which} arguments to function{function}"),
            );
        }
        let mut values = Vec::new();
        let mut arg_types = Vec::new();
        let callee_name = identifier_name(&c.callee);
        // Right to left, as gcc does on x86-64 (C leaves the order
        // unspecified; programs that depend on it expect gcc's).
        for (i, a) in c.arguments.iter().enumerate().rev() {
            let mut v = self.translate_expr(a)?;
            refuse_void(&v, a.span.start, VOID_USED)?;
            if let Some(p) = fty.params.get(i) {
                v = self.wrap_in_transparent_union(p, v, a)?;
            }
            let ty = match fty.params.get(i) {
                Some(p) => {
                    let context = Assigned::Argument(i + 1, callee_name);
                    self.check_assignable(p, &v.ty, a, context)?;
                    if let Some(target) = self.parameter_readonly(callee_name, i) {
                        let context = Assigned::Argument(i + 1, callee_name);
                        self.check_deep_const(p, target, a, context, a.span.start)?;
                        let name = callee_name.unwrap_or_default();
                        let place = format!("passing argument {} of '{name}'", i + 1);
                        self.warn_discarded_const(p, target, a, &place);
                    }
                    p.clone()
                }
                // Default argument promotions for the variadic part.
                None if v.ty == Type::Float => Type::Double,
                None => Self::promote(&v.ty),
            };
            if let Type::Unsupported(t) = &ty {
                return error(a.span.start, format!("type {t} is not supported yet"));
            }
            values.push((v, a.span.start));
            arg_types.push(ty);
        }
        values.reverse();
        arg_types.reverse();
        if fty.ret != Type::Void && fty.ret.size().is_none() {
            let message = format!("invalid use of undefined type '{}'", fty.ret.name());
            return error(offset, message);
        }
        if let Some(n) = arg_types.iter().position(|t| t.size().is_none()) {
            let at = values[n].1;
            return error(
                at,
                format!("type of formal parameter {} is incomplete", n + 1),
            );
        }
        let fn_abi = abi::signature(&fty.ret, &arg_types)
            .ok_or_else(|| err(offset, "argument or result has an incomplete type"))?;
        abi::check_parameter_count(&fn_abi.sig, offset)?;
        let mut sig = fn_abi.sig.clone();
        let mut args = Vec::new();
        let mut ret_slot = None;
        if let abi::PassMode::Memory { size, .. } = fn_abi.ret {
            let slot = self.raw_slot(size, fty.ret.align());
            let addr = self.slot_address(slot);
            ret_slot = Some(addr);
            args.push(addr);
        }
        let mut vector_args = 0u8;
        for (((v, at), ty), mode) in values.into_iter().zip(&arg_types).zip(&fn_abi.params) {
            match mode {
                abi::PassMode::Direct(t) => {
                    if t.is_float() {
                        vector_args += 1;
                    }
                    args.push(self.convert(v, ty, at)?);
                }
                abi::PassMode::Eightbytes(parts) => {
                    vector_args += parts
                        .iter()
                        .filter(|t| abi::in_vector_register(**t))
                        .count() as u8;
                    let size = ty.size().unwrap_or(0);
                    let at_value = if ty.is_complex() {
                        let value = self.convert(v, ty, at)?;
                        self.spill_scalar(value, ty)
                    } else {
                        v.value
                    };
                    let loaded = self.load_eightbytes(at_value, size, parts);
                    args.extend(loaded);
                }
                abi::PassMode::Memory { size, pad } => {
                    let slot = self.raw_slot(pad + size, ty.align());
                    let addr = self.slot_address(slot);
                    let at_value = self.b.ins().iadd_imm_u(addr, i64::from(*pad));
                    if ty.is_scalar() {
                        // A long double, by value.
                        let value = self.convert(v, ty, at)?;
                        self.store(at_value, value, ty);
                    } else {
                        self.copy(at_value, v.value, ty.size().unwrap_or(0));
                    }
                    args.push(addr);
                }
                abi::PassMode::Ignore | abi::PassMode::X87 | abi::PassMode::X87Pair => {}
            }
        }
        let call = match (&direct, callee_ptr) {
            _ if nested.is_some() => {
                let (id, display, _) = nested.expect("a nested callee");
                let chain = self.display_address(display);
                if fty.variadic {
                    // Through the runtime, and a trampoline setting AL.
                    self.call_runtime("__kit_set_static_chain", &[chain], None)?;
                    let symbol = self
                        .unit
                        .module
                        .declarations()
                        .get_function_decl(id)
                        .name
                        .clone();
                    let symbol = symbol.unwrap_or_default();
                    let stub = self
                        .unit
                        .vacall_stub_to(id, &symbol, vector_args.min(8), offset)?;
                    let fref = self.func_ref(stub);
                    let ptr = self.b.ins().func_addr(ir_types::I64, fref);
                    let sigref = self.b.import_signature(sig);
                    self.b.ins().call_indirect(sigref, ptr, &args)
                } else {
                    sig.params.push(AbiParam::new(ir_types::I64));
                    args.push(chain);
                    self.direct_call(id, sig, &args)
                }
            }
            (Some((name, _)), _) if fty.variadic || fty.unprototyped => {
                // AL must hold the number of vector registers used: call
                // through this object's trampoline that sets it.
                let stub = self.unit.vacall_stub(name, vector_args.min(8), offset)?;
                let fref = self.func_ref(stub);
                let ptr = self.b.ins().func_addr(ir_types::I64, fref);
                let sigref = self.b.import_signature(sig);
                self.b.ins().call_indirect(sigref, ptr, &args)
            }
            (Some((name, _)), _) => {
                let id = self.unit.func_id(name, offset)?;
                self.direct_call(id, sig, &args)
            }
            (None, Some(ptr)) => {
                if fty.variadic {
                    // The target rides along as one more argument, which the
                    // trampoline finds by where the psABI puts it.
                    if sig
                        .params
                        .iter()
                        .any(|p| p.purpose != ir::ArgumentPurpose::Normal)
                    {
                        return error(
                            offset,
                            "passing a large struct to a variadic function through a pointer is not supported yet",
                        );
                    }
                    let gp = sig
                        .params
                        .iter()
                        .filter(|p| !abi::in_vector_register(p.value_type))
                        .count();
                    let vector_on_stack = vector_args.saturating_sub(8);
                    let at = if gp < 6 {
                        super::unit::TargetAt::Register(gp as u8)
                    } else {
                        super::unit::TargetAt::Stack((gp - 6 + vector_on_stack as usize) as u32)
                    };
                    let stub = self.unit.vacall_indirect_stub(vector_args.min(8), at)?;
                    let fref = self.func_ref(stub);
                    let stub_ptr = self.b.ins().func_addr(ir_types::I64, fref);
                    sig.params.push(AbiParam::new(ir_types::I64));
                    args.push(ptr);
                    let sigref = self.b.import_signature(sig);
                    self.b.ins().call_indirect(sigref, stub_ptr, &args)
                } else {
                    let sigref = self.b.import_signature(sig);
                    self.b.ins().call_indirect(sigref, ptr, &args)
                }
            }
            (None, None) => return error(offset, "called object is not a function"),
        };
        let results = self.b.inst_results(call).to_vec();
        // A call yields the plain value of an `_Atomic` result type.
        let ret = fty.ret.unatomic();
        Ok(match (&fn_abi.ret, ret_slot) {
            (abi::PassMode::Direct(_), _) => Val {
                value: results[0],
                ty: ret.clone(),
            },
            (abi::PassMode::Eightbytes(_), _) => {
                let at = self.spill_eightbytes(&results);
                let value = if ret.is_complex() {
                    self.load(at, &ret)
                } else {
                    at
                };
                Val {
                    value,
                    ty: ret.clone(),
                }
            }
            (abi::PassMode::Memory { .. }, Some(addr)) => Val {
                value: addr,
                ty: ret.clone(),
            },
            // Taken from st(0) right away, before anything else runs.
            (abi::PassMode::X87, _) => {
                let value = self.x87_value(Helper::Pop, &[], offset)?;
                Val {
                    // A struct of one long double is held in memory.
                    value: match ret {
                        Type::Struct(_) => self.spill_scalar(value, &Type::LongDouble),
                        _ => value,
                    },
                    ty: ret.clone(),
                }
            }
            // Both parts off the x87 stack right away, real part first.
            (abi::PassMode::X87Pair, _) => {
                let re = self.x87_value(Helper::Pop, &[], offset)?;
                let im = self.x87_value(Helper::Pop, &[], offset)?;
                Val {
                    value: self.complex_pack(re, im, &Type::LongDouble),
                    ty: ret.clone(),
                }
            }
            // An empty struct: nothing is passed, but the value is one.
            (abi::PassMode::Ignore, _) if matches!(ret, Type::Struct(_)) => {
                let slot = self.raw_slot(0, ret.align());
                Val {
                    value: self.slot_address(slot),
                    ty: ret.clone(),
                }
            }
            _ => self.int(0, Type::Void),
        })
    }

    /// An argument for a `transparent_union` parameter of type `ty`: an
    /// argument of a member's type (the first such member; a pointer
    /// member takes any pointer it could be assigned, and a null pointer
    /// constant) becomes the union holding it.
    fn wrap_in_transparent_union(
        &mut self,
        ty: &Type,
        v: Val,
        e: &Node<Expression>,
    ) -> Result<Val> {
        let Type::Struct(record) = ty else {
            return Ok(v);
        };
        let record = record.get();
        let from = v.ty.decay();
        if !record.transparent || from == *ty {
            return Ok(v);
        }
        let null = self.is_null_pointer_constant(e);
        let takes = |member: &Type| {
            *member == from
                || (member.is_pointer()
                    && (null || (from.is_pointer() && types::pointers_assignable(member, &from))))
        };
        let Some(member) = record
            .fields
            .iter()
            .find(|f| f.bits.is_none() && takes(&f.ty))
        else {
            return Ok(v);
        };
        let member = member.ty.clone();
        let value = self.convert(v, &member, e.span.start)?;
        let slot = self.raw_slot(record.size.next_multiple_of(8) as u32, record.align);
        let addr = self.slot_address(slot);
        self.zero(addr, record.size);
        self.store(addr, value, &member);
        Ok(Val {
            value: addr,
            ty: ty.clone(),
        })
    }

    /// GNU's cast to a union: `(union u) x`, where `x`'s type is one of
    /// the union's members, is the union holding `x` in that member.
    fn cast_to_union(&mut self, ty: &Type, v: &Val) -> Option<Val> {
        let Type::Struct(record) = ty else {
            return None;
        };
        let record = record.get();
        let from = v.ty.decay();
        if !record.union
            || !record
                .fields
                .iter()
                .any(|f| f.bits.is_none() && f.ty == from)
        {
            return None;
        }
        let slot = self.raw_slot(record.size.next_multiple_of(8) as u32, record.align);
        let addr = self.slot_address(slot);
        self.zero(addr, record.size);
        self.store(addr, v.value, &from);
        Some(Val {
            value: addr,
            ty: ty.clone(),
        })
    }

    /// The const levels of parameter `index` of the file-scope function
    /// `callee` (not one a local name hides).
    fn parameter_readonly(&self, callee: Option<&str>, index: usize) -> Option<u64> {
        let name = callee?;
        if self.lookup(name).is_some() {
            return None;
        }
        self.unit.parameters_readonly.get(name)?.get(index).copied()
    }

    /// A scalar `value` of type `ty` stored in a fresh stack slot: its
    /// address, for code that reads values from memory.
    fn spill_scalar(&mut self, value: Value, ty: &Type) -> Value {
        let slot = self.raw_slot(ty.size().unwrap_or(8) as u32, ty.align());
        let addr = self.slot_address(slot);
        self.b.ins().store(MemFlagsData::new(), value, addr, 0);
        addr
    }

    /// A stack slot of `size` bytes aligned to `align`.
    pub(super) fn raw_slot(&mut self, size: u32, align: u64) -> ir::StackSlot {
        self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            size,
            align.max(8).trailing_zeros() as u8,
        ))
    }

    /// The eightbytes of the aggregate at `addr` (`size` bytes), read
    /// through a 16-byte copy so no load reaches past the object.
    fn load_eightbytes(&mut self, addr: Value, size: u64, parts: &[ir::Type]) -> Vec<Value> {
        let slot = self.raw_slot(16, 8);
        let tmp = self.slot_address(slot);
        self.copy(tmp, addr, size);
        parts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                self.b
                    .ins()
                    .load(*t, MemFlagsData::new(), tmp, 8 * i as i32)
            })
            .collect()
    }

    /// Stores eightbytes received in registers into a new slot; its address.
    fn spill_eightbytes(&mut self, values: &[Value]) -> Value {
        let slot = self.raw_slot(16, 8);
        let tmp = self.slot_address(slot);
        for (i, v) in values.iter().enumerate() {
            self.b
                .ins()
                .store(MemFlagsData::new(), *v, tmp, 8 * i as i32);
        }
        tmp
    }
}

/// The text of an asm template or constraint string.
fn asm_text(literal: &StringLiteral) -> String {
    init::string_literal(literal)
        .map(|(bytes, _)| {
            String::from_utf8_lossy(&bytes)
                .trim_end_matches('\0')
                .to_owned()
        })
        .unwrap_or_default()
}

/// `__real__ e` or `__imag__ e` as the parser shims spell them: the operand
/// and whether the imaginary part is meant.
fn part_operator(call: &CallExpression) -> Option<(&Node<Expression>, bool)> {
    let Expression::Identifier(callee) = &call.callee.node else {
        return None;
    };
    let imaginary = match callee.node.name.as_str() {
        "__builtin_kit_real" => false,
        "__builtin_kit_imag" => true,
        _ => return None,
    };
    match call.arguments.as_slice() {
        [operand] => Some((operand, imaginary)),
        _ => None,
    }
}

/// What `translate_lvalue` says of an expression that designates no
/// object; callers that know the operand's role say it in gcc's words.
const NOT_AN_LVALUE: &str = "expression is not assignable";

/// gcc's words for a void value used as an operand of a binary operator
/// or assignment, and as one of a unary operator, a cast or a call.
const VOID_NOT_IGNORED: &str = "void value not ignored as it ought to be";
const VOID_USED: &str = "invalid use of void expression";

/// An error at `at` when the value `v` is void. gcc's place is the
/// operand of a binary operator, a compound assignment or a call, the
/// start of a unary or cast expression, and a plain assignment's `=`.
fn refuse_void(v: &Val, at: usize, message: &str) -> Result<()> {
    if v.ty == Type::Void {
        return error(at, message);
    }
    Ok(())
}

/// gcc's error for a binary operator on operands of the wrong types.
fn invalid_operands(op: &BinaryOperator, l: &Type, r: &Type, offset: usize) -> decl::Error {
    let spelling = vector::symbol(op);
    err(
        offset,
        format!(
            "invalid operands to binary {spelling} (have '{}' and '{}')",
            l.name(),
            r.name()
        ),
    )
}

/// gcc's error for `sizeof` of a type without a size (kit's, for a type
/// it does not support).
fn incomplete_sizeof(ty: &Type, offset: usize) -> decl::Error {
    let message = ty.unsupported_refusal().unwrap_or_else(|| {
        format!(
            "invalid application of 'sizeof' to incomplete type '{}'",
            ty.name()
        )
    });
    err(offset, message)
}

/// The name `e` is when it is a plain identifier.
fn identifier_name(e: &Node<Expression>) -> Option<&str> {
    match &e.node {
        Expression::Identifier(id) => Some(id.node.name.as_str()),
        _ => None,
    }
}
