//! GNU's `cleanup` attribute: `__attribute__((cleanup(f))) T x;` calls
//! `f(&x)` whenever `x` goes out of scope, in reverse order of
//! declaration: at the end of its block, and on `break`, `continue`,
//! `return` (after the returned value is computed) and `goto` out of it.
//! Not on longjmp or exit, as in gcc.
//!
//! Each block's cleanups are kept in a stack beside `FnLower::scopes`. A
//! `goto` leaves the blocks that do not enclose its label; a forward one
//! does not know them yet, so it jumps to a block of its own that is
//! filled at the end of the function, when every label is placed.

use cranelift_codegen::ir::{self, Block, InstBuilder};
use lang_c::ast::{DeclarationSpecifier, Declarator, Expression, Extension};
use lang_c::span::Node;

use super::super::decl::{error, Result};
use super::super::types::{FunctionType, Type};
use super::FnLower;

/// A call due when a block is left: `function(&object)`.
#[derive(Clone)]
pub(super) struct Cleanup {
    function: cranelift_module::FuncId,
    object: ir::StackSlot,
}

/// The cleanups of one open block, with an id that tells blocks apart.
pub(super) struct CleanupScope {
    id: usize,
    cleanups: Vec<Cleanup>,
}

/// A `goto` to a label not yet placed: its block, its label, and the
/// blocks open at the jump with the cleanups registered in them then.
pub(super) struct PendingGoto {
    block: Block,
    label: String,
    open: Vec<(usize, Vec<Cleanup>)>,
}

/// The cleanup function a declaration names, and where its attribute
/// starts (the `__attribute__` of a specifier, as gcc reports it).
pub(super) fn cleanup_attribute<'a>(
    specifiers: &'a [Node<DeclarationSpecifier>],
    declarator: &'a Declarator,
) -> Option<(&'a Node<Expression>, usize)> {
    let in_specifiers = specifiers.iter().filter_map(|s| match &s.node {
        DeclarationSpecifier::Extension(e) => Some((e, Some(s.span.start))),
        _ => None,
    });
    // After a `*` too (`char * __attribute__((cleanup(f))) p`).
    let in_declarator =
        super::super::decl::declarator_attributes(declarator).map(|ext| (ext, None));
    in_specifiers
        .flat_map(|(extensions, at)| extensions.iter().map(move |ext| (ext, at)))
        .chain(in_declarator)
        .find_map(|(ext, at)| match &ext.node {
            Extension::Attribute(a) if a.name.node.trim_matches('_') == "cleanup" => a
                .arguments
                .first()
                .map(|f| (f, at.unwrap_or(ext.span.start))),
            _ => None,
        })
}

impl FnLower<'_, '_> {
    /// Opens a block's list of cleanups.
    pub(super) fn open_cleanups(&mut self) {
        self.cleanup_ids += 1;
        self.cleanups.push(CleanupScope {
            id: self.cleanup_ids,
            cleanups: Vec::new(),
        });
    }

    /// Closes the innermost block: its cleanups run here unless control
    /// already left it (by a jump, which ran them).
    pub(super) fn close_cleanups(&mut self) {
        let Some(scope) = self.cleanups.pop() else {
            return;
        };
        if !self.is_filled() {
            self.call_cleanups(&scope.cleanups);
        }
    }

    /// Registers `function(&object)` for the innermost block, `declared`
    /// being the object's declarator offset; checked as gcc checks it.
    pub(super) fn add_cleanup(
        &mut self,
        function: &Node<Expression>,
        attribute: usize,
        object: ir::StackSlot,
        declared: usize,
    ) -> Result<()> {
        let callee = match &function.node {
            Expression::Identifier(name) => Some(name.node.name.clone()),
            _ => None,
        };
        let Some((name, callee)) = callee.and_then(|n| self.function_named(&n).map(|f| (n, f)))
        else {
            return error(attribute, "cleanup argument not a function");
        };
        if !callee.unprototyped && callee.params.len() != 1 {
            let few = if callee.params.is_empty() {
                "many"
            } else {
                "few"
            };
            return error(
                declared,
                format!("too {few} arguments to function '{name}'"),
            );
        }
        let function = self.unit.func_id(&name, declared)?;
        self.uses_cleanups = true;
        if let Some(scope) = self.cleanups.last_mut() {
            scope.cleanups.push(Cleanup { function, object });
        }
        Ok(())
    }

