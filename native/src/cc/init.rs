//! Static initializers: a global's initial bytes, plus relocations for the
//! addresses inside them (string literals, `&global`, function names).

use cranelift_module::{DataId, FuncId};
use lang_c::ast::*;
use lang_c::span::Node;

use super::constant::Const;
use super::decl::{self, error, Error, Result};
use super::flatten::{flatten, Context};
use super::types::{self, BitField, IntKind, Type};
use super::unit::Unit;

/// What an address in data points at.
pub enum Target {
    Data(DataId),
    Func(FuncId),
}

/// (offset in the object, target, addend).
pub type Reloc = (u64, Target, i64);

/// The code units of a wide literal's text: characters as UTF-16 (`u`)
/// or UTF-32, numeric escapes as the unit value they name.
pub fn wide_units(text: &str, utf16: bool) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let push_char = |out: &mut Vec<u32>, c: char| {
        if utf16 {
            let mut buf = [0u16; 2];
            out.extend(c.encode_utf16(&mut buf).iter().map(|&u| u as u32));
        } else {
            out.push(c as u32);
        }
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            push_char(&mut out, c);
            continue;
        }
        let e = chars.next()?;
        let simple = match e {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'f' => Some('\x0c'),
            'v' => Some('\x0b'),
            'e' => Some('\x1b'),
            '\\' | '\'' | '"' | '?' => Some(e),
            _ => None,
        };
        if let Some(s) = simple {
            push_char(&mut out, s);
            continue;
        }
        match e {
            'x' => {
                let mut v: u32 = 0;
                while let Some(d) = chars.peek().and_then(|c| c.to_digit(16)) {
                    v = v.wrapping_mul(16).wrapping_add(d);
                    chars.next();
                }
                out.push(v);
            }
            '0'..='7' => {
                let mut v = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(v);
            }
            'u' | 'U' => {
                let n = if e == 'u' { 4 } else { 8 };
                let mut v = 0;
                for _ in 0..n {
                    v = v * 16 + chars.next()?.to_digit(16)?;
                }
                push_char(&mut out, char::from_u32(v)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A string literal's element type: any piece's prefix makes the whole
/// wide (`L` int, `U` unsigned int, `u` unsigned short), else char.
pub fn string_literal_element(pieces: &[String]) -> Type {
    let prefix = pieces
        .iter()
        .map(|p| &p[..p.find('"').unwrap_or(0)])
        .find(|p| !p.is_empty() && *p != "u8")
        .unwrap_or("");
    match prefix {
        "L" => types::INT,
        "U" => types::UINT,
        "u" => Type::Int {
            size: 2,
            signed: false,
            kind: IntKind::Standard,
        },
        _ => types::CHAR,
    }
}

/// A string literal's bytes (NUL-terminated) and element type; adjacent
/// pieces concatenate (see `string_literal_element`).
pub fn string_literal(pieces: &[String]) -> Option<(Vec<u8>, Type)> {
    let elem = string_literal_element(pieces);
    let unit = elem.size().unwrap_or(1) as usize;
    if unit == 1 {
        let mut text = Vec::new();
        for piece in pieces {
            let start = piece.find('"')? + 1;
            text.extend(decl::unescape(&piece[start..piece.len() - 1])?);
        }
        text.push(0);
        return Some((text, elem));
    }
    let mut bytes = Vec::new();
    for piece in pieces {
        let start = piece.find('"')? + 1;
        for unit_value in wide_units(&piece[start..piece.len() - 1], unit == 2)? {
            if unit == 4 {
                bytes.extend_from_slice(&unit_value.to_le_bytes());
            } else {
                bytes.extend_from_slice(&(unit_value as u16).to_le_bytes());
            }
        }
    }
    bytes.extend(std::iter::repeat_n(0, unit));
    Some((bytes, elem))
}

/// The constant bytes and relocations of initializer `init` for an
/// object of type `ty`, and the length it gives an array of unknown size
/// (`bytes` is sized by the caller once that length is known: see
/// [`length`]).
pub fn constant(
    unit: &mut Unit,
    ty: &Type,
    init: &Node<Initializer>,
    bytes: &mut Vec<u8>,
    relocs: &mut Vec<Reloc>,
) -> Result<()> {
    let literal = literal_list(unit, ty, init)?;
    let init = literal.as_ref().unwrap_or(init);
    let (stores, _) = flatten(&mut ConstantContext(unit), ty, init)?;
    // The relocations so far lie within these offsets: stores usually go
    // forward (or, by designators, backward), and then none is
    // overwritten.
    let none = std::ops::Range {
        start: usize::MAX,
        end: 0,
    };
    let mut relocated = relocs.iter().fold(none, |span, r| {
        span.start.min(r.0 as usize)..span.end.max(r.0 as usize + 8)
    });
    for store in stores {
        let at = store.offset as usize;
        // A flexible array member initialized (GNU C) makes the object
        // longer than its type, as in gcc.
        let needed = at + store.ty.size().unwrap_or(0) as usize;
        if bytes.len() < needed {
            bytes.resize(needed, 0);
        }
        // A later store wins, over an address stored earlier too
        // (`[1 ... 2] = &f, [1] = 0`).
        if relocated.end > at && relocated.start < needed {
            relocs.retain(|&(offset, _, _)| {
                let offset = offset as usize;
                offset + 8 <= at || offset >= needed
            });
        }
        let before = relocs.len();
        match (&store.ty, &store.value.node) {
            (Type::Array(..), Expression::StringLiteral(s)) => {
                let (text, _) = string_literal(&s.node).ok_or(Error {
                    offset: store.value.span.start,
                    message: "invalid string literal".into(),
                })?;
                // An array of unknown length takes the whole literal.
                let room = match store.ty.size() {
                    Some(size) => size as usize,
                    None => {
                        bytes.resize(bytes.len().max(at + text.len()), 0);
                        text.len()
                    }
                };
                let n = text.len().min(room);
                bytes[at..at + n].copy_from_slice(&text[..n]);
            }
            _ if store.bits.is_some() => {
                // An arithmetic constant, converted to the field's type.
                let value = unit.scopes.constant_value(store.value)?;
                let value = value.to_type(&store.ty).as_i64();
                insert_bits(bytes, at, store.bits.expect("checked"), value);
            }
            _ if store.ty.is_scalar() => {
                scalar(unit, &store.ty, store.value, at as u64, bytes, relocs)?
            }
            // GNU C: a member initialized by a compound literal of its
            // type takes the literal's list (see `ConstantContext`).
            (_, Expression::CompoundLiteral(c)) => {
                let list = Node::new(Initializer::List(c.node.initializer_list.clone()), c.span);
                let (mut member, mut member_relocs) = (Vec::new(), Vec::new());
                constant(unit, &store.ty, &list, &mut member, &mut member_relocs)?;
                let end = (at + member.len()).max(needed);
                if bytes.len() < end {
                    bytes.resize(end, 0);
                }
                bytes[at..at + member.len()].copy_from_slice(&member);
                relocs.extend(
                    member_relocs
                        .into_iter()
                        .map(|(offset, target, addend)| (offset + at as u64, target, addend)),
                );
            }
            _ => return Err(not_constant(unit, store.value)),
        }
        for &(offset, _, _) in &relocs[before..] {
            let offset = offset as usize;
            relocated = relocated.start.min(offset)..relocated.end.max(offset + 8);
        }
    }
    Ok(())
}

/// The length initializer `init` gives an array of unknown size `ty`.
pub fn length(unit: &mut Unit, ty: &Type, init: &Node<Initializer>) -> Result<Option<u64>> {
    let literal = literal_list(unit, ty, init)?;
    let init = literal.as_ref().unwrap_or(init);
    Ok(flatten(&mut ConstantContext(unit), ty, init)?.1)
}

/// GNU C: a static object initialized by a compound literal of its own
/// type (`struct s v = (struct s){1, 2};`) takes the literal's list.
fn literal_list(
    unit: &mut Unit,
    ty: &Type,
    init: &Node<Initializer>,
) -> Result<Option<Node<Initializer>>> {
    let Initializer::Expression(e) = &init.node else {
        return Ok(None);
    };
    let Expression::CompoundLiteral(c) = &e.node else {
        return Ok(None);
    };
    let literal = unit.scopes.type_name(&c.node.type_name.node)?;
    let same = match (&literal, ty) {
        (Type::Array(a, _), Type::Array(b, _)) => a == b,
        (a, b) => a == b,
    };
    Ok(same.then(|| Node::new(Initializer::List(c.node.initializer_list.clone()), c.span)))
}

/// Static initializers: designator indices are constants, and the only
/// value of aggregate type taken whole is a compound literal of the
/// member's type (GNU C, as gcc takes it).
struct ConstantContext<'u>(&'u mut Unit);

impl Context for ConstantContext<'_> {
    fn index(&mut self, e: &Node<Expression>) -> Result<i64> {
        self.0.scopes.constant_expr(e)
    }

    fn is_whole(&mut self, e: &Node<Expression>, ty: &Type) -> bool {
        let Expression::CompoundLiteral(c) = &e.node else {
            return false;
        };
        !ty.is_scalar()
            && self
                .0
                .scopes
                .type_name(&c.node.type_name.node)
                .is_ok_and(|t| t == *ty)
    }

    fn warn(&mut self, offset: usize, message: String) {
        self.0.warn(offset, None, message);
    }

    fn source(&self) -> &str {
        &self.0.source
    }
}

fn scalar(
    unit: &mut Unit,
    ty: &Type,
    e: &Node<Expression>,
    at: u64,
    bytes: &mut [u8],
    relocs: &mut Vec<Reloc>,
) -> Result<()> {
    let at = at as usize;
    let size = ty.size().unwrap_or(0) as usize;
    if *ty == Type::LongDouble {
        let bits = arithmetic_constant(unit, e)?.as_long_double();
        bytes[at..at + 16].copy_from_slice(&bits.to_le_bytes());
        return Ok(());
    }
    if let Type::Complex(part) = ty {
        if **part == Type::LongDouble {
            let (re, im) = arithmetic_constant(unit, e)?.as_long_complex();
            bytes[at..at + 16].copy_from_slice(&re.to_le_bytes());
            bytes[at + 16..at + 32].copy_from_slice(&im.to_le_bytes());
            return Ok(());
        }
        let (re, im) = arithmetic_constant(unit, e)?.as_complex();
        let half = size / 2;
        for (i, value) in [re, im].into_iter().enumerate() {
            let place = at + i * half;
            match **part {
                Type::Float => {
                    bytes[place..place + 4].copy_from_slice(&(value as f32).to_le_bytes())
                }
                Type::Double => bytes[place..place + 8].copy_from_slice(&value.to_le_bytes()),
                // GNU complex integers (folded through double, as the
                // floating ones are).
                Type::Int { .. } => bytes[place..place + half]
                    .copy_from_slice(&(value as i64).to_le_bytes()[..half]),
                _ => bytes[place..place + 16]
                    .copy_from_slice(&super::long_double::from_f64(value).to_le_bytes()),
            }
        }
        return Ok(());
    }
    if ty.is_float() {
        let value = arithmetic_constant(unit, e)?;
        if size == 4 {
            bytes[at..at + 4].copy_from_slice(&value.as_f32().to_le_bytes());
        } else {
            bytes[at..at + 8].copy_from_slice(&value.as_f64().to_le_bytes());
        }
        return Ok(());
    }
    // An arithmetic constant expression (C11 6.6p7), converted to the
    // integer type: `static int i = 3.5;` holds 3.
    match unit.scopes.constant_value(e) {
        // A pointer takes no floating value (gcc's words).
        Ok(value) if ty.is_pointer() && !value.is_integer() => {
            let from = unit.static_type_of(e).unwrap_or(Type::Double);
            return error(
                e.span.start,
                format!(
                    "incompatible types when initializing type '{}' using type '{}'",
                    ty.name(),
                    from.name()
                ),
            );
        }
        Ok(value) => {
            store_integer(bytes, at, ty, value);
            return Ok(());
        }
        // A constraint broken inside the expression (`sizeof` of an
        // incomplete type) is that error; not being constant is not yet.
        Err(e) if !super::constant::only_not_constant(&e) => return Err(e),
        Err(_) => {}
    }
    if let Some(number) = label_address(unit, e) {
        bytes[at..at + size].copy_from_slice(&number.to_le_bytes()[..size]);
        return Ok(());
    }
    if let Some(difference) = address_difference(unit, e)? {
        let value = Const::Int {
            value: difference,
            size: 8,
            signed: true,
        };
        store_integer(bytes, at, ty, value);
        return Ok(());
    }
    // An address, also cast to a pointer-sized integer (gcc takes
    // `(unsigned long)&x`).
    if ty.is_pointer() || (ty.is_integer() && size == 8) {
        if let Some((target, addend)) = address(unit, e)? {
            check_pointer_initializer(unit, ty, e)?;
            relocs.push((at as u64, target, addend));
            return Ok(());
        }
    }
    Err(not_constant(unit, e))
}

/// `value` converted to the integer or pointer type `ty`, stored at `at`.
/// kit's constants hold 64 bits: an `__int128` takes the value sign- or
/// zero-extended as its own type is.
fn store_integer(bytes: &mut [u8], at: usize, ty: &Type, value: Const) {
    let size = ty.size().unwrap_or(0) as usize;
    let wide = match value {
        _ if size < 16 => i128::from(value.to_type(ty).as_i64()),
        Const::Int {
            value,
            signed: false,
            ..
        } => i128::from(value as u64),
        Const::Pointer { address, .. } => i128::from(address),
        other => i128::from(other.to_type(&types::LONG).as_i64()),
    };
    bytes[at..at + size].copy_from_slice(&wide.to_le_bytes()[..size]);
}

/// gcc's error for an initializer that is not constant; when it names an
/// identifier nothing declares, that is the error.
fn not_constant(unit: &Unit, e: &Node<Expression>) -> Error {
    undeclared(unit, e).unwrap_or_else(|| Error {
        offset: e.span.start,
        message: "initializer element is not constant".into(),
    })
}

/// gcc's error for the first identifier in `e` that nothing declares, if
/// there is one: what a constant expression that names one fails with.
pub(super) fn undeclared(unit: &Unit, e: &Node<Expression>) -> Option<Error> {
    struct Undeclared<'u> {
        unit: &'u Unit,
        found: Option<(String, usize)>,
    }
    impl<'ast> lang_c::visit::Visit<'ast> for Undeclared<'_> {
        fn visit_expression(&mut self, e: &'ast Expression, span: &'ast lang_c::span::Span) {
            if let Expression::Identifier(id) = e {
                let name = &id.node.name;
                let declared = self.unit.globals.contains_key(name)
                    || self.unit.block_names.contains_key(name)
                    || self.unit.scopes.constant(name).is_some()
                    || name.starts_with("__builtin")
                    || super::has_builtin(name)
                    || matches!(
                        name.as_str(),
                        "__func__" | "__FUNCTION__" | "__PRETTY_FUNCTION__"
                    );
                if !declared && self.found.is_none() {
                    self.found = Some((name.clone(), id.span.start));
                }
            }
            lang_c::visit::visit_expression(self, e, span);
        }
    }
    let mut walk = Undeclared { unit, found: None };
    lang_c::visit::Visit::visit_expression(&mut walk, &e.node, &e.span);
    let (name, at) = walk.found?;
    let place = if unit.block_names.is_empty() {
        "here (not in a function)"
    } else {
        "(first use in this function)"
    };
    Some(Error {
        offset: at,
        message: format!("'{name}' undeclared {place}"),
    })
}

