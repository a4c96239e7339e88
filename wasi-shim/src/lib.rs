//! kit's WASI Preview 1 shim: `wasi_snapshot_preview1` host functions on
//! cap-std, granting exactly what a [`policy::WasiPolicy`] allows.
//!
//! The driver builds one [`WasiCtx`] per run and binds the functions with
//! [`add_to_linker`]. Each binding below is one line: it unpacks the
//! guest's arguments, calls the area module that implements it (args_env,
//! clock, random, fd, path, poll, proc), and returns the errno. Guest
//! memory is reached only through `memory::Mem`, which bounds-checks every
//! access. `proc_exit` ends the run by returning an [`Exit`] error from the
//! host call, which the driver turns into the exit status.

mod args_env;
mod clock;
mod ctx;
mod errno;
mod fd;
mod memory;
mod path;
mod poll;
mod random;
mod types;

use std::fmt;

use wasmtime::{Caller, Extern, Linker};

pub use ctx::WasiCtx;
use errno::{Errno, WasiResult};
use memory::Mem;

/// The module name of every WASI Preview 1 import.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// Why a WasiCtx could not be set up (for example a missing host path).
#[derive(Debug)]
pub struct SetupError(pub String);

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetupError {}

/// Returned (as the trap error) by `proc_exit`: the guest asked to exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exit(pub i32);

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "guest called proc_exit({})", self.0)
    }
}

impl std::error::Error for Exit {}

/// The guest's exported memory and the WasiCtx, borrowed together.
fn parts<'a, T: 'static>(
    caller: &'a mut Caller<'_, T>,
    get: fn(&mut T) -> &mut WasiCtx,
) -> wasmtime::Result<(Mem<'a>, &'a mut WasiCtx)> {
    let Some(Extern::Memory(memory)) = caller.get_export("memory") else {
        return Err(wasmtime::Error::msg(
            "the module calls WASI but exports no memory named \"memory\"",
        ));
    };
    let (bytes, host) = memory.data_and_store_mut(caller);
    Ok((Mem::new(bytes), get(host)))
}

fn code(result: WasiResult<()>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(errno) => errno as i32,
    }
}

/// Binds one WASI function: `|ctx, mem, args...| -> WasiResult<()>`.
macro_rules! bind {
    ($linker:ident, $get:ident, $name:literal, |$ctx:ident, $mem:ident $(, $arg:ident : $ty:ty)*| $body:expr) => {
        $linker.func_wrap(
            MODULE,
            $name,
            move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> wasmtime::Result<i32> {
                #[allow(unused_mut, unused_variables)]
                let (mut $mem, $ctx) = parts(&mut caller, $get)?;
                #[allow(unused_braces)]
                #[allow(unused_mut)]
                let mut run = || -> WasiResult<()> { $body };
                let result = run();
                Ok(code(result))
            },
        )?;
    };
}

/// Binds every `wasi_snapshot_preview1` function into `linker`; `get`
/// reaches the WasiCtx inside the store's data.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &mut WasiCtx,
) -> wasmtime::Result<()> {
    bind_args_env_clock_random(linker, get)?;
    bind_fd(linker, get)?;
    bind_path(linker, get)?;
    bind_proc_poll_sock(linker, get)?;
    Ok(())
}

