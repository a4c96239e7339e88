//! A real C library through the native lane: zlib (the `libz-sys` crate's
//! bundled sources) compiled by kit with a driver of ours (deflate at every
//! level and strategy, inflate, checksums, a gzip file round trip),
//! compared with the same sources built by gcc -O2.

mod common;

use std::process::Command;

use common::{dependency_dir, fixture, run_command, runs_as_at_both_levels, scratch};

#[test]
fn zlib_deflates_inflates_and_gzips_exactly_as_gcc_built_zlib() {
    let lib = dependency_dir("libz-sys").join("src/zlib");
    let mut sources: Vec<String> = std::fs::read_dir(&lib)
        .expect("zlib sources")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "c"))
        .map(|path| path.display().to_string())
        .collect();
    sources.sort();
    assert!(sources.len() >= 15, "{sources:?}");
    let main = fixture("native/zlib_main.c").display().to_string();
    let include = lib.display().to_string();
    let dir = scratch("native_zlib");
    let exe = dir.join("reference");
    let mut gcc = Command::new("gcc");
    gcc.args(["-O2", "-DHAVE_UNISTD_H", "-I", &include, &main])
        .args(&sources)
        .args(["-o", exe.to_str().unwrap()]);
    assert!(gcc.status().expect("gcc runs").success(), "gcc builds zlib");
    let gz = dir.join("test.gz").display().to_string();
    let mut reference_run = Command::new(&exe);
    reference_run.arg(&gz);
    let reference = run_command(reference_run, "");
    assert!(
        reference.stdout.contains("gz line 0"),
        "{}",
        reference.stdout
    );
    let mut args = vec!["-lc", "-DHAVE_UNISTD_H", "-I", &include, &main];
    args.extend(sources.iter().map(String::as_str));
    args.extend(["--", &gz]);
    runs_as_at_both_levels(&args, &reference);
}
