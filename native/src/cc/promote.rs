//! Which locals may live in SSA variables instead of stack slots.
//!
//! Cranelift has no mem2reg: a local in a stack slot is a load and a
//! store at every use, even at -O2. So at -O1/-O2 a scalar local whose
//! address is never taken becomes a cranelift-frontend `Variable`. Names
//! are compared without regard to scope (a `&x` anywhere keeps every `x`
//! of the function in memory), which is conservative and cheap.
//!
//! A function that calls a returns-twice function (setjmp and kin) keeps
//! every local in memory: longjmp restores registers to their values at
//! the setjmp call, and C (7.13.2.1) only promises the values of objects
//! in memory that were not changed, which is what gcc gives too.

use std::collections::HashSet;

use lang_c::ast::{
    CallExpression, Declaration, DeclarationSpecifier, Expression, MemberOperator, Statement,
    TypeQualifier, UnaryOperator, UnaryOperatorExpression,
};
use lang_c::span::{Node, Span};
use lang_c::visit::{self, Visit};

/// The functions after whose call control can arrive a second time.
const RETURNS_TWICE: &[&str] = &[
    "setjmp",
    "_setjmp",
    "__setjmp",
    "sigsetjmp",
    "__sigsetjmp",
    "__builtin_setjmp",
    "savectx",
    "vfork",
    "getcontext",
];

/// The outcome of the analysis for one function body.
#[derive(Default)]
pub struct Promotion {
    enabled: bool,
    returns_twice: bool,
    address_taken: HashSet<String>,
    volatile: HashSet<String>,
    /// Functions the unit declares `returns_twice`.
    declared_returns_twice: HashSet<String>,
}

impl Promotion {
    /// Analyzes `body`; `enabled` is false at -O0, where every local stays
    /// in memory (as a debugger expects).
    pub fn of(
        body: &Node<Statement>,
        enabled: bool,
        declared_returns_twice: &HashSet<String>,
    ) -> Promotion {
        let mut promotion = Promotion {
            enabled,
            returns_twice: false,
            address_taken: HashSet::new(),
            volatile: HashSet::new(),
            declared_returns_twice: declared_returns_twice.clone(),
        };
        promotion.visit_statement(&body.node, &body.span);
        promotion
    }

    /// Whether a local named `name` may be an SSA variable.
    pub fn allows(&self, name: &str) -> bool {
        self.enabled
            && !self.returns_twice
            && !self.address_taken.contains(name)
            && !self.volatile.contains(name)
    }

    /// Treats the body as calling a returns-twice function (it receives
    /// nested functions' gotos through `_setjmp`, nested.rs).
    pub fn assume_returns_twice(&mut self) {
        self.returns_twice = true;
    }

    /// Whether the body calls setjmp or another returns-twice function.
    pub fn calls_returns_twice(&self) -> bool {
        self.returns_twice
    }

    /// Whether a local named `name` is declared `volatile` (by name, like
    /// the rest of the analysis): its every access must happen.
    pub fn is_volatile(&self, name: &str) -> bool {
        self.volatile.contains(name)
    }
}

impl<'ast> Visit<'ast> for Promotion {
    fn visit_unary_operator_expression(
        &mut self,
        e: &'ast UnaryOperatorExpression,
        span: &'ast Span,
    ) {
        if e.operator.node == UnaryOperator::Address {
            if let Some(name) = base_name(&e.operand.node) {
                self.address_taken.insert(name.to_owned());
            }
        }
        visit::visit_unary_operator_expression(self, e, span);
    }

