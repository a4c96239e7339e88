//! A fault in JIT code is caught: kit prints the signal and a backtrace
//! naming the C functions, and exits 128+signal.

mod common;

use common::{kit, scratch};

fn run_c(name: &str, source: &str) -> common::Run {
    let dir = scratch(name);
    let path = dir.join(format!("{name}.c"));
    std::fs::write(&path, source).unwrap();
    kit(&["run", "-lc", path.to_str().unwrap()])
}

#[test]
fn null_dereference_is_signal_11_with_a_backtrace() {
    let run = run_c(
        "null_deref",
        "#include <stdio.h>\nint deref(int *p) { return *p; }\nint main(void) { puts(\"before\"); fflush(stdout); return deref(0); }\n",
    );
    run.expect_code(139)
        .expect_stdout("before\n")
        .expect_stderr_contains("kit: program received signal 11; backtrace:")
        .expect_no_panic();
    let deref = run.stderr.find(" in deref (+0x").expect("frame for deref");
    let main = run.stderr.find(" in main (+0x").expect("frame for main");
    assert!(deref < main, "{}", run.stderr);
}

#[test]
fn abort_is_signal_6() {
    run_c(
        "aborts",
        "#include <stdlib.h>\nint main(void) { abort(); }\n",
    )
    .expect_code(134)
    .expect_stderr_contains("kit: program received signal 6; backtrace:");
}

#[test]
fn endless_recursion_is_caught_on_the_alternate_stack() {
    run_c(
        "recursion",
        "int down(int n) { return down(n + 1) + 1; }\nint main(void) { return down(0); }\n",
    )
    .expect_code(139)
    .expect_stderr_contains("kit: program received signal 11; backtrace:")
    .expect_stderr_contains(" in down (+0x");
}

#[test]
fn integer_division_by_zero_and_overflow_are_sigfpe_as_under_gcc() {
    // gcc's code faults in `idiv`: SIGFPE, 136. kit raises the same.
    let source = "#include <stdio.h>\n#include <limits.h>\nint divide(int a, int b) { return a / b; }\nint main(int argc, char **argv) { (void)argv; if (argc > 2) return divide(INT_MIN, -argc + 2); return divide(1, argc - 1) % 2; }\n";
    let dir = scratch("division");
    let path = dir.join("division.c");
    std::fs::write(&path, source).unwrap();
    let path = path.to_str().unwrap();
    for args in [
        vec!["run", "-lc", path],
        vec!["run", "-O2", "-lc", path, "--", "a", "b"],
    ] {
        kit(&args)
            .expect_code(136)
            .expect_stderr_contains("kit: program received signal 8; backtrace:")
            .expect_no_panic();
    }
}
