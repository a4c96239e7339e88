//! Preprocessor tests. Expected expansions come from the C11 standard's
//! examples (6.10.3.5) or from `gcc -E -P` run at test time.

use std::path::PathBuf;
use std::process::Command;

use super::*;

fn options(hosted: bool) -> PreprocessOptions {
    PreprocessOptions {
        include_dirs: Vec::new(),
        system_include_dirs: Vec::new(),
        macros: Vec::new(),
        hosted_libc: hosted,
        sysroot: PathBuf::from("/"),
        drop_unused_prototypes: false,
        token_rules: Default::default(),
    }
}

fn run(text: &str) -> Result<Preprocessed, Vec<Diagnostic>> {
    let source = SourceFile {
        path: PathBuf::from("t.c"),
        display: "t.c".into(),
        text: text.into(),
    };
    preprocess(&source, &options(false))
}

/// Tokens of the output, without line markers, joined by single spaces.
fn normalized(text: &str) -> String {
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("# "))
        .collect::<Vec<_>>()
        .join("\n");
    match super::lex::tokenize(&body, 0) {
        Ok(tokens) => tokens
            .iter()
            .filter(|t| t.kind != Kind::Eof)
            .map(|t| t.text.to_string())
            .collect::<Vec<_>>()
            .join(" "),
        Err(_) => panic!("output does not lex: {body}"),
    }
}

