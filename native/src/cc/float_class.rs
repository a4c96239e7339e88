//! The floating-point classification and quiet comparison builtins that
//! glibc's <math.h> uses for GNU C (`isnan`, `isinf`, `isfinite`,
//! `isnormal`, `fpclassify`, `isgreater` and the rest): computed inline,
//! as gcc does. float and double are tested with comparisons (which are
//! quiet: `ucomiss`), long double on its bits (see long_double.rs).

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types as ir_types, InstBuilder, Value};
use lang_c::ast::Expression;
use lang_c::span::Node;

use super::super::decl::{error, Result};
use super::super::types::{self, Type};
use super::{FnLower, Val};

/// What a floating value is, each an I8 truth.
struct Class {
    nan: Value,
    infinite: Value,
    normal: Value,
    zero: Value,
}

/// The x87 format's exponent field (bits 64 to 78) when all ones.
const LONG_DOUBLE_EXPONENT: i64 = 0x7fff;

/// The classification builtins `float_class_builtin` lowers (after
/// `__builtin_`).
pub(super) const NAMES: &[&str] = &[
    "isgreater",
    "isgreaterequal",
    "isless",
    "islessequal",
    "islessgreater",
    "isunordered",
    "isnan",
    "isnanf",
    "isnanl",
    "isinf",
    "isinff",
    "isinfl",
    "isfinite",
    "finite",
    "finitef",
    "finitel",
    "isnormal",
    "isinf_sign",
    "fpclassify",
];

impl FnLower<'_, '_> {
    /// `__builtin_<base>(args)` if `base` names a classification or a
    /// quiet comparison; None otherwise.
    pub(super) fn float_class_builtin(
        &mut self,
        base: &str,
        args: &[Node<Expression>],
        offset: usize,
    ) -> Result<Option<Val>> {
        let name = format!("__builtin_{base}");
        let arity = |n: usize| super::builtins::check_arity(&name, args, n, offset);
        let truth = match base {
            "isgreater" | "isgreaterequal" | "isless" | "islessequal" | "islessgreater"
            | "isunordered" => {
                arity(2)?;
                self.quiet_compare(base, &args[0], &args[1], offset)?
            }
            "isnan" | "isnanf" | "isnanl" => {
                arity(1)?;
                self.float_class(&args[0], base)?.nan
            }
            "isinf" | "isinff" | "isinfl" => {
                arity(1)?;
                self.float_class(&args[0], base)?.infinite
            }
            "isfinite" | "finite" | "finitef" | "finitel" => {
                arity(1)?;
                let class = self.float_class(&args[0], base)?;
                let not_finite = self.b.ins().bor(class.nan, class.infinite);
                self.b.ins().bxor_imm_u(not_finite, 1)
            }
            "isnormal" => {
                arity(1)?;
                self.float_class(&args[0], base)?.normal
            }
            "isinf_sign" => {
                arity(1)?;
                let v = self.translate_expr(&args[0])?;
                let class = self.class_of(v.clone(), base, offset)?;
                let negative = self.translate_builtin_sign(v, base, offset)?;
                let one = self.b.ins().iconst(ir_types::I32, 1);
                let minus_one = self.b.ins().iconst(ir_types::I32, -1);
                let zero = self.b.ins().iconst(ir_types::I32, 0);
                let signed = self.b.ins().select(negative, minus_one, one);
                let value = self.b.ins().select(class.infinite, signed, zero);
                return Ok(Some(Val {
                    value,
                    ty: types::INT,
                }));
            }
            // fpclassify(nan, infinite, normal, subnormal, zero, x).
            "fpclassify" => {
                arity(6)?;
                let class = self.float_class(&args[5], base)?;
                let mut results = Vec::new();
                for arg in &args[..5] {
                    let v = self.translate_expr(arg)?;
                    results.push(self.convert(v, &types::INT, offset)?);
                }
                let small = self.b.ins().select(class.zero, results[4], results[3]);
                let finite = self.b.ins().select(class.normal, results[2], small);
                let value = self.b.ins().select(class.infinite, results[1], finite);
                let value = self.b.ins().select(class.nan, results[0], value);
                return Ok(Some(Val {
                    value,
                    ty: types::INT,
                }));
            }
            _ => return Ok(None),
        };
        Ok(Some(Val {
            value: self.b.ins().uextend(ir_types::I32, truth),
            ty: types::INT,
        }))
    }

    /// Whether `v` is negative (its sign bit), an I8 truth.
    fn translate_builtin_sign(&mut self, v: Val, base: &str, offset: usize) -> Result<Value> {
        let ty = floating_type(&v.ty, base, offset)?;
        let x = self.convert(v, &ty, offset)?;
        Ok(self.sign_of(x, &ty))
    }

    /// The sign bit of `x`, of floating type `ty`, as an I8 truth (set for
    /// -0.0 and negative NaNs too).
    pub(super) fn sign_of(&mut self, x: Value, ty: &Type) -> Value {
        let flags = cranelift_codegen::ir::MemFlagsData::new();
        let (bits, sign) = match ty {
            Type::Float => (self.b.ins().bitcast(ir_types::I32, flags, x), 31),
            Type::Double => (self.b.ins().bitcast(ir_types::I64, flags, x), 63),
            _ => (x, 79),
        };
        let shifted = self.b.ins().ushr_imm_u(bits, sign);
        let bit = self.b.ins().band_imm_u(shifted, 1);
        self.b.ins().icmp_imm_u(IntCC::NotEqual, bit, 0)
    }

