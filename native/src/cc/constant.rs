//! Constant expressions (C11 6.6) evaluated with their C types: each
//! operation converts its operands as C does (integer promotions, the usual
//! arithmetic conversions) and wraps its result to the result's width, so
//! `-1u > 0` is 1 and `0xFFFFFFFFu + 1` is 0. Floating constants take part
//! where a cast turns them into integers (`(int)2.5`), as gcc allows.

use lang_c::ast::*;
use lang_c::span::Node;

use super::decl::{char_type, char_value, integer_type, integer_value, Error, Result, Scopes};
use super::long_double as ld;
use super::types::{self, IntKind, Type};

/// A constant's value and type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Const {
    /// An integer: its value, already wrapped to its type (zero-extended
    /// if unsigned, sign-extended if signed), and the type.
    Int { value: i64, size: u8, signed: bool },
    /// A `double`.
    Float(f64),
    /// A `float`: its arithmetic is done in float, as C's is.
    Single(f32),
    /// A `long double`'s bits (see long_double.rs).
    LongDouble(ld::Bits),
    /// A complex value's real and imaginary parts.
    Complex(f64, f64),
    /// A `long double _Complex` value's parts, as long doubles' bits.
    LongComplex(ld::Bits, ld::Bits),
    /// A `float _Complex` value's parts.
    SingleComplex(f32, f32),
    /// A pointer (`(int *)16`, `(char *)0 + 4`): its address, and the
    /// size of what it points to, which scales an integer added to it and
    /// divides the difference of two pointers.
    Pointer { address: u64, step: u64 },
}

impl Const {
    fn int(value: i64) -> Const {
        Const::Int {
            value,
            size: 4,
            signed: true,
        }
    }

    /// `value` converted to the integer type `size`/`signed`.
    fn wrapped(value: i64, size: u8, signed: bool) -> Const {
        let bits = u32::from(size) * 8;
        let value = if bits >= 64 {
            value
        } else if signed {
            (value << (64 - bits)) >> (64 - bits)
        } else {
            value & ((1i64 << bits) - 1)
        };
        Const::Int {
            value,
            size,
            signed,
        }
    }

    /// The value as an i64 (a float truncated toward zero).
    pub fn as_i64(self) -> i64 {
        match self {
            Const::Int { value, .. } => value,
            Const::Pointer { address, .. } => address as i64,
            Const::Float(f) | Const::Complex(f, _) => f as i64,
            Const::Single(f) | Const::SingleComplex(f, _) => f as i64,
            Const::LongDouble(x) | Const::LongComplex(x, _) => ld::to_i64(x, 64),
        }
    }

    /// The value as a double (what a floating static initializer holds).
    pub fn as_f64(self) -> f64 {
        match self {
            Const::Int {
                value,
                signed: false,
                size: 8,
            } => value as u64 as f64,
            Const::Int { value, .. } => value as f64,
            Const::Pointer { address, .. } => address as f64,
            Const::Float(f) | Const::Complex(f, _) => f,
            Const::Single(f) | Const::SingleComplex(f, _) => f64::from(f),
            Const::LongDouble(x) | Const::LongComplex(x, _) => ld::to_f64(x),
        }
    }

    /// Whether the value is an integer or a pointer.
    pub fn is_integer(self) -> bool {
        matches!(self, Const::Int { .. } | Const::Pointer { .. })
    }

    /// The value as a float, rounded once.
    pub fn as_f32(self) -> f32 {
        match self {
            Const::Single(f) => f,
            Const::LongDouble(x) | Const::LongComplex(x, _) => ld::to_f32(x),
            other => other.as_f64() as f32,
        }
    }

    /// The value as complex parts.
    pub fn as_complex(self) -> (f64, f64) {
        match self {
            Const::Complex(re, im) => (re, im),
            Const::LongComplex(re, im) => (ld::to_f64(re), ld::to_f64(im)),
            Const::SingleComplex(re, im) => (f64::from(re), f64::from(im)),
            real => (real.as_f64(), 0.0),
        }
    }

    /// The value as complex parts of long double precision.
    pub fn as_long_complex(self) -> (ld::Bits, ld::Bits) {
        match self {
            Const::LongComplex(re, im) => (re, im),
            Const::Complex(re, im) => (ld::from_f64(re), ld::from_f64(im)),
            Const::SingleComplex(re, im) => (ld::from_f64(re.into()), ld::from_f64(im.into())),
            real => (real.as_long_double(), 0),
        }
    }

    /// The value as a long double's bits.
    pub fn as_long_double(self) -> ld::Bits {
        match self {
            Const::Int {
                value,
                signed: false,
                size: 8,
            } => ld::from_u64(value as u64),
            Const::Int { value, .. } => ld::from_i64(value),
            Const::Pointer { address, .. } => ld::from_u64(address),
            Const::Float(f) | Const::Complex(f, _) => ld::from_f64(f),
            Const::Single(f) | Const::SingleComplex(f, _) => ld::from_f64(f64::from(f)),
            Const::LongDouble(x) | Const::LongComplex(x, _) => x,
        }
    }

    fn is_true(self) -> bool {
        match self {
            Const::Int { value, .. } => value != 0,
            Const::Pointer { address, .. } => address != 0,
            Const::Float(f) => f != 0.0,
            Const::Single(f) => f != 0.0,
            Const::Complex(re, im) => re != 0.0 || im != 0.0,
            Const::LongDouble(x) => !ld::is_zero(x),
            Const::LongComplex(re, im) => !ld::is_zero(re) || !ld::is_zero(im),
            Const::SingleComplex(re, im) => re != 0.0 || im != 0.0,
        }
    }

