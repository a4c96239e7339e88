//! Types of the expressions a file-scope declaration measures with
//! `sizeof` or names in `typeof` (`int n = sizeof table / sizeof table[0];`,
//! `typeof(x) y;`). Inside a function the lowering types any expression;
//! outside one there is no code to lower, so these are typed here from the
//! declarations seen so far: names, subscripts, members, `*`, `&`, casts,
//! literals and calls.

use lang_c::ast::*;
use lang_c::span::Node;
use lang_c::visit::Visit;

use super::lower::FnLower;
use super::types::{self, Type};
use super::unit::Unit;

/// The operands of `sizeof expr`, `typeof(expr)` and
/// `__builtin_classify_type(expr)` in a piece of syntax, and the
/// controlling expressions of `_Generic`, whose types the constant
/// evaluator and the type builder look up by offset
/// (`Scopes::typeof_types`); and the `_Generic` selections, whose choice
/// a constant expression takes (`Scopes::generic_choices`).
#[derive(Default)]
pub struct SizeofOperands<'a>(pub Vec<&'a Node<Expression>>, pub Vec<&'a GenericSelection>);

impl<'a> Visit<'a> for SizeofOperands<'a> {
    fn visit_sizeofval(&mut self, s: &'a SizeOfVal, span: &'a lang_c::span::Span) {
        self.0.push(&s.0);
        lang_c::visit::visit_sizeofval(self, s, span);
    }

    fn visit_call_expression(&mut self, c: &'a CallExpression, span: &'a lang_c::span::Span) {
        if let (Expression::Identifier(callee), [operand]) =
            (&c.callee.node, c.arguments.as_slice())
        {
            if callee.node.name == "__builtin_classify_type" {
                self.0.push(operand);
            }
        }
        lang_c::visit::visit_call_expression(self, c, span);
    }

    fn visit_generic_selection(&mut self, g: &'a GenericSelection, span: &'a lang_c::span::Span) {
        self.0.push(&g.expression);
        self.1.push(g);
        lang_c::visit::visit_generic_selection(self, g, span);
    }

    fn visit_type_of(&mut self, t: &'a TypeOf, span: &'a lang_c::span::Span) {
        if let TypeOf::Expression(e) = t {
            self.0.push(e);
        }
        lang_c::visit::visit_type_of(self, t, span);
    }
}

/// The names of the parameters declared in the prototypes of a piece
/// of syntax.
#[derive(Default)]
struct ParameterNames(std::collections::HashSet<String>);

impl<'a> Visit<'a> for ParameterNames {
    fn visit_parameter_declaration(
        &mut self,
        p: &'a ParameterDeclaration,
        span: &'a lang_c::span::Span,
    ) {
        let name = p
            .declarator
            .as_ref()
            .and_then(|d| super::decl::declared_name(&d.node));
        self.0.extend(name.map(str::to_owned));
        lang_c::visit::visit_parameter_declaration(self, p, span);
    }
}

/// Whether `e` names one of `names`.
fn mentions(e: &Node<Expression>, names: &std::collections::HashSet<String>) -> bool {
    struct Mentions<'n>(&'n std::collections::HashSet<String>, bool);
    impl<'a> Visit<'a> for Mentions<'_> {
        fn visit_identifier(&mut self, id: &'a Identifier, _: &'a lang_c::span::Span) {
            self.1 |= self.0.contains(&id.name);
        }
    }
    let mut found = Mentions(names, false);
    found.visit_expression(&e.node, &e.span);
    found.1
}

/// Whether `e` defines a struct, union or enum (`sizeof(enum { e = 1 })`),
/// whose tag or constants are then in scope.
pub fn defines_type(e: &Node<Expression>) -> bool {
    struct Bodies(bool);
    impl<'a> Visit<'a> for Bodies {
        fn visit_struct_type(&mut self, s: &'a StructType, span: &'a lang_c::span::Span) {
            self.0 |= s.declarations.is_some();
            lang_c::visit::visit_struct_type(self, s, span);
        }

        fn visit_enum_type(&mut self, e: &'a EnumType, _: &'a lang_c::span::Span) {
            self.0 |= !e.enumerators.is_empty();
        }
    }
    let mut bodies = Bodies(false);
    bodies.visit_expression(&e.node, &e.span);
    bodies.0
}

