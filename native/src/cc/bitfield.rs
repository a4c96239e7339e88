//! Bit-field lvalues: a stand-in address per access (like SSA-variable
//! locals), whose `load` extracts the field from its storage unit (with
//! sign extension for signed types) and whose `store` merges it back.

use cranelift_codegen::ir::{self, types as ir_types, InstBuilder, MemFlagsData, Value};

use super::super::types::{self, IntKind, Type};
use super::FnLower;

/// The integer type a bit-field's unit is worked on in: the unit's, or
/// for a unit of another size (3, 5 to 7, 9 to 15 bytes) the next larger
/// one.
fn unit_container(bits: types::BitField, declared: &Type) -> ir::Type {
    let size = bits.unit.next_power_of_two();
    let container = types::BitField { unit: size, ..bits };
    container.unit_type(declared).ir().unwrap_or(ir_types::I32)
}

/// A unit of a size other than a power of two as power-of-two pieces:
/// (byte offset, type), largest first.
fn unit_pieces(size: u8) -> Vec<(u8, ir::Type)> {
    let mut pieces = Vec::new();
    let mut at = 0;
    for piece in [8u8, 4, 2, 1] {
        if (size - at) >= piece {
            pieces.push((
                at,
                ir::Type::int_with_byte_size(u16::from(piece)).expect("1, 2, 4 or 8 bytes"),
            ));
            at += piece;
        }
    }
    pieces
}

impl FnLower<'_, '_> {
    /// The lvalue of a bit-field in the unit at `unit`: a stand-in address
    /// and the type its value has in expressions (C11 6.3.1.1: `int` when
    /// that holds every value, as gcc does for every declared type).
    pub(super) fn bit_field_lvalue(
        &mut self,
        unit: Value,
        unit_ty: Type,
        bits: types::BitField,
    ) -> (Value, Type) {
        // What the field's value promotes to: int when it holds every
        // value (6.3.1.1p2), unsigned int for 32 unsigned bits; wider
        // fields of 64-bit types get gcc's type of their width.
        let value_ty = match unit_ty {
            Type::Int { signed, .. } if bits.width < 32 || (signed && bits.width == 32) => {
                types::INT
            }
            Type::Int { signed: false, .. } if bits.width == 32 => types::UINT,
            Type::Int {
                size: 8, signed, ..
            } if bits.width < 64 => Type::Int {
                size: 8,
                signed,
                kind: IntKind::Bits(bits.width as u8),
            },
            _ => unit_ty.clone(),
        };
        let marker = self.b.ins().iconst(ir_types::I64, 0);
        self.bit_fields.insert(marker, (unit, unit_ty, bits));
        (marker, value_ty)
    }

    pub(super) fn load_bits(
        &mut self,
        unit: Value,
        unit_ty: &Type,
        bits: types::BitField,
        ty: &Type,
    ) -> Value {
        let unit_ir = unit_container(bits, unit_ty);
        let unit_bits = unit_ir.bits();
        let raw = self.load_unit(unit, bits.unit, unit_ir);
        let high = self
            .b
            .ins()
            .ishl_imm_s(raw, i64::from(unit_bits - bits.shift - bits.width));
        let amount = i64::from(unit_bits - bits.width);
        let signed = matches!(unit_ty, Type::Int { signed: true, .. });
        let field = if signed {
            self.b.ins().sshr_imm_s(high, amount)
        } else {
            self.b.ins().ushr_imm_s(high, amount)
        };
        self.resize(field, ty.ir().unwrap_or(unit_ir), signed)
    }

    pub(super) fn store_bits(
        &mut self,
        unit: Value,
        unit_ty: &Type,
        bits: types::BitField,
        value: Value,
    ) {
        let unit_ir = unit_container(bits, unit_ty);
        let value = self.resize(value, unit_ir, false);
        let mask = ((1u128 << bits.width) - 1) << bits.shift;
        let raw = self.load_unit(unit, bits.unit, unit_ir);
        let outside = self.unit_constant(unit_ir, !mask);
        let kept = self.b.ins().band(raw, outside);
        let shifted = self.b.ins().ishl_imm_s(value, i64::from(bits.shift));
        let inside = self.unit_constant(unit_ir, mask);
        let placed = self.b.ins().band(shifted, inside);
        let merged = self.b.ins().bor(kept, placed);
        self.store_unit(unit, bits.unit, merged);
    }

