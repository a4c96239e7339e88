//! Drops the function prototypes and `static` function definitions of
//! system headers that the unit never names, before the text goes to the
//! parser.
//!
//! `<stdio.h>` alone declares about 180 functions; a program calls a few.
//! Parsing is the slowest stage of the front end (lang-c reads about
//! 1.4 MB/s), so the prototypes nothing uses are most of what hello.c
//! costs to parse and declare. A prototype whose name appears nowhere else
//! in the unit changes nothing the program can observe: it declares a name
//! no expression uses, and no symbol is referenced for it.
//!
//! Only what is certainly such a prototype goes: a file-scope declaration
//! wholly from system headers, of the shape `SPECIFIERS NAME ( ... )
//! [__attribute__ (...) | __asm__ (...)]... ;`, naming no struct, union or
//! enum (a tag's first mention declares it at file scope), with no
//! initializer, body or typedef. So does a `static` function definition
//! of the shape `SPECIFIERS NAME ( ... ) { ... }` whose name appears
//! nowhere else (in a string neither, as an alias target would): it
//! defines no symbol and nothing refers to it. kit's <emmintrin.h>
//! defines some 250 such functions, and a program calls a few; parsing
//! and lowering the rest cost every SSE2 program 50 ms. Anything else
//! stays, as do all of the user's own declarations, so their diagnostics
//! are unchanged.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::lex::{FxBuild, Kind, Token};

/// Removes from `tokens` each unused system prototype; `system` tells
/// whether a token comes from a system header.
pub fn unused_prototypes(tokens: &mut Vec<Token>, system: impl Fn(&Token) -> bool) {
    let unused = {
        let (uses, in_strings) = name_counts(tokens);
        let unused = |name: &str| uses[name] == 1;
        declarations(tokens)
            .filter(|range| {
                let declaration = &tokens[range.clone()];
                declaration.iter().all(&system)
                    && (prototype_name(declaration).is_some_and(unused)
                        || static_definition_name(declaration)
                            .is_some_and(|name| unused(name) && !in_strings.contains(name)))
            })
            .collect::<Vec<_>>()
    };
    if unused.is_empty() {
        return;
    }
    let mut index = 0;
    let mut next = unused.iter().peekable();
    tokens.retain(|_| {
        while next.peek().is_some_and(|r| r.end <= index) {
            next.next();
        }
        let keep = !next.peek().is_some_and(|r| r.contains(&index));
        index += 1;
        keep
    });
}

/// How often each identifier appears; `__builtin_NAME` counts as a use
/// of NAME too, since kit may call NAME for it. A string literal `"NAME"`
/// (an alias or ifunc target) counts as a use of a definition, not of a
/// prototype (whose asm label may spell its own name).
fn name_counts(tokens: &[Token]) -> (HashMap<&str, u32, FxBuild>, HashSet<&str, FxBuild>) {
    let mut counts: HashMap<&str, u32, FxBuild> = HashMap::default();
    let mut in_strings: HashSet<&str, FxBuild> = HashSet::default();
    for token in tokens {
        match token.kind {
            Kind::Ident => {
                *counts.entry(&token.text).or_default() += 1;
                if let Some(name) = token.text.strip_prefix("__builtin_") {
                    *counts.entry(name).or_default() += 1;
                }
            }
            Kind::Str => {
                in_strings.insert(token.text.trim_matches('"'));
            }
            _ => {}
        }
    }
    (counts, in_strings)
}

/// The file-scope declarations, each ending with its `;` (a function
/// definition ends at its body's `}`). A `{` after `)` opens a function
/// body unless a tag came first (`struct __attribute__((packed)) {`):
/// then the declaration runs on to its `;`.
fn declarations(tokens: &[Token]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let mut depth = 0usize;
    let mut tagged = false;
    let mut in_body = false;
    tokens.iter().enumerate().filter_map(move |(i, token)| {
        if token.kind == Kind::Ident && depth == 0 {
            tagged |= matches!(&*token.text, "struct" | "union" | "enum");
        }
        if token.kind != Kind::Punct {
            return None;
        }
        let ends = match &*token.text {
            "(" | "[" => {
                depth += 1;
                false
            }
            "{" => {
                if depth == 0 {
                    in_body = !tagged && i > 0 && tokens[i - 1].is(")");
                }
                depth += 1;
                false
            }
            ")" | "]" => {
                depth = depth.saturating_sub(1);
                false
            }
            "}" => {
                depth = depth.saturating_sub(1);
                depth == 0 && std::mem::take(&mut in_body)
            }
            ";" => depth == 0,
            _ => false,
        };
        if !ends {
            return None;
        }
        let range = start..i + 1;
        start = i + 1;
        tagged = false;
        Some(range)
    })
}

