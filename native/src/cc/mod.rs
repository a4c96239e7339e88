//! The C frontend and code generator: lang-c parses the preprocessed
//! translation unit (GNU flavor), `unit` walks its declarations (types in
//! `decl`/`types`, static data in `init`), `lower` turns each function into
//! Cranelift IR, and cranelift-object emits one relocatable x86-64 ELF
//! object, which the in-memory linker (../link) loads like any `.o`.

mod abi;
mod codegen;
mod constant;
mod decl;
mod flatten;
mod init;
mod inline;
mod lexical;
mod long_double;
mod lower;
mod machine_code;
mod parse;
mod pieces;
mod private_slots;
mod promote;
mod shims;
pub(crate) mod standard_attributes;
mod static_types;
mod tls;
mod types;
mod unit;
mod x87;

use cranelift_codegen::settings::{self, Configurable};

use crate::diag::{Diagnostic, Location};
use crate::OptLevel;

pub use lower::{builtin_names, has_builtin};

pub struct CompileOptions {
    pub opt_level: OptLevel,
    /// -g (DWARF comes in a later issue).
    pub debug_info: bool,
    pub warnings: crate::warnings::WarningPolicy,
    pub max_errors: Option<usize>,
    /// `inline` has GNU C89's meaning (an `extern inline` definition is
    /// the unit's only; a plain one is external), as under -std=gnu89.
    pub gnu89_inline: bool,
    /// `-fno-builtin`, `-fno-builtin-NAME`, `-ffreestanding`.
    pub no_builtin: NoBuiltin,
}

/// The C library's functions gcc's `-fno-builtin` (all of them) or
/// `-fno-builtin-NAME` (one) make plain functions: a call of one by its
/// own name is an ordinary call (never expanded inline, as `sqrt` and
/// small `memcpy` are), and an implicit declaration of one is `int f()`.
/// `__builtin_NAME` stays the builtin.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoBuiltin {
    pub all: bool,
    pub names: Vec<String>,
}

impl NoBuiltin {
    pub fn covers(&self, name: &str) -> bool {
        self.all || self.names.iter().any(|n| n == name)
    }
}

pub struct CompiledUnit {
    pub object: Vec<u8>,
    /// The object of the unit's file-scope `asm`, if it has any: GNU
    /// `as` makes it, and it is linked beside `object`.
    pub assembly: Option<Vec<u8>>,
    pub warnings: Vec<Diagnostic>,
}

