//! `fd_*` calls: reading, writing, seeking and describing open
//! descriptors. Stdio follows the policy: `null` reads as empty and
//! discards (but remembers that it discarded) output; `inherit` uses
//! kit's own descriptors 0-2 directly, unbuffered.

use std::io::{Read, Seek, SeekFrom, Write};
use std::mem::ManuallyDrop;
use std::os::fd::{AsRawFd, FromRawFd};

use cap_fs_ext::{FileTypeExt, MetadataExt, SystemTimeSpec};
use cap_std::fs::{FileExt, Metadata};
use fs_set_times::SetTimes;

use crate::ctx::{Node, Root, WasiCtx};
use crate::errno::{Errno, WasiResult};
use crate::memory::Mem;
use crate::types::{filetype, fstflags, rights, write_fdstat, Filestat};
use policy::wasi::Stdio;

/// One of kit's own stdio descriptors as a `File`, never closed.
fn host_stdio(fd: i32) -> ManuallyDrop<std::fs::File> {
    // SAFETY: 0, 1 and 2 stay open for kit's whole life; ManuallyDrop
    // keeps this File from closing them.
    ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) })
}

fn nanos(time: std::io::Result<cap_std::time::SystemTime>) -> u64 {
    time.ok()
        .and_then(|t| t.into_std().duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

pub(crate) fn filetype_of(metadata: &Metadata) -> u8 {
    let ty = metadata.file_type();
    if ty.is_dir() {
        filetype::DIRECTORY
    } else if ty.is_file() {
        filetype::REGULAR_FILE
    } else if ty.is_symlink() {
        filetype::SYMBOLIC_LINK
    } else if ty.is_char_device() {
        filetype::CHARACTER_DEVICE
    } else if ty.is_block_device() {
        filetype::BLOCK_DEVICE
    } else if ty.is_socket() {
        filetype::SOCKET_STREAM
    } else {
        filetype::UNKNOWN
    }
}

pub(crate) fn filestat_of(metadata: &Metadata) -> Filestat {
    let ctim = (cap_std::fs::MetadataExt::ctime(metadata).max(0) as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(cap_std::fs::MetadataExt::ctime_nsec(metadata).max(0) as u64);
    Filestat {
        dev: metadata.dev(),
        ino: metadata.ino(),
        filetype: filetype_of(metadata),
        nlink: metadata.nlink(),
        size: metadata.len(),
        atim: nanos(metadata.accessed()),
        mtim: nanos(metadata.modified()),
        ctim,
    }
}

/// The (atime, mtime) a `fstflags` asks for; both a time and NOW is EINVAL.
pub(crate) fn set_times_spec(
    atim: u64,
    mtim: u64,
    fst: u16,
) -> WasiResult<(Option<SystemTimeSpec>, Option<SystemTimeSpec>)> {
    let one = |time: u64, set: u16, now: u16| -> WasiResult<Option<SystemTimeSpec>> {
        match (fst & set != 0, fst & now != 0) {
            (true, true) => Err(Errno::Inval),
            (true, false) => Ok(Some(SystemTimeSpec::Absolute(
                cap_std::time::SystemTime::from_std(
                    std::time::UNIX_EPOCH + std::time::Duration::from_nanos(time),
                ),
            ))),
            (false, true) => Ok(Some(SystemTimeSpec::SymbolicNow)),
            (false, false) => Ok(None),
        }
    };
    Ok((
        one(atim, fstflags::ATIM, fstflags::ATIM_NOW)?,
        one(mtim, fstflags::MTIM, fstflags::MTIM_NOW)?,
    ))
}

impl WasiCtx {
    fn file(&self, fd: u32, needed: u64) -> WasiResult<&cap_std::fs::File> {
        let desc = self.fd(fd)?;
        match &desc.node {
            Node::File(file) => {
                desc.require(needed)?;
                Ok(file)
            }
            Node::Dir(_) | Node::MountedFile => Err(Errno::Isdir),
            _ => Err(Errno::Spipe),
        }
    }
}

pub(crate) fn advise(ctx: &WasiCtx, fd: u32, advice: u8) -> WasiResult<()> {
    if advice > 5 {
        return Err(Errno::Inval);
    }
    // Advice only: kit does not pass it to the host.
    ctx.file(fd, rights::FD_ADVISE).map(|_| ())
}

pub(crate) fn allocate(ctx: &WasiCtx, fd: u32, offset: u64, len: u64) -> WasiResult<()> {
    let file = ctx.file(fd, rights::FD_ALLOCATE)?;
    let end = offset.checked_add(len).ok_or(Errno::Fbig)?;
    if file.metadata()?.len() < end {
        file.set_len(end)?;
    }
    Ok(())
}

pub(crate) fn close(ctx: &mut WasiCtx, fd: u32) -> WasiResult<()> {
    ctx.fds.remove(&fd).map(drop).ok_or(Errno::Badf)
}

pub(crate) fn sync(ctx: &WasiCtx, fd: u32, data_only: bool) -> WasiResult<()> {
    let desc = ctx.fd(fd)?;
    match &desc.node {
        Node::File(file) if data_only => Ok(file.sync_data()?),
        Node::File(file) => Ok(file.sync_all()?),
        Node::Dir(_) | Node::MountedFile => Ok(()),
        _ => Err(Errno::Inval),
    }
}

pub(crate) fn fdstat_get(ctx: &WasiCtx, mem: &mut Mem<'_>, fd: u32, ptr: u32) -> WasiResult<()> {
    let desc = ctx.fd(fd)?;
    let ty = match &desc.node {
        Node::Dir(_) | Node::MountedFile => filetype::DIRECTORY,
        Node::File(file) => filetype_of(&file.metadata()?),
        Node::Stdin | Node::Stdout | Node::Stderr => stdio_filetype(ctx, fd),
    };
    write_fdstat(mem, ptr, ty, desc.flags, desc.base, desc.inheriting)
}

/// A terminal is a character device (wasi-libc then line-buffers stdout);
/// anything else, including null stdio, is unknown.
fn stdio_filetype(ctx: &WasiCtx, fd: u32) -> u8 {
    // SAFETY: isatty only inspects the descriptor.
    if ctx.stdio == Stdio::Inherit && unsafe { libc::isatty(fd as i32) } == 1 {
        filetype::CHARACTER_DEVICE
    } else {
        filetype::UNKNOWN
    }
}

pub(crate) fn fdstat_set_flags(ctx: &mut WasiCtx, fd: u32, flags: u16) -> WasiResult<()> {
    let desc = ctx.fd_mut(fd)?;
    desc.require(rights::FD_FDSTAT_SET_FLAGS)?;
    if let Node::File(file) = &desc.node {
        let append = flags & crate::types::fdflags::APPEND != 0;
        let raw = file.as_raw_fd();
        // SAFETY: plain fcntl on a descriptor this File owns.
        unsafe {
            let current = libc::fcntl(raw, libc::F_GETFL);
            let next = if append {
                current | libc::O_APPEND
            } else {
                current & !libc::O_APPEND
            };
            if current < 0 || libc::fcntl(raw, libc::F_SETFL, next) < 0 {
                return Err(std::io::Error::last_os_error().into());
            }
        }
    }
    desc.flags = flags;
    Ok(())
}

pub(crate) fn fdstat_set_rights(
    ctx: &mut WasiCtx,
    fd: u32,
    base: u64,
    inheriting: u64,
) -> WasiResult<()> {
    let desc = ctx.fd_mut(fd)?;
    if base & !desc.base != 0 || inheriting & !desc.inheriting != 0 {
        return Err(Errno::Notcapable);
    }
    desc.base = base;
    desc.inheriting = inheriting;
    Ok(())
}

pub(crate) fn filestat_get(ctx: &WasiCtx, fd: u32) -> WasiResult<Filestat> {
    let desc = ctx.fd(fd)?;
    desc.require(rights::FD_FILESTAT_GET)?;
    Ok(match &desc.node {
        Node::File(file) => filestat_of(&file.metadata()?),
        Node::Dir(dir) => filestat_of(&dir.dir_metadata()?),
        Node::MountedFile => match &ctx.mounts[desc.mount.unwrap_or_default()].root {
            Root::File { parent, name } => filestat_of(&parent.metadata(name)?),
            Root::Dir(dir) => filestat_of(&dir.dir_metadata()?),
        },
        Node::Stdin | Node::Stdout | Node::Stderr => Filestat {
            filetype: stdio_filetype(ctx, fd),
            ..Filestat::default()
        },
    })
}

pub(crate) fn filestat_set_size(ctx: &WasiCtx, fd: u32, size: u64) -> WasiResult<()> {
    let file = ctx.file(fd, rights::FD_FILESTAT_SET_SIZE)?;
    ctx.require_writable(ctx.fd(fd)?.mount.unwrap_or(usize::MAX))?;
    Ok(file.set_len(size)?)
}

pub(crate) fn filestat_set_times(
    ctx: &WasiCtx,
    fd: u32,
    atim: u64,
    mtim: u64,
    fst: u16,
) -> WasiResult<()> {
    let desc = ctx.fd(fd)?;
    desc.require(rights::FD_FILESTAT_SET_TIMES)?;
    let (atime, mtime) = set_times_spec(atim, mtim, fst)?;
    let mount = desc.mount.ok_or(Errno::Notcapable)?;
    ctx.require_writable(mount)?;
    match &desc.node {
        Node::File(file) => file.set_times(host_spec(atime), host_spec(mtime))?,
        Node::Dir(dir) => dir.set_times(host_spec(atime), host_spec(mtime))?,
        Node::MountedFile => match &ctx.mounts[mount].root {
            Root::File { parent, name } => {
                cap_fs_ext::DirExt::set_times(parent, name, atime, mtime)?
            }
            Root::Dir(dir) => dir.set_times(host_spec(atime), host_spec(mtime))?,
        },
        _ => return Err(Errno::Badf),
    }
    Ok(())
}

/// cap-fs-ext's time spec as fs-set-times (which sets times on open files) spells it.
fn host_spec(spec: Option<SystemTimeSpec>) -> Option<fs_set_times::SystemTimeSpec> {
    spec.map(|spec| match spec {
        SystemTimeSpec::SymbolicNow => fs_set_times::SystemTimeSpec::SymbolicNow,
        SystemTimeSpec::Absolute(time) => fs_set_times::SystemTimeSpec::Absolute(time.into_std()),
    })
}

/// pread/pwrite: at `offset`, without moving the file position.
pub(crate) fn pread(
    ctx: &WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    iovs: &[(u32, u32)],
    offset: u64,
) -> WasiResult<u32> {
    let file = ctx.file(fd, rights::FD_READ | rights::FD_SEEK)?;
    let mut total = 0u64;
    for &(ptr, len) in iovs {
        let buf = mem.slice_mut(ptr, len)?;
        let n = file.read_at(buf, offset + total)?;
        total += n as u64;
        if n < len as usize {
            break;
        }
    }
    Ok(total as u32)
}

pub(crate) fn pwrite(
    ctx: &WasiCtx,
    mem: &Mem<'_>,
    fd: u32,
    iovs: &[(u32, u32)],
    offset: u64,
) -> WasiResult<u32> {
    let file = ctx.file(fd, rights::FD_WRITE | rights::FD_SEEK)?;
    let mut total = 0u64;
    for &(ptr, len) in iovs {
        let buf = mem.slice(ptr, len)?;
        file.write_all_at(buf, offset + total)?;
        total += len as u64;
    }
    Ok(total as u32)
}

pub(crate) fn prestat_name(ctx: &WasiCtx, fd: u32) -> WasiResult<&str> {
    ctx.fd(fd)?.preopen.as_deref().ok_or(Errno::Badf)
}

pub(crate) fn read(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    iovs: &[(u32, u32)],
) -> WasiResult<u32> {
    let stdio = ctx.stdio;
    let desc = ctx.fd(fd)?;
    desc.require(rights::FD_READ)?;
    let mut total = 0u32;
    for &(ptr, len) in iovs {
        let buf = mem.slice_mut(ptr, len)?;
        let n = match &desc.node {
            Node::Stdin if stdio == Stdio::Null => 0,
            Node::Stdin => host_stdio(0).read(buf)?,
            Node::File(file) => (&*file).read(buf)?,
            Node::Dir(_) | Node::MountedFile => return Err(Errno::Isdir),
            Node::Stdout | Node::Stderr => return Err(Errno::Badf),
        };
        total += n as u32;
        if n < len as usize {
            break;
        }
    }
    Ok(total)
}

pub(crate) fn write(
    ctx: &mut WasiCtx,
    mem: &Mem<'_>,
    fd: u32,
    iovs: &[(u32, u32)],
) -> WasiResult<u32> {
    let stdio = ctx.stdio;
    let desc = ctx.fd(fd)?;
    desc.require(rights::FD_WRITE)?;
    let mut total = 0u32;
    let mut discarded = false;
    for &(ptr, len) in iovs {
        let buf = mem.slice(ptr, len)?;
        match &desc.node {
            Node::Stdout | Node::Stderr if stdio == Stdio::Null => discarded |= len > 0,
            Node::Stdout => host_stdio(1).write_all(buf)?,
            Node::Stderr => host_stdio(2).write_all(buf)?,
            Node::File(file) => (&*file).write_all(buf)?,
            Node::Dir(_) | Node::MountedFile => return Err(Errno::Isdir),
            Node::Stdin => return Err(Errno::Badf),
        }
        total += len;
    }
    ctx.discarded |= discarded;
    Ok(total)
}

pub(crate) fn renumber(ctx: &mut WasiCtx, from: u32, to: u32) -> WasiResult<()> {
    ctx.fd(from)?;
    ctx.fd(to)?;
    if from != to {
        let desc = ctx.fds.remove(&from).ok_or(Errno::Badf)?;
        ctx.fds.insert(to, desc);
    }
    Ok(())
}

pub(crate) fn seek(ctx: &WasiCtx, fd: u32, offset: i64, whence: u8) -> WasiResult<u64> {
    let needed = if offset == 0 && whence == 1 {
        rights::FD_TELL
    } else {
        rights::FD_SEEK
    };
    let desc = ctx.fd(fd)?;
    let file = match &desc.node {
        Node::File(file) => file,
        Node::Dir(_) | Node::MountedFile => return Err(Errno::Isdir),
        _ => return Err(Errno::Spipe),
    };
    desc.require(needed)?;
    let position = match whence {
        0 => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::Inval)?),
        1 => SeekFrom::Current(offset),
        2 => SeekFrom::End(offset),
        _ => return Err(Errno::Inval),
    };
    Ok((&*file).seek(position)?)
}

/// Directory entries from `cookie` on, serialized as WASI dirents into at
/// most `buf_len` bytes (the last one may be cut, as the spec allows).
pub(crate) fn readdir(ctx: &WasiCtx, fd: u32, cookie: u64, buf_len: u32) -> WasiResult<Vec<u8>> {
    let desc = ctx.fd(fd)?;
    desc.require(rights::FD_READDIR)?;
    let Node::Dir(dir) = &desc.node else {
        return Err(Errno::Notdir);
    };
    let own = dir.dir_metadata()?;
    let mut entries: Vec<(Vec<u8>, u64, u8)> = vec![
        (b".".to_vec(), own.ino(), filetype::DIRECTORY),
        (b"..".to_vec(), 0, filetype::DIRECTORY),
    ];
    let mut rest = Vec::new();
    for entry in dir.entries()? {
        let entry = entry?;
        let metadata = entry.metadata()?;
        let name = entry.file_name().into_encoded_bytes();
        rest.push((name, metadata.ino(), filetype_of(&metadata)));
    }
    rest.sort();
    entries.extend(rest);
    let mut out = Vec::new();
    for (index, (name, ino, ty)) in entries.iter().enumerate().skip(cookie as usize) {
        out.extend_from_slice(&(index as u64 + 1).to_le_bytes());
        out.extend_from_slice(&ino.to_le_bytes());
        out.extend_from_slice(&(name.len() as u32).to_le_bytes());
        out.extend_from_slice(&[*ty, 0, 0, 0]);
        out.extend_from_slice(name);
        if out.len() >= buf_len as usize {
            break;
        }
    }
    out.truncate(buf_len as usize);
    Ok(out)
}
