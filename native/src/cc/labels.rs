//! Labels as values (GNU computed goto): `&&label` is the label's number
//! in its function, `goto *v` jumps through a switch over those numbers;
//! and the check that every label used is defined.

use cranelift_codegen::ir::{self, types as ir_types, InstBuilder, Value};

use super::super::decl::{error, Result};
use std::rc::Rc;

use super::super::types::Type;
use super::{FnLower, Place, Val};

impl FnLower<'_, '_> {
    /// A `goto` or `&&` naming a label the function never defines is an
    /// error, as in gcc, and so is a `goto` into the scope of a VLA
    /// (6.8.6.1p1: its storage would never have been allocated).
    pub(super) fn check_labels(&self) -> Result<()> {
        let addresses = self.unit.label_addresses.iter();
        let names = self.label_uses.iter().map(|(name, at, _)| (name, at));
        if let Some((name, offset)) = names
            .chain(addresses.map(|(name, at)| (name, at)))
            .find(|(name, _)| !self.defined_labels.contains_key(*name))
        {
            // A local label (`__label__`) as the shims renamed it.
            let name = name.split("__kit_local").next().unwrap_or(name);
            return error(*offset, format!("label '{name}' used but not defined"));
        }
        for (name, offset, outside) in &self.label_uses {
            if self.defined_labels[name]
                .iter()
                .any(|vla| !outside.contains(vla))
            {
                return error(
                    *offset,
                    "jump into scope of identifier with variably modified type",
                );
            }
        }
        Ok(())
    }

    /// The VLAs whose scope the current point is in.
    pub(super) fn vlas_in_scope(&self) -> Vec<ir::StackSlot> {
        let locals = self.scopes.iter().flat_map(|scope| scope.values());
        locals
            .filter_map(|local| match local.place {
                Place::Vla { pointer, .. } => Some(pointer),
                _ => None,
            })
            .collect()
    }

    /// `&&name`: the label's number, as a `void *`.
    pub(super) fn label_address(&mut self, name: &str, offset: usize) -> Val {
        let number = match self.enclosing_label_number(name, offset) {
            Some(number) => number,
            None => self.unit.label_number(name, offset),
        };
        let value = self.b.ins().iconst(ir_types::I64, number as i64);
        Val {
            value,
            ty: Type::Pointer(Rc::new(Type::Void)),
        }
    }

    /// In a nested function, `&&name` of a label of an enclosing function
    /// (GNU C): the label's number there, where a `goto *` of that
    /// function jumps to it.
    fn enclosing_label_number(&mut self, name: &str, offset: usize) -> Option<u64> {
        if !self.is_nested || self.own_labels.contains(name) {
            return None;
        }
        let frames = self.unit.enclosing_labels.iter_mut().rev();
        let (_, numbers) = frames.into_iter().find(|(own, _)| own.contains(name))?;
        let index = numbers
            .iter()
            .position(|(l, _)| l == name)
            .unwrap_or_else(|| {
                numbers.push((name.to_owned(), offset));
                numbers.len() - 1
            });
        Some(index as u64 + 1)
    }

    /// `goto *target`: to the function's dispatch block.
    pub(super) fn computed_goto(&mut self, target: Value) {
        let dispatch = *self.dispatch.get_or_insert_with(|| {
            let block = self.b.create_block();
            self.b.append_block_param(block, ir_types::I64);
            block
        });
        self.b.ins().jump(dispatch, &[ir::BlockArg::Value(target)]);
        self.continue_in_new_block();
    }

    /// The dispatch block: a switch over the label numbers; any other
    /// value (not the address of a label of this function) traps.
    pub(super) fn fill_dispatch(&mut self) {
        let Some(dispatch) = self.dispatch else {
            return;
        };
        self.b.switch_to_block(dispatch);
        let target = self.b.block_params(dispatch)[0];
        let mut labels = cranelift_frontend::Switch::new();
        for (index, (name, _)) in self.unit.label_addresses.clone().iter().enumerate() {
            labels.set_entry(index as u128 + 1, self.label_block(name));
        }
        let invalid = self.b.create_block();
        labels.emit(&mut self.b, target, invalid);
        self.b.switch_to_block(invalid);
        self.b.ins().trap(ir::TrapCode::unwrap_user(2));
    }
}
