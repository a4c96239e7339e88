//! The C preprocessor through the real binary: -I, -isystem, -D, -U in
//! command-line order, macros seen by a running program (its output is what
//! the same file prints when gcc builds it with the same flags), and the
//! preprocessor's diagnostics with their exit status.

mod common;

use std::process::Command;

use common::{fixture, kit, kit_with, run_command, runs_as_at_both_levels, scratch};

fn path(name: &str) -> String {
    fixture(&format!("preprocess/{name}")).display().to_string()
}

/// The preprocessor flags both compilers get for macros.c.
fn flags() -> Vec<String> {
    vec![
        "-I".into(),
        path("inc"),
        "-isystem".into(),
        path("sys"),
        "-DFROM_D=\"given\"".into(),
        "-DTMP=1".into(),
        "-UTMP".into(),
    ]
}

/// What `source` prints when gcc builds it with `flags`.
fn gcc_run(flags: &[String], source: &str) -> common::Run {
    let exe = scratch(&format!("preprocess_{source}")).join("reference");
    let status = Command::new("gcc")
        .args(flags)
        .arg(path(source))
        .arg("-o")
        .arg(&exe)
        .status()
        .expect("gcc is installed by bash .ci/run");
    assert!(status.success(), "gcc failed on {source}");
    run_command(Command::new(&exe), "")
}

/// What `gcc -E` writes to stderr for `source` given on stdin.
fn gcc_preprocess_stderr(source: &str) -> String {
    let mut gcc = Command::new("gcc");
    gcc.args(["-E", "-x", "c", "-", "-o", "/dev/null"]);
    run_command(gcc, source).stderr
}

/// The lines of `stderr` that mention `needle`, in order.
fn lines_with(stderr: &str, needle: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains(needle))
        .map(str::to_owned)
        .collect()
}

