//! Parsing with lang-c, plus four things its C11 grammar rejects but gcc
//! takes: C89's implicit `int` (`main() { ... }`, `static x = 3;`,
//! `register i;`, `f(p) int *p; { ... }`), which gcc before 14 and old
//! code still use, empty initializer braces (`= {}`, `(struct s){}`;
//! GNU C and C23), a struct's last member without its `;` (GNU C; the
//! `;` is written in), and GNU nested functions (a function defined
//! inside another's body).
//!
//! When the parse fails at an identifier that starts a declaration with no
//! type specifier, `int` is written in front of the declaration and the
//! parse retried; each insertion becomes gcc's warning. The `int` goes
//! right after the token that ends the previous declaration or statement
//! (usually on an earlier line), so the columns of the declaration's own
//! line stay true in later diagnostics. When it fails at the `}` of `{}`
//! where an expression was expected, [`EMPTY_INITIALIZER`] is written
//! between the braces, and the initializer walk reads the list as empty.
//! When it fails at the `{` of a function definition inside a block,
//! the body is made the initializer of the declaration, as a statement
//! expression: `int f(int x) =({ ... });`. The offset of each such `(`
//! is kept ([`Parsed::nested_functions`]); lowering defines the function
//! there (see nested.rs). Diagnostics find their column by the
//! token in the source line, so the inserted characters do not move it.

use lang_c::driver::{Config, Parse, SyntaxError};

use super::standard_attributes::literal_end;

/// Words that may stand before a declarator when the type is left out.
const SPECIFIERS_WITHOUT_TYPE: &[&str] = &[
    "static",
    "extern",
    "register",
    "auto",
    "const",
    "volatile",
    "inline",
    "__inline",
    "__inline__",
    "_Noreturn",
    "_Thread_local",
    "typedef",
];

/// The qualifiers a pointer declarator may carry (`* const p`).
const POINTER_QUALIFIERS: &[&str] = &[
    "const",
    "volatile",
    "restrict",
    "__restrict",
    "__restrict__",
    "_Atomic",
];

/// The length of the pointer declarators `text` starts with (`*`, `**
/// const `, `* restrict *`), white space included.
pub(super) fn pointers_len(text: &str) -> usize {
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\n', '*']);
        let qualifier = POINTER_QUALIFIERS.iter().find(|q| {
            trimmed.starts_with(**q)
                && !trimmed[q.len()..].starts_with(|c: char| c == '_' || c.is_ascii_alphanumeric())
        });
        match qualifier {
            // A qualifier counts only after a `*`.
            Some(q)
                if trimmed.len() < text.len()
                    && text[..text.len() - trimmed.len()].contains('*') =>
            {
                rest = &trimmed[q.len()..];
            }
            _ => return text.len() - trimmed.len(),
        }
    }
}

/// C keywords, which cannot be the name being declared.
const KEYWORDS: &[&str] = &[
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
    "union", "unsigned", "void", "volatile", "while",
];

/// Whether `word` is a keyword (C's, and GNU's spellings the parser
/// takes), never a name.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
        || word.starts_with("__")
        || matches!(
            word,
            "_Alignas"
                | "_Alignof"
                | "_Atomic"
                | "_Bool"
                | "_Complex"
                | "_Generic"
                | "_Noreturn"
                | "_Static_assert"
                | "_Thread_local"
                | "asm"
                | "typeof"
        )
}

/// Whether `word` is one of C's keywords that name a type or a part of
/// one (`unsigned`, `long`, `_Complex`...).
pub fn is_basic_type_keyword(word: &str) -> bool {
    matches!(
        word,
        "void"
            | "char"
            | "short"
            | "int"
            | "long"
            | "float"
            | "double"
            | "signed"
            | "unsigned"
            | "_Bool"
            | "_Complex"
    )
}

/// Whether `word` is a keyword that may start a declaration: a type
/// specifier (`int`, `unsigned`, `struct`...), a qualifier or a storage
/// class.
pub fn is_type_keyword(word: &str) -> bool {
    is_basic_type_keyword(word)
        || matches!(
            word,
            "struct"
                | "union"
                | "enum"
                | "const"
                | "volatile"
                | "static"
                | "extern"
                | "typedef"
                | "inline"
                | "register"
                | "auto"
                | "_Atomic"
        )
}

