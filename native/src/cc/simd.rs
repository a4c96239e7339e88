//! GNU vector operators on 16-byte vectors as single SIMD instructions,
//! where Cranelift has one for the lane type and operator (addition,
//! subtraction, bitwise operators, comparisons, 16- and 32-bit integer
//! and floating multiplication, floating division, shifts by a scalar):
//! the common operators of vector code and of kit's intrinsic headers.
//! The vector is still held in memory (vector.rs); the operands are
//! loaded whole, and the result stored whole. Everything else, integer
//! division above all (a zero lane must fault as a scalar division does),
//! goes lane by lane.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    self, types as ir_types, InstBuilder, MemFlagsData, Type as IrType, Value,
};
use lang_c::ast::{BinaryOperator, UnaryOperator};

use super::super::decl::Result;
use super::super::types::Type;
use super::{FnLower, Val};

/// The SIMD type of a 16-byte vector of `lanes` lanes of `lane`.
fn simd_type(lane: &Type, lanes: u64) -> Option<IrType> {
    let ty = match lane {
        Type::Float => ir_types::F32X4,
        Type::Double => ir_types::F64X2,
        Type::Int { size: 1, .. } => ir_types::I8X16,
        Type::Int { size: 2, .. } => ir_types::I16X8,
        Type::Int { size: 4, .. } => ir_types::I32X4,
        Type::Int { size: 8, .. } => ir_types::I64X2,
        _ => return None,
    };
    (u64::from(ty.lane_count()) == lanes).then_some(ty)
}

/// Whether Cranelift lowers `op` on vectors of `simd` (with a scalar
/// right operand, for a shift) to a few instructions.
fn supported(op: &BinaryOperator, simd: IrType, scalar_right: bool) -> bool {
    use BinaryOperator as B;
    let float = simd.lane_type().is_float();
    match op {
        B::Plus | B::Minus => true,
        B::BitwiseAnd | B::BitwiseOr | B::BitwiseXor => !float,
        B::Multiply => float || simd == ir_types::I16X8 || simd == ir_types::I32X4,
        B::Divide => float,
        // `v << n`; a scalar shifted by a vector goes lane by lane.
        B::ShiftLeft | B::ShiftRight => !float && scalar_right && simd != ir_types::I8X16,
        B::Equals | B::NotEquals => true,
        B::Less | B::Greater | B::LessOrEqual | B::GreaterOrEqual => simd != ir_types::I64X2,
        _ => false,
    }
}

fn int_condition(op: &BinaryOperator, signed: bool) -> IntCC {
    use BinaryOperator as B;
    match (op, signed) {
        (B::Equals, _) => IntCC::Equal,
        (B::NotEquals, _) => IntCC::NotEqual,
        (B::Less, true) => IntCC::SignedLessThan,
        (B::Less, false) => IntCC::UnsignedLessThan,
        (B::Greater, true) => IntCC::SignedGreaterThan,
        (B::Greater, false) => IntCC::UnsignedGreaterThan,
        (B::LessOrEqual, true) => IntCC::SignedLessThanOrEqual,
        (B::LessOrEqual, false) => IntCC::UnsignedLessThanOrEqual,
        (_, true) => IntCC::SignedGreaterThanOrEqual,
        (_, false) => IntCC::UnsignedGreaterThanOrEqual,
    }
}

fn float_condition(op: &BinaryOperator) -> FloatCC {
    use BinaryOperator as B;
    match op {
        B::Equals => FloatCC::Equal,
        // C's `!=` holds for a NaN.
        B::NotEquals => FloatCC::NotEqual,
        B::Less => FloatCC::LessThan,
        B::Greater => FloatCC::GreaterThan,
        B::LessOrEqual => FloatCC::LessThanOrEqual,
        _ => FloatCC::GreaterThanOrEqual,
    }
}