fn bind_args_env_clock_random<T: 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &mut WasiCtx,
) -> wasmtime::Result<()> {
    bind!(
        linker,
        get,
        "args_sizes_get",
        |ctx, mem, count: i32, size: i32| {
            let (n, bytes) = args_env::sizes(&ctx.args);
            mem.write_u32(count as u32, n)
                .and_then(|()| mem.write_u32(size as u32, bytes))
        }
    );
    bind!(linker, get, "args_get", |ctx, mem, argv: i32, buf: i32| {
        args_env::write(&mut mem, &ctx.args, argv as u32, buf as u32)
    });
    bind!(
        linker,
        get,
        "environ_sizes_get",
        |ctx, mem, count: i32, size: i32| {
            let (n, bytes) = args_env::sizes(&args_env::environ(&ctx.env));
            mem.write_u32(count as u32, n)
                .and_then(|()| mem.write_u32(size as u32, bytes))
        }
    );
    bind!(
        linker,
        get,
        "environ_get",
        |ctx, mem, env: i32, buf: i32| {
            args_env::write(
                &mut mem,
                &args_env::environ(&ctx.env),
                env as u32,
                buf as u32,
            )
        }
    );
    bind!(
        linker,
        get,
        "clock_res_get",
        |ctx, mem, id: i32, out: i32| {
            clock::res_get(ctx, id as u32).and_then(|r| mem.write_u64(out as u32, r))
        }
    );
    bind!(
        linker,
        get,
        "clock_time_get",
        |ctx, mem, id: i32, _precision: i64, out: i32| {
            clock::time_get(ctx, id as u32).and_then(|t| mem.write_u64(out as u32, t))
        }
    );
    bind!(linker, get, "random_get", |ctx, mem, buf: i32, len: i32| {
        mem.slice_mut(buf as u32, len as u32)
            .and_then(|out| ctx.random.fill(out))
    });
    Ok(())
}

fn bind_fd<T: 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &mut WasiCtx,
) -> wasmtime::Result<()> {
    bind!(
        linker,
        get,
        "fd_advise",
        |ctx, mem, fd: i32, _offset: i64, _len: i64, advice: i32| {
            fd::advise(ctx, fd as u32, advice as u8)
        }
    );
    bind!(
        linker,
        get,
        "fd_allocate",
        |ctx, mem, fd: i32, offset: i64, len: i64| {
            fd::allocate(ctx, fd as u32, offset as u64, len as u64)
        }
    );
    bind!(linker, get, "fd_close", |ctx, mem, fd: i32| fd::close(
        ctx, fd as u32
    ));
    bind!(linker, get, "fd_datasync", |ctx, mem, fd: i32| fd::sync(
        ctx, fd as u32, true
    ));
    bind!(linker, get, "fd_sync", |ctx, mem, fd: i32| fd::sync(
        ctx, fd as u32, false
    ));
    bind!(
        linker,
        get,
        "fd_fdstat_get",
        |ctx, mem, fd: i32, out: i32| { fd::fdstat_get(ctx, &mut mem, fd as u32, out as u32) }
    );
    bind!(
        linker,
        get,
        "fd_fdstat_set_flags",
        |ctx, mem, fd: i32, flags: i32| { fd::fdstat_set_flags(ctx, fd as u32, flags as u16) }
    );
    bind!(
        linker,
        get,
        "fd_fdstat_set_rights",
        |ctx, mem, fd: i32, base: i64, inheriting: i64| {
            fd::fdstat_set_rights(ctx, fd as u32, base as u64, inheriting as u64)
        }
    );
    bind!(
        linker,
        get,
        "fd_filestat_get",
        |ctx, mem, fd: i32, out: i32| {
            fd::filestat_get(ctx, fd as u32).and_then(|s| s.write(&mut mem, out as u32))
        }
    );
    bind!(
        linker,
        get,
        "fd_filestat_set_size",
        |ctx, mem, fd: i32, size: i64| { fd::filestat_set_size(ctx, fd as u32, size as u64) }
    );
    bind!(
        linker,
        get,
        "fd_filestat_set_times",
        |ctx, mem, fd: i32, atim: i64, mtim: i64, fst: i32| {
            fd::filestat_set_times(ctx, fd as u32, atim as u64, mtim as u64, fst as u16)
        }
    );
    bind!(
        linker,
        get,
        "fd_pread",
        |ctx, mem, fd: i32, iovs: i32, n: i32, offset: i64, out: i32| {
            let iovs = mem.iovecs(iovs as u32, n as u32)?;
            fd::pread(ctx, &mut mem, fd as u32, &iovs, offset as u64)
                .and_then(|read| mem.write_u32(out as u32, read))
        }
    );
    bind!(
        linker,
        get,
        "fd_pwrite",
        |ctx, mem, fd: i32, iovs: i32, n: i32, offset: i64, out: i32| {
            let iovs = mem.iovecs(iovs as u32, n as u32)?;
            fd::pwrite(ctx, &mem, fd as u32, &iovs, offset as u64)
                .and_then(|written| mem.write_u32(out as u32, written))
        }
    );
    bind!(
        linker,
        get,
        "fd_prestat_get",
        |ctx, mem, fd: i32, out: i32| {
            let name = fd::prestat_name(ctx, fd as u32)?;
            mem.write_u32(out as u32, 0)?;
            mem.write_u32(out as u32 + 4, name.len() as u32)
        }
    );
    bind!(
        linker,
        get,
        "fd_prestat_dir_name",
        |ctx, mem, fd: i32, buf: i32, len: i32| {
            let name = fd::prestat_name(ctx, fd as u32)?;
            if (len as u32 as usize) < name.len() {
                return Err(Errno::Nametoolong);
            }
            mem.write(buf as u32, name.as_bytes())
        }
    );
    bind!(
        linker,
        get,
        "fd_read",
        |ctx, mem, fd: i32, iovs: i32, n: i32, out: i32| {
            let iovs = mem.iovecs(iovs as u32, n as u32)?;
            fd::read(ctx, &mut mem, fd as u32, &iovs)
                .and_then(|read| mem.write_u32(out as u32, read))
        }
    );
    bind!(
        linker,
        get,
        "fd_write",
        |ctx, mem, fd: i32, iovs: i32, n: i32, out: i32| {
            let iovs = mem.iovecs(iovs as u32, n as u32)?;
            fd::write(ctx, &mem, fd as u32, &iovs)
                .and_then(|written| mem.write_u32(out as u32, written))
        }
    );
    bind!(
        linker,
        get,
        "fd_readdir",
        |ctx, mem, fd: i32, buf: i32, len: i32, cookie: i64, out: i32| {
            let bytes = fd::readdir(ctx, fd as u32, cookie as u64, len as u32)?;
            mem.write(buf as u32, &bytes)?;
            mem.write_u32(out as u32, bytes.len() as u32)
        }
    );
    bind!(
        linker,
        get,
        "fd_renumber",
        |ctx, mem, from: i32, to: i32| { fd::renumber(ctx, from as u32, to as u32) }
    );
    bind!(
        linker,
        get,
        "fd_seek",
        |ctx, mem, fd: i32, offset: i64, whence: i32, out: i32| {
            fd::seek(ctx, fd as u32, offset, whence as u8)
                .and_then(|p| mem.write_u64(out as u32, p))
        }
    );
    bind!(linker, get, "fd_tell", |ctx, mem, fd: i32, out: i32| {
        fd::seek(ctx, fd as u32, 0, 1).and_then(|p| mem.write_u64(out as u32, p))
    });
    Ok(())
}

