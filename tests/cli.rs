//! The command line: help, usage errors (exit 2) naming the flag, lane
//! rules, and the metrics formats.

mod common;

use common::{fixture, kit};

fn wasm(name: &str) -> String {
    fixture(&format!("wasm/{name}")).display().to_string()
}

#[test]
fn run_without_arguments_prints_help() {
    let run = kit(&["run"]);
    run.expect_code(0).expect_stderr_contains("");
    assert!(run.stdout.contains("USAGE:"), "{}", run.stdout);
    for option in [
        "-O0 -O1 -O2",
        "--no-jit",
        "--bench-time",
        "-e SYMBOL",
        "-target TRIPLE",
        "--sysroot DIR",
        "-lNAME",
        "-fmax-errors=N",
        "-Werror",
        "-std=NAME",
        "-w ",
        "-mcmodel=",
        "--wasm-memory-max=SIZE",
        "--wasm-instance-max=SIZE",
        "--wasm-memories-max=N",
        "--wasm-imports=deny|wasi|test",
        "--wasm-env=none|allowlist|inherit",
        "--wasm-env-pass=NAME",
        "--wasm-env-set=NAME=VALUE",
        "--wasm-fs=none",
        "--wasm-map-dir=HOST=GUEST[:ro|rw]",
        "--wasm-map-file=HOST=GUEST[:ro|rw]",
        "--wasm-cwd=GUEST",
        "--wasm-stdio=null|inherit",
        "--wasm-clock=none|monotonic|realtime",
        "--wasm-random=none|host|seed:HEX",
        "--wasm-fuel=N",
        "--wasm-timeout=DURATION",
        "--wasm-stack-max=SIZE",
        "--script FILE",
        "EXIT STATUS",
        "EXAMPLES",
    ] {
        assert!(run.stdout.contains(option), "help lacks {option}");
    }
}

#[test]
fn help_flags_print_the_same_help() {
    let plain = kit(&["run"]).stdout;
    kit(&["run", "--help"]).expect_code(0).expect_stdout(&plain);
    kit(&["run", "-h", "x.c"])
        .expect_code(0)
        .expect_stdout(&plain);
}

#[test]
fn version_and_top_level_help() {
    let run = kit(&["--version"]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("kit "), "{}", run.stdout);
    kit(&["frobnicate"]).expect_code(2);
}

#[test]
fn usage_errors_exit_2_and_name_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["--frobnicate", "x.c"], "unknown option --frobnicate"),
        (&["-O9", "x.c"], "-O9: unknown optimization level"),
        (&["-mcmodel=huge", "x.c"], "-mcmodel: \"huge\""),
        (&["-target", "not a triple", "x.c"], "-target: \"not a triple\" is not a target triple"),
        (&["-fmax-errors=lots", "x.c"], "-fmax-errors: \"lots\""),
        (&["-D", "9X", "x.c"], "-D: \"9X\" is not a macro name"),
        (&["x.c", "-I"], "-I needs a DIR"),
        (&["-e"], "-e needs a SYMBOL"),
        (&["x.txt"], "x.txt: unknown input type"),
        (&["-", "-"], "- (stdin) can be an input only once"),
        (&["-O2"], "no input files"),
        (&["--wasm-memory-max=12Q", "x.wasm"], "--wasm-memory-max: \"12Q\" is not a SIZE"),
        (&["--wasm-memory-max=0", "x.wasm"], "--wasm-memory-max: \"0\" is zero"),
        (&["--wasm-memory-max", "x.wasm", "y.wasm"], "--wasm-memory-max: \"x.wasm\" is not a SIZE"),
        (&["--wasm-memories-max=two", "x.wasm"], "--wasm-memories-max: \"two\" is not a count"),
        (&["--wasm-imports=all", "x.wasm"], "--wasm-imports: \"all\" is not deny, wasi or test"),
        (&["--wasm-fuel=0", "x.wasm"], "--wasm-fuel: must be at least 1"),
        (&["--wasm-timeout=5", "x.wasm"], "--wasm-timeout: \"5\" is not a DURATION"),
        (&["--wasm-stack-max=big", "x.wasm"], "--wasm-stack-max: \"big\" is not a SIZE"),
        (&["--wasm-wasi", "--wasm-random=seed:xyz", "x.wasm"], "--wasm-random: \"xyz\""),
        (&["--wasm-wasi", "--wasm-map-dir=/tmp", "x.wasm"], "--wasm-map-dir: \"/tmp\" is not HOST=GUEST[:ro|rw]"),
        (&["--wasm-wasi", "--wasm-map-dir=/tmp=/a", "--wasm-map-dir=/var=/a", "x.wasm"], "guest path /a is mounted twice"),
        (&["--wasm-wasi", "--wasm-env=none", "--wasm-env-pass=HOME", "x.wasm"], "--wasm-env: none contradicts"),
        (&["--wasm-stdio=inherit", "x.wasm"], "--wasm-stdio: grants a WASI resource, but WASI imports are not enabled; add --wasm-wasi"),
        (&["--wasm-frob=1", "x.wasm"], "unknown option --wasm-frob"),
        (&["a.c", "b.wasm"], "sandboxed wasm run does not support mixed native inputs"),
        (&["a.c", "--script", "s"], "--script FILE must be the only input"),
        (&["-Wall", "x.c"], "-Wall is not supported: kit gives gcc's default warnings"),
        (&["-pedantic-errors", "x.c"], "-pedantic-errors is not supported: kit does not diagnose GNU extensions"),
        (&["-march=native", "x.c"], "-march=native is not supported: kit compiles for the x86-64 baseline"),
        (&["-Wl,-O1", "x.c"], "-Wl,-O1 is not supported: kit links in memory"),
        (&["-fcommon", "x.c"], "-fcommon is not supported: kit defines a tentative definition in its unit"),
        (&["-ffast-math", "x.c"], "-ffast-math is not supported: kit does not support this code-generation option"),
        (&["-funsigned-char", "x.c"], "-funsigned-char is not supported: kit does not support this code-generation option"),
    ];
    for (args, message) in cases {
        let mut argv = vec!["run"];
        argv.extend_from_slice(args);
        let run = kit(&argv);
        run.expect_code(2)
            .expect_stderr_contains("kit run: ")
            .expect_stderr_contains(message)
            .expect_no_panic();
    }
}