fn expand(text: &str) -> String {
    match run(text) {
        Ok(p) => normalized(&p.text),
        Err(errors) => panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// A scratch directory of this test process, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("kit-pp-{name}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn gcc(text: &str) -> String {
    let dir = Scratch::new("gcc");
    let file = dir.join("t.c");
    std::fs::write(&file, text).unwrap();
    let out = Command::new("gcc")
        .args(["-E", "-P", "-undef", "-nostdinc"])
        .arg(&file)
        .output()
        .expect("gcc");
    assert!(
        out.status.success(),
        "gcc -E failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    normalized(&String::from_utf8_lossy(&out.stdout))
}

fn error(text: &str) -> String {
    match run(text) {
        Ok(p) => panic!("expected an error, got {:?}", p.text),
        Err(errors) => errors[0].to_string(),
    }
}

#[test]
fn object_and_function_macros_match_gcc() {
    for src in [
        "#define A 1\n#define B A + A\nB",
        "#define f(x, y) ((x) * (y))\nf(1 + 2, 3) f((a, b), c)",
        "#define str(x) #x\n#define xstr(x) str(x)\n#define V 42\nstr(V) xstr(V) str( a  \"b\\n\" )",
        "#define cat(a, b) a ## b\ncat(x, y) cat(1, 2) cat(, z) cat(w, )",
        "#define e(fmt, ...) p(fmt, __VA_ARGS__)\n#define g(fmt, ...) p(fmt, ## __VA_ARGS__)\ne(1, 2, 3) g(1) g(1, 2)",
        "#define f(x) f(x)\n#define g f\ng(1)",
        "#define obj (1)\n#define fn(x) x\nfn obj fn (obj)",
    ] {
        assert_eq!(expand(src), gcc(src), "{src}");
    }
}

/// Tokens that macro expansion puts side by side must not fuse in the
/// text: the output, lexed again, is the same token sequence as gcc's.
#[test]
fn adjacent_tokens_from_expansions_stay_apart() {
    let src = "#define NEG -x
#define EQ =
#define SLASH /
#define STAR *
#define W L
#define S \"s\"
#define ONE 1
#define DOT .5
#define PLUS +
#define E 1e
-NEG a -EQ b SLASH STAR c W S ONE DOT E PLUS 2 ONE ONE x NEG<EQ";
    assert_eq!(expand(src), gcc(src));
}

/// C11 6.10.3.4 paragraph 4: `f(2)(9)` rescans into `2*9*g`.
#[test]
fn rescanning_example_from_6_10_3_4() {
    let src = "#define f(a) a*g
#define g(a) f(a)
f(2)(9)
#define EMPTY
#define LPAREN (
#define h(x) [x]
h EMPTY (1) h LPAREN 2) h
(3)
#define hash_hash # ## #
#define mkstr(a) # a
#define in_between(a) mkstr(a)
#define join(c, d) in_between(c hash_hash d)
char p[] = join(x, y);";
    assert_eq!(expand(src), gcc(src));
}

#[test]
fn c11_6_10_3_5_example_3() {
    let src = "#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };";
    assert_eq!(
        expand(src),
        normalized(
            "f(2 * (y+1)) + f(2 * (f(2 * (z[0])))) % f(2 * (0)) + t(1);
f(2 * (2+(3,4)-0,1)) | f(2 * (~ 5)) & f(2 * (0,1))^m(0,1);
int i[] = { 1, 23, 4, 5, };
char c[2][6] = { \"hello\", \"\" };"
        )
    );
}

#[test]
fn c11_6_10_3_5_example_4_stringizing() {
    let src = r#"#define str(s) # s
#define xstr(s) str(s)
#define debug(s, t) printf("x" # s "= %d, x" # t "= %s", \
 x ## s, x ## t)
#define INCFILE(n) vers ## n
#define glue(a, b) a ## b
#define xglue(a, b) glue(a, b)
#define HIGHLOW "hello"
#define LOW LOW ", world"
debug(1, 2);
fputs(str(strncmp("abc\0d", "abc", '\4') // this goes away
 == 0) str(: @\n), s);
xstr(INCFILE(2).h)
glue(HIGH, LOW);
xglue(HIGH, LOW)"#;
    assert_eq!(
        expand(src),
        normalized(
            r#"printf("x" "1" "= %d, x" "2" "= %s", x1, x2);
fputs("strncmp(\"abc\\0d\", \"abc\", '\\4') == 0" ": @\n", s);
"vers2.h"
"hello";
"hello" ", world""#
        )
    );
}

#[test]
fn c11_6_10_3_5_example_5_placemarkers() {
    let src = "#define t(x,y,z) x ## y ## z
int j[] = { t(1,2,3), t(,4,5), t(6,,7), t(8,9,),
 t(10,,), t(,11,), t(,,12), t(,,) };";
    assert_eq!(
        expand(src),
        normalized("int j[] = { 123, 45, 67, 89, 10, 11, 12, };")
    );
}

#[test]
fn push_and_pop_macro_match_gcc() {
    // Saved and restored, an undefined name too; a pop with nothing
    // pushed changes nothing.
    let src = "#define A 1\n#pragma push_macro(\"A\")\n#undef A\n#define A 2\nA\n\
               #pragma pop_macro(\"A\")\nA\n#pragma push_macro(\"B\")\n#define B 3\nB\n\
               #pragma pop_macro(\"B\")\nB\n#pragma pop_macro(\"A\")\nA";
    assert_eq!(expand(src), gcc(src));
    assert_eq!(expand(src), "2 1 3 B 1");
}

#[test]
fn va_opt_matches_gcc() {
    let src = "#define F(a, ...) f(a __VA_OPT__(,) __VA_ARGS__)
#define G(X, ...) X __VA_OPT__(- X ## __VA_ARGS__ -) end
F(1) F(1, 2, 3) G(a) G(a, b)";
    let reference = {
        let dir = Scratch::new("vaopt");
        let file = dir.join("v.c");
        std::fs::write(&file, src).unwrap();
        let out = Command::new("gcc")
            .args(["-E", "-P", "-std=c2x"])
            .arg(&file)
            .output()
            .expect("gcc");
        normalized(&String::from_utf8_lossy(&out.stdout))
    };
    assert_eq!(expand(src), reference);
}

#[test]
fn c11_6_10_3_5_example_7_variadic() {
    let src = "#define debug(...) fprintf(stderr, __VA_ARGS__)
#define showlist(...) puts(#__VA_ARGS__)
#define report(test, ...) ((test)?puts(#test): printf(__VA_ARGS__))
debug(\"Flag\");
debug(\"X = %d\\n\", x);
showlist(The first, second, and third items.);
report(x>y, \"x is %d but y is %d\", x, y);";
    assert_eq!(
        expand(src),
        normalized(
            "fprintf(stderr, \"Flag\");
fprintf(stderr, \"X = %d\\n\", x);
puts(\"The first, second, and third items.\");
((x>y)?puts(\"x>y\"): printf(\"x is %d but y is %d\", x, y));"
        )
    );
}

#[test]
fn conditionals() {
    let src = "#define A 2
#if A > 1 && defined(A) && !defined B
yes1
#elif 1
no
#else
no
#endif
#ifdef B
no
#elif A == 2
yes2
#endif
#if 0
#if 1
no
#endif
#else
yes3
#endif
#ifndef A
no
#endif";
    assert_eq!(expand(src), "yes1 yes2 yes3");
}

#[test]
fn defined_from_a_macro_expansion_matches_gcc() {
    let src = "#define A
#define HAS(x) defined(x)
#define HAS_A defined A
#if HAS_A && !HAS(B)
yes
#endif";
    assert_eq!(expand(src), gcc(src));
    // As in gcc, an argument is expanded first: `defined()` is an error.
    assert_eq!(
        first_error("#define A\n#define HAS(x) defined(x)\n#if HAS(A)\n#endif\n"),
        "t.c:3:5: error: operator \"defined\" requires an identifier"
    );
}

#[test]
fn unterminated_quotes_in_skipped_groups_and_error_text_are_fine() {
    assert_eq!(expand("#if 0\ndon't \"x\n#endif\nok"), "ok");
    assert_eq!(
        first_error("#error don't\n"),
        "t.c:1:2: error: #error don't"
    );
}

#[test]
fn directives_inside_macro_arguments_match_gcc() {
    let src = "#define f(x, y) [x | y]
f(a,
#if 1
b
#else
c
#endif
) f(
#define Z 3
Z, Z)";
    assert_eq!(expand(src), gcc(src));
}

#[test]
fn has_include_operand_from_a_macro() {
    assert_eq!(
        expand("#define H <stddef.h>\n#define Q \"nope.h\"\n#if __has_include(H) && !__has_include(Q)\nok\n#endif"),
        "ok"
    );
}

#[test]
fn has_include_and_builtin_headers() {
    assert_eq!(
        expand("#if __has_include(<stddef.h>) && !__has_include(\"nope.h\")\nok\n#endif"),
        "ok"
    );
    let out = expand("#include <stdint.h>\n#include <stdbool.h>\nINT8_MAX true");
    assert!(out.ends_with("127 1"), "{out}");
}

#[test]
fn counter_line_file_and_line_directive() {
    assert_eq!(expand("__COUNTER__ __COUNTER__ __COUNTER__"), "0 1 2");
    assert_eq!(expand("a\n__LINE__ __FILE__"), "a 2 \"t.c\"");
    assert_eq!(
        expand("#line 100 \"other.c\"\n__LINE__ __FILE__"),
        "100 \"other.c\""
    );
    let src = "#line 100 \"other.c\"\n__LINE__ __FILE__\n#line 200\n__LINE__ __FILE__\n#line 7 \"x.c\"\n__LINE__ __FILE__";
    assert_eq!(expand(src), gcc(src));
}

#[test]
fn an_argument_is_expanded_once_however_often_it_is_used() {
    // gcc expands each argument once: `__COUNTER__` used twice through a
    // parameter is one number; `##` takes the argument unexpanded.
    let src = "#define TWICE(x) x x\n#define CAT(a, b) a##b\n#define USE(x) x CAT(x, _) x\nTWICE(__COUNTER__) __COUNTER__\nUSE(__COUNTER__)\nTWICE(TWICE(__COUNTER__))";
    assert_eq!(expand(src), gcc(src));
    assert_eq!(expand(src), "0 0 1 2 2_ 2 3 3 3 3");
}

#[test]
fn shebang_pragma_once_and_pragma_operator() {
    assert_eq!(
        expand("#!/usr/bin/env -S kit run --script\nint x = __LINE__;"),
        normalized("int x = 2;")
    );
    assert_eq!(
        expand("_Pragma(\"GCC diagnostic push\") x #pragma"),
        "x # pragma"
    );
}

#[test]
fn line_markers_map_output_lines_to_sources() {
    let p = run("int a;\n\n\n\n\n\n\n\n\n\n\n\nint b;").ok().unwrap();
    assert!(p.text.starts_with("# 1 \"t.c\"\nint a;"), "{}", p.text);
    assert!(p.text.contains("# 13 \"t.c\"\nint b;"), "{}", p.text);
}

#[test]
fn output_keeps_source_columns() {
    let p = run("#define N 10\nint  a =   N;\n\tlong b;\n")
        .ok()
        .unwrap();
    let lines: Vec<&str> = p.text.lines().collect();
    assert_eq!(lines[0], "# 2 \"t.c\"");
    assert_eq!(lines[1], "int  a =   10;");
    // A tab is one column, as in the lexer and in diagnostics' carets.
    assert_eq!(lines[2], " long b;");
}

#[test]
fn error_directive_has_source_line_and_caret() {
    assert_eq!(
        error("#error stop here\n"),
        "t.c:1:2: error: #error stop here\n #error stop here\n  ^"
    );
}

/// The first line of the first error for `src`.
fn first_error(src: &str) -> String {
    match run(src) {
        Ok(_) => "(no error)".to_owned(),
        Err(errors) => errors[0]
            .to_string()
            .lines()
            .next()
            .unwrap_or("")
            .to_owned(),
    }
}

/// Every error path, with its exact first line. Messages and columns are
/// gcc's (`gcc -E` on the same input) except where kit is more precise:
/// bad numbers name the constant.
#[test]
fn every_error_path_has_an_exact_message() {
    let mut wrong = Vec::new();
    for (src, expected) in [
        ("#if 1\nx\n", "t.c:1:2: error: unterminated #if"),
        ("#ifdef X\n", "t.c:1:2: error: unterminated #ifdef"),
        ("#endif\n", "t.c:1:2: error: #endif without #if"),
        ("#else\n", "t.c:1:2: error: #else without #if"),
        ("#elif 1\n", "t.c:1:2: error: #elif without #if"),
        ("#if 1\n#else\n#else\n#endif\n", "t.c:3:2: error: #else after #else"),
        ("#if 1\n#else\n#elif 1\n#endif\n", "t.c:3:2: error: #elif after #else"),
        ("#if 1 +\n#endif\n", "t.c:1:8: error: operator '+' has no right operand"),
        ("#if 1 + 2 *\n#endif\n", "t.c:1:12: error: operator '*' has no right operand"),
        ("#if (1\n#endif\n", "t.c:1:5: error: missing ')' in expression"),
        ("#if 1 2\n#endif\n", "t.c:1:7: error: missing binary operator before token \"2\""),
        ("#if 1/0\n#endif\n", "t.c:1:6: error: division by zero in #if"),
        ("#if\n#endif\n", "t.c:1:2: error: #if with no expression"),
        ("#define f(x) x\nf(1, 2)\n", "t.c:2:7: error: macro \"f\" passed 2 arguments, but takes just 1"),
        ("#define f(x) x\nf(1\n", "t.c:2:1: error: unterminated argument list invoking macro \"f\""),
        (
            "#define c(a, b) a ## b\nc(+, /)\n",
            "t.c:2:1: error: pasting \"+\" and \"/\" does not give a valid preprocessing token",
        ),
        (
            "#include <stdio.h>\n",
            "t.c:1:10: error: stdio.h: libc headers need -lc (or --sysroot DIR); kit ships only freestanding headers",
        ),
        ("#include\n", "t.c:1:9: error: #include expects \"FILENAME\" or <FILENAME>"),
        ("#include x\n", "t.c:1:10: error: #include expects \"FILENAME\" or <FILENAME>"),
        ("#define E\n#include E\n", "t.c:2:11: error: #include expects \"FILENAME\" or <FILENAME>"),
        (
            "#include <smmintrin.h>\n",
            "t.c:1:10: error: smmintrin.h: kit provides the intrinsics of MMX, SSE and SSE2 only (<mmintrin.h>, <xmmintrin.h>, <emmintrin.h>, <immintrin.h>), the x86-64 baseline; use those, or gcc for later extensions",
        ),
        ("#frob\n", "t.c:1:2: error: invalid preprocessing directive #frob"),
        ("#define\n", "t.c:1:8: error: no macro name given in #define directive"),
        ("#define 3 x\n", "t.c:1:9: error: macro names must be identifiers"),
        ("#define defined 1\n", "t.c:1:9: error: \"defined\" cannot be used as a macro name"),
        ("#define f(x x\n", "t.c:1:13: error: expected ',' or ')', found \"x\""),
        ("#define f(x\n", "t.c:1:9: error: missing ')' in macro parameter list"),
        ("#define f(1) x\n", "t.c:1:11: error: \"1\" may not appear in macro parameter list"),
        ("#define f(x, x) x\n", "t.c:1:14: error: duplicate macro parameter \"x\""),
        ("#if 1 ? 2\n#endif\n", "t.c:1:10: error: '?' without following ':'"),
        ("#if 1 ? 2 3\n#endif\n", "t.c:1:11: error: missing binary operator before token \"3\""),
        ("#if 1 == \"s\"\n#endif\n", "t.c:1:10: error: token \"\"s\"\" is not valid in preprocessor expressions"),
        ("#if 12abc\n#endif\n", "t.c:1:5: error: invalid integer constant \"12abc\" in #if"),
        ("#define s(x) #y\n", "t.c:1:14: error: '#' is not followed by a macro parameter"),
        ("#define a ## b\n", "t.c:1:11: error: '##' cannot appear at either end of a macro expansion"),
        ("#ifdef\n#endif\n", "t.c:1:7: error: no macro name given in #ifdef directive"),
        ("#line x\n", "t.c:1:7: error: \"x\" after #line is not a positive integer"),
        ("#line\n", "t.c:1:6: error: unexpected end of file after #line"),
        ("#undef\n", "t.c:1:7: error: no macro name given in #undef directive"),
        ("#define g(x, y) x\ng(1)\n", "t.c:2:4: error: macro \"g\" requires 2 arguments, but only 1 given"),
        ("#define h() 1\nh(2)\n", "t.c:2:4: error: macro \"h\" passed 1 arguments, but takes just 0"),
        ("\"abc\n", "t.c:1:1: error: missing terminating \" character"),
        ("x = L'a;\n", "t.c:1:5: error: missing terminating ' character"),
        ("/* never\n", "t.c:1:1: error: unterminated comment"),
    ] {
        let got = first_error(src);
        if got != expected {
            wrong.push(format!("{src:?}\n  got:      {got}\n  expected: {expected}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn missing_header_with_hosted_libc_is_like_gcc() {
    let source = SourceFile {
        path: PathBuf::from("t.c"),
        display: "t.c".into(),
        text: "#include \"no_such_header_kit.h\"\n".into(),
    };
    let errors = preprocess(&source, &options(true)).err().unwrap();
    assert_eq!(
        errors[0].to_string().lines().next(),
        Some("t.c:1:10: error: no_such_header_kit.h: No such file or directory")
    );
}

#[test]
fn warning_directive_is_a_warning() {
    let p = run("#warning careful\nx").ok().unwrap();
    assert_eq!(
        p.warnings[0].to_string().lines().next(),
        Some("t.c:1:2: warning: #warning careful [-Wcpp]")
    );
}

#[test]
fn command_line_defines_and_undefines_in_order() {
    let source = SourceFile {
        path: PathBuf::from("t.c"),
        display: "t.c".into(),
        text: "X Y Z __STDC_VERSION__".into(),
    };
    let mut opts = options(false);
    opts.macros = vec![
        MacroFlag::Define {
            name: "X".into(),
            body: None,
        },
        MacroFlag::Define {
            name: "Y".into(),
            body: Some("2".into()),
        },
        MacroFlag::Define {
            name: "Z".into(),
            body: None,
        },
        MacroFlag::Undefine("Z".into()),
    ];
    assert_eq!(
        normalized(&preprocess(&source, &opts).ok().unwrap().text),
        "1 2 Z 201112L"
    );
}

/// A scratch tree of headers for include tests: (relative path, text).
fn tree(name: &str, files: &[(&str, &str)]) -> Scratch {
    let dir = Scratch::new(name);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Preprocesses `dir/main.c` with kit and with `gcc -E -P` (same -I and
/// -isystem dirs) and compares the tokens.
fn same_as_gcc(dir: &Path, include: &[&str], system: &[&str]) {
    let main = dir.join("main.c");
    let source = SourceFile {
        path: main.clone(),
        display: main.display().to_string(),
        text: std::fs::read_to_string(&main).unwrap(),
    };
    let mut opts = options(false);
    opts.include_dirs = include.iter().map(|d| dir.join(d)).collect();
    opts.system_include_dirs = system.iter().map(|d| dir.join(d)).collect();
    let ours = match preprocess(&source, &opts) {
        Ok(p) => normalized(&p.text),
        Err(errors) => panic!("{}", errors[0]),
    };
    let mut gcc = Command::new("gcc");
    gcc.args(["-E", "-P", "-undef", "-nostdinc"]);
    for d in include {
        gcc.arg("-I").arg(dir.join(d));
    }
    for d in system {
        gcc.arg("-isystem").arg(dir.join(d));
    }
    let out = gcc.arg(&main).output().expect("gcc");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ours, normalized(&String::from_utf8_lossy(&out.stdout)));
}

#[test]
fn elifdef_and_elifndef_match_gcc() {
    // C23's directives, which gcc takes in every mode.
    let src = "#define X\n#if 0\na\n#elifdef X\nb\n#elifdef Y\nc\n#endif\n\
               #ifdef X\nd\n#elifndef Y\ne\n#endif\n\
               #ifdef Y\nf\n#elifdef Y\ng\n#elifndef Y\nh\n#else\ni\n#endif\n\
               #if 1\n#if 0\n#elifdef Z\n#else\nj\n#endif\n#endif\n";
    assert_eq!(expand(src), gcc(src));
    assert_eq!(expand(src), "b d h j");
    assert_eq!(
        error("#elifdef X\n"),
        "t.c:1:2: error: #elifdef without #if\n #elifdef X\n  ^"
    );
    assert_eq!(
        error("#if 1\n#else\n#elifndef X\n#endif\n"),
        "t.c:3:2: error: #elifndef after #else\n #elifndef X\n  ^"
    );
}

#[test]
fn a_guard_with_an_else_branch_is_read_again() {
    // `#ifndef G ... #else ... #endif` is no include guard: the second
    // inclusion takes the #else branch.
    let dir = tree(
        "guard_else",
        &[
            ("main.c", "#include \"g.h\"\n#include \"g.h\"\n"),
            (
                "g.h",
                "#ifndef G_H\n#define G_H\nfirst\n#else\nagain\n#endif\n",
            ),
        ],
    );
    same_as_gcc(&dir, &[], &[]);
}

#[test]
fn pragma_once_and_include_guards_include_once() {
    let dir = tree(
        "once",
        &[
            ("main.c", "#include \"once.h\"\n#include \"sub/../once.h\"\n#include \"guard.h\"\n#include \"guard.h\"\n#undef GUARD_H\n#include \"guard.h\"\nend __INCLUDE_LEVEL__\n"),
            ("once.h", "#pragma once\nonce __INCLUDE_LEVEL__\n"),
            ("guard.h", "#ifndef GUARD_H\n#define GUARD_H\nguarded\n#endif\n"),
            ("sub/keep", ""),
        ],
    );
    same_as_gcc(&dir, &[], &[]);
}

#[test]
fn include_search_order_and_include_next() {
    let dir = tree(
        "search",
        &[
            (
                "main.c",
                "#include \"local.h\"\n#include <n.h>\n#include <sys.h>\n#if __has_include(<sys.h>) && !__has_include(<none.h>)\nhas\n#endif\n#if __has_include_next(\"local.h\")\nprimary_next\n#endif\n#include_next <sys.h>\n",
            ),
            ("local.h", "local_dir __FILE__ __BASE_FILE__ __INCLUDE_LEVEL__\n"),
            ("one/local.h", "wrong\n"),
            ("one/n.h", "one\n#if __has_include_next(<n.h>)\n#include_next <n.h>\n#endif\n"),
            ("two/n.h", "two __FILE__\n#include_next <n.h>\n"),
            ("sys/n.h", "sys_n\n"),
            ("sys/sys.h", "sys\n"),
        ],
    );
    same_as_gcc(&dir, &["one", "two"], &["sys"]);
}

/// The strongest reference: with kit's predefined macros handed to gcc
/// (`-undef -imacros`) and the same include path, `gcc -E` gives the same
/// tokens for every common glibc header. gcc's `__has_attribute` and
/// `__has_builtin` are pinned to kit's answers (a macro per attribute kit
/// honours, under both spellings, and per builtin kit has; glibc asks
/// for some of the C library's too).
#[test]
fn glibc_headers_expand_exactly_as_gcc_does_with_kit_predefines() {
    let mut attributes: String = HONOURED_ATTRIBUTES
        .iter()
        .flat_map(|name| [name.to_string(), format!("__{name}__")])
        .map(|spelling| format!("#define __KIT_HA_{spelling} {}\n", has_attribute(&spelling)))
        .collect();
    let library = ["strlen", "sprintf", "fclose"].map(|name| format!("__builtin_{name}"));
    for name in crate::cc::builtin_names().chain(library) {
        let answer = i64::from(crate::cc::has_builtin(&name));
        attributes.push_str(&format!("#define __KIT_HB_{name} {answer}\n"));
    }
    let dir = tree(
        "glibc-vs-gcc",
        &[
            (
                "predef.h",
                &(predefined::PREDEFINED.to_owned() + predefined::HOSTED + &attributes),
            ),
            (
                "main.c",
                &ALL_HEADERS
                    .iter()
                    .map(|h| format!("#include <{h}.h>\n"))
                    .collect::<String>(),
            ),
        ],
    );
    let main = dir.join("main.c");
    let source = SourceFile {
        path: main.clone(),
        display: "main.c".into(),
        text: std::fs::read_to_string(&main).unwrap(),
    };
    let ours = match preprocess(&source, &options(true)) {
        Ok(p) => normalized(&p.text),
        Err(errors) => panic!("{}", errors[0]),
    };
    let out = Command::new("gcc")
        .args(["-E", "-P", "-undef", "-nostdinc", "-std=gnu11", "-w"])
        .args([
            "-D__has_attribute(x)=__KIT_HA_##x",
            "-D__has_builtin(x)=__KIT_HB_##x",
        ])
        .arg("-imacros")
        .arg(dir.join("predef.h"))
        .arg("-I")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("include"))
        .args([
            "-I/usr/local/include",
            "-I/usr/include/x86_64-linux-gnu",
            "-I/usr/include",
        ])
        .arg(&main)
        .output()
        .expect("gcc");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = normalized(&String::from_utf8_lossy(&out.stdout));
    if ours != theirs {
        let at = ours
            .bytes()
            .zip(theirs.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let context =
            |s: &str| s[at.saturating_sub(300).min(s.len())..(at + 200).min(s.len())].to_owned();
        panic!("kit:\n{}\n\ngcc:\n{}", context(&ours), context(&theirs));
    }
}

#[test]
fn hello_with_stdio_preprocesses_and_parses() {
    let source = SourceFile {
        path: PathBuf::from("hello.c"),
        display: "hello.c".into(),
        text: "#include <stdio.h>\nint main(void) { printf(\"hi\\n\"); return 0; }\n".into(),
    };
    let start = std::time::Instant::now();
    let out = match preprocess(&source, &options(true)) {
        Ok(out) => out,
        Err(errors) => panic!("{}", errors[0]),
    };
    eprintln!("hello.c: {} bytes in {:?}", out.text.len(), start.elapsed());
    let config = lang_c::driver::Config::with_gcc();
    let parsed = lang_c::driver::parse_preprocessed(&config, out.text);
    assert!(parsed.is_ok(), "{:?}", parsed.err());
}

#[test]
fn the_compilers_text_leaves_out_system_prototypes_nothing_names() {
    let source = SourceFile {
        path: PathBuf::from("hello.c"),
        display: "hello.c".into(),
        text: "#include <stdio.h>\nint fprintf(FILE *, const char *, ...);\n\
               int main(void) { printf(\"hi\\n\"); return 0; }\n"
            .into(),
    };
    let pruned = PreprocessOptions {
        drop_unused_prototypes: true,
        ..options(true)
    };
    let full = match preprocess(&source, &options(true)) {
        Ok(out) => out.text,
        Err(errors) => panic!("{}", errors[0]),
    };
    let text = match preprocess(&source, &pruned) {
        Ok(out) => out.text,
        Err(errors) => panic!("{}", errors[0]),
    };
    assert!(
        text.len() * 2 < full.len(),
        "{} of {} bytes",
        text.len(),
        full.len()
    );
    // Named by the program: printf; declared again by it: fprintf.
    assert_eq!(text.matches("printf (const char").count(), 1, "{text}");
    assert!(text.contains("extern int fprintf"), "{text}");
    assert!(full.contains("extern int puts") && !text.contains("extern int puts"));
    // Types stay, used or not.
    assert!(text.contains("typedef struct _IO_FILE FILE;"));
    let config = lang_c::driver::Config::with_gcc();
    let parsed = lang_c::driver::parse_preprocessed(&config, text);
    assert!(parsed.is_ok(), "{:?}", parsed.err());
}

/// The common glibc headers (issue 4's list).
const ALL_HEADERS: [&str; 27] = [
    "assert",
    "ctype",
    "errno",
    "fenv",
    "float",
    "inttypes",
    "limits",
    "locale",
    "math",
    "setjmp",
    "signal",
    "stdarg",
    "stdbool",
    "stddef",
    "stdint",
    "stdio",
    "stdlib",
    "string",
    "time",
    "unistd",
    "fcntl",
    "sys/stat",
    "sys/types",
    "sys/time",
    "pthread",
    "dirent",
    "getopt",
];

#[test]
fn every_common_glibc_header_preprocesses_and_parses() {
    let headers = ALL_HEADERS;
    let text: String = headers
        .iter()
        .map(|h| format!("#include <{h}.h>\n"))
        .collect::<String>()
        + "int main(void) { return 0; }\n";
    let source = SourceFile {
        path: PathBuf::from("all.c"),
        display: "all.c".into(),
        text,
    };
    let start = std::time::Instant::now();
    let out = match preprocess(&source, &options(true)) {
        Ok(out) => out,
        Err(errors) => panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    let elapsed = start.elapsed();
    eprintln!("preprocessed {} bytes in {elapsed:?}", out.text.len());
    let config = lang_c::driver::Config::with_gcc();
    if let Err(e) = lang_c::driver::parse_preprocessed(&config, out.text.clone()) {
        let (loc, _) = lang_c::loc::get_location_for_offset(&out.text, e.offset);
        let context: String =
            out.text[e.offset.saturating_sub(200)..(e.offset + 100).min(out.text.len())].to_owned();
        panic!(
            "lang-c rejects the output at {}:{}: {e}\n...{context}",
            loc.file, loc.line
        );
    }
}

/// `#define` lines as (name with parameters, body).
fn defines(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("#define "))
        .map(|l| {
            let end = match (l.find('('), l.find(' ')) {
                (Some(p), Some(s)) if p < s => l.find(')').map_or(l.len(), |c| c + 1),
                (_, Some(s)) => s,
                _ => l.len(),
            };
            (l[..end].to_owned(), l[end..].trim().to_owned())
        })
        .collect()
}

#[test]
fn predefined_macros_agree_with_gcc() {
    let out = Command::new("gcc")
        .args(["-dM", "-E", "-x", "c", "/dev/null"])
        .output()
        .expect("gcc");
    let gcc = defines(&String::from_utf8_lossy(&out.stdout));
    let ours = defines(predefined::PREDEFINED);
    // The documented differences (predefined.rs's header comment).
    let differs = |name: &str| {
        name.starts_with("__GNUC") || ["__VERSION__", "__STDC_VERSION__"].contains(&name)
    };
    let mut wrong = Vec::new();
    for (name, body) in &ours {
        match gcc.get(name) {
            Some(theirs) if theirs != body && !differs(name) => {
                wrong.push(format!("{name}: kit {body:?}, gcc {theirs:?}"))
            }
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    for needed in [
        "__x86_64__",
        "__LP64__",
        "__SIZE_TYPE__",
        "__INT64_C(c)",
        "__CHAR_BIT__",
        "__SSE2__",
    ] {
        assert_eq!(ours.get(needed), gcc.get(needed), "{needed}");
    }
}

#[test]
fn date_and_time_spell_like_gcc() {
    // 2026-11-24 05:44:24 UTC was a Tuesday.
    let stamp = predefined::stamp(1_795_499_064, true);
    assert_eq!(stamp.date, "Nov 24 2026");
    assert_eq!(stamp.time, "05:44:24");
    assert_eq!(stamp.timestamp, "Tue Nov 24 05:44:24 2026");
    assert_eq!(predefined::stamp(0, true).date, "Jan  1 1970");
    let out = expand("__DATE__ __TIME__");
    assert!(
        out.starts_with('"') && out.len() == "\"Nov 24 2026\" \"05:44:24\"".len(),
        "{out}"
    );
}

#[test]
fn incompatible_redefinition_warns_like_gcc() {
    let p = run(
        "#define A 1 + 2\n#define A 1 + 2\n#define A 1+2\n#define F(x) x\n#define F(y) y\nA F(3)",
    )
    .ok()
    .unwrap();
    let warnings: Vec<String> = p
        .warnings
        .iter()
        .map(|w| w.to_string().lines().next().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        warnings,
        [
            "t.c:3:9: warning: \"A\" redefined",
            "t.c:5:9: warning: \"F\" redefined"
        ]
    );
    assert_eq!(normalized(&p.text), normalized("1+2 3"));
}

#[test]
fn pragmas_act_warn_or_refuse() {
    let p = run("#pragma GCC warning \"careful\"\n#pragma message (\"hi\")\n_Pragma(\"GCC warning \\\"op\\\"\") int x;\n#pragma GCC diagnostic push\n#pragma STDC FP_CONTRACT ON\n")
        .unwrap_or_else(|e| panic!("{}", e[0]));
    let lines: Vec<String> = p
        .warnings
        .iter()
        .map(|w| w.to_string().lines().next().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        lines,
        [
            "t.c:1:21: warning: careful",
            "t.c:2:2: note: #pragma message: hi",
            "t.c:3:1: warning: op",
        ]
    );
    assert_eq!(normalized(&p.text), "int x ;");
    assert_eq!(
        first_error("#pragma GCC error \"boom\"\n"),
        "t.c:1:19: error: boom"
    );
    assert_eq!(
        first_error("#pragma pack(3)\n"),
        "t.c:1:2: error: #pragma pack: kit takes (), (N), (push), (push, N) and (pop), N a power of 2 up to 16"
    );
    assert_eq!(
        first_error("_Pragma(\"weak f g\")\n"),
        "t.c:1:1: error: #pragma weak takes NAME or NAME = TARGET"
    );
    assert_eq!(
        first_error("#if __has_attribute\n#endif\n"),
        "t.c:1:5: error: missing '(' after \"__has_attribute\""
    );
    assert_eq!(
        first_error("#if __has_builtin\n#endif\n"),
        "t.c:1:5: error: missing '(' after \"__has_builtin\""
    );
    assert_eq!(
        first_error("_Pragma(1)\n"),
        "t.c:1:1: error: _Pragma takes a parenthesized string literal"
    );
}

#[test]
fn stddef_and_stdarg_honour_glibc_need_macros() {
    let out = expand("#define __need_size_t\n#include <stddef.h>\n#ifdef NULL\nnull\n#endif\n#ifdef offsetof\noffsetof\n#endif\n");
    assert_eq!(
        out,
        normalized("typedef unsigned long size_t;").replace("unsigned long", "long unsigned int")
    );
    let out = expand(
        "#define __need___va_list\n#include <stdarg.h>\n#ifdef va_start\nva_start\n#endif\n",
    );
    assert_eq!(out, "typedef __builtin_va_list __gnuc_va_list ;");
    let out = expand("#include <stddef.h>\nNULL offsetof(struct s, f)");
    assert!(
        out.ends_with("( ( void * ) 0 ) __builtin_offsetof ( struct s , f )"),
        "{out}"
    );
}

/// Corner cases of expansion, pasting, stringizing, variadics and #if
/// arithmetic, each compared with `gcc -E`.
#[test]
fn assorted_corner_cases_match_gcc() {
    let cases = [
        "#define EMPTY\n#define f(x) (x)\nf(EMPTY) f()",
        "#define STR(x) #x\nSTR(\"a\\\\b\") STR('\\\"') STR(a\n  b) STR(  lead   trail  ) STR(@) STR(L\"w\" 'c')",
        "#define a a b\n#define b a\na b",
        "#define V(...) [__VA_ARGS__]\nV() V(,) V( a , b )",
        "#define P(x, ...) x ## __VA_ARGS__\nP(a) P(a,b) P(,b)",
        "#define f(x) x\nf(f(1)) f",
        "#define obj(x) x\n#define obj2 obj\nobj2(3)",
        "#define AA BB\n#define BB AA\nAA BB",
        "#define q(x) x\nq(\n)",
        "#define AB 42\n#define C(a,b) a##b\nC(A,B) C(1,e) C(x,1) C(1,.5) C(<,<=) C(-,>) C(%:,%:)",
        "#define LPAREN (\n#define F(x) <x>\n#define G F LPAREN 1 )\nG",
        "#define Z() z\nZ() Z( )",
        "#define N(a, rest...) a rest\n#define M(a, rest...) a , ## rest\nN(1) N(1,2,3) M(1) M(1,2)",
        "#if -1 > 0u\nA\n#endif\n#if (0x7fffffffffffffff + 1) < 0\nB\n#endif\n#if 'ab' == 24930\nC\n#endif\n#if defined X || 1\nD\n#endif\n#if 0\n#elif 0\n#elif 2\nE\n#else\n#endif",
        "#if ~0u == 0xffffffffffffffff && -1 >> 63 == -1 && (1 ? -1 : 0u) > 0\nF\n#endif",
        "#define f(x, y) x + y\n#define g f(1,\ng 2)",
        "#define f(x) [x]\n#define g f(\ng 1)",
        "#define i(x) x\n#define j i(i)(2)\nj",
        "#define x(a) a x\nx(x(1))(2)",
        "#define TWO 2\n#define CAT(a,b) a##b\n#define XCAT(a,b) CAT(a,b)\nCAT(TWO,TWO) XCAT(TWO,TWO)",
        "#define S(x) #x\n#define XS(x) S(x)\nXS(__LINE__) S(__LINE__) XS(\"\\n\")",
        "#define E(...) __VA_OPT__(x)\nE() E(1)",
        "int a = 1 //c\n+ 2; /* multi\nline */ int b;\n  #  define  X  3\nX",
        "#define f(x) x\n#define g f\ng(1) g (2) g\n(3)",
        "#define m() M\nm()m() m ( ) m",
    ];
    let mut wrong = Vec::new();
    for src in cases {
        let ours = match run(src) {
            Ok(p) => normalized(&p.text),
            Err(e) => format!("ERROR {}", e[0]),
        };
        let theirs = gcc(src);
        if ours != theirs {
            wrong.push(format!("{src:?}\n  kit: {ours}\n  gcc: {theirs}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn endless_include_recursion_stops_with_an_error() {
    let dir = tree(
        "recursion",
        &[
            ("main.c", "#include \"self.h\"\n"),
            ("self.h", "#include \"self.h\"\n"),
        ],
    );
    let main = dir.join("main.c");
    let source = SourceFile {
        path: main.clone(),
        display: "main.c".into(),
        text: std::fs::read_to_string(&main).unwrap(),
    };
    let errors = preprocess(&source, &options(false)).err().unwrap();
    assert_eq!(errors.len(), 1);
    let first = errors[0].to_string();
    assert!(
        first.starts_with(&format!(
            "{}:1:2: error: #include nested depth 200 exceeds maximum of 200",
            dir.join("self.h").display()
        )),
        "{first}"
    );
}

#[test]
fn macro_redefinitions_in_system_headers_are_not_warned_about() {
    // As gcc: glibc's <sys/mman.h> and <linux/mman.h> spell some flags
    // differently; a user's own header still gets the warning.
    let dir = std::env::temp_dir().join(format!("kit-pp-system-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    std::fs::write(
        dir.join("twice.h"),
        "#define FLAG 0x08000\n#define FLAG 0x008000\n",
    )
    .expect("header");
    let source = SourceFile {
        path: PathBuf::from("t.c"),
        display: "t.c".into(),
        text: "#include <twice.h>\nint x = FLAG;\n".into(),
    };
    let mut system = options(false);
    system.system_include_dirs = vec![dir.clone()];
    let quiet = preprocess(&source, &system).expect("preprocesses");
    assert!(quiet.warnings.is_empty(), "{:?}", quiet.warnings);
    let mut user = options(false);
    user.include_dirs = vec![dir.clone()];
    let warned = preprocess(&source, &user).expect("preprocesses");
    assert_eq!(warned.warnings.len(), 1);
    assert!(warned.warnings[0]
        .to_string()
        .contains("\"FLAG\" redefined"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn has_builtin_matches_gcc_for_the_builtins_kit_compiles() {
    // Every builtin kit has is one of gcc's (a misspelt name in kit's
    // lists would show here), and the answers for the C library's, with
    // and without `__builtin_`, for gcc's keywords and for what neither
    // has, in #if and outside it.
    let library = ["memcpy", "__builtin_memcpy", "printf", "abort", "alloca"];
    let others = [
        "__builtin_complex",
        "__builtin_va_arg",
        "__builtin_no_such_builtin",
    ];
    let names: Vec<String> = crate::cc::builtin_names()
        .chain(library.map(str::to_owned))
        .chain(others.map(str::to_owned))
        .collect();
    let mut text = String::new();
    for (i, name) in names.iter().enumerate() {
        text.push_str(&format!("int b{i} = __has_builtin({name});\n"));
    }
    text.push_str(
        "#if defined __has_builtin && __has_builtin(__builtin_expect)\nint expect;\n#endif\n",
    );
    assert_eq!(expand(&text), gcc(&text));
}

#[test]
fn has_attribute_matches_gcc_for_the_attributes_kit_honours() {
    // gcc answers for every attribute it knows; kit for those it acts on
    // or may ignore (so not `ms_abi`, which it refuses), and so the same
    // as gcc for these, under both spellings, in #if and outside it.
    let mut text = String::new();
    for (i, name) in HONOURED_ATTRIBUTES.iter().enumerate() {
        text.push_str(&format!(
            "int a{i} = __has_attribute({name}) + __has_attribute(__{name}__);\n"
        ));
    }
    text.push_str("int unknown = __has_attribute(no_such_attribute);\n");
    text.push_str("#if defined __has_attribute && __has_attribute(packed)\nint packed;\n#endif\n");
    assert_eq!(expand(&text), gcc(&text));
}
