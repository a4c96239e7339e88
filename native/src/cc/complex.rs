//! `_Complex float`, `double` and `long double`. A float or double value
//! is its two parts' bits packed in one integer (I64 for float, I128 for
//! double; the real part low, as in memory), so it loads, stores and flows
//! through variables, `?:` and calls like any scalar; a long double one
//! (32 bytes) is carried by its address, like a struct. Arithmetic
//! unpacks the parts. As in gcc, an operation with a real operand leaves
//! the missing imaginary part out (`x * z` is `x*a + x*b i`, no `0 *
//! inf`), and the product and quotient of two complex values come from
//! libgcc's `__mul?c3` and `__div?c3`, which recover infinities from NaNs
//! as Annex G asks.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types as ir_types, InstBuilder, MemFlagsData, Value};
use lang_c::ast::{BinaryOperator, Expression, UnaryOperator};
use lang_c::span::Node;

use super::super::decl::{error, Result};
use super::super::types::{self, Type};
use super::super::x87::Helper;
use super::{FnLower, Val};

/// The arithmetic of parts.
#[derive(Clone, Copy)]
enum Part {
    Add,
    Sub,
    Mul,
    Div,
}

/// The Cranelift type of an integer part (GNU's complex integers), None
/// for a floating one.
fn integer_part(part: &Type) -> Option<ir_types::Type> {
    if part.is_integer() {
        part.ir()
    } else {
        None
    }
}

/// The real type of a complex or real type (the part type).
pub(super) fn real_part_type(ty: &Type) -> Type {
    match ty {
        Type::Complex(part) => (**part).clone(),
        other => other.clone(),
    }
}

impl FnLower<'_, '_> {
    /// GNU's `__real__ e` (`imaginary` false) or `__imag__ e`: a part of a
    /// complex value; of a real one, the value itself or a zero of its
    /// type (`e` is evaluated either way).
    pub(super) fn part_of(
        &mut self,
        e: &Node<Expression>,
        imaginary: bool,
        offset: usize,
    ) -> Result<Val> {
        let v = self.translate_expr(e)?;
        let ty = v.ty.decay();
        if let Type::Complex(part) = &ty {
            let (re, im) = self.complex_parts(v.value, part);
            let value = if imaginary { im } else { re };
            return Ok(Val {
                value,
                ty: (**part).clone(),
            });
        }
        if !ty.is_arithmetic() {
            let word = if imaginary { "__imag" } else { "__real" };
            return error(offset, format!("wrong type argument to {word}"));
        }
        if !imaginary {
            return Ok(v);
        }
        let zero = self.int(0, types::INT);
        let value = self.convert(zero, &ty, e.span.start)?;
        Ok(Val { value, ty })
    }

    /// The address and type of the part `__real__ e` or `__imag__ e`
    /// designates, for a complex lvalue `e`.
    pub(super) fn part_lvalue(
        &mut self,
        e: &Node<Expression>,
        imaginary: bool,
    ) -> Result<(Value, Type)> {
        let (address, ty) = self.translate_lvalue(e)?;
        match ty {
            Type::Complex(part) if imaginary => {
                let size = part.size().unwrap_or(0) as i64;
                Ok((self.b.ins().iadd_imm_s(address, size), (*part).clone()))
            }
            Type::Complex(part) => Ok((address, (*part).clone())),
            ty if !imaginary && ty.is_arithmetic() => Ok((address, ty)),
            _ => error(
                e.span.start,
                "lvalue required as left operand of assignment",
            ),
        }
    }

    /// The parts of the packed complex `v` whose parts have type `part`.
    pub(super) fn complex_parts(&mut self, v: Value, part: &Type) -> (Value, Value) {
        let flags = MemFlagsData::new();
        if let Some(ir) = integer_part(part) {
            if ir == ir_types::I64 {
                return self.b.ins().isplit(v);
            }
            let low = self.b.ins().ireduce(ir, v);
            let high = self.b.ins().ushr_imm_u(v, i64::from(ir.bits()));
            let high = self.b.ins().ireduce(ir, high);
            return (low, high);
        }
        if *part == Type::LongDouble {
            let re = self.b.ins().load(ir_types::I128, flags, v, 0);
            let im = self.b.ins().load(ir_types::I128, flags, v, 16);
            return (re, im);
        }
        if *part == Type::Float {
            let low = self.b.ins().ireduce(ir_types::I32, v);
            let high = self.b.ins().ushr_imm_u(v, 32);
            let high = self.b.ins().ireduce(ir_types::I32, high);
            let re = self.b.ins().bitcast(ir_types::F32, flags, low);
            let im = self.b.ins().bitcast(ir_types::F32, flags, high);
            (re, im)
        } else {
            let (low, high) = self.b.ins().isplit(v);
            let re = self.b.ins().bitcast(ir_types::F64, flags, low);
            let im = self.b.ins().bitcast(ir_types::F64, flags, high);
            (re, im)
        }
    }