/// The value of a floating or complex object's initializer, which must be
/// an arithmetic constant expression (gcc's words when it is not).
fn arithmetic_constant(unit: &mut Unit, e: &Node<Expression>) -> Result<super::constant::Const> {
    unit.scopes
        .constant_value(e)
        .map_err(|_| not_constant(unit, e))
}

/// A pointer initialized with an address of an incompatible type is an
/// error, as in gcc 14 (see assign.rs), where the address's type is
/// known without code.
fn check_pointer_initializer(unit: &mut Unit, ty: &Type, e: &Node<Expression>) -> Result<()> {
    let Some(from) = unit.static_type_of(e).map(|t| t.decay()) else {
        return Ok(());
    };
    if !ty.is_pointer() || !from.is_pointer() || types::pointers_assignable(ty, &from) {
        return Ok(());
    }
    let message = format!(
        "initialization of '{}' from incompatible pointer type '{}'",
        ty.name(),
        from.name()
    );
    unit.permerror("incompatible-pointer-types", e.span.start, message)
}

/// Writes `value`'s low bits into the unit of type `ty` at `at`.
fn insert_bits(bytes: &mut Vec<u8>, at: usize, bits: BitField, value: i64) {
    let size = usize::from(bits.unit);
    if bytes.len() < at + size {
        bytes.resize(at + size, 0);
    }
    let mut unit = [0u8; 16];
    unit[..size].copy_from_slice(&bytes[at..at + size]);
    let mask = ((1u128 << bits.width) - 1) << bits.shift;
    let value = u128::from(value as u64);
    let word = (u128::from_le_bytes(unit) & !mask) | ((value << bits.shift) & mask);
    bytes[at..at + size].copy_from_slice(&word.to_le_bytes()[..size]);
}

