//! The WASI context of one guest: the descriptor table and the mount table
//! built from the policy. Each mount is a cap-std `Dir` (or, for a single-
//! file mount, the parent `Dir` plus the one name it exposes); every file
//! access goes through one of them, so cap-std does all confinement.
//!
//! Descriptors 0-2 are stdio; each mount is a preopened descriptor from 3
//! on, named by its guest path, so wasi-libc maps absolute guest paths to
//! them. `--wasm-cwd` adds one more preopen named `.` for that directory:
//! wasi-libc resolves relative paths against the preopen with the empty
//! prefix, which is how a WASI program gets a working directory.

use std::collections::BTreeMap;
use std::path::Path;

use cap_std::ambient_authority;
use cap_std::fs::{Dir, File};
use policy::wasi::{MountKind, WasiPolicy};

use crate::errno::{Errno, WasiResult};
use crate::random::RandomSource;
use crate::types::rights;
use crate::SetupError;

/// What a mount exposes.
pub(crate) enum Root {
    Dir(Dir),
    /// A single-file mount: only `name` inside `parent` is reachable.
    File {
        parent: Dir,
        name: String,
    },
}

pub(crate) struct MountRoot {
    pub guest: String,
    pub writable: bool,
    pub root: Root,
}

/// What a descriptor refers to.
pub(crate) enum Node {
    Stdin,
    Stdout,
    Stderr,
    Dir(Dir),
    File(File),
    /// The preopen of a single-file mount (its own mount's file).
    MountedFile,
}

pub(crate) struct Descriptor {
    pub node: Node,
    /// The mount this descriptor lives in (None for stdio).
    pub mount: Option<usize>,
    /// Absolute guest path of a directory (or mounted file) descriptor.
    pub guest: String,
    pub base: u64,
    pub inheriting: u64,
    pub flags: u16,
    /// The preopen name, for fd_prestat_get.
    pub preopen: Option<String>,
}

/// The WASI state of one guest: its args, env, open descriptors, clocks and
/// random source.
pub struct WasiCtx {
    pub(crate) args: Vec<String>,
    pub(crate) env: Vec<(String, String)>,
    pub(crate) fds: BTreeMap<u32, Descriptor>,
    pub(crate) mounts: Vec<MountRoot>,
    pub(crate) stdio: policy::wasi::Stdio,
    pub(crate) discarded: bool,
    pub(crate) clock: policy::wasi::Clock,
    pub(crate) random: RandomSource,
}

fn setup_error(flag: &str, spec: &str, why: impl std::fmt::Display) -> SetupError {
    SetupError(format!("{flag}={spec}: {why}"))
}

fn open_mount(mount: &policy::wasi::Mount) -> Result<Root, SetupError> {
    let (flag, spec) = match mount.kind {
        MountKind::Dir => ("--wasm-map-dir", &mount.host),
        MountKind::File => ("--wasm-map-file", &mount.host),
    };
    let spec = format!("{}={}", spec.display(), mount.guest);
    let metadata = std::fs::metadata(&mount.host).map_err(|e| {
        setup_error(
            flag,
            &spec,
            format!("cannot use host path {}: {e}", mount.host.display()),
        )
    })?;
    match mount.kind {
        MountKind::Dir => {
            if !metadata.is_dir() {
                return Err(setup_error(
                    flag,
                    &spec,
                    "the host path is not a directory; use --wasm-map-file for a file",
                ));
            }
            Dir::open_ambient_dir(&mount.host, ambient_authority())
                .map(Root::Dir)
                .map_err(|e| setup_error(flag, &spec, e))
        }
        MountKind::File => {
            if !metadata.is_file() {
                return Err(setup_error(
                    flag,
                    &spec,
                    "the host path is not a regular file; use --wasm-map-dir for a directory",
                ));
            }
            let name = mount
                .host
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| setup_error(flag, &spec, "the host file name is not UTF-8"))?
                .to_owned();
            let parent = match mount.host.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let parent = Dir::open_ambient_dir(parent, ambient_authority())
                .map_err(|e| setup_error(flag, &spec, e))?;
            Ok(Root::File { parent, name })
        }
    }
}

