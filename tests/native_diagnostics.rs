//! Diagnostics of the C compiler, through the real binary: each error
//! path with its exact message, location (mapped through the line
//! markers) and caret line, and exit status 1.

mod common;

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{run_command, scratch};
use native::cc::{compile, CompileOptions};
use native::OptLevel;

/// Runs `kit run t.c ARGS` on `source` in a scratch directory of its own
/// (so that messages name `t.c`): Ok(its diagnostics) when it compiles
/// (warnings only), Err(its diagnostics) when it does not. Lines of kit's
/// own (`kit run: ...`, as when no `main` is defined) are left out.
fn compiled_with(source: &str, args: &[&str]) -> Result<String, String> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = scratch(&format!(
        "native_diagnostics_{}",
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(dir.join("t.c"), source).expect("write t.c");
    let mut command = Command::new(env!("CARGO_BIN_EXE_kit"));
    command.current_dir(&dir).arg("run").args(args).arg("t.c");
    let run = run_command(command, "");
    run.expect_no_panic();
    let diagnostics: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| !line.starts_with("kit run: "))
        .collect();
    let diagnostics = diagnostics.join("\n");
    let failed = run
        .stderr
        .lines()
        .any(|line| line.starts_with("t.c:") && line.contains(": error: "));
    if failed {
        assert_eq!(run.code, 1, "a compile error exits 1: {}", run.stderr);
        Err(diagnostics)
    } else {
        Ok(diagnostics)
    }
}

/// The rendered errors (and the warnings before them) of `source`.
fn errors(source: &str) -> String {
    match compiled_with(source, &[]) {
        Ok(_) => panic!("expected errors for {source:?}"),
        Err(diagnostics) => diagnostics,
    }
}

/// Compiles `source` in-process as the file `t.c`: its rendered warnings,
/// or its rendered diagnostics if it does not compile. For the test that
/// calls every builtin (hundreds of compiles).
fn compiled_in_process(source: &str) -> Result<Vec<String>, Vec<String>> {
    let text = format!("# 1 \"t.c\"\n{source}");
    let sources = vec![("t.c".to_owned(), source.to_owned())];
    let options = CompileOptions {
        opt_level: OptLevel::O0,
        debug_info: false,
        warnings: Default::default(),
        max_errors: None,
        gnu89_inline: false,
        no_builtin: Default::default(),
    };
    let render = |diags: &[native::diag::Diagnostic]| diags.iter().map(|d| d.to_string()).collect();
    compile(
        "t.c",
        &text,
        &sources,
        &options,
        &metrics::Metrics::disabled(),
    )
    .map(|unit| render(&unit.warnings))
    .map_err(|diags| render(&diags))
}

#[test]
fn undeclared_identifier() {
    assert_eq!(
        errors("int main(void) {\n  return y;\n}\n"),
        "t.c:2:10: error: 'y' undeclared (first use in this function)\n   return y;\n          ^"
    );
}

#[test]
fn definition_conflicting_with_an_implicit_declaration() {
    // As gcc 12, at the name, after the warning for the implicit `int f()`.
    assert_eq!(
        errors("int main(void) {\n  return f(1);\n}\ndouble f(int x) { return x; }\n"),
        "t.c:2:10: warning: implicit declaration of function 'f' [-Wimplicit-function-declaration]\n   return f(1);\n          ^\n\
         t.c:4:8: error: conflicting types for 'f'; have 'double(int)'\n double f(int x) { return x; }\n        ^"
    );
}

#[test]
fn static_assert_failure() {
    assert_eq!(
        errors("_Static_assert(1 == 2, \"one is two\");\n"),
        "t.c:1:1: error: static assertion failed: \"one is two\"\n _Static_assert(1 == 2, \"one is two\");\n ^"
    );
}

#[test]
fn syntax_error_points_at_the_token() {
    // As gcc: a missing `;` right after the token that wants it.
    assert_eq!(
        errors("int main(void) {\n  return 1\n}\n"),
        "t.c:2:11: error: expected ';' before '}' token\n   return 1\n           ^"
    );
    let e = errors("int main(void) {\n  int x = (1 + ;\n  return x;\n}\n");
    assert!(
        e.starts_with("t.c:2:16: error: expected expression before ';' token"),
        "{e}"
    );
}

#[test]
fn unsupported_builtin_is_named() {
    assert_eq!(
        errors("int main(void) {\n  return __builtin_frobnicate(1);\n}\n"),
        "t.c:2:10: error: '__builtin_frobnicate' is not supported\n   return __builtin_frobnicate(1);\n          ^"
    );
}