    /// Converted to `ty` (a cast, or an operand's conversion).
    pub(super) fn to_type(self, ty: &Type) -> Const {
        match ty {
            Type::Float => Const::Single(self.as_f32()),
            Type::Double => Const::Float(self.as_f64()),
            Type::LongDouble => Const::LongDouble(self.as_long_double()),
            Type::Complex(part) => {
                // Each part converted as a real value is (a complex
                // integer's parts are integers, saturated).
                let (re, im) = complex_parts(self).unwrap_or((self, Const::int(0)));
                from_parts(re.to_type(part), im.to_type(part))
            }
            Type::Bool => Const::Int {
                value: i64::from(self.is_true()),
                size: 1,
                signed: false,
            },
            Type::Int { size, signed, .. } => {
                // An out-of-range floating value saturates at the type's
                // limits, and NaN is 0, as gcc folds them (and as kit's
                // conversions at run time give).
                let bits = (usize::from(*size) * 8).min(64);
                let value = match self {
                    Const::Float(f) | Const::Complex(f, _) => saturated(f, bits, *signed),
                    Const::Single(f) | Const::SingleComplex(f, _) => {
                        saturated(f64::from(f), bits, *signed)
                    }
                    Const::LongDouble(x) | Const::LongComplex(x, _) if *signed => {
                        ld::to_i64(x, bits)
                    }
                    Const::LongDouble(x) | Const::LongComplex(x, _) => ld::to_u64(x, bits) as i64,
                    Const::Int { value, .. } => value,
                    Const::Pointer { address, .. } => address as i64,
                };
                Const::wrapped(value, *size, *signed)
            }
            Type::Pointer(pointee) => Const::Pointer {
                address: self.to_type(&types::ULONG).as_i64() as u64,
                step: step_of(pointee),
            },
            // An array or function type names no value of its own.
            _ => self.to_type(&types::ULONG),
        }
    }

    /// The integer promotions: anything narrower than int becomes int.
    fn promoted(self) -> Const {
        match self {
            Const::Int { size, .. } if size < 4 => self.to_type(&types::INT),
            other => other,
        }
    }
}

/// `__builtin_inf()`, `__builtin_huge_val()`, `__builtin_nan("payload")`
/// and `__builtin_nans("payload")` (and their `f` and `l` forms) called
/// with `args`: the constant. None for a payload gcc does not fold (not a
/// string literal, or not a number): `nan` is then a call of the C
/// library's function.
pub fn special_value(name: &str, args: &[Node<Expression>]) -> Option<Const> {
    const FAMILIES: [&str; 4] = ["inf", "huge_val", "nan", "nans"];
    let base = name.strip_prefix("__builtin_")?;
    let (family, format) = match base.split_at(base.len().saturating_sub(1)) {
        _ if FAMILIES.contains(&base) => (base, FloatEncoding::Double),
        (family, "f") if FAMILIES.contains(&family) => (family, FloatEncoding::Single),
        (family, "l") if FAMILIES.contains(&family) => (family, FloatEncoding::Extended),
        _ => return None,
    };
    let bits = match (family, args) {
        ("inf" | "huge_val", []) => format.infinity(),
        ("nan" | "nans", [tag]) => format.nan(nan_payload(tag)?, family == "nan"),
        _ => return None,
    };
    Some(format.constant(bits))
}

/// The binary floating formats of `float`, `double` and `long double`.
#[derive(Clone, Copy)]
enum FloatEncoding {
    Single,
    Double,
    /// x87 extended: an explicit integer bit above 63 fraction bits.
    Extended,
}

impl FloatEncoding {
    /// Fraction bits (below the implicit or explicit integer bit).
    fn fraction_bits(self) -> u32 {
        match self {
            FloatEncoding::Single => 23,
            FloatEncoding::Double => 52,
            FloatEncoding::Extended => 63,
        }
    }

    /// The bits of a value of the top exponent and this fraction.
    fn special(self, fraction: u128) -> u128 {
        match self {
            FloatEncoding::Single => 0xff << 23 | fraction,
            FloatEncoding::Double => 0x7ff << 52 | fraction,
            FloatEncoding::Extended => 0x7fff << 64 | 1 << 63 | fraction,
        }
    }

    fn infinity(self) -> u128 {
        self.special(0)
    }

    /// A NaN carrying `payload` in its fraction, as gcc encodes one: the
    /// payload's low bits, the quiet bit (the fraction's top bit) set or
    /// cleared, and a signaling NaN with nothing left given the bit below
    /// it, since a zero fraction would be infinity.
    fn nan(self, payload: u128, quiet: bool) -> u128 {
        let quiet_bit = 1u128 << (self.fraction_bits() - 1);
        let mut fraction = payload & ((1 << self.fraction_bits()) - 1);
        if quiet {
            fraction |= quiet_bit;
        } else {
            fraction &= !quiet_bit;
        }
        if fraction == 0 {
            fraction = quiet_bit >> 1;
        }
        self.special(fraction)
    }

    fn constant(self, bits: u128) -> Const {
        match self {
            FloatEncoding::Single => Const::Single(f32::from_bits(bits as u32)),
            FloatEncoding::Double => Const::Float(f64::from_bits(bits as u64)),
            FloatEncoding::Extended => Const::LongDouble(bits),
        }
    }
}