/// `&&label` in a static initializer (a dispatch table): the label's
/// number in the function being lowered (see lower.rs, `label_address`);
/// `&&a - &&b` is the difference of the numbers.
fn label_address(unit: &mut Unit, e: &Node<Expression>) -> Option<u64> {
    if let Expression::BinaryOperator(b) = &e.node {
        if b.node.operator.node == BinaryOperator::Minus {
            let lhs = label_address(unit, &b.node.lhs)?;
            let rhs = label_address(unit, &b.node.rhs)?;
            return Some(lhs.wrapping_sub(rhs));
        }
    }
    let Expression::Call(call) = &e.node else {
        return None;
    };
    let Expression::Identifier(callee) = &call.node.callee.node else {
        return None;
    };
    if callee.node.name != "__builtin_kit_label_address" {
        return None;
    }
    let Some(Expression::Identifier(label)) = call.node.arguments.first().map(|a| &a.node) else {
        return None;
    };
    Some(unit.label_number(&label.node.name, e.span.start))
}

/// A `float` constant's value, rounded once from its digits (through
/// double, a decimal could round twice).
pub fn parse_single(f: &Float) -> Option<f32> {
    match f.base {
        FloatBase::Decimal => f.number.parse().ok(),
        FloatBase::Hexadecimal => super::long_double::hex_to_f32(&f.number),
    }
}