/// A bound on the retries, so a pathological input cannot reparse forever.
const MAX_REPAIRS: usize = 1000;

/// What stands in an empty initializer list for the parser.
pub const EMPTY_INITIALIZER: &str = "__kit_empty_initializer";

pub struct Parsed {
    pub parse: Parse,
    /// (offset in `parse.source`, message) for every `int` supplied.
    pub warnings: Vec<(usize, String)>,
    /// Where the statement expressions that hold the bodies of nested
    /// functions start (offsets in `parse.source`).
    pub nested_functions: Vec<usize>,
}

/// Parses the preprocessed `text` (GNU flavor), supplying implicit `int`s
/// and filling empty initializer braces. A large unit is parsed in
/// pieces on the cores that other units' compiles leave (pieces.rs).
pub fn parse(text: String) -> Result<Parsed, SyntaxError> {
    let config = Config::with_gcc();
    if let Some(parse) = super::pieces::parse_in_pieces(&config, &text) {
        return Ok(Parsed {
            parse,
            warnings: Vec::new(),
            nested_functions: Vec::new(),
        });
    }
    let mut nested_functions: Vec<usize> = Vec::new();
    let mut warnings: Vec<(usize, String)> = Vec::new();
    let mut source = text;
    let mut looked_for_untyped_definitions = false;
    for _ in 0..=MAX_REPAIRS {
        let error = match lang_c::driver::parse_preprocessed(&config, source) {
            Ok(parse) => {
                // In the source's order, as gcc gives them (the first pass
                // found the untyped definitions before the repairs).
                warnings.sort_by_key(|(offset, _)| *offset);
                return Ok(Parsed {
                    parse,
                    warnings,
                    nested_functions,
                });
            }
            Err(error) => error,
        };
        // At the first error, every untyped definition at once (valid
        // C, parsed at the first try, pays nothing for the search).
        if !looked_for_untyped_definitions {
            looked_for_untyped_definitions = true;
            if let Some((typed, found)) = with_untyped_definitions_typed(&error.source) {
                source = typed;
                warnings.extend(found);
                continue;
            }
        }
        if let Some(mut at) = stray_semicolon(&error.source, error.offset) {
            // Blanks in their place (the whole run of them, in one
            // reparse): no offset moves.
            source = error.source;
            while source[at..].starts_with(';') {
                source.replace_range(at..at + 1, " ");
                at = skip_space(source.as_bytes(), at);
            }
            continue;
        }
        let mut insertions: Vec<(usize, &str)> = Vec::new();
        let mut nested_at = None;
        let mut warning = None;
        if let Some(at) = empty_braces(&error.source, error.offset) {
            insertions.push((at, EMPTY_INITIALIZER));
        } else if let Some(at) = last_member_unterminated(&error, &error.source) {
            insertions.push((at, ";"));
        } else if let Some(missing) = missing_type(&error.source, error.offset) {
            warning = Some((missing.name_at + "int ".len(), missing.message));
            insertions.push((missing.insert_at, "int "));
        } else if let Some((open, close)) = nested_function_body(&error.source, error.offset) {
            // The later insertion first, so the earlier offset holds.
            insertions.push((close, ");"));
            insertions.push((open, "=("));
            nested_at = Some(open + 1);
        } else {
            return Err(error);
        }
        source = error.source;
        for (insert_at, inserted) in insertions {
            source.insert_str(insert_at, inserted);
            let offsets = warnings
                .iter_mut()
                .map(|(offset, _)| offset)
                .chain(nested_functions.iter_mut());
            for offset in offsets {
                if *offset >= insert_at {
                    *offset += inserted.len();
                }
            }
        }
        warnings.extend(warning);
        nested_functions.extend(nested_at);
    }
    lang_c::driver::parse_preprocessed(&config, source).map(|parse| Parsed {
        parse,
        warnings,
        nested_functions,
    })
}