/// Compiles one preprocessed translation unit (`text`, with line markers)
/// to an ELF object. `sources` holds the text of every file the markers
/// name, for the source line under a diagnostic.
pub fn compile(
    name: &str,
    text: &str,
    sources: &[(String, String)],
    options: &CompileOptions,
    metrics: &metrics::Metrics,
) -> Result<CompiledUnit, Vec<Diagnostic>> {
    let rewritten = shims::rewrite(text).into_owned();
    let parsed = {
        let _s = metrics.scope("cc.parse");
        parse::parse(rewritten).map_err(|e| {
            let text = &e.source;
            let specific = lexical::error_near(text, e.offset)
                .or_else(|| {
                    let at = parse::assignment_to_a_non_lvalue(text, e.offset)?;
                    Some((
                        at,
                        "lvalue required as left operand of assignment".to_owned(),
                    ))
                })
                .or_else(|| parse::invalid_nested_storage(text, e.offset))
                .or_else(|| {
                    let (at, name) = unsupported_type_name(text, e.offset)?;
                    Some((at, format!("type {name} is not supported yet")))
                })
                .or_else(|| {
                    let (at, name) = unknown_type_name(text, e.offset, &e.expected)?;
                    Some((at, format!("unknown type name '{name}'")))
                });
            vec![match specific {
                Some((offset, message)) => diagnostic(text, sources, offset, message),
                None => syntax_error(text, sources, e.offset, &e.expected),
            }]
        })?
    };
    let text: &str = &parsed.parse.source;
    let isa = host_isa(options).map_err(|m| vec![Diagnostic::error(None, m)])?;
    let mut unit =
        unit::Unit::new(isa, name, text).map_err(|m| vec![Diagnostic::error(None, m)])?;
    unit.promote_locals = options.opt_level != OptLevel::O0;
    unit.warning_flags = options.warnings.clone();
    unit.gnu89_inline = options.gnu89_inline;
    unit.no_builtin = options.no_builtin.clone();
    unit.nested_functions = parsed.nested_functions.iter().copied().collect();
    unit.warnings.extend(
        parsed
            .warnings
            .iter()
            .map(|(offset, message)| decl::Warning {
                offset: *offset,
                message: message.clone(),
                option: Some("implicit-int"),
            }),
    );
    {
        let _s = metrics.scope("cc.lower");
        unit.translate(&parsed.parse.unit);
    }
    let mut warnings: Vec<Diagnostic> = unit
        .warnings
        .iter()
        .map(|w| Diagnostic {
            severity: crate::diag::Severity::Warning,
            option: w.option,
            ..diagnostic(text, sources, w.offset, w.message.clone())
        })
        .collect();
    options.warnings.apply(&mut warnings);
    if !unit.errors.is_empty() || warnings.iter().any(|w| w.severity.is_error()) {
        let limit = match options.max_errors {
            Some(0) | None => usize::MAX,
            Some(n) => n,
        };
        let errors = unit
            .errors
            .iter()
            .filter(|e| !e.is_already_reported())
            .map(|e| diagnostic(text, sources, e.offset, e.message.clone()));
        warnings.extend(errors);
        return Err(up_to_errors(warnings, limit));
    }
    let _s = metrics.scope("cc.codegen");
    let assembly = unit.assembly.take();
    let object = codegen::emit(unit).map_err(|e| {
        vec![Diagnostic::error(
            None,
            format!("{name}: cannot emit the object: {e}"),
        )]
    })?;
    Ok(CompiledUnit {
        object,
        assembly,
        warnings,
    })
}

/// The diagnostics up to the `limit`th error (`-fmax-errors`, which
/// counts errors only, as in gcc).
fn up_to_errors(diagnostics: Vec<Diagnostic>, limit: usize) -> Vec<Diagnostic> {
    let mut errors = 0;
    diagnostics
        .into_iter()
        .take_while(|d| {
            let within = errors < limit;
            errors += usize::from(d.severity.is_error());
            within
        })
        .collect()
}

/// A parse error at `offset`, in gcc's words and at gcc's place where
/// they fit ("expected ';' before '}' token" just after the token that
/// wants the `;`, "expected expression before ')' token"), else naming
/// the tokens lang-c would have taken.
fn syntax_error(
    text: &str,
    sources: &[(String, String)],
    offset: usize,
    expected: &std::collections::HashSet<&str>,
) -> Diagnostic {
    let found = text[offset.min(text.len())..].trim_start();
    let (previous, previous_len) = previous_token(text, offset);
    let previous_word = &text[previous..previous + previous_len];
    if previous_word == "else" {
        let message = "'else' without a previous 'if'".to_owned();
        return diagnostic(text, sources, previous, message);
    }
    // A `do` body's `}` or `;` is where lang-c stops when its `while` is
    // missing.
    let at = text.len() - found.len();
    let after_do = match found.chars().next() {
        Some('}') => parse::after_do_body(text, at),
        Some(';') => parse::after_do_statement(text, at),
        _ => None,
    };
    if let Some(next) = after_do.filter(|&next| !text[next..].starts_with("while")) {
        let message = format!("expected 'while' {}", before_token(&text[next..]));
        return diagnostic(text, sources, next, message);
    }
    if parse::is_type_keyword(previous_word) && follows_tagged_body(text, previous) {
        let message = format!("expected ';', identifier or '(' before '{previous_word}'");
        return diagnostic(text, sources, previous, message);
    }
    match missing_token(text, offset, expected) {
        // gcc puts a missing `;`, `)` or `]` right after the token before.
        Some(missing) => {
            let message = format!("expected '{missing}' {}", before_token(found));
            let mut d = diagnostic(text, sources, previous, message);
            if let Some(location) = &mut d.location {
                location.col += previous_len as u32;
            }
            d
        }
        None => diagnostic(
            text,
            sources,
            offset,
            syntax_message(text, offset, expected),
        ),
    }
}

