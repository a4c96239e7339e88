//! Parsing a large translation unit on several cores. lang-c parses a
//! unit from its start to its end on one thread, and that parse is the
//! largest stage of a large unit's compile (Lua's onelua.c, sqlite3.c).
//! So the preprocessed text is cut, between file-scope declarations, into
//! one piece per core, and the pieces are parsed side by side.
//!
//! A piece is parsed as the whole text would be at its place: the text
//! before it is blanked, so that every offset in its syntax tree is the
//! whole text's, and the blank room first declares the typedef names that
//! the text before it declares, which the parser must know to tell a
//! declaration from an expression. Those declarations are dropped from
//! the tree after the parse.
//!
//! The cuts and typedef names come from a quick scan of the tokens, which
//! a K&R definition or an odd declaration can mislead. Nothing depends on
//! it being right: the typedef names that the parsed pieces before a
//! piece declare are checked against those the piece was given, and a
//! piece given the wrong ones is parsed again with the right ones. When a
//! piece does not parse, the whole unit is parsed in one piece, as
//! before, so that the repairs and diagnostics of parse.rs see it whole.

use std::collections::HashSet;

use lang_c::ast::{
    DeclarationSpecifier, ExternalDeclaration, StorageClassSpecifier, TranslationUnit,
};
use lang_c::driver::{Config, Parse};
use lang_c::span::Node;

use super::decl::declared_name;
use super::standard_attributes::literal_end;

/// Units smaller than this are parsed in one piece: lang-c takes about
/// 0.1 s for it, and a thread costs more than a small unit's parse gains.
const PIECE_FROM: usize = 128 << 10;

/// `text` parsed in pieces, on the cores that the other units compiling
/// now leave; None when it is small, there are no such cores, one
/// declaration is most of it, or a piece does not parse (the caller then
/// parses it whole).
pub fn parse_in_pieces(config: &Config, text: &str) -> Option<Parse> {
    let wanted = text.len() / PIECE_FROM;
    if wanted < 2 {
        return None;
    }
    parse_in(config, text, wanted.min(crate::threads::spare_cores()))
}

/// `text` parsed in `pieces` pieces (fewer if it has fewer cuts).
fn parse_in(config: &Config, text: &str, pieces: usize) -> Option<Parse> {
    if pieces < 2 {
        return None;
    }
    let targets: Vec<usize> = (1..pieces).map(|k| text.len() * k / pieces).collect();
    let scan = scan(text, &targets);
    if scan.cuts.is_empty() {
        return None;
    }
    // Piece k runs from starts[k] to starts[k + 1], given the typedef
    // names the scan found before it.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(scan.cuts.iter().map(|c| c.offset))
        .collect();
    // One declaration may be most of the text (a generated table): the
    // other pieces would not pay for the threads.
    let largest = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&text.len()]))
        .map(|(start, end)| end - start)
        .max()
        .unwrap_or(0);
    if largest > most_of(text.len()) {
        return None;
    }
    let guesses: Vec<HashSet<&str>> = std::iter::once(0)
        .chain(scan.cuts.iter().map(|c| c.names_before))
        .map(|n| scan.names[..n].iter().copied().collect())
        .collect();
    parse_pieces(config, text, &starts, &guesses)
}

/// More than this much of a unit's text in one piece leaves it whole.
fn most_of(length: usize) -> usize {
    length / 8 * 7
}

