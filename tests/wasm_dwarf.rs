//! A trap in a module with DWARF names file:line in the wasm backtrace.
//! The module is built from C with Debian's clang-16 (installed by the
//! README's test command).

mod common;

use std::process::Command;

use common::{fixture, kit, scratch};

#[test]
fn trap_backtrace_names_file_and_line() {
    let source = fixture("wasm/dwarf_crash.c");
    let module = scratch("wasm_dwarf").join("dwarf_crash.wasm");
    let built = Command::new("clang-16")
        .args([
            "--target=wasm32",
            "-O0",
            "-g",
            "-nostdlib",
            "-Wl,--no-entry",
            "-o",
        ])
        .arg(&module)
        .arg(&source)
        .status()
        .expect("clang-16 is installed by the README's test command (bash .ci/run)");
    assert!(built.success(), "clang-16 failed to build {source:?}");
    kit(&["run", module.to_str().unwrap()])
        .expect_code(134)
        .expect_stderr_contains("integer divide by zero")
        .expect_stderr_contains("in divide at ")
        .expect_stderr_contains("dwarf_crash.c:6:14")
        .expect_stderr_contains("in start at ")
        .expect_stderr_contains("dwarf_crash.c:10:5");
}
