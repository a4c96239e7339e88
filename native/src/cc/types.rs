//! C types of x86_64-linux-gnu (LP64): sizes, alignment, struct layout,
//! and the Cranelift type a scalar lives in. `long double` is the x87
//! 80-bit format, held in an I128 (see long_double.rs and x87.rs).

use std::rc::Rc;

use cranelift_codegen::ir::types;
use cranelift_codegen::ir::Type as IrType;

#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    Void,
    Bool,
    /// char, short, int, long, long long (and their unsigned forms).
    Int {
        size: u8,
        signed: bool,
        kind: IntKind,
    },
    Float,
    Double,
    /// x87 extended precision: 16 bytes, 10 of them significant.
    LongDouble,
    /// `_Complex float`, `double` or `long double`: real and imaginary
    /// parts side by side, held packed in one integer value, or for long
    /// double by address (see complex.rs).
    Complex(Rc<Type>),
    Pointer(Rc<Type>),
    /// Element type and length (None: incomplete, `int a[]`).
    Array(Rc<Type>, Option<u64>),
    /// An array whose length is known only at run time (an inner VLA
    /// dimension, `int m[r][c]`'s `[c]`): the element type and the number
    /// of the function's length slot holding it (see cc/vla.rs).
    Vla(Rc<Type>, u32),
    Function(Rc<FunctionType>),
    Struct(Rc<Record>),
    /// C11's `_Atomic` pointer, floating, complex, struct or union type
    /// of 1, 2, 4, 8 or 16 bytes: every access is one atomic instruction
    /// on its bits (atomic.rs). Atomic integers are `Int`s of
    /// `IntKind::Atomic` instead, so that every integer rule applies to
    /// them unchanged.
    Atomic(Rc<Type>),
    /// GNU's vector type (`vector_size(N)`): that many lanes of a scalar
    /// type, operated on lane by lane. Held in memory
    /// like an array that does not decay (lower.rs's `vector.rs`).
    Vector(Rc<Type>, u64),
    /// A type kit cannot compile yet; an error only where it is used.
    Unsupported(Rc<str>),
}

thread_local! {
    /// The names of the enumerated types of the unit being compiled, by
    /// `IntKind::Enum` id, for diagnostics (`enum e`, `enum <anonymous>`).
    static ENUM_NAMES: std::cell::RefCell<std::collections::HashMap<u32, Rc<str>>> =
        Default::default();
}

/// Names the enumerated type `id` (`enum e`) in diagnostics.
pub fn name_enum(id: u32, name: Rc<str>) {
    ENUM_NAMES.with(|names| names.borrow_mut().insert(id, name));
}

fn enum_name(id: u32) -> String {
    ENUM_NAMES
        .with(|names| names.borrow().get(&id).map(|n| n.to_string()))
        .unwrap_or_else(|| "enum <anonymous>".into())
}

/// What tells apart C's integer types of one size and signedness, which
/// kit represents alike: `char` from `signed char`, `long long` from
/// `long`. They are distinct types (for `_Generic`, compatibility and
/// diagnostics), with the same layout and code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntKind {
    Standard,
    /// Plain `char` (signed on x86-64, but not `signed char`).
    PlainChar,
    LongLong,
    /// C11's `_Atomic` integer: every access is atomic (lower.rs,
    /// atomic.rs); its value, once read, has the plain type.
    Atomic,
    /// `_Atomic _Bool`: one byte, stored as a `_Bool` is (0 or 1).
    AtomicBool,
    /// The lanes of a vector comparison's result, gcc's "opaque" vector:
    /// it stands for any vector type of its size (`__m128i m = a < b`
    /// with `double` lanes). A lane read from it is a plain integer.
    Mask,
    /// gcc's type of a bit-field of more than 32 bits declared with a
    /// 64-bit type (`unsigned long long x:40`): its value has that many
    /// bits, and arithmetic in it wraps there (held sign- or
    /// zero-extended in 64 bits; see lower.rs `wrap_bits`).
    Bits(u8),
    /// An enumerated type, told by its definition's offset in the unit:
    /// compatible with the integer type of its size and signedness, not
    /// with another enumerated type (6.7.2.2p4, 6.2.7p1). Its values
    /// promote to that integer type.
    Enum(u32),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionType {
    pub ret: Type,
    pub params: Vec<Type>,
    pub variadic: bool,
    /// `int f()`: no prototype, any arguments.
    pub unprototyped: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: Option<Rc<str>>,
    pub ty: Type,
    /// Bytes from the start of the record; for a bit-field, of the
    /// storage unit (an object of `ty`) that holds it.
    pub offset: u64,
    pub bits: Option<BitField>,
    /// Which levels of the member are const (`decl::readonly_levels`).
    pub readonly: u64,
}

