//! C source text that is not UTF-8. gcc compiles bytes: a Latin-1 string
//! literal is its bytes. The front end works on `str`, so each byte that is
//! not part of valid UTF-8 becomes one private-use character
//! (U+10FF80..U+10FFFF, which no C source spells) and string and character
//! literals turn it back into the byte.

use std::path::Path;

const RAW_BASE: u32 = 0x10_FF00;

/// The text of `bytes`, every invalid UTF-8 byte kept as its stand-in.
pub fn decode(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.into_bytes();
            let mut text = String::with_capacity(bytes.len() + 16);
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                text.extend(chunk.invalid().iter().map(|&b| stand_in(b)));
            }
            text
        }
    }
}

/// Reads a source file as [`decode`] does.
pub fn read(path: &Path) -> std::io::Result<String> {
    std::fs::read(path).map(decode)
}

fn stand_in(byte: u8) -> char {
    char::from_u32(RAW_BASE + u32::from(byte)).expect("a private-use character")
}

/// The byte a stand-in character was decoded from.
pub fn raw_byte(c: char) -> Option<u8> {
    let code = u32::from(c).checked_sub(RAW_BASE)?;
    u8::try_from(code).ok().filter(|b| *b >= 0x80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_round_trip_and_valid_text_is_untouched() {
        let text = decode(b"a\"\xff\xe9\"\xc3\xa9".to_vec());
        let raw: Vec<u8> = text.chars().filter_map(raw_byte).collect();
        assert_eq!(raw, [0xff, 0xe9]);
        assert!(text.starts_with("a\"") && text.ends_with("\"é"));
        assert_eq!(raw_byte('é'), None);
    }
}
