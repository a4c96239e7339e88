//! GNU C's vector types (`typedef int v4si __attribute__((vector_size(16)))`).
//! A vector value is held in memory like a struct (its address is the
//! value), and every operator works lane by lane with the scalar
//! operators of lower.rs, so each lane follows C's rules for its type:
//! `v + w`, `v << 2`, `v / w` (a zero lane faults as a scalar division
//! does), `-v`, `~v`. A scalar operand stands for a vector of that value.
//! A comparison gives a vector of signed integers of the lanes' size,
//! -1 where it holds and 0 where not. `v[i]` is the lane's lvalue, and a
//! cast reinterprets the bits of a vector or integer of the same size.

use cranelift_codegen::ir::{self, InstBuilder, MemFlagsData, Value};
use lang_c::ast::{BinaryOperator, Expression, UnaryOperator};
use lang_c::span::Node;

use super::super::decl::{error, Result};
use super::super::types::{compatible, takes_whole, IntKind, Type};
use super::{FnLower, Val};

/// The lanes of a vector type.
fn lanes_of(ty: &Type) -> Option<(Type, u64)> {
    match ty {
        Type::Vector(lane, lanes) => Some(((**lane).clone(), *lanes)),
        _ => None,
    }
}

/// How C spells a binary operator, for messages.
pub(super) fn symbol(op: &BinaryOperator) -> &'static str {
    use BinaryOperator as B;
    match op {
        B::Plus => "+",
        B::Minus => "-",
        B::Multiply => "*",
        B::Divide => "/",
        B::Modulo => "%",
        B::ShiftLeft => "<<",
        B::ShiftRight => ">>",
        B::Less => "<",
        B::Greater => ">",
        B::LessOrEqual => "<=",
        B::GreaterOrEqual => ">=",
        B::Equals => "==",
        B::NotEquals => "!=",
        B::BitwiseAnd => "&",
        B::BitwiseXor => "^",
        B::BitwiseOr => "|",
        _ => "operator",
    }
}

/// A scalar operand's value, when it is a constant.
#[derive(Clone, Copy)]
enum Known {
    Int(i128),
    Float(f64),
}

/// The bits of precision a value of `ty` has: an integer's width, a
/// floating type's significand.
fn significand(ty: &Type) -> u32 {
    match ty {
        Type::Float => 24,
        Type::Double => 53,
        Type::LongDouble => 64,
        other => other.precision() - u32::from(other.is_signed()),
    }
}

/// The signed integer type as wide as `lane`: a comparison's lane type.
fn mask_lane(lane: &Type) -> Type {
    Type::Int {
        size: lane.size().unwrap_or(4) as u8,
        signed: true,
        kind: IntKind::Mask,
    }
}

impl FnLower<'_, '_> {
    /// The constant a scalar operand's value is, looking through the sign
    /// of an integer (`-1`), as gcc sees a constant there.
    fn known(&self, v: Value, ty: &Type) -> Option<Known> {
        let ir::ValueDef::Result(inst, _) = self.b.func.dfg.value_def(v) else {
            return None;
        };
        match self.b.func.dfg.insts[inst] {
            ir::InstructionData::UnaryImm { .. } => {
                let value = self.constant_of(v)?;
                if ty.is_signed() {
                    return Some(Known::Int(i128::from(value)));
                }
                let bits = ty.precision().min(64);
                Some(Known::Int(i128::from(
                    value as u64 & (u64::MAX >> (64 - bits)),
                )))
            }
            ir::InstructionData::UnaryIeee32 { .. } | ir::InstructionData::UnaryIeee64 { .. } => {
                self.float_constant_of(v).map(Known::Float)
            }
            // gcc folds a negated integer literal, not a floating one
            // (`-2.25` is a double expression there).
            ir::InstructionData::Unary {
                opcode: ir::Opcode::Ineg,
                arg,
            } => match self.known(arg, ty)? {
                Known::Int(i) => Some(Known::Int(-i)),
                Known::Float(_) => None,
            },
            _ => None,
        }
    }

