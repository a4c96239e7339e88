//! A real program through the native lane: the Lua 5.4 interpreter, from
//! the `lua-src` crate's C sources, compiled and linked by kit with a
//! small host of ours (fixtures/native/lua_main.c), running Lua scripts.
//! Debian's `lua5.4` running the same scripts is the reference.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{dependency_dir, fixture, kit, run_command};

/// The Lua 5.4 source directory inside the `lua-src` dev-dependency.
fn lua_sources() -> PathBuf {
    std::fs::read_dir(dependency_dir("lua-src"))
        .expect("lua-src directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("lua-5.4"))
        })
        .expect("lua-src ships Lua 5.4")
}

/// The arguments that build and run the interpreter on `script`: every
/// library source but the standalone `lua.c`/`luac.c`, and our host.
fn lua_command(level: &str, script: &str, args: &[&str]) -> Vec<String> {
    let sources = lua_sources();
    let mut files: Vec<String> = std::fs::read_dir(&sources)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .filter(|p| !p.ends_with("lua.c") && !p.ends_with("luac.c"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    let mut command = vec![
        "run".to_owned(),
        "-lc".to_owned(),
        level.to_owned(),
        // Lua's defaults otherwise: its interpreter loop dispatches
        // through a table of label addresses (computed goto).
        "-DLUA_USE_POSIX".to_owned(),
        "-I".to_owned(),
        sources.display().to_string(),
        fixture("native/lua_main.c").display().to_string(),
    ];
    command.extend(files);
    command.push("--".to_owned());
    command.push(script.to_owned());
    command.extend(args.iter().map(|a| a.to_string()));
    command
}

fn reference_lua(script: &str, args: &[&str]) -> common::Run {
    let mut command = Command::new("lua5.4");
    command.arg(script).args(args);
    run_command(command, "")
}

#[test]
fn lua_runs_a_feature_script_like_debians_lua() {
    let script = fixture("lua/features.lua").display().to_string();
    let reference = reference_lua(&script, &["one", "two"]);
    assert_eq!(reference.code, 0, "lua5.4 is installed by bash .ci/run");
    for level in ["-O0", "-O2"] {
        let args = lua_command(level, &script, &["one", "two"]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        kit(&args).expect_code(0).expect_stdout(&reference.stdout);
    }
}

#[test]
fn an_uncaught_lua_error_unwinds_through_longjmp_and_exits_1() {
    let script = fixture("lua/error.lua").display().to_string();
    let reference = reference_lua(&script, &[]);
    let args = lua_command("-O2", &script, &[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = kit(&args);
    run.expect_code(reference.code)
        .expect_stdout(&reference.stdout);
    assert!(
        run.stderr.contains("error.lua:2: something broke"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("in local 'outer'"), "{}", run.stderr);
}
