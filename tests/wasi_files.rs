//! File operations through mapped directories: the same C program run
//! natively on a real directory (gcc) and under kit on a mapped one must
//! print the same lines; relative paths under --wasm-cwd; nested mounts.

mod common;
mod wasi_support;

use common::{kit, run_command, scratch};

#[test]
fn file_operations_match_a_native_run() {
    let native_dir = scratch("wasi_files_native");
    let mut command = std::process::Command::new(wasi_support::native("files"));
    command.arg(&native_dir);
    let reference = run_command(command, "");
    reference.expect_code(0);

    let guest_dir = scratch("wasi_files_guest");
    let module = wasi_support::wasm("files");
    let map = format!("--wasm-map-dir={}=/work:rw", guest_dir.display());
    kit(&[
        "run",
        "--wasm-wasi",
        "--wasm-stdio=inherit",
        &map,
        module.to_str().unwrap(),
        "--",
        "/work",
    ])
    .expect_code(0)
    .expect_stdout(&reference.stdout);
    assert!(reference.stdout.contains("pread back: HELLO world"));
}

#[test]
fn relative_paths_resolve_against_the_cwd() {
    let dir = scratch("wasi_cwd");
    std::fs::create_dir(dir.join("sub")).unwrap();
    let module = wasi_support::wasm("files");
    let map = format!("--wasm-map-dir={}=/data:rw", dir.display());
    let run = kit(&[
        "run",
        "--wasm-wasi",
        "--wasm-stdio=inherit",
        &map,
        "--wasm-cwd=/data/sub",
        module.to_str().unwrap(),
        "--",
        ".",
    ]);
    run.expect_code(0).expect_stderr_contains("");
    assert!(run.stdout.contains("create a.txt: ok"), "{}", run.stdout);
    assert!(run.stdout.ends_with("unlink log: ok\n"), "{}", run.stdout);
    // The program worked in the host's sub/ and cleaned up after itself.
    assert_eq!(std::fs::read_dir(dir.join("sub")).unwrap().count(), 0);
}

#[test]
fn nested_mounts_resolve_to_the_deepest_mount() {
    let outer = scratch("wasi_nested_outer");
    let inner = scratch("wasi_nested_inner");
    std::fs::create_dir(outer.join("in")).unwrap();
    std::fs::write(outer.join("in/where.txt"), "outer").unwrap();
    std::fs::write(inner.join("where.txt"), "inner").unwrap();
    let module = wasi_support::wasm("attempt");
    let run = kit(&[
        "run",
        "--wasm-wasi",
        "--wasm-stdio=inherit",
        &format!("--wasm-map-dir={}=/data", outer.display()),
        &format!("--wasm-map-dir={}=/data/in:rw", inner.display()),
        module.to_str().unwrap(),
        "--",
        "write:/data/in/where.txt",
        "create:/data/in/new.txt",
        "create:/data/new.txt",
    ]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "write /data/in/where.txt: ok\ncreate /data/in/new.txt: ok\ncreate /data/new.txt: errno 69\n"
    );
    assert_eq!(
        std::fs::read_to_string(inner.join("where.txt")).unwrap(),
        "xnner"
    );
    assert_eq!(
        std::fs::read_to_string(outer.join("in/where.txt")).unwrap(),
        "outer"
    );
    assert!(inner.join("new.txt").exists() && !outer.join("new.txt").exists());
}

#[test]
fn a_single_file_mount_can_be_read_and_written_when_rw() {
    let dir = scratch("wasi_single_rw");
    std::fs::write(dir.join("conf.txt"), "abc").unwrap();
    let module = wasi_support::wasm("attempt");
    let run = kit(&[
        "run",
        "--wasm-wasi",
        "--wasm-stdio=inherit",
        &format!(
            "--wasm-map-file={}=/etc/conf.txt:rw",
            dir.join("conf.txt").display()
        ),
        module.to_str().unwrap(),
        "--",
        "read:/etc/conf.txt",
        "write:/etc/conf.txt",
        "stat:/etc/conf.txt",
    ]);
    run.expect_code(0)
        .expect_stdout("read /etc/conf.txt: ok\nwrite /etc/conf.txt: ok\nstat /etc/conf.txt: ok\n");
    assert_eq!(
        std::fs::read_to_string(dir.join("conf.txt")).unwrap(),
        "xbc"
    );
}

#[test]
fn less_common_file_calls_match_a_native_run() {
    let native_dir = scratch("wasi_more_native");
    let mut command = std::process::Command::new(wasi_support::native("more_files"));
    command.arg(&native_dir);
    let reference = run_command(command, "");
    reference.expect_code(0);
    assert!(
        reference.stdout.contains("size after allocate: 4096"),
        "{}",
        reference.stdout
    );
    let guest_dir = scratch("wasi_more_guest");
    let module = wasi_support::wasm("more_files");
    let map = format!("--wasm-map-dir={}=/work:rw", guest_dir.display());
    kit(&[
        "run",
        "--wasm-wasi",
        "--wasm-stdio=inherit",
        &map,
        module.to_str().unwrap(),
        "--",
        "/work",
    ])
    .expect_code(0)
    .expect_stdout(&reference.stdout);
}

#[test]
fn descriptor_calls_return_the_spec_errno() {
    let m = common::fixture("wasi/fd_calls.wat").display().to_string();
    for (entry, errno) in [
        ("renumber", 8),
        ("renumber_badf", 8),
        ("shrink_rights", 76),
        ("grow_rights", 76),
        ("raise", 58),
    ] {
        kit(&["run", "--wasm-wasi", "-e", entry, &m])
            .expect_code(errno)
            .expect_no_panic();
    }
}