    /// The packed complex of the parts `re` and `im` (of type `part`).
    pub(super) fn complex_pack(&mut self, re: Value, im: Value, part: &Type) -> Value {
        let flags = MemFlagsData::new();
        if let Some(ir) = integer_part(part) {
            if ir == ir_types::I64 {
                return self.b.ins().iconcat(re, im);
            }
            let wide = ir.double_width().expect("a part of at most 4 bytes");
            let low = self.b.ins().uextend(wide, re);
            let high = self.b.ins().uextend(wide, im);
            let high = self.b.ins().ishl_imm_u(high, i64::from(ir.bits()));
            return self.b.ins().bor(low, high);
        }
        if *part == Type::LongDouble {
            let slot = self.raw_slot(32, 16);
            let addr = self.slot_address(slot);
            self.b.ins().store(flags, re, addr, 0);
            self.b.ins().store(flags, im, addr, 16);
            return addr;
        }
        if *part == Type::Float {
            let low = self.b.ins().bitcast(ir_types::I32, flags, re);
            let high = self.b.ins().bitcast(ir_types::I32, flags, im);
            let low = self.b.ins().uextend(ir_types::I64, low);
            let high = self.b.ins().uextend(ir_types::I64, high);
            let high = self.b.ins().ishl_imm_u(high, 32);
            self.b.ins().bor(low, high)
        } else {
            let low = self.b.ins().bitcast(ir_types::I64, flags, re);
            let high = self.b.ins().bitcast(ir_types::I64, flags, im);
            self.b.ins().iconcat(low, high)
        }
    }

    /// A zero of the part type.
    fn part_zero(&mut self, part: &Type) -> Value {
        if let Some(ir) = integer_part(part) {
            return self.b.ins().iconst(ir, 0);
        }
        if *part == Type::LongDouble {
            return self.long_double_const(0);
        }
        self.float_const(part.ir().expect("a floating type"), 0.0)
    }

    /// `value` (of type `part`) times the imaginary unit: an imaginary
    /// constant such as `2.0i`.
    pub(super) fn imaginary(&mut self, value: Value, part: &Type) -> Val {
        let zero = self.part_zero(part);
        Val {
            value: self.complex_pack(zero, value, part),
            ty: Type::Complex(std::rc::Rc::new(part.clone())),
        }
    }

    /// The real and (if complex) imaginary part of `v`, converted to
    /// `part`.
    fn parts_as(&mut self, v: Val, part: &Type, offset: usize) -> Result<(Value, Option<Value>)> {
        match v.ty.clone() {
            Type::Complex(own) => {
                let (re, im) = self.complex_parts(v.value, &own);
                let re = self.convert(
                    Val {
                        value: re,
                        ty: (*own).clone(),
                    },
                    part,
                    offset,
                )?;
                let im = self.convert(
                    Val {
                        value: im,
                        ty: (*own).clone(),
                    },
                    part,
                    offset,
                )?;
                Ok((re, Some(im)))
            }
            _ => Ok((self.convert(v, part, offset)?, None)),
        }
    }

    /// Conversions into, out of and between complex types (C11 6.3.1.7):
    /// a real value gets a zero imaginary part; a complex one converted to
    /// a real type keeps its real part; to `_Bool`, whether either part is
    /// nonzero.
    pub(super) fn complex_convert(&mut self, v: Val, to: &Type, offset: usize) -> Result<Value> {
        if *to == Type::Bool {
            return Ok(self.truth_i8(v));
        }
        match (v.ty.clone(), to) {
            (_, Type::Complex(part)) => {
                let (re, im) = self.parts_as(v, part, offset)?;
                let im = match im {
                    Some(im) => im,
                    None => self.part_zero(part),
                };
                Ok(self.complex_pack(re, im, part))
            }
            (Type::Complex(part), _) => {
                let (re, _) = self.complex_parts(v.value, &part);
                self.convert(
                    Val {
                        value: re,
                        ty: (*part).clone(),
                    },
                    to,
                    offset,
                )
            }
            _ => error(
                offset,
                format!("cannot convert {} to {}", v.ty.name(), to.name()),
            ),
        }
    }

