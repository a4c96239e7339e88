//! Declarations: turning lang-c's specifiers and declarators into
//! [`Type`]s, with the scopes of typedef names, struct/union/enum tags and
//! enum constants, and constant expressions (array sizes, enum values).
//!
//! lang-c lists a declarator's derivations as written: pointers first, then
//! the postfix ones (arrays, functions) left to right. C reads postfix
//! derivations inside-out, so they apply in reverse: `int b[2][3]` is an
//! array of 2 arrays of 3 ints.

use std::collections::HashMap;
use std::rc::Rc;

use lang_c::ast::*;
use lang_c::span::Node;

use super::types::{self, FunctionType, IntKind, Record, RecordAttributes, Type};

/// An `offsetof` index computed at run time, and the size it steps by.
pub type VariableIndex<'o> = (&'o Node<Expression>, u64);

/// A struct or union declared but not (yet) defined.
/// An incomplete struct or union (`union`) with this tag.
fn forward(tag: Option<Rc<str>>, union: bool) -> Rc<Record> {
    Rc::new(Record {
        id: Record::fresh_id(),
        tag,
        fields: Vec::new(),
        size: 0,
        align: 1,
        union,
        incomplete: true,
        completion: std::cell::OnceCell::new(),
        transparent: false,
    })
}

/// How a declaration stores its object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Storage {
    None,
    Typedef,
    Extern,
    Static,
}

/// An enum named before its definition (see `Scopes::undefined_enum`).
pub struct UndefinedEnum {
    /// `enum e`.
    pub tag: String,
    /// The typedef name it was named by, if it was.
    pub typedef: Option<String>,
}

impl UndefinedEnum {
    /// The type as gcc quotes it: `'enum e'`, or `'E' {aka 'enum e'}`.
    pub fn quoted(&self) -> String {
        match &self.typedef {
            Some(name) => format!("'{name}' {{aka '{}'}}", self.tag),
            None => format!("'{}'", self.tag),
        }
    }
}

/// The largest alignment `aligned` and `_Alignas` take, as in gcc.
const MAX_ALIGNMENT: u64 = 1 << 28;

/// A compile error at a byte offset of the preprocessed text.
#[derive(Debug)]
pub struct Error {
    pub offset: usize,
    pub message: String,
}

impl Error {
    /// Stands for errors already reported: a function whose statements
    /// had errors, or a use of a name whose use was reported before in
    /// the function. It stops what it is returned from and shows nothing.
    pub fn already_reported() -> Error {
        Error {
            offset: usize::MAX,
            message: String::new(),
        }
    }

    pub fn is_already_reported(&self) -> bool {
        self.offset == usize::MAX && self.message.is_empty()
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// A warning at a byte offset of the preprocessed text, with gcc's
/// option for it (`-Wdiv-by-zero`) when gcc has one.
#[derive(Debug)]
pub struct Warning {
    pub offset: usize,
    pub message: String,
    pub option: Option<&'static str>,
}

pub fn error<T>(offset: usize, message: impl Into<String>) -> Result<T> {
    Err(Error {
        offset,
        message: message.into(),
    })
}

#[derive(Default)]
struct Frame {
    typedefs: HashMap<String, Type>,
    /// The typedef names of this scope that name an enum not defined
    /// where they were declared: its tag (see `undefined_enum`).
    enum_typedefs: HashMap<String, String>,
    /// The const levels each typedef carries (`readonly_levels`).
    typedef_readonly: HashMap<String, u64>,
    tags: HashMap<String, Type>,
    constants: HashMap<String, i64>,
    /// The types of enumeration constants that do not fit an int.
    wide_constants: HashMap<String, Type>,
    /// Where each struct/union tag (by tag) and enumerator (by name) of
    /// this scope was defined: a second definition is an error. Tags and
    /// enumerators live in different name spaces, but a tag key is never
    /// an identifier alone: it carries a `struct `/`union ` prefix.
    definitions: HashMap<String, usize>,
    /// The alignment declared for an object or typedef name of this
    /// scope: what `__alignof__(name)` and declarations through the
    /// typedef name see. Typedef and object names share the ordinary name
    /// space, so one map serves both.
    aligned: HashMap<String, Declared>,
}

/// A name's declared alignment.
#[derive(Clone, Copy, Default)]
struct Declared {
    /// At least this (`_Alignas`, `aligned(N)`, a typedef's that raises a
    /// scalar's); 0 for none.
    at_least: u64,
    /// Exactly this, below the type's own: a typedef's `aligned(N)` may
    /// lower it, as gcc allows (`typedef int u32u
    /// __attribute__((aligned(1)))`), an object's may not.
    lowered: Option<u64>,
}

/// Typedef names, tags and enum constants, innermost scope last.
pub struct Scopes {
    frames: Vec<Frame>,
    /// Types of `typeof(expression)` specifiers, by the specifier's offset;
    /// filled by the function lowering, which knows the expression's type.
    pub typeof_types: HashMap<usize, Type>,
    /// The parameters declared so far in the prototypes being read, each
    /// in scope in the declarations of those after it (`long n,
    /// typeof(n) m`).
    parameters_in_scope: Vec<(String, Type)>,
    /// The offsets of `typeof`/`sizeof` operands that are bit-fields,
    /// whose `typeof` gcc refuses.
    pub bit_field_operands: std::collections::HashSet<usize>,
    /// The association each `_Generic` in a function chooses, by the
    /// offsets of its controlling expression and of the chosen one (the
    /// lowering's choice, for constant expressions).
    pub generic_choices: HashMap<usize, usize>,
    /// Layout attributes for the record being specified (see `specifiers`).
    record_attributes: Option<RecordAttributes>,
    /// Whether the specifiers last read by `specifiers` said
    /// `_Thread_local`/`__thread` (beside static or extern).
    pub thread_local: bool,
    /// `auto` or `register`, if the specifiers last read said so (allowed
    /// only in a block, and `register` on a parameter).
    pub automatic: Option<&'static str>,
    /// `#pragma pack`: the current cap on member alignment, and the
    /// values `push` saved.
    pack: Option<u64>,
    pack_stack: Vec<Option<u64>>,
}

impl Default for Scopes {
    fn default() -> Self {
        Scopes {
            frames: vec![Frame::default()],
            typeof_types: HashMap::new(),
            parameters_in_scope: Vec::new(),
            bit_field_operands: Default::default(),
            generic_choices: HashMap::new(),
            record_attributes: None,
            thread_local: false,
            automatic: None,
            pack: None,
            pack_stack: Vec::new(),
        }
    }
}

impl Scopes {
    pub fn push(&mut self) {
        self.frames.push(Frame::default());
    }

    /// Outside every function body.
    pub fn at_file_scope(&self) -> bool {
        self.frames.len() == 1
    }

    pub fn pop(&mut self) {
        self.frames.pop();
    }

    fn top(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("the file scope is never popped")
    }

    /// Records the alignment `name`, declared in the current scope, was
    /// given (None: its type's), hiding any outer one; a redeclaration in
    /// the same scope keeps the strictest (`extern int x
    /// __attribute__((aligned(16))); int x;` is aligned to 16, as in gcc).
    pub fn note_alignment(&mut self, name: &str, aligned: Option<u64>) {
        let entry = self.top().aligned.entry(name.to_owned()).or_default();
        entry.at_least = entry.at_least.max(aligned.unwrap_or(0));
    }

    /// Records that the typedef `name`, declared in the current scope, is
    /// aligned to `align`, below its type's alignment.
    pub fn note_lowered_alignment(&mut self, name: &str, align: u64) {
        self.top().aligned.insert(
            name.to_owned(),
            Declared {
                at_least: 0,
                lowered: Some(align),
            },
        );
    }

    fn declared(&self, name: &str) -> Option<Declared> {
        self.frames
            .iter()
            .rev()
            .find_map(|f| f.aligned.get(name))
            .copied()
    }

    /// The alignment `name` was declared with, if one was.
    pub fn declared_alignment(&self, name: &str) -> Option<u64> {
        self.declared(name).map(|d| d.at_least).filter(|&a| a > 0)
    }

    /// The alignment the typedef `name` was lowered to, if it was.
    pub fn lowered_alignment(&self, name: &str) -> Option<u64> {
        self.declared(name).and_then(|d| d.lowered)
    }

    /// The alignment a declaration whose specifiers name the typedef
    /// `typedef_name` and whose declarator derives nothing from it
    /// inherits from the typedef (`typedef int v4 __attribute__((aligned(16)));
    /// v4 x;`): at least the raised one, exactly a lowered one, which an
    /// array of the typedef's type has too (a member takes it; an object
    /// keeps its type's, which gcc may also give it).
    pub fn typedef_alignment(
        &self,
        typedef_name: Option<&str>,
        d: Option<&Declarator>,
    ) -> Option<u64> {
        let name = typedef_name?;
        let derived = d.map_or(&[][..], |d| &d.derived[..]);
        // An array's alignment is its elements': a lowered one too.
        let arrays = derived
            .iter()
            .all(|x| matches!(x.node, DerivedDeclarator::Array(_)));
        match (derived.is_empty(), arrays) {
            (true, _) => self
                .lowered_alignment(name)
                .or_else(|| self.declared_alignment(name)),
            (false, true) => self.lowered_alignment(name),
            (false, false) => None,
        }
    }

    /// An array whose elements are of the typedef `typedef_name` aligned
    /// beyond its size cannot be laid out (gcc's error, reported at `at`).
    pub fn check_aligned_elements(
        &self,
        typedef_name: Option<&str>,
        d: &Declarator,
        at: usize,
    ) -> Result<()> {
        let direct_array = matches!(d.kind.node, DeclaratorKind::Identifier(_))
            && d.derived
                .iter()
                .any(|x| matches!(x.node, DerivedDeclarator::Array(_)))
            && !d
                .derived
                .iter()
                .any(|x| matches!(x.node, DerivedDeclarator::Pointer(_)));
        let Some(name) = typedef_name.filter(|_| direct_array) else {
            return Ok(());
        };
        let size = self.typedef(name).and_then(Type::size).unwrap_or(0);
        if self.declared_alignment(name).is_some_and(|a| a > size) {
            return error(
                at,
                "alignment of array elements is greater than element size",
            );
        }
        Ok(())
    }

    /// The alignment a type name declares beyond its type's: of the
    /// typedef or object it names alone (`_Alignof(v4)`, and
    /// `__alignof__(x)`, which the shims turn into `_Alignof(__typeof__(x))`),
    /// and of `aligned` attributes among its specifiers.
    fn type_name_declared_alignment(&mut self, t: &TypeName) -> Result<Option<u64>> {
        if t.declarator
            .as_ref()
            .is_some_and(|d| !d.node.derived.is_empty())
        {
            return Ok(None);
        }
        let named = t.specifiers.iter().find_map(|s| match &s.node {
            SpecifierQualifier::TypeSpecifier(spec) => match &spec.node {
                TypeSpecifier::TypedefName(id) => Some(id.node.name.as_str()),
                TypeSpecifier::TypeOf(of) => match &of.node {
                    TypeOf::Expression(e) => match &e.node {
                        Expression::Identifier(id) => Some(id.node.name.as_str()),
                        _ => None,
                    },
                    TypeOf::Type(inner) if inner.node.declarator.is_none() => {
                        qualifier_typedef_name(&inner.node.specifiers)
                    }
                    TypeOf::Type(_) => None,
                },
                _ => None,
            },
            _ => None,
        });
        let named = named.and_then(|n| self.typedef_alignment(Some(n), None));
        let attributes =
            self.layout_attributes(t.specifiers.iter().filter_map(|s| match &s.node {
                SpecifierQualifier::Extension(e) => Some(e),
                _ => None,
            }))?;
        Ok(named.max(attributes.aligned))
    }

    /// The alignment `_Alignof(t)` gives, `natural` being its type's: the
    /// one the type name declares, if larger or a typedef's lowered one.
    pub fn type_name_alignment_of(&mut self, natural: u64, t: &TypeName) -> Result<u64> {
        Ok(match self.type_name_declared_alignment(t)? {
            Some(declared) if declared < natural => declared,
            declared => natural.max(declared.unwrap_or(0)),
        })
    }

    /// The alignment `_Alignof(t)` gives.
    pub fn type_name_alignment(&mut self, t: &TypeName) -> Result<u64> {
        let natural = self.type_name(t)?.align();
        self.type_name_alignment_of(natural, t)
    }

    /// `_Alignof(t)`, whose operand may not be an incomplete object type
    /// (C11 6.5.3.4p1; as in GNU C, `void` and function types give 1).
    pub fn alignof_operand(&mut self, t: &Node<TypeName>) -> Result<u64> {
        let ty = self.type_name(&t.node)?;
        check_alignof_complete(&ty, t.span.start)?;
        self.type_name_alignment(&t.node)
    }

    pub fn typedef(&self, name: &str) -> Option<&Type> {
        self.frames.iter().rev().find_map(|f| f.typedefs.get(name))
    }

    /// Records which levels of the typedef `name` are const.
    pub fn define_typedef_readonly(&mut self, name: &str, levels: u64) {
        self.top().typedef_readonly.insert(name.to_owned(), levels);
    }

    /// The const levels of the base type that declaration specifiers name:
    /// `const`, and what a typedef name among them carries
    /// (`typedef const char *str;`).
    pub fn specifiers_readonly(&self, specifiers: &[Node<DeclarationSpecifier>]) -> u64 {
        let types = specifiers.iter().filter_map(|s| match &s.node {
            DeclarationSpecifier::TypeSpecifier(t) => Some(&t.node),
            _ => None,
        });
        let constant = specifiers_const(specifiers);
        self.qualified_levels(constant, types)
    }

    /// `specifiers_readonly` for a type name's or member's specifiers.
    pub fn qualifiers_readonly(&self, specifiers: &[Node<SpecifierQualifier>]) -> u64 {
        let types = specifiers.iter().filter_map(|s| match &s.node {
            SpecifierQualifier::TypeSpecifier(t) => Some(&t.node),
            _ => None,
        });
        let constant = specifiers.iter().any(|s| {
            matches!(&s.node, SpecifierQualifier::TypeQualifier(q) if q.node == TypeQualifier::Const)
        });
        self.qualified_levels(constant, types)
    }

    /// The const levels of a base type that `constant` qualifies, named by
    /// `types`: a qualifier on an array typedef's type qualifies its
    /// elements (6.7.3p9), so `const` goes below the array levels.
    fn qualified_levels<'a>(
        &self,
        constant: bool,
        types: impl Iterator<Item = &'a TypeSpecifier> + Clone,
    ) -> u64 {
        let typedef = types.clone().find_map(|t| match t {
            TypeSpecifier::TypedefName(id) => self.typedef(&id.node.name),
            _ => None,
        });
        let mut depth = 0;
        let mut ty = typedef;
        while let Some(Type::Array(elem, _) | Type::Vla(elem, _)) = ty {
            depth += 1;
            ty = Some(&**elem);
        }
        // `__typeof__(const char *)` carries its type name's levels.
        let typeof_levels = types.clone().find_map(|t| match t {
            TypeSpecifier::TypeOf(of) => match &of.node {
                TypeOf::Type(name) => Some(self.type_name_readonly(&name.node)),
                TypeOf::Expression(_) => None,
            },
            _ => None,
        });
        (u64::from(constant) << depth) | self.typedef_levels(types) | typeof_levels.unwrap_or(0)
    }

    fn typedef_levels<'a>(&self, mut types: impl Iterator<Item = &'a TypeSpecifier>) -> u64 {
        let name = types.find_map(|t| match t {
            TypeSpecifier::TypedefName(id) => Some(id.node.name.as_str()),
            _ => None,
        });
        name.and_then(|n| {
            self.frames
                .iter()
                .rev()
                .find(|f| f.typedefs.contains_key(n))
                .and_then(|f| f.typedef_readonly.get(n).copied())
        })
        .unwrap_or(0)
    }