/// `text` with `int ` before the name of every file-scope function
/// definition that has no type (`main() {`, `f(a) char *a; {`: C89's
/// implicit int), and gcc's warning for each; None if it has none. Found
/// in one pass, where the parse errors would find them one reparse each
/// (quadratic in an old file with hundreds). The first error comes
/// before any other repair, so no earlier warning's offset moves.
fn with_untyped_definitions_typed(text: &str) -> Option<(String, Vec<(usize, String)>)> {
    let names = untyped_definitions(text.as_bytes());
    if names.is_empty() {
        return None;
    }
    let mut typed = String::with_capacity(text.len() + 4 * names.len());
    let mut warnings = Vec::with_capacity(names.len());
    let mut copied = 0;
    for name in names {
        typed.push_str(&text[copied..name]);
        typed.push_str("int ");
        warnings.push((typed.len(), "return type defaults to 'int'".to_owned()));
        copied = name;
    }
    typed.push_str(&text[copied..]);
    Some((typed, warnings))
}

/// The offsets of the names of file-scope function definitions without
/// a type: an identifier that starts a declaration (after `;`, a function
/// body's `}` or the start) followed by a parameter list, any K&R
/// parameter declarations and `{`, which in valid C only a definition is.
fn untyped_definitions(text: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    // Whether the last token ended a file-scope declaration or definition.
    let mut at_start = true;
    // Per open `{` at file scope: whether it is a function body.
    let mut function_body = false;
    let mut last = 0u8;
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        if c == b'#' && (i == 0 || text[i - 1] == b'\n') {
            // A line marker or pragma.
            i = line_end(text, i);
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'_' || c.is_ascii_alphabetic() {
            let end = word_end(text, i);
            let word = std::str::from_utf8(&text[i..end]).unwrap_or("");
            if at_start && depth == 0 && could_be_name(word) && definition_follows(text, end) {
                found.push(i);
            }
            at_start = false;
            last = b'a';
            i = end;
            continue;
        }
        match c {
            b'"' | b'\'' => i = literal_end(text, i) - 1,
            b'{' => {
                if depth == 0 {
                    function_body = matches!(last, b')' | b';');
                }
                depth += 1;
            }
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at_start = depth == 0 && (c == b';' || (c == b'}' && function_body));
        last = c;
        i += 1;
    }
    found
}

/// Whether `word` may be a function's name: no keyword, GNU's
/// included, nor a name reserved to the implementation (`__typeof__`,
/// `_Static_assert`), which the parse errors still catch if one is.
fn could_be_name(word: &str) -> bool {
    let reserved = word.starts_with("__")
        || (word.starts_with('_') && word[1..].starts_with(|c: char| c.is_ascii_uppercase()));
    !reserved && !KEYWORDS.contains(&word) && !matches!(word, "asm" | "typeof")
}

/// Whether a parameter list, K&R declarations and `{` follow `from`.
fn definition_follows(text: &[u8], from: usize) -> bool {
    let mut i = skip_space(text, from);
    if text.get(i) != Some(&b'(') {
        return false;
    }
    let mut depth = 0usize;
    while i < text.len() {
        match text[i] {
            b'"' | b'\'' => i = literal_end(text, i) - 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b'{' | b'}' | b';' => return false,
            _ => {}
        }
        i += 1;
    }
    // The body's `{` follows `)`, or K&R declarations, each ending with
    // `;`; a `;` right after `)` ends a declaration.
    if text.get(skip_space(text, i + 1)) == Some(&b';') {
        return false;
    }
    loop {
        i = skip_space(text, i + 1);
        match text.get(i) {
            Some(b'{') => return true,
            // A declaration starts with a word (`T (f)(a)` is a typedef's
            // declarator, not a parameter list and its declarations).
            Some(c) if *c == b'_' || c.is_ascii_alphabetic() => {}
            _ => return false,
        }
        while text
            .get(i)
            .is_some_and(|c| !matches!(c, b';' | b'{' | b'}' | b'='))
        {
            i += 1;
        }
        if text.get(i) != Some(&b';') {
            return false;
        }
    }
}

/// Where the assignment operator is, when the parse stopped at one whose
/// left operand is an expression C's grammar does not allow there
/// (`(int)x = 1`, `a + b = c`): the text parses past that point with the
/// operator made a comparison. gcc reports those as its constraint
/// error, "lvalue required as left operand of assignment", at the
/// operator.
pub fn assignment_to_a_non_lvalue(text: &str, offset: usize) -> Option<usize> {
    const OPERATORS: &[&str] = &[
        "<<=", ">>=", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "=",
    ];
    let mut at = skip_space(text.as_bytes(), offset);
    // At `a + 1 <<= 2` the parse stops at the `=`: it took `<<` for a shift.
    if text[at..].starts_with('=') {
        if let Some(start) = ["<<", ">>", "+", "-", "*", "/", "%", "&", "^", "|"]
            .iter()
            .find(|prefix| text[..at].ends_with(**prefix))
            .map(|prefix| at - prefix.len())
        {
            at = start;
        }
    }
    let rest = &text[at..];
    let operator = OPERATORS.iter().find(|op| rest.starts_with(**op))?;
    if rest[operator.len()..].starts_with('=') {
        return None; // `==`
    }
    // The same length, so the offsets of a later error compare.
    let comparison = format!("<{}", " ".repeat(operator.len() - 1));
    let mut changed = text.to_owned();
    changed.replace_range(at..at + operator.len(), &comparison);
    match lang_c::driver::parse_preprocessed(&Config::with_gcc(), changed) {
        Err(later) if later.offset <= at => None,
        _ => Some(at),
    }
}

fn skip_space(text: &[u8], mut i: usize) -> usize {
    while i < text.len() {
        if text[i] == b'#' && (i == 0 || text[i - 1] == b'\n') {
            i = line_end(text, i);
        } else if text[i].is_ascii_whitespace() {
            i += 1;
        } else {
            break;
        }
    }
    i
}

fn line_end(text: &[u8], from: usize) -> usize {
    text[from..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(text.len(), |n| from + n)
}

fn word_end(text: &[u8], from: usize) -> usize {
    text[from..]
        .iter()
        .position(|b| !(*b == b'_' || *b == b'$' || b.is_ascii_alphanumeric()))
        .map_or(text.len(), |n| from + n)
}

/// When the parse stopped at the `{` (at or after `offset`) of a function
/// defined inside a block, the offsets of that `{` and of the end of its
/// matching `}`. The text before the `{` must end a declarator with `)`
/// and the declaration start with at least two words (`int f(`, `struct
/// s *f(`), so a call missing its `;` (`f(x) {`) is not taken for one.
/// One declared `static` or `extern` is no GNU nested function (see
/// `invalid_nested_storage`).
pub fn nested_function_body(text: &str, offset: usize) -> Option<(usize, usize)> {
    let (open, head) = nested_definition(text, offset)?;
    if has_storage_class(&head) {
        return None;
    }
    let close = matching_brace(text, open)?;
    Some((open, close + 1))
}

/// gcc's error for a function defined in a block as `static` or `extern`
/// (no GNU nested function may be; a brace left open before a file's
/// functions makes them all so), at its name: the name and its offset.
pub fn invalid_nested_storage(text: &str, offset: usize) -> Option<(usize, String)> {
    let (open, head) = nested_definition(text, offset)?;
    if !has_storage_class(&head) {
        return None;
    }
    let paren = parameters_open(trim_back(&text[..open]))?;
    let end = text[..paren].trim_end().len();
    let start = word_start(&text[..end]);
    (start < end).then(|| {
        let name = &text[start..end];
        let message = match words(&head).any(|w| w == "extern") {
            true => format!("nested function '{name}' declared 'extern'"),
            false => format!("invalid storage class for function '{name}'"),
        };
        (start, message)
    })
}

fn has_storage_class(head: &str) -> bool {
    words(head).any(|w| matches!(w, "static" | "extern"))
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
}

/// The `{` the parse stopped at, when a function definition inside a
/// block opens there, and the definition's head before its parameters.
fn nested_definition(text: &str, offset: usize) -> Option<(usize, String)> {
    let open = offset + (text.get(offset..)?.len() - text[offset..].trim_start().len());
    if !text[open..].starts_with('{') {
        return None;
    }
    let before = trim_back(&text[..open]);
    if !before.ends_with(')') || brace_depth(&text[..open]) <= 0 {
        return None;
    }
    let statement_start = before.rfind([';', '{', '}']).map_or(0, |i| i + 1);
    let statement: String = before[statement_start..]
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ");
    let head = strip_attributes(&statement[..parameters_open(&statement)?]);
    let plain = head
        .chars()
        .all(|c| c == '_' || c == '*' || c.is_ascii_alphanumeric() || c.is_whitespace());
    (plain && words(&head).count() >= 2).then_some((open, head))
}

/// Where the parenthesis that the `)` ending `text` closes opens.
fn parameters_open(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    text.char_indices().rev().find_map(|(i, c)| {
        match c {
            ')' => depth += 1,
            '(' => depth = depth.saturating_sub(1),
            _ => {}
        }
        (c == '(' && depth == 0).then_some(i)
    })
}

/// `text` without its `__attribute__((...))` groups.
fn strip_attributes(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("__attribute__") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "__attribute__".len()..];
        let mut depth = 0usize;
        let end = after.char_indices().find_map(|(i, c)| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            (c == ')' && depth == 0).then_some(i + 1)
        });
        rest = &after[end.unwrap_or(after.len())..];
    }
    out.push_str(rest);
    out
}

