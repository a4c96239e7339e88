//! `__builtin_object_size(p, type)` (and `__builtin_dynamic_object_size`):
//! the bytes from where `p` points to the end of its object, as gcc
//! answers them without optimizing: when the expression itself shows the
//! object (`buf`, `buf + 3`, `&s.m[1]`, `"text"`), and otherwise gcc's
//! "unknown", `(size_t)-1` for types 0 and 1 and 0 for types 2 and 3.
//! Types 1 and 3 measure to the end of the closest enclosing member
//! (`&s.a[1]`: to the end of `a`). The operand is never evaluated.

use lang_c::ast::*;
use lang_c::span::Node;

use super::super::decl::{error, Result};
use super::super::types::{self, Type};
use super::{FnLower, Val};

/// Bytes to the end of the object, and to the end of the closest member.
type Extent = Option<(u64, u64)>;

impl FnLower<'_, '_> {
    pub(super) fn object_size(
        &mut self,
        base: &str,
        args: &[Node<Expression>],
        offset: usize,
    ) -> Result<Val> {
        let (pointer, kind) = (&args[0], &args[1]);
        let Some(kind) = self
            .unit
            .scopes
            .constant_expr(kind)
            .ok()
            .filter(|k| (0..=3).contains(k))
        else {
            // gcc's words, at the call.
            return error(
                offset,
                format!(
                    "last argument of '__builtin_{base}' is not integer constant between 0 and 3"
                ),
            );
        };
        let extent = self.pointed_extent(pointer)?;
        let size = extent.map(|(whole, member)| if kind & 1 == 1 { member } else { whole });
        let unknown = if kind < 2 { u64::MAX } else { 0 };
        Ok(self.int(size.unwrap_or(unknown) as i64, types::ULONG))
    }

    /// The extent from where the pointer `e` points.
    fn pointed_extent(&mut self, e: &Node<Expression>) -> Result<Extent> {
        match &e.node {
            Expression::Cast(c) => self.pointed_extent(&c.node.expression),
            Expression::UnaryOperator(u) if u.node.operator.node == UnaryOperator::Address => {
                self.lvalue_extent(&u.node.operand)
            }
            Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Plus => {
                let (lhs, rhs) = (&b.node.lhs, &b.node.rhs);
                let (pointer, count, ty) = match self.type_of(lhs)?.decay() {
                    ty @ Type::Pointer(_) => (lhs, rhs, ty),
                    _ => (rhs, lhs, self.type_of(rhs)?.decay()),
                };
                let Ok(count) = self.unit.scopes.constant_expr(count) else {
                    return Ok(None);
                };
                let step = ty.pointee().and_then(Type::size);
                let extent = self.pointed_extent(pointer)?;
                Ok(step
                    .zip(extent)
                    .map(|(step, extent)| less(extent, count as u64 * step)))
            }
            // An array, decayed to its first element.
            _ if matches!(self.type_of(e)?, Type::Array(_, Some(_))) => self.lvalue_extent(e),
            _ => Ok(None),
        }
    }

    /// The extent from the start of the lvalue `e`: a named object, a
    /// string literal, a member of one, or an element at a constant index.
    fn lvalue_extent(&mut self, e: &Node<Expression>) -> Result<Extent> {
        match &e.node {
            Expression::Identifier(_) | Expression::StringLiteral(_) => {
                let size = self.type_of(e)?.size();
                Ok(size.map(|size| (size, size)))
            }
            Expression::Member(m) if m.node.operator.node == MemberOperator::Direct => {
                let Some(record) = types::member_record(true, &self.type_of(&m.node.expression)?)
                else {
                    return Ok(None);
                };
                let Some((offset, ty, _)) =
                    types::find_member(&record, &m.node.identifier.node.name)
                else {
                    return Ok(None);
                };
                let whole = self.lvalue_extent(&m.node.expression)?;
                Ok(whole
                    .zip(ty.size())
                    .map(|((whole, _), size)| (whole.saturating_sub(offset), size)))
            }
            Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Index => {
                let Type::Array(elem, Some(_)) = self.type_of(&b.node.lhs)? else {
                    return Ok(None);
                };
                let Ok(index) = self.unit.scopes.constant_expr(&b.node.rhs) else {
                    return Ok(None);
                };
                let extent = self.lvalue_extent(&b.node.lhs)?;
                Ok(elem
                    .size()
                    .zip(extent)
                    .map(|(size, extent)| less(extent, index as u64 * size)))
            }
            _ => Ok(None),
        }
    }
}

/// `extent` from `bytes` further on (none left past its end).
fn less((whole, member): (u64, u64), bytes: u64) -> (u64, u64) {
    (whole.saturating_sub(bytes), member.saturating_sub(bytes))
}
