//! GNU nested functions (GCC manual 6.4): a function defined in a block
//! of another, which sees the enclosing function's locals as they are at
//! the time of each call.
//!
//! The parser repair (parse.rs) hands the definition over as a
//! declaration whose initializer is the body. The nested function is
//! compiled as a local function of the object with one more parameter
//! after the C ones (a variadic one gets it from kit's runtime instead,
//! which the caller sets), its static chain: the address of a *display* that
//! the enclosing function fills where the definition stands, one word per
//! name the body uses of the enclosing function. A word holds an object's
//! address (such objects stay in memory, promote.rs), the addresses of a
//! variable-length array's slots, or another nested function's display.
//! On entry the nested function loads the words, and those names then
//! live at the loaded addresses ([`Place::Captured`]). A call by name
//! passes the callee's display; calls inside the nested function reach
//! itself and the functions nested beside it through its own words.
//! Block-scope `static` and `extern` names are shared as they are.
//!
//! A nested function used as a value (its address taken, passed as a
//! callback) is a trampoline of kit's runtime (run/trampoline.rs) made
//! for its display: entering it records the display as the thread's
//! static chain and jumps to the nested function's *thunk*, a function of
//! the C signature that fetches the chain (`__kit_static_chain`) and
//! calls the nested function with it.
//!
//! A `goto` from a nested function to a label of an enclosing one (GNU's
//! non-local goto, to a label declared with `__label__`) is a `longjmp`.
//! A function whose labels its nested functions name calls `_setjmp` on
//! entry, into a buffer in its frame, and then goes to the label whose
//! number `longjmp` brings back; it keeps its locals in memory, as any
//! caller of setjmp does (promote.rs). The buffer is bound to the name
//! `goto LABEL` for each such label, so nested functions reach it the way
//! they reach the enclosing function's objects.

use std::collections::HashSet;
use std::rc::Rc;

use cranelift_codegen::ir::{self, types as ir_types, AbiParam, InstBuilder, Value};
use cranelift_module::{FuncId, Linkage, Module};
use lang_c::ast::*;
use lang_c::span::Node;

use super::super::decl::{self, error, Error, Result};
use super::super::inline::Lowered;
use super::super::promote::Identifiers;
use super::super::types::{FunctionType, Type};
use super::{FnLower, Local, Place};

/// The display a call of a nested function passes as its static chain.
#[derive(Clone, Copy)]
pub enum Display {
    /// Filled in this function's frame, where the definition stands.
    Slot(ir::StackSlot),
    /// Reached through this nested function's own static chain.
    Value(Value),
}

/// A name of the enclosing function that a nested function's body uses.
pub struct Capture {
    name: String,
    ty: Type,
    readonly: u64,
    kind: Kind,
}

enum Kind {
    /// A block-scope `static` or `extern` name: no word, the same global.
    Global(String),
    /// One word, the object's address.
    Object { volatile: bool },
    /// Two words, the addresses of the array's address and size slots.
    Vla,
    /// One word, the display of the nested function `FuncId`.
    Function(FuncId),
}