/// The payload a NaN builtin's argument names, read as gcc reads it (its
/// `real_nan`): a string literal holding, after blanks and a sign (which
/// is ignored), a decimal, octal (`0...`) or hexadecimal (`0x...`) number,
/// wrapping past 128 bits; an empty string is 0. None otherwise.
fn nan_payload(tag: &Node<Expression>) -> Option<u128> {
    let Expression::StringLiteral(pieces) = &tag.node else {
        return None;
    };
    let (bytes, ty) = super::init::string_literal(&pieces.node)?;
    if ty != types::CHAR {
        return None;
    }
    let text = &bytes[..bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len())];
    let text = text.trim_ascii_start();
    let text = text
        .strip_prefix(b"-")
        .or(text.strip_prefix(b"+"))
        .unwrap_or(text);
    let (base, digits) = match text {
        [b'0', b'x' | b'X', rest @ ..] => (16, rest),
        [b'0', rest @ ..] => (8, rest),
        _ => (10, text),
    };
    digits.iter().try_fold(0u128, |value, &digit| {
        let digit = char::from(digit).to_digit(base)?;
        Some(
            value
                .wrapping_mul(u128::from(base))
                .wrapping_add(u128::from(digit)),
        )
    })
}

/// The sign of the NaN gcc's folding gives for an invalid operation (0 *
/// inf, 0 / 0, inf - inf): the operands' signs combined for `*` and `/`,
/// positive for `+` and `-`. (The processor's default NaN, which an
/// operation at run time gives, is negative.)
fn invalid_sign(op: &BinaryOperator, x_negative: bool, y_negative: bool) -> bool {
    matches!(op, BinaryOperator::Multiply | BinaryOperator::Divide) && x_negative != y_negative
}

/// A complex value's parts as real constants.
fn complex_parts(c: Const) -> Option<(Const, Const)> {
    match c {
        Const::Complex(re, im) => Some((Const::Float(re), Const::Float(im))),
        Const::LongComplex(re, im) => Some((Const::LongDouble(re), Const::LongDouble(im))),
        Const::SingleComplex(re, im) => Some((Const::Single(re), Const::Single(im))),
        _ => None,
    }
}

/// A complex value of its parts' type (a complex integer's are held as
/// doubles).
fn from_parts(re: Const, im: Const) -> Const {
    match (re, im) {
        (Const::LongDouble(re), Const::LongDouble(im)) => Const::LongComplex(re, im),
        (Const::Single(re), Const::Single(im)) => Const::SingleComplex(re, im),
        (re, im) => Const::Complex(re.as_f64(), im.as_f64()),
    }
}

/// Annex G's arithmetic of a real and a complex operand (of the complex
/// type `ty`), when one is real: the real one is not made complex, so
/// `x - (a + bi)` is `(x - a) - bi`, keeping the sign of a zero `b`, and
/// `x * (a + bi)` is `xa + xbi`, with no `0 * inf`. A complex divisor
/// divides as complexes do. None: not such an operation.
fn real_and_complex(op: &BinaryOperator, l: Const, r: Const, ty: &Type) -> Option<Option<Const>> {
    use BinaryOperator as B;
    let Type::Complex(part) = ty else {
        return None;
    };
    let (re, im) = match (complex_parts(l), complex_parts(r), op) {
        (None, Some((a, b)), B::Plus) => (binary(op, l, a), Some(b)),
        (None, Some((a, b)), B::Minus) => (binary(op, l, a), negated(b)),
        (None, Some((a, b)), B::Multiply) => (binary(op, l, a), binary(op, l, b)),
        (Some((a, b)), None, B::Plus | B::Minus) => (binary(op, a, r), Some(b)),
        (Some((a, b)), None, B::Multiply | B::Divide) => (binary(op, a, r), binary(op, b, r)),
        _ => return None,
    };
    let (Some(re), Some(im)) = (re, im) else {
        return Some(None);
    };
    Some(Some(from_parts(re.to_type(part), im.to_type(part))))
}

/// `-x` of a real constant.
fn negated(x: Const) -> Option<Const> {
    Some(match x {
        Const::Float(f) => Const::Float(-f),
        Const::Single(f) => Const::Single(-f),
        Const::LongDouble(x) => Const::LongDouble(ld::negate(x)),
        _ => return None,
    })
}

/// `f` truncated to an integer of `bits` bits, saturated at its limits
/// (NaN is 0), as its bits in an i64.
pub(super) fn saturated(f: f64, bits: usize, signed: bool) -> i64 {
    match (bits, signed) {
        (8, true) => i64::from(f as i8),
        (16, true) => i64::from(f as i16),
        (32, true) => i64::from(f as i32),
        (_, true) => f as i64,
        (8, false) => i64::from(f as u8),
        (16, false) => i64::from(f as u16),
        (32, false) => i64::from(f as u32),
        (_, false) => f as u64 as i64,
    }
}

/// `(a + bi) op (c + di)`, each real operation folded as such (its
/// precision, gcc's NaNs). Products and quotients of finite `double` and
/// `float` parts are folded as gcc folds them (see `exact_complex`); of
/// `long double` parts or non-finite ones by the textbook formulas, which
/// may differ from gcc's in the last bit.
fn complex_arith(
    op: &BinaryOperator,
    (a, b): (Const, Const),
    (c, d): (Const, Const),
) -> Option<Const> {
    use BinaryOperator as B;
    if let Some(exact) = exact_complex(op, [a, b, c, d]) {
        return Some(exact);
    }
    let f = |op: B, x: Const, y: Const| binary(&op, x, y);
    let (re, im) = match op {
        B::Plus => (f(B::Plus, a, c)?, f(B::Plus, b, d)?),
        B::Minus => (f(B::Minus, a, c)?, f(B::Minus, b, d)?),
        B::Multiply => (
            f(B::Minus, f(B::Multiply, a, c)?, f(B::Multiply, b, d)?)?,
            f(B::Plus, f(B::Multiply, a, d)?, f(B::Multiply, b, c)?)?,
        ),
        B::Divide => {
            let n = f(B::Plus, f(B::Multiply, c, c)?, f(B::Multiply, d, d)?)?;
            let re = f(B::Plus, f(B::Multiply, a, c)?, f(B::Multiply, b, d)?)?;
            let im = f(B::Minus, f(B::Multiply, b, c)?, f(B::Multiply, a, d)?)?;
            (f(B::Divide, re, n)?, f(B::Divide, im, n)?)
        }
        B::Equals | B::NotEquals => {
            let same = f(B::Equals, a, c)?.is_true() && f(B::Equals, b, d)?.is_true();
            return Some(Const::int(i64::from(same == matches!(op, B::Equals))));
        }
        _ => return None,
    };
    Some(from_parts(re, im))
}