/// Where a bit-field sits in its storage unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitField {
    /// Bits from the unit's least significant bit (x86-64 is little-endian).
    pub shift: u32,
    pub width: u32,
    /// The unit's size in bytes: the declared type's, or for a packed
    /// field that straddles one, the load (1, 2, 4 or 8 bytes) covering
    /// it; at a packed record's end, just the field's bytes (see
    /// `fit_unit`).
    pub unit: u8,
}

impl BitField {
    /// The integer type of the unit, with the declared type's signedness.
    pub fn unit_type(&self, declared: &Type) -> Type {
        Type::Int {
            size: self.unit,
            signed: declared.is_signed(),
            kind: IntKind::Standard,
        }
    }
}

/// A member as declared: name, type, bit-field width, and the alignment
/// its `packed`/`aligned` attributes give it (None: the type's).
pub type MemberDecl = (Option<Rc<str>>, Type, Option<u32>, Option<u64>);

/// What `__attribute__((packed))` and `((aligned(N)))` on a struct or
/// union ask of its layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordAttributes {
    pub packed: bool,
    pub aligned: Option<u64>,
    /// The alignment was written as C11's `_Alignas`, which typedefs,
    /// bit-fields, functions, parameters and `register` objects may not
    /// have (6.7.5p2); GNU's `aligned` has no such rule.
    pub alignas: bool,
    /// The strictest `_Alignas` asked, which may not be less than the
    /// declared type's own alignment (6.7.5p4).
    pub alignas_least: Option<u64>,
    /// The `#pragma pack(N)` cap in force where the record is defined:
    /// gcc then packs its bit-fields bit by bit, at any N.
    pub pack: Option<u64>,
    /// `transparent_union` (see `Record::transparent`).
    pub transparent: bool,
}

/// A struct or union, laid out. A forward declaration (`struct s;`, or a
/// use of the tag inside its own definition) is a record with
/// `incomplete` set whose `completion` the later definition fills, so
/// pointers taken before the definition see its members. Records are the
/// same type when their ids are (the forward and the definition share one).
#[derive(Clone)]
pub struct Record {
    pub id: u32,
    pub tag: Option<Rc<str>>,
    pub fields: Vec<Field>,
    pub size: u64,
    pub align: u64,
    /// A union (every member at offset 0).
    pub union: bool,
    /// Declared but not defined (`struct s;`).
    pub incomplete: bool,
    pub completion: std::cell::OnceCell<Rc<Record>>,
    /// GNU's `transparent_union`: a parameter of this union type takes
    /// an argument of any member's type, passed as the union (glibc's
    /// socket functions declare `__SOCKADDR_ARG` so under _GNU_SOURCE).
    pub transparent: bool,
}

impl Record {
    /// The definition, once there is one.
    pub fn get(&self) -> &Record {
        self.completion.get().map_or(self, |r| r)
    }

    pub fn fresh_id() -> u32 {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }
}

impl PartialEq for Record {
    fn eq(&self, other: &Record) -> bool {
        self.id == other.id
    }
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "struct {}#{}",
            self.tag.as_deref().unwrap_or("<anonymous>"),
            self.id
        )
    }
}

pub const INT: Type = Type::Int {
    size: 4,
    signed: true,
    kind: IntKind::Standard,
};
pub const UINT: Type = Type::Int {
    size: 4,
    signed: false,
    kind: IntKind::Standard,
};
pub const LONG: Type = Type::Int {
    size: 8,
    signed: true,
    kind: IntKind::Standard,
};
pub const ULONG: Type = Type::Int {
    size: 8,
    signed: false,
    kind: IntKind::Standard,
};
pub const CHAR: Type = Type::Int {
    size: 1,
    signed: true,
    kind: IntKind::PlainChar,
};

impl Type {
    /// What `sizeof` gives: the size, but 1 for a function type, as in
    /// GNU C (whose functions step by a byte).
    pub fn sizeof(&self) -> Option<u64> {
        match self {
            Type::Function(_) => Some(1),
            _ => self.size(),
        }
    }

