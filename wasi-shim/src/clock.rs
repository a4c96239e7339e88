//! Clocks, as granted: `none` refuses every clock (ENOTCAPABLE),
//! `monotonic` grants only the monotonic clock, `realtime` grants the
//! realtime clock too, with the process and thread CPU-time clocks.

use policy::wasi::Clock;

use crate::ctx::WasiCtx;
use crate::errno::{Errno, WasiResult};

pub(crate) const REALTIME: u32 = 0;
pub(crate) const MONOTONIC: u32 = 1;
const PROCESS_CPUTIME: u32 = 2;
const THREAD_CPUTIME: u32 = 3;

/// The host clock behind a WASI clock id, if the policy grants it.
fn host_clock(ctx: &WasiCtx, id: u32) -> WasiResult<libc::clockid_t> {
    let (host, needs) = match id {
        REALTIME => (libc::CLOCK_REALTIME, Clock::Realtime),
        MONOTONIC => (libc::CLOCK_MONOTONIC, Clock::Monotonic),
        PROCESS_CPUTIME => (libc::CLOCK_PROCESS_CPUTIME_ID, Clock::Realtime),
        THREAD_CPUTIME => (libc::CLOCK_THREAD_CPUTIME_ID, Clock::Realtime),
        _ => return Err(Errno::Inval),
    };
    let granted = match ctx.clock {
        Clock::None => false,
        Clock::Monotonic => needs == Clock::Monotonic,
        Clock::Realtime => true,
    };
    if granted {
        Ok(host)
    } else {
        Err(Errno::Notcapable)
    }
}

fn read(clock: libc::clockid_t, resolution: bool) -> WasiResult<u64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid out-pointer.
    let rc = unsafe {
        if resolution {
            libc::clock_getres(clock, &mut ts)
        } else {
            libc::clock_gettime(clock, &mut ts)
        }
    };
    if rc != 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    Ok((ts.tv_sec as u64).saturating_mul(1_000_000_000) + ts.tv_nsec as u64)
}

pub(crate) fn time_get(ctx: &WasiCtx, id: u32) -> WasiResult<u64> {
    read(host_clock(ctx, id)?, false)
}

pub(crate) fn res_get(ctx: &WasiCtx, id: u32) -> WasiResult<u64> {
    read(host_clock(ctx, id)?, true)
}