/// Parses a floating constant's digits (decimal or hex).
pub fn parse_float(f: &Float) -> Option<f64> {
    match f.base {
        FloatBase::Decimal => f.number.parse().ok(),
        FloatBase::Hexadecimal => super::long_double::hex_to_f64(&f.number),
    }
}

/// A link-time address: a string literal, `&global`, an array or a function.
fn address(unit: &mut Unit, e: &Node<Expression>) -> Result<Option<(Target, i64)>> {
    Ok(match &e.node {
        Expression::Cast(c) => address(unit, &c.node.expression)?,
        // A string and `(int []){1, 2}` decay to their first element's
        // address.
        Expression::StringLiteral(_) | Expression::CompoundLiteral(_) => {
            lvalue_address(unit, e)?.map(|(t, a, _)| (t, a))
        }
        Expression::UnaryOperator(u) if u.node.operator.node == UnaryOperator::Address => {
            lvalue_address(unit, &u.node.operand)?.map(|(target, addend, _)| (target, addend))
        }
        Expression::BinaryOperator(b)
            if matches!(
                b.node.operator.node,
                BinaryOperator::Plus | BinaryOperator::Minus
            ) =>
        {
            let Some((target, addend)) = address(unit, &b.node.lhs)? else {
                return Ok(None);
            };
            let Ok(n) = unit.scopes.constant_expr(&b.node.rhs) else {
                return Ok(None);
            };
            let elem = pointee_size(unit, &b.node.lhs);
            let n = if b.node.operator.node == BinaryOperator::Minus {
                -n
            } else {
                n
            };
            Some((target, addend + n * elem))
        }
        // An array (a global, a member, an element of an array of arrays)
        // or a function decays to its address.
        Expression::Identifier(_) | Expression::Member(_) | Expression::BinaryOperator(_) => {
            match lvalue_address(unit, e)? {
                Some((target, addend, Type::Array(..) | Type::Function(_))) => {
                    Some((target, addend))
                }
                _ => None,
            }
        }
        _ => None,
    })
}

