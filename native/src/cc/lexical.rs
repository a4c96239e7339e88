//! Lexical errors in gcc's words. The parser takes a malformed number
//! (`08`, `0x`, `1e`, `123abc`), an empty character constant or a stray
//! character (`@`) for a syntax error somewhere near it; when a parse
//! fails, the token at or just before the failure is checked here, and a
//! bad one is the error gcc reports, at the token's start.

/// The lexical error at or just before `offset` of the preprocessed
/// `text`, if there is one: where it is and gcc's message.
pub fn error_near(text: &str, offset: usize) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let offset = offset.min(text.len());
    let ahead = offset + text[offset..].len() - text[offset..].trim_start().len();
    let behind = text[..offset].trim_end().len();
    [ahead, behind.saturating_sub(1)]
        .into_iter()
        .filter(|&at| at < bytes.len())
        .find_map(|at| at_position(text, at))
}

/// The bad token covering byte `at`, if the token there is bad.
fn at_position(text: &str, at: usize) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    match bytes[at] {
        b'@' | b'`' => return Some((at, format!("stray '{}' in program", bytes[at] as char))),
        b'\'' if bytes.get(at + 1) == Some(&b'\'') => {
            return Some((at, "empty character constant".to_owned()))
        }
        _ => {}
    }
    let start = number_start(bytes, at)?;
    let end = number_end(bytes, start);
    number_error(&text[start..end]).map(|message| (start, message))
}

/// Where the preprocessing number covering `at` starts (C11 6.4.8: a
/// digit or `.digit`, then letters, digits, `_`, `.`, and a sign after
/// an exponent letter); None when the token there is no number.
fn number_start(bytes: &[u8], at: usize) -> Option<usize> {
    let mut start = at;
    while start > 0 && continues_number(bytes, start - 1) {
        start -= 1;
    }
    let starts_number = bytes[start].is_ascii_digit()
        || (bytes[start] == b'.' && bytes.get(start + 1).is_some_and(u8::is_ascii_digit));
    (continues_number(bytes, at) && starts_number).then_some(start)
}

fn continues_number(bytes: &[u8], i: usize) -> bool {
    let c = bytes[i];
    c.is_ascii_alphanumeric()
        || c == b'_'
        || c == b'.'
        || (matches!(c, b'+' | b'-') && i > 0 && matches!(bytes[i - 1], b'e' | b'E' | b'p' | b'P'))
}

fn number_end(bytes: &[u8], start: usize) -> usize {
    (start..bytes.len())
        .find(|&i| !continues_number(bytes, i))
        .unwrap_or(bytes.len())
}

/// gcc's error for a preprocessing number that is no constant, or None.
fn number_error(number: &str) -> Option<String> {
    let lower = number.to_ascii_lowercase();
    let (digits, radix) = if let Some(digits) = lower.strip_prefix("0x") {
        (digits, 16)
    } else if let Some(digits) = lower.strip_prefix("0b") {
        (digits, 2)
    } else {
        (&lower[..], 10)
    };
    // Binary digits are checked below, for gcc's message.
    let is_digit = |c: char| c.is_digit(if radix == 16 { 16 } else { 10 });
    let mantissa_end = digits
        .find(|c: char| !(is_digit(c) || c == '.'))
        .unwrap_or(digits.len());
    let (mantissa, rest) = digits.split_at(mantissa_end);
    let exponent = if radix == 16 { 'p' } else { 'e' };
    if mantissa.contains('.') || (radix != 2 && rest.starts_with(exponent)) {
        floating_error(number, rest, radix, exponent)
    } else {
        integer_error(number, mantissa, rest, radix)
    }
}

/// Without the imaginary unit (`i` or `j`, GNU), which any constant takes.
fn without_imaginary(suffix: &str) -> &str {
    suffix
        .trim_start_matches(['i', 'j'])
        .trim_end_matches(['i', 'j'])
}

