//! `#if` constant expressions (C11 6.10.1): integer arithmetic in
//! intmax_t/uintmax_t with the usual conversions, short-circuit `&&`, `||`
//! and `?:`. The caller has already replaced `defined`, `__has_include`
//! and macros; any identifier left is 0.

use super::lex::{Kind, Token};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Value {
    pub bits: u64,
    pub unsigned: bool,
}

impl Value {
    fn signed(v: i64) -> Value {
        Value {
            bits: v as u64,
            unsigned: false,
        }
    }

    fn truth(b: bool) -> Value {
        Value::signed(b as i64)
    }

    fn is_true(self) -> bool {
        self.bits != 0
    }
}

/// What is wrong with an expression, and the index of the token to point
/// at (None: the directive itself).
#[derive(Debug, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub at: Option<usize>,
    /// The tokens ran out: reported just after the last token, as gcc
    /// does.
    pub ends_early: bool,
    /// An operand is missing there; the operator before it names it.
    operand_missing: bool,
}

fn fail(message: impl Into<String>, at: Option<usize>) -> ExprError {
    ExprError {
        message: message.into(),
        at,
        ends_early: false,
        operand_missing: false,
    }
}

/// Evaluates `tokens`; the error names what is wrong and where.
pub fn evaluate(tokens: &[Token]) -> Result<Value, ExprError> {
    if tokens.is_empty() {
        return Err(fail("#if with no expression", None));
    }
    let mut parser = Parser { tokens, pos: 0 };
    let value = parser.conditional(true)?;
    if let Some(extra) = parser.peek() {
        return Err(missing_binary_operator(extra, parser.pos));
    }
    Ok(value)
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
}