/// Whether `e` names a struct, union or enum tag (so may declare one, as
/// `sizeof(struct s { int a; })` does).
pub fn names_tag(e: &Node<Expression>) -> bool {
    struct Tags(bool);
    impl<'a> Visit<'a> for Tags {
        fn visit_struct_type(&mut self, s: &'a StructType, _: &'a lang_c::span::Span) {
            self.0 |= s.identifier.is_some();
        }

        fn visit_enum_type(&mut self, e: &'a EnumType, _: &'a lang_c::span::Span) {
            self.0 |= e.identifier.is_some();
        }
    }
    let mut tags = Tags(false);
    tags.visit_expression(&e.node, &e.span);
    tags.0
}

/// The type of a call of a builtin kit knows without a declaration: the C
/// library's (`__builtin_sqrtf(x)`) and the floating constants'
/// (`__builtin_inff()`).
fn builtin_call_type(c: &CallExpression) -> Option<Type> {
    let Expression::Identifier(id) = &c.callee.node else {
        return None;
    };
    let name = id.node.name.as_str();
    let base = name.strip_prefix("__builtin_")?;
    if let Some(f) = super::lower::libc_builtin(base) {
        return Some(f.ret);
    }
    Some(match super::constant::special_value(name, &c.arguments)? {
        super::constant::Const::Single(_) => Type::Float,
        super::constant::Const::LongDouble(_) => Type::LongDouble,
        _ => Type::Double,
    })
}

impl Unit {
    /// Records the types of the `sizeof`/`typeof` operands of a file-scope
    /// declaration that can be typed without lowering code.
    pub fn record_static_operand_types(&mut self, d: &Node<Declaration>) {
        let mut operands = SizeofOperands::default();
        operands.visit_declaration(&d.node, &d.span);
        let mut parameters = ParameterNames::default();
        parameters.visit_declaration(&d.node, &d.span);
        self.record_static_types(operands, &parameters);
    }

    /// The same for a function definition's specifiers and declarator
    /// (`static __typeof__(f) *resolver(void) { ... }`), not its body.
    pub fn record_definition_operand_types(&mut self, f: &Node<FunctionDefinition>) {
        let mut operands = SizeofOperands::default();
        for specifier in &f.node.specifiers {
            operands.visit_declaration_specifier(&specifier.node, &specifier.span);
        }
        let declarator = &f.node.declarator;
        operands.visit_declarator(&declarator.node, &declarator.span);
        let mut parameters = ParameterNames::default();
        parameters.visit_declarator(&declarator.node, &declarator.span);
        self.record_static_types(operands, &parameters);
    }

    /// The same for a file-scope `_Static_assert` (`__alignof__(x)` goes
    /// through `typeof`).
    pub fn record_static_assert_operand_types(&mut self, s: &Node<StaticAssert>) {
        let mut operands = SizeofOperands::default();
        operands.visit_static_assert(&s.node, &s.span);
        self.record_static_types(operands, &ParameterNames::default());
    }

    /// The same for an initializer once its object is declared: the name
    /// is in scope in its own initializer (`int n = sizeof n;`).
    pub fn record_initializer_operand_types(&mut self, initializer: &Node<Initializer>) {
        let mut operands = SizeofOperands::default();
        operands.visit_initializer(&initializer.node, &initializer.span);
        self.record_static_types(operands, &ParameterNames::default());
    }

    /// Records what can be typed. An operand that names a parameter of
    /// a prototype around it is left to the prototype (`typeof(n)`, see
    /// `Scopes::parameter_named`): the declarations here know no
    /// parameters, and would type the file-scope `n`.
    fn record_static_types(&mut self, operands: SizeofOperands, parameters: &ParameterNames) {
        for e in operands.0 {
            if mentions(e, &parameters.0) {
                continue;
            }
            if self.static_is_bit_field(e) {
                self.scopes.bit_field_operands.insert(e.span.start);
            }
            if let Some(ty) = self.static_type_of(e) {
                self.scopes.typeof_types.insert(e.span.start, ty);
            }
        }
    }

    /// Whether `e` names a bit-field member, as far as declarations tell.
    fn static_is_bit_field(&mut self, e: &Node<Expression>) -> bool {
        let Expression::Member(m) = &e.node else {
            return false;
        };
        self.static_type_of(&m.node.expression)
            .is_some_and(|base| types::names_bit_field(&m.node, &base))
    }