    pub fn size(&self) -> Option<u64> {
        Some(match self {
            Type::Void => 1,
            Type::Bool => 1,
            Type::Int { size, .. } => u64::from(*size),
            Type::Float => 4,
            Type::Double => 8,
            Type::LongDouble => 16,
            Type::Complex(part) => 2 * part.size()?,
            Type::Pointer(_) | Type::Function(_) => 8,
            Type::Array(elem, Some(n)) => elem.size()? * n,
            Type::Array(_, None) | Type::Vla(..) => return None,
            Type::Struct(r) if r.get().incomplete => return None,
            Type::Struct(r) => r.get().size,
            Type::Atomic(t) => t.size()?,
            Type::Vector(lane, lanes) => lane.size()? * lanes,
            Type::Unsupported(_) => return None,
        })
    }

    /// Why an object of this type has no size when kit refuses its
    /// element type by name (`_Float16 a[3]`): "type _Float16 is not
    /// supported yet", not the incomplete type gcc would mean.
    pub fn unsupported_refusal(&self) -> Option<String> {
        match self {
            Type::Unsupported(t) => Some(format!("type {t} is not supported yet")),
            Type::Array(elem, _) | Type::Vla(elem, _) => elem.unsupported_refusal(),
            _ => None,
        }
    }

    pub fn align(&self) -> u64 {
        match self {
            Type::Array(elem, _) | Type::Vla(elem, _) | Type::Complex(elem) => elem.align(),
            Type::Struct(r) => r.get().align,
            // gcc aligns an atomic object to its size, as the locked
            // instructions want (`_Atomic struct { short a, b; }`: 4).
            Type::Atomic(t) => t.align().max(self.size().unwrap_or(1)),
            // gcc aligns a vector to its size, at most 16 without AVX.
            Type::Vector(..) => self.size().unwrap_or(1).min(16),
            other => other.size().unwrap_or(1).clamp(1, 16),
        }
    }

    /// Whether this is an `_Atomic` type.
    pub fn is_atomic(&self) -> bool {
        matches!(
            self,
            Type::Atomic(_)
                | Type::Int {
                    kind: IntKind::Atomic | IntKind::AtomicBool,
                    ..
                }
        )
    }

    /// The type without `_Atomic` (what a read of the object yields).
    pub fn unatomic(&self) -> Type {
        match self {
            Type::Int {
                kind: IntKind::AtomicBool,
                ..
            } => Type::Bool,
            Type::Int {
                size,
                signed,
                kind: IntKind::Atomic,
            } => Type::Int {
                size: *size,
                signed: *signed,
                kind: IntKind::Standard,
            },
            Type::Atomic(t) => (**t).clone(),
            other => other.clone(),
        }
    }

    /// The bits an integer type's values have (a wide bit-field's width).
    pub fn precision(&self) -> u32 {
        match self {
            Type::Int {
                kind: IntKind::Bits(width),
                ..
            } => u32::from(*width),
            Type::Bool => 1,
            other => 8 * other.size().unwrap_or(0) as u32,
        }
    }

    pub fn is_integer(&self) -> bool {
        matches!(self, Type::Int { .. } | Type::Bool)
    }

    pub fn is_float(&self) -> bool {
        matches!(self, Type::Float | Type::Double | Type::LongDouble)
    }

    pub fn is_arithmetic(&self) -> bool {
        self.is_integer() || self.is_float() || self.is_complex()
    }

    pub fn is_complex(&self) -> bool {
        matches!(self, Type::Complex(_))
    }

    /// gcc's `__builtin_classify_type` of a value of this type, after the
    /// default conversions (so every integer type is 1, an array or a
    /// function a pointer, 5): gcc's `enum type_class`.
    pub fn type_class(&self) -> i64 {
        match self {
            Type::Void | Type::Unsupported(_) => 0,
            Type::Bool | Type::Int { .. } => 1,
            Type::Pointer(_) | Type::Array(..) | Type::Vla(..) | Type::Function(_) => 5,
            Type::Float | Type::Double | Type::LongDouble => 8,
            Type::Complex(_) => 9,
            Type::Struct(r) if r.get().union => 13,
            Type::Struct(_) => 12,
            Type::Atomic(t) => t.type_class(),
            Type::Vector(..) => 19,
        }
    }

    /// Whether a value of this type is carried by its address, as structs
    /// are (and `_Complex long double`, 32 bytes, no one Cranelift value).
    pub fn in_memory(&self) -> bool {
        match self {
            Type::Struct(_) => true,
            Type::Complex(part) => **part == Type::LongDouble,
            Type::Atomic(t) => t.in_memory(),
            Type::Vector(..) => true,
            _ => false,
        }
    }