#[test]
fn wasm_flags_need_a_wasm_input() {
    kit(&["run", "--wasm-memory-max=1G", "x.c"])
        .expect_code(1)
        .expect_stderr_contains("kit run: wasm sandbox flags require a wasm input");
}

#[test]
fn c_flags_need_a_c_input() {
    kit(&["run", "-DX=1", "-Iinc", &wasm("exit_status.wat")])
        .expect_code(1)
        .expect_stderr_contains(
            "C compiler flags require a C input (-D -I given with only wasm inputs)",
        );
}

#[test]
fn metrics_tree_format() {
    let run = kit(&["run", "--metrics", &wasm("exit_status.wat")]);
    run.expect_code(7);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines[0], "kit metrics:");
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("run.total ") && last.ends_with(" ms"),
        "{last}"
    );
    for scope in ["run.compile_and_jit", "run.jit_lookup", "run.entry_call"] {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("  {scope} ")))
            .unwrap_or_else(|| panic!("no {scope} at depth 1 in {lines:?}"));
        let ms = line
            .trim()
            .trim_start_matches(scope)
            .trim()
            .trim_end_matches(" ms");
        let (whole, frac) = ms.split_once('.').expect("decimal point");
        assert!(whole.parse::<u64>().is_ok() && frac.len() == 3, "{line}");
    }
    assert!(
        lines.iter().any(|l| l.starts_with("    wasm.load ")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("    wasm.instantiate ")),
        "{lines:?}"
    );
    // Inner scopes print before the scope that contains them.
    let pos = |s: &str| {
        lines
            .iter()
            .position(|l| l.trim_start().starts_with(s))
            .unwrap()
    };
    assert!(pos("wasm.instantiate") < pos("run.compile_and_jit"));
    kit(&["run", "--time", &wasm("exit_status.wat")]).expect_stderr_contains("kit metrics:");
}

#[test]
fn bench_time_format() {
    let run = kit(&["run", "--bench-time", &wasm("exit_status.wat")]);
    run.expect_code(7);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines[0].starts_with("kit-run compile_and_jit -- "),
        "{lines:?}"
    );
    assert!(lines[1].starts_with("kit-run execution -- "), "{lines:?}");
    assert!(lines[2].starts_with("kit-run total -- "), "{lines:?}");
    assert!(lines
        .iter()
        .any(|l| l.starts_with("kit-run run.entry_call -- ")));
    for line in lines {
        assert!(
            line.starts_with("kit-run ") && line.ends_with(" msec"),
            "{line}"
        );
    }
}

#[test]
fn metrics_print_even_when_the_run_fails() {
    kit(&["run", "--metrics", &wasm("host_add.wat")])
        .expect_code(1)
        .expect_stderr_contains("kit metrics:")
        .expect_stderr_contains("run.total ");
}

#[test]
fn native_inputs_reach_the_native_lane() {
    let dir = common::scratch("native_lane_smoke");
    let source = dir.join("hello.c");
    std::fs::write(&source, "#include <stdio.h>\nint main(int argc, char **argv) { printf(\"%s %d\\n\", argv[1], argc); return 7; }\n").unwrap();
    kit(&["run", "-lc", source.to_str().unwrap(), "--", "hi"])
        .expect_code(7)
        .expect_stdout("hi 2\n");
}
