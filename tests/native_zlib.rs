//! A real C library through the native lane: zlib (the `libz-sys` crate's
//! bundled sources) compiled by kit with a driver of ours (deflate at every
//! level and strategy, inflate, checksums, a gzip file round trip),
//! compared with the same sources built by gcc -O2.

mod common;

use common::{dependency_dir, fixture, gcc_reference, runs_as_at_both_levels, scratch};

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
    let mut program = vec!["-DHAVE_UNISTD_H", "-I", &include, &main];
    program.extend(sources.iter().map(String::as_str));
    let gz = dir.join("test.gz").display().to_string();
    let reference = gcc_reference(&exe, &[&["-O2"][..], &program].concat(), &[&gz]);
    assert!(
        reference.stdout.contains("gz line 0"),
        "{}",
        reference.stdout
    );
    let args = [&["-lc"][..], &program, &["--", &gz]].concat();
    runs_as_at_both_levels(&args, &reference);
}
