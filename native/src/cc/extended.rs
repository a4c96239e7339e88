//! Lowering `long double` operations. A value is its 80-bit x87 pattern in
//! an I128 (see long_double.rs); Cranelift cannot compute on it, so
//! arithmetic, comparisons and conversions call the x87 helpers every
//! object carries (x87.rs). Negation flips the sign bit in place.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, types as ir_types, InstBuilder, Value};
use lang_c::ast::BinaryOperator;

use super::super::decl::{error, Result};
use super::super::long_double as ld;
use super::super::types::{self, Type};
use super::super::x87::Helper;
use super::{FnLower, Val};

/// The sign bit of the 80-bit format.
const SIGN: u128 = 1 << 79;

impl FnLower<'_, '_> {
    /// Calls the x87 helper `helper` with `args`; its result, if any.
    pub(super) fn x87(&mut self, helper: Helper, args: &[Value]) -> Result<Option<Value>> {
        let id = self.unit.x87_helper(helper)?;
        let fref = self.func_ref(id);
        let call = self.b.ins().call(fref, args);
        Ok(self.b.inst_results(call).first().copied())
    }

    pub(super) fn x87_value(
        &mut self,
        helper: Helper,
        args: &[Value],
        offset: usize,
    ) -> Result<Value> {
        match self.x87(helper, args)? {
            Some(v) => Ok(v),
            None => error(offset, "an x87 helper without a result"),
        }
    }

    /// A long double constant from its bits.
    pub(super) fn long_double_const(&mut self, bits: ld::Bits) -> Value {
        let low = self.b.ins().iconst(ir_types::I64, bits as u64 as i64);
        let high = self
            .b
            .ins()
            .iconst(ir_types::I64, (bits >> 64) as u64 as i64);
        self.b.ins().iconcat(low, high)
    }

    pub(super) fn long_double_negate(&mut self, x: Value) -> Value {
        if let Some(bits) = self.long_double_constant_of(x) {
            // `-1e10L` stays a constant, which conversions fold.
            return self.long_double_const(bits ^ SIGN);
        }
        let sign = self.long_double_const(SIGN);
        self.b.ins().bxor(x, sign)
    }

    /// The bits of `x` when `long_double_const` made it.
    fn long_double_constant_of(&self, x: Value) -> Option<ld::Bits> {
        let ir::ValueDef::Result(inst, _) = self.b.func.dfg.value_def(x) else {
            return None;
        };
        let ir::InstructionData::Binary {
            opcode: ir::Opcode::Iconcat,
            args: [low, high],
        } = self.b.func.dfg.insts[inst]
        else {
            return None;
        };
        let (low, high) = (self.constant_of(low)?, self.constant_of(high)?);
        Some(u128::from(low as u64) | (u128::from(high as u64) << 64))
    }

    /// `wide` (a long double truncated to 64 bits, fisttp's way) as the
    /// integer type of `size` bytes, as gcc's code converts: through a
    /// 16-bit fistp for char and short, 32-bit for unsigned short and
    /// int, so that a value out of that range gives its minimum (the
    /// "integer indefinite"), and 64-bit for the wider types.
    fn narrow_as_fistp(&mut self, wide: Value, size: u8, signed: bool, target: ir::Type) -> Value {
        let through = match (size, signed) {
            (1, _) | (2, true) => ir_types::I16,
            (2, false) | (4, true) => ir_types::I32,
            _ => ir_types::I64,
        };
        let value = if through == ir_types::I64 {
            wide
        } else {
            let narrow = self.b.ins().ireduce(through, wide);
            let back = self.b.ins().sextend(ir_types::I64, narrow);
            let fits = self.b.ins().icmp(IntCC::Equal, back, wide);
            let minimum = self.iconst_wrapped(through, i64::MIN >> (64 - through.bits()));
            self.b.ins().select(fits, narrow, minimum)
        };
        if target.bits() < through.bits() {
            self.b.ins().ireduce(target, value)
        } else {
            value
        }
    }

