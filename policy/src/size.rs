//! SIZE values (`--wasm-memory-max=512M`) and their human-readable form.
//!
//! A SIZE is a byte count with an optional K, M, G or T suffix in powers of
//! 1024. `KiB`, `k` and `KB` spellings are accepted for the same unit (as
//! in most tools, `KB` here means KiB). Zero is refused: a zero limit is
//! always a typo, and `--wasm-fs=none`-style flags exist to deny outright.

use humansize::{format_size, BINARY};

/// Parses a SIZE; the error says what was expected.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let digits_end = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (digits, suffix) = trimmed.split_at(digits_end);
    let expected = || {
        format!(
            "{text:?} is not a SIZE (a byte count with an optional K, M, G or T suffix, e.g. 64M)"
        )
    };
    if digits.is_empty() {
        return Err(expected());
    }
    let shift = match suffix.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(expected()),
    };
    let count: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?} is too large for a SIZE"))?;
    if count == 0 {
        return Err(format!(
            "{text:?} is zero; a SIZE must be at least one byte"
        ));
    }
    count
        .checked_mul(1u64 << shift)
        .ok_or_else(|| format!("{text:?} is too large for a SIZE"))
}

/// A byte count in binary units, as messages print it: `1 GiB`, `512 KiB`.
pub fn human(bytes: u128) -> String {
    match u64::try_from(bytes) {
        Ok(bytes) => format_size(bytes, BINARY),
        Err(_) => format!("{bytes} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_powers_of_1024() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("64k"), Ok(64 << 10));
        assert_eq!(parse_size("64KiB"), Ok(64 << 10));
        assert_eq!(parse_size("64KB"), Ok(64 << 10));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("2T"), Ok(2 << 40));
    }

    #[test]
    fn malformed_zero_and_overflow_are_refused() {
        for bad in ["", "M", "12Q", "-1", "1.5G", "0", "0M", "99999999999T"] {
            assert!(parse_size(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn human_uses_binary_units() {
        assert_eq!(human(1 << 30), "1 GiB");
        assert_eq!(human(2 << 30), "2 GiB");
        assert_eq!(human(64 << 20), "64 MiB");
    }
}
