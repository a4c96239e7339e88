//! The WASI policy flags through the real binary: stdio, args, env,
//! clocks, random, sleeping, exit codes and setup errors. Expected program
//! output comes from running the same C source natively (gcc), and errno
//! numbers from the WASI spec.

mod common;
mod wasi_support;

use common::{kit, kit_with, run_command, scratch};

// errno values of wasi_snapshot_preview1.witx.
const NOTCAPABLE: &str = "errno 76";

fn module(name: &str) -> String {
    wasi_support::wasm(name).to_str().unwrap().to_owned()
}

/// The same program run natively with `args` and `stdin`, as a reference.
fn native(name: &str, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> common::Run {
    let mut command = std::process::Command::new(wasi_support::native(name));
    command.args(args).env_clear().envs(env.iter().copied());
    run_command(command, stdin)
}

#[test]
fn stdio_null_discards_output_and_says_so() {
    let m = module("stdio_args_env");
    let run = kit_with(&["run", "--wasm-wasi", &m], "ignored input\n", &[]);
    run.expect_code(1).expect_stdout("");
    assert_eq!(
        run.stderr,
        "kit run: note: the module's output was discarded (--wasm-stdio=null is the default); add --wasm-stdio=inherit to see it\n"
    );
}

#[test]
fn stdio_inherit_args_and_allowlisted_env_match_a_native_run() {
    let m = module("stdio_args_env");
    let env = [("KIT_A", "alpha"), ("KIT_B", "beta")];
    let run = kit_with(
        &[
            "run",
            "--wasm-wasi",
            "--wasm-stdio=inherit",
            "--wasm-env-pass=KIT_A",
            "--wasm-env-set=KIT_C=gamma",
            &m,
            "--",
            "KIT_A",
            "KIT_B",
            "KIT_C",
        ],
        "line one\nline two\n",
        &env,
    );
    let reference = native(
        "stdio_args_env",
        &["KIT_A", "KIT_B", "KIT_C"],
        "line one\nline two\n",
        &[("KIT_A", "alpha"), ("KIT_C", "gamma")],
    );
    run.expect_code(reference.code)
        .expect_stderr_contains("to stderr");
    // argv[0] differs (the module path vs the native binary): compare the rest.
    let strip = |s: &str| s.lines().skip(1).map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(strip(&run.stdout), strip(&reference.stdout));
    assert_eq!(run.stdout.lines().next(), Some("argc=4"));
}

#[test]
fn argv0_is_the_module_path_as_given() {
    let dir = scratch("wasi_argv0");
    let copy = dir.join("tool.wasm");
    std::fs::copy(module("stdio_args_env"), &copy).unwrap();
    let source = wasi_support::native("stdio_args_env");
    let _ = source;
    let run = kit(&[
        "run",
        "--wasm-wasi",
        "--wasm-stdio=inherit",
        copy.to_str().unwrap(),
    ]);
    run.expect_code(1).expect_stdout("argc=1\n");
}

#[test]
fn env_none_inherit_and_allowlist() {
    let m = module("stdio_args_env");
    let env = [("KIT_A", "alpha")];
    let run = |flags: &[&str]| {
        let mut args = vec!["run", "--wasm-wasi", "--wasm-stdio=inherit"];
        args.extend_from_slice(flags);
        args.extend_from_slice(&[m.as_str(), "--", "KIT_A"]);
        kit_with(&args, "", &env).stdout
    };
    assert_eq!(run(&[]), "argc=2\narg KIT_A env (unset)\n");
    assert_eq!(run(&["--wasm-env=none"]), "argc=2\narg KIT_A env (unset)\n");
    assert_eq!(
        run(&["--wasm-env=inherit"]),
        "argc=2\narg KIT_A env alpha\n"
    );
    assert_eq!(
        run(&["--wasm-env=allowlist"]),
        "argc=2\narg KIT_A env (unset)\n"
    );
    assert_eq!(
        run(&["--wasm-env=allowlist", "--wasm-env-pass=KIT_A"]),
        "argc=2\narg KIT_A env alpha\n"
    );
    assert_eq!(
        run(&["--wasm-env=inherit", "--wasm-env-set=KIT_A=over"]),
        "argc=2\narg KIT_A env over\n"
    );
}

fn clock_random(flags: &[&str]) -> String {
    let m = module("clock_random");
    let mut args = vec!["run", "--wasm-wasi", "--wasm-stdio=inherit"];
    args.extend_from_slice(flags);
    args.push(&m);
    let run = kit(&args);
    run.expect_code(0);
    run.stdout
}

#[test]
fn clocks_are_granted_only_as_the_flag_says() {
    let none = clock_random(&[]);
    assert!(
        none.contains(&format!("realtime: {NOTCAPABLE}\n")),
        "{none}"
    );
    assert!(
        none.contains(&format!("monotonic: {NOTCAPABLE}\n")),
        "{none}"
    );
    let mono = clock_random(&["--wasm-clock=monotonic"]);
    assert!(
        mono.contains(&format!("realtime: {NOTCAPABLE}\n")),
        "{mono}"
    );
    assert!(mono.contains("monotonic: ok\n"), "{mono}");
    let real = clock_random(&["--wasm-clock=realtime"]);
    assert!(real.contains("realtime: ok\nmonotonic: ok\n"), "{real}");
}

#[test]
fn random_none_host_and_seeded() {
    assert!(clock_random(&[]).contains(&format!("random: {NOTCAPABLE}")));
    let host_a = clock_random(&["--wasm-random=host"]);
    let host_b = clock_random(&["--wasm-random=host"]);
    assert!(
        host_a.contains("random: ") && host_a != host_b,
        "{host_a}{host_b}"
    );
    let seeded = clock_random(&["--wasm-random=seed:00ff"]);
    assert_eq!(seeded, clock_random(&["--wasm-random=seed:00ff"]));
    assert_ne!(seeded, clock_random(&["--wasm-random=seed:00fe"]));
}

#[test]
fn sleeping_needs_and_honours_the_clock() {
    let m = module("sleep");
    kit(&[
        "run",
        "--wasm-wasi",
        "--wasm-stdio=inherit",
        "--wasm-clock=monotonic",
        &m,
    ])
    .expect_code(0)
    .expect_stdout("slept at least 50 ms: yes\n");
    kit(&[
        "run",
        "--wasm-wasi",
        "--wasm-stdio=inherit",
        "--wasm-clock=realtime",
        &m,
    ])
    .expect_code(0)
    .expect_stdout("slept at least 50 ms: yes\n");
    // Without a clock the subscription is refused; wasi-libc's nanosleep
    // reports any poll_oneoff failure as ENOTSUP (58).
    kit(&["run", "--wasm-wasi", "--wasm-stdio=inherit", &m])
        .expect_code(1)
        .expect_stdout("nanosleep: errno 58\n");
}

#[test]
fn proc_exit_sets_the_exit_status() {
    let m = module("exit_code");
    for code in ["0", "3", "77"] {
        kit(&["run", "--wasm-wasi", &m, "--", code]).expect_code(code.parse().unwrap());
    }
}

#[test]
fn missing_host_paths_are_exit_1() {
    let m = module("exit_code");
    kit(&[
        "run",
        "--wasm-wasi",
        "--wasm-map-dir=/no/such/dir=/data",
        &m,
    ])
    .expect_code(1)
    .expect_stderr_contains(
        "kit run: --wasm-map-dir=/no/such/dir=/data: cannot use host path /no/such/dir",
    );
    kit(&["run", "--wasm-wasi", "--wasm-map-file=/no/such/file=/f", &m])
        .expect_code(1)
        .expect_stderr_contains("--wasm-map-file=/no/such/file=/f: cannot use host path");
    let dir = scratch("wasi_kind_mismatch");
    let file = dir.join("f.txt");
    std::fs::write(&file, "x").unwrap();
    kit(&[
        "run",
        "--wasm-wasi",
        &format!("--wasm-map-dir={}=/d", file.display()),
        &m,
    ])
    .expect_code(1)
    .expect_stderr_contains("the host path is not a directory; use --wasm-map-file");
    kit(&[
        "run",
        "--wasm-wasi",
        &format!("--wasm-map-file={}=/d", dir.display()),
        &m,
    ])
    .expect_code(1)
    .expect_stderr_contains("the host path is not a regular file; use --wasm-map-dir");
}

#[test]
fn a_cwd_missing_inside_its_mount_is_exit_1() {
    let dir = scratch("wasi_cwd_missing");
    let m = module("exit_code");
    kit(&[
        "run",
        "--wasm-wasi",
        &format!("--wasm-map-dir={}=/data", dir.display()),
        "--wasm-cwd=/data/nope",
        &m,
    ])
    .expect_code(1)
    .expect_stderr_contains("--wasm-cwd=/data/nope: cannot open that directory in its mount");
}

#[test]
fn single_calls_return_the_spec_errno() {
    let m = common::fixture("wasi/errno_calls.wat")
        .display()
        .to_string();
    // (entry, extra flags, errno from wasi_snapshot_preview1.witx)
    let cases: &[(&str, &[&str], i32)] = &[
        ("random_fault", &["--wasm-random=host"], 21),
        ("write_badf", &[], 8),
        ("poll_clock", &[], 76),
        ("poll_clock", &["--wasm-clock=monotonic"], 0),
        ("prestat_badf", &[], 8),
        ("args_fault", &[], 21),
        ("realtime", &["--wasm-clock=monotonic"], 76),
        ("realtime", &["--wasm-clock=realtime"], 0),
        ("sock_accept", &[], 58),
    ];
    for (entry, flags, errno) in cases {
        let mut args = vec!["run", "--wasm-wasi", "-e", entry];
        args.extend_from_slice(flags);
        args.push(&m);
        kit(&args).expect_code(*errno).expect_no_panic();
    }
}

#[test]
fn proc_exit_from_the_start_function_sets_the_status() {
    let m = common::fixture("wasi/start_exit.wat").display().to_string();
    kit(&["run", "--wasm-wasi", &m])
        .expect_code(5)
        .expect_stderr_contains("")
        .expect_no_panic();
}

#[test]
fn wasi_calls_without_an_exported_memory_trap_clearly() {
    let m = common::fixture("wasi/no_memory.wat").display().to_string();
    kit(&["run", "--wasm-wasi", "--wasm-random=host", &m])
        .expect_code(134)
        .expect_stderr_contains("the module calls WASI but exports no memory named \"memory\"")
        .expect_no_panic();
}
