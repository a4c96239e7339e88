//! poll_oneoff: clock subscriptions (sleeps; refused per subscription when
//! the policy grants no such clock, except that a relative realtime sleep
//! runs on the monotonic clock when only that is granted) and fd readiness. Files and output
//! descriptors are always ready; inherited stdin is polled on the host;
//! null stdin is at end of file, so always ready.

use crate::clock;
use crate::ctx::{Node, WasiCtx};
use crate::errno::{Errno, WasiResult};
use crate::memory::Mem;
use policy::wasi::Stdio;

const EVENT_CLOCK: u8 = 0;
const EVENT_FD_READ: u8 = 1;
const EVENT_FD_WRITE: u8 = 2;
const SUBCLOCK_ABSTIME: u16 = 1;
const HANGUP: u16 = 1;

struct Event {
    userdata: u64,
    error: Errno,
    kind: u8,
    nbytes: u64,
    flags: u16,
}

enum Wait {
    /// Fires when clock `id` reads at least `deadline`.
    Clock {
        userdata: u64,
        id: u32,
        deadline: u64,
    },
    /// Fires when kit's stdin is readable.
    Stdin { userdata: u64 },
}

pub(crate) fn poll_oneoff(
    ctx: &WasiCtx,
    mem: &mut Mem<'_>,
    input: u32,
    output: u32,
    count: u32,
) -> WasiResult<u32> {
    if count == 0 {
        return Err(Errno::Inval);
    }
    let mut ready = Vec::new();
    let mut waits = Vec::new();
    for i in 0..count {
        let at = input
            .checked_add(i.checked_mul(48).ok_or(Errno::Fault)?)
            .ok_or(Errno::Fault)?;
        let userdata = mem.read_u64(at)?;
        match mem.read_u8(at + 8)? {
            EVENT_CLOCK => {
                let id = mem.read_u32(at + 16)?;
                let timeout = mem.read_u64(at + 24)?;
                let flags = mem.read_u16(at + 40)?;
                // A relative timeout measures a duration, which the
                // monotonic clock already grants: wait on that clock instead
                // (wasi-libc's nanosleep subscribes to the realtime clock).
                let id = if flags & SUBCLOCK_ABSTIME == 0
                    && id == clock::REALTIME
                    && ctx.clock == policy::wasi::Clock::Monotonic
                {
                    clock::MONOTONIC
                } else {
                    id
                };
                match clock::time_get(ctx, id) {
                    Ok(now) => {
                        let deadline = if flags & SUBCLOCK_ABSTIME != 0 {
                            timeout
                        } else {
                            now.saturating_add(timeout)
                        };
                        waits.push(Wait::Clock {
                            userdata,
                            id,
                            deadline,
                        });
                    }
                    Err(error) => ready.push(event(userdata, error, EVENT_CLOCK)),
                }
            }
            kind @ (EVENT_FD_READ | EVENT_FD_WRITE) => {
                let fd = mem.read_u32(at + 16)?;
                match fd_readiness(ctx, fd, kind) {
                    Ok(Some(e)) => ready.push(Event { userdata, ..e }),
                    Ok(None) => waits.push(Wait::Stdin { userdata }),
                    Err(error) => ready.push(event(userdata, error, kind)),
                }
            }
            _ => return Err(Errno::Inval),
        }
    }
    if ready.is_empty() {
        ready = wait(ctx, &waits)?;
    }
    for (i, e) in ready.iter().enumerate() {
        let at = output + 32 * i as u32;
        mem.slice_mut(at, 32)?.fill(0);
        mem.write_u64(at, e.userdata)?;
        mem.write_u16(at + 8, e.error as u16)?;
        mem.write_u8(at + 10, e.kind)?;
        mem.write_u64(at + 16, e.nbytes)?;
        mem.write_u16(at + 24, e.flags)?;
    }
    Ok(ready.len() as u32)
}

fn event(userdata: u64, error: Errno, kind: u8) -> Event {
    Event {
        userdata,
        error,
        kind,
        nbytes: 0,
        flags: 0,
    }
}

/// Ready now (Some), or inherited stdin that must be waited for (None).
fn fd_readiness(ctx: &WasiCtx, fd: u32, kind: u8) -> WasiResult<Option<Event>> {
    let desc = ctx.fd(fd)?;
    desc.require(crate::types::rights::POLL_FD_READWRITE)?;
    let ready = |nbytes, flags| {
        Ok(Some(Event {
            userdata: 0,
            error: Errno::Success,
            kind,
            nbytes,
            flags,
        }))
    };
    match (&desc.node, kind) {
        (Node::Stdin, EVENT_FD_READ) if ctx.stdio == Stdio::Null => ready(0, HANGUP),
        (Node::Stdin, EVENT_FD_READ) => {
            if stdin_readable(0)? {
                ready(0, 0)
            } else {
                Ok(None)
            }
        }
        (Node::File(file), EVENT_FD_READ) => {
            let size = file.metadata()?.len();
            let position = std::io::Seek::stream_position(&mut &*file)?;
            ready(size.saturating_sub(position), 0)
        }
        (Node::Stdout | Node::Stderr | Node::File(_), EVENT_FD_WRITE) => ready(0, 0),
        _ => Err(Errno::Badf),
    }
}

/// Whether kit's stdin becomes readable within `timeout_ms` (-1: forever).
fn stdin_readable(timeout_ms: i32) -> WasiResult<bool> {
    let mut fds = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd.
    let n = unsafe { libc::poll(&mut fds, 1, timeout_ms) };
    if n < 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    Ok(n > 0)
}

/// Blocks until the first clock deadline passes or stdin is readable.
fn wait(ctx: &WasiCtx, waits: &[Wait]) -> WasiResult<Vec<Event>> {
    let wants_stdin = waits.iter().any(|w| matches!(w, Wait::Stdin { .. }));
    loop {
        let mut fired = Vec::new();
        let mut nearest: Option<u64> = None;
        for w in waits {
            if let Wait::Clock {
                userdata,
                id,
                deadline,
            } = w
            {
                let now = clock::time_get(ctx, *id)?;
                if now >= *deadline {
                    fired.push(event(*userdata, Errno::Success, EVENT_CLOCK));
                } else {
                    let left = deadline - now;
                    nearest = Some(nearest.map_or(left, |n| n.min(left)));
                }
            }
        }
        if !fired.is_empty() {
            return Ok(fired);
        }
        if wants_stdin {
            let timeout =
                nearest.map_or(-1, |ns| ns.div_ceil(1_000_000).min(i32::MAX as u64) as i32);
            if stdin_readable(timeout)? {
                return Ok(waits
                    .iter()
                    .filter_map(|w| match w {
                        Wait::Stdin { userdata } => Some(Event {
                            userdata: *userdata,
                            error: Errno::Success,
                            kind: EVENT_FD_READ,
                            nbytes: 0,
                            flags: 0,
                        }),
                        Wait::Clock { .. } => None,
                    })
                    .collect());
            }
        } else if let Some(ns) = nearest {
            std::thread::sleep(std::time::Duration::from_nanos(ns));
        } else {
            return Ok(Vec::new());
        }
    }
}
