//! `path_*` calls: resolving a guest path against a directory descriptor,
//! then acting through cap-std. Resolution first walks the path lexically
//! to find which mount it lands in (mounts may nest; the deepest wins) and
//! to refuse `..` above the mount root; the host-side walk, symlinks
//! included, is cap-std's, which refuses anything leading outside the
//! mount's directory.

use std::path::PathBuf;

use cap_fs_ext::{DirExt, FollowSymlinks, OpenOptionsFollowExt};
use cap_std::fs::{Dir, OpenOptions, OpenOptionsExt};

use crate::ctx::{Descriptor, Node, Root, WasiCtx};
use crate::errno::{Errno, WasiResult};
use crate::fd::{filestat_of, set_times_spec};
use crate::types::{fdflags, oflags, rights, Filestat, LOOKUP_SYMLINK_FOLLOW};

/// Where a guest path lands.
pub(crate) struct Target<'a> {
    pub dir: &'a Dir,
    /// Relative to `dir`; "." for the directory itself.
    pub path: PathBuf,
    pub mount: usize,
    /// Absolute guest path, lexically normalized.
    pub guest: String,
    /// The path names a mount point (a mount's root or its single file).
    pub is_mount_point: bool,
}

/// Resolves `path` against directory descriptor `fd`.
pub(crate) fn resolve<'a>(ctx: &'a WasiCtx, fd: u32, path: &str) -> WasiResult<Target<'a>> {
    let desc = ctx.fd(fd)?;
    let own_mount = desc.mount.ok_or(Errno::Notdir)?;
    if path.is_empty() {
        return Err(Errno::Noent);
    }
    if path.starts_with('/') {
        return Err(Errno::Notcapable);
    }
    if path.contains('\0') {
        return Err(Errno::Ilseq);
    }
    let guest = join_guest(&desc.guest, &ctx.mounts[own_mount].guest, path)?;
    let (mount, rest) = ctx.mount_for(&guest).ok_or(Errno::Notcapable)?;
    if mount == own_mount {
        if let Node::Dir(dir) = &desc.node {
            return Ok(Target {
                dir,
                path: PathBuf::from(path),
                mount,
                is_mount_point: rest.is_empty() && desc.preopen.is_some() && guest == desc.guest,
                guest,
            });
        }
    }
    match &ctx.mounts[mount].root {
        Root::Dir(dir) => Ok(Target {
            dir,
            path: if rest.is_empty() {
                PathBuf::from(".")
            } else {
                PathBuf::from(&rest)
            },
            mount,
            is_mount_point: rest.is_empty(),
            guest,
        }),
        Root::File { parent, name } if rest.is_empty() => Ok(Target {
            dir: parent,
            path: PathBuf::from(name),
            mount,
            is_mount_point: true,
            guest,
        }),
        Root::File { .. } => Err(Errno::Notdir),
    }
}

/// `base` joined with relative `path`, with `.`/`..` applied; `..` above
/// `mount_root` is a capability error.
fn join_guest(base: &str, mount_root: &str, path: &str) -> WasiResult<String> {
    let root_depth = mount_root.split('/').filter(|c| !c.is_empty()).count();
    let mut parts: Vec<&str> = base.split('/').filter(|c| !c.is_empty()).collect();
    for component in path.split('/') {
        match component {
            "" | "." => {}
            ".." => {
                if parts.len() <= root_depth {
                    return Err(Errno::Notcapable);
                }
                parts.pop();
            }
            name => parts.push(name),
        }
    }
    Ok(format!("/{}", parts.join("/")))
}

fn follows(lookup: u32) -> bool {
    lookup & LOOKUP_SYMLINK_FOLLOW != 0
}

pub(crate) fn create_directory(ctx: &mut WasiCtx, fd: u32, path: &str) -> WasiResult<()> {
    ctx.fd(fd)?.require(rights::PATH_CREATE_DIRECTORY)?;
    let target = resolve(ctx, fd, path)?;
    ctx.require_writable(target.mount)?;
    if target.is_mount_point {
        return Err(Errno::Exist);
    }
    Ok(target.dir.create_dir(&target.path)?)
}

pub(crate) fn filestat_get(
    ctx: &WasiCtx,
    fd: u32,
    lookup: u32,
    path: &str,
) -> WasiResult<Filestat> {
    ctx.fd(fd)?.require(rights::PATH_FILESTAT_GET)?;
    let target = resolve(ctx, fd, path)?;
    let metadata = if follows(lookup) {
        target.dir.metadata(&target.path)?
    } else {
        target.dir.symlink_metadata(&target.path)?
    };
    Ok(filestat_of(&metadata))
}

