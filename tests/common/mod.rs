//! Shared helpers for the integration tests: run the real `kit` binary and
//! look at its exit code, stdout and stderr.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long any single kit run may take before the test calls it a hang.
const HANG_LIMIT: Duration = Duration::from_secs(120);

#[derive(Debug)]
pub struct Run {
    /// Exit status, or 128+signal if kit itself was killed by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the whole run when the exit code is not `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "unexpected exit code; run: {self:#?}");
        self
    }

    #[track_caller]
    pub fn expect_stdout(&self, stdout: &str) -> &Run {
        assert_eq!(self.stdout, stdout, "unexpected stdout; run: {self:#?}");
        self
    }

    #[track_caller]
    pub fn expect_stderr_contains(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}; run: {self:#?}"
        );
        self
    }

    /// No Rust panic or backtrace ever reaches the user.
    #[track_caller]
    pub fn expect_no_panic(&self) -> &Run {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "kit panicked; run: {self:#?}"
        );
        self
    }
}

/// The path of a file under `fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative)
}

/// A fresh scratch directory for one test, under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Runs gcc with `args`, which must succeed: the reference builds of the
/// programs kit compiles.
pub fn gcc(args: &[&str]) {
    let status = Command::new("gcc")
        .args(args)
        .status()
        .expect("gcc is installed by bash .ci/run");
    assert!(status.success(), "gcc {args:?} failed");
}

/// The reference a kit build must match: `gcc BUILD... -o EXE`, then EXE
/// run with `args`.
pub fn gcc_reference(exe: &Path, build: &[&str], args: &[&str]) -> Run {
    let exe_name = exe.display().to_string();
    let mut all = build.to_vec();
    all.extend(["-o", &exe_name]);
    gcc(&all);
    let mut command = Command::new(exe);
    command.args(args);
    run_command(command, "")
}

/// Runs `kit` with `args` and empty stdin.
pub fn kit(args: &[&str]) -> Run {
    kit_with(args, "", &[])
}

/// Runs `kit run -O0 ARGS...` and `kit run -O2 ARGS...`: each must end as
/// `reference` (the same program built by gcc) did, with its output.
#[track_caller]
pub fn runs_as_at_both_levels(args: &[&str], reference: &Run) {
    for level in ["-O0", "-O2"] {
        let mut all = vec!["run", level];
        all.extend_from_slice(args);
        kit(&all)
            .expect_no_panic()
            .expect_code(reference.code)
            .expect_stdout(&reference.stdout);
    }
}

/// Runs `kit` with `args`, feeding `stdin`, with extra environment `env`.
pub fn kit_with(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kit"));
    command.args(args).envs(env.iter().copied());
    run_command(command, stdin)
}

/// Runs any prepared command with a hang limit and collects its output.
pub fn run_command(mut command: Command, stdin: &str) -> Run {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn command");
    let mut input = child.stdin.take().expect("stdin pipe");
    let stdin = stdin.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(stdin.as_bytes());
    });
    // Drained while the command runs: output beyond a pipe's buffer
    // would otherwise block it forever.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout pipe")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr pipe")));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for command") {
            break status;
        }
        if start.elapsed() > HANG_LIMIT {
            let _ = child.kill();
            panic!("command hung for over {HANG_LIMIT:?}: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    use std::os::unix::process::ExitStatusExt;
    let code = status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
    Run {
        code,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// The source directory of the dev-dependency crate `name` (a C library
/// bundled by a -src/-sys crate), found through `cargo metadata`: such
/// crates do not export the path. Filtered to the host platform so that
/// `--offline` does not need the sources of other platforms' dependencies,
/// which a fresh machine has not downloaded.
#[allow(dead_code)] // not every test binary builds C libraries
pub fn dependency_dir(name: &str) -> PathBuf {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", "x86_64-unknown-linux-gnu"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    let json = String::from_utf8_lossy(&out.stdout);
    // `NAME-VERSION/`: not `NAME-OTHER-VERSION/` (tree-sitter-c for
    // tree-sitter).
    let needle = format!("/{name}-");
    let versioned = |path: &&str| {
        path.split(&needle)
            .nth(1)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    };
    let manifest = json
        .split("\"manifest_path\":\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap_or(0)])
        .find(versioned)
        .unwrap_or_else(|| panic!("{name} is a dev-dependency"));
    Path::new(manifest).parent().unwrap().to_path_buf()
}
