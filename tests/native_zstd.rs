//! A real C library with inline assembly through the native lane: zstd
//! (the `zstd-sys` crate's sources; `cpuid` and `cmova` in asm, heavy GNU
//! C) compiled by kit with a driver of ours (one-shot at five levels and
//! streaming), compared with the same sources built by gcc -O2.

mod common;

use std::process::Command;

use common::{dependency_dir, fixture, run_command, runs_as_at_both_levels, scratch};

#[test]
fn zstd_compresses_and_decompresses_exactly_as_gcc_built_zstd() {
    let lib = dependency_dir("zstd-sys").join("zstd/lib");
    let mut sources: Vec<String> = ["common", "compress", "decompress"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(lib.join(dir)).expect("zstd sources"))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "c"))
        .map(|path| path.display().to_string())
        .collect();
    sources.sort();
    assert!(sources.len() >= 20, "{sources:?}");
    let main = fixture("native/zstd_main.c").display().to_string();
    let include = lib.display().to_string();
    // The hand-written decoder loop (a .S file) is left out, as without
    // an assembler build.
    let flags = ["-DZSTD_DISABLE_ASM", "-I", &include];
    let exe = scratch("native_zstd").join("reference");
    let mut gcc = Command::new("gcc");
    gcc.arg("-O2").args(flags).arg(&main).args(&sources).args([
        "-o",
        exe.to_str().unwrap(),
        "-lpthread",
    ]);
    assert!(gcc.status().expect("gcc runs").success(), "gcc builds zstd");
    let reference = run_command(Command::new(&exe), "");
    assert!(
        reference.stdout.contains("level 19: 300000 -> "),
        "{}",
        reference.stdout
    );
    let mut args = vec!["-lc"];
    args.extend(flags);
    args.push(&main);
    args.extend(sources.iter().map(String::as_str));
    runs_as_at_both_levels(&args, &reference);
}