/// Whether the token at `at` follows the `}` of a struct, union or enum
/// body, storage classes and qualifiers between: `struct s { ... }`
/// without its `;`, the next declaration's type taken for a second type
/// of the first.
fn follows_tagged_body(text: &str, at: usize) -> bool {
    let mut before = previous_token(text, at);
    while matches!(
        &text[before.0..before.0 + before.1],
        "static" | "extern" | "typedef" | "register" | "auto" | "const" | "volatile" | "inline"
    ) {
        before = previous_token(text, before.0);
    }
    text[before.0..].starts_with('}') && parse::tagged_body(text, before.0).is_some()
}

/// The one token a parse error wants after a complete expression (the
/// parser would take an operator: `?` is among its choices), when gcc
/// names it alone: a `;` ending a statement (not a declaration, whose
/// list may go on), else the `)`, `]` or `}` closing a bracket.
fn missing_token(
    text: &str,
    offset: usize,
    expected: &std::collections::HashSet<&str>,
) -> Option<&'static str> {
    if !expected.contains("?") {
        return None;
    }
    if expected.contains(";") {
        return (!in_initialized_declaration(text, offset)).then_some(";");
    }
    [")", "]", "}"].into_iter().find(|c| expected.contains(c))
}

/// The start and length of the token before `offset` (line markers left
/// out).
fn previous_token(text: &str, offset: usize) -> (usize, usize) {
    let mut end = text[..offset].trim_end().len();
    loop {
        let line = text[..end].rfind('\n').map_or(0, |i| i + 1);
        if !text[line..end].starts_with('#') {
            break;
        }
        end = text[..line].trim_end().len();
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let start = match text[..end].chars().next_back() {
        Some(c) if word(c) => parse::word_start(&text[..end]),
        // A literal: back to its opening quote (an escaped quote inside
        // only moves the column).
        Some(quote @ ('"' | '\'')) => text[..end - 1].rfind(quote).unwrap_or(end - 1),
        Some(c) => end - c.len_utf8(),
        None => 0,
    };
    (start, end - start)
}

/// Whether `offset` is inside a declaration whose declarator has an
/// initializer (`int x = 5` before a missing `;`): gcc then expects `,`
/// or `;`. The declaration starts after the last `;`, `{` or `}` outside
/// brackets, with a type or storage class keyword.
fn in_initialized_declaration(text: &str, offset: usize) -> bool {
    let mut depth = 0i32;
    let mut start = 0;
    let mut initialized = false;
    for (i, c) in text[..offset].char_indices().rev() {
        match c {
            ')' | ']' => depth += 1,
            '(' | '[' if depth > 0 => depth -= 1,
            '(' | '[' => return false,
            '=' if depth == 0 => {
                let prev = text[..i].chars().next_back();
                let next = text[i + 1..].chars().next();
                let operator = matches!(
                    prev,
                    Some('=' | '!' | '<' | '>' | '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^')
                ) || next == Some('=');
                initialized |= !operator;
            }
            ';' | '{' | '}' if depth == 0 => {
                start = i + 1;
                break;
            }
            _ => {}
        }
    }
    let first = text[start..offset]
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(|line| line.split(|c: char| !(c.is_alphanumeric() || c == '_')))
        .find(|w| !w.is_empty());
    initialized && first.is_some_and(parse::is_type_keyword)
}

/// The message of a parse error gcc words otherwise.
fn syntax_message(text: &str, offset: usize, expected: &std::collections::HashSet<&str>) -> String {
    let found = text[offset.min(text.len())..].trim_start();
    let before = before_token(found);
    if found.is_empty() && expected.contains("}") {
        return "expected declaration or statement at end of input".to_owned();
    }
    let starts_expression = expected.contains("[_a-zA-Z]") || expected.contains("(");
    // In a parameter list: a name that is no type, `...` first (a case
    // label's `...` is GNU's range).
    if expected.contains("...") && !expected.contains(":") {
        if let Some(name) = name_at(found, 0).filter(|name| !parse::is_keyword(name)) {
            return format!("unknown type name '{name}'");
        }
    }
    if found.starts_with("...") && expected.contains(")") {
        return "ISO C requires a named argument before '...'".to_owned();
    }
    if expected.contains(")")
        && expected.contains(",")
        && expected.iter().all(|t| matches!(*t, "(" | ")" | "," | "["))
    {
        // After a parameter's declarator.
        return format!("expected ';', ',' or ')' {before}");
    }
    if expected.contains(":") && expected.contains("...") {
        return format!("expected ':' or '...' {before}");
    }
    if expected.contains("asm") {
        // After a declarator.
        return format!("expected '=', ',', ';', 'asm' or '__attribute__' {before}");
    }
    if expected.contains(":") && expected.contains(";") && expected.contains(",") {
        // After a member's declarator, where a bit-field's width may follow.
        return format!("expected ':', ',', ';', '}}' or '__attribute__' {before}");
    }
    // Where a declarator must start (`int = 3;`, a stray `}` at file
    // scope); an expression could start with `~`.
    let declarator_start =
        expected.contains("*") && expected.contains("[_a-zA-Z]") && !expected.contains("~");
    if declarator_start || (found.starts_with('}') && expected.contains("<typedef_name>")) {
        return format!("expected identifier or '(' {before}");
    }
    if expected.contains(";") && expected.contains("?") {
        // After an initializer (the others are `missing_token`'s).
        return format!("expected ',' or ';' {before}");
    }
    if starts_expression && expected.contains("~") {
        return format!("expected expression {before}");
    }
    let mut literal: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|t| !t.is_empty() && !t.starts_with('[') && !t.starts_with('<'))
        .collect();
    literal.sort();
    match literal.as_slice() {
        [] => format!("syntax error {before}"),
        [one] => format!("expected '{one}' {before}"),
        [many @ .., last] if many.len() < 4 => {
            let many: Vec<String> = many.iter().map(|t| format!("'{t}'")).collect();
            format!("expected {} or '{last}' {before}", many.join(", "))
        }
        _ => format!("syntax error {before}"),
    }
}