    /// `bits` (its low bits) as a constant of the integer type `ty`; I128
    /// from two halves, as Cranelift has no 128-bit immediate.
    fn unit_constant(&mut self, ty: ir::Type, bits: u128) -> Value {
        if ty == ir_types::I128 {
            let low = self.b.ins().iconst(ir_types::I64, bits as u64 as i64);
            let high = self
                .b
                .ins()
                .iconst(ir_types::I64, (bits >> 64) as u64 as i64);
            return self.b.ins().iconcat(low, high);
        }
        let width = ty.bits();
        self.b
            .ins()
            .iconst(ty, (bits & ((1u128 << width) - 1)) as i64)
    }

    /// The `size` bytes at `addr` in the low bits of a `container`: one
    /// load, or for other sizes (a packed field at a short record's end,
    /// or one spanning 9 bytes) one per power-of-two piece, so nothing
    /// past the bytes is read.
    fn load_unit(&mut self, addr: Value, size: u8, container: ir::Type) -> Value {
        let flags = MemFlagsData::new();
        if size.is_power_of_two() {
            return self.b.ins().load(container, flags, addr, 0);
        }
        let mut value = self.unit_constant(container, 0);
        for (at, piece) in unit_pieces(size) {
            let part = self.b.ins().load(piece, flags, addr, i32::from(at));
            let part = self.b.ins().uextend(container, part);
            let part = self.b.ins().ishl_imm_u(part, i64::from(at) * 8);
            value = self.b.ins().bor(value, part);
        }
        value
    }

    /// Stores the low `size` bytes of `value` at `addr`, as `load_unit`
    /// reads them.
    fn store_unit(&mut self, addr: Value, size: u8, value: Value) {
        let flags = MemFlagsData::new();
        if size.is_power_of_two() {
            self.b.ins().store(flags, value, addr, 0);
            return;
        }
        for (at, piece) in unit_pieces(size) {
            let part = self.b.ins().ushr_imm_u(value, i64::from(at) * 8);
            let part = self.b.ins().ireduce(piece, part);
            self.b.ins().store(flags, part, addr, i32::from(at));
        }
    }

    /// The value an assignment of `value` to the lvalue `addr` yields:
    /// for a bit-field, what the field now holds (`(s.m = 1081)` in an
    /// 11-bit signed field is -967); otherwise `value` itself.
    pub(super) fn assigned_value(&mut self, addr: Value, value: Value) -> Value {
        let Some((_, unit_ty, bits)) = self.bit_fields.get(&addr).cloned() else {
            return value;
        };
        let width = self.b.func.dfg.value_type(value).bits();
        if bits.width >= width {
            return value;
        }
        let unused = i64::from(width - bits.width);
        let high = self.b.ins().ishl_imm_s(value, unused);
        if unit_ty.is_signed() {
            self.b.ins().sshr_imm_s(high, unused)
        } else {
            self.b.ins().ushr_imm_s(high, unused)
        }
    }

    /// An integer value widened (by sign when `signed`) or narrowed to `to`.
    pub(super) fn resize(&mut self, value: Value, to: ir::Type, signed: bool) -> Value {
        let from = self.b.func.dfg.value_type(value);
        match from.bits().cmp(&to.bits()) {
            std::cmp::Ordering::Less if signed => self.b.ins().sextend(to, value),
            std::cmp::Ordering::Less => self.b.ins().uextend(to, value),
            std::cmp::Ordering::Greater => self.b.ins().ireduce(to, value),
            std::cmp::Ordering::Equal => value,
        }
    }
}
