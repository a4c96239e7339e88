//! Confinement attacks on the WASI shim: escapes through `..`, absolute
//! and relative symlinks, symlink loops, hard links and renames across
//! mounts, and every mutating call through a read-only mount. Each attempt
//! is checked against the errno the WASI spec assigns
//! (wasi_snapshot_preview1.witx `errno`), and the host tree is checked
//! unchanged afterwards.

mod common;
mod wasi_support;

use std::collections::BTreeMap;
use std::path::Path;

use common::{kit, scratch};

// errno values of wasi_snapshot_preview1.witx.
const PERM: &str = "errno 63";
const LOOP: &str = "errno 32";
const ROFS: &str = "errno 69";
const XDEV: &str = "errno 75";
const NOTCAPABLE: &str = "errno 76";

/// A host tree: ro/ (mounted read-only at /ro), rw/ (read-write at /rw),
/// files/one.txt (a single-file mount at /one.txt), secret.txt outside.
fn host_tree(name: &str) -> std::path::PathBuf {
    let root = scratch(name);
    for dir in ["ro", "rw", "files"] {
        std::fs::create_dir(root.join(dir)).unwrap();
    }
    std::fs::write(root.join("secret.txt"), "secret").unwrap();
    std::fs::write(root.join("ro/file.txt"), "file").unwrap();
    std::fs::write(root.join("rw/data.txt"), "data").unwrap();
    std::fs::write(root.join("files/one.txt"), "one").unwrap();
    std::fs::write(root.join("files/sibling.txt"), "sibling").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", root.join("ro/link_out")).unwrap();
    std::os::unix::fs::symlink("../secret.txt", root.join("ro/rel_out")).unwrap();
    std::os::unix::fs::symlink("loop2", root.join("ro/loop1")).unwrap();
    std::os::unix::fs::symlink("loop1", root.join("ro/loop2")).unwrap();
    root
}

/// Every file under `root` with its contents (symlinks by target).
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let key = path.strip_prefix(root).unwrap().display().to_string();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let value = if meta.file_type().is_symlink() {
                format!("-> {}", std::fs::read_link(&path).unwrap().display())
            } else if meta.is_dir() {
                stack.push(path.clone());
                "dir".to_owned()
            } else {
                format!(
                    "{} (mtime {:?})",
                    std::fs::read_to_string(&path).unwrap(),
                    meta.modified().unwrap()
                )
            };
            out.insert(key, value);
        }
    }
    out
}

/// Runs attempt.wasm with the standard mounts; returns its stdout lines.
fn attempt(root: &Path, ops: &[&str]) -> Vec<String> {
    let module = wasi_support::wasm("attempt");
    let ro = format!("--wasm-map-dir={}=/ro", root.join("ro").display());
    let rw = format!("--wasm-map-dir={}=/rw:rw", root.join("rw").display());
    let one = format!(
        "--wasm-map-file={}=/one.txt",
        root.join("files/one.txt").display()
    );
    let mut args = vec!["run", "--wasm-wasi", "--wasm-stdio=inherit", &ro, &rw, &one];
    let module = module.to_str().unwrap().to_owned();
    args.push(&module);
    args.push("--");
    args.extend_from_slice(ops);
    let run = kit(&args);
    run.expect_code(0).expect_no_panic();
    run.stdout.lines().map(str::to_owned).collect()
}

fn check(root: &Path, cases: &[(&str, &str)]) {
    let before = snapshot(root);
    let ops: Vec<&str> = cases.iter().map(|(op, _)| *op).collect();
    let lines = attempt(root, &ops);
    assert_eq!(lines.len(), cases.len(), "{lines:?}");
    for ((op, expected), line) in cases.iter().zip(&lines) {
        assert!(
            line.ends_with(&format!(": {expected}")),
            "{op}: expected {expected}, got {line:?}"
        );
    }
    let writes_expected = cases.iter().any(|(_, e)| *e == "ok")
        && cases
            .iter()
            .any(|(op, _)| op.contains("/rw/") && !op.starts_with("read"));
    if !writes_expected {
        assert_eq!(before, snapshot(root), "the host tree changed");
    }
}

#[test]
fn reads_inside_the_mounts_work() {
    let root = host_tree("confine_reads_ok");
    check(
        &root,
        &[
            ("read:/ro/file.txt", "ok"),
            ("read:/one.txt", "ok"),
            ("opendir:/ro", "ok"),
        ],
    );
}