/// Where a declaration starts with a name no typedef declares, and the
/// name. At file scope the parse stops at that name (`mytype x;`); in a
/// parameter list it took the names for a K&R list of names, and stops
/// at the second (`int f(mytype a)`, where only `)` or `,` could follow).
fn unknown_type_name<'t>(
    text: &'t str,
    offset: usize,
    expected: &std::collections::HashSet<&str>,
) -> Option<(usize, &'t str)> {
    let at = offset + (text[offset..].len() - text[offset..].trim_start().len());
    let here = name_at(text, at);
    let followed_by_declarator = |end: usize| {
        text[end..]
            .trim_start()
            .starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '*')
    };
    if let Some(name) = here.filter(|name| !parse::is_keyword(name)) {
        if followed_by_declarator(at + name.len())
            && matches!(code_before(text, at), None | Some(';' | '}'))
        {
            return Some((at, name));
        }
    }
    let (start, len) = previous_token(text, offset);
    let name = name_at(text, start).filter(|name| name.len() == len)?;
    if !followed_by_declarator(at) || parse::is_keyword(name) {
        return None;
    }
    // In a block, `x y;` starts a declaration only if `x` is no variable:
    // a name the unit never mentioned before is taken for a type.
    let statement_start = matches!(code_before(text, start), Some(';' | '{' | '}'));
    if statement_start && occurrences(&text[..start], name).next().is_none() {
        return Some((start, name));
    }
    let parameter = expected.iter().all(|t| matches!(*t, ")" | ","));
    (parameter && matches!(code_before(text, start), Some('(' | ','))).then_some((start, name))
}

