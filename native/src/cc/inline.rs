//! Inlining of small functions at -O1/-O2, with Cranelift's inliner.
//!
//! Function bodies are lowered first and compiled once the whole unit is
//! known, so a call can be replaced by the body of a callee defined later
//! in the file. Cranelift provides the mechanics; the policy is ours: a
//! direct call to a function of this unit whose body is small, that is
//! not weak (another input may replace it), not variadic (its va_list
//! frame is its own) and that calls no returns-twice function, is inlined
//! one level deep. Recursion is never inlined.
//!
//! A static function nothing reaches (from a function with linkage, a
//! static initializer, a constructor or destructor) is compiled as a bare
//! trap, as gcc emits none at all: its calls to functions defined nowhere
//! (a header's unused `static inline` helpers) then need no symbol.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use cranelift_codegen::inline::{Inline, InlineCommand};
use cranelift_codegen::ir::{self, ExternalName, InstBuilder, Opcode};
use cranelift_codegen::isa::TargetFrontendConfig;
use cranelift_module::{FuncId, Module};
use cranelift_object::ObjectModule;

use super::decl::Error;

/// Callees up to this many IR instructions are inlined.
const MAX_CALLEE_INSTRUCTIONS: usize = 60;

/// A caller with more calls than this is not inlined into: Cranelift's
/// inliner splits the caller's block at each site, which costs time in
/// the instructions after it, so thousands of calls in one block (as
/// macro-generated code makes) take quadratic time.
const MAX_CALL_SITES: usize = 1000;

/// The direct calls in `func`.
fn call_sites(func: &ir::Function) -> usize {
    func.layout
        .blocks()
        .flat_map(|block| func.layout.block_insts(block))
        .filter(|&inst| func.dfg.insts[inst].opcode() == Opcode::Call)
        .count()
}

/// One lowered function waiting to be compiled.
pub struct Lowered {
    pub id: FuncId,
    pub name: String,
    /// Where its definition starts, for error messages.
    pub offset: usize,
    pub func: ir::Function,
    /// Whether the policy above allows inlining it into callers.
    pub inlinable: bool,
    /// A static function (no linkage outside the unit).
    pub local: bool,
    /// `aligned(N)` on the function: its code starts at a multiple of N.
    pub aligned: Option<u64>,
}

/// Where functions are reached from outside any function body: static
/// initializers, constructors and destructors (`roots`), and trampolines
/// that jump to their target (`stubs`: trampoline to target).
#[derive(Default)]
pub struct References {
    pub roots: Vec<FuncId>,
    pub stubs: HashMap<FuncId, FuncId>,
}

/// The functions the object needs: every one with linkage, and the static
/// ones reachable from those or from `references`.
fn reachable(functions: &[Lowered], references: &References) -> HashSet<FuncId> {
    let bodies: HashMap<FuncId, &ir::Function> =
        functions.iter().map(|f| (f.id, &f.func)).collect();
    let mut work: Vec<FuncId> = references.roots.clone();
    work.extend(functions.iter().filter(|f| !f.local).map(|f| f.id));
    // Struct copies and the like call memcpy, memmove and memset by name
    // (Cranelift libcalls, not references in the IR): a unit's own
    // definition of one is what they call, as under gcc.
    work.extend(
        functions
            .iter()
            .filter(|f| matches!(f.name.as_str(), "memcpy" | "memmove" | "memset"))
            .map(|f| f.id),
    );
    let mut live = HashSet::new();
    while let Some(id) = work.pop() {
        if !live.insert(id) {
            continue;
        }
        work.extend(references.stubs.get(&id));
        if let Some(body) = bodies.get(&id) {
            work.extend(referenced_functions(body));
        }
    }
    live
}

/// The functions `func` calls or takes the address of.
fn referenced_functions(func: &ir::Function) -> impl Iterator<Item = FuncId> + '_ {
    func.dfg
        .ext_funcs
        .values()
        .filter_map(|f| match &f.name {
            ExternalName::User(r) => Some(&func.params.user_named_funcs()[*r]),
            _ => None,
        })
        .filter(|name| name.namespace == 0)
        .map(|name| FuncId::from_u32(name.index))
}

/// A body that only traps, for a function nothing calls.
fn unreachable_body(func: &ir::Function, config: TargetFrontendConfig) -> ir::Function {
    let mut body = ir::Function::with_name_signature(func.name.clone(), func.signature.clone());
    let mut context = cranelift_frontend::FunctionBuilderContext::new();
    let mut b = cranelift_frontend::FunctionBuilder::new(&mut body, &mut context);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    b.ins().trap(ir::TrapCode::unwrap_user(1));
    b.finalize(config);
    body
}

