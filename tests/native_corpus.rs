//! The C corpus (fixtures/c/, one program per feature area) through the
//! real binary: `kit run -O0` and `-O2` against the same program built by
//! `gcc -O0`, stdout and exit status. native/tests/c_corpus.rs runs the
//! same programs through the compiler alone (gcc's preprocessor and
//! linker); this one adds kit's preprocessor, in-memory linker and
//! runtime.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{fixture, kit, run_command, scratch};

#[test]
fn every_corpus_program_runs_through_kit_as_under_gcc() {
    let dir = scratch("native_corpus");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(fixture("c"))
        .expect("fixtures/c")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .collect();
    sources.sort();
    assert!(sources.len() > 60, "the corpus is there");
    // Two workers: the programs are independent.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = sources
            .chunks(sources.len().div_ceil(2))
            .map(|chunk| {
                scope.spawn(|| {
                    chunk
                        .iter()
                        .flat_map(|s| check(s, &dir))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a worker"))
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The differences between kit's runs of `source` and gcc's.
fn check(source: &PathBuf, dir: &std::path::Path) -> Vec<String> {
    let name = source.file_stem().unwrap().to_string_lossy().into_owned();
    let exe = dir.join(&name);
    let built = Command::new("gcc")
        .args(["-O0", "-w"])
        .arg(source)
        .arg("-o")
        .arg(&exe)
        .arg("-lm")
        .output()
        .expect("run gcc");
    assert!(built.status.success(), "gcc builds {name}: {built:?}");
    let reference = run_command(Command::new(&exe), "");
    let source = source.display().to_string();
    ["-O0", "-O2"]
        .into_iter()
        .filter_map(|level| {
            let run = kit(&["run", level, "-lc", "-lm", &source]);
            (run.code != reference.code || run.stdout != reference.stdout).then(|| {
                format!(
                    "{name} at {level}: status {} (gcc {}), stderr {}\n--- gcc\n{}\n--- kit\n{}",
                    run.code, reference.code, run.stderr, reference.stdout, run.stdout
                )
            })
        })
        .collect()
}