/// How many braces are open at the end of `text`, string and character
/// literals skipped.
fn brace_depth(text: &str) -> i64 {
    let mut depth = 0;
    scan_code(text, |_, c| match c {
        b'{' => depth += 1,
        b'}' => depth -= 1,
        _ => {}
    });
    depth
}

/// A `;` where the parse stopped that gcc takes (it warns only under
/// -pedantic) and lang-c refuses: an empty declaration first in a unit,
/// or first in a struct or union's member list.
fn stray_semicolon(text: &str, offset: usize) -> Option<usize> {
    let at = skip_space(text.as_bytes(), offset);
    if !text[at..].starts_with(';') {
        return None;
    }
    let before = trim_back(&text[..at]);
    let declaration_may_start = before.is_empty() || before.ends_with([';', '}']);
    let file_scope = declaration_may_start && brace_depth(before) == 0;
    let first_member = before.ends_with('{')
        && matches!(body_kind(text, before.len() - 1), Some("struct" | "union"));
    (file_scope || first_member).then_some(at)
}

/// The offset of the `}` that closes the `{` at `open`.
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0i64;
    let mut found = None;
    scan_code(&text[open..], |i, c| {
        if found.is_some() {
            return;
        }
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    found = Some(open + i);
                }
            }
            _ => {}
        }
    });
    found
}