/// `(a + bi) * (c + di)` or `/` of finite `double` or `float` parts, as
/// gcc folds them with MPC: each part of the exact result rounded once.
/// Here in quad precision, where the parts' products are exact and the
/// sums and the quotient round far below the parts' last bit, then
/// rounded to the parts' type; the scaling that makes `|c|² + |d|²`
/// safe at run time is not needed (quad's exponents reach 2^±16383). A
/// quotient by a complex zero is gcc's: each part of the dividend over
/// zero, an infinity of its sign, or NaN for a zero part. None for other
/// operators, parts or values.
fn exact_complex(op: &BinaryOperator, parts: [Const; 4]) -> Option<Const> {
    use rustc_apfloat::ieee::{Double, Quad, Single};
    use rustc_apfloat::{Float as _, FloatConvert as _};
    let single = match parts {
        [Const::Single(_), Const::Single(_), Const::Single(_), Const::Single(_)] => true,
        [Const::Float(_), Const::Float(_), Const::Float(_), Const::Float(_)] => false,
        _ => return None,
    };
    let mut quads = [Quad::ZERO; 4];
    for (quad, part) in quads.iter_mut().zip(parts) {
        let mut lost = false;
        *quad = match part {
            Const::Single(x) if x.is_finite() => {
                Single::from_bits(u128::from(x.to_bits()))
                    .convert(&mut lost)
                    .value
            }
            Const::Float(x) if x.is_finite() => {
                Double::from_bits(u128::from(x.to_bits()))
                    .convert(&mut lost)
                    .value
            }
            _ => return None,
        };
    }
    let [a, b, c, d] = quads;
    let (re, im) = match op {
        BinaryOperator::Multiply => ((a * c).value - (b * d).value, (a * d).value + (b * c).value),
        BinaryOperator::Divide if c.is_zero() && d.is_zero() => {
            let over_zero = |x: Quad| {
                if x.is_zero() {
                    Quad::NAN
                } else {
                    Quad::INFINITY.copy_sign(x)
                }
            };
            return Some(rounded_complex(over_zero(a), over_zero(b), single));
        }
        BinaryOperator::Divide => {
            let norm = ((c * c).value + (d * d).value).value;
            let re = ((a * c).value + (b * d).value).value;
            let im = ((b * c).value - (a * d).value).value;
            ((re / norm), (im / norm))
        }
        _ => return None,
    };
    Some(rounded_complex(re.value, im.value, single))
}

/// A complex constant of `float` (`single`) or `double` parts, each
/// rounded once from quad precision.
fn rounded_complex(
    re: rustc_apfloat::ieee::Quad,
    im: rustc_apfloat::ieee::Quad,
    single: bool,
) -> Const {
    use rustc_apfloat::ieee::{Double, Single};
    use rustc_apfloat::{Float as _, FloatConvert as _};
    let mut lost = false;
    if single {
        let part = |x: rustc_apfloat::ieee::Quad, lost: &mut bool| {
            let x: Single = x.convert(lost).value;
            f32::from_bits(x.to_bits() as u32)
        };
        Const::SingleComplex(part(re, &mut lost), part(im, &mut lost))
    } else {
        let part = |x: rustc_apfloat::ieee::Quad, lost: &mut bool| {
            let x: Double = x.convert(lost).value;
            f64::from_bits(x.to_bits() as u64)
        };
        Const::Complex(part(re, &mut lost), part(im, &mut lost))
    }
}

/// GNU's `__real__` (or, `imaginary`, `__imag__`) of a real value: the
/// value, or a zero of its type.
fn real_part(value: Const, imaginary: bool) -> Const {
    match (value, imaginary) {
        (real, false) => real,
        (Const::Single(_), true) => Const::Single(0.0),
        (Const::LongDouble(_), true) => Const::LongDouble(0),
        (Const::Int { size, signed, .. }, true) => Const::Int {
            value: 0,
            size,
            signed,
        },
        (_, true) => Const::Float(0.0),
    }
}

/// The type the usual arithmetic conversions give two promoted operands.
fn common(a: Const, b: Const) -> Type {
    match (complex_parts(a), complex_parts(b)) {
        // The complex type of the parts' common real type.
        (Some(_), _) | (_, Some(_)) => {
            let real = |c: Const| complex_parts(c).map_or(c, |(re, _)| re);
            return Type::Complex(std::rc::Rc::new(common(real(a), real(b))));
        }
        _ => {}
    }
    match (a, b) {
        (Const::LongDouble(_), _) | (_, Const::LongDouble(_)) => Type::LongDouble,
        (Const::Single(_), Const::Single(_) | Const::Int { .. })
        | (Const::Int { .. }, Const::Single(_)) => Type::Float,
        (
            Const::Int {
                size: sa,
                signed: ga,
                ..
            },
            Const::Int {
                size: sb,
                signed: gb,
                ..
            },
        ) => {
            let size = sa.max(sb);
            // Same signedness: the wider. Otherwise unsigned wins unless
            // the signed type is wider (and so holds every unsigned value).
            let signed = match (ga, gb) {
                (true, true) => true,
                (false, false) => false,
                (true, false) => sa > sb,
                (false, true) => sb > sa,
            };
            Type::Int {
                size,
                signed,
                kind: IntKind::Standard,
            }
        }
        // A double (complex operands went above).
        _ => Type::Double,
    }
}