/// `text` parsed in the pieces that `starts` (and the text's end) bound,
/// each after the typedef names guessed for it.
fn parse_pieces(
    config: &Config,
    text: &str,
    starts: &[usize],
    guesses: &[HashSet<&str>],
) -> Option<Parse> {
    let parse_piece = |k: usize, names: &HashSet<&str>| {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        parse_piece(config, text, starts[k]..end, names)
    };
    // Per piece: None if its helper thread did not run.
    let mut parsed: Vec<Option<Option<Parse>>> = Vec::new();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..guesses.len())
            .map(|k| {
                let (parse_piece, guess) = (&parse_piece, &guesses[k]);
                std::thread::Builder::new()
                    // A piece may nest as deeply as a whole unit.
                    .stack_size(crate::threads::COMPILER_STACK)
                    .spawn_scoped(scope, move || parse_piece(k, guess))
            })
            .collect();
        parsed.push(Some(parse_piece(0, &guesses[0])));
        // A helper that could not start (a thread limit) leaves its piece
        // to be parsed below; one that panicked, to the whole parse.
        parsed.extend(
            helpers
                .into_iter()
                .map(|h| h.ok().and_then(|h| h.join().ok())),
        );
    });
    let mut declared: HashSet<String> = HashSet::new();
    let mut declarations = Vec::new();
    for (k, piece) in parsed.into_iter().enumerate() {
        let guessed_right = guesses[k].len() == declared.len()
            && guesses[k].iter().all(|name| declared.contains(*name));
        let piece = match piece {
            Some(piece) if guessed_right => piece,
            _ => parse_piece(k, &declared.iter().map(String::as_str).collect()),
        }?;
        let own = piece
            .unit
            .0
            .into_iter()
            .filter(|d| d.span.start >= starts[k]);
        for d in own {
            note_typedef_names(&d.node, &mut declared);
            declarations.push(d);
        }
    }
    Some(Parse {
        source: text.to_owned(),
        unit: TranslationUnit(declarations),
    })
}

/// Parses `text[range]` where it stands in `text`, after declaring
/// `typedef_names` in the blank room before it; None if it does not
/// parse, or the names do not fit in the room (many short typedefs
/// before a piece that starts early), so it cannot be parsed there.
fn parse_piece(
    config: &Config,
    text: &str,
    range: std::ops::Range<usize>,
    typedef_names: &HashSet<&str>,
) -> Option<Parse> {
    let mut source = String::with_capacity(range.end);
    for name in typedef_names {
        source.push_str("typedef int ");
        source.push_str(name);
        source.push(';');
    }
    let room = range.start.checked_sub(source.len())?;
    source.extend(std::iter::repeat_n(' ', room));
    source.push_str(&text[range]);
    lang_c::driver::parse_preprocessed(config, source).ok()
}

/// Updates the file-scope typedef names after a declaration, as the
/// parser's own table is: a typedef declares its names, anything else
/// declared under such a name hides it.
fn note_typedef_names(d: &ExternalDeclaration, names: &mut HashSet<String>) {
    match d {
        ExternalDeclaration::Declaration(d) => {
            let typedef = d.node.specifiers.iter().any(|s| {
                matches!(
                    s.node,
                    DeclarationSpecifier::StorageClass(Node {
                        node: StorageClassSpecifier::Typedef,
                        ..
                    })
                )
            });
            for init in &d.node.declarators {
                if let Some(name) = declared_name(&init.node.declarator.node) {
                    if typedef {
                        names.insert(name.to_owned());
                    } else {
                        names.remove(name);
                    }
                }
            }
        }
        ExternalDeclaration::FunctionDefinition(f) => {
            if let Some(name) = declared_name(&f.node.declarator.node) {
                names.remove(name);
            }
        }
        ExternalDeclaration::StaticAssert(_) => {}
    }
}

struct Cut {
    /// Where a piece starts: just after a file-scope declaration.
    offset: usize,
    /// How many of the typedef names the scan found come before it.
    names_before: usize,
}

struct Scan<'a> {
    /// The file-scope typedef names, in the order they are declared.
    names: Vec<&'a str>,
    cuts: Vec<Cut>,
}

