//! The host side of linking: memory for the image (mmap/mprotect) and
//! symbol lookup in the process and in libraries loaded for -lNAME.

use std::ffi::{CStr, CString};
use std::path::PathBuf;

pub const PAGE: usize = 4096;

pub enum Protection {
    Execute,
    Read,
}

/// A fresh read-write mapping of `size` bytes starting at a multiple of
/// `alignment` (a power of two, at least the page size).
pub fn map(size: usize, alignment: usize) -> std::io::Result<*mut u8> {
    let padded = size + alignment - PAGE;
    // SAFETY: an anonymous private mapping; the result is checked.
    let raw = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            padded,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if raw == libc::MAP_FAILED {
        return Err(std::io::Error::last_os_error());
    }
    let start = raw as usize;
    let base = start.next_multiple_of(alignment);
    // The padding before and after the aligned range goes back at once.
    unmap(start as *mut u8, base - start);
    unmap((base + size) as *mut u8, start + padded - (base + size));
    Ok(base as *mut u8)
}

/// Asks for transparent huge pages over `[base, base + size)` (the kernel
/// gives them only to whole aligned 2 MiB ranges, and may refuse).
pub fn advise_huge_pages(base: *mut u8, size: usize) {
    // SAFETY: advice only, on a range of the image's own mapping; a
    // refusal (THP disabled) changes nothing.
    unsafe { libc::madvise(base.cast(), size, libc::MADV_HUGEPAGE) };
}

pub fn protect(base: *mut u8, size: usize, protection: Protection) -> std::io::Result<()> {
    let prot = match protection {
        Protection::Execute => libc::PROT_READ | libc::PROT_EXEC,
        Protection::Read => libc::PROT_READ,
    };
    let size = size.div_ceil(PAGE) * PAGE;
    // SAFETY: the range lies inside a mapping the image owns.
    if unsafe { libc::mprotect(base.cast(), size, prot) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

pub fn unmap(base: *mut u8, size: usize) {
    if size == 0 {
        return;
    }
    // SAFETY: the image's own mapping, unmapped once when it drops.
    unsafe { libc::munmap(base.cast(), size) };
}

/// Libraries searched for undefined symbols, in order.
pub struct Libraries {
    handles: Vec<usize>,
    /// libm, opened at the first symbol nothing else defines: a tenth of
    /// a millisecond that a program using no <math.h> function skips.
    libm: std::sync::OnceLock<Option<usize>>,
}

impl Libraries {
    /// Loads libNAME.so for each -lNAME (looking in `dirs` first). glibc's
    /// own -lpthread, -ldl and -lrt need nothing; -lm is the last fallback
    /// of every lookup, -lm given or not, since C programs use <math.h>
    /// freely.
    pub fn load(names: &[String], dirs: &[PathBuf]) -> Result<Libraries, String> {
        let mut handles = Vec::new();
        for name in names {
            if matches!(name.as_str(), "pthread" | "dl" | "rt" | "m" | "c") {
                continue;
            }
            let file = format!("lib{name}.so");
            let candidates = dirs
                .iter()
                .map(|d| d.join(&file))
                .filter(|p| p.exists())
                .map(|p| p.display().to_string())
                .chain([file.clone()]);
            let mut loaded = None;
            let mut last_error = String::new();
            for candidate in candidates {
                match open(&candidate) {
                    Ok(handle) => {
                        loaded = Some(handle);
                        break;
                    }
                    Err(e) => last_error = e,
                }
            }
            match loaded {
                Some(handle) => handles.push(handle),
                None => return Err(format!("-l{name}: cannot load {file}: {last_error}")),
            }
        }
        Ok(Libraries {
            handles,
            libm: std::sync::OnceLock::new(),
        })
    }

    /// The address of `name`: -l libraries first, then the whole process.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        if let Some(address) = nonshared(name) {
            return Some(address);
        }
        let symbol = CString::new(name).ok()?;
        for &handle in &self.handles {
            // SAFETY: handle came from dlopen; symbol is NUL-terminated.
            let addr = unsafe { libc::dlsym(handle as *mut libc::c_void, symbol.as_ptr()) };
            if !addr.is_null() {
                return Some(addr as usize);
            }
        }
        // SAFETY: as above, with the process-wide handle.
        let addr = unsafe { libc::dlsym(libc::RTLD_DEFAULT, symbol.as_ptr()) };
        if !addr.is_null() {
            return Some(addr as usize);
        }
        let libm = (*self.libm.get_or_init(|| open("libm.so.6").ok()))?;
        // SAFETY: as above.
        let addr = unsafe { libc::dlsym(libm as *mut libc::c_void, symbol.as_ptr()) };
        (!addr.is_null()).then_some(addr as usize)
    }
}