    /// The type of `e` as far as declarations tell, without code.
    pub fn static_type_of(&mut self, e: &Node<Expression>) -> Option<Type> {
        Some(match &e.node {
            Expression::Identifier(id) => match self.static_key(&id.node.name) {
                Some(key) => self.globals[key].ty.clone(),
                None => self.scopes.constant_type(&id.node.name)?,
            },
            Expression::StringLiteral(s) => {
                let (bytes, elem) = super::init::string_literal(&s.node)?;
                let length = bytes.len() as u64 / elem.size()?.max(1);
                Type::Array(std::rc::Rc::new(elem), Some(length))
            }
            Expression::Constant(c) => match &c.node {
                Constant::Integer(i) => {
                    super::decl::integer_type(i, super::decl::integer_value(i)?)
                }
                Constant::Character(c) => super::decl::char_type(c),
                Constant::Float(f) => super::decl::float_constant_type(f),
            },
            Expression::Cast(c) => self.scopes.type_name(&c.node.type_name.node).ok()?,
            Expression::CompoundLiteral(c) => self.scopes.type_name(&c.node.type_name.node).ok()?,
            Expression::SizeOfTy(_) | Expression::SizeOfVal(_) | Expression::AlignOf(_) => {
                types::ULONG
            }
            Expression::UnaryOperator(u) => {
                let operand = self.static_type_of(&u.node.operand)?;
                match u.node.operator.node {
                    UnaryOperator::Indirection => operand.decay().pointee()?.clone(),
                    UnaryOperator::Address => Type::Pointer(std::rc::Rc::new(operand)),
                    UnaryOperator::Plus | UnaryOperator::Minus | UnaryOperator::Complement => {
                        FnLower::promote(&operand)
                    }
                    UnaryOperator::Negate => types::INT,
                    _ => return None,
                }
            }
            Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Index => {
                let lhs = self.static_type_of(&b.node.lhs)?.decay();
                match lhs.pointee() {
                    Some(elem) => elem.clone(),
                    None => self.static_type_of(&b.node.rhs)?.decay().pointee()?.clone(),
                }
            }
            Expression::BinaryOperator(b)
                if matches!(
                    b.node.operator.node,
                    BinaryOperator::Plus | BinaryOperator::Minus
                ) =>
            {
                let lhs = self.static_type_of(&b.node.lhs)?.decay();
                let rhs = self.static_type_of(&b.node.rhs)?.decay();
                match (lhs.is_pointer(), rhs.is_pointer()) {
                    // `p - q`: ptrdiff_t.
                    (true, true) => types::LONG,
                    (true, false) => lhs,
                    (false, true) => rhs,
                    (false, false) => FnLower::common(&lhs, &rhs),
                }
            }
            // The usual arithmetic conversions, the promotions, and int.
            Expression::BinaryOperator(b) => {
                use BinaryOperator as B;
                let lhs = self.static_type_of(&b.node.lhs)?.decay();
                match b.node.operator.node {
                    B::Multiply
                    | B::Divide
                    | B::Modulo
                    | B::BitwiseAnd
                    | B::BitwiseOr
                    | B::BitwiseXor => {
                        let rhs = self.static_type_of(&b.node.rhs)?.decay();
                        FnLower::common(&lhs, &rhs)
                    }
                    B::ShiftLeft | B::ShiftRight => FnLower::promote(&lhs),
                    B::Less
                    | B::Greater
                    | B::LessOrEqual
                    | B::GreaterOrEqual
                    | B::Equals
                    | B::NotEquals
                    | B::LogicalAnd
                    | B::LogicalOr => types::INT,
                    _ => return None,
                }
            }
            Expression::Member(m) => {
                let base = self.static_type_of(&m.node.expression)?;
                let direct = m.node.operator.node == MemberOperator::Direct;
                let record = types::member_record(direct, &base)?;
                types::find_member(&record, &m.node.identifier.node.name)?.1
            }
            Expression::Call(c) => match builtin_call_type(&c.node) {
                Some(ty) => ty,
                None => match self.static_type_of(&c.node.callee)?.decay() {
                    Type::Pointer(f) => match &*f {
                        Type::Function(f) => f.ret.clone(),
                        _ => return None,
                    },
                    _ => return None,
                },
            },
            _ => return None,
        })
    }
}
