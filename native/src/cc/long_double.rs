//! `long double` at compile time: the x87 80-bit extended format, which
//! gcc uses on x86-64, computed exactly with rustc_apfloat (literals,
//! constant folding, static initializers). A value is its bit pattern in a
//! u128, as it lies in memory: the 64-bit significand, then sign and
//! exponent, then 48 bits of padding (zero). At run time the same bits
//! travel as a Cranelift I128 and the x87 unit computes (see x87.rs).

use std::cmp::Ordering;

use lang_c::ast::{Float, FloatBase};
use rustc_apfloat::ieee::{Double, Single, X87DoubleExtended as Extended};
use rustc_apfloat::{Float as _, FloatConvert as _};

/// The bits of a `long double`.
pub type Bits = u128;

/// A floating constant's digits read as a long double, exactly rounded.
pub fn parse(f: &Float) -> Option<Bits> {
    let text = match f.base {
        FloatBase::Decimal => f.number.to_string(),
        FloatBase::Hexadecimal => format!("0x{}", f.number),
    };
    text.parse::<Extended>().ok().map(|x| x.to_bits())
}

/// A hexadecimal constant's digits (`1.8p-1023`) rounded once to a
/// double, subnormals included.
pub fn hex_to_f64(digits: &str) -> Option<f64> {
    let x = format!("0x{digits}").parse::<Double>().ok()?;
    Some(f64::from_bits(x.to_bits() as u64))
}

/// The same, rounded once to a float.
pub fn hex_to_f32(digits: &str) -> Option<f32> {
    let x = format!("0x{digits}").parse::<Single>().ok()?;
    Some(f32::from_bits(x.to_bits() as u32))
}

pub fn from_f64(value: f64) -> Bits {
    let mut loses_info = false;
    let x: Extended = Double::from_bits(u128::from(value.to_bits()))
        .convert(&mut loses_info)
        .value;
    x.to_bits()
}

pub fn to_f64(bits: Bits) -> f64 {
    let mut loses_info = false;
    let x: Double = Extended::from_bits(bits).convert(&mut loses_info).value;
    f64::from_bits(x.to_bits() as u64)
}

/// Rounded once to a float (through double it could round twice).
pub fn to_f32(bits: Bits) -> f32 {
    let mut loses_info = false;
    let x: Single = Extended::from_bits(bits).convert(&mut loses_info).value;
    f32::from_bits(x.to_bits() as u32)
}

pub fn from_i64(value: i64) -> Bits {
    Extended::from_i128(i128::from(value)).value.to_bits()
}

pub fn from_u64(value: u64) -> Bits {
    Extended::from_u128(u128::from(value)).value.to_bits()
}

/// Truncated toward zero to a signed integer of `bits` bits (saturating,
/// as C leaves out-of-range conversions undefined).
pub fn to_i64(value: Bits, bits: usize) -> i64 {
    Extended::from_bits(value).to_i128(bits).value as i64
}

/// Truncated toward zero to an unsigned integer of `bits` bits.
pub fn to_u64(value: Bits, bits: usize) -> u64 {
    Extended::from_bits(value).to_u128(bits).value as u64
}

pub fn is_zero(value: Bits) -> bool {
    Extended::from_bits(value).is_zero()
}

pub fn negate(value: Bits) -> Bits {
    (-Extended::from_bits(value)).to_bits()
}

/// `+`, `-`, `*` or `/`, rounded to nearest as the x87 unit does by
/// default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

pub fn arith(op: Arith, a: Bits, b: Bits) -> Bits {
    let (a, b) = (Extended::from_bits(a), Extended::from_bits(b));
    let result = match op {
        Arith::Add => a + b,
        Arith::Sub => a - b,
        Arith::Mul => a * b,
        Arith::Div => a / b,
    };
    result.value.to_bits()
}

pub fn is_nan(value: Bits) -> bool {
    Extended::from_bits(value).is_nan()
}

pub fn is_negative(value: Bits) -> bool {
    Extended::from_bits(value).is_negative()
}

/// The quiet NaN of this sign with the x87 unit's default payload.
pub fn nan(negative: bool) -> Bits {
    let nan = Extended::NAN.to_bits();
    if negative {
        negate(nan)
    } else {
        nan
    }
}

/// How `a` compares with `b` (None when either is a NaN).
pub fn compare(a: Bits, b: Bits) -> Option<Ordering> {
    Extended::from_bits(a).partial_cmp(&Extended::from_bits(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(number: &str, base: FloatBase) -> Float {
        Float {
            number: number.into(),
            base,
            suffix: lang_c::ast::FloatSuffix {
                format: lang_c::ast::FloatFormat::LongDouble,
                imaginary: false,
            },
        }
    }

    #[test]
    fn literals_keep_64_significant_bits() {
        // gcc: 0.1L is 0x3ffb cccccccccccccccd.
        let tenth = parse(&literal("0.1", FloatBase::Decimal)).unwrap();
        assert_eq!(tenth, 0x3ffb_cccc_cccc_cccc_cccd);
        let hex = parse(&literal("1.8p1", FloatBase::Hexadecimal)).unwrap();
        assert_eq!(to_f64(hex), 3.0);
    }

    #[test]
    fn arithmetic_and_conversions() {
        let third = arith(Arith::Div, from_i64(1), from_i64(3));
        assert_eq!(to_f64(third), 1.0 / 3.0);
        assert_eq!(to_i64(from_f64(-2.5), 64), -2);
        assert_eq!(to_u64(from_u64(u64::MAX), 64), u64::MAX);
        assert_eq!(compare(from_i64(1), from_i64(2)), Some(Ordering::Less));
        assert!(is_zero(negate(from_i64(0))));
    }
}