#[test]
fn max_errors_limits_the_report() {
    let source = "int a(void) { return x; }\nint b(void) { return y; }\n";
    let all = compiled_with(source, &[]).expect_err("errors");
    assert_eq!(all.matches(": error: ").count(), 2, "{all}");
    let first = compiled_with(source, &["-fmax-errors=1"]).expect_err("errors");
    assert_eq!(
        first,
        "t.c:1:22: error: 'x' undeclared (first use in this function)\n int a(void) { return x; }\n                      ^"
    );
}

#[test]
fn inline_assembly_kit_cannot_run_is_refused_at_the_construct() {
    // Constraints kit does not give (any x87 register), at the
    // constraint; gcc's grouping rules for the x87 stack.
    assert_eq!(
        errors("int main(void) {\n  double f, g = 1;\n  __asm__(\"fsqrt\" : \"=f\"(f) : \"0\"(g));\n  return 0;\n}\n"),
        "t.c:3:21: error: kit does not support the asm constraint '=f'\n   __asm__(\"fsqrt\" : \"=f\"(f) : \"0\"(g));\n                     ^"
    );
    assert_eq!(
        errors("int main(void) {\n  double f, g = 1;\n  __asm__(\"fxch\" : \"=u\"(f) : \"t\"(g));\n  return 0;\n}\n"),
        "t.c:3:3: error: output registers must be grouped at top of stack\n   __asm__(\"fxch\" : \"=u\"(f) : \"t\"(g));\n   ^"
    );
    assert_eq!(
        errors("int main(void) {\n  double f, g = 1;\n  __asm__(\"fld1\" : \"=t\"(f) : \"u\"(g));\n  return 0;\n}\n"),
        "t.c:3:3: error: explicitly used registers must be grouped at top of stack\n   __asm__(\"fld1\" : \"=t\"(f) : \"u\"(g));\n   ^"
    );
    assert_eq!(
        errors("int main(void) {\n  int f, g = 1;\n  __asm__(\"fld1\" : \"=t\"(f) : \"0\"(g));\n  return 0;\n}\n"),
        "t.c:3:20: error: kit does not support an asm operand of type 'int' in an x87 register\n   __asm__(\"fld1\" : \"=t\"(f) : \"0\"(g));\n                    ^"
    );
    // Operands kit cannot put where the constraint says.
    assert_eq!(
        errors("int main(void) {\n  float f = 1;\n  __asm__(\"incl %0\" : \"+r\"(f));\n  return 0;\n}\n"),
        "t.c:3:23: error: kit does not support an asm operand of type 'float' in a general register\n   __asm__(\"incl %0\" : \"+r\"(f));\n                       ^"
    );
    // Instructions that refer to symbols, and the assembler's refusals.
    assert_eq!(
        errors("int main(void) {\n  __asm__(\".data\\nx: .long 1\\n.text\");\n  return 0;\n}\n"),
        "t.c:2:3: error: kit does not support inline assembly that places data\n   __asm__(\".data\\nx: .long 1\\n.text\");\n   ^"
    );
    assert_eq!(
        errors("int counter;\nint main(void) {\n  __asm__(\"incl counter\");\n  return 0;\n}\n"),
        "t.c:3:3: error: kit cannot place the 32-bit absolute address of 'counter' in inline assembly: address it relative to %rip (counter(%rip))\n   __asm__(\"incl counter\");\n   ^"
    );
    assert_eq!(
        errors("int main(void) {\n  __asm__(\"frobnicate %eax\");\n  return 0;\n}\n"),
        "t.c:2:3: error: the assembler refused this asm: no such instruction: `frobnicate %eax'\n   __asm__(\"frobnicate %eax\");\n   ^"
    );
    // File-scope asm: the assembler's complaint at the block it is in.
    assert_eq!(
        errors("__asm__(\".globl f\\nf: ret\");\n__asm__(\"g:\\n\"\n  \"frob\");\nint main(void) { return 0; }\n"),
        "t.c:2:1: error: the assembler refused this asm: no such instruction: `frob'\n __asm__(\"g:\\n\"\n ^"
    );
    // Operands kit cannot place, and templates that name what is not
    // there (gcc gives these errors too, some in other words).
    for (statement, message, col) in [
        (
            "__asm__(\"nop\" : \"=a\"(x), \"=a\"(y));",
            "register 'rax' is used twice in 'asm'",
            28,
        ),
        (
            "__asm__(\"mov %1, %0\" : \"=r\"(x) : \"i\"(y));",
            "impossible constraint in 'asm': the operand is not a constant",
            36,
        ),
        (
            "__asm__(\"nop\" : \"=r\"(x) : \"1\"(y));",
            "matching constraint '1' does not name an output in a register",
            29,
        ),
        (
            "__asm__(\"nop\" : \"=i\"(x));",
            "invalid asm output constraint '=i'",
            19,
        ),
        (
            "__asm__(\"mov %[nope], %0\" : \"=r\"(x));",
            "undefined named operand 'nope'",
            3,
        ),
        (
            "__asm__(\"mov %5, %0\" : \"=r\"(x));",
            "invalid 'asm': operand number out of range",
            3,
        ),
        (
            "__asm__(\"mov %h0, %%al\" : \"+r\"(x) : : \"rax\", \"rbx\", \"rcx\", \"rdx\");",
            "invalid 'asm': %h of a register without a high byte",
            3,
        ),
        (
            "__asm__(\"movl %q, %0\" : \"=r\"(x));",
            "invalid 'asm': operand number missing after %-letter",
            3,
        ),
        (
            "__asm__(\"movl %b1, %0\" : \"=r\"(x) : \"i\"(3));",
            "kit does not support the asm operand modifier '%b' here",
            3,
        ),
        (
            "__asm__(\"nop\" : \"=r\"(x) : \"+r\"(y));",
            "input operand constraint contains '+'",
            29,
        ),
        (
            "__asm__(\"nop\" : \"=r\"(x), \"=r\"(x), \"=r\"(x), \"=r\"(x), \"=r\"(x), \"=r\"(x), \"=r\"(x), \"=r\"(x), \"=r\"(x), \"=r\"(x), \"=r\"(x), \"=r\"(x), \"=r\"(x), \"=r\"(y));",
            "'asm' operand has impossible constraints",
            136,
        ),
    ] {
        let source =
            format!("int main(void) {{\n  int x = 1, y = 2;\n  {statement}\n  return x;\n}}\n");
        let expected = format!("t.c:3:{col}: error: {message}");
        let got = errors(&source);
        assert!(got.starts_with(&expected), "{statement}\n{got}");
    }
    // gcc's checks of the constraints' modifiers.
    assert_eq!(
        errors("int main(void) {\n  int x = 1;\n  __asm__(\"nop\" : \"r\"(x));\n  return 0;\n}\n"),
        "t.c:3:19: error: output operand constraint lacks '='\n   __asm__(\"nop\" : \"r\"(x));\n                   ^"
    );
    // Operand modifiers kit does not know.
    assert_eq!(
        errors("int main(void) {\n  int x = 1;\n  __asm__(\"incl %y0\" : \"+r\"(x));\n  return 0;\n}\n"),
        "t.c:3:3: error: kit does not support the asm operand modifier '%y'\n   __asm__(\"incl %y0\" : \"+r\"(x));\n   ^"
    );
}