impl Scopes {
    /// An integer constant expression's value (array sizes, enum values,
    /// case labels, bit-field widths, static initializers).
    /// `constant_expr`, refusing an expression that is not constant in
    /// gcc's words for its context (`message`), at `at`.
    pub fn constant_expr_as(
        &mut self,
        e: &Node<Expression>,
        at: usize,
        message: &str,
    ) -> Result<i64> {
        self.constant_expr(e).map_err(|error| {
            if only_not_constant(&error) {
                Error {
                    offset: at,
                    message: message.into(),
                }
            } else {
                error
            }
        })
    }

    pub fn constant_expr(&mut self, e: &Node<Expression>) -> Result<i64> {
        match self.constant_value(e)? {
            Const::Float(_)
            | Const::Single(_)
            | Const::LongDouble(_)
            | Const::Complex(..)
            | Const::LongComplex(..)
            | Const::SingleComplex(..) => Err(not_constant(e)),
            int => Ok(int.as_i64()),
        }
    }

    /// A constant expression's value and type.
    pub fn constant_value(&mut self, e: &Node<Expression>) -> Result<Const> {
        let bad = || not_constant(e);
        Ok(match &e.node {
            Expression::Constant(c) => match &c.node {
                Constant::Integer(i) if i.suffix.imaginary => {
                    Const::Complex(0.0, integer_value(i).ok_or_else(bad)? as f64)
                }
                Constant::Integer(i) => {
                    let value = integer_value(i).ok_or_else(bad)?;
                    Const::int(value as i64).to_type(&integer_type(i, value))
                }
                Constant::Character(c) => {
                    Const::int(char_value(c).ok_or_else(bad)?).to_type(&char_type(c))
                }
                Constant::Float(f) => {
                    let format = super::decl::float_format(f).map_err(|name| Error {
                        offset: e.span.start,
                        message: format!("type {name} is not supported yet"),
                    })?;
                    let single = || super::init::parse_single(f).ok_or_else(bad);
                    let double = || super::init::parse_float(f).ok_or_else(bad);
                    let long = || ld::parse(f).ok_or_else(bad);
                    match (format, f.suffix.imaginary) {
                        (FloatFormat::LongDouble, true) => Const::LongComplex(0, long()?),
                        (FloatFormat::Float, true) => Const::SingleComplex(0.0, single()?),
                        (_, true) => Const::Complex(0.0, double()?),
                        (FloatFormat::LongDouble, false) => Const::LongDouble(long()?),
                        (FloatFormat::Float, false) => Const::Single(single()?),
                        (_, false) => Const::Float(double()?),
                    }
                }
            },
            Expression::Identifier(id) => {
                let value = self.constant(&id.node.name).ok_or_else(bad)?;
                let ty = self.constant_type(&id.node.name).unwrap_or(types::INT);
                Const::int(value).to_type(&ty)
            }
            Expression::SizeOfTy(t) => {
                self.check_sizeof_type_name(&t.node.0)?;
                let ty = self.type_name(&t.node.0.node)?;
                unsigned_long(ty.sizeof().ok_or_else(bad)?)
            }
            Expression::AlignOf(t) => unsigned_long(self.alignof_operand(&t.node.0)?),
            Expression::SizeOfVal(v) => {
                unsigned_long(self.size_of_operand(&v.node.0).ok_or_else(bad)?)
            }
            Expression::OffsetOf(o) => unsigned_long(self.offset_of(&o.node, e.span.start)?),
            Expression::Cast(c) => {
                let v = self.constant_value(&c.node.expression)?;
                v.to_type(&self.type_name(&c.node.type_name.node)?)
            }
            // `&((struct t *)0)->member`, the offsetof of older code: an
            // address within an object at a constant address.
            Expression::UnaryOperator(u) if u.node.operator.node == UnaryOperator::Address => {
                let (address, ty) = self.constant_lvalue(&u.node.operand)?.ok_or_else(bad)?;
                Const::Pointer {
                    address,
                    step: step_of(&ty),
                }
            }
            Expression::UnaryOperator(u) => {
                let v = self.constant_value(&u.node.operand)?.promoted();
                match (u.node.operator.node.clone(), v) {
                    (UnaryOperator::Plus, v) => v,
                    (UnaryOperator::Negate, v) => Const::int(i64::from(!v.is_true())),
                    (
                        UnaryOperator::Minus,
                        v @ (Const::Float(_) | Const::Single(_) | Const::LongDouble(_)),
                    ) => negated(v).ok_or_else(bad)?,
                    (UnaryOperator::Minus | UnaryOperator::Complement, c)
                        if complex_parts(c).is_some() =>
                    {
                        // `-z`, or GNU's `~z`, the conjugate.
                        let (re, im) = complex_parts(c).expect("checked");
                        let re = match u.node.operator.node {
                            UnaryOperator::Minus => negated(re).ok_or_else(bad)?,
                            _ => re,
                        };
                        from_parts(re, negated(im).ok_or_else(bad)?)
                    }
                    (
                        UnaryOperator::Minus,
                        Const::Int {
                            value,
                            size,
                            signed,
                        },
                    ) => Const::wrapped(value.wrapping_neg(), size, signed),
                    (
                        UnaryOperator::Complement,
                        Const::Int {
                            value,
                            size,
                            signed,
                        },
                    ) => Const::wrapped(!value, size, signed),
                    _ => return Err(bad()),
                }
            }
            // `"xyz"[1]`: gcc folds a constant subscript of a string.
            Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Index => {
                let Expression::StringLiteral(s) = &b.node.lhs.node else {
                    return Err(bad());
                };
                let (bytes, elem) = super::init::string_literal(&s.node).ok_or_else(bad)?;
                let index = usize::try_from(self.constant_expr(&b.node.rhs)?).map_err(|_| bad())?;
                let size = elem.size().unwrap_or(1) as usize;
                let unit = bytes
                    .get(index * size..(index + 1) * size)
                    .ok_or_else(bad)?;
                let value = unit
                    .iter()
                    .rev()
                    .fold(0i64, |v, &b| (v << 8) | i64::from(b));
                Const::int(value).to_type(&elem)
            }
            Expression::BinaryOperator(b) => {
                let l = self.constant_value(&b.node.lhs)?;
                match b.node.operator.node {
                    // The right operand is not evaluated when the left
                    // decides (`0 && 1 / 0` is a constant 0).
                    BinaryOperator::LogicalAnd if !l.is_true() => Const::int(0),
                    BinaryOperator::LogicalOr if l.is_true() => Const::int(1),
                    ref op => {
                        let r = self.constant_value(&b.node.rhs)?;
                        binary(op, l, r).ok_or_else(bad)?
                    }
                }
            }
            Expression::Conditional(c) => {
                let chosen = if self.constant_value(&c.node.condition)?.is_true() {
                    &c.node.then_expression
                } else {
                    &c.node.else_expression
                };
                let v = self.constant_value(chosen)?;
                // The result has the type both arms convert to.
                let then = self.constant_value(&c.node.then_expression);
                let other = self.constant_value(&c.node.else_expression);
                match (then, other) {
                    (Ok(a), Ok(b)) if !matches!(v, Const::Pointer { .. }) => {
                        v.promoted().to_type(&common(a.promoted(), b.promoted()))
                    }
                    _ => v,
                }
            }
            // GNU builtins that fold (`__builtin_choose_expr` picks by a
            // constant; `__builtin_constant_p` asks whether one is;
            // `__builtin_classify_type` names its operand's kind of type).
            Expression::Call(call) => {
                let Expression::Identifier(callee) = &call.node.callee.node else {
                    return Err(bad());
                };
                let args = &call.node.arguments;
                match (callee.node.name.as_str(), args.as_slice()) {
                    ("__builtin_choose_expr", [condition, then, other]) => {
                        let chosen = if self.constant_value(condition)?.is_true() {
                            then
                        } else {
                            other
                        };
                        self.constant_value(chosen)?
                    }
                    ("__builtin_constant_p", [operand]) => {
                        Const::int(i64::from(is_constant_p(self, operand)))
                    }
                    ("__builtin_expect", [value, _]) => self.constant_value(value)?,
                    // <complex.h>'s CMPLX: parts of one real floating type.
                    ("__builtin_complex", [re, im]) => {
                        match (self.constant_value(re)?, self.constant_value(im)?) {
                            (Const::Float(re), Const::Float(im)) => Const::Complex(re, im),
                            (Const::Single(re), Const::Single(im)) => Const::SingleComplex(re, im),
                            (Const::LongDouble(re), Const::LongDouble(im)) => {
                                Const::LongComplex(re, im)
                            }
                            _ => return Err(bad()),
                        }
                    }
                    // <math.h>'s INFINITY, NAN and HUGE_VAL.
                    (name, args) if special_value(name, args).is_some() => {
                        special_value(name, args).ok_or_else(bad)?
                    }
                    ("__builtin_kit_real" | "__builtin_kit_imag", [operand]) => {
                        let imaginary = callee.node.name.ends_with("imag");
                        let value = self.constant_value(operand)?;
                        match (complex_parts(value), imaginary) {
                            (Some((_, im)), true) => im,
                            (Some((re, _)), false) => re,
                            (None, _) => real_part(value, imaginary),
                        }
                    }
                    ("__builtin_classify_type", [operand]) => {
                        let ty = self.typeof_types.get(&operand.span.start).ok_or_else(bad)?;
                        Const::int(ty.type_class())
                    }
                    _ => return Err(bad()),
                }
            }
            Expression::GenericSelection(g) => {
                let chosen = self.generic_chosen(&g.node)?.ok_or_else(bad)?;
                self.constant_value(chosen)?
            }
            Expression::Comma(list) => {
                // Not a constant expression in C, but gcc folds it.
                let last = list.last().ok_or_else(bad)?;
                self.constant_value(last)?
            }
            _ => return Err(bad()),
        })
    }
}