/// GNU's floating types kit lacks and lang-c does not know, so that their
/// use is a parse error: gcc's `__float128` (IEEE quad precision). (gcc 12
/// on x86-64 knows no `__ibm128` or `__bf16`.)
pub(crate) const UNSUPPORTED_TYPE_NAMES: &[&str] = &["__float128"];

/// One of `UNSUPPORTED_TYPE_NAMES` where the parse stopped or just before,
/// and where it starts.
fn unsupported_type_name(text: &str, offset: usize) -> Option<(usize, &str)> {
    let at = offset + (text[offset..].len() - text[offset..].trim_start().len());
    let (before, _) = previous_token(text, offset);
    [at, before].into_iter().find_map(|start| {
        let name = name_at(text, start)?;
        UNSUPPORTED_TYPE_NAMES
            .contains(&name)
            .then_some((start, name))
    })
}

/// The identifier (or keyword) starting at `at`.
fn name_at(text: &str, at: usize) -> Option<&str> {
    let rest = &text[at..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0 && !rest.starts_with(|c: char| c.is_ascii_digit())).then(|| &rest[..end])
}

/// The last character of code before `at`, line markers left out.
fn code_before(text: &str, at: usize) -> Option<char> {
    let (start, len) = previous_token(text, at);
    text[start..start + len].chars().next_back()
}

/// gcc's words for the token `text` starts with, in "expected X before
/// ...": a name or keyword quoted, a character constant as spelled,
/// another literal by its kind, a punctuator quoted as a token.
fn before_token(text: &str) -> String {
    const PUNCTUATORS: &[&str] = &[
        "<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=",
    ];
    let bytes = text.as_bytes();
    let name_end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    // An encoding prefix (`L`, `u`, `U`, `u8`) belongs to its literal.
    let literal_at = match &text[..name_end] {
        "" | "L" | "u" | "U" | "u8" => Some(name_end),
        _ => None,
    };
    match literal_at.and_then(|at| bytes.get(at)) {
        Some(b'"') => return "before string constant".to_owned(),
        Some(b'\'') => {
            // As spelled, prefix and quotes: `before 'c'`, `before L'x'`.
            let end = standard_attributes::literal_end(bytes, literal_at.unwrap_or(0));
            return format!("before {}", &text[..end]);
        }
        _ => {}
    }
    match bytes.first() {
        None => "at end of input".to_owned(),
        Some(c) if c.is_ascii_digit() => "before numeric constant".to_owned(),
        Some(b'.') if bytes.get(1).is_some_and(u8::is_ascii_digit) => {
            "before numeric constant".to_owned()
        }
        Some(_) if name_end > 0 => format!("before '{}'", &text[..name_end]),
        Some(_) => {
            let len = PUNCTUATORS
                .iter()
                .find(|p| text.starts_with(**p))
                .map_or_else(
                    || text.chars().next().map_or(0, char::len_utf8),
                    |p| p.len(),
                );
            format!("before '{}' token", &text[..len])
        }
    }
}

/// Where `token` occurs in `line` as a token: not inside a longer
/// identifier (`c` is not in `const`, nor `int` in `print`).
fn occurrences<'a>(line: &'a str, token: &'a str) -> impl Iterator<Item = usize> + 'a {
    let word = |c: Option<char>| c.is_some_and(|c| c == '_' || c.is_alphanumeric());
    line.match_indices(token).map(|(i, _)| i).filter(move |&i| {
        let joins_before = word(token.chars().next()) && word(line[..i].chars().next_back());
        let joins_after =
            word(token.chars().next_back()) && word(line[i + token.len()..].chars().next());
        !joins_before && !joins_after
    })
}