impl FnLower<'_, '_> {
    /// The body of the nested function `init` defines, if it is one.
    pub(super) fn nested_body<'a>(&self, init: &'a InitDeclarator) -> Option<&'a Node<Statement>> {
        let Some(Node {
            node: Initializer::Expression(e),
            ..
        }) = &init.initializer
        else {
            return None;
        };
        let repaired = self.unit.nested_functions.contains(&e.span.start);
        decl::nested_function_body(init).filter(|_| repaired)
    }

    /// Defines the nested function `init` here: compiles its body as a
    /// function of its own, fills its display and binds its name.
    pub(super) fn define_nested(
        &mut self,
        init: &InitDeclarator,
        base: Type,
        storage: decl::Storage,
        body: &Node<Statement>,
    ) -> Result<()> {
        // A K&R definition's parameters are `int` (the parser repair
        // takes no declaration list).
        let prototyped = decl::prototype_of_kr_declarator(&init.declarator, &[]);
        let declarator = prototyped.as_ref().unwrap_or(&init.declarator);
        let at = declarator.span.start;
        let (name, ty) = self.unit.scopes.declarator(&declarator.node, base)?;
        let name = name.ok_or_else(|| Error {
            offset: at,
            message: "function definition without a name".into(),
        })?;
        let Type::Function(fty) = ty.clone() else {
            return error(at, format!("'{name}' is not a function"));
        };
        if !matches!(storage, decl::Storage::None) {
            return error(at, format!("invalid storage class for function '{name}'"));
        }
        let fn_abi = self.unit.function_abi(&fty, at)?;
        let (id, display) = self.declare_nested(&name, &ty, at)?;
        if !self.nested_defined.insert(id) {
            return error(at, format!("redefinition of '{name}'"));
        }
        let sig = self
            .unit
            .module
            .declarations()
            .get_function_decl(id)
            .signature
            .clone();
        // The names its parameters' array lengths use count too.
        let mut used = Identifiers::default();
        lang_c::visit::Visit::visit_declarator(&mut used, &declarator.node, &declarator.span);
        lang_c::visit::Visit::visit_statement(&mut used, &body.node, &body.span);
        let mut used: Vec<String> = used.0.into_iter().collect();
        used.sort();
        let (captures, words) = self.captures(&used, at)?;
        self.fill_display(display, &words);
        let mut func =
            ir::Function::with_name_signature(ir::UserFuncName::user(0, id.as_u32()), sig);
        let returns_twice =
            self.lower_nested(&name, &mut func, fty, fn_abi, declarator, body, captures)?;
        self.unit.add_lowered(Lowered {
            id,
            name,
            offset: at,
            func,
            inlinable: !returns_twice,
            local: true,
            aligned: None,
        });
        Ok(())
    }

    /// Every nested function declared ahead must be defined (gcc's
    /// words).
    pub(super) fn check_nested_defined(&self) -> Result<()> {
        let mut declared = self.nested_declared.iter();
        match declared.find(|(id, _, _)| !self.nested_defined.contains(id)) {
            Some((_, name, at)) => error(
                *at,
                format!("nested function '{name}' declared but never defined"),
            ),
            None => Ok(()),
        }
    }

    /// Declares the nested function `name` of type `ty` in this scope, or
    /// finds the declaration an `auto` forward declaration made: its id
    /// and its display. The function sees itself, so recursion passes
    /// the display on.
    pub(super) fn declare_nested(
        &mut self,
        name: &str,
        ty: &Type,
        at: usize,
    ) -> Result<(FuncId, ir::StackSlot)> {
        let scope = self.scopes.last().expect("scope");
        if let Some(Local {
            place:
                Place::Nested {
                    id,
                    display: Display::Slot(display),
                },
            ty: declared,
            ..
        }) = scope.get(name)
        {
            if !super::super::types::compatible(declared, ty) {
                let have = ty.name();
                return error(at, format!("conflicting types for '{name}'; have '{have}'"));
            }
            return Ok((*id, *display));
        }
        let Type::Function(fty) = ty else {
            return error(at, format!("'{name}' is not a function"));
        };
        let mut sig = self.unit.signature(fty, at)?;
        if !fty.variadic {
            sig.params.push(AbiParam::new(ir_types::I64));
        }
        let symbol = format!("{name}.{}", self.unit.statics);
        self.unit.statics += 1;
        let id = self
            .unit
            .module
            .declare_function(&symbol, Linkage::Local, &sig)
            .map_err(|e| Error {
                offset: at,
                message: e.to_string(),
            })?;
        let display = self.raw_slot(0, 8);
        self.scopes.last_mut().expect("scope").insert(
            name.to_owned(),
            Local {
                place: Place::Nested {
                    id,
                    display: Display::Slot(display),
                },
                ty: ty.clone(),
                readonly: 0,
                register: false,
            },
        );
        Ok((id, display))
    }

    /// The names of `used` that are the enclosing function's, and the
    /// words of the display that carry them (in order).
    fn captures(&mut self, used: &[String], at: usize) -> Result<(Vec<Capture>, Vec<Value>)> {
        let mut captures = Vec::new();
        let mut words = Vec::new();
        let receivers = used.iter().map(|name| receiver_name(name));
        let used: Vec<String> = used.iter().cloned().chain(receivers).collect();
        for name in &used {
            let Some(local) = self.lookup(name) else {
                continue;
            };
            let (ty, readonly, place) = (local.ty.clone(), local.readonly, local.place.clone());
            let kind = match place {
                Place::Global(key) => Kind::Global(key),
                Place::Slot(slot) => {
                    words.push(self.slot_address(slot));
                    Kind::Object {
                        volatile: self.promotion.is_volatile(name),
                    }
                }
                Place::Captured(address) => {
                    words.push(address);
                    Kind::Object {
                        volatile: self.volatile_addresses.contains(&address),
                    }
                }
                Place::Vla { pointer, bytes } => {
                    words.push(self.b.ins().stack_addr(ir_types::I64, pointer, 0));
                    words.push(self.b.ins().stack_addr(ir_types::I64, bytes, 0));
                    Kind::Vla
                }
                Place::CapturedVla { pointer, bytes } => {
                    words.extend([pointer, bytes]);
                    Kind::Vla
                }
                Place::Nested { id, display } => {
                    words.push(self.display_address(display));
                    Kind::Function(id)
                }
                // Kept out of SSA variables by promote.rs.
                Place::Var(_) => {
                    return error(at, format!("internal error: '{name}' is not in memory"))
                }
            };
            // The nested function sees a VLA's size through its capture,
            // not the enclosing function's length slot.
            let ty = match (&kind, ty) {
                (Kind::Vla, Type::Vla(elem, _)) => Type::Array(elem, None),
                (_, ty) => ty,
            };
            let fixed = match (&kind, &ty) {
                (Kind::Vla, Type::Array(elem, _)) => elem,
                _ => &ty,
            };
            if has_run_time_length(fixed) {
                return error(
                    at,
                    format!("a nested function using '{name}', whose type has a variable length, is not supported"),
                );
            }
            captures.push(Capture {
                name: name.clone(),
                ty,
                readonly,
                kind,
            });
        }
        Ok((captures, words))
    }

    /// Sizes the display `slot` for `words` and stores them in it.
    fn fill_display(&mut self, slot: ir::StackSlot, words: &[Value]) {
        self.b.func.sized_stack_slots[slot].size = 8 * words.len() as u32;
        for (i, &word) in words.iter().enumerate() {
            self.b
                .ins()
                .stack_store(ir_types::I64, word, slot, 8 * i as i32);
        }
    }

    /// The address of a nested function's display, here.
    pub(super) fn display_address(&mut self, display: Display) -> Value {
        match display {
            Display::Slot(slot) => self.b.ins().stack_addr(ir_types::I64, slot, 0),
            Display::Value(value) => value,
        }
    }

    /// Compiles a nested function's body into `func`, with the unit's
    /// per-function state set aside for it.
    #[allow(clippy::too_many_arguments)]
    fn lower_nested(
        &mut self,
        name: &str,
        func: &mut ir::Function,
        fty: Rc<FunctionType>,
        fn_abi: super::super::abi::FnAbi,
        declarator: &Node<Declarator>,
        body: &Node<Statement>,
        captures: Vec<Capture>,
    ) -> Result<bool> {
        let function = std::mem::replace(&mut self.unit.current_function, name.to_owned());
        let labels = std::mem::take(&mut self.unit.label_addresses);
        let own = self.own_labels.clone();
        self.unit.enclosing_labels.push((own, labels));
        let lowered =
            self.unit
                .lower_function(func, fty, fn_abi, &declarator.node, body, Some(captures));
        self.unit.current_function = function;
        let (_, labels) = self.unit.enclosing_labels.pop().expect("pushed above");
        self.unit.label_addresses = labels;
        lowered
    }

    /// On entry to a nested function: loads the display's words through
    /// the static chain and binds the enclosing function's names to them.
    pub(super) fn enter_captures(&mut self, chain: Value, captures: Vec<Capture>) {
        let mut word = 0;
        let mut next = |lower: &mut Self| {
            let flags = ir::MemFlagsData::new();
            let value = lower.b.ins().load(ir_types::I64, flags, chain, 8 * word);
            word += 1;
            value
        };
        for capture in captures {
            let place = match capture.kind {
                Kind::Global(key) => Place::Global(key),
                Kind::Object { volatile } => {
                    let address = next(self);
                    if volatile {
                        self.volatile_addresses.insert(address);
                    }
                    Place::Captured(address)
                }
                Kind::Vla => {
                    let pointer = next(self);
                    let bytes = next(self);
                    Place::CapturedVla { pointer, bytes }
                }
                Kind::Function(id) => Place::Nested {
                    id,
                    display: Display::Value(next(self)),
                },
            };
            self.scopes.last_mut().expect("function scope").insert(
                capture.name,
                Local {
                    place,
                    ty: capture.ty,
                    readonly: capture.readonly,
                    register: false,
                },
            );
        }
    }

    /// A nested function as a value: a trampoline for its display, to
    /// its thunk (a variadic one reads the chain itself).
    pub(super) fn nested_address(
        &mut self,
        id: FuncId,
        display: Display,
        variadic: bool,
        at: usize,
    ) -> Result<Value> {
        let thunk = if variadic {
            id
        } else {
            thunk_of(self.unit, id, at)?
        };
        let thunk = self.func_ref(thunk);
        let thunk = self.b.ins().func_addr(ir_types::I64, thunk);
        let display = self.display_address(display);
        let stub = self.call_runtime("__kit_trampoline", &[thunk, display], Some(ir_types::I64))?;
        Ok(stub.expect("a result"))
    }

    /// On entry to a function whose labels `targets` nested functions
    /// jump to: `_setjmp` into a buffer of the frame, and from there to
    /// the label `longjmp` names.
    pub(super) fn receive_nonlocal_gotos(&mut self, targets: &[String]) -> Result<()> {
        if targets.is_empty() {
            return Ok(());
        }
        let buffer = self.raw_slot(super::builtins::JMP_BUF_SIZE, 16);
        let address = self.slot_address(buffer);
        let came_back = self
            .call_runtime("_setjmp", &[address], Some(ir_types::I32))?
            .expect("a result");
        for name in targets {
            let number = self.nonlocal_number(name);
            self.scopes.last_mut().expect("function scope").insert(
                receiver_name(name),
                Local {
                    place: Place::Slot(buffer),
                    ty: Type::Array(Rc::new(super::super::types::CHAR), None),
                    readonly: 0,
                    register: false,
                },
            );
            let here = self
                .b
                .ins()
                .icmp_imm_s(ir::condcodes::IntCC::Equal, came_back, number);
            let label = self.label_block(name);
            let next = self.b.create_block();
            self.b.ins().brif(here, label, &[], next, &[]);
            self.b.switch_to_block(next);
            self.b.seal_block(next);
        }
        Ok(())
    }

    /// Whether `goto name` leaves this function for an enclosing one.
    pub(super) fn is_nonlocal(&self, name: &str) -> bool {
        !self.own_labels.contains(name) && self.lookup(&receiver_name(name)).is_some()
    }

    /// `goto name` to a label of an enclosing function: `longjmp` to its
    /// buffer with the label's number.
    pub(super) fn nonlocal_goto(&mut self, name: &str) -> Result<()> {
        let buffer = match self.lookup(&receiver_name(name)).map(|l| l.place.clone()) {
            Some(Place::Captured(buffer)) => buffer,
            Some(Place::Slot(slot)) => self.slot_address(slot),
            _ => return error(0, format!("internal error: no receiver for label '{name}'")),
        };
        let number = self.nonlocal_number(name);
        let number = self.b.ins().iconst(ir_types::I32, number);
        self.call_runtime("longjmp", &[buffer, number], None)?;
        self.b.ins().trap(ir::TrapCode::unwrap_user(1));
        self.continue_in_new_block();
        Ok(())
    }

    /// The value `longjmp` brings back for the label `name`.
    fn nonlocal_number(&mut self, name: &str) -> i64 {
        let labels = &mut self.unit.nonlocal_labels;
        let index = labels.iter().position(|l| l == name).unwrap_or_else(|| {
            labels.push(name.to_owned());
            labels.len() - 1
        });
        index as i64 + 1
    }

    /// The nested function a call names, with its display and type.
    pub(super) fn nested_callee(
        &self,
        callee: &Node<Expression>,
    ) -> Option<(FuncId, Display, Rc<FunctionType>)> {
        let Expression::Identifier(id) = &callee.node else {
            return None;
        };
        match self.lookup(&id.node.name)? {
            Local {
                place: Place::Nested { id, display },
                ty: Type::Function(fty),
                ..
            } => Some((*id, *display, fty.clone())),
            _ => None,
        }
    }
}

