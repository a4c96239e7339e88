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
    /// Where the `=` is: gcc reports a pointer converted from or to
    /// something else there, other errors at the value.
    Assignment(usize),
    Initialization,
    Return,
    /// The argument's number (from 1) and the callee's name, if known.
    Argument(usize, Option<&'n str>),
}

/// How many pointers `ty` goes through to its base type.
fn pointer_depth(ty: &Type) -> u32 {
    match ty {
        Type::Pointer(pointee) => 1 + pointer_depth(pointee),
        _ => 0,
    }
}

/// gcc's error for pointers to incompatible types, `t` the target's type
/// and `f` the value's, as spelled.
fn incompatible_pointers(context: &Assigned, t: &str, f: &str) -> String {
    match context {
        Assigned::Assignment(_) => {
            format!("assignment to '{t}' from incompatible pointer type '{f}'")
        }
        Assigned::Initialization => {
            format!("initialization of '{t}' from incompatible pointer type '{f}'")
        }
        Assigned::Return => {
            format!("returning '{f}' from a function with incompatible return type '{t}'")
        }
        Assigned::Argument(n, Some(callee)) => {
            format!("passing argument {n} of '{callee}' from incompatible pointer type")
        }
        Assigned::Argument(n, None) => {
            format!("passing argument {n} from incompatible pointer type")
        }
    }
}

