//! Preprocessing tokens (C11 6.4.7): identifiers, pp-numbers, character
//! constants, string literals and punctuators, with comments removed and
//! line splices joined. Each token remembers its file, line and column for
//! diagnostics, whether it starts a line (directives) and whether white
//! space precedes it (stringizing and output spacing).

use std::rc::Rc;

use super::hideset::HideSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Ident,
    Number,
    Char,
    Str,
    Punct,
    /// A stray character no other kind accepts (kept, as C allows).
    Other,
    /// A string or character literal missing its closing quote.
    BadLiteral,
    /// End of one file's tokens.
    Eof,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub kind: Kind,
    pub text: Rc<str>,
    /// Index into the preprocessor's file table.
    pub file: u32,
    pub line: u32,
    pub col: u32,
    /// First token on its line.
    pub bol: bool,
    /// White space (or a comment) precedes it.
    pub space: bool,
    /// Macros that must not expand this token again (the hideset).
    pub hideset: HideSet,
    /// Came from a macro expansion (never a directive).
    pub expanded: bool,
    /// A punctuator spelled as a digraph (`<:` for `[`): it acts as the
    /// punctuator it stands for, and `#` spells it as written (C11
    /// 6.4.6p3).
    pub digraph: bool,
}

impl Token {
    pub fn is(&self, text: &str) -> bool {
        self.kind != Kind::Str && self.kind != Kind::Char && &*self.text == text
    }
}

/// A lexing error: message and 1-based line/column.
pub struct LexError {
    pub message: String,
    pub line: u32,
    pub col: u32,
}

/// Length of the longest punctuator (C11 6.4.6) at the start of `s`,
/// whose first byte is ASCII punctuation; 1 for a single character.
pub fn punctuator_len(s: &[u8]) -> usize {
    let at = |k: usize| s.get(k).copied().unwrap_or(0);
    match (at(0), at(1), at(2)) {
        (b'%', b':', b'%') if at(3) == b':' => 4,
        (b'.', b'.', b'.') | (b'<', b'<', b'=') | (b'>', b'>', b'=') => 3,
        (b'-', b'>' | b'-' | b'=', _)
        | (b'+', b'+' | b'=', _)
        | (b'<', b'<' | b'=' | b':' | b'%', _)
        | (b'>', b'>' | b'=', _)
        | (b'&', b'&' | b'=', _)
        | (b'|', b'|' | b'=', _)
        | (b'=' | b'!' | b'*' | b'/' | b'^', b'=', _)
        | (b'%', b'=' | b'>' | b':', _)
        | (b'#', b'#', _)
        | (b':', b'>', _) => 2,
        _ => 1,
    }
}

/// The digraphs (C11 6.4.6p3) and the punctuators they stand for:
/// `%:include` is a directive and `<:`, `:>` reach the parser as `[`, `]`.
const DIGRAPHS: [(&str, &str); 6] = [
    ("<:", "["),
    (":>", "]"),
    ("<%", "{"),
    ("%>", "}"),
    ("%:", "#"),
    ("%:%:", "##"),
];

fn digraph_meaning(spelling: &str) -> Option<&'static str> {
    DIGRAPHS
        .iter()
        .find(|(digraph, _)| *digraph == spelling)
        .map(|(_, meaning)| *meaning)
}

/// The digraph that spells `punctuator` (`<:` for `[`).
pub fn digraph_spelling(punctuator: &str) -> Option<&'static str> {
    DIGRAPHS
        .iter()
        .find(|(_, meaning)| *meaning == punctuator)
        .map(|(digraph, _)| *digraph)
}

/// Splits `text` (one file) into tokens. A first line starting with `#!`
/// (a script's shebang) is skipped, keeping line numbers.
pub fn tokenize(text: &str, file: u32) -> Result<Vec<Token>, LexError> {
    let mut tokens = Vec::new();
    tokenize_into(
        text,
        file,
        &mut Interner::default(),
        &mut tokens,
        TokenRules::default(),
    )?;
    Ok(tokens)
}

