//! A real C library with inline assembly through the native lane:
//! mimalloc (the `libmimalloc-sys` crate's sources; `pause` and
//! `%fs`-relative loads in asm, atomics, thread-locals its atexit handler
//! still uses) compiled by kit with a driver of ours, compared with the
//! same sources built by gcc -O2.

mod common;

use common::{dependency_dir, fixture, gcc_reference, runs_as_at_both_levels, scratch};

#[test]
fn mimalloc_allocates_across_threads_as_gcc_built_mimalloc() {
    let lib = dependency_dir("libmimalloc-sys").join("c_src/mimalloc/v2");
    let source = lib.join("src/static.c").display().to_string();
    let include = lib.join("include").display().to_string();
    let main = fixture("native/mimalloc_main.c").display().to_string();
    let exe = scratch("native_mimalloc").join("reference");
    let build = ["-O2", "-I", &include, &source, &main, "-lpthread"];
    let reference = gcc_reference(&exe, &build, &[]);
    assert!(
        reference.stdout.starts_with("hello from mimalloc 1 0 1 "),
        "{}",
        reference.stdout
    );
    // No panic at exit: its atexit handler uses its thread-locals.
    runs_as_at_both_levels(&["-lc", "-I", &include, &source, &main], &reference);
}
