//! The constraints of simple assignment (6.5.16.1), which initialization,
//! argument passing and `return` share: a pointer takes only a compatible
//! pointer, `void *`, or a null pointer constant, and an integer takes no
//! pointer. As in gcc 14, breaking them is an error, not a warning.

use lang_c::ast::{
    BinaryOperator, BlockItem, Expression, MemberExpression, MemberOperator, Statement,
    UnaryOperator,
};
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
    /// an error (6.5.16p2). Const-ness comes from declarations: of the
    /// variable an lvalue starts from, of the members it names (and of a
    /// struct member anywhere inside an assigned struct), of a function
    /// whose result it dereferences, or of a cast's type.
    /// The error is reported at `at`, the operator, as gcc reports it.
    pub(super) fn check_writable(
        &mut self,
        e: &Node<Expression>,
        ty: &Type,
        verb: &str,
        at: usize,
    ) -> Result<()> {
        let levels = self.readonly_of(e);
        let whole_struct_const =
            levels & 1 == 0 && matches!(ty, Type::Struct(r) if has_const_member(r));
        if levels & 1 == 0 && !whole_struct_const {
            return Ok(());
        }
        let message = match &e.node {
            Expression::Identifier(id) => {
                format!("{verb} of read-only variable '{}'", id.node.name)
            }
            Expression::Member(m) => {
                let name = &m.node.identifier.node.name;
                if self.member_readonly(m) & 1 != 0 {
                    format!("{verb} of read-only member '{name}'")
                } else {
                    format!("{verb} of member '{name}' in read-only object")
                }
            }
            _ => format!("{verb} of read-only location"),
        };
        error(at, message)
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
        // An atomic object takes, and gives, what its plain type does.
        let (to, from) = (&to.unatomic(), from.unatomic());
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
            (Type::Pointer(_), Type::Pointer(_)) if !types::pointers_assignable(to, &from) => {
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