/// The declared name when `declaration` is certainly a plain prototype.
fn prototype_name(declaration: &[Token]) -> Option<&str> {
    let (last, body) = declaration.split_last()?;
    if !last.is(";") || body.iter().any(rules_out) {
        return None;
    }
    let open = body.iter().position(|t| t.is("("))?;
    let name = body.get(open.checked_sub(1)?)?;
    if name.kind != Kind::Ident || NOT_NAMES.contains(&&*name.text) {
        return None;
    }
    // After the parameters, only attributes and an asm label.
    let mut at = closing(body, open)? + 1;
    while at < body.len() {
        let word = &body[at];
        let trailer = word.kind == Kind::Ident && TRAILERS.contains(&&*word.text);
        if !(trailer && body.get(at + 1)?.is("(")) {
            return None;
        }
        at = closing(body, at + 1)? + 1;
    }
    Some(&name.text)
}

/// The defined name when `declaration` is certainly a `static` function
/// definition: `SPECIFIERS NAME ( ... ) { ... }`, with `static` among the
/// specifiers and no struct, union, enum or typedef there (nor a K&R
/// parameter declaration list).
fn static_definition_name(declaration: &[Token]) -> Option<&str> {
    if !declaration.last()?.is("}") {
        return None;
    }
    let head = &declaration[..declaration.iter().position(|t| t.is("{"))?];
    let word = |w: &str| head.iter().any(|t| t.kind == Kind::Ident && &*t.text == w);
    let observable = KEEPING_ATTRIBUTES.iter().any(|a| word(a));
    if !word("static") || observable || head.iter().any(rules_out) || !head.last()?.is(")") {
        return None;
    }
    let open = opening(head, head.len() - 1)?;
    let name = head.get(open.checked_sub(1)?)?;
    (name.kind == Kind::Ident && !NOT_NAMES.contains(&&*name.text)).then_some(&*name.text)
}

/// A token that makes a declaration more than a prototype.
fn rules_out(token: &Token) -> bool {
    match token.kind {
        Kind::Punct => matches!(&*token.text, "{" | "}" | "="),
        Kind::Ident => matches!(
            &*token.text,
            "typedef" | "struct" | "union" | "enum" | "_Static_assert" | "static_assert"
        ),
        _ => false,
    }
}

/// Words a `(` may follow that are not a declared name (a keyword there
/// means a parenthesized declarator, as in `int (f)(void)`).
const NOT_NAMES: &[&str] = &[
    "void",
    "char",
    "short",
    "int",
    "long",
    "float",
    "double",
    "signed",
    "unsigned",
    "_Bool",
    "bool",
    "_Complex",
    "__int128",
    "_Float16",
    "_Float32",
    "_Float64",
    "_Float128",
    "_Float32x",
    "_Float64x",
    "__float128",
    "const",
    "volatile",
    "restrict",
    "__restrict",
    "inline",
    "__inline",
    "static",
    "extern",
    "_Noreturn",
    "__extension__",
    "__attribute__",
    "__attribute",
    "__asm__",
    "__asm",
    "asm",
    "__declspec",
    "sizeof",
    "typeof",
    "__typeof__",
    "__typeof",
    "typeof_unqual",
    "__typeof_unqual__",
    "_Alignas",
    "alignas",
    "_Alignof",
    "alignof",
    "__alignof__",
    "_Atomic",
    "_BitInt",
    "_Generic",
];

/// Attributes that make a function count whatever names it: it runs
/// before or after `main`, or is kept, placed or named by them.
const KEEPING_ATTRIBUTES: &[&str] = &[
    "constructor",
    "__constructor__",
    "destructor",
    "__destructor__",
    "used",
    "__used__",
    "section",
    "__section__",
    "alias",
    "__alias__",
    "ifunc",
    "__ifunc__",
];