    /// The class of argument `e` (a refusal points at it, as gcc's does).
    fn float_class(&mut self, e: &Node<Expression>, base: &str) -> Result<Class> {
        let v = self.translate_expr(e)?;
        self.class_of(v, base, e.span.start)
    }

    fn class_of(&mut self, v: Val, base: &str, offset: usize) -> Result<Class> {
        let ty = floating_type(&v.ty, base, offset)?;
        let x = self.convert(v, &ty, offset)?;
        if ty == Type::LongDouble {
            return Ok(self.long_double_class(x));
        }
        let (infinity, smallest_normal, zero) = if ty == Type::Float {
            (
                self.b.ins().f32const(f32::INFINITY),
                self.b.ins().f32const(f32::MIN_POSITIVE),
                self.b.ins().f32const(0.0),
            )
        } else {
            (
                self.b.ins().f64const(f64::INFINITY),
                self.b.ins().f64const(f64::MIN_POSITIVE),
                self.b.ins().f64const(0.0),
            )
        };
        let magnitude = self.b.ins().fabs(x);
        let nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
        let infinite = self.b.ins().fcmp(FloatCC::Equal, magnitude, infinity);
        let finite = self.b.ins().fcmp(FloatCC::LessThan, magnitude, infinity);
        let large = self
            .b
            .ins()
            .fcmp(FloatCC::GreaterThanOrEqual, magnitude, smallest_normal);
        let normal = self.b.ins().band(finite, large);
        let zero = self.b.ins().fcmp(FloatCC::Equal, x, zero);
        Ok(Class {
            nan,
            infinite,
            normal,
            zero,
        })
    }

    /// The class of the x87 value `x` from its exponent and significand
    /// (whose explicit integer bit is ignored, as for NaNs and
    /// infinities the hardware ignores it too).
    fn long_double_class(&mut self, x: Value) -> Class {
        let (low, high) = self.b.ins().isplit(x);
        let exponent = self.b.ins().band_imm_u(high, LONG_DOUBLE_EXPONENT);
        let fraction = self.b.ins().ishl_imm_u(low, 1);
        let all_ones = self
            .b
            .ins()
            .icmp_imm_u(IntCC::Equal, exponent, LONG_DOUBLE_EXPONENT);
        let no_fraction = self.b.ins().icmp_imm_u(IntCC::Equal, fraction, 0);
        let has_fraction = self.b.ins().icmp_imm_u(IntCC::NotEqual, fraction, 0);
        let nan = self.b.ins().band(all_ones, has_fraction);
        let infinite = self.b.ins().band(all_ones, no_fraction);
        let exponent_zero = self.b.ins().icmp_imm_u(IntCC::Equal, exponent, 0);
        let significand_zero = self.b.ins().icmp_imm_u(IntCC::Equal, low, 0);
        let zero = self.b.ins().band(exponent_zero, significand_zero);
        let special = self.b.ins().bor(all_ones, exponent_zero);
        let normal = self.b.ins().bxor_imm_u(special, 1);
        Class {
            nan,
            infinite,
            normal,
            zero,
        }
    }

    /// `isgreater(x, y)` and kin: the comparison without an invalid
    /// exception for NaNs, in the operands' common type.
    fn quiet_compare(
        &mut self,
        base: &str,
        x: &Node<Expression>,
        y: &Node<Expression>,
        offset: usize,
    ) -> Result<Value> {
        let (x, y) = (self.translate_expr(x)?, self.translate_expr(y)?);
        let ty = Self::common(&x.ty.decay(), &y.ty.decay());
        if !ty.is_float() {
            return error(
                offset,
                format!("non-floating-point arguments in call to function '__builtin_{base}'"),
            );
        }
        let (x, y) = (self.convert(x, &ty, offset)?, self.convert(y, &ty, offset)?);
        if ty == Type::LongDouble {
            let mask = match base {
                "isgreater" => 4,
                "isgreaterequal" => 6,
                "isless" => 1,
                "islessequal" => 3,
                "islessgreater" => 5,
                _ => 8,
            };
            return self.long_double_order(x, y, mask, offset);
        }
        let cc = match base {
            "isgreater" => FloatCC::GreaterThan,
            "isgreaterequal" => FloatCC::GreaterThanOrEqual,
            "isless" => FloatCC::LessThan,
            "islessequal" => FloatCC::LessThanOrEqual,
            "islessgreater" => FloatCC::OrderedNotEqual,
            _ => FloatCC::Unordered,
        };
        Ok(self.b.ins().fcmp(cc, x, y))
    }
}

/// The floating type a classification of `base` works in: the
/// argument's own (gcc refuses any other, integers too).
fn floating_type(ty: &Type, base: &str, offset: usize) -> Result<Type> {
    match ty.decay() {
        t if t.is_float() => Ok(t),
        _ => error(
            offset,
            format!("non-floating-point argument in call to function '__builtin_{base}'"),
        ),
    }
}