    /// The const levels a type name gives its value (a cast's).
    pub fn type_name_readonly(&self, t: &TypeName) -> u64 {
        let base = self.qualifiers_readonly(&t.specifiers);
        match &t.declarator {
            Some(d) => readonly_levels(base, &d.node),
            None => base,
        }
    }

    /// Which levels of each parameter of a function definition are const.
    pub fn parameter_readonly(&self, d: &Declarator) -> Vec<u64> {
        let parameters = own_parameters(d).map_or(&[][..], Vec::as_slice);
        parameters
            .iter()
            .map(|p| {
                let base = self.specifiers_readonly(&p.node.specifiers);
                p.node
                    .declarator
                    .as_ref()
                    .map_or(base, |d| readonly_levels(base, &d.node))
            })
            .collect()
    }

    /// Acts on the declaration the preprocessor makes of `#pragma pack`
    /// (`_Static_assert(1, "__kit_pack_push_2")`, `"__kit_pack_pop"`,
    /// ...); false for any other static assertion.
    pub fn pragma_pack(&mut self, s: &StaticAssert) -> bool {
        let message: String = s.message.node.iter().map(|p| p.trim_matches('"')).collect();
        let Some(action) = message.strip_prefix("__kit_pack_") else {
            return false;
        };
        let (verb, value) = action.split_once('_').unwrap_or((action, ""));
        let value = value.parse::<u64>().ok();
        match verb {
            "push" => {
                self.pack_stack.push(self.pack);
                if value.is_some() {
                    self.pack = value;
                }
            }
            "pop" => self.pack = self.pack_stack.pop().unwrap_or(None),
            "set" => self.pack = value,
            _ => self.pack = None,
        }
        true
    }

    /// The type an expression names when it is a lone typedef name.
    fn typedef_named(&self, e: &Node<Expression>) -> Option<&Type> {
        match &e.node {
            Expression::Identifier(id) => self.typedef(&id.node.name),
            _ => None,
        }
    }

    /// Defines a typedef name in the current scope; a second definition
    /// must name the same type (6.7p3).
    pub fn define_typedef(&mut self, name: &str, ty: Type, offset: usize) -> Result<()> {
        // The parser shims' stand-ins for `__int128` (see shims.rs).
        let ty = match name {
            super::shims::INT128 => Type::Int {
                size: 16,
                signed: true,
                kind: IntKind::Standard,
            },
            super::shims::UINT128 => Type::Int {
                size: 16,
                signed: false,
                kind: IntKind::Standard,
            },
            _ => ty,
        };
        match self.top().typedefs.insert(name.to_owned(), ty.clone()) {
            Some(previous) if !types::compatible(&previous, &ty) => error(
                offset,
                format!("conflicting types for '{name}'; have '{}'", ty.name()),
            ),
            _ => Ok(()),
        }
    }

    /// The type of an enumeration constant: int, or for one whose value
    /// does not fit an int (a GNU extension), its enumeration's type.
    pub fn constant_type(&self, name: &str) -> Option<Type> {
        let value = self.constant(name)?;
        if i32::try_from(value).is_ok() {
            return Some(types::INT);
        }
        let settled = self
            .frames
            .iter()
            .rev()
            .find_map(|f| f.wide_constants.get(name).cloned());
        // Inside its own enumeration, before that has a type: as wide as
        // its value needs.
        Some(settled.unwrap_or(if value >= 0 {
            types::ULONG
        } else {
            types::LONG
        }))
    }

    pub fn constant(&self, name: &str) -> Option<i64> {
        self.frames
            .iter()
            .rev()
            .find_map(|f| f.constants.get(name).copied())
    }