impl Scopes {
    /// The address and type of an lvalue within an object at a constant
    /// address (`((struct t *)0)->a[2].b`, `(*(struct t *)16).c`); None
    /// for any other lvalue.
    fn constant_lvalue(&mut self, e: &Node<Expression>) -> Result<Option<(u64, Type)>> {
        let bad = || not_constant(e);
        Ok(match &e.node {
            Expression::Member(m) => {
                let base = match m.node.operator.node {
                    MemberOperator::Indirect => self.constant_pointer(&m.node.expression)?,
                    MemberOperator::Direct => self.constant_lvalue(&m.node.expression)?,
                };
                let Some((address, Type::Struct(record))) = base else {
                    return Ok(None);
                };
                let (offset, ty) =
                    types::find_field(&record, &m.node.identifier.node.name).ok_or_else(bad)?;
                Some((address.wrapping_add(offset), ty))
            }
            Expression::UnaryOperator(u) if u.node.operator.node == UnaryOperator::Indirection => {
                self.constant_pointer(&u.node.operand)?
            }
            Expression::BinaryOperator(b) if b.node.operator.node == BinaryOperator::Index => {
                let Some((address, Type::Array(elem, _))) = self.constant_lvalue(&b.node.lhs)?
                else {
                    return Ok(None);
                };
                let n = self.constant_expr(&b.node.rhs)? as u64;
                let size = elem.size().unwrap_or(0);
                Some((address.wrapping_add(n.wrapping_mul(size)), (*elem).clone()))
            }
            _ => None,
        })
    }

