//! Rewrites of GNU constructs the C parser (lang-c) cannot parse, done on
//! the preprocessed text just before parsing (so every input path, kit's
//! preprocessor or a `gcc -E` file, gets them):
//!
//! - `&&label`, a label's address, where an operand starts, becomes
//!   `__builtin_kit_label_address(label)`;
//! - `goto *expr;` becomes `__builtin_kit_goto(expr);`;
//! - `(__attribute__((x)) *` in a declarator becomes `(* __attribute__((x))`;
//! - a file-scope `asm("...")` of directives alone is blanked, any other
//!   becomes the declaration `extern int __kit_file_scope_asm
//!   __asm__("...")`, whose label the compiler assembles;
//! - a statement that is only `__attribute__((fallthrough))` (or
//!   `unused` after a label) is blanked to the null statement;
//! - `struct __attribute__((packed)) s { ... }` becomes
//!   `struct s { ... } __attribute__((packed))` (lang-c takes attributes
//!   only after the body; the attribute's text is blanked where it was),
//!   and so for `union` and `enum`;
//! - GNU's `\e` escape (ESC) becomes `\033`; universal character names
//!   (`\u00e9`, `\U0001F600`) in string and character literals, which
//!   lang-c rejects, become the characters they name (in UTF-8, as a
//!   source may spell them): the literal's own encoding then makes its
//!   units, one character however many units it needs (two in UTF-16 for
//!   `\U0001F600`), also when narrow and wide pieces are joined;
//! - identifiers with `$`, UTF-8 letters or universal character names
//!   (`été`, `\u00e9t\u00e9`), which lang-c rejects, are spelled in ASCII
//!   (see `extended_identifier`; their symbols are so spelled too);
//! - GNU's `__thread` becomes C11's `_Thread_local`, and GNU C's `asm`
//!   keyword (before `(` or a qualifier) `__asm__`;
//! - `__alignof__(x)` (also `__alignof`, `_Alignof`) becomes
//!   `_Alignof(__typeof__(x))`: GNU allows an expression there, lang-c
//!   only a type name, and typeof takes both;
//! - `__builtin_types_compatible_p(T1, T2)` (types as arguments, which
//!   lang-c cannot parse) becomes a `_Generic` over pointers to the two
//!   types, which are the same type exactly when the types are (but for
//!   their top-level qualifiers, which the lowering ignores there);
//! - `__builtin_convertvector(v, T)` (a type as argument) becomes
//!   `__builtin_kit_convertvector(v, (__typeof__(T) *)0)`, the target
//!   type carried by a null pointer's type;
//! - GNU local labels (`__label__ out;`) are renamed uniquely within their
//!   block and the declaration dropped;
//! - GNU's `x ?: y` becomes `x ? __builtin_kit_condition : y`, which the
//!   lowering reads as "the condition's value" (evaluated once);
//! - `_Static_assert(e)` without a message (C23, which gcc takes) gets an
//!   empty one;
//! - `__auto_type x = e` becomes `__typeof__(e) x = e` (typeof does not
//!   evaluate its operand);
//! - `_Alignas(X)` becomes `__attribute__((__kit_alignas__((__typeof__(X)
//!   *)0)))`: GNU's `aligned` under a name that keeps C11's limits on
//!   where it may appear (lang-c rejects `_Alignas` on struct members; the
//!   attribute means the same everywhere), with an argument that parses
//!   whether `X` is a type (typedef names included) or an expression;
//! - `__int128`, `signed __int128`, `__int128_t` become `__kit_int128`,
//!   and `unsigned __int128`, `__uint128_t` become `__kit_uint128`: lang-c
//!   knows no such keyword, so a first line declares the two names as
//!   typedefs for the parser, and `Scopes::define_typedef` gives them the
//!   128-bit types.
//!
//! - GNU's `__real__ x` and `__imag__ x` (also `__real`, `__imag`) become
//!   `__builtin_kit_real(x)` and `__builtin_kit_imag(x)`, the call closing
//!   where the operand (a cast-expression) ends; they are lvalues when
//!   `x` is.
//!
//! - a label before `}` or before a declaration (C23, which gcc takes in
//!   every mode) gets a null statement, `lbl: ;`, which lang-c requires
//!   (`T *p;` counts too: read as a product, its value unused, it means
//!   the same after a null statement);
//! - C23's `u8'c'` becomes `((unsigned char)'c')` (in every mode; gcc
//!   12 takes it only with -std=c2x);
//! - C23's `[[...]]` attribute specifiers become GNU attributes first
//!   (see standard_attributes.rs).
//!
//! The builtins are lowered in builtins.rs. Line structure is kept, so
//! line markers and diagnostics still map into the user's files.

use std::borrow::Cow;

/// The typedef names 128-bit integers are spelled with for the parser.
pub const INT128: &str = "__kit_int128";

/// Words the rewrites write and what the source spelled there, so a
/// diagnostic at one finds its column on the source line.
pub const SOURCE_SPELLING: &[(&str, &str)] = &[
    ("__kit_alignas__", "_Alignas"),
    ("__builtin_kit_goto", "goto"),
    ("__builtin_kit_real", "__real__"),
    ("__builtin_kit_imag", "__imag__"),
];
pub const UINT128: &str = "__kit_uint128";

/// What the `_Generic` that `__builtin_types_compatible_p(a, b)` becomes
/// casts to a pointer to `a` (`(a *)"..."`): it tells the lowering to
/// ignore the top-level qualifiers of `a` and `b`, as gcc does.
pub const TYPES_COMPATIBLE: &str = "\"__kit_types_compatible\"";

/// What `x ?: y` is spelled with in the middle (`x ? CONDITION : y`):
/// the lowering reads it as the condition's value.
pub const CONDITION: &str = "__builtin_kit_condition";

/// The line that makes lang-c parse the two names as types.
const INT128_PRELUDE: &str = "typedef long __kit_int128; typedef unsigned long __kit_uint128;\n";

/// The text with every rewrite applied (borrowed when nothing applies),
/// C23's attribute specifiers first (standard_attributes.rs).
pub fn rewrite(text: &str) -> Cow<'_, str> {
    match super::standard_attributes::rewrite(text) {
        Cow::Borrowed(text) => gnu_rewrite(text),
        Cow::Owned(text) => Cow::Owned(gnu_rewrite(&text).into_owned()),
    }
}

/// The rewrites of GNU constructs listed above.
fn gnu_rewrite(text: &str) -> Cow<'_, str> {
    if !text.contains("&&")
        && !text.contains("goto")
        && !text.contains(':')
        && !text.contains("__attribute")
        && !text.contains("int128")
        && !text.contains("__thread")
        && !text.contains("_Alignas")
        && !text.contains("__auto_type")
        && !text.contains("lignof")
        && !text.contains("__builtin_types_compatible_p")
        && !text.contains("__builtin_convertvector")
        && !text.contains("_Static_assert")
        && !has_missing_middle_operand(text)
        && !text.contains("__label__")
        && !text.contains("asm")
        && !text.contains("__real")
        && !text.contains("__imag")
        && !text.contains("\\u")
        && !text.contains("u8'")
        && !has_gnu_escape(text)
        && !text.contains("\\U")
        && !text.contains('$')
        && text.is_ascii()
    {
        return Cow::Borrowed(text);
    }
    let mut out = rewritten(text);
    if out.contains(INT128) || out.contains(UINT128) {
        out.insert_str(0, INT128_PRELUDE);
    }
    Cow::Owned(out)
}