    /// `volatile` locals stay in memory: every access must happen; so do
    /// locals with a `cleanup` attribute, whose address is passed.
    fn visit_declaration(&mut self, d: &'ast Declaration, span: &'ast Span) {
        let volatile = d.specifiers.iter().any(|s| {
            matches!(&s.node, DeclarationSpecifier::TypeQualifier(q) if q.node == TypeQualifier::Volatile)
        });
        for init in &d.declarators {
            let declarator = &init.node.declarator.node;
            let Some(name) = super::decl::declared_name(declarator) else {
                continue;
            };
            if volatile {
                self.volatile.insert(name.to_owned());
            }
            if super::lower::has_cleanup(&d.specifiers, declarator) {
                self.address_taken.insert(name.to_owned());
            }
            // A nested function reaches the locals it names through
            // their addresses (see nested.rs).
            if let Some(body) = super::decl::nested_function_body(&init.node) {
                let mut names = Identifiers::default();
                names.visit_declarator(declarator, &init.node.declarator.span);
                names.visit_statement(&body.node, &body.span);
                self.address_taken.extend(names.0);
            }
        }
        visit::visit_declaration(self, d, span);
    }

    /// An `asm` operand may be passed by its address (an `m` constraint,
    /// lower/asm.rs): its variable stays in memory.
    fn visit_gnu_asm_operand(
        &mut self,
        operand: &'ast lang_c::ast::GnuAsmOperand,
        span: &'ast Span,
    ) {
        if let Some(name) = base_name(&operand.variable_name.node) {
            self.address_taken.insert(name.to_owned());
        }
        visit::visit_gnu_asm_operand(self, operand, span);
    }

    fn visit_call_expression(&mut self, call: &'ast CallExpression, span: &'ast Span) {
        if let Expression::Identifier(id) = &call.callee.node {
            let name = id.node.name.as_str();
            if RETURNS_TWICE.contains(&name) || self.declared_returns_twice.contains(name) {
                self.returns_twice = true;
            }
            // GNU's `__real__ x`/`__imag__ x` (as the parser shims spell
            // them) may designate a part of `x` in memory.
            let part = matches!(
                id.node.name.as_str(),
                "__builtin_kit_real" | "__builtin_kit_imag"
            );
            if let (true, Some(operand)) = (part, call.arguments.first()) {
                if let Some(name) = base_name(&operand.node) {
                    self.address_taken.insert(name.to_owned());
                }
            }
        }
        visit::visit_call_expression(self, call, span);
    }
}

/// Every identifier a piece of code uses.
#[derive(Default)]
pub struct Identifiers(pub HashSet<String>);

impl<'ast> Visit<'ast> for Identifiers {
    fn visit_identifier(&mut self, id: &'ast lang_c::ast::Identifier, _: &'ast Span) {
        self.0.insert(id.name.clone());
    }
}

/// The variable whose storage an `&` operand lies in: `x` or `x.field`
/// (`p->field` and `p[i]` are elsewhere: `p` is only read).
fn base_name(e: &Expression) -> Option<&str> {
    match e {
        Expression::Identifier(id) => Some(&id.node.name),
        Expression::Member(m) if m.node.operator.node == MemberOperator::Direct => {
            base_name(&m.node.expression.node)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lang_c::ast::ExternalDeclaration;

    /// The analysis of the body of the only function in `source`.
    fn analyze(source: &str, declared: &[&str]) -> Promotion {
        let config = lang_c::driver::Config::with_gcc();
        let parse = lang_c::driver::parse_preprocessed(&config, source.to_owned()).expect("parses");
        let body = parse
            .unit
            .0
            .iter()
            .find_map(|d| match &d.node {
                ExternalDeclaration::FunctionDefinition(f) => Some(f.node.statement.clone()),
                _ => None,
            })
            .expect("a function");
        let declared = declared.iter().map(|s| s.to_string()).collect();
        Promotion::of(&body, true, &declared)
    }

    #[test]
    fn a_function_declared_returns_twice_keeps_locals_in_memory() {
        let source = "int save(void); int f(void) { int x = 1; save(); return x; }";
        assert!(analyze(source, &[]).allows("x"));
        let declared = analyze(source, &["save"]);
        assert!(declared.calls_returns_twice());
        assert!(!declared.allows("x"));
    }
}