    /// The association `_Generic` chooses: the lowering's choice in a
    /// function; at file scope, the type of the controlling expression
    /// (unqualified, arrays and functions decayed) named exactly, else
    /// `default`.
    fn generic_chosen<'g>(
        &mut self,
        g: &'g GenericSelection,
    ) -> Result<Option<&'g Node<Expression>>> {
        let control = g.expression.span.start;
        let expressions = g.associations.iter().map(|a| match &a.node {
            GenericAssociation::Type(t) => &t.node.expression,
            GenericAssociation::Default(e) => &**e,
        });
        if let Some(&at) = self.generic_choices.get(&control) {
            return Ok(expressions.clone().find(|e| e.span.start == at));
        }
        let Some(ty) = self.typeof_types.get(&control).map(Type::decay) else {
            return Ok(None);
        };
        let mut default = None;
        for a in &g.associations {
            match &a.node {
                GenericAssociation::Type(t) => {
                    let name = &t.node.type_name.node;
                    if !super::decl::top_level_qualified(name) && self.type_name(name)? == ty {
                        return Ok(Some(&t.node.expression));
                    }
                }
                GenericAssociation::Default(e) => default = Some(&**e),
            }
        }
        Ok(default)
    }

    /// A constant cast to a pointer type (`(struct t *)0`): the address
    /// and the type it points to.
    fn constant_pointer(&mut self, e: &Node<Expression>) -> Result<Option<(u64, Type)>> {
        let Expression::Cast(c) = &e.node else {
            return Ok(None);
        };
        let Type::Pointer(pointee) = self.type_name(&c.node.type_name.node)? else {
            return Ok(None);
        };
        let address = self.constant_value(&c.node.expression)?.as_i64() as u64;
        Ok(Some((address, (*pointee).clone())))
    }
}

/// What `__builtin_constant_p(operand)` answers: whether the operand is
/// a constant expression or a string literal (gcc folds both).
pub fn is_constant_p(scopes: &mut Scopes, operand: &Node<Expression>) -> bool {
    matches!(operand.node, Expression::StringLiteral(_)) || scopes.constant_value(operand).is_ok()
}

fn unsigned_long(value: u64) -> Const {
    Const::Int {
        value: value as i64,
        size: 8,
        signed: false,
    }
}

const NOT_CONSTANT: &str = "expression is not an integer constant expression";

fn not_constant(e: &Node<Expression>) -> Error {
    Error {
        offset: e.span.start,
        message: NOT_CONSTANT.into(),
    }
}

/// Whether `error` only says that an expression is not constant (where
/// an address constant may still do), rather than what is wrong in it.
pub fn only_not_constant(error: &Error) -> bool {
    error.message == NOT_CONSTANT
}

/// `l op r` with C's conversions; None where C gives no value (division
/// by zero) or the operator is not one of a constant expression.
fn binary(op: &BinaryOperator, l: Const, r: Const) -> Option<Const> {
    use BinaryOperator as B;
    let (l, r) = (l.promoted(), r.promoted());
    if let Some(result) = pointer_arith(op, l, r) {
        return result;
    }
    if matches!(op, B::ShiftLeft | B::ShiftRight) {
        // The result has the left operand's (promoted) type.
        let (
            Const::Int {
                value,
                size,
                signed,
            },
            Const::Int { value: count, .. },
        ) = (l, r)
        else {
            return None;
        };
        let count = u32::try_from(count).ok().filter(|c| *c < 64)?;
        let shifted = match (op, signed) {
            (B::ShiftLeft, _) => value.wrapping_shl(count),
            (_, true) => value >> count,
            (_, false) => ((value as u64) >> count) as i64,
        };
        return Some(Const::wrapped(shifted, size, signed));
    }
    if matches!(op, B::LogicalAnd | B::LogicalOr) {
        return Some(Const::int(i64::from(r.is_true())));
    }
    let ty = common(l, r);
    if let Some(mixed) = real_and_complex(op, l, r, &ty) {
        return mixed;
    }
    let (l, r) = (l.to_type(&ty), r.to_type(&ty));
    if let (Some(x), Some(y)) = (complex_parts(l), complex_parts(r)) {
        return complex_arith(op, x, y);
    }
    if let (Const::LongDouble(x), Const::LongDouble(y)) = (l, r) {
        let invalid = |v: ld::Bits| {
            let sign = invalid_sign(op, ld::is_negative(x), ld::is_negative(y));
            match ld::is_nan(v) && !ld::is_nan(x) && !ld::is_nan(y) {
                true => ld::nan(sign),
                false => v,
            }
        };
        let arith = |op| Const::LongDouble(invalid(ld::arith(op, x, y)));
        return Some(match op {
            B::Plus => arith(ld::Arith::Add),
            B::Minus => arith(ld::Arith::Sub),
            B::Multiply => arith(ld::Arith::Mul),
            B::Divide => arith(ld::Arith::Div),
            _ => Const::int(i64::from(compare(op, ld::compare(x, y)?)?)),
        });
    }
    if let (Const::Single(x), Const::Single(y)) = (l, r) {
        // In double, then rounded to float: the same as float arithmetic
        // for + - * /, as a double holds more than twice a float's digits.
        let wide = binary(op, Const::Float(x.into()), Const::Float(y.into()))?;
        return Some(match wide {
            Const::Float(f) => Const::Single(f as f32),
            comparison => comparison,
        });
    }
    if let (Const::Float(x), Const::Float(y)) = (l, r) {
        let sign = invalid_sign(op, x.is_sign_negative(), y.is_sign_negative());
        let invalid = |v: f64| match v.is_nan() && !x.is_nan() && !y.is_nan() {
            true if sign => -f64::NAN,
            true => f64::NAN,
            false => v,
        };
        return Some(match op {
            B::Plus => Const::Float(invalid(x + y)),
            B::Minus => Const::Float(invalid(x - y)),
            B::Multiply => Const::Float(invalid(x * y)),
            B::Divide => Const::Float(invalid(x / y)),
            _ => Const::int(i64::from(compare(op, x.partial_cmp(&y)?)?)),
        });
    }
    let (
        Const::Int {
            value: x,
            size,
            signed,
        },
        Const::Int { value: y, .. },
    ) = (l, r)
    else {
        return None;
    };
    let (ux, uy) = (x as u64, y as u64);
    let value = match op {
        B::Plus => x.wrapping_add(y),
        B::Minus => x.wrapping_sub(y),
        B::Multiply => x.wrapping_mul(y),
        B::Divide if y == 0 => return None,
        B::Modulo if y == 0 => return None,
        B::Divide if signed => x.wrapping_div(y),
        B::Divide => (ux / uy) as i64,
        B::Modulo if signed => x.wrapping_rem(y),
        B::Modulo => (ux % uy) as i64,
        B::BitwiseAnd => x & y,
        B::BitwiseOr => x | y,
        B::BitwiseXor => x ^ y,
        _ => {
            let order = if signed { x.cmp(&y) } else { ux.cmp(&uy) };
            return Some(Const::int(i64::from(compare(op, order)?)));
        }
    };
    Some(Const::wrapped(value, size, signed))
}

