//! GCC's atomic builtins: the legacy `__sync_*` family (full barriers)
//! and the `__atomic_*` family with memory orders, which real programs
//! (sqlite, reference counts) call without any header. Each is one
//! Cranelift atomic instruction; every order is treated as sequentially
//! consistent, the strongest, which x86-64's locked instructions give
//! anyway.

use cranelift_codegen::ir::{condcodes::IntCC, AtomicRmwOp, InstBuilder};
use cranelift_codegen::ir::{MemFlagsData, Value};
use lang_c::ast::Expression;
use lang_c::span::Node;

use super::super::decl::{error, Result};
use super::super::types::Type;
use super::{FnLower, Val};

/// An operation of the `fetch_and_OP`/`OP_and_fetch` forms.
fn rmw_op(op: &str) -> Option<AtomicRmwOp> {
    Some(match op {
        "add" => AtomicRmwOp::Add,
        "sub" => AtomicRmwOp::Sub,
        "and" => AtomicRmwOp::And,
        "or" => AtomicRmwOp::Or,
        "xor" => AtomicRmwOp::Xor,
        "nand" => AtomicRmwOp::Nand,
        _ => return None,
    })
}

/// `name` split into its family's operation and whether the old value
/// (`fetch_and_add`, `fetch_add`) or the new one (`add_and_fetch`,
/// `add_fetch`) is the result.
fn rmw_form(name: &str) -> Option<(AtomicRmwOp, bool)> {
    if let Some(op) = name
        .strip_prefix("__sync_fetch_and_")
        .or_else(|| name.strip_prefix("__atomic_fetch_"))
    {
        return Some((rmw_op(op)?, true));
    }
    let op = name
        .strip_prefix("__sync_")
        .and_then(|n| n.strip_suffix("_and_fetch"))
        .or_else(|| {
            name.strip_prefix("__atomic_")
                .and_then(|n| n.strip_suffix("_fetch"))
        })?;
    Some((rmw_op(op)?, false))
}

impl FnLower<'_, '_> {
    /// Lowers `name(args)` if `name` is an atomic builtin.
    pub(super) fn translate_atomic(
        &mut self,
        name: &str,
        args: &[Node<Expression>],
        offset: usize,
    ) -> Result<Option<Val>> {
        if !name.starts_with("__sync_") && !name.starts_with("__atomic_") {
            return Ok(None);
        }
        // The `__atomic_*` forms end with memory orders, evaluated and
        // otherwise ignored (see the module comment).
        let at_least = |n: usize| {
            if args.len() >= n {
                Ok(())
            } else {
                error(offset, format!("too few arguments to function '{name}'"))
            }
        };
        let val = match name {
            "__sync_synchronize" | "__atomic_thread_fence" => {
                self.evaluate_all(args)?;
                self.b.ins().fence();
                self.int(0, Type::Void)
            }
            "__atomic_signal_fence" => {
                self.evaluate_all(args)?;
                self.int(0, Type::Void)
            }
            "__atomic_always_lock_free" | "__atomic_is_lock_free" => {
                at_least(1)?;
                let size = self.constant_expr(&args[0]).unwrap_or(16);
                self.int(i64::from([1, 2, 4, 8].contains(&size)), Type::Bool)
            }
            "__atomic_load_n" => {
                at_least(1)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                self.evaluate_all(&args[1..])?;
                let ir = ty.ir().expect("an integer or pointer");
                let value = self.b.ins().atomic_load(ir, MemFlagsData::new(), p);
                Val { value, ty }
            }
            "__atomic_store_n" | "__sync_lock_release" | "__atomic_clear" => {
                at_least(1)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                let value = match name {
                    "__atomic_store_n" => {
                        at_least(2)?;
                        let v = self.translate_expr(&args[1])?;
                        self.evaluate_all(&args[2..])?;
                        self.convert(v, &ty, offset)?
                    }
                    _ => {
                        self.evaluate_all(&args[1..])?;
                        let ir = ty.ir().expect("an integer or pointer");
                        self.b.ins().iconst(ir, 0)
                    }
                };
                self.b.ins().atomic_store(MemFlagsData::new(), value, p);
                self.int(0, Type::Void)
            }
            "__sync_lock_test_and_set" | "__atomic_exchange_n" | "__atomic_test_and_set" => {
                at_least(1)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                let value = if name == "__atomic_test_and_set" {
                    self.evaluate_all(&args[1..])?;
                    self.b.ins().iconst(ty.ir().expect("checked"), 1)
                } else {
                    at_least(2)?;
                    let v = self.translate_expr(&args[1])?;
                    self.evaluate_all(&args[2..])?;
                    self.convert(v, &ty, offset)?
                };
                let old = self.rmw(AtomicRmwOp::Xchg, p, &ty, value);
                if name == "__atomic_test_and_set" {
                    let set = self.b.ins().icmp_imm_u(IntCC::NotEqual, old, 0);
                    Val {
                        value: set,
                        ty: Type::Bool,
                    }
                } else {
                    Val { value: old, ty }
                }
            }
            "__sync_val_compare_and_swap" | "__sync_bool_compare_and_swap" => {
                at_least(3)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                let expected = self.translate_expr(&args[1])?;
                let expected = self.convert(expected, &ty, offset)?;
                let desired = self.translate_expr(&args[2])?;
                let desired = self.convert(desired, &ty, offset)?;
                let old = self
                    .b
                    .ins()
                    .atomic_cas(MemFlagsData::new(), p, expected, desired);
                if name == "__sync_val_compare_and_swap" {
                    Val { value: old, ty }
                } else {
                    let same = self.b.ins().icmp(IntCC::Equal, old, expected);
                    Val {
                        value: same,
                        ty: Type::Bool,
                    }
                }
            }
            "__atomic_compare_exchange_n" => {
                // (p, &expected, desired, weak, success order, failure order):
                // on failure the value found goes to `*expected`.
                at_least(3)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                let expected_at = self.translate_expr(&args[1])?.value;
                let desired = self.translate_expr(&args[2])?;
                let desired = self.convert(desired, &ty, offset)?;
                self.evaluate_all(&args[3..])?;
                let expected = self.load(expected_at, &ty);
                let old = self
                    .b
                    .ins()
                    .atomic_cas(MemFlagsData::new(), p, expected, desired);
                // Storing back what was there is right on success too.
                self.store(expected_at, old, &ty);
                let same = self.b.ins().icmp(IntCC::Equal, old, expected);
                Val {
                    value: same,
                    ty: Type::Bool,
                }
            }
            _ => {
                let Some((op, old_value)) = rmw_form(name) else {
                    return error(offset, format!("'{name}' is not supported"));
                };
                at_least(2)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                let v = self.translate_expr(&args[1])?;
                self.evaluate_all(&args[2..])?;
                let operand = self.convert(v, &ty, offset)?;
                let old = self.rmw(op, p, &ty, operand);
                let value = if old_value {
                    old
                } else {
                    self.apply(op, old, operand)
                };
                Val { value, ty }
            }
        };
        Ok(Some(val))
    }