#[test]
fn a_mode_attribute_without_its_mode_is_refused_in_gccs_words() {
    assert_eq!(
        errors("int m __attribute__((mode));\n"),
        "t.c:1:22: error: wrong number of arguments specified for 'mode' attribute\n int m __attribute__((mode));\n                      ^"
    );
}

#[test]
fn constructor_priorities_out_of_range_are_refused_in_gccs_words() {
    assert_eq!(
        errors("__attribute__((constructor(70000))) void f(void) {}\n"),
        "t.c:1:28: error: constructor priorities must be integers from 0 to 65535 inclusive\n __attribute__((constructor(70000))) void f(void) {}\n                            ^"
    );
}

#[test]
fn cleanup_attributes_name_functions_of_one_argument() {
    // gcc's words and columns.
    assert_eq!(
        errors("int g;\nint main(void) {\n  __attribute__((cleanup(g))) int y = 0;\n  return y;\n}\n"),
        "t.c:3:3: error: cleanup argument not a function\n   __attribute__((cleanup(g))) int y = 0;\n   ^"
    );
    assert_eq!(
        errors("void f(int *a, int b);\nint main(void) {\n  __attribute__((cleanup(f))) int x = 0;\n  return x;\n}\n"),
        "t.c:3:35: error: too few arguments to function 'f'\n   __attribute__((cleanup(f))) int x = 0;\n                                   ^"
    );
}