/// How far a pointer to `pointee` steps: its size, or 1 for `void` and
/// function types (GNU C) and for an incomplete type.
fn step_of(pointee: &Type) -> u64 {
    pointee.sizeof().filter(|&n| n > 0).unwrap_or(1)
}

/// `l op r` when an operand is a pointer (None when neither is): an
/// integer added to or taken from a pointer counts elements, the
/// difference of two pointers is a `long` count of elements, and
/// pointers compare as addresses. Other operators take no pointer.
fn pointer_arith(op: &BinaryOperator, l: Const, r: Const) -> Option<Option<Const>> {
    use BinaryOperator as B;
    let offset = |address: u64, step: u64, n: Const, sign: i64| Const::Pointer {
        address: address.wrapping_add((n.as_i64().wrapping_mul(sign) as u64).wrapping_mul(step)),
        step,
    };
    let pointer = |c: Const| matches!(c, Const::Pointer { .. });
    if !pointer(l) && !pointer(r) {
        return None;
    }
    Some(match (op, l, r) {
        _ if !l.is_integer() || !r.is_integer() => None,
        (B::Minus, Const::Pointer { address: a, step }, Const::Pointer { address: b, .. }) => {
            Some(Const::int((a.wrapping_sub(b) as i64) / step as i64).to_type(&types::LONG))
        }
        (B::Plus | B::Minus, Const::Pointer { address, step }, n @ Const::Int { .. }) => Some(
            offset(address, step, n, if *op == B::Minus { -1 } else { 1 }),
        ),
        (B::Plus, n @ Const::Int { .. }, Const::Pointer { address, step }) => {
            Some(offset(address, step, n, 1))
        }
        (
            B::Less | B::Greater | B::LessOrEqual | B::GreaterOrEqual | B::Equals | B::NotEquals,
            _,
            _,
        ) => {
            let order = (l.as_i64() as u64).cmp(&(r.as_i64() as u64));
            compare(op, order).map(|b| Const::int(i64::from(b)))
        }
        _ => None,
    })
}

/// A comparison operator applied to an ordering.
fn compare(op: &BinaryOperator, order: std::cmp::Ordering) -> Option<bool> {
    use std::cmp::Ordering::*;
    use BinaryOperator as B;
    Some(match op {
        B::Less => order == Less,
        B::Greater => order == Greater,
        B::LessOrEqual => order != Greater,
        B::GreaterOrEqual => order != Less,
        B::Equals => order == Equal,
        B::NotEquals => order != Equal,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uint(value: i64) -> Const {
        Const::wrapped(value, 4, false)
    }

    #[test]
    fn arithmetic_wraps_and_compares_in_the_common_type() {
        let minus_one_u = uint(-1);
        assert_eq!(minus_one_u.as_i64(), 0xFFFF_FFFF);
        let gt = binary(&BinaryOperator::Greater, minus_one_u, Const::int(0));
        assert_eq!(gt, Some(Const::int(1)));
        let lt = binary(&BinaryOperator::Less, Const::int(-1), uint(0));
        assert_eq!(lt, Some(Const::int(0)));
        let sum = binary(&BinaryOperator::Plus, uint(-1), Const::int(1));
        assert_eq!(sum.map(Const::as_i64), Some(0));
        let shifted = binary(&BinaryOperator::ShiftRight, uint(-1), Const::int(1));
        assert_eq!(shifted.map(Const::as_i64), Some(0x7FFF_FFFF));
        let divided = binary(&BinaryOperator::Divide, Const::int(7), Const::int(0));
        assert_eq!(divided, None);
    }
}
