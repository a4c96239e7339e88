//! The C corpus: every program in fixtures/c/ is preprocessed with `gcc -E`,
//! compiled by kit's C compiler (`native::cc::compile`) at -O0 and -O2,
//! linked with gcc into an executable, run, and compared (stdout and exit
//! status) with the same program built by `gcc -O0`. gcc is the reference:
//! nothing here is a golden file written from kit's output.
//!
//! This exercises the compiler alone, independent of kit's preprocessor and
//! in-memory linker; tests/native_corpus.rs runs the same programs through
//! the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use native::cc::{compile, CompileOptions};
use native::OptLevel;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/c")
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kit-c-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// (exit status, stdout) of an executable.
fn run(exe: &Path) -> (Option<i32>, String) {
    let out = Command::new(exe).output().expect("run the program");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn gcc(args: &[&str]) -> Result<(), String> {
    let out = Command::new("gcc")
        .args(args)
        .output()
        .map_err(|e| format!("gcc: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "gcc {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Compiles one fixture with kit at `level` and returns the program's result.
fn kit_build(
    source: &Path,
    pre: &str,
    level: OptLevel,
    dir: &Path,
) -> Result<(Option<i32>, String), String> {
    let name = source.file_stem().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(source).map_err(|e| e.to_string())?;
    let options = CompileOptions {
        opt_level: level,
        debug_info: false,
        warnings: Default::default(),
        max_errors: None,
        gnu89_inline: false,
        no_builtin: Default::default(),
    };
    let display = source.display().to_string();
    let sources = vec![(display.clone(), text)];
    let unit = compile(
        &display,
        pre,
        &sources,
        &options,
        &metrics::Metrics::disabled(),
    )
    .map_err(|diags| {
        diags
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let object = dir.join(format!("{name}-{level:?}.o"));
    std::fs::write(&object, &unit.object).map_err(|e| e.to_string())?;
    let exe = dir.join(format!("{name}-{level:?}"));
    gcc(&[
        "-no-pie",
        object.to_str().unwrap(),
        "-o",
        exe.to_str().unwrap(),
        "-lm",
    ])?;
    Ok(run(&exe))
}

#[test]
fn corpus_matches_gcc() {
    let dir = scratch();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures/c")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .collect();
    sources.sort();
    assert!(!sources.is_empty());
    let mut failures = Vec::new();
    for source in &sources {
        let name = source.file_stem().unwrap().to_string_lossy().into_owned();
        let reference = dir.join(format!("{name}-gcc"));
        gcc(&[
            "-O0",
            "-w",
            source.to_str().unwrap(),
            "-o",
            reference.to_str().unwrap(),
            "-lm",
        ])
        .expect("gcc builds the fixture");
        let expected = run(&reference);
        let pre = Command::new("gcc")
            .args(["-E", source.to_str().unwrap()])
            .output()
            .expect("gcc -E");
        let pre = String::from_utf8_lossy(&pre.stdout).into_owned();
        for level in [OptLevel::O0, OptLevel::O2] {
            eprintln!("compiling {name} at {level:?}");
            match kit_build(source, &pre, level, &dir) {
                Ok(got) if got == expected => {}
                Ok(got) => failures.push(format!(
                    "{name} at {level:?}: expected status {:?}, got {:?}\n--- expected stdout\n{}\n--- got stdout\n{}",
                    expected.0, got.0, expected.1, got.1
                )),
                Err(e) => failures.push(format!("{name} at {level:?}: {e}")),
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