#[test]
fn classification_builtins_take_floating_arguments_only() {
    // gcc's words and columns (the argument, or the call for two).
    assert_eq!(
        errors("int main(void) {\n  return __builtin_isnan(3);\n}\n"),
        "t.c:2:26: error: non-floating-point argument in call to function '__builtin_isnan'\n   return __builtin_isnan(3);\n                          ^"
    );
    assert_eq!(
        errors("int main(void) {\n  return __builtin_isless(1, 2);\n}\n"),
        "t.c:2:10: error: non-floating-point arguments in call to function '__builtin_isless'\n   return __builtin_isless(1, 2);\n          ^"
    );
}

#[test]
fn bit_field_errors_match_gcc() {
    // Messages and positions as gcc 12 reports them.
    assert_eq!(
        errors("struct s { int a:3; };\nint f(struct s *p) {\n  return *&p->a;\n}\n"),
        "t.c:3:11: error: cannot take address of bit-field 'a'\n   return *&p->a;\n           ^"
    );
    assert_eq!(
        errors("struct s { int a:33; };\n"),
        "t.c:1:16: error: width of 'a' exceeds its type\n struct s { int a:33; };\n                ^"
    );
    assert_eq!(
        errors("struct s { int a:0; };\n"),
        "t.c:1:16: error: zero width for bit-field 'a'\n struct s { int a:0; };\n                ^"
    );
    assert_eq!(
        errors("struct s { double d:3; };\n"),
        "t.c:1:19: error: bit-field 'd' has invalid type\n struct s { double d:3; };\n                   ^"
    );
}

#[test]
fn duplicate_case_values_are_an_error() {
    // As gcc: "duplicate case value" at the second label's `case`.
    assert_eq!(
        errors("int f(int x) {\n  switch (x) { case 1: return 1; case 2 - 1: return 2; }\n  return 0;\n}\n"),
        "t.c:2:34: error: duplicate case value\n   switch (x) { case 1: return 1; case 2 - 1: return 2; }\n                                  ^"
    );
}

#[test]
fn a_label_used_but_not_defined_is_an_error() {
    // gcc's message and position (the goto statement).
    assert_eq!(
        errors("int main(void) {\n  goto nowhere;\n  return 0;\n}\n"),
        "t.c:2:3: error: label 'nowhere' used but not defined\n   goto nowhere;\n   ^"
    );
}

#[test]
fn duplicate_labels_are_an_error() {
    assert_eq!(
        errors("int main(void) {\nagain:\n  ;\nagain:\n  return 0;\n}\n"),
        "t.c:4:1: error: duplicate label 'again'\n again:\n ^"
    );
}

#[test]
fn vla_errors() {
    // gcc's message and position (the declaration).
    assert_eq!(
        errors("int f(int n) {\n  int a[n] = {1};\n  return a[0];\n}\n"),
        "t.c:2:3: error: variable-sized object may not be initialized\n   int a[n] = {1};\n   ^"
    );
    // Through a typedef of a variable-length array too.
    assert_eq!(
        errors("int f(int n) {\n  typedef int row[n];\n  row a = {1};\n  return a[0];\n}\n"),
        "t.c:3:3: error: variable-sized object may not be initialized\n   row a = {1};\n   ^"
    );
    // A compound literal of an array of run-time length (6.5.2.5p1; gcc's
    // words, at its parenthesis). A pointer to one is taken.
    assert_eq!(
        errors("int f(int n) {\n  int *p = (int[n]){1};\n  return *p;\n}\n"),
        "t.c:2:12: error: compound literal has variable size\n   int *p = (int[n]){1};\n            ^"
    );
    // At file scope a length must be constant (gcc's words, at the name).
    let e = errors("int n = 3;\ntypedef int row[n];\n");
    assert!(
        e.starts_with("t.c:2:13: error: variably modified 'row' at file scope"),
        "{e}"
    );
}

#[test]
fn an_array_of_a_typedef_aligned_beyond_its_size_is_refused_as_by_gcc() {
    // gcc's words and column (the declaration's start).
    assert_eq!(
        errors("typedef int wide __attribute__((aligned(16)));\nwide a[2];\n"),
        "t.c:2:1: error: alignment of array elements is greater than element size\n wide a[2];\n ^"
    );
}

#[test]
fn initializer_errors_name_the_problem() {
    let e = errors("struct p { int x; };\nstruct p v = {.y = 1};\n");
    assert!(
        e.starts_with("t.c:2:16: error: 'struct p' has no member named 'y'"),
        "{e}"
    );
    let e = errors("int a[2] = {[5] = 1};\n");
    assert!(
        e.starts_with("t.c:1:14: error: array index in initializer exceeds array bounds"),
        "{e}"
    );
}

