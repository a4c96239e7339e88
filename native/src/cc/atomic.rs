//! GCC's atomic builtins: the legacy `__sync_*` family (full barriers)
//! and the `__atomic_*` family with memory orders, which real programs
//! (sqlite, reference counts) call without any header. Each is one
//! Cranelift atomic instruction; every order is treated as sequentially
//! consistent, the strongest, which x86-64's locked instructions give
//! anyway.

use std::rc::Rc;

use cranelift_codegen::ir::{condcodes::IntCC, AtomicRmwOp, InstBuilder};
use cranelift_codegen::ir::{MemFlagsData, Type as IrType, Value};
use lang_c::ast::Expression;
use lang_c::span::Node;

use super::super::decl::{error, Result};
use super::super::types::{compatible, Type};
use super::{FnLower, Val};

/// The integer type the bits of an atomic object of the plain type
/// `plain` move in (1, 2, 4, 8 or 16 bytes, as `decl::atomic` allows).
fn bits_type(plain: &Type) -> IrType {
    let size = plain.size().expect("a complete atomic type");
    IrType::int_with_byte_size(size as u16).expect("an atomic object's size")
}

/// The arithmetic builtins and `__sync` compare-and-swap take integers
/// and pointers only.
fn integer_or_pointer(ty: &Type, name: &str, offset: usize) -> Result<()> {
    if ty.is_integer() || ty.is_pointer() {
        Ok(())
    } else {
        incompatible_operand(&Type::Pointer(Rc::new(ty.clone())), name, offset)
    }
}

/// gcc's refusal of an atomic builtin's first argument `pointer`.
fn incompatible_operand<T>(pointer: &Type, name: &str, offset: usize) -> Result<T> {
    error(
        offset,
        format!(
            "operand type '{}' is incompatible with argument 1 of '{name}'",
            pointer.name()
        ),
    )
}

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

/// The atomic builtins with a form of their own (`translate_atomic`'s
/// arms; the read-modify-write families are `rmw_form`'s).
const FIXED: &[&str] = &[
    "__sync_synchronize",
    "__atomic_thread_fence",
    "__atomic_signal_fence",
    "__atomic_always_lock_free",
    "__atomic_is_lock_free",
    "__atomic_load_n",
    "__atomic_store_n",
    "__sync_lock_release",
    "__atomic_clear",
    "__atomic_test_and_set",
    "__sync_lock_test_and_set",
    "__atomic_exchange_n",
    "__sync_val_compare_and_swap",
    "__sync_bool_compare_and_swap",
    "__atomic_compare_exchange_n",
    "__atomic_compare_exchange",
    "__atomic_load",
    "__atomic_store",
    "__atomic_exchange",
];

