//! The largest real C program in the tests: SQLite's amalgamation (the
//! `libsqlite3-sys` crate's bundled sqlite3.c, about 260,000 lines) with a
//! driver of ours, compiled by kit at -O0 and -O2 and compared with the same
//! sources built by gcc.

mod common;

use common::{dependency_dir, fixture, gcc_reference, runs_as_at_both_levels, scratch};

#[test]
fn sqlite_runs_queries_exactly_as_gcc_built_sqlite() {
    let dir = dependency_dir("libsqlite3-sys").join("sqlite3");
    let amalgamation = dir.join("sqlite3.c").display().to_string();
    let main = fixture("native/sqlite_main.c").display().to_string();
    let include = dir.display().to_string();
    let exe = scratch("native_sqlite").join("reference");
    let build = [
        "-O0",
        "-I",
        &include,
        &main,
        &amalgamation,
        "-lm",
        "-lpthread",
    ];
    let reference = gcc_reference(&exe, &build, &[]);
    assert!(
        reference.stdout.contains("count(*)=1000"),
        "{}",
        reference.stdout
    );
    runs_as_at_both_levels(
        &["-lc", "-I", &include, &main, &amalgamation, "-lm"],
        &reference,
    );
}