/// Calls `f` with each byte of `text` outside string and character
/// literals (preprocessed text holds no comments).
fn scan_code(text: &str, mut f: impl FnMut(usize, u8)) {
    let bytes = text.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(_) if c == b'\\' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None => f(i, c),
        }
        i += 1;
    }
}

/// Where to fill `{}` when the parse stopped at its `}` (`offset`): just
/// after the `{`.
fn empty_braces(text: &str, offset: usize) -> Option<usize> {
    let rest = text.get(offset..)?.trim_start();
    let before = text[..offset].trim_end();
    (rest.starts_with('}') && before.ends_with('{')).then_some(before.len())
}

/// GNU C: the last member of a struct or union may go without its `;`
/// (`struct { int a } s;`, which gcc takes without a word unless
/// pedantic). Where to write the `;`: at the `}` the parse stopped at,
/// where a `;` or `,` could have ended the member, when that `}` closes
/// a struct or union.
fn last_member_unterminated(error: &SyntaxError, text: &str) -> Option<usize> {
    let rest = text.get(error.offset..)?;
    let at = error.offset + (rest.len() - rest.trim_start().len());
    let ends_member = error.expected.contains(";") && error.expected.contains(",");
    if !ends_member || !text[at..].starts_with('}') {
        return None;
    }
    matches!(tagged_body(text, at), Some("struct" | "union")).then_some(at)
}

