//! A real program through the native lane: the Lua 5.4 interpreter, from
//! the `lua-src` crate's C sources, compiled and linked by kit with a
//! small host of ours (fixtures/native/lua_main.c), running Lua scripts.
//! Debian's `lua5.4` running the same scripts is the reference.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    dependency_dir, fixture, gcc_reference, kit, run_command, runs_as_at_both_levels, scratch,
};

/// The source directory of Lua `version` (`5.4`) inside the `lua-src`
/// dev-dependency.
fn lua_sources(version: &str) -> PathBuf {
    std::fs::read_dir(dependency_dir("lua-src"))
        .expect("lua-src directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("lua-{version}.")))
        })
        .unwrap_or_else(|| panic!("lua-src ships Lua {version}"))
}

/// Every library source of the Lua in `sources`: not the standalone
/// `lua.c`/`luac.c`, nor the amalgamation `onelua.c`.
fn library_files(sources: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(sources)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .filter(|p| {
            !["lua.c", "luac.c", "onelua.c"]
                .iter()
                .any(|f| p.ends_with(f))
        })
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

/// The arguments that build and run the interpreter on `script`: the
/// library sources, and our host.
fn lua_command(level: &str, script: &str, args: &[&str]) -> Vec<String> {
    let sources = lua_sources("5.4");
    let files = library_files(&sources);
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

#[test]
fn every_other_lua_version_runs_a_script_as_its_gcc_build() {
    // lua-src ships Lua 5.1, 5.2, 5.3 and 5.5 too: older C (5.1 is
    // C89), and 5.5's newer collector and VM.
    let script = fixture("lua/versions.lua").display().to_string();
    let host = fixture("native/lua_host_any.c").display().to_string();
    for version in ["5.1", "5.2", "5.3", "5.5"] {
        let sources = lua_sources(version);
        let include = sources.display().to_string();
        let files = library_files(&sources);
        let mut program = vec!["-w", "-DLUA_USE_POSIX", "-I", &include, &host];
        program.extend(files.iter().map(String::as_str));
        let exe = scratch("native_lua_versions").join(format!("lua{version}"));
        let build = [&["-O0"][..], &program, &["-lm"]].concat();
        let reference = gcc_reference(&exe, &build, &[&script]);
        assert!(
            reference.stdout.ends_with("done 42\n"),
            "Lua {version}: {}",
            reference.stdout
        );
        let args = [&["-lc"][..], &program, &["-lm", "--", &script]].concat();
        runs_as_at_both_levels(&args, &reference);
    }
}