/// FxHash (rustc's hasher): spellings are short, SipHash would dominate.
#[derive(Default)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let word: [u8; 8] = word.try_into().expect("eight bytes");
            self.write_u64(u64::from_le_bytes(word));
        }
        // The last bytes, gathered without a call to memcpy.
        let tail = words.remainder();
        if !tail.is_empty() {
            let word = tail
                .iter()
                .rev()
                .fold(0u64, |word, &byte| word << 8 | u64::from(byte));
            self.write_u64(word);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.write_u64(u64::from(byte));
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// One shared `Rc<str>` per distinct spelling, so a token costs no
/// allocation of its own (most spellings repeat: keywords, punctuators,
/// type names).
#[derive(Default)]
pub struct Interner {
    set: std::collections::HashSet<Rc<str>, FxBuild>,
    /// One-byte spellings (most punctuators), found without hashing.
    single: Vec<Option<Rc<str>>>,
}

impl Interner {
    pub fn intern(&mut self, text: &str) -> Rc<str> {
        if let [byte] = text.as_bytes() {
            if self.single.is_empty() {
                self.single.resize(128, None);
            }
            if let Some(slot) = self.single.get_mut(usize::from(*byte)) {
                return slot.get_or_insert_with(|| Rc::from(text)).clone();
            }
        }
        if let Some(shared) = self.set.get(text) {
            return shared.clone();
        }
        let shared: Rc<str> = Rc::from(text);
        self.set.insert(shared.clone());
        shared
    }
}

/// [`tokenize`], sharing spellings through `interner` and appending to
/// `tokens` (the preprocessor's own stack: a buffer per file cost fresh
/// pages for every header). Null characters outside literals are blanks,
/// as in gcc; the line and column of each run of them, and of each
/// literal holding some (`true`), are returned, for gcc's warnings.
pub fn tokenize_into(
    text: &str,
    file: u32,
    interner: &mut Interner,
    tokens: &mut Vec<Token>,
    rules: TokenRules,
) -> Result<Vec<(u32, u32, bool)>, LexError> {
    let mut nuls = Vec::new();
    let (spliced, splices) = splice(text);
    let src = spliced.as_bytes();
    tokens.reserve(text.len() / 8);
    let mut i = 0;
    let mut lines = Lines {
        splices: &splices,
        next: 0,
        line: 1,
        line_start: 0,
    };
    let mut bol = true;
    let mut space = false;
    if src.starts_with(b"#!") {
        i = src.iter().position(|&b| b == b'\n').unwrap_or(src.len());
    }
    while i < src.len() {
        let c = src[i];
        if c == b'\n' {
            lines.newline_at(i);
            i += 1;
            bol = true;
            space = false;
            continue;
        }
        if c == b' ' || c == b'\t' || c == b'\r' || c == 0x0b || c == 0x0c {
            i += 1;
            space = true;
            continue;
        }
        if c == 0 {
            if i == 0 || src[i - 1] != 0 {
                lines.splices_upto(i);
                nuls.push((lines.line, lines.col(i), false));
            }
            i += 1;
            space = true;
            continue;
        }
        if src[i..].starts_with(b"//") {
            while i < src.len() && src[i] != b'\n' {
                i += 1;
            }
            space = true;
            continue;
        }
        if src[i..].starts_with(b"/*") {
            lines.splices_upto(i);
            let Some(end) = memchr::memmem::find(&src[i + 2..], b"*/") else {
                return Err(LexError {
                    message: "unterminated comment".into(),
                    line: lines.line,
                    col: lines.col(i),
                });
            };
            let close = i + 2 + end;
            for k in memchr::memchr_iter(b'\n', &src[i..close]) {
                lines.newline_at(i + k);
            }
            i = close + 2;
            space = true;
            continue;
        }
        lines.splices_upto(i);
        let (line, col) = (lines.line, lines.col(i));
        let start = i;
        let kind = scan(src, &mut i, rules).map_err(|message| LexError { message, line, col })?;
        // An escape may step past the end of the text or into a UTF-8
        // sequence (`"\` at EOF, `'\é'`): end the token on a character.
        i = i.min(src.len());
        while !spliced.is_char_boundary(i) {
            i += 1;
        }
        let spelling = &spliced[start..i];
        if matches!(kind, Kind::Str | Kind::Char) && spelling.contains('\0') {
            nuls.push((line, col, true));
        }
        let meaning = match kind {
            Kind::Punct => digraph_meaning(spelling),
            _ => None,
        };
        let text = meaning.unwrap_or(spelling);
        tokens.push(Token {
            kind,
            text: interner.intern(text),
            file,
            line,
            col,
            bol,
            space,
            hideset: HideSet::EMPTY,
            expanded: false,
            digraph: meaning.is_some(),
        });
        bol = false;
        space = false;
    }
    lines.splices_upto(src.len());
    let line = lines.line;
    tokens.push(Token {
        kind: Kind::Eof,
        text: Rc::from(""),
        file,
        line,
        col: 1,
        bol: true,
        space: false,
        hideset: HideSet::EMPTY,
        expanded: false,
        digraph: false,
    });
    Ok(nuls)
}

/// Joins backslash-newline line splices (C11 5.1.1.2 phase 2). Returns
/// the joined text and, for each splice, the offset in it where the next
/// physical line begins, so tokens keep their physical line and column.
fn splice(text: &str) -> (std::borrow::Cow<'_, str>, Vec<usize>) {
    let has = |needle: &[u8]| memchr::memmem::find(text.as_bytes(), needle).is_some();
    if !has(b"\\\n") && !has(b"\\\r\n") {
        return (std::borrow::Cow::Borrowed(text), Vec::new());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut splices = Vec::new();
    let mut i = 0;
    // Whole runs up to each backslash are copied at once.
    while let Some(at) = memchr::memchr(b'\\', &bytes[i..]) {
        let backslash = i + at;
        out.extend_from_slice(&bytes[i..backslash]);
        let splice_len = match (bytes.get(backslash + 1), bytes.get(backslash + 2)) {
            (Some(b'\n'), _) => 2,
            (Some(b'\r'), Some(b'\n')) => 3,
            _ => 0,
        };
        if splice_len > 0 {
            splices.push(out.len());
            i = backslash + splice_len;
        } else {
            out.push(b'\\');
            i = backslash + 1;
        }
    }
    out.extend_from_slice(&bytes[i..]);
    // Only ASCII bytes were removed, so the text is still UTF-8.
    let out = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (std::borrow::Cow::Owned(out), splices)
}

/// Physical line tracking across newlines and removed splices.
struct Lines<'a> {
    splices: &'a [usize],
    next: usize,
    line: u32,
    line_start: usize,
}

impl Lines<'_> {
    /// Counts the splices at or before `pos`.
    fn splices_upto(&mut self, pos: usize) {
        while self.next < self.splices.len() && self.splices[self.next] <= pos {
            self.line += 1;
            self.line_start = self.splices[self.next];
            self.next += 1;
        }
    }

    fn newline_at(&mut self, pos: usize) {
        self.splices_upto(pos);
        self.line += 1;
        self.line_start = pos + 1;
    }

    fn col(&self, pos: usize) -> u32 {
        (pos - self.line_start + 1) as u32
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_ident_char(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit()
}

/// Scans one token starting at `*i`, advancing past it.
/// What an older standard's tokens lack, as gcc reads them under its
/// `-std=`: digraphs (C94's, and GNU C89's) and the `p+` of a hexadecimal
/// float's exponent in a number (C99's, and GNU C89's).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenRules {
    pub no_digraphs: bool,
    pub no_hex_float_exponents: bool,
}

/// Scans the token at `i`.
fn scan(src: &[u8], i: &mut usize, rules: TokenRules) -> Result<Kind, String> {
    let c = src[*i];
    // String and character literals, with any encoding prefix.
    let at = |k: usize| src.get(*i + k).copied().unwrap_or(0);
    let prefix = match c {
        b'"' | b'\'' => Some(0),
        b'u' if at(1) == b'8' && matches!(at(2), b'"' | b'\'') => Some(2),
        b'u' | b'U' | b'L' if matches!(at(1), b'"' | b'\'') => Some(1),
        _ => None,
    };
    if let Some(len) = prefix {
        let quote = at(len);
        *i += len;
        return quoted(src, i, quote);
    }
    if is_ident_start(c) {
        while *i < src.len() && is_ident_char(src[*i]) {
            *i += 1;
        }
        return Ok(Kind::Ident);
    }
    if c.is_ascii_digit() || (c == b'.' && src.get(*i + 1).is_some_and(u8::is_ascii_digit)) {
        *i += 1;
        while *i < src.len() {
            let b = src[*i];
            let exponent = matches!(b, b'+' | b'-')
                && matches!(src[*i - 1], b'e' | b'E' | b'p' | b'P')
                && (!rules.no_hex_float_exponents || matches!(src[*i - 1], b'e' | b'E'));
            // C23's digit separator (`1'000'000`), which gcc 12 takes.
            let separator = b == b'\'' && src.get(*i + 1).is_some_and(|&n| is_ident_char(n));
            if is_ident_char(b) || b == b'.' || exponent || separator {
                *i += 1;
            } else {
                break;
            }
        }
        return Ok(Kind::Number);
    }
    if c.is_ascii_punctuation() {
        let len = punctuator_len(&src[*i..]);
        let spelling = std::str::from_utf8(&src[*i..*i + len]).unwrap_or("");
        // A digraph's first character is a punctuator of its own.
        let digraph = rules.no_digraphs && digraph_meaning(spelling).is_some();
        *i += if digraph { 1 } else { len };
        return Ok(Kind::Punct);
    }
    // A stray character: consume the rest of its UTF-8 sequence as one token.
    *i += 1;
    while *i < src.len() && (src[*i] & 0xc0) == 0x80 {
        *i += 1;
    }
    Ok(Kind::Other)
}

fn quoted(src: &[u8], i: &mut usize, quote: u8) -> Result<Kind, String> {
    *i += 1;
    while *i < src.len() && src[*i] != quote {
        if src[*i] == b'\n' {
            break;
        }
        if src[*i] == b'\\' {
            *i += 1;
        }
        *i += 1;
    }
    if src.get(*i) != Some(&quote) {
        // The rest of the line: an error only if it reaches the output,
        // as in gcc (`#if 0` blocks and `#error don't` may hold these).
        return Ok(Kind::BadLiteral);
    }
    *i += 1;
    Ok(if quote == b'"' { Kind::Str } else { Kind::Char })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        tokenize(src, 0)
            .ok()
            .unwrap()
            .iter()
            .filter(|t| t.kind != Kind::Eof)
            .map(|t| t.text.to_string())
            .collect()
    }

    #[test]
    fn splits_tokens_and_drops_comments() {
        assert_eq!(
            texts("a+=b /* c */ ->x // d\n1.5e+3 u8\"s\" L'c' ..."),
            ["a", "+=", "b", "->", "x", "1.5e+3", "u8\"s\"", "L'c'", "..."]
        );
    }

    #[test]
    fn splices_and_lines() {
        let tokens = tokenize("a \\\nb\nc /* \\\n\n */ d\\\r\n  e", 0)
            .ok()
            .unwrap();
        // b sits at the start of physical line 2, spliced onto line 1.
        assert_eq!(
            (
                &*tokens[1].text,
                tokens[1].line,
                tokens[1].col,
                tokens[1].bol
            ),
            ("b", 2, 1, false)
        );
        assert_eq!((tokens[2].line, tokens[2].bol), (3, true));
        assert_eq!(
            (&*tokens[3].text, tokens[3].line, tokens[3].col),
            ("d", 5, 5)
        );
        assert_eq!(
            (&*tokens[4].text, tokens[4].line, tokens[4].col),
            ("e", 6, 3)
        );
    }

    #[test]
    fn shebang_is_skipped() {
        let tokens = tokenize("#!/usr/bin/env kit\nint x;", 0).ok().unwrap();
        assert_eq!(&*tokens[0].text, "int");
        assert_eq!(tokens[0].line, 2);
    }

    #[test]
    fn unterminated_literals_are_marked_and_comments_are_errors() {
        let tokens = tokenize("\"abc\nx", 0).ok().unwrap();
        assert_eq!(
            (tokens[0].kind, &*tokens[0].text),
            (Kind::BadLiteral, "\"abc")
        );
        assert_eq!(&*tokens[1].text, "x");
        assert!(tokenize("/* never", 0).is_err());
    }
}