/// Every atomic builtin kit lowers.
pub(super) fn names() -> impl Iterator<Item = String> {
    let operations = ["add", "sub", "and", "or", "xor", "nand"];
    let families = operations.into_iter().flat_map(|op| {
        [
            format!("__sync_fetch_and_{op}"),
            format!("__sync_{op}_and_fetch"),
            format!("__atomic_fetch_{op}"),
            format!("__atomic_{op}_fetch"),
        ]
    });
    FIXED
        .iter()
        .map(|name| name.to_string())
        .chain(families.filter(|name| rmw_form(name).is_some()))
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
    /// `__atomic_always_lock_free(size, p)` and `__atomic_is_lock_free`,
    /// answered as gcc answers them (its libatomic takes a lock for 16
    /// bytes): objects of 1, 2, 4 or 8 bytes aligned to their size. The
    /// alignment is that of `p`'s pointee type before any casts (gcc
    /// strips them: `(int *)bytes` says nothing of `bytes`), or the
    /// size's when `p` is a null constant or missing; `is_lock_free` also
    /// looks at `p`'s address at run time, as libatomic does.
    fn lock_free(&mut self, name: &str, args: &[Node<Expression>]) -> Result<Val> {
        let size = self.constant_expr(&args[0]).unwrap_or(32);
        let sized = [1, 2, 4, 8].contains(&size);
        let pointer = match args.get(1) {
            Some(p) if !self.is_null_pointer_constant(p) => p,
            _ => return Ok(self.int(i64::from(sized), Type::Bool)),
        };
        let mut uncast = pointer;
        while let Expression::Cast(cast) = &uncast.node {
            uncast = &cast.node.expression;
        }
        let align = match self.type_of(uncast)?.decay() {
            Type::Pointer(to) if !matches!(*to, Type::Void) => to.align() as i64,
            _ => 1,
        };
        let pointer = self.translate_expr(pointer)?;
        if !sized || align >= size || name == "__atomic_always_lock_free" {
            return Ok(self.int(i64::from(sized && align >= size), Type::Bool));
        }
        let low = self.b.ins().band_imm_s(pointer.value, size - 1);
        let aligned = self.b.ins().icmp_imm_s(IntCC::Equal, low, 0);
        Ok(Val {
            value: aligned,
            ty: Type::Bool,
        })
    }

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
                self.lock_free(name, args)?
            }
            "__atomic_load_n" => {
                at_least(1)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                self.evaluate_all(&args[1..])?;
                let value = self.atomic_load_object(p, &ty);
                Val { value, ty }
            }
            "__atomic_store_n" => {
                at_least(2)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                let value = self.operand(&args[1], &ty, name, offset)?;
                self.evaluate_all(&args[2..])?;
                self.atomic_store_object(p, value, &ty);
                self.int(0, Type::Void)
            }
            "__sync_lock_release" | "__atomic_clear" => {
                at_least(1)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                integer_or_pointer(&ty, name, offset)?;
                self.evaluate_all(&args[1..])?;
                let zero = self.b.ins().iconst(bits_type(&ty), 0);
                self.b.ins().atomic_store(MemFlagsData::new(), zero, p);
                self.int(0, Type::Void)
            }
            "__atomic_test_and_set" => {
                at_least(1)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                integer_or_pointer(&ty, name, offset)?;
                self.evaluate_all(&args[1..])?;
                let one = self.b.ins().iconst(bits_type(&ty), 1);
                let old = self.rmw(AtomicRmwOp::Xchg, p, &ty, one);
                let set = self.b.ins().icmp_imm_u(IntCC::NotEqual, old, 0);
                Val {
                    value: set,
                    ty: Type::Bool,
                }
            }
            "__sync_lock_test_and_set" | "__atomic_exchange_n" => {
                at_least(2)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                let value = self.operand(&args[1], &ty, name, offset)?;
                self.evaluate_all(&args[2..])?;
                let bits = self.bits_of(value, &ty);
                let old = self.rmw(AtomicRmwOp::Xchg, p, &ty, bits);
                let value = self.value_of_bits(old, &ty);
                Val { value, ty }
            }
            "__sync_val_compare_and_swap" | "__sync_bool_compare_and_swap" => {
                at_least(3)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                integer_or_pointer(&ty, name, offset)?;
                let expected = self.operand(&args[1], &ty, name, offset)?;
                let desired = self.operand(&args[2], &ty, name, offset)?;
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
            "__atomic_compare_exchange_n" | "__atomic_compare_exchange" => {
                // (p, &expected, desired or &desired, weak, success order,
                // failure order): on failure the value found goes to
                // `*expected`. Values are compared by their bits.
                at_least(3)?;
                let (p, ty) = self.atomic_object(
                    &args[0],
                    name == "__atomic_compare_exchange",
                    name,
                    offset,
                )?;
                let expected_at = self.value_pointer(&args[1], &ty, 2, name, offset)?;
                let desired = if name == "__atomic_compare_exchange" {
                    let at = self.value_pointer(&args[2], &ty, 3, name, offset)?;
                    self.load_bits_at(at, &ty)
                } else {
                    let value = self.operand(&args[2], &ty, name, offset)?;
                    self.bits_of(value, &ty)
                };
                self.evaluate_all(&args[3..])?;
                let expected = self.load_bits_at(expected_at, &ty);
                let old = self
                    .b
                    .ins()
                    .atomic_cas(MemFlagsData::new(), p, expected, desired);
                // Storing back what was there is right on success too.
                self.b.ins().store(MemFlagsData::new(), old, expected_at, 0);
                let same = self.b.ins().icmp(IntCC::Equal, old, expected);
                Val {
                    value: same,
                    ty: Type::Bool,
                }
            }
            // The generic forms, which pass values by address.
            "__atomic_load" => {
                at_least(2)?;
                let (p, ty) = self.atomic_object(&args[0], true, name, offset)?;
                let result_at = self.value_pointer(&args[1], &ty, 2, name, offset)?;
                self.evaluate_all(&args[2..])?;
                let bits = self
                    .b
                    .ins()
                    .atomic_load(bits_type(&ty), MemFlagsData::new(), p);
                self.b.ins().store(MemFlagsData::new(), bits, result_at, 0);
                self.int(0, Type::Void)
            }
            "__atomic_store" => {
                at_least(2)?;
                let (p, ty) = self.atomic_object(&args[0], true, name, offset)?;
                let value_at = self.value_pointer(&args[1], &ty, 2, name, offset)?;
                self.evaluate_all(&args[2..])?;
                let bits = self.load_bits_at(value_at, &ty);
                self.b.ins().atomic_store(MemFlagsData::new(), bits, p);
                self.int(0, Type::Void)
            }
            "__atomic_exchange" => {
                at_least(3)?;
                let (p, ty) = self.atomic_object(&args[0], true, name, offset)?;
                let value_at = self.value_pointer(&args[1], &ty, 2, name, offset)?;
                let result_at = self.value_pointer(&args[2], &ty, 3, name, offset)?;
                self.evaluate_all(&args[3..])?;
                let bits = self.load_bits_at(value_at, &ty);
                let old = self.rmw(AtomicRmwOp::Xchg, p, &ty, bits);
                self.b.ins().store(MemFlagsData::new(), old, result_at, 0);
                self.int(0, Type::Void)
            }
            _ => {
                let Some((op, old_value)) = rmw_form(name) else {
                    return error(offset, format!("'{name}' is not supported"));
                };
                at_least(2)?;
                let (p, ty) = self.atomic_pointer(&args[0], name, offset)?;
                integer_or_pointer(&ty, name, offset)?;
                let operand = self.operand(&args[1], &ty, name, offset)?;
                self.evaluate_all(&args[2..])?;
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

    /// The address an atomic builtin works on and the plain type of the
    /// object there: an integer or pointer, or an `_Atomic` object of
    /// any type; of 1, 2, 4, 8 or 16 bytes.
    fn atomic_pointer(
        &mut self,
        e: &Node<Expression>,
        name: &str,
        offset: usize,
    ) -> Result<(Value, Type)> {
        self.atomic_object(e, false, name, offset)
    }

    /// `atomic_pointer` for the generic forms, whose object may be of
    /// any type (`any`).
    fn atomic_object(
        &mut self,
        e: &Node<Expression>,
        any: bool,
        name: &str,
        offset: usize,
    ) -> Result<(Value, Type)> {
        let p = self.translate_expr(e)?;
        let ty = match p.ty.decay() {
            Type::Pointer(t) if any && !matches!(*t, Type::Void | Type::Function(_)) => {
                t.unatomic()
            }
            Type::Pointer(t) if t.is_atomic() || (t.is_scalar() && !t.is_float()) => t.unatomic(),
            other => return incompatible_operand(&other, name, offset),
        };
        if !matches!(ty.size(), Some(1 | 2 | 4 | 8 | 16)) {
            return error(
                offset,
                format!(
                    "'{name}' on a {}-byte object is not supported (kit's atomic operations take 1, 2, 4, 8 or 16 bytes)",
                    ty.size().unwrap_or(0)
                ),
            );
        }
        Ok((p.value, ty))
    }

    /// An argument of a generic form that points to a value of the
    /// atomic object's size (argument `n`, counting from 1).
    fn value_pointer(
        &mut self,
        e: &Node<Expression>,
        ty: &Type,
        n: usize,
        name: &str,
        offset: usize,
    ) -> Result<Value> {
        let p = self.translate_expr(e)?;
        match p.ty.decay().pointee() {
            Some(t) if t.size() == ty.size() => Ok(p.value),
            Some(_) => error(offset, format!("size mismatch in argument {n} of '{name}'")),
            None => error(
                offset,
                format!("argument {n} of '{name}' must be a pointer type"),
            ),
        }
    }

    /// The bits of the value of plain type `ty` at `addr`, read plainly.
    fn load_bits_at(&mut self, addr: Value, ty: &Type) -> Value {
        self.b
            .ins()
            .load(bits_type(ty), MemFlagsData::new(), addr, 0)
    }

    /// A value argument converted to the object's plain type `ty`; a
    /// struct must already be of that type.
    fn operand(
        &mut self,
        e: &Node<Expression>,
        ty: &Type,
        name: &str,
        offset: usize,
    ) -> Result<Value> {
        let v = self.translate_expr(e)?;
        if !ty.in_memory() {
            return self.convert(v, ty, offset);
        }
        if !compatible(&v.ty.unatomic(), ty) {
            return error(
                offset,
                format!("incompatible type for argument 2 of '{name}'"),
            );
        }
        Ok(v.value)
    }

    /// Reads the `_Atomic` object of type `ty` at `addr` in one step
    /// (x86-64's aligned loads are atomic, and sequentially consistent
    /// with the locked stores below; 16 bytes take a `cmpxchg16b`).
    pub(super) fn atomic_load_object(&mut self, addr: Value, ty: &Type) -> Value {
        let plain = ty.unatomic();
        let bits = self
            .b
            .ins()
            .atomic_load(bits_type(&plain), MemFlagsData::new(), addr);
        self.value_of_bits(bits, &plain)
    }

    /// Stores `value` (of `ty`'s plain type) in the `_Atomic` object at
    /// `addr` in one step.
    pub(super) fn atomic_store_object(&mut self, addr: Value, value: Value, ty: &Type) {
        let bits = self.bits_of(value, &ty.unatomic());
        self.b.ins().atomic_store(MemFlagsData::new(), bits, addr);
    }

    /// A value of the plain type `plain` as the integer of its bits, what
    /// the atomic instructions move (a struct value is its address).
    fn bits_of(&mut self, value: Value, plain: &Type) -> Value {
        let bits = bits_type(plain);
        match plain {
            Type::Float | Type::Double => self.b.ins().bitcast(bits, MemFlagsData::new(), value),
            _ if plain.in_memory() => self.b.ins().load(bits, MemFlagsData::new(), value, 0),
            _ => value,
        }
    }

    /// The value of the plain type `plain` whose bits are `bits`; a
    /// struct lands in a new stack slot, whose address is its value.
    fn value_of_bits(&mut self, bits: Value, plain: &Type) -> Value {
        match plain {
            Type::Float | Type::Double => {
                let ir = plain.ir().expect("a floating type");
                self.b.ins().bitcast(ir, MemFlagsData::new(), bits)
            }
            _ if plain.in_memory() => {
                let size = plain.size().expect("a complete atomic type");
                let slot = self.raw_slot(size as u32, plain.align());
                let addr = self.slot_address(slot);
                self.b.ins().store(MemFlagsData::new(), bits, addr, 0);
                addr
            }
            _ => bits,
        }
    }

    /// `*addr = update(*addr)` on the `_Atomic` object at `addr` as one
    /// atomic step: a compare-and-swap loop on its bits, retried while
    /// another thread changed the object in between. `update` sees and
    /// makes plain values. Returns the old and new values.
    pub(super) fn atomic_update(
        &mut self,
        addr: Value,
        ty: &Type,
        update: impl Fn(&mut Self, Value) -> Result<Value>,
    ) -> Result<(Value, Value)> {
        let plain = ty.unatomic();
        let ir = bits_type(&plain);
        let flags = MemFlagsData::new();
        let first = self.b.ins().atomic_load(ir, flags, addr);
        let retry = self.b.create_block();
        self.b.append_block_param(retry, ir);
        let done = self.b.create_block();
        self.b.ins().jump(retry, &[first.into()]);
        self.b.switch_to_block(retry);
        let old_bits = self.b.block_params(retry)[0];
        let old = self.value_of_bits(old_bits, &plain);
        let new = update(self, old)?;
        let new_bits = self.bits_of(new, &plain);
        let seen = self.b.ins().atomic_cas(flags, addr, old_bits, new_bits);
        let same = self.b.ins().icmp(IntCC::Equal, seen, old_bits);
        self.b.ins().brif(same, done, &[], retry, &[seen.into()]);
        self.b.switch_to_block(done);
        Ok((old, new))
    }

    fn rmw(&mut self, op: AtomicRmwOp, p: Value, ty: &Type, operand: Value) -> Value {
        self.b
            .ins()
            .atomic_rmw(bits_type(ty), MemFlagsData::new(), op, p, operand)
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