    /// A complex value's truth as an I8: either part nonzero.
    pub(super) fn complex_truth(&mut self, v: Value, part: &Type) -> Value {
        let (re, im) = self.complex_parts(v, part);
        if integer_part(part).is_some() {
            let re = self.b.ins().icmp_imm_u(IntCC::NotEqual, re, 0);
            let im = self.b.ins().icmp_imm_u(IntCC::NotEqual, im, 0);
            return self.b.ins().bor(re, im);
        }
        if *part == Type::LongDouble {
            let re = self.long_double_truth(re);
            let im = self.long_double_truth(im);
            return self.b.ins().bor(re, im);
        }
        let zero = self.part_zero(part);
        let re = self.b.ins().fcmp(FloatCC::NotEqual, re, zero);
        let im = self.b.ins().fcmp(FloatCC::NotEqual, im, zero);
        self.b.ins().bor(re, im)
    }

    /// `-z`, `+z` and GNU's `~z` (the conjugate).
    pub(super) fn complex_unary(&mut self, op: &UnaryOperator, v: Val) -> Result<Val> {
        let part = real_part_type(&v.ty);
        let (re, im) = self.complex_parts(v.value, &part);
        let (re, im) = match op {
            UnaryOperator::Minus => (self.part_neg(&part, re), self.part_neg(&part, im)),
            UnaryOperator::Complement => (re, self.part_neg(&part, im)),
            _ => (re, im),
        };
        Ok(Val {
            value: self.complex_pack(re, im, &part),
            ty: v.ty,
        })
    }

    /// `l op r` where either operand is complex.
    pub(super) fn complex_binary(
        &mut self,
        op: &BinaryOperator,
        l: Val,
        r: Val,
        offset: usize,
    ) -> Result<Val> {
        use BinaryOperator as B;
        let part = Self::common(&real_part_type(&l.ty), &real_part_type(&r.ty));
        let names = (l.ty.name(), r.ty.name());
        let (a, b) = self.parts_as(l, &part, offset)?;
        let (c, d) = self.parts_as(r, &part, offset)?;
        let ty = Type::Complex(std::rc::Rc::new(part.clone()));
        let (re, im) = match op {
            B::Plus | B::Minus => {
                let arith = if *op == B::Plus { Part::Add } else { Part::Sub };
                let re = self.part_op(&part, arith, a, c, offset)?;
                let im = match (b, d) {
                    (Some(b), Some(d)) => self.part_op(&part, arith, b, d, offset)?,
                    (Some(b), None) => b,
                    (None, Some(d)) if *op == B::Plus => d,
                    (None, Some(d)) => self.part_neg(&part, d),
                    (None, None) => self.part_zero(&part),
                };
                (re, im)
            }
            B::Multiply => match (b, d) {
                (Some(b), Some(d)) if part.is_integer() => self.integer_product([a, b, c, d]),
                (Some(b), Some(d)) => return self.complex_libcall("mul", &part, [a, b, c, d]),
                (Some(b), None) => (
                    self.part_op(&part, Part::Mul, a, c, offset)?,
                    self.part_op(&part, Part::Mul, b, c, offset)?,
                ),
                (None, Some(d)) => (
                    self.part_op(&part, Part::Mul, a, c, offset)?,
                    self.part_op(&part, Part::Mul, a, d, offset)?,
                ),
                (None, None) => (
                    self.part_op(&part, Part::Mul, a, c, offset)?,
                    self.part_zero(&part),
                ),
            },
            B::Divide => match (b, d) {
                (Some(b), None) => (
                    self.part_op(&part, Part::Div, a, c, offset)?,
                    self.part_op(&part, Part::Div, b, c, offset)?,
                ),
                (b, d) => {
                    let b = b.unwrap_or_else(|| self.part_zero(&part));
                    let d = d.unwrap_or_else(|| self.part_zero(&part));
                    if part.is_integer() {
                        self.integer_quotient(&part, [a, b, c, d], offset)?
                    } else {
                        return self.complex_libcall("div", &part, [a, b, c, d]);
                    }
                }
            },
            B::Equals | B::NotEquals => {
                let b = b.unwrap_or_else(|| self.part_zero(&part));
                let d = d.unwrap_or_else(|| self.part_zero(&part));
                let re = self.part_equal(&part, a, c, offset)?;
                let im = self.part_equal(&part, b, d, offset)?;
                let equal = self.b.ins().band(re, im);
                let flag = if *op == B::Equals {
                    equal
                } else {
                    self.b.ins().bxor_imm_u(equal, 1)
                };
                return Ok(Val {
                    value: self.b.ins().uextend(ir_types::I32, flag),
                    ty: types::INT,
                });
            }
            _ => {
                return error(
                    offset,
                    format!(
                        "invalid operands to binary expression (have '{}' and '{}')",
                        names.0, names.1
                    ),
                )
            }
        };
        Ok(Val {
            value: self.complex_pack(re, im, &part),
            ty,
        })
    }