#[test]
fn thread_local_misuse_is_an_error() {
    let e = errors("int f(void) {\n  _Thread_local int x = 1;\n  return x;\n}\n");
    assert!(
        e.starts_with(
            "t.c:2:21: error: function-scope 'x' implicitly auto and declared '_Thread_local'"
        ),
        "{e}"
    );
    // Each thread has its own copy: its address is no constant (gcc agrees).
    let e = errors("_Thread_local int t;\nint *p = &t;\n");
    assert!(
        e.starts_with("t.c:2:10: error: initializer element is not constant"),
        "{e}"
    );
}

#[test]
fn real_part_of_a_non_number_is_refused_with_gcc_s_words() {
    // GNU's __real__ of what is not a number: gcc's words and column.
    assert_eq!(
        errors("int main(void) {\n  int *p = 0;\n  return (int)__real__ p;\n}\n"),
        "t.c:3:15: error: wrong type argument to __real\n   return (int)__real__ p;\n               ^"
    );
}

#[test]
fn members_of_struct_rvalues_are_not_assignable() {
    // gcc 12's messages and positions (the operator).
    let prelude = "struct s { int x; };\nstruct s f(void);\n";
    assert_eq!(
        errors(&format!("{prelude}void g(void) {{\n  f().x = 1;\n}}\n")),
        "t.c:4:9: error: lvalue required as left operand of assignment\n   f().x = 1;\n         ^"
    );
    assert_eq!(
        errors(&format!("{prelude}void g(void) {{\n  f().x++;\n}}\n")),
        "t.c:4:8: error: lvalue required as increment operand\n   f().x++;\n        ^"
    );
}

#[test]
fn syntax_errors_use_gccs_words_where_they_fit() {
    // As gcc 12: "expected ')' before ';' token", "... at end of input".
    let e = errors("int main(void) {\n  int x = f(1, 2;\n  return x;\n}\n");
    assert!(
        e.starts_with("t.c:2:17: error: expected ')' before ';' token"),
        "{e}"
    );
    let e = errors("int main(void) { return 0; \n");
    assert!(
        e.contains("error: expected declaration or statement at end of input"),
        "{e}"
    );
    // What follows is named as gcc names it: a name or keyword quoted, a
    // character constant as spelled, another literal by its kind, a
    // punctuator as a token; the place is gcc's, just after the `1`.
    for (rest, named) in [
        ("y", "before 'y'"),
        ("return", "before 'return'"),
        ("0x1f", "before numeric constant"),
        ("\"s\"", "before string constant"),
        ("u8\"s\"", "before string constant"),
        ("'c'", "before 'c'"),
        ("L'x'", "before L'x'"),
        (")", "before ')' token"),
        (":", "before ':' token"),
    ] {
        let e = errors(&format!("int main(void) {{\n  return 1 {rest};\n}}\n"));
        assert!(
            e.starts_with(&format!("t.c:2:11: error: expected ';' {named}\n")),
            "for {rest}: {e}"
        );
    }
}

#[test]
fn ia32_builtins_check_their_arguments() {
    // gcc 12's words; it only warns for the integer passed as a pointer.
    assert_eq!(
        errors("int main(void) {\n  float f = 1;\n  __builtin_ia32_rcpps(f);\n}\n"),
        "t.c:3:24: error: incompatible type for argument 1 of '__builtin_ia32_rcpps'\n   __builtin_ia32_rcpps(f);\n                        ^"
    );
    assert_eq!(
        errors("int main(void) {\n  __builtin_ia32_clflush(3);\n}\n"),
        "t.c:2:26: error: incompatible type for argument 1 of '__builtin_ia32_clflush'\n   __builtin_ia32_clflush(3);\n                          ^"
    );
    assert_eq!(
        errors("int main(void) {\n  __builtin_ia32_pause(1);\n}\n"),
        "t.c:2:3: error: wrong number of arguments to function '__builtin_ia32_pause'\n   __builtin_ia32_pause(1);\n   ^"
    );
    assert_eq!(
        errors("int main(void) {\n  return __builtin_ia32_pshufb128();\n}\n"),
        "t.c:2:10: error: '__builtin_ia32_pshufb128' is not supported\n   return __builtin_ia32_pshufb128();\n          ^"
    );
}