fn bind_path<T: 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &mut WasiCtx,
) -> wasmtime::Result<()> {
    bind!(
        linker,
        get,
        "path_create_directory",
        |ctx, mem, fd: i32, p: i32, n: i32| {
            path::create_directory(ctx, fd as u32, mem.str(p as u32, n as u32)?)
        }
    );
    bind!(
        linker,
        get,
        "path_filestat_get",
        |ctx, mem, fd: i32, flags: i32, p: i32, n: i32, out: i32| {
            let stat =
                path::filestat_get(ctx, fd as u32, flags as u32, mem.str(p as u32, n as u32)?)?;
            stat.write(&mut mem, out as u32)
        }
    );
    bind!(
        linker,
        get,
        "path_filestat_set_times",
        |ctx, mem, fd: i32, flags: i32, p: i32, n: i32, atim: i64, mtim: i64, fst: i32| {
            let path = mem.str(p as u32, n as u32)?;
            path::filestat_set_times(
                ctx,
                fd as u32,
                flags as u32,
                path,
                atim as u64,
                mtim as u64,
                fst as u16,
            )
        }
    );
    bind!(
        linker,
        get,
        "path_link",
        |ctx, mem, old_fd: i32, _flags: i32, op: i32, on: i32, new_fd: i32, np: i32, nn: i32| {
            let old = mem.str(op as u32, on as u32)?;
            let new = mem.str(np as u32, nn as u32)?;
            path::link(ctx, old_fd as u32, old, new_fd as u32, new)
        }
    );
    bind!(
        linker,
        get,
        "path_open",
        |ctx,
         mem,
         fd: i32,
         lookup: i32,
         p: i32,
         n: i32,
         oflags: i32,
         base: i64,
         inheriting: i64,
         flags: i32,
         out: i32| {
            let path = mem.str(p as u32, n as u32)?.to_owned();
            let opened = path::open(
                ctx,
                fd as u32,
                lookup as u32,
                &path,
                oflags as u16,
                base as u64,
                inheriting as u64,
                flags as u16,
            )?;
            mem.write_u32(out as u32, opened)
        }
    );
    bind!(
        linker,
        get,
        "path_readlink",
        |ctx, mem, fd: i32, p: i32, n: i32, buf: i32, len: i32, out: i32| {
            let contents = path::readlink(ctx, fd as u32, mem.str(p as u32, n as u32)?)?;
            let used = contents.len().min(len as u32 as usize);
            mem.write(buf as u32, &contents[..used])?;
            mem.write_u32(out as u32, used as u32)
        }
    );
    bind!(
        linker,
        get,
        "path_remove_directory",
        |ctx, mem, fd: i32, p: i32, n: i32| {
            path::remove_directory(ctx, fd as u32, mem.str(p as u32, n as u32)?)
        }
    );
    bind!(
        linker,
        get,
        "path_rename",
        |ctx, mem, fd: i32, op: i32, on: i32, new_fd: i32, np: i32, nn: i32| {
            let old = mem.str(op as u32, on as u32)?;
            let new = mem.str(np as u32, nn as u32)?;
            path::rename(ctx, fd as u32, old, new_fd as u32, new)
        }
    );
    bind!(
        linker,
        get,
        "path_symlink",
        |ctx, mem, op: i32, on: i32, fd: i32, np: i32, nn: i32| {
            let contents = mem.str(op as u32, on as u32)?;
            let new = mem.str(np as u32, nn as u32)?;
            path::symlink(ctx, contents, fd as u32, new)
        }
    );
    bind!(
        linker,
        get,
        "path_unlink_file",
        |ctx, mem, fd: i32, p: i32, n: i32| {
            path::unlink_file(ctx, fd as u32, mem.str(p as u32, n as u32)?)
        }
    );
    Ok(())
}