    /// The enum that `specifiers` name before any definition of it (GNU C
    /// takes `enum e;` ahead of `enum e {...}`), directly or through a
    /// typedef name: an incomplete type, which kit otherwise reads as
    /// unsigned int, so objects and `sizeof` of it are refused where this
    /// is asked.
    pub fn undefined_enum<'t>(
        &self,
        mut specifiers: impl Iterator<Item = &'t TypeSpecifier>,
    ) -> Option<UndefinedEnum> {
        let undefined = |tag: String, typedef: Option<&str>| {
            self.tag(&tag).is_none().then(|| UndefinedEnum {
                typedef: typedef.map(str::to_owned),
                tag,
            })
        };
        specifiers.find_map(|t| match t {
            TypeSpecifier::Enum(e) if e.node.enumerators.is_empty() => undefined(
                format!("enum {}", e.node.identifier.as_ref()?.node.name),
                None,
            ),
            TypeSpecifier::TypedefName(name) => {
                let name = name.node.name.as_str();
                let frame = self
                    .frames
                    .iter()
                    .rev()
                    .find(|f| f.typedefs.contains_key(name))?;
                undefined(frame.enum_typedefs.get(name)?.clone(), Some(name))
            }
            _ => None,
        })
    }

    /// The enum not defined yet (see `undefined_enum`) that what
    /// `specifiers` and `declarator` declare is itself: an object,
    /// parameter or typedef of it, not a pointer to it or an array of it.
    pub fn undefined_enum_declared(
        &self,
        specifiers: &[Node<DeclarationSpecifier>],
        declarator: &Declarator,
    ) -> Option<UndefinedEnum> {
        if derivations(declarator) > 0 {
            return None;
        }
        self.undefined_enum(type_specifiers(specifiers))
    }

    /// Records that the typedef `name` of this scope names the enum `tag`,
    /// not defined yet.
    pub fn note_enum_typedef(&mut self, name: &str, tag: String) {
        self.top().enum_typedefs.insert(name.to_owned(), tag);
    }

    /// Whether a definition of tag `name` (`enum e`) is in scope.
    pub fn tag_defined(&self, name: &str) -> bool {
        self.tag(name).is_some()
    }

    fn tag(&self, name: &str) -> Option<&Type> {
        self.frames.iter().rev().find_map(|f| f.tags.get(name))
    }

    /// 6.7.2.3p2: a tag names one kind of type (`struct`, `union` or
    /// `enum`) in its scope. An error, at the tag, when the innermost tag
    /// `name` is of another kind than `kind`; a definition in an inner
    /// scope (`defines`) makes a new tag instead.
    fn check_tag_kind(&self, name: &str, kind: &str, defines: bool, at: usize) -> Result<()> {
        let innermost = self.frames.len() - 1;
        let found = self.frames.iter().enumerate().rev().find_map(|(i, f)| {
            let found = match f.tags.get(name) {
                Some(Type::Struct(r)) if r.union => "union",
                Some(_) => "struct",
                None if f.tags.contains_key(&format!("enum {name}")) => "enum",
                None => return None,
            };
            Some((found, i == innermost))
        });
        match found {
            Some((found, here)) if found != kind && (here || !defines) => {
                error(at, format!("'{name}' defined as wrong kind of tag"))
            }
            _ => Ok(()),
        }
    }

    /// Resolves declaration specifiers to a base type and storage class.
    pub fn specifiers(
        &mut self,
        specifiers: &[Node<DeclarationSpecifier>],
    ) -> Result<(Type, Storage)> {
        let mut storage = Storage::None;
        let mut list = Vec::new();
        self.thread_local = false;
        self.automatic = None;
        check_specifier_constraints(specifiers)?;
        // `struct s {...} __attribute__((packed))`: attributes after a
        // struct or union specifier apply to its layout.
        let mut after_record = Vec::new();
        for s in specifiers {
            if let DeclarationSpecifier::Extension(e) = &s.node {
                if list.iter().any(|t: &&Node<TypeSpecifier>| {
                    matches!(t.node, TypeSpecifier::Struct(_) | TypeSpecifier::Enum(_))
                }) {
                    after_record.push(e);
                }
            }
            match &s.node {
                DeclarationSpecifier::StorageClass(c) => {
                    storage = match c.node {
                        StorageClassSpecifier::Typedef => Storage::Typedef,
                        StorageClassSpecifier::Extern => Storage::Extern,
                        StorageClassSpecifier::Static => Storage::Static,
                        StorageClassSpecifier::ThreadLocal => {
                            self.thread_local = true;
                            storage
                        }
                        StorageClassSpecifier::Auto => {
                            self.automatic = Some("auto");
                            storage
                        }
                        StorageClassSpecifier::Register => {
                            self.automatic = Some("register");
                            storage
                        }
                    }
                }
                DeclarationSpecifier::TypeSpecifier(t) => list.push(t),
                _ => {}
            }
        }
        let start = specifiers.first().map_or(0, |s| s.span.start);
        let mut base = self.laid_out_base_type(&list, after_record, start)?;
        // GNU `vector_size(N)` among the specifiers makes the base type a
        // vector (`__attribute__((vector_size(16))) int v;`).
        let spec_lists = specifiers.iter().filter_map(|s| match &s.node {
            DeclarationSpecifier::Extension(e) => Some(e),
            _ => None,
        });
        base = self.with_mode(base, spec_lists.clone())?;
        base = self.with_vector_size(base, spec_lists, start)?;
        for s in specifiers {
            if let DeclarationSpecifier::TypeQualifier(q) = &s.node {
                check_qualifier(q, &base)?;
                if q.node == TypeQualifier::Atomic {
                    base = atomic(base, q.span.start)?;
                }
            }
        }
        Ok((base, storage))
    }

    /// The byte count of a `vector_size(N)` attribute among `lists`, and
    /// where it is written.
    pub fn vector_size<'a>(
        &mut self,
        lists: impl Iterator<Item = &'a Vec<Node<Extension>>>,
    ) -> Result<Option<(u64, usize)>> {
        let mut found = None;
        for ext in lists.flatten() {
            let Extension::Attribute(a) = &ext.node else {
                continue;
            };
            if a.name.node.trim_matches('_') != "vector_size" {
                continue;
            }
            let Some(bytes) = a.arguments.first() else {
                return error(
                    a.name.span.start,
                    "wrong number of arguments specified for 'vector_size' attribute",
                );
            };
            found = Some((self.constant_expr(bytes)? as u64, a.name.span.start));
        }
        Ok(found)
    }

    /// `base`, or the vector of it a `vector_size(N)` among `lists` makes
    /// (gcc reports a bad one at the declaration's start, `start`).
    pub fn with_vector_size<'a>(
        &mut self,
        base: Type,
        lists: impl Iterator<Item = &'a Vec<Node<Extension>>>,
        start: usize,
    ) -> Result<Type> {
        match self.vector_size(lists)? {
            Some((bytes, _)) => vector_of(&base, bytes, start),
            None => Ok(base),
        }
    }

    /// `base` under a `mode(M)` attribute among `lists`, if one is there.
    pub fn with_mode<'a>(
        &mut self,
        base: Type,
        lists: impl Iterator<Item = &'a Vec<Node<Extension>>>,
    ) -> Result<Type> {
        let mut ty = base;
        for ext in lists.flatten() {
            let Extension::Attribute(a) = &ext.node else {
                continue;
            };
            if a.name.node.trim_matches('_') != "mode" {
                continue;
            }
            let at = a.name.span.start;
            let mode = match a.arguments.as_slice() {
                [Node {
                    node: Expression::Identifier(id),
                    ..
                }] => id.node.name.clone(),
                _ => {
                    return error(
                        at,
                        "wrong number of arguments specified for 'mode' attribute",
                    )
                }
            };
            ty = type_of_mode(&ty, &mode, at)?;
        }
        Ok(ty)
    }

    /// `packed` and `aligned(N)` among GNU attributes (`aligned` alone is
    /// the largest x86-64 alignment, 16, as in gcc). `ms_struct`, which
    /// would lay the record out another way, is refused.
    pub fn layout_attributes<'a>(
        &mut self,
        lists: impl Iterator<Item = &'a Vec<Node<Extension>>>,
    ) -> Result<RecordAttributes> {
        let mut found = RecordAttributes::default();
        for ext in lists.flatten() {
            let Extension::Attribute(a) = &ext.node else {
                continue;
            };
            if let Some(why) = refused_attribute(a) {
                return error(a.name.span.start, why);
            }
            match a.name.node.trim_matches('_') {
                "packed" => found.packed = true,
                "transparent_union" => found.transparent = true,
                "aligned" | "kit_alignas" => {
                    let alignas = a.name.node.contains("kit_alignas");
                    found.alignas |= alignas;
                    let align = match a.arguments.first() {
                        Some(e) if alignas => self.alignas_operand(e)?,
                        Some(e) => self.constant_expr(e)? as u64,
                        None => 16,
                    };
                    // `_Alignas(0)` has no effect (C11 6.7.5p6).
                    if alignas && align == 0 {
                        continue;
                    }
                    if !align.is_power_of_two() {
                        let message =
                            format!("requested alignment '{align}' is not a positive power of 2");
                        return error(a.name.span.start, message);
                    }
                    // gcc's limit (ELF's largest section alignment).
                    if align > MAX_ALIGNMENT {
                        let message = format!(
                            "requested alignment '{align}' exceeds maximum {MAX_ALIGNMENT}"
                        );
                        return error(a.name.span.start, message);
                    }
                    found.aligned = found.aligned.max(Some(align));
                    if alignas {
                        found.alignas_least = found.alignas_least.max(Some(align));
                    }
                }
                _ => {}
            }
        }
        Ok(found)
    }

    /// The alignment `_Alignas(X)` asks for. The shims spell its operand
    /// `(__typeof__(X) *)0`, so lang-c has parsed `X` as a type (its
    /// alignment) or an expression (its value).
    fn alignas_operand(&mut self, e: &Node<Expression>) -> Result<u64> {
        let typeof_operand = match &e.node {
            Expression::Cast(cast) => {
                cast.node
                    .type_name
                    .node
                    .specifiers
                    .iter()
                    .find_map(|s| match &s.node {
                        SpecifierQualifier::TypeSpecifier(t) => match &t.node {
                            TypeSpecifier::TypeOf(operand) => Some(operand),
                            _ => None,
                        },
                        _ => None,
                    })
            }
            _ => None,
        };
        match typeof_operand.map(|o| &o.node) {
            Some(TypeOf::Type(t)) => self.type_name_alignment(&t.node),
            // lang-c reads a lone typedef name as an expression.
            Some(TypeOf::Expression(x)) => match (self.typedef_named(x), &x.node) {
                (Some(ty), Expression::Identifier(id)) => {
                    let name = Some(id.node.name.as_str());
                    Ok(match self.typedef_alignment(name, None) {
                        Some(lowered) if lowered < ty.align() => lowered,
                        declared => ty.align().max(declared.unwrap_or(0)),
                    })
                }
                _ => Ok(self.constant_expr(x)? as u64),
            },
            None => Ok(self.constant_expr(e)? as u64),
        }
    }

    /// Resolves the specifiers of a type name or struct field.
    pub fn qualifiers(&mut self, specifiers: &[Node<SpecifierQualifier>]) -> Result<Type> {
        let list: Vec<&Node<TypeSpecifier>> = specifiers
            .iter()
            .filter_map(|s| match &s.node {
                SpecifierQualifier::TypeSpecifier(t) => Some(t),
                _ => None,
            })
            .collect();
        // As in a declaration (see `specifiers`), also in a type name:
        // `sizeof(struct __attribute__((packed)) {...})`.
        let mut after_record = Vec::new();
        for (i, s) in specifiers.iter().enumerate() {
            let SpecifierQualifier::Extension(e) = &s.node else {
                continue;
            };
            if specifiers[..i].iter().any(|s| {
                matches!(&s.node, SpecifierQualifier::TypeSpecifier(t)
                    if matches!(t.node, TypeSpecifier::Struct(_) | TypeSpecifier::Enum(_)))
            }) {
                after_record.push(e);
            }
        }
        let start = specifiers.first().map_or(0, |s| s.span.start);
        let mut base = self.laid_out_base_type(&list, after_record, start)?;
        let spec_lists = specifiers.iter().filter_map(|s| match &s.node {
            SpecifierQualifier::Extension(e) => Some(e),
            _ => None,
        });
        base = self.with_mode(base, spec_lists.clone())?;
        base = self.with_vector_size(base, spec_lists, start)?;
        for s in specifiers {
            if let SpecifierQualifier::TypeQualifier(q) = &s.node {
                check_qualifier(q, &base)?;
                if q.node == TypeQualifier::Atomic {
                    base = atomic(base, q.span.start)?;
                }
            }
        }
        Ok(base)
    }

    /// The base type of `list`, where `after_record` (the attributes
    /// after a struct, union or enum specifier) apply to its layout.
    fn laid_out_base_type(
        &mut self,
        list: &[&Node<TypeSpecifier>],
        after_record: Vec<&Vec<Node<Extension>>>,
        start: usize,
    ) -> Result<Type> {
        let record_attributes = self.layout_attributes(after_record.into_iter())?;
        self.record_attributes = Some(record_attributes);
        let base = self.base_type(list, start);
        self.record_attributes = None;
        base
    }

    fn base_type(&mut self, list: &[&Node<TypeSpecifier>], offset: usize) -> Result<Type> {
        check_specifier_combination(list)?;
        let (mut longs, mut short, mut char_, mut int, mut unsigned, mut signed) =
            (0, false, false, false, false, false);
        let (mut float, mut double, mut complex) = (false, false, false);
        for t in list {
            match &t.node {
                TypeSpecifier::Void => return Ok(Type::Void),
                TypeSpecifier::Bool => return Ok(Type::Bool),
                TypeSpecifier::Char => char_ = true,
                TypeSpecifier::Short => short = true,
                TypeSpecifier::Int => int = true,
                TypeSpecifier::Long => longs += 1,
                TypeSpecifier::Float => float = true,
                TypeSpecifier::Double => double = true,
                TypeSpecifier::Signed => signed = true,
                TypeSpecifier::Unsigned => unsigned = true,
                TypeSpecifier::Struct(s) => return self.record(s),
                TypeSpecifier::Enum(e) => return self.enumeration(e),
                TypeSpecifier::TypedefName(name) => {
                    return match self.typedef(&name.node.name) {
                        Some(ty) => Ok(ty.clone()),
                        None => error(
                            name.span.start,
                            format!("unknown type name '{}'", name.node.name),
                        ),
                    };
                }
                TypeSpecifier::Complex => complex = true,
                TypeSpecifier::Atomic(name) => {
                    if is_qualified(&name.node) {
                        return error(t.span.start, "'_Atomic' applied to a qualified type");
                    }
                    let ty = self.type_name(&name.node)?;
                    return atomic(ty, t.span.start);
                }
                TypeSpecifier::TypeOf(of) => {
                    return match &of.node {
                        TypeOf::Type(t) => match self.typeof_types.get(&t.span.start) {
                            Some(ty) => Ok(ty.clone()),
                            None => self.type_name(&t.node),
                        },
                        TypeOf::Expression(e) if self.bit_field_operands.contains(&e.span.start) => {
                            error(e.span.start, "'typeof' applied to a bit-field")
                        }
                        TypeOf::Expression(e) if self.parameter_named(e).is_some() => {
                            Ok(self.parameter_named(e).expect("just found"))
                        }
                        TypeOf::Expression(e) => match self.typeof_types.get(&e.span.start) {
                            Some(ty) => Ok(ty.clone()),
                            // lang-c reads `typeof(T)` with a typedef name T
                            // as an expression: it is the type.
                            None => match self.typedef_named(e) {
                                Some(ty) => Ok(ty.clone()),
                                None => error(
                                    e.span.start,
                                    "kit cannot type this typeof operand outside a function body (it takes names, literals, casts, members, subscripts, calls and arithmetic of file-scope declarations, and a parameter by its name)",
                                ),
                            },
                        },
                    };
                }
                TypeSpecifier::TS18661Float(f) => match ts18661_format(f) {
                    Ok(FloatFormat::Float) => float = true,
                    Ok(FloatFormat::LongDouble) => {
                        double = true;
                        longs = longs.max(1);
                    }
                    Ok(_) => double = true,
                    Err(name) => return Ok(Type::Unsupported(name.into())),
                },
            }
        }
        let _ = (int, signed);
        let integer = char_ || short || int || unsigned || signed || (longs > 0 && !double);
        if complex && !integer {
            // Plain `_Complex` is `_Complex double`, as in gcc.
            return Ok(Type::Complex(Rc::new(if float {
                Type::Float
            } else if longs > 0 {
                Type::LongDouble
            } else {
                Type::Double
            })));
        }
        let real = if float {
            Type::Float
        } else if double && longs > 0 {
            Type::LongDouble
        } else if double {
            Type::Double
        } else if char_ {
            Type::Int {
                size: 1,
                signed: !unsigned,
                kind: if signed || unsigned {
                    IntKind::Standard
                } else {
                    IntKind::PlainChar
                },
            }
        } else if short {
            Type::Int {
                size: 2,
                signed: !unsigned,
                kind: IntKind::Standard,
            }
        } else if longs > 0 {
            Type::Int {
                size: 8,
                signed: !unsigned,
                kind: if longs > 1 {
                    IntKind::LongLong
                } else {
                    IntKind::Standard
                },
            }
        } else if list.is_empty() {
            return error(offset, "type specifier missing (implicit int is not C11)");
        } else {
            Type::Int {
                size: 4,
                signed: !unsigned,
                kind: IntKind::Standard,
            }
        };
        // GNU C: `_Complex int` and the other complex integer types.
        Ok(if complex {
            Type::Complex(Rc::new(real))
        } else {
            real
        })
    }

    fn record(&mut self, node: &Node<StructType>) -> Result<Type> {
        // Taken first: records nested in this one have their own.
        let attributes = self.record_attributes.take().unwrap_or_default();
        // In a packed record a member's own alignment is 1, which its
        // `aligned(N)` raises to N (not to its type's).
        let record_packed = attributes.packed;
        let s = &node.node;
        let union = s.kind.node == StructKind::Union;
        let tag: Option<Rc<str>> = s
            .identifier
            .as_ref()
            .map(|i| Rc::from(i.node.name.as_str()));
        if let Some(id) = &s.identifier {
            let kind = if union { "union" } else { "struct" };
            let defines = s.declarations.is_some();
            self.check_tag_kind(&id.node.name, kind, defines, id.span.start)?;
        }
        let Some(declarations) = &s.declarations else {
            if let Some(existing) = tag.as_deref().and_then(|t| self.tag(t)) {
                return Ok(existing.clone());
            }
            let incomplete = Type::Struct(forward(tag.clone(), union));
            if let Some(tag) = &tag {
                self.top().tags.insert(tag.to_string(), incomplete.clone());
            }
            return Ok(incomplete);
        };
        if let Some(tag) = &tag {
            let kind = if union { "union" } else { "struct" };
            let key = format!("{kind} {tag}");
            if !self.define_tag_once(&key, node.span.start) {
                // At the tag, as gcc reports it.
                let at = s
                    .identifier
                    .as_ref()
                    .map_or(node.span.start, |i| i.span.start);
                return error(at, format!("redefinition of '{key}'"));
            }
        }
        // The tag names this type inside its own definition already.
        let declared_here = tag.as_deref().and_then(|t| self.top().tags.get(t).cloned());
        let forward_record = match declared_here {
            Some(Type::Struct(r)) if r.incomplete && r.completion.get().is_none() => r,
            _ => forward(tag.clone(), union),
        };
        if let Some(tag) = &tag {
            let ty = Type::Struct(forward_record.clone());
            self.top().tags.insert(tag.to_string(), ty);
        }
        let mut members = Vec::new();
        // Where each member is declared, for layout's errors.
        let mut member_at: Vec<usize> = Vec::new();
        // The const levels of each named member, set after layout.
        let mut readonly: Vec<(String, u64)> = Vec::new();
        for d in declarations {
            let field = match &d.node {
                StructDeclaration::Field(field) => field,
                // `#pragma pack` among the members applies to the ones
                // after it.
                StructDeclaration::StaticAssert(s) if self.pragma_pack(&s.node) => continue,
                StructDeclaration::StaticAssert(s) => {
                    let not_constant = "expression in static assertion is not constant";
                    let expression = &s.node.expression;
                    if self.constant_expr_as(expression, expression.span.start, not_constant)? == 0
                    {
                        return Err(static_assertion_failed(s));
                    }
                    continue;
                }
            };
            let base = self.qualifiers(&field.node.specifiers)?;
            let base_readonly = self.qualifiers_readonly(&field.node.specifiers);
            let mut field_attributes = self.layout_attributes(
                field.node.specifiers.iter().filter_map(|s| match &s.node {
                    SpecifierQualifier::Extension(e) => Some(e),
                    _ => None,
                }),
            )?;
            field_attributes.packed |= record_packed;
            if field.node.declarators.is_empty() {
                let align = member_alignment(&base, field_attributes);
                members.push((None, base.clone(), None, align));
                member_at.push(field.span.start);
            }
            for decl in &field.node.declarators {
                let width = match &decl.node.bit_width {
                    Some(w) => {
                        let (name, at) = match &decl.node.declarator {
                            Some(d) => (
                                declared_name(&d.node).unwrap_or("<anonymous>"),
                                d.span.start,
                            ),
                            None => ("<anonymous>", w.span.start),
                        };
                        let message = format!("bit-field '{name}' width not an integer constant");
                        let value = self.constant_expr_as(w, at, &message)?;
                        if value < 0 {
                            return error(at, format!("negative width in bit-field '{name}'"));
                        }
                        if value > 64 {
                            return error(w.span.start, "bit-field width out of range");
                        }
                        Some(value as u32)
                    }
                    None => None,
                };
                match &decl.node.declarator {
                    Some(d) => {
                        check_array_qualifiers(&d.node, d.span.start)?;
                        let (name, mut ty) = self.declarator(&d.node, base.clone()).map_err(|e| {
                            if e.message == NOT_CONSTANT_LENGTH {
                                Error {
                                    message: "a member of a structure or union cannot have a variably modified type (kit does not take GNU's variable length arrays in structures, as clang does not)".into(),
                                    ..e
                                }
                            } else {
                                e
                            }
                        })?;
                        if let (Type::Function(_), Some(name)) = (&ty, &name) {
                            return error(
                                d.span.start,
                                format!("field '{name}' declared as a function"),
                            );
                        }
                        if let (Type::Void, Some(name)) = (&ty, &name) {
                            return error(
                                d.span.start,
                                format!("variable or field '{name}' declared void"),
                            );
                        }
                        if let (Some(width), Some(name)) = (width, &name) {
                            Self::check_bit_field(name, &ty, width, d.span.start)?;
                        }
                        // After the name it makes the member's own type a
                        // vector (among the specifiers, the base type).
                        if let Some((bytes, at)) =
                            self.vector_size(std::iter::once(&d.node.extensions))?
                        {
                            if !d.node.derived.is_empty() {
                                return vector_size_after_name(at);
                            }
                            ty = vector_of(&ty, bytes, field.span.start)?;
                        }
                        let own = self.layout_attributes(std::iter::once(&d.node.extensions))?;
                        let attributes = RecordAttributes {
                            packed: field_attributes.packed || own.packed,
                            aligned: field_attributes.aligned.max(own.aligned),
                            alignas: field_attributes.alignas || own.alignas,
                            alignas_least: field_attributes.alignas_least.max(own.alignas_least),
                            pack: None,
                            transparent: false,
                        };
                        if let Some(name) = &name {
                            check_alignas(attributes.alignas_least, &ty, name, d.span.start)?;
                        }
                        if let (true, Some(_), Some(name)) = (attributes.alignas, width, &name) {
                            return error(
                                d.span.start,
                                format!("alignment specified for bit-field '{name}'"),
                            );
                        }
                        let typedef_name = qualifier_typedef_name(&field.node.specifiers);
                        self.check_aligned_elements(typedef_name, &d.node, d.span.start)?;
                        let inherited = self.typedef_alignment(typedef_name, Some(&d.node));
                        let align = member_alignment(&ty, attributes).max(inherited);
                        // Bit-fields under a cap are placed by `layout`
                        // (bit by bit, as gcc does under any pack): theirs
                        // is only what an attribute asks.
                        let align = match (self.pack, width) {
                            (Some(cap), None) => Some(align.unwrap_or(ty.align()).min(cap)),
                            (Some(cap), Some(_)) => align.map(|a| a.min(cap)),
                            (None, _) => align,
                        };
                        if let Some(name) = &name {
                            readonly.push((name.clone(), readonly_levels(base_readonly, &d.node)));
                        }
                        members.push((name.map(|n| Rc::from(n.as_str())), ty, width, align));
                        member_at.push(declared_name_at(&d.node).unwrap_or(d.span.start));
                    }
                    None => {
                        members.push((None, base.clone(), width, None));
                        member_at.push(decl.span.start);
                    }
                }
            }
        }
        let attributes = RecordAttributes {
            pack: self.pack,
            ..attributes
        };
        // gcc reports a member's error at the member, a record too large
        // at its tag.
        let tag_at = s.identifier.as_ref().map(|i| i.span.start);
        let record = types::layout(tag.clone(), members, union, attributes).map_err(|e| Error {
            offset: match e.member {
                Some(index) => member_at[index],
                None => tag_at.unwrap_or(node.span.start),
            },
            message: e.message,
        })?;
        let mut record = record;
        record.id = forward_record.id;
        for field in &mut record.fields {
            if let Some(levels) = readonly
                .iter()
                .find(|(name, _)| field.name.as_deref() == Some(name.as_str()))
                .map(|(_, levels)| *levels)
            {
                field.readonly = levels;
            }
        }
        let record = Rc::new(record);
        let _ = forward_record.completion.set(record.clone());
        let ty = Type::Struct(record);
        if let Some(tag) = &tag {
            self.top().tags.insert(tag.to_string(), ty.clone());
        }
        Ok(ty)
    }

    /// gcc's checks of a named bit-field, at its declarator.
    fn check_bit_field(name: &str, ty: &Type, width: u32, offset: usize) -> Result<()> {
        if ty.is_atomic() {
            return error(offset, format!("bit-field '{name}' has atomic type"));
        }
        if !ty.is_integer() {
            return error(offset, format!("bit-field '{name}' has invalid type"));
        }
        // A `_Bool` holds one bit (C11 6.7.2.1p4: its width is 1).
        let bits = if *ty == Type::Bool {
            1
        } else {
            8 * ty.size().unwrap_or(0)
        };
        if u64::from(width) > bits {
            return error(offset, format!("width of '{name}' exceeds its type"));
        }
        if width == 0 {
            return error(offset, format!("zero width for bit-field '{name}'"));
        }
        Ok(())
    }

    /// Records the definition of `key` (`struct s`, `enum e`) at `site`;
    /// false when the scope has another definition of it (the same
    /// specifier may be read twice).
    fn define_tag_once(&mut self, key: &str, site: usize) -> bool {
        let defined = *self.top().definitions.entry(key.to_owned()).or_insert(site);
        defined == site
    }

    fn enumeration(&mut self, node: &Node<EnumType>) -> Result<Type> {
        if let Some(id) = &node.node.identifier {
            let defines = !node.node.enumerators.is_empty();
            self.check_tag_kind(&id.node.name, "enum", defines, id.span.start)?;
        }
        let tag = node
            .node
            .identifier
            .as_ref()
            .map(|i| format!("enum {}", i.node.name));
        if node.node.enumerators.is_empty() {
            // `enum e x;` after the definition: its type; before it (a GNU
            // forward reference), unsigned int, the type gcc gives an enum
            // with no negative value, so that the prototypes and pointers
            // declared with it agree with the ones after the definition.
            return Ok(tag
                .and_then(|t| self.tag(&t).cloned())
                .unwrap_or(types::UINT));
        }
        // One definition of a tag per scope (the same specifier may be
        // read twice).
        if let Some(tag) = &tag {
            if !self.define_tag_once(tag, node.span.start) {
                let at = node
                    .node
                    .identifier
                    .as_ref()
                    .map_or(node.span.start, |i| i.span.start);
                return error(at, format!("redeclaration of '{tag}'"));
            }
        }
        let (mut low, mut high) = (0i64, 0i64);
        let mut next = 0i64;
        for e in &node.node.enumerators {
            let name = &e.node.identifier.node.name;
            if let Some(expr) = &e.node.expression {
                let message = format!("enumerator value for '{name}' is not an integer constant");
                // gcc's place: a constant of another type, else the name.
                let constant = matches!(expr.node, Expression::StringLiteral(_))
                    || self.constant_value(expr).is_ok();
                let at = if constant {
                    expr.span.start
                } else {
                    e.span.start
                };
                // An address constant is no integer constant (`(void *)4`).
                if let Ok(super::constant::Const::Pointer { .. }) = self.constant_value(expr) {
                    return error(expr.span.start, message);
                }
                next = self.constant_expr_as(expr, at, &message)?;
            }
            let frame = self.top();
            frame.constants.insert(name.clone(), next);
            // The same specifier may be read twice; another one may not
            // declare the name again.
            let site = *frame
                .definitions
                .entry(name.clone())
                .or_insert(e.span.start);
            if site != e.span.start {
                return error(
                    e.span.start,
                    format!("redeclaration of enumerator '{name}'"),
                );
            }
            (low, high) = (low.min(next), high.max(next));
            next = next.wrapping_add(1);
        }
        // `enum e {...} __attribute__((packed))`: the smallest type.
        let packed = self.record_attributes.as_ref().is_some_and(|a| a.packed);
        let (size, signed) = if packed {
            packed_enum_type(low, high)
        } else {
            enum_type(low, high)
        };
        let id = node.span.start as u32;
        let name = tag.as_deref().unwrap_or("enum <anonymous>");
        types::name_enum(id, name.into());
        let ty = Type::Int {
            size,
            signed,
            kind: IntKind::Enum(id),
        };
        let frame = self.top();
        for e in &node.node.enumerators {
            let name = &e.node.identifier.node.name;
            if frame
                .constants
                .get(name)
                .is_some_and(|v| i32::try_from(*v).is_err())
            {
                frame.wide_constants.insert(name.clone(), ty.clone());
            }
        }
        if let Some(tag) = tag {
            frame.tags.insert(tag, ty.clone());
        }
        Ok(ty)
    }

    /// Applies a declarator to `base`; returns the declared name (if any).
    pub fn declarator(&mut self, d: &Declarator, base: Type) -> Result<(Option<String>, Type)> {
        // `typedef int DI __attribute__((mode(DI)))`: the mode after the
        // name acts on the base type.
        let mut ty = self.with_mode(base, std::iter::once(&d.extensions))?;
        let (prefix, postfix): (Vec<_>, Vec<_>) = d
            .derived
            .iter()
            .partition(|x| matches!(x.node, DerivedDeclarator::Pointer(_)));
        for pointer in prefix {
            ty = Type::Pointer(Rc::new(ty));
            // `int *_Atomic p`: the pointer itself is atomic.
            if let DerivedDeclarator::Pointer(quals) = &pointer.node {
                for q in quals {
                    if let PointerQualifier::TypeQualifier(q) = &q.node {
                        if q.node == TypeQualifier::Atomic {
                            ty = atomic(ty, q.span.start)?;
                        }
                    }
                }
            }
        }
        for derived in postfix.iter().rev() {
            ty = match &derived.node {
                DerivedDeclarator::Array(a) => {
                    let len = match &a.node.size {
                        ArraySize::Unknown => None,
                        ArraySize::VariableExpression(e) | ArraySize::StaticExpression(e) => {
                            if let Ok(super::constant::Const::Pointer { .. }) =
                                self.constant_value(e)
                            {
                                let name = quoted(declared_name(d));
                                return error(
                                    declared_name_at(d).unwrap_or(e.span.start),
                                    format!("size of array{name} has non-integer type"),
                                );
                            }
                            let len = self.constant_expr(e).map_err(|_| Error {
                                offset: e.span.start,
                                message: NOT_CONSTANT_LENGTH.into(),
                            })?;
                            Some(checked_length(len, &ty, d, derived.span.start)?)
                        }
                        ArraySize::VariableUnknown => {
                            return error(
                                a.span.start,
                                "variable-length arrays are not supported yet",
                            )
                        }
                    };
                    let element = match ty {
                        Type::Function(_) => Some("functions"),
                        Type::Void => Some("voids"),
                        _ => None,
                    };
                    if let Some(element) = element {
                        let name = quoted(declared_name(d));
                        return error(
                            declared_name_at(d).unwrap_or(derived.span.start),
                            format!("declaration of{name} as array of {element}"),
                        );
                    }
                    // A typedef aligned beyond its size cannot be an
                    // element: each would be misaligned (as gcc refuses).
                    if ty.size().is_some_and(|size| size % ty.align() != 0) {
                        return error(
                            derived.span.start,
                            "size of array element is not a multiple of its alignment",
                        );
                    }
                    Type::Array(Rc::new(ty), len)
                }
                DerivedDeclarator::Function(f) => {
                    if let Type::Array(..) | Type::Function(_) = ty {
                        let what = if let Type::Array(..) = ty {
                            "an array"
                        } else {
                            "a function"
                        };
                        let name = quoted(declared_name(d));
                        return error(
                            declared_name_at(d).unwrap_or(derived.span.start),
                            format!(
                                "{} declared as function returning {what}",
                                name.trim_start()
                            ),
                        );
                    }
                    Type::Function(Rc::new(self.function(&f.node, ty)?))
                }
                DerivedDeclarator::KRFunction(names) if names.is_empty() => {
                    Type::Function(Rc::new(FunctionType {
                        ret: ty,
                        params: Vec::new(),
                        variadic: false,
                        unprototyped: true,
                    }))
                }
                DerivedDeclarator::KRFunction(_) => {
                    return error(
                        derived.span.start,
                        "K&R-style function definitions are not supported",
                    )
                }
                _ => return error(derived.span.start, "unsupported declarator"),
            };
        }
        match &d.kind.node {
            DeclaratorKind::Abstract => Ok((None, ty)),
            DeclaratorKind::Identifier(id) => Ok((Some(id.node.name.clone()), ty)),
            DeclaratorKind::Declarator(inner) => self.declarator(&inner.node, ty),
        }
    }

    /// The type of a function declarator, its parameters in a scope of
    /// their own while they are read.
    fn function(&mut self, f: &FunctionDeclarator, ret: Type) -> Result<FunctionType> {
        let outer = self.parameters_in_scope.len();
        let found = self.function_in_prototype_scope(f, ret);
        self.parameters_in_scope.truncate(outer);
        found
    }

    /// The type of `typeof(e)` when `e` names a parameter declared before
    /// in the prototype being read (the file-scope types recorded for
    /// typeof operands know no parameters).
    fn parameter_named(&self, e: &Node<Expression>) -> Option<Type> {
        let Expression::Identifier(id) = &e.node else {
            return None;
        };
        let name = id.node.name.as_str();
        let (_, ty) = self
            .parameters_in_scope
            .iter()
            .rev()
            .find(|(n, _)| n == name)?;
        Some(ty.clone())
    }

    fn function_in_prototype_scope(
        &mut self,
        f: &FunctionDeclarator,
        ret: Type,
    ) -> Result<FunctionType> {
        let mut params = Vec::new();
        let mut names = std::collections::HashSet::new();
        for p in &f.parameters {
            let name = p
                .node
                .declarator
                .as_ref()
                .and_then(|d| declared_name(&d.node));
            // gcc reports a parameter's errors at its name.
            let name_at = p
                .node
                .declarator
                .as_ref()
                .and_then(|d| declared_name_at(&d.node))
                .unwrap_or(p.span.start);
            let (base, storage) = self.specifiers(&p.node.specifiers)?;
            if storage != Storage::None || self.thread_local || self.automatic == Some("auto") {
                let name = quoted(name);
                return error(
                    name_at,
                    format!("storage class specified for parameter{name}"),
                );
            }
            if let Some(name) = name.filter(|n| !names.insert(*n)) {
                return error(name_at, format!("redefinition of parameter '{name}'"));
            }
            let specifier_attributes = p.node.specifiers.iter().filter_map(|s| match &s.node {
                DeclarationSpecifier::Extension(e) => Some(e),
                _ => None,
            });
            if self.layout_attributes(specifier_attributes)?.alignas {
                let name = quoted(name);
                return error(name_at, format!("alignment specified for parameter{name}"));
            }
            // A parameter's outermost array length is dropped (it becomes a
            // pointer), so `int a[n]` needs no constant n.
            // Inner variable lengths (`int m[][n]`) are opened too: the
            // function body gives them their values (cc/vla.rs).
            let ty = match &p.node.declarator {
                Some(d) => {
                    let outer_open = without_outer_length(&d.node);
                    let d = outer_open.as_ref().unwrap_or(&d.node);
                    let ty = match self.open_runtime_lengths(d) {
                        Some((open, _)) => self.declarator(&open, base)?.1,
                        None => self.declarator(d, base)?.1,
                    };
                    // After the name it makes the parameter a vector.
                    let lists = [&d.extensions, &p.node.extensions];
                    match self.vector_size(lists.into_iter())? {
                        Some((_, at)) if !d.derived.is_empty() => {
                            return vector_size_after_name(at)
                        }
                        Some((bytes, _)) => vector_of(&ty, bytes, p.span.start)?,
                        None => ty,
                    }
                }
                None => base,
            };
            // `f(void)` has no parameters; a void parameter is allowed only
            // so, alone and unnamed (6.7.6.3p10).
            if ty == Type::Void {
                if let Some(name) = name {
                    return error(
                        name_at,
                        format!("parameter '{name}' has incomplete type 'void'"),
                    );
                }
                if f.parameters.len() > 1 {
                    return error(p.span.start, "'void' must be the only parameter");
                }
            }
            let adjusted = ty.decay();
            if let Some(name) = name {
                self.parameters_in_scope
                    .push((name.to_owned(), adjusted.clone()));
            }
            params.push(adjusted);
        }
        if params.len() == 1 && params[0] == Type::Void {
            params.clear();
        }
        Ok(FunctionType {
            ret,
            params,
            variadic: f.ellipsis == Ellipsis::Some,
            unprototyped: false,
        })
    }

    /// The names and types a function definition's parameters declare.
    pub fn parameter_names(&mut self, d: &Declarator) -> Vec<Option<String>> {
        parameter_declarators(d)
            .into_iter()
            .map(|p| p.and_then(|d| declared_name(&d.node).map(str::to_owned)))
            .collect()
    }

    pub fn type_name(&mut self, t: &TypeName) -> Result<Type> {
        let base = self.qualifiers(&t.specifiers)?;
        match &t.declarator {
            Some(d) => Ok(self.declarator(&d.node, base)?.1),
            None => Ok(base),
        }
    }

    /// gcc's error for `sizeof` of an enum type named before its
    /// definition (see `undefined_enum`).
    pub fn check_sizeof_type_name(&self, t: &Node<TypeName>) -> Result<()> {
        let plain = t
            .node
            .declarator
            .as_ref()
            .is_none_or(|d| derivations(&d.node) == 0);
        let specifiers = t.node.specifiers.iter().filter_map(|s| match &s.node {
            SpecifierQualifier::TypeSpecifier(t) => Some(&t.node),
            _ => None,
        });
        match self.undefined_enum(specifiers) {
            Some(undefined) if plain => error(
                t.span.start,
                format!(
                    "invalid application of 'sizeof' to incomplete type {}",
                    undefined.quoted()
                ),
            ),
            _ => Ok(()),
        }
    }

    /// `sizeof` of an expression inside a constant expression: a string
    /// literal's length, or the type the function lowering recorded for
    /// the operand (in `typeof_types`, keyed by its offset).
    pub(super) fn size_of_operand(&self, e: &Node<Expression>) -> Option<u64> {
        if let Expression::StringLiteral(s) = &e.node {
            return super::init::string_literal(&s.node).map(|(bytes, _)| bytes.len() as u64);
        }
        self.typeof_types.get(&e.span.start)?.sizeof()
    }

    /// `offsetof(type, member.designator[i])` as a constant.
    pub fn offset_of(&mut self, o: &OffsetOfExpression, offset: usize) -> Result<u64> {
        let (at, variable) = self.offset_of_parts(o, offset)?;
        match variable.first() {
            // Its error: not a constant.
            Some((index, _)) => self.constant_expr(index).map(|_| at),
            None => Ok(at),
        }
    }

    /// `offsetof`'s constant part, and the indexes that are not constant
    /// (GNU C takes them in a function), each with the size it steps by.
    pub fn offset_of_parts<'o>(
        &mut self,
        o: &'o OffsetOfExpression,
        offset: usize,
    ) -> Result<(u64, Vec<VariableIndex<'o>>)> {
        let mut variable = Vec::new();
        let mut ty = self.type_name(&o.type_name.node)?;
        let mut at = 0u64;
        let step = |ty: &Type, name: &str| -> Result<(u64, Type)> {
            match ty {
                Type::Struct(r) => types::find_field(r, name).ok_or_else(|| Error {
                    offset,
                    message: format!("'{}' has no member named '{name}'", ty.name()),
                }),
                _ => error(
                    offset,
                    format!("request for member '{name}' in something not a structure or union"),
                ),
            }
        };
        let (o1, t1) = step(&ty, &o.designator.node.base.node.name)?;
        at += o1;
        ty = t1;
        for m in &o.designator.node.members {
            match &m.node {
                OffsetMember::Member(id) | OffsetMember::IndirectMember(id) => {
                    let (o2, t2) = step(&ty, &id.node.name)?;
                    at += o2;
                    ty = t2;
                }
                OffsetMember::Index(e) => {
                    let Type::Array(elem, _) = &ty else {
                        return error(offset, "subscripted value is not an array");
                    };
                    let size = elem.size().unwrap_or(0);
                    match self.constant_expr(e) {
                        Ok(n) => at = at.wrapping_add((n as u64).wrapping_mul(size)),
                        Err(not) if super::constant::only_not_constant(&not) => {
                            variable.push((e, size));
                        }
                        Err(other) => return Err(other),
                    }
                    ty = (**elem).clone();
                }
            }
        }
        Ok((at, variable))
    }
}

