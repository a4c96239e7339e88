//! Initializers as a flat list of stores (C11 6.7.9), shared by constant
//! initializers of static objects (init.rs) and run-time ones (lower.rs).
//!
//! The walk keeps C's "current object": a braced list initializes the
//! members of its aggregate in order; a designator (`.a.b`, `[i]`,
//! `[i].x`) moves to a member and the items after it continue from
//! there; an aggregate member met by a plain expression takes its members
//! from the following items (brace elision), unless the expression is a
//! whole value of that type (a struct or a string for a char array).

use lang_c::ast::*;
use lang_c::span::Node;

use super::decl::{error, Error, Result};
use super::types::{BitField, IntKind, Type};

/// One store an initializer makes.
pub struct Store<'a> {
    /// Bytes from the start of the initialized object.
    pub offset: u64,
    /// The subobject's type: a scalar, a char array for a string literal,
    /// or an aggregate initialized whole by a value of its type.
    pub ty: Type,
    pub bits: Option<BitField>,
    pub value: &'a Node<Expression>,
}

/// What the walk needs from its caller.
pub trait Context {
    /// An array designator's index.
    fn index(&mut self, e: &Node<Expression>) -> Result<i64>;
    /// Whether `e` is a value of aggregate type `ty` (initializing it
    /// whole) rather than the first of its members' initializers.
    fn is_whole(&mut self, e: &Node<Expression>, ty: &Type) -> bool;
    /// Reports a warning (excess initializers, which gcc also only warns
    /// about and ignores).
    fn warn(&mut self, offset: usize, message: String);
    /// The preprocessed text the syntax tree's offsets index.
    fn source(&self) -> &str;
}

/// The stores of initializer `init` for an object of type `ty`, and the
/// length it gives an array of unknown size.
pub fn flatten<'a>(
    cx: &mut dyn Context,
    ty: &Type,
    init: &'a Node<Initializer>,
) -> Result<(Vec<Store<'a>>, Option<u64>)> {
    // An atomic object is initialized as its plain type, and not
    // atomically (C11 7.17.2.1p2).
    let ty = &ty.unatomic();
    let mut walk = Walk {
        cx,
        stores: Vec::new(),
        length: 0,
        union_members: Vec::new(),
        // Empty: the first store sets both ends.
        stored: std::ops::Range {
            start: u64::MAX,
            end: 0,
        },
    };
    let length = match &init.node {
        Initializer::Expression(e) => {
            if is_aggregate(ty) && !walk.takes_whole(ty, e) {
                let message = match casts_to_array(e) {
                    true => "cast specifies array type",
                    false => "invalid initializer",
                };
                return error(e.span.start, message);
            }
            walk.whole_or_scalar(ty, 0, None, e)?;
            string_length(ty, e)
        }
        Initializer::List(items) => {
            check_not_empty_scalar(walk.cx.source(), ty, init)?;
            walk.braced(ty, 0, items, true)?;
            Some(walk.length)
        }
    };
    Ok((
        walk.stores,
        length.filter(|_| matches!(ty, Type::Array(_, None))),
    ))
}

/// The elements a string literal gives a char array of unknown length.
fn string_length(ty: &Type, e: &Node<Expression>) -> Option<u64> {
    let (Type::Array(elem, None), Expression::StringLiteral(s)) = (ty, &e.node) else {
        return None;
    };
    let (bytes, _) = super::init::string_literal(&s.node)?;
    Some(bytes.len() as u64 / elem.size().unwrap_or(1).max(1))
}

struct Walk<'c, 'a> {
    cx: &'c mut dyn Context,
    stores: Vec<Store<'a>>,
    /// Elements of the outermost array seen so far.
    length: u64,
    /// The member each union initialized so far holds, by the union's
    /// offset and type (see `enter_union_member`).
    union_members: Vec<((u64, *const super::types::Record), usize)>,
    /// The stores so far lie within these offsets: an initializer
    /// usually goes forward (or, by designators, backward), and then a
    /// new subobject holds none of them (see `forget_stores_within`).
    stored: std::ops::Range<u64>,
}

