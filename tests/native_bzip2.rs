//! A real command-line program through the native lane: bzip2 1.0.8 (the
//! `bzip2-sys` crate's sources, `bzip2.c` and the library) compiled by kit
//! and run with arguments. It decompresses bzip2's own sample files to
//! their reference outputs and compresses exactly as its gcc build does.

mod common;

use std::process::Command;

use common::{dependency_dir, run_command, scratch};

const SOURCES: [&str; 8] = [
    "blocksort.c",
    "huffman.c",
    "crctable.c",
    "randtable.c",
    "compress.c",
    "decompress.c",
    "bzlib.c",
    "bzip2.c",
];

/// The md5 of what `script` writes (bzip2's output is binary; the test
/// helpers carry text).
fn digest(script: &str) -> String {
    let mut command = Command::new("sh");
    command.arg("-c").arg(format!("{script} | md5sum"));
    let run = run_command(command, "");
    assert_eq!(run.code, 0, "{script}: {}", run.stderr);
    run.stdout
}

#[test]
fn bzip2_decompresses_its_samples_and_compresses_as_gcc_built_bzip2() {
    let dir = dependency_dir("bzip2-sys").join("bzip2-1.0.8");
    let path = |name: &str| dir.join(name).display().to_string();
    let sources: Vec<String> = SOURCES.iter().map(|f| path(f)).collect();
    let kit_bzip2 = |level: &str| {
        format!(
            "{} run {level} -lc {} --",
            env!("CARGO_BIN_EXE_kit"),
            sources.join(" ")
        )
    };
    // bzip2's own golden files: sampleN.bz2 decompresses to sampleN.ref.
    for (sample, level) in [("sample1", "-O0"), ("sample2", "-O2"), ("sample3", "-O2")] {
        let expected = digest(&format!("cat {}", path(&format!("{sample}.ref"))));
        let ours = digest(&format!(
            "{} -dc {}",
            kit_bzip2(level),
            path(&format!("{sample}.bz2"))
        ));
        assert_eq!(ours, expected, "{sample} at {level}");
    }
    // Compressing: the same bytes as gcc's build of the same sources.
    let exe = scratch("native_bzip2").join("reference");
    let mut gcc = Command::new("gcc");
    gcc.args(["-O2", "-w"])
        .args(&sources)
        .args(["-o", exe.to_str().unwrap()]);
    assert!(
        gcc.status().expect("gcc runs").success(),
        "gcc builds bzip2"
    );
    let input = path("sample1.ref");
    let reference = digest(&format!("{} -c -9 {input}", exe.display()));
    let ours = digest(&format!("{} -c -9 {input}", kit_bzip2("-O2")));
    assert_eq!(ours, reference);
}