    /// gcc's check of a scalar operand of a vector operation: it must
    /// convert to the lanes' type without losing anything (a constant by
    /// its value, another operand by its type's precision; a sign change
    /// alone is allowed), and a floating scalar never meets integer lanes.
    fn check_scalar_operand(
        &self,
        s: &Val,
        lane: &Type,
        vector: &Type,
        offset: usize,
    ) -> Result<()> {
        let scalar = s.ty.decay();
        if lane.is_integer() && scalar.is_float() {
            return error(offset, "cannot convert value to a vector");
        }
        let fits = match (self.known(s.value, &scalar), lane.is_float()) {
            (Some(Known::Int(i)), false) => {
                let bits = lane.precision();
                let (low, high) = if lane.is_signed() {
                    (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
                } else {
                    (0, (1i128 << bits) - 1)
                };
                let sign_only = (!lane.is_signed() && i < 0)
                    || (lane.is_signed() && !scalar.is_signed() && scalar.precision() == bits);
                (low..=high).contains(&i) || sign_only
            }
            (Some(Known::Int(i)), true) if *lane == Type::Float => (i as f32) as i128 == i,
            (Some(Known::Int(i)), true) => (i as f64) as i128 == i,
            (Some(Known::Float(f)), _) => *lane != Type::Float || f64::from(f as f32) == f,
            (None, false) => scalar.precision() <= lane.precision(),
            (None, true) => significand(&scalar) <= significand(lane),
        };
        if fits {
            return Ok(());
        }
        error(
            offset,
            format!(
                "conversion of scalar '{}' to vector '{}' involves truncation",
                scalar.name(),
                vector.name()
            ),
        )
    }

    /// Room in the frame for a vector of type `ty`: its address.
    pub(super) fn vector_slot(&mut self, ty: &Type) -> Value {
        let slot = self.raw_slot(ty.size().unwrap_or(0) as u32, ty.align());
        self.slot_address(slot)
    }

    /// A new vector of type `ty` in the frame whose lane i is
    /// `lane(self, i)`.
    fn lanewise(
        &mut self,
        ty: &Type,
        mut lane: impl FnMut(&mut Self, u64) -> Result<Value>,
    ) -> Result<Val> {
        let (lane_ty, lanes) = lanes_of(ty).expect("a vector type");
        let out = self.vector_slot(ty);
        let step = lane_ty.size().unwrap_or(1) as i64;
        for i in 0..lanes {
            let value = lane(self, i)?;
            let at = self.b.ins().iadd_imm_s(out, i as i64 * step);
            self.b.ins().store(MemFlagsData::new(), value, at, 0);
        }
        Ok(Val {
            value: out,
            ty: ty.clone(),
        })
    }

    /// Lane `i` of the vector `v` (of lanes `lane`), or the scalar `v`
    /// itself converted to `lane`.
    fn lane_value(&mut self, v: &Val, lane: &Type, i: u64, offset: usize) -> Result<Val> {
        if !v.ty.is_vector() {
            let value = self.convert(v.clone(), lane, offset)?;
            return Ok(Val {
                value,
                ty: lane.clone(),
            });
        }
        let size = lane.size().unwrap_or(1) as i64;
        let at = self.b.ins().iadd_imm_s(v.value, i as i64 * size);
        let value = self.load(at, lane);
        Ok(Val {
            value,
            ty: lane.clone(),
        })
    }

    /// `l op r` where either operand is a vector.
    pub(super) fn vector_binary(
        &mut self,
        op: BinaryOperator,
        l: Val,
        r: Val,
        offset: usize,
    ) -> Result<Val> {
        use BinaryOperator as B;
        let vector = if l.ty.is_vector() { &l.ty } else { &r.ty };
        let (lane, lanes) = lanes_of(vector).expect("a vector operand");
        let shift = matches!(op, B::ShiftLeft | B::ShiftRight);
        // A shift's counts may differ in signedness from what it shifts.
        let same_shape = match (lanes_of(&l.ty), lanes_of(&r.ty)) {
            (Some((a, n)), Some((b, m))) => {
                n == m && a.is_integer() && b.is_integer() && a.size() == b.size()
            }
            _ => false,
        };
        let mismatched = l.ty.is_vector()
            && r.ty.is_vector()
            && !compatible(&l.ty, &r.ty)
            && !takes_whole(&l.ty, &r.ty)
            && !(shift && same_shape);
        let scalar_ok = |v: &Val| v.ty.is_vector() || v.ty.is_arithmetic();
        if mismatched || !scalar_ok(&l) || !scalar_ok(&r) {
            return error(
                offset,
                format!(
                    "invalid operands to binary {} (have '{}' and '{}')",
                    symbol(&op),
                    l.ty.name(),
                    r.ty.name()
                ),
            );
        }
        // gcc converts a scalar shift count, unchecked, lane by lane.
        for (operand, count) in [(&l, false), (&r, shift)] {
            if !operand.ty.is_vector() && !count {
                self.check_scalar_operand(operand, &lane, vector, offset)?;
            }
        }
        let comparison = matches!(
            op,
            B::Less | B::Greater | B::LessOrEqual | B::GreaterOrEqual | B::Equals | B::NotEquals
        );
        let result_lane = if comparison {
            mask_lane(&lane)
        } else {
            lane.clone()
        };
        let result = Type::Vector(std::rc::Rc::new(result_lane.clone()), lanes);
        if let Some(v) = self.simd_binary(&op, (&l, &r), (&lane, lanes), &result, offset)? {
            return Ok(v);
        }
        self.lanewise(&result, |this, i| {
            let a = this.lane_value(&l, &lane, i, offset)?;
            let b = this.lane_value(&r, &lane, i, offset)?;
            let value = this.arith(op.clone(), a, b, offset)?;
            let value = this.convert(value, &result_lane, offset)?;
            // 1 where a comparison holds becomes all ones.
            Ok(if comparison {
                this.b.ins().ineg(value)
            } else {
                value
            })
        })
    }

    /// `+v`, `-v` and `~v`, lane by lane.
    pub(super) fn vector_unary(
        &mut self,
        op: &UnaryOperator,
        v: Val,
        offset: usize,
    ) -> Result<Val> {
        let (lane, _) = lanes_of(&v.ty).expect("a vector operand");
        if matches!(op, UnaryOperator::Complement) && lane.is_float() {
            return error(offset, "wrong type argument to bit-complement");
        }
        if let Some(simd) = self.simd_unary(op, &v) {
            return Ok(simd);
        }
        let ty = v.ty.clone();
        self.lanewise(&ty, |this, i| {
            let x = this.lane_value(&v, &lane, i, offset)?.value;
            Ok(match op {
                UnaryOperator::Minus if lane.is_float() => this.b.ins().fneg(x),
                UnaryOperator::Minus => this.b.ins().ineg(x),
                UnaryOperator::Complement => this.b.ins().bnot(x),
                _ => x,
            })
        })
    }

    /// A cast to or from a vector type: the bits of a vector or an
    /// integer (or pointer) of the same size, reinterpreted.
    ///
    /// A `fresh` vector (the result of an operator or a call, which
    /// nothing else refers to) is reinterpreted where it lies; another
    /// is copied, as the object it is may change before the value is used.
    pub(super) fn vector_cast(
        &mut self,
        v: Val,
        to: &Type,
        fresh: bool,
        offset: usize,
    ) -> Result<Val> {
        let from = v.ty.decay();
        let (f, t) = (from.name(), to.name());
        if from.size() != to.size() {
            return error(
                offset,
                if from.is_vector() {
                    format!("cannot convert a vector of type '{f}' to type '{t}' which has different size")
                } else {
                    format!("cannot convert a value of type '{f}' to vector type '{t}' which has different size")
                },
            );
        }
        let bits_ok = |t: &Type| t.is_vector() || t.is_integer() || t.is_pointer();
        if !bits_ok(&from) {
            return error(offset, "cannot convert value to a vector");
        }
        if !bits_ok(to) {
            return error(
                offset,
                if to.is_float() {
                    "aggregate value used where a floating-point was expected"
                } else {
                    "conversion to non-scalar type requested"
                },
            );
        }
        let size = to.size().unwrap_or(0);
        let value = match (from.is_vector(), to.is_vector()) {
            (true, true) if fresh => v.value,
            (true, true) => {
                let out = self.vector_slot(to);
                self.copy(out, v.value, size);
                out
            }
            (true, false) => {
                let ir = to.ir().expect("an integer or pointer");
                self.b.ins().load(ir, MemFlagsData::new(), v.value, 0)
            }
            _ => {
                let out = self.vector_slot(to);
                self.b.ins().store(MemFlagsData::new(), v.value, out, 0);
                out
            }
        };
        Ok(Val {
            value,
            ty: to.clone(),
        })
    }

    /// `__builtin_shuffle(a, mask)` and `(a, b, mask)`: lane i of the
    /// result is lane `mask[i]` of `a` (or of `a` then `b`), the index
    /// taken modulo the lanes there are, as gcc takes it.
    pub(super) fn vector_shuffle(
        &mut self,
        args: &[Node<Expression>],
        offset: usize,
    ) -> Result<Val> {
        let mut values = Vec::new();
        for a in args {
            values.push(self.translate_expr(a)?);
        }
        let mask = values.pop().expect("two or three arguments");
        let (lane, lanes) = lanes_of(&values[0].ty)
            .ok_or_else(|| super::err(offset, "'__builtin_shuffle' arguments must be vectors"))?;
        let Some((mask_lane, mask_lanes)) = lanes_of(&mask.ty).filter(|(l, _)| l.is_integer())
        else {
            return error(
                offset,
                "'__builtin_shuffle' last argument must be an integer vector",
            );
        };
        if mask_lanes != lanes {
            return error(
                offset,
                "'__builtin_shuffle' number of elements of the argument vector(s) and the mask vector should be the same",
            );
        }
        if mask_lane.size() != lane.size() {
            return error(
                offset,
                "'__builtin_shuffle' argument vector(s) inner type must have the same size as inner type of the mask",
            );
        }
        if values.len() == 2 && !compatible(&values[0].ty, &values[1].ty) {
            return error(
                offset,
                "'__builtin_shuffle' argument vectors must be of the same type",
            );
        }
        let ty = values[0].ty.clone();
        let size = lane.size().unwrap_or(1) as i64;
        let sources = values.len() as u64;
        self.lanewise(&ty, |this, i| {
            let index = this.lane_value(&mask, &mask_lane, i, offset)?;
            let index = this.convert(index, &super::types::LONG, offset)?;
            let index = this.b.ins().band_imm_s(index, (lanes * sources - 1) as i64);
            let scaled = this.b.ins().imul_imm_s(index, size);
            let from_a = this.b.ins().iadd(values[0].value, scaled);
            let at = if sources == 2 {
                // Lane `index - lanes` of the second source.
                let from_b = this.b.ins().iadd(values[1].value, scaled);
                let from_b = this.b.ins().iadd_imm_s(from_b, -(lanes as i64) * size);
                let second = this.b.ins().icmp_imm_s(
                    ir::condcodes::IntCC::SignedGreaterThanOrEqual,
                    index,
                    lanes as i64,
                );
                this.b.ins().select(second, from_b, from_a)
            } else {
                from_a
            };
            Ok(this.load(at, &lane))
        })
    }

    /// `__builtin_convertvector(v, T)` (the shims pass `T` as the type
    /// of a null `T *`): each lane converted to `T`'s lane type, as a
    /// scalar conversion converts it.
    pub(super) fn vector_convert(
        &mut self,
        args: &[Node<Expression>],
        offset: usize,
    ) -> Result<Val> {
        let v = self.translate_expr(&args[0])?;
        let target = self.translate_expr(&args[1])?.ty.pointee().cloned();
        let Some((lane, lanes)) = lanes_of(&v.ty) else {
            return error(
                offset,
                "'__builtin_convertvector' first argument must be an integer or floating vector",
            );
        };
        let Some((to_lane, to_lanes)) = target.as_ref().and_then(lanes_of) else {
            return error(
                offset,
                "'__builtin_convertvector' second argument must be an integer or floating vector type",
            );
        };
        if lanes != to_lanes {
            return error(
                offset,
                "'__builtin_convertvector' number of elements of the first argument vector and the second argument vector type should be the same",
            );
        }
        let ty = target.expect("checked");
        self.lanewise(&ty, |this, i| {
            let x = this.lane_value(&v, &lane, i, offset)?;
            this.convert(x, &to_lane, offset)
        })
    }

    /// `v[i]` on a vector `v` with lanes of type `lane`: the lane's
    /// address and type.
    pub(super) fn vector_lane_lvalue(
        &mut self,
        vector: &Node<Expression>,
        index: &Node<Expression>,
        lane: Type,
    ) -> Result<(Value, Type)> {
        let (base, _) = self.translate_lvalue(vector)?;
        let i = self.translate_expr(index)?;
        let i = self.convert(i, &super::types::LONG, index.span.start)?;
        let size = lane.size().unwrap_or(1) as i64;
        let scaled = self.b.ins().imul_imm_s(i, size);
        let at = self.b.ins().iadd(base, scaled);
        Ok((at, lane))
    }
}

/// Whether `e`'s value, if a vector, is a new one that only this use
/// sees: the result of an arithmetic operator, a cast of one, or a call.
pub(super) fn fresh_vector(e: &Expression) -> bool {
    use BinaryOperator as B;
    match e {
        Expression::BinaryOperator(b) => {
            !(b.node.operator.node == B::Index
                || super::assign::is_assignment(&b.node.operator.node))
        }
        Expression::UnaryOperator(u) => {
            matches!(
                u.node.operator.node,
                UnaryOperator::Minus | UnaryOperator::Complement
            )
        }
        Expression::Cast(c) => fresh_vector(&c.node.expression.node),
        Expression::Call(_) => true,
        _ => false,
    }
}