type Items<'a> = [Node<InitializerListItem>];

/// Where a run of members starts.
enum Start {
    /// At the member the current item's designation chose.
    Designated(usize),
    /// At a member the following items fill in order (their own
    /// designators still apply).
    Next(usize),
}

impl<'a> Walk<'_, 'a> {
    /// A `{...}` for an object of type `ty` at `offset`.
    fn braced(
        &mut self,
        ty: &Type,
        offset: u64,
        items: &'a Items<'a>,
        outermost: bool,
    ) -> Result<()> {
        // `{}`, as the parser saw it (parse.rs): no items.
        let items = if is_empty_list(items) {
            &items[..0]
        } else {
            items
        };
        if !is_aggregate(ty) {
            // `int x = {5};`: the first item (itself possibly braced).
            let Some(first) = items.first() else {
                return Ok(());
            };
            if let Some(extra) = items.get(1) {
                self.excess(ty, extra);
            }
            return self.initializer(ty, offset, None, &first.node.initializer);
        }
        // `char s[] = { "abc" }`: a string may have braces (6.7.9p14).
        if let [only] = items {
            if let Initializer::Expression(e) = &only.node.initializer.node {
                let string = matches!(e.node, Expression::StringLiteral(_));
                if only.node.designation.is_empty() && string && self.takes_whole(ty, e) {
                    if outermost {
                        self.length = string_length(ty, e).unwrap_or(0);
                    }
                    return self.whole_or_scalar(ty, offset, None, e);
                }
            }
        }
        let mut i = 0;
        self.members(ty, offset, items, &mut i, Start::Next(0), false, outermost)?;
        if let Some(extra) = items.get(i) {
            self.excess(ty, extra);
        }
        Ok(())
    }

    /// Items beyond the object are ignored with gcc's warning.
    fn excess(&mut self, ty: &Type, extra: &Node<InitializerListItem>) {
        let what = match ty {
            Type::Array(..) => "array",
            Type::Vector(..) => "vector",
            Type::Struct(_) if is_union(ty) => "union",
            Type::Struct(_) => "struct",
            _ => "scalar",
        };
        self.cx.warn(
            extra.span.start,
            format!("excess elements in {what} initializer"),
        );
    }

    /// A whole initializer (braced or an expression) for one subobject.
    fn initializer(
        &mut self,
        ty: &Type,
        offset: u64,
        bits: Option<BitField>,
        init: &'a Node<Initializer>,
    ) -> Result<()> {
        match &init.node {
            Initializer::List(items) => {
                check_not_empty_scalar(self.cx.source(), ty, init)?;
                self.forget_stores_within(ty, offset);
                self.braced(ty, offset, items, false)
            }
            Initializer::Expression(e) => {
                if is_aggregate(ty) && !self.takes_whole(ty, e) {
                    return error(
                        e.span.start,
                        format!("cannot initialize {} with this", ty.name()),
                    );
                }
                self.forget_stores_within(ty, offset);
                self.whole_or_scalar(ty, offset, bits, e)
            }
        }
    }

    /// A subobject initialized again as a whole (`[0] = {...}` after
    /// `{...}`) loses what earlier items stored in it: its members not
    /// named now are zero, as in gcc.
    fn forget_stores_within(&mut self, ty: &Type, offset: u64) {
        // A scalar's later store wins anyway; a bit-field shares its unit.
        let (true, Some(size)) = (is_aggregate(ty), ty.size()) else {
            return;
        };
        let end = offset + size;
        if self.stored.end <= offset || self.stored.start >= end {
            return;
        }
        self.stores.retain(|s| {
            let s_end = s.offset + s.ty.size().unwrap_or(0);
            s.offset < offset || s_end > end
        });
    }

    fn whole_or_scalar(
        &mut self,
        ty: &Type,
        offset: u64,
        bits: Option<BitField>,
        e: &'a Node<Expression>,
    ) -> Result<()> {
        if let (Type::Array(elem, _), Expression::StringLiteral(s)) = (ty, &e.node) {
            check_string_elements(elem, &s.node, e.span.start)?;
        }
        // A store of unknown size (a flexible array member's string)
        // reaches the end of everything.
        let end = ty
            .size()
            .map_or(u64::MAX, |size| offset.saturating_add(size.max(1)));
        self.stored = self.stored.start.min(offset)..self.stored.end.max(end);
        self.stores.push(Store {
            offset,
            ty: ty.clone(),
            bits,
            value: e,
        });
        Ok(())
    }

    fn takes_whole(&mut self, ty: &Type, e: &'a Node<Expression>) -> bool {
        let string_into_chars = matches!(
            (ty, &e.node),
            (Type::Array(elem, _), Expression::StringLiteral(_)) if elem.is_integer()
        );
        string_into_chars || self.cx.is_whole(e, ty)
    }

    /// The subobject at `items[*i]` (its designation already applied):
    /// a braced item, a scalar, a whole value, or an aggregate whose
    /// members come from the following items.
    fn subobject(
        &mut self,
        ty: &Type,
        offset: u64,
        bits: Option<BitField>,
        items: &'a Items<'a>,
        i: &mut usize,
    ) -> Result<()> {
        let init = &items[*i].node.initializer;
        match &init.node {
            // The item's designation (if any) brought the walk here: it is
            // the aggregate's first member's initializer.
            Initializer::Expression(e) if is_aggregate(ty) && !self.takes_whole(ty, e) => {
                let before = *i;
                self.members(ty, offset, items, i, Start::Designated(0), true, false)?;
                // An aggregate with no members takes no scalar.
                if *i == before {
                    return error(e.span.start, "invalid initializer");
                }
                Ok(())
            }
            _ => {
                *i += 1;
                self.initializer(ty, offset, bits, init)
            }
        }
    }

    /// Members of aggregate `ty` from `items[*i..]`, from `start`. An
    /// elided aggregate (no braces of its own) stops at a designator or
    /// when full.
    #[allow(clippy::too_many_arguments)]
    fn members(
        &mut self,
        ty: &Type,
        offset: u64,
        items: &'a Items<'a>,
        i: &mut usize,
        start: Start,
        elided: bool,
        outermost: bool,
    ) -> Result<()> {
        let (mut position, mut designated) = match start {
            Start::Designated(position) => (position, true),
            Start::Next(position) => (position, false),
        };
        while let Some(item) = items.get(*i) {
            let designation = &item.node.designation;
            if !designated && !designation.is_empty() {
                if elided {
                    return Ok(());
                }
                if let Designator::Range(range) = &designation[0].node {
                    position = self.range(ty, offset, &range.node, &designation[1..], items, i)?;
                    self.note_length(outermost, position);
                    continue;
                }
                let path = self.select(ty, &designation[0])?;
                position = path[0];
                if path.len() > 1 || designation.len() > 1 {
                    self.enter_union_member(ty, offset, position);
                    let (sub, at, _) = member(ty, position, offset)
                        .ok_or_else(|| err(item.span.start, "designator out of range"))?;
                    self.designated_path(&sub, at, &path[1..], &designation[1..], items, i)?;
                    position += 1;
                    self.note_length(outermost, position);
                    if is_union(ty) && (elided || !self.union_continues(items, *i)) {
                        return Ok(());
                    }
                    continue;
                }
            }
            designated = false;
            let Some((sub, at, bits)) = member(ty, position, offset) else {
                // Past the end: an elided aggregate is full; a braced one
                // has excess items, which `braced` reports.
                return Ok(());
            };
            self.enter_union_member(ty, offset, position);
            self.subobject(&sub, at, bits, items, i)?;
            position += 1;
            self.note_length(outermost, position);
            if is_union(ty) && (elided || !self.union_continues(items, *i)) {
                return Ok(());
            }
        }
        Ok(())
    }

    /// After a member of a union in its own braces: whether `items[next]`
    /// goes on in it, which only a designated item does (another item is
    /// excess).
    fn union_continues(&self, items: &'a Items<'a>, next: usize) -> bool {
        items
            .get(next)
            .is_some_and(|item| !item.node.designation.is_empty())
    }

    /// Member `position` of `ty` is about to be initialized: when `ty` is
    /// a union that held another member, what that one stored goes, as
    /// the last member initialized is the union's value (6.7.9p17, p19);
    /// several parts of one member all stay (`.s.x = 1, .s.y = 2`).
    fn enter_union_member(&mut self, ty: &Type, offset: u64, position: usize) {
        let Type::Struct(record) = ty else { return };
        if !is_union(ty) {
            return;
        }
        let key = (offset, std::rc::Rc::as_ptr(record));
        match self.union_members.iter_mut().find(|(k, _)| *k == key) {
            Some((_, held)) if *held == position => {}
            Some((_, held)) => {
                *held = position;
                self.forget_stores_within(ty, offset);
            }
            None => self.union_members.push((key, position)),
        }
    }

    /// `items[*i]` designates, through `designators`, a member of `ty`;
    /// the items after it continue inside `ty`.
    fn designated(
        &mut self,
        ty: &Type,
        offset: u64,
        designators: &'a [Node<Designator>],
        items: &'a Items<'a>,
        i: &mut usize,
    ) -> Result<()> {
        if let Designator::Range(range) = &designators[0].node {
            let next = self.range(ty, offset, &range.node, &designators[1..], items, i)?;
            return self.members(ty, offset, items, i, Start::Next(next), true, false);
        }
        let path = self.select(ty, &designators[0])?;
        self.designated_path(ty, offset, &path, &designators[1..], items, i)
    }

    /// As `designated`, with the members already chosen by position
    /// (`path`: a named member reached through anonymous ones) before the
    /// remaining `designators`.
    fn designated_path(
        &mut self,
        ty: &Type,
        offset: u64,
        path: &[usize],
        designators: &'a [Node<Designator>],
        items: &'a Items<'a>,
        i: &mut usize,
    ) -> Result<()> {
        let Some((&position, rest)) = path.split_first() else {
            return self.designated(ty, offset, designators, items, i);
        };
        if rest.is_empty() && designators.is_empty() {
            return self.members(
                ty,
                offset,
                items,
                i,
                Start::Designated(position),
                true,
                false,
            );
        }
        let at = items.get(*i).map_or(0, |item| item.span.start);
        self.enter_union_member(ty, offset, position);
        let (sub, sub_offset, _) =
            member(ty, position, offset).ok_or_else(|| err(at, "designator out of range"))?;
        self.designated_path(&sub, sub_offset, rest, designators, items, i)?;
        self.members(ty, offset, items, i, Start::Next(position + 1), true, false)
    }

    /// GNU `[from ... to] = value`, or `[from ... to].m[2] = value` with
    /// more designators after the range (ranges among them too): every
    /// element in the range takes the item's initializer there. The items
    /// after it go on from the last element's designated member, as after
    /// a designation without a range. Returns the position after the range.
    fn range(
        &mut self,
        ty: &Type,
        offset: u64,
        range: &'a RangeDesignator,
        rest: &'a [Node<Designator>],
        items: &'a Items<'a>,
        i: &mut usize,
    ) -> Result<usize> {
        let item = &items[*i];
        let elements = self.range_elements(ty, offset, range, item.span.start)?;
        let last = elements.len() - 1;
        for (index, (sub, at, bits)) in elements.into_iter().enumerate() {
            if index < last {
                self.designated_once(&sub, at, bits, rest, item)?;
            } else if rest.is_empty() {
                *i += 1;
                self.initializer(&sub, at, bits, &item.node.initializer)?;
            } else {
                self.designated(&sub, at, rest, items, i)?;
            }
        }
        Ok(self.cx.index(&range.to)? as usize + 1)
    }

    /// The elements of array `ty` (at `offset`) that `[from ... to]`
    /// names, at least one.
    fn range_elements(
        &mut self,
        ty: &Type,
        offset: u64,
        range: &RangeDesignator,
        at: usize,
    ) -> Result<Vec<(Type, u64, Option<BitField>)>> {
        let (from, to) = (self.cx.index(&range.from)?, self.cx.index(&range.to)?);
        if !matches!(ty, Type::Array(..)) || from < 0 || to < from {
            return error(at, "unsupported or empty designator range");
        }
        (from as usize..=to as usize)
            .map(|index| {
                member(ty, index, offset).ok_or_else(|| {
                    err(
                        range.to.span.start,
                        "array index in initializer exceeds array bounds",
                    )
                })
            })
            .collect()
    }

    /// `item`'s initializer for what `designators` name in `ty` (every
    /// element of a range), with no items after it.
    fn designated_once(
        &mut self,
        ty: &Type,
        offset: u64,
        bits: Option<BitField>,
        designators: &'a [Node<Designator>],
        item: &'a Node<InitializerListItem>,
    ) -> Result<()> {
        let Some((first, rest)) = designators.split_first() else {
            return self.initializer(ty, offset, bits, &item.node.initializer);
        };
        if let Designator::Range(range) = &first.node {
            for (sub, at, bits) in self.range_elements(ty, offset, &range.node, item.span.start)? {
                self.designated_once(&sub, at, bits, rest, item)?;
            }
            return Ok(());
        }
        let (mut ty, mut offset, mut bits) = (ty.clone(), offset, bits);
        for position in self.select(&ty, first)? {
            self.enter_union_member(&ty, offset, position);
            (ty, offset, bits) = member(&ty, position, offset)
                .ok_or_else(|| err(first.span.start, "designator out of range"))?;
        }
        self.designated_once(&ty, offset, bits, rest, item)
    }

    /// The member a designator names in `ty`, as positions from `ty` (more
    /// than one for a member of an anonymous struct or union).
    fn select(&mut self, ty: &Type, d: &Node<Designator>) -> Result<Vec<usize>> {
        match (&d.node, ty) {
            (Designator::Index(e), Type::Array(_, length)) => {
                let index = self.cx.index(e)?;
                if index < 0 || length.is_some_and(|n| index as u64 >= n) {
                    return error(
                        e.span.start,
                        "array index in initializer exceeds array bounds",
                    );
                }
                Ok(vec![index as usize])
            }
            (Designator::Member(name), Type::Struct(record)) => {
                member_path(record, &name.node.name).ok_or_else(|| {
                    let message =
                        format!("'{}' has no member named '{}'", ty.name(), name.node.name);
                    err(name.span.start, message)
                })
            }
            (Designator::Range(_), _) => error(d.span.start, "a designator range must come first"),
            // gcc's words for a designator of the wrong kind.
            (Designator::Index(e), _) => {
                error(e.span.start, "array index in non-array initializer")
            }
            (Designator::Member(_), _) => error(
                d.span.start,
                "field name not in record or union initializer",
            ),
        }
    }

    fn note_length(&mut self, outermost: bool, position: usize) {
        if outermost {
            self.length = self.length.max(position as u64);
        }
    }
}