/// The host ISA with kit's settings: the opt level, and frame pointers
/// kept so the crash guard can walk the stack.
fn host_isa(options: &CompileOptions) -> Result<cranelift_codegen::isa::OwnedTargetIsa, String> {
    let mut flags = settings::builder();
    let level = match options.opt_level {
        OptLevel::O0 => "none",
        OptLevel::O1 | OptLevel::O2 => "speed",
    };
    let set = |flags: &mut settings::Builder, name: &str, value: &str| {
        flags
            .set(name, value)
            .map_err(|e| format!("cranelift setting {name}: {e}"))
    };
    set(&mut flags, "opt_level", level)?;
    set(&mut flags, "preserve_frame_pointers", "true")?;
    set(&mut flags, "is_pic", "false")?;
    // The IR verifier catches lowering bugs; the test suite's debug builds
    // run it on every function, release builds skip its cost (about a
    // tenth of the compile time).
    let verify = if cfg!(debug_assertions) {
        "true"
    } else {
        "false"
    };
    set(&mut flags, "enable_verifier", verify)?;
    // `__int128` arguments and results in two registers, as the psABI
    // (and gcc) pass them.
    set(&mut flags, "enable_llvm_abi_extensions", "true")?;
    let builder = cranelift_native::builder()
        .map_err(|e| format!("this host is not supported by Cranelift: {e}"))?;
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| e.to_string())
}

/// A diagnostic at byte `offset` of the preprocessed text, mapped back to
/// the user's file and line through the line markers.
fn diagnostic(
    text: &str,
    sources: &[(String, String)],
    offset: usize,
    message: String,
) -> Diagnostic {
    let mut offset = offset.min(text.len());
    // A node's span may start at the blank before its first token.
    offset += text[offset..]
        .find(|c: char| c == '\n' || !c.is_whitespace())
        .unwrap_or(0);
    let (loc, _) = lang_c::loc::get_location_for_offset(text, offset);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let preprocessed_line =
        &text[line_start..text[offset..].find('\n').map_or(text.len(), |i| offset + i)];
    // The token there: a word or number, else one punctuation character.
    let word = |c: &char| c.is_alphanumeric() || *c == '_' || *c == '.';
    let mut token: String = match text[offset..].chars().next() {
        Some(c) if word(&c) => text[offset..].chars().take_while(word).collect(),
        Some(c) if !c.is_whitespace() => c.to_string(),
        _ => String::new(),
    };
    if let Some((_, spelled)) = shims::SOURCE_SPELLING.iter().find(|(w, _)| *w == token) {
        token = (*spelled).to_owned();
    }
    let source_line = sources
        .iter()
        .find(|(path, _)| path == loc.file)
        .and_then(|(_, src)| src.lines().nth(loc.line.saturating_sub(1)))
        .unwrap_or(preprocessed_line)
        .to_owned();
    // The preprocessed text respaces tokens: find the token in the source
    // line, the same occurrence as in the preprocessed line.
    let earlier = occurrences(&text[line_start..offset], &token).count();
    let col = occurrences(&source_line, &token)
        .nth(earlier)
        .or_else(|| occurrences(&source_line, &token).next())
        .filter(|_| !token.is_empty())
        // Not on the source line (a token the parser shims wrote): the
        // preprocessor keeps source columns, so take the output's.
        .map_or(offset - line_start + 1, |i| i + 1);
    Diagnostic::error(
        Some(Location {
            path: loc.file.to_owned(),
            line: loc.line as u32,
            col: col as u32,
        }),
        message,
    )
    .with_source_line(source_line)
}
