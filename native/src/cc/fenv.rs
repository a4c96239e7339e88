//! Floating-point exception flags (Annex F) as gcc's code raises them.
//!
//! - C's relational operators on floating values are signaling
//!   comparisons (F.9.3; IEEE 754's compareSignaling): `<`, `<=`, `>` and
//!   `>=` raise FE_INVALID when an operand is a NaN, where `==`, `!=` and
//!   the `isless` family are quiet. gcc compiles them with `comisd`;
//!   Cranelift has only quiet comparisons (`ucomisd`), so an unordered
//!   comparison also calls `__kit_raise_invalid`, in a cold block: a
//!   helper that keeps every register (Cranelift's PreserveAll
//!   convention), so the hot path pays one more comparison and branch and
//!   no spill. (long double uses the x87's signaling `fcomip`; x87.rs.)
//! - Arithmetic on two constants is folded as gcc folds it (its default
//!   `-ftrapping-math`): an exact or merely inexact result becomes a
//!   constant, while a division by zero, a NaN from numbers and an
//!   infinity from finite numbers are computed at run time, so that they
//!   raise their flags; the divisor or right operand then comes from
//!   read-only data, where Cranelift's own folding cannot see it.

use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{
    types as ir_types, InstBuilder, InstructionData, MemFlagsData, Opcode, Value,
};
use lang_c::ast::BinaryOperator;

use super::super::decl::Result;
use super::FnLower;

/// `__kit_raise_invalid`'s machine code: 0/0 in xmm0, whose value is
/// saved and restored, sets FE_INVALID (and traps if the program unmasked
/// it, as `comisd` would).
#[rustfmt::skip]
pub const RAISE_INVALID: &[u8] = &[
    0x48, 0x83, 0xec, 0x18,       // sub rsp, 24
    0xf3, 0x0f, 0x7f, 0x04, 0x24, // movdqu [rsp], xmm0
    0x66, 0x0f, 0x57, 0xc0,       // xorpd xmm0, xmm0
    0xf2, 0x0f, 0x5e, 0xc0,       // divsd xmm0, xmm0
    0xf3, 0x0f, 0x6f, 0x04, 0x24, // movdqu xmm0, [rsp]
    0x48, 0x83, 0xc4, 0x18,       // add rsp, 24
    0xc3,                         // ret
];

impl FnLower<'_, '_> {
    /// `x op y` (`+ - * /`) on two floats or doubles, folded when both
    /// are constants and gcc would fold it (see above).
    pub(super) fn float_arithmetic(
        &mut self,
        op: &BinaryOperator,
        x: Value,
        y: Value,
    ) -> Result<Value> {
        use BinaryOperator as B;
        let single = self.b.func.dfg.value_type(x) == ir_types::F32;
        let mut y = y;
        if let (Some(a), Some(b)) = (self.float_constant(x), self.float_constant(y)) {
            // A float's operands are floats: their arithmetic rounds once,
            // to float.
            let (a32, b32) = (a as f32, b as f32);
            let result = match (op, single) {
                (B::Plus, false) => a + b,
                (B::Minus, false) => a - b,
                (B::Multiply, false) => a * b,
                (B::Divide, false) => a / b,
                (B::Plus, true) => f64::from(a32 + b32),
                (B::Minus, true) => f64::from(a32 - b32),
                (B::Multiply, true) => f64::from(a32 * b32),
                _ => f64::from(a32 / b32),
            };
            let traps = (matches!(op, B::Divide) && b == 0.0)
                || (result.is_nan() && !a.is_nan() && !b.is_nan())
                || (result.is_infinite() && a.is_finite() && b.is_finite());
            if !traps {
                let ty = if single { ir_types::F32 } else { ir_types::F64 };
                return Ok(self.float_const(ty, result));
            }
            y = self.opaque_float(b, single)?;
        }
        let ins = self.b.ins();
        Ok(match op {
            B::Plus => ins.fadd(x, y),
            B::Minus => ins.fsub(x, y),
            B::Multiply => ins.fmul(x, y),
            _ => ins.fdiv(x, y),
        })
    }

    /// The value of `v` if it is a floating constant (or its negation).
    fn float_constant(&self, v: Value) -> Option<f64> {
        let dfg = &self.b.func.dfg;
        match dfg.insts[dfg.value_def(v).inst()?] {
            InstructionData::Unary {
                opcode: Opcode::Fneg,
                arg,
            } => self.float_constant(arg).map(|c| -c),
            _ => self.float_constant_of(v),
        }
    }

    /// `value` loaded from read-only data: a constant Cranelift cannot
    /// fold into the operation that uses it.
    fn opaque_float(&mut self, value: f64, single: bool) -> Result<Value> {
        let (bytes, ty) = if single {
            ((value as f32).to_le_bytes().to_vec(), ir_types::F32)
        } else {
            (value.to_le_bytes().to_vec(), ir_types::F64)
        };
        let id = self.unit.string_data(bytes)?;
        let address = self.data_address(id);
        Ok(self.b.ins().load(ty, MemFlagsData::new(), address, 0))
    }

    /// `x cc y` on two floats or doubles, signaling when `signaling` and
    /// the operands are unordered (see above).
    pub(super) fn float_comparison(
        &mut self,
        cc: FloatCC,
        x: Value,
        y: Value,
        signaling: bool,
    ) -> Result<Value> {
        let holds = self.b.ins().fcmp(cc, x, y);
        if !signaling {
            return Ok(holds);
        }
        let unordered = self.b.ins().fcmp(FloatCC::Unordered, x, y);
        let helper = self.unit.raise_invalid_helper()?;
        self.call_keeping_helper_if(unordered, helper);
        Ok(holds)
    }
}