/// `text` with every rewrite applied (a whole unit, or a piece of one
/// copied elsewhere, as `__auto_type`'s initializer into its typeof).
fn rewritten(text: &str) -> String {
    let mut scan = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        out: String::with_capacity(text.len() + 64),
        operand_ended: false,
        depth: 0,
        open_gotos: Vec::new(),
        local_labels: Vec::new(),
        local_label_count: 0,
        part_closes: Vec::new(),
        asm_goto_tail: None,
        open_conditionals: Vec::new(),
    };
    scan.run();
    scan.out
}

/// Whether `c` can be part of an identifier (one that `text` ends with).
fn is_word_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

/// Whether `text` may hold an escape lang-c rejects: GNU's `\e`, or an
/// unknown one such as `\j` (a backslash before a letter that starts no
/// C escape).
fn has_gnu_escape(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\\' && w[1].is_ascii_alphabetic() && !C_ESCAPE_LETTERS.contains(&w[1]))
}

/// The letters that follow a backslash in C's escapes.
const C_ESCAPE_LETTERS: &[u8] = b"abfnrtvxuU";

/// Whether `text` may hold GNU's `x ?: y` (a `?` whose next non-blank
/// character is `:`); the cheap test that spares most files the rewrite
/// pass, as nearly every one has a plain `?:`.
fn has_missing_middle_operand(text: &str) -> bool {
    text.match_indices('?')
        .any(|(at, _)| text[at + 1..].trim_start().starts_with(':'))
}

/// The offset of the first comma of `text` outside brackets and
/// literals (the one that separates two operands).
fn top_level_comma(text: &str) -> Option<usize> {
    find_unquoted(text, |c, depth| c == ',' && depth == 0)
}

/// Where the first character outside quotes for which `found(c, depth)`
/// holds is, `depth` counting the brackets open after `c`.
fn find_unquoted(text: &str, mut found: impl FnMut(char, i32) -> bool) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote = None;
    let mut escaped = false;
    for (k, c) in text.char_indices() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            _ => {}
        }
        if quote.is_none() && found(c, depth) {
            return Some(k);
        }
    }
    None
}

/// `__typeof__(operand)`, the operand rewritten too. An operand that is
/// a whole `typeof(...)`, maybe with pointers after it, stays as it is:
/// lang-c reads a `typeof` inside `typeof(...)` as a call.
fn typeof_of(operand: &str) -> String {
    // Not trimmed: the operand may end in a line marker, which `)` must
    // not join.
    let operand = rewritten(operand);
    let whole = ["__typeof__", "__typeof", "typeof"]
        .iter()
        .find_map(|keyword| operand.trim().strip_prefix(keyword))
        .map(str::trim_start)
        .filter(|rest| rest.starts_with('('))
        .and_then(|rest| {
            // The typeof may be followed by pointers (`typeof(x) *const`).
            let close = find_unquoted(rest, |c, depth| c == ')' && depth == 0)?;
            let after = &rest[close + 1..];
            Some(super::parse::pointers_len(after) == after.len())
        });
    match whole {
        Some(true) => operand,
        _ => format!("__typeof__({operand})"),
    }
}

/// An identifier with characters lang-c does not take (`$`, `é` in UTF-8
/// or as `\u00e9`) spelled in ASCII: each such character becomes
/// `__U<hex>_`, the same for both spellings of a character, as C
/// requires (6.4.2.1).
fn extended_identifier(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 8);
    let mut rest = word;
    while let Some(c) = rest.chars().next() {
        let (code, len) = match rest.as_bytes() {
            [b'\\', b'u' | b'U', ..] => {
                let digits = if rest.as_bytes()[1] == b'u' { 4 } else { 8 };
                let code = u32::from_str_radix(&rest[2..2 + digits], 16).unwrap_or(0);
                (Some(code), 2 + digits)
            }
            _ if c == '_' || c.is_ascii_alphanumeric() => (None, 1),
            _ => (Some(u32::from(c)), c.len_utf8()),
        };
        match code {
            Some(code) => out.push_str(&format!("__U{code:x}_")),
            None => out.push(c),
        }
        rest = &rest[len..];
    }
    out
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    out: String,
    /// The last token ends an operand (so `&&` is logical and).
    operand_ended: bool,
    /// Bracket nesting, and the depths where a rewritten `goto *` call
    /// waits for its `;`.
    depth: usize,
    open_gotos: Vec<usize>,
    /// GNU local labels (`__label__ out;`) in force: the name, its
    /// spelling in this block, and the depth of the block declaring it.
    local_labels: Vec<(String, String, usize)>,
    /// An `asm goto`'s label list: from where (its `:`) to where (the
    /// closing `)`) the text is replaced by what (see `asm_goto`).
    asm_goto_tail: Option<(usize, usize, String)>,
    /// The depths of the `?`s whose `:` is still to come: that `:` is
    /// no label's.
    open_conditionals: Vec<usize>,
    local_label_count: usize,
    /// Where the operands of rewritten `__real__`/`__imag__` end, the
    /// innermost last: a `)` is due there.
    part_closes: Vec<usize>,
}

/// Words that start a type name, telling a cast `(double) x` from a
/// parenthesized expression `(x)` (typedef names are not known here).
const TYPE_WORDS: &[&[u8]] = &[
    b"void",
    b"char",
    b"short",
    b"int",
    b"long",
    b"float",
    b"double",
    b"signed",
    b"unsigned",
    b"_Bool",
    b"_Complex",
    b"__complex__",
    b"struct",
    b"union",
    b"enum",
    b"const",
    b"volatile",
    b"typeof",
    b"__typeof__",
    b"__typeof",
    b"__int128",
];

