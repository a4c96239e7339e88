//! A real C library with inline assembly through the native lane: zstd
//! (the `zstd-sys` crate's sources; `cpuid` and `cmova` in asm, heavy GNU
//! C) compiled by kit with a driver of ours (one-shot at five levels and
//! streaming), compared with the same sources built by gcc -O2.

mod common;

use common::{dependency_dir, fixture, gcc_reference, runs_as_at_both_levels, scratch};

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
    let mut program = vec!["-DZSTD_DISABLE_ASM", "-I", &include, &main];
    program.extend(sources.iter().map(String::as_str));
    let exe = scratch("native_zstd").join("reference");
    let build = [&["-O2"][..], &program, &["-lpthread"]].concat();
    let reference = gcc_reference(&exe, &build, &[]);
    assert!(
        reference.stdout.contains("level 19: 300000 -> "),
        "{}",
        reference.stdout
    );
    runs_as_at_both_levels(&[&["-lc"][..], &program].concat(), &reference);
}