/// The name that binds the buffer receiving gotos to `label`.
fn receiver_name(label: &str) -> String {
    format!("goto {label}")
}

/// The labels of a function body, outside its nested functions, and the
/// labels `goto`s inside those nested functions name.
#[derive(Default)]
pub(super) struct LabelScan {
    pub own: HashSet<String>,
    nested_gotos: HashSet<String>,
    depth: usize,
}

impl LabelScan {
    pub fn of(body: &Node<Statement>) -> LabelScan {
        let mut scan = LabelScan::default();
        lang_c::visit::Visit::visit_statement(&mut scan, &body.node, &body.span);
        scan
    }

    /// The body's labels that nested functions jump to, in order.
    pub fn nonlocal_targets(&self) -> Vec<String> {
        let mut targets: Vec<String> = self.own.intersection(&self.nested_gotos).cloned().collect();
        targets.sort();
        targets
    }
}

impl<'a> lang_c::visit::Visit<'a> for LabelScan {
    fn visit_label(&mut self, label: &'a Label, span: &'a lang_c::span::Span) {
        if let (Label::Identifier(id), 0) = (label, self.depth) {
            self.own.insert(id.node.name.clone());
        }
        lang_c::visit::visit_label(self, label, span);
    }

    fn visit_statement(&mut self, statement: &'a Statement, span: &'a lang_c::span::Span) {
        if let (Statement::Goto(id), true) = (statement, self.depth > 0) {
            self.nested_gotos.insert(id.node.name.clone());
        }
        lang_c::visit::visit_statement(self, statement, span);
    }