/// Which body the `}` at `close` ends, if it is a struct's, union's or
/// enum's (`struct {`, `union tag {`, `enum e {` before its `{`).
pub fn tagged_body(text: &str, close: usize) -> Option<&'static str> {
    body_kind(text, matching_open_brace(text, close)?)
}

/// Which body the `{` at `open` starts, if it is a struct's, union's or
/// enum's.
fn body_kind(text: &str, open: usize) -> Option<&'static str> {
    let head = text[..open].trim_end();
    let without_tag = head[..word_start(head)].trim_end();
    ["struct", "union", "enum"]
        .into_iter()
        .find(|kind| head.ends_with(kind) || without_tag.ends_with(kind))
}

/// Where the token after the `}` at `close` starts, when that `}` ends
/// the body of a `do` (`do { ... }`), whose `while` must come next.
pub fn after_do_body(text: &str, close: usize) -> Option<usize> {
    let head = trim_back(&text[..matching_open_brace(text, close)?]);
    (last_word(head)? == "do").then(|| skip_space(text.as_bytes(), close + 1))
}

/// Where the token after the `;` at `semicolon` starts, when that `;`
/// ends the one statement of a `do` without braces (`do i++;`).
pub fn after_do_statement(text: &str, semicolon: usize) -> Option<usize> {
    let start = text[..semicolon]
        .rfind([';', '{', '}'])
        .map_or(0, |i| i + 1);
    let statement = text[start..semicolon].trim_start();
    let rest = statement.strip_prefix("do")?;
    let is_do = rest.starts_with(|c: char| !(c.is_alphanumeric() || c == '_'));
    is_do.then(|| skip_space(text.as_bytes(), semicolon + 1))
}

/// The `{` the `}` at `close` closes (braces in literals and comments
/// are not expected in preprocessed text between the two).
fn matching_open_brace(text: &str, close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[..close].char_indices().rev() {
        match c {
            '}' => depth += 1,
            '{' if depth == 0 => return Some(i),
            '{' => depth -= 1,
            _ => {}
        }
    }
    None
}

struct MissingType {
    /// Where `int ` is written.
    insert_at: usize,
    /// Where the declared name starts (before the insertion).
    name_at: usize,
    message: String,
}

/// Whether the parse stopped at `offset` because a declaration there has
/// no type specifier: an identifier that is followed by what follows a
/// declarator and preceded, after any storage classes and qualifiers, by
/// the end of a declaration or statement (or the start of the text). A
/// bare name (no storage class) counts only before `(`, a function.
fn missing_type(text: &str, offset: usize) -> Option<MissingType> {
    let declarator_at = offset + (text.get(offset..)?.len() - text[offset..].trim_start().len());
    // `static *p;`, `f(volatile *p)`, `const * const p`: the name after
    // the pointers.
    let name_at = declarator_at + pointers_len(&text[declarator_at..]);
    let is_pointer = name_at > declarator_at;
    let rest = &text[name_at..];
    let name_len = rest
        .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    if name.is_empty() && is_pointer && rest.starts_with(')') {
        return untyped_cast(text, declarator_at);
    }
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) || KEYWORDS.contains(&name)
    {
        return None;
    }
    let next = rest[name_len..].trim_start().chars().next()?;
    let mut before = trim_back(&text[..declarator_at]);
    let mut specifiers = 0;
    loop {
        if let Some(rest) = without_attribute(before) {
            // `_Alignas(16) x;` (spelled as an attribute by the shims).
            specifiers += 1;
            before = rest;
            continue;
        }
        match last_word(before) {
            Some(word) if SPECIFIERS_WITHOUT_TYPE.contains(&word) => {
                specifiers += 1;
                before = trim_back(&before[..before.len() - word.len()]);
            }
            _ => break,
        }
    }
    // A parameter (`f(const x, volatile *p)`) needs a qualifier or
    // `register` before it, like any name but a function's.
    let parameter =
        specifiers > 0 && before.ends_with(['(', ',']) && matches!(next, ',' | ')' | '[');
    // A bare name is a function's (`f() {`), or at file scope an object's
    // (`x;`, `y = 2;`: in a block those are expressions, which parse).
    let declarator_follows = if specifiers == 0 {
        (next == '(' && !is_pointer)
            || (matches!(next, ';' | ',' | '=' | '[') && brace_depth(before) == 0)
    } else {
        matches!(next, '(' | ';' | ',' | '=' | '[')
    };
    let starts_declaration = before.is_empty() || before.ends_with([';', '{', '}']);
    if !parameter && (!declarator_follows || !starts_declaration) {
        return None;
    }
    // At the very start the `int` opens the declaration's own line.
    let insert_at = if before.is_empty() {
        text[..name_at].rfind('\n').map_or(0, |n| n + 1)
    } else {
        before.len()
    };
    let message = if next == '(' {
        "return type defaults to 'int'".to_owned()
    } else {
        format!("type defaults to 'int' in declaration of '{name}'")
    };
    Some(MissingType {
        insert_at,
        name_at,
        message,
    })
}