/// The size and signedness of an enumeration's integer type, from its
/// smallest and largest values (gcc's choice: unsigned int when no value
/// is negative, int when one is, else the narrower of long and unsigned
/// long that holds them all).
fn enum_type(low: i64, high: i64) -> (u8, bool) {
    let fits = |ty: std::ops::RangeInclusive<i64>| ty.contains(&low) && ty.contains(&high);
    if fits(0..=i64::from(u32::MAX)) {
        (4, false)
    } else if fits(i64::from(i32::MIN)..=i64::from(i32::MAX)) {
        (4, true)
    } else {
        (8, low < 0)
    }
}

/// Why kit refuses the attribute `a`, if it does: gcc honours it, and
/// kit would get it wrong.
pub fn refused_attribute(a: &Attribute) -> Option<&'static str> {
    let big_endian = || {
        a.arguments.first().is_some_and(|e| {
            matches!(&e.node, Expression::StringLiteral(s) if s.node.iter().any(|p| p.contains("big-endian")))
        })
    };
    match a.name.node.trim_matches('_') {
        // gcc's own layout is kit's; Microsoft's is not.
        "ms_struct" => Some(
            "kit does not lay out records as Microsoft's compiler does (attribute 'ms_struct')",
        ),
        // kit stores every scalar little-endian.
        "scalar_storage_order" if big_endian() => {
            Some("kit does not support big-endian records (attribute 'scalar_storage_order')")
        }
        "ms_abi" => {
            Some("kit does not support the Microsoft calling convention (attribute 'ms_abi')")
        }
        "ifunc" => Some("kit does not support indirect functions (attribute 'ifunc')"),
        _ => None,
    }
}