    /// The address an atomic builtin works on and the type it points to
    /// (an integer or pointer of 1, 2, 4 or 8 bytes).
    fn atomic_pointer(
        &mut self,
        e: &Node<Expression>,
        name: &str,
        offset: usize,
    ) -> Result<(Value, Type)> {
        let p = self.translate_expr(e)?;
        // An `_Atomic` object is worked on as its plain type.
        let ty = match p.ty.decay() {
            Type::Pointer(t) if t.is_scalar() && !t.is_float() => t.unatomic(),
            _ => {
                return error(
                    offset,
                    format!("operand of '{name}' must be a pointer to an integer or pointer"),
                )
            }
        };
        if !matches!(ty.size(), Some(1 | 2 | 4 | 8)) {
            return error(
                offset,
                format!("'{name}' on a {}-byte object", ty.size().unwrap_or(0)),
            );
        }
        Ok((p.value, ty))
    }

    /// `*addr = update(*addr)` on the `_Atomic` integer at `addr` as one
    /// atomic step: a compare-and-swap loop, retried while another thread
    /// changed the object in between. Returns the old and new values.
    pub(super) fn atomic_update(
        &mut self,
        addr: Value,
        ty: &Type,
        update: impl Fn(&mut Self, Value) -> Result<Value>,
    ) -> Result<(Value, Value)> {
        let ir = ty.ir().expect("an atomic integer");
        let flags = MemFlagsData::new();
        let first = self.b.ins().atomic_load(ir, flags, addr);
        let retry = self.b.create_block();
        self.b.append_block_param(retry, ir);
        let done = self.b.create_block();
        self.b.ins().jump(retry, &[first.into()]);
        self.b.switch_to_block(retry);
        let old = self.b.block_params(retry)[0];
        let new = update(self, old)?;
        let seen = self.b.ins().atomic_cas(flags, addr, old, new);
        let same = self.b.ins().icmp(IntCC::Equal, seen, old);
        self.b.ins().brif(same, done, &[], retry, &[seen.into()]);
        self.b.switch_to_block(done);
        Ok((old, new))
    }

    fn rmw(&mut self, op: AtomicRmwOp, p: Value, ty: &Type, operand: Value) -> Value {
        let ir = ty.ir().expect("an integer or pointer");
        self.b
            .ins()
            .atomic_rmw(ir, MemFlagsData::new(), op, p, operand)
    }

    /// `old op operand`, the new value an `OP_and_fetch` returns.
    fn apply(&mut self, op: AtomicRmwOp, old: Value, operand: Value) -> Value {
        let ins = self.b.ins();
        match op {
            AtomicRmwOp::Add => ins.iadd(old, operand),
            AtomicRmwOp::Sub => ins.isub(old, operand),
            AtomicRmwOp::And => ins.band(old, operand),
            AtomicRmwOp::Or => ins.bor(old, operand),
            AtomicRmwOp::Xor => ins.bxor(old, operand),
            _ => {
                let both = ins.band(old, operand);
                self.b.ins().bnot(both)
            }
        }
    }

    /// Evaluates arguments whose values do not matter (memory orders,
    /// hints).
    pub(super) fn evaluate_all(&mut self, args: &[Node<Expression>]) -> Result<()> {
        for a in args {
            self.translate_expr(a)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_operation_and_result() {
        assert_eq!(
            rmw_form("__sync_fetch_and_add"),
            Some((AtomicRmwOp::Add, true))
        );
        assert_eq!(
            rmw_form("__sync_nand_and_fetch"),
            Some((AtomicRmwOp::Nand, false))
        );
        assert_eq!(rmw_form("__atomic_fetch_or"), Some((AtomicRmwOp::Or, true)));
        assert_eq!(
            rmw_form("__atomic_xor_fetch"),
            Some((AtomicRmwOp::Xor, false))
        );
        assert_eq!(rmw_form("__atomic_load_n"), None);
    }
}