fn err(offset: usize, message: impl Into<String>) -> Error {
    Error {
        offset,
        message: message.into(),
    }
}

/// The positions leading to the member `name` of `record`, through
/// anonymous structs and unions.
fn member_path(record: &super::types::Record, name: &str) -> Option<Vec<usize>> {
    for (position, f) in record.get().fields.iter().enumerate() {
        match (&f.name, &f.ty) {
            (Some(n), _) if &**n == name => return Some(vec![position]),
            (None, Type::Struct(inner)) => {
                if let Some(mut rest) = member_path(inner, name) {
                    rest.insert(0, position);
                    return Some(rest);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether `e` is a cast to an array type as written (`(int[2])a`):
/// gcc reports the cast rather than the initializer. An abstract
/// declarator's array binds outermost (`int *[2]` too); one inside
/// parentheses does not (`int (*)[2]`).
fn casts_to_array(e: &Node<Expression>) -> bool {
    let Expression::Cast(c) = &e.node else {
        return false;
    };
    c.node.type_name.node.declarator.as_ref().is_some_and(|d| {
        matches!(d.node.kind.node, DeclaratorKind::Abstract)
            && d.node
                .derived
                .iter()
                .any(|x| matches!(x.node, DerivedDeclarator::Array(_)))
    })
}

fn is_union(ty: &Type) -> bool {
    matches!(ty, Type::Struct(r) if r.get().union)
}

/// `int x = {};` is refused, as by gcc 12 (C23 allows it), at the `{`
/// (a declarator's initializer starts at its `=`).
fn check_not_empty_scalar(source: &str, ty: &Type, init: &Node<Initializer>) -> Result<()> {
    match &init.node {
        Initializer::List(items)
            if !is_aggregate(ty) && (items.is_empty() || is_empty_list(items)) =>
        {
            let at = init.span.start;
            let open = source.get(at..).and_then(|s| s.find('{'));
            error(open.map_or(at, |i| at + i), "empty scalar initializer")
        }
        _ => Ok(()),
    }
}

/// Whether `items` is empty braces: none, or the stand-in the parser
/// puts in `(T){}` (parse.rs).
fn is_empty_list(items: &Items) -> bool {
    match items {
        [only] if only.node.designation.is_empty() => matches!(
            &only.node.initializer.node,
            Initializer::Expression(e)
                if matches!(&e.node, Expression::Identifier(id) if id.node.name == super::parse::EMPTY_INITIALIZER)
        ),
        _ => false,
    }
}

fn is_aggregate(ty: &Type) -> bool {
    matches!(ty, Type::Array(..) | Type::Struct(_) | Type::Vector(..))
}

/// Member `position` of aggregate `ty` at `offset`: its type (an atomic
/// member's plain type, as it is initialized), offset and bit-field
/// place; None past the end.
fn member(ty: &Type, position: usize, offset: u64) -> Option<(Type, u64, Option<BitField>)> {
    match ty {
        Type::Array(elem, length) => {
            if length.is_some_and(|n| position as u64 >= n) {
                return None;
            }
            Some((
                elem.unatomic(),
                offset + position as u64 * elem.size()?,
                None,
            ))
        }
        // A vector's lanes are initialized as an array's elements.
        Type::Vector(lane, lanes) => {
            if position as u64 >= *lanes {
                return None;
            }
            Some((
                (**lane).clone(),
                offset + position as u64 * lane.size()?,
                None,
            ))
        }
        Type::Struct(record) => {
            let f = record.get().fields.get(position)?;
            Some((f.ty.unatomic(), offset + f.offset, f.bits))
        }
        _ => None,
    }
}

/// C11 6.7.9p14-15: a character array takes a narrow string literal, an
/// array of `wchar_t`, `char16_t` or `char32_t` (int, unsigned short and
/// unsigned int here) a wide one of its own type (gcc's words otherwise).
fn check_string_elements(elem: &Type, pieces: &[String], at: usize) -> Result<()> {
    let literal = super::init::string_literal_element(pieces);
    let character = |t: &Type| matches!(t, Type::Int { size: 1, .. });
    // int (wchar_t), unsigned short (char16_t) and unsigned int (char32_t).
    let wide = |t: &Type| match t {
        Type::Int {
            size: 4,
            kind: IntKind::Standard,
            ..
        } => Some((4, t.is_signed())),
        Type::Int {
            size: 2,
            signed: false,
            kind: IntKind::Standard,
        } => Some((2, false)),
        _ => None,
    };
    if !character(elem) && wide(elem).is_none() {
        return error(
            at,
            "array of inappropriate type initialized from string constant",
        );
    }
    if character(elem) != character(&literal) || wide(elem) != wide(&literal) {
        return error(
            at,
            format!(
                "cannot initialize array of '{}' from a string literal with type array of '{}'",
                elem.name(),
                literal.name()
            ),
        );
    }
    Ok(())
}
