//! A real C library through the native lane: LZ4 (the `lz4-sys` crate's
//! C sources) compiled by kit with a driver of ours, compared with the
//! same sources built by gcc -O2.

mod common;

use common::{dependency_dir, fixture, gcc_reference, runs_as_at_both_levels, scratch};

#[test]
fn lz4_compresses_and_hashes_exactly_as_gcc_built_lz4() {
    let lib = dependency_dir("lz4-sys").join("liblz4/lib");
    let sources: Vec<String> = ["lz4.c", "lz4hc.c", "lz4frame.c", "xxhash.c"]
        .iter()
        .map(|f| lib.join(f).display().to_string())
        .collect();
    let main = fixture("native/lz4_main.c").display().to_string();
    let include = lib.display().to_string();
    let exe = scratch("native_lz4").join("reference");
    let mut program = vec!["-I", &include, &main];
    program.extend(sources.iter().map(String::as_str));
    let reference = gcc_reference(&exe, &[&["-O2"], &program[..]].concat(), &[]);
    assert!(reference.stdout.contains("frame "), "{}", reference.stdout);
    runs_as_at_both_levels(&[&["-lc"], &program[..]].concat(), &reference);
}