/// Finds the first end of a file-scope declaration at or after each
/// target offset, and the typedef names declared before the last.
fn scan<'a>(text: &'a str, targets: &[usize]) -> Scan<'a> {
    let mut scan = Scan {
        names: Vec::new(),
        cuts: Vec::new(),
    };
    let (mut braces, mut parens) = (0usize, 0usize);
    // The current declaration's tokens outside braces (a brace pair
    // stands as `{` `}`), and whether its braces are a function's body.
    let mut declaration: Vec<&str> = Vec::new();
    let mut body = false;
    // The last end of a declaration before the next target.
    let mut before: Option<Cut> = None;
    // Where the current declaration started.
    let mut start = 0;
    for (token, end) in Tokens::new(text) {
        if end - start > most_of(text.len()) {
            // One declaration is most of the text: no use going on.
            scan.cuts.clear();
            break;
        }
        let ended = if braces > 0 {
            match token {
                "{" => braces += 1,
                "}" => braces -= 1,
                _ => {}
            }
            braces == 0 && body
        } else {
            match token {
                "{" => {
                    body = parens == 0 && declaration.last() == Some(&")");
                    braces = 1;
                }
                "(" => parens += 1,
                ")" => parens = parens.saturating_sub(1),
                _ => {}
            }
            token == ";" && parens == 0
        };
        if braces == 0 || token == "{" && braces == 1 {
            declaration.push(token);
        }
        if !ended {
            continue;
        }
        if declaration.contains(&"typedef") {
            scan.names.extend(declared_typedef_names(&declaration));
        }
        declaration.clear();
        (body, parens, start) = (false, 0, end);
        let here = Cut {
            offset: end,
            names_before: scan.names.len(),
        };
        let Some(&target) = targets.get(scan.cuts.len()) else {
            break;
        };
        if end < target {
            before = Some(here);
            continue;
        }
        // The end nearest the target, unless the last declaration ends
        // the text (an empty piece gains nothing).
        let cut = match before.take() {
            Some(before) if target - before.offset < end - target => before,
            _ if text[end..].trim_start().is_empty() => break,
            _ => here,
        };
        scan.cuts.push(cut);
        if scan.cuts.len() == targets.len() {
            break;
        }
    }
    scan
}

/// The names a typedef declaration's tokens declare: after the
/// specifiers, the first name of each declarator.
fn declared_typedef_names<'a>(tokens: &[&'a str]) -> Vec<&'a str> {
    let mut i = 0;
    let mut typed = false;
    while let Some(&token) = tokens.get(i) {
        i += 1;
        match token {
            "struct" | "union" | "enum" => {
                typed = true;
                i = skip_attributes(tokens, i);
                if tokens.get(i).is_some_and(|t| is_name(t)) {
                    i += 1;
                }
                i = skip_attributes(tokens, i);
                if tokens.get(i) == Some(&"{") {
                    i = skip_group(tokens, i, "{", "}");
                }
            }
            "typeof" | "__typeof" | "__typeof__" => {
                typed = true;
                i = skip_group(tokens, i, "(", ")");
            }
            "_Atomic" if tokens.get(i) == Some(&"(") => {
                typed = true;
                i = skip_group(tokens, i, "(", ")");
            }
            _ if is_attribute(token) => i = skip_group(tokens, i, "(", ")"),
            _ if is_basic_type(token) => typed = true,
            _ if is_qualifier(token) => {}
            // A typedef name as the type.
            _ if is_name(token) && !typed => typed = true,
            _ => {
                i -= 1;
                break;
            }
        }
    }
    let mut names = Vec::new();
    let mut depth = 0usize;
    let mut named = false;
    while let Some(&token) = tokens.get(i) {
        i += 1;
        match token {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            "," if depth == 0 => named = false,
            _ if is_attribute(token) => i = skip_group(tokens, i, "(", ")"),
            _ if !named && is_name(token) && !is_qualifier(token) && !is_basic_type(token) => {
                names.push(token);
                named = true;
            }
            _ => {}
        }
    }
    names
}

/// The index after the group that opens at `tokens[i]`, if one does.
fn skip_group(tokens: &[&str], i: usize, open: &str, close: &str) -> usize {
    if tokens.get(i) != Some(&open) {
        return i;
    }
    let mut depth = 0usize;
    for (j, &token) in tokens.iter().enumerate().skip(i) {
        if token == open {
            depth += 1;
        } else if token == close {
            depth -= 1;
            if depth == 0 {
                return j + 1;
            }
        }
    }
    tokens.len()
}

fn skip_attributes(tokens: &[&str], mut i: usize) -> usize {
    while tokens.get(i).is_some_and(|t| is_attribute(t)) {
        i = skip_group(tokens, i + 1, "(", ")");
    }
    i
}