extern "C" {
    fn __cxa_atexit(
        f: extern "C" fn(*mut libc::c_void),
        arg: *mut libc::c_void,
        dso: *mut libc::c_void,
    ) -> i32;
    fn __cxa_at_quick_exit(f: extern "C" fn(), dso: *mut libc::c_void) -> i32;
    fn __register_atfork(
        prepare: Option<extern "C" fn()>,
        parent: Option<extern "C" fn()>,
        child: Option<extern "C" fn()>,
        dso: *mut libc::c_void,
    ) -> i32;
}

/// `at_quick_exit` as libc_nonshared.a defines it.
extern "C" fn kit_at_quick_exit(f: extern "C" fn()) -> i32 {
    // SAFETY: registers a plain function with no DSO handle.
    unsafe { __cxa_at_quick_exit(f, std::ptr::null_mut()) }
}

/// `pthread_atfork` as libc_nonshared.a defines it.
extern "C" fn kit_pthread_atfork(
    prepare: Option<extern "C" fn()>,
    parent: Option<extern "C" fn()>,
    child: Option<extern "C" fn()>,
) -> i32 {
    // SAFETY: registers plain functions (or none) with no DSO handle.
    unsafe { __register_atfork(prepare, parent, child, std::ptr::null_mut()) }
}

/// `atexit` as glibc's libc_nonshared.a defines it (it is not exported by
/// libc.so, so dlsym cannot find it).
extern "C" fn kit_atexit(f: extern "C" fn()) -> i32 {
    // SAFETY: a function taking no argument tolerates being called with
    // one in the System V ABI; __cxa_atexit runs it at exit() like atexit.
    unsafe {
        __cxa_atexit(
            std::mem::transmute::<extern "C" fn(), extern "C" fn(*mut libc::c_void)>(f),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    }
}

/// Registers `f(arg)` to run at exit(), among the program's atexit
/// handlers (in reverse order of registration, as C requires).
///
/// # Safety
/// `arg` must stay valid for `f` until the process exits.
pub unsafe fn at_exit(f: extern "C" fn(*mut libc::c_void), arg: *mut libc::c_void) {
    // SAFETY: __cxa_atexit with no DSO handle: the handler runs at exit().
    unsafe { __cxa_atexit(f, arg, std::ptr::null_mut()) };
}

/// Functions gcc would link statically from libc_nonshared.a.
fn nonshared(name: &str) -> Option<usize> {
    match name {
        "atexit" => Some(kit_atexit as *const () as usize),
        "at_quick_exit" => Some(kit_at_quick_exit as *const () as usize),
        "pthread_atfork" => Some(kit_pthread_atfork as *const () as usize),
        // kit's runtime support for compiled C.
        "__kit_vla_alloc" => Some(crate::run::vla::kit_vla_alloc as *const () as usize),
        "__kit_vla_free" => Some(crate::run::vla::kit_vla_free as *const () as usize),
        "__kit_alloca" => Some(crate::run::vla::kit_alloca as *const () as usize),
        "__kit_tls_address" => Some(crate::run::tls::kit_tls_address as *const () as usize),
        "__kit_trampoline" => Some(crate::run::trampoline::kit_trampoline as *const () as usize),
        "__kit_cpu_supports" => Some(crate::run::cpu::kit_cpu_supports as *const () as usize),
        "__kit_cpu_is" => Some(crate::run::cpu::kit_cpu_is as *const () as usize),
        "__kit_static_chain" => {
            Some(crate::run::trampoline::kit_static_chain as *const () as usize)
        }
        "__kit_set_static_chain" => {
            Some(crate::run::trampoline::kit_set_static_chain as *const () as usize)
        }
        _ => None,
    }
}

fn open(path: &str) -> Result<usize, String> {
    let c = CString::new(path).map_err(|e| e.to_string())?;
    // SAFETY: dlopen with a NUL-terminated path.
    let handle = unsafe { libc::dlopen(c.as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) };
    if handle.is_null() {
        // SAFETY: dlerror returns a static message or NULL.
        let message = unsafe { libc::dlerror() };
        let text = if message.is_null() {
            "unknown error".to_owned()
        } else {
            unsafe { CStr::from_ptr(message) }
                .to_string_lossy()
                .into_owned()
        };
        return Err(text);
    }
    Ok(handle as usize)
}