/// Compiles every lowered function into `module`, inlining first when
/// `inline` is set (-O1 and up).
pub fn define_all(
    module: &mut ObjectModule,
    mut functions: Vec<Lowered>,
    references: &References,
    inline: bool,
) -> Vec<Error> {
    let live = reachable(&functions, references);
    for function in functions.iter_mut().filter(|f| !live.contains(&f.id)) {
        function.func = unreachable_body(&function.func, module.target_config());
        function.inlinable = false;
    }
    // Copies of the small callees only: each function is compiled from
    // its own body, moved into the context.
    let bodies: HashMap<FuncId, ir::Function> = functions
        .iter()
        .filter(|f| inline && f.inlinable && f.func.dfg.num_insts() <= MAX_CALLEE_INSTRUCTIONS)
        .filter(|f| plain_signature(&f.func.signature))
        .map(|f| (f.id, f.func.clone()))
        .collect();
    let names: Vec<(FuncId, String, usize, u64)> = functions
        .iter()
        .map(|f| (f.id, f.name.clone(), f.offset, f.aligned.unwrap_or(1)))
        .collect();
    let inline_callees = |id: FuncId, ctx: &mut cranelift_codegen::Context| {
        if bodies.is_empty() {
            return;
        }
        if call_sites(&ctx.func) > MAX_CALL_SITES {
            return;
        }
        let callees = callees_for(&mut ctx.func, id, &bodies);
        if !callees.is_empty() {
            // A failure to inline leaves the function as it was.
            let _ = ctx.inline(SmallCallees { callees: &callees });
        }
    };
    let compiled = super::machine_code::compile_all(
        module.isa(),
        functions.into_iter().map(|f| (f.id, f.func)).collect(),
        inline_callees,
    );
    let mut errors = Vec::new();
    for ((id, name, offset, aligned), code) in names.into_iter().zip(compiled) {
        let defined = code.and_then(|code| {
            let alignment = code.alignment.max(aligned);
            module
                .define_function_bytes(id, alignment, &code.bytes, &code.relocs)
                .map_err(|e| format!("{e:?}"))
        });
        if let Err(failure) = defined {
            errors.push(Error {
                offset,
                message: format!("code generation failed for '{name}': {failure}"),
            });
        }
    }
    errors
}

/// Whether every parameter and result is an ordinary value: a struct
/// passed in memory (StructArgument, StructReturn) has copy semantics
/// at the call that inlining would lose.
fn plain_signature(signature: &ir::Signature) -> bool {
    signature
        .params
        .iter()
        .chain(&signature.returns)
        .all(|p| p.purpose == ir::ArgumentPurpose::Normal)
}

/// The inlinable callees `caller` calls directly, each rewritten for
/// this caller. Cranelift's inliner remaps the callee's function names but
/// copies `Symbol` global values (addresses of globals and strings) as
/// they are, with name references that index the callee's own table; so
/// every name the callee uses is declared in the caller first and the
/// callee's symbols are pointed at the caller's references.
fn callees_for(
    caller: &mut ir::Function,
    caller_id: FuncId,
    bodies: &HashMap<FuncId, ir::Function>,
) -> HashMap<FuncId, ir::Function> {
    let called: Vec<FuncId> = referenced_functions(caller)
        .filter(|id| *id != caller_id && bodies.contains_key(id))
        .collect();
    let mut callees = HashMap::new();
    for id in called {
        let mut callee = bodies[&id].clone();
        for gv in callee.global_values.values_mut() {
            if let ir::GlobalValueData::Symbol {
                name: ExternalName::User(r),
                ..
            } = gv
            {
                let name = bodies[&id].params.user_named_funcs()[*r].clone();
                *r = caller.declare_imported_user_function(name);
            }
        }
        callees.insert(id, callee);
    }
    callees
}

struct SmallCallees<'a> {
    callees: &'a HashMap<FuncId, ir::Function>,
}

impl Inline for SmallCallees<'_> {
    fn inline(
        &mut self,
        caller: &ir::Function,
        _call: ir::Inst,
        opcode: Opcode,
        callee: ir::FuncRef,
        _args: &[ir::Value],
    ) -> InlineCommand<'_> {
        if opcode != Opcode::Call {
            return InlineCommand::KeepCall;
        }
        let ExternalName::User(name) = &caller.dfg.ext_funcs[callee].name else {
            return InlineCommand::KeepCall;
        };
        let name = &caller.params.user_named_funcs()[*name];
        // cranelift-module names functions in namespace 0 by FuncId.
        match self.callees.get(&FuncId::from_u32(name.index)) {
            Some(body) if name.namespace == 0 => InlineCommand::Inline {
                callee: Cow::Borrowed(body),
                visit_callee: false,
            },
            _ => InlineCommand::KeepCall,
        }
    }
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, catching a panic without the panic hook's report (which
/// would read as a crash of kit); other panics report as before.
pub(super) fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result
}