/// A packed enumeration's size and signedness: the narrowest integer
/// type holding its values, unsigned when none is negative (gcc's choice).
fn packed_enum_type(low: i64, high: i64) -> (u8, bool) {
    let size = [1u8, 2, 4, 8]
        .into_iter()
        .find(|&size| {
            let bits = 8 * u32::from(size);
            if low >= 0 {
                bits == 64 || (high as u64) >> bits == 0
            } else {
                let limit = 1i64.checked_shl(bits - 1).unwrap_or(i64::MAX);
                bits == 64 || (low >= -limit && high < limit)
            }
        })
        .unwrap_or(8);
    (size, low < 0)
}

/// The type a `mode(M)` attribute makes of `base` (GNU C: the type of
/// that machine mode, signedness kept): QI, HI, SI, DI and TI integers
/// (also `byte`, `word`, `pointer`), SF, DF and XF floating types, SC,
/// DC and XC complex ones.
fn type_of_mode(base: &Type, mode: &str, at: usize) -> Result<Type> {
    let integer = |size: u8| -> Result<Type> {
        match base {
            Type::Int { signed, .. } => Ok(Type::Int {
                size,
                signed: *signed,
                kind: IntKind::Standard,
            }),
            _ => error(at, format!("mode '{mode}' applied to inappropriate type")),
        }
    };
    let floating = |ty: Type| -> Result<Type> {
        if base.is_float() || base.is_complex() {
            Ok(ty)
        } else {
            error(at, format!("mode '{mode}' applied to inappropriate type"))
        }
    };
    match mode.trim_matches('_') {
        "QI" | "byte" => integer(1),
        "HI" => integer(2),
        "SI" => integer(4),
        "DI" | "word" | "pointer" | "unwind_word" => integer(8),
        "TI" => integer(16),
        "SF" => floating(Type::Float),
        "DF" => floating(Type::Double),
        "XF" => floating(Type::LongDouble),
        "SC" => floating(Type::Complex(Rc::new(Type::Float))),
        "DC" => floating(Type::Complex(Rc::new(Type::Double))),
        "XC" => floating(Type::Complex(Rc::new(Type::LongDouble))),
        vector if vector.starts_with('V') && vector.len() > 2 => error(
            at,
            format!("kit does not support vector modes ('{mode}'); use vector_size"),
        ),
        "TF" | "KF" | "TC" | "KC" => {
            error(at, format!("mode '{mode}' (__float128) is not supported"))
        }
        _ => error(at, format!("unknown machine mode '{mode}'")),
    }
}

/// The value of an integer constant (wrapping into 64 bits).
pub fn integer_value(i: &Integer) -> Option<u64> {
    let radix = match i.base {
        IntegerBase::Decimal => 10,
        IntegerBase::Octal => 8,
        IntegerBase::Hexadecimal => 16,
        IntegerBase::Binary => 2,
    };
    u64::from_str_radix(&i.number, radix).ok()
}

/// The name of a TS 18661 floating type (`_Float128`, `_Decimal64`,
/// `_Float64x`).
fn ts18661_name(t: &TS18661FloatType) -> String {
    let (family, extended) = match t.format {
        TS18661FloatFormat::BinaryInterchange => ("_Float", ""),
        TS18661FloatFormat::BinaryExtended => ("_Float", "x"),
        TS18661FloatFormat::DecimalInterchange => ("_Decimal", ""),
        TS18661FloatFormat::DecimalExtended => ("_Decimal", "x"),
    };
    format!("{family}{}{extended}", t.width)
}