/// Words followed by a parenthesized operand that is no declarator.
fn is_attribute(word: &str) -> bool {
    matches!(
        word,
        "__attribute__" | "__attribute" | "_Alignas" | "__asm__" | "__asm" | "asm" | "__declspec"
    )
}

/// Keywords that name a type, or a part of one: C's, and GNU's.
fn is_basic_type(word: &str) -> bool {
    super::parse::is_basic_type_keyword(word)
        || matches!(
            word,
            "__complex__"
                | "__signed"
                | "__signed__"
                | "__int128"
                | "__int128_t"
                | "__uint128_t"
                | "_Float16"
                | "_Float32"
                | "_Float64"
                | "_Float128"
                | "_Float32x"
                | "_Float64x"
                | "__float128"
                | "__bf16"
        )
}

/// Keywords that qualify a declaration without naming a type.
fn is_qualifier(word: &str) -> bool {
    matches!(
        word,
        "typedef"
            | "const"
            | "__const"
            | "__const__"
            | "volatile"
            | "__volatile"
            | "__volatile__"
            | "restrict"
            | "__restrict"
            | "__restrict__"
            | "_Atomic"
            | "static"
            | "extern"
            | "auto"
            | "register"
            | "inline"
            | "__inline"
            | "__inline__"
            | "_Noreturn"
            | "_Thread_local"
            | "__thread"
            | "__extension__"
    )
}

fn is_name(token: &str) -> bool {
    token
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'$')
}