/// A cast whose type name is qualifiers and pointers (`(const *)p`): the
/// `int` goes before the pointers.
fn untyped_cast(text: &str, pointers_at: usize) -> Option<MissingType> {
    let mut before = trim_back(&text[..pointers_at]);
    let mut qualifiers = 0;
    while let Some(word) = last_word(before).filter(|w| POINTER_QUALIFIERS.contains(w)) {
        qualifiers += 1;
        before = trim_back(&before[..before.len() - word.len()]);
    }
    if qualifiers == 0 || !before.ends_with('(') {
        return None;
    }
    Some(MissingType {
        insert_at: pointers_at,
        name_at: pointers_at,
        message: "type defaults to 'int' in type name".to_owned(),
    })
}

/// `text` without the white space and line markers (`# 12 "file.c"`,
/// `#pragma`) at its end.
fn trim_back(mut text: &str) -> &str {
    loop {
        text = text.trim_end();
        let line_start = text.rfind('\n').map_or(0, |n| n + 1);
        if text.is_empty() || !text[line_start..].trim_start().starts_with('#') {
            return text;
        }
        text = &text[..line_start];
    }
}

/// `text` without the `__attribute__((...))` it ends with, if it does.
fn without_attribute(text: &str) -> Option<&str> {
    if !text.ends_with(')') {
        return None;
    }
    let mut depth = 0usize;
    let open = text.char_indices().rev().find_map(|(i, c)| {
        match c {
            ')' => depth += 1,
            '(' => depth -= 1,
            _ => {}
        }
        (depth == 0).then_some(i)
    })?;
    let before = text[..open].trim_end();
    let word = last_word(before)?;
    matches!(word, "__attribute__" | "__attribute")
        .then(|| trim_back(&before[..before.len() - word.len()]))
}

/// The identifier-like word `text` ends with.
fn last_word(text: &str) -> Option<&str> {
    let word = &text[word_start(text)..];
    (!word.is_empty()).then_some(word)
}