    /// The type of the function `name` denotes here, if it is one.
    fn function_named(&self, name: &str) -> Option<std::rc::Rc<FunctionType>> {
        let key = match self.lookup(name) {
            Some(local) => local.global()?.clone(),
            None => name.to_owned(),
        };
        match &self.unit.globals.get(&key)?.ty {
            Type::Function(f) => Some(f.clone()),
            _ => None,
        }
    }

    /// Runs the cleanups of the blocks from `depth` inward, innermost
    /// first: what `break`, `continue` and `return` leave.
    pub(super) fn leave_blocks(&mut self, depth: usize) {
        let due: Vec<Cleanup> = self.cleanups[depth.min(self.cleanups.len())..]
            .iter()
            .rev()
            .flat_map(|scope| scope.cleanups.iter().rev().cloned())
            .collect();
        for cleanup in due {
            self.call_cleanup(&cleanup);
        }
    }

    /// How many blocks are open: `leave_blocks` from here leaves the ones
    /// opened after.
    pub(super) fn block_depth(&self) -> usize {
        self.cleanups.len()
    }

    /// The ids of the open blocks, outermost first.
    pub(super) fn open_block_ids(&self) -> Vec<usize> {
        self.cleanups.iter().map(|scope| scope.id).collect()
    }

    /// Jumps to `label`'s block, running the cleanups of the blocks left.
    pub(super) fn goto_with_cleanups(&mut self, label: &str, target: Block) {
        if !self.uses_cleanups {
            self.b.ins().jump(target, &[]);
            return;
        }
        let open: Vec<(usize, Vec<Cleanup>)> = self
            .cleanups
            .iter()
            .map(|scope| (scope.id, scope.cleanups.clone()))
            .collect();
        match self.label_blocks.get(label).cloned() {
            Some(enclosing) => {
                self.call_left(&open, &enclosing);
                self.b.ins().jump(target, &[]);
            }
            None => {
                let block = self.b.create_block();
                self.b.ins().jump(block, &[]);
                self.pending_gotos.push(PendingGoto {
                    block,
                    label: label.to_owned(),
                    open,
                });
            }
        }
    }

    /// Fills the blocks of forward `goto`s, now that every label's
    /// enclosing blocks are known.
    pub(super) fn fill_pending_gotos(&mut self) {
        for pending in std::mem::take(&mut self.pending_gotos) {
            self.b.switch_to_block(pending.block);
            let enclosing = self
                .label_blocks
                .get(&pending.label)
                .cloned()
                .unwrap_or_default();
            self.call_left(&pending.open, &enclosing);
            let target = self.label_block(&pending.label);
            self.b.ins().jump(target, &[]);
        }
    }

    /// Calls the cleanups of the `open` blocks that do not enclose the
    /// destination (`enclosing`), innermost first.
    fn call_left(&mut self, open: &[(usize, Vec<Cleanup>)], enclosing: &[usize]) {
        for (id, cleanups) in open.iter().rev() {
            if !enclosing.contains(id) {
                self.call_cleanups(cleanups);
            }
        }
    }

    fn call_cleanups(&mut self, cleanups: &[Cleanup]) {
        for cleanup in cleanups.iter().rev() {
            self.call_cleanup(cleanup);
        }
    }

    fn call_cleanup(&mut self, cleanup: &Cleanup) {
        let callee = self.func_ref(cleanup.function);
        let address = self.slot_address(cleanup.object);
        self.b.ins().call(callee, &[address]);
    }
}
