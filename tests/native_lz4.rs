//! A real C library through the native lane: LZ4 (the `lz4-sys` crate's
//! C sources) compiled by kit with a driver of ours, compared with the
//! same sources built by gcc -O2.

mod common;

use std::process::Command;

use common::{dependency_dir, fixture, run_command, runs_as_at_both_levels, scratch};

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
    let mut gcc = Command::new("gcc");
    gcc.args(["-O2", "-I", &include, &main])
        .args(&sources)
        .args(["-o", exe.to_str().unwrap()]);
    assert!(gcc.status().expect("gcc runs").success(), "gcc builds lz4");
    let reference = run_command(Command::new(&exe), "");
    assert!(reference.stdout.contains("frame "), "{}", reference.stdout);
    let mut args = vec!["-lc", "-I", &include, &main];
    args.extend(sources.iter().map(String::as_str));
    runs_as_at_both_levels(&args, &reference);
}