    fn visit_init_declarator(&mut self, init: &'a InitDeclarator, span: &'a lang_c::span::Span) {
        let nested = decl::nested_function_body(init).is_some();
        self.depth += usize::from(nested);
        lang_c::visit::visit_init_declarator(self, init, span);
        self.depth -= usize::from(nested);
    }
}

/// The thunk of the nested function `id` (made on first use): a
/// function of its C signature that calls it with the static chain the
/// trampoline recorded.
fn thunk_of(unit: &mut super::super::unit::Unit, id: FuncId, at: usize) -> Result<FuncId> {
    if let Some(&thunk) = unit.nested_thunks.get(&id) {
        return Ok(thunk);
    }
    let declaration = unit.module.declarations().get_function_decl(id);
    let name = format!("{}.thunk", declaration.name.clone().unwrap_or_default());
    let mut sig = declaration.signature.clone();
    sig.params.pop();
    let thunk = unit
        .module
        .declare_function(&name, Linkage::Local, &sig)
        .map_err(|e| Error {
            offset: at,
            message: e.to_string(),
        })?;
    let chain = unit.runtime_function("__kit_static_chain", &[], Some(ir_types::I64))?;
    let mut func =
        ir::Function::with_name_signature(ir::UserFuncName::user(0, thunk.as_u32()), sig);
    let chain = unit.module_declare_in(chain, &mut func);
    let target = unit.module_declare_in(id, &mut func);
    let mut context = cranelift_frontend::FunctionBuilderContext::new();
    let mut b = cranelift_frontend::FunctionBuilder::new(&mut func, &mut context);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let mut args = b.block_params(entry).to_vec();
    let call = b.ins().call(chain, &[]);
    args.push(b.inst_results(call)[0]);
    let call = b.ins().call(target, &args);
    let results = b.inst_results(call).to_vec();
    b.ins().return_(&results);
    b.finalize(unit.module.target_config());
    unit.nested_thunks.insert(id, thunk);
    unit.add_lowered(Lowered {
        id: thunk,
        name,
        offset: at,
        func,
        inlinable: false,
        local: true,
        aligned: None,
    });
    Ok(thunk)
}

/// Whether `ty` has a run-time length below its top level (`int (*)[n]`).
fn has_run_time_length(ty: &Type) -> bool {
    match ty {
        Type::Vla(..) => true,
        Type::Array(elem, _) | Type::Pointer(elem) => has_run_time_length(elem),
        _ => false,
    }
}