    pub fn is_vector(&self) -> bool {
        matches!(self, Type::Vector(..))
    }

    /// Whether a run-time array length is part of the type (an array of
    /// variable length, or a pointer to one).
    pub fn is_variably_modified(&self) -> bool {
        match self {
            Type::Vla(..) => true,
            Type::Array(elem, _) | Type::Pointer(elem) => elem.is_variably_modified(),
            _ => false,
        }
    }

    pub fn is_pointer(&self) -> bool {
        matches!(self, Type::Pointer(_))
    }

    pub fn is_scalar(&self) -> bool {
        self.is_arithmetic() || self.is_pointer()
    }

    pub fn is_signed(&self) -> bool {
        matches!(self, Type::Int { signed: true, .. })
    }

    /// What `*p` or `p[i]` reads for a pointer or array.
    pub fn pointee(&self) -> Option<&Type> {
        match self {
            Type::Pointer(t) | Type::Array(t, _) | Type::Vla(t, _) => Some(t),
            _ => None,
        }
    }

    /// The Cranelift type holding a scalar of this type.
    pub fn ir(&self) -> Option<IrType> {
        Some(match self {
            Type::Bool | Type::Int { size: 1, .. } => types::I8,
            Type::Int { size: 2, .. } => types::I16,
            Type::Int { size: 4, .. } => types::I32,
            Type::Int { size: 8, .. } => types::I64,
            Type::Int { size: 16, .. } => types::I128,
            Type::Float => types::F32,
            Type::Double => types::F64,
            // Its bits; the x87 helpers compute (see x87.rs).
            Type::LongDouble => types::I128,
            // The parts' bits, real part low.
            Type::Complex(part) if **part == Type::Float => types::I64,
            Type::Complex(part) if **part == Type::Double => types::I128,
            // GNU complex integers: both parts in one integer twice as wide.
            Type::Complex(part) if part.is_integer() && part.size()? <= 8 => {
                IrType::int_with_byte_size(2 * part.size()? as u16)?
            }
            Type::Pointer(_) | Type::Array(..) | Type::Function(_) => types::I64,
            // The plain type's, as a read yields it.
            Type::Atomic(t) => return t.ir(),
            _ => return None,
        })
    }

    /// Array and function types decay to pointers in expressions.
    pub fn decay(&self) -> Type {
        match self {
            Type::Array(elem, _) | Type::Vla(elem, _) => Type::Pointer(elem.clone()),
            Type::Function(_) => Type::Pointer(Rc::new(self.clone())),
            other => other.clone(),
        }
    }

    /// The type as C spells it (`int *`, `void (*)(float)`, `int[3]`).
    pub fn name(&self) -> String {
        self.spelled(String::new())
    }

    /// The type spelled around a declarator part `inner` (inside-out, as
    /// C declarators read).
    fn spelled(&self, inner: String) -> String {
        let base = match self {
            Type::Pointer(t) => {
                return match &**t {
                    Type::Array(..) | Type::Vla(..) | Type::Function(_) => {
                        t.spelled(format!("(*{inner})"))
                    }
                    _ => t.spelled(format!("*{inner}")),
                }
            }
            Type::Array(t, Some(n)) => return t.spelled(format!("{inner}[{n}]")),
            Type::Array(t, None) => return t.spelled(format!("{inner}[]")),
            Type::Vla(t, _) => return t.spelled(format!("{inner}[*]")),
            Type::Function(f) => {
                let mut params: Vec<String> = f.params.iter().map(Type::name).collect();
                if f.variadic {
                    params.push("...".into());
                } else if params.is_empty() && !f.unprototyped {
                    params.push("void".into());
                }
                return f.ret.spelled(format!("{inner}({})", params.join(", ")));
            }
            Type::Void => "void".into(),
            Type::Bool => "_Bool".into(),
            Type::Int { size, signed, kind } => {
                // gcc's spellings: `long int`, `short unsigned int`.
                let (base, unsigned) = match (size, kind) {
                    (1, _) => ("char", "unsigned char"),
                    (2, _) => ("short int", "short unsigned int"),
                    (4, _) => ("int", "unsigned int"),
                    (8, IntKind::LongLong) => ("long long int", "long long unsigned int"),
                    (8, _) => ("long int", "long unsigned int"),
                    _ => ("__int128", "__int128 unsigned"),
                };
                match (signed, kind) {
                    (_, IntKind::Enum(id)) => enum_name(*id),
                    (_, IntKind::Bits(width)) => {
                        let plain = Type::Int {
                            size: *size,
                            signed: *signed,
                            kind: IntKind::Standard,
                        };
                        format!("{}:{width}", plain.name())
                    }
                    (_, IntKind::Atomic | IntKind::AtomicBool) => {
                        let plain = self.unatomic().name();
                        format!("_Atomic {plain}")
                    }
                    (false, _) => unsigned.into(),
                    (true, IntKind::Standard | IntKind::Mask) if *size == 1 => "signed char".into(),
                    (true, _) => base.into(),
                }
            }
            Type::Float => "float".into(),
            Type::Double => "double".into(),
            Type::LongDouble => "long double".into(),
            Type::Complex(part) => format!("_Complex {}", part.name()),
            Type::Struct(r) => {
                let kind = if r.get().union { "union" } else { "struct" };
                format!("{kind} {}", r.tag.as_deref().unwrap_or("<anonymous>"))
            }
            // gcc's spelling: `int * _Atomic`, `_Atomic double`.
            Type::Atomic(t) if t.is_pointer() => return t.spelled(format!(" _Atomic{inner}")),
            Type::Atomic(t) => format!("_Atomic {}", t.name()),
            Type::Vector(lane, lanes) => format!("__vector({lanes}) {}", lane.name()),
            Type::Unsupported(what) => what.to_string(),
        };
        // gcc's spacing: `int *`, `void (*)(int)`, but `int[3]`, `void(int)`.
        if inner.is_empty()
            || inner.starts_with('[')
            || (inner.starts_with('(') && !inner.starts_with("(*"))
        {
            base + &inner
        } else {
            format!("{base} {inner}")
        }
    }
}