/// What may follow a prototype's parameter list.
const TRAILERS: &[&str] = &["__attribute__", "__attribute", "__asm__", "__asm", "asm"];

/// The index of the `(` that the `)` at `close` closes.
fn opening(tokens: &[Token], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for i in (0..=close).rev() {
        if tokens[i].is(")") {
            depth += 1;
        } else if tokens[i].is("(") {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The index of the `)` closing the `(` at `open`.
fn closing(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        if token.kind != Kind::Punct {
            continue;
        }
        match &*token.text {
            "(" => depth += 1,
            ")" => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `text`, without the end of file.
    fn tokens(text: &str) -> Vec<Token> {
        let Ok(mut tokens) = super::super::lex::tokenize(text, 0) else {
            panic!("{text} does not lex");
        };
        tokens.pop();
        tokens
    }

    /// Prunes `text` (all of it a system header's) and renders what stays.
    fn pruned(text: &str) -> String {
        let mut tokens = tokens(text);
        unused_prototypes(&mut tokens, |_| true);
        let words: Vec<&str> = tokens.iter().map(|t| &*t.text).collect();
        words.join(" ")
    }

    #[test]
    fn unused_prototypes_go_and_used_ones_stay() {
        let text = "extern int puts (const char *s) __attribute__ ((__nothrow__));
                    extern int printf (const char *, ...) __asm__ (\"printf\");
                    int main(void) { return puts(\"x\"); }";
        assert_eq!(
            pruned(text),
            "extern int puts ( const char * s ) __attribute__ ( ( __nothrow__ ) ) ; \
             int main ( void ) { return puts ( \"x\" ) ; }"
        );
    }

    #[test]
    fn anything_but_a_plain_prototype_stays() {
        for text in [
            "struct s *make(void);",
            "typedef int f(int);",
            "int x = f(1);",
            "int (*signal(int, void (*)(int)))(int);",
            "__attribute__((cold)) void die(void);",
            "int old(a) int a; { return a; }",
            "_Static_assert(1, \"x\");",
            "[[gnu::format(printf, 1, 2)]] int say(const char *, ...);",
            "int f(int) __attribute__((x)) y;",
            "struct __attribute__((packed)) { int a; } f(void);",
            "struct s { int a; } g(void) { return (struct s){0}; } int h(void);",
        ] {
            let kept = pruned(text).split_whitespace().count();
            assert_eq!(kept, tokens(text).len(), "{text}");
        }
    }

    #[test]
    fn a_builtin_call_keeps_the_function_it_names() {
        let text = "void *memcpy(void *, const void *, unsigned long);
                    void g(char *a, char *b) { __builtin_memcpy(a, b, 1); }";
        assert!(pruned(text).starts_with("void * memcpy"));
    }

    #[test]
    fn unused_static_definitions_go_and_used_or_observable_ones_stay() {
        let text = "static __inline__ int __attribute__((__always_inline__)) add(int a, int b) { return a + b; }
                    static int twice(int a) { return add(a, a); }
                    static int unused(int a) { return -a; }
                    static void __attribute__((constructor)) setup(void) { }
                    static int aliased(void) { return 1; }
                    int other(void) __attribute__((alias(\"aliased\")));
                    int main(void) { return twice(2); }";
        let kept = pruned(text);
        for name in ["add", "twice", "setup", "aliased", "main"] {
            assert!(kept.contains(&format!(" {name} (")), "{name} kept: {kept}");
        }
        assert!(!kept.contains("unused"), "{kept}");
        // Not static, or K&R, or naming a tag: kept whether used or not.
        for text in [
            "int visible(void) { return 0; }",
            "static int old(a) int a; { return a; }",
            "static struct s { int x; } make(void) { return (struct s){0}; }",
        ] {
            assert_eq!(
                pruned(text).split_whitespace().count(),
                tokens(text).len(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_prototype_after_a_function_body_is_its_own_declaration() {
        let text = "int f(void) { return 0; } int unused(void); int g(void);
                    int h(void) { return g(); }";
        assert_eq!(
            pruned(text),
            "int f ( void ) { return 0 ; } int g ( void ) ; int h ( void ) { return g ( ) ; }"
        );
    }
}