    /// `x op y` on two parts of type `part` (the x87 helpers for long
    /// double).
    fn part_op(
        &mut self,
        part: &Type,
        op: Part,
        x: Value,
        y: Value,
        offset: usize,
    ) -> Result<Value> {
        if *part == Type::LongDouble {
            let op = match op {
                Part::Add => BinaryOperator::Plus,
                Part::Sub => BinaryOperator::Minus,
                Part::Mul => BinaryOperator::Multiply,
                Part::Div => BinaryOperator::Divide,
            };
            return self
                .long_double_arith(&op, x, y, offset)?
                .map_or_else(|| error(offset, "no long double arithmetic"), Ok);
        }
        if part.is_integer() {
            return Ok(match op {
                Part::Add => self.b.ins().iadd(x, y),
                Part::Sub => self.b.ins().isub(x, y),
                Part::Mul => self.b.ins().imul(x, y),
                Part::Div => {
                    let signed = part.is_signed();
                    self.check_division(x, y, signed)?;
                    if signed {
                        self.b.ins().sdiv(x, y)
                    } else {
                        self.b.ins().udiv(x, y)
                    }
                }
            });
        }
        Ok(match op {
            Part::Add => self.b.ins().fadd(x, y),
            Part::Sub => self.b.ins().fsub(x, y),
            Part::Mul => self.b.ins().fmul(x, y),
            Part::Div => self.b.ins().fdiv(x, y),
        })
    }

    fn part_neg(&mut self, part: &Type, x: Value) -> Value {
        if part.is_integer() {
            self.b.ins().ineg(x)
        } else if *part == Type::LongDouble {
            self.long_double_negate(x)
        } else {
            self.b.ins().fneg(x)
        }
    }

    /// Whether two parts are equal, as an I8.
    fn part_equal(&mut self, part: &Type, x: Value, y: Value, offset: usize) -> Result<Value> {
        if *part == Type::LongDouble {
            return self
                .long_double_compare(&BinaryOperator::Equals, x, y, offset)?
                .map_or_else(|| error(offset, "no long double comparison"), Ok);
        }
        if part.is_integer() {
            return Ok(self.b.ins().icmp(IntCC::Equal, x, y));
        }
        Ok(self.b.ins().fcmp(FloatCC::Equal, x, y))
    }

    /// `(a + bi)(c + di)` of complex integers, as gcc computes it:
    /// `(ac - bd) + (ad + bc)i`, wrapping.
    fn integer_product(&mut self, [a, b, c, d]: [Value; 4]) -> (Value, Value) {
        let (ac, bd) = (self.b.ins().imul(a, c), self.b.ins().imul(b, d));
        let (ad, bc) = (self.b.ins().imul(a, d), self.b.ins().imul(b, c));
        (self.b.ins().isub(ac, bd), self.b.ins().iadd(ad, bc))
    }

    /// `(a + bi)/(c + di)` of complex integers, as gcc computes it: by
    /// Smith's method in integer division (gcc's `expand_complex_div_wide`),
    /// scaling by the ratio of the smaller part of the divisor to the
    /// larger.
    fn integer_quotient(
        &mut self,
        part: &Type,
        [a, b, c, d]: [Value; 4],
        offset: usize,
    ) -> Result<(Value, Value)> {
        let ir = integer_part(part).expect("an integer part");
        let (abs_c, abs_d) = if part.is_signed() {
            (self.b.ins().iabs(c), self.b.ins().iabs(d))
        } else {
            (c, d)
        };
        let c_smaller = self.b.ins().icmp(IntCC::UnsignedLessThan, abs_c, abs_d);
        let (smaller_c, smaller_d, done) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.append_block_param(done, ir);
        self.b.append_block_param(done, ir);
        self.b.ins().brif(c_smaller, smaller_c, &[], smaller_d, &[]);
        // |c| < |d|: ratio = c/d; (a·ratio + b, b·ratio - a) / (c·ratio + d).
        self.b.switch_to_block(smaller_c);
        let (re, im) = self.smith_branch(part, [a, b, c, d], false, offset)?;
        self.b.ins().jump(done, &[re.into(), im.into()]);
        // Otherwise the same with the parts swapped: ratio = d/c;
        // (b·ratio + a, b - a·ratio) / (d·ratio + c).
        self.b.switch_to_block(smaller_d);
        let (re, im) = self.smith_branch(part, [b, a, d, c], true, offset)?;
        self.b.ins().jump(done, &[re.into(), im.into()]);
        self.b.switch_to_block(done);
        let params = self.b.block_params(done);
        Ok((params[0], params[1]))
    }