/// The System V x86-64 `va_list`: one `__va_list_tag`
/// `{ unsigned gp_offset, fp_offset; void *overflow_arg_area, *reg_save_area; }`.
pub fn va_list() -> Type {
    let void_ptr = Type::Pointer(Rc::new(Type::Void));
    let tag = layout(
        Some("__va_list_tag".into()),
        vec![
            (Some("gp_offset".into()), UINT, None, None),
            (Some("fp_offset".into()), UINT, None, None),
            (
                Some("overflow_arg_area".into()),
                void_ptr.clone(),
                None,
                None,
            ),
            (Some("reg_save_area".into()), void_ptr, None, None),
        ],
        false,
        RecordAttributes::default(),
    )
    .expect("fixed layout");
    Type::Array(Rc::new(Type::Struct(Rc::new(tag))), Some(1))
}

/// Whether two types are compatible (6.2.7): the same type, or arrays
/// and functions that differ only where one leaves a length or the
/// parameters unspecified. Lenient where kit's types cannot tell C types
/// apart (`long` and `long long`, `char` and `signed char`, qualifiers).
/// Whether a value of type `from` may stand where type `to` is wanted,
/// for a struct or vector: the same type, or a vector comparison's result
/// (see `IntKind::Mask`) and a vector of the same size.
pub fn takes_whole(to: &Type, from: &Type) -> bool {
    let opaque = |t: &Type| matches!(t, Type::Vector(lane, _) if matches!(**lane, Type::Int { kind: IntKind::Mask, .. }));
    to == from
        || (to.is_vector()
            && from.is_vector()
            && (opaque(to) || opaque(from))
            && to.size() == from.size())
}

pub fn compatible(a: &Type, b: &Type) -> bool {
    match (a, b) {
        (Type::Pointer(x), Type::Pointer(y)) => compatible(x, y),
        (Type::Array(x, n), Type::Array(y, m)) => {
            compatible(x, y) && (n.is_none() || m.is_none() || n == m)
        }
        (Type::Array(x, _) | Type::Vla(x, _), Type::Array(y, _) | Type::Vla(y, _)) => {
            compatible(x, y)
        }
        (Type::Function(f), Type::Function(g)) => {
            compatible(&f.ret, &g.ret)
                && (f.unprototyped
                    || g.unprototyped
                    || (f.variadic == g.variadic
                        && f.params.len() == g.params.len()
                        && f.params
                            .iter()
                            .zip(&g.params)
                            .all(|(p, q)| compatible(p, q))))
        }
        (Type::Unsupported(_), _) | (_, Type::Unsupported(_)) => true,
        (
            Type::Int {
                size,
                signed,
                kind: IntKind::Enum(e),
            },
            Type::Int {
                size: other_size,
                signed: other_signed,
                kind: other,
            },
        )
        | (
            Type::Int {
                size: other_size,
                signed: other_signed,
                kind: other,
            },
            Type::Int {
                size,
                signed,
                kind: IntKind::Enum(e),
            },
        ) => {
            (size, signed) == (other_size, other_signed)
                && match other {
                    IntKind::Enum(f) => e == f,
                    other => *other == IntKind::Standard,
                }
        }
        _ => a == b,
    }
}

