//! The wasm lane through the real binary: entries, calling conventions,
//! linking by file stem, traps, validation errors and the compile cache.

mod common;

use common::{fixture, kit, kit_with, scratch};

fn wasm(name: &str) -> String {
    fixture(&format!("wasm/{name}")).display().to_string()
}

#[test]
fn main_result_is_the_exit_status() {
    kit(&["run", &wasm("exit_status.wat")])
        .expect_code(7)
        .expect_stdout("");
}

#[test]
fn start_is_preferred_over_main_and_returns_nothing() {
    kit(&["run", &wasm("start_no_result.wat")]).expect_code(0);
}

#[test]
fn dash_e_picks_the_entry() {
    kit(&["run", "-e", "main", &wasm("start_no_result.wat")]).expect_code(9);
}

#[test]
fn kit_entry_section_names_the_entry() {
    kit(&["run", &wasm("kit_entry.wat")]).expect_code(3);
}

#[test]
fn entry_with_params_takes_program_args_and_prints_results() {
    kit(&[
        "run",
        "-e",
        "mix",
        &wasm("params.wat"),
        "--",
        "-3",
        "10",
        "1.5",
        "0.25",
    ])
    .expect_code(0)
    .expect_stdout("7\n1.75\n");
}

#[test]
fn hex_and_unsigned_literals_wrap_like_wasm() {
    kit(&[
        "run",
        "-e",
        "mix",
        &wasm("params.wat"),
        "--",
        "0xffffffff",
        "1",
        "0",
        "0",
    ])
    .expect_code(0)
    .expect_stdout("0\n0\n");
}

#[test]
fn wrong_argument_count_and_bad_literals_are_refused() {
    kit(&["run", "-e", "mix", &wasm("params.wat"), "--", "1"])
        .expect_code(1)
        .expect_stderr_contains(
            "entry mix takes 4 parameter(s) (i32, i64, f32, f64) but 1 program argument(s) were given",
        );
    kit(&[
        "run",
        "-e",
        "mix",
        &wasm("params.wat"),
        "--",
        "1",
        "x",
        "0",
        "0",
    ])
    .expect_code(1)
    .expect_stderr_contains("argument 2 (\"x\") is not a valid i64 for entry mix");
}

#[test]
fn non_i32_results_are_printed() {
    kit(&["run", &wasm("result_i64.wat")])
        .expect_code(0)
        .expect_stdout("-5000000000\n");
}

#[test]
fn missing_entry_lists_exported_functions() {
    kit(&["run", &wasm("no_entry.wat")])
        .expect_code(1)
        .expect_stderr_contains("entry symbol not found: _start")
        .expect_stderr_contains("exported functions: alpha, beta");
    kit(&["run", "-e", "gamma", &wasm("no_entry.wat")])
        .expect_code(1)
        .expect_stderr_contains("entry symbol not found: gamma");
}

#[test]
fn earlier_inputs_are_importable_by_file_stem() {
    kit(&["run", &wasm("lib.wat"), &wasm("app.wat")]).expect_code(42);
}

#[test]
fn a_missing_provider_is_a_host_import_and_refused() {
    kit(&["run", &wasm("app.wat")])
        .expect_code(1)
        .expect_stderr_contains("import lib.double (func (i32) -> i32): refused under --wasm-imports=deny; no kit flag grants this import");
}

#[test]
fn trap_prints_reason_and_backtrace_with_function_names() {
    let run = kit(&["run", &wasm("div_zero.wat")]);
    run.expect_code(134)
        .expect_stderr_contains("kit run: wasm trap in ")
        .expect_stderr_contains("div_zero.wat: integer divide by zero")
        .expect_stderr_contains("wasm backtrace:")
        .expect_no_panic();
    let divide = run.stderr.find("in divide").expect("frame for divide");
    let caller = run.stderr.find("in run").expect("frame for run");
    assert!(divide < caller, "innermost frame first: {}", run.stderr);
}

#[test]
fn text_syntax_errors_name_file_and_line() {
    kit(&["run", &wasm("syntax_error.wat")])
        .expect_code(1)
        .expect_stderr_contains("syntax_error.wat is not a valid module")
        .expect_stderr_contains("syntax_error.wat:2:")
        .expect_no_panic();
}