    /// One branch of Smith's method: with `ratio = s/t`,
    /// `(p·ratio + q, q·ratio - p) / (s·ratio + t)`, or with the parts
    /// `swapped`, `p - q·ratio` as the second dividend.
    fn smith_branch(
        &mut self,
        part: &Type,
        [p, q, s, t]: [Value; 4],
        swapped: bool,
        offset: usize,
    ) -> Result<(Value, Value)> {
        let ratio = self.part_op(part, Part::Div, s, t, offset)?;
        let b = &mut self.b;
        let (pr, qr, sr) = (
            b.ins().imul(p, ratio),
            b.ins().imul(q, ratio),
            b.ins().imul(s, ratio),
        );
        let re = b.ins().iadd(pr, q);
        let im = if swapped {
            b.ins().isub(p, qr)
        } else {
            b.ins().isub(qr, p)
        };
        let divisor = b.ins().iadd(sr, t);
        Ok((
            self.part_op(part, Part::Div, re, divisor, offset)?,
            self.part_op(part, Part::Div, im, divisor, offset)?,
        ))
    }

    /// `(a + bi) op (c + di)` by libgcc's `__mulsc3`/`__muldc3`/`__divsc3`/
    /// `__divdc3`, which return the complex result as the psABI returns
    /// one: packed in xmm0 (float), or in xmm0 and xmm1 (double).
    fn complex_libcall(&mut self, op: &str, part: &Type, args: [Value; 4]) -> Result<Val> {
        let ty = Type::Complex(std::rc::Rc::new(part.clone()));
        if *part == Type::LongDouble {
            return self.long_double_libcall(op, ty, args);
        }
        let (letter, param) = if *part == Type::Float {
            ('s', ir_types::F32)
        } else {
            ('d', ir_types::F64)
        };
        let name = format!("__{op}{letter}c3");
        let results: &[_] = if *part == Type::Float {
            &[ir_types::F64]
        } else {
            &[ir_types::F64, ir_types::F64]
        };
        let routine = self
            .unit
            .runtime_function_returning(&name, &[param; 4], results)?;
        let routine = self.func_ref(routine);
        let call = self.b.ins().call(routine, &args);
        let results = self.b.inst_results(call).to_vec();
        let value = if *part == Type::Float {
            self.b
                .ins()
                .bitcast(ir_types::I64, MemFlagsData::new(), results[0])
        } else {
            self.complex_pack(results[0], results[1], part)
        };
        Ok(Val { value, ty })
    }

    /// `__mulxc3`/`__divxc3`: the four long double operands in memory on
    /// the stack, the result in st(0) and st(1), as the psABI passes them.
    fn long_double_libcall(&mut self, op: &str, ty: Type, args: [Value; 4]) -> Result<Val> {
        let parts = [
            Type::LongDouble,
            Type::LongDouble,
            Type::LongDouble,
            Type::LongDouble,
        ];
        let Some(fn_abi) = super::super::abi::signature(&ty, &parts) else {
            return error(0, "no signature for a complex long double routine");
        };
        let routine = self
            .unit
            .runtime_function_with(&format!("__{op}xc3"), &fn_abi.sig)?;
        let routine = self.func_ref(routine);
        let addresses: Vec<Value> = args
            .iter()
            .map(|&arg| self.spill_scalar(arg, &Type::LongDouble))
            .collect();
        self.b.ins().call(routine, &addresses);
        let re = self.x87_value(Helper::Pop, &[], 0)?;
        let im = self.x87_value(Helper::Pop, &[], 0)?;
        Ok(Val {
            value: self.complex_pack(re, im, &Type::LongDouble),
            ty,
        })
    }
}