/// The constraints of 6.7.2.1 on a member list: names unique (members of
/// anonymous structs and unions included), a flexible array member only
/// last in a struct with another named member.
/// Why a record cannot be laid out, and which member (by index) is at
/// fault, for the diagnostic's place.
#[derive(Debug)]
pub struct LayoutError {
    pub member: Option<usize>,
    pub message: String,
}

fn check_members(members: &[MemberDecl], union: bool) -> Result<(), LayoutError> {
    let mut seen = std::collections::HashSet::new();
    for (index, (name, ty, _, _)) in members.iter().enumerate() {
        let at = |message: String| LayoutError {
            member: Some(index),
            message,
        };
        let names: Vec<Rc<str>> = match (name, ty) {
            (Some(name), _) => vec![name.clone()],
            (None, Type::Struct(r)) => member_names(r.get()),
            (None, _) => Vec::new(),
        };
        if let Some(duplicate) = names.into_iter().find(|n| !seen.insert(n.clone())) {
            return Err(at(format!("duplicate member '{duplicate}'")));
        }
        // gcc's words, at the member's name.
        if matches!(ty, Type::Array(_, None)) {
            if union {
                return Err(at("flexible array member in union".into()));
            }
            if index + 1 != members.len() {
                return Err(at("flexible array member not at end of struct".into()));
            }
            if index == 0 {
                return Err(at(
                    "flexible array member in a struct with no named members".into(),
                ));
            }
        }
    }
    Ok(())
}

/// The names a record's members bring into the enclosing record: its own,
/// and those of its anonymous members.
fn member_names(r: &Record) -> Vec<Rc<str>> {
    r.fields
        .iter()
        .flat_map(|f| match (&f.name, &f.ty) {
            (Some(name), _) => vec![name.clone()],
            (None, Type::Struct(inner)) => member_names(inner.get()),
            (None, _) => Vec::new(),
        })
        .collect()
}

/// Lays out fields in order (struct) or all at offset 0 (union), as the
/// System V psABI and gcc do. Bit-fields fill a bit cursor: each sits in
/// an aligned unit of its declared type and never straddles one (unless
/// packed or under `#pragma pack`); an unnamed one only pads, `:0` moves
/// to the next unit (of the full alignment, packed or not, as in gcc),
/// and neither affects the record's alignment.
pub fn layout(
    tag: Option<Rc<str>>,
    members: Vec<MemberDecl>,
    union: bool,
    attributes: RecordAttributes,
) -> Result<Record, LayoutError> {
    check_members(&members, union)?;
    let packed = attributes.packed;
    let mut fields = Vec::new();
    // In bits, wide enough for records near 2^63 bytes.
    let mut bit = 0u128;
    let mut align = 1u64;
    let mut size = 0u64;
    for (index, (name, ty, width, member_align)) in members.into_iter().enumerate() {
        let shown = || name.as_deref().unwrap_or("<anonymous>").to_owned();
        let at = |message: String| LayoutError {
            member: Some(index),
            message,
        };
        if let Some(width) = width {
            // `packed` on the record or the member, or any `#pragma
            // pack` (gcc drops its rule against straddling a unit then).
            let packed = packed || member_align == Some(1);
            let bitwise = packed || attributes.pack.is_some();
            // `aligned(N)` on a bit-field starts it at a multiple of N
            // bytes (at most the `#pragma pack`), and the record is as
            // aligned, as gcc lays it out.
            if let Some(wanted) = member_align.filter(|&n| n > 1) {
                let aligned = wanted.min(attributes.pack.unwrap_or(u64::MAX));
                if !union {
                    let unit_bits = 8 * u128::from(aligned);
                    bit = bit.div_ceil(unit_bits) * unit_bits;
                }
                align = align.max(aligned);
            }
            let placed = place_bit_field(&ty, width, if union { 0 } else { bit }, bitwise)
                .map_err(|m| at(format!("bit-field '{}' {m}", shown())))?;
            let Some((unit, field_bits)) = placed else {
                // `:0`: the next field starts in a new unit, and the
                // record reaches it (`struct { char a; int : 0; }` has 4
                // bytes, as in gcc).
                if !union {
                    let unit_bits = 8 * u128::from(ty.align());
                    bit = bit.div_ceil(unit_bits) * unit_bits;
                    size = size.max((bit / 8) as u64);
                }
                continue;
            };
            let end = u128::from(unit) * 8 + u128::from(field_bits.shift + field_bits.width);
            if name.is_some() {
                let cap = attributes.pack.unwrap_or(u64::MAX);
                align = align.max(if packed { 1 } else { ty.align().min(cap) });
                fields.push(Field {
                    readonly: 0,
                    name,
                    ty,
                    offset: unit,
                    bits: Some(field_bits),
                });
            }
            size = size.max(end.div_ceil(8) as u64);
            if !union {
                bit = end;
            }
            continue;
        }
        let field_size = match (&ty, ty.size()) {
            (_, Some(s)) => s,
            (Type::Array(_, None), _) => 0, // flexible array member
            (_, None) => return Err(at(format!("field '{}' has incomplete type", shown()))),
        };
        let field_align = member_align.unwrap_or(if packed { 1 } else { ty.align() });
        align = align.max(field_align);
        let at = if union {
            0
        } else {
            (bit.div_ceil(8) as u64).div_ceil(field_align) * field_align
        };
        fields.push(Field {
            readonly: 0,
            name,
            ty,
            offset: at,
            bits: None,
        });
        let end = at
            .checked_add(field_size)
            .filter(|&end| end <= i64::MAX as u64)
            .ok_or_else(|| {
                let kind = if union { "union" } else { "struct" };
                let tag = tag.as_deref().unwrap_or("<anonymous>");
                LayoutError {
                    member: None,
                    message: format!("type '{kind} {tag}' is too large"),
                }
            })?;
        size = size.max(end);
        if !union {
            bit = u128::from(end) * 8;
        }
    }
    let align = align.max(attributes.aligned.unwrap_or(1));
    let size = size.div_ceil(align) * align;
    for field in &mut fields {
        if let Some(bits) = &mut field.bits {
            fit_unit(&mut field.offset, bits, size);
        }
    }
    Ok(Record {
        id: Record::fresh_id(),
        tag,
        fields,
        size,
        align,
        union,
        incomplete: false,
        completion: std::cell::OnceCell::new(),
        transparent: union && attributes.transparent,
    })
}

