//! A real C library through the native lane: liblzma (the `lzma-sys`
//! crate's xz sources and config.h) compiled by kit with a driver of ours
//! (three presets, CRC64 and SHA-256 checks, decoding), compared with the
//! same sources built by gcc -O2.

mod common;

use common::{dependency_dir, fixture, gcc_reference, runs_as_at_both_levels, scratch};

/// The crate builds every file of these directories but the table
/// generators and the small CRC variants; the threaded encoder is left
/// out here, as the driver does not use it.
const DIRS: &[&str] = &[
    "common",
    "lzma",
    "lz",
    "check",
    "delta",
    "rangecoder",
    "simple",
];
const SKIPPED: &[&str] = &[
    "tablegen",
    "crc32_small",
    "crc64_small",
    "stream_encoder_mt",
    "outqueue",
];

#[test]
fn liblzma_compresses_and_decodes_exactly_as_gcc_built_liblzma() {
    let crate_dir = dependency_dir("lzma-sys");
    let src = crate_dir.join("xz-5.2/src");
    let mut sources: Vec<String> = DIRS
        .iter()
        .flat_map(|dir| std::fs::read_dir(src.join("liblzma").join(dir)).expect("liblzma sources"))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "c"))
        .map(|path| path.display().to_string())
        .filter(|path| !SKIPPED.iter().any(|skip| path.contains(skip)))
        .collect();
    for tuklib in ["tuklib_cpucores.c", "tuklib_physmem.c"] {
        sources.push(src.join("common").join(tuklib).display().to_string());
    }
    sources.sort();
    assert!(sources.len() >= 60, "{sources:?}");
    let mut flags = vec!["-DHAVE_CONFIG_H=1".to_owned()];
    for dir in DIRS
        .iter()
        .map(|d| format!("liblzma/{d}"))
        .chain(["liblzma/api".into(), "common".into()])
    {
        flags.extend(["-I".to_owned(), src.join(dir).display().to_string()]);
    }
    flags.extend(["-I".to_owned(), crate_dir.display().to_string()]);
    let main = fixture("native/xz_main.c").display().to_string();
    let mut program: Vec<&str> = flags.iter().map(String::as_str).collect();
    program.push(&main);
    program.extend(sources.iter().map(String::as_str));
    let exe = scratch("native_lzma").join("reference");
    let build = [&["-O2"][..], &program, &["-lpthread"]].concat();
    let reference = gcc_reference(&exe, &build, &[]);
    assert!(
        reference.stdout.contains("preset 9 check 10: 0 "),
        "{}",
        reference.stdout
    );
    runs_as_at_both_levels(&[&["-lc"][..], &program].concat(), &reference);
}