    /// `x op y` for the arithmetic operators; None for the others.
    pub(super) fn long_double_arith(
        &mut self,
        op: &BinaryOperator,
        x: Value,
        y: Value,
        offset: usize,
    ) -> Result<Option<Value>> {
        use BinaryOperator as B;
        let helper = match op {
            B::Plus => Helper::Add,
            B::Minus => Helper::Sub,
            B::Multiply => Helper::Mul,
            B::Divide => Helper::Div,
            _ => return Ok(None),
        };
        self.x87_value(helper, &[x, y], offset).map(Some)
    }

    /// `x op y` for a comparison operator, as an I8 truth (None for the
    /// others). NaNs compare unordered: only `!=` holds.
    pub(super) fn long_double_compare(
        &mut self,
        op: &BinaryOperator,
        x: Value,
        y: Value,
        offset: usize,
    ) -> Result<Option<Value>> {
        use BinaryOperator as B;
        // The orders that make it hold (see `long_double_order`).
        let (mask, holds) = match op {
            B::Less => (1, true),
            B::LessOrEqual => (3, true),
            B::Greater => (4, true),
            B::GreaterOrEqual => (6, true),
            B::Equals => (2, true),
            B::NotEquals => (2, false),
            _ => return Ok(None),
        };
        // The relational operators are signaling (see fenv.rs).
        let helper = match op {
            B::Equals | B::NotEquals => Helper::Compare,
            _ => Helper::CompareSignaling,
        };
        let order = self.x87_value(helper, &[x, y], offset)?;
        let bits = self.b.ins().band_imm_u(order, mask);
        let within = self.b.ins().icmp_imm_u(IntCC::NotEqual, bits, 0);
        Ok(Some(if holds {
            within
        } else {
            self.b.ins().bxor_imm_u(within, 1)
        }))
    }

    /// Whether the order of `x` and `y` is one of `mask`'s (1 less, 2
    /// equal, 4 greater, 8 unordered), as an I8 truth.
    pub(super) fn long_double_order(
        &mut self,
        x: Value,
        y: Value,
        mask: i64,
        offset: usize,
    ) -> Result<Value> {
        let order = self.x87_value(Helper::Compare, &[x, y], offset)?;
        let bits = self.b.ins().band_imm_u(order, mask);
        Ok(self.b.ins().icmp_imm_u(IntCC::NotEqual, bits, 0))
    }

    /// A long double's truth as an I8: whether any bit but the sign (and
    /// the padding above it) is set, so both zeros are false and NaNs
    /// true.
    pub(super) fn long_double_truth(&mut self, x: Value) -> Value {
        let magnitude = self.b.ins().ishl_imm_u(x, 128 - 79);
        let zero = self.long_double_const(0);
        self.b.ins().icmp(IntCC::NotEqual, magnitude, zero)
    }

    /// `x op y` on two long doubles: arithmetic, or a comparison (an int).
    pub(super) fn long_double_binary(
        &mut self,
        op: &BinaryOperator,
        x: Value,
        y: Value,
        offset: usize,
    ) -> Result<Val> {
        if let Some(value) = self.long_double_arith(op, x, y, offset)? {
            return Ok(Val {
                value,
                ty: Type::LongDouble,
            });
        }
        if let Some(flag) = self.long_double_compare(op, x, y, offset)? {
            return Ok(Val {
                value: self.b.ins().uextend(ir_types::I32, flag),
                ty: types::INT,
            });
        }
        error(offset, "invalid operands to binary operator (long double)")
    }

    /// Returns `x` from the function as the psABI returns a long double:
    /// in st(0), loaded just before the return (after the cleanups, so
    /// that no call comes between).
    pub(super) fn return_long_double(&mut self, x: Value) -> Result<()> {
        self.leave_blocks(0);
        self.push_and_return(x)
    }