/// The tokens of preprocessed C with their end offsets, coarsely: names
/// and numbers whole, a literal as one token, any other character alone;
/// line markers and other directives are skipped.
struct Tokens<'a> {
    text: &'a str,
    at: usize,
    line_start: bool,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        Tokens {
            text,
            at: 0,
            line_start: true,
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (&'a str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        loop {
            let &b = bytes.get(self.at)?;
            match b {
                b'\n' => self.line_start = true,
                b'#' if self.line_start => {
                    self.at = memchr_newline(bytes, self.at);
                    continue;
                }
                _ if b.is_ascii_whitespace() => {}
                _ => break,
            }
            self.at += 1;
        }
        self.line_start = false;
        let start = self.at;
        let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'$';
        self.at = match bytes[start] {
            b'"' | b'\'' => literal_end(bytes, start),
            b if word(&b) || b >= 0x80 => {
                start
                    + bytes[start..]
                        .iter()
                        .position(|b| !(word(b) || *b >= 0x80))
                        .unwrap_or(bytes.len() - start)
            }
            _ => start + 1,
        };
        Some((&self.text[start..self.at], self.at))
    }
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::{declared_typedef_names, parse_in, parse_pieces, scan, Tokens};
    use lang_c::driver::Config;
    use std::collections::HashSet;

    fn names(declaration: &str) -> Vec<&str> {
        let tokens: Vec<&str> = Tokens::new(declaration).map(|(t, _)| t).collect();
        declared_typedef_names(&tokens)
    }

    #[test]
    fn typedef_names_are_found_after_their_specifiers() {
        assert_eq!(names("typedef int a;"), ["a"]);
        assert_eq!(names("typedef unsigned long size_t;"), ["size_t"]);
        assert_eq!(
            names("typedef size_t my_size, *my_size_p;"),
            ["my_size", "my_size_p"]
        );
        assert_eq!(names("typedef const __u32 __le32;"), ["__le32"]);
        assert_eq!(names("typedef struct s s;"), ["s"]);
        assert_eq!(names("typedef struct { int a; } S, *P;"), ["S", "P"]);
        assert_eq!(
            names("typedef enum __attribute__((packed)) e { A, B } E;"),
            ["E"]
        );
        assert_eq!(
            names("typedef int (*handler)(int a, char *b);"),
            ["handler"]
        );
        assert_eq!(names("typedef int table[N][M], row[M];"), ["table", "row"]);
        assert_eq!(
            names("__extension__ typedef long long ll __attribute__((aligned(8)));"),
            ["ll"]
        );
        assert_eq!(names("typedef __typeof__(sizeof 0) sz;"), ["sz"]);
        assert_eq!(
            names("typedef __builtin_va_list __gnuc_va_list;"),
            ["__gnuc_va_list"]
        );
        assert_eq!(names("typedef void (* const restrict f)(void);"), ["f"]);
    }

    #[test]
    fn cuts_fall_after_file_scope_declarations() {
        let text = "# 1 \"a.c\"\ntypedef int t;\nint f(void) { return ({ 1; }); }\n\
                    struct s { int a; } x = { 1 };\nchar *c = \"};\";\nt y;\n";
        let targets: Vec<usize> = (1..text.len()).collect();
        let cuts: Vec<usize> = scan(text, &targets).cuts.iter().map(|c| c.offset).collect();
        let after = |s: &str| text.find(s).unwrap() + s.len();
        // The first end at or after each target, in order; the last
        // declaration ends the text, where no piece starts.
        assert_eq!(cuts[0], after("typedef int t;"));
        assert!(cuts.contains(&after("return ({ 1; }); }")));
        assert!(cuts.contains(&after("x = { 1 };")));
        assert!(cuts.contains(&after("\"};\";")));
        assert_eq!(cuts.len(), 4);
        assert_eq!(scan(text, &targets).names, ["t"]);
    }

    #[test]
    fn a_declaration_that_is_most_of_the_text_is_not_cut() {
        let rows = "{ 1, 2 }, ".repeat(1000);
        let text = format!("int a;\nstruct r {{ int x, y; }} table[] = {{ {rows} }};\nint b;\n");
        assert!(scan(&text, &[text.len() / 2]).cuts.is_empty());
        assert!(parse_in(&Config::with_gcc(), &text, 2).is_none());
        // Two such tables are cut between them.
        let two = format!("int t1[] = {{ {rows} }};\nint t2[] = {{ {rows} }};\n");
        let cuts = scan(&two, &[two.len() / 2]).cuts;
        assert_eq!(cuts[0].offset, two.find('\n').unwrap());
    }

    #[test]
    fn pieces_parse_as_the_whole_does() {
        let config = Config::with_gcc();
        let text = "typedef int t; int f(t x) { t y = x; return y; }\n\
                    typedef struct s { t a; } s; s g(s v) { return v; }\n\
                    int (t2); t h(void) { t (z) = 1; return z; }\n"
            .to_owned();
        let whole = lang_c::driver::parse_preprocessed(&config, text.clone()).unwrap();
        for pieces in 2..6 {
            let parsed = parse_in(&config, &text, pieces).expect("the pieces parse");
            assert_eq!(format!("{:?}", parsed.unit), format!("{:?}", whole.unit));
            assert_eq!(parsed.source, whole.source);
        }
    }

    #[test]
    fn a_wrong_guess_is_parsed_again_and_a_bad_cut_gives_up() {
        let config = Config::with_gcc();
        let text = "typedef int t;\nint alpha, beta, gamma;\nint f(t b) { return b * t2; }\n";
        let whole = lang_c::driver::parse_preprocessed(&config, text.to_owned()).unwrap();
        let second = text.find("int alpha").unwrap();
        let third = text.find("int f").unwrap();
        // Too few names (`t` would be read as a variable), and too many
        // (`t2` would be read as a type).
        for guess in [vec![], vec!["t", "t2"]] {
            let guesses = [
                HashSet::new(),
                ["t"].into(),
                guess.iter().copied().collect(),
            ];
            let parsed = parse_pieces(&config, text, &[0, second, third], &guesses).unwrap();
            assert_eq!(format!("{:?}", parsed.unit), format!("{:?}", whole.unit));
        }
        // A K&R parameter's declaration ends like a file-scope one: a
        // cut after it leaves a piece that does not parse.
        let text = "int a;\nint f(q) int q; { return q; }\n";
        assert!(parse_in(&config, text, 2).is_none());
        assert_eq!(
            scan(text, &[text.len() / 2]).cuts[0].offset,
            text.find("{").unwrap() - 1
        );
    }
}