/// Where the word (letters, digits, `_`) that `text` ends with starts;
/// `text.len()` when it ends with none.
pub fn word_start(text: &str) -> usize {
    text.char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supplied(text: &str) -> (String, Vec<String>) {
        let parsed = parse(text.to_owned()).expect("parses");
        let messages = parsed.warnings.into_iter().map(|(_, m)| m).collect();
        (parsed.parse.source, messages)
    }

    #[test]
    fn function_without_return_type() {
        let (source, warnings) = supplied("int a;\nmain() { return 0; }\n");
        assert_eq!(source, "int a;\nint main() { return 0; }\n");
        assert_eq!(warnings, ["return type defaults to 'int'"]);
    }

    #[test]
    fn untyped_definitions_are_found_in_one_pass() {
        let text = "# 1 \"a.c\"\nf(a) char *a; { return *a; }\ng() { return '}'; }\n\
                    struct s { int x; } h(void) { struct s v = {1}; return v; }\n\
                    __asm__(\"\"); k(void); static m; n(b) int b; { return b; }\n\
                    typedef int T; T (p)(c) int c; { return c; }\n";
        assert_eq!(
            untyped_definitions(text.as_bytes()),
            [
                text.find("f(a)").unwrap(),
                text.find("g()").unwrap(),
                text.find("n(b)").unwrap()
            ]
        );
        // (A file-scope asm reaches the parser rewritten by the shims.)
        let (source, warnings) = supplied(&text.replace("__asm__(\"\");", ""));
        assert!(source.contains("\nint f(a) char *a;"), "{source}");
        assert!(source.contains("int  static m;"), "{source}");
        assert_eq!(warnings.len(), 5);
    }

    #[test]
    fn storage_class_without_type_after_a_line_marker() {
        let (source, warnings) = supplied("# 1 \"a.c\"\nstatic x = 3;\n");
        assert_eq!(source, "# 1 \"a.c\"\nint static x = 3;\n");
        assert_eq!(warnings, ["type defaults to 'int' in declaration of 'x'"]);
    }

    #[test]
    fn qualified_pointers_bare_names_and_casts_get_int() {
        let (source, messages) = supplied("const * const p = 0;\nx;\ny = 2;");
        assert_eq!(source, "int const * const p = 0;int \nx;int \ny = 2;");
        assert_eq!(messages.len(), 3);
        let (source, messages) = supplied("int f(int v) { return *(const *)&v; }");
        assert_eq!(source, "int f(int v) { return *(const int *)&v; }");
        assert_eq!(messages, ["type defaults to 'int' in type name"]);
        // In a block `x;` is an expression, which parses as it is.
        let (source, messages) = supplied("void g(int x) { x; }");
        assert_eq!(source, "void g(int x) { x; }");
        assert!(messages.is_empty());
    }

    #[test]
    fn block_scope_register() {
        let (source, _) = supplied("void f(void) { register i = 2; const c = 1; }");
        assert_eq!(
            source,
            "void f(void) {int  register i = 2;int  const c = 1; }"
        );
    }

    #[test]
    fn attributes_stand_before_a_declarator_as_specifiers_do() {
        let (source, warnings) = supplied("int a;\n__attribute__((aligned(16))) i3;\n");
        assert_eq!(source, "int a;int \n__attribute__((aligned(16))) i3;\n");
        assert_eq!(warnings, ["type defaults to 'int' in declaration of 'i3'"]);
    }

    #[test]
    fn empty_initializer_braces_are_filled() {
        let (source, warnings) = supplied(
            "struct s { int a; };\nstruct s v = {};\nint f(void) { return (struct s){}.a; }",
        );
        assert_eq!(
            source,
            // lang-c takes `= {}` itself; only the compound literal fails.
            format!("struct s {{ int a; }};\nstruct s v = {{}};\nint f(void) {{ return (struct s){{{EMPTY_INITIALIZER}}}.a; }}")
        );
        assert!(warnings.is_empty());
        // An empty block is a statement, not an initializer.
        assert_eq!(supplied("void g(void) {}").0, "void g(void) {}");
    }

    #[test]
    fn nested_function_bodies_become_statement_expressions() {
        let text = "int f(void) {\n  int g(int x) { return x + '}'; }\n  return g(1);\n}\n";
        let parsed = parse(text.to_owned()).expect("parses");
        assert_eq!(
            parsed.parse.source,
            "int f(void) {\n  int g(int x) =({ return x + '}'; });\n  return g(1);\n}\n"
        );
        assert_eq!(parsed.nested_functions, [30]);
        assert_eq!(&parsed.parse.source[30..32], "({");
        // Attributes may stand before the declaration.
        let text = "void f(void) {\n  __attribute__((noinline)) void\n  g(void) { }\n}";
        assert_eq!(
            parse(text.to_owned())
                .expect("parses")
                .nested_functions
                .len(),
            1
        );
        // A call missing its `;` is not taken for a definition.
        assert!(parse("void f(void) { g(1) { } }".to_owned()).is_err());
    }

    #[test]
    fn other_syntax_errors_are_left_alone() {
        assert!(parse("int f(void) { foo bar; }".to_owned()).is_err());
        assert!(parse("unknown x;".to_owned()).is_err());
        assert!(parse("int a b;".to_owned()).is_err());
    }
}