impl FnLower<'_, '_> {
    /// `l op r` (of lanes `lane`, giving a vector of type `result`) as a
    /// SIMD instruction; None where it goes lane by lane. Operands were
    /// checked by the caller.
    pub(super) fn simd_binary(
        &mut self,
        op: &BinaryOperator,
        (l, r): (&Val, &Val),
        (lane, lanes): (&Type, u64),
        result: &Type,
        offset: usize,
    ) -> Result<Option<Val>> {
        use BinaryOperator as B;
        let Some(simd) = simd_type(lane, lanes) else {
            return Ok(None);
        };
        if !supported(op, simd, !r.ty.is_vector()) {
            return Ok(None);
        }
        let a = self.simd_operand(l, lane, simd, offset)?;
        let shift = matches!(op, B::ShiftLeft | B::ShiftRight);
        let b = if shift {
            self.convert(r.clone(), &super::super::types::INT, offset)?
        } else {
            self.simd_operand(r, lane, simd, offset)?
        };
        let ins = self.b.ins();
        let value = match (op, lane.is_float()) {
            (B::Plus, true) => ins.fadd(a, b),
            (B::Plus, false) => ins.iadd(a, b),
            (B::Minus, true) => ins.fsub(a, b),
            (B::Minus, false) => ins.isub(a, b),
            (B::Multiply, true) => ins.fmul(a, b),
            (B::Multiply, false) => ins.imul(a, b),
            (B::Divide, _) => ins.fdiv(a, b),
            (B::BitwiseAnd, _) => ins.band(a, b),
            (B::BitwiseOr, _) => ins.bor(a, b),
            (B::BitwiseXor, _) => ins.bxor(a, b),
            (B::ShiftLeft, _) => ins.ishl(a, b),
            (B::ShiftRight, _) if lane.is_signed() => ins.sshr(a, b),
            (B::ShiftRight, _) => ins.ushr(a, b),
            (_, true) => ins.fcmp(float_condition(op), a, b),
            (_, false) => ins.icmp(int_condition(op, lane.is_signed()), a, b),
        };
        Ok(Some(self.simd_result(value, result)))
    }

    /// `-v` and `~v` as one SIMD instruction, where the lanes allow.
    pub(super) fn simd_unary(&mut self, op: &UnaryOperator, v: &Val) -> Option<Val> {
        let Type::Vector(lane, lanes) = &v.ty else {
            return None;
        };
        let simd = simd_type(lane, *lanes)?;
        if !matches!(op, UnaryOperator::Minus | UnaryOperator::Complement) {
            return None;
        }
        let x = self.load_simd(simd, v.value);
        let value = match op {
            UnaryOperator::Minus if lane.is_float() => self.b.ins().fneg(x),
            UnaryOperator::Minus => self.b.ins().ineg(x),
            _ => self.b.ins().bnot(x),
        };
        Some(self.simd_result(value, &v.ty))
    }

    /// A vector operand as a SIMD value: its lanes loaded, or a scalar
    /// converted to the lane type in every lane.
    fn simd_operand(&mut self, v: &Val, lane: &Type, simd: IrType, offset: usize) -> Result<Value> {
        if v.ty.is_vector() {
            return Ok(self.load_simd(simd, v.value));
        }
        let scalar = self.convert(v.clone(), lane, offset)?;
        Ok(self.b.ins().splat(simd, scalar))
    }

    /// A SIMD value stored as a new vector of type `ty`.
    fn simd_result(&mut self, value: Value, ty: &Type) -> Val {
        let out = self.vector_slot(ty);
        let bytes = self.simd_cast(ir_types::I8X16, value);
        self.b.ins().store(MemFlagsData::new(), bytes, out, 0);
        Val {
            value: out,
            ty: ty.clone(),
        }
    }

    /// The 16-byte vector at `addr` as `simd`. Vectors go through memory
    /// as I8X16 whatever their lanes (as copies and arguments move them),
    /// because Cranelift forwards a store to a load of the same address
    /// only when the types match: a vector stored as I32X4 and reloaded
    /// as I8X16 made every operation of an intrinsic chain wait for
    /// memory.
    pub(super) fn load_simd(&mut self, simd: IrType, addr: Value) -> Value {
        let bytes = self
            .b
            .ins()
            .load(ir_types::I8X16, MemFlagsData::new(), addr, 0);
        self.simd_cast(simd, bytes)
    }

    /// `v`'s bits as the vector type `to` (no instruction).
    fn simd_cast(&mut self, to: IrType, v: Value) -> Value {
        if self.b.func.dfg.value_type(v) == to {
            return v;
        }
        let flags = MemFlagsData::new().with_endianness(ir::Endianness::Little);
        self.b.ins().bitcast(to, flags, v)
    }
}