pub(crate) fn filestat_set_times(
    ctx: &mut WasiCtx,
    fd: u32,
    lookup: u32,
    path: &str,
    atim: u64,
    mtim: u64,
    fst: u16,
) -> WasiResult<()> {
    ctx.fd(fd)?.require(rights::PATH_FILESTAT_SET_TIMES)?;
    let (atime, mtime) = set_times_spec(atim, mtim, fst)?;
    let target = resolve(ctx, fd, path)?;
    ctx.require_writable(target.mount)?;
    if follows(lookup) {
        target.dir.set_times(&target.path, atime, mtime)?;
    } else {
        target.dir.set_symlink_times(&target.path, atime, mtime)?;
    }
    Ok(())
}

/// The two places of a link or rename: both resolved, in one writable
/// mount (EXDEV across mounts), neither a mount point (EBUSY).
fn resolve_pair<'a>(
    ctx: &'a WasiCtx,
    (old_fd, old_path, old_right): (u32, &str, u64),
    (new_fd, new_path, new_right): (u32, &str, u64),
) -> WasiResult<(Target<'a>, Target<'a>)> {
    ctx.fd(old_fd)?.require(old_right)?;
    ctx.fd(new_fd)?.require(new_right)?;
    let old = resolve(ctx, old_fd, old_path)?;
    let new = resolve(ctx, new_fd, new_path)?;
    if old.mount != new.mount {
        return Err(Errno::Xdev);
    }
    ctx.require_writable(new.mount)?;
    if old.is_mount_point || new.is_mount_point {
        return Err(Errno::Busy);
    }
    Ok((old, new))
}