/// The C format that x86-64 gcc gives a TS 18661-3 type (`_Float32`) or
/// constant suffix (`f32`), when kit has it: `_Float32` float's,
/// `_Float64` and `_Float32x` double's, `_Float64x` long double's. The
/// type's name otherwise (`_Float128`, `_Float16`, the decimal types),
/// which kit does not support.
fn ts18661_format(t: &TS18661FloatType) -> std::result::Result<FloatFormat, String> {
    match (&t.format, t.width) {
        (TS18661FloatFormat::BinaryInterchange, 32) => Ok(FloatFormat::Float),
        (TS18661FloatFormat::BinaryInterchange, 64) | (TS18661FloatFormat::BinaryExtended, 32) => {
            Ok(FloatFormat::Double)
        }
        (TS18661FloatFormat::BinaryExtended, 64) => Ok(FloatFormat::LongDouble),
        _ => Err(ts18661_name(t)),
    }
}

/// A floating constant's format, its TS 18661 suffix read as
/// `ts18661_format` says.
pub fn float_format(f: &Float) -> std::result::Result<FloatFormat, String> {
    match &f.suffix.format {
        FloatFormat::TS18661Format(t) => ts18661_format(t),
        other => Ok(other.clone()),
    }
}

/// The type of a floating constant (C11 6.4.4.2): its suffix's.
pub fn float_constant_type(f: &Float) -> Type {
    let real = match float_format(f) {
        Ok(FloatFormat::Float) => Type::Float,
        Ok(FloatFormat::LongDouble) => Type::LongDouble,
        Ok(_) => Type::Double,
        Err(name) => Type::Unsupported(name.into()),
    };
    if f.suffix.imaginary {
        Type::Complex(Rc::new(real))
    } else {
        real
    }
}

/// The type of an integer constant (C11 6.4.4.1).
pub fn integer_type(i: &Integer, value: u64) -> Type {
    let decimal = i.base == IntegerBase::Decimal;
    let unsigned = i.suffix.unsigned;
    if i.suffix.size == IntegerSize::Int && !unsigned && value <= i32::MAX as u64 {
        return types::INT;
    }
    if i.suffix.size == IntegerSize::Int && (unsigned || !decimal) && value <= u32::MAX as u64 {
        return types::UINT;
    }
    // `ll`/`LL` makes a long long (of long's size, but another type).
    let kind = match i.suffix.size {
        IntegerSize::LongLong => IntKind::LongLong,
        _ => IntKind::Standard,
    };
    let signed = !unsigned && value <= i64::MAX as u64;
    Type::Int {
        size: 8,
        signed,
        kind,
    }
}

/// The value of a character constant like `'a'`, `'\n'`, `L'x'`.
/// A character constant's type: `int` for `'x'` and `L'x'` (wchar_t is
/// int), char16_t (`unsigned short`) for `u'x'`, char32_t (`unsigned
/// int`) for `U'x'`.
pub fn char_type(text: &str) -> Type {
    let signed = !text.starts_with(['u', 'U']);
    let size = if text.starts_with('u') { 2 } else { 4 };
    Type::Int {
        size,
        signed,
        kind: types::IntKind::Standard,
    }
}

pub fn char_value(text: &str) -> Option<i64> {
    let quote = text.find('\'')?;
    let body = &text[quote + 1..text.rfind('\'')?];
    if quote > 0 {
        // L'x', u'x', U'x': the first code unit, escapes decoded as in
        // wide strings.
        let utf16 = text.starts_with('u') && !text.starts_with("u8");
        return super::init::wide_units(body, utf16)?
            .first()
            .map(|&u| u as i64);
    }
    match unescape(body)?.as_slice() {
        [b] => Some(*b as i8 as i64),
        [] => None,
        // 'ab': gcc's value, each char shifted in, as an int.
        many => Some(many.iter().fold(0i64, |v, &b| (v << 8) | i64::from(b)) as i32 as i64),
    }
}

/// Decodes C escape sequences into bytes; other characters stay as their
/// UTF-8 bytes.
pub fn unescape(body: &str) -> Option<Vec<u8>> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            // A byte of a non-UTF-8 source stands for itself (its stand-in
            // starts with 0xF4, never a continuation byte, so `i` is a char
            // boundary there).
            let raw = (bytes[i] == 0xF4)
                .then(|| body[i..].chars().next())
                .flatten()
                .and_then(crate::source::raw_byte);
            match raw {
                Some(byte) => {
                    out.push(byte);
                    i += 4;
                }
                None => {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
            continue;
        }
        i += 1;
        let c = *bytes.get(i)?;
        i += 1;
        let byte = match c {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'v' => 11,
            b'e' => 27,
            b'0'..=b'7' => {
                let mut v = u32::from(c - b'0');
                for _ in 0..2 {
                    match bytes.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                v as u8
            }
            b'x' => {
                let mut v = 0u32;
                while let Some(d) = bytes.get(i).and_then(|b| (*b as char).to_digit(16)) {
                    v = v * 16 + d;
                    i += 1;
                }
                v as u8
            }
            other => other,
        };
        out.push(byte);
    }
    Some(out)
}

/// The declarator with its outermost array length removed (`a[n][3]`
/// becomes `a[][3]`); None when it declares no array.
/// The attributes a declarator carries: after a `*` (`char *
/// __attribute__((noinline)) f(void)`) and after the name; both apply to
/// the declared entity, as in gcc.
pub fn declarator_attributes(d: &Declarator) -> impl Iterator<Item = &Node<Extension>> {
    let after_stars = d.derived.iter().flat_map(|x| match &x.node {
        DerivedDeclarator::Pointer(qualifiers) => qualifiers.as_slice(),
        _ => &[],
    });
    after_stars
        .filter_map(|q| match &q.node {
            PointerQualifier::Extension(e) => Some(e),
            _ => None,
        })
        .flatten()
        .chain(d.extensions.iter())
}

/// The length expression of a declarator's outer array dimension, if it
/// has one (the dimension `without_outer_length` removes).
pub fn outer_length(d: &Declarator) -> Option<&Node<Expression>> {
    if !matches!(d.kind.node, DeclaratorKind::Identifier(_)) {
        return None;
    }
    let array = d.derived.iter().find_map(|x| match &x.node {
        DerivedDeclarator::Array(a) => Some(a),
        _ => None,
    })?;
    match &array.node.size {
        ArraySize::VariableExpression(e) | ArraySize::StaticExpression(e) => Some(e),
        _ => None,
    }
}

pub fn without_outer_length(d: &Declarator) -> Option<Declarator> {
    if !matches!(d.kind.node, DeclaratorKind::Identifier(_)) {
        return None;
    }
    let index = d
        .derived
        .iter()
        .position(|x| matches!(x.node, DerivedDeclarator::Array(_)))?;
    let mut copy = d.clone();
    if let DerivedDeclarator::Array(a) = &mut copy.derived[index].node {
        a.node.size = ArraySize::Unknown;
    }
    Some(copy)
}

/// Whether a type name is qualified at the top: `const int`, `int *const`
/// (not `const int *`, whose pointer is unqualified).
pub fn top_level_qualified(t: &TypeName) -> bool {
    let qualifier = |q: &TypeQualifier| matches!(q, TypeQualifier::Const | TypeQualifier::Volatile);
    let Some(d) = &t.declarator else {
        return t.specifiers.iter().any(|s| match &s.node {
            SpecifierQualifier::TypeQualifier(q) => qualifier(&q.node),
            _ => false,
        });
    };
    match d.node.derived.last().map(|x| &x.node) {
        _ if !matches!(d.node.kind.node, DeclaratorKind::Abstract) => false,
        Some(DerivedDeclarator::Pointer(quals)) => quals
            .iter()
            .any(|q| matches!(&q.node, PointerQualifier::TypeQualifier(q) if qualifier(&q.node))),
        Some(_) => false,
        None => top_level_qualified(&TypeName {
            specifiers: t.specifiers.clone(),
            declarator: None,
        }),
    }
}

/// A type name's keywords and qualifiers as written, as a key that tells
/// apart types kit represents alike (`long` and `long long`, `char` and
/// `signed char`, `char *` and `const char *`): `int` and a redundant
/// `signed` dropped, the specifiers sorted, then each pointer with its
/// qualifiers.
pub fn type_name_spelling(t: &TypeName) -> Vec<&'static str> {
    let qualifier = |q: &TypeQualifier| match q {
        TypeQualifier::Const => Some("const"),
        TypeQualifier::Volatile => Some("volatile"),
        _ => None,
    };
    let mut words: Vec<&'static str> = t
        .specifiers
        .iter()
        .filter_map(|s| match &s.node {
            SpecifierQualifier::TypeSpecifier(t) => match t.node {
                TypeSpecifier::Char => Some("char"),
                TypeSpecifier::Short => Some("short"),
                TypeSpecifier::Long => Some("long"),
                TypeSpecifier::Signed => Some("signed"),
                TypeSpecifier::Unsigned => Some("unsigned"),
                _ => None,
            },
            SpecifierQualifier::TypeQualifier(q) => qualifier(&q.node),
            _ => None,
        })
        .collect();
    if !words.contains(&"char") {
        words.retain(|w| *w != "signed");
    }
    words.sort_unstable();
    for derived in t.declarator.iter().flat_map(|d| &d.node.derived) {
        if let DerivedDeclarator::Pointer(quals) = &derived.node {
            words.push("*");
            words.extend(quals.iter().filter_map(|q| match &q.node {
                PointerQualifier::TypeQualifier(q) => qualifier(&q.node),
                _ => None,
            }));
        }
    }
    words
}

/// 6.7.2p2: the type specifiers of one declaration form one of C's
/// lists (`unsigned long int`, `long double`, a typedef name alone...).
fn check_specifier_combination(list: &[&Node<TypeSpecifier>]) -> Result<()> {
    let word = |t: &TypeSpecifier| match t {
        TypeSpecifier::Void => "void",
        TypeSpecifier::Bool => "_Bool",
        TypeSpecifier::Char => "char",
        TypeSpecifier::Short => "short",
        TypeSpecifier::Int => "int",
        TypeSpecifier::Long => "long",
        TypeSpecifier::Float => "float",
        TypeSpecifier::Double => "double",
        TypeSpecifier::Signed => "signed",
        TypeSpecifier::Unsigned => "unsigned",
        TypeSpecifier::Complex => "_Complex",
        _ => "",
    };
    let count = |w: &str| list.iter().filter(|t| word(&t.node) == w).count();
    let at = |w: &str| {
        list.iter()
            .rev()
            .find(|t| word(&t.node) == w)
            .map_or(0, |t| t.span.start)
    };
    // The specifiers that name a type by themselves; `_Complex` goes
    // with float or double. lang-c reads `_Float32` as a keyword, so
    // glibc's `typedef float _Float32;` (for compilers without it) has
    // two: that one is left out.
    let types: Vec<&&Node<TypeSpecifier>> = list
        .iter()
        .filter(|t| {
            !matches!(
                t.node,
                TypeSpecifier::Short
                    | TypeSpecifier::Long
                    | TypeSpecifier::Signed
                    | TypeSpecifier::Unsigned
                    | TypeSpecifier::Complex
                    | TypeSpecifier::TS18661Float(_)
            )
        })
        .collect();
    if let Some(second) = types.get(1) {
        return error(
            second.span.start,
            "two or more data types in declaration specifiers",
        );
    }
    let named = types.first().map(|t| word(&t.node));
    // At the later of the two, as gcc reports it.
    let clash = |a: &str, b: &str, words: [&str; 2]| {
        error(
            at(words[0]).max(at(words[1])),
            format!("both '{a}' and '{b}' in declaration specifiers"),
        )
    };
    let (longs, shorts) = (count("long"), count("short"));
    if count("signed") > 0 && count("unsigned") > 0 {
        return clash("signed", "unsigned", ["signed", "unsigned"]);
    }
    for sign in ["signed", "unsigned"] {
        if count(sign) > 1 {
            return error(at(sign), format!("duplicate '{sign}'"));
        }
        if count(sign) > 0 && !matches!(named, None | Some("char" | "int")) {
            let other = named.filter(|w| !w.is_empty()).unwrap_or("the type name");
            return clash(sign, other, [sign, named.unwrap_or_default()]);
        }
    }
    if shorts > 1 {
        return error(at("short"), "duplicate 'short'");
    }
    if shorts > 0 && longs > 0 {
        return clash("long", "short", ["long", "short"]);
    }
    if longs > 2 {
        return error(at("long"), "'long long long' is too long for GCC");
    }
    let sized = if shorts > 0 { "short" } else { "long" };
    let fits = match named {
        None | Some("int") => true,
        Some("double") => longs == 1,
        _ => false,
    };
    if (shorts > 0 || longs > 0) && !fits {
        let other = named.filter(|w| !w.is_empty()).unwrap_or("the type name");
        return clash(sized, other, [sized, named.unwrap_or_default()]);
    }
    Ok(())
}

