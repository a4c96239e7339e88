//! args_* and environ_*: a list of strings laid out as wasi-libc expects,
//! an array of pointers plus one buffer of NUL-terminated strings.

use crate::errno::WasiResult;
use crate::memory::Mem;

/// (count, buffer size including NULs).
pub(crate) fn sizes(strings: &[String]) -> (u32, u32) {
    let bytes: usize = strings.iter().map(|s| s.len() + 1).sum();
    (strings.len() as u32, bytes as u32)
}

pub(crate) fn write(
    mem: &mut Mem<'_>,
    strings: &[String],
    pointers: u32,
    buffer: u32,
) -> WasiResult<()> {
    let mut at = buffer;
    for (i, s) in strings.iter().enumerate() {
        mem.write_u32(pointers + 4 * i as u32, at)?;
        mem.write(at, s.as_bytes())?;
        mem.write_u8(at + s.len() as u32, 0)?;
        at += s.len() as u32 + 1;
    }
    Ok(())
}

pub(crate) fn environ(env: &[(String, String)]) -> Vec<String> {
    env.iter().map(|(k, v)| format!("{k}={v}")).collect()
}