fn bind_proc_poll_sock<T: 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &mut WasiCtx,
) -> wasmtime::Result<()> {
    linker.func_wrap(MODULE, "proc_exit", |code: i32| -> wasmtime::Result<()> {
        Err(wasmtime::Error::new(Exit(code)))
    })?;
    bind!(linker, get, "proc_raise", |ctx, mem, _signal: i32| Err(
        Errno::Notsup
    ));
    bind!(linker, get, "sched_yield", |ctx, mem| {
        std::thread::yield_now();
        Ok(())
    });
    bind!(
        linker,
        get,
        "poll_oneoff",
        |ctx, mem, input: i32, output: i32, n: i32, out: i32| {
            let events = poll::poll_oneoff(ctx, &mut mem, input as u32, output as u32, n as u32)?;
            mem.write_u32(out as u32, events)
        }
    );
    // kit grants no sockets: a socket call on any descriptor is unsupported.
    bind!(
        linker,
        get,
        "sock_accept",
        |ctx, mem, fd: i32, _flags: i32, _out: i32| { ctx.fd(fd as u32).and(Err(Errno::Notsup)) }
    );
    bind!(
        linker,
        get,
        "sock_recv",
        |ctx, mem, fd: i32, _a: i32, _b: i32, _c: i32, _d: i32, _e: i32| {
            ctx.fd(fd as u32).and(Err(Errno::Notsup))
        }
    );
    bind!(
        linker,
        get,
        "sock_send",
        |ctx, mem, fd: i32, _a: i32, _b: i32, _c: i32, _d: i32| {
            ctx.fd(fd as u32).and(Err(Errno::Notsup))
        }
    );
    bind!(
        linker,
        get,
        "sock_shutdown",
        |ctx, mem, fd: i32, _how: i32| { ctx.fd(fd as u32).and(Err(Errno::Notsup)) }
    );
    Ok(())
}