/// `ty` spelled with the const `levels` (`decl::readonly_levels`) of a
/// pointer chain as gcc spells it (`const int **`, `int * const*`);
/// other types as kit names them.
fn spelled_with_const(ty: &Type, levels: u64) -> String {
    let depth = pointer_depth(ty);
    let mut base = ty;
    while let Type::Pointer(pointee) = base {
        base = pointee;
    }
    if matches!(base, Type::Array(..) | Type::Function(_)) {
        return ty.name();
    }
    let mut spelled = base.name();
    if levels >> depth & 1 != 0 {
        spelled.insert_str(0, "const ");
    }
    // gcc's spacing: `int * const**`.
    for level in (0..depth).rev() {
        let joined = spelled.ends_with('*') || spelled.ends_with("const") && level + 1 < depth;
        spelled.push_str(if joined { "*" } else { " *" });
        if level > 0 && levels >> level & 1 != 0 {
            spelled.push_str(" const");
        }
    }
    spelled
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
            _ => match self.spelled_as_gcc(e) {
                Some(spelled) => format!("{verb} of read-only location '{spelled}'"),
                None => format!("{verb} of read-only location"),
            },
        };
        error(at, message)
    }

    /// A location expression as gcc's diagnostics print it, for the
    /// forms kit can print alike: names, `*`, `++`/`--`, calls without
    /// arguments, an array named and indexed by a name or number, and a
    /// pointer indexed by a number (gcc prints `p[2]` as `*(p + 8)` for
    /// an `int *p`, counting bytes).
    fn spelled_as_gcc(&mut self, e: &Node<Expression>) -> Option<String> {
        use UnaryOperator as U;
        match &e.node {
            Expression::Identifier(id) => Some(id.node.name.clone()),
            Expression::UnaryOperator(u) => {
                let operand = self.spelled_as_gcc(&u.node.operand)?;
                Some(match u.node.operator.node {
                    U::Indirection => format!("*{operand}"),
                    U::PostIncrement => format!("{operand}++"),
                    U::PostDecrement => format!("{operand}--"),
                    U::PreIncrement => format!("++{operand}"),
                    U::PreDecrement => format!("--{operand}"),
                    _ => return None,
                })
            }
            Expression::Call(c) if c.node.arguments.is_empty() => {
                Some(format!("{}()", self.spelled_as_gcc(&c.node.callee)?))
            }
            Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Index => {
                let base = self.spelled_as_gcc(&b.node.lhs)?;
                let index = match &b.node.rhs.node {
                    Expression::Identifier(_) => self.spelled_as_gcc(&b.node.rhs)?,
                    _ => self
                        .unit
                        .scopes
                        .constant_expr(&b.node.rhs)
                        .ok()?
                        .to_string(),
                };
                match self.type_of(&b.node.lhs).ok()? {
                    Type::Array(..) => Some(format!("{base}[{index}]")),
                    Type::Pointer(pointee) => {
                        let bytes = index.parse::<i64>().ok()? * pointee.size()? as i64;
                        Some(match bytes {
                            0 => format!("*{base}"),
                            _ => format!("*({base} + {bytes})"),
                        })
                    }
                    _ => None,
                }
            }
            _ => None,
        }
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
        // gcc's place: the value, but a returned sum's operator.
        let at = match (&context, &rhs.node) {
            (Assigned::Return, Expression::BinaryOperator(b)) => b.node.operator.span.start,
            _ => rhs.span.start,
        };
        let (t, f) = (to.name(), from.name());
        // An atomic object takes, and gives, what its plain type does.
        let (to, from) = (&to.unatomic(), from.unatomic());
        let place = match &context {
            Assigned::Assignment(_) => format!("assignment to '{t}' from"),
            Assigned::Initialization => format!("initialization of '{t}' from"),
            Assigned::Return => format!("returning '{f}' from a function with return type '{t}'"),
            Assigned::Argument(n, Some(callee)) => format!("passing argument {n} of '{callee}'"),
            Assigned::Argument(n, None) => format!("passing argument {n}"),
        };
        let with_source = |place: String| match context {
            Assigned::Assignment(_) | Assigned::Initialization => format!("{place} '{f}'"),
            _ => place,
        };
        let pointer_at = match context {
            Assigned::Assignment(operator) => operator,
            _ => at,
        };
        let incompatible = || {
            let message = match context {
                Assigned::Assignment(_) => {
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
            error(at, message)
        };
        // A prototype may name a struct it never defines; no argument can
        // be passed as one.
        if let (Assigned::Argument(n, _), Type::Struct(_), None) = (&context, to, to.size()) {
            return error(at, format!("type of formal parameter {n} is incomplete"));
        }
        let aggregate = matches!(to, Type::Struct(_)) || matches!(from, Type::Struct(_));
        if aggregate && *to != from {
            return incompatible();
        }
        match (to, &from) {
            (Type::Pointer(_), Type::Pointer(_)) if !types::pointers_assignable(to, &from) => {
                self.unit.permerror(
                    "incompatible-pointer-types",
                    pointer_at,
                    incompatible_pointers(&context, &t, &f),
                )
            }
            (Type::Pointer(_), from) if from.is_integer() => {
                if self.unit.scopes.constant_expr(rhs).is_ok_and(|v| v == 0) {
                    return Ok(());
                }
                let place = with_source(place);
                self.unit.permerror(
                    "int-conversion",
                    pointer_at,
                    format!("{place} makes pointer from integer without a cast"),
                )
            }
            (Type::Pointer(_), from) if !from.is_pointer() => incompatible(),
            (to, Type::Pointer(_)) if to.is_integer() && *to != Type::Bool => {
                let place = with_source(place);
                self.unit.permerror(
                    "int-conversion",
                    pointer_at,
                    format!("{place} makes integer from pointer without a cast"),
                )
            }
            _ => Ok(()),
        }
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
    /// casts tell (`decl::readonly_levels`): bit 0 the value itself, bit
    /// i what i dereferences reach; `s` declared `const char *s` has its
    /// pointee const, and so does `p->name` for a member `const char
    /// *name`, or `f()` for `const char *f(void)`.
    pub(super) fn readonly_of(&mut self, e: &Node<Expression>) -> u64 {
        match &e.node {
            Expression::Identifier(id) => self.declared_readonly(&id.node.name),
            Expression::Cast(c) => self.unit.scopes.type_name_readonly(&c.node.type_name.node),
            // `&x` points to what `x` is.
            Expression::UnaryOperator(u) if u.node.operator.node == UnaryOperator::Address => {
                self.readonly_of(&u.node.operand) << 1
            }
            Expression::UnaryOperator(u) if u.node.operator.node == UnaryOperator::Indirection => {
                self.readonly_of(&u.node.operand) >> 1
            }
            // `a[i]` (or the rarer `i[a]`) is `*(a + i)`.
            Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Index => {
                self.pointer_operand_readonly(&b.node.lhs, &b.node.rhs) >> 1
            }
            // `p + n` and `p - n` point where `p` does; `p - q` is a number.
            Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Plus => {
                self.pointer_operand_readonly(&b.node.lhs, &b.node.rhs)
            }
            Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Minus => {
                if self.is_address(&b.node.rhs) {
                    0
                } else {
                    self.pointer_operand_readonly(&b.node.lhs, &b.node.rhs)
                }
            }
            Expression::Member(m) => {
                let object = match m.node.operator.node {
                    MemberOperator::Direct => self.readonly_of(&m.node.expression),
                    MemberOperator::Indirect => self.readonly_of(&m.node.expression) >> 1,
                };
                // A member of a const object is const itself.
                self.member_readonly(m) | (object & 1)
            }
            // A call's value: past the function level of its declaration.
            Expression::Call(c) => match &c.node.callee.node {
                Expression::Identifier(id) if self.lookup(&id.node.name).is_none() => {
                    self.declared_readonly(&id.node.name) >> 1
                }
                _ => 0,
            },
            // `s++`, `--s`: the value `s` had or has, no object itself.
            Expression::UnaryOperator(u)
                if matches!(
                    u.node.operator.node,
                    UnaryOperator::PostIncrement
                        | UnaryOperator::PostDecrement
                        | UnaryOperator::PreIncrement
                        | UnaryOperator::PreDecrement
                ) =>
            {
                self.readonly_of(&u.node.operand) & !1
            }
            // An assignment's value has its left operand's type (6.5.16p3).
            Expression::BinaryOperator(b) if is_assignment(&b.node.operator.node) => {
                self.readonly_of(&b.node.lhs) & !1
            }
            Expression::Comma(list) => list.last().map_or(0, |last| self.readonly_of(last)),
            // A pointer result points to what both operands may (6.5.15p6);
            // the value itself is no object.
            Expression::Conditional(c) => {
                let levels = self.readonly_of(&c.node.then_expression)
                    | self.readonly_of(&c.node.else_expression);
                levels & !1
            }
            // `({ ...; e; })` has `e`'s value.
            Expression::Statement(s) => match &s.node {
                Statement::Compound(items) => match items.last().map(|i| &i.node) {
                    Some(BlockItem::Statement(Node {
                        node: Statement::Expression(Some(e)),
                        ..
                    })) => self.readonly_of(e) & !1,
                    _ => 0,
                },
                _ => 0,
            },
            _ => 0,
        }
    }

    /// The const levels of whichever of two operands is the pointer (or
    /// array) in pointer arithmetic.
    fn pointer_operand_readonly(&mut self, l: &Node<Expression>, r: &Node<Expression>) -> u64 {
        if self.is_address(l) {
            self.readonly_of(l)
        } else if self.is_address(r) {
            self.readonly_of(r)
        } else {
            0
        }
    }

    /// Whether `e` has a pointer or array type.
    fn is_address(&mut self, e: &Node<Expression>) -> bool {
        self.type_of(e)
            .is_ok_and(|t| matches!(t.decay(), Type::Pointer(_)))
    }

    /// gcc's warning (-Wdiscarded-qualifiers; an error under -Werror) when
    /// a pointer value loses the `const` of what it points to, as in
    /// `char *p = s;` for `const char *s`. `target` holds the const levels
    /// of what receives the value.
    pub(super) fn warn_discarded_const(
        &mut self,
        to: &Type,
        target: u64,
        value: &Node<Expression>,
        place: &str,
    ) {
        if !matches!(to, Type::Pointer(_)) || target & 2 != 0 {
            return;
        }
        if self.readonly_of(value) & 2 != 0 {
            self.unit.warn(
                value.span.start,
                Some("discarded-qualifiers"),
                format!("{place} discards 'const' qualifier from pointer target type"),
            );
        }
    }

    /// 6.5.16.1p1: a pointer takes a pointer to a compatible type, which
    /// const below the first level breaks (`const int **` from `int **`,
    /// gcc 14's error). Checked where the value's const levels are
    /// certain (`levels_certain`). `target`: the levels of what is
    /// assigned to, `at`: where gcc reports it.
    pub(super) fn check_deep_const(
        &mut self,
        to: &Type,
        target: u64,
        value: &Node<Expression>,
        context: Assigned,
        at: usize,
    ) -> Result<()> {
        let depth = pointer_depth(to);
        if depth < 2 {
            return Ok(());
        }
        // Its type without looking into it: the value is checked when it
        // is lowered (a cast's operand may name the object initialized).
        let value_ty = match &value.node {
            Expression::Cast(c) => self.unit.scopes.type_name(&c.node.type_name.node).ok(),
            _ if self.levels_certain(value) => self.type_of(value).ok(),
            _ => None,
        };
        let Some(value_ty) = value_ty.map(|t| t.decay()) else {
            return Ok(());
        };
        // Pointers of one shape (a `void *`, `NULL` too, converts to any).
        if pointer_depth(&value_ty) != depth {
            return Ok(());
        }
        let from = self.readonly_of(value);
        // Levels 2 to `depth`: what the pointed-to pointers point to.
        let deep = (1u64 << (depth + 1)).wrapping_sub(1) & !0b11;
        if (target ^ from) & deep == 0 {
            return Ok(());
        }
        let t = spelled_with_const(to, target);
        let f = spelled_with_const(&value_ty, from);
        error(at, incompatible_pointers(&context, &t, &f))
    }

    /// Whether `readonly_of` knows every const level of `e`'s value
    /// from declarations: it does for names, casts, members, calls of
    /// declared functions, and what `*`, `[]`, `++`, `--`, assignment,
    /// `&`, `,` and `?:` make of those; a call through a pointer, say, it
    /// takes as const nowhere.
    fn levels_certain(&mut self, e: &Node<Expression>) -> bool {
        match &e.node {
            Expression::Identifier(_)
            | Expression::Constant(_)
            | Expression::Cast(_)
            | Expression::Member(_) => true,
            Expression::Call(c) => {
                matches!(&c.node.callee.node, Expression::Identifier(id) if self.lookup(&id.node.name).is_none())
                    && matches!(self.type_of(&c.node.callee), Ok(Type::Function(_)))
            }
            Expression::UnaryOperator(u) => self.levels_certain(&u.node.operand),
            Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Index => {
                self.levels_certain(&b.node.lhs) && self.levels_certain(&b.node.rhs)
            }
            Expression::BinaryOperator(b) if is_assignment(&b.node.operator.node) => {
                self.levels_certain(&b.node.lhs)
            }
            Expression::Comma(list) => list.last().is_some_and(|e| self.levels_certain(e)),
            Expression::Conditional(c) => {
                self.levels_certain(&c.node.then_expression)
                    && self.levels_certain(&c.node.else_expression)
            }
            _ => false,
        }
    }

    /// The const levels the member `m` names has as declared.
    fn member_readonly(&mut self, m: &Node<MemberExpression>) -> u64 {
        let Ok(object) = self.type_of(&m.node.expression) else {
            return 0;
        };
        let record = match (&m.node.operator.node, object.decay()) {
            (MemberOperator::Direct, Type::Struct(r)) => r,
            (MemberOperator::Indirect, Type::Pointer(p)) => match &*p {
                Type::Struct(r) => r.clone(),
                _ => return 0,
            },
            _ => return 0,
        };
        member_levels(&record, &m.node.identifier.node.name).unwrap_or(0)
    }
}

/// `=` and the compound assignments (`+=`, `<<=`, ...).
pub(super) fn is_assignment(operator: &BinaryOperator) -> bool {
    use BinaryOperator as B;
    matches!(
        operator,
        B::Assign
            | B::AssignPlus
            | B::AssignMinus
            | B::AssignMultiply
            | B::AssignDivide
            | B::AssignModulo
            | B::AssignShiftLeft
            | B::AssignShiftRight
            | B::AssignBitwiseAnd
            | B::AssignBitwiseXor
            | B::AssignBitwiseOr
    )
}

/// The const levels of the member `name` of `record`, looking into
/// anonymous members.
fn member_levels(record: &types::Record, name: &str) -> Option<u64> {
    let record = record.get();
    record.fields.iter().find_map(|f| match (&f.name, &f.ty) {
        (Some(n), _) if &**n == name => Some(f.readonly),
        (None, Type::Struct(inner)) => member_levels(inner, name),
        _ => None,
    })
}

/// Whether a struct or union has a const member, at any depth: then it
/// cannot be assigned as a whole (6.3.2.1p1: not a modifiable lvalue).
fn has_const_member(record: &types::Record) -> bool {
    record.get().fields.iter().any(|f| {
        f.readonly & 1 != 0 || matches!(&f.ty, Type::Struct(inner) if has_const_member(inner))
    })
}