/// 6.7.1p2 on one declaration's specifiers: at most one storage class
/// (`_Thread_local` may join `static` or `extern`). 6.7.5p2's ban on
/// `_Alignas` with `register` is not checked: the parse shims have made
/// every `_Alignas` an `aligned` attribute, which gcc allows there.
fn check_specifier_constraints(specifiers: &[Node<DeclarationSpecifier>]) -> Result<()> {
    let classes: Vec<&Node<StorageClassSpecifier>> = specifiers
        .iter()
        .filter_map(|s| match &s.node {
            DeclarationSpecifier::StorageClass(c) => Some(c),
            _ => None,
        })
        .collect();
    let is = |c: &Node<StorageClassSpecifier>, k: StorageClassSpecifier| c.node == k;
    let thread_local = classes
        .iter()
        .find(|c| is(c, StorageClassSpecifier::ThreadLocal));
    let others: Vec<_> = classes
        .iter()
        .filter(|c| !is(c, StorageClassSpecifier::ThreadLocal))
        .collect();
    if others.len() > 1 {
        return error(
            others[1].span.start,
            "multiple storage classes in declaration specifiers",
        );
    }
    if let (Some(t), Some(other)) = (thread_local, others.first()) {
        let word = storage_word(&other.node);
        if !matches!(word, "static" | "extern") {
            return error(t.span.start, format!("'_Thread_local' used with '{word}'"));
        }
    }
    Ok(())
}

fn storage_word(c: &StorageClassSpecifier) -> &'static str {
    match c {
        StorageClassSpecifier::Typedef => "typedef",
        StorageClassSpecifier::Extern => "extern",
        StorageClassSpecifier::Static => "static",
        StorageClassSpecifier::ThreadLocal => "_Thread_local",
        StorageClassSpecifier::Auto => "auto",
        StorageClassSpecifier::Register => "register",
    }
}

/// `restrict` qualifies only pointers (6.7.3p2).
fn check_qualifier(q: &Node<TypeQualifier>, base: &Type) -> Result<()> {
    match q.node {
        TypeQualifier::Restrict if !base.is_pointer() => {
            error(q.span.start, "invalid use of 'restrict'")
        }
        _ => Ok(()),
    }
}

/// `_Atomic T`. x86-64 has atomic instructions for 1, 2, 4, 8 and 16
/// bytes; atomic objects of other sizes, which gcc guards with
/// libatomic's locks, are refused.
fn atomic(ty: Type, offset: usize) -> Result<Type> {
    match ty {
        Type::Bool => Ok(Type::Int {
            size: 1,
            signed: false,
            kind: IntKind::AtomicBool,
        }),
        // `_Atomic void *`: qualified void, as `const void` is.
        _ if ty.is_atomic() || ty == Type::Void => Ok(ty),
        Type::Int { size, signed, .. } => Ok(Type::Int {
            size,
            signed,
            kind: IntKind::Atomic,
        }),
        Type::Array(..) | Type::Vla(..) => error(offset, "'_Atomic'-qualified array type"),
        Type::Function(_) => error(offset, "'_Atomic'-qualified function type"),
        _ if matches!(ty.size(), Some(1 | 2 | 4 | 8 | 16)) => Ok(Type::Atomic(Rc::new(ty))),
        other => {
            let size = other
                .size()
                .map_or_else(|| "of incomplete type".into(), |n| format!("of {n} bytes"));
            error(
                offset,
                format!(
                    "'_Atomic {}' {size} is not supported yet (kit's atomic objects are 1, 2, 4, 8 or 16 bytes)",
                    other.name()
                ),
            )
        }
    }
}

/// kit's refusal of `vector_size` after a declarator that derives a
/// pointer, array or function (after a plain name it makes the declared
/// type a vector; among the specifiers, the base type).
pub fn vector_size_after_name<T>(at: usize) -> Result<T> {
    error(
        at,
        "vector_size on a derived type (pointer, array or function) is not supported (put it before the name)",
    )
}

/// The vector type `vector_size(bytes)` makes of the scalar `lane`, with
/// gcc's checks.
pub fn vector_of(lane: &Type, bytes: u64, offset: usize) -> Result<Type> {
    let size = match lane {
        Type::Int { size, .. } if !lane.is_atomic() && *size <= 8 => u64::from(*size),
        Type::Float | Type::Double => lane.size().unwrap_or(1),
        _ => return error(offset, "invalid vector type for attribute 'vector_size'"),
    };
    if bytes == 0 || !bytes.is_multiple_of(size) {
        return error(
            offset,
            "vector size not an integral multiple of component size",
        );
    }
    let lanes = bytes / size;
    if !lanes.is_power_of_two() {
        return error(
            offset,
            format!("number of vector components {lanes} not a power of two"),
        );
    }
    Ok(Type::Vector(Rc::new(lane.clone()), lanes))
}

/// ` 'name'` for a message about a declarator, nothing when it has none.
pub fn quoted(name: Option<&str>) -> String {
    name.map_or_else(String::new, |n| format!(" '{n}'"))
}

/// An array length that is not a constant where one is needed.
const NOT_CONSTANT_LENGTH: &str = "array length is not a constant: a variable length is supported only in a block-scope array or a parameter";

/// An array length checked as gcc does: not negative, and the array no
/// larger than the address space allows.
/// Errors are reported at the array's name, as gcc does, or for an
/// unnamed one at `offset`, its `[`.
fn checked_length(len: i64, elem: &Type, d: &Declarator, offset: usize) -> Result<u64> {
    let what = match declared_name(d) {
        Some(name) => format!("array '{name}'"),
        None => "unnamed array".to_owned(),
    };
    let at = declared_name_at(d).unwrap_or(offset);
    if len < 0 {
        return error(at, format!("size of {what} is negative"));
    }
    let len = len as u64;
    let bytes = elem.size().unwrap_or(1).checked_mul(len);
    if bytes.is_none_or(|b| b > i64::MAX as u64) {
        return error(at, format!("size of {what} is too large"));
    }
    Ok(len)
}