#[test]
fn dot_dot_walks_cannot_leave_a_mount() {
    let root = host_tree("confine_dotdot");
    check(
        &root,
        &[
            ("read:/ro/../secret.txt", NOTCAPABLE),
            ("read:/ro/../../../etc/passwd", NOTCAPABLE),
            ("read:/rw/../ro/file.txt", NOTCAPABLE),
            ("read:/etc/passwd", NOTCAPABLE),
            ("stat:/ro/..", NOTCAPABLE),
        ],
    );
}

#[test]
fn symlinks_pointing_out_are_not_followed() {
    let root = host_tree("confine_symlinks");
    check(
        &root,
        &[
            ("read:/ro/link_out", NOTCAPABLE),
            ("read:/ro/rel_out", NOTCAPABLE),
            ("stat:/ro/link_out", NOTCAPABLE),
            ("lstat:/ro/link_out", "ok"),
            ("readlink:/ro/link_out", "ok"),
        ],
    );
}

#[test]
fn symlink_loops_are_eloop() {
    let root = host_tree("confine_loops");
    check(&root, &[("read:/ro/loop1", LOOP), ("stat:/ro/loop2", LOOP)]);
}

#[test]
fn read_only_mounts_refuse_every_mutation() {
    let root = host_tree("confine_readonly");
    check(
        &root,
        &[
            ("write:/ro/file.txt", ROFS),
            ("create:/ro/new.txt", ROFS),
            ("trunc:/ro/file.txt", ROFS),
            ("append:/ro/file.txt", ROFS),
            ("truncate:/ro/file.txt", ROFS),
            ("unlink:/ro/file.txt", ROFS),
            ("mkdir:/ro/dir", ROFS),
            ("rmdir:/ro", ROFS),
            ("rename:/ro/file.txt:/ro/moved.txt", ROFS),
            ("utime:/ro/file.txt", ROFS),
            ("symlink:file.txt:/ro/link", ROFS),
            ("link:/ro/file.txt:/ro/hard", ROFS),
        ],
    );
}

#[test]
fn links_and_renames_across_mounts_are_exdev() {
    let root = host_tree("confine_xdev");
    check(
        &root,
        &[
            ("link:/rw/data.txt:/ro/hard", XDEV),
            ("rename:/rw/data.txt:/ro/moved", XDEV),
            ("link:/ro/file.txt:/rw/hard", XDEV),
            ("rename:/ro/file.txt:/rw/moved", XDEV),
        ],
    );
    assert!(root.join("rw/data.txt").exists() && root.join("ro/file.txt").exists());
}

#[test]
fn a_single_file_mount_exposes_only_that_file() {
    let root = host_tree("confine_single_file");
    check(
        &root,
        &[
            ("read:/one.txt", "ok"),
            ("read:/sibling.txt", NOTCAPABLE),
            ("read:/one.txt/../sibling.txt", NOTCAPABLE),
            ("write:/one.txt", ROFS),
            ("unlink:/one.txt", ROFS),
        ],
    );
}

#[test]
fn symlinks_that_would_point_out_cannot_be_created() {
    let root = host_tree("confine_symlink_create");
    let lines = attempt(
        &root,
        &[
            "symlink:/etc/passwd:/rw/abs",
            "symlink:../secret.txt:/rw/up",
            "symlink:data.txt:/rw/fine",
            "read:/rw/fine",
        ],
    );
    assert_eq!(
        lines,
        [
            format!("symlink /etc/passwd: {PERM}"),
            format!("symlink ../secret.txt: {PERM}"),
            "symlink data.txt: ok".to_owned(),
            "read /rw/fine: ok".to_owned(),
        ]
    );
    assert!(
        !root.join("rw/abs").exists() && std::fs::symlink_metadata(root.join("rw/up")).is_err()
    );
}

#[test]
fn writable_mounts_allow_changes_inside() {
    let root = host_tree("confine_rw_ok");
    let lines = attempt(
        &root,
        &[
            "create:/rw/new.txt",
            "write:/rw/new.txt",
            "mkdir:/rw/d",
            "rename:/rw/new.txt:/rw/d/n.txt",
        ],
    );
    assert!(lines.iter().all(|l| l.ends_with(": ok")), "{lines:?}");
    assert_eq!(
        std::fs::read_to_string(root.join("rw/d/n.txt")).unwrap(),
        "x"
    );
}