    /// Loads `x` into st(0) and returns, the cleanups already run.
    pub(super) fn push_and_return(&mut self, x: Value) -> Result<()> {
        self.x87(Helper::Push, &[x])?;
        self.return_now(&[]);
        Ok(())
    }

    /// `x` converted to `__int128` (`to`) by libgcc's `routine`, which
    /// takes the long double in memory on the stack.
    fn long_double_to_int128(&mut self, routine: &str, x: Value, to: &Type) -> Result<Value> {
        let Some(fn_abi) = super::super::abi::signature(to, &[Type::LongDouble]) else {
            return error(0, "no signature for a long double conversion routine");
        };
        let routine = self.unit.runtime_function_with(routine, &fn_abi.sig)?;
        let routine = self.func_ref(routine);
        let address = self.spill_scalar(x, &Type::LongDouble);
        let call = self.b.ins().call(routine, &[address]);
        Ok(self.b.inst_results(call)[0])
    }

    /// Converts `x` between `long double` and another arithmetic type.
    pub(super) fn long_double_convert(
        &mut self,
        x: Value,
        from: &Type,
        to: &Type,
        offset: usize,
    ) -> Result<Value> {
        if *from == Type::LongDouble {
            return match to {
                Type::Double => self.x87_value(Helper::ToF64, &[x], offset),
                Type::Float => self.x87_value(Helper::ToF32, &[x], offset),
                Type::Int {
                    size: 16, signed, ..
                } => {
                    let routine = if *signed { "__fixxfti" } else { "__fixunsxfti" };
                    self.long_double_to_int128(routine, x, to)
                }
                Type::Int { size, signed, .. } => {
                    let target = to.ir().unwrap_or(ir_types::I64);
                    if let Some(bits) = self.long_double_constant_of(x) {
                        // A constant folds as gcc folds it, saturated.
                        let width = usize::from(*size) * 8;
                        let value = if *signed {
                            ld::to_i64(bits, width)
                        } else {
                            ld::to_u64(bits, width) as i64
                        };
                        return Ok(self.iconst_wrapped(target, value));
                    }
                    let helper = if !*signed && *size == 8 {
                        Helper::ToU64
                    } else {
                        Helper::ToI64
                    };
                    let wide = self.x87_value(helper, &[x], offset)?;
                    Ok(self.narrow_as_fistp(wide, *size, *signed, target))
                }
                _ => error(
                    offset,
                    format!("cannot convert long double to {}", to.name()),
                ),
            };
        }
        match from {
            Type::Double => self.x87_value(Helper::FromF64, &[x], offset),
            Type::Float => self.x87_value(Helper::FromF32, &[x], offset),
            Type::Int {
                size: 16, signed, ..
            } => {
                let routine = if *signed {
                    "__floattixf"
                } else {
                    "__floatuntixf"
                };
                let routine =
                    self.unit
                        .runtime_function_returning(routine, &[ir_types::I128], &[])?;
                let routine = self.func_ref(routine);
                self.b.ins().call(routine, &[x]);
                // The result is in st(0), as the psABI returns it.
                self.x87_value(Helper::Pop, &[], offset)
            }
            t if t.is_integer() => {
                let wide = match (t.ir(), t.is_signed()) {
                    (Some(ir_types::I64), _) => x,
                    (_, true) => self.b.ins().sextend(ir_types::I64, x),
                    (_, false) => self.b.ins().uextend(ir_types::I64, x),
                };
                let unsigned_long = matches!(
                    t,
                    Type::Int {
                        size: 8,
                        signed: false,
                        ..
                    }
                );
                let helper = if unsigned_long {
                    Helper::FromU64
                } else {
                    Helper::FromI64
                };
                self.x87_value(helper, &[wide], offset)
            }
            _ => error(
                offset,
                format!("cannot convert {} to long double", from.name()),
            ),
        }
    }
}