/// Every array length expression of an array's declarator (named, or
/// abstract in a type name), outermost first; none for a pointer to one.
pub fn array_lengths(d: &Declarator) -> Vec<&Node<Expression>> {
    if !matches!(
        d.kind.node,
        DeclaratorKind::Identifier(_) | DeclaratorKind::Abstract
    ) {
        return Vec::new();
    }
    d.derived
        .iter()
        .filter_map(|x| match &x.node {
            DerivedDeclarator::Array(a) => match &a.node.size {
                ArraySize::VariableExpression(e) | ArraySize::StaticExpression(e) => Some(&**e),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

impl Scopes {
    /// For a declarator with array lengths that are not constants: the
    /// declarator with those lengths removed, and per dimension (outermost
    /// first) the removed expression. None when every length is constant.
    #[allow(clippy::type_complexity)]
    pub fn open_runtime_lengths<'d>(
        &mut self,
        d: &'d Declarator,
    ) -> Option<(Declarator, Vec<Option<&'d Node<Expression>>>)> {
        if !matches!(
            d.kind.node,
            DeclaratorKind::Identifier(_) | DeclaratorKind::Abstract
        ) && pointer_to_array(d).is_none()
        {
            return None;
        }
        let lengths: Vec<Option<&Node<Expression>>> = d
            .derived
            .iter()
            .filter_map(|derived| match &derived.node {
                DerivedDeclarator::Array(a) => Some(match &a.node.size {
                    ArraySize::VariableExpression(e) | ArraySize::StaticExpression(e) => {
                        self.constant_expr(e).is_err().then_some(&**e)
                    }
                    _ => None,
                }),
                _ => None,
            })
            .collect();
        if lengths.iter().all(Option::is_none) {
            return None;
        }
        // Only now (a declaration with a run-time length) copy it.
        let mut open = d.clone();
        let arrays = open.derived.iter_mut().filter_map(|x| match &mut x.node {
            DerivedDeclarator::Array(a) => Some(a),
            _ => None,
        });
        for (array, length) in arrays.zip(&lengths) {
            if length.is_some() {
                array.node.size = ArraySize::Unknown;
            }
        }
        Some((open, lengths))
    }
}

/// A member's alignment under its attributes (None: its type's): `packed`
/// drops it to 1, `aligned(N)` raises it to N.
fn member_alignment(ty: &Type, attributes: RecordAttributes) -> Option<u64> {
    match attributes {
        RecordAttributes {
            packed: false,
            aligned: None,
            ..
        } => None,
        RecordAttributes {
            packed, aligned, ..
        } => {
            let natural = if packed { 1 } else { ty.align() };
            Some(natural.max(aligned.unwrap_or(1)))
        }
    }
}

/// Whether a declarator, at any depth, has a function part.
fn declares_function(d: &Declarator) -> bool {
    d.derived.iter().any(|x| {
        matches!(
            x.node,
            DerivedDeclarator::Function(_) | DerivedDeclarator::KRFunction(_)
        )
    }) || matches!(&d.kind.node, DeclaratorKind::Declarator(inner) if declares_function(&inner.node))
}

/// The body of a nested function, as the parser repair spells its
/// definition (`int f(int x) =({ ... });`, see parse.rs): the statement
/// of a function declarator's statement-expression initializer.
pub fn nested_function_body(init: &InitDeclarator) -> Option<&Node<Statement>> {
    match &init.initializer.as_ref()?.node {
        Initializer::Expression(e) => match &e.node {
            Expression::Statement(body) if declares_function(&init.declarator.node) => Some(body),
            _ => None,
        },
        Initializer::List(_) => None,
    }
}

/// Whether a type name is qualified (`const int`, `int *volatile`),
/// which `_Atomic(...)` may not take (C11 6.7.2.4p3).
fn is_qualified(t: &TypeName) -> bool {
    let outer_pointer = t.declarator.as_ref().and_then(|d| {
        d.node.derived.iter().rev().find_map(|x| match &x.node {
            DerivedDeclarator::Pointer(qualifiers) => Some(qualifiers),
            _ => None,
        })
    });
    match outer_pointer {
        Some(qualifiers) => qualifiers
            .iter()
            .any(|q| matches!(q.node, PointerQualifier::TypeQualifier(_))),
        None => t
            .specifiers
            .iter()
            .any(|s| matches!(s.node, SpecifierQualifier::TypeQualifier(_))),
    }
}

/// `_Alignof`'s operand may not be an incomplete array, struct or union
/// (C11 6.5.3.4p1, in gcc's words).
pub fn check_alignof_complete(ty: &Type, at: usize) -> Result<()> {
    if ty.size().is_none() && matches!(ty, Type::Array(_, None) | Type::Struct(_)) {
        return error(
            at,
            format!(
                "invalid application of '__alignof__' to incomplete type '{}'",
                ty.name()
            ),
        );
    }
    Ok(())
}

/// C11 6.8.5p3: a `for` loop's declaration declares only objects of
/// storage class `auto` or `register` (gcc's words otherwise, a typedef
/// or function reported at the `for` at `loop`).
pub fn check_for_declaration(d: &Node<Declaration>, loop_at: usize) -> Result<()> {
    let storage = d.node.specifiers.iter().find_map(|s| match &s.node {
        DeclarationSpecifier::StorageClass(c) => Some(&c.node),
        _ => None,
    });
    for init in &d.node.declarators {
        let declarator = &init.node.declarator;
        let Some(name) = declared_name(&declarator.node) else {
            continue;
        };
        let function = matches!(
            declarator.node.derived.first().map(|x| &x.node),
            Some(DerivedDeclarator::Function(_) | DerivedDeclarator::KRFunction(_))
        );
        let (what, at) = match storage {
            _ if function => ("non-variable", loop_at),
            Some(StorageClassSpecifier::Typedef) => ("non-variable", loop_at),
            Some(StorageClassSpecifier::Static) => ("static variable", declarator.span.start),
            Some(StorageClassSpecifier::Extern) => ("'extern' variable", declarator.span.start),
            _ => continue,
        };
        return error(
            at,
            format!("declaration of {what} '{name}' in 'for' loop initial declaration"),
        );
    }
    Ok(())
}

/// C11 6.7.6.2p1: `static` and type qualifiers between an array's
/// brackets belong to a parameter's outer dimension only; checked on the
/// declarators of everything else (gcc's words).
pub fn check_array_qualifiers(d: &Declarator, at: usize) -> Result<()> {
    let qualified = d.derived.iter().any(|x| {
        matches!(&x.node, DerivedDeclarator::Array(a)
            if !a.node.qualifiers.is_empty() || matches!(a.node.size, ArraySize::StaticExpression(_)))
    });
    if qualified {
        return error(
            at,
            "static or type qualifiers in non-parameter array declarator",
        );
    }
    match &d.kind.node {
        DeclaratorKind::Declarator(inner) => check_array_qualifiers(&inner.node, at),
        _ => Ok(()),
    }
}

/// C11 6.9.1p6: a K&R definition's declarations declare only names of
/// its identifier list (gcc's words otherwise).
pub fn check_kr_declarations(definition: &Node<FunctionDefinition>) -> Result<()> {
    let f = &definition.node;
    let names: Vec<&str> = f
        .declarator
        .node
        .derived
        .iter()
        .find_map(|d| match &d.node {
            DerivedDeclarator::KRFunction(names) => {
                Some(names.iter().map(|n| n.node.name.as_str()).collect())
            }
            _ => None,
        })
        .unwrap_or_default();
    for declaration in &f.declarations {
        for init in &declaration.node.declarators {
            let declarator = &init.node.declarator;
            if let Some(name) = declared_name(&declarator.node) {
                if !names.contains(&name) {
                    return error(
                        declarator.span.start,
                        format!("declaration for parameter '{name}' but no such parameter"),
                    );
                }
            }
        }
    }
    Ok(())
}

/// A K&R definition (`int f(a, b) int a; char *b; { ... }`) rewritten
/// with a prototype built from its declarations (an undeclared parameter
/// is `int`, C90). A `float` parameter is received as a `double`, as
/// callers of an unprototyped function pass it (C11 6.5.2.2p6), under a
/// name of kit's; the body starts with the float the program named,
/// initialized from it (so `sizeof x` is 4 and `&x` a `float *`). None
/// for a prototyped definition.
pub fn prototype_of_kr_definition(
    definition: &Node<FunctionDefinition>,
) -> Option<Node<FunctionDefinition>> {
    let f = &definition.node;
    let declarator = prototype_of_kr_declarator(&f.declarator, &f.declarations)?;
    let mut rewritten = f.clone();
    rewritten.declarator = declarator;
    rewritten.declarations.clear();
    if let Statement::Compound(items) = &mut rewritten.statement.node {
        let narrowed = f.declarations.iter().flat_map(|d| {
            d.node.declarators.iter().filter_map(|init| {
                let name = promoted_float_name(&d.node.specifiers, &init.node.declarator.node)?;
                Some(narrowed_float(
                    &d.node.specifiers,
                    &init.node.declarator,
                    name,
                ))
            })
        });
        let body = std::mem::take(items);
        *items = narrowed.chain(body).collect();
    }
    Some(Node::new(rewritten, definition.span))
}

/// The name of a K&R parameter that callers pass promoted to `double`:
/// one declared `float` itself (not a pointer, array or function).
fn promoted_float_name<'a>(
    specifiers: &[Node<DeclarationSpecifier>],
    declarator: &'a Declarator,
) -> Option<&'a Node<Identifier>> {
    let float = specifiers.iter().any(|s| {
        matches!(&s.node, DeclarationSpecifier::TypeSpecifier(t) if t.node == TypeSpecifier::Float)
    });
    match &declarator.kind.node {
        DeclaratorKind::Identifier(name) if float && declarator.derived.is_empty() => Some(name),
        _ => None,
    }
}

/// The name under which a K&R definition receives the promoted value of
/// its float parameter `name`.
fn received_name(name: &Node<Identifier>) -> Node<Identifier> {
    let received = format!("__kit_kr_{}", name.node.name);
    Node::new(Identifier { name: received }, name.span)
}

/// `float name = __kit_kr_name;` at the start of a K&R definition's body.
fn narrowed_float(
    specifiers: &[Node<DeclarationSpecifier>],
    declarator: &Node<Declarator>,
    name: &Node<Identifier>,
) -> Node<BlockItem> {
    let span = name.span;
    let value = Expression::Identifier(Box::new(received_name(name)));
    let initializer = Initializer::Expression(Box::new(Node::new(value, span)));
    let init = InitDeclarator {
        declarator: declarator.clone(),
        initializer: Some(Node::new(initializer, span)),
    };
    let declaration = Declaration {
        specifiers: specifiers.to_vec(),
        declarators: vec![Node::new(init, span)],
    };
    Node::new(BlockItem::Declaration(Node::new(declaration, span)), span)
}

/// The declarator of a K&R definition with a prototype built from the
/// `declarations` of its parameters (see `prototype_of_kr_definition`).
pub fn prototype_of_kr_declarator(
    declarator: &Node<Declarator>,
    declarations: &[Node<Declaration>],
) -> Option<Node<Declarator>> {
    let index = declarator.node.derived.iter().position(
        |d| matches!(&d.node, DerivedDeclarator::KRFunction(names) if !names.is_empty()),
    )?;
    let DerivedDeclarator::KRFunction(names) = &declarator.node.derived[index].node else {
        return None;
    };
    let span = declarator.node.derived[index].span;
    let parameters = names
        .iter()
        .map(|name| {
            let declared = declarations.iter().find_map(|d| {
                d.node.declarators.iter().find_map(|init| {
                    let declarator = &init.node.declarator;
                    (declared_name(&declarator.node) == Some(name.node.name.as_str()))
                        .then(|| received_parameter(&d.node.specifiers, declarator))
                })
            });
            let (specifiers, declarator) = declared.unwrap_or_else(|| {
                let int = Node::new(
                    DeclarationSpecifier::TypeSpecifier(Node::new(TypeSpecifier::Int, name.span)),
                    name.span,
                );
                let declarator = Node::new(
                    Declarator {
                        kind: Node::new(DeclaratorKind::Identifier(name.clone()), name.span),
                        derived: Vec::new(),
                        extensions: Vec::new(),
                    },
                    name.span,
                );
                (vec![int], declarator)
            });
            Node::new(
                ParameterDeclaration {
                    specifiers,
                    declarator: Some(declarator),
                    extensions: Vec::new(),
                },
                name.span,
            )
        })
        .collect();
    let mut rewritten = declarator.clone();
    rewritten.node.derived[index] = Node::new(
        DerivedDeclarator::Function(Node::new(
            FunctionDeclarator {
                parameters,
                ellipsis: Ellipsis::None,
            },
            span,
        )),
        span,
    );
    Some(rewritten)
}

/// A K&R parameter's specifiers and declarator as its definition's
/// prototype has them: a `float` as a `double` under kit's name (see
/// `prototype_of_kr_definition`), any other as declared.
fn received_parameter(
    specifiers: &[Node<DeclarationSpecifier>],
    declarator: &Node<Declarator>,
) -> (Vec<Node<DeclarationSpecifier>>, Node<Declarator>) {
    let Some(name) = promoted_float_name(specifiers, &declarator.node) else {
        return (specifiers.to_vec(), declarator.clone());
    };
    let double = specifiers
        .iter()
        .map(|s| match &s.node {
            DeclarationSpecifier::TypeSpecifier(t) if t.node == TypeSpecifier::Float => Node::new(
                DeclarationSpecifier::TypeSpecifier(Node::new(TypeSpecifier::Double, t.span)),
                s.span,
            ),
            _ => s.clone(),
        })
        .collect();
    let mut received = declarator.clone();
    received.node.kind.node = DeclaratorKind::Identifier(received_name(name));
    (double, received)
}

/// The typedef name among declaration specifiers, if they use one.
pub fn specifier_typedef_name(specifiers: &[Node<DeclarationSpecifier>]) -> Option<&str> {
    specifiers.iter().find_map(|s| match &s.node {
        DeclarationSpecifier::TypeSpecifier(t) => match &t.node {
            TypeSpecifier::TypedefName(id) => Some(id.node.name.as_str()),
            _ => None,
        },
        _ => None,
    })
}

/// The typedef name among a type name's or member's specifiers, if they
/// use one.
pub fn qualifier_typedef_name(specifiers: &[Node<SpecifierQualifier>]) -> Option<&str> {
    specifiers.iter().find_map(|s| match &s.node {
        SpecifierQualifier::TypeSpecifier(t) => match &t.node {
            TypeSpecifier::TypedefName(id) => Some(id.node.name.as_str()),
            _ => None,
        },
        _ => None,
    })
}

/// The type specifiers among declaration specifiers.
pub fn type_specifiers(
    specifiers: &[Node<DeclarationSpecifier>],
) -> impl Iterator<Item = &TypeSpecifier> {
    specifiers.iter().filter_map(|s| match &s.node {
        DeclarationSpecifier::TypeSpecifier(t) => Some(&t.node),
        _ => None,
    })
}

/// How many pointers, arrays and functions a declarator derives, nested
/// declarators included (`(*p)` derives one).
pub fn derivations(d: &Declarator) -> usize {
    let inner = match &d.kind.node {
        DeclaratorKind::Declarator(inner) => derivations(&inner.node),
        _ => 0,
    };
    d.derived.len() + inner
}

/// The identifier a declarator declares.
pub fn declared_name(d: &Declarator) -> Option<&str> {
    match &d.kind.node {
        DeclaratorKind::Identifier(id) => Some(&id.node.name),
        DeclaratorKind::Declarator(inner) => declared_name(&inner.node),
        DeclaratorKind::Abstract => None,
    }
}

/// A declaration's array length that is not constant where no variable
/// length may be, in gcc's words for the declaration (`message` of the
/// declared name), at the name; other errors as they are.
pub fn variable_length_refused(e: Error, d: &Declarator, message: fn(&str) -> String) -> Error {
    match (declared_name(d), declared_name_at(d)) {
        (Some(name), Some(offset)) if e.message == NOT_CONSTANT_LENGTH => Error {
            offset,
            message: message(name),
        },
        _ => e,
    }
}

/// Where a declarator's identifier is: gcc's place for errors about the
/// declared name.
pub fn declared_name_at(d: &Declarator) -> Option<usize> {
    match &d.kind.node {
        DeclaratorKind::Identifier(id) => Some(id.span.start),
        DeclaratorKind::Declarator(inner) => declared_name_at(&inner.node),
        DeclaratorKind::Abstract => None,
    }
}

/// The declarators of a function definition's parameters, in order.
pub fn parameter_declarators(d: &Declarator) -> Vec<Option<&Node<Declarator>>> {
    let parameters = own_parameters(d).map_or(&[][..], Vec::as_slice);
    parameters
        .iter()
        .map(|p| p.node.declarator.as_ref())
        .collect()
}

/// The parameter list of the function a declarator declares.
pub fn own_parameters(d: &Declarator) -> Option<&Vec<Node<ParameterDeclaration>>> {
    // `int (*f(int a))(int)`: the parameters nearest the name are the
    // function's own; outer ones belong to the type it returns.
    if let DeclaratorKind::Declarator(inner) = &d.kind.node {
        if declares_function(&inner.node) {
            return own_parameters(&inner.node);
        }
    }
    for derived in &d.derived {
        if let DerivedDeclarator::Function(f) = &derived.node {
            return Some(&f.node.parameters);
        }
    }
    match &d.kind.node {
        DeclaratorKind::Declarator(inner) => own_parameters(&inner.node),
        _ => None,
    }
}

/// Which levels of a declared object are const, as a bit set: bit 0 the
/// object itself, bit 1 what one `*`, `[]` or `->` reaches, and so on
/// (`const int *p` sets bit 1, `int *const p` bit 0). kit's types carry
/// no qualifiers; this is what assignments check against. `base` holds
/// the levels of the specifiers' type (`Scopes::specifiers_readonly`).
pub fn readonly_levels(base: u64, d: &Declarator) -> u64 {
    let mut levels = Vec::new();
    declarator_levels(d, &mut levels);
    let own = levels
        .iter()
        .take(64)
        .enumerate()
        .fold(0, |mask, (i, &c)| mask | (u64::from(c) << i));
    own | base.checked_shl(levels.len() as u32).unwrap_or(0)
}

/// The const-ness of a declarator's derived levels, outermost first: a
/// nested declarator's come first, then arrays and functions as written,
/// then pointers from the last written (nearest the name) back.
fn declarator_levels(d: &Declarator, out: &mut Vec<bool>) {
    if let DeclaratorKind::Declarator(inner) = &d.kind.node {
        declarator_levels(&inner.node, out);
    }
    // A parameter's `int a[const 2]` is `int *const a`: an array's own
    // qualifiers are its adjusted pointer's.
    let postfix = d.derived.iter().filter_map(|x| match &x.node {
        DerivedDeclarator::Pointer(_) => None,
        DerivedDeclarator::Array(a) => Some(
            a.node
                .qualifiers
                .iter()
                .any(|q| q.node == TypeQualifier::Const),
        ),
        _ => Some(false),
    });
    out.extend(postfix);
    for derived in d.derived.iter().rev() {
        if let DerivedDeclarator::Pointer(quals) = &derived.node {
            out.push(quals.iter().any(|q| {
                matches!(&q.node, PointerQualifier::TypeQualifier(q) if q.node == TypeQualifier::Const)
            }));
        }
    }
}

/// Whether declaration specifiers say `const`.
fn specifiers_const(specifiers: &[Node<DeclarationSpecifier>]) -> bool {
    specifiers.iter().any(|s| {
        matches!(&s.node, DeclarationSpecifier::TypeQualifier(q) if q.node == TypeQualifier::Const)
    })
}

/// For `T (*p)[n]...` (a pointer, or pointer to pointer..., to an array):
/// how many pointers lie between the name and the array.
pub fn pointer_to_array(d: &Declarator) -> Option<usize> {
    let DeclaratorKind::Declarator(inner) = &d.kind.node else {
        return None;
    };
    let inner = &inner.node;
    let pointers = inner
        .derived
        .iter()
        .all(|x| matches!(x.node, DerivedDeclarator::Pointer(_)));
    let arrays = !d.derived.is_empty()
        && d.derived
            .iter()
            .all(|x| matches!(x.node, DerivedDeclarator::Array(_)));
    let named_or_abstract = matches!(
        inner.kind.node,
        DeclaratorKind::Identifier(_) | DeclaratorKind::Abstract
    );
    (named_or_abstract && pointers && arrays && !inner.derived.is_empty())
        .then_some(inner.derived.len())
}

/// C11 6.7.5p4: `_Alignas` may not ask for less than the alignment the
/// declared object's type has (gcc's words when it does).
pub fn check_alignas(least: Option<u64>, ty: &Type, name: &str, at: usize) -> Result<()> {
    match least {
        Some(align) if align < ty.align() => error(
            at,
            format!("'_Alignas' specifiers cannot reduce alignment of '{name}'"),
        ),
        _ => Ok(()),
    }
}

/// gcc's error for a static assertion that fails, with its message.
pub fn static_assertion_failed(s: &Node<StaticAssert>) -> Error {
    let message: String = s
        .node
        .message
        .node
        .iter()
        .map(|p| p.trim_matches('"'))
        .collect();
    Error {
        offset: s.span.start,
        // `_Static_assert(e)` (C23, which gcc takes) has an empty one.
        message: match message.is_empty() {
            true => "static assertion failed".into(),
            false => format!("static assertion failed: \"{message}\""),
        },
    }
}