/// A bit-field whose unit would reach past the end of a (packed) record
/// of `record_size` bytes gets a unit of just the bytes it occupies, which
/// bitfield.rs reads and writes piece by piece: no access leaves the
/// object.
fn fit_unit(offset: &mut u64, bits: &mut BitField, record_size: u64) {
    if *offset + u64::from(bits.unit) <= record_size {
        return;
    }
    let first = *offset + u64::from(bits.shift / 8);
    let last = *offset + u64::from((bits.shift + bits.width - 1) / 8);
    bits.shift -= 8 * (first - *offset) as u32;
    bits.unit = (last - first + 1) as u8;
    *offset = first;
}

/// A bit-field of `width` bits whose earliest place is `bit`: the byte
/// offset of its storage unit and its place there (None for `:0`).
fn place_bit_field(
    ty: &Type,
    width: u32,
    bit: u128,
    packed: bool,
) -> Result<Option<(u64, BitField)>, String> {
    if !ty.is_integer() {
        return Err(format!("has invalid type '{}'", ty.name()));
    }
    let unit_bits = 8 * u128::from(ty.size().unwrap_or(0));
    if u128::from(width) > unit_bits {
        return Err("width exceeds its type".into());
    }
    if width == 0 {
        return Ok(None);
    }
    let mut start = bit;
    let straddles = start / unit_bits != (start + u128::from(width) - 1) / unit_bits;
    if straddles && packed {
        return Ok(Some(place_packed_bit_field(width, bit)));
    }
    if straddles {
        start = start.div_ceil(unit_bits) * unit_bits;
    }
    let unit = start / unit_bits * unit_bits;
    Ok(Some((
        (unit / 8) as u64,
        BitField {
            shift: (start - unit) as u32,
            width,
            unit: (unit_bits / 8) as u8,
        },
    )))
}