#[test]
fn macros_and_include_paths_behave_as_under_gcc() {
    let reference = gcc_run(&flags(), "macros.c");
    assert!(
        reference.stdout.contains("conditions hold"),
        "{reference:?}"
    );

    let mut args = vec!["run".to_owned(), "-lc".to_owned()];
    args.extend(flags());
    args.push(path("macros.c"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    kit(&args)
        .expect_code(reference.code)
        .expect_stdout(&reference.stdout);
}

#[test]
fn annex_and_unicode_macros_are_glibc_s() {
    let reference = gcc_run(&[], "annexes.c");
    kit(&["run", "-lc", &path("annexes.c")])
        .expect_code(0)
        .expect_stdout(&reference.stdout);
}

#[test]
fn std_flags_set_the_macros_gcc_sets() {
    let standards = [
        "c89", "gnu89", "c99", "gnu99", "c11", "gnu11", "c17", "gnu17", "c2x", "gnu2x",
    ]
    .map(|std| vec![format!("-std={std}")]);
    // -ansi is -std=c89; -pthread defines _REENTRANT (gcc's default
    // standard is gnu17, kit's gnu11).
    let others = [
        vec!["-ansi".to_owned()],
        vec!["-std=gnu11".into(), "-pthread".into()],
    ];
    for flags in standards.into_iter().chain(others) {
        let reference = gcc_run(&flags, "standards.c");
        let mut args = vec!["run", "-lc"];
        args.extend(flags.iter().map(String::as_str));
        let source = path("standards.c");
        args.push(&source);
        kit(&args).expect_code(0).expect_stdout(&reference.stdout);
    }
    kit(&["run", "-std=c23", &path("standards.c")])
        .expect_code(2)
        .expect_stderr_contains("-std=c23 is not supported");
}

#[test]
fn has_builtin_answers_as_gcc() {
    let reference = gcc_run(&[], "has_builtin.c");
    assert!(
        reference.stdout.starts_with("expect memcpy\n"),
        "{}",
        reference.stdout
    );
    kit(&["run", "-lc", &path("has_builtin.c")])
        .expect_code(0)
        .expect_stdout(&reference.stdout);
}

#[test]
fn a_libc_header_without_lc_suggests_it() {
    kit(&["run", &path("macros.c")])
        .expect_code(1)
        .expect_stderr_contains(&format!(
            "{}:3:10: error: stdio.h: libc headers need -lc (or --sysroot DIR); kit ships only freestanding headers\n #include <stdio.h>\n          ^",
            path("macros.c")
        ))
        .expect_no_panic();
}

#[test]
fn a_missing_header_with_lc_is_like_gcc() {
    // Without -I inc, <found_by_I.h> is nowhere.
    kit(&["run", "-lc", &path("macros.c")])
        .expect_code(1)
        .expect_stderr_contains(&format!(
            "{}:7:10: error: found_by_I.h: No such file or directory",
            path("macros.c")
        ));
}

#[test]
fn error_directive_stops_with_exit_1() {
    kit(&["run", &path("error.c")])
        .expect_code(1)
        .expect_stderr_contains(&format!(
            "{}:4:2: error: #error this configuration is not supported",
            path("error.c")
        ));
}

#[test]
fn warning_directive_warns_and_werror_makes_it_fatal() {
    let warning = format!("{}:1:2: warning: #warning check this", path("warning.c"));
    kit(&["run", &path("warning.c")])
        .expect_code(3)
        .expect_stderr_contains(&warning);
    kit(&["run", "-Werror", &path("warning.c")])
        .expect_code(1)
        .expect_stderr_contains(&format!(
            "{}:1:2: error: #warning check this",
            path("warning.c")
        ));
    // -w reports none, so -Werror has none to make fatal (as in gcc).
    for flags in [&["-w"][..], &["-w", "-Werror"]] {
        let mut args = vec!["run"];
        args.extend(flags);
        let warning_c = path("warning.c");
        args.push(&warning_c);
        let run = kit(&args);
        run.expect_code(3);
        assert_eq!(run.stderr, "", "{flags:?}");
    }
}

#[test]
fn dash_w_silences_the_compiler_warnings_too() {
    // An implicit declaration and a discarded const: gcc's warnings,
    // which -w silences and -Werror makes errors.
    let source =
        "int main(void) { const char *s = \"x\"; char *t = s; return abs(-2) + (t == 0); }\n";
    kit_with(&["run", "-"], source, &[])
        .expect_code(2)
        .expect_stderr_contains("warning: implicit declaration of function 'abs'")
        .expect_stderr_contains("warning: initialization discards 'const' qualifier");
    let silent = kit_with(&["run", "-w", "-"], source, &[]);
    silent.expect_code(2);
    assert_eq!(silent.stderr, "");
    kit_with(&["run", "-Werror", "-"], source, &[]).expect_code(1);
    // Also when an error fails the compile: only the error is shown.
    let failing = "x;\nint main(void) { abs(-2); int *p = 5; return 0; }\n";
    let run = kit_with(&["run", "-w", "-"], failing, &[]);
    run.expect_code(1);
    assert_eq!(run.stderr.matches(": error: ").count(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn a_literal_cut_by_the_end_of_the_file_is_an_error_not_a_crash() {
    for source in [
        "int main(void) { return 0; }\n\"abc\\",
        "char c = '\\\u{e9}';\nint main(void) { return c; }\n",
    ] {
        let run = kit_with(&["run", "-"], source, &[]);
        run.expect_code(1).expect_no_panic();
        assert!(run.stderr.contains("<stdin>:"), "{}", run.stderr);
    }
}

#[test]
fn digraphs_extended_identifiers_and_splices_are_read_as_gcc_reads_them() {
    let reference = gcc_run(&[], "spellings.c");
    assert_eq!(reference.stdout, "30 6 4 spliced\n<: :> <% %> %: %:%: [\n");
    kit(&["run", "-lc", &path("spellings.c")])
        .expect_code(0)
        .expect_stdout(&reference.stdout);
}

#[test]
fn directive_and_macro_call_errors_are_gccs_through_the_binary() {
    // Each source's first error line as `gcc -E` gives it (gcc refuses
    // each too), and exit status 1 with nothing run.
    for (source, expected) in [
        (
            "#define f(x, x) x\nint main(void) { return 0; }\n",
            "1:14: error: duplicate macro parameter \"x\"",
        ),
        (
            "#define\nint main(void) { return 0; }\n",
            "1:8: error: no macro name given in #define directive",
        ),
        (
            "#undef 3\nint main(void) { return 0; }\n",
            "1:8: error: macro names must be identifiers",
        ),
        (
            "#line x\nint main(void) { return 0; }\n",
            "1:7: error: \"x\" after #line is not a positive integer",
        ),
        (
            "#define g(x, y) x\nint main(void) { return g(1); }\n",
            "2:28: error: macro \"g\" requires 2 arguments, but only 1 given",
        ),
        (
            "#define h() 1\nint main(void) { return h(2); }\n",
            "2:28: error: macro \"h\" passed 1 arguments, but takes just 0",
        ),
        (
            "#define E\n#include E\nint main(void) { return 0; }\n",
            "2:11: error: #include expects \"FILENAME\" or <FILENAME>",
        ),
        (
            "#if 1 + 2 *\n#endif\nint main(void) { return 0; }\n",
            "1:12: error: operator '*' has no right operand",
        ),
        (
            "#if 1 ? 2 3\n#endif\nint main(void) { return 0; }\n",
            "1:11: error: missing binary operator before token \"3\"",
        ),
        (
            "#if 1 ? 2\n#endif\nint main(void) { return 0; }\n",
            "1:10: error: '?' without following ':'",
        ),
    ] {
        let gcc = gcc_preprocess_stderr(source);
        assert!(
            gcc.contains(&format!("<stdin>:{expected}")),
            "gcc for {source:?}: {gcc}"
        );
        kit_with(&["run", "-"], source, &[])
            .expect_code(1)
            .expect_stderr_contains(&format!("<stdin>:{expected}"));
    }
}

#[test]
fn poisoned_names_are_refused_where_gcc_refuses_them() {
    // A use in the source, in a macro argument, in a directive and after
    // `_Pragma` is an error; a skipped group and a macro defined before
    // the pragma are not. Every line gcc -E reports, and no other.
    let source = "#define OLD bad\n\
                  #define F(x) x\n\
                  #pragma GCC poison bad\n\
                  _Pragma(\"GCC poison other\")\n\
                  #if 0\n\
                  bad other\n\
                  #endif\n\
                  #ifdef bad\n\
                  #endif\n\
                  int main(void) { int bad = 1; return OLD + F(other); }\n";
    let expected = [
        "<stdin>:8:8: error: attempt to use poisoned \"bad\"",
        "<stdin>:10:22: error: attempt to use poisoned \"bad\"",
        "<stdin>:10:46: error: attempt to use poisoned \"other\"",
    ];
    let gcc = gcc_preprocess_stderr(source);
    assert_eq!(lines_with(&gcc, "poisoned"), expected, "{gcc}");
    let run = kit_with(&["run", "-"], source, &[]);
    run.expect_code(1);
    assert_eq!(
        lines_with(&run.stderr, "poisoned"),
        expected,
        "{}",
        run.stderr
    );
}

#[test]
fn poisoning_warns_of_a_defined_macro_and_refuses_a_non_name() {
    // gcc's warning comes out with the error after it; a program that
    // keeps to its poisoned names runs.
    let source = "#define bad 1\n#pragma GCC poison bad\n#pragma GCC poison 12\n";
    let run = kit_with(&["run", "-"], source, &[]);
    run.expect_code(1);
    let first_lines: Vec<&str> = run.stderr.lines().step_by(3).collect();
    assert_eq!(
        first_lines,
        [
            "<stdin>:2:20: warning: poisoning existing macro \"bad\"",
            "<stdin>:3:20: error: invalid #pragma GCC poison directive",
        ],
        "{}",
        run.stderr
    );
    let quiet = kit_with(&["run", "-w", "-"], source, &[]);
    assert!(!quiet.stderr.contains("warning"), "{}", quiet.stderr);
    let fine = "#pragma GCC poison gets sprintf\nint main(void) { return 7; }\n";
    kit_with(&["run", "-"], fine, &[]).expect_code(7);
}

#[test]
fn null_characters_in_code_are_blanks_with_gccs_warning() {
    // gcc's warning for each run of them, and the program as if they
    // were spaces; one in a literal stays there, with gcc's other warning.
    let source = "int main(void) {\0 return\0\0 sizeof \"a\0b\"; }\nint x\0;\n";
    let gcc = gcc_preprocess_stderr(source);
    let expected = [
        "<stdin>:1:17: warning: null character(s) ignored",
        "<stdin>:1:25: warning: null character(s) ignored",
        "<stdin>:1:35: warning: null character(s) preserved in literal",
        "<stdin>:2:6: warning: null character(s) ignored",
    ];
    assert_eq!(lines_with(&gcc, "null character"), expected, "{gcc}");
    let run = kit_with(&["run", "-"], source, &[]);
    run.expect_code(4);
    assert_eq!(
        lines_with(&run.stderr, "null character"),
        expected,
        "{}",
        run.stderr
    );
}

#[test]
fn line_directives_renumber_as_under_gcc() {
    let reference = gcc_run(&[], "line_directives.c");
    assert!(
        reference.stdout.contains("gen.y:22"),
        "{}",
        reference.stdout
    );
    runs_as_at_both_levels(&["-lc", &path("line_directives.c")], &reference);
    // Diagnostics after a #line: its file and numbering, and the line as
    // written.
    let source = "#line 50 \"gen.y\"\n#warning look\nint main(void) {\n  return x;\n}\n";
    kit_with(&["run", "-"], source, &[])
        .expect_code(1)
        .expect_stderr_contains("gen.y:50:2: warning: #warning look [-Wcpp]\n #warning look\n")
        .expect_stderr_contains("gen.y:52:10: error: 'x' undeclared (first use in this function)");
    // The compiler quotes the code itself after a #line naming another
    // file, not the line of this file that has the number now.
    let source = format!(
        "{}#line 3 \"gen.y\"\nint main(void) {{ return zz; }}\n",
        "int filler;\n".repeat(10)
    );
    kit_with(&["run", "-"], &source, &[])
        .expect_code(1)
        .expect_stderr_contains(
            "gen.y:3:25: error: 'zz' undeclared (first use in this function)\n \
             int main(void) { return zz; }\n",
        );
}
