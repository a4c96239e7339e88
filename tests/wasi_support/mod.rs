//! Building WASI fixtures for the tests: C programs compiled with Debian's
//! clang-16 and wasi-libc (installed by the README's test command), cached
//! by content under the target dir; the same sources built natively with
//! gcc serve as the reference.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use crate::common::fixture;

fn cached(kind: &str, source: &Path, build: impl FnOnce(&Path)) -> PathBuf {
    let text = std::fs::read(source).expect("read fixture");
    let mut hash: u64 = 0xcbf29ce484222325;
    for byte in text.iter().chain(kind.as_bytes()) {
        hash = (hash ^ u64::from(*byte)).wrapping_mul(0x100000001b3);
    }
    let stem = source.file_stem().unwrap().to_string_lossy();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasi-fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("{stem}-{hash:016x}.{kind}"));
    // Test threads build fixtures one at a time; test binaries running in
    // parallel are kept apart by the process id in the temp name.
    static BUILDING: Mutex<()> = Mutex::new(());
    let _guard = BUILDING.lock().unwrap_or_else(|e| e.into_inner());
    if !out.exists() {
        let temp = out.with_extension(format!("tmp{}", std::process::id()));
        build(&temp);
        std::fs::rename(&temp, &out).unwrap();
    }
    out
}

fn run_compiler(mut command: Command, what: &str) {
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("{what}: {e} (bash .ci/run installs the toolchains)"));
    assert!(status.success(), "{what} failed");
}

/// `fixtures/wasi/NAME.c` built for wasm32-wasi.
pub fn wasm(name: &str) -> PathBuf {
    let source = fixture(&format!("wasi/{name}.c"));
    cached("wasm", &source, |out| {
        let mut cc = Command::new("clang-16");
        cc.args(["--target=wasm32-wasi", "--sysroot=/usr", "-O1", "-o"])
            .arg(out)
            .arg(&source);
        run_compiler(cc, "clang-16 --target=wasm32-wasi");
    })
}

/// `fixtures/wasi/NAME.c` built natively with gcc, the reference.
pub fn native(name: &str) -> PathBuf {
    let source = fixture(&format!("wasi/{name}.c"));
    cached("native", &source, |out| {
        let mut cc = Command::new("gcc");
        cc.args(["-O1", "-o"]).arg(out).arg(&source);
        run_compiler(cc, "gcc");
    })
}