/// `&a[5] - &a[1]` (GNU C folds it): the difference of two addresses in
/// one object, in elements.
fn address_difference(unit: &mut Unit, e: &Node<Expression>) -> Result<Option<i64>> {
    let Expression::BinaryOperator(b) = &e.node else {
        return Ok(None);
    };
    if b.node.operator.node != BinaryOperator::Minus {
        return Ok(None);
    }
    let (Some((x, from)), Some((y, to))) =
        (address(unit, &b.node.lhs)?, address(unit, &b.node.rhs)?)
    else {
        return Ok(None);
    };
    let same = match (x, y) {
        (Target::Data(x), Target::Data(y)) => x == y,
        (Target::Func(x), Target::Func(y)) => x == y,
        _ => false,
    };
    let step = pointee_size(unit, &b.node.lhs).max(1);
    Ok(same.then(|| (from - to) / step))
}

/// The element size a pointer expression steps by (1 when unknown).
fn pointee_size(unit: &mut Unit, e: &Node<Expression>) -> i64 {
    let ty = unit.static_type_of(e).map(|t| t.decay());
    match ty.as_ref().and_then(Type::pointee) {
        Some(t) => t.size().unwrap_or(1) as i64,
        None => 1,
    }
}

/// The address of a static lvalue: a global, an element of a global
/// array, or a member of a global struct (`&a[2]`, `&s.f`, `&s.f[1].g`).
fn lvalue_address(unit: &mut Unit, e: &Node<Expression>) -> Result<Option<(Target, i64, Type)>> {
    Ok(match &e.node {
        Expression::Identifier(id) => {
            let Some(key) = unit.static_key(&id.node.name).map(str::to_owned) else {
                return Ok(None);
            };
            let ty = unit.globals[&key].ty.clone();
            global_address(unit, &key, e.span.start)?.map(|(t, a)| (t, a, ty))
        }
        // At file scope a compound literal is a static object (6.5.2.5p5);
        // in a function it is automatic, so its address is not constant.
        Expression::CompoundLiteral(c) if unit.scopes.at_file_scope() => {
            let ty = unit.scopes.type_name(&c.node.type_name.node)?;
            let init = Node::new(Initializer::List(c.node.initializer_list.clone()), c.span);
            let key = unit.block_scope_global("compound_literal", ty, true, false);
            unit.define_data(&key, Some(&init), e.span.start)?;
            let ty = unit.globals[&key].ty.clone();
            global_address(unit, &key, e.span.start)?.map(|(t, a)| (t, a, ty))
        }
        Expression::StringLiteral(s) => {
            let (bytes, elem) = string_literal(&s.node).ok_or(Error {
                offset: e.span.start,
                message: "invalid string literal".into(),
            })?;
            let length = bytes.len() as u64 / elem.size().unwrap_or(1).max(1);
            let target = Target::Data(unit.string_data(bytes)?);
            Some((target, 0, Type::Array(std::rc::Rc::new(elem), Some(length))))
        }
        Expression::CompoundLiteral(_) => None,
        Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Index => {
            let Some((target, addend, ty)) = lvalue_address(unit, &b.node.lhs)? else {
                return Ok(None);
            };
            let Type::Array(elem, _) = ty else {
                return Ok(None);
            };
            let Ok(n) = unit.scopes.constant_expr(&b.node.rhs) else {
                return Ok(None);
            };
            let size = elem.size().unwrap_or(0) as i64;
            Some((target, addend + n * size, (*elem).clone()))
        }
        // `&(table + 1)->field`: through an address constant.
        Expression::Member(m) if m.node.operator.node == MemberOperator::Indirect => {
            let Some((target, addend)) = address(unit, &m.node.expression)? else {
                return Ok(None);
            };
            let pointer = unit.static_type_of(&m.node.expression).map(|t| t.decay());
            let Some(Type::Struct(record)) = pointer.as_ref().and_then(Type::pointee) else {
                return Ok(None);
            };
            let Some((offset, ty)) = super::types::find_field(record, &m.node.identifier.node.name)
            else {
                return Ok(None);
            };
            Some((target, addend + offset as i64, ty))
        }
        Expression::Member(m) if m.node.operator.node == MemberOperator::Direct => {
            let Some((target, addend, ty)) = lvalue_address(unit, &m.node.expression)? else {
                return Ok(None);
            };
            let Type::Struct(record) = ty else {
                return Ok(None);
            };
            let Some((offset, ty)) =
                super::types::find_field(&record, &m.node.identifier.node.name)
            else {
                return Ok(None);
            };
            Some((target, addend + offset as i64, ty))
        }
        _ => None,
    })
}

fn global_address(unit: &mut Unit, name: &str, offset: usize) -> Result<Option<(Target, i64)>> {
    let Some(global) = unit.globals.get(name).cloned() else {
        return error(offset, format!("'{name}' undeclared"));
    };
    if global.attributes.thread_local {
        // Each thread has its own: no address is constant (as in gcc).
        return Ok(None);
    }
    Ok(Some(match global.ty {
        Type::Function(_) => (Target::Func(unit.func_id(name, offset)?), 0),
        _ => (Target::Data(unit.data_id(name)?), 0),
    }))
}