#[test]
fn malformed_binaries_name_the_byte_offset() {
    let dir = scratch("malformed_binary");
    let path = dir.join("truncated.wasm");
    // A valid header, then a type section that claims 5 bytes but has 2.
    std::fs::write(&path, b"\0asm\x01\0\0\0\x01\x05\x01\x60").unwrap();
    kit(&["run", path.to_str().unwrap()])
        .expect_code(1)
        .expect_stderr_contains("truncated.wasm is not a valid module")
        .expect_stderr_contains("at byte offset 0x")
        .expect_no_panic();
    let junk = dir.join("junk.wasm");
    std::fs::write(&junk, [0xffu8, 0xfe, 0x00, 0x01]).unwrap();
    kit(&["run", junk.to_str().unwrap()])
        .expect_code(1)
        .expect_stderr_contains("junk.wasm is not a valid module")
        .expect_no_panic();
}

#[test]
fn invalid_code_is_refused_before_running() {
    let dir = scratch("invalid_code");
    let path = dir.join("bad.wat");
    std::fs::write(
        &path,
        "(module (func (export \"main\") (result i32) (i64.const 1)))",
    )
    .unwrap();
    kit(&["run", path.to_str().unwrap()])
        .expect_code(1)
        .expect_stderr_contains("bad.wat is not a valid module")
        .expect_stderr_contains("type mismatch")
        .expect_no_panic();
}

#[test]
fn components_are_refused_clearly() {
    kit(&["run", &wasm("component.wat")])
        .expect_code(1)
        .expect_stderr_contains("is a WebAssembly component; kit runs core modules only");
}

#[test]
fn missing_input_file_is_exit_1() {
    kit(&["run", "no/such/file.wasm"])
        .expect_code(1)
        .expect_stderr_contains("cannot read no/such/file.wasm");
}

#[test]
fn no_jit_is_refused_until_the_interpreter_lands() {
    kit(&["run", "--no-jit", &wasm("exit_status.wat")])
        .expect_code(1)
        .expect_stderr_contains(
            "--no-jit: the wasm interpreter (Pulley) is not part of this build yet",
        );
}

#[test]
fn optimization_and_debug_flags_apply_to_wasm() {
    for flag in ["-O0", "-O1", "-O2", "-g"] {
        kit(&["run", flag, &wasm("exit_status.wat")]).expect_code(7);
    }
}

#[test]
fn second_run_reuses_the_compiled_module() {
    let cache = scratch("compile_cache");
    let cache_dir = cache.to_str().unwrap();
    let env = [("KIT_CACHE_DIR", cache_dir)];
    let first = kit_with(&["run", "--metrics", &wasm("exit_status.wat")], "", &env);
    first.expect_code(7).expect_stderr_contains("wasm.compile ");
    let stored: Vec<_> = std::fs::read_dir(cache.join("wasm"))
        .expect("cache directory created")
        .collect();
    assert_eq!(stored.len(), 1, "one cached module");
    let second = kit_with(&["run", "--metrics", &wasm("exit_status.wat")], "", &env);
    second
        .expect_code(7)
        .expect_stderr_contains("wasm.cache_load ");
    assert!(
        !second.stderr.contains("wasm.compile "),
        "{}",
        second.stderr
    );
    // Different engine settings compile again rather than reuse.
    kit_with(
        &["run", "--metrics", "-O0", &wasm("exit_status.wat")],
        "",
        &env,
    )
    .expect_stderr_contains("wasm.compile ");
    // KIT_NO_CACHE turns the cache off.
    let off = [("KIT_CACHE_DIR", cache_dir), ("KIT_NO_CACHE", "1")];
    kit_with(&["run", "--metrics", &wasm("exit_status.wat")], "", &off)
        .expect_stderr_contains("wasm.compile ");
}

#[test]
fn a_corrupt_cache_entry_falls_back_to_compiling() {
    let cache = scratch("corrupt_cache");
    let env = [("KIT_CACHE_DIR", cache.to_str().unwrap())];
    kit_with(&["run", &wasm("exit_status.wat")], "", &env).expect_code(7);
    for entry in std::fs::read_dir(cache.join("wasm")).unwrap() {
        std::fs::write(entry.unwrap().path(), b"garbage").unwrap();
    }
    kit_with(&["run", &wasm("exit_status.wat")], "", &env)
        .expect_code(7)
        .expect_no_panic();
}