impl WasiCtx {
    /// Opens the mounts and records what `policy` grants. `args` is the
    /// guest's argv (argv[0] first); `env` is the resolved environment
    /// (`WasiPolicy::environment`).
    pub fn new(
        policy: &WasiPolicy,
        args: Vec<String>,
        env: Vec<(String, String)>,
    ) -> Result<WasiCtx, SetupError> {
        let mut ctx = WasiCtx {
            args,
            env,
            fds: BTreeMap::new(),
            mounts: Vec::new(),
            stdio: policy.stdio,
            discarded: false,
            clock: policy.clock,
            random: RandomSource::new(&policy.random),
        };
        for (fd, node) in [(0, Node::Stdin), (1, Node::Stdout), (2, Node::Stderr)] {
            ctx.fds.insert(fd, Descriptor::stdio(node));
        }
        for mount in &policy.mounts {
            let root = open_mount(mount)?;
            ctx.mounts.push(MountRoot {
                guest: mount.guest.clone(),
                writable: mount.writable,
                root,
            });
        }
        for index in 0..ctx.mounts.len() {
            let descriptor = ctx.mount_descriptor(index)?;
            let fd = ctx.next_fd();
            ctx.fds.insert(fd, descriptor);
        }
        if let Some(cwd) = &policy.cwd {
            let descriptor = ctx.cwd_descriptor(cwd)?;
            let fd = ctx.next_fd();
            ctx.fds.insert(fd, descriptor);
        }
        Ok(ctx)
    }

    fn mount_descriptor(&self, index: usize) -> Result<Descriptor, SetupError> {
        let mount = &self.mounts[index];
        let node = match &mount.root {
            Root::Dir(dir) => Node::Dir(dir.try_clone().map_err(|e| SetupError(e.to_string()))?),
            Root::File { .. } => Node::MountedFile,
        };
        Ok(Descriptor {
            node,
            mount: Some(index),
            guest: mount.guest.clone(),
            base: rights::DIR,
            inheriting: rights::DIR | rights::FILE,
            flags: 0,
            preopen: Some(mount.guest.clone()),
        })
    }

    fn cwd_descriptor(&self, cwd: &str) -> Result<Descriptor, SetupError> {
        let (index, rest) = self
            .mount_for(cwd)
            .ok_or_else(|| SetupError(format!("--wasm-cwd={cwd}: not inside any mount")))?;
        let Root::Dir(root) = &self.mounts[index].root else {
            return Err(SetupError(format!(
                "--wasm-cwd={cwd}: is a single-file mount, not a directory"
            )));
        };
        let dir = if rest.is_empty() {
            root.try_clone()
        } else {
            root.open_dir(&rest)
        }
        .map_err(|e| {
            SetupError(format!(
                "--wasm-cwd={cwd}: cannot open that directory in its mount: {e}"
            ))
        })?;
        Ok(Descriptor {
            node: Node::Dir(dir),
            mount: Some(index),
            guest: cwd.to_owned(),
            base: rights::DIR,
            inheriting: rights::DIR | rights::FILE,
            flags: 0,
            preopen: Some(".".to_owned()),
        })
    }

    /// True when stdio is null and the guest wrote something that was
    /// discarded (the driver prints a note at exit).
    pub fn output_discarded(&self) -> bool {
        self.discarded
    }

    /// The lowest free descriptor number from 3.
    pub(crate) fn next_fd(&self) -> u32 {
        (3..)
            .find(|fd| !self.fds.contains_key(fd))
            .unwrap_or(u32::MAX)
    }

    pub(crate) fn fd(&self, fd: u32) -> WasiResult<&Descriptor> {
        self.fds.get(&fd).ok_or(Errno::Badf)
    }

    pub(crate) fn fd_mut(&mut self, fd: u32) -> WasiResult<&mut Descriptor> {
        self.fds.get_mut(&fd).ok_or(Errno::Badf)
    }

    /// The deepest mount containing the absolute guest path `guest`, and
    /// the rest of the path below it ("" for the mount point itself).
    pub(crate) fn mount_for(&self, guest: &str) -> Option<(usize, String)> {
        self.mounts
            .iter()
            .enumerate()
            .filter(|(_, m)| policy::is_within(guest, &m.guest))
            .max_by_key(|(_, m)| m.guest.len())
            .map(|(i, m)| {
                let rest = guest[m.guest.len()..].trim_start_matches('/').to_owned();
                (i, rest)
            })
    }

    /// The one place read-only mounts are enforced: every mutating call
    /// asks this first.
    pub(crate) fn require_writable(&self, mount: usize) -> WasiResult<()> {
        match self.mounts.get(mount) {
            Some(m) if m.writable => Ok(()),
            Some(_) => Err(Errno::Rofs),
            None => Err(Errno::Notcapable),
        }
    }
}

impl Descriptor {
    fn stdio(node: Node) -> Descriptor {
        Descriptor {
            node,
            mount: None,
            guest: String::new(),
            base: rights::STDIO,
            inheriting: 0,
            flags: 0,
            preopen: None,
        }
    }

    /// Fails with ENOTCAPABLE unless the descriptor holds every right in `needed`.
    pub(crate) fn require(&self, needed: u64) -> WasiResult<()> {
        if self.base & needed == needed {
            Ok(())
        } else {
            Err(Errno::Notcapable)
        }
    }
}