#[test]
fn every_builtin_kit_claims_is_compiled_as_one() {
    // What `__has_builtin` answers 1 for must reach kit's lowering of it:
    // called here with no, one or two plain arguments, each may be
    // refused for its arguments, never as unknown, and never panics.
    let mut failures = Vec::new();
    let calls = native::cc::builtin_names().flat_map(|name| {
        ["", "0", "0, 0"].map(|args| match name.as_str() {
            "__builtin_offsetof" => "(void)__builtin_offsetof(struct s, a)".to_owned(),
            "__builtin_types_compatible_p" => "(void)__builtin_types_compatible_p(int, int)".into(),
            "__builtin_convertvector" => "(void)__builtin_convertvector(v, V)".into(),
            other => format!("{other}({args})"),
        })
    });
    for call in calls {
        let name = &call;
        let source = format!(
            "typedef int V __attribute__((vector_size(16)));\nstruct s {{ int a; }};\nvoid f(V v) {{ {call}; }}\n"
        );
        let outcome =
            std::panic::catch_unwind(|| compiled_in_process(&source).unwrap_or_else(|e| e));
        match outcome {
            Ok(diagnostics) => {
                if diagnostics
                    .iter()
                    .any(|d| d.contains("is not supported") || d.contains("implicit declaration"))
                {
                    failures.push(format!("{name}: {diagnostics:?}"));
                }
            }
            Err(_) => failures.push(format!("{name}: the compiler panicked")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(native::cc::has_builtin("memcpy") && native::cc::has_builtin("alloca"));
    assert!(!native::cc::has_builtin("__builtin_apply"));
}

#[test]
fn a_pointer_initialized_by_a_floating_constant_is_refused_in_gccs_words() {
    assert_eq!(
        errors("static int *p = 3.5;\n"),
        "t.c:1:17: error: incompatible types when initializing type 'int *' using type 'double'\n static int *p = 3.5;\n                 ^"
    );
}

#[test]
fn nan_builtins_refuse_what_gcc_cannot_compile() {
    // gcc calls a function `__builtin_nans` that exists nowhere.
    assert_eq!(
        errors("int main(int argc, char **argv) {\n  return __builtin_nans(argv[0]) != 0;\n}\n"),
        "t.c:2:10: error: '__builtin_nans' needs a string literal holding a number (the signaling NaN's payload)\n   return __builtin_nans(argv[0]) != 0;\n          ^"
    );
    assert_eq!(
        errors("int main(void) {\n  return __builtin_nanf() != 0;\n}\n"),
        "t.c:2:10: error: wrong number of arguments to function '__builtin_nanf'\n   return __builtin_nanf() != 0;\n          ^"
    );
    // gcc's words: a payload it does not fold is a call.
    assert_eq!(
        errors("static double d = __builtin_nan(\"abc\");\n"),
        "t.c:1:19: error: initializer element is not constant\n static double d = __builtin_nan(\"abc\");\n                   ^"
    );
}

#[test]
fn alignas_may_not_reduce_an_alignment() {
    // C11 6.7.5p4, in gcc's words, for an object, a local and a member.
    assert_eq!(
        errors("_Alignas(1) int x;\n"),
        "t.c:1:17: error: '_Alignas' specifiers cannot reduce alignment of 'x'\n _Alignas(1) int x;\n                 ^"
    );
    assert_eq!(
        errors("int main(void) {\n  _Alignas(2) int y[3];\n  return 0;\n}\n"),
        "t.c:2:19: error: '_Alignas' specifiers cannot reduce alignment of 'y'\n   _Alignas(2) int y[3];\n                   ^"
    );
    assert_eq!(
        errors("struct s { _Alignas(char) int m; };\n"),
        "t.c:1:31: error: '_Alignas' specifiers cannot reduce alignment of 'm'\n struct s { _Alignas(char) int m; };\n                               ^"
    );
}

#[test]
fn objects_that_cannot_exist_are_refused_in_gccs_words() {
    assert_eq!(
        errors("void v;\n"),
        "t.c:1:6: error: storage size of 'v' isn't known\n void v;\n      ^"
    );
    assert_eq!(
        errors("struct s x;\n"),
        "t.c:1:10: error: storage size of 'x' isn't known\n struct s x;\n          ^"
    );
    assert_eq!(
        errors("static void v;\n"),
        "t.c:1:13: error: variable or field 'v' declared void\n static void v;\n             ^"
    );
    assert_eq!(
        errors("int main(void) {\n  static void v;\n  return 0;\n}\n"),
        "t.c:2:15: error: variable or field 'v' declared void\n   static void v;\n               ^"
    );
    assert_eq!(
        errors("int main(void) {\n  extern int y = 1;\n  return y;\n}\n"),
        "t.c:2:14: error: 'y' has both 'extern' and initializer\n   extern int y = 1;\n              ^"
    );
}

#[test]
fn an_array_never_given_a_length_has_one_element_with_gccs_warning() {
    let warnings =
        compiled_with("int a[];\nint main(void) { return a[0]; }\n", &[]).expect("compiles");
    assert_eq!(
        warnings,
        "t.c:1:5: warning: array 'a' assumed to have one element\n int a[];\n     ^"
    );
}

#[test]
fn c23_directives_and_operators_report_their_misuse() {
    // gcc's words, naming the directive; for `__has_c_attribute` without
    // its operand kit names the operator written (gcc says
    // "__has_attribute" there).
    assert_eq!(
        errors("#elifdef X\n"),
        "t.c:1:2: error: #elifdef without #if\n #elifdef X\n  ^"
    );
    assert_eq!(
        errors("#if 1\n#else\n#elifndef X\n#endif\n"),
        "t.c:3:2: error: #elifndef after #else\n #elifndef X\n  ^"
    );
    assert_eq!(
        errors("#if __has_c_attribute\n#endif\n"),
        "t.c:1:5: error: missing '(' after \"__has_c_attribute\"\n #if __has_c_attribute\n     ^"
    );
}

#[test]
fn a_variable_length_array_in_a_structure_is_refused_by_name() {
    // GNU C takes it; clang refuses it, and so does kit.
    let diagnostics = errors("int f(int n) { struct s { char b[n]; } x; return sizeof x; }\n");
    assert!(
        diagnostics.starts_with(
            "t.c:1:34: error: a member of a structure or union cannot have a variably modified type"
        ),
        "{diagnostics}"
    );
}

#[test]
fn a_frame_larger_than_cranelift_takes_is_refused_by_what_to_change() {
    // gcc compiles it (and the program overflows its stack); Cranelift
    // cannot lay out a frame of 1 GiB or more.
    let e = errors("int main(void) {\n  char b[1 << 30];\n  b[0] = 1;\n  return b[0];\n}\n");
    assert!(
        e.starts_with(
            "t.c:1:1: error: code generation failed for 'main': its stack frame is larger \
             than kit can compile (1 GiB of locals, 128 MiB of arguments passed by value); \
             make a large array static or allocate it"
        ),
        "{e}"
    );
}

#[test]
fn distinct_enumerated_types_are_incompatible_as_in_gcc() {
    // gcc's words and places (gcc 12 warns about the pointer; gcc 14,
    // whose errors kit keeps, refuses it).
    assert_eq!(
        errors("enum a { A };\nenum b { B };\nint f(enum a *p) {\n  enum b *q = p;\n  return *q;\n}\n"),
        "t.c:4:15: error: initialization of 'enum b *' from incompatible pointer type 'enum a *' [-Wincompatible-pointer-types]\n   enum b *q = p;\n               ^"
    );
    assert_eq!(
        errors("enum a { A };\nint f(enum a x) {\n  return _Generic(x, enum a: 1, unsigned: 2);\n}\n"),
        "t.c:3:33: error: '_Generic' specifies two compatible types\n   return _Generic(x, enum a: 1, unsigned: 2);\n                                 ^"
    );
}

#[test]
fn object_size_takes_a_constant_type_from_0_to_3_as_in_gcc() {
    for kind in ["4", "k"] {
        let source = format!(
            "unsigned long f(char *p, int k) {{\n  return __builtin_object_size(p, {kind});\n}}\n"
        );
        let expected = format!(
            "t.c:2:10: error: last argument of '__builtin_object_size' is not integer constant between 0 and 3\n   return __builtin_object_size(p, {kind});\n          ^"
        );
        assert_eq!(errors(&source), expected);
    }
}

#[test]
fn pointers_to_long_and_long_long_are_incompatible_as_in_gcc_14() {
    // gcc 12 warns in these words (-Wincompatible-pointer-types); gcc 14,
    // whose errors kit keeps, refuses. -fpermissive makes it a warning.
    let source = "long f(long *p) {\n  long long *q = p;\n  return *q;\n}\n";
    assert_eq!(
        errors(source),
        "t.c:2:18: error: initialization of 'long long int *' from incompatible pointer type 'long int *' [-Wincompatible-pointer-types]\n   long long *q = p;\n                  ^"
    );
    assert!(compiled_with(source, &["-fpermissive"]).is_ok());
}

#[test]
fn overflow_builtins_refuse_a_third_argument_of_the_wrong_type_as_gcc() {
    // gcc's words, at the third argument.
    for (call, wanted) in [
        (
            "__builtin_add_overflow(a, 1, d)",
            "pointer to integral type",
        ),
        ("__builtin_add_overflow_p(a, 1, d)", "integral type"),
    ] {
        let name = &call[..call.find('(').unwrap()];
        let source = format!("int f(int a, double d) {{\n  return {call};\n}}\n");
        let column = 10 + call.rfind('d').unwrap();
        let caret = " ".repeat(column);
        assert_eq!(
            errors(&source),
            format!("t.c:2:{column}: error: argument 3 in call to function '{name}' does not have {wanted}\n   return {call};\n{caret}^")
        );
    }
}

#[test]
fn a_switch_label_in_a_statement_expression_is_refused_as_in_gcc() {
    // gcc's words, at the label (kit's walk of the switch once panicked).
    assert_eq!(
        errors("int f(int a) {\n  switch (a) {\n  case 0: ({ case 1: 0; });\n  }\n  return a;\n}\n"),
        "t.c:3:14: error: switch jumps into statement expression\n   case 0: ({ case 1: 0; });\n              ^"
    );
}

#[test]
fn alignments_beyond_gccs_maximum_are_refused_in_its_words() {
    // gcc: "requested alignment '536870912' exceeds maximum 268435456";
    // 1 << 63 once overflowed kit's layout.
    for shift in [29, 63] {
        let source =
            format!("typedef char T __attribute__((aligned((__UINT64_TYPE__)1 << {shift})));\n");
        let e = errors(&source);
        let align = 1u64 << shift;
        assert!(
            e.contains(&format!(
                "error: requested alignment '{align}' exceeds maximum 268435456"
            )),
            "{e}"
        );
    }
}

#[test]
fn a_static_object_too_large_to_build_is_refused_with_its_size() {
    // 16 GiB of pointers with one initialized: kit once tried to build
    // its bytes (gcc compiles it and its assembler runs out of space).
    let e =
        errors("static char *name[] = { [0x80000000] = \"bar\" };\nint main(void) { return 0; }\n");
    assert!(
        e.starts_with("t.c:1:13: error: 'name' is too large to initialize (16.00 GiB; kit builds a static object's bytes in memory, up to 2 GiB): leave it uninitialized or allocate it at run time"),
        "{e}"
    );
}

#[test]
fn constraint_violations_kit_once_accepted_are_refused_as_in_gcc() {
    // Each was compiled silently (gcc's dg-error tests comp-goto-5,
    // array-9, bitfld-7, enum3); gcc's words and places.
    for (source, wanted) in [
        (
            "int f(int a) {\n  goto *a;\n}\n",
            "t.c:2:9: error: computed goto must be pointer type",
        ),
        (
            "struct s { void x[1]; };\n",
            "t.c:1:17: error: declaration of 'x' as array of voids",
        ),
        (
            "struct t { int a:1; } t;\ntypeof(t.a) z;\n",
            "t.c:2:8: error: 'typeof' applied to a bit-field",
        ),
        (
            "struct t { int a:1; } t;\nint g(void) { __typeof__(t.a) w = 0; return w; }\n",
            "t.c:2:26: error: 'typeof' applied to a bit-field",
        ),
        (
            "struct t { int a:1; } t;\nint g(void) { __auto_type w = t.a; return w; }\n",
            "t.c:2:31: error: '__auto_type' used with a bit-field initializer",
        ),
        (
            "enum e2 { E1 = (void *)4 };\n",
            "t.c:1:16: error: enumerator value for 'E1' is not an integer constant",
        ),
    ] {
        let e = errors(source);
        assert!(e.starts_with(wanted), "{source:?}: {e}");
    }
}

#[test]
fn refusals_of_the_new_builtins_and_attributes_are_tested() {
    // gcc's words for an alignment that is no constant power of 2; kit's
    // refusal of vector_size on a parameter that derives a pointer.
    for (source, wanted) in [
        (
            "void *f(int n, int a) {\n  return __builtin_alloca_with_align(n, a);\n}\n",
            "t.c:2:41: error: second argument to function '__builtin_alloca_with_align' must be a constant integer power of 2 at least __CHAR_BIT__",
        ),
        (
            "void *f(int n) {\n  return __builtin_alloca_with_align(n, 12);\n}\n",
            "t.c:2:41: error: second argument to function '__builtin_alloca_with_align' must be a constant integer power of 2 at least __CHAR_BIT__",
        ),
        (
            "int f(int *p __attribute__((vector_size(16))));\n",
            "t.c:1:29: error: vector_size on a derived type (pointer, array or function) is not supported (put it before the name)",
        ),
    ] {
        let e = errors(source);
        assert!(e.starts_with(wanted), "{source:?}: {e}");
    }
}