/// `rest`: what follows a floating constant's digits, lowercased.
fn floating_error(number: &str, rest: &str, radix: u32, exponent: char) -> Option<String> {
    if radix == 16 && !rest.starts_with('p') {
        return Some("hexadecimal floating constants require an exponent".into());
    }
    let suffix = match rest.strip_prefix(exponent) {
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            let digits_end = e.find(|c: char| !c.is_ascii_digit()).unwrap_or(e.len());
            if digits_end == 0 {
                return Some("exponent has no digits".into());
            }
            &e[digits_end..]
        }
        None => rest,
    };
    // gcc's: C's, TS 18661's `_FloatN` ones, `__float128`'s and the
    // decimal types'.
    const VALID: &[&str] = &[
        "", "f", "l", "f16", "f32", "f64", "f128", "f32x", "f64x", "f128x", "q", "w", "df", "dd",
        "dl",
    ];
    let shown = &number[number.len() - suffix.len()..];
    (!VALID.contains(&without_imaginary(suffix)))
        .then(|| format!("invalid suffix \"{shown}\" on floating constant"))
}

/// `mantissa` and `rest`: an integer constant's digits and what follows,
/// lowercased.
fn integer_error(number: &str, mantissa: &str, rest: &str, radix: u32) -> Option<String> {
    let octal = radix == 10 && mantissa.len() > 1 && mantissa.starts_with('0');
    if let Some(bad) = mantissa.chars().find(|c| octal && !c.is_digit(8)) {
        return Some(format!("invalid digit \"{bad}\" in octal constant"));
    }
    if let Some(bad) = mantissa.chars().find(|c| radix == 2 && !c.is_digit(2)) {
        return Some(format!("invalid digit \"{bad}\" in binary constant"));
    }
    // `ll` takes one case: `lL` is no suffix.
    let mixed_ll = rest.contains("ll") && !number.contains("ll") && !number.contains("LL");
    let no_digits = mantissa.is_empty() && radix != 10;
    const VALID: &[&str] = &["", "u", "l", "ul", "lu", "ll", "ull", "llu"];
    if !no_digits && !mixed_ll && VALID.contains(&without_imaginary(rest)) {
        return None;
    }
    // `0x` alone: gcc takes the `x` for a suffix.
    let shown = if no_digits {
        &number[1..]
    } else {
        &number[number.len() - rest.len()..]
    };
    Some(format!("invalid suffix \"{shown}\" on integer constant"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_gccs_words() {
        for (number, message) in [
            ("08", "invalid digit \"8\" in octal constant"),
            ("0x", "invalid suffix \"x\" on integer constant"),
            ("0b", "invalid suffix \"b\" on integer constant"),
            ("0b102", "invalid digit \"2\" in binary constant"),
            ("1e", "exponent has no digits"),
            ("1.5e+", "exponent has no digits"),
            ("123abc", "invalid suffix \"abc\" on integer constant"),
            ("1.0fx", "invalid suffix \"fx\" on floating constant"),
            (
                "0x1.8",
                "hexadecimal floating constants require an exponent",
            ),
            ("1lL", "invalid suffix \"lL\" on integer constant"),
        ] {
            assert_eq!(number_error(number).as_deref(), Some(message), "{number}");
        }
        for good in [
            "0", "08.5", "0x1fUL", "0X1p-3", "1e10", "1.5e+3f", ".5", "1.", "10ull", "1LLU",
            "0b101", "3i", "1.0if", "017", "1.0f128", "0x1.8p1L", "1E-3",
        ] {
            assert_eq!(number_error(good), None, "{good}");
        }
    }

    #[test]
    fn the_token_at_or_before_the_failure() {
        let text = "int x = 08;";
        assert_eq!(
            error_near(text, 10),
            Some((8, "invalid digit \"8\" in octal constant".into()))
        );
        let text = "int x = 123abc;";
        assert_eq!(
            error_near(text, 11),
            Some((8, "invalid suffix \"abc\" on integer constant".into()))
        );
        assert_eq!(
            error_near("x @ 2", 2),
            Some((2, "stray '@' in program".into()))
        );
        assert_eq!(
            error_near("c = '';", 4),
            Some((4, "empty character constant".into()))
        );
        // Names with digits are no numbers; good numbers are no error.
        assert_eq!(error_near("int x2y = 3 4;", 12), None);
        assert_eq!(error_near("a8 b", 3), None);
    }
}