pub(crate) fn link(
    ctx: &mut WasiCtx,
    old_fd: u32,
    old_path: &str,
    new_fd: u32,
    new_path: &str,
) -> WasiResult<()> {
    let (old, new) = resolve_pair(
        ctx,
        (old_fd, old_path, rights::PATH_LINK_SOURCE),
        (new_fd, new_path, rights::PATH_LINK_TARGET),
    )?;
    Ok(old.dir.hard_link(&old.path, new.dir, &new.path)?)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn open(
    ctx: &mut WasiCtx,
    fd: u32,
    lookup: u32,
    path: &str,
    open_flags: u16,
    base: u64,
    inheriting: u64,
    flags: u16,
) -> WasiResult<u32> {
    let parent = ctx.fd(fd)?;
    parent.require(rights::PATH_OPEN)?;
    if base & !parent.inheriting != 0 || inheriting & !parent.inheriting != 0 {
        return Err(Errno::Notcapable);
    }
    let target = resolve(ctx, fd, path)?;
    let creating = open_flags & (oflags::CREAT | oflags::TRUNC) != 0;
    let writing = creating || base & rights::WRITING != 0 || flags & fdflags::APPEND != 0;
    if writing {
        ctx.require_writable(target.mount)?;
    }
    let follow = follows(lookup);
    let metadata = if follow {
        target.dir.metadata(&target.path)
    } else {
        target.dir.symlink_metadata(&target.path)
    };
    let is_dir = metadata.as_ref().is_ok_and(|m| m.is_dir());
    let wants_dir = open_flags & oflags::DIRECTORY != 0;
    let descriptor = if wants_dir || (is_dir && !writing) {
        if !is_dir {
            return Err(match metadata {
                Ok(_) => Errno::Notdir,
                Err(e) => e.into(),
            });
        }
        let dir = if follow {
            target.dir.open_dir(&target.path)?
        } else {
            target.dir.open_dir_nofollow(&target.path)?
        };
        Descriptor {
            node: Node::Dir(dir),
            mount: Some(target.mount),
            guest: target.guest.clone(),
            base: base & rights::DIR,
            inheriting: inheriting & (rights::DIR | rights::FILE),
            flags,
            preopen: None,
        }
    } else {
        if is_dir {
            return Err(Errno::Isdir);
        }
        let file = target
            .dir
            .open_with(&target.path, &open_options(open_flags, base, flags, follow))?;
        Descriptor {
            node: Node::File(file),
            mount: Some(target.mount),
            guest: target.guest.clone(),
            base: base & rights::FILE,
            inheriting: 0,
            flags,
            preopen: None,
        }
    };
    let new_fd = ctx.next_fd();
    ctx.fds.insert(new_fd, descriptor);
    Ok(new_fd)
}

fn open_options(open_flags: u16, base: u64, flags: u16, follow: bool) -> OpenOptions {
    let creat = open_flags & oflags::CREAT != 0;
    let excl = open_flags & oflags::EXCL != 0;
    let trunc = open_flags & oflags::TRUNC != 0;
    let append = flags & fdflags::APPEND != 0;
    let write = base & rights::WRITING != 0 || creat || trunc;
    let read = base & (rights::FD_READ | rights::FD_READDIR) != 0 || !(write || append);
    let mut options = OpenOptions::new();
    options
        .read(read)
        .write(write && !append)
        .append(append)
        .create(creat && !excl)
        .create_new(creat && excl)
        .truncate(trunc);
    if !follow {
        options.follow(FollowSymlinks::No);
    }
    let mut custom = 0;
    for (flag, host) in [
        (fdflags::DSYNC, libc::O_DSYNC),
        (fdflags::RSYNC, libc::O_RSYNC),
        (fdflags::SYNC, libc::O_SYNC),
        (fdflags::NONBLOCK, libc::O_NONBLOCK),
    ] {
        if flags & flag != 0 {
            custom |= host;
        }
    }
    options.custom_flags(custom);
    options
}

/// Writes the link's contents (truncated to `buf_len`) and returns its length.
pub(crate) fn readlink(ctx: &WasiCtx, fd: u32, path: &str) -> WasiResult<Vec<u8>> {
    ctx.fd(fd)?.require(rights::PATH_READLINK)?;
    let target = resolve(ctx, fd, path)?;
    let contents = target.dir.read_link_contents(&target.path)?;
    Ok(contents.into_os_string().into_encoded_bytes())
}

pub(crate) fn remove_directory(ctx: &mut WasiCtx, fd: u32, path: &str) -> WasiResult<()> {
    ctx.fd(fd)?.require(rights::PATH_REMOVE_DIRECTORY)?;
    let target = resolve(ctx, fd, path)?;
    ctx.require_writable(target.mount)?;
    if target.is_mount_point {
        return Err(Errno::Busy);
    }
    Ok(target.dir.remove_dir(&target.path)?)
}

pub(crate) fn rename(
    ctx: &mut WasiCtx,
    old_fd: u32,
    old_path: &str,
    new_fd: u32,
    new_path: &str,
) -> WasiResult<()> {
    let (old, new) = resolve_pair(
        ctx,
        (old_fd, old_path, rights::PATH_RENAME_SOURCE),
        (new_fd, new_path, rights::PATH_RENAME_TARGET),
    )?;
    Ok(old.dir.rename(&old.path, new.dir, &new.path)?)
}

/// Creates a symlink at `new_path` whose contents are `contents`. A link
/// that could only point outside its mount is refused (EPERM): an absolute
/// target, or one whose `..` climbs above the mount root. cap-std would
/// refuse to follow such a link anyway; refusing to create it keeps the
/// host tree free of planted escape links.
pub(crate) fn symlink(
    ctx: &mut WasiCtx,
    contents: &str,
    fd: u32,
    new_path: &str,
) -> WasiResult<()> {
    ctx.fd(fd)?.require(rights::PATH_SYMLINK)?;
    let target = resolve(ctx, fd, new_path)?;
    ctx.require_writable(target.mount)?;
    if contents.is_empty() || contents.contains('\0') {
        return Err(Errno::Noent);
    }
    if contents.starts_with('/') {
        return Err(Errno::Perm);
    }
    let link_dir = target
        .guest
        .rsplit_once('/')
        .map(|(dir, _)| if dir.is_empty() { "/" } else { dir })
        .unwrap_or("/");
    let mount_root = &ctx.mounts[target.mount].guest;
    join_guest(link_dir, mount_root, contents).map_err(|_| Errno::Perm)?;
    Ok(target.dir.symlink_contents(contents, &target.path)?)
}

pub(crate) fn unlink_file(ctx: &mut WasiCtx, fd: u32, path: &str) -> WasiResult<()> {
    ctx.fd(fd)?.require(rights::PATH_UNLINK_FILE)?;
    let target = resolve(ctx, fd, path)?;
    ctx.require_writable(target.mount)?;
    if target.is_mount_point {
        return Err(Errno::Busy);
    }
    Ok(target.dir.remove_file_or_symlink(&target.path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_paths_join_and_refuse_escapes() {
        assert_eq!(
            join_guest("/data", "/data", "a/./b/../c"),
            Ok("/data/a/c".into())
        );
        assert_eq!(join_guest("/data/x", "/data", ".."), Ok("/data".into()));
        assert_eq!(join_guest("/data", "/data", ".."), Err(Errno::Notcapable));
        assert_eq!(join_guest("/", "/", "../etc"), Err(Errno::Notcapable));
        assert_eq!(
            join_guest("/data", "/data", "a/../../x"),
            Err(Errno::Notcapable)
        );
    }
}