/// A packed bit-field that straddles a unit of its type, at exactly `bit`
/// (gcc packs them bit by bit): its unit is the smallest load of 1, 2, 4,
/// 8 or 16 bytes that covers its bytes, ending at its last byte where the
/// record allows (so the load stays inside the record).
fn place_packed_bit_field(width: u32, bit: u128) -> (u64, BitField) {
    let (first, last) = (bit / 8, (bit + u128::from(width) - 1) / 8);
    let span = last - first + 1;
    // A 64-bit field at an odd bit spans 9 bytes: a 16-byte unit.
    let unit = [1u128, 2, 4, 8, 16]
        .into_iter()
        .find(|&u| u >= span)
        .expect("a field of at most 64 bits spans at most 9 bytes");
    let at = (last + 1).saturating_sub(unit).min(first);
    (
        at as u64,
        BitField {
            shift: (bit - at * 8) as u32,
            width,
            unit: unit as u8,
        },
    )
}

/// A member's offset, type and (for a bit-field) place in its unit,
/// looking into anonymous members too.
pub fn find_member(record: &Record, name: &str) -> Option<(u64, Type, Option<BitField>)> {
    for f in &record.get().fields {
        match (&f.name, &f.ty) {
            (Some(n), ty) if &**n == name => return Some((f.offset, ty.clone(), f.bits)),
            (None, Type::Struct(inner)) => {
                if let Some((offset, ty, bits)) = find_member(inner, name) {
                    return Some((f.offset + offset, ty, bits));
                }
            }
            _ => {}
        }
    }
    None
}

/// The record whose member `base.m` (`direct`) or `base->m` names.
pub fn member_record(direct: bool, base: &Type) -> Option<Rc<Record>> {
    match (direct, base.decay().unatomic()) {
        (true, Type::Struct(r)) => Some(r),
        (false, Type::Pointer(p)) => match p.unatomic() {
            Type::Struct(r) => Some(r),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the member `m` names, in a record reached through `base` (the
/// type of `m`'s operand), is a bit-field.
pub fn names_bit_field(m: &lang_c::ast::MemberExpression, base: &Type) -> bool {
    let direct = m.operator.node == lang_c::ast::MemberOperator::Direct;
    let Some(record) = member_record(direct, base) else {
        return false;
    };
    let name = &m.identifier.node.name;
    find_member(&record, name).is_some_and(|(_, _, bits)| bits.is_some())
}

/// A member's offset and type; a bit-field is not addressable, so it is
/// not found here.
pub fn find_field(record: &Record, name: &str) -> Option<(u64, Type)> {
    match find_member(record, name)? {
        (offset, ty, None) => Some((offset, ty)),
        (_, _, Some(_)) => None,
    }
}

/// Pointers assignable to each other: to compatible types, or either one
/// `void *`. Integers differing only in signedness (`char *` and
/// `unsigned char *`) pass too: gcc only warns under -Wpointer-sign.
pub fn pointers_assignable(to: &Type, from: &Type) -> bool {
    match (to.pointee(), from.pointee()) {
        (Some(Type::Void), _) | (_, Some(Type::Void)) => true,
        (Some(a), Some(b)) if a.is_atomic() != b.is_atomic() => false,
        // Another signedness is gcc's -Wpointer-sign (a warning), but two
        // enumerated types are incompatible.
        (
            Some(Type::Int {
                size: a,
                kind: IntKind::Enum(e),
                ..
            }),
            Some(Type::Int {
                size: b,
                kind: IntKind::Enum(f),
                ..
            }),
        ) => a == b && e == f,
        // `long` and `long long` are distinct types of one size.
        (
            Some(Type::Int {
                size: a, kind: k, ..
            }),
            Some(Type::Int {
                size: b, kind: l, ..
            }),
        ) => a == b && (*k == IntKind::LongLong) == (*l == IntKind::LongLong),
        (Some(a), Some(b)) => compatible(a, b),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struct_layout_follows_the_psabi() {
        let r = layout(
            None,
            vec![
                (Some("c".into()), CHAR, None, None),
                (Some("l".into()), LONG, None, None),
                (Some("i".into()), INT, None, None),
            ],
            false,
            RecordAttributes::default(),
        )
        .unwrap();
        assert_eq!(
            r.fields.iter().map(|f| f.offset).collect::<Vec<_>>(),
            [0, 8, 16]
        );
        assert_eq!((r.size, r.align), (24, 8));
        let u = layout(
            None,
            vec![(None, CHAR, None, None), (None, Type::Double, None, None)],
            true,
            RecordAttributes::default(),
        )
        .unwrap();
        assert_eq!((u.size, u.align), (8, 8));
        let p = layout(
            None,
            vec![(None, CHAR, None, None), (None, INT, None, None)],
            false,
            RecordAttributes {
                packed: true,
                ..RecordAttributes::default()
            },
        )
        .unwrap();
        assert_eq!(p.size, 5);
    }
}