impl Scanner<'_> {
    fn run(&mut self) {
        let mut line_start = true;
        while self.pos < self.bytes.len() {
            while self.part_closes.last().is_some_and(|&end| self.pos >= end) {
                self.out.push(')');
                self.part_closes.pop();
            }
            if let Some((from, to, _)) = &self.asm_goto_tail {
                if self.pos >= *from {
                    let to = *to;
                    let (_, _, text) = self.asm_goto_tail.take().expect("checked");
                    self.out.push_str(&text);
                    self.pos = to;
                    continue;
                }
            }
            let c = self.bytes[self.pos];
            if line_start && c == b'#' {
                // A line marker: copied as it is.
                let end = self.find(b'\n');
                self.copy(end);
                continue;
            }
            line_start = c == b'\n';
            match c {
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c' => self.copy(self.pos + 1),
                b'\''
                    if self.out.ends_with("u8")
                        && !self.out[..self.out.len() - 2].ends_with(is_word_char) =>
                {
                    // C23's `u8'c'`, which lang-c does not know: a
                    // character constant of type unsigned char.
                    self.out.truncate(self.out.len() - 2);
                    self.out.push_str("((unsigned char)");
                    let end = self.literal_end(self.pos, c);
                    self.literal(end);
                    self.out.push(')');
                    self.operand_ended = true;
                }
                b'"' | b'\'' => {
                    let end = self.literal_end(self.pos, c);
                    self.literal(end);
                    self.operand_ended = true;
                }
                c if c == b'_' || c == b'$' || c.is_ascii_alphabetic() || c >= 0x80 => {
                    self.identifier()
                }
                b'\\' if self.ucn_len(self.pos).is_some() => self.identifier(),
                c if c.is_ascii_digit()
                    || (c == b'.'
                        && self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit)) =>
                {
                    let end = self.number_end();
                    self.copy(end);
                    self.operand_ended = true;
                }
                _ => self.punctuator(),
            }
        }
        for _ in self.part_closes.drain(..) {
            self.out.push(')');
        }
    }

    /// Copies the literal ending at `end`, spelling universal character
    /// names as the characters they name.
    fn literal(&mut self, end: usize) {
        let body = &self.bytes[self.pos..end.min(self.bytes.len())];
        let mut k = 0;
        while k < body.len() {
            let digits = match body.get(k..k + 2) {
                Some(b"\\u") => 4,
                Some(b"\\U") => 8,
                // GNU's escape for ESC, which lang-c does not know.
                Some(b"\\e" | b"\\E") => {
                    self.out.push_str("\\033");
                    k += 2;
                    continue;
                }
                // An unknown escape (`\j`) stands for its character, as
                // in gcc (which warns); lang-c rejects it.
                Some([b'\\', c]) if c.is_ascii_alphabetic() && !C_ESCAPE_LETTERS.contains(c) => {
                    self.out.push(char::from(*c));
                    k += 2;
                    continue;
                }
                Some([b'\\', _]) => {
                    self.out
                        .push_str(std::str::from_utf8(&body[k..k + 2]).unwrap_or(""));
                    k += 2;
                    continue;
                }
                _ => 0,
            };
            let code = std::str::from_utf8(body.get(k + 2..k + 2 + digits).unwrap_or(b""))
                .ok()
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32);
            match code {
                Some(c) if digits > 0 => {
                    self.out.push(c);
                    k += 2 + digits;
                }
                _ => {
                    // The text up to the next escape as it is: a backslash
                    // is ASCII, so the run ends on a character boundary
                    // (taking it one character at a time, each validated
                    // with the rest, made a long literal quadratic).
                    let run = body[k + 1..]
                        .iter()
                        .position(|&b| b == b'\\')
                        .map_or(body.len(), |n| k + 1 + n);
                    self.out
                        .push_str(std::str::from_utf8(&body[k..run]).unwrap_or(""));
                    k = run;
                }
            }
        }
        self.pos = end.min(self.bytes.len());
    }

    fn identifier(&mut self) {
        let end = self.word_end(self.pos);
        let word = std::str::from_utf8(&self.bytes[self.pos..end]).unwrap_or("");
        if !word.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric()) {
            self.out.push_str(&extended_identifier(word));
            self.pos = end;
            self.operand_ended = true;
            return;
        }
        if word == "goto" && self.next_significant(end) == Some(b'*') {
            let star = self.skip_blanks(end);
            self.out.push_str("__builtin_kit_goto(");
            self.pos = star + 1;
            self.open_gotos.push(self.depth);
            self.depth += 1;
            self.operand_ended = false;
            return;
        }
        if matches!(word, "struct" | "union" | "enum") && self.move_record_attribute(end) {
            return;
        }
        if matches!(word, "__attribute__" | "__attribute") && self.statement_attribute(end) {
            return;
        }
        if word == "_Alignas" && self.alignas(end) {
            return;
        }
        if matches!(word, "__alignof__" | "__alignof" | "_Alignof") && self.alignof(end) {
            return;
        }
        if word == "__builtin_types_compatible_p" && self.types_compatible(end) {
            return;
        }
        if word == "__builtin_convertvector" && self.convert_vector(end) {
            return;
        }
        if word == "_Static_assert" && self.static_assert(end) {
            return;
        }
        if word == "__auto_type" && self.auto_type(end) {
            return;
        }
        if word == "__label__" && self.local_label(end) {
            return;
        }
        if let Some((_, spelling, _)) = self.local_labels.iter().rev().find(|(n, _, _)| n == word) {
            self.out.push_str(spelling);
            self.pos = end;
            self.operand_ended = true;
            return;
        }
        if matches!(word, "__real__" | "__real" | "__imag__" | "__imag") {
            if let Some(operand_end) = self.cast_operand_end(end) {
                let part = if word.starts_with("__real") {
                    "real"
                } else {
                    "imag"
                };
                self.out.push_str(&format!("__builtin_kit_{part}("));
                self.pos = end;
                self.part_closes.push(operand_end);
                self.operand_ended = false;
                return;
            }
        }
        let gnu_asm = matches!(word, "__asm__" | "__asm");
        if (word == "asm" || gnu_asm) && self.depth == 0 && self.file_scope_asm(end) {
            return;
        }
        if (word == "asm" || gnu_asm) && self.asm_keyword(end) {
            self.out.push_str("__asm__");
            self.pos = end;
            self.asm_goto(end);
            self.blank_asm_qualifiers(end);
            self.operand_ended = false;
            return;
        }
        if word == "__thread" {
            self.out.push_str("_Thread_local");
            self.pos = end;
            self.operand_ended = false;
            return;
        }
        if let Some((spelling, consumed)) = self.int128(word, end) {
            self.out.push_str(spelling);
            self.pos = consumed;
            self.operand_ended = false;
            return;
        }
        self.operand_ended = !matches!(word, "return" | "case" | "sizeof" | "goto");
        self.copy(end);
    }

    /// The `__attribute__((...))` starting after the blanks at `from`:
    /// where it starts and just past its last `)`.
    fn attribute_at(&self, from: usize) -> Option<(usize, usize)> {
        let start = self.skip_blanks(from);
        if !self.bytes[start..].starts_with(b"__attribute") {
            return None;
        }
        let open = start + self.bytes[start..].iter().position(|b| *b == b'(')?;
        Some((start, self.matching(open, b'(', b')')?))
    }

    /// At `struct`/`union` ending at `word_end`: when attributes come
    /// before the tag and a body follows, writes the specifier with the
    /// attributes after the body's `}`.
    fn move_record_attribute(&mut self, word_end: usize) -> bool {
        let Some((start, mut attribute_end)) = self.attribute_at(word_end) else {
            return false;
        };
        // `struct __attribute__((aligned(8))) __attribute__((packed)) s`
        while let Some((_, end)) = self.attribute_at(attribute_end) {
            attribute_end = end;
        }
        let mut body = self.skip_blanks(attribute_end);
        if self.starts_word(body) {
            body = self.skip_blanks(self.word_end(body));
        }
        if self.bytes.get(body) != Some(&b'{') {
            return false;
        }
        let Some(body_end) = self.matching(body, b'{', b'}') else {
            return false;
        };
        let attribute = self.text(start, attribute_end);
        self.copy(word_end);
        for &b in &self.bytes[word_end..attribute_end] {
            self.out.push(if b == b'\n' { '\n' } else { ' ' });
        }
        self.pos = attribute_end;
        self.copy(body_end);
        self.out.push(' ');
        // Rewritten too: `cleanup(g$)` names an extended identifier.
        self.out.push_str(&rewritten(&attribute));
        self.operand_ended = false;
        true
    }

    /// The parenthesized operand after a keyword ending at `end` (line
    /// markers of `gcc -E` may come between): the `(` and just past `)`.
    fn parenthesized(&self, end: usize) -> Option<(usize, usize)> {
        let open = self.skip_blanks_and_markers(end);
        if self.bytes.get(open) != Some(&b'(') {
            return None;
        }
        Some((open, self.matching(open, b'(', b')')?))
    }

    /// The text between `from` and `to`.
    fn text(&self, from: usize, to: usize) -> String {
        String::from_utf8_lossy(&self.bytes[from..to]).into_owned()
    }

    /// `__builtin_types_compatible_p(a, b)` with the name ending at `end`.
    fn types_compatible(&mut self, end: usize) -> bool {
        let Some((a, b, close)) = self.two_arguments(end) else {
            return false;
        };
        let (a, b) = (typeof_of(&a), typeof_of(&b));
        self.replace_call(
            format!("_Generic(({a} *){TYPES_COMPATIBLE}, {b} *: 1, default: 0)"),
            close,
        )
    }

    /// The two arguments of a call whose name ends at `end` (the second
    /// trimmed), and where its `)` is.
    fn two_arguments(&self, end: usize) -> Option<(String, String, usize)> {
        let (open, close) = self.parenthesized(end)?;
        let inner = self.text(open + 1, close - 1);
        let comma = top_level_comma(&inner)?;
        let second = inner[comma + 1..].trim().to_owned();
        Some((inner[..comma].to_owned(), second, close))
    }

    /// Writes `replacement` for a call that ends at `close`, an operand.
    fn replace_call(&mut self, replacement: String, close: usize) -> bool {
        self.out.push_str(&replacement);
        self.pos = close;
        self.operand_ended = true;
        true
    }

    /// `__builtin_convertvector(v, T)` with the name ending at `end`.
    fn convert_vector(&mut self, end: usize) -> bool {
        let Some((value, ty, close)) = self.two_arguments(end) else {
            return false;
        };
        self.replace_call(
            format!(
                "__builtin_kit_convertvector({value}, ({} *)0)",
                typeof_of(&ty)
            ),
            close,
        )
    }

    /// GNU `__label__ a, b;` with the keyword ending at `end`: the
    /// declaration goes, and until its block ends each name is spelled
    /// uniquely, so a macro using a local label can appear twice in one
    /// function (labels are otherwise function-wide).
    fn local_label(&mut self, end: usize) -> bool {
        let Some(semicolon) = self.bytes[end..].iter().position(|b| *b == b';') else {
            return false;
        };
        let names = self.text(end, end + semicolon);
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            self.local_label_count += 1;
            let spelling = format!("{name}__kit_local{}", self.local_label_count);
            self.local_labels
                .push((name.to_owned(), spelling, self.depth));
        }
        // Line structure stays: only the newlines of the declaration.
        let newlines = names.matches('\n').count();
        self.out.push_str(&"\n".repeat(newlines));
        self.pos = end + semicolon + 1;
        self.operand_ended = false;
        true
    }

    /// `_Static_assert(e)` without a message (C23; gcc takes it in C11
    /// too): given an empty one, which lang-c requires.
    fn static_assert(&mut self, end: usize) -> bool {
        let Some((open, close)) = self.parenthesized(end) else {
            return false;
        };
        let inner = self.text(open + 1, close - 1);
        if top_level_comma(&inner).is_some() {
            return false;
        }
        let head = self.text(self.pos, close - 1);
        self.out.push_str(&head);
        self.out.push_str(", \"\")");
        self.pos = close;
        self.operand_ended = false;
        true
    }

    /// `__alignof__(operand)` with the keyword ending at `end`.
    fn alignof(&mut self, end: usize) -> bool {
        let Some((open, close)) = self.parenthesized(end) else {
            return false;
        };
        let operand = self.text(open + 1, close - 1);
        self.out
            .push_str(&format!("_Alignof({})", typeof_of(&operand)));
        // Line structure between keyword and operand stays as it was.
        let between = self.text(end, open);
        self.out.push_str(&between);
        self.pos = close;
        self.operand_ended = true;
        true
    }

    /// `__auto_type name = init` with the keyword ending at `end`: the type
    /// spelled as the initializer's `__typeof__`.
    fn auto_type(&mut self, end: usize) -> bool {
        let name_start = self.skip_blanks(end);
        let name_end = self.word_end(name_start);
        let equals = self.skip_blanks(name_end);
        if name_end == name_start || self.bytes.get(equals) != Some(&b'=') {
            return false;
        }
        let init_start = equals + 1;
        let mut depth = 0usize;
        let mut k = init_start;
        while let Some(&b) = self.bytes.get(k) {
            match b {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth > 0 => depth -= 1,
                b';' | b',' if depth == 0 => break,
                b'"' | b'\'' => {
                    k = self.literal_end(k, b);
                    continue;
                }
                _ => {}
            }
            k += 1;
        }
        let init = self.text(init_start, k);
        // The copy is rewritten too (a builtin that takes a type, say).
        self.out.push_str(&typeof_of(init.trim_start()));
        self.pos = end;
        self.operand_ended = false;
        true
    }

    /// `_Alignas(operand)` ending its keyword at `end`, rewritten as the
    /// `__kit_alignas__` attribute. Its argument `(__typeof__(operand)
    /// *)0` parses whether the operand is a type or an expression, and
    /// lang-c records which (read by `Scopes::alignas_operand`).
    fn alignas(&mut self, end: usize) -> bool {
        let Some((open, close)) = self.parenthesized(end) else {
            return false;
        };
        let operand = self.text(open + 1, close - 1);
        // Not `typeof_of`: `Scopes::alignas_operand` tells a type from an
        // expression by what lang-c made of `__typeof__`'s operand.
        self.out.push_str(&format!(
            "__attribute__((__kit_alignas__((__typeof__({operand}) *)0)))"
        ));
        // Line structure between keyword and operand stays as it was.
        let between = self.text(end, open);
        self.out.push_str(&between);
        self.pos = close;
        self.operand_ended = false;
        true
    }

    /// Past blanks and whole line-marker lines.
    fn skip_blanks_and_markers(&self, from: usize) -> usize {
        let mut at = self.skip_blanks(from);
        while self.bytes.get(at) == Some(&b'#') && (at == 0 || self.bytes[at - 1] == b'\n') {
            let line_end = self.bytes[at..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(self.bytes.len(), |i| at + i);
            at = self.skip_blanks(line_end);
        }
        at
    }

    /// A 128-bit integer type starting with `word` (ending at `end`): its
    /// typedef spelling and where the type's words end.
    fn int128(&self, word: &str, end: usize) -> Option<(&'static str, usize)> {
        let next = self.skip_blanks(end);
        let next_word = &self.bytes[next..self.word_end(next)];
        match word {
            "__int128" | "__int128_t" => Some((INT128, end)),
            "__uint128_t" => Some((UINT128, end)),
            "unsigned" if next_word == b"__int128" => Some((UINT128, self.word_end(next))),
            "signed" if next_word == b"__int128" => Some((INT128, self.word_end(next))),
            _ => None,
        }
    }

    /// At an attribute (ending `word_end`) that is a statement of its
    /// own, `__attribute__((fallthrough));` after a case's statements or
    /// `__attribute__((unused));` after a label, which lang-c cannot
    /// parse: blanks it, leaving the null statement. Only attributes
    /// that mean nothing to kit's code (`fallthrough`, `unused`, `hot`,
    /// `cold`) are dropped.
    fn statement_attribute(&mut self, word_end: usize) -> bool {
        let before = self.out.trim_end();
        if !before.ends_with([';', ':', '{', '}']) {
            return false;
        }
        let open = self.skip_blanks(word_end);
        if self.bytes.get(open) != Some(&b'(') {
            return false;
        }
        let Some(attribute_end) = self.matching(open, b'(', b')') else {
            return false;
        };
        if self.next_significant(attribute_end) != Some(b';') {
            return false;
        }
        let inside = self.text(open, attribute_end);
        let names = inside
            .split(|c: char| c == ',' || c == '(' || c == ')' || c.is_whitespace())
            .filter(|n| !n.is_empty());
        let harmless = |n: &str| {
            matches!(
                n.trim_matches('_'),
                "fallthrough" | "unused" | "hot" | "cold"
            )
        };
        if !names.clone().all(harmless) || names.count() == 0 {
            return false;
        }
        for &b in &self.bytes[self.pos..attribute_end] {
            self.out.push(if b == b'\n' { '\n' } else { ' ' });
        }
        self.pos = attribute_end;
        true
    }

    /// At a `(` followed by an attribute and `*` (`int (__attribute__((x))
    /// *)(void)`, which lang-c cannot parse): writes `(*` and the
    /// attribute after it, where the pointer declarator takes it.
    fn move_pointer_attribute(&mut self) -> bool {
        let Some((start, attribute_end)) = self.attribute_at(self.pos + 1) else {
            return false;
        };
        let star = self.skip_blanks(attribute_end);
        if self.bytes.get(star) != Some(&b'*') {
            return false;
        }
        let attribute = self.text(start, attribute_end);
        self.out.push_str("(* ");
        self.out.push_str(&attribute);
        self.out.push(' ');
        self.pos = star + 1;
        self.operand_ended = false;
        true
    }

    /// At a `:`: whether `}` or a declaration follows, which no use of
    /// `:` but a label's allows (a bit-field's width, the second operand
    /// of `?:` and an asm operand list start otherwise). A declaration is
    /// recognized by its first keyword, or as a typedef name and the
    /// declared name (`size_t n`); one whose typedef name is followed by
    /// `*` is not (`T *p` is also a product, and the rewrite knows no
    /// typedefs).
    fn labels_no_statement(&self) -> bool {
        const DECLARATION_STARTS: &[&str] = &[
            "_Alignas",
            "_Atomic",
            "_Bool",
            "_Complex",
            "_Noreturn",
            "_Static_assert",
            "_Thread_local",
            "__auto_type",
            "__inline",
            "__inline__",
            "__int128",
            "__thread",
            "__typeof",
            "__typeof__",
            "char",
            "const",
            "double",
            "enum",
            "extern",
            "float",
            "inline",
            "int",
            "long",
            "register",
            "restrict",
            "short",
            "signed",
            "static",
            "struct",
            "typedef",
            "typeof",
            "union",
            "unsigned",
            "void",
            "volatile",
        ];
        // Words that start a statement or an expression, never a type.
        const NOT_TYPES: &[&str] = &[
            "__alignof",
            "__alignof__",
            "__asm",
            "__asm__",
            "__builtin_offsetof",
            "__builtin_va_arg",
            "__extension__",
            "__imag",
            "__imag__",
            "__label__",
            "__real",
            "__real__",
            "_Alignof",
            "_Generic",
            "asm",
            "break",
            "case",
            "continue",
            "default",
            "do",
            "else",
            "for",
            "goto",
            "if",
            "return",
            "sizeof",
            "switch",
            "while",
        ];
        let next = self.skip_blanks_and_markers(self.pos + 1);
        match self.bytes.get(next) {
            Some(b'}') => true,
            Some(b) if *b == b'_' || b.is_ascii_alphabetic() => {
                let end = self.word_end(next);
                let word = &self.bytes[next..end];
                let is = |list: &[&str]| list.iter().any(|k| k.as_bytes() == word);
                if is(DECLARATION_STARTS) {
                    return true;
                }
                // `T x`: two words in a row are a declaration, `T` a
                // typedef name, as no expression has two.
                let after = self.skip_blanks_and_markers(end);
                !is(NOT_TYPES)
                    && (self.starts_word(after) || self.pointer_declarator_follows(after))
            }
            _ => false,
        }
    }

    /// Whether an identifier starts at `at`.
    fn starts_word(&self, at: usize) -> bool {
        self.bytes
            .get(at)
            .is_some_and(|b| *b == b'_' || b.is_ascii_alphabetic())
    }

    /// `T *p;` (also `= `, `,`, `[` after the name) at `at`, just past a
    /// word: a pointer declaration, or else a product whose value is
    /// unused, which a null statement before it does not change.
    fn pointer_declarator_follows(&self, at: usize) -> bool {
        let mut at = at;
        let mut stars = 0;
        loop {
            at = self.skip_blanks_and_markers(at);
            if self.bytes.get(at) == Some(&b'*') {
                stars += 1;
                at += 1;
                continue;
            }
            let end = self.word_end(at);
            let word = &self.bytes[at..end];
            if stars > 0 && matches!(word, b"const" | b"volatile" | b"restrict") {
                at = end;
                continue;
            }
            if stars == 0 || !self.starts_word(at) {
                return false;
            }
            let after = self.skip_blanks_and_markers(end);
            return matches!(self.bytes.get(after), Some(b';' | b'=' | b',' | b'['));
        }
    }

    /// Just past the bracket closing the one at `open`, skipping literals.
    fn matching(&self, open: usize, left: u8, right: u8) -> Option<usize> {
        let mut depth = 0usize;
        let mut i = open;
        while let Some(&b) = self.bytes.get(i) {
            match b {
                b'"' | b'\'' => {
                    i = self.literal_end(i, b);
                    continue;
                }
                _ if b == left => depth += 1,
                _ if b == right => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }

    fn punctuator(&mut self) {
        if self.bytes[self.pos] == b'(' && self.move_pointer_attribute() {
            return;
        }
        if self.bytes[self.pos] == b':' && self.open_conditionals.last() == Some(&self.depth) {
            // The `:` of a conditional expression.
            self.open_conditionals.pop();
        } else if self.bytes[self.pos] == b':' && self.labels_no_statement() {
            // A label before `}` or a declaration (C23, which gcc takes
            // in every mode): it labels a null statement.
            self.out.push_str(": ;");
            self.pos += 1;
            self.operand_ended = false;
            return;
        }
        let rest = &self.bytes[self.pos..];
        if rest.starts_with(b"&&") && !self.operand_ended {
            let start = self.skip_blanks(self.pos + 2);
            if self.starts_word(start) {
                let end = self.word_end(start);
                let label = std::str::from_utf8(&self.bytes[start..end]).unwrap_or("");
                // A local label (`__label__`) under its block's spelling.
                let local = self.local_labels.iter().rev().find(|(n, _, _)| n == label);
                let label = local.map_or(label, |(_, spelling, _)| spelling.as_str());
                // `return&&l`: not joined to the word before.
                if self.out.ends_with(is_word_char) {
                    self.out.push(' ');
                }
                self.out.push_str("__builtin_kit_label_address(");
                self.out.push_str(label);
                self.out.push(')');
                self.pos = end;
                self.operand_ended = true;
                return;
            }
        }
        let len = [b"++" as &[u8], b"--", b"&&", b"||", b"->", b"<<", b">>"]
            .iter()
            .find(|p| rest.starts_with(p))
            .map_or(1, |p| p.len());
        let token = &rest[..len];
        if token == b"?" && self.next_significant(self.pos + 1) == Some(b':') {
            // GNU `x ?: y`: the condition stands in for the missing operand.
            self.out.push_str("? ");
            self.out.push_str(CONDITION);
            self.out.push(' ');
            self.open_conditionals.push(self.depth);
            self.pos += 1;
            self.operand_ended = false;
            return;
        }
        self.operand_ended = matches!(token, b")" | b"]" | b"++" | b"--");
        match token {
            b"(" | b"[" | b"{" => self.depth += 1,
            b")" | b"]" | b"}" => {
                self.depth = self.depth.saturating_sub(1);
                // A block's local labels end with it.
                let depth = self.depth;
                self.local_labels.retain(|(_, _, d)| *d <= depth);
                self.open_conditionals.retain(|d| *d <= depth);
            }
            b"?" => self.open_conditionals.push(self.depth),
            b";" if self
                .depth
                .checked_sub(1)
                .is_some_and(|d| self.open_gotos.last() == Some(&d)) =>
            {
                // The end of a rewritten `goto *expr`: close its call.
                self.out.push(')');
                self.open_gotos.pop();
                self.depth -= 1;
            }
            _ => {}
        }
        self.copy(self.pos + len);
    }

    fn copy(&mut self, end: usize) {
        let end = end.min(self.bytes.len());
        self.out
            .push_str(std::str::from_utf8(&self.bytes[self.pos..end]).unwrap_or(""));
        self.pos = end;
    }

    fn find(&self, byte: u8) -> usize {
        self.bytes[self.pos..]
            .iter()
            .position(|b| *b == byte)
            .map_or(self.bytes.len(), |i| self.pos + i)
    }

    /// Past an identifier: letters, digits, `_`, and the extended
    /// characters (`$`, UTF-8, universal character names).
    fn word_end(&self, from: usize) -> usize {
        let mut i = from;
        while let Some(&b) = self.bytes.get(i) {
            if b == b'_' || b == b'$' || b.is_ascii_alphanumeric() || b >= 0x80 {
                i += 1;
            } else if let Some(len) = self.ucn_len(i) {
                i += len;
            } else {
                break;
            }
        }
        i
    }

    /// The length of a universal character name (`\u` and 4 hex digits,
    /// `\U` and 8) at `at`.
    fn ucn_len(&self, at: usize) -> Option<usize> {
        let digits = match self.bytes.get(at..at + 2)? {
            b"\\u" => 4,
            b"\\U" => 8,
            _ => return None,
        };
        let hex = self.bytes.get(at + 2..at + 2 + digits)?;
        hex.iter().all(u8::is_ascii_hexdigit).then_some(2 + digits)
    }

    /// Whether the `asm` ending at `end` is GNU C's keyword (lang-c knows
    /// only `__asm__`): followed by `(` or an asm qualifier.
    /// At a file-scope `asm("...");` (the keyword ending at `end`, where
    /// a declaration may start), which lang-c cannot parse: assembler
    /// directives alone (`.symver`, `.ident`; binding symbol versions, of
    /// no use to a JIT image) are blanked; anything else becomes the
    /// declaration `extern int __kit_file_scope_asm __asm__("...")`, the
    /// text in its label, which the compiler assembles (unit.rs).
    fn file_scope_asm(&mut self, end: usize) -> bool {
        let open = self.skip_blanks(end);
        if self.bytes.get(open) != Some(&b'(') {
            return false;
        }
        let before = self.out.trim_end();
        let last_line = before.rsplit('\n').next().unwrap_or("");
        let starts_declaration = before.is_empty()
            || before.ends_with([';', '}'])
            || last_line.trim_start().starts_with('#');
        if !starts_declaration {
            return false;
        }
        let Some(close) = self.matching(open, b'(', b')') else {
            return false;
        };
        let semicolon = self.skip_blanks(close);
        if self.bytes.get(semicolon) != Some(&b';') {
            return false;
        }
        let text = self.text(open + 1, close - 1);
        let directives_only = text
            .split(['"'])
            .skip(1)
            .step_by(2)
            .flat_map(|piece| piece.split("\\n").flat_map(|l| l.split([';', '\n'])))
            .map(str::trim)
            .all(|line| line.is_empty() || line.starts_with('.'));
        if !directives_only {
            self.out
                .push_str("extern int __kit_file_scope_asm __asm__(");
            self.out.push_str(&text);
            self.out.push(')');
            self.pos = semicolon;
            return true;
        }
        for &b in &self.bytes[self.pos..=semicolon] {
            self.out.push(if b == b'\n' { '\n' } else { ' ' });
        }
        self.pos = semicolon + 1;
        true
    }

    /// After an asm keyword ending at `end`: an `asm goto (template :
    /// outputs : inputs : clobbers : labels)`, which lang-c cannot parse,
    /// loses its `goto` and its label list, which becomes one more
    /// clobber, `"__kit_goto L1,L2"` (labels under their block's spelling
    /// if local); lower/asm.rs reads it back.
    fn asm_goto(&mut self, end: usize) {
        let mut at = self.skip_blanks(end);
        let mut has_goto = false;
        while self.bytes.get(at) != Some(&b'(') {
            let word_end = self.word_end(at);
            if word_end == at {
                return;
            }
            has_goto |= &self.bytes[at..word_end] == b"goto";
            at = self.skip_blanks(word_end);
        }
        let (true, Some(close)) = (has_goto, self.matching(at, b'(', b')')) else {
            return;
        };
        let colons = self.top_level_colons(at + 1, close - 1);
        let [_, _, _, labels_colon] = colons.as_slice() else {
            return;
        };
        let clobbers = self.text(colons[2] + 1, *labels_colon);
        let labels: Vec<String> = self
            .text(labels_colon + 1, close - 1)
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let local = self.local_labels.iter().rev().find(|(n, _, _)| n == l);
                local
                    .map_or(l, |(_, spelling, _)| spelling.as_str())
                    .to_owned()
            })
            .collect();
        let separator = if clobbers.trim().is_empty() { "" } else { ", " };
        let tail = format!("{separator}\"__kit_goto {}\")", labels.join(","));
        self.asm_goto_tail = Some((*labels_colon, close, tail));
    }

    /// Blanks the asm qualifiers after `end` that lang-c does not parse,
    /// in whatever order they come, as gcc takes them: `goto` once
    /// `asm_goto` has taken its labels, and `inline` (a size hint for
    /// gcc's inliner).
    fn blank_asm_qualifiers(&mut self, end: usize) {
        let goto_taken = self.asm_goto_tail.is_some();
        let mut at = self.skip_blanks(end);
        while self.bytes.get(at) != Some(&b'(') {
            let word_end = self.word_end(at);
            if word_end == at {
                return;
            }
            let word = &self.bytes[at..word_end];
            if matches!(word, b"inline" | b"__inline" | b"__inline__")
                || (word == b"goto" && goto_taken)
            {
                self.copy(at);
                self.out.push_str(&" ".repeat(word_end - at));
                self.pos = word_end;
            }
            at = self.skip_blanks(word_end);
        }
    }

    /// The offsets of the `:`s between `from` and `to` outside brackets
    /// and literals.
    fn top_level_colons(&self, from: usize, to: usize) -> Vec<usize> {
        let mut colons = Vec::new();
        let mut depth = 0usize;
        let mut i = from;
        while i < to {
            match self.bytes[i] {
                b'"' | b'\'' => {
                    i = self.literal_end(i, self.bytes[i]);
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b':' if depth == 0 => colons.push(i),
                _ => {}
            }
            i += 1;
        }
        colons
    }

    fn asm_keyword(&self, end: usize) -> bool {
        let next = self.skip_blanks(end);
        let word = &self.bytes[next..self.word_end(next)];
        self.bytes.get(next) == Some(&b'(')
            || [
                b"volatile" as &[u8],
                b"__volatile__",
                b"inline",
                b"__inline",
                b"__inline__",
                b"goto",
            ]
            .contains(&word)
    }

    /// Where the cast-expression starting after `from` ends: prefix
    /// operators and casts to types that start with a keyword, a primary
    /// expression (name, literal, parenthesized expression, compound
    /// literal) and its postfix operators. None when none starts there.
    fn cast_operand_end(&self, from: usize) -> Option<usize> {
        let mut at = self.skip_blanks_and_markers(from);
        loop {
            let rest = &self.bytes[at..];
            let c = *rest.first()?;
            if rest.starts_with(b"++") || rest.starts_with(b"--") {
                at = self.skip_blanks_and_markers(at + 2);
            } else if matches!(c, b'-' | b'+' | b'!' | b'~' | b'*' | b'&') {
                at = self.skip_blanks_and_markers(at + 1);
            } else if c == b'(' {
                let close = self.matching(at, b'(', b')')?;
                let inside = self.skip_blanks_and_markers(at + 1);
                let first = &self.bytes[inside..self.word_end(inside)];
                if !TYPE_WORDS.contains(&first) {
                    at = close;
                    break;
                }
                at = self.skip_blanks_and_markers(close);
                if self.bytes.get(at) == Some(&b'{') {
                    at = self.matching(at, b'{', b'}')?;
                    break;
                }
            } else if c == b'"' || c == b'\'' {
                at = self.literal_end(at, c);
                while self.next_significant(at) == Some(b'"') {
                    at = self.literal_end(self.skip_blanks(at), b'"');
                }
                break;
            } else if c.is_ascii_digit() || c == b'.' {
                at = self.number_end_from(at);
                break;
            } else if c == b'_' || c == b'$' || c.is_ascii_alphabetic() || c >= 0x80 {
                let end = self.word_end(at);
                let word = &self.bytes[at..end];
                let prefix: &[&[u8]] = &[
                    b"sizeof",
                    b"__real__",
                    b"__imag__",
                    b"__real",
                    b"__imag",
                    b"__extension__",
                ];
                if !prefix.contains(&word) {
                    at = end;
                    break;
                }
                at = self.skip_blanks_and_markers(end);
            } else {
                return None;
            }
        }
        loop {
            let next = self.skip_blanks_and_markers(at);
            let rest = &self.bytes[next..];
            at = if rest.starts_with(b"->") {
                self.word_end(self.skip_blanks(next + 2))
            } else if rest.starts_with(b"++") || rest.starts_with(b"--") {
                next + 2
            } else {
                match rest.first() {
                    Some(b'.') => self.word_end(self.skip_blanks(next + 1)),
                    Some(b'[') => self.matching(next, b'[', b']')?,
                    Some(b'(') => self.matching(next, b'(', b')')?,
                    _ => return Some(at),
                }
            };
        }
    }

    /// Past a pp-number (digits, letters, `.`, and a sign after an exponent).
    fn number_end(&self) -> usize {
        self.number_end_from(self.pos)
    }

    fn number_end_from(&self, from: usize) -> usize {
        let mut i = from + 1;
        while let Some(&b) = self.bytes.get(i) {
            let exponent = matches!(self.bytes[i - 1], b'e' | b'E' | b'p' | b'P');
            if b.is_ascii_alphanumeric()
                || b == b'.'
                || b == b'_'
                || (exponent && (b == b'+' || b == b'-'))
            {
                i += 1;
            } else {
                break;
            }
        }
        i
    }

    /// Past the string or character literal opened by `quote` at `from`.
    fn literal_end(&self, from: usize, quote: u8) -> usize {
        let mut i = from + 1;
        while let Some(&b) = self.bytes.get(i) {
            match b {
                b'\\' => i += 2,
                b'\n' => return i,
                _ if b == quote => return i + 1,
                _ => i += 1,
            }
        }
        self.bytes.len()
    }

    fn skip_blanks(&self, from: usize) -> usize {
        self.bytes[from..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map_or(self.bytes.len(), |i| from + i)
    }

    fn next_significant(&self, from: usize) -> Option<u8> {
        self.bytes.get(self.skip_blanks(from)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::{rewrite, CONDITION};

    #[test]
    fn labels_before_declarations_and_block_ends_get_a_null_statement() {
        assert_eq!(
            rewrite("case 1: int a = 1; case 2: size_t n; default: } l: }"),
            "case 1: ; int a = 1; case 2: ; size_t n; default: ; } l: ; }"
        );
        // A pointer declaration starting with a typedef name.
        assert_eq!(
            rewrite("m: T *p; n: T * const *q = 0; o: T *a[2], *b;"),
            "m: ; T *p; n: ; T * const *q = 0; o: ; T *a[2], *b;"
        );
        // Not where `:` is no label's, nor before a statement.
        let untouched = "{ x = c ? a : b; struct { int f : 3; } s; __asm__(\"\" : \"=r\"(y)); \
                         case 3: return v; if (x) l: return w; n: sizeof x; \
                         m: *p = 1; k: a * f(); j: a * b + c; return c ? (d) : a * b; \
                         r = c ? d ? e : f : g * h; case 1 ? 2 : 3: x = y; }";
        assert_eq!(rewrite(untouched), untouched);
        assert_eq!(
            rewrite("r = c ?: a * b; m: T *p;"),
            format!("r = c ? {CONDITION} : a * b; m: ; T *p;")
        );
    }

    #[test]
    fn u8_character_constants_become_unsigned_char() {
        assert_eq!(
            rewrite("x = u8'a' + u8'\\''; y = mu8'b'; z = u8\"s\";"),
            "x = ((unsigned char)'a') + ((unsigned char)'\\''); y = mu8'b'; z = u8\"s\";"
        );
    }

    #[test]
    fn label_addresses_where_an_operand_starts() {
        assert_eq!(
            rewrite("p = &&done; q = a && b; r = (x) && y; return &&l;"),
            "p = __builtin_kit_label_address(done); q = a && b; r = (x) && y; \
             return __builtin_kit_label_address(l);"
        );
        assert_eq!(
            rewrite("t[] = {&&a, && b}; c = i++ && j; d = !&&e;"),
            "t[] = {__builtin_kit_label_address(a), __builtin_kit_label_address(b)}; \
             c = i++ && j; d = !__builtin_kit_label_address(e);"
        );
        assert_eq!(
            rewrite("int b = ((int(__attribute__((noinline)) *)(void)) p)();"),
            "int b = ((int(* __attribute__((noinline)) )(void)) p)();"
        );
        assert_eq!(
            rewrite(
                "case 1: x++; __attribute__((fallthrough)); case 2: y: __attribute__((unused)); z;"
            ),
            format!(
                "case 1: x++; {}; case 2: y: {}; z;",
                " ".repeat("__attribute__((fallthrough))".len()),
                " ".repeat("__attribute__((unused))".len())
            )
        );
        assert_eq!(
            rewrite("struct s { int a; } __attribute__((packed));"),
            "struct s { int a; } __attribute__((packed));"
        );
        assert_eq!(
            rewrite("int f(void) __asm__(\"g\");\n__asm__(\".symver memcpy,memcpy@GLIBC_2.2.5\");\nint x;"),
            format!(
                "int f(void) __asm__(\"g\");\n{}\nint x;",
                " ".repeat("__asm__(\".symver memcpy,memcpy@GLIBC_2.2.5\");".len())
            )
        );
        assert_eq!(
            rewrite("__asm__(\".globl f\\n\"\n  \"f: ret\");"),
            "extern int __kit_file_scope_asm __asm__(\".globl f\\n\"\n  \"f: ret\");"
        );
        assert_eq!(
            rewrite("asm goto (\"jmp %l0\" : : : : out);"),
            "__asm__      (\"jmp %l0\" : : : \"__kit_goto out\");"
        );
        assert_eq!(
            rewrite("__asm__ volatile goto (\"\" : : \"r\"(x ? a : b) : \"cc\" : l1, l2);"),
            "__asm__ volatile      (\"\" : : \"r\"(x ? a : b) : \"cc\" , \"__kit_goto l1,l2\");"
        );
        assert_eq!(
            rewrite("return&&l;"),
            "return __builtin_kit_label_address(l);"
        );
    }

    #[test]
    fn computed_goto_becomes_a_call_up_to_its_semicolon() {
        assert_eq!(
            rewrite("goto *t[f(1, 2)]; goto done; goto * p;"),
            "__builtin_kit_goto(t[f(1, 2)]); goto done; __builtin_kit_goto( p);"
        );
    }

    #[test]
    fn record_attributes_move_after_the_body() {
        assert_eq!(
            rewrite("struct __attribute__((packed)) p { char c; int i; } v;"),
            "struct                         p { char c; int i; } __attribute__((packed)) v;"
        );
        let blanked = " ".repeat(" __attribute__((aligned(8)))".len());
        assert_eq!(
            rewrite("typedef union __attribute__((aligned(8))) {\n int x;\n} u;"),
            format!("typedef union{blanked} {{\n int x;\n}} __attribute__((aligned(8))) u;")
        );
        // The attribute moves rewritten: `g$` is spelled in ASCII.
        let cleanup = " __attribute__((cleanup(g$)))";
        assert_eq!(
            rewrite(&format!("struct{cleanup} s {{ int x; }};")),
            format!(
                "struct{} s {{ int x; }} __attribute__((cleanup(g__U24_)));",
                " ".repeat(cleanup.len())
            )
        );
        let both = " __attribute__((aligned(8))) __attribute__((packed))";
        assert_eq!(
            rewrite(&format!("struct{both} {{ char c; }} x;")),
            format!("struct{} {{ char c; }}{both} x;", " ".repeat(both.len()))
        );
        let unchanged =
            "struct s __attribute__((unused)) *p; struct t { int a; } __attribute__((packed));";
        assert_eq!(rewrite(unchanged), unchanged);
    }

    #[test]
    fn int128_spellings_become_typedef_names() {
        let out = rewrite("unsigned __int128 a; signed __int128 b; __int128 c; __uint128_t d;");
        assert_eq!(
            out,
            "typedef long __kit_int128; typedef unsigned long __kit_uint128;\n\
             __kit_uint128 a; __kit_int128 b; __kit_int128 c; __kit_uint128 d;"
        );
    }

    #[test]
    fn alignas_becomes_the_kit_alignas_attribute() {
        assert_eq!(
            rewrite("struct s { char c; _Alignas(16) int i; _Alignas(double) char d; };"),
            "struct s { char c; __attribute__((__kit_alignas__((__typeof__(16) *)0))) int i; \
             __attribute__((__kit_alignas__((__typeof__(double) *)0))) char d; };"
        );
    }

    #[test]
    fn alignas_split_by_line_markers_keeps_the_lines() {
        assert_eq!(
            rewrite("int i;\n_Alignas\n# 6 \"a.c\"\n (double) char d;"),
            "int i;\n__attribute__((__kit_alignas__((__typeof__(double) *)0)))\n# 6 \"a.c\"\n  char d;"
        );
    }

    #[test]
    fn convertvector_carries_its_type_in_a_null_pointer() {
        assert_eq!(
            rewrite("w = __builtin_convertvector(f(a, b), v4si);"),
            "w = __builtin_kit_convertvector(f(a, b), (__typeof__(v4si) *)0);"
        );
        // Also in the copy `__auto_type` makes of its initializer.
        assert_eq!(
            rewrite("__auto_type w = __builtin_convertvector(v, V);"),
            "__typeof__(__builtin_kit_convertvector(v, (__typeof__(V) *)0)) w = __builtin_kit_convertvector(v, (__typeof__(V) *)0);"
        );
    }

    #[test]
    fn alignof_takes_expressions_through_typeof() {
        assert_eq!(
            rewrite("a = __alignof__(x.y) + _Alignof(double);"),
            "a = _Alignof(__typeof__(x.y)) + _Alignof(__typeof__(double));"
        );
        // lang-c reads `typeof` inside `typeof(...)` as a call; the
        // operand is rewritten too.
        assert_eq!(rewrite("_Alignof(typeof(x))"), "_Alignof(typeof(x))");
        assert_eq!(
            rewrite("__builtin_types_compatible_p(__typeof__(x), long)"),
            "_Generic((__typeof__(x) *)\"__kit_types_compatible\", __typeof__(long) *: 1, default: 0)"
        );
        assert_eq!(
            rewrite("__builtin_types_compatible_p(__typeof__(x) *, int *)"),
            "_Generic((__typeof__(x) * *)\"__kit_types_compatible\", __typeof__(int *) *: 1, default: 0)"
        );
        assert_eq!(
            rewrite("_Alignof(struct __attribute__((packed)) { int i; })"),
            "_Alignof(__typeof__(struct                         { int i; } __attribute__((packed))))"
        );
    }

    #[test]
    fn auto_type_becomes_typeof_of_the_initializer() {
        assert_eq!(
            rewrite("__auto_type x = f(a, b), y;"),
            "__typeof__(f(a, b)) x = f(a, b), y;"
        );
    }

    #[test]
    fn static_assert_without_a_message_gets_an_empty_one() {
        assert_eq!(
            rewrite("_Static_assert(sizeof(\"a,b\") == 4);"),
            "_Static_assert(sizeof(\"a,b\") == 4, \"\");"
        );
        let with_message = "_Static_assert(f(1, 2), \"m\");";
        assert_eq!(rewrite(with_message), with_message);
    }

    #[test]
    fn a_missing_middle_operand_becomes_the_condition() {
        assert_eq!(
            rewrite("a ?: b; c ? d : e;"),
            "a ? __builtin_kit_condition : b; c ? d : e;"
        );
        assert_eq!(rewrite("x ?\n : y"), "x ? __builtin_kit_condition \n : y");
    }

    #[test]
    fn real_and_imag_become_calls_around_their_cast_expression() {
        assert_eq!(
            rewrite("x = __real__ z + __imag__ -p->w[1] * 2;"),
            "x = __builtin_kit_real( z) + __builtin_kit_imag( -p->w[1]) * 2;"
        );
        assert_eq!(
            rewrite("__real__ (double _Complex) y = __imag (z);"),
            "__builtin_kit_real( (double _Complex) y) = __builtin_kit_imag( (z));"
        );
        assert_eq!(
            rewrite("f(__real__ __imag__ f(a, b).c++, 1.5e+3);"),
            "f(__builtin_kit_real( __builtin_kit_imag( f(a, b).c++)), 1.5e+3);"
        );
        assert_eq!(rewrite("int __real__;"), "int __real__;");
    }

    #[test]
    fn gnu_escape_e_becomes_octal() {
        assert_eq!(
            rewrite(r#"s = "\e[0m\\e"; c = '\E';"#),
            r#"s = "\033[0m\\e"; c = '\033';"#
        );
        // Unknown escapes stand for their letter.
        assert_eq!(rewrite(r#"s = "\j\e\n";"#), r#"s = "j\033\n";"#);
    }

    #[test]
    fn the_asm_keyword_becomes_gnu_asm() {
        assert_eq!(
            rewrite("{ asm (\"\"); asm volatile (\"\"); } int asm_x; int f(void) asm(\"g\");"),
            "{ __asm__ (\"\"); __asm__ volatile (\"\"); } int asm_x; int f(void) __asm__(\"g\");"
        );
        // The `inline` qualifier is blanked.
        assert_eq!(
            rewrite("asm inline volatile (\"\"); __asm__ __inline__ (\"\");"),
            "__asm__        volatile (\"\"); __asm__            (\"\");"
        );
    }

    #[test]
    fn local_labels_get_a_spelling_per_block() {
        assert_eq!(
            rewrite("{ __label__ out; goto out; out: ; } { __label__ out; out: ; } out: ;"),
            "{  goto out__kit_local1; out__kit_local1: ; } {  out__kit_local2: ; } out: ;"
        );
    }

    #[test]
    fn gnu_thread_becomes_c11_thread_local() {
        assert_eq!(
            rewrite("static __thread int x;"),
            "static _Thread_local int x;"
        );
    }

    #[test]
    fn universal_character_names_become_escapes() {
        assert_eq!(rewrite(r#"s = "a\u00e9b";"#), r#"s = "aéb";"#);
        assert_eq!(rewrite(r#"w = L"\u00e9a\U0001F600";"#), r#"w = L"éa😀";"#);
        assert_eq!(rewrite(r#"c = u8"\u20ac\n";"#), r#"c = u8"€\n";"#);
    }

    #[test]
    fn literals_markers_and_plain_text_are_left_alone() {
        let text = "# 1 \"a&&b.c\"\ns = \"&&x goto *y;\"; c = '&'; n = 1e+5&&m;\n";
        assert_eq!(rewrite(text), text);
        assert!(matches!(rewrite("int x;"), std::borrow::Cow::Borrowed(_)));
    }
}