const BINARY: &[(&str, u8)] = &[
    ("||", 1),
    ("&&", 2),
    ("|", 3),
    ("^", 4),
    ("&", 5),
    ("==", 6),
    ("!=", 6),
    ("<", 7),
    (">", 7),
    ("<=", 7),
    (">=", 7),
    ("<<", 8),
    (">>", 8),
    ("+", 9),
    ("-", 9),
    ("*", 10),
    ("/", 10),
    ("%", 10),
];

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn eat(&mut self, text: &str) -> bool {
        if self.peek().is_some_and(|t| t.is(text)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// cond = binary(1) ("?" cond ":" cond)?  — `live` is false in a
    /// branch whose value is discarded (division by zero is then fine).
    fn conditional(&mut self, live: bool) -> Result<Value, ExprError> {
        let cond = self.binary(1, live)?;
        let question = self.pos;
        if !self.eat("?") {
            return Ok(cond);
        }
        let then = self.conditional(live && cond.is_true())?;
        if !self.eat(":") {
            return Err(match self.peek() {
                Some(extra) => missing_binary_operator(extra, self.pos),
                None => ExprError {
                    ends_early: true,
                    ..fail("'?' without following ':'", Some(question))
                },
            });
        }
        let otherwise = self.conditional(live && !cond.is_true())?;
        let unsigned = then.unsigned || otherwise.unsigned;
        let chosen = if cond.is_true() { then } else { otherwise };
        Ok(Value {
            bits: chosen.bits,
            unsigned,
        })
    }

    /// Precedence climbing over BINARY.
    fn binary(&mut self, min: u8, live: bool) -> Result<Value, ExprError> {
        let mut lhs = self.unary(live)?;
        loop {
            let Some((op, prec)) = self
                .peek()
                .and_then(|t| BINARY.iter().find(|(op, _)| t.is(op)))
                .copied()
            else {
                return Ok(lhs);
            };
            if prec < min {
                return Ok(lhs);
            }
            let at = self.pos;
            self.pos += 1;
            let rhs_live = match op {
                "&&" => live && lhs.is_true(),
                "||" => live && !lhs.is_true(),
                _ => live,
            };
            let rhs = self
                .binary(prec + 1, rhs_live)
                .map_err(|e| missing_operand(e, op))?;
            lhs = apply(op, lhs, rhs, rhs_live).map_err(|message| fail(message, Some(at)))?;
        }
    }

    fn unary(&mut self, live: bool) -> Result<Value, ExprError> {
        let at = self.pos;
        if self.eat("+") {
            return self.unary(live).map_err(|e| missing_operand(e, "+"));
        }
        if self.eat("-") {
            let v = self.unary(live).map_err(|e| missing_operand(e, "-"))?;
            return Ok(Value {
                bits: v.bits.wrapping_neg(),
                ..v
            });
        }
        if self.eat("~") {
            let v = self.unary(live).map_err(|e| missing_operand(e, "~"))?;
            return Ok(Value { bits: !v.bits, ..v });
        }
        if self.eat("!") {
            let v = self.unary(live).map_err(|e| missing_operand(e, "!"))?;
            return Ok(Value::truth(!v.is_true()));
        }
        if self.eat("(") {
            let v = self.conditional(live)?;
            if !self.eat(")") {
                return Err(fail("missing ')' in expression", Some(at)));
            }
            return Ok(v);
        }
        let Some(token) = self.peek().cloned() else {
            return Err(ExprError {
                ends_early: true,
                operand_missing: true,
                ..fail("#if expression ends early", None)
            });
        };
        self.pos += 1;
        match token.kind {
            Kind::Number => number(&super::without_separators(&token)),
            Kind::Char => character(&token.text),
            Kind::Ident => Ok(Value::signed(0)),
            _ => Err(format!(
                "token \"{}\" is not valid in preprocessor expressions",
                token.text
            )),
        }
        .map_err(|message| fail(message, Some(at)))
    }
}

/// gcc's error for a token, at `at`, where an operator should be.
fn missing_binary_operator(extra: &Token, at: usize) -> ExprError {
    let message = format!("missing binary operator before token \"{}\"", extra.text);
    fail(message, Some(at))
}

/// An operand that ran out becomes "operator 'op' has no right operand".
fn missing_operand(e: ExprError, op: &str) -> ExprError {
    if e.operand_missing {
        ExprError {
            message: format!("operator '{op}' has no right operand"),
            operand_missing: false,
            ..e
        }
    } else {
        e
    }
}

fn apply(op: &str, a: Value, b: Value, live: bool) -> Result<Value, String> {
    let unsigned = a.unsigned || b.unsigned;
    let (x, y) = (a.bits, b.bits);
    let (sx, sy) = (x as i64, y as i64);
    let compare = |ord: std::cmp::Ordering| {
        let actual = if unsigned { x.cmp(&y) } else { sx.cmp(&sy) };
        actual == ord
    };
    let arith = |bits: u64| Value { bits, unsigned };
    Ok(match op {
        "||" => Value::truth(a.is_true() || b.is_true()),
        "&&" => Value::truth(a.is_true() && b.is_true()),
        "|" => arith(x | y),
        "^" => arith(x ^ y),
        "&" => arith(x & y),
        "==" => Value::truth(x == y),
        "!=" => Value::truth(x != y),
        "<" => Value::truth(compare(std::cmp::Ordering::Less)),
        ">" => Value::truth(compare(std::cmp::Ordering::Greater)),
        "<=" => Value::truth(!compare(std::cmp::Ordering::Greater)),
        ">=" => Value::truth(!compare(std::cmp::Ordering::Less)),
        "<<" => Value {
            bits: x.wrapping_shl(y as u32),
            unsigned: a.unsigned,
        },
        ">>" if a.unsigned => Value {
            bits: x.wrapping_shr(y as u32),
            unsigned: true,
        },
        ">>" => Value {
            bits: sx.wrapping_shr(y as u32) as u64,
            unsigned: false,
        },
        "+" => arith(x.wrapping_add(y)),
        "-" => arith(x.wrapping_sub(y)),
        "*" => arith(x.wrapping_mul(y)),
        "/" | "%" if y == 0 => {
            if live {
                return Err("division by zero in #if".into());
            }
            arith(0)
        }
        "/" if unsigned => arith(x / y),
        "/" => arith(sx.wrapping_div(sy) as u64),
        "%" if unsigned => arith(x % y),
        "%" => arith(sx.wrapping_rem(sy) as u64),
        _ => return Err(format!("unknown operator {op}")),
    })
}

/// An integer pp-number with an optional u/l/ll suffix.
fn number(text: &str) -> Result<Value, String> {
    let lower = text.to_ascii_lowercase();
    let digits = lower.trim_end_matches(['u', 'l']);
    let suffix = &lower[digits.len()..];
    if !matches!(suffix, "" | "u" | "l" | "ul" | "lu" | "ll" | "ull" | "llu") {
        return Err(format!("invalid integer constant \"{text}\" in #if"));
    }
    let (radix, body) = if let Some(hex) = digits.strip_prefix("0x") {
        (16, hex)
    } else if let Some(bin) = digits.strip_prefix("0b") {
        (2, bin)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    let bits = u64::from_str_radix(body, radix)
        .map_err(|_| format!("invalid integer constant \"{text}\" in #if"))?;
    // A u suffix, or a value too large for intmax_t, makes it unsigned.
    let unsigned = suffix.contains('u') || bits > i64::MAX as u64;
    Ok(Value { bits, unsigned })
}

/// A character constant: its value as int (plain char is signed here).
fn character(text: &str) -> Result<Value, String> {
    let quote = text.find('\'').unwrap_or(0);
    let prefix = &text[..quote];
    let body = &text[quote + 1..text.len() - 1];
    let mut chars = body.chars().peekable();
    let mut value: i64 = 0;
    let mut count = 0;
    while let Some(c) = chars.next() {
        let code = if c == '\\' {
            match chars.next() {
                Some('n') => 10,
                Some('t') => 9,
                Some('r') => 13,
                Some('a') => 7,
                Some('b') => 8,
                Some('f') => 12,
                Some('v') => 11,
                Some('e') => 27,
                Some('x') => {
                    let mut v = 0i64;
                    while let Some(d) = chars.peek().and_then(|c| c.to_digit(16)) {
                        v = v * 16 + d as i64;
                        chars.next();
                    }
                    v
                }
                Some(d @ '0'..='7') => {
                    let mut v = d.to_digit(8).unwrap_or(0) as i64;
                    for _ in 0..2 {
                        match chars.peek().and_then(|c| c.to_digit(8)) {
                            Some(d) => {
                                v = v * 8 + d as i64;
                                chars.next();
                            }
                            None => break,
                        }
                    }
                    v
                }
                Some(other) => other as i64,
                None => return Err("invalid character constant in #if".into()),
            }
        } else {
            c as i64
        };
        value = if prefix.is_empty() {
            (value << 8) | (code & 0xff)
        } else {
            code
        };
        count += 1;
    }
    if count == 0 {
        return Err("empty character constant in #if".into());
    }
    if prefix.is_empty() && count == 1 {
        value = value as u8 as i8 as i64;
    }
    Ok(Value::signed(value))
}

#[cfg(test)]
mod tests {
    use super::super::lex::tokenize;
    use super::*;

    fn eval(src: &str) -> Result<i64, String> {
        let mut tokens = tokenize(src, 0).ok().unwrap();
        tokens.pop();
        evaluate(&tokens)
            .map(|v| v.bits as i64)
            .map_err(|e| e.message)
    }

    #[test]
    fn arithmetic_and_precedence() {
        assert_eq!(eval("1 + 2 * 3"), Ok(7));
        assert_eq!(eval("(1 + 2) * 3 == 9 && 4 > 3"), Ok(1));
        assert_eq!(eval("-1 < 0"), Ok(1));
        assert_eq!(eval("-1 < 0u"), Ok(0));
        assert_eq!(eval("0x10 | 010 | 0b1"), Ok(25));
        assert_eq!(eval("1 ? 2 : 3"), Ok(2));
        assert_eq!(eval("'a' == 97 && '\\n' == 10 && '\\377' < 0"), Ok(1));
        assert_eq!(eval("18446744073709551615 == -1"), Ok(1));
        assert_eq!(eval("UNKNOWN + 1"), Ok(1));
    }

    #[test]
    fn short_circuit_hides_division_by_zero() {
        assert_eq!(eval("0 && 1 / 0"), Ok(0));
        assert_eq!(eval("1 || 1 / 0"), Ok(1));
        assert_eq!(eval("0 ? 1 / 0 : 5"), Ok(5));
        assert!(eval("1 / 0").is_err());
    }

    #[test]
    fn malformed_expressions() {
        assert!(eval("1 +").is_err());
        assert!(eval("(1").is_err());
        assert!(eval("1 2").is_err());
        assert!(eval("\"s\"").is_err());
        assert!(eval("12abc").is_err());
    }
}
