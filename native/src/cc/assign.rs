//! The constraints of simple assignment (6.5.16.1), which initialization,
//! argument passing and `return` share: a pointer takes only a compatible
//! pointer, `void *`, or a null pointer constant, and an integer takes no
//! pointer. As in gcc 14, breaking them is an error, not a warning.

use lang_c::ast::{BinaryOperator, Expression, MemberOperator, UnaryOperator};
use lang_c::span::Node;

use super::super::decl::{error, Result};
use super::super::types::{self, Type};
use super::FnLower;

/// Where a value is converted as if by assignment, for the message.
pub(super) enum Assigned<'n> {
    Assignment,
    Initialization,
    Return,
    /// The argument's number (from 1) and the callee's name, if known.
    Argument(usize, Option<&'n str>),
}

impl FnLower<'_, '_> {
    /// An assignment, increment or decrement (`verb`) of a const object is
    /// an error (6.5.16p2). The object's const-ness comes from the
    /// declaration of the variable the lvalue starts from, followed through
    /// member accesses and dereferences; through a cast it is unknown.
    pub(super) fn check_writable(&self, e: &Node<Expression>, verb: &str) -> Result<()> {
        let Some((name, depth, member)) = lvalue_path(e) else {
            return Ok(());
        };
        let levels = self.declared_readonly(name);
        if depth >= 64 || levels & (1 << depth) == 0 {
            return Ok(());
        }
        let message = match (depth, member) {
            (_, Some(m)) => format!("{verb} of member '{m}' in read-only object"),
            (0, None) => format!("{verb} of read-only variable '{name}'"),
            _ => format!("{verb} of read-only location"),
        };
        error(e.span.start, message)
    }

    /// Checks that `from`, the type of `rhs`, may be assigned to `to`.
    pub(super) fn check_assignable(
        &mut self,
        to: &Type,
        from: &Type,
        rhs: &Node<Expression>,
        context: Assigned,
    ) -> Result<()> {
        let from = from.decay();
        let at = rhs.span.start;
        let (t, f) = (to.name(), from.name());
        let place = match &context {
            Assigned::Assignment => format!("assignment to '{t}' from"),
            Assigned::Initialization => format!("initialization of '{t}' from"),
            Assigned::Return => format!("returning '{f}' from a function with return type '{t}'"),
            Assigned::Argument(n, Some(callee)) => format!("passing argument {n} of '{callee}'"),
            Assigned::Argument(n, None) => format!("passing argument {n}"),
        };
        let with_source = |place: String| match context {
            Assigned::Assignment | Assigned::Initialization => format!("{place} '{f}'"),
            _ => place,
        };
        let aggregate = matches!(to, Type::Struct(_)) || matches!(from, Type::Struct(_));
        if aggregate && *to != from {
            let message = match context {
                Assigned::Assignment => {
                    format!("incompatible types when assigning to type '{t}' from type '{f}'")
                }
                Assigned::Initialization => {
                    format!("incompatible types when initializing type '{t}' using type '{f}'")
                }
                Assigned::Return => {
                    format!("incompatible types when returning type '{f}' but '{t}' was expected")
                }
                Assigned::Argument(n, Some(callee)) => {
                    format!("incompatible type for argument {n} of '{callee}'")
                }
                Assigned::Argument(n, None) => format!("incompatible type for argument {n}"),
            };
            return error(at, message);
        }
        match (to, &from) {
            (Type::Pointer(_), Type::Pointer(_)) if !pointers_assignable(to, &from) => {
                let message = match context {
                    Assigned::Assignment | Assigned::Initialization => {
                        format!("{place} incompatible pointer type '{f}'")
                    }
                    Assigned::Return => format!(
                        "returning '{f}' from a function with incompatible return type '{t}'"
                    ),
                    Assigned::Argument(..) => format!("{place} from incompatible pointer type"),
                };
                error(at, message)
            }
            (Type::Pointer(_), from) if from.is_integer() => {
                if self.unit.scopes.constant_expr(rhs).is_ok_and(|v| v == 0) {
                    return Ok(());
                }
                let place = with_source(place);
                error(
                    at,
                    format!("{place} makes pointer from integer without a cast"),
                )
            }
            (Type::Pointer(_), from) if !from.is_pointer() => error(
                at,
                format!("incompatible types when converting type '{f}' to '{t}'"),
            ),
            (to, Type::Pointer(_)) if to.is_integer() && *to != Type::Bool => {
                let place = with_source(place);
                error(
                    at,
                    format!("{place} makes integer from pointer without a cast"),
                )
            }
            _ => Ok(()),
        }
    }
}

/// Pointers assignable to each other: to compatible types, or either one
/// `void *`. Integers differing only in signedness (`char *` and
/// `unsigned char *`) pass too: gcc only warns under -Wpointer-sign.
fn pointers_assignable(to: &Type, from: &Type) -> bool {
    match (to.pointee(), from.pointee()) {
        (Some(Type::Void), _) | (_, Some(Type::Void)) => true,
        (Some(Type::Int { size: a, .. }), Some(Type::Int { size: b, .. })) => a == b,
        (Some(a), Some(b)) => types::compatible(a, b),
        _ => true,
    }
}

impl FnLower<'_, '_> {
    /// The const levels of a variable as declared (0 for an unknown one).
    fn declared_readonly(&self, name: &str) -> u64 {
        match self.lookup(name) {
            Some(local) => local.readonly,
            None => self.unit.readonly.get(name).copied().unwrap_or(0),
        }
    }

    /// Which levels of `e`'s value are const, as far as declarations and
    /// casts tell (`decl::readonly_levels`): `s` declared `const char *s`
    /// has its pointee const.
    pub(super) fn readonly_of(&self, e: &Node<Expression>) -> u64 {
        match &e.node {
            Expression::Cast(c) => {
                return super::super::decl::type_name_readonly(&c.node.type_name.node)
            }
            // `&x` points to what `x` is.
            Expression::UnaryOperator(u) if u.node.operator.node == UnaryOperator::Address => {
                return self.readonly_of(&u.node.operand) << 1;
            }
            // `p + n` points where `p` does.
            Expression::BinaryOperator(b)
                if matches!(
                    b.node.operator.node,
                    BinaryOperator::Plus | BinaryOperator::Minus
                ) =>
            {
                return self.readonly_of(&b.node.lhs) | self.readonly_of(&b.node.rhs);
            }
            _ => {}
        }
        match lvalue_path(e) {
            Some((name, depth, _)) if depth < 64 => self.declared_readonly(name) >> depth,
            _ => 0,
        }
    }
}

/// The variable an lvalue starts from, how many dereferences lie between
/// it and the designated object, and the last member named on the way.
fn lvalue_path(e: &Node<Expression>) -> Option<(&str, u32, Option<&str>)> {
    match &e.node {
        Expression::Identifier(id) => Some((&id.node.name, 0, None)),
        Expression::Member(m) => {
            let (name, depth, _) = lvalue_path(&m.node.expression)?;
            let step = u32::from(m.node.operator.node == MemberOperator::Indirect);
            Some((name, depth + step, Some(&m.node.identifier.node.name)))
        }
        Expression::UnaryOperator(u) if u.node.operator.node == UnaryOperator::Indirection => {
            let (name, depth, _) = lvalue_path(&u.node.operand)?;
            Some((name, depth + 1, None))
        }
        Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Index => {
            let (name, depth, _) = lvalue_path(&b.node.lhs)?;
            Some((name, depth + 1, None))
        }
        _ => None,
    }
}
